/* fig_view.h — the four figures of tfscope, each a function from (view state, trace, size) to a
 * draw list: the matrix heatmap of any traced tensor, attention lines in the style of the paper's
 * Figure 3, the all-heads grid (layers × heads) and the architecture diagram of Figure 1.
 * The window and `tfscope export` share them, so an exported figure is the figure on screen.
 * Views do not include SDL: text is measured through fig_Measure, and what they draw is plain data
 * (fig_draw.h), with hit regions the window can query (cells, tokens, heads, steps).
 *
 * Usage:
 *     fig_View s;
 *     fig_view_state_default(&s);
 *     s.kind = FIG_VIEW_LINES; s.attn = FIG_ATTN_ENC; s.layer = 4; s.token = 13;
 *     fig_List l; fig_draw_init(&l);
 *     fig_view_build(&s, &trace, &measure, 1600, 900, &l);
 *
 * For the window: rebuild the list when the state changes (0.4-1.6 ms at 1600×900, 27 tokens);
 * fig_draw_hit_test(&l, mx, my, &hit) names what is under the mouse: a matrix cell (head, row,
 * col and the tensor in hit.step), a token label (side 0 = query, 1 = key; index), a head chip
 * (head), an architecture box or layer tab or grid thumbnail (hit.step = the trace step to jump to, layer,
 * head). Feed it back through the state: token (selection), heads (bit mask; toggle and solo),
 * hover_* (outline of the hovered cell), zoom/pan (matrix, one panel: pan is the cell at the
 * top-left corner, clamped by the view so that the matrix stays in sight; the CELLS hit region
 * reports the first visible row and column), step (arch highlight).
 */
#ifndef TF_FIG_VIEW_H
#define TF_FIG_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "fig_draw.h"
#include "lens.h"
#include "trace.h"

typedef enum {
    FIG_VIEW_MATRIX,
    FIG_VIEW_LINES,
    FIG_VIEW_GRID,
    FIG_VIEW_ARCH,
    FIG_VIEW_DIFF,   /* A − B of one tensor of two traces (other = B) */
    FIG_VIEW_LENS,   /* the logit lens (lens) */
    FIG_VIEW_BEAM,   /* the beam search the trace keeps, as a tree */
    FIG_VIEW_COUNT
} fig_ViewKind;
typedef enum { FIG_ATTN_ENC, FIG_ATTN_DEC, FIG_ATTN_CROSS, FIG_ATTN_COUNT } fig_Attn;
typedef enum { FIG_HORIZONTAL, FIG_VERTICAL, FIG_ORIENT_COUNT } fig_Orient;

#define FIG_MAX_HEADS 64

typedef enum { FIG_LANG_EN, FIG_LANG_KO, FIG_LANG_COUNT } fig_Lang;

typedef struct {
    fig_ViewKind kind;
    /* matrix: the trace node shown */
    char tensor[TF_NAME_MAX];
    /* matrix of a 3-D tensor: the head shown, -1 = all heads side by side */
    int head;
    /* lines and grid: which attention and, for lines, which layer */
    fig_Attn attn;
    int layer;
    uint64_t heads;       /* lines and grid: heads shown, bit h (heads >= 64 always shown) */
    int token;            /* the selected query position, -1 = none (lines: all queries) */
    fig_Orient orient;     /* lines */
    bool grid_heatmap;    /* grid: heatmap thumbnails instead of line thumbnails */
    /* arch: the step highlighted (a trace node name, or a group of them: "enc.1"), "" = none;
     * for a group, step_site says where it sits (its layer is the one drawn open) */
    char step[TF_NAME_MAX];
    tf_Site step_site;
    /* matrix: zoom >= 1 of a single panel; pan = the grid cell at the top-left corner */
    float zoom;
    vec2 pan;
    /* window feedback: the cell under the mouse, -1 = none */
    int hover_head, hover_row, hover_col;
    float scale;          /* UI scale: type sizes, strokes and margins (HiDPI, --scale) */
    bool show_title;
    const char *const *tgt_vocab;  /* optional: column labels of logits/probs (Vt strings) */
    int n_tgt_vocab;
    /* diff: trace B; the view draws tensor of the trace (A) minus B's tensor at the same site */
    const tf_Trace *other;
    /* lens: the logit lens of the trace (core's tf_lens_compute); token names from tgt_vocab */
    const tf_Lens *lens;
    fig_Lang lang;        /* the words drawn: titles, axes, legends, the tensors' notes */
} fig_View;

/* en in the view's language (fig_words.c); en itself when it has no translation. */
const char *fig_word(const fig_View *s, const char *en);
/* A tensor's note (from the forward pass or a trace file) in the view's language. */
void fig_word_note(const fig_View *s, const char *note, char *out, size_t cap);

void fig_view_state_default(fig_View *s);

/* Builds the view s->kind into out (cleared first). Never fails: what cannot be shown (a tensor
 * missing from the trace, a layer out of range) is drawn as a message. */
void fig_view_build(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
              fig_List *out);

/* The side of the smaller dimension of a cell that the matrix view of s would draw in w × h
 * (0: no such tensor): whether a place is roomy enough for it. */
float fig_matrix_cell_size(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w,
                           float h);
void fig_matrix_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                 fig_List *out);
void fig_lines_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                fig_List *out);
void fig_grid_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
               fig_List *out);
void fig_arch_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
               fig_List *out);
/* A − B of s->tensor (tr = A, s->other = B) as a heatmap on a diverging colour map with a
 * symmetric scale; the hit regions are the matrix view's (cells of A's tensor). Decoder inputs of
 * other lengths (same source) are drawn over the positions both have; traces without the tensor,
 * or of shapes that do not align, get a message saying so. */
void fig_diff_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *out);
/* The logit lens s->lens as a table: a row per point of the decoder's residual stream (input
 * first, the model's output last), a column per decoder position; each cell the top token there
 * (bold when it is the final output), coloured by the final token's probability. The hit region is
 * CELLS with row = lens point, col = position, step "lens". */
void fig_lens_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *out);
/* The trace's beam search (tr->beam) as a tree: a column per output step, the candidates of a
 * step best first, lines to the hypotheses they extend; kept, finished and pruned told apart and
 * the chosen path highlighted (greedy: K = 1). Each candidate's box is a TOKEN hit with side
 * FIG_SIDE_BEAM and index = its entry in tr->beam.c. */
#define FIG_SIDE_BEAM 2
void fig_beam_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *out);
/* The node of B at the site of A's node `a` (by name for names tfscope does not know); NULL if
 * none. */
const tf_Node *fig_diff_partner(const tf_Trace *b, const tf_Node *a);
bool fig_diff_same_shape(const tf_Node *a, const tf_Node *b);
/* Whether A's node a and B's node b can be drawn as A − B: 0 when their shapes agree, the decoder
 * positions both have when they are aligned (runs of one source, decoder inputs of other
 * lengths: core's tf_trace_diff_positions), -1 when they cannot. */
int fig_diff_positions(const tf_Trace *ta, const tf_Trace *tb, const tf_Node *a, const tf_Node *b);
/* A − B of two nodes over the box both shapes hold, as a node: a's name and site, that shape,
 * note "max |A − B| = … at …", data = the returned values (the caller frees them). */
float *fig_diff_node(const tf_Node *a, const tf_Node *b, tf_Node *out);

/* --- what the views show, for the window and export to share --- */

const char *fig_view_kind_name(fig_ViewKind k);  /* "matrix", …, "diff", "lens", "beam" */
const char *fig_view_attn_name(fig_Attn a);           /* "enc", "dec", "cross" */
const char *fig_view_attn_title(fig_Attn a);          /* "Encoder self-attention", ... */
/* The weights tensor of an attention kind and layer: "enc.2.self_attn.weights". */
void fig_view_attn_tensor(fig_Attn a, int layer, char *out, size_t cap);
int fig_view_attn_layers(const tf_Config *cfg, fig_Attn a);
/* The attention of a scores or weights tensor, from its site (a node's, or tf_site_parse of a
 * name someone typed); false for any other tensor. */
bool fig_view_attn_of(tf_Site site, fig_Attn *a, int *layer);
/* The core's name for an attention kind, and back (TF_ATTN_NONE: FIG_ATTN_COUNT). */
tf_AttnKind fig_view_attn_kind(fig_Attn a);
fig_Attn fig_view_attn_from(tf_AttnKind k);
/* The pan a zoomed matrix can show: each coordinate clamped to [0, n - n/zoom], so that the
 * matrix stays in sight. The view clamps with it when drawing, the window when dragging. */
void fig_view_clamp_pan(float zoom, int cols, int rows, vec2 pan);
bool fig_view_head_shown(const fig_View *s, int h);
/* The shown heads among H, as indices (at most FIG_MAX_HEADS); returns their count. */
int fig_view_heads(const fig_View *s, int H, int *out);

/* The meaning of a matrix's rows or columns. */
typedef enum {
    FIG_AX_SRC,    /* source tokens */
    FIG_AX_TGT,    /* target tokens (decoder input) */
    FIG_AX_VOCAB,  /* target vocabulary entries */
    FIG_AX_INDEX,  /* plain index (model dimension, hidden unit, ...) */
    FIG_AX_COUNT
} fig_AxisKind;

typedef struct {
    fig_AxisKind kind;
    int n;
    const char *title;   /* "query (source token)", "model dimension", ... */
    bool predicts;       /* TGT rows: a position is labelled by what it reads and what it
                            predicts, "3 더 → 어렵" (keys only by what they read) */
} fig_Axis;

/* The token the model predicts at decoder position t (the most probable of its output row), as
 * the target vocabulary spells it; NULL without a vocabulary or an output in the trace. In a
 * trace run on its own greedy output it is the next decoder input; with a gold (or beam) input
 * it may differ from it. */
const char *fig_view_predicted(const tf_Trace *tr, const fig_View *s, int t);
/* "더 → 어렵": what position t reads and what it predicts (just "더" when the prediction is
 * unknown); with_index: "23 더 → 어렵". */
void fig_view_tgt_label(const tf_Trace *tr, const fig_View *s, int t, bool with_index, char *out,
                        size_t cap);

/* The shown matrix of a node: panels (heads, or 1) of rows × cols, and what its axes mean. */
typedef struct {
    const tf_Node *node;
    int panels, rows, cols;
    fig_Axis row_axis, col_axis;
    bool attention;       /* scores or weights: rows are queries, columns keys */
    tf_Mask mask;
} fig_Matrix;

/* False when the node cannot be shown as a matrix (ndim 0). */
bool fig_view_matrix_of(const tf_Trace *tr, const tf_Node *n, const fig_View *s, fig_Matrix *out);
bool fig_view_cell_masked(const fig_Matrix *mx, int row, int col);
/* A target vocabulary entry by id (s->tgt_vocab), or "#id" in buf when there is no vocabulary. */
const char *fig_view_vocab(const fig_View *s, int id, char *buf, size_t cap);
/* "3 the", "23 더 → 어렵" (rows that predict), "17" or a vocabulary entry. */
void fig_view_axis_label(const fig_Axis *a, const tf_Trace *tr, const fig_View *s, int i, char *out,
                   size_t cap);

#endif

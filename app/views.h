/* views.h — the four figures of tfscope, each a function from (view state, trace, size) to a draw
 * list: the matrix heatmap of any traced tensor, attention lines in the style of the paper's
 * Figure 3, the all-heads grid (layers × heads) and the architecture diagram of Figure 1.
 * The window and `tfscope export` share them, so an exported figure is the figure on screen.
 * Views do not include SDL: text is measured through tx_Measure, and what they draw is plain data
 * (draw.h), with hit regions the window can query (cells, tokens, heads, steps).
 *
 * Usage:
 *     vw_State s;
 *     vw_state_default(&s);
 *     s.kind = VW_LINES; s.attn = VW_ATTN_ENC; s.layer = 4; s.token = 13;
 *     dr_List l; dr_init(&l);
 *     vw_build(&s, &trace, &measure, 1600, 900, &l);
 *
 * For the window: rebuild the list when the state changes (0.4-1.6 ms at 1600×900, 27 tokens);
 * dr_hit_test(&l, mx, my, &hit) names what is under the mouse: a matrix cell (head, row, col and
 * the tensor in hit.step), a token label (side 0 = query, 1 = key; index), a head chip (head), an
 * architecture box or layer tab or grid thumbnail (hit.step = the trace step to jump to, layer,
 * head). Feed it back through the state: token (selection), heads (bit mask; toggle and solo),
 * hover_* (outline of the hovered cell), zoom/pan (matrix, one panel: pan is the cell at the
 * top-left corner, clamped by the view so that the matrix stays in sight; the CELLS hit region
 * reports the first visible row and column), step (arch highlight).
 */
#ifndef TF_VIEWS_H
#define TF_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "text.h"
#include "trace.h"

typedef enum { VW_MATRIX, VW_LINES, VW_GRID, VW_ARCH, VW_KIND_COUNT } vw_Kind;
typedef enum { VW_ATTN_ENC, VW_ATTN_DEC, VW_ATTN_CROSS, VW_ATTN_COUNT } vw_Attn;
typedef enum { VW_HORIZONTAL, VW_VERTICAL, VW_ORIENT_COUNT } vw_Orient;

#define VW_MAX_HEADS 64

typedef struct {
    vw_Kind kind;
    /* matrix: the trace node shown */
    char tensor[TF_NAME_MAX];
    /* matrix of a 3-D tensor: the head shown, -1 = all heads side by side */
    int head;
    /* lines and grid: which attention and, for lines, which layer */
    vw_Attn attn;
    int layer;
    uint64_t heads;       /* lines and grid: heads shown, bit h (heads >= 64 always shown) */
    int token;            /* the selected query position, -1 = none (lines: all queries) */
    vw_Orient orient;     /* lines */
    bool grid_heatmap;    /* grid: heatmap thumbnails instead of line thumbnails */
    /* arch: the step highlighted (a trace node name), "" = none */
    char step[TF_NAME_MAX];
    /* matrix: zoom >= 1 of a single panel; pan = the grid cell at the top-left corner */
    float zoom;
    vec2 pan;
    /* window feedback: the cell under the mouse, -1 = none */
    int hover_head, hover_row, hover_col;
    float scale;          /* UI scale: type sizes, strokes and margins (HiDPI, --scale) */
    bool show_title;
    const char *const *tgt_vocab;  /* optional: column labels of logits/probs (Vt strings) */
    int n_tgt_vocab;
} vw_State;

void vw_state_default(vw_State *s);

/* Builds the view s->kind into out (cleared first). Never fails: what cannot be shown (a tensor
 * missing from the trace, a layer out of range) is drawn as a message. */
void vw_build(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
              dr_List *out);

void view_matrix(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
                 dr_List *out);
void view_lines(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
                dr_List *out);
void view_grid(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
               dr_List *out);
void view_arch(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
               dr_List *out);

/* --- what the views show, for the window and export to share --- */

const char *vw_kind_name(vw_Kind k);           /* "matrix", "lines", "grid", "arch" */
const char *vw_attn_name(vw_Attn a);           /* "enc", "dec", "cross" */
const char *vw_attn_title(vw_Attn a);          /* "Encoder self-attention", ... */
/* The weights tensor of an attention kind and layer: "enc.2.self_attn.weights". */
void vw_attn_tensor(vw_Attn a, int layer, char *out, size_t cap);
int vw_attn_layers(const tf_Config *cfg, vw_Attn a);
/* Recognises "enc|dec.L.self_attn|cross_attn.scores|weights"; false for anything else. */
bool vw_parse_attn(const char *tensor, vw_Attn *a, int *layer);
bool vw_head_shown(const vw_State *s, int h);
/* The shown heads among H, as indices (at most VW_MAX_HEADS); returns their count. */
int vw_heads(const vw_State *s, int H, int *out);

/* The meaning of a matrix's rows or columns. */
typedef enum {
    VW_AX_SRC,    /* source tokens */
    VW_AX_TGT,    /* target tokens (decoder input) */
    VW_AX_VOCAB,  /* target vocabulary entries */
    VW_AX_INDEX,  /* plain index (model dimension, hidden unit, ...) */
    VW_AX_COUNT
} vw_AxisKind;

typedef struct {
    vw_AxisKind kind;
    int n;
    const char *title;   /* "query (source token)", "model dimension", ... */
} vw_Axis;

/* The shown matrix of a node: panels (heads, or 1) of rows × cols, and what its axes mean. */
typedef struct {
    const tf_Node *node;
    int panels, rows, cols;
    vw_Axis row_axis, col_axis;
    bool attention;       /* scores or weights: rows are queries, columns keys */
    tf_Mask mask;
} vw_Matrix;

/* False when the node cannot be shown as a matrix (ndim 0). */
bool vw_matrix_of(const tf_Trace *tr, const tf_Node *n, const vw_State *s, vw_Matrix *out);
bool vw_cell_masked(const vw_Matrix *mx, int row, int col);
/* "3 the", "17" or a vocabulary entry. */
void vw_axis_label(const vw_Axis *a, const tf_Trace *tr, const vw_State *s, int i, char *out,
                   size_t cap);

#endif

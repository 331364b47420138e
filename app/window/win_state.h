/* win_state.h — the window's state as plain data, and every change a user (or a lesson) can make
 * to it: which recorded step is on screen, which decoder position, which tokens and heads are
 * selected, the view mode, zoom and pan, the sentence being typed and its unknown words, playback,
 * training snapshots, language, overlays and the messages shown on screen.
 * Not SDL and not layout: win_sdl.c translates SDL events into calls of win_input.h, which acts on
 * this state through the functions below; win_layout.c draws the state. Tests and lessons call
 * these functions directly.
 *
 * Usage:
 *     win_State st;
 *     win_init(&st, WIN_LANG_EN);
 *     win_attach_model(&st, &model, "model.safetensors", sha);   // or win_attach_trace
 *     win_set_sentence(&st, "it is in this spirit ...");           // runs the model
 *     win_goto_tensor(&st, "enc.1.self_attn.weights");
 *     win_select_token(&st, WIN_SIDE_SRC, 17);                      // "making"
 *     win_set_mode(&st, WIN_MODE_LINES);
 *     ...
 *     win_free(&st);
 *
 * Stepping follows the forward pass in execution order. The decoder is walked as decoding runs:
 * with an output position t chosen (out_pos >= 0), the step after the last decoder step of
 * position t is the first decoder step of position t + 1, so the Korean output grows token by
 * token as the decoder steps advance. out_pos = -1 shows every position at once.
 */
#ifndef TF_WIN_STATE_H
#define TF_WIN_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fig_kit.h"
#include "fig_view.h"
#include "forward.h"
#include "lens.h"
#include "win_save.h"

typedef enum { WIN_LANG_EN, WIN_LANG_KO, WIN_LANG_COUNT } win_Lang;

/* What the main area shows. STEP: the current tensor next to the tensors it was computed from
 * (scores beside weights; a residual add as both terms and the sum). */
typedef enum {
    WIN_MODE_STEP,
    WIN_MODE_MATRIX,
    WIN_MODE_LINES,
    WIN_MODE_GRID,
    WIN_MODE_DIFF,           /* the current tensor, A − B against a second run (win_whatif.h) */
    WIN_MODE_LENS,           /* the logit lens of the decoder (win_views.h) */
    WIN_MODE_BEAM,           /* the search that decoded the output, as a tree */
    WIN_MODE_COUNT
} win_Mode;

typedef enum { WIN_SIDE_SRC, WIN_SIDE_TGT, WIN_SIDE_COUNT } win_Side;

typedef enum { WIN_MSG_INFO, WIN_MSG_ERROR, WIN_MSG_COUNT } win_MsgKind;

#define WIN_INPUT_MAX 8192       /* bytes of the sentence field */
#define WIN_UNKNOWN_MAX 64       /* unknown words marked in the field */
#define WIN_SUGGEST_MAX 3        /* closest vocabulary words offered per unknown word */
#define WIN_HIGHLIGHT_MAX 32     /* cells a lesson can outline */
#define WIN_SPEEDS 7
#define WIN_UNDO_MAX 64          /* edits of the sentence field that Ctrl+Z can take back */

/* An unknown word of the sentence field: bytes [start, start+len) and its closest words. */
typedef struct {
    int start, len;
    char suggest[WIN_SUGGEST_MAX][48];
    int n_suggest;
} win_Unknown;

/* The field's undo and redo: texts and cursors before (undo) and after (redo) each edit,
 * malloc'd, oldest first. Typing a word is one edit. */
typedef struct {
    char *text[WIN_UNDO_MAX];
    int cursor[WIN_UNDO_MAX];
    int n;
} win_FieldStack;

typedef struct {
    win_FieldStack undo, redo;
    bool typing;             /* the last edit was typed text: more typing joins it */
} win_FieldHistory;

/* A cell outlined on request (lessons): tensor, head (-1 for 2-D), row, col. */
typedef struct {
    char tensor[TF_NAME_MAX];
    int head, row, col;
} win_Highlight;

/* The last thing the user picked with the mouse, for lessons' quizzes to read. serial grows by
 * one per pick. */
typedef enum { WIN_PICK_NONE, WIN_PICK_TOKEN, WIN_PICK_CELL, WIN_PICK_HEAD, WIN_PICK_STEP,
               WIN_PICK_COUNT } win_PickKind;

typedef struct {
    win_PickKind kind;
    win_Side side;            /* TOKEN */
    int index;               /* TOKEN: position */
    char tensor[TF_NAME_MAX];/* CELL, STEP */
    int head, row, col;      /* CELL; HEAD: head */
    unsigned serial;
} win_Pick;

/* A side panel that another module draws (the lesson panel): the layout reserves `width` layout
 * points at the right of the window and lets it draw there; input offers it keys (before the
 * window's own, unless the sentence field has the focus) and the clicks inside its rectangle.
 * Coordinates are output pixels; scale is output pixels per layout point. Handlers return true
 * when they used the event (and bump st->version themselves). */
struct win_State;
#define WIN_REFS_MAX 32
#define WIN_REF_LEN 64
typedef struct {
    void *ctx;
    float width;
    void (*draw)(void *ctx, const struct win_State *st, fig_List *l, fig_Rect r, float scale,
                 fig_Measure m);
    bool (*key)(void *ctx, struct win_State *st, int key, int ch, unsigned mods);
    bool (*click)(void *ctx, struct win_State *st, float x, float y);
    /* The wheel over the panel (dy > 0: up). May be NULL. */
    bool (*wheel)(void *ctx, struct win_State *st, float dy);
    /* What the panel's text names that the window shows (tensors, tokens, heads as the views
     * label them), at most max into out; the layout report checks that none of it is drawn
     * shortened. May be NULL. Returns how many. */
    int (*refs)(void *ctx, const struct win_State *st, char (*out)[WIN_REF_LEN], int max);
} win_SideHooks;

typedef struct win_State {
    /* --- what is shown ------------------------------------------------------------------- */
    tf_Trace main;           /* the model's run of the sentence, or the --trace file */
    bool have_main;
    tf_Trace snap;           /* the training snapshot on screen (snap_index >= 0) */
    int snap_loaded;         /* index of the snapshot held in snap, -1 = none */
    const tf_Model *model;   /* not owned; NULL when a trace file was opened */
    char model_name[256];
    char model_sha[65];
    unsigned generation;     /* grows whenever the trace on screen changes */

    /* --- navigation ---------------------------------------------------------------------- */
    int node;                /* index of the current step in the trace */
    int out_pos;             /* decoder position the decoder views show; -1 = all */
    int sel_src;             /* selected source token, -1 = none */
    win_Mode mode;
    uint64_t heads;          /* heads shown, bit h */
    float zoom;              /* matrix zoom >= 1 */
    vec2 pan;                /* the cell at the top-left corner when zoomed */
    fig_Orient orient;        /* lines view */
    bool grid_heatmap;       /* grid view style */

    /* --- the sentence field -------------------------------------------------------------- */
    char input[WIN_INPUT_MAX];
    int cursor;              /* byte offset, on a character boundary */
    int sel_anchor;          /* the selection's other end (byte offset); -1 = no selection */
    win_FieldHistory hist;   /* undo / redo */
    bool editing;            /* keys go to the field */
    win_Unknown unknown[WIN_UNKNOWN_MAX];
    int n_unknown;
    bool beam;               /* beam search (K = beam_k) instead of greedy */
    int beam_k;
    tf_Interv interv;        /* what every run of the model changes (interv.h); decoding keeps
                                the mask, the traced pass follows no_mask too */
    double last_run_ms;      /* decode + trace time of the last run */
    tf_Trace plain;          /* with interventions in force: the unchanged model's run of the
                                same sentence, what the output strip compares with (win_whatif.h) */
    bool have_plain;
    bool plain_beam;         /* plain was decoded by beam search */
    tf_Trace ref;            /* the unchanged model teacher-forced on main's decoder input, when
                                that is not plain's: B of the difference view */
    bool have_ref;
    bool ref_refused;        /* ref would not fit the window's budget (win_budget.h) this run */
    tf_Trace pinned;         /* a run kept to compare with (K): B of the difference view */
    bool have_pinned;
    tf_Lens lens;            /* the logit lens of the trace on screen (win_views.h) */
    bool have_lens;
    unsigned lens_generation;/* the generation it was computed for */
    char lens_err[600];      /* why there is none, when it was asked for */

    /* --- playback ------------------------------------------------------------------------ */
    bool playing;
    int speed;               /* index into win_speed() */
    double play_acc_ms;

    /* --- training snapshots -------------------------------------------------------------- */
    char **snap_paths;       /* sorted */
    long long *snap_step;    /* the training step of each (its metadata, else its name); -1 */
    double *snap_loss;       /* the training loss recorded with it; NAN when none */
    int n_snaps;
    int snap_index;          /* -1 = the main trace */

    /* --- overlays and messages ----------------------------------------------------------- */
    bool help;
    bool hint;               /* the first-start hint */
    win_Lang lang;
    char msg[1024];
    win_MsgKind msg_kind;
    double msg_until;        /* clock (ms) at which the message goes */
    double now_ms;           /* the clock, advanced by win_tick */

    /* --- lessons --------------------------------------------------------------------------- */
    win_Highlight highlight[WIN_HIGHLIGHT_MAX];
    int n_highlight;
    win_Pick pick;
    const win_SideHooks *side;    /* NULL = no side panel; not owned */
    bool side_folded;             /* the side panel folded to a tab (F3) */

    /* --- hover (set by win_mouse.c from the last frame's hit regions) ---------------------- */
    char hover[512];
    int hover_panel, hover_head, hover_row, hover_col;
    /* the full text of a shortened text under the mouse ("" none), drawn near where it was
     * first pointed at */
    char tooltip[512];
    float tip_x, tip_y;

    float ui_zoom;           /* user's text size factor (Ctrl+= / Ctrl+-) */
    bool projector;          /* larger type and stronger contrast (F4, --projector) */
    fig_HeadColors head_colors;  /* the heads' colours (F5, --palette) */
    win_Save save;           /* the export dialog and the export keys' last choices */
    unsigned version;        /* grows on every change that needs a redraw */
} win_State;

void win_init(win_State *st, win_Lang lang);
void win_free(win_State *st);

/* The trace on screen (the snapshot when one is chosen); NULL before anything is loaded. */
const tf_Trace *win_trace(const win_State *st);

/* Sources. attach_model keeps a pointer (the caller owns the model); attach_trace takes the trace
 * (the caller must not free it). */
void win_attach_model(win_State *st, const tf_Model *m, const char *name, const char *sha256);
void win_attach_trace(win_State *st, tf_Trace *tr, const char *name);

/* Sets the field and runs the model on it (greedy or beam), keeping the current step, decoder
 * position and selection where they still exist. False when the sentence cannot be run (empty,
 * unknown words, too long, no model): the message says why, unknown words are marked, and the
 * previous trace stays. */
bool win_set_sentence(win_State *st, const char *text);
bool win_run(win_State *st);            /* runs the field as it is */
void win_set_beam(win_State *st, bool beam);

/* --- navigation (the lesson API) ---------------------------------------------------------- */
int win_n_nodes(const win_State *st);
const tf_Node *win_node(const win_State *st);
void win_goto_node(win_State *st, int index);
bool win_goto_tensor(win_State *st, const char *name);   /* false when the trace has none */
void win_step(win_State *st, int dir);                    /* ±1 step */
void win_step_sublayer(win_State *st, int dir);
void win_step_layer(win_State *st, int dir);
void win_home(win_State *st);
void win_end(win_State *st);
void win_set_out_pos(win_State *st, int pos);            /* -1 = all; clamped */
void win_select_token(win_State *st, win_Side side, int index);  /* -1 = none */
/* Moves the selection on the side the current step works on (↑/↓). */
void win_move_token(win_State *st, int dir);
void win_set_mode(win_State *st, win_Mode mode);
void win_toggle_head(win_State *st, int h);
void win_solo_head(win_State *st, int h);                /* again on a solo head: all heads */
void win_set_heads(win_State *st, uint64_t mask);
void win_zoom_at(win_State *st, float factor, float cell_x, float cell_y);
void win_pan_by(win_State *st, float cells_x, float cells_y);
void win_reset_zoom(win_State *st);
void win_set_lang(win_State *st, win_Lang lang);
/* Projector mode: the interface 1.25 times larger, the palette of stronger contrast. */
void win_set_projector(win_State *st, bool on);
void win_set_head_colors(win_State *st, fig_HeadColors c);
void win_highlight_clear(win_State *st);
bool win_highlight_cell(win_State *st, const char *tensor, int head, int row, int col);

/* --- playback ------------------------------------------------------------------------------ */
void win_play(win_State *st, bool on);
void win_speed_by(win_State *st, int dir);
double win_speed(const win_State *st);                   /* steps per second */
/* Advances the clock by dt milliseconds: playback steps, messages expire. */
void win_tick(win_State *st, double dt_ms);

/* --- training snapshots -------------------------------------------------------------------- */
/* Lists DIR's *.safetensors files in name order. A snapshot is a trace, or a model that the
 * current sentence is run through. False (with a message) when the folder has none. */
bool win_open_snapshots(win_State *st, const char *dir);
void win_goto_snapshot(win_State *st, int index);        /* -1 = back to the main trace */
/* Where snapshot i sits on the scrubber, 0..1: by the logarithm of its step when every step is
 * known (even spacing otherwise) over 0..0.88; the model as loaded (i = -1) at 1, after them. */
float win_snapshot_pos(const win_State *st, int i);
/* [ and ]: the snapshot before and after the one on screen, the model as loaded last. */
void win_snapshot_step(win_State *st, int dir);

/* --- the sentence field --------------------------------------------------------------------- */
/* Inserting replaces the selection; backspace and delete remove it when there is one. Moves
 * with extend keep the selection's anchor (Shift), without it they drop the selection. Every
 * change of the text can be undone (win_field_undo) and redone; typing a word is one change. */
void win_field_insert(win_State *st, const char *utf8);
void win_field_backspace(win_State *st, bool word);
void win_field_delete(win_State *st);
void win_field_move(win_State *st, int dir, bool word, bool extend);
void win_field_home(win_State *st, bool extend);
void win_field_end(win_State *st, bool extend);
void win_field_set(win_State *st, const char *text);     /* no run; undoable */
void win_field_clear(win_State *st);
void win_field_select_all(win_State *st);
/* Selects the word around byte offset at (a double click). */
void win_field_select_word(win_State *st, int at);
/* Puts the cursor at byte offset at; extend keeps the anchor (a drag, a Shift+click). */
void win_field_place(win_State *st, int at, bool extend);
/* The selected bytes [*a, *b); false when nothing is selected. */
bool win_field_selection(const win_State *st, int *a, int *b);
/* The selected text, malloc'd; NULL when nothing is selected. */
char *win_field_selected_text(const win_State *st);
bool win_field_delete_selection(win_State *st);
bool win_field_undo(win_State *st);                      /* false: nothing to undo */
bool win_field_redo(win_State *st);
void win_field_history_free(win_State *st);
/* Replaces unknown word k with its i-th suggestion. */
void win_accept_suggestion(win_State *st, int k, int i);
/* Re-checks the field's words against the vocabulary (marks unknown ones). */
void win_check_words(win_State *st);

void win_message(win_State *st, win_MsgKind kind, double seconds, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* --- questions about the trace, shared by layout, input and tests --------------------------- */
/* The group ("src", "enc.0", "tgt", "dec.1", "out", "enc.norm", ...) of a node and its sub-layer
 * ("enc.0.2"), from the node's site. */
void win_group_of(const tf_Node *n, char *out, size_t cap);
void win_sublayer_of(const tf_Node *n, char *out, size_t cap);
/* Index of the first decoder-side node (tgt.*, dec.*, logits, probs); n_nodes when none. */
int win_decoder_start(const tf_Trace *tr);
/* The attention (kind, layer) a node belongs to, or the last one before it; false when none. */
bool win_attention_of(const tf_Trace *tr, int node, fig_Attn *a, int *layer);
/* The first shown head (step view), 0 when none. */
int win_first_head(const win_State *st);
/* Whether position pos of the output is visible at the current step (the strip's reveal). */
bool win_output_revealed(const win_State *st, int pos);

#endif

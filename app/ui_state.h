/* ui_state.h — the window's state as plain data, and every change a user (or a lesson) can make
 * to it: which recorded step is on screen, which decoder position, which tokens and heads are
 * selected, the view mode, zoom and pan, the sentence being typed and its unknown words, playback,
 * training snapshots, language, overlays and the messages shown on screen.
 * Not SDL and not layout: window.c translates SDL events into calls of ui_input.c, which acts on
 * this state through the functions below; ui_layout.c draws the state. Tests and lessons call
 * these functions directly.
 *
 * Usage:
 *     ui_State st;
 *     ui_init(&st, UI_LANG_EN);
 *     ui_attach_model(&st, &model, "model.safetensors", sha);   // or ui_attach_trace
 *     ui_set_sentence(&st, "it is in this spirit ...");           // runs the model
 *     ui_goto_tensor(&st, "enc.1.self_attn.weights");
 *     ui_select_token(&st, UI_SIDE_SRC, 17);                      // "making"
 *     ui_set_mode(&st, UI_MODE_LINES);
 *     ...
 *     ui_free(&st);
 *
 * Stepping follows the forward pass in execution order. The decoder is walked as decoding runs:
 * with an output position t chosen (out_pos >= 0), the step after the last decoder step of
 * position t is the first decoder step of position t + 1, so the Korean output grows token by
 * token as the decoder steps advance. out_pos = -1 shows every position at once.
 */
#ifndef TF_UI_STATE_H
#define TF_UI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forward.h"
#include "views.h"

typedef enum { UI_LANG_EN, UI_LANG_KO, UI_LANG_COUNT } ui_Lang;

/* What the main area shows. STEP: the current tensor next to the tensors it was computed from
 * (scores beside weights; a residual add as both terms and the sum). */
typedef enum { UI_MODE_STEP, UI_MODE_MATRIX, UI_MODE_LINES, UI_MODE_GRID, UI_MODE_COUNT } ui_Mode;

typedef enum { UI_SIDE_SRC, UI_SIDE_TGT, UI_SIDE_COUNT } ui_Side;

typedef enum { UI_MSG_INFO, UI_MSG_ERROR, UI_MSG_COUNT } ui_MsgKind;

#define UI_INPUT_MAX 8192       /* bytes of the sentence field */
#define UI_UNKNOWN_MAX 64       /* unknown words marked in the field */
#define UI_SUGGEST_MAX 3        /* closest vocabulary words offered per unknown word */
#define UI_HIGHLIGHT_MAX 32     /* cells a lesson can outline */
#define UI_SPEEDS 7

/* An unknown word of the sentence field: bytes [start, start+len) and its closest words. */
typedef struct {
    int start, len;
    char suggest[UI_SUGGEST_MAX][48];
    int n_suggest;
} ui_Unknown;

/* A cell outlined on request (lessons): tensor, head (-1 for 2-D), row, col. */
typedef struct {
    char tensor[TF_NAME_MAX];
    int head, row, col;
} ui_Highlight;

/* The last thing the user picked with the mouse, for lessons' quizzes to read. serial grows by
 * one per pick. */
typedef enum { UI_PICK_NONE, UI_PICK_TOKEN, UI_PICK_CELL, UI_PICK_HEAD, UI_PICK_STEP,
               UI_PICK_COUNT } ui_PickKind;

typedef struct {
    ui_PickKind kind;
    ui_Side side;            /* TOKEN */
    int index;               /* TOKEN: position */
    char tensor[TF_NAME_MAX];/* CELL, STEP */
    int head, row, col;      /* CELL; HEAD: head */
    unsigned serial;
} ui_Pick;

/* A side panel that another module draws (the lesson panel): the layout reserves `width` layout
 * points at the right of the window and lets it draw there; input offers it keys (before the
 * window's own, unless the sentence field has the focus) and the clicks inside its rectangle.
 * Coordinates are output pixels; scale is output pixels per layout point. Handlers return true
 * when they used the event (and bump st->version themselves). */
struct ui_State;
typedef struct {
    void *ctx;
    float width;
    void (*draw)(void *ctx, const struct ui_State *st, dr_List *l, dr_Rect r, float scale,
                 tx_Measure m);
    bool (*key)(void *ctx, struct ui_State *st, int key, int ch, unsigned mods);
    bool (*click)(void *ctx, struct ui_State *st, float x, float y);
} ui_SideHooks;

typedef struct ui_State {
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
    ui_Mode mode;
    uint64_t heads;          /* heads shown, bit h */
    float zoom;              /* matrix zoom >= 1 */
    float pan[2];            /* the cell at the top-left corner when zoomed */
    vw_Orient orient;        /* lines view */
    bool grid_heatmap;       /* grid view style */

    /* --- the sentence field -------------------------------------------------------------- */
    char input[UI_INPUT_MAX];
    int cursor;              /* byte offset, on a character boundary */
    bool editing;            /* keys go to the field */
    ui_Unknown unknown[UI_UNKNOWN_MAX];
    int n_unknown;
    bool beam;               /* beam search (K = beam_k) instead of greedy */
    int beam_k;
    double last_run_ms;      /* decode + trace time of the last run */

    /* --- playback ------------------------------------------------------------------------ */
    bool playing;
    int speed;               /* index into ui_speed() */
    double play_acc_ms;

    /* --- training snapshots -------------------------------------------------------------- */
    char **snap_paths;       /* sorted */
    int n_snaps;
    int snap_index;          /* -1 = the main trace */

    /* --- overlays and messages ----------------------------------------------------------- */
    bool help;
    bool hint;               /* the first-start hint */
    ui_Lang lang;
    char msg[1024];
    ui_MsgKind msg_kind;
    double msg_until;        /* clock (ms) at which the message goes */
    double now_ms;           /* the clock, advanced by ui_tick */

    /* --- lessons --------------------------------------------------------------------------- */
    ui_Highlight highlight[UI_HIGHLIGHT_MAX];
    int n_highlight;
    ui_Pick pick;
    const ui_SideHooks *side;    /* NULL = no side panel; not owned */

    /* --- hover (set by ui_input.c from the last frame's hit regions) ---------------------- */
    char hover[512];
    int hover_panel, hover_head, hover_row, hover_col;

    float ui_zoom;           /* user's text size factor (Ctrl+= / Ctrl+-) */
    unsigned version;        /* grows on every change that needs a redraw */
} ui_State;

void ui_init(ui_State *st, ui_Lang lang);
void ui_free(ui_State *st);

/* The trace on screen (the snapshot when one is chosen); NULL before anything is loaded. */
const tf_Trace *ui_trace(const ui_State *st);

/* Sources. attach_model keeps a pointer (the caller owns the model); attach_trace takes the trace
 * (the caller must not free it). */
void ui_attach_model(ui_State *st, const tf_Model *m, const char *name, const char *sha256);
void ui_attach_trace(ui_State *st, tf_Trace *tr, const char *name);

/* Sets the field and runs the model on it (greedy or beam), keeping the current step, decoder
 * position and selection where they still exist. False when the sentence cannot be run (empty,
 * unknown words, too long, no model): the message says why, unknown words are marked, and the
 * previous trace stays. */
bool ui_set_sentence(ui_State *st, const char *text);
bool ui_run(ui_State *st);            /* runs the field as it is */
void ui_set_beam(ui_State *st, bool beam);

/* --- navigation (the lesson API) ---------------------------------------------------------- */
int ui_n_nodes(const ui_State *st);
const tf_Node *ui_node(const ui_State *st);
void ui_goto_node(ui_State *st, int index);
bool ui_goto_tensor(ui_State *st, const char *name);   /* false when the trace has none */
void ui_step(ui_State *st, int dir);                    /* ±1 step */
void ui_step_sublayer(ui_State *st, int dir);
void ui_step_layer(ui_State *st, int dir);
void ui_home(ui_State *st);
void ui_end(ui_State *st);
void ui_set_out_pos(ui_State *st, int pos);            /* -1 = all; clamped */
void ui_select_token(ui_State *st, ui_Side side, int index);  /* -1 = none */
/* Moves the selection on the side the current step works on (↑/↓). */
void ui_move_token(ui_State *st, int dir);
void ui_set_mode(ui_State *st, ui_Mode mode);
void ui_toggle_head(ui_State *st, int h);
void ui_solo_head(ui_State *st, int h);                /* again on a solo head: all heads */
void ui_set_heads(ui_State *st, uint64_t mask);
void ui_zoom_at(ui_State *st, float factor, float cell_x, float cell_y);
void ui_pan_by(ui_State *st, float cells_x, float cells_y);
void ui_reset_zoom(ui_State *st);
void ui_set_lang(ui_State *st, ui_Lang lang);
void ui_highlight_clear(ui_State *st);
bool ui_highlight_cell(ui_State *st, const char *tensor, int head, int row, int col);

/* --- playback ------------------------------------------------------------------------------ */
void ui_play(ui_State *st, bool on);
void ui_speed_by(ui_State *st, int dir);
double ui_speed(const ui_State *st);                   /* steps per second */
/* Advances the clock by dt milliseconds: playback steps, messages expire. */
void ui_tick(ui_State *st, double dt_ms);

/* --- training snapshots -------------------------------------------------------------------- */
/* Lists DIR's *.safetensors files in name order. A snapshot is a trace, or a model that the
 * current sentence is run through. False (with a message) when the folder has none. */
bool ui_open_snapshots(ui_State *st, const char *dir);
void ui_goto_snapshot(ui_State *st, int index);        /* -1 = back to the main trace */

/* --- the sentence field --------------------------------------------------------------------- */
void ui_field_insert(ui_State *st, const char *utf8);
void ui_field_backspace(ui_State *st, bool word);
void ui_field_delete(ui_State *st);
void ui_field_move(ui_State *st, int dir, bool word);
void ui_field_home(ui_State *st);
void ui_field_end(ui_State *st);
void ui_field_set(ui_State *st, const char *text);     /* no run */
/* Replaces unknown word k with its i-th suggestion. */
void ui_accept_suggestion(ui_State *st, int k, int i);
/* Re-checks the field's words against the vocabulary (marks unknown ones). */
void ui_check_words(ui_State *st);

void ui_message(ui_State *st, ui_MsgKind kind, double seconds, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* --- questions about the trace, shared by layout, input and tests --------------------------- */
/* The group ("src", "enc.0", "tgt", "dec.1", "out", ...) and sub-layer of a node name. */
void ui_group_of(const char *name, char *out, size_t cap);
void ui_sublayer_of(const char *name, char *out, size_t cap);
/* Index of the first decoder-side node (tgt.*, dec.*, logits, probs); n_nodes when none. */
int ui_decoder_start(const tf_Trace *tr);
/* The attention (kind, layer) a node belongs to, or the last one before it; false when none. */
bool ui_attention_of(const tf_Trace *tr, int node, vw_Attn *a, int *layer);
/* The first shown head (step view), 0 when none. */
int ui_first_head(const ui_State *st);
/* Whether position pos of the output is visible at the current step (the strip's reveal). */
bool ui_output_revealed(const ui_State *st, int pos);

#endif

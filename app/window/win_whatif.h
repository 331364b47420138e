/* win_whatif.h — "what if" in the window (issue 12 §2): switch an attention head off (its context
 * is zero before the output projection) or back on, switch the positional encoding, the decoder's
 * mask and the √dₖ scaling off and on; each change re-runs the model at once, and the window keeps
 * the unchanged model's run of the same sentence beside it (st->plain) so that the output strip
 * can say what changed. One call resets everything.
 * A difference view (A − B of the tensor on screen) compares the run with the unchanged one, with
 * a run kept to compare with (another sentence), or a training snapshot with the loaded model.
 * The input side is here too: the key map (a, w, f, d, x, c, k) and right-clicks on head chips, the
 * all-heads grid's thumbnails and the lines view's head legend. Not drawing (win_layout_whatif.c).
 *
 * Usage:
 *     win_whatif_toggle_head(&st, TF_ATTN_CROSS, 1, 5);    // cross.1.5 off, re-run
 *     win_whatif_switch(&st, WIN_WHATIF_POS);              // no positional encoding, re-run
 *     char what[256]; win_whatif_describe(&st, true, what, sizeof what);
 *     int changed = win_whatif_changed_tokens(&st);        // output positions that differ
 *     win_whatif_reset(&st);                               // the plain model again
 */
#ifndef TF_WIN_WHATIF_H
#define TF_WIN_WHATIF_H

#include "win_input.h"
#include "win_state.h"

typedef enum {
    WIN_WHATIF_POS,    /* no positional encoding */
    WIN_WHATIF_MASK,   /* no decoder mask in the traced pass (decoding keeps it) */
    WIN_WHATIF_SCALE,  /* scores not divided by √dₖ */
    WIN_WHATIF_COUNT
} win_WhatifSwitch;

/* Each changes st->interv and re-runs the field's sentence; false (st->interv as before, a
 * message saying why) when the window has no model to run or the sentence cannot run. */
bool win_whatif_toggle_head(win_State *st, tf_AttnKind kind, int layer, int head);
bool win_whatif_switch(win_State *st, win_WhatifSwitch w);
bool win_whatif_reset(win_State *st);

bool win_whatif_active(const win_State *st);
/* What is changed, in the window's language: "cross.1.5 off, enc.0.2 off · no positional
 * encoding" (switches: with the switches too); "" when nothing. */
void win_whatif_describe(const win_State *st, bool switches, char *out, size_t cap);

/* Before a run's trace `next` replaces st->main (win_run.c): when next is changed and st->main is
 * the unchanged model's run of the same sentence, decoded the same way, st->main becomes st->plain
 * (true: the caller must not free it), so that the first change costs one run, not two. */
bool win_whatif_retire(win_State *st, const tf_Trace *next);
/* After a run (win_run.c): holds st->plain while interventions are in force — kept when it is
 * the same sentence decoded the same way, run again otherwise — and frees it when none are. */
void win_whatif_sync(win_State *st);
/* Before a frame in the difference view: B for a changed run whose output differs from the
 * unchanged one (the unchanged model teacher-forced on the changed run's decoder input). */
void win_whatif_prepare(win_State *st);
/* Output position pos of the main trace predicts another token than the unchanged model does
 * there (or the unchanged output is shorter); false when nothing is changed. */
bool win_whatif_token_changed(const win_State *st, int pos);
/* Positions where the outputs differ, counting the extra ones of the longer. */
int win_whatif_changed_tokens(const win_State *st);
/* The unchanged model's output tokens as one line ("" when there is none). */
void win_whatif_plain_output(const win_State *st, char *out, size_t cap);

/* --- the difference view (WIN_MODE_DIFF: A is the trace on screen) ----------------------------- */

/* B: with a training snapshot on screen, the model as loaded; else the run kept with K; else,
 * with interventions in force, the unchanged model on the same decoder input (so that every
 * tensor has A's shape); NULL when there is nothing to compare with. */
const tf_Trace *win_whatif_diff_b(const win_State *st);
/* K: keeps (a copy of) the trace on screen as B, or lets the kept one go; then shows A − B. */
void win_whatif_pin(win_State *st);

/* The attention (kind, layer) whose heads the chips of the current step stand for; false when
 * the step has none. */
bool win_whatif_chip_attention(const win_State *st, tf_AttnKind *kind, int *layer);

/* Input. A right-click at (x, y): on a head chip, a grid thumbnail or a head of the lines view's
 * legend it toggles that head; true when it did something. */
bool win_whatif_click(win_State *st, const win_Frame *f, float x, float y);
/* The what-if keys (ch as win_key gives it): a = the head under the pointer (else the only head
 * shown), w = positions, f = mask, d = scaling, x = reset all, c = the difference view, k = keep
 * this run as its B. True when ch was one of them. */
bool win_whatif_key(win_State *st, const win_Input *in, const win_Frame *f, int ch);

#endif

/* win_views.h — what the window's views need beyond the trace on screen, kept in the state: the
 * logit lens of the trace (it needs the model's output layer: core's tf_lens_compute), computed
 * when the lens view is shown and again whenever the trace changes; and the words for a lens
 * cell or a candidate of the search under the mouse. Not drawing (figures' fig_lens_view,
 * fig_beam_view) and not SDL.
 *
 * Usage (the window does this before it builds a frame):
 *     win_views_prepare(&st);                  // the lens, if the lens view is on screen
 *     vs.lens = win_views_lens(&st);           // NULL: no model, or the trace is not its
 */
#ifndef TF_WIN_VIEWS_H
#define TF_WIN_VIEWS_H

#include "win_layout.h"
#include "win_state.h"

/* Computes what the current mode needs and the state lacks (the lens of the trace on screen);
 * a failure is kept as a message (win_views_lens gives NULL). */
void win_views_prepare(win_State *st);
const tf_Lens *win_views_lens(const win_State *st);
/* Why there is no lens ("" when there is one or it was not asked for). */
const char *win_views_lens_error(const win_State *st);
void win_views_free(win_State *st);

/* A lens cell (hit row = point, col = position) in words: the point, the position's input and
 * output tokens, the top tokens there with their probabilities, and the final token's probability
 * and rank. */
void win_views_describe_lens(const win_State *st, int point, int pos, char *out, size_t cap);

/* A candidate of the search the trace keeps (entry e of tr->beam) in words: its step and token,
 * log P, Σ and Σ/lp, its fate, and the hypothesis it ends. */
void win_views_describe_beam(const win_State *st, int e, char *out, size_t cap);

#endif

/* win_budget.h — how much the window holds of runs (TF_MAX_WINDOW_BYTES, tf_limits.h): the run on
 * screen, the unchanged run kept beside a changed one, B of the difference view, the run kept with
 * K, a training snapshot, the logit lens, and the run being made. Before one more is made, its
 * size is estimated from the model's config and the sentence's length; when it would take the
 * window past the limit, what can be rebuilt later goes first (B of the difference view, the
 * lens), and if that is not enough the caller refuses the action with win_budget_say's message.
 * Not the runs themselves (win_run.c, win_whatif.c, win_views.c).
 *
 * Usage:
 *     size_t need = win_budget_run(&model->cfg, S);
 *     if (!win_budget_room(&st, need)) {
 *         win_budget_refuse(&st, need);      // says why on screen, in the window's language
 *         return false;
 *     }
 */
#ifndef TF_WIN_BUDGET_H
#define TF_WIN_BUDGET_H

#include <stddef.h>

#include "win_state.h"

/* What a trace holds (its tensors). */
size_t win_budget_trace(const tf_Trace *tr);
/* What a run of S source tokens may take: its trace with a translation up to the decoding limit
 * (decoding itself takes at most as much, and is let go before the trace is made). */
size_t win_budget_run(const tf_Config *c, int S);
/* What the logit lens of a trace of T decoder positions with a target vocabulary of V takes while
 * it is computed and after. */
size_t win_budget_lens(const tf_Config *c, int T, int k);
/* Everything the state holds now. */
size_t win_budget_held(const win_State *st);
/* Whether need more bytes fit: when they do not, B of the difference view and the lens are let go
 * (they are made again when asked for) and it is asked again. */
bool win_budget_room(win_State *st, size_t need);
/* Why need more bytes were refused: the sizes and the limit, in the window's language. */
void win_budget_say(const win_State *st, size_t need, char *out, size_t cap);
/* The same as the window's message. */
void win_budget_refuse(win_State *st, size_t need);

#endif

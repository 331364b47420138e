/* ls_window.h — lessons driving the window's plain state: the scene of a lesson page applied to
 * a win_State (sentence, decoding, snapshots, step, view, heads, token, position, outlined
 * cells), and the window's last pick turned into a quiz response.
 * Not the lesson panel (drawing pages is the window's job) and not SDL: this works on win_State
 * alone, so tests drive it without a display.
 *
 * Usage (the lesson panel):
 *     char why[256];
 *     if (!ls_window_apply(&st, lesson, page, why, sizeof why)) win_message(...why...);
 *     ...the learner clicks; the window updated st.pick...
 *     ls_Response r;
 *     if (quiz_open && st.pick.serial != seen && ls_window_response(&st.pick, &r)) {
 *         seen = st.pick.serial;
 *         bool right = ls_answer_check(&answer, &r, win_trace(&st));
 *         ls_format(right ? q->right : q->wrong, &answer, lesson->lang, text, sizeof text);
 *     }
 */
#ifndef TF_LS_WINDOW_H
#define TF_LS_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "ls_lesson.h"
#include "win_state.h"

/* Applies the scene of page `page` (ls_scene_at) to st: runs the sentence when it is not the one
 * on screen, opens the snapshots, then goes to the step and sets view, heads, token, position and
 * highlights. Keys no page has set are left as the learner has them. False (why says what) when
 * the scene cannot be shown; st then shows as much of it as could be applied. */
bool ls_window_apply(win_State *st, const ls_Lesson *l, int page, char *why, size_t cap);

/* The quiz answer on the trace on screen (the snapshot when one is shown). */
tf_Status ls_window_answer(const win_State *st, const ls_Quiz *q, ls_Answer *out, tf_Err *err);

/* A pick of the window (token, cell or head) as a quiz response; false for other picks. */
bool ls_window_response(const win_Pick *pick, ls_Response *out);

/* The window mode that shows a lesson view (arch: the step view, beside which the architecture
 * diagram is always drawn). */
win_Mode ls_window_mode(ls_View v);

#endif

/* ls_panel.h — the lesson panel of the window: the current page of a lesson drawn at the right of
 * the window (headings, paragraphs with emphasis and inline code, lists, code, the quiz with its
 * options and verdict, the Table 1 / variance / schedule widgets), Previous / Next and "Back to
 * the lesson" buttons, the N / P / R keys, and the learner's progress saved in the XDG state
 * folder. Each page's scene is applied to the window's state with ls_window_apply.
 * Not SDL: it plugs into the layout and input through win_State.side (win_SideHooks).
 *
 * Usage:
 *     char err[512];
 *     ls_Panel *p = ls_panel_open(&st, dir, "en", 4, -1, NULL, err, sizeof err);  // -1: resume
 *     if (!p) { ...err... }
 *     ...the window runs; st.side points into p...
 *     ls_panel_close(p, &st);
 */
#ifndef TF_LS_PANEL_H
#define TF_LS_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ls_lesson.h"
#include "win_state.h"

typedef struct ls_Panel ls_Panel;

/* Loads lesson `number` of DIR/LANG, attaches the panel to st (st->side) and applies page `page`
 * (0-based; -1: the page saved in the progress file when it is this lesson and language, else
 * 0). state_dir: where progress is kept (NULL: $XDG_STATE_HOME/tfscope, else
 * ~/.local/state/tfscope). NULL with err filled when the lesson cannot be loaded. */
ls_Panel *ls_panel_open(win_State *st, const char *dir, const char *lang, int number, int page,
                  const char *state_dir, char *err, size_t cap);
void ls_panel_close(ls_Panel *p, win_State *st);

const ls_Lesson *ls_panel_lesson(const ls_Panel *p);
int ls_panel_page(const ls_Panel *p);
/* Goes to page (clamped), applies its scene and saves progress. False when the scene could not
 * be shown completely (a message is on screen then). Past the last page is the lesson's end page:
 * what the lesson went through and the next lesson (N opens it); the view stays as it is. */
bool ls_panel_goto(ls_Panel *p, win_State *st, int page);
bool ls_panel_at_end(const ls_Panel *p);
/* Replaces the lesson by the next one of its folder, at its first page; false when there is
 * none. */
bool ls_panel_next_lesson(ls_Panel *p, win_State *st);

typedef enum {
    LS_PANEL_QUIZ_NONE,
    LS_PANEL_QUIZ_OPEN,
    LS_PANEL_QUIZ_RIGHT,
    LS_PANEL_QUIZ_WRONG
} ls_QuizState;
/* The first quiz of the page: its state, and the answer computed on the trace on screen. */
ls_QuizState ls_panel_quiz_state(const ls_Panel *p);
const ls_Answer *ls_panel_quiz_answer(const ls_Panel *p);
/* Reads a new pick of the window (st->pick) as a response to the page's quiz; the panel's draw
 * calls this on every frame. */
void ls_panel_poll(ls_Panel *p, const win_State *st);
/* A response given directly (an option button, a typed number). */
void ls_panel_respond(ls_Panel *p, const win_State *st, const ls_Response *r);
/* Whether the learner has moved the view away from the page's scene. */
bool ls_panel_away(const ls_Panel *p, const win_State *st);

/* The progress file, and what it holds: false when absent (why is "") or when it cannot be read
 * (why names the file and says why: not a regular file, over TF_MAX_PROGRESS_BYTES, not a
 * progress file). */
bool ls_panel_progress_path(const char *state_dir, char *out, size_t cap);
bool ls_panel_progress_load(const char *state_dir, int *lesson, int *page, char lang[8],
                            char *why, size_t why_cap);

/* `tfscope view` (ls_view_cmd.c), also what `tfscope` with no arguments runs: the window, with
 * this panel beside it when --lesson is given. */
int ls_view_cmd(int argc, char **argv);

#endif

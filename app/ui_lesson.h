/* ui_lesson.h — the lesson panel of the window: the current page of a lesson drawn at the right of
 * the window (headings, paragraphs with emphasis and inline code, lists, code, the quiz with its
 * options and verdict, the Table 1 / variance / schedule widgets), Previous / Next and "Back to
 * the lesson" buttons, the N / P / R keys, and the learner's progress saved in the XDG state
 * folder. Each page's scene is applied to the window's state with lesson_ui_apply.
 * Not SDL: it plugs into the layout and input through ui_State.side (ui_SideHooks).
 *
 * Usage:
 *     char err[512];
 *     ul_Panel *p = ul_open(&st, dir, "en", 4, -1, NULL, err, sizeof err);  // -1: resume
 *     if (!p) { ...err... }
 *     ...the window runs; st.side points into p...
 *     ul_close(p, &st);
 */
#ifndef TF_UI_LESSON_H
#define TF_UI_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson.h"
#include "ui_state.h"

typedef struct ul_Panel ul_Panel;

/* Loads lesson `number` of DIR/LANG, attaches the panel to st (st->side) and applies page `page`
 * (0-based; -1: the page saved in the progress file when it is this lesson and language, else
 * 0). state_dir: where progress is kept (NULL: $XDG_STATE_HOME/tfscope, else
 * ~/.local/state/tfscope). NULL with err filled when the lesson cannot be loaded. */
ul_Panel *ul_open(ui_State *st, const char *dir, const char *lang, int number, int page,
                  const char *state_dir, char *err, size_t cap);
void ul_close(ul_Panel *p, ui_State *st);

const ls_Lesson *ul_lesson(const ul_Panel *p);
int ul_page(const ul_Panel *p);
/* Goes to page (clamped), applies its scene and saves progress. False when the scene could not
 * be shown completely (a message is on screen then). */
bool ul_goto(ul_Panel *p, ui_State *st, int page);

typedef enum { UL_QUIZ_NONE, UL_QUIZ_OPEN, UL_QUIZ_RIGHT, UL_QUIZ_WRONG } ul_QuizState;
/* The first quiz of the page: its state, and the answer computed on the trace on screen. */
ul_QuizState ul_quiz_state(const ul_Panel *p);
const ls_Answer *ul_quiz_answer(const ul_Panel *p);
/* Reads a new pick of the window (st->pick) as a response to the page's quiz; the panel's draw
 * calls this on every frame. */
void ul_poll(ul_Panel *p, const ui_State *st);
/* A response given directly (an option button, a typed number). */
void ul_respond(ul_Panel *p, const ui_State *st, const ls_Response *r);
/* Whether the learner has moved the view away from the page's scene. */
bool ul_away(const ul_Panel *p, const ui_State *st);

/* The progress file, and what it holds (false when absent or unreadable). */
bool ul_progress_path(const char *state_dir, char *out, size_t cap);
bool ul_progress_load(const char *state_dir, int *lesson, int *page, char lang[8]);

#endif

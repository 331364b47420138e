/* test_lesson_panel.h — the lesson panel tests' session (test_lesson_panel.c) and the layout tests
 * kept in test_lesson_panel_layout.c: narrow windows, the layout report's matrix, long pages. */
#ifndef TF_TEST_LESSON_PANEL_H
#define TF_TEST_LESSON_PANEL_H

#include <stdbool.h>

#include <SDL.h>

#include "ls_panel.h"
#include "win_sdl.h"
#include "win_state.h"

/* A window on the bundled model with a lesson panel open. */
typedef struct {
    win_State st;
    win_Window *w;
    ls_Panel *p;
} lp_Session;

extern tf_Model lp_model;   /* the bundled model, loaded by the suite's setup */
extern char lp_tmp[256];    /* the suite's temporary folder (state and exports) */

void lp_open_session(lp_Session *s, const char *lang, int number, int page);
void lp_close_session(lp_Session *s);
void lp_key(lp_Session *s, SDL_Keycode k);
void lp_click(lp_Session *s, float x, float y);
/* Whether the frame's side panel shows text starting with `what`; with at, where. */
bool lp_frame_has(lp_Session *s, const char *what, fig_Rect *at);

void narrow_windows_keep_the_lesson_and_the_view(void **state);
void layout_report_matrix_has_no_clipped_or_overlapping_text(void **state);
void long_pages_scroll(void **state);

#endif

/* window_fixture.h — what the window suites share: synthetic SDL events pushed and pumped through
 * the window at once, opening a window for tests (software renderer, virtual clock, no display
 * needed under SDL_VIDEODRIVER=offscreen), and the window suite's own fixture — the reference
 * model, a temporary folder, states on that model or on a hand-made Figure 3 trace, and where on
 * screen a widget, token or head chip is.
 *
 *     win_State st;
 *     win_Window *w = wf_fixture_window(&st, 12, 1280, 800);   // 12 tokens, a 1280×800 window
 *     wf_key(w, SDLK_RIGHT, 0);
 *     wf_close(w, &st);
 *
 * Not a test harness: each suite keeps its own cases and main(). */
#ifndef TF_WINDOW_FIXTURE_H
#define TF_WINDOW_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "win_sdl.h"

/* --- events: each is pushed, then the window pumps it ----------------------------------------- */

void wf_key(win_Window *w, SDL_Keycode k, Uint16 mod);          /* key down and up */
void wf_text(win_Window *w, const char *s);
void wf_move(win_Window *w, float x, float y);
void wf_press(win_Window *w, float x, float y, int clicks);     /* left button down and up at x, y */
void wf_press_button(win_Window *w, Uint8 button, float x, float y, int clicks);
void wf_click(win_Window *w, float x, float y, int clicks);     /* the pointer moves there first */
void wf_wheel(win_Window *w, int dy);

/* --- windows ---------------------------------------------------------------------------------- */

/* A window of w × h on st, asserted to open, pumped once. The folders must outlive the window. */
win_Window *wf_open(win_State *st, int w, int h, const char *state_dir, const char *export_dir);
void wf_close(win_Window *w, win_State *st);   /* the window, then the state */
/* The frame against tests/golden/NAME.png: 0 when at most WF_TOL_FRACTION of the pixels differ by
 * more than WF_TOL_CHANNEL in a channel, else 1 (and NAME.actual.png written, the difference
 * told); TFSCOPE_UPDATE_GOLDEN=1 rewrites the golden image instead. */
#define WF_TOL_CHANNEL 8
#define WF_TOL_FRACTION 0.002
int wf_golden(win_Window *w, const char *name);

/* --- the window suite's fixture: cmocka group setup and teardown ------------------------------ */

#define WF_MODEL TF_TESTS_DIR "/fixtures/ref/pre_d32_h8_e2d2.model.safetensors"

int wf_setup(void **state);      /* loads WF_MODEL, makes the temporary folder */
int wf_teardown(void **state);
const char *wf_tmp(void);        /* the temporary folder; exports are written there */

/* A window on the temporary folder's state; hint: whether the first-start hint is still unseen. */
win_Window *wf_open_window(win_State *st, int w, int h, bool hint);
/* A state on WF_MODEL running sentence (asserted to run). */
void wf_model_state(win_State *st, const char *sentence);
/* A state on a hand-made trace of n tokens of the Figure 3 sentence (no model: nothing re-runs). */
void wf_fixture_state(win_State *st, int n);
/* The two above, then wf_open_window(st, w, h, false). */
win_Window *wf_model_window(win_State *st, const char *sentence, int w, int h);
win_Window *wf_fixture_window(win_State *st, int n, int w, int h);
/* What the export tests start from: wf_fixture_window(st, 10, 1024, 640) on
 * enc.0.self_attn.weights. */
win_Window *wf_export_window(win_State *st);

/* --- where things are on screen --------------------------------------------------------------- */

/* The centre, in window coordinates, of widget id with argument arg. */
bool wf_widget_center(win_Window *w, win_WidgetId id, int arg, float *x, float *y);
/* The centre of a hit region of main panel p: a token (side, index), a head chip (index) or else
 * the first region of that kind. */
bool wf_hit_center(win_Window *w, int p, fig_HitKind kind, int side, int index, float *x, float *y);
/* The first cell-matrix hit region of main panel p, asserted to exist; with the panel in *pn. */
const fig_Hit *wf_cells(win_Window *w, int p, const win_Panel **pn);
const char *wf_node_name(win_State *st);   /* the current step's tensor, or "" */

#endif

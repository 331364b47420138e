/* win_sdl.h — the SDL window around the plain state: opening it (resizable, HiDPI-aware), turning
 * SDL events into win_input.h calls, drawing a frame only when something changed, the export key's
 * files, the first-start hint's memory, screenshots, --script files and the frame-time benchmark.
 * The window's files that include SDL are this part's (win_sdl.c, win_script.c, win_bench.c and
 * win_sdl_int.h): its state, input and layout are plain C. One cleanup path (win_close).
 * Not layout (win_layout.c) and not state (win_state.c).
 *
 * Usage:
 *     win_Window *w = win_open(&state, &opts, err, sizeof err);   // state outlives the window
 *     if (!w) { ...err says why (no display: points to tfscope export)... }
 *     int rc = win_loop(w);       // interactive, until closed
 *     win_close(w);
 * Tests and --script:
 *     SDL_PushEvent(&ev); win_pump(w);          // handles queued events and draws a frame
 *     win_read_pixels(w, &rgba, &pw, &ph);
 */
#ifndef TF_WIN_SDL_H
#define TF_WIN_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "win_input.h"
#include "win_layout.h"
#include "win_state.h"

/* The smallest window the layout is made for: the window cannot be made smaller. */
#define WIN_MIN_W 640
#define WIN_MIN_H 480

typedef struct {
    int width, height;       /* window size in points (default 1280×800) */
    bool software;           /* the software renderer, always (benchmarks, screenshots) */
    bool virtual_clock;      /* time moves only by win_advance (scripts, tests): deterministic */
    const char *state_dir;   /* where the first-start hint is remembered; NULL: XDG default */
    const char *export_dir;  /* where the export key writes; NULL: $TFSCOPE_EXPORT_DIR or "." */
    bool interactive;        /* a person will use it: a display is required (SDL's offscreen
                                fallback, taken when there is none, does not count unless
                                SDL_VIDEODRIVER asks for it) */
} win_Opts;

typedef struct win_Window win_Window;

void win_opts_default(win_Opts *o);

/* Initialises SDL video, opens the window, renderer and font. NULL with a reason when no display
 * (or no font) is available. */
win_Window *win_open(win_State *st, const win_Opts *o, char *err, size_t err_cap);
void win_close(win_Window *w);

/* Until the window is closed or Ctrl+Q; returns an exit code. */
int win_loop(win_Window *w);
/* Queues a press and release of key (an SDL keycode, SDLK_*) with modifiers mod (KMOD_*), as if
 * typed into the window. */
void win_push_keycode(win_Window *w, int key, unsigned mod);
/* Handles every queued event, then draws a frame if anything changed. False once quit. */
bool win_pump(win_Window *w);
/* The virtual clock moves ms forward (playback, messages), with frames drawn along the way. */
void win_advance(win_Window *w, double ms);
/* Draws the frame now, whether or not it changed. */
void win_draw(win_Window *w);

/* The last frame's pixels (RGBA, output size); malloc'd. */
bool win_read_pixels(win_Window *w, uint8_t **rgba, int *pw, int *ph);
/* The same without the passing message (toast): what screenshots and golden frames hold. */
bool win_read_shot(win_Window *w, uint8_t **rgba, int *pw, int *ph);
bool win_screenshot(win_Window *w, const char *path, char *err, size_t err_cap);
/* Exports (win_export.c). Ctrl+S, E: the main view in the last format (PNG at first) into the
 * last folder (--export-dir, $TFSCOPE_EXPORT_DIR or the working directory at first), named from
 * the step and the time; the message on screen names the file written, or says why not. */
bool win_export(win_Window *w);
/* Ctrl+Shift+S, the Export button: opens the export dialog (win_save.h) on a proposed name. */
void win_export_dialog(win_Window *w);
/* Enter in the dialog: writes what it names; closes it, or keeps it open with the reason. */
bool win_export_from_dialog(win_Window *w);
/* The view as fmt into path (PNG, SVG 1600×900; CSV), atomically; false with err. */
bool win_export_to(win_Window *w, const char *path, win_Format fmt, char *err, size_t cap);
/* The exports' first folder from the window's options (win_open calls it). */
void win_export_folder(win_Window *w);

/* Runs a script (see ls_view_cmd.c's usage); false with "FILE:LINE: reason" in err. */
bool win_run_script(win_Window *w, const char *path, char *err, size_t err_cap);

/* Frame times while stepping and hovering, and the model re-run time after an edit; printed. */
void win_bench(win_Window *w, int frames, FILE *out);

win_State *win_state(win_Window *w);
win_Frame *win_frame(win_Window *w);
/* The first-start hint file for a state directory (NULL: XDG default); written atomically. */
bool win_hint_path(const char *state_dir, char *out, size_t cap);
bool win_hint_remember(const char *state_dir);

#endif

/* win_sdl_int.h — the window record, shared by win_sdl.c, win_script.c and win_bench.c only. */
#ifndef TF_WIN_SDL_INT_H
#define TF_WIN_SDL_INT_H

#include <SDL.h>

#include "rd_fonts.h"
#include "rd_sdl.h"
#include "win_input.h"
#include "win_layout.h"
#include "win_sdl.h"
#include "win_state.h"

struct win_Window {
    win_State *st;
    win_Input in;
    win_Frame frame;
    win_Opts opts;
    SDL_Window *win;
    SDL_Renderer *r;
    rd_Fonts *fonts;
    rd_Renderer *rs;
    bool sdl_video;
    bool quit;
    bool text_input;
    unsigned drawn_version;
    int drawn_w, drawn_h;
    bool drawn_once;
    char title[512];
    double last_ms;
    /* each view panel as a texture, re-rendered only when its list was rebuilt */
    struct {
        SDL_Texture *tex;
        int w, h;
        unsigned serial;
    } cache[1 + WIN_MAIN_PANELS];
};

double win_now_ms(void);
float win_dpi_of(win_Window *w);
/* One SDL event through the window's input handling. */
void win_handle(win_Window *w, const SDL_Event *e);
/* Script helpers: a key spec such as "shift+Right" as key events; a mouse move. */
bool win_push_key(win_Window *w, const char *spec, char *why, size_t cap);
void win_push_motion(win_Window *w, int x, int y, bool pressed);

#endif

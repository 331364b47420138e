/* win_sdl.c — the SDL window (see win_sdl.h): events in, frames out, and the few things that need
 * the platform (the hint's memory, the clipboard, screenshots, scripts,
 * the benchmark). A frame is drawn only when the state's version or the output size changed.
 * Not layout and not state. */
#define _GNU_SOURCE
#include "win_sdl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#include "cli.h"
#include "win_views.h"
#include "win_whatif.h"
#include "rd_fonts.h"
#include "rd_png.h"
#include "rd_sdl.h"
#include "win_strings.h"

#include "win_sdl_int.h"

void win_opts_default(win_Opts *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1280;
    o->height = 800;
}

win_State *win_state(win_Window *w)
{
    return w->st;
}

win_Frame *win_frame(win_Window *w)
{
    return &w->frame;
}

double win_now_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* --- the first-start hint's memory ------------------------------------------------------------ */

bool win_hint_path(const char *state_dir, char *out, size_t cap)
{
    int n;
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (state_dir) n = snprintf(out, cap, "%s/first-start-seen", state_dir);
    else if (xdg && xdg[0] == '/') n = snprintf(out, cap, "%s/tfscope/first-start-seen", xdg);
    else if (home && home[0]) n = snprintf(out, cap, "%s/.local/state/tfscope/first-start-seen", home);
    else return false;
    return n > 0 && (size_t)n < cap;
}

/* mkdir -p of the folder that holds path. */
static bool make_parents(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash) return true;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(buf, 0755) == 0 || errno == EEXIST;
}

bool win_hint_remember(const char *state_dir)
{
    char path[4096];
    if (!win_hint_path(state_dir, path, sizeof path) || !make_parents(path)) return false;
    return cli_write_atomic(path, "seen\n", 5);
}

static bool file_exists(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0;
}

/* --- opening and closing ------------------------------------------------------------------- */

void win_close(win_Window *w)
{
    if (!w) return;
    win_frame_free(&w->frame);
    for (int i = 0; i < 1 + WIN_MAIN_PANELS; i++)
        if (w->cache[i].tex) SDL_DestroyTexture(w->cache[i].tex);
    rd_sdl_free(w->rs);
    if (w->r) SDL_DestroyRenderer(w->r);
    if (w->win) SDL_DestroyWindow(w->win);
    rd_fonts_close(w->fonts);
    if (w->sdl_video) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
    free(w);
}

win_Window *win_open(win_State *st, const win_Opts *o, char *err, size_t err_cap)
{
    win_Window *w = tf_xcalloc(1, sizeof *w);
    w->st = st;
    w->opts = *o;
    win_input_init(&w->in);
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    /* the software renderer's frame goes straight to the window (XShm), not through OpenGL */
    if (o->software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    const char *asked = getenv("SDL_VIDEODRIVER");
    bool init = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0;
    if (init && o->interactive && (!asked || !asked[0])) {
        const char *d = SDL_GetCurrentVideoDriver();
        if (d && (!strcmp(d, "offscreen") || !strcmp(d, "dummy") || !strcmp(d, "evdev"))) {
            SDL_QuitSubSystem(SDL_INIT_VIDEO);
            SDL_SetError("no display found (SDL fell back to its '%s' driver)", d);
            init = false;
        }
    }
    if (!init) {
        snprintf(err, err_cap,
                 "cannot open a window: %s\n"
                 "  (is there a display? DISPLAY or WAYLAND_DISPLAY must name one.)\n"
                 "  Without a display, `tfscope export` draws the same figures to PNG or SVG:\n"
                 "  tfscope export --help",
                 SDL_GetError());
        win_close(w);
        return NULL;
    }
    w->sdl_video = true;
    w->fonts = rd_fonts_open(NULL, err, err_cap);
    if (!w->fonts) {
        win_close(w);
        return NULL;
    }
    char title[512];
    win_window_title(st, title, sizeof title);
    w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 800,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!w->win) {
        snprintf(err, err_cap,
                 "cannot open a window: %s\n  Without a display, `tfscope export` draws the same "
                 "figures to PNG or SVG: tfscope export --help",
                 SDL_GetError());
        win_close(w);
        return NULL;
    }
    SDL_SetWindowMinimumSize(w->win, WIN_MIN_W, WIN_MIN_H);
    if (!o->software) w->r = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED);
    if (!w->r) w->r = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->r) {
        snprintf(err, err_cap, "cannot draw in the window: %s", SDL_GetError());
        win_close(w);
        return NULL;
    }
    w->rs = rd_sdl_new(w->r, w->fonts);
    win_frame_init(&w->frame, rd_fonts_measure(w->fonts));
    SDL_StopTextInput();
    char hint[4096];
    st->hint = win_hint_path(o->state_dir, hint, sizeof hint) && !file_exists(hint);
    win_export_folder(w);
    w->last_ms = win_now_ms();
    st->version++;
    return w;
}

/* --- frames ------------------------------------------------------------------------------------ */

float win_dpi_of(win_Window *w)
{
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(w->win, &ww, &wh);
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    return ww > 0 && ow > 0 ? (float)ow / (float)ww : 1.0f;
}

static void sync_platform(win_Window *w)
{
    char title[512];
    win_window_title(w->st, title, sizeof title);
    if (strcmp(title, w->title)) {
        snprintf(w->title, sizeof w->title, "%s", title);
        SDL_SetWindowTitle(w->win, title);
    }
    bool typing = w->st->editing || w->st->save.open;
    if (typing != w->text_input) {
        w->text_input = typing;
        if (w->text_input) SDL_StartTextInput();
        else SDL_StopTextInput();
    }
}

static void render(win_Window *w)
{
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    if (ow < 1) ow = 1;
    if (oh < 1) oh = 1;
    win_whatif_prepare(w->st);
    win_views_prepare(w->st);
    win_frame_build(&w->frame, w->st, ow, oh, win_dpi_of(w));
    win_Panel *panels[1 + WIN_MAIN_PANELS] = {&w->frame.nav};
    for (int i = 0; i < WIN_MAIN_PANELS; i++) panels[1 + i] = &w->frame.main[i];
    /* panels whose list changed are drawn into their textures first */
    for (int i = 0; i < 1 + WIN_MAIN_PANELS; i++) {
        win_Panel *p = panels[i];
        if (!p->shown) continue;
        int pw = (int)lroundf(p->r.w), ph = (int)lroundf(p->r.h);
        if (pw < 1 || ph < 1) continue;
        if (w->cache[i].tex && (w->cache[i].w != pw || w->cache[i].h != ph)) {
            SDL_DestroyTexture(w->cache[i].tex);
            w->cache[i].tex = NULL;
        }
        bool fresh = false;
        if (!w->cache[i].tex) {
            w->cache[i].tex = SDL_CreateTexture(w->r, SDL_PIXELFORMAT_ARGB8888,
                                                SDL_TEXTUREACCESS_TARGET, pw, ph);
            w->cache[i].w = pw;
            w->cache[i].h = ph;
            fresh = true;
        }
        if (w->cache[i].tex && (fresh || w->cache[i].serial != p->serial)) {
            SDL_SetRenderTarget(w->r, w->cache[i].tex);
            rd_sdl_draw(w->rs, &p->list);
            SDL_SetRenderTarget(w->r, NULL);
            w->cache[i].serial = p->serial;
        }
    }
    rd_sdl_draw(w->rs, &w->frame.out);
    for (int i = 0; i < 1 + WIN_MAIN_PANELS; i++) {
        const win_Panel *p = panels[i];
        if (!p->shown || !w->cache[i].tex) continue;
        SDL_Rect dst = {(int)lroundf(p->r.x), (int)lroundf(p->r.y), w->cache[i].w, w->cache[i].h};
        SDL_RenderCopy(w->r, w->cache[i].tex, NULL, &dst);
    }
    rd_sdl_play(w->rs, &w->frame.over);
    w->drawn_version = w->st->version;
    w->drawn_w = ow;
    w->drawn_h = oh;
    w->drawn_once = true;
}

void win_draw(win_Window *w)
{
    render(w);
    SDL_RenderPresent(w->r);
    sync_platform(w);
}

static void draw_if_changed(win_Window *w)
{
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    if (w->drawn_once && w->drawn_version == w->st->version && ow == w->drawn_w && oh == w->drawn_h)
        return;
    win_draw(w);
    /* what lies under a mouse that did not move may have changed with the frame */
    if (w->in.mouse_x >= 0 && w->in.drag == WIN_DRAG_NONE) {
        unsigned v = w->st->version;
        win_mouse_move(w->st, &w->in, &w->frame, w->in.mouse_x, w->in.mouse_y);
        if (w->st->version != v) win_draw(w);
    }
}

bool win_read_pixels(win_Window *w, uint8_t **rgba, int *pw, int *ph)
{
    render(w);
    int ow = w->drawn_w, oh = w->drawn_h;
    uint8_t *px = tf_xmalloc((size_t)ow * oh * 4);
    bool ok = SDL_RenderReadPixels(w->r, NULL, SDL_PIXELFORMAT_RGBA32, px, ow * 4) == 0;
    SDL_RenderPresent(w->r);
    if (!ok) {
        free(px);
        return false;
    }
    for (size_t i = 3; i < (size_t)ow * oh * 4; i += 4) px[i] = 255;
    *rgba = px;
    *pw = ow;
    *ph = oh;
    return true;
}

bool win_read_shot(win_Window *w, uint8_t **rgba, int *pw, int *ph)
{
    /* the frame as it stays, without the passing message ("Ran the model in …") over it */
    win_State *st = w->st;
    char msg[sizeof st->msg];
    memcpy(msg, st->msg, sizeof msg);
    st->msg[0] = '\0';
    st->version++;
    bool ok = win_read_pixels(w, rgba, pw, ph);
    memcpy(st->msg, msg, sizeof msg);
    st->version++;
    return ok;
}

bool win_screenshot(win_Window *w, const char *path, char *err, size_t err_cap)
{
    uint8_t *px, *png;
    int pw, ph;
    size_t len;
    if (!win_read_shot(w, &px, &pw, &ph)) {
        snprintf(err, err_cap, "cannot read the frame: %s", SDL_GetError());
        return false;
    }
    char title[512];
    win_window_title(w->st, title, sizeof title);
    rd_PngText meta[2] = {{"Software", "tfscope " CLI_VERSION_STRING}, {"Title", title}};
    bool ok = rd_png_encode(px, pw, ph, meta, 2, &png, &len, err, err_cap);
    free(px);
    if (!ok) return false;
    ok = cli_write_atomic(path, png, len);
    free(png);
    if (!ok) snprintf(err, err_cap, "%s: cannot write", path);
    return ok;
}

/* --- events ------------------------------------------------------------------------------------ */

static win_Key map_key(SDL_Keycode k, unsigned mods, int *ch)
{
    *ch = 0;
    switch (k) {
    case SDLK_LEFT: return WIN_KEY_LEFT;
    case SDLK_RIGHT: return WIN_KEY_RIGHT;
    case SDLK_UP: return WIN_KEY_UP;
    case SDLK_DOWN: return WIN_KEY_DOWN;
    case SDLK_PAGEUP: return WIN_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return WIN_KEY_PAGE_DOWN;
    case SDLK_HOME: return WIN_KEY_HOME;
    case SDLK_END: return WIN_KEY_END;
    case SDLK_SPACE: return WIN_KEY_SPACE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return WIN_KEY_ENTER;
    case SDLK_ESCAPE: return WIN_KEY_ESCAPE;
    case SDLK_BACKSPACE: return WIN_KEY_BACKSPACE;
    case SDLK_DELETE: return WIN_KEY_DELETE;
    case SDLK_TAB: return WIN_KEY_TAB;
    case SDLK_F1: return WIN_KEY_F1;
    case SDLK_F2: return WIN_KEY_F2;
    case SDLK_F3: return WIN_KEY_F3;
    case SDLK_F4: return WIN_KEY_F4;
    case SDLK_F5: return WIN_KEY_F5;
    case SDLK_KP_PLUS: *ch = '+'; return WIN_KEY_CHAR;
    case SDLK_KP_MINUS: *ch = '-'; return WIN_KEY_CHAR;
    case SDLK_QUESTION: *ch = '?'; return WIN_KEY_CHAR;
    case SDLK_PLUS: *ch = '+'; return WIN_KEY_CHAR;
    default: break;
    }
    if (k >= 32 && k < 127) {
        *ch = (int)k;
        if (mods & WIN_MOD_SHIFT) {
            if (k == '/') *ch = '?';
            else if (k == '=') *ch = '+';
        }
        return WIN_KEY_CHAR;
    }
    return WIN_KEY_NONE;
}

static unsigned map_mods(Uint16 m)
{
    return (m & KMOD_SHIFT ? WIN_MOD_SHIFT : 0) | (m & (KMOD_CTRL | KMOD_GUI) ? WIN_MOD_CTRL : 0) |
           (m & KMOD_ALT ? WIN_MOD_ALT : 0);
}

static void act(win_Window *w, win_Action a)
{
    switch (a) {
    case WIN_ACT_QUIT: w->quit = true; break;
    case WIN_ACT_EXPORT: win_export(w); break;
    case WIN_ACT_EXPORT_DIALOG: win_export_dialog(w); break;
    case WIN_ACT_SAVE: win_export_from_dialog(w); break;
    case WIN_ACT_PASTE:
        if (SDL_HasClipboardText()) {
            char *t = SDL_GetClipboardText();
            if (t) win_field_insert(w->st, t);
            SDL_free(t);
        }
        break;
    case WIN_ACT_COPY:
    case WIN_ACT_CUT: {
        char *t = win_field_selected_text(w->st);
        if (t && SDL_SetClipboardText(t) == 0 && a == WIN_ACT_CUT) win_field_delete_selection(w->st);
        free(t);
        break;
    }
    case WIN_ACT_HINT_SEEN: win_hint_remember(w->opts.state_dir); break;
    default: break;
    }
}

void win_handle(win_Window *w, const SDL_Event *e)
{
    win_State *st = w->st;
    float d = win_dpi_of(w);
    switch (e->type) {
    case SDL_QUIT: w->quit = true; break;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_FOCUS_LOST: win_focus(st, &w->in, false); break;
        case SDL_WINDOWEVENT_FOCUS_GAINED: win_focus(st, &w->in, true); break;
        case SDL_WINDOWEVENT_LEAVE: win_mouse_move(st, &w->in, &w->frame, -1e6f, -1e6f); break;
        default: st->version++; break;  /* resized, exposed, shown: draw again */
        }
        break;
    case SDL_KEYDOWN: {
        int ch;
        unsigned mods = map_mods(e->key.keysym.mod);
        win_Key k = map_key(e->key.keysym.sym, mods, &ch);
        if (k != WIN_KEY_NONE) act(w, win_key(st, &w->in, &w->frame, k, ch, mods));
        break;
    }
    case SDL_TEXTINPUT:
        win_text(st, e->text.text);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            act(w, win_mouse_down(st, &w->in, &w->frame, e->button.x * d, e->button.y * d,
                                  e->button.clicks, map_mods((Uint16)SDL_GetModState())));
        else if (e->button.button == SDL_BUTTON_RIGHT)
            win_whatif_click(st, &w->frame, e->button.x * d, e->button.y * d);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT) win_mouse_up(st, &w->in);
        break;
    case SDL_MOUSEMOTION:
        win_mouse_move(st, &w->in, &w->frame, e->motion.x * d, e->motion.y * d);
        break;
    case SDL_MOUSEWHEEL: {
        float dy = e->wheel.preciseY != 0 ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) dy = -dy;
        win_wheel(st, &w->in, &w->frame, w->in.mouse_x, w->in.mouse_y, dy);
        break;
    }
    default: break;
    }
}

static void tick(win_Window *w)
{
    double t = win_now_ms();
    if (!w->opts.virtual_clock) win_tick(w->st, t - w->last_ms);
    w->last_ms = t;
}

bool win_pump(win_Window *w)
{
    SDL_Event e;
    while (!w->quit && SDL_PollEvent(&e)) win_handle(w, &e);
    tick(w);
    if (!w->quit) draw_if_changed(w);
    return !w->quit;
}

void win_advance(win_Window *w, double ms)
{
    while (ms > 0) {
        double dt = ms < 50 ? ms : 50;
        win_tick(w->st, dt);
        ms -= dt;
        win_pump(w);
    }
}

int win_loop(win_Window *w)
{
    win_draw(w);
    while (!w->quit) {
        SDL_Event e;
        int timeout = w->st->playing ? 8 : w->st->msg[0] ? 100 : 500;
        if (SDL_WaitEventTimeout(&e, timeout)) win_handle(w, &e);
        win_pump(w);
    }
    return CLI_EXIT_OK;
}

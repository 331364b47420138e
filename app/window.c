/* window.c — the SDL window (see window.h): events in, frames out, and the few things that need
 * the platform (files of the export key, the hint's memory, the clipboard, screenshots, scripts,
 * the benchmark). A frame is drawn only when the state's version or the output size changed.
 * Not layout and not state. */
#define _GNU_SOURCE
#include "window.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "app.h"
#include "export.h"
#include "png_out.h"
#include "render_sdl.h"
#include "text.h"
#include "ui_strings.h"

struct win_Window {
    ui_State *st;
    ui_Input in;
    ui_Frame frame;
    win_Opts opts;
    SDL_Window *win;
    SDL_Renderer *r;
    tx_Fonts *fonts;
    rs_Renderer *rs;
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
    } cache[1 + UI_MAIN_PANELS];
};

void win_opts_default(win_Opts *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1280;
    o->height = 800;
}

ui_State *win_state(win_Window *w)
{
    return w->st;
}

ui_Frame *win_frame(win_Window *w)
{
    return &w->frame;
}

static double now_ms(void)
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
    return app_write_atomic(path, "seen\n", 5);
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
    ui_frame_free(&w->frame);
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++)
        if (w->cache[i].tex) SDL_DestroyTexture(w->cache[i].tex);
    rs_free(w->rs);
    if (w->r) SDL_DestroyRenderer(w->r);
    if (w->win) SDL_DestroyWindow(w->win);
    tx_fonts_close(w->fonts);
    if (w->sdl_video) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
    free(w);
}

win_Window *win_open(ui_State *st, const win_Opts *o, char *err, size_t err_cap)
{
    win_Window *w = tf_xcalloc(1, sizeof *w);
    w->st = st;
    w->opts = *o;
    ui_input_init(&w->in);
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
    w->fonts = tx_fonts_open(NULL, err, err_cap);
    if (!w->fonts) {
        win_close(w);
        return NULL;
    }
    char title[512];
    ui_window_title(st, title, sizeof title);
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
    if (!o->software) w->r = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED);
    if (!w->r) w->r = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->r) {
        snprintf(err, err_cap, "cannot draw in the window: %s", SDL_GetError());
        win_close(w);
        return NULL;
    }
    w->rs = rs_new(w->r, w->fonts);
    ui_frame_init(&w->frame, tx_fonts_measure(w->fonts));
    SDL_StopTextInput();
    char hint[4096];
    st->hint = win_hint_path(o->state_dir, hint, sizeof hint) && !file_exists(hint);
    w->last_ms = now_ms();
    st->version++;
    return w;
}

/* --- frames ------------------------------------------------------------------------------------ */

static float dpi_of(win_Window *w)
{
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(w->win, &ww, &wh);
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    return ww > 0 && ow > 0 ? (float)ow / (float)ww : 1.0f;
}

static void sync_platform(win_Window *w)
{
    char title[512];
    ui_window_title(w->st, title, sizeof title);
    if (strcmp(title, w->title)) {
        snprintf(w->title, sizeof w->title, "%s", title);
        SDL_SetWindowTitle(w->win, title);
    }
    if (w->st->editing != w->text_input) {
        w->text_input = w->st->editing;
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
    ui_frame_build(&w->frame, w->st, ow, oh, dpi_of(w));
    ui_Panel *panels[1 + UI_MAIN_PANELS] = {&w->frame.nav};
    for (int i = 0; i < UI_MAIN_PANELS; i++) panels[1 + i] = &w->frame.main[i];
    /* panels whose list changed are drawn into their textures first */
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++) {
        ui_Panel *p = panels[i];
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
            rs_draw(w->rs, &p->list);
            SDL_SetRenderTarget(w->r, NULL);
            w->cache[i].serial = p->serial;
        }
    }
    rs_draw(w->rs, &w->frame.out);
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++) {
        const ui_Panel *p = panels[i];
        if (!p->shown || !w->cache[i].tex) continue;
        SDL_Rect dst = {(int)lroundf(p->r.x), (int)lroundf(p->r.y), w->cache[i].w, w->cache[i].h};
        SDL_RenderCopy(w->r, w->cache[i].tex, NULL, &dst);
    }
    rs_play(w->rs, &w->frame.over);
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
    if (w->in.mouse_x >= 0 && w->in.drag == UI_DRAG_NONE) {
        unsigned v = w->st->version;
        ui_mouse_move(w->st, &w->in, &w->frame, w->in.mouse_x, w->in.mouse_y);
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

bool win_screenshot(win_Window *w, const char *path, char *err, size_t err_cap)
{
    uint8_t *px, *png;
    int pw, ph;
    size_t len;
    if (!win_read_pixels(w, &px, &pw, &ph)) {
        snprintf(err, err_cap, "cannot read the frame: %s", SDL_GetError());
        return false;
    }
    char title[512];
    ui_window_title(w->st, title, sizeof title);
    po_Text meta[2] = {{"Software", "tfscope " TF_VERSION_STRING}, {"Title", title}};
    bool ok = po_encode(px, pw, ph, meta, 2, &png, &len, err, err_cap);
    free(px);
    if (!ok) return false;
    ok = app_write_atomic(path, png, len);
    free(png);
    if (!ok) snprintf(err, err_cap, "%s: cannot write", path);
    return ok;
}

/* --- the export key ------------------------------------------------------------------------------ */

static void safe_name(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        out[n++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                           *s == '.' || *s == '_' || *s == '-'
                       ? *s
                       : '_';
    out[n] = '\0';
}

bool win_export(win_Window *w)
{
    ui_State *st = w->st;
    const tf_Trace *tr = ui_trace(st);
    const tf_Node *n = ui_node(st);
    if (!tr || !n) return false;
    vw_State vs;
    ui_primary_view(st, &vs);
    char tensor[TF_NAME_MAX + 16], name[TF_NAME_MAX + 16], stamp[32], base[4096];
    ex_view_tensor(&vs, tensor, sizeof tensor);
    safe_name(vs.kind == VW_MATRIX ? n->name : tensor, name, sizeof name);
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const char *dir = w->opts.export_dir ? w->opts.export_dir : getenv("TFSCOPE_EXPORT_DIR");
    if (!dir || !dir[0]) dir = ".";
    snprintf(base, sizeof base, "%s/tfscope-%s-%s", dir, name, stamp);
    char png_path[4200], svg_path[4200];
    for (int k = 1; k < 100; k++) {
        if (k == 1) {
            snprintf(png_path, sizeof png_path, "%s.png", base);
            snprintf(svg_path, sizeof svg_path, "%s.svg", base);
        } else {
            snprintf(png_path, sizeof png_path, "%s-%d.png", base, k);
            snprintf(svg_path, sizeof svg_path, "%s-%d.svg", base, k);
        }
        if (!file_exists(png_path) && !file_exists(svg_path)) break;
    }
    char err[512] = "";
    ex_Meta meta;
    ex_meta(&vs, tr, &meta);
    uint8_t *png = NULL;
    char *svg = NULL;
    size_t png_len = 0, svg_len = 0;
    bool ok = ex_png(&vs, tr, w->fonts, 1600, 900, &meta, &png, &png_len, err, sizeof err) &&
              ex_svg(&vs, tr, w->fonts, 1600, 900, &meta, &svg, &svg_len, err, sizeof err);
    if (ok && !(app_write_atomic(png_path, png, png_len) && app_write_atomic(svg_path, svg, svg_len))) {
        snprintf(err, sizeof err, "cannot write in %s: %s", dir, strerror(errno));
        ok = false;
    }
    free(png);
    free(svg);
    if (ok) {
        const char *sb = strrchr(svg_path, '/');
        ui_message(st, UI_MSG_INFO, 8, ui_str(st->lang, S_MSG_EXPORTED), png_path, sb ? sb + 1 : svg_path);
    } else {
        ui_message(st, UI_MSG_ERROR, 8, ui_str(st->lang, S_MSG_EXPORT_FAILED), err);
    }
    return ok;
}

/* --- events ------------------------------------------------------------------------------------ */

static ui_Key map_key(SDL_Keycode k, unsigned mods, int *ch)
{
    *ch = 0;
    switch (k) {
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_PAGEUP: return UI_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGE_DOWN;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_SPACE: return UI_KEY_SPACE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_DELETE: return UI_KEY_DELETE;
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_F1: return UI_KEY_F1;
    case SDLK_F2: return UI_KEY_F2;
    case SDLK_KP_PLUS: *ch = '+'; return UI_KEY_CHAR;
    case SDLK_KP_MINUS: *ch = '-'; return UI_KEY_CHAR;
    case SDLK_QUESTION: *ch = '?'; return UI_KEY_CHAR;
    case SDLK_PLUS: *ch = '+'; return UI_KEY_CHAR;
    default: break;
    }
    if (k >= 32 && k < 127) {
        *ch = (int)k;
        if (mods & UI_MOD_SHIFT) {
            if (k == '/') *ch = '?';
            else if (k == '=') *ch = '+';
        }
        return UI_KEY_CHAR;
    }
    return UI_KEY_NONE;
}

static unsigned map_mods(Uint16 m)
{
    return (m & KMOD_SHIFT ? UI_MOD_SHIFT : 0) | (m & (KMOD_CTRL | KMOD_GUI) ? UI_MOD_CTRL : 0) |
           (m & KMOD_ALT ? UI_MOD_ALT : 0);
}

static void act(win_Window *w, ui_Action a)
{
    switch (a) {
    case UI_ACT_QUIT: w->quit = true; break;
    case UI_ACT_EXPORT: win_export(w); break;
    case UI_ACT_PASTE:
        if (SDL_HasClipboardText()) {
            char *t = SDL_GetClipboardText();
            if (t) ui_field_insert(w->st, t);
            SDL_free(t);
        }
        break;
    case UI_ACT_HINT_SEEN: win_hint_remember(w->opts.state_dir); break;
    default: break;
    }
}

static void handle(win_Window *w, const SDL_Event *e)
{
    ui_State *st = w->st;
    float d = dpi_of(w);
    switch (e->type) {
    case SDL_QUIT: w->quit = true; break;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_FOCUS_LOST: ui_focus(st, &w->in, false); break;
        case SDL_WINDOWEVENT_FOCUS_GAINED: ui_focus(st, &w->in, true); break;
        case SDL_WINDOWEVENT_LEAVE: ui_mouse_move(st, &w->in, &w->frame, -1e6f, -1e6f); break;
        default: st->version++; break;  /* resized, exposed, shown: draw again */
        }
        break;
    case SDL_KEYDOWN: {
        int ch;
        unsigned mods = map_mods(e->key.keysym.mod);
        ui_Key k = map_key(e->key.keysym.sym, mods, &ch);
        if (k != UI_KEY_NONE) act(w, ui_key(st, &w->in, &w->frame, k, ch, mods));
        break;
    }
    case SDL_TEXTINPUT:
        ui_text(st, e->text.text);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            act(w, ui_mouse_down(st, &w->in, &w->frame, e->button.x * d, e->button.y * d,
                                 e->button.clicks));
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT) ui_mouse_up(st, &w->in);
        break;
    case SDL_MOUSEMOTION: ui_mouse_move(st, &w->in, &w->frame, e->motion.x * d, e->motion.y * d); break;
    case SDL_MOUSEWHEEL: {
        float dy = e->wheel.preciseY != 0 ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) dy = -dy;
        ui_wheel(st, &w->in, &w->frame, w->in.mouse_x, w->in.mouse_y, dy);
        break;
    }
    default: break;
    }
}

static void tick(win_Window *w)
{
    double t = now_ms();
    if (!w->opts.virtual_clock) ui_tick(w->st, t - w->last_ms);
    w->last_ms = t;
}

bool win_pump(win_Window *w)
{
    SDL_Event e;
    while (!w->quit && SDL_PollEvent(&e)) handle(w, &e);
    tick(w);
    if (!w->quit) draw_if_changed(w);
    return !w->quit;
}

void win_advance(win_Window *w, double ms)
{
    while (ms > 0) {
        double dt = ms < 50 ? ms : 50;
        ui_tick(w->st, dt);
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
        if (SDL_WaitEventTimeout(&e, timeout)) handle(w, &e);
        win_pump(w);
    }
    return EXIT_OK;
}

/* --- scripts ------------------------------------------------------------------------------------- */

static Uint32 window_id(win_Window *w)
{
    return SDL_GetWindowID(w->win);
}

static bool push_key(win_Window *w, const char *spec, char *why, size_t cap)
{
    Uint16 mod = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", spec);
    char *name = buf;
    for (;;) {
        char *plus = strchr(name, '+');
        if (!plus || plus == name || !plus[1]) break;
        *plus = '\0';
        if (!SDL_strcasecmp(name, "shift")) mod |= KMOD_LSHIFT;
        else if (!SDL_strcasecmp(name, "ctrl")) mod |= KMOD_LCTRL;
        else if (!SDL_strcasecmp(name, "alt")) mod |= KMOD_LALT;
        else {
            snprintf(why, cap, "unknown modifier '%s' (shift, ctrl, alt)", name);
            return false;
        }
        name = plus + 1;
    }
    static const char *const alias[][2] = {
        {"Enter", "Return"}, {"PgDn", "PageDown"}, {"PgUp", "PageUp"}, {"Esc", "Escape"},
        {"question", "?"},   {"plus", "+"},        {"minus", "-"},     {"slash", "/"},
        {"Del", "Delete"},   {"bracketleft", "["}, {"bracketright", "]"}, {"equal", "="},
        {"period", "."},     {"comma", ","}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (!SDL_strcasecmp(name, alias[i][0])) name = (char *)alias[i][1];
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN && strlen(name) == 1) k = (SDL_Keycode)(unsigned char)name[0];
    if (!strcmp(name, "?")) k = SDLK_QUESTION;
    if (k == SDLK_UNKNOWN) {
        snprintf(why, cap, "unknown key '%s' (SDL key names: Right, PageDown, F1, Return, a, ...)", name);
        return false;
    }
    if (k >= 'A' && k <= 'Z') k += 'a' - 'A';
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.windowID = window_id(w);
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    return true;
}

static void push_text(win_Window *w, const char *s)
{
    while (*s) {
        /* SDL's text events hold 31 bytes: cut at character boundaries */
        size_t n = 0;
        while (s[n] && n < 28) {
            unsigned char c = (unsigned char)s[n];
            n += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        }
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_TEXTINPUT;
        e.text.windowID = window_id(w);
        memcpy(e.text.text, s, n);
        SDL_PushEvent(&e);
        s += n;
        win_pump(w);
    }
}

static void push_button(win_Window *w, bool down, int x, int y, int clicks)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = window_id(w);
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = (Uint8)clicks;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
}

static void push_motion(win_Window *w, int x, int y, bool pressed)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = window_id(w);
    e.motion.x = x;
    e.motion.y = y;
    e.motion.state = pressed ? SDL_BUTTON_LMASK : 0;
    SDL_PushEvent(&e);
}

static void push_window(win_Window *w, Uint8 what)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.windowID = window_id(w);
    e.window.event = what;
    SDL_PushEvent(&e);
}

/* One line of a script; false with the reason. */
static bool script_line(win_Window *w, char *line, char *why, size_t cap)
{
    char cmd[32] = "";
    int used = 0;
    if (sscanf(line, "%31s%n", cmd, &used) != 1) return true;
    char *rest = line + used;
    /* text keeps its spaces: only the one separator after the event's name goes */
    if (!strcmp(cmd, "text")) rest += *rest == ' ' || *rest == '\t';
    else while (*rest == ' ' || *rest == '\t') rest++;
    int a = 0, b = 0, c = 0, d = 0;
    if (!strcmp(cmd, "key")) {
        if (!*rest) {
            snprintf(why, cap, "key needs a key name, e.g. 'key Right' or 'key shift+Right'");
            return false;
        }
        if (!push_key(w, rest, why, cap)) return false;
    } else if (!strcmp(cmd, "text")) {
        push_text(w, rest);
    } else if (!strcmp(cmd, "click") || !strcmp(cmd, "dclick")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2) {
            snprintf(why, cap, "%s needs X Y", cmd);
            return false;
        }
        push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        push_button(w, false, a, b, 1);
        if (cmd[0] == 'd') {
            win_pump(w);
            push_button(w, true, a, b, 2);
            push_button(w, false, a, b, 2);
        }
    } else if (!strcmp(cmd, "move")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2) {
            snprintf(why, cap, "move needs X Y");
            return false;
        }
        push_motion(w, a, b, false);
    } else if (!strcmp(cmd, "drag")) {
        if (sscanf(rest, "%d %d %d %d", &a, &b, &c, &d) != 4) {
            snprintf(why, cap, "drag needs X1 Y1 X2 Y2");
            return false;
        }
        push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        win_pump(w);
        for (int i = 1; i <= 8; i++) {
            push_motion(w, a + (c - a) * i / 8, b + (d - b) * i / 8, true);
            win_pump(w);
        }
        push_button(w, false, c, d, 1);
    } else if (!strcmp(cmd, "wheel")) {
        if (sscanf(rest, "%d", &a) != 1) {
            snprintf(why, cap, "wheel needs DY (positive zooms in)");
            return false;
        }
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEWHEEL;
        e.wheel.windowID = window_id(w);
        e.wheel.y = a;
        e.wheel.preciseY = (float)a;
        SDL_PushEvent(&e);
    } else if (!strcmp(cmd, "resize")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2 || a < 1 || b < 1 || a > 16384 || b > 16384) {
            snprintf(why, cap, "resize needs W H (1..16384)");
            return false;
        }
        SDL_SetWindowSize(w->win, a, b);
    } else if (!strcmp(cmd, "wait")) {
        if (sscanf(rest, "%d", &a) != 1 || a < 0) {
            snprintf(why, cap, "wait needs MS");
            return false;
        }
        win_advance(w, a);
    } else if (!strcmp(cmd, "focus")) {
        bool out = !strcmp(rest, "out") || !strcmp(rest, "lost") || !strcmp(rest, "0");
        push_window(w, out ? SDL_WINDOWEVENT_FOCUS_LOST : SDL_WINDOWEVENT_FOCUS_GAINED);
    } else if (!strcmp(cmd, "screenshot")) {
        if (!*rest) {
            snprintf(why, cap, "screenshot needs a PATH");
            return false;
        }
        win_pump(w);
        char err[512];
        if (!win_screenshot(w, rest, err, sizeof err)) {
            snprintf(why, cap, "%s", err);
            return false;
        }
    } else if (!strcmp(cmd, "quit")) {
        w->quit = true;
    } else {
        snprintf(why, cap, "unknown event '%s' (key, text, click, dclick, move, drag, wheel, "
                           "resize, wait, focus, screenshot, quit)", cmd);
        return false;
    }
    win_pump(w);
    return true;
}

bool win_run_script(win_Window *w, const char *path, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_cap, "%s: %s", path, strerror(errno));
        return false;
    }
    win_pump(w);
    char line[8192];
    int no = 0;
    bool ok = true;
    while (ok && !w->quit && fgets(line, sizeof line, f)) {
        no++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '#') continue;
        char why[512] = "";
        if (!script_line(w, p, why, sizeof why)) {
            snprintf(err, err_cap, "%s:%d: %s", path, no, why);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}

/* --- the benchmark -------------------------------------------------------------------------------- */

/* CPU time of the whole process (every thread), to tell our cost from a busy machine's. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(FILE *out, const char *what, double *t, int n)
{
    if (n <= 0) return;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++) sum += t[i];
    fprintf(out, "%-28s n=%-5d p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms  mean %6.2f ms\n",
            what, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1], sum / n);
}

/* 25 words the model knows: the Figure 3 sentence's words when it has them, else its own. */
static void bench_sentence(const tf_Model *m, int variant, char *out, size_t cap)
{
    const char *fig3[] = {"it", "is", "in", "this", "spirit", "that", "a", "majority", "of",
                          "american", "governments", "have", "passed", "new", "laws", "since",
                          "2009", "making", "the", "registration", "or", "voting", "process",
                          "more", "difficult"};
    bool known = true;
    for (int i = 0; i < 25; i++) known = known && tf_vocab_find(&m->src_vocab, fig3[i]) >= 0;
    size_t used = 0;
    out[0] = '\0';
    int k = 0;
    for (int i = 0; i < 25 && used + 1 < cap; i++) {
        const char *word = NULL;
        if (known) {
            word = fig3[i];
            if (variant && i == 13 && tf_vocab_find(&m->src_vocab, "strict") >= 0) word = "strict";
        } else {
            for (int tries = 0; tries < m->src_vocab.n && !word; tries++, k++) {
                const char *t = m->src_vocab.tokens[(k + (variant && i == 13 ? 1 : 0)) % m->src_vocab.n];
                if (t[0] != '<') word = t;
            }
            k++;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? " " : "", word ? word : "a");
    }
}

void win_bench(win_Window *w, int frames, FILE *out)
{
    ui_State *st = w->st;
    st->hint = st->help = false;
    SDL_SetWindowSize(w->win, 1920, 1080);
    win_pump(w);
    win_draw(w);
    int ow, oh;
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    const char *rname = "?";
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(w->r, &info) == 0) rname = info.name;
    fprintf(out, "tfscope view --bench-frames %d: %d×%d output, renderer %s, video driver %s\n",
            frames, ow, oh, rname, SDL_GetCurrentVideoDriver());
    size_t cap = (size_t)(frames > 0 ? frames : 1);
    double *all = tf_xmalloc(cap * sizeof *all), *cpu = tf_xmalloc(cap * sizeof *cpu);
    double *hover = tf_xmalloc(cap * sizeof *hover), *step = tf_xmalloc(cap * sizeof *step);
    int n_hover = 0, n_step = 0;
    double *by_mode[UI_MODE_COUNT];
    int n_mode[UI_MODE_COUNT] = {0};
    for (int m = 0; m < UI_MODE_COUNT; m++) by_mode[m] = tf_xmalloc((size_t)(frames > 0 ? frames : 1) * sizeof(double));
    int per_mode = frames / UI_MODE_COUNT > 0 ? frames / UI_MODE_COUNT : 1;
    for (int i = 0; i < frames; i++) {
        int mode = (i / per_mode) % UI_MODE_COUNT;
        if (st->mode != (ui_Mode)mode) ui_set_mode(st, (ui_Mode)mode);
        dr_Rect r = w->frame.r_main;
        float d = dpi_of(w);
        /* hover: sweep the main view in a zigzag, one cell-sized move per frame */
        float fx = (float)((i * 37) % 100) / 100.0f, fy = (float)((i * 53) % 100) / 100.0f;
        double t0 = now_ms(), c0 = cpu_ms();
        if (i % 6 == 5) push_key(w, "Right", NULL, 0);
        push_motion(w, (int)((r.x + r.w * (0.1f + 0.8f * fx)) / d), (int)((r.y + r.h * (0.1f + 0.8f * fy)) / d), false);
        SDL_Event e;
        while (SDL_PollEvent(&e)) handle(w, &e);
        st->version++;  /* every frame is drawn, as if something changed */
        win_draw(w);
        double dt = now_ms() - t0;
        all[i] = dt;
        cpu[i] = cpu_ms() - c0;
        by_mode[mode][n_mode[mode]++] = dt;
        if (i % 6 == 5) step[n_step++] = dt;
        else hover[n_hover++] = dt;
    }
    report(out, "all frames", all, frames);
    report(out, "  hovering only", hover, n_hover);
    report(out, "  with a step (1 in 6)", step, n_step);
    report(out, "  CPU time of this process", cpu, frames);
    static const char *names[UI_MODE_COUNT] = {"  in the step view", "  in the tensor view", "  in the lines view (Fig. 3)", "  in the all-heads grid"};
    for (int m = 0; m < UI_MODE_COUNT; m++) report(out, names[m], by_mode[m], n_mode[m]);
    for (int m = 0; m < UI_MODE_COUNT; m++) free(by_mode[m]);
    free(all);
    free(cpu);
    free(hover);
    free(step);
    if (!st->model) {
        fprintf(out, "re-run: no model (a trace file was opened)\n");
        return;
    }
    /* re-running the model after an edit of a 25-word sentence */
    char a[1024], b[1024];
    bench_sentence(st->model, 0, a, sizeof a);
    bench_sentence(st->model, 1, b, sizeof b);
    double run[40], model_ms[40];
    int n = 0;
    bool beam = st->beam;
    for (int pass = 0; pass < 2; pass++) {
        st->beam = pass == 1;
        n = 0;
        for (int i = 0; i < 20; i++) {
            ui_field_set(st, i % 2 ? b : a);
            double t0 = now_ms();
            bool ok = ui_run(st);
            double t1 = now_ms();
            if (!ok) {
                fprintf(out, "re-run failed: %s\n", st->msg);
                break;
            }
            run[n] = t1 - t0;
            model_ms[n++] = st->last_run_ms;
        }
        char what[64];
        snprintf(what, sizeof what, "re-run, 25 words, %s", pass ? "beam 4" : "greedy");
        report(out, what, run, n);
        snprintf(what, sizeof what, "  of which decode + trace");
        report(out, what, model_ms, n);
    }
    st->beam = beam;
    const tf_Trace *tr = ui_trace(st);
    if (tr) fprintf(out, "sentence: %d source tokens, %d decoder positions, %d recorded steps\n",
                    tr->n_src, tr->n_tgt, tr->n_nodes);
}

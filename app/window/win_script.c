/* win_script.c — `--script FILE`: key, mouse, text, resize, wait and screenshot events, one per
 * line, played into the window as if a person did them; a bad line is reported as FILE:LINE. */
#include "win_sdl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "cli.h"
#include "rd_export.h"
#include "rd_fonts.h"
#include "rd_png.h"
#include "rd_sdl.h"
#include "utf8.h"
#include "win_sdl_int.h"
#include "win_script_parse.h"
#include "win_strings.h"
#include "tf_limits.h"

/* --- scripts ------------------------------------------------------------------------------------- */

static Uint32 window_id(win_Window *w)
{
    return SDL_GetWindowID(w->win);
}

bool win_push_key(win_Window *w, const char *spec, char *why, size_t cap)
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
    win_push_keycode(w, k, mod);
    return true;
}

void win_push_keycode(win_Window *w, int key, unsigned mod)
{
    SDL_Keycode k = key;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.windowID = window_id(w);
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = (Uint16)mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

static void push_text(win_Window *w, const char *s)
{
    while (*s) {
        /* SDL's text events hold 31 bytes: cut at character boundaries */
        size_t n = 0;
        while (s[n] && n < 28) n = tf_utf8_next(s, n);
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

static void push_button_of(win_Window *w, Uint8 button, bool down, int x, int y, int clicks)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = window_id(w);
    e.button.button = button;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = (Uint8)clicks;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
}

static void push_button(win_Window *w, bool down, int x, int y, int clicks)
{
    push_button_of(w, SDL_BUTTON_LEFT, down, x, y, clicks);
}

void win_push_motion(win_Window *w, int x, int y, bool pressed)
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

/* One event of a script; false with the reason. */
static bool play(win_Window *w, const win_ScriptEvent *ev, char *why, size_t cap)
{
    int a = ev->a, b = ev->b, c = ev->c, d = ev->d;
    switch (ev->kind) {
    case WIN_EV_KEY:
        if (!win_push_key(w, ev->arg, why, cap)) return false;
        break;
    case WIN_EV_TEXT: push_text(w, ev->arg); break;
    case WIN_EV_CLICK:
    case WIN_EV_DCLICK:
        win_push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        push_button(w, false, a, b, 1);
        if (ev->kind == WIN_EV_DCLICK) {
            win_pump(w);
            push_button(w, true, a, b, 2);
            push_button(w, false, a, b, 2);
        }
        break;
    case WIN_EV_RCLICK:
        win_push_motion(w, a, b, false);
        push_button_of(w, SDL_BUTTON_RIGHT, true, a, b, 1);
        push_button_of(w, SDL_BUTTON_RIGHT, false, a, b, 1);
        break;
    case WIN_EV_MOVE: win_push_motion(w, a, b, false); break;
    case WIN_EV_DRAG:
        win_push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        win_pump(w);
        for (int i = 1; i <= 8; i++) {
            win_push_motion(w, a + (int)((long long)(c - a) * i / 8), b + (int)((long long)(d - b) * i / 8), true);
            win_pump(w);
        }
        push_button(w, false, c, d, 1);
        break;
    case WIN_EV_WHEEL: {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEWHEEL;
        e.wheel.windowID = window_id(w);
        e.wheel.y = a;
        e.wheel.preciseY = (float)a;
        SDL_PushEvent(&e);
        break;
    }
    case WIN_EV_RESIZE: SDL_SetWindowSize(w->win, a, b); break;
    case WIN_EV_WAIT: win_advance(w, a); break;
    case WIN_EV_FOCUS: push_window(w, a ? SDL_WINDOWEVENT_FOCUS_LOST : SDL_WINDOWEVENT_FOCUS_GAINED); break;
    case WIN_EV_SCREENSHOT: {
        win_pump(w);
        char err[512];
        if (!win_screenshot(w, ev->arg, err, sizeof err)) {
            snprintf(why, cap, "%s", err);
            return false;
        }
        break;
    }
    case WIN_EV_QUIT: w->quit = true; break;
    }
    win_pump(w);
    return true;
}

bool win_run_script(win_Window *w, const char *path, char *err, size_t err_cap)
{
    /* read whole and checked before the first event is played: a FIFO or a device is refused
     * without blocking, a bad line anywhere is reported before the window does anything */
    uint8_t *buf;
    size_t len;
    char why[512];
    if (!cli_read_file_max(path, TF_MAX_SCRIPT_BYTES, &buf, &len, why, sizeof why)) {
        snprintf(err, err_cap, "%s: %s%s", path, why, strstr(why, "the limit") ?
                 " (TF_MAX_SCRIPT_BYTES)" : "");
        return false;
    }
    win_Script sc;
    bool ok = win_script_parse(path, buf, len, &sc, err, err_cap);
    cli_free_file(buf, len);
    if (!ok) return false;
    win_pump(w);
    for (int i = 0; ok && !w->quit && i < sc.n; i++) {
        why[0] = 0;
        if (!play(w, &sc.ev[i], why, sizeof why)) {
            snprintf(err, err_cap, "%s:%d: %s", path, sc.ev[i].line, why);
            ok = false;
        }
    }
    win_script_free(&sc);
    return ok;
}

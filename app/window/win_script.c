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
#include "win_strings.h"

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
        if (!win_push_key(w, rest, why, cap)) return false;
    } else if (!strcmp(cmd, "text")) {
        push_text(w, rest);
    } else if (!strcmp(cmd, "click") || !strcmp(cmd, "dclick")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2) {
            snprintf(why, cap, "%s needs X Y", cmd);
            return false;
        }
        win_push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        push_button(w, false, a, b, 1);
        if (cmd[0] == 'd') {
            win_pump(w);
            push_button(w, true, a, b, 2);
            push_button(w, false, a, b, 2);
        }
    } else if (!strcmp(cmd, "rclick")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2) {
            snprintf(why, cap, "rclick needs X Y");
            return false;
        }
        win_push_motion(w, a, b, false);
        push_button_of(w, SDL_BUTTON_RIGHT, true, a, b, 1);
        push_button_of(w, SDL_BUTTON_RIGHT, false, a, b, 1);
    } else if (!strcmp(cmd, "move")) {
        if (sscanf(rest, "%d %d", &a, &b) != 2) {
            snprintf(why, cap, "move needs X Y");
            return false;
        }
        win_push_motion(w, a, b, false);
    } else if (!strcmp(cmd, "drag")) {
        if (sscanf(rest, "%d %d %d %d", &a, &b, &c, &d) != 4) {
            snprintf(why, cap, "drag needs X1 Y1 X2 Y2");
            return false;
        }
        win_push_motion(w, a, b, false);
        push_button(w, true, a, b, 1);
        win_pump(w);
        for (int i = 1; i <= 8; i++) {
            win_push_motion(w, a + (c - a) * i / 8, b + (d - b) * i / 8, true);
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

/* win_script_parse.c — a window script's lines into events (win_script_parse.h). A script is
 * untrusted input: its size, the length of each line, the numbers and their ranges are checked
 * here, before anything is played; nothing is reserved before the line count is known. */
#include "win_script_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf_base.h"
#include "tf_limits.h"

static const struct {
    const char *name;
    win_EvKind kind;
    int n_ints;       /* numbers that follow */
    const char *usage;
} EVENTS[] = {
    {"key", WIN_EV_KEY, 0, "key needs a key name, e.g. 'key Right' or 'key shift+Right'"},
    {"text", WIN_EV_TEXT, 0, ""},
    {"click", WIN_EV_CLICK, 2, "click needs X Y"},
    {"dclick", WIN_EV_DCLICK, 2, "dclick needs X Y"},
    {"rclick", WIN_EV_RCLICK, 2, "rclick needs X Y"},
    {"move", WIN_EV_MOVE, 2, "move needs X Y"},
    {"drag", WIN_EV_DRAG, 4, "drag needs X1 Y1 X2 Y2"},
    {"wheel", WIN_EV_WHEEL, 1, "wheel needs DY (positive zooms in)"},
    {"resize", WIN_EV_RESIZE, 2, "resize needs W H (1..16384)"},
    {"wait", WIN_EV_WAIT, 1, "wait needs MS (0..600000)"},
    {"focus", WIN_EV_FOCUS, 0, ""},
    {"screenshot", WIN_EV_SCREENSHOT, 0, "screenshot needs a PATH"},
    {"quit", WIN_EV_QUIT, 0, ""},
};
enum { N_EVENTS = sizeof EVENTS / sizeof EVENTS[0] };

/* n whole numbers in [lo, hi] separated by blanks, and nothing else but blanks after them. */
static bool ints(const char *s, int n, int *out, long lo, long hi)
{
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (end == s || errno || v < lo || v > hi) return false;
        out[i] = (int)v;
        s = end;
    }
    while (*s == ' ' || *s == '\t') s++;
    return !*s;
}

/* One line without its newline, blanks before it skipped and not a comment. */
static bool parse_line(char *line, win_ScriptEvent *ev, char *why, size_t cap)
{
    size_t len = strcspn(line, " \t");
    char *rest = line + len;
    int k = 0;
    while (k < N_EVENTS && (strlen(EVENTS[k].name) != len || strncmp(EVENTS[k].name, line, len)))
        k++;
    if (k == N_EVENTS) {
        snprintf(why, cap, "unknown event '%.*s' (key, text, click, dclick, rclick, move, drag, wheel, "
                 "resize, wait, focus, screenshot, quit)", (int)(len < 40 ? len : 40), line);
        return false;
    }
    ev->kind = EVENTS[k].kind;
    /* text keeps its spaces: only the one separator after the event's name goes */
    if (ev->kind == WIN_EV_TEXT) rest += *rest == ' ' || *rest == '\t';
    else
        while (*rest == ' ' || *rest == '\t') rest++;
    bool ok = true;
    int v[4] = {0};
    switch (ev->kind) {
    case WIN_EV_KEY:
    case WIN_EV_SCREENSHOT:
        ok = *rest != 0;
        break;
    case WIN_EV_RESIZE: ok = ints(rest, 2, v, 1, 16384); break;
    case WIN_EV_WAIT: ok = ints(rest, 1, v, 0, WIN_SCRIPT_MAX_WAIT_MS); break;
    case WIN_EV_TEXT:
    case WIN_EV_FOCUS:
    case WIN_EV_QUIT: break;
    default:
        ok = ints(rest, EVENTS[k].n_ints, v, -WIN_SCRIPT_MAX_COORD, WIN_SCRIPT_MAX_COORD);
        break;
    }
    if (!ok) {
        snprintf(why, cap, "%s", EVENTS[k].usage);
        return false;
    }
    ev->a = v[0], ev->b = v[1], ev->c = v[2], ev->d = v[3];
    if (ev->kind == WIN_EV_FOCUS)
        ev->a = !strcmp(rest, "out") || !strcmp(rest, "lost") || !strcmp(rest, "0");
    if (ev->kind == WIN_EV_KEY || ev->kind == WIN_EV_TEXT || ev->kind == WIN_EV_SCREENSHOT)
        ev->arg = tf_xstrdup(rest);
    return true;
}

bool win_script_parse(const char *path, const uint8_t *buf, size_t len, win_Script *out,
                      char *err, size_t err_cap)
{
    memset(out, 0, sizeof *out);
    if (len > TF_MAX_SCRIPT_BYTES) {
        snprintf(err, err_cap, "%s: %zu bytes; the limit is %u (TF_MAX_SCRIPT_BYTES)", path, len,
                 (unsigned)TF_MAX_SCRIPT_BYTES);
        return false;
    }
    if (memchr(buf, 0, len)) {
        snprintf(err, err_cap, "%s: not a text file (it holds a NUL byte)", path);
        return false;
    }
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    out->ev = tf_xcalloc(lines + 1, sizeof *out->ev);
    char *line = tf_xmalloc(TF_MAX_SCRIPT_LINE + 1);
    bool ok = true;
    int no = 0;
    for (size_t at = 0; ok && at < len;) {
        const uint8_t *nl = memchr(buf + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
        no++;
        if (n && buf[at + n - 1] == '\r') n--;
        if (n > TF_MAX_SCRIPT_LINE) {
            snprintf(err, err_cap, "%s:%d: the line is %zu bytes; the limit is %d "
                     "(TF_MAX_SCRIPT_LINE)", path, no, n, TF_MAX_SCRIPT_LINE);
            ok = false;
            break;
        }
        memcpy(line, buf + at, n);
        line[n] = 0;
        at += (nl ? (size_t)(nl - (buf + at)) + 1 : len - at);
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '#') continue;
        win_ScriptEvent *ev = &out->ev[out->n];
        char why[512];
        if (!parse_line(p, ev, why, sizeof why)) {
            snprintf(err, err_cap, "%s:%d: %s", path, no, why);
            ok = false;
            break;
        }
        ev->line = no;
        out->n++;
    }
    free(line);
    if (!ok) win_script_free(out);
    return ok;
}

void win_script_free(win_Script *s)
{
    for (int i = 0; i < s->n; i++) free(s->ev[i].arg);
    free(s->ev);
    memset(s, 0, sizeof *s);
}

/* win_script_parse.h — a window script read into events before any is played: every line
 * checked (its event, its numbers and their ranges, its length), so that a bad line is reported
 * as FILE:LINE before the window does anything. No SDL: the fuzz harness and the tests call it
 * alone. Playing the events is win_script.c. */
#ifndef TF_WIN_SCRIPT_PARSE_H
#define TF_WIN_SCRIPT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIN_SCRIPT_MAX_WAIT_MS 600000   /* one wait: ten minutes of the window's clock */
#define WIN_SCRIPT_MAX_COORD 1000000    /* |X|, |Y| of a click, move or drag; |DY| of a wheel */

typedef enum {
    WIN_EV_KEY, WIN_EV_TEXT, WIN_EV_CLICK, WIN_EV_DCLICK, WIN_EV_RCLICK, WIN_EV_MOVE, WIN_EV_DRAG,
    WIN_EV_WHEEL, WIN_EV_RESIZE, WIN_EV_WAIT, WIN_EV_FOCUS, WIN_EV_SCREENSHOT, WIN_EV_QUIT,
} win_EvKind;

typedef struct {
    win_EvKind kind;
    int line;          /* in the script, from 1 */
    int a, b, c, d;    /* X Y [X2 Y2], DY, W H, MS; focus: 1 for out */
    char *arg;         /* key: the spec ("shift+Right"); text: the text; screenshot: the path */
} win_ScriptEvent;

typedef struct {
    win_ScriptEvent *ev;
    int n;
} win_Script;

/* The bytes of a script file (at most TF_MAX_SCRIPT_BYTES, lines of at most TF_MAX_SCRIPT_LINE
 * bytes; # starts a comment line). False with "PATH:LINE: reason" in err. */
bool win_script_parse(const char *path, const uint8_t *buf, size_t len, win_Script *out,
                      char *err, size_t err_cap);
void win_script_free(win_Script *s);

#endif

/* win_edit.c — one line of editable text (see win_edit.h). */
#include "win_edit.h"

#include <string.h>

#include "utf8.h"

bool win_edit_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool win_edit_selection(const win_Edit *e, int *a, int *b)
{
    int n = (int)strlen(e->text), s = e->anchor, c = e->cursor;
    if (s < 0 || s == c || s > n || c > n) return false;
    *a = s < c ? s : c;
    *b = s < c ? c : s;
    return true;
}

void win_edit_cut(win_Edit *e, int a, int b)
{
    memmove(e->text + a, e->text + b, strlen(e->text + b) + 1);
    e->cursor = a;
    e->anchor = -1;
}

bool win_edit_fits(const win_Edit *e, const char *utf8)
{
    int a, b;
    bool sel = win_edit_selection(e, &a, &b);
    size_t n = strlen(e->text) - (sel ? (size_t)(b - a) : 0);
    return n + strlen(utf8) + 1 <= e->cap;
}

bool win_edit_insert(win_Edit *e, const char *utf8)
{
    if (!win_edit_fits(e, utf8)) return false;
    int a, b;
    if (win_edit_selection(e, &a, &b)) win_edit_cut(e, a, b);
    e->anchor = -1;
    size_t n = strlen(e->text), k = strlen(utf8);
    memmove(e->text + e->cursor + k, e->text + e->cursor, n - (size_t)e->cursor + 1);
    memcpy(e->text + e->cursor, utf8, k);
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)e->text[e->cursor + i] < 0x20) e->text[e->cursor + i] = ' ';
    e->cursor += (int)k;
    return true;
}

void win_edit_set(win_Edit *e, const char *text)
{
    if (!text) text = "";
    /* never leave half a UTF-8 character at the end of a truncated text */
    size_t n = strlen(text);
    if (n > e->cap - 1) n = tf_utf8_floor(text, e->cap - 1);
    memmove(e->text, text, n);
    e->text[n] = '\0';
    for (char *p = e->text; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    e->cursor = (int)n;
    e->anchor = -1;
}

/* Word moves also stop at a slash, so that Ctrl+Backspace in a folder takes one folder off. */
static bool word_sep(char c)
{
    return win_edit_is_space(c) || c == '/';
}

int win_edit_target(const win_Edit *e, int dir, bool word)
{
    const char *s = e->text;
    int i = e->cursor;
    if (dir < 0 && !word) return i <= 0 ? 0 : (int)tf_utf8_prev(s, (size_t)i);
    if (dir > 0 && !word) return (int)tf_utf8_next(s, (size_t)i);
    if (dir < 0) {
        while (i > 0 && word_sep(s[i - 1])) i--;
        while (i > 0 && !word_sep(s[i - 1])) i--;
        return i;
    }
    while (s[i] && word_sep(s[i])) i++;
    while (s[i] && !word_sep(s[i])) i++;
    return i;
}

void win_edit_place(win_Edit *e, int at, bool extend)
{
    int n = (int)strlen(e->text);
    at = at < 0 ? 0 : at > n ? n : at;
    if (!extend) e->anchor = -1;
    else if (e->anchor < 0) e->anchor = e->cursor;
    e->cursor = at;
}

void win_edit_move(win_Edit *e, int dir, bool word, bool extend)
{
    int a, b;
    if (!extend && win_edit_selection(e, &a, &b)) win_edit_place(e, dir < 0 ? a : b, false);
    else win_edit_place(e, win_edit_target(e, dir, word), extend);
}

bool win_edit_erase(win_Edit *e, int dir, bool word)
{
    int a, b;
    if (win_edit_selection(e, &a, &b)) {
        win_edit_cut(e, a, b);
        return true;
    }
    int to = win_edit_target(e, dir, word);
    if (to == e->cursor) return false;
    if (to < e->cursor) win_edit_cut(e, to, e->cursor);
    else win_edit_cut(e, e->cursor, to);
    return true;
}

void win_edit_select_all(win_Edit *e)
{
    e->anchor = 0;
    e->cursor = (int)strlen(e->text);
}

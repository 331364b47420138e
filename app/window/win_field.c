/* win_field.c — the sentence field of the window state: inserting, deleting, cursor moves by
 * character and word (UTF-8 aware), the selection, undo and redo, suggestions accepted. Part of
 * the window state (see win_state.h); the clipboard is the platform's (win_sdl.c). */
#include "win_state.h"

#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "utf8.h"
#include "win_state_int.h"
#include "win_strings.h"

/* --- undo and redo ------------------------------------------------------------------------- */

static void stack_push(win_FieldStack *k, const char *text, int cursor)
{
    if (k->n == WIN_UNDO_MAX) {
        free(k->text[0]);
        memmove(k->text, k->text + 1, (WIN_UNDO_MAX - 1) * sizeof k->text[0]);
        memmove(k->cursor, k->cursor + 1, (WIN_UNDO_MAX - 1) * sizeof k->cursor[0]);
        k->n--;
    }
    k->text[k->n] = tf_xstrdup(text);
    k->cursor[k->n] = cursor;
    k->n++;
}

static void stack_clear(win_FieldStack *k)
{
    for (int i = 0; i < k->n; i++) free(k->text[i]);
    k->n = 0;
}

void win_field_history_free(win_State *st)
{
    stack_clear(&st->hist.undo);
    stack_clear(&st->hist.redo);
    st->hist.typing = false;
}

/* Before a change of the text: remember it. Typed text joins the previous typing until a space
 * (one word, one undo). */
static void remember(win_State *st, bool typing)
{
    if (!(typing && st->hist.typing)) stack_push(&st->hist.undo, st->input, st->cursor);
    stack_clear(&st->hist.redo);
    st->hist.typing = typing;
}

static void edited(win_State *st)
{
    win_check_words(st);
    win_changed(st);
}

static bool restore(win_State *st, win_FieldStack *from, win_FieldStack *to)
{
    if (!from->n) return false;
    stack_push(to, st->input, st->cursor);
    from->n--;
    snprintf(st->input, sizeof st->input, "%s", from->text[from->n]);
    st->cursor = from->cursor[from->n];
    free(from->text[from->n]);
    if (st->cursor > (int)strlen(st->input)) st->cursor = (int)strlen(st->input);
    st->sel_anchor = -1;
    st->hist.typing = false;
    edited(st);
    return true;
}

bool win_field_undo(win_State *st)
{
    return restore(st, &st->hist.undo, &st->hist.redo);
}

bool win_field_redo(win_State *st)
{
    return restore(st, &st->hist.redo, &st->hist.undo);
}

/* --- the selection ---------------------------------------------------------------------------- */

bool win_field_selection(const win_State *st, int *a, int *b)
{
    int n = (int)strlen(st->input), s = st->sel_anchor, c = st->cursor;
    if (s < 0 || s == c || s > n || c > n) return false;
    *a = s < c ? s : c;
    *b = s < c ? c : s;
    return true;
}

char *win_field_selected_text(const win_State *st)
{
    int a, b;
    if (!win_field_selection(st, &a, &b)) return NULL;
    char *t = malloc((size_t)(b - a) + 1);
    if (!t) return NULL;
    memcpy(t, st->input + a, (size_t)(b - a));
    t[b - a] = '\0';
    return t;
}

/* Removes bytes [a, b) (no history, no re-check). */
static void cut(win_State *st, int a, int b)
{
    memmove(st->input + a, st->input + b, strlen(st->input + b) + 1);
    st->cursor = a;
    st->sel_anchor = -1;
}

bool win_field_delete_selection(win_State *st)
{
    int a, b;
    if (!win_field_selection(st, &a, &b)) return false;
    remember(st, false);
    cut(st, a, b);
    edited(st);
    return true;
}

void win_field_select_all(win_State *st)
{
    st->editing = true;
    st->sel_anchor = 0;
    st->cursor = (int)strlen(st->input);
    st->hist.typing = false;
    win_changed(st);
}

/* --- the sentence field --------------------------------------------------------------------- */

static void set_text(win_State *st, const char *text)
{
    if (!text) text = "";
    /* never leave half a UTF-8 character at the end of a truncated text */
    size_t n = strlen(text);
    if (n > sizeof st->input - 1) n = tf_utf8_floor(text, sizeof st->input - 1);
    memcpy(st->input, text, n);
    st->input[n] = '\0';
    for (char *p = st->input; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    st->cursor = (int)strlen(st->input);
    st->sel_anchor = -1;
}

void win_field_set(win_State *st, const char *text)
{
    if (strcmp(st->input, text ? text : "")) remember(st, false);
    set_text(st, text);
    edited(st);
}

void win_field_clear(win_State *st)
{
    win_field_set(st, "");
}

void win_field_insert(win_State *st, const char *utf8)
{
    int a, b;
    bool sel = win_field_selection(st, &a, &b);
    size_t n = strlen(st->input) - (sel ? (size_t)(b - a) : 0), k = strlen(utf8);
    if (n + k + 1 > sizeof st->input) return;
    remember(st, !sel && k > 0 && utf8[0] != ' ');
    if (sel) cut(st, a, b);
    st->sel_anchor = -1;
    memmove(st->input + st->cursor + k, st->input + st->cursor, n - (size_t)st->cursor + 1);
    memcpy(st->input + st->cursor, utf8, k);
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)st->input[st->cursor + i] < 0x20) st->input[st->cursor + i] = ' ';
    st->cursor += (int)k;
    edited(st);
}

static int prev_char(const char *s, int i)
{
    return i <= 0 ? 0 : (int)tf_utf8_prev(s, (size_t)i);
}

static int next_char(const char *s, int i)
{
    return (int)tf_utf8_next(s, (size_t)i);
}

static int word_left(const char *s, int i)
{
    while (i > 0 && win_is_space(s[i - 1])) i--;
    while (i > 0 && !win_is_space(s[i - 1])) i--;
    return i;
}

static int word_right(const char *s, int i)
{
    while (s[i] && win_is_space(s[i])) i++;
    while (s[i] && !win_is_space(s[i])) i++;
    return i;
}

void win_field_backspace(win_State *st, bool word)
{
    if (win_field_delete_selection(st)) return;
    int to = word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor);
    if (to == st->cursor) return;
    remember(st, false);
    cut(st, to, st->cursor);
    edited(st);
}

void win_field_delete(win_State *st)
{
    if (win_field_delete_selection(st)) return;
    int to = next_char(st->input, st->cursor);
    if (to == st->cursor) return;
    remember(st, false);
    cut(st, st->cursor, to);
    edited(st);
}

void win_field_place(win_State *st, int at, bool extend)
{
    int n = (int)strlen(st->input);
    at = at < 0 ? 0 : at > n ? n : at;
    if (!extend) st->sel_anchor = -1;
    else if (st->sel_anchor < 0) st->sel_anchor = st->cursor;
    st->cursor = at;
    st->hist.typing = false;
    win_changed(st);
}

void win_field_move(win_State *st, int dir, bool word, bool extend)
{
    int a, b;
    /* an arrow without Shift collapses a selection to its side */
    if (!extend && win_field_selection(st, &a, &b)) {
        win_field_place(st, dir < 0 ? a : b, false);
        return;
    }
    int to = dir < 0 ? (word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor))
                     : (word ? word_right(st->input, st->cursor) : next_char(st->input, st->cursor));
    win_field_place(st, to, extend);
}

void win_field_home(win_State *st, bool extend)
{
    win_field_place(st, 0, extend);
}

void win_field_end(win_State *st, bool extend)
{
    win_field_place(st, (int)strlen(st->input), extend);
}

void win_field_select_word(win_State *st, int at)
{
    int n = (int)strlen(st->input);
    at = at < 0 ? 0 : at > n ? n : at;
    int a = at, b = at;
    while (a > 0 && !win_is_space(st->input[a - 1])) a--;
    while (b < n && !win_is_space(st->input[b])) b++;
    st->editing = true;
    st->sel_anchor = a;
    st->cursor = b;
    st->hist.typing = false;
    win_changed(st);
}

void win_accept_suggestion(win_State *st, int k, int i)
{
    if (k < 0 || k >= st->n_unknown || i < 0 || i >= st->unknown[k].n_suggest) return;
    const win_Unknown *u = &st->unknown[k];
    char word[48];
    snprintf(word, sizeof word, "%s", u->suggest[i]);
    size_t n = strlen(st->input), w = strlen(word);
    if (n - (size_t)u->len + w + 1 > sizeof st->input) return;
    int start = u->start, len = u->len;
    remember(st, false);
    st->sel_anchor = -1;
    memmove(st->input + start + w, st->input + start + len, n - (size_t)(start + len) + 1);
    memcpy(st->input + start, word, w);
    st->cursor = start + (int)w;
    edited(st);
}

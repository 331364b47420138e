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
#include "win_edit.h"
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

/* The field as an editable line (win_edit.h); store() takes its cursor and selection back. */
static win_Edit edit_of(win_State *st)
{
    return (win_Edit){st->input, sizeof st->input, st->cursor, st->sel_anchor};
}

static void store(win_State *st, const win_Edit *e)
{
    st->cursor = e->cursor;
    st->sel_anchor = e->anchor;
}

bool win_field_selection(const win_State *st, int *a, int *b)
{
    win_Edit e = edit_of((win_State *)st);
    return win_edit_selection(&e, a, b);
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

/* Removes bytes [a, b) as one undoable change. */
static void cut(win_State *st, int a, int b)
{
    remember(st, false);
    win_Edit e = edit_of(st);
    win_edit_cut(&e, a, b);
    store(st, &e);
    edited(st);
}

bool win_field_delete_selection(win_State *st)
{
    int a, b;
    if (!win_field_selection(st, &a, &b)) return false;
    cut(st, a, b);
    return true;
}

void win_field_select_all(win_State *st)
{
    st->editing = true;
    win_Edit e = edit_of(st);
    win_edit_select_all(&e);
    store(st, &e);
    st->hist.typing = false;
    win_changed(st);
}

/* --- the sentence field --------------------------------------------------------------------- */

static void set_text(win_State *st, const char *text)
{
    win_Edit e = edit_of(st);
    win_edit_set(&e, text);
    store(st, &e);
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
    win_Edit e = edit_of(st);
    if (!win_edit_fits(&e, utf8)) return;
    remember(st, !win_edit_selection(&e, &a, &b) && utf8[0] && utf8[0] != ' ');
    win_edit_insert(&e, utf8);
    store(st, &e);
    edited(st);
}

/* Backspace (dir < 0) or Delete: the selection, else a character (or word) as one change. */
static void erase(win_State *st, int dir, bool word)
{
    if (win_field_delete_selection(st)) return;
    win_Edit e = edit_of(st);
    int to = win_edit_target(&e, dir, word);
    if (to != st->cursor) cut(st, to < st->cursor ? to : st->cursor, to < st->cursor ? st->cursor : to);
}

void win_field_backspace(win_State *st, bool word)
{
    erase(st, -1, word);
}

void win_field_delete(win_State *st)
{
    erase(st, 1, false);
}

void win_field_place(win_State *st, int at, bool extend)
{
    win_Edit e = edit_of(st);
    win_edit_place(&e, at, extend);
    store(st, &e);
    st->hist.typing = false;
    win_changed(st);
}

void win_field_move(win_State *st, int dir, bool word, bool extend)
{
    win_Edit e = edit_of(st);
    win_edit_move(&e, dir, word, extend);
    store(st, &e);
    st->hist.typing = false;
    win_changed(st);
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
    while (a > 0 && !win_edit_is_space(st->input[a - 1])) a--;
    while (b < n && !win_edit_is_space(st->input[b])) b++;
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

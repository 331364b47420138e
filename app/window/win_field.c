/* win_field.c — the sentence field of the window state: inserting, deleting, cursor moves by
 * character and word (UTF-8 aware), suggestions accepted. Part of ui_state (see win_state.h). */
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

/* --- the sentence field --------------------------------------------------------------------- */

static void edited(win_State *st)
{
    win_check_words(st);
    win_changed(st);
}

void win_field_set(win_State *st, const char *text)
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
    edited(st);
}

void win_field_insert(win_State *st, const char *utf8)
{
    size_t n = strlen(st->input), k = strlen(utf8);
    if (n + k + 1 > sizeof st->input) return;
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
    int to = word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor);
    if (to == st->cursor) return;
    memmove(st->input + to, st->input + st->cursor, strlen(st->input + st->cursor) + 1);
    st->cursor = to;
    edited(st);
}

void win_field_delete(win_State *st)
{
    int to = next_char(st->input, st->cursor);
    if (to == st->cursor) return;
    memmove(st->input + st->cursor, st->input + to, strlen(st->input + to) + 1);
    edited(st);
}

void win_field_move(win_State *st, int dir, bool word)
{
    if (dir < 0) st->cursor = word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor);
    else st->cursor = word ? word_right(st->input, st->cursor) : next_char(st->input, st->cursor);
    win_changed(st);
}

void win_field_home(win_State *st)
{
    st->cursor = 0;
    win_changed(st);
}

void win_field_end(win_State *st)
{
    st->cursor = (int)strlen(st->input);
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
    memmove(st->input + start + w, st->input + start + len, n - (size_t)(start + len) + 1);
    memcpy(st->input + start, word, w);
    st->cursor = start + (int)w;
    edited(st);
}

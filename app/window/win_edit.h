/* win_edit.h — one line of editable text: a caller-owned buffer, a cursor and a selection's
 * anchor, as byte offsets on UTF-8 character boundaries. Inserting (replacing the selection),
 * removing, moving by character or word, selecting. The sentence field (win_field.c, which adds
 * undo and the check of its words) and the export dialog's fields (win_save.c) are both this.
 * Not history, not drawing, not the platform's clipboard.
 *
 *     char name[256] = "figure";
 *     win_Edit e = {name, sizeof name, 6, -1};
 *     win_edit_insert(&e, "-3");            // "figure-3", the cursor after it
 *     win_edit_select_all(&e);
 *     win_edit_insert(&e, "x");             // the selection replaced: "x"
 */
#ifndef TF_WIN_EDIT_H
#define TF_WIN_EDIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *text;       /* NUL-terminated, at most cap - 1 bytes */
    size_t cap;
    int cursor;       /* byte offset */
    int anchor;       /* the selection's other end; -1 = no selection */
} win_Edit;

/* A separator of words: space, tab, newline, carriage return. */
bool win_edit_is_space(char c);
/* The selected bytes [*a, *b); false when nothing is selected. */
bool win_edit_selection(const win_Edit *e, int *a, int *b);
/* Removes bytes [a, b); the cursor goes to a, the selection is dropped. */
void win_edit_cut(win_Edit *e, int a, int b);
/* Whether utf8 fits in place of the selection (or at the cursor). */
bool win_edit_fits(const win_Edit *e, const char *utf8);
/* utf8 in place of the selection (or at the cursor), control bytes as spaces; false (nothing
 * changed) when it does not fit. */
bool win_edit_insert(win_Edit *e, const char *utf8);
/* Replaces the whole text (cut at a character boundary when too long), the cursor at its end. */
void win_edit_set(win_Edit *e, const char *text);
/* Where a move by one character or word in direction dir (< 0 left) from the cursor lands; words
 * end at separators and at '/'. */
int win_edit_target(const win_Edit *e, int dir, bool word);
/* The cursor to at (clamped); extend keeps (or starts) the selection from the old cursor. */
void win_edit_place(win_Edit *e, int at, bool extend);
/* An arrow: a selection collapses to its side without extend, else the cursor moves. */
void win_edit_move(win_Edit *e, int dir, bool word, bool extend);
/* Backspace (dir < 0) or Delete (dir > 0): the selection, else a character or word; false when
 * nothing was removed. */
bool win_edit_erase(win_Edit *e, int dir, bool word);
void win_edit_select_all(win_Edit *e);

#endif

/* win_save.h — the export dialog of the window, as plain state: a folder and a file name (each
 * an editable line, win_edit.h), a format (PNG, SVG or CSV), the keys that drive it (Tab between
 * the parts, arrows on the format, Enter saves, Esc cancels) and the path it would write. The
 * choices it was last saved with are what Ctrl+S uses without opening it.
 * Not writing (win_export.c renders and writes) and not drawing (win_layout_save.c).
 *
 *     win_save_open(&st, "tfscope-enc.0.self_attn.weights-20261204-091500");
 *     win_save_text(&st, "figure3");         // the name is selected on opening: replaced
 *     win_save_key(&st, WIN_KEY_TAB, 0, 0);   // to the format
 *     win_save_key(&st, WIN_KEY_RIGHT, 0, 0); // SVG
 *     char path[4096], why[512];
 *     win_Format fmt;
 *     if (win_save_target(&st, path, sizeof path, &fmt, why, sizeof why)) ...write it...
 */
#ifndef TF_WIN_SAVE_H
#define TF_WIN_SAVE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { WIN_FMT_PNG, WIN_FMT_SVG, WIN_FMT_CSV, WIN_FMT_COUNT } win_Format;

typedef enum { WIN_SAVE_FOLDER, WIN_SAVE_NAME, WIN_SAVE_FORMAT, WIN_SAVE_PART_COUNT } win_SavePart;

#define WIN_SAVE_FOLDER_MAX 1024
#define WIN_SAVE_NAME_MAX 256

typedef struct {
    bool open;
    win_SavePart focus;
    char folder[WIN_SAVE_FOLDER_MAX];   /* the dialog's folder field */
    int folder_cursor, folder_anchor;
    char name[WIN_SAVE_NAME_MAX];       /* the file name, with or without its extension */
    int name_cursor, name_anchor;
    win_Format format;
    char error[640];                    /* why the last attempt failed; "" = none */
    /* the last choices: Ctrl+S writes with them; the dialog opens on them */
    char last_folder[WIN_SAVE_FOLDER_MAX];
    win_Format last_format;
} win_Save;

struct win_State;

/* The extension of a format, with its dot: ".png". */
const char *win_format_ext(win_Format f);
/* The format a file name's extension names (case-insensitive); WIN_FMT_COUNT when none. */
win_Format win_format_of_name(const char *name);

/* The folder exports go to until the dialog chooses another (--export-dir, made absolute). */
void win_save_set_folder(struct win_State *st, const char *folder);
/* Opens the dialog on the last choices, with name proposed (selected: typing replaces it). */
void win_save_open(struct win_State *st, const char *name);
void win_save_close(struct win_State *st);
/* A key while the dialog is open (win_input.h's keys; mods WIN_MOD_*): true when Enter asks to
 * save (the caller writes, then calls win_save_done or win_save_failed). */
bool win_save_key(struct win_State *st, int key, int ch, unsigned mods);
void win_save_text(struct win_State *st, const char *utf8);
/* A click on the dialog's widget (win_layout.h's WIN_W_SAVE_*): a field or the format row takes
 * the focus, a format chip chooses, Cancel closes; true for Save. */
bool win_save_click(struct win_State *st, int widget, int arg);
/* The file the dialog would write and its format (the name's own extension wins, else the
 * chosen format's is added); false with why when there is none (no name, a name with '/', a
 * folder that is not one). */
bool win_save_target(const struct win_State *st, char *path, size_t cap, win_Format *fmt,
                     char *why, size_t why_cap);
/* After a write from the dialog: closes it and keeps its folder and format as the last choices. */
void win_save_done(struct win_State *st, win_Format fmt);
/* After a failed write: the dialog stays open and shows why. */
void win_save_failed(struct win_State *st, const char *why);

#endif

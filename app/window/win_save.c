/* win_save.c — the export dialog's state and keys (see win_save.h). Plain C: the folder is
 * looked at (stat) to say what is wrong with it before anything is rendered. */
#define _GNU_SOURCE
#include "win_save.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "win_edit.h"
#include "win_input.h"
#include "win_state_int.h"
#include "win_strings.h"

static const char *const EXT[WIN_FMT_COUNT] = {".png", ".svg", ".csv"};

const char *win_format_ext(win_Format f)
{
    return f >= 0 && f < WIN_FMT_COUNT ? EXT[f] : "";
}

win_Format win_format_of_name(const char *name)
{
    size_t n = strlen(name);
    for (int f = 0; f < WIN_FMT_COUNT; f++)
        if (n > 4 && !strcasecmp(name + n - 4, EXT[f])) return (win_Format)f;
    return WIN_FMT_COUNT;
}

void win_save_set_folder(win_State *st, const char *folder)
{
    char *abs = folder && folder[0] ? realpath(folder, NULL) : NULL;
    snprintf(st->save.last_folder, sizeof st->save.last_folder, "%s",
             abs ? abs : folder ? folder : "");
    free(abs);
}

/* The dialog's two lines as editable text; put() takes cursor and selection back. */
static win_Edit edit_of(win_Save *s, win_SavePart part)
{
    if (part == WIN_SAVE_FOLDER)
        return (win_Edit){s->folder, sizeof s->folder, s->folder_cursor, s->folder_anchor};
    return (win_Edit){s->name, sizeof s->name, s->name_cursor, s->name_anchor};
}

static void put(win_Save *s, win_SavePart part, const win_Edit *e)
{
    if (part == WIN_SAVE_FOLDER) {
        s->folder_cursor = e->cursor;
        s->folder_anchor = e->anchor;
    } else {
        s->name_cursor = e->cursor;
        s->name_anchor = e->anchor;
    }
}

void win_save_open(win_State *st, const char *name)
{
    win_Save *s = &st->save;
    if (!s->last_folder[0]) {
        char *cwd = getcwd(NULL, 0);
        snprintf(s->last_folder, sizeof s->last_folder, "%s", cwd ? cwd : ".");
        free(cwd);
    }
    snprintf(s->folder, sizeof s->folder, "%s", s->last_folder);
    s->folder_cursor = (int)strlen(s->folder);
    s->folder_anchor = -1;
    win_Edit e = edit_of(s, WIN_SAVE_NAME);
    win_edit_set(&e, name);
    win_edit_select_all(&e);
    put(s, WIN_SAVE_NAME, &e);
    s->format = s->last_format;
    s->focus = WIN_SAVE_NAME;
    s->error[0] = '\0';
    s->open = true;
    st->help = st->hint = false;
    win_changed(st);
}

void win_save_close(win_State *st)
{
    st->save.open = false;
    win_changed(st);
}

/* A format chosen: a name that ends in another format's extension takes the new one. */
static void choose(win_Save *s, win_Format f)
{
    win_Format had = win_format_of_name(s->name);
    s->format = f;
    if (had == WIN_FMT_COUNT || had == f) return;
    size_t n = strlen(s->name);
    memcpy(s->name + n - 4, EXT[f], 4);
}

static void edit_key(win_Save *s, int key, unsigned mods)
{
    bool word = mods & WIN_MOD_CTRL, extend = mods & WIN_MOD_SHIFT;
    win_Edit e = edit_of(s, s->focus);
    switch (key) {
    case WIN_KEY_LEFT: win_edit_move(&e, -1, word, extend); break;
    case WIN_KEY_RIGHT: win_edit_move(&e, 1, word, extend); break;
    case WIN_KEY_HOME: win_edit_place(&e, 0, extend); break;
    case WIN_KEY_END: win_edit_place(&e, (int)strlen(e.text), extend); break;
    case WIN_KEY_BACKSPACE: win_edit_erase(&e, -1, word); break;
    case WIN_KEY_DELETE: win_edit_erase(&e, 1, word); break;
    default: break;
    }
    put(s, s->focus, &e);
}

static void ctrl_key(win_Save *s, int ch)
{
    if (s->focus == WIN_SAVE_FORMAT) return;
    win_Edit e = edit_of(s, s->focus);
    if (ch == 'a') win_edit_select_all(&e);
    else if (ch == 'u') win_edit_set(&e, "");
    put(s, s->focus, &e);
}

bool win_save_key(win_State *st, int key, int ch, unsigned mods)
{
    win_Save *s = &st->save;
    if (!s->open) return false;
    int n = WIN_SAVE_PART_COUNT;
    switch (key) {
    case WIN_KEY_ESCAPE: win_save_close(st); return false;
    case WIN_KEY_ENTER: return true;
    case WIN_KEY_TAB:
        s->focus = (win_SavePart)((s->focus + (mods & WIN_MOD_SHIFT ? n - 1 : 1)) % n);
        break;
    case WIN_KEY_UP: s->focus = (win_SavePart)((s->focus + n - 1) % n); break;
    case WIN_KEY_DOWN: s->focus = (win_SavePart)((s->focus + 1) % n); break;
    case WIN_KEY_CHAR:
        if (mods & WIN_MOD_CTRL) ctrl_key(s, ch);
        break;
    default:
        if (s->focus != WIN_SAVE_FORMAT) edit_key(s, key, mods);
        else if (key == WIN_KEY_LEFT || key == WIN_KEY_RIGHT)
            choose(s, (win_Format)((s->format + (key == WIN_KEY_LEFT ? WIN_FMT_COUNT - 1 : 1)) %
                                   WIN_FMT_COUNT));
        break;
    }
    s->error[0] = '\0';
    win_changed(st);
    return false;
}

void win_save_text(win_State *st, const char *utf8)
{
    win_Save *s = &st->save;
    if (!s->open) return;
    if (s->focus == WIN_SAVE_FORMAT) {
        /* the format's initial letter chooses it */
        for (int f = 0; f < WIN_FMT_COUNT; f++)
            if (utf8[0] && (utf8[0] | 0x20) == EXT[f][1]) choose(s, (win_Format)f);
    } else {
        win_Edit e = edit_of(s, s->focus);
        win_edit_insert(&e, utf8);
        put(s, s->focus, &e);
    }
    s->error[0] = '\0';
    win_changed(st);
}

bool win_save_click(win_State *st, int widget, int arg)
{
    win_Save *s = &st->save;
    switch (widget) {
    case WIN_W_SAVE_OK: return true;
    case WIN_W_SAVE_CANCEL: win_save_close(st); return false;
    case WIN_W_SAVE_PART:
        if (arg >= 0 && arg < WIN_SAVE_PART_COUNT) s->focus = (win_SavePart)arg;
        break;
    case WIN_W_SAVE_FORMAT:
        if (arg >= 0 && arg < WIN_FMT_COUNT) choose(s, (win_Format)arg);
        s->focus = WIN_SAVE_FORMAT;
        break;
    default: return false;
    }
    win_changed(st);
    return false;
}

/* The folder field with a leading ~ as $HOME. */
static void folder_of(const win_Save *s, char *out, size_t cap)
{
    const char *home = getenv("HOME");
    if (s->folder[0] == '~' && (s->folder[1] == '/' || !s->folder[1]) && home && home[0])
        snprintf(out, cap, "%s%s", home, s->folder + 1);
    else snprintf(out, cap, "%s", s->folder[0] ? s->folder : ".");
}

bool win_save_target(const win_State *st, char *path, size_t cap, win_Format *fmt, char *why,
                     size_t why_cap)
{
    const win_Save *s = &st->save;
    char dir[WIN_SAVE_FOLDER_MAX + 512];
    folder_of(s, dir, sizeof dir);
    struct stat sb;
    if (!s->name[0] || !strcmp(s->name, ".") || !strcmp(s->name, "..")) {
        snprintf(why, why_cap, "%s", win_str(st->lang, S_SAVE_NO_NAME));
        return false;
    }
    if (strchr(s->name, '/')) {
        snprintf(why, why_cap, "%s", win_str(st->lang, S_SAVE_SLASH));
        return false;
    }
    if (stat(dir, &sb) != 0) {
        snprintf(why, why_cap, win_str(st->lang, S_SAVE_NO_FOLDER), dir);
        return false;
    }
    if (!S_ISDIR(sb.st_mode)) {
        snprintf(why, why_cap, win_str(st->lang, S_SAVE_NOT_FOLDER), dir);
        return false;
    }
    win_Format f = win_format_of_name(s->name);
    *fmt = f == WIN_FMT_COUNT ? s->format : f;
    size_t dn = strlen(dir);
    while (dn > 1 && dir[dn - 1] == '/') dir[--dn] = '\0';
    int k = snprintf(path, cap, "%s%s%s%s", dir, dn && dir[dn - 1] == '/' ? "" : "/", s->name,
                     f == WIN_FMT_COUNT ? EXT[*fmt] : "");
    if (k < 0 || (size_t)k >= cap) {
        snprintf(why, why_cap, "%s", win_str(st->lang, S_SAVE_TOO_LONG));
        return false;
    }
    /* a FIFO or a device would block the window or be written through: only files */
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        snprintf(why, why_cap, win_str(st->lang, S_SAVE_NOT_FILE), path);
        return false;
    }
    return true;
}

void win_save_done(win_State *st, win_Format fmt)
{
    win_Save *s = &st->save;
    folder_of(s, s->last_folder, sizeof s->last_folder);
    s->last_format = fmt;
    s->open = false;
    win_changed(st);
}

void win_save_failed(win_State *st, const char *why)
{
    snprintf(st->save.error, sizeof st->save.error, "%s", why);
    win_changed(st);
}

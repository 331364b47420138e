/* win_export.c — what the export keys and the export dialog write: the main view as PNG or SVG
 * (the figure `tfscope export` draws, 1600×900, with its metadata) or its numbers as CSV, through
 * the output-file module (cli_output.c: atomic replacement, never a file this run has read).
 * Ctrl+S writes a fresh name in the last folder and format; the dialog (win_save.h) chooses them.
 * A failure is a message in the window, never an exit. Not the dialog's keys (win_save.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "rd_export.h"
#include "win_sdl_int.h"
#include "win_strings.h"
#include "win_views.h"

static void safe_name(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        out[n++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                           *s == '.' || *s == '_' || *s == '-'
                       ? *s
                       : '_';
    out[n] = '\0';
}

/* The local time in export names: 20261204-071900. */
static void time_stamp(char *out, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, cap, "%Y%m%d-%H%M%S", &tm);
}

/* tfscope-<tensor or view>-<time>, without an extension. */
static void auto_name(const win_State *st, const fig_View *vs, char *out, size_t cap)
{
    char tensor[TF_NAME_MAX + 16], name[TF_NAME_MAX + 16], stamp[32];
    const tf_Node *n = win_node(st);
    rd_export_view_tensor(vs, tensor, sizeof tensor);
    /* the lens and the search are of no one tensor: named by the view */
    safe_name(vs->kind == FIG_VIEW_MATRIX && n ? n->name
              : tensor[0]                      ? tensor
                                               : fig_view_kind_name(vs->kind),
              name, sizeof name);
    time_stamp(stamp, sizeof stamp);
    snprintf(out, cap, "tfscope-%s-%s", name, stamp);
}

void win_export_folder(win_Window *w)
{
    const char *dir = w->opts.export_dir ? w->opts.export_dir : getenv("TFSCOPE_EXPORT_DIR");
    win_save_set_folder(w->st, dir && dir[0] ? dir : ".");
}

bool win_export_to(win_Window *w, const char *path, win_Format fmt, char *err, size_t cap)
{
    const win_State *st = w->st;
    const tf_Trace *tr = win_trace(st);
    if (!tr || !win_node(st)) {
        snprintf(err, cap, "%s", win_str(st->lang, S_MSG_NO_MODEL));
        return false;
    }
    fig_View vs;
    win_primary_view(st, &vs);
    rd_ExportMeta meta;
    rd_export_meta(&vs, tr, &meta);
    uint8_t *png = NULL;
    char *text = NULL;
    size_t len = 0;
    bool ok;
    switch (fmt) {
    case WIN_FMT_PNG:
        ok = rd_export_png(&vs, tr, w->fonts, 1600, 900, &meta, &png, &len, err, cap);
        break;
    case WIN_FMT_SVG:
        ok = rd_export_svg(&vs, tr, w->fonts, 1600, 900, &meta, &text, &len, err, cap);
        break;
    default: ok = rd_export_csv(&vs, tr, &text, &len, err, cap); break;
    }
    if (ok) ok = cli_write_atomic_why(path, png ? (const void *)png : text, len, err, cap);
    free(png);
    free(text);
    return ok;
}

static bool exists(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0;
}

bool win_export(win_Window *w)
{
    win_State *st = w->st;
    if (!win_trace(st) || !win_node(st)) return false;
    fig_View vs;
    win_primary_view(st, &vs);
    char name[TF_NAME_MAX + 64], path[WIN_SAVE_FOLDER_MAX + TF_NAME_MAX + 96], err[1024] = "";
    auto_name(st, &vs, name, sizeof name);
    win_Format fmt = st->save.last_format;
    const char *dir = st->save.last_folder[0] ? st->save.last_folder : ".";
    snprintf(path, sizeof path, "%s/%s%s", dir, name, win_format_ext(fmt));
    /* a second export in the same second gets a name of its own */
    for (int k = 2; exists(path) && k < 100; k++)
        snprintf(path, sizeof path, "%s/%s-%d%s", dir, name, k, win_format_ext(fmt));
    bool ok = win_export_to(w, path, fmt, err, sizeof err);
    if (ok) win_message(st, WIN_MSG_INFO, 8, win_str(st->lang, S_MSG_EXPORTED_ONE), path);
    else win_message(st, WIN_MSG_ERROR, 10, win_str(st->lang, S_MSG_EXPORT_FAILED), err);
    return ok;
}

void win_export_dialog(win_Window *w)
{
    win_State *st = w->st;
    if (!win_trace(st) || !win_node(st)) return;
    fig_View vs;
    win_primary_view(st, &vs);
    char name[TF_NAME_MAX + 64];
    auto_name(st, &vs, name, sizeof name);
    win_save_open(st, name);
}

bool win_export_from_dialog(win_Window *w)
{
    win_State *st = w->st;
    char path[WIN_SAVE_FOLDER_MAX + WIN_SAVE_NAME_MAX + 512], err[1024] = "";
    win_Format fmt;
    bool ok = win_save_target(st, path, sizeof path, &fmt, err, sizeof err) &&
              win_export_to(w, path, fmt, err, sizeof err);
    if (ok) {
        win_save_done(st, fmt);
        win_message(st, WIN_MSG_INFO, 8, win_str(st->lang, S_MSG_EXPORTED_ONE), path);
    } else {
        win_save_failed(st, err);
        win_message(st, WIN_MSG_ERROR, 10, win_str(st->lang, S_MSG_EXPORT_FAILED), err);
    }
    return ok;
}

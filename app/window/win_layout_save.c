/* win_layout_save.c — the export dialog over the frame (see win_save.h): the folder and the file
 * name as one-line fields (caret, selection, scrolled to keep the caret in sight), the format as
 * three chips, the path that Enter would write (and whether it replaces a file), the last error,
 * the keys, and Save and Cancel. Not its keys (win_save.c) and not the writing (win_export.c). */
#include <sys/stat.h>

#include "win_edit.h"
#include "win_layout_int.h"

/* One line of the dialog: a field showing e, framed in the accent when it has the focus. */
static void line_field(B *b, fig_Rect r, const win_Edit *e, bool focus, win_SavePart part)
{
    rect(b, r, FIG_C_WHITE);
    frame(b, r, 1, FIG_C_BORDER);
    if (focus) frame(b, (fig_Rect){r.x - 2, r.y - 2, r.w + 4, r.h + 4}, P(b, 2), FIG_C_ACCENT);
    widget(b, WIN_W_SAVE_PART, (int)part, r);
    int size = fsize(b, 13.5f), n = (int)strlen(e->text);
    float pad = P(b, 8), inner = r.w - 2 * pad, cy = r.y + r.h * 0.5f;
    int cur = e->cursor < 0 ? 0 : e->cursor > n ? n : e->cursor;
    float cx = win_layout_prefix_w(b, e->text, 0, cur, size);
    float x0 = r.x + pad - fmaxf(0, cx - inner + P(b, 2));
    fig_draw_clip(b->l, (fig_Rect){r.x + 1, r.y, r.w - 2, r.h});
    int s0, s1;
    if (focus && win_edit_selection(e, &s0, &s1)) {
        float a = win_layout_prefix_w(b, e->text, 0, s0, size);
        float w = win_layout_prefix_w(b, e->text, s0, s1, size);
        rect(b, (fig_Rect){x0 + a, r.y + P(b, 4), w, r.h - P(b, 8)}, FIG_C_ACCENT_SOFT);
    }
    text_at(b, e->text, size, false, FIG_C_TEXT, x0, cy, FIG_LEFT | FIG_VCENTER);
    if (focus)
        rect(b, (fig_Rect){x0 + cx, r.y + P(b, 5), fmaxf(1, P(b, 2)), r.h - P(b, 10)},
             FIG_C_ACCENT);
    fig_draw_unclip(b->l);
}

/* path shortened from the left ("…/folder/name.png"), so that the file's name stays in sight. */
static void fit_left(B *b, const char *path, int size, float max_w, char *out, size_t cap)
{
    const char *p = path;
    snprintf(out, cap, "%s", p);
    while (*p && text_w(b, out, size, false) > max_w) {
        p = path + tf_utf8_next(path, (size_t)(p - path));
        snprintf(out, cap, "…%s", p);
    }
}

/* The line under the fields: the file Enter writes, or why there is none. Returns the y below. */
static float target_line(B *b, float x, float y, float w)
{
    const win_State *st = b->st;
    char path[WIN_SAVE_FOLDER_MAX + WIN_SAVE_NAME_MAX + 512], why[640], line[2400], buf[2000];
    win_Format fmt;
    int size = fsize(b, 12.5f);
    if (!win_save_target(st, path, sizeof path, &fmt, why, sizeof why))
        return paragraph(b, why, size, false, FIG_C_ERROR, x, y, w, 2);
    snprintf(line, sizeof line, win_str(st->lang, S_SAVE_WRITES), "");
    float lw = text_w(b, line, size, false);
    fit_left(b, path, size, w - lw, buf, sizeof buf);
    snprintf(line, sizeof line, win_str(st->lang, S_SAVE_WRITES), buf);
    fig_Rect t = text_at(b, line, size, false, FIG_C_TEXT, x, y, FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 4);
    struct stat sb;
    if (stat(path, &sb) == 0)
        y = paragraph(b, win_str(st->lang, S_SAVE_REPLACES), size, false, FIG_C_DIM, x, y, w, 1);
    return y;
}

static float format_row(B *b, float x, float y, float h)
{
    const win_State *st = b->st;
    static const win_StrId names[WIN_FMT_COUNT] = {S_SAVE_PNG, S_SAVE_SVG, S_SAVE_CSV};
    bool focus = st->save.focus == WIN_SAVE_FORMAT;
    float x0 = x;
    for (int f = 0; f < WIN_FMT_COUNT; f++) {
        fig_Rect r = button(b, WIN_W_SAVE_FORMAT, f, x, y, h, win_str(st->lang, names[f]),
                            st->save.format == (win_Format)f, false, FIG_LEFT);
        x = r.x + r.w + P(b, 8);
    }
    if (focus)
        frame(b, (fig_Rect){x0 - P(b, 4), y - P(b, 4), x - x0, h + P(b, 8)}, P(b, 2),
              FIG_C_ACCENT);
    return y + h;
}

void win_layout_save_dialog(B *b)
{
    const win_State *st = b->st;
    const win_Save *s = &st->save;
    float fh = P(b, 32), lab = text_h(b, fsize(b, 12)), gap = P(b, 14);
    float need = P(b, 22) + text_h(b, fsize(b, 19)) + gap + 2 * (lab + P(b, 4) + fh + gap) + lab +
                 P(b, 4) + fh + gap + 3 * (text_h(b, fsize(b, 12.5f)) + P(b, 4)) + gap +
                 text_h(b, fsize(b, 11.5f)) + gap + fh + P(b, 20);
    fig_Rect r = win_layout_card(b, P(b, 640), need);
    widget(b, WIN_W_SAVE_CARD, 0, (fig_Rect){0, 0, (float)b->f->width, (float)b->f->height});
    fig_draw_clip(b->l, r);
    float x = r.x + P(b, 24), w = r.w - P(b, 48), y = r.y + P(b, 22);
    fig_Rect t = text_at(b, win_str(st->lang, S_SAVE_TITLE), fsize(b, 19), true, FIG_C_TEXT, x, y,
                         FIG_LEFT | FIG_TOP);
    y = t.y + t.h + gap;
    static const win_StrId labels[2] = {S_SAVE_FOLDER, S_SAVE_NAME};
    for (int part = 0; part < 2; part++) {
        fig_Rect l = text_at(b, win_str(st->lang, labels[part]), fsize(b, 12), true, FIG_C_DIM, x,
                             y, FIG_LEFT | FIG_TOP);
        y = l.y + l.h + P(b, 4);
        win_Edit e = part == WIN_SAVE_FOLDER
                         ? (win_Edit){(char *)s->folder, sizeof s->folder, s->folder_cursor,
                                      s->folder_anchor}
                         : (win_Edit){(char *)s->name, sizeof s->name, s->name_cursor,
                                      s->name_anchor};
        line_field(b, (fig_Rect){x, y, w, fh}, &e, s->focus == (win_SavePart)part,
                   (win_SavePart)part);
        y += fh + gap;
    }
    fig_Rect l = text_at(b, win_str(st->lang, S_SAVE_FORMAT), fsize(b, 12), true, FIG_C_DIM, x, y,
                         FIG_LEFT | FIG_TOP);
    y = format_row(b, x, l.y + l.h + P(b, 4), fh) + gap;
    y = target_line(b, x, y, w);
    if (s->error[0]) y = paragraph(b, s->error, fsize(b, 12.5f), false, FIG_C_ERROR, x, y, w, 2);
    float by = r.y + r.h - P(b, 20) - fh;
    char keys[512];
    fit(b, win_str(st->lang, S_SAVE_KEYS), fsize(b, 11.5f), false, w, keys, sizeof keys);
    text_at(b, keys, fsize(b, 11.5f), false, FIG_C_DIM, x, by - P(b, 10), FIG_LEFT | FIG_BOTTOM);
    fig_Rect ok = button(b, WIN_W_SAVE_OK, 0, x + w, by, fh, win_str(st->lang, S_SAVE_OK), true,
                         false, FIG_RIGHT);
    button(b, WIN_W_SAVE_CANCEL, 0, ok.x - P(b, 8), by, fh, win_str(st->lang, S_SAVE_CANCEL),
           false, false, FIG_RIGHT);
    fig_draw_unclip(b->l);
}

/* win_layout_int.h — what the files of the frame layout share (win_layout.c, win_layout_views.c,
 * win_layout_top.c, win_layout_info.c, win_layout_bars.c): the builder and small drawing helpers
 * at the frame's scale over the figure kit (fig_kit.h: palette, text, fit, wrap). Private. */
#ifndef TF_WIN_LAYOUT_INT_H
#define TF_WIN_LAYOUT_INT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_cmap.h"
#include "fig_kit.h"
#include "utf8.h"
#include "win_layout.h"
#include "win_strings.h"

typedef struct {
    win_Frame *f;
    const win_State *st;
    const tf_Trace *tr;
    fig_List *l;
    float s;
} B;

/* The width of s[from, to) (a prefix of the sentence field), defined in win_layout.c. */
float win_layout_prefix_w(const B *b, const char *s, int from, int to, int size);

static inline float P(const B *b, float v)
{
    return roundf(v * b->s);
}

static inline int fsize(const B *b, float pt)
{
    int n = (int)lroundf(pt * b->s);
    return n < FIG_TEXT_MIN ? FIG_TEXT_MIN : n > FIG_TEXT_MAX ? FIG_TEXT_MAX : n;
}

static inline float text_w(const B *b, const char *str, int size, bool bold)
{
    return b->f->m.width(b->f->m.ctx, str, size, bold);
}

static inline float text_h(const B *b, int size)
{
    return b->f->m.height(b->f->m.ctx, size);
}

static inline fig_Rect text_at(const B *b, const char *str, int size, bool bold, const vec4 color,
                               float x, float y, int anchor)
{
    fig_Font f = {size, bold, FIG_ROT_0, {color[0], color[1], color[2], color[3]}, false};
    return fig_text(b->l, &b->f->m, str, &f, x, y, anchor);
}

/* str shortened with "…" to at most max_w (fig_fit). */
static inline void fit(const B *b, const char *str, int size, bool bold, float max_w, char *out,
                       size_t cap)
{
    fig_Font f = {size, bold, FIG_ROT_0, {0, 0, 0, 1}, false};
    fig_fit(&b->f->m, str, &f, max_w, out, cap);
}

/* str shortened to max_w and drawn; when shortened, str whole is its tooltip (fig_text_fit). */
static inline fig_Rect text_fit(const B *b, const char *str, int size, bool bold,
                                const vec4 color, float max_w, float x, float y, int anchor)
{
    fig_Font f = {size, bold, FIG_ROT_0, {color[0], color[1], color[2], color[3]}, false};
    return fig_text_fit(b->l, &b->f->m, str, &f, max_w, x, y, anchor);
}

/* str in lines of at most w (fig_paragraph), from (x, y); returns the next y. */
static inline float paragraph(B *b, const char *str, int size, bool bold, const vec4 color, float x,
                              float y, float w, int max_lines)
{
    fig_Font f = {size, bold, FIG_ROT_0, {color[0], color[1], color[2], color[3]}, false};
    return fig_paragraph(b->l, &b->f->m, str, &f, x, y, w, text_h(b, size) + P(b, 2), max_lines);
}

static inline void widget(B *b, win_WidgetId id, int arg, fig_Rect r)
{
    win_Frame *f = b->f;
    if (f->n_widgets == f->cap_widgets) {
        f->cap_widgets = f->cap_widgets ? f->cap_widgets * 2 : 128;
        f->widgets = realloc(f->widgets, (size_t)f->cap_widgets * sizeof *f->widgets);
        TF_ASSERT(f->widgets != NULL);
    }
    f->widgets[f->n_widgets++] = (win_Widget){id, arg, r};
}

static inline void rect(B *b, fig_Rect r, const vec4 c)
{
    if (r.w > 0 && r.h > 0) fig_draw_rect(b->l, r, c);
}

static inline void frame(B *b, fig_Rect r, float w, const vec4 c)
{
    if (r.w > 0 && r.h > 0) fig_draw_frame(b->l, r, w, c);
}

/* A button: fill, label centred; returns its rect. */
static inline fig_Rect button(B *b, win_WidgetId id, int arg, float x, float y, float h,
                              const char *label, bool active, bool dark, int anchor)
{
    int size = fsize(b, 12.5f);
    float w = text_w(b, label, size, active) + P(b, 22);
    fig_Rect r = {anchor & FIG_RIGHT ? x - w : x, y, w, h};
    const float *fill = active ? FIG_C_ACCENT : dark ? FIG_C_BUTTON : FIG_C_WHITE;
    rect(b, r, fill);
    if (!dark && !active) frame(b, r, 1, FIG_C_BORDER);
    const float *ink = active || dark ? FIG_C_WHITE : FIG_C_TEXT;
    text_at(b, label, size, active, ink, r.x + r.w * 0.5f, r.y + r.h * 0.5f,
            FIG_HCENTER | FIG_VCENTER);
    widget(b, id, arg, r);
    return r;
}

/* A panel's frame with a header line of title (bold) and subtitle; returns the body. */
static inline fig_Rect panel_box(B *b, fig_Rect r, const char *title, const char *sub)
{
    rect(b, r, FIG_C_WHITE);
    frame(b, r, 1, FIG_C_BORDER);
    float hh = P(b, 28);
    rect(b, (fig_Rect){r.x + 1, r.y + 1, r.w - 2, hh - 1}, FIG_C_HEADER);
    rect(b, (fig_Rect){r.x + 1, r.y + hh, r.w - 2, 1}, FIG_C_BORDER);
    int ts = fsize(b, 12.5f), ss = fsize(b, 11.5f);
    fig_draw_clip(b->l, r);
    fig_Rect t = text_at(b, title, ts, true, FIG_C_TEXT, r.x + P(b, 10), r.y + hh * 0.5f,
                         FIG_LEFT | FIG_VCENTER);
    if (sub && sub[0]) {
        text_fit(b, sub, ss, false, FIG_C_DIM, r.w - (t.x + t.w - r.x) - P(b, 24),
                 t.x + t.w + P(b, 10), r.y + hh * 0.5f, FIG_LEFT | FIG_VCENTER);
    }
    fig_draw_unclip(b->l);
    return (fig_Rect){r.x + 1, r.y + hh + 1, r.w - 2, r.h - hh - 2};
}

/* The parts drawn by win_layout_views.c. */
void win_layout_navigator(B *b, fig_Rect r);
void win_layout_main_view(B *b, fig_Rect r);
void win_layout_panel_outlines(B *b);

/* The parts drawn by win_layout_info.c, win_layout_bars.c and win_layout_top.c. */
void win_layout_info_panel(B *b, fig_Rect r);
void win_layout_field(B *b, fig_Rect r);
void win_layout_top_bar(B *b, float W);
void win_layout_suggestions(B *b);
void win_layout_output_strip(B *b, fig_Rect r);
void win_layout_timeline(B *b, fig_Rect r);
void win_layout_snapshot_bar(B *b, fig_Rect r);
void win_layout_status_bar(B *b, fig_Rect r);
void win_layout_toast(B *b);
void win_layout_help_overlay(B *b);
void win_layout_side_tab(B *b, fig_Rect r, bool to_views);
void win_layout_hint_overlay(B *b);
/* A centred card w × h over the dimmed frame (a click outside it lands on WIN_W_OVERLAY). */
fig_Rect win_layout_card(B *b, float w, float h);
/* The export dialog (win_layout_save.c), over everything when it is open. */
void win_layout_save_dialog(B *b);
void win_layout_tooltip(B *b);

/* Interventions (win_layout_whatif.c): the bar under the output strip (when a model can
 * re-run; r.h: one row; returns its height, two rows in a narrow window while something is
 * changed), and the marks over the frame (switched-off heads, changed output tokens). */
float win_layout_whatif_bar(B *b, fig_Rect r);
void win_layout_whatif_marks(B *b);

#endif

/* win_layout_int.h — what the files of the frame layout share (win_layout.c, win_layout_views.c,
 * win_layout_top.c, win_layout_info.c, win_layout_bars.c): the builder, the palette and the small
 * drawing helpers. Private. */
#ifndef TF_WIN_LAYOUT_INT_H
#define TF_WIN_LAYOUT_INT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_cmap.h"
#include "win_layout.h"
#include "win_strings.h"

enum { A_LEFT = 1, A_HCENTER = 2, A_RIGHT = 4, A_TOP = 8, A_VCENTER = 16, A_BOTTOM = 32 };

static const vec4 C_BG = {0.925f, 0.933f, 0.945f, 1};
static const vec4 C_TOP = {0.114f, 0.137f, 0.176f, 1};
static const vec4 C_TOP_DIM = {0.62f, 0.66f, 0.72f, 1};
static const vec4 C_BUTTON = {0.22f, 0.255f, 0.31f, 1};
static const vec4 C_WHITE = {1, 1, 1, 1};
static const vec4 C_BORDER = {0.80f, 0.82f, 0.86f, 1};
static const vec4 C_HEADER = {0.965f, 0.969f, 0.976f, 1};
static const vec4 C_TEXT = {0.11f, 0.12f, 0.14f, 1};
static const vec4 C_DIM = {0.42f, 0.45f, 0.50f, 1};
static const vec4 C_FAINT = {0.86f, 0.875f, 0.895f, 1};
static const vec4 C_ACCENT = {0.145f, 0.388f, 0.922f, 1};
static const vec4 C_ACCENT_SOFT = {0.87f, 0.915f, 1.0f, 1};
static const vec4 C_ERROR = {0.72f, 0.11f, 0.11f, 1};
static const vec4 C_MARK = {0.86f, 0.15f, 0.55f, 1};

typedef struct {
    win_Frame *f;
    const win_State *st;
    const tf_Trace *tr;
    fig_List *l;
    float s;
} B;

/* Helpers defined in win_layout.c. */
float win_layout_prefix_w(const B *b, const char *s, int from, int to, int size);
void win_layout_fit(const B *b, const char *str, int size, bool bold, float max_w, char *out,
                    size_t cap);
float win_layout_paragraph(B *b, const char *str, int size, bool bold, const vec4 c, float x,
                           float y, float w, int max_lines);

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
    float w = text_w(b, str, size, bold), h = text_h(b, size);
    float bx = anchor & A_RIGHT ? x - w : anchor & A_HCENTER ? x - w * 0.5f : x;
    float by = anchor & A_BOTTOM ? y - h : anchor & A_VCENTER ? y - h * 0.5f : y;
    fig_Rect r = {roundf(bx), roundf(by), w, h};
    if (str[0]) {
        fig_Cmd *c =
            fig_draw_text(b->l, str, r, size, b->f->m.ascent(b->f->m.ctx, size), FIG_ROT_0, color);
        c->bold = bold;
    }
    return r;
}

static inline int utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
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
    fig_Rect r = {anchor & A_RIGHT ? x - w : x, y, w, h};
    const float *fill = active ? C_ACCENT : dark ? C_BUTTON : C_WHITE;
    rect(b, r, fill);
    if (!dark && !active) frame(b, r, 1, C_BORDER);
    const float *ink = active || dark ? C_WHITE : C_TEXT;
    text_at(b, label, size, active, ink, r.x + r.w * 0.5f, r.y + r.h * 0.5f, A_HCENTER | A_VCENTER);
    widget(b, id, arg, r);
    return r;
}

/* A panel's frame with a header line of title (bold) and subtitle; returns the body. */
static inline fig_Rect panel_box(B *b, fig_Rect r, const char *title, const char *sub)
{
    rect(b, r, C_WHITE);
    frame(b, r, 1, C_BORDER);
    float hh = P(b, 28);
    rect(b, (fig_Rect){r.x + 1, r.y + 1, r.w - 2, hh - 1}, C_HEADER);
    rect(b, (fig_Rect){r.x + 1, r.y + hh, r.w - 2, 1}, C_BORDER);
    int ts = fsize(b, 12.5f), ss = fsize(b, 11.5f);
    fig_draw_clip(b->l, r);
    fig_Rect t =
        text_at(b, title, ts, true, C_TEXT, r.x + P(b, 10), r.y + hh * 0.5f, A_LEFT | A_VCENTER);
    if (sub && sub[0]) {
        char buf[512];
        win_layout_fit(b, sub, ss, false, r.w - (t.x + t.w - r.x) - P(b, 24), buf, sizeof buf);
        text_at(b, buf, ss, false, C_DIM, t.x + t.w + P(b, 10), r.y + hh * 0.5f, A_LEFT | A_VCENTER);
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
void win_layout_hint_overlay(B *b);

/* Interventions (win_layout_whatif.c): the bar under the output strip (when a model can
 * re-run), and the marks over the frame (switched-off heads, changed output tokens). */
void win_layout_whatif_bar(B *b, fig_Rect r);
void win_layout_whatif_marks(B *b);

#endif

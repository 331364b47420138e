/* ui_layout_int.h — what the files of the frame layout share (ui_layout.c, ui_layout_views.c,
 * ui_layout_top.c, ui_layout_info.c, ui_layout_bars.c): the builder, the palette and the small
 * drawing helpers. Private. */
#ifndef TF_UI_LAYOUT_INT_H
#define TF_UI_LAYOUT_INT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colormap.h"
#include "ui_layout.h"
#include "ui_strings.h"

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
    ui_Frame *f;
    const ui_State *st;
    const tf_Trace *tr;
    dr_List *l;
    float s;
} B;

/* Helpers defined in ui_layout.c. */
float lo_prefix_w(const B *b, const char *s, int from, int to, int size);
void lo_fit(const B *b, const char *str, int size, bool bold, float max_w, char *out, size_t cap);
float lo_paragraph(B *b, const char *str, int size, bool bold, const vec4 c, float x, float y,
                       float w, int max_lines);

static inline float P(const B *b, float v)
{
    return roundf(v * b->s);
}

static inline int fsize(const B *b, float pt)
{
    int n = (int)lroundf(pt * b->s);
    return n < TX_SIZE_MIN ? TX_SIZE_MIN : n > TX_SIZE_MAX ? TX_SIZE_MAX : n;
}

static inline float text_w(const B *b, const char *str, int size, bool bold)
{
    return b->f->m.width(b->f->m.ctx, str, size, bold);
}

static inline float text_h(const B *b, int size)
{
    return b->f->m.height(b->f->m.ctx, size);
}

static inline dr_Rect text_at(const B *b, const char *str, int size, bool bold, const vec4 color, float x,
                       float y, int anchor)
{
    float w = text_w(b, str, size, bold), h = text_h(b, size);
    float bx = anchor & A_RIGHT ? x - w : anchor & A_HCENTER ? x - w * 0.5f : x;
    float by = anchor & A_BOTTOM ? y - h : anchor & A_VCENTER ? y - h * 0.5f : y;
    dr_Rect r = {roundf(bx), roundf(by), w, h};
    if (str[0]) {
        dr_Cmd *c = dr_text(b->l, str, r, size, b->f->m.ascent(b->f->m.ctx, size), DR_ROT_0, color);
        c->bold = bold;
    }
    return r;
}

static inline int utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}


static inline void widget(B *b, ui_WidgetId id, int arg, dr_Rect r)
{
    ui_Frame *f = b->f;
    if (f->n_widgets == f->cap_widgets) {
        f->cap_widgets = f->cap_widgets ? f->cap_widgets * 2 : 128;
        f->widgets = realloc(f->widgets, (size_t)f->cap_widgets * sizeof *f->widgets);
        TF_ASSERT(f->widgets != NULL);
    }
    f->widgets[f->n_widgets++] = (ui_Widget){id, arg, r};
}

static inline void rect(B *b, dr_Rect r, const vec4 c)
{
    if (r.w > 0 && r.h > 0) dr_rect(b->l, r, c);
}

static inline void frame(B *b, dr_Rect r, float w, const vec4 c)
{
    if (r.w > 0 && r.h > 0) dr_frame(b->l, r, w, c);
}

/* A button: fill, label centred; returns its rect. */
static inline dr_Rect button(B *b, ui_WidgetId id, int arg, float x, float y, float h, const char *label,
                      bool active, bool dark, int anchor)
{
    int size = fsize(b, 12.5f);
    float w = text_w(b, label, size, active) + P(b, 22);
    dr_Rect r = {anchor & A_RIGHT ? x - w : x, y, w, h};
    const float *fill = active ? C_ACCENT : dark ? C_BUTTON : C_WHITE;
    rect(b, r, fill);
    if (!dark && !active) frame(b, r, 1, C_BORDER);
    const float *ink = active || dark ? C_WHITE : C_TEXT;
    text_at(b, label, size, active, ink, r.x + r.w * 0.5f, r.y + r.h * 0.5f, A_HCENTER | A_VCENTER);
    widget(b, id, arg, r);
    return r;
}

/* A panel's frame with a header line of title (bold) and subtitle; returns the body. */
static inline dr_Rect panel_box(B *b, dr_Rect r, const char *title, const char *sub)
{
    rect(b, r, C_WHITE);
    frame(b, r, 1, C_BORDER);
    float hh = P(b, 28);
    rect(b, (dr_Rect){r.x + 1, r.y + 1, r.w - 2, hh - 1}, C_HEADER);
    rect(b, (dr_Rect){r.x + 1, r.y + hh, r.w - 2, 1}, C_BORDER);
    int ts = fsize(b, 12.5f), ss = fsize(b, 11.5f);
    dr_clip(b->l, r);
    dr_Rect t = text_at(b, title, ts, true, C_TEXT, r.x + P(b, 10), r.y + hh * 0.5f, A_LEFT | A_VCENTER);
    if (sub && sub[0]) {
        char buf[512];
        lo_fit(b, sub, ss, false, r.w - (t.x + t.w - r.x) - P(b, 24), buf, sizeof buf);
        text_at(b, buf, ss, false, C_DIM, t.x + t.w + P(b, 10), r.y + hh * 0.5f, A_LEFT | A_VCENTER);
    }
    dr_unclip(b->l);
    return (dr_Rect){r.x + 1, r.y + hh + 1, r.w - 2, r.h - hh - 2};
}

static inline bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* The parts drawn by ui_layout_views.c. */
void lo_navigator(B *b, dr_Rect r);
void lo_main_view(B *b, dr_Rect r);
void lo_panel_outlines(B *b);

/* The parts drawn by ui_layout_info.c, ui_layout_bars.c and ui_layout_top.c. */
void lo_info_panel(B *b, dr_Rect r);
void lo_field(B *b, dr_Rect r);
void lo_top_bar(B *b, float W);
void lo_suggestions(B *b);
void lo_output_strip(B *b, dr_Rect r);
void lo_timeline(B *b, dr_Rect r);
void lo_snapshot_bar(B *b, dr_Rect r);
void lo_status_bar(B *b, dr_Rect r);
void lo_toast(B *b);
void lo_help_overlay(B *b);
void lo_hint_overlay(B *b);

#endif

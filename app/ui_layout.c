/* ui_layout.c — one frame of the window as a draw list (see ui_layout.h). The views (arch, matrix,
 * lines, grid) are built into panels of their own and copied into the frame at their place, so
 * their hit regions stay in their own coordinates and an unchanged panel is not rebuilt. The
 * chrome around them (bars, field, chips, timeline, info panel, overlays) is drawn here.
 * Not input: ui_input.c reads the widgets and panels this file records. */
#include "ui_layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colormap.h"
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

static float P(const B *b, float v)
{
    return roundf(v * b->s);
}

static int fsize(const B *b, float pt)
{
    int n = (int)lroundf(pt * b->s);
    return n < TX_SIZE_MIN ? TX_SIZE_MIN : n > TX_SIZE_MAX ? TX_SIZE_MAX : n;
}

static float text_w(const B *b, const char *str, int size, bool bold)
{
    return b->f->m.width(b->f->m.ctx, str, size, bold);
}

static float text_h(const B *b, int size)
{
    return b->f->m.height(b->f->m.ctx, size);
}

static dr_Rect text_at(const B *b, const char *str, int size, bool bold, const vec4 color, float x,
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

static int utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* str shortened with "…" to at most max_w: the longest prefix (whole characters) that fits. */
static void fit(const B *b, const char *str, int size, bool bold, float max_w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", str);
    if (text_w(b, out, size, bold) <= max_w) return;
    int cut[1024];
    int n = 0;
    size_t limit = cap < 1000 ? cap - 5 : 995;
    for (size_t i = 0; str[i] && i <= limit && n < 1024; i += (size_t)utf8_len(str + i)) cut[n++] = (int)i;
    char buf[1024];
    int lo = 0, hi = n - 1;  /* cut[lo] always fits (the empty prefix) */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(buf, str, (size_t)cut[mid]);
        memcpy(buf + cut[mid], "\xE2\x80\xA6", 4);
        if (text_w(b, buf, size, bold) <= max_w) lo = mid;
        else hi = mid - 1;
    }
    memcpy(out, str, (size_t)cut[lo]);
    memcpy(out + cut[lo], "\xE2\x80\xA6", 4);
}

static void widget(B *b, ui_WidgetId id, int arg, dr_Rect r)
{
    ui_Frame *f = b->f;
    if (f->n_widgets == f->cap_widgets) {
        f->cap_widgets = f->cap_widgets ? f->cap_widgets * 2 : 128;
        f->widgets = realloc(f->widgets, (size_t)f->cap_widgets * sizeof *f->widgets);
        TF_ASSERT(f->widgets != NULL);
    }
    f->widgets[f->n_widgets++] = (ui_Widget){id, arg, r};
}

static void rect(B *b, dr_Rect r, const vec4 c)
{
    if (r.w > 0 && r.h > 0) dr_rect(b->l, r, c);
}

static void frame(B *b, dr_Rect r, float w, const vec4 c)
{
    if (r.w > 0 && r.h > 0) dr_frame(b->l, r, w, c);
}

/* A button: fill, label centred; returns its rect. */
static dr_Rect button(B *b, ui_WidgetId id, int arg, float x, float y, float h, const char *label,
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
static dr_Rect panel_box(B *b, dr_Rect r, const char *title, const char *sub)
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
        fit(b, sub, ss, false, r.w - (t.x + t.w - r.x) - P(b, 24), buf, sizeof buf);
        text_at(b, buf, ss, false, C_DIM, t.x + t.w + P(b, 10), r.y + hh * 0.5f, A_LEFT | A_VCENTER);
    }
    dr_unclip(b->l);
    return (dr_Rect){r.x + 1, r.y + hh + 1, r.w - 2, r.h - hh - 2};
}

/* --- copying a view's list into the frame ------------------------------------------------- */

static dr_Rect intersect(dr_Rect a, dr_Rect c)
{
    float x0 = fmaxf(a.x, c.x), y0 = fmaxf(a.y, c.y);
    float x1 = fminf(a.x + a.w, c.x + c.w), y1 = fminf(a.y + a.h, c.y + c.h);
    return (dr_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

static void append(dr_List *dst, const dr_List *src, float dx, float dy, dr_Rect clip)
{
    dr_clip(dst, clip);
    for (int i = 0; i < src->n; i++) {
        const dr_Cmd *c = &src->cmds[i];
        dr_Rect r = {c->r.x + dx, c->r.y + dy, c->r.w, c->r.h};
        dr_Cmd *o = NULL;
        switch (c->kind) {
        case DR_RECT: o = dr_rect(dst, r, c->color); break;
        case DR_FRAME: o = dr_frame(dst, r, c->width, c->color); break;
        case DR_LINE: {
            vec2 p0 = {c->p0[0] + dx, c->p0[1] + dy}, p1 = {c->p1[0] + dx, c->p1[1] + dy};
            o = dr_line(dst, p0, p1, c->width, c->color);
            break;
        }
        case DR_TEXT:
            o = dr_text(dst, dr_text_of(src, c), r, c->size, c->ascent, c->rot, c->color);
            o->bold = c->bold;
            break;
        case DR_IMAGE: o = dr_image(dst, r, dr_pixels_of(src, c), c->iw, c->ih); break;
        case DR_CLIP:
            dr_clip(dst, c->r.w > 0 && c->r.h > 0 ? intersect(r, clip) : clip);
            break;
        default: break;
        }
        if (o) {
            o->tag = c->tag;
            o->i = c->i;
            o->j = c->j;
            o->k = c->k;
        }
    }
    dr_unclip(dst);
}

/* Builds one view when its state changed, and places it (drawn by the window from its list). */
static void place_view(B *b, ui_Panel *p, const vw_State *vs, dr_Rect r)
{
    bool same = p->valid && p->generation == b->st->generation && p->r.w == r.w && p->r.h == r.h &&
                !memcmp(&p->vs, vs, sizeof *vs);
    p->r = r;
    p->shown = true;
    if (!same) {
        p->vs = *vs;
        p->generation = b->st->generation;
        vw_build(vs, b->tr, &b->f->m, r.w, r.h, &p->list);
        p->valid = true;
        p->serial++;
    }
    rect(b, r, C_WHITE);
}

void ui_frame_compose(const ui_Frame *f, dr_List *dst)
{
    dr_clear(dst);
    dst->width = f->out.width;
    dst->height = f->out.height;
    glm_vec4_copy((float *)f->out.background, dst->background);
    dr_Rect all = {0, 0, f->out.width, f->out.height};
    append(dst, &f->out, 0, 0, all);
    const ui_Panel *ps[1 + UI_MAIN_PANELS] = {&f->nav};
    for (int i = 0; i < UI_MAIN_PANELS; i++) ps[1 + i] = &f->main[i];
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++) {
        if (!ps[i]->shown) continue;
        dr_rect(dst, ps[i]->r, ps[i]->list.background);
        append(dst, &ps[i]->list, ps[i]->r.x, ps[i]->r.y, ps[i]->r);
    }
    append(dst, &f->over, 0, 0, all);
}

/* --- view states ---------------------------------------------------------------------------- */

static void base_state(const B *b, vw_State *vs)
{
    memset(vs, 0, sizeof *vs);
    vw_state_default(vs);
    vs->scale = b->s;
    if (b->st->model) {
        vs->tgt_vocab = (const char *const *)b->st->model->tgt_vocab.tokens;
        vs->n_tgt_vocab = b->st->model->tgt_vocab.n;
    }
}

static int single_head(uint64_t mask)
{
    if (mask == 0 || (mask & (mask - 1))) return -1;
    int h = 0;
    while (!((mask >> h) & 1u)) h++;
    return h;
}

static void matrix_state(const ui_State *st, const tf_Trace *tr, const char *name, bool step,
                         vw_State *vs)
{
    vs->kind = VW_MATRIX;
    snprintf(vs->tensor, sizeof vs->tensor, "%s", name);
    const tf_Node *n = tf_trace_get(tr, name);
    vs->head = -1;
    if (n && n->ndim == 3) vs->head = step ? ui_first_head(st) : single_head(st->heads);
    if (vs->head >= (n ? n->shape[0] : 0)) vs->head = 0;
    vw_Matrix mx;
    vs->token = -1;
    if (n && vw_matrix_of(tr, n, vs, &mx)) {
        if (mx.row_axis.kind == VW_AX_SRC) vs->token = st->sel_src;
        else if (mx.row_axis.kind == VW_AX_TGT) vs->token = st->out_pos;
    }
    vs->zoom = st->zoom;
    vs->pan[0] = st->pan[0];
    vs->pan[1] = st->pan[1];
}

static void attn_state(const ui_State *st, const tf_Trace *tr, vw_Kind kind, vw_State *vs)
{
    vs->kind = kind;
    vw_Attn a = VW_ATTN_ENC;
    int layer = 0;
    ui_attention_of(tr, st->node, &a, &layer);
    vs->attn = a;
    vs->layer = layer;
    vs->heads = st->heads;
    vs->token = a == VW_ATTN_ENC ? st->sel_src : st->out_pos;
    vs->orient = st->orient;
    vs->grid_heatmap = st->grid_heatmap;
}

/* The panels of the step view: the inputs the trace names (at most two) and the tensor, with
 * the sign between each pair. */
static int step_panels(const tf_Trace *tr, const tf_Node *n, const char **names, const char **ops)
{
    int k = 0;
    for (int i = 0; i < n->n_inputs && k < 2; i++)
        if (tf_trace_get(tr, n->inputs[i])) names[k++] = n->inputs[i];
    names[k++] = n->name;
    const char *last = "→", *mid = "·";
    switch (n->op) {
    case TF_OP_ADD: mid = "+"; last = "="; break;
    case TF_OP_SCORES: mid = "·"; last = "→"; break;
    case TF_OP_CONTEXT: mid = "·"; last = "="; break;
    default: mid = ","; break;
    }
    for (int i = 0; i + 1 < k; i++) ops[i] = i + 2 == k ? last : mid;
    return k;
}

void ui_primary_view(const ui_State *st, vw_State *vs)
{
    const tf_Trace *tr = ui_trace(st);
    memset(vs, 0, sizeof *vs);
    vw_state_default(vs);
    if (st->model) {
        vs->tgt_vocab = (const char *const *)st->model->tgt_vocab.tokens;
        vs->n_tgt_vocab = st->model->tgt_vocab.n;
    }
    const tf_Node *n = ui_node(st);
    if (!tr || !n) return;
    if (st->mode == UI_MODE_LINES) attn_state(st, tr, VW_LINES, vs);
    else if (st->mode == UI_MODE_GRID) attn_state(st, tr, VW_GRID, vs);
    else matrix_state(st, tr, n->name, st->mode == UI_MODE_STEP, vs);
    vs->zoom = 1.0f;
    vs->pan[0] = vs->pan[1] = 0;
}

/* --- the parts of the frame ----------------------------------------------------------------- */

static void visible_field(const ui_State *st, int *v0, int *v1)
{
    int len = (int)strlen(st->input);
    if (len < 900) {
        *v0 = 0;
        *v1 = len;
        return;
    }
    /* long text: a window of it around the cursor, so measuring stays cheap and exact */
    int a = st->editing ? st->cursor - 400 : 0;
    if (a < 0) a = 0;
    while (a > 0 && ((unsigned char)st->input[a] & 0xC0) == 0x80) a--;
    int e = a + 850 < len ? a + 850 : len;
    while (e < len && ((unsigned char)st->input[e] & 0xC0) == 0x80) e--;
    *v0 = a;
    *v1 = e;
}

static float prefix_w(const B *b, const char *s, int from, int to, int size)
{
    char buf[1024];
    int n = to - from;
    if (n <= 0) return 0;
    if (n >= (int)sizeof buf) n = (int)sizeof buf - 1;
    memcpy(buf, s + from, (size_t)n);
    buf[n] = '\0';
    return text_w(b, buf, size, false);
}

static bool under_cursor(const ui_State *st, const ui_Unknown *u)
{
    return st->editing && st->cursor >= u->start && st->cursor <= u->start + u->len;
}

static void field(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    ui_Frame *f = b->f;
    f->r_field = r;
    rect(b, r, C_WHITE);
    if (st->editing) frame(b, (dr_Rect){r.x - 2, r.y - 2, r.w + 4, r.h + 4}, P(b, 2), C_ACCENT);
    widget(b, UI_W_FIELD, 0, r);
    int size = fsize(b, 14);
    float pad = P(b, 10), cy = r.y + r.h * 0.5f;
    if (!st->input[0] && !st->editing) {
        text_at(b, ui_str(st->lang, S_FIELD_PLACEHOLDER), size, false, C_DIM, r.x + pad, cy,
                A_LEFT | A_VCENTER);
        f->field_vis0 = f->field_vis1 = 0;
        f->field_text_x = r.x + pad;
        return;
    }
    int v0, v1;
    visible_field(st, &v0, &v1);
    int cur = st->cursor < v0 ? v0 : st->cursor > v1 ? v1 : st->cursor;
    float cx = prefix_w(b, st->input, v0, cur, size);
    float scroll = st->editing ? fmaxf(0, cx - (r.w - 2 * pad - P(b, 4))) : 0;
    float x0 = r.x + pad - scroll;
    f->field_vis0 = v0;
    f->field_vis1 = v1;
    f->field_text_x = x0;
    char buf[1024];
    int n = v1 - v0 < (int)sizeof buf - 1 ? v1 - v0 : (int)sizeof buf - 1;
    memcpy(buf, st->input + v0, (size_t)n);
    buf[n] = '\0';
    dr_clip(b->l, (dr_Rect){r.x + 2, r.y, r.w - 4, r.h});
    dr_Rect tb = text_at(b, buf, size, false, C_TEXT, x0, cy, A_LEFT | A_VCENTER);
    /* unknown words: a red underline (not the word being typed) */
    for (int k = 0; k < st->n_unknown; k++) {
        const ui_Unknown *u = &st->unknown[k];
        if (under_cursor(st, u) || u->start < v0 || u->start + u->len > v1) continue;
        float a = prefix_w(b, st->input, v0, u->start, size);
        float w = prefix_w(b, st->input, u->start, u->start + u->len, size);
        rect(b, (dr_Rect){x0 + a, tb.y + tb.h - P(b, 1), w, fmaxf(2, P(b, 2))}, C_ERROR);
        rect(b, (dr_Rect){x0 + a, tb.y, w, tb.h - P(b, 1)}, (vec4){0.9f, 0.1f, 0.1f, 0.10f});
    }
    if (st->editing) rect(b, (dr_Rect){x0 + cx, r.y + P(b, 6), fmaxf(1, P(b, 2)), r.h - P(b, 12)}, C_ACCENT);
    dr_unclip(b->l);
}

static void top_bar(B *b, float W)
{
    const ui_State *st = b->st;
    float h = P(b, 50);
    b->f->r_top = (dr_Rect){0, 0, W, h};
    rect(b, b->f->r_top, C_TOP);
    float x = P(b, 14), cy = h * 0.5f;
    dr_Rect t = text_at(b, "tfscope", fsize(b, 18), true, C_WHITE, x, cy, A_LEFT | A_VCENTER);
    x = t.x + t.w + P(b, 10);
    float bh = P(b, 30), by = roundf(cy - bh * 0.5f), gap = P(b, 6);
    /* right to left: language, help, export, decoding, run */
    float rx = W - P(b, 12);
    dr_Rect r = button(b, UI_W_LANG, 0, rx, by, bh, ui_str(st->lang, S_LANG_OTHER), false, true, A_RIGHT);
    r = button(b, UI_W_HELP, 0, r.x - gap, by, bh, "?", false, true, A_RIGHT);
    r = button(b, UI_W_EXPORT, 0, r.x - gap, by, bh, ui_str(st->lang, S_EXPORT), false, true, A_RIGHT);
    r = button(b, UI_W_DECODE, 0, r.x - gap * 2, by, bh,
               ui_str(st->lang, st->beam ? S_BEAM : S_GREEDY), st->beam, true, A_RIGHT);
    r = button(b, UI_W_RUN, 0, r.x - gap, by, bh, ui_str(st->lang, S_RUN), false, true, A_RIGHT);
    float right = r.x - P(b, 12);
    if (W > P(b, 1400)) {
        dr_Rect g = text_at(b, ui_str(st->lang, S_TAGLINE), fsize(b, 12), false, C_TOP_DIM, x, cy,
                            A_LEFT | A_VCENTER);
        x = g.x + g.w + P(b, 16);
    }
    field(b, (dr_Rect){x, roundf(cy - P(b, 17)), fmaxf(P(b, 40), right - x), P(b, 34)});
}

/* The suggestions under the field for unknown words. */
static void suggestions(B *b)
{
    const ui_State *st = b->st;
    int shown = 0;
    dr_Rect fr = b->f->r_field;
    int size = fsize(b, 12.5f);
    float lh = P(b, 30), y = fr.y + fr.h + P(b, 6);
    for (int k = 0; k < st->n_unknown && shown < 4; k++) {
        const ui_Unknown *u = &st->unknown[k];
        if (under_cursor(st, u)) continue;
        char word[64], line[160];
        snprintf(word, sizeof word, "%.*s", u->len > 40 ? 40 : u->len, st->input + u->start);
        snprintf(line, sizeof line, ui_str(st->lang, S_UNKNOWN_WORD), word);
        float w = text_w(b, line, size, true) + P(b, 24);
        for (int i = 0; i < u->n_suggest; i++) w += text_w(b, u->suggest[i], size, false) + P(b, 30);
        w += text_w(b, ui_str(st->lang, S_MSG_SUGGEST), size, false) + P(b, 10);
        dr_Rect card = {fr.x, y, fminf(w, b->f->width - fr.x - P(b, 8)), lh};
        rect(b, (dr_Rect){card.x + 2, card.y + 2, card.w, card.h}, (vec4){0, 0, 0, 0.12f});
        rect(b, card, C_WHITE);
        frame(b, card, 1, C_ERROR);
        dr_clip(b->l, card);
        dr_Rect t = text_at(b, line, size, true, C_ERROR, card.x + P(b, 10), card.y + lh * 0.5f,
                            A_LEFT | A_VCENTER);
        float x = t.x + t.w + P(b, 10);
        t = text_at(b, ui_str(st->lang, S_MSG_SUGGEST), size, false, C_DIM, x, card.y + lh * 0.5f,
                    A_LEFT | A_VCENTER);
        x = t.x + t.w + P(b, 8);
        for (int i = 0; i < u->n_suggest; i++) {
            dr_Rect r = button(b, UI_W_SUGGEST, k * UI_SUGGEST_MAX + i, x, card.y + P(b, 4),
                               lh - P(b, 8), u->suggest[i], i == 0, false, A_LEFT);
            x = r.x + r.w + P(b, 6);
        }
        dr_unclip(b->l);
        y += lh + P(b, 4);
        shown++;
    }
}

/* The token predicted at output position t: the next decoder input, or at the last position
 * the most probable token. */
static const char *output_token(const B *b, int t, char *buf, size_t cap)
{
    const tf_Trace *tr = b->tr;
    if (t + 1 < tr->n_tgt) return tr->tgt_tokens[t + 1];
    const tf_Node *p = tf_trace_get(tr, "probs");
    if (!p || p->ndim != 2 || p->shape[0] <= t) return "?";
    const float *row = p->data + (int64_t)t * p->shape[1];
    int best = 0;
    for (int j = 1; j < p->shape[1]; j++)
        if (row[j] > row[best]) best = j;
    if (b->st->model && best < b->st->model->tgt_vocab.n) return b->st->model->tgt_vocab.tokens[best];
    snprintf(buf, cap, "#%d", best);
    return buf;
}

static void output_strip(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Trace *tr = b->tr;
    b->f->r_strip = r;
    rect(b, r, C_WHITE);
    rect(b, (dr_Rect){r.x, r.y + r.h - 1, r.w, 1}, C_BORDER);
    int size = fsize(b, 13), small = fsize(b, 12);
    float cy = r.y + r.h * 0.5f, x = r.x + P(b, 14);
    dr_Rect t = text_at(b, ui_str(st->lang, S_OUTPUT), small, true, C_DIM, x, cy, A_LEFT | A_VCENTER);
    x = t.x + t.w + P(b, 12);
    /* "all positions" at the right end */
    float ch = P(b, 24);
    dr_Rect all = button(b, UI_W_OUT_ALL, 0, r.x + r.w - P(b, 10), roundf(cy - ch * 0.5f), ch,
                         ui_str(st->lang, S_OUT_ALL), st->out_pos < 0, false, A_RIGHT);
    float right = all.x - P(b, 12);
    if (!tr || tr->n_tgt <= 0) return;
    int T = tr->n_tgt;
    if (st->out_pos >= 0 && st->node < ui_decoder_start(tr)) {
        char buf[512];
        fit(b, ui_str(st->lang, S_OUT_WAITING), small, false, right - x, buf, sizeof buf);
        text_at(b, buf, small, false, C_DIM, x, cy, A_LEFT | A_VCENTER);
        return;
    }
    /* chip widths, then the first chip such that the current position is in sight */
    float pad = P(b, 8), gap = P(b, 4);
    float *w = tf_xmalloc((size_t)T * sizeof *w);
    char buf[64];
    for (int i = 0; i < T; i++) w[i] = text_w(b, output_token(b, i, buf, sizeof buf), size, false) + 2 * pad;
    int first = 0, cur = st->out_pos < 0 ? 0 : st->out_pos;
    float span = 0;
    for (int i = cur; i >= 0; i--) {
        if (span + w[i] + gap > (right - x) * 0.7f && i < cur) break;
        span += w[i] + gap;
        first = i;
    }
    dr_clip(b->l, (dr_Rect){x, r.y, right - x, r.h});
    if (first > 0) {
        t = text_at(b, "…", size, false, C_DIM, x, cy, A_LEFT | A_VCENTER);
        x = t.x + t.w + gap;
    }
    for (int i = first; i < T && x < right; i++) {
        dr_Rect c = {x, roundf(cy - ch * 0.5f), w[i], ch};
        bool shown = ui_output_revealed(st, i), here = i == st->out_pos;
        if (here) rect(b, c, C_ACCENT);
        else if (shown) rect(b, c, C_ACCENT_SOFT);
        else frame(b, c, 1, C_FAINT);
        if (shown || here) {
            const char *tok = shown ? output_token(b, i, buf, sizeof buf) : "?";
            text_at(b, tok, size, here, here ? C_WHITE : C_TEXT, c.x + c.w * 0.5f, cy,
                    A_HCENTER | A_VCENTER);
        }
        widget(b, UI_W_OUT_TOKEN, i, c);
        x += w[i] + gap;
    }
    dr_unclip(b->l);
    free(w);
}

/* --- info panel ------------------------------------------------------------------------------ */

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

static const char *formula(const tf_Node *n)
{
    const char *s = n->name;
    if (ends(s, ".embed")) return "x = E[token] · √d_model";
    if (ends(s, ".pos")) return "PE(pos, 2i) = sin(pos / 10000^(2i/d)),  PE(pos, 2i+1) = cos(…)";
    if (!strcmp(s, "src.x") || !strcmp(s, "tgt.x")) return "x = embedding + positional encoding";
    if (ends(s, "attn.q")) return "Q = x · W_Qᵀ + b_Q, split into h heads of d_k";
    if (ends(s, "attn.k")) return "K = x · W_Kᵀ + b_K, split into h heads of d_k";
    if (ends(s, "attn.v")) return "V = x · W_Vᵀ + b_V, split into h heads of d_k";
    if (ends(s, ".scores")) return "Q Kᵀ / √d_k";
    if (ends(s, ".weights"))
        return n->mask == TF_MASK_CAUSAL || (strstr(s, "dec.") && strstr(s, "self_attn"))
                   ? "softmax(Q Kᵀ / √d_k), future positions set to -∞ first"
                   : "softmax(Q Kᵀ / √d_k)";
    if (ends(s, ".context")) return "softmax(Q Kᵀ / √d_k) · V";
    if (ends(s, "attn.out")) return "Concat(head₁ … head_h) · W_Oᵀ + b_O";
    if (n->op == TF_OP_ADD) return "x + Sublayer(x)   (residual connection)";
    if (n->op == TF_OP_LAYERNORM) return "γ · (x - μ) / √(σ² + ε) + β   (per token)";
    if (ends(s, "ffn.hidden")) return "max(0, x · W₁ᵀ + b₁)";
    if (ends(s, "ffn.out")) return "hidden · W₂ᵀ + b₂";
    if (!strcmp(s, "logits")) return "x · W_genᵀ (+ b)";
    if (!strcmp(s, "probs")) return "softmax(logits)";
    return tf_op_name(n->op);
}

static ui_StrId op_text(tf_Op op)
{
    switch (op) {
    case TF_OP_EMBED: return S_OP_EMBED;
    case TF_OP_POSENC: return S_OP_POSENC;
    case TF_OP_ADD: return S_OP_ADD;
    case TF_OP_PROJECT: return S_OP_PROJECT;
    case TF_OP_SCORES: return S_OP_SCORES;
    case TF_OP_SOFTMAX: return S_OP_SOFTMAX;
    case TF_OP_CONTEXT: return S_OP_CONTEXT;
    case TF_OP_LINEAR: return S_OP_LINEAR;
    case TF_OP_LINEAR_RELU: return S_OP_LINEAR_RELU;
    case TF_OP_LAYERNORM: return S_OP_LAYERNORM;
    default: return S_OP_LINEAR;
    }
}

static void group_label(const ui_State *st, const char *name, char *out, size_t cap)
{
    char g[TF_NAME_MAX];
    int L;
    ui_group_of(name, g, sizeof g);
    if (!strcmp(g, "src")) snprintf(out, cap, "%s", ui_str(st->lang, S_GROUP_EMBED_SRC));
    else if (!strcmp(g, "tgt")) snprintf(out, cap, "%s", ui_str(st->lang, S_GROUP_EMBED_TGT));
    else if (!strcmp(g, "out")) snprintf(out, cap, "%s", ui_str(st->lang, S_GROUP_OUT));
    else if (sscanf(g, "enc.%d", &L) == 1) snprintf(out, cap, ui_str(st->lang, S_GROUP_ENC), L);
    else if (sscanf(g, "dec.%d", &L) == 1) snprintf(out, cap, ui_str(st->lang, S_GROUP_DEC), L);
    else if (!strcmp(g, "enc.norm")) snprintf(out, cap, "%s", ui_str(st->lang, S_GROUP_ENC_NORM));
    else if (!strcmp(g, "dec.norm")) snprintf(out, cap, "%s", ui_str(st->lang, S_GROUP_DEC_NORM));
    else snprintf(out, cap, "%s", g);
}

static void value_str(float v, char *out, size_t cap)
{
    snprintf(out, cap, "%.4g", (double)v);
}

/* A label and its value on one line; returns the next y. */
static float info_row_w(B *b, float x, float y, float w, const char *label, const char *value,
                        bool mono_value, float label_w)
{
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 3);
    char buf[512];
    dr_Rect t = text_at(b, label, size, false, C_DIM, x, y, A_LEFT | A_TOP);
    float vx = x + fmaxf(t.w + P(b, 8), label_w);
    fit(b, value, size, mono_value, x + w - vx, buf, sizeof buf);
    text_at(b, buf, size, mono_value, C_TEXT, vx, y, A_LEFT | A_TOP);
    return y + lh;
}

static float info_row(B *b, float x, float y, float w, const char *label, const char *value,
                      bool mono_value)
{
    return info_row_w(b, x, y, w, label, value, mono_value, P(b, 92));
}

/* Splits text into lines of at most w (at spaces) and draws them; returns the next y. */
static float paragraph(B *b, const char *str, int size, bool bold, const vec4 c, float x, float y,
                       float w, int max_lines)
{
    char line[512];
    const char *p = str;
    float lh = text_h(b, size) + P(b, 2);
    for (int n = 0; *p && n < max_lines; n++) {
        size_t best = 0, i = 0, len = strlen(p);
        while (i <= len && i < sizeof line - 1) {
            size_t j = i;
            while (j < len && p[j] != ' ') j++;
            memcpy(line, p, j);
            line[j] = '\0';
            if (text_w(b, line, size, bold) > w && best) break;
            best = j;
            if (j >= len) break;
            i = j + 1;
        }
        if (!best) best = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, p, best);
        line[best] = '\0';
        if (n + 1 == max_lines && p[best]) {
            char cut[600];
            snprintf(cut, sizeof cut, "%s…", line);
            fit(b, cut, size, bold, w, line, sizeof line);
        }
        text_at(b, line, size, bold, c, x, y, A_LEFT | A_TOP);
        y += lh;
        p += best;
        while (*p == ' ') p++;
    }
    return y;
}

static float row_entropy(const float *row, int n)
{
    double h = 0;
    for (int j = 0; j < n; j++)
        if (row[j] > 0) h -= (double)row[j] * log2((double)row[j]);
    return (float)h;
}

/* The info strip under the main view, in three columns: what the step is (name, operation,
 * formula, shape), what it was computed from (clickable) and its note, and its statistics. */
static void info_panel(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Node *n = ui_node(st);
    b->f->r_info = r;
    char group[128] = "";
    if (n) group_label(st, n->name, group, sizeof group);
    rect(b, r, C_WHITE);
    frame(b, r, 1, C_BORDER);
    if (!n || r.w < 40 || r.h < 20) return;
    dr_clip(b->l, r);
    float pad = P(b, 14), gap = P(b, 22);
    float inner = r.w - 2 * pad - 2 * gap;
    float w1 = roundf(inner * 0.42f), w2 = roundf(inner * 0.28f), w3 = inner - w1 - w2;
    float x1 = r.x + pad, x2 = x1 + w1 + gap, x3 = x2 + w2 + gap, top = r.y + P(b, 10);
    rect(b, (dr_Rect){x2 - gap * 0.5f, r.y + P(b, 10), 1, r.h - P(b, 20)}, C_FAINT);
    rect(b, (dr_Rect){x3 - gap * 0.5f, r.y + P(b, 10), 1, r.h - P(b, 20)}, C_FAINT);
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 3);
    char buf[512];
    /* column 1: the step */
    float y = top;
    dr_Rect t = text_at(b, group, fsize(b, 11.5f), false, C_DIM, x1, y, A_LEFT | A_TOP);
    y = t.y + t.h;
    fit(b, n->name, fsize(b, 16), true, w1, buf, sizeof buf);
    t = text_at(b, buf, fsize(b, 16), true, C_TEXT, x1, y, A_LEFT | A_TOP);
    y = t.y + t.h + P(b, 5);
    snprintf(buf, sizeof buf, "%s (%s)", ui_str(st->lang, op_text(n->op)), tf_op_name(n->op));
    y = info_row(b, x1, y, w1, ui_str(st->lang, S_OPERATION), buf, false);
    y = info_row(b, x1, y, w1, ui_str(st->lang, S_FORMULA), formula(n), true);
    char shape[96] = "[";
    for (int d = 0; d < n->ndim; d++) {
        size_t len = strlen(shape);
        snprintf(shape + len, sizeof shape - len, "%s%d", d ? " × " : "", n->shape[d]);
    }
    strncat(shape, "]", sizeof shape - strlen(shape) - 1);
    info_row(b, x1, y, w1, ui_str(st->lang, S_SHAPE), shape, false);
    /* column 2: inputs, clickable, and the note */
    y = top;
    t = text_at(b, ui_str(st->lang, S_INPUTS), fsize(b, 11.5f), false, C_DIM, x2, y, A_LEFT | A_TOP);
    y = t.y + t.h + P(b, 2);
    if (n->n_inputs == 0) {
        text_at(b, ui_str(st->lang, S_NO_INPUTS), size, false, C_TEXT, x2, y, A_LEFT | A_TOP);
        y += lh;
    }
    for (int i = 0; i < n->n_inputs; i++) {
        int idx = tf_trace_index(b->tr, n->inputs[i]);
        fit(b, n->inputs[i], size, false, w2, buf, sizeof buf);
        dr_Rect lr = text_at(b, buf, size, false, idx >= 0 ? C_ACCENT : C_TEXT, x2, y, A_LEFT | A_TOP);
        if (idx >= 0) {
            rect(b, (dr_Rect){lr.x, lr.y + lr.h - P(b, 2), lr.w, 1}, C_ACCENT);
            widget(b, UI_W_INPUT_LINK, idx, lr);
        }
        y += lh;
    }
    if (n->note[0]) {
        y += P(b, 4);
        float left = r.y + r.h - P(b, 8) - y;
        int lines = (int)(left / (text_h(b, fsize(b, 12)) + P(b, 2)));
        if (lines > 0) paragraph(b, n->note, fsize(b, 12), false, C_DIM, x2, y, w2, lines > 3 ? 3 : lines);
    }
    /* column 3: statistics over the whole tensor */
    y = top;
    t = text_at(b, ui_str(st->lang, S_STATS), fsize(b, 11.5f), false, C_DIM, x3, y, A_LEFT | A_TOP);
    y = t.y + t.h + P(b, 2);
    int64_t cnt = n->numel;
    double lo = INFINITY, hi = -INFINITY, sum = 0, sq = 0;
    for (int64_t i = 0; i < cnt; i++) {
        double v = n->data[i];
        if (!isfinite(v)) continue;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        sum += v;
        sq += v * v;
    }
    double mean = cnt ? sum / (double)cnt : 0, var = cnt ? sq / (double)cnt - mean * mean : 0;
    char a[48], c[48];
    float half = w3 * 0.5f;
    value_str((float)lo, a, sizeof a);
    value_str((float)hi, c, sizeof c);
    info_row_w(b, x3, y, half - P(b, 4), ui_str(st->lang, S_MIN), a, false, P(b, 36));
    y = info_row_w(b, x3 + half, y, half, ui_str(st->lang, S_MAX), c, false, P(b, 36));
    value_str((float)mean, a, sizeof a);
    value_str((float)sqrt(fmax(var, 0)), c, sizeof c);
    info_row_w(b, x3, y, half - P(b, 4), ui_str(st->lang, S_MEAN), a, false, P(b, 36));
    y = info_row_w(b, x3 + half, y, half, ui_str(st->lang, S_STD), c, false, P(b, 36));
    /* attention rows: entropy in bits, on average and of the selected query in the first shown
     * head */
    vw_Attn at;
    int layer;
    if (n->ndim == 3 && n->op == TF_OP_SOFTMAX && vw_parse_attn(n->name, &at, &layer)) {
        int H = n->shape[0], Q = n->shape[1], K = n->shape[2];
        double tot = 0;
        for (int i = 0; i < H * Q; i++) tot += row_entropy(n->data + (int64_t)i * K, K);
        snprintf(a, sizeof a, "%.3f bits", tot / (H * Q));
        t = text_at(b, ui_str(st->lang, S_ENTROPY_MEAN), size, false, C_DIM, x3, y, A_LEFT | A_TOP);
        t = text_at(b, a, size, false, C_TEXT, x3, t.y + t.h, A_LEFT | A_TOP);
        y = t.y + t.h + P(b, 2);
        int q = at == VW_ATTN_ENC ? st->sel_src : st->out_pos, h = ui_first_head(st);
        int nq = at == VW_ATTN_ENC ? b->tr->n_src : b->tr->n_tgt;
        if (q >= 0 && q < Q && q < nq && h < H) {
            char **toks = at == VW_ATTN_ENC ? b->tr->src_tokens : b->tr->tgt_tokens;
            char label[160];
            snprintf(label, sizeof label, ui_str(st->lang, S_ENTROPY_ROW), q, toks[q]);
            snprintf(a, sizeof a, "%.3f bits, head %d", row_entropy(n->data + ((int64_t)h * Q + q) * K, K), h);
            t = text_at(b, label, size, false, C_DIM, x3, y, A_LEFT | A_TOP);
            text_at(b, a, size, false, C_TEXT, x3, t.y + t.h, A_LEFT | A_TOP);
        }
    }
    dr_unclip(b->l);
}

/* --- navigator and main view ---------------------------------------------------------------- */

static void navigator(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Config *g = &b->tr->cfg;
    char sub[160];
    snprintf(sub, sizeof sub, "d_model %d · %d heads · %d+%d layers · %s", g->d_model, g->nhead,
             g->n_enc, g->n_dec, g->norm_first ? "pre-LN" : "post-LN");
    dr_Rect body = panel_box(b, r, ui_str(st->lang, S_NAVIGATOR), sub);
    b->f->r_nav = body;
    if (body.w < 8 || body.h < 8) return;
    vw_State vs;
    base_state(b, &vs);
    vs.kind = VW_ARCH;
    vs.show_title = false;
    /* the view opens the current layer; the current box is outlined over it (nav_highlight),
     * so that stepping within a layer does not redraw the diagram */
    const tf_Node *n = ui_node(st);
    if (n) ui_group_of(n->name, vs.step, sizeof vs.step);
    vs.scale = b->s * 0.92f;
    place_view(b, &b->f->nav, &vs, body);
}

/* The navigator's box of the current step: of the boxes (each named by its first step), the
 * last one that starts at or before the step. */
static void nav_highlight(B *b)
{
    const ui_Panel *nav = &b->f->nav;
    const tf_Trace *tr = b->tr;
    if (!nav->shown || b->st->node < 0 || b->st->node >= tr->n_nodes) return;
    const dr_Hit *best = NULL;
    int best_i = -1;
    for (int i = 0; i < nav->list.n_hits; i++) {
        const dr_Hit *h = &nav->list.hits[i];
        if (h->kind != DR_HIT_STEP || h->layer >= 0) continue;  /* layer tabs carry a layer */
        int k = tf_trace_index(tr, h->step);
        if (k >= 0 && k <= b->st->node && k > best_i) best = h, best_i = k;
    }
    if (!best) return;
    dr_Rect r = {nav->r.x + best->r.x, nav->r.y + best->r.y, best->r.w, best->r.h};
    float lw = fmaxf(2, P(b, 2.5f));
    dr_clip(b->l, nav->r);
    rect(b, r, (vec4){C_ACCENT[0], C_ACCENT[1], C_ACCENT[2], 0.16f});
    frame(b, (dr_Rect){r.x - lw, r.y - lw, r.w + 2 * lw, r.h + 2 * lw}, lw, C_ACCENT);
    dr_unclip(b->l);
}

static int popcount64(uint64_t m)
{
    int c = 0;
    for (; m; m &= m - 1) c++;
    return c;
}

/* Mode tabs, head chips (for tensors with heads), zoom. */
static void tabs(B *b, dr_Rect r, int H, bool chips)
{
    const ui_State *st = b->st;
    b->f->r_tabs = r;
    float x = r.x, bh = P(b, 28), y = roundf(r.y + (r.h - bh) * 0.5f);
    static const ui_StrId names[UI_MODE_COUNT] = {S_MODE_STEP, S_MODE_MATRIX, S_MODE_LINES, S_MODE_GRID};
    for (int m = 0; m < UI_MODE_COUNT; m++) {
        dr_Rect t = button(b, UI_W_MODE, m, x, y, bh, ui_str(st->lang, names[m]), (int)st->mode == m, false, A_LEFT);
        x = t.x + t.w - 1;
    }
    x += P(b, 18);
    int size = fsize(b, 12);
    if (chips && H > 0) {
        dr_Rect t = text_at(b, ui_str(st->lang, S_HEADS), size, true, C_DIM, x, r.y + r.h * 0.5f,
                            A_LEFT | A_VCENTER);
        x = t.x + t.w + P(b, 8);
        int shown_head = st->mode == UI_MODE_STEP ? ui_first_head(st) : -2;
        float cw = P(b, 26);
        for (int h = 0; h < H && h < 64; h++) {
            dr_Rect c = {x, y, cw, bh};
            if (c.x + c.w > r.x + r.w - P(b, 120)) break;
            vec4 hc;
            cm_head(h, hc);
            bool on = (st->heads >> h) & 1u;
            if (on) rect(b, c, hc);
            else {
                rect(b, c, C_WHITE);
                frame(b, c, fmaxf(1, P(b, 1.5f)), hc);
            }
            char num[8];
            snprintf(num, sizeof num, "%d", h);
            text_at(b, num, size, h == shown_head, on && cm_luminance(hc) < 0.5f ? C_WHITE : C_TEXT,
                    c.x + c.w * 0.5f, c.y + c.h * 0.5f, A_HCENTER | A_VCENTER);
            if (h == shown_head) rect(b, (dr_Rect){c.x, c.y + c.h + P(b, 2), c.w, P(b, 3)}, C_TEXT);
            widget(b, UI_W_HEAD, h, c);
            x += cw + P(b, 3);
        }
        dr_Rect a = button(b, UI_W_HEADS_ALL, 0, x + P(b, 4), y, bh, ui_str(st->lang, S_ALL),
                           popcount64(st->heads & ((H >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << H) - 1)))) == H,
                           false, A_LEFT);
        x = a.x + a.w;
    }
    if (st->zoom > 1.0f && (st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX)) {
        char z[48];
        snprintf(z, sizeof z, ui_str(st->lang, S_ZOOM), st->zoom);
        text_at(b, z, size, false, C_DIM, r.x + r.w, r.y + r.h * 0.5f, A_RIGHT | A_VCENTER);
    }
}

/* The screen rect of cell (row, col) of a panel's CELLS region h, and the region's clip. */
static void cell_rect(const B *b, const ui_Panel *pn, const dr_Hit *h, int row, int col, float lw,
                      dr_Rect *cell, dr_Rect *clip)
{
    *cell = (dr_Rect){pn->r.x + h->r.x - h->off_x + (col - h->col0) * h->cell_w - lw,
                      pn->r.y + h->r.y - h->off_y + (row - h->row0) * h->cell_h - lw,
                      h->cell_w + 2 * lw, h->cell_h + 2 * lw};
    *clip = (dr_Rect){pn->r.x + h->r.x - lw, pn->r.y + h->r.y - lw, h->r.w + 2 * lw, h->r.h + 2 * lw};
    (void)b;
}

/* The hovered cell, outlined over the panels (so that hovering rebuilds no view): in the
 * hovered panel, and in every step-view panel of the same shape (a + b = sum). */
static void hover_outlines(B *b)
{
    const ui_State *st = b->st;
    if (st->hover_panel < 0 || st->hover_panel >= b->f->n_main || st->hover_row < 0) return;
    const ui_Panel *hp = &b->f->main[st->hover_panel];
    const tf_Node *hn = tf_trace_get(b->tr, hp->vs.tensor);
    if (hp->vs.kind != VW_MATRIX || !hn || hn->ndim < 2) return;
    float lw = fmaxf(1, P(b, 2));
    for (int p = 0; p < b->f->n_main; p++) {
        const ui_Panel *pn = &b->f->main[p];
        const tf_Node *n = tf_trace_get(b->tr, pn->vs.tensor);
        if (pn->vs.kind != VW_MATRIX || !n || n->ndim < 2) continue;
        if (p != st->hover_panel && (n->shape[n->ndim - 1] != hn->shape[hn->ndim - 1] ||
                                     n->shape[n->ndim - 2] != hn->shape[hn->ndim - 2]))
            continue;
        for (int i = 0; i < pn->list.n_hits; i++) {
            const dr_Hit *h = &pn->list.hits[i];
            if (h->kind != DR_HIT_CELLS) continue;
            if (p == st->hover_panel && st->hover_head >= 0 && h->head >= 0 && h->head != st->hover_head)
                continue;
            if (st->hover_row < h->row0 || st->hover_row >= h->row0 + h->rows ||
                st->hover_col < h->col0 || st->hover_col >= h->col0 + h->cols)
                continue;
            dr_Rect c, clip;
            cell_rect(b, pn, h, st->hover_row, st->hover_col, lw, &c, &clip);
            dr_clip(b->l, clip);
            frame(b, c, lw, C_TEXT);
            if (c.w > 4 * lw && c.h > 4 * lw)
                frame(b, (dr_Rect){c.x + lw, c.y + lw, c.w - 2 * lw, c.h - 2 * lw}, 1, C_WHITE);
            dr_unclip(b->l);
        }
    }
}

/* Outlines the cells lessons asked for, in every main panel that shows their tensor. */
static void highlights(B *b)
{
    const ui_State *st = b->st;
    for (int k = 0; k < st->n_highlight; k++) {
        const ui_Highlight *hl = &st->highlight[k];
        for (int p = 0; p < b->f->n_main; p++) {
            const ui_Panel *pn = &b->f->main[p];
            if (pn->vs.kind != VW_MATRIX || strcmp(pn->vs.tensor, hl->tensor)) continue;
            for (int i = 0; i < pn->list.n_hits; i++) {
                const dr_Hit *h = &pn->list.hits[i];
                if (h->kind != DR_HIT_CELLS || (h->head != hl->head && h->head >= 0)) continue;
                if (hl->row < h->row0 || hl->row >= h->row0 + h->rows || hl->col < h->col0 ||
                    hl->col >= h->col0 + h->cols)
                    continue;
                float lw = fmaxf(2, P(b, 3));
                dr_Rect c, clip;
                cell_rect(b, pn, h, hl->row, hl->col, lw, &c, &clip);
                dr_clip(b->l, clip);
                frame(b, c, lw, C_MARK);
                dr_unclip(b->l);
            }
        }
    }
}

/* The sign between two panels of the step view; the arrow is drawn, the font's is too small. */
static void operator_sign(B *b, const char *op, float cx, float cy)
{
    if (strcmp(op, "→")) {
        text_at(b, op, fsize(b, 26), true, C_DIM, cx, cy, A_HCENTER | A_VCENTER);
        return;
    }
    float k = P(b, 10), lw = fmaxf(1.5f, P(b, 2));
    dr_line(b->l, (vec2){cx - k, cy}, (vec2){cx + k, cy}, lw, C_DIM);
    dr_line(b->l, (vec2){cx + k - P(b, 6), cy - P(b, 6)}, (vec2){cx + k, cy}, lw, C_DIM);
    dr_line(b->l, (vec2){cx + k - P(b, 6), cy + P(b, 6)}, (vec2){cx + k, cy}, lw, C_DIM);
}

static void main_view(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Trace *tr = b->tr;
    const tf_Node *n = ui_node(st);
    rect(b, r, C_WHITE);
    frame(b, r, 1, C_BORDER);
    int H = 0;
    if (n && (st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX)) {
        for (int i = 0; i < n->n_inputs; i++) {
            const tf_Node *in = tf_trace_get(tr, n->inputs[i]);
            if (in && in->ndim == 3 && in->shape[0] > H) H = in->shape[0];
        }
        if (n->ndim == 3) H = n->shape[0];
    }
    float th = P(b, 40);
    tabs(b, (dr_Rect){r.x + P(b, 10), r.y, r.w - P(b, 20), th}, H,
         st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX);
    rect(b, (dr_Rect){r.x + 1, r.y + th, r.w - 2, 1}, C_FAINT);
    dr_Rect body = {r.x + 1, r.y + th + 1, r.w - 2, r.h - th - 2};
    b->f->r_main = body;
    b->f->n_main = 0;
    if (!n || body.w < 16 || body.h < 16) return;
    vw_State vs;
    if (st->mode == UI_MODE_STEP) {
        const char *names[3], *ops[2];
        int k = step_panels(tr, n, names, ops);
        float gap = k > 1 ? P(b, 34) : 0;
        float pw = floorf((body.w - gap * (k - 1)) / k);
        for (int i = 0; i < k; i++) {
            base_state(b, &vs);
            matrix_state(st, tr, names[i], true, &vs);
            dr_Rect pr = {body.x + i * (pw + gap), body.y, pw, body.h};
            place_view(b, &b->f->main[i], &vs, pr);
            b->f->n_main = i + 1;
            if (i + 1 < k) operator_sign(b, ops[i], pr.x + pr.w + gap * 0.5f, body.y + body.h * 0.5f);
        }
    } else {
        base_state(b, &vs);
        if (st->mode == UI_MODE_MATRIX) matrix_state(st, tr, n->name, false, &vs);
        else attn_state(st, tr, st->mode == UI_MODE_LINES ? VW_LINES : VW_GRID, &vs);
        place_view(b, &b->f->main[0], &vs, body);
        b->f->n_main = 1;
    }
}

/* --- timeline and status -------------------------------------------------------------------- */

static void op_colour(const char *name, vec4 out)
{
    const float *c;
    static const float embed[3] = {0.91f, 0.52f, 0.60f}, pe[3] = {0.66f, 0.66f, 0.66f},
                       add[3] = {0.55f, 0.57f, 0.60f}, attn[3] = {0.96f, 0.60f, 0.26f},
                       norm[3] = {0.86f, 0.78f, 0.28f}, ffn[3] = {0.33f, 0.62f, 0.86f},
                       lin[3] = {0.58f, 0.52f, 0.86f}, soft[3] = {0.42f, 0.72f, 0.42f};
    if (strstr(name, "attn")) c = attn;
    else if (strstr(name, "ffn")) c = ffn;
    else if (strstr(name, "norm")) c = norm;
    else if (ends(name, ".embed")) c = embed;
    else if (ends(name, ".pos")) c = pe;
    else if (!strcmp(name, "logits")) c = lin;
    else if (!strcmp(name, "probs")) c = soft;
    else c = add;
    glm_vec4_copy((vec4){c[0], c[1], c[2], 1}, out);
}

static void timeline(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Trace *tr = b->tr;
    b->f->r_timeline = r;
    rect(b, r, C_WHITE);
    rect(b, (dr_Rect){r.x, r.y, r.w, 1}, C_BORDER);
    int N = tr->n_nodes, size = fsize(b, 11.5f);
    float bh = P(b, 30), cy = r.y + r.h * 0.5f, x = r.x + P(b, 12);
    /* transport: ◀ ▶/‖ ▶ and the speed */
    dr_Rect pb = button(b, UI_W_STEP, -1, x, roundf(cy - bh * 0.5f), bh, "◀", false, false, A_LEFT);
    pb = button(b, UI_W_PLAY, 0, pb.x + pb.w + P(b, 4), roundf(cy - bh * 0.5f), bh,
                st->playing ? "‖" : "▶", st->playing, false, A_LEFT);
    pb = button(b, UI_W_STEP, 1, pb.x + pb.w + P(b, 4), roundf(cy - bh * 0.5f), bh, "▶", false, false, A_LEFT);
    char sp[48];
    snprintf(sp, sizeof sp, ui_str(st->lang, S_SPEED), ui_speed(st));
    float sx = pb.x + pb.w + P(b, 10);
    dr_Rect m = button(b, UI_W_SPEED, -1, sx, roundf(cy - P(b, 11)), P(b, 22), "-", false, false, A_LEFT);
    dr_Rect t = text_at(b, sp, size, false, C_DIM, m.x + m.w + P(b, 6), cy, A_LEFT | A_VCENTER);
    dr_Rect pl = button(b, UI_W_SPEED, 1, fmaxf(t.x + t.w, m.x + m.w + P(b, 6) + text_w(b, "32 steps/s", size, false)) + P(b, 6),
                        roundf(cy - P(b, 11)), P(b, 22), "+", false, false, A_LEFT);
    /* right: where we are */
    char where[96], pos[96] = "";
    snprintf(where, sizeof where, ui_str(st->lang, S_STEP_OF), st->node + 1, N);
    bool dec = st->node >= ui_decoder_start(tr);
    if (dec && st->out_pos >= 0) snprintf(pos, sizeof pos, ui_str(st->lang, S_POSITION_OF), st->out_pos, tr->n_tgt);
    else if (dec) snprintf(pos, sizeof pos, "%s", ui_str(st->lang, S_ALL_POSITIONS));
    float rw = fmaxf(text_w(b, where, fsize(b, 12.5f), true), text_w(b, pos, size, false)) + P(b, 16);
    float rx = r.x + r.w - P(b, 12);
    text_at(b, where, fsize(b, 12.5f), true, C_TEXT, rx, cy - P(b, 1), A_RIGHT | A_BOTTOM);
    text_at(b, pos, size, false, C_DIM, rx, cy + P(b, 1), A_RIGHT | A_TOP);
    /* the track */
    float x0 = pl.x + pl.w + P(b, 18), x1 = rx - rw;
    b->f->tl_x0 = x0;
    b->f->tl_w = fmaxf(1, x1 - x0);
    if (x1 - x0 < P(b, 40) || N <= 0) return;
    float w = (x1 - x0) / N, ty = r.y + P(b, 22), tbh = P(b, 16);
    widget(b, UI_W_TIMELINE, 0, (dr_Rect){x0, r.y + P(b, 4), x1 - x0, r.h - P(b, 8)});
    char prev[TF_NAME_MAX] = "", g[TF_NAME_MAX], label[96];
    float last_label = -1e9f;
    for (int i = 0; i < N; i++) {
        vec4 c;
        op_colour(tr->nodes[i].name, c);
        float tx = x0 + i * w;
        rect(b, (dr_Rect){roundf(tx), ty, fmaxf(1, roundf(tx + w) - roundf(tx) - (w > 3 ? 1 : 0)), tbh}, c);
        ui_group_of(tr->nodes[i].name, g, sizeof g);
        if (strcmp(g, prev)) {
            snprintf(prev, sizeof prev, "%s", g);
            if (i) rect(b, (dr_Rect){roundf(tx) - 1, ty - P(b, 14), 1, tbh + P(b, 14)}, C_BORDER);
            snprintf(label, sizeof label, "%s", g);
            float lw = text_w(b, label, fsize(b, 10.5f), false);
            if (tx >= last_label) {
                text_at(b, label, fsize(b, 10.5f), false, C_DIM, tx + P(b, 2), ty - P(b, 2), A_LEFT | A_BOTTOM);
                last_label = tx + lw + P(b, 8);
            }
        }
    }
    /* the current step: a marker and its name */
    float mx = x0 + (st->node + 0.5f) * w;
    rect(b, (dr_Rect){roundf(mx - P(b, 1.5f)), ty - P(b, 4), fmaxf(2, P(b, 3)), tbh + P(b, 8)}, C_TEXT);
    const char *name = tr->nodes[st->node].name;
    int ns = fsize(b, 11.5f);
    float nw = text_w(b, name, ns, true);
    float nx = fminf(fmaxf(mx - nw * 0.5f, x0), x1 - nw);
    text_at(b, name, ns, true, C_TEXT, nx, ty + tbh + P(b, 4), A_LEFT | A_TOP);
}

static void snapshot_bar(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    b->f->r_snap = r;
    rect(b, r, C_HEADER);
    rect(b, (dr_Rect){r.x, r.y, r.w, 1}, C_BORDER);
    int size = fsize(b, 12);
    float cy = r.y + r.h * 0.5f;
    char label[512];
    if (st->snap_index >= 0) {
        const char *p = st->snap_paths[st->snap_index], *s = strrchr(p, '/');
        snprintf(label, sizeof label, ui_str(st->lang, S_SNAPSHOT), st->snap_index + 1, st->n_snaps,
                 s ? s + 1 : p);
    } else {
        snprintf(label, sizeof label, "%s", ui_str(st->lang, S_SNAPSHOT_MAIN));
    }
    float lw = fminf(P(b, 420), r.w * 0.4f);
    char fitted[512];
    fit(b, label, size, true, lw, fitted, sizeof fitted);
    text_at(b, fitted, size, true, C_TEXT, r.x + P(b, 12), cy, A_LEFT | A_VCENTER);
    float x0 = r.x + P(b, 24) + lw, x1 = r.x + r.w - P(b, 24);
    b->f->snap_x0 = x0;
    b->f->snap_w = fmaxf(1, x1 - x0);
    if (x1 - x0 < P(b, 30)) return;
    rect(b, (dr_Rect){x0, roundf(cy - 1), x1 - x0, fmaxf(2, P(b, 2))}, C_BORDER);
    int n = st->n_snaps;
    for (int i = 0; i < n; i++) {
        float x = n > 1 ? x0 + (x1 - x0) * i / (n - 1) : x0;
        rect(b, (dr_Rect){roundf(x), roundf(cy - P(b, 4)), 1, P(b, 8)}, C_DIM);
    }
    if (st->snap_index >= 0) {
        float x = n > 1 ? x0 + (x1 - x0) * st->snap_index / (n - 1) : x0;
        float k = P(b, 7);
        rect(b, (dr_Rect){roundf(x - k), roundf(cy - k), 2 * k, 2 * k}, C_ACCENT);
    }
    widget(b, UI_W_SNAPBAR, 0, (dr_Rect){x0 - P(b, 8), r.y, x1 - x0 + P(b, 16), r.h});
}

/* One line of text whose "→" are drawn as arrows: the font's own arrow is a dot at small sizes. */
static void text_arrows(B *b, const char *str, int size, bool bold, const vec4 c, float x, float cy)
{
    char part[1024];
    for (;;) {
        const char *arrow = strstr(str, "→");
        size_t n = arrow ? (size_t)(arrow - str) : strlen(str);
        if (n >= sizeof part) n = sizeof part - 1;
        memcpy(part, str, n);
        part[n] = '\0';
        dr_Rect t = text_at(b, part, size, bold, c, x, cy, A_LEFT | A_VCENTER);
        x = t.x + (part[0] ? t.w : 0);
        if (!arrow) return;
        float len = roundf(size * 0.9f), lw = fmaxf(1, roundf(size * 0.09f)), k = roundf(size * 0.3f);
        float y = roundf(cy) + 0.5f;
        dr_line(b->l, (vec2){x + 1, y}, (vec2){x + len, y}, lw, c);
        dr_line(b->l, (vec2){x + len - k, y - k}, (vec2){x + len, y}, lw, c);
        dr_line(b->l, (vec2){x + len - k, y + k}, (vec2){x + len, y}, lw, c);
        x += len + 2;
        str = arrow + strlen("→");
    }
}

static void status_bar(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    b->f->r_status = r;
    rect(b, r, C_HEADER);
    rect(b, (dr_Rect){r.x, r.y, r.w, 1}, C_BORDER);
    int size = fsize(b, 12.5f);
    char buf[600];
    const char *s = st->hover[0] ? st->hover : ui_str(st->lang, S_HOVER_HINT);
    fit(b, s, size, st->hover[0] != 0, r.w - P(b, 24), buf, sizeof buf);
    text_arrows(b, buf, size, st->hover[0] != 0, st->hover[0] ? C_TEXT : C_DIM, r.x + P(b, 12),
                r.y + r.h * 0.5f);
}

/* --- overlays -------------------------------------------------------------------------------- */

static void toast(B *b)
{
    const ui_State *st = b->st;
    if (!st->msg[0]) return;
    int size = fsize(b, 13);
    float maxw = b->f->width * 0.7f;
    char buf[1024];
    fit(b, st->msg, size, false, maxw - P(b, 28), buf, sizeof buf);
    float w = text_w(b, buf, size, false) + P(b, 28), h = text_h(b, size) + P(b, 18);
    float bottom = b->f->r_main.h > 0 ? b->f->r_main.y + b->f->r_main.h - P(b, 14)
                                      : b->f->height * 0.85f;
    dr_Rect r = {roundf((b->f->width - w) * 0.5f), roundf(bottom - h), w, h};
    rect(b, (dr_Rect){r.x + 2, r.y + 3, r.w, r.h}, (vec4){0, 0, 0, 0.18f});
    rect(b, r, st->msg_kind == UI_MSG_ERROR ? C_ERROR : C_TOP);
    text_at(b, buf, size, false, C_WHITE, r.x + P(b, 14), r.y + h * 0.5f, A_LEFT | A_VCENTER);
}

static dr_Rect card(B *b, float w, float h)
{
    float W = b->f->width, H = b->f->height;
    rect(b, (dr_Rect){0, 0, W, H}, (vec4){0.05f, 0.07f, 0.1f, 0.55f});
    w = fminf(w, W - P(b, 24));
    h = fminf(h, H - P(b, 24));
    dr_Rect r = {roundf((W - w) * 0.5f), roundf((H - h) * 0.5f), roundf(w), roundf(h)};
    rect(b, (dr_Rect){r.x + 3, r.y + 4, r.w, r.h}, (vec4){0, 0, 0, 0.25f});
    rect(b, r, C_WHITE);
    rect(b, (dr_Rect){r.x, r.y, r.w, P(b, 4)}, C_ACCENT);
    widget(b, UI_W_OVERLAY, 0, (dr_Rect){0, 0, W, H});
    return r;
}

static void help_overlay(B *b)
{
    const ui_State *st = b->st;
    /* the card as tall as its longer column */
    const ui_HelpRow *row = ui_help_rows();
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 5), sec_h = text_h(b, fsize(b, 13.5f)) + P(b, 6) + P(b, 14);
    float col_h[2] = {0, 0};
    for (int sec = 0; ui_help_section(st->lang, sec); sec++) {
        col_h[sec % 2] += sec_h;
        for (; row->key[0]; row++) col_h[sec % 2] += lh;
        row++;
    }
    float need = P(b, 24) + text_h(b, fsize(b, 20)) + P(b, 16) + fmaxf(col_h[0], col_h[1]) + P(b, 10);
    dr_Rect r = card(b, P(b, 900), need);
    dr_clip(b->l, r);
    float x = r.x + P(b, 28), y = r.y + P(b, 24);
    dr_Rect t = text_at(b, ui_str(st->lang, S_HELP_TITLE), fsize(b, 20), true, C_TEXT, x, y, A_LEFT | A_TOP);
    text_at(b, ui_str(st->lang, S_HELP_CLOSE), fsize(b, 12), false, C_DIM, r.x + r.w - P(b, 28),
            t.y + t.h * 0.5f, A_RIGHT | A_VCENTER);
    y = t.y + t.h + P(b, 16);
    row = ui_help_rows();
    float colw = (r.w - P(b, 56) - P(b, 28)) * 0.5f;
    float col_x[2] = {x, x + colw + P(b, 28)}, col_y[2] = {y, y};
    float keyw = P(b, 150);
    for (int sec = 0; ui_help_section(st->lang, sec); sec++) {
        int c = sec % 2;  /* sections: 0 left, 1 right, 2 left below, 3 right below */
        float cx = col_x[c], cyy = col_y[c];
        dr_Rect st_r = text_at(b, ui_help_section(st->lang, sec), fsize(b, 13.5f), true, C_ACCENT, cx,
                               cyy, A_LEFT | A_TOP);
        cyy = st_r.y + st_r.h + P(b, 6);
        for (; row->key[0]; row++) {
            char kb[64], tb[256];
            const char *k = row->key[st->lang == UI_LANG_KO && row->key[1] ? 1 : 0];
            fit(b, k, size, true, keyw - P(b, 10), kb, sizeof kb);
            text_at(b, kb, size, true, C_TEXT, cx, cyy, A_LEFT | A_TOP);
            fit(b, row->text[st->lang == UI_LANG_KO ? 1 : 0], size, false, colw - keyw, tb, sizeof tb);
            text_at(b, tb, size, false, C_TEXT, cx + keyw, cyy, A_LEFT | A_TOP);
            cyy += lh;
        }
        row++;  /* the section's end */
        col_y[c] = cyy + P(b, 14);
    }
    dr_unclip(b->l);
}

static void hint_overlay(B *b)
{
    const ui_State *st = b->st;
    dr_Rect r = card(b, P(b, 720), P(b, 30) + text_h(b, fsize(b, 22)) + P(b, 16) +
                                      4 * (2 * (text_h(b, fsize(b, 14)) + P(b, 2)) + P(b, 6)) +
                                      P(b, 40));
    dr_clip(b->l, r);
    float x = r.x + P(b, 32), y = r.y + P(b, 30), w = r.w - P(b, 64);
    dr_Rect t = text_at(b, ui_str(st->lang, S_HINT_TITLE), fsize(b, 22), true, C_TEXT, x, y, A_LEFT | A_TOP);
    y = t.y + t.h + P(b, 16);
    static const ui_StrId body[4] = {S_HINT_BODY1, S_HINT_BODY2, S_HINT_BODY3, S_HINT_BODY4};
    for (int i = 0; i < 4; i++)
        y = paragraph(b, ui_str(st->lang, body[i]), fsize(b, 14), false, C_TEXT, x, y, w, 2) + P(b, 6);
    text_at(b, ui_str(st->lang, S_HINT_CLOSE), fsize(b, 13), true, C_ACCENT, r.x + r.w - P(b, 32),
            r.y + r.h - P(b, 22), A_RIGHT | A_BOTTOM);
    dr_unclip(b->l);
}

/* --- the frame ---------------------------------------------------------------------------------- */

void ui_frame_init(ui_Frame *f, tx_Measure m)
{
    memset(f, 0, sizeof *f);
    f->m = m;
    dr_init(&f->out);
    dr_init(&f->over);
    dr_init(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_init(&f->main[i].list);
}

void ui_frame_free(ui_Frame *f)
{
    dr_free(&f->out);
    dr_free(&f->over);
    dr_free(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_free(&f->main[i].list);
    free(f->widgets);
    memset(f, 0, sizeof *f);
}

void ui_frame_build(ui_Frame *f, const ui_State *st, int W, int H, float dpi)
{
    dr_clear(&f->out);
    dr_clear(&f->over);
    f->nav.shown = false;
    for (int i = 0; i < UI_MAIN_PANELS; i++) f->main[i].shown = false;
    f->n_widgets = 0;
    f->n_main = 0;
    f->width = W;
    f->height = H;
    float lw = (float)W / fmaxf(dpi, 0.1f), lh = (float)H / fmaxf(dpi, 0.1f);
    float fit_scale = fminf(fmaxf(fminf(lw / 1920.0f, lh / 1080.0f), 1.0f), 2.0f);
    f->scale = fminf(fmaxf(dpi * fit_scale * st->ui_zoom, 0.5f), 6.0f);
    f->out.width = (float)W;
    f->out.height = (float)H;
    glm_vec4_copy((float *)C_BG, f->out.background);
    B b = {f, st, ui_trace(st), &f->out, f->scale};
    memset(&f->r_top, 0, (size_t)((char *)&f->tl_x0 - (char *)&f->r_top));
    float side_w = 0;
    if (st->side && st->side->draw) {
        side_w = fminf(roundf(P(&b, st->side->width)), roundf(W * 0.34f));
        W -= (int)side_w;
        f->r_side = (dr_Rect){(float)W, 0, side_w, (float)H};
        st->side->draw(st->side->ctx, st, &f->out, f->r_side, f->scale, f->m);
    }
    f->too_small = W < P(&b, 560) || H < P(&b, 360);
    if (f->too_small) {
        /* too small to be useful: say so, and keep every key working */
        const char *msg = st->lang == UI_LANG_KO ? "창이 너무 작습니다 — 크게 늘려 주세요"
                                                 : "The window is too small — make it larger";
        char buf[256];
        int size = fsize(&b, 13);
        fit(&b, msg, size, false, (float)W - 8, buf, sizeof buf);
        text_at(&b, buf, size, false, C_TEXT, W * 0.5f, H * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        if (st->help) help_overlay(&b);
        return;
    }
    top_bar(&b, (float)W);
    float y = f->r_top.h;
    if (!b.tr) {
        const char *msg = st->msg[0] ? st->msg : ui_str(st->lang, S_FIELD_PLACEHOLDER);
        char buf[1024];
        fit(&b, msg, fsize(&b, 15), false, (float)W - P(&b, 40), buf, sizeof buf);
        text_at(&b, buf, fsize(&b, 15), false, st->msg[0] && st->msg_kind == UI_MSG_ERROR ? C_ERROR : C_TEXT,
                W * 0.5f, (H + y) * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        suggestions(&b);
        if (st->help) help_overlay(&b);
        return;
    }
    bool compact = H < P(&b, 760);
    output_strip(&b, (dr_Rect){0, y, (float)W, P(&b, compact ? 34 : 38)});
    y += P(&b, compact ? 34 : 38);
    float status_h = P(&b, compact ? 24 : 26), tl_h = P(&b, compact ? 56 : 64);
    float snap_h = st->n_snaps ? P(&b, compact ? 28 : 32) : 0;
    float bottom = H - status_h - tl_h - snap_h;
    status_bar(&b, (dr_Rect){0, H - status_h, (float)W, status_h});
    if (snap_h > 0) snapshot_bar(&b, (dr_Rect){0, bottom + tl_h, (float)W, snap_h});
    float gap = P(&b, 8), mid_y = y + gap, mid_h = bottom - gap - mid_y;
    float left_w = fminf(fmaxf(W * 0.26f, P(&b, 300)), P(&b, 540));
    float info_h = fminf(fmaxf(roundf(mid_h * 0.25f), P(&b, 104)), P(&b, 158));
    /* a short window gives the figure views the whole height */
    if ((st->mode == UI_MODE_LINES || st->mode == UI_MODE_GRID) && mid_h < P(&b, 640)) info_h = -gap;
    navigator(&b, (dr_Rect){gap, mid_y, left_w, mid_h});
    float rx = left_w + 2 * gap, rw = W - left_w - 3 * gap;
    main_view(&b, (dr_Rect){rx, mid_y, rw, mid_h - info_h - gap});
    info_panel(&b, (dr_Rect){rx, mid_y + mid_h - info_h, rw, info_h});
    timeline(&b, (dr_Rect){0, bottom, (float)W, tl_h});
    b.l = &f->over;
    nav_highlight(&b);
    hover_outlines(&b);
    highlights(&b);
    suggestions(&b);
    toast(&b);
    if (st->help) help_overlay(&b);
    else if (st->hint) hint_overlay(&b);
}

const ui_Widget *ui_frame_widget_at(const ui_Frame *f, float x, float y)
{
    for (int i = f->n_widgets - 1; i >= 0; i--)
        if (dr_rect_contains(f->widgets[i].r, x, y)) return &f->widgets[i];
    return NULL;
}

const ui_Panel *ui_frame_panel(const ui_Frame *f, int panel)
{
    if (panel < 0) return f->nav.valid ? &f->nav : NULL;
    return panel < f->n_main ? &f->main[panel] : NULL;
}

bool ui_frame_panel_at(const ui_Frame *f, float x, float y, int *panel, dr_HitResult *hit,
                       float *px, float *py)
{
    if (f->too_small) return false;
    for (int p = -1; p < f->n_main; p++) {
        const ui_Panel *pn = ui_frame_panel(f, p);
        if (!pn || !dr_rect_contains(pn->r, x, y)) continue;
        *panel = p;
        *px = x - pn->r.x;
        *py = y - pn->r.y;
        return dr_hit_test(&pn->list, *px, *py, hit);
    }
    return false;
}

int ui_frame_field_offset(const ui_Frame *f, const ui_State *st, float x)
{
    int v0 = f->field_vis0, v1 = f->field_vis1;
    B b = {(ui_Frame *)f, st, NULL, NULL, f->scale};
    int size = fsize(&b, 14), best = v0;
    float bd = INFINITY;
    for (int i = v0; i <= v1; i += i < v1 ? utf8_len(st->input + i) : 1) {
        float d = fabsf(f->field_text_x + prefix_w(&b, st->input, v0, i, size) - x);
        if (d < bd) bd = d, best = i;
        if (i == v1) break;
    }
    return best;
}

void ui_window_title(const ui_State *st, char *out, size_t cap)
{
    const tf_Trace *tr = ui_trace(st);
    char sentence[200] = "";
    if (tr) {
        size_t used = 0;
        for (int i = 0; i < tr->n_src && used + 4 < 120; i++)
            used += (size_t)snprintf(sentence + used, sizeof sentence - used, "%s%s", i ? " " : "",
                                     tr->src_tokens[i]);
        if (used >= 120) {
            size_t n = 117;
            while (n > 0 && ((unsigned char)sentence[n] & 0xC0) == 0x80) n--;
            snprintf(sentence + n, sizeof sentence - n, "…");
        }
    }
    if (tr) snprintf(out, cap, "tfscope — %s — “%s”", st->model_name[0] ? st->model_name : "trace", sentence);
    else snprintf(out, cap, "tfscope — %s", st->model_name[0] ? st->model_name : "no model");
}

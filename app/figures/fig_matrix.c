/* fig_matrix.c — the heatmap of any traced tensor: 2-D as is, 3-D one head or all heads side by
 * side (sharing the row labels of a panel row), rows = queries, columns = keys for attention.
 * Viridis for [0, 1] or non-negative values, a diverging map centred on zero for signed ones;
 * masked cells are grey and hatched, never the colour of 0. Cells are whole pixels; when they get
 * thinner than two pixels the panel becomes an image, each pixel showing the most extreme value of
 * the cells it covers (so that a peak never disappears). Labels shrink with the cells and thin out
 * so that no two overlap. Zoom and pan apply when a single panel is shown.
 * Not value readout: the window reads values through the hit regions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_matrix_int.h"

typedef fig_MatrixLayout Layout;

static const float *panel_data(const Layout *L, int p)
{
    return L->mx.node->data + (int64_t)p * L->mx.rows * L->mx.cols;
}

static void panel_origin(const Layout *L, int k, float *x, float *y)
{
    int pc = k % L->pcols, pr = k / L->pcols;
    *x = L->x0 + pc * (L->pw + L->gap);
    *y = L->y0 + pr * (L->ph + L->col_lab_h + L->ptitle_h + L->gap);
}

/* A cell's value; a difference (A − B) with two significant digits, so that small ones are not
 * all "0.00". */
static void value_text(float v, bool diff, char *out, size_t cap)
{
    if (diff && v != 0) snprintf(out, cap, "%.2g", v);
    else if (fabsf(v) < 1e-4f) snprintf(out, cap, "0");
    else if (fabsf(v) < 10) snprintf(out, cap, "%.2f", v);
    else snprintf(out, cap, "%.3g", v);
}

/* One panel as rectangles: colour, hatching of masked cells, values when they fit. */
static void cells_rects(const Layout *L, const fig_Measure *m, const fig_View *s, int p,
                        const fig_CellMap *map, fig_List *l)
{
    const float *d = panel_data(L, p);
    fig_Font vf = fig_font(s, 11, false, 1.0f);
    bool values = L->cell_w >= fig_px(s, 34) && L->cell_h >= fig_px(s, 17);
    vec4 c, hatch;
    fig_grey(0.72f, hatch);
    for (int r = L->r0; r < L->r0 + L->nr; r++) {
        for (int k = L->c0; k < L->c0 + L->nc; k++) {
            fig_Rect b = fig_cellmap_rect(map, k, r);
            bool masked = fig_view_cell_masked(&L->mx, r, k);
            float v = d[(int64_t)r * L->mx.cols + k];
            if (masked) fig_cmap_masked(c);
            else fig_cmap_scale_color(&L->cs, v, c);
            fig_Cmd *cmd = fig_draw_rect(l, b, c);
            cmd->tag = masked ? FIG_TAG_MASKED : FIG_TAG_CELL;
            cmd->i = p;
            cmd->j = r;
            cmd->k = k;
            if (masked && b.w >= 6 && b.h >= 6)
                fig_draw_line(l, (vec2){b.x + 2, b.y + b.h - 2}, (vec2){b.x + b.w - 2, b.y + 2},
                              fmaxf(1, fig_px(s, 1)), hatch);
            if (!values || masked) continue;
            char buf[24];
            value_text(v, s->kind == FIG_VIEW_DIFF, buf, sizeof buf);
            if (m->width(m->ctx, buf, vf.size, false) > b.w - 4) continue;
            fig_cmap_ink(1.0f, vf.color);
            if (fig_cmap_luminance(c) < 0.35f) glm_vec4_copy((vec4){1, 1, 1, 0.95f}, vf.color);
            fig_text(l, m, buf, &vf, b.x + b.w * 0.5f, b.y + b.h * 0.5f, FIG_HCENTER | FIG_VCENTER);
        }
    }
}

/* One panel as an image of at most one pixel per cell; each pixel keeps the cell farthest from
 * the scale's neutral value among those it covers. */
static void cells_image(const Layout *L, int p, float px, float py, fig_List *l)
{
    float fw = L->nc * L->cell_w, fh = L->nr * L->cell_h;
    int iw = L->nc < (int)fw ? L->nc : (int)fmaxf(1, roundf(fw));
    int ih = L->nr < (int)fh ? L->nr : (int)fmaxf(1, roundf(fh));
    const float *d = panel_data(L, p);
    float neutral = L->cs.kind == FIG_CMAP_DIVERGING ? 0.0f : L->cs.lo;
    uint8_t *px8 = tf_xmalloc((size_t)iw * ih * 4);
    for (int y = 0; y < ih; y++) {
        int ra = L->r0 + (int)((int64_t)y * L->nr / ih), rb = L->r0 + (int)((int64_t)(y + 1) * L->nr / ih);
        for (int x = 0; x < iw; x++) {
            int ca = L->c0 + (int)((int64_t)x * L->nc / iw), cb = L->c0 + (int)((int64_t)(x + 1) * L->nc / iw);
            float best = NAN, far = -1;
            bool all_masked = true;
            for (int r = ra; r < (rb > ra ? rb : ra + 1); r++)
                for (int k = ca; k < (cb > ca ? cb : ca + 1); k++) {
                    if (fig_view_cell_masked(&L->mx, r, k)) continue;
                    all_masked = false;
                    float v = d[(int64_t)r * L->mx.cols + k], dist = fabsf(v - neutral);
                    if (!isfinite(v)) dist = INFINITY;
                    if (dist > far) far = dist, best = v;
                }
            vec4 c;
            if (all_masked) fig_cmap_masked(c);
            else fig_cmap_scale_color(&L->cs, best, c);
            fig_cmap_to_rgba8(c, px8 + ((size_t)y * iw + x) * 4);
        }
    }
    fig_Cmd *cmd = fig_draw_image(l, (fig_Rect){px, py, fw, fh}, px8, iw, ih);
    cmd->tag = FIG_TAG_CELL;
    cmd->i = p;
    free(px8);
}

static void row_labels(const Layout *L, const fig_Measure *m, const tf_Trace *tr, const fig_View *s,
                       const fig_CellMap *map, float px, float py, fig_List *l)
{
    char buf[LABEL_MAX], fit[LABEL_MAX];
    int first = (L->r0 + L->row_step - 1) / L->row_step * L->row_step;
    for (int r = first; r < L->r0 + L->nr; r += L->row_step) {
        vec2 at;
        fig_cellmap_px(map, (float)L->c0, r + 0.5f, at);
        float cy = at[1];
        if (cy < py || cy > py + L->ph) continue;
        fig_view_axis_label(&L->mx.row_axis, tr, s, r, buf, sizeof buf);
        fig_fit(m, buf, &L->row_font, L->row_cap, fit, sizeof fit);
        fig_Font f = L->row_font;
        f.bold = r == s->token && L->mx.row_axis.kind != FIG_AX_INDEX;
        fig_Rect b = fig_text(l, m, fit, &f, px - fig_px(s, 6), cy, FIG_RIGHT | FIG_VCENTER);
        if (strcmp(fit, buf)) fig_tip(l, buf);
        l->cmds[l->n - 1].i = 0;
        l->cmds[l->n - 1].j = r;
        fig_Hit *h = fig_draw_hit(l, FIG_HIT_TOKEN, b);
        h->side = 0;
        h->index = r;
    }
}

static void col_labels(const Layout *L, const fig_Measure *m, const tf_Trace *tr, const fig_View *s,
                       const fig_CellMap *map, float px, float py, fig_List *l)
{
    char buf[LABEL_MAX], fit[LABEL_MAX];
    float y = py + L->ph + fig_px(s, 5);
    int first = (L->c0 + L->col_step - 1) / L->col_step * L->col_step;
    for (int k = first; k < L->c0 + L->nc; k += L->col_step) {
        vec2 at;
        fig_cellmap_px(map, k + 0.5f, (float)L->r0, at);
        float cx = at[0];
        if (cx < px || cx > px + L->pw) continue;
        fig_view_axis_label(&L->mx.col_axis, tr, s, k, buf, sizeof buf);
        fig_fit(m, buf, &L->col_font, L->col_cap, fit, sizeof fit);
        int anchor = fig_matrix_cols_turned(&L->mx.col_axis) ? FIG_HCENTER | FIG_TOP : FIG_HCENTER | FIG_TOP;
        int from = l->n;
        fig_Rect b = fig_text(l, m, fit, &L->col_font, cx, y, anchor);
        if (strcmp(fit, buf)) fig_tip_from(l, from, buf);
        l->cmds[l->n - 1].i = 1;
        l->cmds[l->n - 1].j = k;
        fig_Hit *h = fig_draw_hit(l, FIG_HIT_TOKEN, b);
        h->side = 1;
        h->index = k;
    }
}

static void panel_title(const Layout *L, const fig_Measure *m, const fig_View *s, int p, int k,
                        float px, float py, fig_List *l)
{
    if (L->ptitle_h <= 0) return;
    char buf[48];
    const tf_Node *n = L->mx.node;
    if (n->ndim == 3) snprintf(buf, sizeof buf, fig_word(s, "head %d"), p);
    else snprintf(buf, sizeof buf, fig_word(s, "panel %d"), p);
    fig_Font f = fig_font(s, 12, true, 0.9f);
    int col = k % L->pcols;
    bool high = L->stagger && col % 2 == 1;
    float sw = fig_px(s, 9), y = py - fig_px(s, 6) - (high ? fig_px(s, 16) : 0);
    vec4 hc;
    fig_cmap_head(p, hc);
    bool head_colour = n->ndim == 3 && L->mx.attention;
    float lead = head_colour ? sw + fig_px(s, 5) : 0, tw = m->width(m->ctx, buf, f.size, true);
    /* panels narrower than their title: a single column's title moves left over its row labels;
     * else (or still too wide) the number alone, the title its tooltip. It may reach into the
     * gap to the next panel, or to the colour bar. */
    char full[48];
    snprintf(full, sizeof full, "%s", buf);
    float room = L->pcols > 1 ? L->gap * 0.6f : fig_px(s, 22), end = px + L->pw + room;
    if (L->stagger && col + 1 < L->pcols)  /* up to the next title on its row */
        end = px + 2 * (L->pw + L->gap) - fig_px(s, 6);
    else if (L->stagger) end = px + L->pw + fig_px(s, 22);
    float x0 = px;
    if (px + lead + tw > end) {
        if (L->pcols == 1 && end - lead - tw >= px - L->row_lab_w) x0 = end - lead - tw;
        else snprintf(buf, sizeof buf, "%d", p);
    }
    fig_Rect b = fig_text(l, m, buf, &f, x0 + lead, y, FIG_LEFT | FIG_BOTTOM);
    if (strcmp(buf, full)) fig_tip(l, full);
    if (head_colour)
        fig_draw_rect(l, (fig_Rect){x0, roundf(b.y + (b.h - sw) * 0.5f), sw, sw}, hc);
    fig_Hit *h = fig_draw_hit(l, FIG_HIT_HEAD, (fig_Rect){x0, b.y, b.x + b.w - x0, b.h});
    h->head = p;
}

/* The colour bar's height: the cells' (up to 360 px, at least 80), but no lower than the view
 * (its lowest tick half a line below its end, and the masked swatch under it). */
static float bar_height(const Layout *L, const fig_View *s)
{
    float bh = fmaxf(fminf(L->ph, fig_px(s, 360)), fig_px(s, 80));
    float tick_room = fig_px(s, 8) + (L->any_masked ? fig_px(s, 16) + fig_px(s, 14) : 0);
    return fmaxf(fminf(bh, L->bar_bottom - tick_room - L->y0), fig_px(s, 12));
}

static void axis_titles(const Layout *L, const fig_Measure *m, const fig_View *s, fig_List *l)
{
    fig_Font f = fig_font(s, 12.5f, false, 0.65f);
    float grid_h = L->prows * (L->ptitle_h + L->ph + L->col_lab_h) + (L->prows - 1) * L->gap;
    float top = L->y0 - L->ptitle_h;
    f.rot = FIG_ROT_90;
    fig_text_fit(l, m, L->mx.row_axis.title, &f, grid_h, L->x0 - L->row_lab_w - fig_px(s, 6),
                 top + grid_h * 0.5f, FIG_RIGHT | FIG_VCENTER);
    f.rot = FIG_ROT_0;
    float grid_w = L->pcols * L->pw + (L->pcols - 1) * L->gap;
    /* a view too short for it keeps its column labels and leaves the title out */
    if (top + grid_h + fig_px(s, 2) + m->height(m->ctx, f.size) > L->bar_bottom + fig_px(s, 8))
        return;
    /* centred under the cells; short of the colour bar's ticks when it reaches down beside it */
    float cx = L->x0 + grid_w * 0.5f, y = top + grid_h + fig_px(s, 2);
    float tick_h = m->height(m->ctx, fig_font(s, 11, false, 0.8f).size);
    float bar_end = L->y0 + bar_height(L, s) + tick_h * 0.5f +
                    (L->any_masked ? fig_px(s, 16) + fig_px(s, 14) : 0);
    float max_w = y < bar_end ? 2 * (L->bar_x - fig_px(s, 4) - cx) : INFINITY;
    fig_text_fit(l, m, L->mx.col_axis.title, &f, max_w, cx, y, FIG_HCENTER | FIG_TOP);
}

static void tick(fig_List *l, const fig_Measure *m, const fig_View *s, float x, float y, float v)
{
    char buf[32];
    fig_matrix_tick_text(v, buf, sizeof buf);
    fig_Font f = fig_font(s, 11, false, 0.8f);
    vec4 ink;
    fig_cmap_ink(0.6f, ink);
    fig_draw_rect(l, (fig_Rect){x, roundf(y), fig_px(s, 4), fmaxf(1, fig_px(s, 1))}, ink);
    fig_text(l, m, buf, &f, x + fig_px(s, 6), y, FIG_LEFT | FIG_VCENTER);
}

static void colour_bar(const Layout *L, const fig_Measure *m, const fig_View *s, fig_List *l)
{
    float bw = fig_px(s, 14), x = L->bar_x;
    float bh = bar_height(L, s), y = L->y0;
    uint8_t px8[256 * 4];
    for (int i = 0; i < 256; i++) {
        vec4 c;
        float t = 1.0f - (i + 0.5f) / 256.0f;
        fig_cmap_scale_color(&L->cs, L->cs.lo + t * (L->cs.hi - L->cs.lo), c);
        fig_cmap_to_rgba8(c, px8 + i * 4);
    }
    fig_Cmd *img = fig_draw_image(l, (fig_Rect){x, y, bw, roundf(bh)}, px8, 1, 256);
    img->tag = FIG_TAG_COLORBAR;
    vec4 frame;
    fig_cmap_ink(0.35f, frame);
    fig_draw_frame(l, (fig_Rect){x, y, bw, roundf(bh)}, 1, frame);
    /* the ticks that have room: high, low, then the middle */
    float th = m->height(m->ctx, fig_font(s, 11, false, 0.8f).size);
    tick(l, m, s, x + bw, y, L->cs.hi);
    if (bh >= th * 1.1f) tick(l, m, s, x + bw, y + bh, L->cs.lo);
    float mid = L->cs.kind == FIG_CMAP_DIVERGING ? 0.0f : (L->cs.lo + L->cs.hi) * 0.5f;
    if (bh >= th * 2.2f) tick(l, m, s, x + bw, y + bh * 0.5f, mid);
    if (!L->any_masked) return;
    vec4 c, hatch;
    fig_cmap_masked(c);
    fig_grey(0.72f, hatch);
    fig_Rect sw = {x, roundf(y + bh + fig_px(s, 16)), bw, bw};
    fig_draw_rect(l, sw, c)->tag = FIG_TAG_MASKED;
    fig_draw_line(l, (vec2){sw.x + 2, sw.y + sw.h - 2}, (vec2){sw.x + sw.w - 2, sw.y + 2}, 1,
                  hatch);
    fig_draw_frame(l, sw, 1, frame);
    fig_Font f = fig_font(s, 11, false, 0.8f);
    fig_text(l, m, fig_word(s, "masked"), &f, x + bw + fig_px(s, 6), sw.y + sw.h * 0.5f, FIG_LEFT | FIG_VCENTER);
}

/* Outline of the hovered cell and of the selected query row. */
static void highlights(const Layout *L, const fig_View *s, int p, const fig_CellMap *map, float px,
                       float py, fig_List *l)
{
    bool row = s->token >= 0 && s->token < L->mx.rows && L->mx.row_axis.kind != FIG_AX_INDEX;
    bool cell = s->hover_row >= 0 && s->hover_col >= 0 && (s->hover_head == p || L->n_panels == 1);
    if (!row && !cell) return;
    vec4 c = {1.0f, 0.45f, 0.0f, 1.0f};
    float lw = fmaxf(1, fig_px(s, 2));
    fig_draw_clip(l, (fig_Rect){px - lw, py - lw, L->pw + 2 * lw, L->ph + 2 * lw});
    if (row) {
        fig_Rect t = fig_cellmap_rect(map, L->c0, s->token);
        fig_draw_frame(l, (fig_Rect){px - lw, t.y - lw, L->pw + 2 * lw, t.h + 2 * lw}, lw, c);
    }
    if (cell) {
        vec4 hc = {0, 0, 0, 1};
        fig_Rect b = fig_cellmap_rect(map, s->hover_col, s->hover_row);
        fig_draw_frame(l, (fig_Rect){b.x - lw, b.y - lw, b.w + 2 * lw, b.h + 2 * lw}, lw, hc);
    }
    fig_draw_unclip(l);
}

static void draw_panel(const Layout *L, const fig_Measure *m, const tf_Trace *tr,
                       const fig_View *s, int k, fig_List *l)
{
    int p = L->panels[k];
    float px, py;
    panel_origin(L, k, &px, &py);
    fig_CellMap map;
    fig_cellmap(px, py, L->cell_w, L->cell_h, L->pan, &map);
    /* only a zoomed panel has cells beyond its edges */
    bool zoomed =
        L->nc < L->mx.cols || L->nr < L->mx.rows || L->pan[0] > L->c0 || L->pan[1] > L->r0;
    if (zoomed) fig_draw_clip(l, (fig_Rect){px, py, L->pw, L->ph});
    if (L->cell_w < 2 || L->cell_h < 2) cells_image(L, p, px, py, l);
    else cells_rects(L, m, s, p, &map, l);
    if (zoomed) fig_draw_unclip(l);
    vec4 frame;
    fig_cmap_ink(0.25f, frame);
    fig_draw_frame(l, (fig_Rect){px - 1, py - 1, L->pw + 2, L->ph + 2}, 1, frame);
    fig_Hit *h = fig_draw_hit(l, FIG_HIT_CELLS, (fig_Rect){px, py, L->pw, L->ph});
    h->head = L->mx.node->ndim == 3 ? p : -1;
    h->row0 = L->r0;
    h->col0 = L->c0;
    h->rows = L->nr;
    h->cols = L->nc;
    h->map = map;
    snprintf(h->step, sizeof h->step, "%s", L->mx.node->name);
    if (k % L->pcols == 0) row_labels(L, m, tr, s, &map, px, py, l);
    col_labels(L, m, tr, s, &map, px, py, l);
    panel_title(L, m, s, p, k, px, py, l);
    highlights(L, s, p, &map, px, py, l);
}

static void titles(const Layout *L, const fig_Measure *m, const fig_View *s, float w, float *top,
                   fig_List *l)
{
    const tf_Node *n = L->mx.node;
    char title[256], sub[512], shape[64] = "";
    fig_Attn a;
    int layer;
    const char *pre = s->kind == FIG_VIEW_DIFF ? "A − B: " : "";
    if (fig_view_attn_of(n->site, &a, &layer))
        snprintf(title, sizeof title, fig_word(s, "%s%s — %s, layer %d"), pre, n->name,
                 fig_word(s, fig_view_attn_title(a)), layer);
    else snprintf(title, sizeof title, "%s%s", pre, n->name);
    for (int d = 0; d < n->ndim; d++) {
        size_t len = strlen(shape);
        snprintf(shape + len, sizeof shape - len, "%s%d", d ? " × " : "", n->shape[d]);
    }
    char which[48] = "";
    if (n->ndim == 3) {
        if (L->n_panels == 1) snprintf(which, sizeof which, fig_word(s, " · head %d"), L->panels[0]);
        else snprintf(which, sizeof which, fig_word(s, " · all %d heads"), L->mx.panels);
    }
    char note[256];
    fig_word_note(s, n->note[0] ? n->note : tf_op_name(n->op), note, sizeof note);
    snprintf(sub, sizeof sub, "[%s]%s · %s%s", shape, which, note,
             L->any_masked ? fig_word(s, " · masked cells hatched") : "");
    *top = fig_title(l, m, s, w, title, sub);
}

/* Colour scale over every panel of the node (heads compare), skipping masked cells; symmetric
 * about zero for a difference (A − B), whatever its signs. */
static void fit_scale(Layout *L, const fig_View *s)
{
    const fig_Matrix *mx = &L->mx;
    int64_t per = (int64_t)mx->rows * mx->cols, n = per * mx->panels;
    uint8_t *skip = NULL;
    L->any_masked = false;
    if (mx->mask != TF_MASK_NONE) {
        skip = tf_xcalloc((size_t)n, 1);
        for (int64_t i = 0; i < n; i++) {
            int r = (int)(i % per / mx->cols), c = (int)(i % mx->cols);
            skip[i] = fig_view_cell_masked(mx, r, c);
            L->any_masked |= skip[i] != 0;
        }
    }
    fig_cmap_scale_fit(&L->cs, mx->node->data, n, skip);
    if (s->kind == FIG_VIEW_DIFF) {
        float m = fmaxf(fabsf(L->cs.lo), fabsf(L->cs.hi));
        L->cs = (fig_CmapScale){FIG_CMAP_DIVERGING, m > 0 ? -m : -1, m > 0 ? m : 1};
    }
    free(skip);
}

/* The layout of s's tensor in w × h (its titles drawn into l); NULL when the trace has no such
 * tensor. The caller frees it. */
static Layout *laid_out(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w,
                        float h, fig_List *l)
{
    Layout *L = tf_xcalloc(1, sizeof *L);
    const tf_Node *n = tf_trace_get(tr, s->tensor);
    if (!n || !fig_view_matrix_of(tr, n, s, &L->mx)) {
        free(L);
        return NULL;
    }
    if (n->ndim == 3 && s->head >= 0 && s->head < L->mx.panels) {
        L->panels[0] = s->head;
        L->n_panels = 1;
    } else {
        L->n_panels = L->mx.panels < FIG_MAX_HEADS ? L->mx.panels : FIG_MAX_HEADS;
        for (int p = 0; p < L->n_panels; p++) L->panels[p] = p;
    }
    fit_scale(L, s);
    float top;
    titles(L, m, s, w, &top, l);
    fig_matrix_layout(L, m, tr, s, top, w, h);
    return L;
}

float fig_matrix_cell_size(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w,
                           float h)
{
    fig_List scratch;
    fig_draw_init(&scratch);
    Layout *L = laid_out(s, tr, m, w, h, &scratch);
    float cell = L ? fminf(L->cell_w, L->cell_h) : 0;
    free(L);
    fig_draw_free(&scratch);
    return cell;
}

void fig_matrix_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                     fig_List *l)
{
    Layout *L = laid_out(s, tr, m, w, h, l);
    if (!L) {
        char msg[160];
        snprintf(msg, sizeof msg, "no tensor named '%s' in this trace", s->tensor);
        fig_message(l, m, s, w, h, msg);
        return;
    }
    for (int k = 0; k < L->n_panels; k++) draw_panel(L, m, tr, s, k, l);
    axis_titles(L, m, s, l);
    colour_bar(L, m, s, l);
    free(L);
}

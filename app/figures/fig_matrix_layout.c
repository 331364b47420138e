/* fig_matrix_layout.c — where the matrix view puts things (fig_matrix_int.h): the label fonts
 * and the room their longest labels take, the arrangement of panels that gives the largest cells,
 * the cell size (shrinking labels in a short view), two-row titles for narrow panels, the
 * colour bar's place, the zoom window and how often a label fits. Draws nothing (fig_matrix.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fig_matrix_int.h"

typedef fig_MatrixLayout Layout;

static float max_label_extent(const Layout *L, const fig_Measure *m, const tf_Trace *tr,
                              const fig_View *s, const fig_Axis *a, const fig_Font *f, int step,
                              float cap)
{
    float best = 0;
    char buf[LABEL_MAX], fit[LABEL_MAX];
    for (int i = 0; i < a->n; i += step) {
        fig_view_axis_label(a, tr, s, i, buf, sizeof buf);
        fig_fit(m, buf, f, cap, fit, sizeof fit);
        float w = fig_text_length(m, fit, f);
        if (w > best) best = w;
    }
    (void)L;
    return best;
}

/* Label fonts for the current cell size, and the margins they need: the widest of all labels,
 * whichever are later thinned out, so that the margins do not depend on the thinning. */
static void fit_fonts(Layout *L, const fig_Measure *m, const tf_Trace *tr, const fig_View *s)
{
    float rs = fminf(fmaxf(L->cell_h * 0.72f, fig_px(s, 9)), fig_px(s, 13));
    float cs = fminf(fmaxf(L->cell_w * 0.72f, fig_px(s, 9)), fig_px(s, 13));
    L->row_font = fig_font(s, rs / fmaxf(s->scale, 1e-3f), false, 0.85f);
    L->col_font = fig_font(s, cs / fmaxf(s->scale, 1e-3f), false, 0.85f);
    const fig_Axis *ra = &L->mx.row_axis, *ca = &L->mx.col_axis;
    if (fig_matrix_cols_turned(ca)) L->col_font.rot = FIG_ROT_90;
    L->row_lab_w = max_label_extent(L, m, tr, s, ra, &L->row_font, 1, L->row_cap) +
                   fig_px(s, 8);
    L->col_lab_h = fig_matrix_cols_turned(ca) ? max_label_extent(L, m, tr, s, ca, &L->col_font, 1,
                                                      L->col_cap)
                                   : m->height(m->ctx, L->col_font.size);
    L->col_lab_h += fig_px(s, 8);
}

/* Every how many rows and columns a label fits, for the cell size as finally laid out. */
static void fit_steps(Layout *L, const fig_Measure *m, const fig_View *s)
{
    const fig_Axis *ra = &L->mx.row_axis, *ca = &L->mx.col_axis;
    float rh = m->height(m->ctx, L->row_font.size), ch = m->height(m->ctx, L->col_font.size);
    L->row_step = fig_label_step(L->cell_h, rh * 1.02f, ra->kind == FIG_AX_INDEX);
    if (fig_matrix_cols_turned(ca)) {
        L->col_step = fig_label_step(L->cell_w, ch * 1.02f, false);
    } else {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", ca->n - 1);
        float nw = m->width(m->ctx, buf, L->col_font.size, false) + fig_px(s, 6);
        L->col_step = fig_label_step(L->cell_w, nw, true);
    }
}

/* The cell size that fits pc × pr panels into aw × ah, labels included. */
static void cells_for(const Layout *L, const fig_View *s, int pc, int pr, float aw, float ah,
                      float *cw, float *ch)
{
    float w = (aw - L->row_lab_w - (float)(pc - 1) * L->gap) / ((float)pc * L->mx.cols);
    float h = (ah - (float)pr * (L->col_lab_h + L->ptitle_h) - (float)(pr - 1) * L->gap) /
              ((float)pr * L->mx.rows);
    float base = fminf(w, h), lim = fig_px(s, 16), cap = fig_px(s, 120);
    *cw = fminf(fminf(w, fmaxf(base, lim)), cap);
    *ch = fminf(fminf(h, fmaxf(base, lim)), cap);
    /* whole-pixel cells tile evenly; below 4 px fractions keep the block at its size */
    if (*cw >= 4) *cw = floorf(*cw);
    if (*ch >= 4) *ch = floorf(*ch);
    if (*cw < 0.05f) *cw = 0.05f;
    if (*ch < 0.05f) *ch = 0.05f;
}

static void arrange(Layout *L, const fig_View *s, float aw, float ah)
{
    float best = -INFINITY;
    for (int pc = 1; pc <= L->n_panels; pc++) {
        int pr = (L->n_panels + pc - 1) / pc;
        float cw, ch;
        cells_for(L, s, pc, pr, aw, ah, &cw, &ch);
        float score = fminf(cw, ch) * 1000.0f + cw * ch;
        /* rows of panels whose titles and labels alone take more than the height: the fewest
         * rows, which overflow least */
        float left = ah - (float)pr * (L->col_lab_h + L->ptitle_h) - (float)(pr - 1) * L->gap;
        if (left <= 0) score = -1e9f + left;
        if (score > best) {
            best = score;
            L->pcols = pc;
            L->prows = pr;
            L->cell_w = cw;
            L->cell_h = ch;
        }
    }
}

static void zoom_window(Layout *L, const fig_View *s)
{
    L->pw = L->cell_w * L->mx.cols;
    L->ph = L->cell_h * L->mx.rows;
    L->r0 = L->c0 = 0;
    L->nr = L->mx.rows;
    L->nc = L->mx.cols;
    L->pan[0] = L->pan[1] = 0;
    if (L->n_panels != 1 || !(s->zoom > 1.0f)) return;
    L->cell_w *= s->zoom;
    L->cell_h *= s->zoom;
    L->pan[0] = s->pan[0];
    L->pan[1] = s->pan[1];
    fig_view_clamp_pan(s->zoom, L->mx.cols, L->mx.rows, L->pan);
    L->c0 = (int)L->pan[0];
    L->r0 = (int)L->pan[1];
    float off_x = (L->pan[0] - L->c0) * L->cell_w, off_y = (L->pan[1] - L->r0) * L->cell_h;
    L->nc = (int)ceilf((L->pw + off_x) / L->cell_w - 1e-4f);
    L->nr = (int)ceilf((L->ph + off_y) / L->cell_h - 1e-4f);
    if (L->c0 + L->nc > L->mx.cols) L->nc = L->mx.cols - L->c0;
    if (L->r0 + L->nr > L->mx.rows) L->nr = L->mx.rows - L->r0;
}

void fig_matrix_layout(Layout *L, const fig_Measure *m, const tf_Trace *tr, const fig_View *s,
                   float top, float w, float h)
{
    /* the colour bar's ticks: lo, middle (0 when diverging), hi */
    char ticks[3][32];
    float mid = L->cs.kind == FIG_CMAP_DIVERGING ? 0.0f : (L->cs.lo + L->cs.hi) * 0.5f;
    fig_matrix_tick_text(L->cs.lo, ticks[0], sizeof ticks[0]);
    fig_matrix_tick_text(mid, ticks[1], sizeof ticks[1]);
    fig_matrix_tick_text(L->cs.hi, ticks[2], sizeof ticks[2]);
    fig_Font tick = fig_font(s, 11, false, 0.8f);
    float tick_w = 0;
    for (int i = 0; i < 3; i++) tick_w = fmaxf(tick_w, m->width(m->ctx, ticks[i], tick.size, false));
    if (L->any_masked) tick_w = fmaxf(tick_w, m->width(m->ctx, fig_word(s, "masked"), tick.size, false));
    float margin = fig_px(s, 20), axis_title = fig_px(s, 22);
    float bar_space = fig_px(s, 24 + 14 + 6) + tick_w;
    float aw = w - 2 * margin - axis_title - bar_space, ah = h - top - margin - axis_title;
    L->gap = fig_px(s, 14);
    L->ptitle_h = L->n_panels > 1 || L->mx.node->ndim > 2 ? fig_px(s, 20) : 0;
    L->cell_w = L->cell_h = fig_px(s, 12);
    L->row_cap = fig_px(s, 150);
    L->col_cap = fig_px(s, 110);
    for (int pass = 0; pass < 2; pass++) {
        fit_fonts(L, m, tr, s);
        arrange(L, s, aw, ah);
    }
    /* a view so short that its labels leave the cells a few pixels: labels get less room, down
     * to a quarter of it (shortened past that, whole in their tooltips), until the cells have
     * 3 px */
    static const float share[] = {0.45f, 0.35f, 0.25f};
    bool short_view = ah < fig_px(s, 240);
    for (int k = 0; short_view && k < 3 && fminf(L->cell_w, L->cell_h) < fig_px(s, 3); k++) {
        L->row_cap = fminf(fig_px(s, 150), fmaxf(fig_px(s, 40), aw * share[k]));
        L->col_cap = fminf(fig_px(s, 110), fmaxf(fig_px(s, 30), ah * share[k]));
        for (int pass = 0; pass < 2; pass++) {
            fit_fonts(L, m, tr, s);
            arrange(L, s, aw, ah);
        }
    }
    /* panels side by side narrower than their titles: the titles on two rows, each as wide as
     * two panels */
    if (L->ptitle_h > 0 && L->pcols > 1 && L->mx.node->ndim == 3) {
        char t[48];
        snprintf(t, sizeof t, fig_word(s, "head %d"), L->n_panels - 1);
        fig_Font f = fig_font(s, 12, true, 0.9f);
        float need = m->width(m->ctx, t, f.size, true) + fig_px(s, 14);
        if (need > L->cell_w * L->mx.cols + L->gap * 0.6f) {
            L->stagger = true;
            L->ptitle_h += fig_px(s, 16);
            fit_fonts(L, m, tr, s);
            arrange(L, s, aw, ah);
        }
    }
    float grid_w = L->row_lab_w + L->pcols * L->cell_w * L->mx.cols + (L->pcols - 1) * L->gap;
    float grid_h = L->prows * (L->ptitle_h + L->cell_h * L->mx.rows + L->col_lab_h) +
                   (L->prows - 1) * L->gap;
    /* centre the block in the space left over */
    float left = margin + axis_title + fmaxf(0, (aw - grid_w) * 0.5f);
    float upper = top + fmaxf(0, (ah - grid_h) * 0.5f);
    L->x0 = roundf(left + L->row_lab_w);
    L->y0 = roundf(upper + L->ptitle_h);
    L->bar_x = roundf(left + grid_w + fig_px(s, 24));
    L->bar_bottom = h - fig_px(s, 8);
    zoom_window(L, s);
    fit_steps(L, m, s);
}

/* fig_matrix_int.h — what the matrix view's two files share (not a public interface): the
 * layout of a heatmap (fig_matrix_layout.c computes it, fig_matrix.c draws by it) and two small
 * helpers both use. */
#ifndef TF_FIG_MATRIX_INT_H
#define TF_FIG_MATRIX_INT_H

#include <math.h>
#include <stdio.h>

#include "fig_kit.h"

#define LABEL_MAX 64

typedef struct {
    fig_Matrix mx;
    fig_CmapScale cs;
    bool any_masked;
    int panels[FIG_MAX_HEADS];  /* panel indices shown */
    int n_panels;
    int pcols, prows;          /* arrangement of the shown panels */
    float cell_w, cell_h;
    fig_Font row_font, col_font;
    int row_step, col_step;
    float row_lab_w, col_lab_h, ptitle_h, gap;
    float row_cap, col_cap;       /* the longest row and column label (shortened past it) */
    float x0, y0;              /* top-left of the first panel's cells */
    float pw, ph;              /* one panel's cell area as drawn (clipped when zoomed) */
    float bar_x;
    float bar_bottom;          /* the lowest the colour bar (and its masked swatch) may reach */
    bool stagger;              /* panel titles on two rows, every other one higher */
    /* zoom: the pan (clamped), first visible row and column, visible counts */
    vec2 pan;
    int r0, c0, nr, nc;
} fig_MatrixLayout;

/* A tick's number with a real minus sign: beside the tick mark a hyphen read as "--9.55". */
static inline void fig_matrix_tick_text(float v, char *out, size_t cap)
{
    if (fabsf(v) < 1e-12f) v = 0.0f;
    snprintf(out, cap, "%s%.3g", v < 0 ? "\xE2\x88\x92" : "", fabsf(v));
}

/* Whether the column labels of this axis are turned (tokens) or level (numbers). */
static inline bool fig_matrix_cols_turned(const fig_Axis *a)
{
    return a->kind != FIG_AX_INDEX;
}

/* Lays out L (its matrix, panels, colour scale and masked flag set) in a w × h view whose titles
 * end at top: fonts, label room, the arrangement of panels, cell size, zoom window, label steps. */
void fig_matrix_layout(fig_MatrixLayout *L, const fig_Measure *m, const tf_Trace *tr,
                       const fig_View *s, float top, float w, float h);

#endif

/* fig_cmap.h — the colours of tfscope's figures: a perceptually uniform sequential map (viridis)
 * for values in [0, 1] or [0, max], a diverging map centred on zero for signed values, a
 * colour-blind-safe qualitative palette for attention heads (Paul Tol's "muted" set), and the
 * rule that picks a scale from a tensor's content. Colours are cglm vec4, rgba in [0, 1].
 * Not drawing: views ask for colours here and put them in the draw list.
 *
 * Usage:
 *     fig_CmapScale s;
 *     fig_cmap_scale_fit(&s, data, n, NULL);     // viridis 0..1 for attention weights
 *     vec4 c;
 *     fig_cmap_scale_color(&s, data[i], c);
 */
#ifndef TF_FIG_CMAP_H
#define TF_FIG_CMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

typedef enum {
    FIG_CMAP_SEQUENTIAL,  /* viridis from lo (dark purple) to hi (yellow) */
    FIG_CMAP_DIVERGING,   /* blue below zero, near-white at zero, red above; lo = -hi */
    FIG_CMAP_KIND_COUNT
} fig_CmapKind;

typedef struct {
    fig_CmapKind kind;
    float lo, hi;
} fig_CmapScale;

/* t in [0, 1] (clamped). */
void fig_cmap_viridis(float t, vec4 out);
/* t in [-1, 1] (clamped); 0 is the neutral centre. */
void fig_cmap_diverging(float t, vec4 out);
/* The heads' colours: Paul Tol's "muted" set (9 colours, the default) or Okabe and Ito's
 * (8 colours, more saturated). Both keep the 8 heads of a model apart under protanopia,
 * deuteranopia and tritanopia (test_views checks it with simulated colour vision). */
typedef enum { FIG_HEADS_TOL, FIG_HEADS_OKABE_ITO, FIG_HEADS_COUNT } fig_HeadColors;
/* Chooses the heads' colours, and whether ink is strong (projector) for what is drawn from now
 * on; fig_palette_use (fig_kit.h) calls it. */
void fig_cmap_use(fig_HeadColors heads, bool strong_ink);
/* How many colours the heads cycle through. */
int fig_cmap_head_colors(void);
/* The colour of head h (cycling). */
void fig_cmap_head(int h, vec4 out);

/* Chooses the scale for n values, skipping those with skip[i] set (masked cells) and any that
 * are not finite: all in [0, 1] gives sequential 0..1 (so attention heads compare); all >= 0 gives
 * sequential 0..max; otherwise diverging -m..m with m = max |x|. */
void fig_cmap_scale_fit(fig_CmapScale *s, const float *x, int64_t n, const uint8_t *skip);
void fig_cmap_scale_color(const fig_CmapScale *s, float v, vec4 out);
/* Where v falls on the scale, 0..1 (for colour bars and ticks). */
float fig_cmap_scale_pos(const fig_CmapScale *s, float v);

/* Fixed colours of the figures. */
void fig_cmap_masked(vec4 out);      /* fill of masked cells */
void fig_cmap_invalid(vec4 out);     /* NaN or infinite values */
void fig_cmap_ink(float alpha, vec4 out);  /* text and axes: near-black at the given alpha */

/* Relative luminance (sRGB, 0..1): callers pick dark or light text on a coloured cell with it. */
float fig_cmap_luminance(const vec4 c);
void fig_cmap_to_rgba8(const vec4 c, uint8_t out[4]);

#endif

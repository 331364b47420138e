/* colormap.h — the colours of tfscope's figures: a perceptually uniform sequential map (viridis)
 * for values in [0, 1] or [0, max], a diverging map centred on zero for signed values, a
 * colour-blind-safe qualitative palette for attention heads (Paul Tol's "muted" set), and the
 * rule that picks a scale from a tensor's content. Colours are cglm vec4, rgba in [0, 1].
 * Not drawing: views ask for colours here and put them in the draw list.
 *
 * Usage:
 *     cm_Scale s;
 *     cm_scale_fit(&s, data, n, NULL);     // viridis 0..1 for attention weights
 *     vec4 c;
 *     cm_scale_color(&s, data[i], c);
 */
#ifndef TF_COLORMAP_H
#define TF_COLORMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

typedef enum {
    CM_SEQUENTIAL,  /* viridis from lo (dark purple) to hi (yellow) */
    CM_DIVERGING,   /* blue below zero, near-white at zero, red above; lo = -hi */
    CM_KIND_COUNT
} cm_Kind;

typedef struct {
    cm_Kind kind;
    float lo, hi;
} cm_Scale;

/* t in [0, 1] (clamped). */
void cm_viridis(float t, vec4 out);
/* t in [-1, 1] (clamped); 0 is the neutral centre. */
void cm_diverging(float t, vec4 out);
/* The colour of head h (cycles after CM_HEAD_COLORS). */
#define CM_HEAD_COLORS 9
void cm_head(int h, vec4 out);

/* Chooses the scale for n values, skipping those with skip[i] set (masked cells) and any that
 * are not finite: all in [0, 1] gives sequential 0..1 (so attention heads compare); all >= 0 gives
 * sequential 0..max; otherwise diverging -m..m with m = max |x|. */
void cm_scale_fit(cm_Scale *s, const float *x, int64_t n, const uint8_t *skip);
void cm_scale_color(const cm_Scale *s, float v, vec4 out);
/* Where v falls on the scale, 0..1 (for colour bars and ticks). */
float cm_scale_pos(const cm_Scale *s, float v);

/* Fixed colours of the figures. */
void cm_masked(vec4 out);      /* fill of masked cells */
void cm_invalid(vec4 out);     /* NaN or infinite values */
void cm_ink(float alpha, vec4 out);  /* text and axes: near-black at the given alpha */

/* Relative luminance (sRGB, 0..1): callers pick dark or light text on a coloured cell with it. */
float cm_luminance(const vec4 c);
void cm_to_rgba8(const vec4 c, uint8_t out[4]);

#endif

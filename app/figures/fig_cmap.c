/* fig_cmap.c — colour maps as small tables interpolated linearly in sRGB.
 * Viridis: 33 samples of the 256-entry matplotlib table by Smith, van der Walt and Firing
 * (CC0); linear interpolation between them stays within 1/255 of the full table.
 * Diverging: ColorBrewer's RdBu (11 classes), blue for negative values.
 * Heads: Paul Tol's "muted" qualitative scheme, ordered so neighbouring heads contrast. */
#include "fig_cmap.h"

#include <math.h>

static const float VIRIDIS[33][3] = {
    {0.2670f, 0.0049f, 0.3294f}, {0.2770f, 0.0502f, 0.3755f}, {0.2823f, 0.0946f, 0.4170f},
    {0.2829f, 0.1354f, 0.4530f}, {0.2789f, 0.1749f, 0.4830f}, {0.2708f, 0.2133f, 0.5066f},
    {0.2593f, 0.2507f, 0.5244f}, {0.2454f, 0.2867f, 0.5370f}, {0.2302f, 0.3213f, 0.5455f},
    {0.2148f, 0.3545f, 0.5510f}, {0.2000f, 0.3864f, 0.5545f}, {0.1861f, 0.4173f, 0.5567f},
    {0.1733f, 0.4474f, 0.5579f}, {0.1613f, 0.4770f, 0.5581f}, {0.1497f, 0.5064f, 0.5573f},
    {0.1384f, 0.5358f, 0.5551f}, {0.1281f, 0.5651f, 0.5509f}, {0.1209f, 0.5945f, 0.5442f},
    {0.1203f, 0.6238f, 0.5343f}, {0.1310f, 0.6529f, 0.5208f}, {0.1554f, 0.6815f, 0.5032f},
    {0.1930f, 0.7096f, 0.4812f}, {0.2415f, 0.7366f, 0.4545f}, {0.2986f, 0.7624f, 0.4230f},
    {0.3629f, 0.7867f, 0.3866f}, {0.4330f, 0.8091f, 0.3453f}, {0.5081f, 0.8292f, 0.2992f},
    {0.5873f, 0.8470f, 0.2489f}, {0.6694f, 0.8622f, 0.1954f}, {0.7529f, 0.8751f, 0.1427f},
    {0.8359f, 0.8861f, 0.1025f}, {0.9166f, 0.8961f, 0.1008f}, {0.9932f, 0.9062f, 0.1439f},
};

/* RdBu reversed: index 0 is the most negative */
static const uint8_t DIVERGING[11][3] = {
    {0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde},
    {0xd1, 0xe5, 0xf0}, {0xf7, 0xf7, 0xf7}, {0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82},
    {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f},
};

static const uint8_t HEADS[9][3] = {
    {0x33, 0x22, 0x88}, /* indigo */
    {0xCC, 0x66, 0x77}, /* rose */
    {0x11, 0x77, 0x33}, /* green */
    {0x88, 0xCC, 0xEE}, /* cyan */
    {0x88, 0x22, 0x55}, /* wine */
    {0xDD, 0xCC, 0x77}, /* sand */
    {0x44, 0xAA, 0x99}, /* teal */
    {0xAA, 0x44, 0x99}, /* purple */
    {0x99, 0x99, 0x33}, /* olive */
};

/* Okabe and Ito (2008), "Color Universal Design": ordered so neighbouring heads contrast, black
 * last */
static const uint8_t OKABE_ITO[8][3] = {
    {0x00, 0x72, 0xB2}, /* blue */
    {0xE6, 0x9F, 0x00}, /* orange */
    {0x00, 0x9E, 0x73}, /* bluish green */
    {0xCC, 0x79, 0xA7}, /* reddish purple */
    {0x56, 0xB4, 0xE9}, /* sky blue */
    {0xD5, 0x5E, 0x00}, /* vermillion */
    {0xF0, 0xE4, 0x42}, /* yellow */
    {0x00, 0x00, 0x00}, /* black */
};

static fig_HeadColors g_heads = FIG_HEADS_TOL;
static bool g_strong_ink;

void fig_cmap_use(fig_HeadColors heads, bool strong_ink)
{
    g_heads = heads == FIG_HEADS_OKABE_ITO ? FIG_HEADS_OKABE_ITO : FIG_HEADS_TOL;
    g_strong_ink = strong_ink;
}

int fig_cmap_head_colors(void)
{
    return g_heads == FIG_HEADS_OKABE_ITO ? 8 : 9;
}

static float clampf(float x, float lo, float hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

void fig_cmap_viridis(float t, vec4 out)
{
    float x = clampf(isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * 32.0f;
    int i = (int)x;
    if (i > 31) i = 31;
    const float *a = VIRIDIS[i], *b = VIRIDIS[i + 1];
    glm_vec4_lerp((vec4){a[0], a[1], a[2], 1}, (vec4){b[0], b[1], b[2], 1}, x - (float)i, out);
}

void fig_cmap_diverging(float t, vec4 out)
{
    float x = (clampf(isfinite(t) ? t : 0.0f, -1.0f, 1.0f) + 1.0f) * 5.0f;
    int i = (int)x;
    if (i > 9) i = 9;
    const uint8_t *a = DIVERGING[i], *b = DIVERGING[i + 1];
    glm_vec4_lerp((vec4){a[0] / 255.0f, a[1] / 255.0f, a[2] / 255.0f, 1},
                  (vec4){b[0] / 255.0f, b[1] / 255.0f, b[2] / 255.0f, 1}, x - (float)i, out);
}

void fig_cmap_head(int h, vec4 out)
{
    int i = (h < 0 ? -h : h) % fig_cmap_head_colors();
    const uint8_t *c = g_heads == FIG_HEADS_OKABE_ITO ? OKABE_ITO[i] : HEADS[i];
    glm_vec4_copy((vec4){c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f, 1.0f}, out);
}

void fig_cmap_scale_fit(fig_CmapScale *s, const float *x, int64_t n, const uint8_t *skip)
{
    float lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
        if ((skip && skip[i]) || !isfinite(x[i])) continue;
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
    }
    if (lo > hi) lo = hi = 0.0f;  /* nothing to show */
    if (lo >= 0.0f && hi <= 1.0f) {
        *s = (fig_CmapScale){FIG_CMAP_SEQUENTIAL, 0.0f, 1.0f};
    } else if (lo >= 0.0f) {
        *s = (fig_CmapScale){FIG_CMAP_SEQUENTIAL, 0.0f, hi};
    } else {
        float m = fmaxf(-lo, hi);
        *s = (fig_CmapScale){FIG_CMAP_DIVERGING, -m, m};
    }
}

float fig_cmap_scale_pos(const fig_CmapScale *s, float v)
{
    if (!(s->hi > s->lo)) return 0.5f;
    return clampf((v - s->lo) / (s->hi - s->lo), 0.0f, 1.0f);
}

void fig_cmap_scale_color(const fig_CmapScale *s, float v, vec4 out)
{
    if (!isfinite(v)) {
        fig_cmap_invalid(out);
        return;
    }
    float t = fig_cmap_scale_pos(s, v);
    if (s->kind == FIG_CMAP_DIVERGING) fig_cmap_diverging(t * 2.0f - 1.0f, out);
    else fig_cmap_viridis(t, out);
}

void fig_cmap_masked(vec4 out)
{
    glm_vec4_copy((vec4){0.93f, 0.93f, 0.93f, 1.0f}, out);
}

void fig_cmap_invalid(vec4 out)
{
    glm_vec4_copy((vec4){1.0f, 0.0f, 1.0f, 1.0f}, out);
}

void fig_cmap_ink(float alpha, vec4 out)
{
    /* a projector: faint ink (axes, secondary labels) made nearly opaque */
    if (g_strong_ink) glm_vec4_copy((vec4){0, 0, 0, 1.0f - (1.0f - alpha) * 0.35f}, out);
    else glm_vec4_copy((vec4){0.12f, 0.12f, 0.14f, alpha}, out);
}

static float lin(float c)
{
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

float fig_cmap_luminance(const vec4 c)
{
    return 0.2126f * lin(c[0]) + 0.7152f * lin(c[1]) + 0.0722f * lin(c[2]);
}

void fig_cmap_to_rgba8(const vec4 c, uint8_t out[4])
{
    for (int i = 0; i < 4; i++) out[i] = (uint8_t)(clampf(c[i], 0.0f, 1.0f) * 255.0f + 0.5f);
}

/* raster.c — segment rasterization by distance: every pixel whose centre lies within half the
 * width (+ half a pixel of feather) of the segment gets coverage clamp(w/2 + 0.5 - d, 0, 1).
 * Pixels are visited row by row, only the run of each row that lies within reach, so that
 * memory is walked in order whatever the slope. Lines are recorded first and rasterized at
 * resolve time, one band of tile rows per task: bands share no pixels (nor tiles), so tasks need
 * no locks and every pixel sees its lines in recording order. */
#include "raster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tf_base.h"

/* A recorded segment, in the form the row loop wants: for a pixel centre (x, y) the signed
 * distance to its line is nx·x + ny·y + c, and its position along it t = tx·x + ty·y + tc. */
struct rl_Pending {
    vec4 pre;                /* premultiplied colour */
    vec2 a, b;
    float nx, ny, c, tx, ty, tc;
    float inv_nx, inv_tx;    /* 1/nx, 1/tx (0 when those are 0) */
    float reach;
    int xlo, xhi, ylo, yhi;  /* pixels it may touch, clipped */
};

typedef rl_Pending Seg;

void rl_resize(rl_Layer *L, int w, int h)
{
    if (L->w == w && L->h == h && L->tile) return;
    tf_Pool *pool = L->pool;
    rl_free(L);
    L->pool = pool;
    L->w = w;
    L->h = h;
    L->tw = (w + RL_TILE - 1) / RL_TILE;
    L->th = (h + RL_TILE - 1) / RL_TILE;
    L->tile = tf_xcalloc((size_t)L->tw * L->th, sizeof *L->tile);
    L->dirty = tf_xcalloc((size_t)L->tw * L->th, 1);
}

void rl_free(rl_Layer *L)
{
    for (int i = 0; L->tile && i < L->tw * L->th; i++) free(L->tile[i]);
    free(L->tile);
    free(L->dirty);
    free(L->lines);
    memset(L, 0, sizeof *L);
}

/* The pixel (x, y) of the layer, its tile allocated and marked on first touch. */
static float *pixel(rl_Layer *L, int x, int y)
{
    int t = (y / RL_TILE) * L->tw + x / RL_TILE;
    if (!L->tile[t]) L->tile[t] = tf_xcalloc(RL_TILE * RL_TILE * 4, sizeof(float));
    L->dirty[t] = 1;
    return L->tile[t] + ((size_t)(y % RL_TILE) * RL_TILE + x % RL_TILE) * 4;
}

/* floor and ceil without a libm call (the baseline x86-64 target has no rounding instruction) */
static inline int ifloor(float x)
{
    int i = (int)x;
    return x < (float)i ? i - 1 : i;
}

static inline int iceil(float x)
{
    int i = (int)x;
    return x > (float)i ? i + 1 : i;
}

static float end_dist(const Seg *g, float x, float y, float t)
{
    const float *e = t < 0 ? g->a : g->b;
    return sqrtf((x - e[0]) * (x - e[0]) + (y - e[1]) * (y - e[1]));
}

/* p = pre·cov + p·(1 - alpha·cov), four channels at once (tiles and pre are 16-byte aligned) */
static inline void blend(float *p, vec4 pre, float cov)
{
    cov = cov < 0.0f ? 0.0f : cov > 1.0f ? 1.0f : cov;  /* 0 leaves the pixel unchanged */
    glm_vec4_scale(p, 1.0f - pre[3] * cov, p);
    glm_vec4_muladds(pre, cov, p);
}

/* Pixels x0..x1 of row y, all within one tile. [b0, b1] is where the pixel centre projects
 * inside the segment (distance to the line); elsewhere the distance to the nearer end. */
static void span(rl_Layer *L, const Seg *g, int y, int x0, int x1, float b0, float b1,
                 float base, float tbase)
{
    float *p = pixel(L, x0, y), yc = y + 0.5f;
    vec4 pre;
    glm_vec4_copy((float *)g->pre, pre);
    if (x0 + 0.5f >= b0 && x1 + 0.5f <= b1) {  /* the usual case: no end in this run */
        float d = g->nx * (x0 + 0.5f) + base;        /* signed distance, one nx per pixel */
        for (int x = x0; x <= x1; x++, p += 4, d += g->nx) blend(p, pre, g->reach - fabsf(d));
        return;
    }
    for (int x = x0; x <= x1; x++, p += 4) {
        float xc = x + 0.5f;
        if (xc >= b0 && xc <= b1) blend(p, pre, g->reach - fabsf(g->nx * xc + base));
        else blend(p, pre, g->reach - end_dist(g, xc, yc, g->tx * xc + tbase));
    }
}

/* One pixel row: the run of x within reach of the segment, composed left to right. */
static void row(rl_Layer *L, const Seg *g, int y)
{
    int xlo = g->xlo, xhi = g->xhi;
    float yc = y + 0.5f, base = g->ny * yc + g->c, tbase = g->ty * yc + g->tc;
    if (g->inv_nx != 0) {
        float xa = (-g->reach - base) * g->inv_nx - 0.5f, xb = (g->reach - base) * g->inv_nx - 0.5f;
        if (xa > xb) {
            float t = xa;
            xa = xb;
            xb = t;
        }
        /* keep the conversions in int range: the run is within [xlo, xhi] anyway */
        xa = xa < (float)xlo ? (float)xlo : xa;
        xb = xb > (float)xhi ? (float)xhi : xb;
        int lo = ifloor(xa), hi = iceil(xb);
        if (lo > xlo) xlo = lo;
        if (hi < xhi) xhi = hi;
    } else if (fabsf(base) >= g->reach) {
        return;
    }
    if (xlo > xhi) return;
    /* where t = tx·x + tbase lies in [0, 1] */
    float b0 = -INFINITY, b1 = INFINITY;
    if (g->inv_tx != 0) {
        b0 = -tbase * g->inv_tx;
        b1 = (1.0f - tbase) * g->inv_tx;
        if (b0 > b1) {
            float t = b0;
            b0 = b1;
            b1 = t;
        }
    } else if (tbase < 0 || tbase > 1) {
        b0 = INFINITY;  /* the whole row is beyond an end */
        b1 = -INFINITY;
    }
    for (int x = xlo; x <= xhi;) {
        int end = (x / RL_TILE + 1) * RL_TILE - 1;
        if (end > xhi) end = xhi;
        span(L, g, y, x, end, b0, b1, base, tbase);
        x = end + 1;
    }
}

void rl_line(rl_Layer *L, const vec2 p0, const vec2 p1, float width, const vec4 colour,
             rl_Box clip)
{
    if (clip.x0 >= clip.x1) clip = (rl_Box){0, 0, L->w, L->h};
    if (clip.x0 < 0) clip.x0 = 0;
    if (clip.y0 < 0) clip.y0 = 0;
    if (clip.x1 > L->w) clip.x1 = L->w;
    if (clip.y1 > L->h) clip.y1 = L->h;
    float a = colour[3] * (width < 1 ? fmaxf(width, 0) : 1);
    if (!(a > 0) || clip.x0 >= clip.x1 || clip.y0 >= clip.y1) return;
    Seg g = {.pre = {colour[0] * a, colour[1] * a, colour[2] * a, a},
             .reach = fmaxf(width, 1) * 0.5f + 0.5f};
    glm_vec2_copy((float *)p0, g.a);
    glm_vec2_copy((float *)p1, g.b);
    float dx = p1[0] - p0[0], dy = p1[1] - p0[1], dd = dx * dx + dy * dy, len = sqrtf(dd);
    if (len > 1e-6f) {
        g.nx = -dy / len;
        g.ny = dx / len;
        g.tx = dx / dd;
        g.ty = dy / dd;
    } else {
        g.nx = 1; /* a dot: every pixel is "past the end", so the exact distance is used */
        g.tx = g.ty = 0;
    }
    g.inv_nx = fabsf(g.nx) > 1e-6f ? 1.0f / g.nx : 0;
    g.inv_tx = fabsf(g.tx) > 1e-12f ? 1.0f / g.tx : 0;
    g.c = -(g.nx * p0[0] + g.ny * p0[1]);
    g.tc = len > 1e-6f ? -(g.tx * p0[0] + g.ty * p0[1]) : -1;
    g.xlo = (int)floorf(fminf(p0[0], p1[0]) - g.reach);
    g.xhi = (int)ceilf(fmaxf(p0[0], p1[0]) + g.reach);
    g.ylo = (int)floorf(fminf(p0[1], p1[1]) - g.reach);
    g.yhi = (int)ceilf(fmaxf(p0[1], p1[1]) + g.reach);
    if (g.xlo < clip.x0) g.xlo = clip.x0;
    if (g.ylo < clip.y0) g.ylo = clip.y0;
    if (g.xhi > clip.x1 - 1) g.xhi = clip.x1 - 1;
    if (g.yhi > clip.y1 - 1) g.yhi = clip.y1 - 1;
    if (g.xlo > g.xhi || g.ylo > g.yhi) return;
    if (L->n_lines == L->cap_lines) {
        L->cap_lines = L->cap_lines ? L->cap_lines * 2 : 1024;
        L->lines = realloc(L->lines, (size_t)L->cap_lines * sizeof *L->lines);
        TF_ASSERT(L->lines != NULL);
    }
    L->lines[L->n_lines++] = g;
}

/* Task: every recorded line, within one band of RL_TILE pixel rows (the band's tiles are its
 * own, so tasks share nothing). */
static void band(void *ctx, int task)
{
    rl_Layer *L = ctx;
    int y0 = task * RL_TILE, y1 = y0 + RL_TILE - 1;
    for (int i = 0; i < L->n_lines; i++) {
        const Seg *g = &L->lines[i];
        int a = g->ylo > y0 ? g->ylo : y0, b = g->yhi < y1 ? g->yhi : y1;
        for (int y = a; y <= b; y++) row(L, g, y);
    }
}

static void rasterize(rl_Layer *L)
{
    if (L->n_lines == 0) return;
    tf_pool_run(L->pool, band, L, L->th);
    L->n_lines = 0;
}

bool rl_resolve(rl_Layer *L, uint8_t *out, rl_Box *box)
{
    rasterize(L);
    int t = 0, n = L->tw * L->th;
    while (t < n && !L->dirty[t]) t++;
    if (t >= n) return false;
    L->dirty[t] = 0;
    int x0 = (t % L->tw) * RL_TILE, y0 = (t / L->tw) * RL_TILE;
    *box = (rl_Box){x0, y0, x0 + RL_TILE < L->w ? x0 + RL_TILE : L->w,
                    y0 + RL_TILE < L->h ? y0 + RL_TILE : L->h};
    int bw = box->x1 - x0;
    for (int y = 0; y < box->y1 - y0; y++) {
        float *p = L->tile[t] + (size_t)y * RL_TILE * 4;
        uint8_t *o = out + (size_t)y * bw * 4;
        for (int x = 0; x < bw; x++, p += 4, o += 4) {
            float al = p[3] > 1 ? 1 : p[3];
            float inv = al > 0 ? 1.0f / al : 0;
            for (int c = 0; c < 3; c++) {
                float v = p[c] * inv;
                o[c] = (uint8_t)((v > 1 ? 1 : v < 0 ? 0 : v) * 255.0f + 0.5f);
            }
            o[3] = (uint8_t)(al * 255.0f + 0.5f);
        }
    }
    memset(L->tile[t], 0, RL_TILE * RL_TILE * 4 * sizeof(float));
    return true;
}

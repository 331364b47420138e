/* rd_raster.c — segment rasterization by distance: every pixel whose centre lies within half the
 * width (+ half a pixel of feather) of the segment gets coverage clamp(w/2 + 0.5 - d, 0, 1).
 * Pixels are visited row by row, only the run of each row that lies within reach, so that
 * memory is walked in order whatever the slope. Lines are recorded first and rasterized at
 * resolve time, one band of RD_TILE pixel rows at a time into the task's float band buffer, then
 * composed onto the target or converted to RGBA8 tiles: bands share no pixels (nor tiles), so
 * tasks need no locks and every pixel sees its lines in recording order. */
#include "rd_raster.h"

#include <math.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string.h>

#include "tf_base.h"

/* A recorded segment, in the form the row loop wants: for a pixel centre (x, y) the signed
 * distance to its line is nx·x + ny·y + c, and its position along it t = tx·x + ty·y + tc. */
struct rd_Pending {
    vec4 pre;                /* premultiplied colour */
    vec2 a, b;
    float nx, ny, c, tx, ty, tc;
    float inv_nx, inv_tx;    /* 1/nx, 1/tx (0 when those are 0) */
    float reach;
    int xlo, xhi, ylo, yhi;  /* pixels it may touch, clipped */
    int yi0, yi1;            /* rows whose run has no end of the segment in it (yi0 > yi1: none) */
};

typedef rd_Pending Seg;

/* Below this many pixels of the lines' boxes in all, one thread rasterizes them. */
#define RD_INLINE_PX 1048576.0

/* A band row holds the layer's w pixels and RUN_PAD more, so that runs can be composed four
 * pixels at a time past their end (with no ink there). */
#define RUN_PAD 4

static size_t band_bytes(const rd_Layer *L)
{
    return (size_t)RD_TILE * (L->w + RUN_PAD) * 4 * sizeof(float);
}

/* The buffers are kept when the size changes, and grown only when they are too small: the
 * window draws each view panel into its own texture and then the frame, so the layer changes
 * size several times a frame (freeing and zeroing 8 MB at 1920×1080 each time cost more than
 * the lines). They hold zeros between draws, whatever width they are read with. */
void rd_raster_resize(rd_Layer *L, int w, int h)
{
    if (L->w == w && L->h == h && L->dirty) return;
    bool ink = false;
    for (int i = 0; L->dirty && i < L->tw * L->th; i++) ink = ink || L->dirty[i];
    if (ink && L->px) memset(L->px, 0, L->cap_px);
    L->n_lines = 0;
    free(L->dirty);
    L->w = w;
    L->h = h;
    L->tw = (w + RD_TILE - 1) / RD_TILE;
    L->th = (h + RD_TILE - 1) / RD_TILE;
    L->dirty = tf_xcalloc((size_t)L->tw * L->th, 1);
}

void rd_raster_free(rd_Layer *L)
{
    for (int i = 0; i < RD_MAX_TASKS; i++) tf_free_big(L->band[i], L->cap_band);
    tf_free_big(L->px, L->cap_px);
    free(L->dirty);
    tf_free_big(L->lines, (size_t)L->cap_lines * sizeof *L->lines);
    memset(L, 0, sizeof *L);
}

void rd_raster_target(rd_Layer *L, uint8_t *rgba, int pitch)
{
    L->target = rgba;
    L->target_pitch = pitch;
}

/* One band being rasterized: its float rows and, per row, the run of columns that got ink. */
typedef struct {
    float *buf;                    /* RD_TILE rows × stride pixels × 4 */
    int y0, stride;                /* first row; pixels per row (w + RUN_PAD) */
    int lo[RD_TILE], hi[RD_TILE];  /* lo > hi: untouched */
} Band;

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

/* p = pre·cov + p·(1 - alpha·cov), four channels at once (band rows and pre are 16-byte
 * aligned) */
static inline void blend(float *p, vec4 pre, float cov)
{
    cov = cov < 0.0f ? 0.0f : cov > 1.0f ? 1.0f : cov;  /* 0 leaves the pixel unchanged */
    glm_vec4_scale(p, 1.0f - pre[3] * cov, p);
    glm_vec4_muladds(pre, cov, p);
}

/* Pixels x0..x1 of a run with no segment end in it: coverage reach - |nx·xc + base| (the
 * distance to the line, computed afresh per pixel centre xc so that every path gives the same
 * bits). With SSE, four pixels at a time; the last group reaches up to three pixels past x1
 * (into the row's padding at worst) with no coverage there, which leaves those pixels as they
 * are: p·1 + pre·0. */
static inline void interior(float *p, const vec4 pre, int x0, int x1, float nx, float base,
                            float reach)
{
#if defined(__SSE2__)
    static const int32_t LANES[4][4] = {{-1, 0, 0, 0}, {-1, -1, 0, 0}, {-1, -1, -1, 0},
                                        {-1, -1, -1, -1}};
    __m128 vpre = _mm_loadu_ps(pre), va = _mm_set1_ps(pre[3]), vnx = _mm_set1_ps(nx);
    __m128 vbase = _mm_set1_ps(base), vr = _mm_set1_ps(reach), one = _mm_set1_ps(1.0f);
    __m128 zero = _mm_setzero_ps(), four = _mm_set1_ps(4.0f);
    __m128 abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    __m128 xc = _mm_add_ps(_mm_set1_ps((float)x0 + 0.5f), _mm_setr_ps(0, 1, 2, 3));
    for (int x = x0; x <= x1; x += 4, p += 16, xc = _mm_add_ps(xc, four)) {
        __m128 d = _mm_add_ps(_mm_mul_ps(vnx, xc), vbase);
        __m128 cov = _mm_sub_ps(vr, _mm_and_ps(d, abs_mask));
        cov = _mm_min_ps(_mm_max_ps(cov, zero), one);
        if (x1 - x < 3) cov = _mm_and_ps(cov, _mm_loadu_ps((const float *)LANES[x1 - x]));
        __m128 keep = _mm_sub_ps(one, _mm_mul_ps(va, cov));
#define RD_BLEND4(k)                                                                          \
    _mm_store_ps(p + 4 * (k),                                                                \
                 _mm_add_ps(_mm_mul_ps(_mm_load_ps(p + 4 * (k)),                             \
                                       _mm_shuffle_ps(keep, keep, _MM_SHUFFLE(k, k, k, k))), \
                            _mm_mul_ps(vpre, _mm_shuffle_ps(cov, cov, _MM_SHUFFLE(k, k, k, k)))))
        RD_BLEND4(0);
        RD_BLEND4(1);
        RD_BLEND4(2);
        RD_BLEND4(3);
#undef RD_BLEND4
    }
#else
    vec4 c;
    memcpy(c, pre, sizeof c);
    for (int x = x0; x <= x1; x++, p += 4) blend(p, c, reach - fabsf(nx * (x + 0.5f) + base));
#endif
}

/* Pixels x0..x1 of row y near an end of the segment. [b0, b1] is where the pixel centre
 * projects inside the segment (distance to the line); elsewhere the distance to the nearer end. */
static void ends(float *p, const Seg *g, int y, int x0, int x1, float base)
{
    float yc = y + 0.5f, tbase = g->ty * yc + g->tc;
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
    if (x0 + 0.5f >= b0 && x1 + 0.5f <= b1) {  /* no end in this run after all */
        interior(p, g->pre, x0, x1, g->nx, base, g->reach);
        return;
    }
    vec4 pre;
    memcpy(pre, g->pre, sizeof pre);
    for (int x = x0; x <= x1; x++, p += 4) {
        float xc = x + 0.5f;
        if (xc >= b0 && xc <= b1) blend(p, pre, g->reach - fabsf(g->nx * xc + base));
        else blend(p, pre, g->reach - end_dist(g, xc, yc, g->tx * xc + tbase));
    }
}

/* Rows a..z of one segment: in each, the run of x within reach, composed left to right. */
static void seg_rows(Band *B, const Seg *seg, int a, int z)
{
    const Seg g = *seg;  /* a local copy: the pixel stores cannot alias it */
    for (int y = a; y <= z; y++) {
        int xlo = g.xlo, xhi = g.xhi;
        float base = g.ny * (y + 0.5f) + g.c;
        if (g.inv_nx != 0) {
            float xa = (-g.reach - base) * g.inv_nx - 0.5f, xb = (g.reach - base) * g.inv_nx - 0.5f;
            if (xa > xb) {
                float t = xa;
                xa = xb;
                xb = t;
            }
            /* pixel x has coverage only strictly between xa and xb; the run is within
             * [xlo, xhi] anyway, which keeps the conversions in int range */
            xa = xa < (float)(xlo - 1) ? (float)(xlo - 1) : xa;
            xb = xb > (float)(xhi + 1) ? (float)(xhi + 1) : xb;
            int lo = ifloor(xa) + 1, hi = iceil(xb) - 1;
            if (lo > xlo) xlo = lo;
            if (hi < xhi) xhi = hi;
        } else if (fabsf(base) >= g.reach) {
            continue;
        }
        if (xlo > xhi) continue;
        int r = y - B->y0;
        if (xlo < B->lo[r]) B->lo[r] = xlo;
        if (xhi > B->hi[r]) B->hi[r] = xhi;
        float *p = B->buf + ((size_t)r * B->stride + xlo) * 4;
        if (y >= g.yi0 && y <= g.yi1) interior(p, g.pre, xlo, xhi, g.nx, base, g.reach);
        else ends(p, &g, y, xlo, xhi, base);
    }
}

/* The rows of a segment whose runs stay clear of its ends, so that they need no test for them:
 * t along the segment is (yc - a.y) / dy on the line, and a run's pixel centres lie within
 * |1/nx|·reach + 1 of it in x, which moves t by at most |tx| times that. A row's margin more
 * on each side covers rounding. */
static void interior_rows(Seg *g, float dy)
{
    g->yi0 = 1;
    g->yi1 = 0;
    if (g->inv_nx == 0 || fabsf(dy) < 1e-3f) return;
    float m = fabsf(g->tx) * (g->reach * fabsf(g->inv_nx) + 2.0f);
    if (!(m < 0.5f)) return;
    float lo = g->a[1] + dy * (dy > 0 ? m : 1 - m), hi = g->a[1] + dy * (dy > 0 ? 1 - m : m);
    lo = fmaxf(lo, (float)g->ylo - 1);  /* the rows drawn at all: keeps the ints in range */
    hi = fminf(hi, (float)g->yhi + 1);
    g->yi0 = iceil(lo - 0.5f) + 1;
    g->yi1 = ifloor(hi - 0.5f) - 1;
}

void rd_raster_line(rd_Layer *L, const vec2 p0, const vec2 p1, float width, const vec4 colour,
                    rd_Box clip)
{
    if (clip.x0 >= clip.x1) clip = (rd_Box){0, 0, L->w, L->h};
    if (clip.x0 < 0) clip.x0 = 0;
    if (clip.y0 < 0) clip.y0 = 0;
    if (clip.x1 > L->w) clip.x1 = L->w;
    if (clip.y1 > L->h) clip.y1 = L->h;
    float a = colour[3] * (width < 1 ? fmaxf(width, 0) : 1);
    if (!(a > 0) || clip.x0 >= clip.x1 || clip.y0 >= clip.y1) return;
    Seg g = {.pre = {colour[0] * a, colour[1] * a, colour[2] * a, a},
             .reach = fmaxf(width, 1) * 0.5f + 0.5f};
    memcpy(g.a, p0, sizeof g.a);
    memcpy(g.b, p1, sizeof g.b);
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
    interior_rows(&g, dy);
    if (L->n_lines == L->cap_lines) {
        int cap = L->cap_lines ? L->cap_lines * 2 : 1024;
        L->lines = tf_realloc_big(L->lines, (size_t)L->cap_lines * sizeof *L->lines,
                                  (size_t)cap * sizeof *L->lines);
        L->cap_lines = cap;
    }
    L->lines[L->n_lines++] = g;
}

/* The band's ink composed (source over) onto the target picture, rounded once. */
static void compose(rd_Layer *L, const Band *B, int rows)
{
    for (int r = 0; r < rows; r++) {
        const float *p = B->buf + ((size_t)r * B->stride + B->lo[r]) * 4;
        uint8_t *o = L->target + (size_t)(B->y0 + r) * L->target_pitch + (size_t)B->lo[r] * 4;
        for (int x = B->lo[r]; x <= B->hi[r]; x++, p += 4, o += 4) {
            float al = p[3] > 1 ? 1 : p[3];
            if (!(al > 0)) continue;
            for (int c = 0; c < 4; c++) {
                float v = (c < 3 ? p[c] : al) * 255.0f + o[c] * (1.0f - al);
                o[c] = (uint8_t)((v > 255.0f ? 255.0f : v) + 0.5f);
            }
        }
    }
}

/* The band's ink as straight-alpha RGBA8 in px, its tiles marked for rd_raster_resolve. */
static void to_tiles(rd_Layer *L, const Band *B, int rows)
{
    uint8_t *dirty = L->dirty + (size_t)(B->y0 / RD_TILE) * L->tw;
    for (int r = 0; r < rows; r++) {
        if (B->lo[r] > B->hi[r]) continue;
        memset(dirty + B->lo[r] / RD_TILE, 1,
               (size_t)(B->hi[r] / RD_TILE - B->lo[r] / RD_TILE + 1));
        const float *p = B->buf + ((size_t)r * B->stride + B->lo[r]) * 4;
        uint8_t *o = L->px + ((size_t)(B->y0 + r) * L->w + B->lo[r]) * 4;
        for (int x = B->lo[r]; x <= B->hi[r]; x++, p += 4, o += 4) {
            float al = p[3] > 1 ? 1 : p[3];
            float inv = al > 0 ? 1.0f / al : 0;
            for (int c = 0; c < 3; c++) {
                float v = p[c] * inv;
                o[c] = (uint8_t)((v > 1 ? 1 : v < 0 ? 0 : v) * 255.0f + 0.5f);
            }
            o[3] = (uint8_t)(al * 255.0f + 0.5f);
        }
    }
}

/* Tasks (one per thread, at most one band buffer each) and how many bands there are to share. */
static int task_count(const rd_Layer *L)
{
    int n = tf_pool_threads(L->pool) < RD_MAX_TASKS ? tf_pool_threads(L->pool) : RD_MAX_TASKS;
    return n < L->th ? n : L->th;
}

/* Task: bands task, task + n_tasks, …; each gets every recorded line that reaches it, in
 * recording order, in the task's own band buffer, which is left zero again. */
static void bands(void *ctx, int task)
{
    rd_Layer *L = ctx;
    int n_tasks = L->n_tasks;
    Band B = {.buf = L->band[task], .stride = L->w + RUN_PAD};
    for (int b = task; b < L->th; b += n_tasks) {
        B.y0 = b * RD_TILE;
        int y1 = B.y0 + RD_TILE - 1, rows = L->h - B.y0 < RD_TILE ? L->h - B.y0 : RD_TILE;
        for (int r = 0; r < RD_TILE; r++) {
            B.lo[r] = INT32_MAX;
            B.hi[r] = -1;
        }
        for (int i = 0; i < L->n_lines; i++) {
            const Seg *g = &L->lines[i];
            int a = g->ylo > B.y0 ? g->ylo : B.y0, z = g->yhi < y1 ? g->yhi : y1;
            if (a <= z) seg_rows(&B, g, a, z);
        }
        if (L->target) compose(L, &B, rows);
        else to_tiles(L, &B, rows);
        for (int r = 0; r < rows; r++)
            if (B.lo[r] <= B.hi[r])
                memset(B.buf + ((size_t)r * B.stride + B.lo[r]) * 4, 0,
                       (size_t)(B.hi[r] - B.lo[r] + 1) * 4 * sizeof(float));
    }
}

static void rasterize(rd_Layer *L)
{
    if (L->n_lines == 0) return;
    size_t px_bytes = (size_t)L->w * L->h * 4;
    if (!L->target && L->cap_px < px_bytes) {
        tf_free_big(L->px, L->cap_px);
        L->px = tf_alloc_big(px_bytes);
        L->cap_px = px_bytes;
    }
    /* every task's band, as wide as the layer or wider */
    if (L->cap_band < band_bytes(L)) {
        for (int i = 0; i < RD_MAX_TASKS; i++) tf_free_big(L->band[i], L->cap_band);
        memset(L->band, 0, sizeof L->band);
        L->cap_band = band_bytes(L);
    }
    /* a few lines are rasterized on this thread: waking the pool's threads (and, on a busy
     * machine, waiting for them to be scheduled) costs more than the work */
    double area = 0;  /* the pixels within reach of the lines, about */
    for (int i = 0; i < L->n_lines && area < RD_INLINE_PX; i++) {
        const Seg *g = &L->lines[i];
        float len = hypotf(g->b[0] - g->a[0], g->b[1] - g->a[1]);
        area += (double)(len + 2 * g->reach + 1) * (2 * g->reach + 1);
    }
    L->n_tasks = area < RD_INLINE_PX ? 1 : task_count(L);
    for (int i = 0; i < L->n_tasks; i++)
        if (!L->band[i]) L->band[i] = tf_alloc_big(L->cap_band);
    tf_pool_run(L->pool, bands, L, L->n_tasks);
    L->n_lines = 0;
}

bool rd_raster_resolve(rd_Layer *L, uint8_t *out, rd_Box *box)
{
    rasterize(L);
    if (L->target) return false;
    int t = 0, n = L->tw * L->th;
    while (t < n && !L->dirty[t]) t++;
    if (t >= n) return false;
    L->dirty[t] = 0;
    int x0 = (t % L->tw) * RD_TILE, y0 = (t / L->tw) * RD_TILE;
    *box = (rd_Box){x0, y0, x0 + RD_TILE < L->w ? x0 + RD_TILE : L->w,
                    y0 + RD_TILE < L->h ? y0 + RD_TILE : L->h};
    size_t bw = (size_t)(box->x1 - x0) * 4;
    for (int y = y0; y < box->y1; y++) {
        uint8_t *p = L->px + ((size_t)y * L->w + x0) * 4;
        memcpy(out + (y - y0) * bw, p, bw);
        memset(p, 0, bw);
    }
    return true;
}

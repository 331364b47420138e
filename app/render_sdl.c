/* render_sdl.c — the SDL backend of the draw list. Rectangles snap to whole pixels so that matrix
 * cells tile without seams; lines are quads with one-pixel feathered edges (SDL_RenderGeometry),
 * batched until the next non-line command; text is rendered once per (string, size, weight) in
 * white and tinted with colour and alpha mods. Everything goes through the SDL_Renderer API, so
 * the window (any renderer) and export (software renderer) share this code.
 * Not antialiasing in general: rectangles and text edges are as SDL draws them. */
#include "render_sdl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "colormap.h"
#include "tf_base.h"

#define CACHE_SLOTS 2048  /* power of two */

typedef struct {
    char *key;          /* string; NULL = empty slot */
    int size;
    bool bold;
    SDL_Texture *tex;
    int w, h;
} TextSlot;

struct rs_Renderer {
    SDL_Renderer *r;
    tx_Fonts *fonts;
    TextSlot cache[CACHE_SLOTS];
    int cache_used;
    SDL_Vertex *verts;   /* pending line quads */
    int *idx;
    int n_verts, n_idx, cap_verts, cap_idx;
};

rs_Renderer *rs_new(SDL_Renderer *r, tx_Fonts *fonts)
{
    rs_Renderer *rs = tf_xcalloc(1, sizeof *rs);
    rs->r = r;
    rs->fonts = fonts;
    return rs;
}

static void cache_clear(rs_Renderer *rs)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (!rs->cache[i].key) continue;
        free(rs->cache[i].key);
        if (rs->cache[i].tex) SDL_DestroyTexture(rs->cache[i].tex);
        rs->cache[i] = (TextSlot){0};
    }
    rs->cache_used = 0;
}

void rs_free(rs_Renderer *rs)
{
    if (!rs) return;
    cache_clear(rs);
    free(rs->verts);
    free(rs->idx);
    free(rs);
}

static uint32_t hash_key(const char *s, int size, bool bold)
{
    uint32_t h = 2166136261u ^ (uint32_t)size ^ (bold ? 0x9e3779b9u : 0);
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The white texture of a string, rendered on first use. NULL when SDL_ttf cannot render it. */
static TextSlot *text_texture(rs_Renderer *rs, const char *s, int size, bool bold)
{
    if (rs->cache_used >= CACHE_SLOTS / 2) cache_clear(rs);
    uint32_t i = hash_key(s, size, bold) & (CACHE_SLOTS - 1);
    for (;; i = (i + 1) & (CACHE_SLOTS - 1)) {
        TextSlot *t = &rs->cache[i];
        if (!t->key) break;
        if (t->size == size && t->bold == bold && !strcmp(t->key, s)) return t->tex ? t : NULL;
    }
    TextSlot *t = &rs->cache[i];
    *t = (TextSlot){tf_xstrdup(s), size, bold, NULL, 0, 0};
    rs->cache_used++;
    TTF_Font *font = tx_fonts_get(rs->fonts, size, bold);
    SDL_Surface *surf = font ? TTF_RenderUTF8_Blended(font, s, (SDL_Color){255, 255, 255, 255})
                             : NULL;
    if (!surf) return NULL;
    t->tex = SDL_CreateTextureFromSurface(rs->r, surf);
    t->w = surf->w;
    t->h = surf->h;
    SDL_FreeSurface(surf);
    if (!t->tex) return NULL;
    SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_BLEND);
    return t;
}

static SDL_Color to_sdl(const vec4 c, float alpha_scale)
{
    vec4 v = {c[0], c[1], c[2], c[3] * alpha_scale};
    uint8_t b[4];
    cm_to_rgba8(v, b);
    return (SDL_Color){b[0], b[1], b[2], b[3]};
}

static void set_color(SDL_Renderer *r, const vec4 c)
{
    SDL_Color s = to_sdl(c, 1.0f);
    SDL_SetRenderDrawBlendMode(r, s.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, s.r, s.g, s.b, s.a);
}

static SDL_Rect snap(dr_Rect r)
{
    int x0 = (int)lroundf(r.x), y0 = (int)lroundf(r.y);
    int x1 = (int)lroundf(r.x + r.w), y1 = (int)lroundf(r.y + r.h);
    return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

static void flush_lines(rs_Renderer *rs)
{
    if (rs->n_idx == 0) return;
    SDL_RenderGeometry(rs->r, NULL, rs->verts, rs->n_verts, rs->idx, rs->n_idx);
    rs->n_verts = rs->n_idx = 0;
}

static void quad(rs_Renderer *rs, const vec2 a0, const vec2 a1, const vec2 b0, const vec2 b1,
                 SDL_Color ca, SDL_Color cb)
{
    if (rs->n_verts + 4 > rs->cap_verts) {
        rs->cap_verts = rs->cap_verts ? rs->cap_verts * 2 : 4096;
        rs->verts = realloc(rs->verts, (size_t)rs->cap_verts * sizeof *rs->verts);
        TF_ASSERT(rs->verts != NULL);
    }
    if (rs->n_idx + 6 > rs->cap_idx) {
        rs->cap_idx = rs->cap_idx ? rs->cap_idx * 2 : 6144;
        rs->idx = realloc(rs->idx, (size_t)rs->cap_idx * sizeof *rs->idx);
        TF_ASSERT(rs->idx != NULL);
    }
    int v = rs->n_verts;
    /* a0-a1 is one long edge (colour ca), b0-b1 the other (colour cb) */
    rs->verts[v + 0] = (SDL_Vertex){{a0[0], a0[1]}, ca, {0, 0}};
    rs->verts[v + 1] = (SDL_Vertex){{a1[0], a1[1]}, ca, {0, 0}};
    rs->verts[v + 2] = (SDL_Vertex){{b1[0], b1[1]}, cb, {0, 0}};
    rs->verts[v + 3] = (SDL_Vertex){{b0[0], b0[1]}, cb, {0, 0}};
    int q[6] = {v, v + 1, v + 2, v, v + 2, v + 3};
    memcpy(rs->idx + rs->n_idx, q, sizeof q);
    rs->n_verts += 4;
    rs->n_idx += 6;
}

/* A segment as a core quad plus a one-pixel feather on each side fading to transparent. */
static void line(rs_Renderer *rs, const dr_Cmd *c)
{
    vec2 d, n;
    glm_vec2_sub((float *)c->p1, (float *)c->p0, d);
    float len = glm_vec2_norm(d);
    if (len < 1e-4f) return;
    glm_vec2_scale(d, 1.0f / len, d);
    n[0] = -d[1];
    n[1] = d[0];
    float half = fmaxf(c->width, 0.5f) * 0.5f;
    float core = fmaxf(half - 0.5f, 0.0f), outer = half + 0.5f;
    float cov = c->width < 1.0f ? c->width : 1.0f;  /* thin lines: fainter, not thinner */
    SDL_Color solid = to_sdl(c->color, cov), clear = solid;
    clear.a = 0;
    vec2 p[2][4];  /* for each end: -outer, -core, +core, +outer */
    const float off[4] = {-outer, -core, core, outer};
    for (int k = 0; k < 4; k++) {
        glm_vec2_copy((float *)c->p0, p[0][k]);
        glm_vec2_copy((float *)c->p1, p[1][k]);
        glm_vec2_muladds(n, off[k], p[0][k]);
        glm_vec2_muladds(n, off[k], p[1][k]);
    }
    quad(rs, p[0][0], p[1][0], p[0][1], p[1][1], clear, solid);
    if (core > 0) quad(rs, p[0][1], p[1][1], p[0][2], p[1][2], solid, solid);
    quad(rs, p[0][2], p[1][2], p[0][3], p[1][3], solid, clear);
}

static void text(rs_Renderer *rs, const dr_List *l, const dr_Cmd *c)
{
    TextSlot *t = text_texture(rs, dr_text_of(l, c), c->size, c->bold);
    if (!t) return;
    SDL_Color col = to_sdl(c->color, 1.0f);
    SDL_SetTextureColorMod(t->tex, col.r, col.g, col.b);
    SDL_SetTextureAlphaMod(t->tex, col.a);
    /* the box's top-left (unrotated) or its centre (turned), on whole pixels */
    if (c->rot == DR_ROT_0) {
        SDL_Rect dst = {(int)lroundf(c->r.x), (int)lroundf(c->r.y), t->w, t->h};
        SDL_RenderCopy(rs->r, t->tex, NULL, &dst);
        return;
    }
    /* turned a quarter counter-clockwise about the texture's top-left corner, which lands on the
     * box's bottom-left: the text then runs upwards and covers exactly the box */
    SDL_Rect dst = {(int)lroundf(c->r.x), (int)lroundf(c->r.y + c->r.h), t->w, t->h};
    SDL_Point centre = {0, 0};
    SDL_RenderCopyEx(rs->r, t->tex, NULL, &dst, -90.0, &centre, SDL_FLIP_NONE);
}

static void image(rs_Renderer *rs, const dr_List *l, const dr_Cmd *c)
{
    SDL_Texture *tex = SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                         c->iw, c->ih);
    if (!tex) return;
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
    SDL_UpdateTexture(tex, NULL, dr_pixels_of(l, c), c->iw * 4);
    SDL_Rect dst = snap(c->r);
    SDL_RenderCopy(rs->r, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
}

static void frame(SDL_Renderer *r, const dr_Cmd *c)
{
    SDL_Rect b = snap(c->r);
    int w = (int)lroundf(c->width);
    if (w < 1) w = 1;
    set_color(r, c->color);
    if (2 * w >= b.w || 2 * w >= b.h) {
        SDL_RenderFillRect(r, &b);
        return;
    }
    SDL_Rect s[4] = {{b.x, b.y, b.w, w}, {b.x, b.y + b.h - w, b.w, w},
                     {b.x, b.y + w, w, b.h - 2 * w}, {b.x + b.w - w, b.y + w, w, b.h - 2 * w}};
    SDL_RenderFillRects(r, s, 4);
}

void rs_draw(rs_Renderer *rs, const dr_List *l)
{
    SDL_Renderer *r = rs->r;
    SDL_RenderSetClipRect(r, NULL);
    set_color(r, l->background);
    SDL_RenderClear(r);
    for (int i = 0; i < l->n; i++) {
        const dr_Cmd *c = &l->cmds[i];
        if (c->kind != DR_LINE) flush_lines(rs);
        switch (c->kind) {
        case DR_RECT: {
            SDL_Rect b = snap(c->r);
            set_color(r, c->color);
            SDL_RenderFillRect(r, &b);
            break;
        }
        case DR_FRAME: frame(r, c); break;
        case DR_LINE: line(rs, c); break;
        case DR_TEXT: text(rs, l, c); break;
        case DR_IMAGE: image(rs, l, c); break;
        case DR_CLIP: {
            SDL_Rect b = snap(c->r);
            SDL_RenderSetClipRect(r, b.w > 0 && b.h > 0 ? &b : NULL);
            break;
        }
        case DR_KIND_COUNT: break;
        }
    }
    flush_lines(rs);
    SDL_RenderSetClipRect(r, NULL);
}

bool rs_render_offscreen(const dr_List *l, tx_Fonts *fonts, int w, int h, uint8_t **rgba,
                         char *err, size_t err_cap)
{
    *rgba = NULL;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!r) {
        snprintf(err, err_cap, "cannot create a %d×%d offscreen surface: %s", w, h,
                 SDL_GetError());
        if (surf) SDL_FreeSurface(surf);
        return false;
    }
    rs_Renderer *rs = rs_new(r, fonts);
    rs_draw(rs, l);
    SDL_RenderFlush(r);
    uint8_t *out = tf_xmalloc((size_t)w * h * 4);
    for (int y = 0; y < h; y++)
        memcpy(out + (size_t)y * w * 4, (uint8_t *)surf->pixels + (size_t)y * surf->pitch,
               (size_t)w * 4);
    rs_free(rs);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    *rgba = out;
    return true;
}

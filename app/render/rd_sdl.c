/* rd_sdl.c — the SDL backend of the draw list. Rectangles snap to whole pixels so that matrix
 * cells tile without seams; lines are rasterized with antialiasing into a float layer
 * (rd_raster.c) until the next non-line command, then laid over the picture as one texture;
 * text is rendered once per (string, size, weight) in white and tinted with colour and alpha
 * mods. Everything goes through the SDL_Renderer API, so the window (any renderer) and export
 * (software renderer) share this code.
 * Not antialiasing in general: rectangles and text edges are as SDL draws them. */
#include "rd_sdl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "fig_cmap.h"
#include "rd_raster.h"
#include "tf_base.h"

#define CACHE_SLOTS 2048  /* power of two */

typedef struct {
    char *key;          /* string; NULL = empty slot */
    int size;
    int face;           /* RD_FACE_* */
    fig_Rot rot;
    SDL_Texture *tex;   /* already turned for FIG_ROT_90 */
    int w, h;
} TextSlot;

struct rd_Renderer {
    SDL_Renderer *r;
    rd_Fonts *fonts;
    TextSlot cache[CACHE_SLOTS];
    int cache_used;
    rd_Layer layer;      /* pending lines */
    tf_Pool *pool;       /* threads that rasterize the lines */
    rd_Box clip;         /* the current clip, for lines */
    SDL_Texture *tile_tex;  /* one tile of resolved lines on its way to the picture */
};

rd_Renderer *rd_sdl_new(SDL_Renderer *r, rd_Fonts *fonts)
{
    rd_Renderer *rs = tf_xcalloc(1, sizeof *rs);
    rs->r = r;
    rs->fonts = fonts;
    int cpus = SDL_GetCPUCount();
    rs->pool = tf_pool_new(cpus < 1 ? 1 : cpus > 8 ? 8 : cpus);
    return rs;
}

static void cache_clear(rd_Renderer *rs)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (!rs->cache[i].key) continue;
        free(rs->cache[i].key);
        if (rs->cache[i].tex) SDL_DestroyTexture(rs->cache[i].tex);
        rs->cache[i] = (TextSlot){0};
    }
    rs->cache_used = 0;
}

void rd_sdl_free(rd_Renderer *rs)
{
    if (!rs) return;
    cache_clear(rs);
    rd_raster_free(&rs->layer);
    tf_pool_free(rs->pool);
    if (rs->tile_tex) SDL_DestroyTexture(rs->tile_tex);
    free(rs);
}

static uint32_t hash_key(const char *s, int size, int face, fig_Rot rot)
{
    uint32_t h = 2166136261u ^ (uint32_t)size ^ ((uint32_t)face * 0x9e3779b9u) ^ ((uint32_t)rot << 20);
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The surface turned a quarter counter-clockwise, pixel for pixel (no resampling), so that
 * turned text is as crisp as level text and costs nothing per frame once cached. */
static SDL_Surface *turn(SDL_Surface *src)
{
    SDL_Surface *in = SDL_ConvertSurfaceFormat(src, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *out = in ? SDL_CreateRGBSurfaceWithFormat(0, in->h, in->w, 32,
                                                           SDL_PIXELFORMAT_ARGB8888)
                          : NULL;
    if (out) {
        for (int y = 0; y < in->h; y++) {
            const uint32_t *row = (const uint32_t *)((const uint8_t *)in->pixels + y * in->pitch);
            for (int x = 0; x < in->w; x++) {
                /* (x, y) -> (y, w-1-x): the text's left end goes to the bottom */
                uint32_t *dst = (uint32_t *)((uint8_t *)out->pixels + (in->w - 1 - x) * out->pitch);
                dst[y] = row[x];
            }
        }
    }
    if (in) SDL_FreeSurface(in);
    return out;
}

/* A filled white box of the arrow surface. */
static void box(SDL_Surface *s, int x0, int y0, int x1, int y1)
{
    SDL_Rect r = {x0, y0, x1 - x0, y1 - y0};
    SDL_FillRect(s, &r, 0xFFFFFFFFu);
}

/* A run of arrows (← ↑ → ↓, three UTF-8 bytes each) drawn as strokes: a shaft at the middle of
 * the small letters and a head of two short strokes, as thick as a letter's stem. */
static SDL_Surface *arrows(const char *text, int size, int ascent, int h, bool bold)
{
    int n = (int)(strlen(text) / 3), aw = rd_fonts_arrow_w(size);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, aw * n, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    SDL_FillRect(s, NULL, 0);
    int t = (int)lroundf((float)size / (bold ? 9.0f : 12.0f));
    if (t < 1) t = 1;
    int mid = ascent - (int)lroundf((float)size * 0.3f), head = (int)lroundf((float)size * 0.28f);
    for (int i = 0; i < n; i++) {
        unsigned char last = (unsigned char)text[3 * i + 2];  /* U+2190 + (last - 0x90) */
        int dir = last - 0x90, x0 = i * aw + size / 8, x1 = (i + 1) * aw - size / 8;
        int cx = (x0 + x1) / 2, top = mid - aw / 2 + size / 8, bottom = mid + aw / 2 - size / 8;
        for (int k = 0; k <= head; k++) {  /* the head: a chevron, one step per pixel */
            switch (dir) {
            case 0: box(s, x0 + k, mid - k - t / 2, x0 + k + t, mid - k + t - t / 2);
                    box(s, x0 + k, mid + k - t / 2, x0 + k + t, mid + k + t - t / 2); break;
            case 2: box(s, x1 - k - t, mid - k - t / 2, x1 - k, mid - k + t - t / 2);
                    box(s, x1 - k - t, mid + k - t / 2, x1 - k, mid + k + t - t / 2); break;
            case 1: box(s, cx - k - t / 2, top + k, cx - k + t - t / 2, top + k + t);
                    box(s, cx + k - t / 2, top + k, cx + k + t - t / 2, top + k + t); break;
            default: box(s, cx - k - t / 2, bottom - k - t, cx - k + t - t / 2, bottom - k);
                     box(s, cx + k - t / 2, bottom - k - t, cx + k + t - t / 2, bottom - k); break;
            }
        }
        if (dir == 0 || dir == 2) box(s, x0, mid - t / 2, x1, mid + t - t / 2);
        else box(s, cx - t / 2, top, cx + t - t / 2, bottom);
    }
    return s;
}

/* A string in white: its plain runs at size, its script runs smaller, lowered or raised, side by
 * side in one surface as tall as a plain line. NULL when there is nothing to draw. */
static SDL_Surface *render_runs(rd_Fonts *fonts, const char *s, int size, int face)
{
    rd_Run runs[RD_RUNS_MAX];
    int n = rd_fonts_runs(fonts, s, runs, RD_RUNS_MAX);
    bool bold = face == RD_FACE_BOLD;
    TTF_Font *base = rd_fonts_get(fonts, size, face);
    if (!base || n == 0) return NULL;
    const SDL_Color white = {255, 255, 255, 255};
    if (n == 1 && runs[0].script == RD_PLAIN)
        return runs[0].text[0] ? TTF_RenderUTF8_Blended(base, runs[0].text, white) : NULL;
    SDL_Surface *part[RD_RUNS_MAX] = {0};
    int w = 0, h = TTF_FontHeight(base);
    for (int i = 0; i < n; i++) {
        TTF_Font *font = rd_fonts_get(fonts, rd_fonts_run_size(size, runs[i].script), face);
        if (runs[i].script == RD_ARROW)
            part[i] = arrows(runs[i].text, size, TTF_FontAscent(base), h, bold);
        else if (font && runs[i].text[0])
            part[i] = TTF_RenderUTF8_Blended(font, runs[i].text, white);
        if (part[i]) w += part[i]->w;
    }
    SDL_Surface *out = w > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888) : NULL;
    if (out) SDL_FillRect(out, NULL, 0);
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (!part[i]) continue;
        if (out) {
            SDL_Rect dst = {x, rd_fonts_run_dy(fonts, size, runs[i].script), part[i]->w, part[i]->h};
            if (dst.y + dst.h > h) dst.y = h - dst.h;  /* scripts stay inside the line */
            if (dst.y < 0) dst.y = 0;
            SDL_SetSurfaceBlendMode(part[i], SDL_BLENDMODE_NONE);  /* runs do not overlap: copy */
            SDL_BlitSurface(part[i], NULL, out, &dst);
        }
        x += part[i]->w;
        SDL_FreeSurface(part[i]);
    }
    return out;
}

/* The white texture of a string, rendered on first use. NULL when SDL_ttf cannot render it. */
static TextSlot *text_texture(rd_Renderer *rs, const char *s, int size, int face, fig_Rot rot)
{
    if (rs->cache_used >= CACHE_SLOTS / 2) cache_clear(rs);
    uint32_t i = hash_key(s, size, face, rot) & (CACHE_SLOTS - 1);
    for (;; i = (i + 1) & (CACHE_SLOTS - 1)) {
        TextSlot *t = &rs->cache[i];
        if (!t->key) break;
        if (t->size == size && t->face == face && t->rot == rot && !strcmp(t->key, s))
            return t->tex ? t : NULL;
    }
    TextSlot *t = &rs->cache[i];
    *t = (TextSlot){tf_xstrdup(s), size, face, rot, NULL, 0, 0};
    rs->cache_used++;
    SDL_Surface *surf = render_runs(rs->fonts, s, size, face);
    if (surf && rot == FIG_ROT_90) {
        SDL_Surface *turned = turn(surf);
        SDL_FreeSurface(surf);
        surf = turned;
    }
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
    fig_cmap_to_rgba8(v, b);
    return (SDL_Color){b[0], b[1], b[2], b[3]};
}

static void set_color(SDL_Renderer *r, const vec4 c)
{
    SDL_Color s = to_sdl(c, 1.0f);
    SDL_SetRenderDrawBlendMode(r, s.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, s.r, s.g, s.b, s.a);
}

static SDL_Rect snap(fig_Rect r)
{
    int x0 = (int)lroundf(r.x), y0 = (int)lroundf(r.y);
    int x1 = (int)lroundf(r.x + r.w), y1 = (int)lroundf(r.y + r.h);
    return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

/* Lays the lines drawn since the last flush over the picture: straight onto the pixels of an
 * offscreen picture once SDL has drawn what lies below them, or tile by tile through a texture. */
static void flush_lines(rd_Renderer *rs)
{
    if (rs->layer.n_lines == 0) return;
    if (rs->layer.target) SDL_RenderFlush(rs->r);
    uint8_t px[RD_TILE * RD_TILE * 4];
    rd_Box d;
    while (rd_raster_resolve(&rs->layer, px, &d)) {
        int bw = d.x1 - d.x0, bh = d.y1 - d.y0;
        if (!rs->tile_tex) {
            rs->tile_tex = SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_RGBA32,
                                             SDL_TEXTUREACCESS_STREAMING, RD_TILE, RD_TILE);
            if (!rs->tile_tex) return;
            SDL_SetTextureBlendMode(rs->tile_tex, SDL_BLENDMODE_BLEND);
        }
        SDL_Rect src = {0, 0, bw, bh}, dst = {d.x0, d.y0, bw, bh};
        SDL_UpdateTexture(rs->tile_tex, &src, px, bw * 4);
        SDL_RenderCopy(rs->r, rs->tile_tex, &src, &dst);
    }
}

static void line(rd_Renderer *rs, const fig_Cmd *c)
{
    rd_raster_line(&rs->layer, c->p0, c->p1, c->width, c->color, rs->clip);
}

static void text(rd_Renderer *rs, const fig_List *l, const fig_Cmd *c)
{
    int face = c->mono ? RD_FACE_MONO : c->bold ? RD_FACE_BOLD : RD_FACE_REGULAR;
    TextSlot *t = text_texture(rs, fig_draw_text_of(l, c), c->size, face, c->rot);
    if (!t) return;
    SDL_Color col = to_sdl(c->color, 1.0f);
    SDL_SetTextureColorMod(t->tex, col.r, col.g, col.b);
    SDL_SetTextureAlphaMod(t->tex, col.a);
    /* the box's top-left on a whole pixel; a turned texture already has the box's shape */
    SDL_Rect dst = {(int)lroundf(c->r.x), (int)lroundf(c->r.y), t->w, t->h};
    if (c->rot == FIG_ROT_90) dst.y = (int)lroundf(c->r.y + c->r.h) - t->h;
    SDL_RenderCopy(rs->r, t->tex, NULL, &dst);
}

static void image(rd_Renderer *rs, const fig_List *l, const fig_Cmd *c)
{
    SDL_Texture *tex = SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                         c->iw, c->ih);
    if (!tex) return;
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
    SDL_UpdateTexture(tex, NULL, fig_draw_pixels_of(l, c), c->iw * 4);
    SDL_Rect dst = snap(c->r);
    SDL_RenderCopy(rs->r, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
}

static void frame(SDL_Renderer *r, const fig_Cmd *c)
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

void rd_sdl_draw(rd_Renderer *rs, const fig_List *l)
{
    SDL_RenderSetClipRect(rs->r, NULL);
    set_color(rs->r, l->background);
    SDL_RenderClear(rs->r);
    rd_sdl_play(rs, l);
}

void rd_sdl_play(rd_Renderer *rs, const fig_List *l)
{
    SDL_Renderer *r = rs->r;
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(r, &ow, &oh);
    rd_raster_resize(&rs->layer, ow > 0 ? ow : 1, oh > 0 ? oh : 1);
    rs->layer.pool = rs->pool;
    rs->clip = (rd_Box){0, 0, 0, 0};
    SDL_RenderSetClipRect(r, NULL);
    for (int i = 0; i < l->n; i++) {
        const fig_Cmd *c = &l->cmds[i];
        if (c->kind != FIG_CMD_LINE) flush_lines(rs);
        switch (c->kind) {
        case FIG_CMD_RECT: {
            SDL_Rect b = snap(c->r);
            set_color(r, c->color);
            SDL_RenderFillRect(r, &b);
            break;
        }
        case FIG_CMD_FRAME: frame(r, c); break;
        case FIG_CMD_LINE: line(rs, c); break;
        case FIG_CMD_TEXT: text(rs, l, c); break;
        case FIG_CMD_IMAGE: image(rs, l, c); break;
        case FIG_CMD_CLIP: {
            SDL_Rect b = snap(c->r);
            SDL_RenderSetClipRect(r, b.w > 0 && b.h > 0 ? &b : NULL);
            rs->clip = b.w > 0 && b.h > 0 ? (rd_Box){b.x, b.y, b.x + b.w, b.y + b.h}
                                          : (rd_Box){0, 0, 0, 0};
            break;
        }
        case FIG_CMD_COUNT: break;
        }
    }
    flush_lines(rs);
    SDL_RenderSetClipRect(r, NULL);
}

void rd_image_free(rd_Image *img)
{
    if (img->rgba) tf_free_big(img->rgba, (size_t)img->w * img->h * 4);
    *img = (rd_Image){0};
}

bool rd_sdl_render_offscreen(const fig_List *l, rd_Fonts *fonts, int w, int h, rd_Image *img,
                             char *err, size_t err_cap)
{
    *img = (rd_Image){0};
    /* the surface draws straight into the caller's buffer: no copy afterwards */
    uint8_t *out = tf_alloc_big_untouched((size_t)w * h * 4);
    if (!out) {
        snprintf(err, err_cap, "out of memory for a %d×%d picture", w, h);
        return false;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormatFrom(out, w, h, 32, w * 4,
                                                           SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!r) {
        snprintf(err, err_cap, "cannot create a %d×%d offscreen surface: %s", w, h,
                 SDL_GetError());
        if (surf) SDL_FreeSurface(surf);
        tf_free_big(out, (size_t)w * h * 4);
        return false;
    }
    rd_Renderer *rs = rd_sdl_new(r, fonts);
    rd_raster_target(&rs->layer, out, w * 4);
    rd_sdl_draw(rs, l);
    SDL_RenderFlush(r);
    /* blending rounds the destination alpha (255 can become 254); an opaque canvas stays opaque */
    if (l->background[3] >= 1.0f)
        for (size_t i = 3; i < (size_t)w * h * 4; i += 4) out[i] = 255;
    rd_sdl_free(rs);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    *img = (rd_Image){out, w, h};
    return true;
}

/* raster.h — antialiased thick lines with alpha, drawn in software into a float layer that the
 * SDL backend then lays over the picture. SDL's own triangle filler visits a whole bounding box
 * per triangle, which made a figure of a few thousand long diagonal lines take seconds; this
 * visits only the pixels near each line, composes many faint overlapping lines in float so that
 * they add up as they should, and splits the work over threads by bands of pixel rows (each
 * pixel still receives its lines in the order given, so the result is the same for any number
 * of threads).
 * Not a general rasterizer: segments only, round caps, no SDL.
 *
 * Usage:
 *     rl_Layer L = {0};
 *     rl_resize(&L, w, h);
 *     L.pool = pool;                              // optional: tf_pool_new(n) from core/pool.h
 *     rl_line(&L, p0, p1, 2.0f, colour, clip);   // recorded; as many as needed
 *     while (rl_resolve(&L, rgba8, &box)) ...     // rasterizes, then one tile at a time
 *     rl_free(&L);
 */
#ifndef TF_RASTER_H
#define TF_RASTER_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

#include "pool.h"

#define RL_TILE 64

typedef struct {
    int x0, y0, x1, y1;  /* half-open pixel box */
} rl_Box;

typedef struct rl_Pending rl_Pending;

/* The layer is cut into RL_TILE² tiles allocated on first touch, so that a figure of sparse
 * lines costs memory and time only where it has ink. */
typedef struct {
    int w, h, tw, th;   /* size in pixels and in tiles */
    float **tile;       /* (th, tw): RL_TILE² × 4 premultiplied rgba, or NULL when never used */
    uint8_t *dirty;     /* (th, tw): touched since the last resolve */
    rl_Pending *lines;  /* recorded, not yet rasterized */
    int n_lines, cap_lines;
    tf_Pool *pool;      /* threads for rasterizing (NULL: this thread); not owned */
} rl_Layer;

void rl_resize(rl_Layer *L, int w, int h);
void rl_free(rl_Layer *L);
/* Records a segment of the given width (thinner than a pixel: fainter instead) to be composed
 * over the layer within clip (clip.x0 >= clip.x1: no clip). colour alpha is the opacity. */
void rl_line(rl_Layer *L, const vec2 p0, const vec2 p1, float width, const vec4 colour,
             rl_Box clip);
/* Rasterizes what was recorded, then takes the next touched tile: writes it as straight-alpha
 * RGBA8 (box width × height, at most RL_TILE², row-major) into out, clears it, and returns its
 * pixel box. False when no tile is left. */
bool rl_resolve(rl_Layer *L, uint8_t *out, rl_Box *box);

#endif

/* rd_raster.h — antialiased thick lines with alpha, drawn in software into a float layer that the
 * SDL backend then lays over the picture. SDL's own triangle filler visits a whole bounding box
 * per triangle, which made a figure of a few thousand long diagonal lines take seconds; this
 * visits only the pixels near each line, composes many faint overlapping lines in float so that
 * they add up as they should, and splits the work over threads by bands of pixel rows (each
 * pixel still receives its lines in the order given, so the result is the same for any number
 * of threads).
 * Not a general rasterizer: segments only, round caps, no SDL.
 *
 * Floats are only kept for the band of rows being rasterized (one band buffer per task, reused):
 * a figure-sized float layer (23 MB at 1600×900) cost more in first-touch page faults than the
 * lines themselves. Each finished band is either composed straight onto a picture the caller
 * owns (rd_raster_target: offscreen export) or kept as RGBA8 tiles that the caller lays over its
 * picture (rd_raster_resolve: a window's renderer).
 *
 * Usage:
 *     rd_Layer L = {0};
 *     rd_raster_resize(&L, w, h);
 *     L.pool = pool;                              // optional: tf_pool_new(n) from core/pool.h
 *     rd_raster_target(&L, rgba8, pitch);                // optional: compose onto this picture
 *     rd_raster_line(&L, p0, p1, 2.0f, colour, clip);   // recorded; as many as needed
 *     while (rd_raster_resolve(&L, rgba8, &box)) ...     // rasterizes, then one tile at a time
 *     rd_raster_free(&L);
 */
#ifndef TF_RD_RASTER_H
#define TF_RD_RASTER_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

#include "pool.h"

#define RD_TILE 64
#define RD_MAX_TASKS 8

typedef struct {
    int x0, y0, x1, y1;  /* half-open pixel box */
} rd_Box;

typedef struct rd_Pending rd_Pending;

typedef struct {
    int w, h, tw, th;   /* size in pixels and in RL_TILE² tiles (a band is one row of tiles) */
    uint8_t *px;        /* (h, w) straight-alpha RGBA8 of resolved lines, 0 elsewhere (no target) */
    size_t cap_px;      /* bytes allocated at px (kept when the layer shrinks) */
    size_t cap_band;    /* bytes allocated at each band */
    uint8_t *dirty;     /* (th, tw): tiles of px with ink since the last resolve */
    uint8_t *target;    /* a picture to compose onto instead (RGBA8 in byte order), or NULL */
    int target_pitch;   /* its bytes per row */
    float *band[RD_MAX_TASKS];  /* per task: RD_TILE rows × w premultiplied float RGBA, zero */
    rd_Pending *lines;  /* recorded, not yet rasterized */
    int n_lines, cap_lines;
    tf_Pool *pool;      /* threads for rasterizing (NULL: this thread); not owned */
    int n_tasks;        /* tasks of the rasterization under way (1: this thread alone) */
} rd_Layer;

void rd_raster_resize(rd_Layer *L, int w, int h);
void rd_raster_free(rd_Layer *L);
/* From now on, lines are composed (source over) straight onto rgba — w × h pixels of 4 bytes
 * R, G, B, A, pitch bytes per row — when rasterized, and rd_raster_resolve has no tiles to give.
 * The caller makes sure whatever was drawn below them is in rgba by then. NULL: back to tiles. */
void rd_raster_target(rd_Layer *L, uint8_t *rgba, int pitch);
/* Records a segment of the given width (thinner than a pixel: fainter instead) to be composed
 * over the layer within clip (clip.x0 >= clip.x1: no clip). colour alpha is the opacity. */
void rd_raster_line(rd_Layer *L, const vec2 p0, const vec2 p1, float width, const vec4 colour,
                    rd_Box clip);
/* Rasterizes what was recorded (composing it onto the target, if any), then takes the next
 * touched tile: writes it as straight-alpha RGBA8 (box width × height, at most RL_TILE²,
 * row-major) into out, clears it, and returns its pixel box. False when no tile is left. */
bool rd_raster_resolve(rd_Layer *L, uint8_t *out, rd_Box *box);

#endif

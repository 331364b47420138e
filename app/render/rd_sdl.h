/* rd_sdl.h — plays a draw list on an SDL_Renderer: the window's, or a software renderer on an
 * offscreen surface for PNG export (no display needed, not even a video driver).
 * Not layout (views) and not file writing (rd_png.c).
 *
 * Usage (window):
 *     rd_Renderer *rs = rd_sdl_new(sdl_renderer, fonts);
 *     each frame: build list; rd_sdl_draw(rs, &list); SDL_RenderPresent(sdl_renderer);
 *     rd_sdl_free(rs);
 * Usage (offscreen):
 *     rd_Image img;    // img.rgba: w*h*4 bytes, R G B A, rows top to bottom
 *     if (!rd_sdl_render_offscreen(&list, fonts, w, h, &img, err, sizeof err)) ...
 *     rd_image_free(&img);   // the only way to free it (the pixels are a big block, not malloc's)
 */
#ifndef TF_RD_SDL_H
#define TF_RD_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fig_draw.h"
#include "rd_fonts.h"

struct SDL_Renderer;
typedef struct rd_Renderer rd_Renderer;

/* fonts must outlive the renderer. Text textures are cached between frames. */
rd_Renderer *rd_sdl_new(struct SDL_Renderer *r, rd_Fonts *fonts);
void rd_sdl_free(rd_Renderer *rs);
/* Clears to the list's background and plays every command. Does not present. */
void rd_sdl_draw(rd_Renderer *rs, const fig_List *l);
/* Plays every command over what is drawn already (the window's overlays). */
void rd_sdl_play(rd_Renderer *rs, const fig_List *l);

/* Pixels rendered offscreen: w·h·4 bytes (R G B A, rows top to bottom) that belong to the image
 * and are freed with it, by rd_image_free only: never free(rgba). */
typedef struct {
    uint8_t *rgba;
    int w, h;
} rd_Image;

/* Renders a list on a w×h software surface into *out (all zero on failure). */
bool rd_sdl_render_offscreen(const fig_List *l, rd_Fonts *fonts, int w, int h, rd_Image *out,
                             char *err, size_t err_cap);
/* Frees the pixels and zeroes the image; an image already freed or all zero is left as it is. */
void rd_image_free(rd_Image *img);

#endif

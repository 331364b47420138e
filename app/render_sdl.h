/* render_sdl.h — plays a draw list on an SDL_Renderer: the window's, or a software renderer on an
 * offscreen surface for PNG export (no display needed, not even a video driver).
 * Not layout (views) and not file writing (png_out.c).
 *
 * Usage (window):
 *     rs_Renderer *rs = rs_new(sdl_renderer, fonts);
 *     each frame: build list; rs_draw(rs, &list); SDL_RenderPresent(sdl_renderer);
 *     rs_free(rs);
 * Usage (offscreen):
 *     uint8_t *rgba;   // w*h*4 bytes, R G B A, rows top to bottom; tf_free_big(rgba, w*h*4)
 *     if (!rs_render_offscreen(&list, fonts, w, h, &rgba, err, sizeof err)) ...
 *     free(rgba);
 */
#ifndef TF_RENDER_SDL_H
#define TF_RENDER_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "draw.h"
#include "text.h"

struct SDL_Renderer;
typedef struct rs_Renderer rs_Renderer;

/* fonts must outlive the renderer. Text textures are cached between frames. */
rs_Renderer *rs_new(struct SDL_Renderer *r, tx_Fonts *fonts);
void rs_free(rs_Renderer *rs);
/* Clears to the list's background and plays every command. Does not present. */
void rs_draw(rs_Renderer *rs, const dr_List *l);
/* Plays every command over what is drawn already (the window's overlays). */
void rs_play(rs_Renderer *rs, const dr_List *l);

/* Renders a list on a w×h software surface; *rgba gets the pixels (w·h·4 bytes, free them with
 * tf_free_big(rgba, w·h·4)). */
bool rs_render_offscreen(const dr_List *l, tx_Fonts *fonts, int w, int h, uint8_t **rgba,
                         char *err, size_t err_cap);

#endif

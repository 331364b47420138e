/* rd_fonts.h — the bundled font: finding it, measuring text for layout, and the metrics interface
 * (fig_Measure, fig_draw.h) through which views measure without including SDL. Rendering of text
 * is rd_sdl.c's job; this file owns the TTF_Font handles both use, so that what is measured is
 * what is drawn.
 *
 * Always the bundled NanumGothic (Latin and Hangul, OFL), at integer pixel sizes, with fixed
 * hinting and kerning: the same string gives the same pixels on every machine that has the same
 * SDL_ttf/FreeType. There is no system font lookup and no fallback font.
 *
 * Usage:
 *     char err[256];
 *     rd_Fonts *f = rd_fonts_open(NULL, err, sizeof err);   // NULL: the bundled font
 *     if (!f) { fprintf(stderr, "tfscope: %s\n", err); ... }
 *     fig_Measure m = rd_fonts_measure(f);
 *     float w = m.width(m.ctx, "3 the", 13, false);
 *     ...
 *     rd_fonts_close(f);
 */
#ifndef TF_RD_FONTS_H
#define TF_RD_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include "fig_draw.h"

typedef struct rd_Fonts rd_Fonts;

/* The font file tfscope renders with: $TFSCOPE_DATA/fonts/NanumGothic.ttf, else the source tree's
 * assets/fonts/NanumGothic.ttf. Written to out; false when neither exists. */
bool rd_fonts_path(char *out, size_t cap);

/* Opens the font (path NULL: rd_fonts_path). Initialises SDL_ttf if needed. On failure returns NULL
 * and writes the reason to err. */
rd_Fonts *rd_fonts_open(const char *path, char *err, size_t err_cap);
void rd_fonts_close(rd_Fonts *f);
fig_Measure rd_fonts_measure(rd_Fonts *f);

/* Copies utf8 into out with every character the font cannot draw replaced: superscript and
 * subscript letters by their plain forms ("Kᵀ" -> "K^T", "dₖ" -> "d_k"), anything else by '?'.
 * Measuring and drawing both go through it, so boxes fit what is drawn. */
void rd_fonts_clean(rd_Fonts *f, const char *utf8, char *out, size_t cap);

/* The TTF_Font * of a pixel size (clamped to FIG_TEXT_MIN..FIG_TEXT_MAX), opened on first use.
 * void * so that this header stays free of SDL. bold selects synthetic emboldening. */
void *rd_fonts_get(rd_Fonts *f, int size, bool bold);

#endif

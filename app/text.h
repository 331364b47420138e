/* text.h — the bundled font: finding it, measuring text for layout, and the metrics interface
 * through which views measure without including SDL. Rendering of text is render_sdl.c's job;
 * this file owns the TTF_Font handles both use, so that what is measured is what is drawn.
 *
 * Always the bundled NanumGothic (Latin and Hangul, OFL), at integer pixel sizes, with fixed
 * hinting and kerning: the same string gives the same pixels on every machine that has the same
 * SDL_ttf/FreeType. There is no system font lookup and no fallback font.
 *
 * Usage:
 *     char err[256];
 *     tx_Fonts *f = tx_fonts_open(NULL, err, sizeof err);   // NULL: the bundled font
 *     if (!f) { fprintf(stderr, "tfscope: %s\n", err); ... }
 *     tx_Measure m = tx_fonts_measure(f);
 *     float w = m.width(m.ctx, "3 the", 13, false);
 *     ...
 *     tx_fonts_close(f);
 */
#ifndef TF_TEXT_H
#define TF_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define TX_SIZE_MIN 6
#define TX_SIZE_MAX 160

/* What views may ask about text. width: advance width of one line of UTF-8 in pixels at a pixel
 * size, regular or bold; height: the line box height; ascent: baseline below the top of the line
 * box. */
typedef struct {
    void *ctx;
    float (*width)(void *ctx, const char *utf8, int size, bool bold);
    float (*height)(void *ctx, int size);
    float (*ascent)(void *ctx, int size);
} tx_Measure;

typedef struct tx_Fonts tx_Fonts;

/* The font file tfscope renders with: $TFSCOPE_DATA/fonts/NanumGothic.ttf, else the source tree's
 * assets/fonts/NanumGothic.ttf. Written to out; false when neither exists. */
bool tx_font_path(char *out, size_t cap);

/* Opens the font (path NULL: tx_font_path). Initialises SDL_ttf if needed. On failure returns NULL
 * and writes the reason to err. */
tx_Fonts *tx_fonts_open(const char *path, char *err, size_t err_cap);
void tx_fonts_close(tx_Fonts *f);
tx_Measure tx_fonts_measure(tx_Fonts *f);

/* Copies utf8 into out with every character the font cannot draw replaced: superscript and
 * subscript letters by their plain forms ("Kᵀ" -> "K^T", "dₖ" -> "d_k"), anything else by '?'.
 * Measuring and drawing both go through it, so boxes fit what is drawn. */
void tx_fonts_clean(tx_Fonts *f, const char *utf8, char *out, size_t cap);

/* The TTF_Font * of a pixel size (clamped to TX_SIZE_MIN..TX_SIZE_MAX), opened on first use.
 * void * so that this header stays free of SDL. bold selects synthetic emboldening. */
void *tx_fonts_get(tx_Fonts *f, int size, bool bold);

#endif

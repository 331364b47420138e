/* rd_png.h — PNG encoding with libpng, in memory, with text metadata. Deterministic: fixed
 * compression settings (libdeflate, level 1), one stream for the whole image and no time chunk,
 * so the same pixels and text give the same bytes with any number of threads.
 * Not file writing (callers use cli_write_atomic) and not decoding beyond what tests need.
 *
 * Usage:
 *     rd_PngText meta[] = {{"Software", "tfscope 0.1.0"}, {"Sentence", src}};
 *     uint8_t *png; size_t len;
 *     if (!rd_png_encode(rgba, w, h, meta, 2, &png, &len, err, sizeof err)) ...
 *     free(png);
 */
#ifndef TF_RD_PNG_H
#define TF_RD_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *key;    /* 1-79 Latin-1 characters */
    const char *value;  /* UTF-8: ASCII goes in tEXt, anything else in an uncompressed iTXt */
} rd_PngText;

/* rgba: w×h pixels, R G B A, rows top to bottom. Opaque images are stored as RGB. Filters rows on
 * up to 8 threads (one per online processor); deflates them on one. */
bool rd_png_encode(const uint8_t *rgba, int w, int h, const rd_PngText *text, int n_text,
                   uint8_t **out, size_t *out_len, char *err, size_t err_cap);
/* rd_png_encode on a given number of threads (1: the calling thread only; at most 8), for tests:
 * the bytes are the same whatever the number. */
bool rd_png_encode_threads(const uint8_t *rgba, int w, int h, const rd_PngText *text, int n_text,
                           int threads, uint8_t **out, size_t *out_len, char *err, size_t err_cap);

/* Decodes a PNG to RGBA (for tests and golden comparisons); text chunks are returned when
 * text/n_text are not NULL (malloc'd strings, free with rd_png_free_text). */
bool rd_png_decode(const uint8_t *png, size_t len, uint8_t **rgba, int *w, int *h,
                   rd_PngText **text, int *n_text, char *err, size_t err_cap);
void rd_png_free_text(rd_PngText *text, int n_text);

#endif

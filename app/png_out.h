/* png_out.h — PNG encoding with libpng, in memory, with text metadata. Deterministic: fixed
 * compression settings and no time chunk, so the same pixels and text give the same bytes.
 * Not file writing (callers use app_write_atomic) and not decoding beyond what tests need.
 *
 * Usage:
 *     po_Text meta[] = {{"Software", "tfscope 0.1.0"}, {"Sentence", src}};
 *     uint8_t *png; size_t len;
 *     if (!po_encode(rgba, w, h, meta, 2, &png, &len, err, sizeof err)) ...
 *     free(png);
 */
#ifndef TF_PNG_OUT_H
#define TF_PNG_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *key;    /* 1-79 Latin-1 characters */
    const char *value;  /* UTF-8: ASCII goes in tEXt, anything else in an uncompressed iTXt */
} po_Text;

/* rgba: w×h pixels, R G B A, rows top to bottom. Opaque images are stored as RGB. */
bool po_encode(const uint8_t *rgba, int w, int h, const po_Text *text, int n_text,
               uint8_t **out, size_t *out_len, char *err, size_t err_cap);

/* Decodes a PNG to RGBA (for tests and golden comparisons); text chunks are returned when
 * text/n_text are not NULL (malloc'd strings, free with po_free_text). */
bool po_decode(const uint8_t *png, size_t len, uint8_t **rgba, int *w, int *h, po_Text **text,
               int *n_text, char *err, size_t err_cap);
void po_free_text(po_Text *text, int n_text);

#endif

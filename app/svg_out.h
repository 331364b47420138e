/* svg_out.h — a draw list as an SVG document: rectangles, lines with their opacity, text as
 * <text> in the bundled font's family, images as embedded PNG, clips as clipPaths. The same
 * list gives the same figure as the PNG (within what differs between a browser's text renderer
 * and SDL_ttf). Output is well-formed XML whatever the strings hold: markup characters are
 * escaped, control characters and invalid UTF-8 replaced.
 * Not an SVG reader.
 *
 * Usage:
 *     char *svg; size_t len;
 *     svg_write(&list, w, h, meta, n_meta, &svg, &len);   // malloc'd, NUL-terminated
 */
#ifndef TF_SVG_OUT_H
#define TF_SVG_OUT_H

#include <stddef.h>

#include "draw.h"
#include "png_out.h"

/* meta: key/value pairs written into <metadata> (and the first as <title> when its key is
 * "Title"). */
void svg_write(const dr_List *l, int w, int h, const po_Text *meta, int n_meta, char **out,
               size_t *out_len);

/* Appends s to the growing buffer with XML escaping (for tests and other writers). */
typedef struct {
    char *data;
    size_t len, cap;
} svg_Buf;
void svg_puts_escaped(svg_Buf *b, const char *s);

#endif

/* rd_svg.h — a draw list as an SVG document: rectangles, lines with their opacity, text as
 * <text> in the bundled font's family, images as embedded PNG, clips as clipPaths. The same
 * list gives the same figure as the PNG (within what differs between a browser's text renderer
 * and SDL_ttf). Output is well-formed XML whatever the strings hold: markup characters are
 * escaped, control characters and invalid UTF-8 replaced.
 * Not an SVG reader.
 *
 * Usage:
 *     char *svg; size_t len;
 *     rd_svg_write(&list, w, h, meta, n_meta, &svg, &len);   // malloc'd, NUL-terminated
 */
#ifndef TF_RD_SVG_H
#define TF_RD_SVG_H

#include <stddef.h>

#include "fig_draw.h"
#include "rd_png.h"

/* meta: key/value pairs written into <metadata> (and the first as <title> when its key is
 * "Title"). */
void rd_svg_write(const fig_List *l, int w, int h, const rd_PngText *meta, int n_meta, char **out,
                  size_t *out_len);

/* Appends s to the growing buffer with XML escaping (for tests and other writers). */
typedef struct {
    char *data;
    size_t len, cap;
} rd_SvgBuf;
void rd_svg_puts_escaped(rd_SvgBuf *b, const char *s);

#endif

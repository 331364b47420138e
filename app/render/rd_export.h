/* rd_export.h — figures as files: a view of a trace rendered offscreen to PNG (with metadata),
 * written as SVG, or the numbers of the shown matrix as CSV; and `tfscope export`, the command that
 * drives them. The window's export key calls the same functions.
 * Not layout (fig_view.h) and not file writing (cli_write_atomic writes the bytes these return).
 *
 * Usage:
 *     rd_ExportMeta meta;
 *     rd_export_meta(&s, &trace, &meta);
 *     uint8_t *png; size_t len; char err[256];
 *     if (rd_export_png(&s, &trace, fonts, 1600, 900, &meta, &png, &len, err, sizeof err)) ...
 */
#ifndef TF_RD_EXPORT_H
#define TF_RD_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fig_view.h"
#include "rd_fonts.h"
#include "rd_png.h"

#define RD_EXPORT_META_MAX 12

/* The metadata of a figure: sentence, view, tensor, layer, heads, token, model and its sha256,
 * tfscope version. Strings live in the struct. */
typedef struct {
    rd_PngText items[RD_EXPORT_META_MAX];
    int n;
    char store[RD_EXPORT_META_MAX][1024];
} rd_ExportMeta;

/* The trace node a view shows ("" for the architecture diagram). */
void rd_export_view_tensor(const fig_View *s, char *out, size_t cap);
void rd_export_meta(const fig_View *s, const tf_Trace *tr, rd_ExportMeta *meta);

/* w, h: output pixels (the view's UI scale is s->scale). */
bool rd_export_png(const fig_View *s, const tf_Trace *tr, rd_Fonts *fonts, int w, int h,
                   const rd_ExportMeta *meta, uint8_t **out, size_t *out_len, char *err,
                   size_t err_cap);
bool rd_export_svg(const fig_View *s, const tf_Trace *tr, rd_Fonts *fonts, int w, int h,
                   const rd_ExportMeta *meta, char **out, size_t *out_len, char *err,
                   size_t err_cap);
/* The matrix the view shows, with token headers. False (with a reason) for the architecture. */
bool rd_export_csv(const fig_View *s, const tf_Trace *tr, char **out, size_t *out_len, char *err,
                   size_t err_cap);

int rd_export_cmd(int argc, char **argv);

#endif

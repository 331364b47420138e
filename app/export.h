/* export.h — figures as files: a view of a trace rendered offscreen to PNG (with metadata), written
 * as SVG, or the numbers of the shown matrix as CSV; and `tfscope export`, the command that
 * drives them. The window's export key calls the same functions.
 * Not layout (views.h) and not file writing (app_write_atomic writes the bytes these return).
 *
 * Usage:
 *     ex_Meta meta;
 *     ex_meta(&s, &trace, &meta);
 *     uint8_t *png; size_t len; char err[256];
 *     if (ex_png(&s, &trace, fonts, 1600, 900, &meta, &png, &len, err, sizeof err)) ...
 */
#ifndef TF_EXPORT_H
#define TF_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "png_out.h"
#include "text.h"
#include "views.h"

#define EX_META_MAX 12

/* The metadata of a figure: sentence, view, tensor, layer, heads, token, model and its sha256,
 * tfscope version. Strings live in the struct. */
typedef struct {
    po_Text items[EX_META_MAX];
    int n;
    char store[EX_META_MAX][1024];
} ex_Meta;

/* The trace node a view shows ("" for the architecture diagram). */
void ex_view_tensor(const vw_State *s, char *out, size_t cap);
void ex_meta(const vw_State *s, const tf_Trace *tr, ex_Meta *meta);

/* w, h: output pixels (the view's UI scale is s->scale). */
bool ex_png(const vw_State *s, const tf_Trace *tr, tx_Fonts *fonts, int w, int h,
            const ex_Meta *meta, uint8_t **out, size_t *out_len, char *err, size_t err_cap);
bool ex_svg(const vw_State *s, const tf_Trace *tr, tx_Fonts *fonts, int w, int h,
            const ex_Meta *meta, char **out, size_t *out_len, char *err, size_t err_cap);
/* The matrix the view shows, with token headers. False (with a reason) for the architecture. */
bool ex_csv(const vw_State *s, const tf_Trace *tr, char **out, size_t *out_len, char *err,
            size_t err_cap);

int cmd_export(int argc, char **argv);

#endif

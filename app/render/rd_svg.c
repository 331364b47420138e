/* rd_svg.c — draw list to SVG text. Coordinates are written with at most two decimals;
 * rectangles snap to whole pixels like the SDL backend so that cells tile the same way. */
#include "rd_svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_cmap.h"
#include "tf_base.h"
#include "utf8.h"

#define PUT(b, lit) put((b), (lit), sizeof(lit) - 1)

static void put(rd_SvgBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 65536;
        while (c < b->len + n + 1) c *= 2;
        b->data = realloc(b->data, c);
        TF_ASSERT(b->data != NULL);
        b->cap = c;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void putf(rd_SvgBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void putf(rd_SvgBuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A number with at most two decimals and no trailing zeros. */
static const char *num(char *buf, float v)
{
    if (!isfinite(v)) v = 0;
    snprintf(buf, 24, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    if (!strcmp(buf, "-0")) strcpy(buf, "0");
    return buf;
}

void rd_svg_puts_escaped(rd_SvgBuf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        uint32_t cp;
        int n = tf_utf8_decode((const char *)s, &cp);
        /* U+FFFD for a stray byte, and for the two non-characters that UTF-8 spells but XML 1.0
         * forbids (surrogates and the rest are not characters to tf_utf8_decode) */
        if ((n == 1 && *s >= 0x80) || cp == 0xFFFE || cp == 0xFFFF) {
            PUT(b, "\xEF\xBF\xBD");
            s += n;
            continue;
        }
        switch (*s) {
        case '&': PUT(b, "&amp;"); break;
        case '<': PUT(b, "&lt;"); break;
        case '>': PUT(b, "&gt;"); break;
        case '"': PUT(b, "&quot;"); break;
        case '\'': PUT(b, "&apos;"); break;
        default:
            if (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') PUT(b, "\xEF\xBF\xBD");
            else put(b, (const char *)s, (size_t)n);
        }
        s += n;
    }
}

static void colour_attrs(rd_SvgBuf *b, const char *what, const vec4 c)
{
    uint8_t p[4];
    fig_cmap_to_rgba8(c, p);
    putf(b, " %s=\"#%02x%02x%02x\"", what, p[0], p[1], p[2]);
    if (p[3] != 255) putf(b, " %s-opacity=\"%.3g\"", what, c[3]);
}

static void rect(rd_SvgBuf *b, const fig_Cmd *c)
{
    int x0 = (int)lroundf(c->r.x), y0 = (int)lroundf(c->r.y);
    int x1 = (int)lroundf(c->r.x + c->r.w), y1 = (int)lroundf(c->r.y + c->r.h);
    if (x1 <= x0 || y1 <= y0) return;
    if (c->kind == FIG_CMD_FRAME) {
        float sw = fmaxf(1.0f, roundf(c->width)), hw = sw * 0.5f;
        char a[24], bb[24], cc[24], d[24], e[24];
        putf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke-width=\"%s\"",
             num(a, x0 + hw), num(bb, y0 + hw), num(cc, x1 - x0 - sw), num(d, y1 - y0 - sw),
             num(e, sw));
        colour_attrs(b, "stroke", c->color);
    } else {
        putf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"", x0, y0, x1 - x0, y1 - y0);
        colour_attrs(b, "fill", c->color);
    }
    PUT(b, "/>\n");
}

static void line(rd_SvgBuf *b, const fig_Cmd *c)
{
    char a[24], bb[24], cc[24], d[24], e[24];
    putf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke-width=\"%s\"", num(a, c->p0[0]),
         num(bb, c->p0[1]), num(cc, c->p1[0]), num(d, c->p1[1]), num(e, fmaxf(c->width, 0.5f)));
    colour_attrs(b, "stroke", c->color);
    PUT(b, "/>\n");
}

static void text(rd_SvgBuf *b, const fig_List *l, const fig_Cmd *c)
{
    char a[24], bb[24];
    float x = roundf(c->r.x), y = roundf(c->r.y);
    if (c->rot == FIG_ROT_0)
        putf(b, "<text x=\"%s\" y=\"%s\"", num(a, x), num(bb, y + c->ascent));
    else
        putf(b, "<text transform=\"translate(%s %s) rotate(-90)\"", num(a, x + c->ascent),
             num(bb, roundf(c->r.y + c->r.h)));
    putf(b, " font-size=\"%d\"%s%s", c->size, c->bold ? " font-weight=\"bold\"" : "",
         c->mono ? " font-family=\"NanumGothicCoding, monospace\"" : "");
    colour_attrs(b, "fill", c->color);
    PUT(b, ">");
    const char *tip = fig_draw_tip_of(l, c);
    if (tip) {  /* a shortened label: viewers show the whole text on hover */
        PUT(b, "<title>");
        rd_svg_puts_escaped(b, tip);
        PUT(b, "</title>");
    }
    rd_svg_puts_escaped(b, fig_draw_text_of(l, c));
    PUT(b, "</text>\n");
}

static void base64(rd_SvgBuf *b, const uint8_t *d, size_t n)
{
    static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char q[4];
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0) |
                     (i + 2 < n ? d[i + 2] : 0);
        q[0] = T[v >> 18 & 63];
        q[1] = T[v >> 12 & 63];
        q[2] = i + 1 < n ? T[v >> 6 & 63] : '=';
        q[3] = i + 2 < n ? T[v & 63] : '=';
        put(b, q, 4);
    }
}

static void image(rd_SvgBuf *b, const fig_List *l, const fig_Cmd *c)
{
    uint8_t *png;
    size_t len;
    char err[128];
    if (!rd_png_encode(fig_draw_pixels_of(l, c), c->iw, c->ih, NULL, 0, &png, &len, err,
                       sizeof err))
        return;
    int x0 = (int)lroundf(c->r.x), y0 = (int)lroundf(c->r.y);
    int x1 = (int)lroundf(c->r.x + c->r.w), y1 = (int)lroundf(c->r.y + c->r.h);
    putf(b, "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" preserveAspectRatio=\"none\" "
            "style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,",
         x0, y0, x1 - x0, y1 - y0);
    base64(b, png, len);
    PUT(b, "\"/>\n");
    free(png);
}

static void header(rd_SvgBuf *b, const fig_List *l, int w, int h, const rd_PngText *meta,
                   int n_meta)
{
    putf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
            "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 %d %d\" "
            "font-family=\"NanumGothic, 'Nanum Gothic', sans-serif\" xml:space=\"preserve\">\n"
            "<style>rect, image { shape-rendering: crispEdges }</style>\n",
         w, h, w, h);
    if (n_meta > 0 && !strcmp(meta[0].key, "Title")) {
        PUT(b, "<title>");
        rd_svg_puts_escaped(b, meta[0].value);
        PUT(b, "</title>\n");
    }
    if (n_meta > 0) {
        PUT(b, "<metadata>\n");
        for (int i = 0; i < n_meta; i++) {
            PUT(b, "<tfscope:meta xmlns:tfscope=\"https://tfscope.invalid/meta\" key=\"");
            rd_svg_puts_escaped(b, meta[i].key);
            PUT(b, "\">");
            rd_svg_puts_escaped(b, meta[i].value);
            PUT(b, "</tfscope:meta>\n");
        }
        PUT(b, "</metadata>\n");
    }
    PUT(b, "<rect width=\"100%\" height=\"100%\"");
    colour_attrs(b, "fill", l->background);
    PUT(b, "/>\n");
}

void rd_svg_write(const fig_List *l, int w, int h, const rd_PngText *meta, int n_meta, char **out,
                  size_t *out_len)
{
    rd_SvgBuf b = {0};
    header(&b, l, w, h, meta, n_meta);
    int clips = 0;
    bool in_group = false;
    for (int i = 0; i < l->n; i++) {
        const fig_Cmd *c = &l->cmds[i];
        switch (c->kind) {
        case FIG_CMD_RECT:
        case FIG_CMD_FRAME: rect(&b, c); break;
        case FIG_CMD_LINE: line(&b, c); break;
        case FIG_CMD_TEXT: text(&b, l, c); break;
        case FIG_CMD_IMAGE: image(&b, l, c); break;
        case FIG_CMD_CLIP:
            if (in_group) PUT(&b, "</g>\n");
            in_group = c->r.w > 0 && c->r.h > 0;
            if (in_group) {
                int x0 = (int)lroundf(c->r.x), y0 = (int)lroundf(c->r.y);
                int x1 = (int)lroundf(c->r.x + c->r.w), y1 = (int)lroundf(c->r.y + c->r.h);
                putf(&b, "<clipPath id=\"c%d\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                         "</clipPath>\n<g clip-path=\"url(#c%d)\">\n",
                     clips, x0, y0, x1 - x0, y1 - y0, clips);
                clips++;
            }
            break;
        case FIG_CMD_COUNT: break;
        }
    }
    if (in_group) PUT(&b, "</g>\n");
    PUT(&b, "</svg>\n");
    *out = b.data;
    *out_len = b.len;
}

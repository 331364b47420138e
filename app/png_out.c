/* png_out.c — libpng to and from memory. Errors longjmp back into the function that set up the
 * png_struct and become a false return with libpng's message. */
#include "png_out.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

typedef struct {
    uint8_t *data;
    size_t len, cap;
    char *err;
    size_t err_cap;
} Buf;

static void on_error(png_structp png, png_const_charp msg)
{
    Buf *b = png_get_error_ptr(png);
    if (b && b->err) snprintf(b->err, b->err_cap, "libpng: %s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void write_fn(png_structp png, png_bytep data, png_size_t n)
{
    Buf *b = png_get_io_ptr(png);
    if (b->len + n > b->cap) {
        size_t c = b->cap ? b->cap : 65536;
        while (c < b->len + n) c *= 2;
        uint8_t *p = realloc(b->data, c);
        if (!p) png_error(png, "out of memory");
        b->data = p;
        b->cap = c;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void flush_fn(png_structp png)
{
    (void)png;
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return false;
    return true;
}

static bool opaque(const uint8_t *rgba, size_t n_px)
{
    for (size_t i = 0; i < n_px; i++)
        if (rgba[i * 4 + 3] != 255) return false;
    return true;
}

bool po_encode(const uint8_t *rgba, int w, int h, const po_Text *text, int n_text,
               uint8_t **out, size_t *out_len, char *err, size_t err_cap)
{
    Buf b = {NULL, 0, 0, err, err_cap};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &b, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    bool rgb = opaque(rgba, (size_t)w * h);
    uint8_t *row = malloc((size_t)w * 4);
    png_textp tx = calloc((size_t)(n_text > 0 ? n_text : 1), sizeof *tx);
    if (!info || !row || !tx) {
        snprintf(err, err_cap, "out of memory");
        goto fail;
    }
    if (setjmp(png_jmpbuf(png))) goto fail;
    png_set_write_fn(png, &b, write_fn, flush_fn);
    /* fixed settings: the same bytes for the same image on every run */
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 rgb ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    for (int i = 0; i < n_text; i++) {
        bool ascii = is_ascii(text[i].value);
        tx[i].compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
        tx[i].key = (png_charp)text[i].key;
        tx[i].text = (png_charp)text[i].value;
        tx[i].lang = ascii ? NULL : (png_charp)"";
        tx[i].lang_key = ascii ? NULL : (png_charp)"";
    }
    if (n_text > 0) png_set_text(png, info, tx, n_text);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint8_t *src = rgba + (size_t)y * w * 4;
        if (rgb)
            for (int x = 0; x < w; x++) memcpy(row + x * 3, src + x * 4, 3);
        else memcpy(row, src, (size_t)w * 4);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    free(tx);
    *out = b.data;
    *out_len = b.len;
    return true;
fail:
    png_destroy_write_struct(&png, info ? &info : NULL);
    free(row);
    free(tx);
    free(b.data);
    return false;
}

typedef struct {
    const uint8_t *p;
    size_t len, at;
} Src;

static void read_fn(png_structp png, png_bytep data, png_size_t n)
{
    Src *s = png_get_io_ptr(png);
    if (s->len - s->at < n) png_error(png, "truncated file");
    memcpy(data, s->p + s->at, n);
    s->at += n;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static void copy_text(png_structp png, png_infop info, po_Text **text, int *n_text)
{
    png_textp tx = NULL;
    int n = png_get_text(png, info, &tx, NULL);
    *text = calloc((size_t)(n > 0 ? n : 1), sizeof **text);
    *n_text = n;
    for (int i = 0; i < n; i++) {
        (*text)[i].key = dup_str(tx[i].key);
        (*text)[i].value = dup_str(tx[i].text ? tx[i].text : "");
    }
}

bool po_decode(const uint8_t *png_data, size_t len, uint8_t **rgba, int *w, int *h,
               po_Text **text, int *n_text, char *err, size_t err_cap)
{
    Buf eb = {NULL, 0, 0, err, err_cap};
    Src src = {png_data, len, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &eb, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *volatile px = NULL;
    if (!info) goto fail;
    if (setjmp(png_jmpbuf(png))) goto fail;
    png_set_read_fn(png, &src, read_fn);
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    *w = (int)png_get_image_width(png, info);
    *h = (int)png_get_image_height(png, info);
    px = malloc((size_t)*w * *h * 4);
    if (!px) png_error(png, "out of memory");
    for (int y = 0; y < *h; y++) png_read_row(png, px + (size_t)y * *w * 4, NULL);
    png_read_end(png, info);
    if (text) copy_text(png, info, text, n_text);
    png_destroy_read_struct(&png, &info, NULL);
    *rgba = px;
    return true;
fail:
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    free(px);
    return false;
}

void po_free_text(po_Text *text, int n_text)
{
    if (!text) return;
    for (int i = 0; i < n_text; i++) {
        free((char *)text[i].key);
        free((char *)text[i].value);
    }
    free(text);
}

/* rd_png.c — libpng to and from memory. Errors longjmp back into the function that set up the
 * png_struct and become a false return with libpng's message.
 *
 * Encoding filters and compresses the image data itself (libdeflate) and hands libpng finished
 * IDAT chunks (png_write_chunk): libpng's own row writer deflates through zlib, which took half
 * of an export's time budget for a 1600×900 figure. libpng still writes the signature, IHDR, the
 * text chunks and IEND, and computes every chunk's CRC. */
#define _GNU_SOURCE  /* madvise */
#include "rd_png.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <libdeflate.h>
#include <png.h>

#include "pool.h"
#include "tf_base.h"

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

/* ---- IDAT: the filtered rows, deflated by libdeflate in one call -----------------------------
 * libdeflate at level 1 compresses the whole image in one buffer; at 1600×900 it is faster on one
 * thread than zlib's deflate was on pieces in parallel, and its files are smaller. The rows are
 * filtered on the pool, in bands whose split changes no byte.
 *
 * Filter per row: none, or up when fewer than half as many of the row's pixels differ from the
 * pixel above as differ from the pixel to their left. On the exported figures none gives smaller
 * files than sub or up for the line views and the grid (up: +1-40%), up wins where rows repeat
 * with variations (heat maps: none is +55%); the rule is within 0.01% of the better of the two
 * everywhere and smaller than both on the heat maps, for about 1% more time than none alone.
 *
 * Memory: the filtered rows and the compressed stream are big blocks on huge pages
 * (tf_alloc_big_untouched): their first touch in 4 KiB pages cost 10 ms of a 30 ms encode. */

#define BAND_ROWS 64    /* rows filtered by one pool task */
#define IDAT_BYTES (256 * 1024)   /* data bytes per IDAT chunk */
#define MAX_THREADS 8

enum { FILTER_NONE = 0, FILTER_UP = 2 };  /* PNG filter types */

typedef struct {
    const uint8_t *rgba;  /* (h, w, 4) */
    int w, h;
    int bpp;              /* bytes per pixel written: 3 (RGB, the image is opaque) or 4 (RGBA) */
    size_t stride;        /* 1 + w*bpp: filter type, then the pixels */
    int n_bands;
    bool *opaque;         /* (n_bands): no alpha below 255 in the band's rows */
    uint8_t *rows;        /* (h, stride): the image as PNG stores it before deflate */
    uint8_t *z;           /* (z_cap): the zlib stream */
    size_t z_cap;
} Idat;

static void band_rows(const Idat *d, int i, int *y0, int *y1)
{
    *y0 = i * BAND_ROWS;
    *y1 = *y0 + BAND_ROWS < d->h ? *y0 + BAND_ROWS : d->h;
}

static int row_filter(const uint8_t *row, const uint8_t *above, int w)
{
    if (!above) return FILTER_NONE;
    int diff_left = 0, diff_above = 0;
    for (int x = 1; x < w; x++) {
        uint32_t px, left, up;
        memcpy(&px, row + 4 * x, 4);
        memcpy(&left, row + 4 * x - 4, 4);
        memcpy(&up, above + 4 * x, 4);
        diff_left += px != left;
        diff_above += px != up;
    }
    return 2 * diff_above < diff_left ? FILTER_UP : FILTER_NONE;
}

/* Row y of the image as PNG stores it: filter type, then the filtered pixels. */
static void filter_row(const Idat *d, int y, uint8_t *dst)
{
    const uint8_t *row = d->rgba + (size_t)y * d->w * 4;
    const uint8_t *above = y > 0 ? row - (size_t)d->w * 4 : NULL;
    int w = d->w, bpp = d->bpp;
    int f = row_filter(row, above, w);
    *dst++ = (uint8_t)f;
    if (f == FILTER_UP) {
        for (int x = 0; x < w; x++)
            for (int c = 0; c < bpp; c++)
                dst[x * bpp + c] = (uint8_t)(row[x * 4 + c] - above[x * 4 + c]);
    } else if (bpp == 4) {
        memcpy(dst, row, (size_t)w * 4);
    } else {
        /* four bytes at a time; each pixel's fourth byte is overwritten by the next pixel */
        for (int x = 0; x + 1 < w; x++) memcpy(dst + x * 3, row + x * 4, 4);
        memcpy(dst + (w - 1) * 3, row + (w - 1) * 4, 3);
    }
}

static void opaque_task(void *ctx, int i)
{
    Idat *d = ctx;
    int y0, y1;
    band_rows(d, i, &y0, &y1);
    const uint8_t *p = d->rgba + (size_t)y0 * d->w * 4, *end = d->rgba + (size_t)y1 * d->w * 4;
    unsigned alpha = 255;
    for (; p < end; p += 4) alpha &= p[3];
    d->opaque[i] = alpha == 255;
}

static void filter_task(void *ctx, int i)
{
    Idat *d = ctx;
    int y0, y1;
    band_rows(d, i, &y0, &y1);
    for (int y = y0; y < y1; y++) filter_row(d, y, d->rows + (size_t)y * d->stride);
}

/* The image's whole IDAT zlib stream in d->z: its length, or 0 with a message. */
static size_t compress_image(Idat *d, int threads, char *err, size_t err_cap)
{
    d->n_bands = (d->h + BAND_ROWS - 1) / BAND_ROWS;
    d->opaque = calloc((size_t)d->n_bands, sizeof *d->opaque);
    if (!d->opaque) {
        snprintf(err, err_cap, "out of memory");
        return 0;
    }
    int lanes = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    tf_Pool *pool = tf_pool_new(lanes < d->n_bands ? lanes : d->n_bands);
    tf_pool_run(pool, opaque_task, d, d->n_bands);
    d->bpp = 3;
    for (int i = 0; i < d->n_bands; i++)
        if (!d->opaque[i]) d->bpp = 4;
    d->stride = 1 + (size_t)d->w * d->bpp;
    size_t n = (size_t)d->h * d->stride, len = 0;
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    d->rows = tf_alloc_big_untouched(n);
    if (c) {
        d->z_cap = libdeflate_zlib_compress_bound(c, n);
        d->z = tf_alloc_big_untouched(d->z_cap);
    }
    if (!c || !d->rows || !d->z) {
        snprintf(err, err_cap, "out of memory");
    } else {
        tf_pool_run(pool, filter_task, d, d->n_bands);
        len = libdeflate_zlib_compress(c, d->rows, n, d->z, d->z_cap);
        if (!len) snprintf(err, err_cap, "libdeflate: the compressed image does not fit its bound");
    }
    libdeflate_free_compressor(c);
    tf_pool_free(pool);
    return len;
}

static void idat_free(Idat *d)
{
    free(d->opaque);
    tf_free_big(d->rows, (size_t)d->h * d->stride);
    tf_free_big(d->z, d->z_cap);
}

/* ---- the file: libpng writes everything but the compressed image data ------------------- */

static void set_text(png_structp png, png_infop info, png_textp tx, const rd_PngText *text,
                     int n_text)
{
    for (int i = 0; i < n_text; i++) {
        bool ascii = is_ascii(text[i].value);
        tx[i].compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
        tx[i].key = (png_charp)text[i].key;
        tx[i].text = (png_charp)text[i].value;
        tx[i].lang = ascii ? NULL : (png_charp)"";
        tx[i].lang_key = ascii ? NULL : (png_charp)"";
    }
    if (n_text > 0) png_set_text(png, info, tx, n_text);
}

/* Signature, IHDR and text chunks by png_write_info, the stream as IDAT chunks, then IEND.
 * Not png_write_end: it would stop on "No IDATs written into file", as libpng did not see any. */
static bool write_png(const Idat *d, size_t z_len, const rd_PngText *text, int n_text, Buf *b)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, b, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_textp tx = calloc((size_t)(n_text > 0 ? n_text : 1), sizeof *tx);
    if (!info || !tx) {
        snprintf(b->err, b->err_cap, "out of memory");
        goto fail;
    }
    if (setjmp(png_jmpbuf(png))) goto fail;
    png_set_write_fn(png, b, write_fn, flush_fn);
    png_set_IHDR(png, info, (png_uint_32)d->w, (png_uint_32)d->h, 8,
                 d->bpp == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    set_text(png, info, tx, text, n_text);
    png_write_info(png, info);
    for (size_t at = 0; at < z_len; at += IDAT_BYTES) {
        size_t n = z_len - at < IDAT_BYTES ? z_len - at : IDAT_BYTES;
        png_write_chunk(png, (png_const_bytep) "IDAT", d->z + at, n);
    }
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&png, &info);
    free(tx);
    return true;
fail:
    png_destroy_write_struct(&png, info ? &info : NULL);
    free(tx);
    return false;
}

/* The file's buffer, which the caller frees with free(): on a virtual machine the first touch
 * of each 4 KiB page can cost ~10 µs (see tf_alloc_big), so where Linux has transparent huge
 * pages a big buffer is aligned to them and asks for them (3 ms less for a 1.2 MB figure). */
static void *alloc_out(size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (n >= huge / 2) {
        n = (n + huge - 1) & ~(huge - 1);
        void *p = aligned_alloc(huge, n);
        if (p) madvise(p, n, MADV_HUGEPAGE);
        return p;
    }
#endif
    return malloc(n);
}

static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

bool rd_png_encode(const uint8_t *rgba, int w, int h, const rd_PngText *text, int n_text,
                   uint8_t **out, size_t *out_len, char *err, size_t err_cap)
{
    return rd_png_encode_threads(rgba, w, h, text, n_text, default_threads(), out, out_len, err,
                                 err_cap);
}

bool rd_png_encode_threads(const uint8_t *rgba, int w, int h, const rd_PngText *text, int n_text,
                           int threads, uint8_t **out, size_t *out_len, char *err, size_t err_cap)
{
    if (w <= 0 || h <= 0) {
        snprintf(err, err_cap, "cannot encode a %dx%d image", w, h);
        return false;
    }
    Idat d = {.rgba = rgba, .w = w, .h = h};
    size_t z_len = compress_image(&d, threads, err, err_cap);
    /* room for the stream and its chunk headers up front; text chunks are small */
    Buf b = {NULL, 0, z_len + (z_len / IDAT_BYTES + 2) * 12 + 16384, err, err_cap};
    bool ok = z_len > 0;
    if (ok && !(b.data = alloc_out(b.cap))) {
        snprintf(err, err_cap, "out of memory");
        ok = false;
    }
    ok = ok && write_png(&d, z_len, text, n_text, &b);
    idat_free(&d);
    if (!ok) {
        free(b.data);
        return false;
    }
    *out = b.data;
    *out_len = b.len;
    return true;
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

static void copy_text(png_structp png, png_infop info, rd_PngText **text, int *n_text)
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

bool rd_png_decode(const uint8_t *png_data, size_t len, uint8_t **rgba, int *w, int *h,
                   rd_PngText **text, int *n_text, char *err, size_t err_cap)
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

void rd_png_free_text(rd_PngText *text, int n_text)
{
    if (!text) return;
    for (int i = 0; i < n_text; i++) {
        free((char *)text[i].key);
        free((char *)text[i].value);
    }
    free(text);
}

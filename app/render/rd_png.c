/* rd_png.c — libpng to and from memory. Errors longjmp back into the function that set up the
 * png_struct and become a false return with libpng's message.
 *
 * Encoding compresses the image data itself, in parallel, and hands libpng finished IDAT
 * chunks (png_write_chunk): libpng's own row writer deflates on one thread, which took half of
 * an export's time budget for a 1600×900 figure. libpng still writes the signature, IHDR, the
 * text chunks and IEND, and computes every chunk's CRC. */
#define _GNU_SOURCE  /* madvise */
#include "rd_png.h"

#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <png.h>
#include <zlib.h>

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

/* ---- IDAT: filtered rows deflated in pieces, in parallel ------------------------------------
 * Pieces are bands of whole rows whose height depends only on the image size. Each is deflated
 * on its own (raw deflate, level 1, default strategy) and ended with a sync flush, the last one
 * with the final block, so that the pieces laid end to end between a zlib header and the
 * combined Adler-32 make one zlib stream (as pigz does), and which thread deflated which piece
 * changes no byte. Each piece starts with an empty window: at 1600×900 (22 pieces) the files
 * of the figures are 0.3-1.2% larger than with one long stream.
 *
 * Filter per row: none, or up when fewer than half as many of the row's pixels differ from the
 * pixel above as differ from the pixel to their left. On the exported figures none gives smaller
 * files than sub or up for the line views and the grid (up: +1-40%), up wins where rows repeat
 * with variations (heat maps: none is +55%); the rule is within 0.01% of the better of the two
 * everywhere and smaller than both on the heat maps, for about 1% more time than none alone.
 *
 * Memory: the pieces' output and each lane's zlib state and rows are big blocks on huge pages
 * (tf_alloc_big_untouched): their first touch in 4 KiB pages cost 10 ms of a 30 ms encode. */

#define PIECE_BYTES (256 * 1024)  /* RGBA bytes per piece before filtering (then 3/4 of it) */
#define MAX_PIECES 64
#define BATCH_ROWS 8              /* rows filtered at a time, while they are in the cache */
#define LANE_ZLIB (320 * 1024)    /* deflateInit2(1, -15, 8) asks for about 262 KiB */
#define IDAT_BYTES (256 * 1024)   /* data bytes per IDAT chunk */
#define MAX_THREADS 8

enum { FILTER_NONE = 0, FILTER_UP = 2 };  /* PNG filter types */

typedef struct {
    size_t len;   /* compressed bytes */
    uLong adler;  /* of the piece's filtered bytes */
    int status;   /* Z_OK, or the zlib error that stopped the piece */
} Piece;

typedef struct {
    const uint8_t *rgba;  /* (h, w, 4) */
    int w, h;
    int bpp;              /* bytes per pixel written: 3 (RGB, the image is opaque) or 4 (RGBA) */
    size_t stride;        /* 1 + w*bpp: filter type, then the pixels */
    int rows;             /* rows per piece, the last piece may have fewer */
    int n_pieces;
    int lanes;            /* deflate streams at work, at most one per thread */
    size_t bound;         /* room for one piece's deflate output */
    uint8_t *z;           /* (z_cap): zlib header, n_pieces*bound for the pieces, Adler-32 */
    size_t z_cap;
    uint8_t *work;        /* (lanes, lane_bytes): per lane, zlib's memory then a batch of rows */
    size_t lane_bytes;    /* LANE_ZLIB + BATCH_ROWS*stride, rounded up */
    Piece *pieces;        /* (n_pieces) */
    bool *opaque;         /* (n_pieces): no alpha below 255 in the piece's rows */
    atomic_int next;      /* the next piece for a lane to take */
} Idat;

static void piece_rows(const Idat *d, int i, int *y0, int *y1)
{
    *y0 = i * d->rows;
    *y1 = *y0 + d->rows < d->h ? *y0 + d->rows : d->h;
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
    piece_rows(d, i, &y0, &y1);
    const uint8_t *p = d->rgba + (size_t)y0 * d->w * 4, *end = d->rgba + (size_t)y1 * d->w * 4;
    unsigned alpha = 255;
    for (; p < end; p += 4) alpha &= p[3];
    d->opaque[i] = alpha == 255;
}

/* Piece i through a stream fresh from deflateReset, a few rows at a time (the same bytes as all
 * at once: deflate only looks ahead within what it was given when told to flush): Z_OK or a
 * zlib error. */
static int deflate_piece(Idat *d, z_stream *zs, uint8_t *batch, int i)
{
    int y0, y1;
    piece_rows(d, i, &y0, &y1);
    Piece *p = &d->pieces[i];
    size_t cap = d->bound;
    zs->next_out = d->z + 2 + (size_t)i * d->bound;
    zs->avail_out = (uInt)cap;
    p->adler = adler32(0, Z_NULL, 0);
    int st = Z_OK;
    for (int y = y0; y < y1 && st == Z_OK; y += BATCH_ROWS) {
        int n_rows = y1 - y < BATCH_ROWS ? y1 - y : BATCH_ROWS;
        for (int r = 0; r < n_rows; r++) filter_row(d, y + r, batch + (size_t)r * d->stride);
        uInt n = (uInt)((size_t)n_rows * d->stride);
        p->adler = adler32(p->adler, batch, n);
        zs->next_in = batch;
        zs->avail_in = n;
        st = deflate(zs, Z_NO_FLUSH);
        if (st == Z_OK && (zs->avail_in || !zs->avail_out)) st = Z_BUF_ERROR;
    }
    bool last = i == d->n_pieces - 1;
    if (st == Z_OK) st = deflate(zs, last ? Z_FINISH : Z_SYNC_FLUSH);
    p->len = cap - zs->avail_out;
    if (st == Z_STREAM_ERROR || st == Z_MEM_ERROR) return st;
    /* a sync flush is complete only if it left room (the bound leaves plenty) */
    bool done = last ? st == Z_STREAM_END : st == Z_OK && zs->avail_out;
    return done ? Z_OK : Z_BUF_ERROR;
}

typedef struct {
    uint8_t *base;
    size_t used, cap;
} Arena;

/* zlib's memory for one lane, carved from the lane's part of d->work; malloc beyond it. */
static voidpf arena_alloc(voidpf opaque, uInt items, uInt size)
{
    Arena *a = opaque;
    size_t n = ((size_t)items * size + 63) & ~(size_t)63;
    if (n > a->cap - a->used) return malloc((size_t)items * size);
    a->used += n;
    return a->base + a->used - n;
}

static void arena_free(voidpf opaque, voidpf p)
{
    Arena *a = opaque;
    uintptr_t at = (uintptr_t)p, base = (uintptr_t)a->base;
    if (at < base || at >= base + a->cap) free(p);
}

/* A lane keeps one deflate stream for all the pieces it takes (a stream per piece cost 0.4 ms
 * each); deflateReset makes it as good as new. */
static void lane_task(void *ctx, int lane)
{
    Idat *d = ctx;
    uint8_t *mem = d->work + (size_t)lane * d->lane_bytes;
    Arena arena = {mem, 0, LANE_ZLIB};
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = arena_alloc;
    zs.zfree = arena_free;
    zs.opaque = &arena;
    int st = deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    for (int i; (i = atomic_fetch_add(&d->next, 1)) < d->n_pieces;) {
        d->pieces[i].status = st == Z_OK ? deflateReset(&zs) : st;
        if (d->pieces[i].status == Z_OK)
            d->pieces[i].status = deflate_piece(d, &zs, mem + LANE_ZLIB, i);
    }
    if (st == Z_OK) deflateEnd(&zs);
}

/* Lays the pieces end to end after the zlib header and appends the Adler-32: the stream's
 * length, or 0 with a message if a piece failed. */
static size_t join_pieces(Idat *d, char *err, size_t err_cap)
{
    size_t at = 2;
    uLong adler = adler32(0, Z_NULL, 0);
    d->z[0] = 0x78;  /* deflate, 32K window */
    d->z[1] = 0x01;  /* fastest level; header check */
    for (int i = 0; i < d->n_pieces; i++) {
        const Piece *p = &d->pieces[i];
        if (p->status != Z_OK) {
            snprintf(err, err_cap, "zlib: %s",
                     p->status == Z_MEM_ERROR ? "out of memory" : zError(p->status));
            return 0;
        }
        memmove(d->z + at, d->z + 2 + (size_t)i * d->bound, p->len);
        at += p->len;
        int y0, y1;
        piece_rows(d, i, &y0, &y1);
        adler = adler32_combine(adler, p->adler, (z_off_t)((size_t)(y1 - y0) * d->stride));
    }
    for (int k = 0; k < 4; k++) d->z[at++] = (uint8_t)(adler >> (24 - 8 * k));
    return at;
}

/* The image's whole IDAT zlib stream in d->z: its length, or 0 with a message. */
static size_t compress_image(Idat *d, int threads, char *err, size_t err_cap)
{
    size_t row_rgba = (size_t)d->w * 4;
    d->rows = (int)((PIECE_BYTES + row_rgba - 1) / row_rgba);
    if (d->rows > d->h) d->rows = d->h;
    if ((d->h + d->rows - 1) / d->rows > MAX_PIECES) d->rows = (d->h + MAX_PIECES - 1) / MAX_PIECES;
    d->n_pieces = (d->h + d->rows - 1) / d->rows;
    int lanes = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    lanes = d->lanes = lanes < d->n_pieces ? lanes : d->n_pieces;
    d->pieces = calloc((size_t)d->n_pieces, sizeof *d->pieces + sizeof *d->opaque);
    if (!d->pieces) {
        snprintf(err, err_cap, "out of memory");
        return 0;
    }
    d->opaque = (bool *)(d->pieces + d->n_pieces);
    tf_Pool *pool = tf_pool_new(lanes);
    tf_pool_run(pool, opaque_task, d, d->n_pieces);
    d->bpp = 3;
    for (int i = 0; i < d->n_pieces; i++)
        if (!d->opaque[i]) d->bpp = 4;
    d->stride = 1 + (size_t)d->w * d->bpp;
    if ((size_t)d->rows * d->stride > (size_t)1 << 30) {  /* zlib counts a piece in 32 bits */
        snprintf(err, err_cap, "a %dx%d image is too large to encode", d->w, d->h);
        tf_pool_free(pool);
        return 0;
    }
    d->bound = compressBound((uLong)((size_t)d->rows * d->stride)) + 64;
    d->z_cap = 2 + (size_t)d->n_pieces * d->bound + 4;
    d->z = tf_alloc_big_untouched(d->z_cap);
    d->lane_bytes = (LANE_ZLIB + BATCH_ROWS * d->stride + 63) & ~(size_t)63;
    d->work = tf_alloc_big_untouched((size_t)lanes * d->lane_bytes);
    size_t len = 0;
    if (!d->z || !d->work) {
        snprintf(err, err_cap, "out of memory");
    } else {
        atomic_init(&d->next, 0);
        tf_pool_run(pool, lane_task, d, lanes);
        len = join_pieces(d, err, err_cap);
    }
    tf_pool_free(pool);
    return len;
}

static void idat_free(Idat *d)
{
    free(d->pieces);
    tf_free_big(d->z, d->z_cap);
    tf_free_big(d->work, (size_t)d->lanes * d->lane_bytes);
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

/* test_png_out.c — the PNG encoder on synthetic pictures, without fonts or views: every pixel and
 * every text chunk comes back through rd_png_decode, the file is well formed chunk by chunk (CRCs,
 * order, one IDAT stream that zlib inflates with its Adler-32 checked, row filters none or up),
 * and the bytes are the same for 1, 2, 3 and 8 threads.
 *
 * The main picture is 700×500: the encoder cuts it into 6 pieces of 94 rows (its 256 KiB of
 * RGBA per piece), and its band of noise makes the stream longer than one IDAT chunk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "rd_png.h"

#define W 700
#define H 500

static const rd_PngText META[] = {
    {"Software", "tfscope test"},
    {"Sentence", "It is in this spirit that a majority <eos>"},
    {"Target", "<bos> 그 것 은 이 정신 이다"},  /* not ASCII: an iTXt chunk */
    {"Empty", ""},
};
#define N_META ((int)(sizeof META / sizeof META[0]))

/* Four bands of rows: flat with thin stripes, a gradient, noise, and cells that repeat every 8
 * rows (as a heat map does). With alpha, the left half of the lower rows is translucent: no
 * translucent pixel in the first piece, so the whole picture must be looked at. */
static uint8_t *make_image(int w, int h, bool alpha)
{
    uint8_t *px = malloc((size_t)w * h * 4);
    assert_non_null(px);
    uint32_t seed = 12345;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 4;
            int band = y * 4 / h;
            seed = seed * 1664525u + 1013904223u;
            if (band == 0) {
                uint8_t v = x % 37 == 0 ? 40 : 250;
                p[0] = p[1] = p[2] = v;
            } else if (band == 1) {
                p[0] = (uint8_t)x, p[1] = (uint8_t)y, p[2] = (uint8_t)(x + y);
            } else if (band == 2) {
                p[0] = (uint8_t)(seed >> 24), p[1] = (uint8_t)(seed >> 16), p[2] = (uint8_t)(seed >> 8);
            } else {
                p[0] = (uint8_t)(x / 20 * 7), p[1] = (uint8_t)(y / 8 * 13), p[2] = 128;
                if (y % 8 == 7) p[1] = 0;
            }
            p[3] = alpha && y >= h * 5 / 8 && x < w / 2 ? (uint8_t)(x * 7 + y) : 255;
        }
    }
    return px;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walks the chunks: signature, IHDR first, text before the image data, the IDAT chunks in one
 * run, IEND last; every CRC right. Inflates the IDAT stream (zlib checks the Adler-32) and
 * checks its length and row filters. Returns the colour type. */
static int check_chunks(const uint8_t *png, size_t len, int w, int h)
{
    static const uint8_t sig[8] = {137, 'P', 'N', 'G', 13, 10, 26, 10};
    assert_true(len > 8 && !memcmp(png, sig, 8));
    uint8_t *idat = malloc(len);
    assert_non_null(idat);
    size_t at = 8, idat_len = 0;
    int n = 0, n_text = 0, n_idat = 0, colour = -1;
    bool idat_over = false, end = false;
    while (at < len) {
        assert_false(end);
        assert_true(len - at >= 12);
        uint32_t n_data = be32(png + at);
        assert_true(n_data <= len - at - 12);
        const uint8_t *type = png + at + 4, *data = type + 4;
        uLong crc = crc32(crc32(0, Z_NULL, 0), type, 4 + n_data);
        assert_int_equal(be32(data + n_data), crc);
        assert_true((n == 0) == !memcmp(type, "IHDR", 4));
        if (!memcmp(type, "IHDR", 4)) {
            assert_int_equal(be32(data), w);
            assert_int_equal(be32(data + 4), h);
            colour = data[9];
        } else if (!memcmp(type, "tEXt", 4) || !memcmp(type, "iTXt", 4)) {
            assert_int_equal(n_idat, 0);
            n_text++;
        } else if (!memcmp(type, "IDAT", 4)) {
            assert_false(idat_over);
            memcpy(idat + idat_len, data, n_data);
            idat_len += n_data;
            n_idat++;
        } else if (!memcmp(type, "IEND", 4)) {
            assert_int_equal(n_data, 0);
            end = true;
        } else {
            fail_msg("unexpected chunk %.4s", (const char *)type);
        }
        idat_over = n_idat > 0 && memcmp(type, "IDAT", 4);
        at += 12 + n_data;
        n++;
    }
    assert_true(end);
    assert_true(n_idat >= 1);
    assert_true(colour == 2 || colour == 6);
    size_t stride = 1 + (size_t)w * (colour == 2 ? 3 : 4), want = stride * h;
    uLongf got = (uLongf)want + 1;
    uint8_t *raw = malloc(want + 1);
    assert_non_null(raw);
    assert_int_equal(uncompress(raw, &got, idat, (uLong)idat_len), Z_OK);
    assert_int_equal(got, want);
    for (int y = 0; y < h; y++) {
        uint8_t f = raw[(size_t)y * stride];
        if (f != 0 && f != 2) fail_msg("row %d: filter type %d, expected 0 or 2", y, f);
    }
    free(raw);
    free(idat);
    return colour;
}

/* Encodes on the given threads, checks the file and that rd_png_decode gives back every pixel and
 * every text chunk; returns the PNG. */
static uint8_t *round_trip(const uint8_t *px, int w, int h, int threads, size_t *len, int *colour)
{
    uint8_t *png, *back;
    char err[256];
    if (!rd_png_encode_threads(px, w, h, META, N_META, threads, &png, len, err, sizeof err))
        fail_msg("%dx%d on %d threads: %s", w, h, threads, err);
    *colour = check_chunks(png, *len, w, h);
    rd_PngText *text;
    int bw, bh, n_text;
    if (!rd_png_decode(png, *len, &back, &bw, &bh, &text, &n_text, err, sizeof err))
        fail_msg("%dx%d: rd_png_decode: %s", w, h, err);
    assert_int_equal(bw, w);
    assert_int_equal(bh, h);
    for (size_t i = 0; i < (size_t)w * h * 4; i++)
        if (back[i] != px[i])
            fail_msg("%dx%d: pixel (%zu, %zu) channel %zu is %d, expected %d", w, h,
                     i / 4 % (size_t)w, i / 4 / (size_t)w, i % 4, back[i], px[i]);
    assert_int_equal(n_text, N_META);
    for (int i = 0; i < N_META; i++) {
        assert_string_equal(text[i].key, META[i].key);
        assert_string_equal(text[i].value, META[i].value);
    }
    rd_png_free_text(text, n_text);
    free(back);
    return png;
}

static void test_pixels_and_text_come_back_opaque_and_translucent(void **state)
{
    (void)state;
    for (int alpha = 0; alpha < 2; alpha++) {
        uint8_t *px = make_image(W, H, alpha);
        size_t len;
        int colour;
        uint8_t *png = round_trip(px, W, H, 2, &len, &colour);
        assert_int_equal(colour, alpha ? 6 : 2);  /* RGBA only when some pixel is translucent */
        assert_true(len > 256 * 1024);            /* more than one IDAT chunk */
        free(png);
        free(px);
    }
}

static void test_bytes_are_the_same_for_any_number_of_threads(void **state)
{
    (void)state;
    for (int alpha = 0; alpha < 2; alpha++) {
        uint8_t *px = make_image(W, H, alpha), *one, *other;
        size_t n_one, n_other;
        int colour;
        one = round_trip(px, W, H, 1, &n_one, &colour);
        const int threads[] = {2, 3, 8};
        for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
            other = round_trip(px, W, H, threads[i], &n_other, &colour);
            if (n_other != n_one || memcmp(one, other, n_one))
                fail_msg("%d threads: %zu bytes differ from 1 thread's %zu", threads[i], n_other,
                         n_one);
            free(other);
        }
        char err[256];
        assert_true(rd_png_encode(px, W, H, META, N_META, &other, &n_other, err, sizeof err));
        assert_int_equal(n_other, n_one);
        assert_memory_equal(other, one, n_one);
        free(other);
        free(one);
        free(px);
    }
}

static void test_small_and_thin_pictures_come_back(void **state)
{
    (void)state;
    const int sizes[][2] = {{1, 1}, {1, 300}, {300, 1}, {3, 2}, {2000, 3}, {97, 1200}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int alpha = 0; alpha < 2; alpha++) {
            int w = sizes[i][0], h = sizes[i][1];
            uint8_t *px = make_image(w, h, alpha);
            if (alpha) px[3] = 7;  /* so that even 1×1 is translucent */
            size_t len;
            int colour;
            free(round_trip(px, w, h, 3, &len, &colour));
            assert_int_equal(colour, alpha ? 6 : 2);
            free(px);
        }
    }
}

static void test_empty_picture_is_refused_with_a_reason(void **state)
{
    (void)state;
    uint8_t px[4] = {0}, *png = NULL;
    size_t len;
    char err[256] = "";
    assert_false(rd_png_encode(px, 0, 5, NULL, 0, &png, &len, err, sizeof err));
    assert_non_null(strstr(err, "0x5"));
    assert_null(png);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pixels_and_text_come_back_opaque_and_translucent),
        cmocka_unit_test(test_bytes_are_the_same_for_any_number_of_threads),
        cmocka_unit_test(test_small_and_thin_pictures_come_back),
        cmocka_unit_test(test_empty_picture_is_refused_with_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

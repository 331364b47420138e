/* test_views_render.c — what every view is drawn with: the rasterizer's two outputs (composed
 * and tiled) agree and keep nothing between pictures, the figure kit fits and wraps text, and the
 * bundled font draws formula glyphs it lacks from its own letters. Run by main() in test_views.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pool.h"
#include "rd_raster.h"
#include "test_views.h"

/* The rasterizer's two outputs agree: lines composed straight onto a picture (export) and the
 * same lines as RGBA8 tiles laid over the picture with source-over (the window) differ by at most
 * rounding, on any number of threads; and the composed picture is the same bytes for 1 and 3
 * threads. Lines of every slope, width and opacity, clipped, dots and ones off the canvas. */
static void draw_lines(rd_Layer *L, int w, int h)
{
    uint64_t r = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 400; i++) {
        float f[8];
        for (int k = 0; k < 8; k++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            f[k] = (float)((r >> 11) & 0xFFFF) / 65535.0f;
        }
        vec2 a = {f[0] * (w + 40) - 20, f[1] * (h + 40) - 20}, b = {f[2] * (w + 40) - 20, f[3] * (h + 40) - 20};
        if (i % 50 == 7) glm_vec2_copy(a, b);  /* a dot */
        vec4 c = {f[4], f[5], f[6], 0.02f + 0.9f * f[7]};
        rd_Box clip = i % 3 ? (rd_Box){0, 0, 0, 0} : (rd_Box){10, 20, w - 30, h - 5};
        rd_raster_line(L, a, b, 0.5f + 3.0f * f[(i % 4) + 4], c, clip);
    }
}
static uint8_t *white(int w, int h)
{
    uint8_t *px = malloc((size_t)w * h * 4);
    memset(px, 255, (size_t)w * h * 4);
    return px;
}
/* Nothing is left in the layer to resolve into tiles. */
static void assert_all_resolved(rd_Layer *L)
{
    uint8_t tile[RD_TILE * RD_TILE * 4];
    rd_Box box;
    assert_false(rd_raster_resolve(L, tile, &box));
}
static uint8_t *composed(int w, int h, int threads)
{
    uint8_t *px = white(w, h);
    rd_Layer L = {0};
    rd_raster_resize(&L, w, h);
    L.pool = tf_pool_new(threads);
    rd_raster_target(&L, px, w * 4);
    draw_lines(&L, w, h);
    assert_all_resolved(&L);  /* composed already: no tiles */
    tf_pool_free(L.pool);
    rd_raster_free(&L);
    return px;
}
void test_rasterizer_outputs_agree(void **state)
{
    (void)state;
    int w = 301, h = 203;  /* not whole tiles */
    uint8_t *direct = composed(w, h, 1), *direct3 = composed(w, h, 3), *tiled = white(w, h);
    assert_memory_equal(direct, direct3, (size_t)w * h * 4);
    rd_Layer L = {0};
    rd_raster_resize(&L, w, h);
    L.pool = tf_pool_new(2);
    draw_lines(&L, w, h);
    uint8_t tile[RD_TILE * RD_TILE * 4];
    rd_Box box;
    int tiles = 0;
    while (rd_raster_resolve(&L, tile, &box)) {
        tiles++;
        for (int y = box.y0; y < box.y1; y++)
            for (int x = box.x0; x < box.x1; x++) {
                const uint8_t *t = tile + ((size_t)(y - box.y0) * (box.x1 - box.x0) + (x - box.x0)) * 4;
                uint8_t *o = tiled + ((size_t)y * w + x) * 4;
                float a = t[3] / 255.0f;
                for (int c = 0; c < 3; c++) o[c] = (uint8_t)(t[c] * a + o[c] * (1 - a) + 0.5f);
            }
    }
    assert_true(tiles > 0);
    int worst = 0, inked = 0;
    for (size_t i = 0; i < (size_t)w * h * 4; i++) {
        int d = abs(direct[i] - tiled[i]);
        worst = d > worst ? d : worst;
        inked += i % 4 != 3 && direct[i] != 255;
    }
    assert_true(inked > w * h / 4);  /* the lines cover a good part of the canvas */
    assert_true(worst <= 2);
    /* nothing is left over: the layer is clean for the next frame */
    assert_all_resolved(&L);
    tf_pool_free(L.pool);
    rd_raster_free(&L);
    free(direct), free(direct3), free(tiled);
}
/* Horizontal lines over every row, composed onto a white picture. */
static void cover_rows(rd_Layer *L, uint8_t *px, int w, int h)
{
    rd_raster_target(L, px, w * 4);
    for (int y = 0; y < h; y += 2)
        rd_raster_line(L, (vec2){-5, y + 1.0f}, (vec2){w + 5.0f, y + 1.0f}, 2,
                       (vec4){0.2f, 0.4f, 0.6f, 0.5f}, (rd_Box){0, 0, 0, 0});
    assert_all_resolved(L);
}
/* Nothing of one picture's lines stays behind in the layer: clipped lines first (their runs end
 * at the clip, where the last group of four pixels reaches past it), then rows covering every
 * pixel give the same bytes as on a fresh layer. */
void test_rasterizer_keeps_nothing_between_pictures(void **state)
{
    (void)state;
    int w = 190, h = 140;
    rd_Layer L = {0};
    rd_raster_resize(&L, w, h);
    uint8_t *first = white(w, h), *again = white(w, h), *fresh = white(w, h);
    rd_raster_target(&L, first, w * 4);
    for (int i = 0; i < 300; i++) {
        float t = i / 300.0f;
        rd_raster_line(&L, (vec2){5 + 170 * t, 0}, (vec2){185 - 160 * t, (float)h}, 1.0f + 2 * t,
                       (vec4){0.9f, 0.1f, 0.1f, 0.8f}, (rd_Box){20 + i % 7, 10, 120 + i % 13, 130});
    }
    assert_all_resolved(&L);
    for (int y = 0; y < h; y++)  /* the clip held */
        for (int x = 0; x < w; x++)
            if (x < 20 || x >= 132 || y < 10 || y >= 130)
                assert_int_equal(first[((size_t)y * w + x) * 4], 255);
    cover_rows(&L, again, w, h);
    rd_Layer F = {0};
    rd_raster_resize(&F, w, h);
    cover_rows(&F, fresh, w, h);
    assert_memory_equal(again, fresh, (size_t)w * h * 4);
    rd_raster_free(&L);
    rd_raster_free(&F);
    free(first), free(again), free(fresh);
}
/* The figure kit's text: a fitted string is a prefix of whole characters plus "…" that fits, the
 * longest such; wrapping breaks at spaces and never loses or repeats a byte. */
void test_kit_fits_and_wraps_text(void **state)
{
    (void)state;
    fig_Font f = {14, false, FIG_ROT_0, {0, 0, 0, 1}, false};
    const char *s = "어텐션은 모든 위치를 본다 attention looks at every position";
    float full = tv_measure.width(tv_measure.ctx, s, 14, false);
    char out[256];
    fig_fit(&tv_measure, s, &f, full, out, sizeof out);
    assert_string_equal(out, s);
    for (float w = 20; w < full; w += 37) {
        fig_fit(&tv_measure, s, &f, w, out, sizeof out);
        size_t n = strlen(out);
        assert_true(n >= 3 && !strcmp(out + n - 3, "\xE2\x80\xA6"));
        assert_memory_equal(out, s, n - 3);
        assert_true(((unsigned char)s[n - 3] & 0xC0) != 0x80);  /* a character boundary */
        assert_true(tv_measure.width(tv_measure.ctx, out, 14, false) <= w || n == 3);
        /* one more character would not fit */
        size_t k = n - 3, next = k + 1;
        while (s[next] && ((unsigned char)s[next] & 0xC0) == 0x80) next++;
        char longer[256];
        memcpy(longer, s, next);
        memcpy(longer + next, "\xE2\x80\xA6", 4);
        assert_true(tv_measure.width(tv_measure.ctx, longer, 14, false) > w);
    }
    for (float w = 60; w < full + 10; w += 45) {
        char joined[256] = "";
        const char *p = s, *next;
        int lines = 0;
        while (*p) {
            size_t n = fig_wrap(&tv_measure, p, &f, w, FIG_WRAP_LINE, true, &next);
            char line[256];
            memcpy(line, p, n);
            line[n] = '\0';
            assert_true(n > 0);
            assert_true(tv_measure.width(tv_measure.ctx, line, 14, false) <= w || !strchr(line, ' '));
            if (*joined) strcat(joined, " ");
            strcat(joined, line);
            p = next;
            lines++;
        }
        assert_string_equal(joined, s);
        assert_true(lines >= 1);
    }
}
/* Formula glyphs the bundled font lacks are drawn from its own letters: ₖ and ᵀ as small k and T,
 * lowered and raised; U+2212 as an en dash; arrows as larger runs. Measuring agrees. */
void test_formula_glyphs_are_drawn_from_the_fonts_letters(void **state)
{
    (void)state;
    rd_Run runs[RD_RUNS_MAX];
    int n = rd_fonts_runs(tv_fonts, "dₖ = Qᵀ − 1 → x", runs, RD_RUNS_MAX);
    assert_int_equal(n, 7);
    assert_int_equal(runs[0].script, RD_PLAIN);
    assert_string_equal(runs[0].text, "d");
    assert_int_equal(runs[1].script, RD_SUB);
    assert_string_equal(runs[1].text, "k");
    assert_string_equal(runs[2].text, " = Q");
    assert_int_equal(runs[3].script, RD_SUPER);
    assert_string_equal(runs[3].text, "T");
    assert_string_equal(runs[4].text, " \xE2\x80\x93 1 ");
    assert_int_equal(runs[5].script, RD_ARROW);
    assert_string_equal(runs[6].text, " x");
    /* a script letter is narrower than the plain one, and the width is the runs' sum */
    float d = tv_measure.width(tv_measure.ctx, "d", 20, false);
    float k = tv_measure.width(tv_measure.ctx, "k", rd_fonts_run_size(20, RD_SUB), false);
    assert_true(k < tv_measure.width(tv_measure.ctx, "k", 20, false));
    assert_true(fabsf(tv_measure.width(tv_measure.ctx, "dₖ", 20, false) - (d + k)) < 0.01f);
    /* subscripts sit lower than superscripts */
    assert_true(rd_fonts_run_dy(tv_fonts, 20, RD_SUB) > rd_fonts_run_dy(tv_fonts, 20, RD_SUPER));
    char plain[64];
    rd_fonts_clean(tv_fonts, "Qᵀ/√dₖ", plain, sizeof plain);
    assert_string_equal(plain, "Q^T/√d_k");
}

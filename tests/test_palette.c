/* test_palette.c — the figure kit's palette (fig_kit.h, fig_cmap.h): both sets of head colours
 * keep 8 heads apart for normal and colour-blind vision (simulated), the projector's palette has
 * stronger contrast than the standard one (text, secondary text and borders against the page,
 * WCAG contrast ratios), figure ink grows opaque in it, a change of palette is seen by whoever
 * caches what was drawn (its serial), and --palette's names are read. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "fig_cmap.h"
#include "fig_kit.h"

/* sRGB in [0, 1] to linear light, and linear RGB to CIELAB (D65). */
static double to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static void linear_to_lab(const double rgb[3], double lab[3])
{
    double X = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
    double Y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double Z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
    double t[3] = {X / 0.95047, Y, Z / 1.08883}, f[3];
    for (int i = 0; i < 3; i++) f[i] = t[i] > 0.008856 ? cbrt(t[i]) : 7.787 * t[i] + 16.0 / 116;
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

/* The 8 heads of a model in either palette stay apart (CIELAB ΔE ≥ 15; 2.3 is just noticeable)
 * for normal vision and under simulated protanopia, deuteranopia and tritanopia (Machado,
 * Oliveira and Fernandes 2009, severity 1, on linear RGB). */
static void test_head_colours_stay_apart_for_colour_blind_eyes(void **state)
{
    (void)state;
    static const double M[4][3][3] = {
        {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
        {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
         {-0.003882, -0.048116, 1.051998}},
        {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
         {-0.011820, 0.042940, 0.968881}},
        {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
         {0.004733, 0.691367, 0.303900}},
    };
    static const char *vision[4] = {"normal", "protanopia", "deuteranopia", "tritanopia"};
    for (int pal = 0; pal < FIG_HEADS_COUNT; pal++) {
        fig_palette_use(FIG_THEME_STANDARD, (fig_HeadColors)pal);
        for (int v = 0; v < 4; v++) {
            double lab[8][3];
            for (int h = 0; h < 8; h++) {
                vec4 c;
                fig_cmap_head(h, c);
                double lin[3] = {to_linear(c[0]), to_linear(c[1]), to_linear(c[2])}, sim[3];
                for (int i = 0; i < 3; i++) {
                    double x = M[v][i][0] * lin[0] + M[v][i][1] * lin[1] + M[v][i][2] * lin[2];
                    sim[i] = x < 0 ? 0 : x > 1 ? 1 : x;
                }
                linear_to_lab(sim, lab[h]);
            }
            for (int a = 0; a < 8; a++)
                for (int b = a + 1; b < 8; b++) {
                    double d = sqrt(pow(lab[a][0] - lab[b][0], 2) + pow(lab[a][1] - lab[b][1], 2) +
                                    pow(lab[a][2] - lab[b][2], 2));
                    if (d < 15)
                        fail_msg("palette %d, %s: heads %d and %d are %.1f apart", pal,
                                 vision[v], a, b, d);
                }
        }
    }
    fig_palette_use(FIG_THEME_STANDARD, FIG_HEADS_TOL);
}

static double contrast(const vec4 a, const vec4 b)
{
    double la = fig_cmap_luminance(a), lb = fig_cmap_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* Projector: text, secondary text and borders contrast more with the page than in the standard
 * palette; secondary text reaches WCAG's 7:1 (AAA). Ink of the figures is nearly opaque. */
static void test_projector_palette_has_stronger_contrast(void **state)
{
    (void)state;
    fig_palette_use(FIG_THEME_STANDARD, FIG_HEADS_TOL);
    fig_Palette std = *fig_palette();
    unsigned serial = fig_palette_serial();
    vec4 ink_std, ink_proj;
    fig_cmap_ink(0.5f, ink_std);
    fig_palette_use(FIG_THEME_PROJECTOR, FIG_HEADS_TOL);
    assert_true(fig_palette_serial() != serial);
    const fig_Palette *pr = fig_palette();
    assert_true(contrast(pr->text, pr->white) > contrast(std.text, std.white));
    assert_true(contrast(pr->dim, pr->white) > contrast(std.dim, std.white));
    assert_true(contrast(pr->dim, pr->white) >= 7.0);
    assert_true(contrast(pr->border, pr->white) > contrast(std.border, std.white));
    assert_true(contrast(pr->dim, pr->bg) > contrast(std.dim, std.bg));
    fig_cmap_ink(0.5f, ink_proj);
    assert_true(ink_proj[3] > ink_std[3] + 0.25f);
    /* the same choice again changes nothing */
    serial = fig_palette_serial();
    fig_palette_use(FIG_THEME_PROJECTOR, FIG_HEADS_TOL);
    assert_int_equal(fig_palette_serial(), serial);
    fig_palette_use(FIG_THEME_STANDARD, FIG_HEADS_TOL);
}

static void test_palette_names(void **state)
{
    (void)state;
    fig_HeadColors h = FIG_HEADS_COUNT;
    assert_true(fig_palette_parse("cb", &h) && h == FIG_HEADS_OKABE_ITO);
    assert_true(fig_palette_parse("okabe-ito", &h) && h == FIG_HEADS_OKABE_ITO);
    assert_true(fig_palette_parse("standard", &h) && h == FIG_HEADS_TOL);
    assert_false(fig_palette_parse("rainbow", &h));
    assert_false(fig_palette_parse("", &h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_colours_stay_apart_for_colour_blind_eyes),
        cmocka_unit_test(test_projector_palette_has_stronger_contrast),
        cmocka_unit_test(test_palette_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_views.c — the views' draw lists, checked as data, and main() of the test_views executable:
 * labels never overlap (at 3, 12 and 28 tokens, small and large canvases, tensors up to [20, 256]
 * and [T, 400]), degenerate inputs are drawn safely, the architecture diagram's boxes name trace
 * steps, and the colour maps behave. The matrix views are in test_views_matrix.c, the lines and the
 * beam tree in test_views_lines.c, the rasterizer, the kit's text and the fonts in
 * test_views_render.c (cases listed in test_views.h); all run in one group here, so that the font
 * is opened once. Uses the bundled font for measuring, so that "no overlap" is about the real
 * glyph widths. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fig_cmap.h"
#include "test_views.h"

rd_Fonts *tv_fonts;
fig_Measure tv_measure;

static int setup(void **state)
{
    (void)state;
    char err[256];
    tv_fonts = rd_fonts_open(NULL, err, sizeof err);
    if (!tv_fonts) fprintf(stderr, "test_views: %s\n", err);
    tv_measure = rd_fonts_measure(tv_fonts);
    return tv_fonts ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rd_fonts_close(tv_fonts);
    return 0;
}

/* A trace of n source tokens (Figure 3's sentence) and about n target tokens. */
void tv_make(tf_Trace *tr, int n, int d_ff, int vocab_extra)
{
    char src[2048], tgt[2048] = "";
    vf_sentence(n - 1, src, sizeof src);
    strcat(src, " <eos>");
    for (int i = 0; i < n - 1; i++) strcat(tgt, i ? " 가" : "가");
    vf_Shape shape = {32, 8, 3, 2, d_ff, vocab_extra};
    vf_make_trace(tr, src, tgt, &shape);
}

void tv_build(fig_View *s, const tf_Trace *tr, float w, float h, fig_List *l)
{
    fig_view_build(s, tr, &tv_measure, w, h, l);
}

/* A trace of n tokens and the default state of a view of that kind; nothing drawn yet. */
void tv_view_open(tv_View *v, int n, fig_ViewKind kind)
{
    tv_make(&v->tr, n, 64, 0);
    fig_view_state_default(&v->s);
    v->s.kind = kind;
    fig_draw_init(&v->l);
}

void tv_view_build(tv_View *v, float w, float h)
{
    tv_build(&v->s, &v->tr, w, h, &v->l);
}

void tv_view_close(tv_View *v)
{
    fig_draw_free(&v->l);
    tf_trace_free(&v->tr);
}

/* Every pair of text boxes is disjoint and every box lies on the canvas. */
static void check_labels(const fig_List *l, float w, float h, const char *what)
{
    int n = 0;
    for (int i = 0; i < l->n; i++) {
        const fig_Cmd *a = &l->cmds[i];
        if (a->kind != FIG_CMD_TEXT) continue;
        n++;
        if (a->r.x < -0.5f || a->r.y < -0.5f || a->r.x + a->r.w > w + 0.5f || a->r.y + a->r.h > h + 0.5f)
            fail_msg("%s: '%s' at (%g, %g, %g×%g) leaves the %g×%g canvas", what,
                     fig_draw_text_of(l, a), a->r.x, a->r.y, a->r.w, a->r.h, w, h);
        for (int j = i + 1; j < l->n; j++) {
            const fig_Cmd *b = &l->cmds[j];
            if (b->kind == FIG_CMD_TEXT && fig_draw_rect_overlap(a->r, b->r))
                fail_msg("%s: '%s' (%g, %g, %g×%g) overlaps '%s' (%g, %g, %g×%g)", what,
                         fig_draw_text_of(l, a), a->r.x, a->r.y, a->r.w, a->r.h,
                         fig_draw_text_of(l, b), b->r.x, b->r.y, b->r.w, b->r.h);
        }
    }
    if (n < 3) fail_msg("%s: only %d texts drawn", what, n);
}

typedef struct {
    fig_ViewKind kind;
    const char *tensor;
    fig_Attn attn;
    int head, token;
    fig_Orient orient;
    bool heatmap;
} Case;

static void test_labels_never_overlap(void **state)
{
    (void)state;
    const Case cases[] = {
        {FIG_VIEW_MATRIX, "enc.1.self_attn.weights", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_MATRIX, "dec.0.self_attn.weights", FIG_ATTN_ENC, 3, 2, FIG_HORIZONTAL, false},
        {FIG_VIEW_MATRIX, "dec.1.cross_attn.weights", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_MATRIX, "enc.0.ffn.hidden", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_MATRIX, "logits", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_MATRIX, "src.x", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_LINES, "", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_LINES, "", FIG_ATTN_ENC, -1, 1, FIG_HORIZONTAL, false},
        {FIG_VIEW_LINES, "", FIG_ATTN_DEC, -1, 2, FIG_VERTICAL, false},
        {FIG_VIEW_LINES, "", FIG_ATTN_CROSS, -1, -1, FIG_VERTICAL, false},
        {FIG_VIEW_GRID, "", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
        {FIG_VIEW_GRID, "", FIG_ATTN_DEC, -1, -1, FIG_HORIZONTAL, true},
        {FIG_VIEW_ARCH, "dec.1.cross_attn.weights", FIG_ATTN_ENC, -1, -1, FIG_HORIZONTAL, false},
    };
    const int tokens[] = {3, 12, 28};
    const float sizes[][2] = {{1600, 900}, {1024, 640}, {640, 480}, {480, 600}};
    /* [T, 400] logits and [S, 256] hidden units at every size */
    for (int t = 0; t < 3; t++) {
        tf_Trace tr;
        tv_make(&tr, tokens[t], 256, 400);
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
            for (int z = 0; z < 4; z++) {
                fig_View s;
                fig_view_state_default(&s);
                s.kind = cases[c].kind;
                s.attn = cases[c].attn;
                s.layer = 1;
                s.head = cases[c].head;
                s.token = cases[c].token;
                s.orient = cases[c].orient;
                s.grid_heatmap = cases[c].heatmap;
                snprintf(s.tensor, sizeof s.tensor, "%s", cases[c].tensor);
                snprintf(s.step, sizeof s.step, "%s", cases[c].tensor);
                fig_List l;
                fig_draw_init(&l);
                tv_build(&s, &tr, sizes[z][0], sizes[z][1], &l);
                char what[160];
                snprintf(what, sizeof what, "%s %s, %d tokens, %g×%g", fig_view_kind_name(s.kind),
                         cases[c].tensor, tokens[t], sizes[z][0], sizes[z][1]);
                check_labels(&l, sizes[z][0], sizes[z][1], what);
                fig_draw_free(&l);
            }
        tf_trace_free(&tr);
    }
}

static void test_arch_boxes_name_trace_steps(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 12, FIG_VIEW_ARCH);
    snprintf(v.s.step, sizeof v.s.step, "dec.1.cross_attn.scores");
    tv_view_build(&v, 1000, 1100);
    int boxes = 0, highlighted = 0;
    for (int i = 0; i < v.l.n_hits; i++) {
        const fig_Hit *h = &v.l.hits[i];
        if (h->kind != FIG_HIT_STEP) continue;
        if (!tf_trace_get(&v.tr, h->step)) fail_msg("box step '%s' is not in the trace", h->step);
        boxes++;
    }
    /* embeddings, PE and sums (6), 4 + 6 sub-layer boxes, linear, softmax, 3 + 2 layer tabs */
    assert_int_equal(boxes, 6 + 4 + 6 + 2 + 3 + 2);
    for (int i = 0; i < v.l.n; i++)
        if (v.l.cmds[i].kind == FIG_CMD_TEXT && v.l.cmds[i].bold &&
            !strcmp(fig_draw_text_of(&v.l, &v.l.cmds[i]), "Multi-Head Attention"))
            highlighted++;
    assert_int_equal(highlighted, 1);
    tv_view_close(&v);
}

static void test_colour_scales(void **state)
{
    (void)state;
    vec4 c;
    fig_cmap_viridis(0, c);
    assert_true(c[0] > 0.26f && c[0] < 0.27f && c[2] > 0.32f && c[2] < 0.34f);
    fig_cmap_viridis(1, c);
    assert_true(c[0] > 0.99f && c[1] > 0.90f && c[2] < 0.15f);
    fig_cmap_diverging(0, c);
    assert_true(c[0] > 0.95f && c[1] > 0.95f && c[2] > 0.95f);  /* zero is near white */
    fig_cmap_diverging(-1, c);
    assert_true(c[2] > c[0]);                                  /* negative is blue */
    float w[4] = {0, 0.2f, 0.7f, 1}, relu[3] = {0, 2, 5}, signed_[3] = {-3, 1, 2};
    fig_CmapScale sc;
    fig_cmap_scale_fit(&sc, w, 4, NULL);
    assert_true(sc.kind == FIG_CMAP_SEQUENTIAL && sc.lo == 0 && sc.hi == 1);
    fig_cmap_scale_fit(&sc, relu, 3, NULL);
    assert_true(sc.kind == FIG_CMAP_SEQUENTIAL && sc.hi == 5);
    fig_cmap_scale_fit(&sc, signed_, 3, NULL);
    assert_true(sc.kind == FIG_CMAP_DIVERGING && sc.lo == -3 && sc.hi == 3);
    /* skipped (masked) values do not widen the range */
    uint8_t skip[3] = {1, 0, 0};
    fig_cmap_scale_fit(&sc, signed_, 3, skip);
    assert_true(sc.kind == FIG_CMAP_SEQUENTIAL && sc.hi == 2);
    /* heads: neighbours differ */
    vec4 a, b;
    for (int h = 0; h < fig_cmap_head_colors() - 1; h++) {
        fig_cmap_head(h, a);
        fig_cmap_head(h + 1, b);
        assert_true(glm_vec4_distance(a, b) > 0.2f);
    }
}

/* Tiny canvases, one-token sentences and an empty trace draw something or a message; never a
 * crash, never a text box off the canvas by more than its own size. */
static void test_degenerate_inputs_are_drawn_safely(void **state)
{
    (void)state;
    tf_Trace one, empty;
    vf_Shape shape = {8, 2, 1, 1, 8, 0};
    vf_make_trace(&one, "a", "", &shape);
    tf_trace_init(&empty, 1, 16, 4);
    const float sizes[][2] = {{1, 1}, {20, 10}, {64, 64}, {300, 120}};
    const tf_Trace *traces[2] = {&one, &empty};
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < FIG_VIEW_COUNT; k++)
            for (int z = 0; z < 4; z++)
                for (int tok = -1; tok < 2; tok++) {
                    fig_View s;
                    fig_view_state_default(&s);
                    s.kind = (fig_ViewKind)k;
                    s.token = tok;
                    s.attn = (fig_Attn)(z % 3);
                    s.zoom = z == 3 ? 50.0f : 1.0f;
                    s.pan[0] = s.pan[1] = 1e6f;
                    s.hover_row = s.hover_col = 0;
                    snprintf(s.tensor, sizeof s.tensor, "%s", z % 2 ? "dec.0.self_attn.weights" : "src.x");
                    fig_List l;
                    fig_draw_init(&l);
                    tv_build(&s, traces[t], sizes[z][0], sizes[z][1], &l);
                    for (int i = 0; i < l.n; i++) {
                        const fig_Cmd *c = &l.cmds[i];
                        assert_true(isfinite(c->r.x) && isfinite(c->r.y) && isfinite(c->r.w) &&
                                    isfinite(c->r.h) && isfinite(c->p0[0]) && isfinite(c->p1[1]));
                    }
                    fig_draw_free(&l);
                }
    tf_trace_free(&one);
    tf_trace_free(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_alpha_equals_weight),
        cmocka_unit_test(test_selected_query_draws_only_its_lines),
        cmocka_unit_test(test_masked_cells_are_marked),
        cmocka_unit_test(test_diff_cells_are_a_minus_b),
        cmocka_unit_test(test_lens_cells_show_the_lens),
        cmocka_unit_test(test_beam_tree_draws_the_log),
        cmocka_unit_test(test_labels_never_overlap),
        cmocka_unit_test(test_hit_regions_name_cells_tokens_and_steps),
        cmocka_unit_test(test_arch_boxes_name_trace_steps),
        cmocka_unit_test(test_colour_scales),
        cmocka_unit_test(test_degenerate_inputs_are_drawn_safely),
        cmocka_unit_test(test_rasterizer_outputs_agree),
        cmocka_unit_test(test_rasterizer_keeps_nothing_between_pictures),
        cmocka_unit_test(test_kit_fits_and_wraps_text),
        cmocka_unit_test(test_cell_map_round_trips),
        cmocka_unit_test(test_formula_glyphs_are_drawn_from_the_fonts_letters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_views.c — the views' draw lists, checked as data: a line's opacity is its attention weight,
 * a selected query draws only its own lines, masked cells are marked as masked, labels never
 * overlap (at 3, 12 and 28 tokens, small and large canvases, tensors up to [20, 256] and
 * [T, 400]), hit regions answer with the right cell, token and step, and the colour maps behave;
 * the figure kit's fit and wrap, and the cell map of a zoomed matrix (pixels <-> cells).
 * Uses the bundled font for measuring, so that "no overlap" is about the real glyph widths. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fig_cmap.h"
#include "fig_draw.h"
#include "fig_kit.h"
#include "fig_view.h"
#include "pool.h"
#include "rd_fonts.h"
#include "rd_raster.h"
#include "view_fixture.h"

static rd_Fonts *fonts;
static fig_Measure measure;

static int setup(void **state)
{
    (void)state;
    char err[256];
    fonts = rd_fonts_open(NULL, err, sizeof err);
    if (!fonts) fprintf(stderr, "test_views: %s\n", err);
    measure = rd_fonts_measure(fonts);
    return fonts ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rd_fonts_close(fonts);
    return 0;
}

/* A trace of n source tokens (Figure 3's sentence) and about n target tokens. */
static void make(tf_Trace *tr, int n, int d_ff, int vocab_extra)
{
    char src[2048], tgt[2048] = "";
    vf_sentence(n - 1, src, sizeof src);
    strcat(src, " <eos>");
    for (int i = 0; i < n - 1; i++) strcat(tgt, i ? " 가" : "가");
    vf_Shape shape = {32, 8, 3, 2, d_ff, vocab_extra};
    vf_make_trace(tr, src, tgt, &shape);
}

static void build(fig_View *s, const tf_Trace *tr, float w, float h, fig_List *l)
{
    fig_view_build(s, tr, &measure, w, h, l);
}

/* One view of a fixture trace: the trace, the view's state and what it drew. */
typedef struct {
    tf_Trace tr;
    fig_View s;
    fig_List l;
} View;

/* A trace of n tokens and the default state of a view of that kind; nothing drawn yet. */
static void view_open(View *v, int n, fig_ViewKind kind)
{
    make(&v->tr, n, 64, 0);
    fig_view_state_default(&v->s);
    v->s.kind = kind;
    fig_draw_init(&v->l);
}

static void view_build(View *v, float w, float h)
{
    build(&v->s, &v->tr, w, h, &v->l);
}

static void view_close(View *v)
{
    fig_draw_free(&v->l);
    tf_trace_free(&v->tr);
}

static void test_line_alpha_equals_weight(void **state)
{
    (void)state;
    View v;
    view_open(&v, 12, FIG_VIEW_LINES);
    v.s.layer = 1;
    view_build(&v, 1600, 900);
    const tf_Node *n = tf_trace_get(&v.tr, "enc.1.self_attn.weights");
    assert_non_null(n);
    int H = n->shape[0], Q = n->shape[1], K = n->shape[2], lines = 0, expected = 0;
    for (int64_t i = 0; i < (int64_t)H * Q * K; i++) expected += n->data[i] * 255.0f >= 0.5f;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->tag != FIG_TAG_ATTN_LINE) continue;
        float w = n->data[((int64_t)c->i * Q + c->j) * K + c->k];
        if (c->color[3] != w) fail_msg("line head %d %d->%d: alpha %g, weight %g", c->i, c->j, c->k, c->color[3], w);
        lines++;
    }
    assert_int_equal(lines, expected);
    view_close(&v);
}

static void test_selected_query_draws_only_its_lines(void **state)
{
    (void)state;
    View v;
    view_open(&v, 28, FIG_VIEW_LINES);
    v.s.attn = FIG_ATTN_CROSS;
    v.s.layer = 0;
    v.s.token = 5;
    v.s.heads = (1u << 2) | (1u << 6);
    view_build(&v, 1600, 900);
    int lines = 0;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->tag != FIG_TAG_ATTN_LINE) continue;
        assert_int_equal(c->j, 5);
        assert_true(c->i == 2 || c->i == 6);
        lines++;
    }
    assert_true(lines > 0 && lines <= 2 * v.tr.n_src);
    view_close(&v);
}

static void test_masked_cells_are_marked(void **state)
{
    (void)state;
    View v;
    view_open(&v, 12, FIG_VIEW_MATRIX);
    snprintf(v.s.tensor, sizeof v.s.tensor, "dec.1.self_attn.weights");
    view_build(&v, 1600, 900);
    int T = v.tr.n_tgt, masked = 0, cells = 0;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->kind != FIG_CMD_RECT || (c->tag != FIG_TAG_CELL && c->tag != FIG_TAG_MASKED) ||
            c->i < 0)
            continue;
        assert_int_equal(c->tag == FIG_TAG_MASKED, c->k > c->j);
        masked += c->tag == FIG_TAG_MASKED;
        cells++;
    }
    assert_int_equal(cells, 8 * T * T);
    assert_int_equal(masked, 8 * T * (T - 1) / 2);
    view_close(&v);
}

/* The difference view: every cell is coloured by A − B on a diverging scale symmetric about zero
 * (the largest |A − B| at either end), whatever the signs; A − A is all zero; B without the
 * tensor, or of another shape, is a message, not a picture. */
static void test_diff_cells_are_a_minus_b(void **state)
{
    (void)state;
    View v;
    view_open(&v, 6, FIG_VIEW_DIFF);
    tf_Trace b, shorter;
    make(&b, 6, 64, 0);
    make(&shorter, 4, 64, 0);
    const char *name = "enc.0.norm1";
    const tf_Node *na = tf_trace_get(&v.tr, name);
    tf_Node *nb = (tf_Node *)tf_trace_get(&b, name);
    float m = 0;
    for (int64_t i = 0; i < nb->numel; i++) {
        nb->data[i] -= 0.25f * (float)(i % 5);  /* A − B >= 0: still a diverging scale */
        m = fmaxf(m, fabsf(na->data[i] - nb->data[i]));
    }
    snprintf(v.s.tensor, sizeof v.s.tensor, "%s", name);
    v.s.other = &b;
    view_build(&v, 1600, 900);
    fig_CmapScale cs = {FIG_CMAP_DIVERGING, -m, m};
    int cells = 0;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->kind != FIG_CMD_RECT || c->tag != FIG_TAG_CELL) continue;
        int64_t at = (int64_t)c->j * na->shape[1] + c->k;
        vec4 want;
        fig_cmap_scale_color(&cs, na->data[at] - nb->data[at], want);
        for (int ch = 0; ch < 4; ch++) assert_float_equal(c->color[ch], want[ch], 1e-6);
        cells++;
    }
    assert_int_equal(cells, na->shape[0] * na->shape[1]);
    /* A − A: every cell the colour of zero */
    v.s.other = &v.tr;
    view_build(&v, 1600, 900);
    vec4 zero;
    fig_cmap_diverging(0, zero);
    for (int i = 0; i < v.l.n; i++)
        if (v.l.cmds[i].kind == FIG_CMD_RECT && v.l.cmds[i].tag == FIG_TAG_CELL)
            assert_float_equal(v.l.cmds[i].color[0], zero[0], 1e-6);
    /* another shape, no B: a message and no cells */
    const tf_Trace *others[2] = {&shorter, NULL};
    for (int k = 0; k < 2; k++) {
        v.s.other = others[k];
        view_build(&v, 1600, 900);
        for (int i = 0; i < v.l.n; i++) assert_int_not_equal(v.l.cmds[i].tag, FIG_TAG_CELL);
    }
    tf_trace_free(&b);
    tf_trace_free(&shorter);
    view_close(&v);
}

/* The logit lens: a cell per point and position, coloured by the final token's probability there
 * (viridis), naming the top token, in bold exactly when it is the final one. */
static void test_lens_cells_show_the_lens(void **state)
{
    (void)state;
    View v;
    view_open(&v, 5, FIG_VIEW_LENS);
    static const char *const vocab[] = {"<pad>", "<unk>", "<bos>", "<eos>", "가", "나", "다"};
    int P = 1 + 3 * v.tr.cfg.n_dec, T = v.tr.n_tgt, top[64 * 2], tok[16], rank[64], pts[16];
    float top_p[64 * 2], fp[64];
    tf_LensPoint points[16];
    assert_true(P * T <= 64 && T <= 16);
    for (int p = 0; p < P; p++) {
        char name[TF_NAME_MAX];
        if (p == 0) snprintf(name, sizeof name, "tgt.x");
        else snprintf(name, sizeof name, "dec.%d.norm%d", (p - 1) / 3, (p - 1) % 3 + 1);
        pts[p] = tf_trace_index(&v.tr, name);
        points[p] = (tf_LensPoint){v.tr.nodes[pts[p]].site, pts[p]};
    }
    for (int t = 0; t < T; t++) {
        tok[t] = 4 + t % 3;
        for (int p = 0; p < P; p++) {
            int at = p * T + t;
            bool right = p >= t % P;
            fp[at] = (float)(p + 1) / (float)(P + 1);
            top[at * 2] = right ? tok[t] : 3;
            top[at * 2 + 1] = right ? 3 : tok[t];
            top_p[at * 2] = 0.9f;
            top_p[at * 2 + 1] = 0.05f;
            rank[at] = right ? 0 : 1;
        }
    }
    tf_Lens lens = {P, T, 2, points, top, top_p, tok, fp, rank};
    v.s.lens = &lens;
    v.s.tgt_vocab = vocab;
    v.s.n_tgt_vocab = 7;
    view_build(&v, 1200, 700);
    int cells = 0;
    for (int i = 0; i + 1 < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->kind != FIG_CMD_RECT || c->tag != FIG_TAG_CELL) continue;
        int at = c->j * T + c->k;
        vec4 want;
        fig_cmap_viridis(fp[at], want);
        for (int ch = 0; ch < 3; ch++) assert_float_equal(c->color[ch], want[ch], 1e-6);
        const fig_Cmd *txt = &v.l.cmds[i + 1];
        assert_int_equal(txt->kind, FIG_CMD_TEXT);
        assert_string_equal(fig_draw_text_of(&v.l, txt), vocab[top[at * 2]]);
        assert_int_equal(txt->bold, top[at * 2] == tok[c->k]);
        cells++;
    }
    assert_int_equal(cells, P * T);
    view_close(&v);
}

/* The beam tree: a box (hit region) per candidate of the log, a line per candidate to the
 * hypothesis it extends, thick exactly on the chosen path. */
static void test_beam_tree_draws_the_log(void **state)
{
    (void)state;
    View v;
    view_open(&v, 4, FIG_VIEW_BEAM);
    view_build(&v, 900, 500);  /* no search in the trace: a message only */
    for (int i = 0; i < v.l.n_hits; i++) assert_int_not_equal(v.l.hits[i].side, FIG_SIDE_BEAM);
    /* K = 2 over two steps: entries 0..3 at step 0, 4..7 at step 1; chosen: 0 then 5 */
    static const int parent[8] = {-1, -1, -1, -1, 1, 0, 1, 0};
    static const tf_BeamFate fate[8] = {TF_BEAM_KEPT, TF_BEAM_KEPT, TF_BEAM_PRUNED, TF_BEAM_PRUNED,
                                        TF_BEAM_FINISHED, TF_BEAM_FINISHED, TF_BEAM_PRUNED,
                                        TF_BEAM_PRUNED};
    tf_BeamCand c[8];
    char *text[8];
    for (int e = 0; e < 8; e++) {
        c[e] = (tf_BeamCand){e / 4, parent[e], e, -0.1 * (e + 1), -0.1 * (e + 1), -0.1, fate[e]};
        text[e] = "가";
    }
    v.tr.beam = (tf_BeamLog){2, 0.6, 8, 8, c, 5, text};
    view_build(&v, 900, 500);
    bool seen[8] = {false};
    for (int i = 0; i < v.l.n_hits; i++)
        if (v.l.hits[i].kind == FIG_HIT_TOKEN && v.l.hits[i].side == FIG_SIDE_BEAM)
            seen[v.l.hits[i].index] = true;
    for (int e = 0; e < 8; e++) assert_true(seen[e]);
    int lines = 0, thick = 0;
    float w_max = 0;
    for (int i = 0; i < v.l.n; i++)
        if (v.l.cmds[i].kind == FIG_CMD_LINE) w_max = fmaxf(w_max, v.l.cmds[i].width);
    for (int i = 0; i < v.l.n; i++)
        if (v.l.cmds[i].kind == FIG_CMD_LINE) {
            lines++;
            thick += v.l.cmds[i].width == w_max;
        }
    assert_int_equal(lines, 8);
    assert_int_equal(thick, 2);  /* <bos> → entry 0 → entry 5 */
    v.tr.beam = (tf_BeamLog){0};  /* the log is the test's, not the trace's */
    view_close(&v);
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
        make(&tr, tokens[t], 256, 400);
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
                build(&s, &tr, sizes[z][0], sizes[z][1], &l);
                char what[160];
                snprintf(what, sizeof what, "%s %s, %d tokens, %g×%g", fig_view_kind_name(s.kind),
                         cases[c].tensor, tokens[t], sizes[z][0], sizes[z][1]);
                check_labels(&l, sizes[z][0], sizes[z][1], what);
                fig_draw_free(&l);
            }
        tf_trace_free(&tr);
    }
}

static void test_hit_regions_name_cells_tokens_and_steps(void **state)
{
    (void)state;
    View v;
    view_open(&v, 12, FIG_VIEW_MATRIX);
    v.s.head = 3;
    snprintf(v.s.tensor, sizeof v.s.tensor, "enc.2.self_attn.weights");
    view_build(&v, 1200, 800);
    /* the centre of every drawn cell hits that cell */
    int checked = 0;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->kind != FIG_CMD_RECT || c->tag != FIG_TAG_CELL) continue;
        fig_HitResult h;
        assert_true(fig_draw_hit_test(&v.l, c->r.x + c->r.w * 0.5f, c->r.y + c->r.h * 0.5f, &h));
        assert_int_equal(h.kind, FIG_HIT_CELLS);
        assert_int_equal(h.head, 3);
        assert_int_equal(h.row, c->j);
        assert_int_equal(h.col, c->k);
        assert_string_equal(h.step, "enc.2.self_attn.weights");
        checked++;
    }
    assert_int_equal(checked, 12 * 12);
    /* row labels are query tokens */
    bool token_hit = false;
    for (int i = 0; i < v.l.n_hits; i++)
        if (v.l.hits[i].kind == FIG_HIT_TOKEN && v.l.hits[i].side == 0 && v.l.hits[i].index == 4) {
            fig_HitResult h;
            fig_Rect r = v.l.hits[i].r;
            assert_true(fig_draw_hit_test(&v.l, r.x + r.w * 0.5f, r.y + r.h * 0.5f, &h));
            assert_int_equal(h.kind, FIG_HIT_TOKEN);
            assert_int_equal(h.index, 4);
            token_hit = true;
        }
    assert_true(token_hit);
    /* zoomed and panned: the top-left visible cell is the pan position */
    v.s.zoom = 4;
    v.s.pan[0] = 5;
    v.s.pan[1] = 7;
    view_build(&v, 1200, 800);
    for (int i = 0; i < v.l.n_hits; i++)
        if (v.l.hits[i].kind == FIG_HIT_CELLS) {
            fig_HitResult h;
            assert_true(fig_draw_hit_test(&v.l, v.l.hits[i].r.x + 1, v.l.hits[i].r.y + 1, &h));
            assert_int_equal(h.row, 7);
            assert_int_equal(h.col, 5);
        }
    view_close(&v);
}

static void test_arch_boxes_name_trace_steps(void **state)
{
    (void)state;
    View v;
    view_open(&v, 12, FIG_VIEW_ARCH);
    snprintf(v.s.step, sizeof v.s.step, "dec.1.cross_attn.scores");
    view_build(&v, 1000, 1100);
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
    view_close(&v);
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
                    build(&s, traces[t], sizes[z][0], sizes[z][1], &l);
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

static void test_rasterizer_outputs_agree(void **state)
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
static void test_rasterizer_keeps_nothing_between_pictures(void **state)
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
static void test_kit_fits_and_wraps_text(void **state)
{
    (void)state;
    fig_Font f = {14, false, FIG_ROT_0, {0, 0, 0, 1}, false};
    const char *s = "어텐션은 모든 위치를 본다 attention looks at every position";
    float full = measure.width(measure.ctx, s, 14, false);
    char out[256];
    fig_fit(&measure, s, &f, full, out, sizeof out);
    assert_string_equal(out, s);
    for (float w = 20; w < full; w += 37) {
        fig_fit(&measure, s, &f, w, out, sizeof out);
        size_t n = strlen(out);
        assert_true(n >= 3 && !strcmp(out + n - 3, "\xE2\x80\xA6"));
        assert_memory_equal(out, s, n - 3);
        assert_true(((unsigned char)s[n - 3] & 0xC0) != 0x80);  /* a character boundary */
        assert_true(measure.width(measure.ctx, out, 14, false) <= w || n == 3);
        /* one more character would not fit */
        size_t k = n - 3, next = k + 1;
        while (s[next] && ((unsigned char)s[next] & 0xC0) == 0x80) next++;
        char longer[256];
        memcpy(longer, s, next);
        memcpy(longer + next, "\xE2\x80\xA6", 4);
        assert_true(measure.width(measure.ctx, longer, 14, false) > w);
    }
    for (float w = 60; w < full + 10; w += 45) {
        char joined[256] = "";
        const char *p = s, *next;
        int lines = 0;
        while (*p) {
            size_t n = fig_wrap(&measure, p, &f, w, FIG_WRAP_LINE, true, &next);
            char line[256];
            memcpy(line, p, n);
            line[n] = '\0';
            assert_true(n > 0);
            assert_true(measure.width(measure.ctx, line, 14, false) <= w || !strchr(line, ' '));
            if (*joined) strcat(joined, " ");
            strcat(joined, line);
            p = next;
            lines++;
        }
        assert_string_equal(joined, s);
        assert_true(lines >= 1);
    }
}

/* The cell map of a zoomed matrix: pixels and cells round-trip through the matrix and its
 * inverse; a drag of one cell's width moves the pan by one column. */
static void test_cell_map_round_trips(void **state)
{
    (void)state;
    fig_CellMap m;
    fig_cellmap(100, 50, 12.5f, 8, (vec2){3.25f, 7.5f}, &m);
    vec2 px, cell;
    fig_cellmap_px(&m, 3.25f, 7.5f, px);
    assert_float_equal(px[0], 100, 1e-4);
    assert_float_equal(px[1], 50, 1e-4);
    fig_cellmap_px(&m, 10, 20, px);
    assert_float_equal(px[0], 100 + (10 - 3.25f) * 12.5f, 1e-3);
    assert_float_equal(px[1], 50 + (20 - 7.5f) * 8, 1e-3);
    fig_cellmap_cell(&m, px[0], px[1], cell);
    assert_float_equal(cell[0], 10, 1e-4);
    assert_float_equal(cell[1], 20, 1e-4);
    fig_cellmap_cell_delta(&m, 12.5f, -16, cell);
    assert_float_equal(cell[0], 1, 1e-5);
    assert_float_equal(cell[1], -2, 1e-5);
    fig_Rect r = fig_cellmap_rect(&m, 4, 8);
    assert_float_equal(r.x, 100 + 0.75f * 12.5f, 1e-3);
    assert_float_equal(r.y, 50 + 0.5f * 8, 1e-3);
    assert_float_equal(r.w, 12.5f, 1e-5);
    assert_float_equal(r.h, 8, 1e-5);
    /* the pan is kept where the far corner is still shown */
    vec2 pan = {-3, 99};
    fig_view_clamp_pan(4, 40, 20, pan);
    assert_float_equal(pan[0], 0, 0);
    assert_float_equal(pan[1], 15, 1e-5);
}

/* Formula glyphs the bundled font lacks are drawn from its own letters: ₖ and ᵀ as small k and T,
 * lowered and raised; U+2212 as an en dash; arrows as larger runs. Measuring agrees. */
static void test_formula_glyphs_are_drawn_from_the_fonts_letters(void **state)
{
    (void)state;
    rd_Run runs[RD_RUNS_MAX];
    int n = rd_fonts_runs(fonts, "dₖ = Qᵀ − 1 → x", runs, RD_RUNS_MAX);
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
    float d = measure.width(measure.ctx, "d", 20, false);
    float k = measure.width(measure.ctx, "k", rd_fonts_run_size(20, RD_SUB), false);
    assert_true(k < measure.width(measure.ctx, "k", 20, false));
    assert_true(fabsf(measure.width(measure.ctx, "dₖ", 20, false) - (d + k)) < 0.01f);
    /* subscripts sit lower than superscripts */
    assert_true(rd_fonts_run_dy(fonts, 20, RD_SUB) > rd_fonts_run_dy(fonts, 20, RD_SUPER));
    char plain[64];
    rd_fonts_clean(fonts, "Qᵀ/√dₖ", plain, sizeof plain);
    assert_string_equal(plain, "Q^T/√d_k");
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

/* test_views_matrix.c — the matrix view and its kin, as draw lists: masked cells are marked as
 * masked, the difference view colours A − B, the logit lens shows its probabilities and top
 * tokens, every cell's hit region answers with that cell (zoomed and panned too), and the cell
 * map of a zoomed matrix round-trips pixels and cells. Run by main() in test_views.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fig_cmap.h"
#include "test_views.h"

void test_masked_cells_are_marked(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 12, FIG_VIEW_MATRIX);
    snprintf(v.s.tensor, sizeof v.s.tensor, "dec.1.self_attn.weights");
    tv_view_build(&v, 1600, 900);
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
    tv_view_close(&v);
}
/* The difference view: every cell is coloured by A − B on a diverging scale symmetric about zero
 * (the largest |A − B| at either end), whatever the signs; A − A is all zero; B without the
 * tensor, or of another shape, is a message, not a picture. */
void test_diff_cells_are_a_minus_b(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 6, FIG_VIEW_DIFF);
    tf_Trace b, shorter;
    tv_make(&b, 6, 64, 0);
    tv_make(&shorter, 4, 64, 0);
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
    tv_view_build(&v, 1600, 900);
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
    tv_view_build(&v, 1600, 900);
    vec4 zero;
    fig_cmap_diverging(0, zero);
    for (int i = 0; i < v.l.n; i++)
        if (v.l.cmds[i].kind == FIG_CMD_RECT && v.l.cmds[i].tag == FIG_TAG_CELL)
            assert_float_equal(v.l.cmds[i].color[0], zero[0], 1e-6);
    /* another shape, no B: a message and no cells */
    const tf_Trace *others[2] = {&shorter, NULL};
    for (int k = 0; k < 2; k++) {
        v.s.other = others[k];
        tv_view_build(&v, 1600, 900);
        for (int i = 0; i < v.l.n; i++) assert_int_not_equal(v.l.cmds[i].tag, FIG_TAG_CELL);
    }
    tf_trace_free(&b);
    tf_trace_free(&shorter);
    tv_view_close(&v);
}
/* The logit lens: a cell per point and position, coloured by the final token's probability there
 * (viridis), naming the top token, in bold exactly when it is the final one. */
void test_lens_cells_show_the_lens(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 5, FIG_VIEW_LENS);
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
    tv_view_build(&v, 1200, 700);
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
    tv_view_close(&v);
}
void test_hit_regions_name_cells_tokens_and_steps(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 12, FIG_VIEW_MATRIX);
    v.s.head = 3;
    snprintf(v.s.tensor, sizeof v.s.tensor, "enc.2.self_attn.weights");
    tv_view_build(&v, 1200, 800);
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
    tv_view_build(&v, 1200, 800);
    for (int i = 0; i < v.l.n_hits; i++)
        if (v.l.hits[i].kind == FIG_HIT_CELLS) {
            fig_HitResult h;
            assert_true(fig_draw_hit_test(&v.l, v.l.hits[i].r.x + 1, v.l.hits[i].r.y + 1, &h));
            assert_int_equal(h.row, 7);
            assert_int_equal(h.col, 5);
        }
    tv_view_close(&v);
}
/* The cell map of a zoomed matrix: pixels and cells round-trip through the matrix and its
 * inverse; a drag of one cell's width moves the pan by one column. */
void test_cell_map_round_trips(void **state)
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

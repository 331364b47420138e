/* test_views_lines.c — the attention-lines view and the beam tree, as draw lists: a line's
 * opacity is its attention weight, a selected query draws only its own lines, and the beam tree
 * draws a box and a line per candidate, thick on the chosen path. Run by main() in test_views.c. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_views.h"

void test_line_alpha_equals_weight(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 12, FIG_VIEW_LINES);
    v.s.layer = 1;
    tv_view_build(&v, 1600, 900);
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
    tv_view_close(&v);
}
void test_selected_query_draws_only_its_lines(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 28, FIG_VIEW_LINES);
    v.s.attn = FIG_ATTN_CROSS;
    v.s.layer = 0;
    v.s.token = 5;
    v.s.heads = (1u << 2) | (1u << 6);
    tv_view_build(&v, 1600, 900);
    int lines = 0;
    for (int i = 0; i < v.l.n; i++) {
        const fig_Cmd *c = &v.l.cmds[i];
        if (c->tag != FIG_TAG_ATTN_LINE) continue;
        assert_int_equal(c->j, 5);
        assert_true(c->i == 2 || c->i == 6);
        lines++;
    }
    assert_true(lines > 0 && lines <= 2 * v.tr.n_src);
    tv_view_close(&v);
}
/* The beam tree: a box (hit region) per candidate of the log, a line per candidate to the
 * hypothesis it extends, thick exactly on the chosen path. */
void test_beam_tree_draws_the_log(void **state)
{
    (void)state;
    tv_View v;
    tv_view_open(&v, 4, FIG_VIEW_BEAM);
    tv_view_build(&v, 900, 500);  /* no search in the trace: a message only */
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
    tv_view_build(&v, 900, 500);
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
    tv_view_close(&v);
}

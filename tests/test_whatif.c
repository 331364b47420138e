/* test_whatif.c — interventions in the window (issue 12 §2), driven with synthetic SDL events under
 * SDL_VIDEODRIVER=offscreen on the reference model: a right-click on a head chip, a grid thumbnail
 * or the lines view's legend switches that head off (its context is zero in the window's trace,
 * its weights as computed) and again back on; the keys switch positions, mask and scaling; the
 * unchanged run is kept beside the changed one and is the plain model's run bit for bit; one key
 * resets everything to the plain trace bit for bit; without a model nothing changes and the
 * message says why; the difference view compares with the unchanged run on the same decoder input
 * or with a run kept by K, and its hover reads A, B and A − B exactly; the logit lens (I) is that of
 * the trace on screen, recomputed when it changes, and read in words on hover. The frame's what-if bar is
 * compared with a golden image. */
#include <sys/stat.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rd_png.h"
#include "testutil.h"
#include "win_views.h"
#include "win_whatif.h"
#include "window_fixture.h"
#include "test_whatif.h"

static void rclick(win_Window *w, float x, float y)
{
    wf_move(w, x, y);
    wf_press_button(w, SDL_BUTTON_RIGHT, x, y, 1);
}

/* The trace as its file's bytes (malloc'd). */
static uint8_t *bytes_of(const tf_Trace *tr, size_t *len)
{
    uint8_t *b = NULL;
    tf_trace_save(tr, &b, len);
    return b;
}

static void assert_same_trace(const tf_Trace *a, const tf_Trace *b)
{
    size_t la, lb;
    uint8_t *ba = bytes_of(a, &la), *bb = bytes_of(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);
}

/* The same tokens and every tensor the same, bit for bit (the search kept with a trace aside). */
static void assert_same_tensors(const tf_Trace *a, const tf_Trace *b)
{
    assert_int_equal(a->n_nodes, b->n_nodes);
    assert_int_equal(a->n_tgt, b->n_tgt);
    for (int i = 0; i < a->n_tgt; i++) assert_string_equal(a->tgt_tokens[i], b->tgt_tokens[i]);
    for (int i = 0; i < a->n_nodes; i++) {
        assert_string_equal(a->nodes[i].name, b->nodes[i].name);
        assert_int_equal(a->nodes[i].numel, b->nodes[i].numel);
        assert_memory_equal(a->nodes[i].data, b->nodes[i].data,
                            (size_t)a->nodes[i].numel * sizeof *a->nodes[i].data);
    }
}

/* The largest |x| of head h of a (H, rows, cols) node. */
static float head_max(const tf_Trace *tr, const char *name, int h)
{
    const tf_Node *n = tf_trace_get(tr, name);
    assert_non_null(n);
    assert_int_equal(n->ndim, 3);
    int64_t per = (int64_t)n->shape[1] * n->shape[2];
    float m = 0;
    for (int64_t i = 0; i < per; i++) m = fmaxf(m, fabsf(n->data[h * per + i]));
    return m;
}

static bool node_equal(const tf_Trace *a, const tf_Trace *b, const char *name)
{
    const tf_Node *x = tf_trace_get(a, name), *y = tf_trace_get(b, name);
    return x && y && x->numel == y->numel &&
           !memcmp(x->data, y->data, (size_t)x->numel * sizeof *x->data);
}

static void test_right_click_on_a_chip_switches_the_head_off_and_on(void **state)
{
    (void)state;
    win_State plain, st;
    wf_model_state(&plain, SENTENCE);
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    assert_false(win_whatif_active(&st));
    assert_true(win_goto_tensor(&st, "enc.1.self_attn.context"));
    win_pump(w);
    float x, y;
    assert_true(wf_widget_center(w, WIN_W_HEAD, 3, &x, &y));
    unsigned gen = st.generation;
    rclick(w, x, y);
    /* the model ran again with enc.1.3 off: that head's context is zero, the others are not, and
     * its weights are as computed */
    assert_true(st.generation != gen);
    assert_true(tf_interv_head(&st.interv, TF_ATTN_ENC, 1, 3));
    assert_int_equal(st.interv.n_ablated, 1);
    assert_true(tf_interv_head(&st.main.interv, TF_ATTN_ENC, 1, 3));
    assert_true(head_max(&st.main, "enc.1.self_attn.context", 3) == 0.0f);
    assert_true(head_max(&st.main, "enc.1.self_attn.context", 2) > 0.0f);
    assert_true(head_max(&plain.main, "enc.1.self_attn.context", 3) > 0.0f);
    assert_true(node_equal(&st.main, &plain.main, "enc.1.self_attn.weights"));
    assert_false(node_equal(&st.main, &plain.main, "enc.1.self_attn.out"));
    /* the step, the left click's head selection and the chips stay where they were */
    assert_string_equal(wf_node_name(&st), "enc.1.self_attn.context");
    assert_true(st.heads == ~(uint64_t)0);
    float x2, y2;
    assert_true(wf_widget_center(w, WIN_W_HEAD, 3, &x2, &y2));
    assert_true(x2 == x && y2 == y);
    /* the unchanged run is held, and is the plain model's run bit for bit */
    assert_true(st.have_plain);
    assert_same_tensors(&st.plain, &plain.main);
    /* the badge says what is changed, and there is a reset button */
    char what[256];
    win_whatif_describe(&st, true, what, sizeof what);
    assert_string_equal(what, "enc.1.3 off");
    assert_true(wf_widget_center(w, WIN_W_WHATIF_RESET, 0, &x2, &y2));
    assert_non_null(strstr(st.msg, "enc.1.3 off"));
    /* the same click again: the head is back and the trace is the plain one, bit for bit */
    rclick(w, x, y);
    assert_false(win_whatif_active(&st));
    assert_false(st.have_plain);
    assert_same_trace(&st.main, &plain.main);
    assert_false(wf_widget_center(w, WIN_W_WHATIF_RESET, 0, &x2, &y2));
    /* a left click on the chip still only hides the head */
    wf_click(w, x, y, 1);
    assert_false((st.heads >> 3) & 1u);
    assert_false(win_whatif_active(&st));
    wf_close(w, &st);
    win_free(&plain);
}

/* The first grid thumbnail of (layer, head) in main panel 0. */
static bool grid_center(win_Window *w, int layer, int head, float *x, float *y)
{
    const win_Panel *pn = win_frame_panel(win_frame(w), 0);
    for (int i = 0; pn && i < pn->list.n_hits; i++) {
        const fig_Hit *h = &pn->list.hits[i];
        if (h->kind != FIG_HIT_STEP || h->layer != layer || h->head != head) continue;
        *x = pn->r.x + h->r.x + h->r.w * 0.5f;
        *y = pn->r.y + h->r.y + h->r.h * 0.5f;
        return true;
    }
    return false;
}

static void test_grid_thumbnails_and_the_lines_legend_switch_heads(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    assert_true(win_goto_tensor(&st, "dec.1.cross_attn.weights"));
    wf_key(w, SDLK_g, 0);
    float x, y;
    assert_true(grid_center(w, 1, 5, &x, &y));
    rclick(w, x, y);
    assert_true(tf_interv_head(&st.interv, TF_ATTN_CROSS, 1, 5));
    assert_true(head_max(&st.main, "dec.1.cross_attn.context", 5) == 0.0f);
    /* grid mode and the step are kept; a left click on a thumbnail still opens it */
    assert_int_equal(st.mode, WIN_MODE_GRID);
    assert_true(grid_center(w, 0, 2, &x, &y));
    rclick(w, x, y);
    assert_true(tf_interv_head(&st.interv, TF_ATTN_CROSS, 0, 2));
    assert_int_equal(st.interv.n_ablated, 2);
    /* the lines view's legend: the decoder's self-attention of layer 0 */
    assert_true(win_goto_tensor(&st, "dec.0.self_attn.weights"));
    wf_key(w, SDLK_l, 0);
    assert_true(wf_hit_center(w, 0, FIG_HIT_HEAD, 0, 6, &x, &y));
    rclick(w, x, y);
    assert_true(tf_interv_head(&st.interv, TF_ATTN_DEC, 0, 6));
    assert_true(head_max(&st.main, "dec.0.self_attn.context", 6) == 0.0f);
    char what[256];
    win_whatif_describe(&st, true, what, sizeof what);
    assert_string_equal(what, "cross.1.5 off, cross.0.2 off, dec.0.6 off");
    /* 'a' toggles the head under the pointer: dec.0.6 back on */
    wf_key(w, SDLK_a, 0);
    assert_false(tf_interv_head(&st.interv, TF_ATTN_DEC, 0, 6));
    assert_int_equal(st.interv.n_ablated, 2);
    wf_close(w, &st);
}

static void test_keys_switch_positions_mask_and_scaling_and_x_resets(void **state)
{
    (void)state;
    win_State plain, st;
    wf_model_state(&plain, SENTENCE);
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    assert_true(win_goto_tensor(&st, "dec.0.self_attn.weights"));
    wf_key(w, SDLK_w, 0);
    assert_true(st.interv.no_pos && st.main.interv.no_pos);
    const tf_Node *pos = tf_trace_get(&st.main, "src.pos");
    for (int64_t i = 0; i < pos->numel; i++) assert_true(pos->data[i] == 0.0f);
    wf_key(w, SDLK_w, 0);
    assert_false(win_whatif_active(&st));
    assert_same_trace(&st.main, &plain.main);
    /* no mask: the decoder's first query gives weight to later positions */
    wf_key(w, SDLK_f, 0);
    assert_true(st.interv.no_mask);
    const tf_Node *wt = tf_trace_get(&st.main, "dec.0.self_attn.weights");
    assert_true(wt->data[1] > 0.0f);
    assert_true(tf_trace_get(&plain.main, "dec.0.self_attn.weights")->data[1] == 0.0f);
    /* the decoded tokens are those of the masked model (decoding keeps the mask) */
    assert_int_equal(st.main.n_tgt, plain.main.n_tgt);
    assert_int_equal(win_whatif_changed_tokens(&st), 0);
    /* no scaling: with d_k = 4 the scores are exactly twice the scaled ones */
    wf_key(w, SDLK_d, 0);
    assert_true(st.interv.no_scale);
    const tf_Node *a = tf_trace_get(&st.main, "enc.0.self_attn.scores"),
                  *b = tf_trace_get(&plain.main, "enc.0.self_attn.scores");
    assert_int_equal(st.main.cfg.d_model / st.main.cfg.nhead, 4);
    for (int64_t i = 0; i < a->numel; i++) assert_true(a->data[i] == 2.0f * b->data[i]);
    /* a head too, then X: everything back, bit for bit */
    assert_true(win_whatif_toggle_head(&st, TF_ATTN_ENC, 0, 1));
    char what[256];
    win_whatif_describe(&st, true, what, sizeof what);
    assert_string_equal(what, "enc.0.1 off · no decoder mask · scores not divided by √d_k");
    wf_key(w, SDLK_x, 0);
    assert_false(win_whatif_active(&st));
    assert_same_trace(&st.main, &plain.main);
    assert_non_null(strstr(st.msg, "as trained"));
    /* the bar's switches do the same by mouse, and its reset button */
    float x, y;
    assert_true(wf_widget_center(w, WIN_W_WHATIF_SWITCH, WIN_WHATIF_POS, &x, &y));
    wf_click(w, x, y, 1);
    assert_true(st.interv.no_pos);
    assert_true(wf_widget_center(w, WIN_W_WHATIF_RESET, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_false(win_whatif_active(&st));
    assert_same_trace(&st.main, &plain.main);
    wf_close(w, &st);
    win_free(&plain);
}

static void test_output_strip_compares_with_the_unchanged_model(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    /* every head of every attention off: the output is expected to change (checked below, so
     * that the comparison is exercised on a real difference) */
    const tf_Config *c = &st.model->cfg;
    for (int k = TF_ATTN_ENC; k <= TF_ATTN_CROSS; k++)
        for (int l = 0; l < (k == TF_ATTN_ENC ? c->n_enc : c->n_dec); l++)
            for (int h = 0; h < c->nhead; h++)
                tf_interv_set_head(&st.interv, (tf_AttnKind)k, l, h, true);
    assert_true(win_run(&st));
    assert_true(st.have_plain);
    int n = st.main.n_tgt > st.plain.n_tgt ? st.main.n_tgt : st.plain.n_tgt, differ = 0;
    for (int t = 0; t + 1 < n; t++) {
        const char *a = t + 1 < st.main.n_tgt ? st.main.tgt_tokens[t + 1] : "";
        const char *b = t + 1 < st.plain.n_tgt ? st.plain.tgt_tokens[t + 1] : "";
        bool d = strcmp(a, b) != 0;
        assert_int_equal(win_whatif_token_changed(&st, t), d);
        differ += d;
    }
    assert_true(differ > 0);
    assert_int_equal(win_whatif_changed_tokens(&st), differ);
    char out[1024];
    win_whatif_plain_output(&st, out, sizeof out);
    assert_true(strlen(out) > 0);
    assert_non_null(strstr(out, st.plain.tgt_tokens[1]));
    /* a new sentence while heads are off: the unchanged run follows it */
    assert_true(win_set_sentence(&st, "s1 s2"));
    assert_true(st.have_plain);
    assert_int_equal(st.plain.n_src, 2);
    assert_string_equal(st.plain.src_tokens[1], "s2");
    /* beam search: the unchanged run is decoded the same way */
    win_set_beam(&st, true);
    assert_true(st.plain_beam);
    win_pump(w);
    wf_close(w, &st);
}

static void test_without_a_model_nothing_changes_and_the_message_says_why(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 12, 1280, 800);
    assert_true(win_goto_tensor(&st, "enc.1.self_attn.weights"));
    win_pump(w);
    float x, y;
    assert_true(wf_widget_center(w, WIN_W_HEAD, 2, &x, &y));
    unsigned gen = st.generation;
    rclick(w, x, y);
    assert_false(win_whatif_active(&st));
    assert_int_equal(st.generation, gen);
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    wf_key(w, SDLK_w, 0);
    assert_false(st.interv.no_pos);
    /* no bar without a model to re-run */
    assert_false(wf_widget_center(w, WIN_W_WHATIF_SWITCH, 0, &x, &y));
    wf_close(w, &st);
}

/* The centre of cell (head, row, col) of main panel 0's cells. */
void wi_cell_center(win_Window *w, int head, int row, int col, float *x, float *y)
{
    const win_Panel *pn = win_frame_panel(win_frame(w), 0);
    for (int i = 0; i < pn->list.n_hits; i++) {
        const fig_Hit *h = &pn->list.hits[i];
        if (h->kind != FIG_HIT_CELLS || (h->head >= 0 && h->head != head)) continue;
        vec2 at;
        fig_cellmap_px(&h->map, col + 0.5f, row + 0.5f, at);
        *x = pn->r.x + at[0];
        *y = pn->r.y + at[1];
        return;
    }
    fail_msg("no cells of head %d", head);
}

static void test_difference_view_compares_with_the_unchanged_run(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    assert_true(win_goto_tensor(&st, "dec.1.norm3"));
    /* nothing to compare with yet: the view says so, and the message says how */
    wf_key(w, SDLK_c, 0);
    assert_int_equal(st.mode, WIN_MODE_DIFF);
    assert_null(win_whatif_diff_b(&st));
    assert_non_null(strstr(st.msg, "K"));
    assert_int_equal(win_frame(w)->main[0].vs.kind, FIG_VIEW_DIFF);
    /* a head off: B is the unchanged model on the same decoder input, every tensor A's shape */
    assert_true(win_whatif_toggle_head(&st, TF_ATTN_CROSS, 0, 3));
    win_pump(w);
    const tf_Trace *b = win_whatif_diff_b(&st);
    assert_non_null(b);
    assert_false(tf_interv_any(&b->interv));
    assert_int_equal(b->n_nodes, st.main.n_nodes);
    for (int i = 0; i < b->n_nodes; i++) assert_true(fig_diff_same_shape(&b->nodes[i], &st.main.nodes[i]));
    for (int i = 0; i < b->n_tgt; i++) assert_string_equal(b->tgt_tokens[i], st.main.tgt_tokens[i]);
    assert_true(node_equal(b, &st.plain, "enc.1.norm2"));
    assert_true(win_frame(w)->main[0].vs.other == b);
    /* hover reads A, B and A − B exactly */
    float x, y;
    wi_cell_center(w, 0, 1, 5, &x, &y);
    wf_move(w, x, y);
    const tf_Node *na = tf_trace_get(&st.main, "dec.1.norm3"), *nb = tf_trace_get(b, "dec.1.norm3");
    int D = na->shape[1];
    char want[256];
    snprintf(want, sizeof want, "A = %.9g, B = %.9g, A − B = %.9g", (double)na->data[D + 5],
             (double)nb->data[D + 5], (double)(na->data[D + 5] - nb->data[D + 5]));
    assert_non_null(strstr(st.hover, want));
    assert_true(na->data[D + 5] != nb->data[D + 5]);
    /* K keeps this run as B; another sentence of the same length is then A */
    wf_key(w, SDLK_x, 0);
    assert_null(win_whatif_diff_b(&st));
    wf_key(w, SDLK_k, 0);
    assert_true(st.have_pinned);
    assert_same_trace(&st.pinned, &st.main);
    assert_true(win_set_sentence(&st, "s3 s1 s4 s1 s5 s5"));
    assert_true(win_whatif_diff_b(&st) == &st.pinned);
    assert_true(win_goto_tensor(&st, "enc.0.self_attn.weights"));
    win_pump(w);
    wi_cell_center(w, 0, 5, 4, &x, &y);
    wf_move(w, x, y);
    na = tf_trace_get(&st.main, "enc.0.self_attn.weights");
    nb = tf_trace_get(&st.pinned, "enc.0.self_attn.weights");
    int S = na->shape[1];
    snprintf(want, sizeof want, "A = %.9g, B = %.9g, A − B = %.9g", (double)na->data[5 * S + 4],
             (double)nb->data[5 * S + 4], (double)(na->data[5 * S + 4] - nb->data[5 * S + 4]));
    assert_non_null(strstr(st.hover, want));
    /* K again lets it go */
    wf_key(w, SDLK_k, 0);
    assert_false(st.have_pinned);
    assert_null(win_whatif_diff_b(&st));
    wf_close(w, &st);
}

static void test_whatif_frame_matches_golden_image(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1024, 640);
    st.msg[0] = '\0';
    assert_true(win_goto_tensor(&st, "dec.1.cross_attn.context"));
    win_set_out_pos(&st, -1);
    assert_true(win_whatif_toggle_head(&st, TF_ATTN_CROSS, 1, 2));
    assert_true(win_whatif_switch(&st, WIN_WHATIF_POS));
    st.msg[0] = '\0';
    win_draw(w);
    const char *name = "window_whatif";
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/golden/%s.png", TF_TESTS_DIR, name);
    if (getenv("TFSCOPE_UPDATE_GOLDEN") && getenv("TFSCOPE_UPDATE_GOLDEN")[0] == '1') {
        assert_true(win_screenshot(w, path, err, sizeof err));
    } else {
        uint8_t *px, *want, *b;
        size_t len = 0;
        int pw, ph, bw, bh;
        assert_true(win_read_pixels(w, &px, &pw, &ph));
        want = tu_try_read(path, &len);
        assert_non_null(want);
        assert_true(rd_png_decode(want, len, &b, &bw, &bh, NULL, NULL, err, sizeof err));
        double frac = pw == bw && ph == bh ? tu_px_differ(px, b, (size_t)pw * ph, 3, 8) : 1.0;
        if (frac > 0.002) {
            win_screenshot(w, "window_whatif.actual.png", err, sizeof err);
            fail_msg("%.3f%% of pixels differ from %s (see window_whatif.actual.png)", frac * 100,
                     path);
        }
        free(px);
        free(want);
        free(b);
    }
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_right_click_on_a_chip_switches_the_head_off_and_on),
        cmocka_unit_test(test_grid_thumbnails_and_the_lines_legend_switch_heads),
        cmocka_unit_test(test_keys_switch_positions_mask_and_scaling_and_x_resets),
        cmocka_unit_test(test_output_strip_compares_with_the_unchanged_model),
        cmocka_unit_test(test_without_a_model_nothing_changes_and_the_message_says_why),
        cmocka_unit_test(test_difference_view_compares_with_the_unchanged_run),
        cmocka_unit_test(test_lens_view_follows_the_trace_on_screen),
        cmocka_unit_test(test_the_window_keeps_the_search_that_decoded_its_run),
        cmocka_unit_test(test_a_snapshot_is_compared_with_the_model_as_loaded),
        cmocka_unit_test(test_a_change_past_the_window_budget_is_refused),
        cmocka_unit_test(test_whatif_frame_matches_golden_image),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

/* test_whatif_runs.c — the runs the window keeps beside the one on screen, under the offscreen
 * driver on the reference model: the logit lens follows the trace on screen, the window keeps the
 * search that decoded its run, a snapshot is compared with the model as loaded, and a change past
 * the window's memory budget is refused. Part of test_whatif. */
#include <dirent.h>
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
#include "tf_limits.h"
#include "win_budget.h"
#include "win_views.h"
#include "win_whatif.h"
#include "window_fixture.h"
#include "test_whatif.h"

/* Whether folder dir holds a file whose name starts with prefix. */
static bool file_starting(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    bool found = false;
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = !strncmp(e->d_name, prefix, strlen(prefix));
    if (d) closedir(d);
    return found;
}

void test_lens_view_follows_the_trace_on_screen(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    wf_key(w, SDLK_i, 0);
    assert_int_equal(st.mode, WIN_MODE_LENS);
    const win_Panel *p = win_frame_panel(win_frame(w), 0);
    assert_int_equal(p->vs.kind, FIG_VIEW_LENS);
    const tf_Lens *L = win_views_lens(&st);
    assert_non_null(L);
    assert_true(p->vs.lens == L);
    /* the lens of the trace on screen: its last point is the model's output */
    tf_Lens want;
    tf_Err err;
    assert_int_equal(tf_lens_compute(st.model, &st.main, L->k, &want, &err), TF_OK);
    assert_int_equal(L->n_points, want.n_points);
    assert_int_equal(L->T, st.main.n_tgt);
    assert_memory_equal(L->final_p, want.final_p, (size_t)L->n_points * L->T * sizeof *L->final_p);
    for (int t = 0; t < L->T; t++)
        assert_int_equal(L->top[((int64_t)(L->n_points - 1) * L->T + t) * L->k], L->final_tok[t]);
    tf_lens_free(&want);
    /* a cell under the mouse in words: its point, its tokens, the final token's probability */
    float x, y;
    wi_cell_center(w, -1, 1, 2, &x, &y);
    wf_move(w, x, y);
    const char *point = st.main.nodes[L->points[1].node].name;
    assert_true(strncmp(st.hover, point, strlen(point)) == 0);
    assert_non_null(strstr(st.hover, "final token p = "));
    /* the export key writes the lens, named for it */
    wf_key(w, SDLK_e, 0);
    assert_true(file_starting(wf_tmp(), "tfscope-lens-"));
    /* a head off: the lens is of the new run */
    assert_true(win_whatif_toggle_head(&st, TF_ATTN_CROSS, 1, 0));
    win_pump(w);
    L = win_views_lens(&st);
    assert_non_null(L);
    assert_int_equal(tf_lens_compute(st.model, &st.main, L->k, &want, &err), TF_OK);
    assert_memory_equal(L->final_p, want.final_p, (size_t)L->n_points * L->T * sizeof *L->final_p);
    tf_lens_free(&want);
    wf_close(w, &st);
    /* without a model there is none, and the message says why */
    w = wf_fixture_window(&st, 12, 1280, 800);
    wf_key(w, SDLK_i, 0);
    assert_null(win_views_lens(&st));
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    assert_non_null(strstr(st.msg, "--model"));
    wf_close(w, &st);
}

/* The chosen hypothesis's tokens, from the log's parents, into out (n: how many). */
static int chosen_path(const tf_BeamLog *log, int *out, int cap)
{
    int n = 0;
    for (int e = log->best; e >= 0 && n < cap; e = log->c[e].parent) out[n++] = log->c[e].token;
    for (int i = 0; i < n / 2; i++) {
        int t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

void test_the_window_keeps_the_search_that_decoded_its_run(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, SENTENCE, 1280, 800);
    /* greedy is a search with K = 1, and decodes what greedy decoding decodes */
    const tf_BeamLog *log = &st.main.beam;
    assert_int_equal(log->K, 1);
    assert_true(log->n > 0 && log->best >= 0);
    int src[16], S = 0;
    char **toks = st.main.src_tokens;
    for (; S < st.main.n_src; S++) src[S] = tf_vocab_find(&st.model->src_vocab, toks[S]);
    int *greedy = NULL;
    int n = tf_greedy_decode(st.model, src, S, st.model->cfg.max_len, &greedy, NULL);
    int path[256];
    int np = chosen_path(log, path, 256);
    assert_int_equal(np, n);
    assert_memory_equal(path, greedy, (size_t)n * sizeof *path);
    for (int t = 1; t < st.main.n_tgt; t++)
        assert_int_equal(tf_vocab_find(&st.model->tgt_vocab, st.main.tgt_tokens[t]), greedy[t - 1]);
    free(greedy);
    /* beam search keeps its K */
    wf_key(w, SDLK_b, 0);
    assert_int_equal(st.main.beam.K, st.beam_k);
    np = chosen_path(&st.main.beam, path, 256);
    for (int t = 1; t < st.main.n_tgt; t++)
        assert_int_equal(tf_vocab_find(&st.model->tgt_vocab, st.main.tgt_tokens[t]), path[t - 1]);
    /* H: the search as a tree; the chosen hypothesis's last box reads its whole output */
    wf_key(w, SDLK_h, 0);
    assert_int_equal(st.mode, WIN_MODE_BEAM);
    const win_Panel *pn = win_frame_panel(win_frame(w), 0);
    assert_int_equal(pn->vs.kind, FIG_VIEW_BEAM);
    const fig_Hit *best = NULL;
    for (int i = 0; i < pn->list.n_hits; i++)
        if (pn->list.hits[i].kind == FIG_HIT_TOKEN && pn->list.hits[i].side == FIG_SIDE_BEAM &&
            pn->list.hits[i].index == st.main.beam.best)
            best = &pn->list.hits[i];
    assert_non_null(best);
    wf_move(w, pn->r.x + best->r.x + best->r.w * 0.5f, pn->r.y + best->r.y + best->r.h * 0.5f);
    char want[512] = "";
    size_t used = 0;
    for (int t = 1; t < st.main.n_tgt && used < sizeof want; t++)
        used += (size_t)snprintf(want + used, sizeof want - used, " %s", st.main.tgt_tokens[t]);
    assert_non_null(strstr(st.hover, want));
    assert_non_null(strstr(st.hover, "finished"));
    wf_close(w, &st);
}

void test_a_snapshot_is_compared_with_the_model_as_loaded(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/whatif-snaps", wf_tmp());
    mkdir(dir, 0755);
    win_State st;
    wf_model_state(&st, SENTENCE);
    /* a snapshot: the same sentence's trace with a head off, as a file */
    assert_true(win_whatif_toggle_head(&st, TF_ATTN_ENC, 0, 4));
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&st.main, &bytes, &len);
    snprintf(path, sizeof path, "%s/step-000100.safetensors", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    assert_true(win_whatif_reset(&st));
    win_Window *w = wf_open_window(&st, 1280, 800, false);
    assert_true(win_open_snapshots(&st, dir));
    assert_int_equal(st.snap_index, 0);
    assert_true(win_goto_tensor(&st, "enc.0.self_attn.out"));
    wf_key(w, SDLK_c, 0);
    assert_true(win_whatif_diff_b(&st) == &st.main);
    const win_Panel *p = win_frame_panel(win_frame(w), 0);
    assert_true(p->vs.other == &st.main);
    /* the snapshot's A − B is not zero where the head was off */
    float x, y;
    wi_cell_center(w, 0, 0, 0, &x, &y);
    wf_move(w, x, y);
    const tf_Node *na = tf_trace_get(&st.snap, "enc.0.self_attn.out"),
                  *nb = tf_trace_get(&st.main, "enc.0.self_attn.out");
    assert_true(na->data[0] != nb->data[0]);
    char want[160];
    snprintf(want, sizeof want, "A = %.9g, B = %.9g, A − B = %.9g", (double)na->data[0],
             (double)nb->data[0], (double)(na->data[0] - nb->data[0]));
    assert_non_null(strstr(st.hover, want));
    /* the lens is of the loaded model only */
    wf_key(w, SDLK_i, 0);
    assert_null(win_views_lens(&st));
    assert_non_null(strstr(st.msg, "snapshot"));
    wf_close(w, &st);
}

/* The window's runs stay within TF_MAX_WINDOW_BYTES: on a model that accepts 65,536 tokens, a
 * 1,600-token sentence traces near TF_MAX_TRACE_BYTES; the run, the run kept with K and the
 * unchanged run beside a change fit, one more change would pass the limit and is refused with a
 * message naming it (in both languages), everything as before; letting the kept run go makes
 * room for it. */
void test_a_change_past_the_window_budget_is_refused(void **state)
{
    (void)state;
    tf_Model m;
    tu_load_model(TF_TESTS_DIR "/fixtures/ref/post_d8_h1.model.safetensors", &m);
    m.cfg.max_len = 65536;
    char *src = tf_xmalloc(1600 * 3 + 1);
    for (int i = 0; i < 1600; i++) memcpy(src + 3 * i, "s2 ", 4);
    win_State st;
    win_init(&st, WIN_LANG_EN);
    win_attach_model(&st, &m, "long.safetensors", "0");
    assert_true(win_set_sentence(&st, src));
    /* three such runs fit the budget, four do not */
    size_t run = win_budget_trace(&st.main);
    assert_true(run > TF_MAX_WINDOW_BYTES / 4 && 3 * run <= TF_MAX_WINDOW_BYTES);
    assert_true(win_budget_run(&m.cfg, 1600) >= run);
    win_whatif_pin(&st);
    assert_true(st.have_pinned);
    assert_true(win_whatif_switch(&st, WIN_WHATIF_POS));
    assert_true(st.have_plain);
    assert_true(win_budget_held(&st) <= TF_MAX_WINDOW_BYTES);
    for (int lang = 0; lang < WIN_LANG_COUNT; lang++) {
        win_set_lang(&st, (win_Lang)lang);
        unsigned gen = st.generation;
        assert_false(win_whatif_switch(&st, WIN_WHATIF_SCALE));
        assert_false(st.interv.no_scale);
        assert_true(st.interv.no_pos && st.have_main && st.have_plain && st.have_pinned);
        assert_int_equal(st.generation, gen);
        assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
        assert_non_null(strstr(st.msg, "TF_MAX_WINDOW_BYTES"));
        assert_non_null(strstr(st.msg, lang == WIN_LANG_KO ? "한도는 192 MB" : "the limit is 192 MB"));
    }
    win_whatif_pin(&st);   /* K again: the kept run goes */
    assert_false(st.have_pinned);
    assert_true(win_whatif_switch(&st, WIN_WHATIF_SCALE));
    assert_true(st.interv.no_scale && st.have_plain);
    win_free(&st);
    free(src);
    tf_model_free(&m);
}

/* test_eval.c — corpus BLEU-4 against hand-computed values (identity, partial n-gram matches,
 * brevity penalty, clipping), and the attention scores (alignment, dependency heads, Figure 3
 * and Figure 4) on hand-made traces. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "testutil.h"

static double bleu1(const int *h, int nh, const int *r, int nr)
{
    tf_Bleu b = {0};
    tf_bleu_add(&b, h, nh, r, nr);
    return tf_bleu_score(&b);
}

static void bleu_matches_hand_computed_values(void **state)
{
    (void)state;
    int r[] = {1, 2, 3, 4, 5, 6};
    assert_true(fabs(bleu1(r, 6, r, 6) - 100.0) < 1e-9);
    int h1[] = {1, 2, 3, 4, 5}, r1[] = {1, 2, 3, 4, 6};
    /* p1..p4 = 4/5, 3/4, 2/3, 1/2: geometric mean 0.2^(1/4) */
    assert_true(fabs(bleu1(h1, 5, r1, 5) - 100.0 * pow(0.2, 0.25)) < 1e-9);
    /* all n-grams right but two tokens short: brevity penalty exp(1 - 6/4) */
    assert_true(fabs(bleu1(r, 4, r, 6) - 100.0 * exp(-0.5)) < 1e-9);
    /* clipping: "7 7 7 7" against "7 1 2 3" has one unigram match and no bigram: 0 */
    int h2[] = {7, 7, 7, 7}, r2[] = {7, 1, 2, 3};
    assert_true(bleu1(h2, 4, r2, 4) == 0.0);
    /* corpus level: n-gram counts add up over sentences before the ratios are taken */
    tf_Bleu b = {0};
    tf_bleu_add(&b, h1, 5, r1, 5);
    tf_bleu_add(&b, r, 6, r, 6);
    double want = 100.0 * pow((10.0 / 11) * (8.0 / 9) * (6.0 / 7) * (4.0 / 5), 0.25);
    assert_true(fabs(tf_bleu_score(&b) - want) < 1e-9);
}

static void attention_scores_follow_argmax(void **state)
{
    (void)state;
    /* one encoder layer with 2 heads, one decoder layer; S = 3 source, 2 target tokens */
    tf_Trace tr;
    tf_trace_init(&tr, 1, 1000, 8);
    tr.cfg.nhead = 2;
    tr.cfg.n_enc = 1;
    tr.cfg.n_dec = 1;
    tr.n_src = 3;
    tr.n_tgt = 3;
    tf_NodeDecl d = {"enc.0.self_attn.weights", TF_OP_SOFTMAX,
                     tf_site_attn(TF_ATTN_ENC, 0, TF_PART_WEIGHTS), 3, {2, 3, 3}, 0, {0}, TF_MASK_NONE, ""};
    float *enc = tr.nodes[tf_trace_add(&tr, &d)].data;
    d.name = "dec.0.cross_attn.weights";
    d.site = tf_site_attn(TF_ATTN_CROSS, 0, TF_PART_WEIGHTS);
    float *ca = tr.nodes[tf_trace_add(&tr, &d)].data;
    /* head 0: token 2 attends to token 0 most; head 1: uniform-ish, token 2 → 1 */
    float e[18] = {1, 0, 0, 0, 1, 0, .8f, .1f, .1f, 1, 0, 0, 0, 1, 0, .1f, .8f, .1f};
    memcpy(enc, e, sizeof e);
    /* decoder rows 0 and 1 (predicting target tokens 0 and 1): averaged argmax 2 and 0 */
    float c[18] = {.1f, .1f, .8f, .9f, .05f, .05f, 0, 0, 1, .2f, .1f, .7f, .3f, .3f, .4f, 0, 0, 1};
    memcpy(ca, c, sizeof c);
    char *src[3] = {"a", "b", "c"}, *tgt[2] = {"x", "y"};
    int align[2] = {2, 1}, deps[1][2] = {{2, 0}};
    unsigned char content[2] = {1, 1};
    unsigned char kind[1] = {TF_DEP_TENSE};
    tf_Pair p = {.n_src = 3, .n_tgt = 2, .src = src, .tgt = tgt, .align = align,
                 .content = content, .n_deps = 1, .deps = deps, .dep_kind = kind, .making = -1};
    tf_EvalTally t;
    tf_eval_tally_init(&t, 1, 2);
    tf_eval_attention(&tr, &p, &t);
    assert_int_equal(t.align_total, 2);
    assert_int_equal(t.align_hit, 1);  /* row 0 averages to source 2 (right); row 1 to source 0 */
    assert_int_equal(t.dep_total, 1);
    assert_int_equal(t.dep_hit[0], 1);  /* head 0: dependent 2 → governor 0 */
    assert_int_equal(t.dep_hit[1], 0);
    tf_eval_tally_free(&t);
    tr.n_src = tr.n_tgt = 0;  /* the counts were set by hand, without token lists */
    tf_trace_free(&tr);
}

/* Ablating each head in turn: one entry per head, the same numbers on any number of threads, the
 * plain scores those of the evaluation, and each head's those of an evaluation with that head
 * ablated. On the bundled model, a few pairs. */
static void ablate_each_agrees_with_evaluations(void **state)
{
    (void)state;
    tf_Model m;
    tu_load_model(TF_TESTS_DIR "/../assets/model.safetensors", &m);
    const int n = 6;
    tf_AblateResult a, b;
    tf_Err err;
    tf_Pool *pool = tf_pool_new(2);
    assert_int_equal(tf_eval_ablate_each(&m, 7, TF_SPLIT_TEST, n, 1, NULL, NULL, NULL, &a, &err),
                     TF_OK);
    assert_int_equal(tf_eval_ablate_each(&m, 7, TF_SPLIT_TEST, n, 1, pool, NULL, NULL, &b, &err),
                     TF_OK);
    assert_int_equal(a.n_heads, (m.cfg.n_enc + 2 * m.cfg.n_dec) * m.cfg.nhead);
    int fit = 0;  /* the pairs whose words the model knows: all of them on a model of the task */
    for (int i = 0; i < n; i++) {
        tf_Pair p;
        int *src, *tgt;
        tf_task_pair(7, TF_SPLIT_TEST, (uint64_t)i, &p);
        if (tf_eval_pair_ids(&m, &p, &src, &tgt)) fit++, free(src), free(tgt);
        tf_pair_free(&p);
    }
    assert_true(fit > 0);
    assert_int_equal(a.n_pairs, fit);
    assert_memory_equal(a.head_bleu, b.head_bleu, (size_t)a.n_heads * sizeof *a.head_bleu);
    assert_memory_equal(a.head_exact, b.head_exact, (size_t)a.n_heads * sizeof *a.head_exact);
    tf_EvalResult r;
    assert_int_equal(tf_eval_task(&m, 7, TF_SPLIT_TEST, n, 1, NULL, NULL, &r, &err), TF_OK);
    assert_true(r.bleu == a.bleu && r.exact == a.exact);
    tf_eval_free(&r);
    int changed = 0;
    for (int i = 0; i < a.n_heads; i += 7) {
        tf_Interv iv = {0};
        tf_interv_set_head(&iv, a.heads[i].kind, a.heads[i].layer, a.heads[i].head, true);
        assert_int_equal(tf_eval_task_with(&m, &iv, 7, TF_SPLIT_TEST, n, 1, NULL, NULL, &r, &err),
                         TF_OK);
        assert_true(r.bleu == a.head_bleu[i] && r.exact == a.head_exact[i]);
        changed += r.bleu != a.bleu;
        tf_eval_free(&r);
    }
    assert_true(changed > 0);  /* some head matters */
    tf_ablate_free(&a);
    tf_ablate_free(&b);
    tf_pool_free(pool);
    tf_model_free(&m);
}

/* A trace of S = 5 tokens "x making the more hard" with two encoder layers of two heads, whose
 * rows of "making" (token 1) and "the" (token 2) are set by hand; the rest is uniform. */
static void fake_trace(tf_Trace *tr, const float making[2][2][5], const float the[2][2][5])
{
    tf_trace_init(tr, 1, 2000, 8);
    tr->cfg.nhead = 2;
    tr->cfg.n_enc = 2;
    tr->cfg.n_dec = 1;
    tr->n_src = 5;
    tr->n_tgt = 1;
    for (int l = 0; l < 2; l++) {
        char name[64];
        snprintf(name, sizeof name, "enc.%d.self_attn.weights", l);
        tf_NodeDecl d = {name, TF_OP_SOFTMAX, tf_site_attn(TF_ATTN_ENC, l, TF_PART_WEIGHTS), 3,
                         {2, 5, 5}, 0, {0}, TF_MASK_NONE, ""};
        float *w = tr->nodes[tf_trace_add(tr, &d)].data;
        for (int i = 0; i < 2 * 5 * 5; i++) w[i] = 0.2f;
        for (int h = 0; h < 2; h++) {
            memcpy(w + (h * 5 + 1) * 5, making[l][h], 5 * sizeof(float));
            memcpy(w + (h * 5 + 2) * 5, the[l][h], 5 * sizeof(float));
        }
    }
    tf_NodeDecl d = {"dec.0.cross_attn.weights", TF_OP_SOFTMAX,
                     tf_site_attn(TF_ATTN_CROSS, 0, TF_PART_WEIGHTS), 3, {2, 1, 5}, 0, {0},
                     TF_MASK_NONE, ""};
    float *ca = tr->nodes[tf_trace_add(tr, &d)].data;
    for (int i = 0; i < 10; i++) ca[i] = 0.2f;
}

/* Figure 3: per sentence, the heads of each layer with ≥ 0.3 of the row of "making" on the
 * complement; the median over sentences per layer, and the layer with the highest median.
 * Figure 4: the share of "its" with some head ≥ 0.5 on the antecedent, and the best head. */
static void figure3_and_figure4_scores_count_heads(void **state)
{
    (void)state;
    char *src[5] = {"x", "making", "its", "more", "hard"}, *tgt[1] = {"y"};
    int align[1] = {-1}, deps[1][2] = {{2, 0}};
    unsigned char content[1] = {0}, kind[1] = {TF_DEP_ANAPHORA};
    tf_Pair p = {.n_src = 5, .n_tgt = 1, .src = src, .tgt = tgt, .align = align,
                 .content = content, .n_deps = 1, .deps = deps, .dep_kind = kind,
                 .making = 1, .compl_first = 3, .compl_last = 4};
    /* sentence A: layer 0 has one head on the complement (0.2 + 0.1 = 0.3 counts), layer 1
     * two; "its" → antecedent 0.6 in layer 1 head 0 only */
    const float mk_a[2][2][5] = {{{.5f, .2f, 0, .2f, .1f}, {.6f, .2f, 0, .1f, .1f}},
                                 {{0, .2f, 0, .4f, .4f}, {.1f, .1f, 0, 0, .8f}}};
    const float its_a[2][2][5] = {{{.4f, .2f, .2f, .1f, .1f}, {.2f, .2f, .2f, .2f, .2f}},
                                  {{.6f, .1f, .1f, .1f, .1f}, {.1f, .1f, .6f, .1f, .1f}}};
    /* sentence B: no head of layer 0, one of layer 1 (0.29 does not count); no "its" link */
    const float mk_b[2][2][5] = {{{1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}},
                                 {{.71f, 0, 0, .19f, .1f}, {0, 0, 0, .5f, .5f}}};
    const float its_b[2][2][5] = {{{.49f, 0, .51f, 0, 0}, {0, 1, 0, 0, 0}},
                                  {{0, 0, 1, 0, 0}, {0, 0, 0, 0, 1}}};
    tf_EvalTally t;
    tf_eval_tally_init(&t, 2, 2);
    tf_Trace tr;
    fake_trace(&tr, mk_a, its_a);
    tf_eval_attention(&tr, &p, &t);
    tr.n_src = tr.n_tgt = 0;
    tf_trace_free(&tr);
    fake_trace(&tr, mk_b, its_b);
    tf_eval_attention(&tr, &p, &t);
    tr.n_src = tr.n_tgt = 0;
    tf_trace_free(&tr);
    /* a third sentence outside the Figure 3 family adds nothing to its score */
    tf_Pair q = p;
    q.making = q.compl_first = q.compl_last = -1;
    q.n_deps = 0;
    fake_trace(&tr, mk_a, its_a);
    tf_eval_attention(&tr, &q, &t);
    tr.n_src = tr.n_tgt = 0;
    tf_trace_free(&tr);

    tf_EvalResult r = {0};
    tf_eval_tally_result(&t, &r);
    assert_int_equal(r.fig3_n, 2);
    assert_true(r.fig3_median[0] == 0.5);  /* heads per sentence: 1 and 0 */
    assert_true(r.fig3_median[1] == 1.5);  /* 2 and 1 */
    assert_true(fabs(r.fig3_mean[1] - 1.5) < 1e-12);
    assert_int_equal(r.fig3_layer, 1);
    assert_int_equal(r.ana_total, 2);
    assert_true(r.ana_any == 0.5);         /* sentence A has a head ≥ 0.5, B none */
    assert_int_equal(r.ana_layer, 1);
    assert_int_equal(r.ana_head, 0);
    assert_true(r.ana_score[1 * 2 + 0] == 0.5);
    assert_true(r.ana_score[0] == 0.0);
    tf_eval_free(&r);
    tf_eval_tally_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bleu_matches_hand_computed_values),
        cmocka_unit_test(attention_scores_follow_argmax),
        cmocka_unit_test(ablate_each_agrees_with_evaluations),
        cmocka_unit_test(figure3_and_figure4_scores_count_heads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

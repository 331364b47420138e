/* test_eval.c — corpus BLEU-4 against hand-computed values (identity, partial n-gram matches,
 * brevity penalty, clipping), and the attention scores on a hand-made trace. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
    tf_Pair p = {.n_src = 3, .n_tgt = 2, .src = src, .tgt = tgt, .align = align,
                 .content = content, .n_deps = 1, .deps = deps};
    long long ah = 0, at = 0, dh[2] = {0, 0}, dt = 0;
    tf_eval_attention(&tr, &p, &ah, &at, dh, &dt);
    assert_int_equal(at, 2);
    assert_int_equal(ah, 1);  /* row 0 averages to source 2 (right); row 1 to source 0, not 1 */
    assert_int_equal(dt, 1);
    assert_int_equal(dh[0], 1);  /* head 0: dependent 2 → governor 0 */
    assert_int_equal(dh[1], 0);
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
    assert_int_equal(a.n_pairs, n);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bleu_matches_hand_computed_values),
        cmocka_unit_test(attention_scores_follow_argmax),
        cmocka_unit_test(ablate_each_agrees_with_evaluations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

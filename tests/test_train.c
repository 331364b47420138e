/* test_train.c — training end to end on a small task: a tiny model learns to reverse sequences
 * (the loss falls by more than half, to near the floor that label smoothing leaves, about 0.57);
 * the weights after training are the same bits for 1, 2 and 3 threads; and a run resumed from
 * (weights, step, Adam moments), saved and loaded as model files, ends where an uninterrupted run
 * ends. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "testutil.h"
#include "train.h"

enum { V = 12, MAXLEN = 7, BATCH = 16, STEPS = 800 };

static void make_model(tf_Model *m)
{
    static const char *tok[V] = {"<pad>", "<unk>", "<bos>", "<eos>", "a", "b",
                                 "c",     "d",     "e",     "f",     "g", "h"};
    tf_Vocab v;
    tf_Err err;
    assert_int_equal(tf_vocab_from_list(&v, tok, V, "test", &err), TF_OK);
    tf_Config cfg = {.d_model = 16, .nhead = 2, .n_enc = 1, .n_dec = 1, .d_ff = 32,
                     .ln_eps = 1e-5f, .max_len = 16, .tied_generator = true};
    tf_model_init(m, &cfg, &v, &v);
    tf_vocab_free(&v);
    tf_weights_init(m, 42, true);
}

static void config(tf_TrainConfig *tc)
{
    tf_train_config_default(tc);
    tc->warmup = 40;
    tc->lr_scale = 0.4f;
    tc->share_embeddings = true;
    tc->seed = 3;
}

/* A batch of n reversal pairs from the generator state *rng: source a random word of 3–6
 * letters, target the same letters reversed. Buffers sized (n, MAXLEN). */
typedef struct {
    int src[64 * MAXLEN], tgt[64 * MAXLEN], src_len[64], tgt_len[64];
    tf_Batch b;
} Batch;

static void make_batch(Batch *bt, int n, uint64_t *rng)
{
    int S = 0, T = 0;
    memset(bt->src, 0, sizeof bt->src);
    memset(bt->tgt, 0, sizeof bt->tgt);
    for (int i = 0; i < n; i++) {
        *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
        int len = 3 + (int)((*rng >> 33) % 4);
        for (int t = 0; t < len; t++) {
            *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
            bt->src[i * MAXLEN + t] = 4 + (int)((*rng >> 33) % (V - 4));
        }
        bt->tgt[i * MAXLEN] = 2;  /* <bos> */
        for (int t = 0; t < len; t++)
            bt->tgt[i * MAXLEN + 1 + t] = bt->src[i * MAXLEN + len - 1 - t];
        bt->src_len[i] = len;
        bt->tgt_len[i] = len + 1;
        S = len > S ? len : S;
        T = len + 1 > T ? len + 1 : T;
    }
    /* rows of MAXLEN ids, trimmed to S and T columns */
    int src[64 * MAXLEN], tgt[64 * MAXLEN];
    for (int i = 0; i < n; i++) {
        memcpy(src + i * S, bt->src + i * MAXLEN, sizeof(int) * (size_t)S);
        memcpy(tgt + i * T, bt->tgt + i * MAXLEN, sizeof(int) * (size_t)T);
    }
    memcpy(bt->src, src, sizeof(int) * (size_t)(n * S));
    memcpy(bt->tgt, tgt, sizeof(int) * (size_t)(n * T));
    bt->b = (tf_Batch){n, S, T, bt->src, bt->tgt, bt->src_len, bt->tgt_len, NULL};
}

/* steps updates from the current state; batches drawn from *rng */
static void train(tf_Model *m, tf_TrainState *st, int steps, uint64_t *rng, tf_Pool *pool)
{
    Batch bt;
    tf_Err err;
    for (int s = 0; s < steps; s++) {
        make_batch(&bt, BATCH, rng);
        if (tf_train_step(m, st, &bt.b, pool, NULL, &err)) fail_msg("%s", err.msg);
    }
}

static double eval_loss(const tf_Model *m, tf_TrainState *st, const Batch *dev, double *acc)
{
    tf_LossStats ls;
    tf_Err err;
    assert_int_equal(tf_train_loss(m, st, &dev->b, NULL, &ls, &err), TF_OK);
    *acc = (double)ls.n_correct / (double)ls.n_tokens;
    return ls.loss;
}

static void tiny_model_learns_to_reverse(void **state)
{
    (void)state;
    tf_Model m;
    make_model(&m);
    tf_TrainConfig tc;
    config(&tc);
    tf_TrainState st;
    tf_Err err;
    assert_int_equal(tf_train_init(&st, &m, &tc, &err), TF_OK);
    Batch dev;
    uint64_t rng = 1000, dev_rng = 99;
    make_batch(&dev, 64, &dev_rng);
    double acc0, acc1, loss0 = eval_loss(&m, &st, &dev, &acc0);
    clock_t t0 = clock();
    train(&m, &st, STEPS, &rng, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    double loss1 = eval_loss(&m, &st, &dev, &acc1);
    print_message("reversal, D=16 H=2 1+1 layers, batch %d, %d steps in %.2f s: dev loss %.3f -> "
                  "%.3f, token accuracy %.1f%% -> %.1f%%\n", BATCH, STEPS, secs, loss0, loss1,
                  100 * acc0, 100 * acc1);
    assert_true(loss1 < 0.5 * loss0);
    assert_true(acc1 > 0.9);
    tf_train_free(&st);
    tf_model_free(&m);
}

static void same_weights_for_every_thread_count(void **state)
{
    (void)state;
    tf_Model m[3];
    tf_TrainState st[3];
    tf_TrainConfig tc;
    tf_Err err;
    config(&tc);
    for (int t = 0; t < 3; t++) {
        make_model(&m[t]);
        assert_int_equal(tf_train_init(&st[t], &m[t], &tc, &err), TF_OK);
        tf_Pool *pool = tf_pool_new(t + 1);
        uint64_t rng = 1000;
        train(&m[t], &st[t], 60, &rng, pool);
        tf_pool_free(pool);
    }
    size_t nb = m[0].w.n_floats * sizeof(float);
    for (int t = 1; t < 3; t++) {
        if (memcmp(m[0].w.mem, m[t].w.mem, nb)) fail_msg("weights differ with %d threads", t + 1);
        assert_memory_equal(st[0].adam_m.mem, st[t].adam_m.mem, nb);
        assert_memory_equal(st[0].adam_v.mem, st[t].adam_v.mem, nb);
    }
    for (int t = 0; t < 3; t++) {
        tf_train_free(&st[t]);
        tf_model_free(&m[t]);
    }
}

/* Saves a block laid out like m's weights (weights or a moment) as a model file, and loads it. */
static void round_trip(tf_Model *out, const tf_Model *m, const tf_Weights *block)
{
    tf_Model copy = *m;
    copy.w = *block;
    uint8_t *bytes;
    size_t len;
    tf_model_save(&copy, &bytes, &len);
    tf_Err err;
    assert_int_equal(tf_model_load(bytes, len, out, &err), TF_OK);
    free(bytes);
}

static void resumed_run_ends_where_the_whole_run_ends(void **state)
{
    (void)state;
    tf_TrainConfig tc;
    tf_Err err;
    config(&tc);
    tf_Model whole, first, second, m1, v1;
    tf_TrainState sw, s1, s2;
    make_model(&whole);
    make_model(&first);
    assert_int_equal(tf_train_init(&sw, &whole, &tc, &err), TF_OK);
    assert_int_equal(tf_train_init(&s1, &first, &tc, &err), TF_OK);
    uint64_t rng_w = 7, rng_1 = 7;
    train(&whole, &sw, 40, &rng_w, NULL);
    train(&first, &s1, 25, &rng_1, NULL);
    /* a checkpoint through model files: the weights, Adam's moments, and the step */
    round_trip(&second, &first, &first.w);
    round_trip(&m1, &first, &s1.adam_m);
    round_trip(&v1, &first, &s1.adam_v);
    assert_int_equal(tf_train_init(&s2, &second, &tc, &err), TF_OK);
    size_t nb = first.w.n_floats * sizeof(float);
    s2.step = s1.step;
    memcpy(s2.adam_m.mem, m1.w.mem, nb);
    memcpy(s2.adam_v.mem, v1.w.mem, nb);
    train(&second, &s2, 15, &rng_1, NULL);
    assert_memory_equal(whole.w.mem, second.w.mem, nb);
    tf_train_free(&sw);
    tf_train_free(&s1);
    tf_train_free(&s2);
    tf_model_free(&whole);
    tf_model_free(&first);
    tf_model_free(&second);
    tf_model_free(&m1);
    tf_model_free(&v1);
}

static void learning_rate_follows_the_paper(void **state)
{
    (void)state;
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    /* d_model 512, warmup 4000: rises linearly, peaks at step 4000, then falls as step^-0.5 */
    assert_float_equal(tf_learning_rate(&tc, 512, 1), pow(512, -0.5) * pow(4000, -1.5), 1e-12);
    assert_float_equal(tf_learning_rate(&tc, 512, 4000), pow(512, -0.5) * pow(4000, -0.5), 1e-9);
    assert_float_equal(tf_learning_rate(&tc, 512, 16000), pow(512, -0.5) * pow(16000, -0.5), 1e-9);
    assert_true(tf_learning_rate(&tc, 512, 3999) < tf_learning_rate(&tc, 512, 4000));
    assert_true(tf_learning_rate(&tc, 512, 4001) < tf_learning_rate(&tc, 512, 4000));
    tc.lr_scale = 2.0f;
    assert_float_equal(tf_learning_rate(&tc, 512, 16000), 2 * pow(512, -0.5) * pow(16000, -0.5),
                       1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiny_model_learns_to_reverse),
        cmocka_unit_test(same_weights_for_every_thread_count),
        cmocka_unit_test(resumed_run_ends_where_the_whole_run_ends),
        cmocka_unit_test(learning_rate_follows_the_paper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

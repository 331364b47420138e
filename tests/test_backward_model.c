/* test_backward_model.c — whole tiny models against finite differences (gradcheck.c): tied and
 * untied output, final norms or not, shared embeddings and dropout, over every parameter tensor;
 * the same bits on any thread count, padding that changes nothing, the loss of a uniform model,
 * and bad batches refused. These cases run in test_backward.c's main(), after the kernels. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gradcheck.h"
#include "test_backward_model.h"
#include "train.h"
#include "train_internal.h"

typedef struct {
    tf_Model m;
    tf_TrainState st, fd;  /* fd: the finite differences' own, so that st.grad survives them */
    tf_Batch b;
    int src[2 * 6], tgt[2 * 5], src_len[2], tgt_len[2], src_target[2 * 6];
    float dropout;
    bool share;
} ModelCtx;

static void make_vocab(tf_Vocab *v, int n, const char *prefix)
{
    char **tok = malloc((size_t)n * sizeof *tok);
    const char *special[4] = {"<pad>", "<unk>", "<bos>", "<eos>"};
    for (int i = 0; i < n; i++) {
        tok[i] = malloc(16);
        if (i < 4) snprintf(tok[i], 16, "%s", special[i]);
        else snprintf(tok[i], 16, "%s%d", prefix, i);
    }
    tf_Err err;
    assert_int_equal(tf_vocab_from_list(v, (const char *const *)tok, n, "test", &err), TF_OK);
    for (int i = 0; i < n; i++) free(tok[i]);
    free(tok);
}

static void model_setup(ModelCtx *c, int n_enc, int n_dec, bool tied, bool bias, bool norms,
                        bool share, float dropout)
{
    memset(c, 0, sizeof *c);
    tf_Config cfg = {.d_model = 8, .nhead = 2, .n_enc = n_enc, .n_dec = n_dec, .d_ff = 16,
                     .ln_eps = 1e-5f, .max_len = 32, .has_enc_norm = norms,
                     .has_dec_norm = norms, .tied_generator = tied, .has_gen_bias = bias};
    tf_Vocab sv, tv;
    make_vocab(&sv, 10, share ? "w" : "s");
    make_vocab(&tv, share ? 10 : 11, "w");
    tf_model_init(&c->m, &cfg, &sv, &tv);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
    tf_weights_init(&c->m, 5, share);
    /* biases and gains away from 0 and 1, so that their gradients are tested at a general point */
    int n = tf_params(&c->m.cfg, &c->m.w, NULL, 0);
    tf_Param *p = calloc((size_t)n, sizeof *p);
    tf_params(&c->m.cfg, &c->m.w, p, n);
    for (int i = 0; i < n; i++)
        if (!p[i].cols)
            for (int e = 0; e < p[i].rows; e++) p[i].data[e] += (float)(0.4 * (gc_urand() - 0.5));
    free(p);
    tf_weights_sync(&c->m, share);
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    tc.share_embeddings = share;
    tf_Err err;
    assert_int_equal(tf_train_init(&c->st, &c->m, &tc, &err), TF_OK);
    assert_int_equal(tf_train_init(&c->fd, &c->m, &tc, &err), TF_OK);
    /* two pairs, the second padded on both sides */
    c->b = (tf_Batch){2, 6, 5, c->src, c->tgt, c->src_len, c->tgt_len, NULL};
    int src[12] = {4, 5, 6, 7, 8, 9, 9, 4, 7, 0, 0, 0};
    int tgt[10] = {2, 5, 7, 4, 9, 2, 8, 6, 0, 0};
    memcpy(c->src, src, sizeof src);
    memcpy(c->tgt, tgt, sizeof tgt);
    c->src_len[0] = 6, c->src_len[1] = 3, c->tgt_len[0] = 5, c->tgt_len[1] = 3;
    c->dropout = dropout;
    c->share = share;
}

static void model_teardown(ModelCtx *c)
{
    tf_train_free(&c->st);
    tf_train_free(&c->fd);
    tf_model_free(&c->m);
}

static double model_loss(void *ctx)
{
    ModelCtx *c = ctx;
    tf_LossStats ls;
    tf_Err err;
    assert_int_equal(tf_train_grads(&c->m, &c->fd, &c->b, c->dropout, 99, NULL, &ls, &err), TF_OK);
    return ls.loss + (double)c->fd.cfg.src_words * ls.src_loss;
}

static void model_sync(void *ctx)
{
    ModelCtx *c = ctx;
    tf_weights_sync(&c->m, c->share);
}

/* Every parameter tensor of the model along its gradient and three random directions. */
static void check_model(const char *label, ModelCtx *c, double tol)
{
    tf_LossStats ls;
    tf_Err err;
    assert_int_equal(tf_train_grads(&c->m, &c->st, &c->b, c->dropout, 99, NULL, &ls, &err), TF_OK);
    print_message("%s: loss %.4f over %lld tokens\n", label, ls.loss, (long long)ls.n_tokens);
    assert_int_equal(ls.n_tokens, 8);
    int n = tf_params(&c->m.cfg, &c->m.w, NULL, 0);
    tf_Param *p = calloc((size_t)n, sizeof *p), *g = calloc((size_t)n, sizeof *g);
    tf_params(&c->m.cfg, &c->m.w, p, n);
    tf_params(&c->m.cfg, &c->st.grad, g, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
        if (c->share && !strcmp(p[i].name, "src_embed.weight")) continue;  /* = tgt_embed */
        size_t cnt = (size_t)p[i].rows * (size_t)(p[i].cols ? p[i].cols : 1);
        double e = gc_dir_error(model_loss, c, p[i].data, g[i].data, cnt, 3, model_sync);
        print_message("  %-44s max error %.2e\n", p[i].name, e);
        if (!(e <= tol))
            fail_msg("%s: %s: gradient error %.3e over %.1e", label, p[i].name, e, tol);
        worst = fmax(worst, e);
    }
    print_message("%s: largest error over %d tensors %.2e\n", label, n, worst);
    free(p);
    free(g);
}

void tied_model_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 1, true, false, false, false, 0.0f);
    check_model("D=8 H=2 1+1 layers, tied, no final norms", &c, 1e-3);
    model_teardown(&c);
}

/* The source-word objective (train.h) adds its weighted loss and its gradient, through the
 * output layer into the encoder; positions without a target (−1) and padding add nothing. */
void source_word_objective_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 2, 1, true, true, false, false, 0.1f);
    int tgt_of[12] = {5, -1, 7, 4, -1, 9, 8, 6, -1, -1, -1, -1};
    memcpy(c.src_target, tgt_of, sizeof tgt_of);
    c.b.src_target = c.src_target;
    c.st.cfg.src_words = c.fd.cfg.src_words = 0.5f;
    check_model("D=8 H=2 2+1 layers, tied + bias, dropout 0.1, source words 0.5", &c, 1e-3);
    tf_LossStats ls;
    tf_Err err;
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.1f, 99, NULL, &ls, &err), TF_OK);
    assert_true(ls.src_loss > 0);
    model_teardown(&c);
}

void untied_model_with_norms_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 2, 2, false, true, true, false, 0.0f);
    check_model("D=8 H=2 2+2 layers, untied + bias, final norms", &c, 1e-3);
    model_teardown(&c);
}

void shared_embeddings_with_dropout_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 2, true, true, false, true, 0.1f);
    check_model("D=8 H=2 1+2 layers, shared + tied, dropout 0.1", &c, 1e-3);
    model_teardown(&c);
}

/* Gradients and loss are the same bits for every thread count; grads leave the model alone. */
void gradients_are_the_same_bits_on_any_thread_count(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 2, 2, false, true, true, false, 0.1f);
    size_t nb = c.m.w.n_floats * sizeof(float);
    float *w0 = malloc(nb), *g0 = malloc(nb);
    memcpy(w0, c.m.w.mem, nb);
    tf_LossStats l0, l;
    tf_Err err;
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.1f, 7, NULL, &l0, &err), TF_OK);
    memcpy(g0, c.st.grad.mem, nb);
    assert_memory_equal(w0, c.m.w.mem, nb);
    for (int t = 2; t <= 4; t++) {
        tf_Pool *pool = tf_pool_new(t);
        assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.1f, 7, pool, &l, &err), TF_OK);
        assert_memory_equal(g0, c.st.grad.mem, nb);
        assert_memory_equal(&l0.loss, &l.loss, sizeof l.loss);
        tf_pool_free(pool);
    }
    /* the loss-only pass agrees with the gradient pass without dropout */
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.0f, 7, NULL, &l0, &err), TF_OK);
    assert_int_equal(tf_train_loss(&c.m, &c.st, &c.b, NULL, &l, &err), TF_OK);
    assert_memory_equal(&l0.loss, &l.loss, sizeof l.loss);
    free(w0);
    free(g0);
    model_teardown(&c);
}

/* What the padded positions hold changes neither the loss nor any gradient: their rows are
 * masked as keys, predict nothing, and pass back exact zeros. */
void padding_contents_change_nothing(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 2, 2, false, true, true, false, 0.1f);
    size_t n = c.m.w.n_floats;
    float *g0 = malloc(n * sizeof *g0);
    tf_LossStats l0, l1;
    tf_Err err;
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.1f, 7, NULL, &l0, &err), TF_OK);
    memcpy(g0, c.st.grad.mem, n * sizeof *g0);
    for (int i = c.src_len[1]; i < 6; i++) c.src[6 + i] = 4 + i;  /* real tokens as padding */
    for (int i = c.tgt_len[1]; i < 5; i++) c.tgt[5 + i] = 9 - i;
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0.1f, 7, NULL, &l1, &err), TF_OK);
    assert_memory_equal(&l0.loss, &l1.loss, sizeof l0.loss);
    for (size_t i = 0; i < n; i++)  /* equal as numbers: a zero may change its sign */
        if (g0[i] != c.st.grad.mem[i])
            fail_msg("gradient %zu: %g vs %g", i, (double)g0[i], (double)c.st.grad.mem[i]);
    free(g0);
    model_teardown(&c);
}

/* Zero weights give uniform predictions: the loss is log V whatever the smoothing. */
void uniform_model_costs_log_v(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 1, true, false, false, false, 0.0f);
    memset(c.m.w.tgt_embed, 0, sizeof(float) * 11 * 8);
    tf_weights_sync(&c.m, false);
    tf_LossStats ls;
    tf_Err err;
    assert_int_equal(tf_train_loss(&c.m, &c.st, &c.b, NULL, &ls, &err), TF_OK);
    assert_float_equal(ls.loss, log(11.0), 1e-6);
    model_teardown(&c);
}

void bad_batches_and_pre_ln_models_are_refused(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 1, true, false, false, false, 0.0f);
    tf_LossStats ls;
    tf_Err err;
    c.src[3] = 10;  /* outside the source vocabulary of 10 */
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0, 0, NULL, &ls, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "outside the vocabulary"));
    c.src[3] = 4;
    c.tgt_len[1] = 6;  /* longer than T = 5 */
    assert_int_equal(tf_train_grads(&c.m, &c.st, &c.b, 0, 0, NULL, &ls, &err), TF_ERR_INPUT);
    c.tgt_len[1] = 3;
    c.m.cfg.norm_first = true;
    tf_TrainState st;
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    assert_int_equal(tf_train_init(&st, &c.m, &tc, &err), TF_ERR_MODEL);
    c.m.cfg.norm_first = false;
    tc.share_embeddings = true;  /* the two vocabularies differ */
    assert_int_equal(tf_train_init(&st, &c.m, &tc, &err), TF_ERR_INPUT);
    model_teardown(&c);
}

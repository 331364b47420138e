/* test_backward.c — gradients against finite differences: every backward kernel, the loss, and
 * whole tiny models (tied and untied output, final norms or not, shared embeddings, padding,
 * dropout) over every parameter tensor.
 *
 * A check compares directional derivatives: for a direction u (|u| = 1) the central difference
 * (f(θ + hu) − f(θ − hu))/2h against g·u, for u along the gradient and along random directions.
 * The error is |fd − g·u| / |g|: the part of the gradient that is wrong, relative to its size.
 * Float32 rounding spoils small steps and ReLU kinks spoil large ones (a tiny model has hundreds
 * of hidden units, some always near 0), so each direction takes the best of the steps 3e-4, 1e-3,
 * 3e-3 and 1e-2: a wrong gradient is wrong at every step. Small kernels are also checked element
 * by element. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernels.h"
#include "testutil.h"
#include "train.h"
#include "train_internal.h"
#include "train_kernels.h"

/* ---- random numbers and the checker ---- */

static uint64_t rng_state = 12345;

static double urand(void)  /* [0, 1) */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) * 0x1.0p-53;
}

static double nrand(void)
{
    double u = urand() + 1e-12, v = urand();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static void fill(float *x, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++) x[i] = (float)(lo + (hi - lo) * urand());
}

typedef double (*Objective)(void *ctx);

static const double STEPS[] = {3e-4, 1e-3, 3e-3, 1e-2};
enum { N_STEPS = sizeof STEPS / sizeof STEPS[0] };

/* Central differences of f along u at theta (n floats, restored afterwards), one per step. */
static void fd_along(double *fd, Objective f, void *ctx, float *theta, const double *u, size_t n,
                     void (*after_change)(void *ctx))
{
    float *save = malloc(n * sizeof *save);
    memcpy(save, theta, n * sizeof *save);
    for (int k = 0; k < N_STEPS; k++) {
        double h = STEPS[k], fp, fm;
        for (size_t i = 0; i < n; i++) theta[i] = (float)(save[i] + h * u[i]);
        if (after_change) after_change(ctx);
        fp = f(ctx);
        for (size_t i = 0; i < n; i++) theta[i] = (float)(save[i] - h * u[i]);
        if (after_change) after_change(ctx);
        fm = f(ctx);
        fd[k] = (fp - fm) / (2 * h);
    }
    memcpy(theta, save, n * sizeof *save);
    if (after_change) after_change(ctx);
    free(save);
}

static double best_error(const double *fd, double an, double scale)
{
    double e = INFINITY;
    for (int k = 0; k < N_STEPS; k++) e = fmin(e, fabs(fd[k] - an) / scale);
    return e;
}

/* Largest |fd − g·u| / |g| over the gradient's own direction and n_random random directions. */
static double dir_error(Objective f, void *ctx, float *theta, const float *g, size_t n,
                        int n_random, void (*after_change)(void *ctx))
{
    double *u = malloc(n * sizeof *u), gn = 0, worst = 0, fd[N_STEPS];
    for (size_t i = 0; i < n; i++) gn += (double)g[i] * g[i];
    gn = sqrt(gn);
    if (gn == 0) gn = 1e-30;
    for (int k = 0; k <= n_random; k++) {
        double un = 0, an = 0;
        for (size_t i = 0; i < n; i++) {
            u[i] = k == 0 ? g[i] / gn : nrand();
            un += u[i] * u[i];
        }
        un = sqrt(un);
        for (size_t i = 0; i < n; i++) {
            u[i] /= un;
            an += (double)g[i] * u[i];
        }
        fd_along(fd, f, ctx, theta, u, n, after_change);
        worst = fmax(worst, best_error(fd, an, gn));
    }
    free(u);
    return worst;
}

/* Element by element: largest |fd − gᵢ| / max|g|. */
static double elem_error(Objective f, void *ctx, float *theta, const float *g, size_t n)
{
    double gmax = 1e-30, worst = 0, fd[N_STEPS];
    for (size_t i = 0; i < n; i++) gmax = fmax(gmax, fabs(g[i]));
    double *u = calloc(n, sizeof *u);
    for (size_t i = 0; i < n; i++) {
        u[i] = 1;
        fd_along(fd, f, ctx, theta, u, n, NULL);
        u[i] = 0;
        worst = fmax(worst, best_error(fd, g[i], gmax));
    }
    free(u);
    return worst;
}

static void expect_small(const char *what, double err, double tol)
{
    print_message("  %-44s max error %.2e\n", what, err);
    if (!(err <= tol)) fail_msg("%s: gradient error %.3e over %.1e", what, err, tol);
}

/* Both checks on one input of a kernel objective. */
static void check_input(const char *what, Objective f, void *ctx, float *theta, const float *g,
                        size_t n, double tol)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s (directions)", what);
    expect_small(buf, dir_error(f, ctx, theta, g, n, 3, NULL), tol);
    snprintf(buf, sizeof buf, "%s (elements)", what);
    expect_small(buf, elem_error(f, ctx, theta, g, n), tol);
}

/* Σ r·y in double: the objective every kernel check differentiates */
static double dot(const float *r, const float *y, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)r[i] * y[i];
    return s;
}

/* ---- kernels ---- */

enum { LM = 6, LK = 7, LN = 19 };  /* not multiples of the kernels' 4 × 16 blocks */

typedef struct {
    float x[LM * LK], wt[LK * LN], b[LN], r[LM * LN], y[LM * LN];
} LinCtx;

static double lin_f(void *ctx)
{
    LinCtx *c = ctx;
    tf_linear_forward(c->y, c->x, c->wt, c->b, LM, LK, LN);
    return dot(c->r, c->y, LM * LN);
}

static void linear_backward_matches_differences(void **state)
{
    (void)state;
    LinCtx c;
    fill(c.x, LM * LK, -1, 1);
    fill(c.wt, LK * LN, -1, 1);
    fill(c.b, LN, -1, 1);
    fill(c.r, LM * LN, -1, 1);
    float w[LN * LK], dx[LM * LK], dwt[LK * LN] = {0}, db[LN] = {0};
    for (int k = 0; k < LK; k++)
        for (int j = 0; j < LN; j++) w[j * LK + k] = c.wt[k * LN + j];
    tf_linear_backward_x(dx, c.r, w, LM, LN, LK, 0);
    tf_linear_backward_w(dwt, LN, db, c.x, c.r, LM, LK, LN, 0, 3);
    tf_linear_backward_w(dwt, LN, NULL, c.x, c.r, LM, LK, LN, 3, LK);  /* split rows: same */
    check_input("linear dx", lin_f, &c, c.x, dx, LM * LK, 1e-4);
    check_input("linear dW", lin_f, &c, c.wt, dwt, LK * LN, 1e-4);
    check_input("linear db", lin_f, &c, c.b, db, LN, 1e-4);
    /* accumulate mode adds onto what is there */
    float dx2[LM * LK];
    for (int i = 0; i < LM * LK; i++) dx2[i] = 1.0f;
    tf_linear_backward_x(dx2, c.r, w, LM, LN, LK, 1);
    for (int i = 0; i < LM * LK; i++) assert_float_equal(dx2[i], 1.0f + dx[i], 1e-5);
}

/* The blocked products sum in plain order: the same bits as a naive loop, for large sizes too. */
static void linear_backward_sums_in_order(void **state)
{
    (void)state;
    int M = 37, K = 45, N = 70;
    float *x = malloc(sizeof(float) * M * K), *dy = malloc(sizeof(float) * M * N);
    float *w = malloc(sizeof(float) * N * K), *dx = malloc(sizeof(float) * M * K);
    float *dwt = calloc((size_t)K * N, sizeof(float)), *db = calloc(N, sizeof(float));
    fill(x, (size_t)M * K, -1, 1);
    fill(dy, (size_t)M * N, -1, 1);
    fill(w, (size_t)N * K, -1, 1);
    tf_linear_backward_x(dx, dy, w, M, N, K, 0);
    tf_linear_backward_w(dwt, N, db, x, dy, M, K, N, 0, K);
    for (int i = 0; i < M; i++)
        for (int k = 0; k < K; k++) {
            float s = 0.0f;
            for (int j = 0; j < N; j++) s += dy[i * N + j] * w[j * K + k];
            assert_memory_equal(&s, &dx[i * K + k], sizeof s);
        }
    for (int k = 0; k < K; k++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int i = 0; i < M; i++) s += x[i * K + k] * dy[i * N + j];
            assert_memory_equal(&s, &dwt[k * N + j], sizeof s);
        }
    for (int j = 0; j < N; j++) {
        float s = 0.0f;
        for (int i = 0; i < M; i++) s += dy[i * N + j];
        assert_memory_equal(&s, &db[j], sizeof s);
    }
    free(x), free(dy), free(w), free(dx), free(dwt), free(db);
}

enum { NM = 3, ND = 11 };

typedef struct {
    float x[NM * ND], g[ND], b[ND], r[NM * ND], y[NM * ND];
} NormCtx;

static double norm_f(void *ctx)
{
    NormCtx *c = ctx;
    tf_layernorm_forward(c->y, c->x, c->g, c->b, NM, ND, 1e-5f);
    return dot(c->r, c->y, NM * ND);
}

static void layernorm_backward_matches_differences(void **state)
{
    (void)state;
    NormCtx c;
    fill(c.x, NM * ND, -2, 2);
    fill(c.g, ND, 0.5, 1.5);
    fill(c.b, ND, -1, 1);
    fill(c.r, NM * ND, -1, 1);
    float dx[NM * ND], dg[ND] = {0}, db[ND] = {0}, dx2[NM * ND], dg2[ND] = {0}, db2[ND] = {0};
    tf_layernorm_backward(dx, dg, db, c.r, c.x, c.g, NM, ND, 1e-5f);
    check_input("layernorm dx", norm_f, &c, c.x, dx, NM * ND, 1e-4);
    check_input("layernorm dgain", norm_f, &c, c.g, dg, ND, 1e-4);
    check_input("layernorm dbias", norm_f, &c, c.b, db, ND, 1e-4);
    /* in place, and the weight part alone, give the same bits */
    memcpy(dx2, c.r, sizeof dx2);
    tf_layernorm_backward(dx2, NULL, NULL, dx2, c.x, c.g, NM, ND, 1e-5f);
    tf_layernorm_backward(NULL, dg2, db2, c.r, c.x, c.g, NM, ND, 1e-5f);
    assert_memory_equal(dx, dx2, sizeof dx);
    assert_memory_equal(dg, dg2, sizeof dg);
    assert_memory_equal(db, db2, sizeof db);
}

enum { SN = 9, SV = 6 };

typedef struct {
    float x[SN], r[SN], y[SN];
} SoftCtx;

static double soft_f(void *ctx)
{
    SoftCtx *c = ctx;
    tf_softmax_forward(c->y, c->x, SN, SV);
    return dot(c->r, c->y, SN);
}

static void softmax_backward_matches_differences_and_masks(void **state)
{
    (void)state;
    SoftCtx c;
    fill(c.x, SN, -3, 3);
    fill(c.r, SN, -1, 1);
    soft_f(&c);
    float dx[SN];
    tf_softmax_backward(dx, c.y, c.r, SN, SV);
    check_input("softmax", soft_f, &c, c.x, dx, SN, 1e-4);
    for (int j = SV; j < SN; j++) assert_true(dx[j] == 0.0f);
}

/* one head: AQ query rows over AK keys, of which the first AV are valid (key_len), causal or not */
enum { AQ = 5, AK = 7, AV = 6, ADK = 6, ALD = 10 };

typedef struct {
    float q[AQ * ADK], k[AK * ADK], v[AK * ADK], r[AQ * ADK];
    float scores[AQ * AK], weights[AQ * AK], ctx[AQ * ADK];
    int causal;
} AttCtx;

static double att_f(void *ctx)
{
    AttCtx *c = ctx;
    for (int i = 0; i < AQ; i++) {
        int valid = c->causal && i + 1 < AV ? i + 1 : AV;
        tf_attend_row(c->scores + i * AK, c->weights + i * AK, c->ctx + i * ADK, c->q + i * ADK,
                      c->k, c->v, AK, valid, ADK, ADK);
    }
    return dot(c->r, c->ctx, AQ * ADK);
}

static void attention_backward_matches_differences(void **state)
{
    (void)state;
    for (int causal = 0; causal < 2; causal++) {
        AttCtx c = {.causal = causal};
        fill(c.q, AQ * ADK, -1.5, 1.5);
        fill(c.k, AK * ADK, -1.5, 1.5);
        fill(c.v, AK * ADK, -1, 1);
        fill(c.r, AQ * ADK, -1, 1);
        att_f(&c);
        /* gradients with row strides of their own and dcontext in a wider matrix, as in the
         * (rows, 3D) buffers of the pass */
        float dq[AQ * ALD], dk[AK * ALD], dv[AK * ALD], r[AQ * ALD];
        float scratch[AQ * AK + ADK * AK], gq[AQ * ADK], gk[AK * ADK], gv[AK * ADK];
        for (int i = 0; i < AQ; i++) memcpy(r + i * ALD, c.r + i * ADK, sizeof(float) * ADK);
        tf_attend_head_backward(dq, ALD, dk, dv, ALD, scratch, r, ALD, c.q, c.k, c.v, c.weights,
                                AQ, AK, ADK, AV, causal);
        for (int i = 0; i < AQ; i++) memcpy(gq + i * ADK, dq + i * ALD, sizeof(float) * ADK);
        for (int j = 0; j < AK; j++) {
            memcpy(gk + j * ADK, dk + j * ALD, sizeof(float) * ADK);
            memcpy(gv + j * ADK, dv + j * ALD, sizeof(float) * ADK);
        }
        check_input(causal ? "causal attention dq" : "attention dq", att_f, &c, c.q, gq, AQ * ADK,
                    1e-4);
        check_input(causal ? "causal attention dk" : "attention dk", att_f, &c, c.k, gk, AK * ADK,
                    1e-4);
        check_input(causal ? "causal attention dv" : "attention dv", att_f, &c, c.v, gv, AK * ADK,
                    1e-4);
        for (int j = AV; j < AK; j++)  /* masked keys get nothing */
            for (int d = 0; d < ADK; d++) assert_true(gk[j * ADK + d] == 0 && gv[j * ADK + d] == 0);
    }
}

typedef struct {
    float x[40], r[40], y[40];
} ReluCtx;

static double relu_f(void *ctx)
{
    ReluCtx *c = ctx;
    tf_relu_forward(c->y, c->x, 40);
    return dot(c->r, c->y, 40);
}

static void relu_backward_matches_differences(void **state)
{
    (void)state;
    ReluCtx c;
    /* inputs away from the kink at 0 */
    for (int i = 0; i < 40; i++) c.x[i] = (float)((i % 2 ? 1 : -1) * (0.2 + urand()));
    fill(c.r, 40, -1, 1);
    relu_f(&c);
    float dx[40];
    tf_relu_backward(dx, c.y, c.r, 40);
    check_input("relu", relu_f, &c, c.x, dx, 40, 1e-4);
}

enum { EV = 5, ED = 4, ET = 7 };

typedef struct {
    float table[EV * ED], r[ET * ED], y[ET * ED];
    int ids[ET];
} EmbCtx;

static double emb_f(void *ctx)
{
    EmbCtx *c = ctx;
    tf_embed_forward(c->y, c->table, c->ids, ET, ED);
    return dot(c->r, c->y, ET * ED);
}

static void embedding_backward_matches_differences(void **state)
{
    (void)state;
    EmbCtx c = {.ids = {3, 0, 3, 1, 4, 3, 0}};  /* repeats add up; row 2 is never used */
    fill(c.table, EV * ED, -1, 1);
    fill(c.r, ET * ED, -1, 1);
    float dt[EV * ED] = {0};
    tf_embed_backward(dt, c.r, c.ids, ET, ED);
    check_input("embedding", emb_f, &c, c.table, dt, EV * ED, 1e-4);
    for (int d = 0; d < ED; d++) assert_true(dt[2 * ED + d] == 0.0f);
}

enum { XV = 13 };

typedef struct {
    float x[XV];
    int target;
} XentCtx;

static double xent_f(void *ctx)
{
    XentCtx *c = ctx;
    double nll;
    return tf_xent_row(NULL, &nll, c->x, c->target, XV, 0.1f, 1.0f);
}

static void loss_gradient_and_value_follow_label_smoothing(void **state)
{
    (void)state;
    XentCtx c = {.target = 4};
    fill(c.x, XV, -3, 3);
    float dl[XV];
    double nll, loss = tf_xent_row(dl, &nll, c.x, c.target, XV, 0.1f, 1.0f);
    check_input("label-smoothed cross-entropy", xent_f, &c, c.x, dl, XV, 1e-4);
    /* the value: −Σ q·log p with q = 0.1/V off the target and 0.9 + 0.1/V on it */
    double mx = -1e30, z = 0, want = 0;
    for (int v = 0; v < XV; v++) mx = fmax(mx, c.x[v]);
    for (int v = 0; v < XV; v++) z += exp(c.x[v] - mx);
    for (int v = 0; v < XV; v++) {
        double q = 0.1 / XV + (v == c.target ? 0.9 : 0.0);
        want -= q * (c.x[v] - mx - log(z));
    }
    assert_float_equal(loss, want, 1e-6);
    assert_float_equal(nll, -(c.x[c.target] - mx - log(z)), 1e-6);
}

static void dropout_masks_are_reproducible_and_unbiased(void **state)
{
    (void)state;
    enum { N = 100000 };
    float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *z = malloc(N * sizeof *z);
    for (int i = 0; i < N; i++) x[i] = 1.0f;
    tf_dropout_forward(y, x, N, 0.1f, 77, 1000);
    /* the same elements, computed in two pieces: the same mask */
    tf_dropout_forward(z, x, 333, 0.1f, 77, 1000);
    tf_dropout_forward(z + 333, x + 333, N - 333, 0.1f, 77, 1333);
    assert_memory_equal(y, z, N * sizeof *y);
    int kept = 0;
    for (int i = 0; i < N; i++) {
        kept += y[i] != 0.0f;
        assert_true(y[i] == 0.0f || y[i] == 1.0f / 0.9f);
        assert_int_equal(y[i] != 0.0f, tf_dropout_keep(77, 1000 + (uint32_t)i, 0.1f));
    }
    assert_true(kept > 89400 && kept < 90600);  /* 90 000 ± 6σ */
    /* the backward pass applies the same mask */
    tf_dropout_backward(z, x, N, 0.1f, 77, 1000);
    assert_memory_equal(y, z, N * sizeof *y);
    /* another seed, another mask */
    tf_dropout_forward(z, x, N, 0.1f, 78, 1000);
    assert_true(memcmp(y, z, N * sizeof *y) != 0);
    free(x), free(y), free(z);
}

/* ---- whole models ---- */

typedef struct {
    tf_Model m;
    tf_TrainState st, fd;  /* fd: the finite differences' own, so that st.grad survives them */
    tf_Batch b;
    int src[2 * 6], tgt[2 * 5], src_len[2], tgt_len[2];
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
            for (int e = 0; e < p[i].rows; e++) p[i].data[e] += (float)(0.4 * (urand() - 0.5));
    free(p);
    tf_weights_sync(&c->m, share);
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    tc.share_embeddings = share;
    tf_Err err;
    assert_int_equal(tf_train_init(&c->st, &c->m, &tc, &err), TF_OK);
    assert_int_equal(tf_train_init(&c->fd, &c->m, &tc, &err), TF_OK);
    /* two pairs, the second padded on both sides */
    c->b = (tf_Batch){2, 6, 5, c->src, c->tgt, c->src_len, c->tgt_len};
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
    return ls.loss;
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
        double e = dir_error(model_loss, c, p[i].data, g[i].data, cnt, 3, model_sync);
        print_message("  %-44s max error %.2e\n", p[i].name, e);
        if (!(e <= tol))
            fail_msg("%s: %s: gradient error %.3e over %.1e", label, p[i].name, e, tol);
        worst = fmax(worst, e);
    }
    print_message("%s: largest error over %d tensors %.2e\n", label, n, worst);
    free(p);
    free(g);
}

static void tied_model_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 1, true, false, false, false, 0.0f);
    check_model("D=8 H=2 1+1 layers, tied, no final norms", &c, 1e-3);
    model_teardown(&c);
}

static void untied_model_with_norms_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 2, 2, false, true, true, false, 0.0f);
    check_model("D=8 H=2 2+2 layers, untied + bias, final norms", &c, 1e-3);
    model_teardown(&c);
}

static void shared_embeddings_with_dropout_gradients_match_differences(void **state)
{
    (void)state;
    ModelCtx c;
    model_setup(&c, 1, 2, true, true, false, true, 0.1f);
    check_model("D=8 H=2 1+2 layers, shared + tied, dropout 0.1", &c, 1e-3);
    model_teardown(&c);
}

/* Gradients and loss are the same bits for every thread count; grads leave the model alone. */
static void gradients_are_the_same_bits_on_any_thread_count(void **state)
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
static void padding_contents_change_nothing(void **state)
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
static void uniform_model_costs_log_v(void **state)
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

static void bad_batches_and_pre_ln_models_are_refused(void **state)
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(linear_backward_matches_differences),
        cmocka_unit_test(linear_backward_sums_in_order),
        cmocka_unit_test(layernorm_backward_matches_differences),
        cmocka_unit_test(softmax_backward_matches_differences_and_masks),
        cmocka_unit_test(attention_backward_matches_differences),
        cmocka_unit_test(relu_backward_matches_differences),
        cmocka_unit_test(embedding_backward_matches_differences),
        cmocka_unit_test(loss_gradient_and_value_follow_label_smoothing),
        cmocka_unit_test(dropout_masks_are_reproducible_and_unbiased),
        cmocka_unit_test(tied_model_gradients_match_differences),
        cmocka_unit_test(untied_model_with_norms_gradients_match_differences),
        cmocka_unit_test(shared_embeddings_with_dropout_gradients_match_differences),
        cmocka_unit_test(gradients_are_the_same_bits_on_any_thread_count),
        cmocka_unit_test(padding_contents_change_nothing),
        cmocka_unit_test(uniform_model_costs_log_v),
        cmocka_unit_test(bad_batches_and_pre_ln_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_backward.c — gradients against finite differences (gradcheck.c): every backward kernel
 * (linear, layer norm, softmax, attention, ReLU, embedding) and the label-smoothed loss, element by
 * element and along directions, plus the exact summation order of the linear backward pass and
 * dropout's masks. Whole tiny models (tied and untied output, final norms or not, shared
 * embeddings, padding, dropout) over every parameter tensor are in test_backward_model.c, run by
 * main() here after the kernels. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gradcheck.h"
#include "kernels.h"
#include "test_backward_model.h"
#include "train_internal.h"
#include "train_kernels.h"

enum { LM = 6, LK = 7, LN = 19 };  /* not multiples of the kernels' 4 × 16 blocks */

typedef struct {
    float x[LM * LK], wt[LK * LN], b[LN], r[LM * LN], y[LM * LN];
} LinCtx;

static double lin_f(void *ctx)
{
    LinCtx *c = ctx;
    tf_linear_forward(c->y, c->x, c->wt, c->b, LM, LK, LN);
    return gc_dot(c->r, c->y, LM * LN);
}

static void linear_backward_matches_differences(void **state)
{
    (void)state;
    LinCtx c;
    gc_fill(c.x, LM * LK, -1, 1);
    gc_fill(c.wt, LK * LN, -1, 1);
    gc_fill(c.b, LN, -1, 1);
    gc_fill(c.r, LM * LN, -1, 1);
    float w[LN * LK], dx[LM * LK], dwt[LK * LN] = {0}, db[LN] = {0};
    for (int k = 0; k < LK; k++)
        for (int j = 0; j < LN; j++) w[j * LK + k] = c.wt[k * LN + j];
    tf_linear_backward_x(dx, c.r, w, LM, LN, LK, 0);
    tf_linear_backward_w(dwt, LN, db, c.x, c.r, LM, LK, LN, 0, 3);
    tf_linear_backward_w(dwt, LN, NULL, c.x, c.r, LM, LK, LN, 3, LK);  /* split rows: same */
    gc_check_input("linear dx", lin_f, &c, c.x, dx, LM * LK, 1e-4);
    gc_check_input("linear dW", lin_f, &c, c.wt, dwt, LK * LN, 1e-4);
    gc_check_input("linear db", lin_f, &c, c.b, db, LN, 1e-4);
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
    gc_fill(x, (size_t)M * K, -1, 1);
    gc_fill(dy, (size_t)M * N, -1, 1);
    gc_fill(w, (size_t)N * K, -1, 1);
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
    return gc_dot(c->r, c->y, NM * ND);
}

static void layernorm_backward_matches_differences(void **state)
{
    (void)state;
    NormCtx c;
    gc_fill(c.x, NM * ND, -2, 2);
    gc_fill(c.g, ND, 0.5, 1.5);
    gc_fill(c.b, ND, -1, 1);
    gc_fill(c.r, NM * ND, -1, 1);
    float dx[NM * ND], dg[ND] = {0}, db[ND] = {0}, dx2[NM * ND], dg2[ND] = {0}, db2[ND] = {0};
    tf_layernorm_backward(dx, dg, db, c.r, c.x, c.g, NM, ND, 1e-5f);
    gc_check_input("layernorm dx", norm_f, &c, c.x, dx, NM * ND, 1e-4);
    gc_check_input("layernorm dgain", norm_f, &c, c.g, dg, ND, 1e-4);
    gc_check_input("layernorm dbias", norm_f, &c, c.b, db, ND, 1e-4);
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
    return gc_dot(c->r, c->y, SN);
}

static void softmax_backward_matches_differences_and_masks(void **state)
{
    (void)state;
    SoftCtx c;
    gc_fill(c.x, SN, -3, 3);
    gc_fill(c.r, SN, -1, 1);
    soft_f(&c);
    float dx[SN];
    tf_softmax_backward(dx, c.y, c.r, SN, SV);
    gc_check_input("softmax", soft_f, &c, c.x, dx, SN, 1e-4);
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
                      c->k, c->v, AK, valid, ADK, ADK, sqrtf((float)ADK));
    }
    return gc_dot(c->r, c->ctx, AQ * ADK);
}

static void attention_backward_matches_differences(void **state)
{
    (void)state;
    for (int causal = 0; causal < 2; causal++) {
        AttCtx c = {.causal = causal};
        gc_fill(c.q, AQ * ADK, -1.5, 1.5);
        gc_fill(c.k, AK * ADK, -1.5, 1.5);
        gc_fill(c.v, AK * ADK, -1, 1);
        gc_fill(c.r, AQ * ADK, -1, 1);
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
        gc_check_input(causal ? "causal attention dq" : "attention dq", att_f, &c, c.q, gq, AQ * ADK,
                    1e-4);
        gc_check_input(causal ? "causal attention dk" : "attention dk", att_f, &c, c.k, gk, AK * ADK,
                    1e-4);
        gc_check_input(causal ? "causal attention dv" : "attention dv", att_f, &c, c.v, gv, AK * ADK,
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
    return gc_dot(c->r, c->y, 40);
}

static void relu_backward_matches_differences(void **state)
{
    (void)state;
    ReluCtx c;
    /* inputs away from the kink at 0 */
    for (int i = 0; i < 40; i++) c.x[i] = (float)((i % 2 ? 1 : -1) * (0.2 + gc_urand()));
    gc_fill(c.r, 40, -1, 1);
    relu_f(&c);
    float dx[40];
    tf_relu_backward(dx, c.y, c.r, 40);
    gc_check_input("relu", relu_f, &c, c.x, dx, 40, 1e-4);
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
    return gc_dot(c->r, c->y, ET * ED);
}

static void embedding_backward_matches_differences(void **state)
{
    (void)state;
    EmbCtx c = {.ids = {3, 0, 3, 1, 4, 3, 0}};  /* repeats add up; row 2 is never used */
    gc_fill(c.table, EV * ED, -1, 1);
    gc_fill(c.r, ET * ED, -1, 1);
    float dt[EV * ED] = {0};
    tf_embed_backward(dt, c.r, c.ids, ET, ED);
    gc_check_input("embedding", emb_f, &c, c.table, dt, EV * ED, 1e-4);
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
    gc_fill(c.x, XV, -3, 3);
    float dl[XV];
    double nll, loss = tf_xent_row(dl, &nll, c.x, c.target, XV, 0.1f, 1.0f);
    gc_check_input("label-smoothed cross-entropy", xent_f, &c, c.x, dl, XV, 1e-4);
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
        cmocka_unit_test(source_word_objective_gradients_match_differences),
        cmocka_unit_test(untied_model_with_norms_gradients_match_differences),
        cmocka_unit_test(shared_embeddings_with_dropout_gradients_match_differences),
        cmocka_unit_test(gradients_are_the_same_bits_on_any_thread_count),
        cmocka_unit_test(padding_contents_change_nothing),
        cmocka_unit_test(uniform_model_costs_log_v),
        cmocka_unit_test(bad_batches_and_pre_ln_models_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* train_kernels.h — the kernels of training: dropout, and the backward pair of every forward
 * kernel of kernels.h. Same rules as there: outputs first, then inputs, then sizes; every sum runs
 * in one fixed order written in the code (never chosen by the compiler or by a thread count);
 * kernels never allocate. Backward kernels that say "accumulate" add into their output, the
 * others overwrite it.
 *
 * Usage (one linear layer y = x·wt + b of the forward pass, w = wt transposed):
 *     tf_linear_backward_x(dx, dy, w, M, N, K, 0);           // dx = dy·w
 *     tf_linear_backward_w(dwt, N, db, x, dy, M, K, N, 0, K); // dwt += xᵀ·dy, db += Σ dy
 */
#ifndef TF_TRAIN_KERNELS_H
#define TF_TRAIN_KERNELS_H

#include "tf_base.h"

/* ---- dropout ----
 * Element i is kept with probability 1 − p and then scaled by 1/(1 − p). Whether it is kept is a
 * hash of (seed, idx0 + i): the backward pass recomputes the mask instead of storing it, and no
 * thread count or row split can change it. idx0 + i must stay below 2³². */
int tf_dropout_keep(uint64_t seed, uint32_t idx, float p);
/* out = dropout(x); out may be x */
void tf_dropout_forward(float *out, const float *x, size_t n, float p, uint64_t seed,
                        uint32_t idx0);
/* out = a + dropout(b): the paper's residual dropout */
void tf_dropout_add_forward(float *out, const float *a, const float *b, size_t n, float p,
                            uint64_t seed, uint32_t idx0);
/* dx = dy where kept, · 1/(1 − p), else 0; dx may be dy */
void tf_dropout_backward(float *dx, const float *dy, size_t n, float p, uint64_t seed,
                         uint32_t idx0);

/* ---- linear: y (M, N) = x (M, K) · wt (K, N) + b ----
 * dx (M, K) = dy (M, N) · w (N, K), w = wtᵀ (PyTorch's layout). Each dx[i][k] sums over j in
 * order, starting from dx[i][k] when acc, else from 0. */
void tf_linear_backward_x(float *dx, const float *dy, const float *w, int M, int N, int K, int acc);
/* Rows [k0, k1) of dwt (K, N, rows ldw apart) accumulate dwt[k][j] + x[0][k]·dy[0][j] +
 * x[1][k]·dy[1][j] + …, in order of i; db (N) likewise accumulates dy[0][j] + dy[1][j] + …
 * (skipped when NULL). Splitting k across calls (threads) changes nothing: each element is
 * one call's. */
void tf_linear_backward_w(float *dwt, int ldw, float *db, const float *x, const float *dy, int M,
                          int K, int N, int k0, int k1);

/* dx = dy where y > 0, else 0 (y: the forward output); dx may be dy */
void tf_relu_backward(float *dx, const float *y, const float *dy, size_t n);

/* Per row i of x (M, D), y = (x − mean)·rstd·g + b. dx (may be dy) = dy through the row's
 * normalisation; dg, db (D) accumulate Σᵢ dy·x̂ and Σᵢ dy over the rows in order. Any of dx, dg/db
 * may be NULL. */
void tf_layernorm_backward(float *dx, float *dg, float *db, const float *dy, const float *x,
                           const float *g, int M, int D, float eps);

/* y = softmax over the first n_valid of n entries: dx = y·(dy − Σⱼ yⱼ·dyⱼ), exactly 0 from
 * n_valid on (masked entries have no gradient). dx may be dy. */
void tf_softmax_backward(float *dx, const float *y, const float *dy, int n, int n_valid);

/* dtable (V, D) accumulates dx[t]·√D into row ids[t], t in order (tf_embed_forward's backward) */
void tf_embed_backward(float *dtable, const float *dx, const int *ids, int T, int D);

/* The backward of tf_attend_row for one head of one sequence: query rows 0 … Tq−1, row i
 * attending to its first min(key_len, causal ? i + 1 : Tk) keys, given dcontext (Tq, Dk, rows ldc
 * apart). With ds = softmax_backward(weights, dcontext·vᵀ)/√Dk (Tq, Tk), 0 where masked:
 * dq = ds·k (Tq, Dk, rows ldq apart), dk = dsᵀ·q and dv = weightsᵀ·dcontext (Tk, Dk, rows ldkv
 * apart), all overwritten. q (Tq, Dk), k, v (Tk, Dk), weights (Tq, Tk): as the forward pass
 * recorded them for the head. scratch: Tq·Tk + Dk·Tk floats. Each sum runs over d, keys or
 * queries in order. */
void tf_attend_head_backward(float *dq, int ldq, float *dk, float *dv, int ldkv, float *scratch,
                             const float *dcontext, int ldc, const float *q, const float *k,
                             const float *v, const float *weights, int Tq, int Tk, int Dk,
                             int key_len, int causal);

#endif

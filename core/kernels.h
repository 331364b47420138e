/* kernels.h — the numeric kernels of the forward pass. Arguments: outputs, then inputs, then
 * sizes. Every kernel computes each output row on its own, with sums that run over their index
 * in ascending order, so a row gives the same bits whether it is computed alone (incremental
 * decoding), in a batch, or on another thread. Kernels never allocate. */
#ifndef TF_KERNELS_H
#define TF_KERNELS_H

#include "tf_base.h"

/* out (M, N) = x (M, K) · wt (K, N) + b (N); b may be NULL. Each out[i][j] is
 * ((x[i][0]·wt[0][j] + x[i][1]·wt[1][j]) + …) + b[j], summed in order of k. */
void tf_linear_forward(float *out, const float *x, const float *wt, const float *b, int M, int K,
                       int N);
/* The same with wt's rows ldw apart: columns of a wider weight, e.g. W_K|W_V of in_proj. */
void tf_linear_forward_ld(float *out, const float *x, const float *wt, int ldw, const float *b,
                          int M, int K, int N);
/* out (M, N, rows ldo apart) = A (M, T) · b (T, N, rows ldb apart), plus out when acc; A's element
 * (i, t) is a[i·sai + t·sat] (a row-major matrix, or a transposed one). Each out[i][j] is
 * (((out[i][j] or 0) + A[i][0]·b[0][j]) + A[i][1]·b[1][j]) + …, in order of t: the same bits
 * however rows and columns are split, and a product split along t into consecutive calls with
 * acc gives the same bits as one call. The forward's linear and every backward product use it. */
void tf_matmul(float *out, int ldo, const float *a, size_t sai, size_t sat, const float *b, int ldb,
               int M, int T, int N, int acc);
void tf_relu_forward(float *out, const float *x, size_t n);
void tf_add_forward(float *out, const float *a, const float *b, size_t n);
/* Mean and 1/√(var + eps) of one row x (D), biased variance as PyTorch, sums in order of d.
 * The forward and backward passes both call this, so they see the same bits. */
void tf_layernorm_stats(const float *x, int D, float eps, float *mean, float *rstd);
/* Biased variance, as PyTorch: y = (x - mean) / sqrt(var + eps) * g + b. */
void tf_layernorm_forward(float *out, const float *x, const float *g, const float *b, int M, int D,
                          float eps);
/* Softmax of x (n) over its first n_valid entries; entries at and past n_valid are exactly 0. */
void tf_softmax_forward(float *out, const float *x, int n, int n_valid);
/* PE (T, D): PE[p][2i] = sin(p / 10000^(2i/D)), PE[p][2i+1] = cos(…), rows from position p0. */
void tf_posenc_forward(float *out, int p0, int T, int D);
/* out (T, D) = table[ids[t]] · √D */
void tf_embed_forward(float *out, const float *table, const int *ids, int T, int D);

/* One query row of scaled dot-product attention for one head.
 * q (Dk); k, v (n_keys, Dk) with row stride ld; scores (n_keys) = q·kⱼ/scale for every key
 * (scale = √Dk; 1 when the scaling is switched off); weights (n_keys) = softmax over the first
 * n_valid keys, exactly 0 after; context (Dk) = Σⱼ weightsⱼ·vⱼ over the valid keys in order of j. */
void tf_attend_row(float *scores, float *weights, float *context, const float *q, const float *k,
                   const float *v, int n_keys, int n_valid, int Dk, int ld, float scale);

#endif

/* train_kernels.c — loops of training: dropout and the backward kernels. Like kernels.c they are
 * vectorised by the compiler across output columns only, and every sum keeps the order the code
 * gives it (no -ffast-math, no FMA contraction). Matrix products are tf_matmul's (kernels.c). */
#include "train_kernels.h"

#include "kernels.h"

#include <math.h>
#include <string.h>

/* Built for AVX2 and the baseline where the compiler can, chosen at run time: wider registers
 * only (no fused multiply-add), so both versions give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE __attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/* ---- dropout ---- */

/* lowbias32 (C. Wellons): a bijection on 32 bits with good avalanche, cheap in vector lanes */
static inline uint32_t mix32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

static uint32_t threshold(float p) { return (uint32_t)((double)p * 4294967296.0); }

int tf_dropout_keep(uint64_t seed, uint32_t idx, float p)
{
    return mix32(mix32(idx ^ (uint32_t)seed) + (uint32_t)(seed >> 32)) >= threshold(p);
}

WIDE void tf_dropout_forward(float *out, const float *x, size_t n, float p, uint64_t seed,
                             uint32_t idx0)
{
    uint32_t s0 = (uint32_t)seed, s1 = (uint32_t)(seed >> 32), thr = threshold(p);
    float scale = 1.0f / (1.0f - p);
    /* select, then scale: a product inside the condition would keep GCC from vectorising */
    for (size_t i = 0; i < n; i++) {
        uint32_t h = mix32(mix32((idx0 + (uint32_t)i) ^ s0) + s1);
        float v = x[i];
        out[i] = (h >= thr ? v : 0.0f) * scale;
    }
}

WIDE void tf_dropout_add_forward(float *out, const float *a, const float *b, size_t n, float p,
                                 uint64_t seed, uint32_t idx0)
{
    uint32_t s0 = (uint32_t)seed, s1 = (uint32_t)(seed >> 32), thr = threshold(p);
    float scale = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = mix32(mix32((idx0 + (uint32_t)i) ^ s0) + s1);
        float v = b[i];
        out[i] = a[i] + (h >= thr ? v : 0.0f) * scale;
    }
}

void tf_dropout_backward(float *dx, const float *dy, size_t n, float p, uint64_t seed,
                         uint32_t idx0)
{
    tf_dropout_forward(dx, dy, n, p, seed, idx0);
}

/* ---- linear ---- */

void tf_linear_backward_x(float *dx, const float *dy, const float *w, int M, int N, int K, int acc)
{
    tf_matmul(dx, K, dy, (size_t)N, 1, w, K, M, N, K, acc);
}

void tf_linear_backward_w(float *dwt, int ldw, float *db, const float *x, const float *dy, int M,
                          int K, int N, int k0, int k1)
{
    if (k1 > k0)
        tf_matmul(dwt + (size_t)k0 * ldw, ldw, x + k0, 1, (size_t)K, dy, N, k1 - k0, M, N, 1);
    if (db)
        for (int i = 0; i < M; i++) {
            const float *dyi = dy + (size_t)i * N;
            for (int j = 0; j < N; j++) db[j] += dyi[j];
        }
}

/* ---- elementwise and per-row ---- */

WIDE void tf_relu_backward(float *dx, const float *y, const float *dy, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float g = dy[i];  /* loaded whatever the sign: branch-free, vectorised */
        dx[i] = y[i] > 0.0f ? g : 0.0f;
    }
}

void tf_layernorm_backward(float *dx, float *dg, float *db, const float *dy, const float *x,
                           const float *g, int M, int D, float eps)
{
    for (int i = 0; i < M; i++) {
        const float *xi = x + (size_t)i * D, *dyi = dy + (size_t)i * D;
        float mean, rstd;  /* the statistics exactly as the forward pass computed them */
        tf_layernorm_stats(xi, D, eps, &mean, &rstd);
        if (dg)
            for (int d = 0; d < D; d++) {
                dg[d] += dyi[d] * ((xi[d] - mean) * rstd);
                db[d] += dyi[d];
            }
        if (!dx) continue;
        float s1 = 0.0f, s2 = 0.0f;
        for (int d = 0; d < D; d++) {
            float dxh = dyi[d] * g[d];
            s1 += dxh;
            s2 += dxh * ((xi[d] - mean) * rstd);
        }
        float m1 = s1 / (float)D, m2 = s2 / (float)D;
        float *dxi = dx + (size_t)i * D;
        for (int d = 0; d < D; d++)
            dxi[d] = (dyi[d] * g[d] - m1 - ((xi[d] - mean) * rstd) * m2) * rstd;
    }
}

void tf_softmax_backward(float *dx, const float *y, const float *dy, int n, int n_valid)
{
    float s = 0.0f;
    for (int j = 0; j < n_valid; j++) s += y[j] * dy[j];
    for (int j = 0; j < n_valid; j++) dx[j] = y[j] * (dy[j] - s);
    for (int j = n_valid; j < n; j++) dx[j] = 0.0f;
}

void tf_embed_backward(float *dtable, const float *dx, const int *ids, int T, int D)
{
    float scale = sqrtf((float)D);
    for (int t = 0; t < T; t++) {
        float *row = dtable + (size_t)ids[t] * D;
        const float *g = dx + (size_t)t * D;
        for (int d = 0; d < D; d++) row[d] += g[d] * scale;
    }
}

void tf_attend_head_backward(float *dq, int ldq, float *dk, float *dv, int ldkv, float *scratch,
                             const float *dcontext, int ldc, const float *q, const float *k,
                             const float *v, const float *weights, int Tq, int Tk, int Dk,
                             int key_len, int causal)
{
    float *ds = scratch, *vt = scratch + (size_t)Tq * Tk, scale = sqrtf((float)Dk);
    for (int j = 0; j < Tk; j++)
        for (int d = 0; d < Dk; d++) vt[(size_t)d * Tk + j] = v[(size_t)j * Dk + d];
    /* ∂/∂weights (Tq, Tk) = dcontext · vᵀ, each a sum over d */
    tf_matmul(ds, Tk, dcontext, (size_t)ldc, 1, vt, Tk, Tq, Dk, Tk, 0);
    for (int i = 0; i < Tq; i++) {
        int valid = key_len < Tk ? key_len : Tk;  /* as attend_task in forward.c */
        if (causal && i + 1 < valid) valid = i + 1;
        float *row = ds + (size_t)i * Tk;
        tf_softmax_backward(row, weights + (size_t)i * Tk, row, Tk, valid);
        for (int j = 0; j < valid; j++) row[j] /= scale;
    }
    /* dq = ds·k (sums over keys), dk = dsᵀ·q and dv = weightsᵀ·dcontext (sums over queries);
     * masked entries of ds and weights are 0 and add nothing */
    tf_matmul(dq, ldq, ds, (size_t)Tk, 1, k, Dk, Tq, Tk, Dk, 0);
    tf_matmul(dk, ldkv, ds, 1, (size_t)Tk, q, Dk, Tk, Tq, Dk, 0);
    tf_matmul(dv, ldkv, weights, 1, (size_t)Tk, dcontext, ldc, Tk, Tq, Dk, 0);
}

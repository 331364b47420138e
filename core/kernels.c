/* kernels.c — loops of the forward pass, and the matrix product that training's backward pass
 * shares with it. Vectorisable by the compiler across output columns only: every sum keeps its
 * own order, so no -ffast-math and no FMA contraction are needed or allowed (meson.build passes
 * -ffp-contract=off). */
#include "kernels.h"

#include <math.h>
#include <string.h>

/* Built three times where the compiler can (AVX-512, AVX2 and baseline), chosen at run time.
 * AVX-512 and AVX2 add only wider registers, no fused multiply-add: each lane does the same mul
 * then add, so every version gives the same bits (a training run built with clang, which makes
 * no clones, ends with the same weights). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WIDE
#endif

enum { RB = 4, CB = 16, CB1 = 64 };

/* out (4, W) (+)= A (4, T) · b (T, W), A's element (r, t) at a[r·sar + t·sat], for W = 16, 8 or 4:
 * a constant once inlined, so the block's sums stay in registers while each runs over t in
 * order. (Written out per row: GCC keeps c0…c3 in registers, a 2-D array it would not.) */
static inline __attribute__((always_inline)) void block4(float *out, int ldo, const float *a,
                                                         size_t sar, size_t sat, const float *b,
                                                         int ldb, int T, int acc, const int W)
{
    float c0[CB], c1[CB], c2[CB], c3[CB];
    float *o1 = out + ldo, *o2 = o1 + ldo, *o3 = o2 + ldo;
    for (int x = 0; x < W; x++) {
        c0[x] = acc ? out[x] : 0.0f;
        c1[x] = acc ? o1[x] : 0.0f;
        c2[x] = acc ? o2[x] : 0.0f;
        c3[x] = acc ? o3[x] : 0.0f;
    }
    for (int t = 0; t < T; t++) {
        const float *bt = b + (size_t)t * ldb, *at = a + (size_t)t * sat;
        float a0 = at[0], a1 = at[sar], a2 = at[2 * sar], a3 = at[3 * sar];
        for (int x = 0; x < W; x++) {
            c0[x] += a0 * bt[x];
            c1[x] += a1 * bt[x];
            c2[x] += a2 * bt[x];
            c3[x] += a3 * bt[x];
        }
    }
    memcpy(out, c0, (size_t)W * sizeof(float));
    memcpy(o1, c1, (size_t)W * sizeof(float));
    memcpy(o2, c2, (size_t)W * sizeof(float));
    memcpy(o3, c3, (size_t)W * sizeof(float));
}

/* the same for one row, up to 64 columns: a row alone has one chain of sums per column, so a
 * wide block keeps several vector registers' chains going at once (greedy decoding's rows) */
static inline __attribute__((always_inline)) void block1(float *out, const float *a, size_t sat,
                                                         const float *b, int ldb, int T, int acc,
                                                         const int W)
{
    float c0[CB1];
    for (int x = 0; x < W; x++) c0[x] = acc ? out[x] : 0.0f;
    for (int t = 0; t < T; t++) {
        const float *bt = b + (size_t)t * ldb;
        float a0 = a[(size_t)t * sat];
        for (int x = 0; x < W; x++) c0[x] += a0 * bt[x];
    }
    memcpy(out, c0, (size_t)W * sizeof(float));
}

/* The last 1–3 columns, one element at a time. Same sums, same order. */
static void block_edge(float *out, int ldo, const float *a, size_t sar, size_t sat,
                       const float *b, int ldb, int T, int rows, int cols, int acc)
{
    for (int r = 0; r < rows; r++)
        for (int x = 0; x < cols; x++) {
            float c = acc ? out[(size_t)r * ldo + x] : 0.0f;
            for (int t = 0; t < T; t++) c += a[r * sar + t * sat] * b[(size_t)t * ldb + x];
            out[(size_t)r * ldo + x] = c;
        }
}

/* rows [i, i + R) of out (R = 4 or 1), every column: blocks of 16, then 8, 4 and the last few */
static inline __attribute__((always_inline)) void row_block(float *oi, int ldo, const float *ai,
                                                            size_t sai, size_t sat,
                                                            const float *b, int ldb, int T,
                                                            int N, int acc, const int R)
{
    int j = 0;
    if (R == 1)
        for (; j + CB1 <= N; j += CB1) block1(oi + j, ai, sat, b + j, ldb, T, acc, CB1);
    for (; j + 16 <= N; j += 16)
        R == 4 ? block4(oi + j, ldo, ai, sai, sat, b + j, ldb, T, acc, 16)
               : block1(oi + j, ai, sat, b + j, ldb, T, acc, 16);
    if (j + 8 <= N) {
        R == 4 ? block4(oi + j, ldo, ai, sai, sat, b + j, ldb, T, acc, 8)
               : block1(oi + j, ai, sat, b + j, ldb, T, acc, 8);
        j += 8;
    }
    if (j + 4 <= N) {
        R == 4 ? block4(oi + j, ldo, ai, sai, sat, b + j, ldb, T, acc, 4)
               : block1(oi + j, ai, sat, b + j, ldb, T, acc, 4);
        j += 4;
    }
    if (j < N) block_edge(oi + j, ldo, ai, sai, sat, b + j, ldb, T, R, N - j, acc);
}

/* A block of 4 rows × 16 columns of out at a time keeps its sums in registers while t runs in
 * order: the same sums as one element at a time, much faster. */
WIDE void tf_matmul(float *out, int ldo, const float *a, size_t sai, size_t sat, const float *b,
                    int ldb, int M, int T, int N, int acc)
{
    int i = 0;
    for (; i + RB <= M; i += RB)
        row_block(out + (size_t)i * ldo, ldo, a + i * sai, sai, sat, b, ldb, T, N, acc, RB);
    for (; i < M; i++)
        row_block(out + (size_t)i * ldo, ldo, a + i * sai, sai, sat, b, ldb, T, N, acc, 1);
}

void tf_linear_forward(float *out, const float *x, const float *wt, const float *b, int M, int K,
                       int N)
{
    tf_linear_forward_ld(out, x, wt, N, b, M, K, N);
}

void tf_linear_forward_ld(float *out, const float *x, const float *wt, int ldw, const float *b,
                          int M, int K, int N)
{
    tf_matmul(out, N, x, (size_t)K, 1, wt, ldw, M, K, N, 0);
    if (b)
        for (int r = 0; r < M; r++) {
            float *o = out + (size_t)r * N;
            for (int j = 0; j < N; j++) o[j] += b[j];
        }
}

void tf_relu_forward(float *out, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void tf_add_forward(float *out, const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void tf_layernorm_stats(const float *x, int D, float eps, float *mean, float *rstd)
{
    float sum = 0.0f;
    for (int d = 0; d < D; d++) sum += x[d];
    float m = sum / (float)D;
    float var = 0.0f;
    for (int d = 0; d < D; d++) {
        float c = x[d] - m;
        var += c * c;
    }
    var /= (float)D;
    *mean = m;
    *rstd = 1.0f / sqrtf(var + eps);
}

void tf_layernorm_forward(float *out, const float *x, const float *g, const float *b, int M, int D,
                          float eps)
{
    for (int i = 0; i < M; i++) {
        const float *xi = x + (size_t)i * D;
        float *o = out + (size_t)i * D;
        float mean, rstd;
        tf_layernorm_stats(xi, D, eps, &mean, &rstd);
        for (int d = 0; d < D; d++) o[d] = (xi[d] - mean) * rstd * g[d] + b[d];
    }
}

void tf_softmax_forward(float *out, const float *x, int n, int n_valid)
{
    float mx = x[0];
    for (int j = 1; j < n_valid; j++) mx = x[j] > mx ? x[j] : mx;
    float sum = 0.0f;
    for (int j = 0; j < n_valid; j++) {
        out[j] = expf(x[j] - mx);
        sum += out[j];
    }
    for (int j = 0; j < n_valid; j++) out[j] /= sum;
    for (int j = n_valid; j < n; j++) out[j] = 0.0f;
}

void tf_posenc_forward(float *out, int p0, int T, int D)
{
    for (int i = 0; 2 * i < D; i++) {
        double wavelength = pow(10000.0, (2.0 * i) / (double)D);  /* the same for every row */
        for (int t = 0; t < T; t++) {
            double angle = (double)(p0 + t) / wavelength;
            out[(size_t)t * D + 2 * i] = (float)sin(angle);
            if (2 * i + 1 < D) out[(size_t)t * D + 2 * i + 1] = (float)cos(angle);
        }
    }
}

void tf_embed_forward(float *out, const float *table, const int *ids, int T, int D)
{
    float scale = sqrtf((float)D);
    for (int t = 0; t < T; t++) {
        const float *row = table + (size_t)ids[t] * D;
        for (int d = 0; d < D; d++) out[(size_t)t * D + d] = row[d] * scale;
    }
}

void tf_attend_row(float *scores, float *weights, float *context, const float *q, const float *k,
                   const float *v, int n_keys, int n_valid, int Dk, int ld, float scale)
{
    for (int j = 0; j < n_keys; j++) {
        const float *kj = k + (size_t)j * ld;
        float dot = 0.0f;
        for (int d = 0; d < Dk; d++) dot += q[d] * kj[d];
        scores[j] = dot / scale;
    }
    tf_softmax_forward(weights, scores, n_keys, n_valid);
    memset(context, 0, (size_t)Dk * sizeof *context);
    for (int j = 0; j < n_valid; j++) {
        const float *vj = v + (size_t)j * ld;
        float w = weights[j];
        for (int d = 0; d < Dk; d++) context[d] += w * vj[d];
    }
}

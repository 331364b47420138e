/* kernels.c — loops of the forward pass. Vectorisable by the compiler across output columns
 * only: every sum keeps its own order, so no -ffast-math and no FMA contraction are needed or
 * allowed (meson.build passes -ffp-contract=off). */
#include "kernels.h"

#include <math.h>
#include <string.h>

/* Built twice where the compiler can (AVX2 and baseline), chosen at run time. AVX2 here adds only
 * wider registers, no fused multiply-add: each lane does the same mul then add, so both versions
 * give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE __attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/* Four rows at a time share each loaded row of wt; each output still sums over k in order. */
WIDE static void linear_rows4(float *o0, float *o1, float *o2, float *o3, const float *x0,
                         const float *x1, const float *x2, const float *x3, const float *wt, int ldw, int K,
                         int N)
{
    memset(o0, 0, (size_t)N * sizeof *o0);
    memset(o1, 0, (size_t)N * sizeof *o1);
    memset(o2, 0, (size_t)N * sizeof *o2);
    memset(o3, 0, (size_t)N * sizeof *o3);
    for (int k = 0; k < K; k++) {
        const float *w = wt + (size_t)k * ldw;
        float a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
        for (int j = 0; j < N; j++) {
            o0[j] += a0 * w[j];
            o1[j] += a1 * w[j];
            o2[j] += a2 * w[j];
            o3[j] += a3 * w[j];
        }
    }
}

WIDE static void linear_row(float *o, const float *x, const float *wt, int ldw, int K, int N)
{
    memset(o, 0, (size_t)N * sizeof *o);
    for (int k = 0; k < K; k++) {
        const float *w = wt + (size_t)k * ldw;
        float a = x[k];
        for (int j = 0; j < N; j++) o[j] += a * w[j];
    }
}

void tf_linear_forward(float *out, const float *x, const float *wt, const float *b, int M, int K,
                       int N)
{
    tf_linear_forward_ld(out, x, wt, N, b, M, K, N);
}

void tf_linear_forward_ld(float *out, const float *x, const float *wt, int ldw, const float *b,
                          int M, int K, int N)
{
    int i = 0;
    for (; i + 4 <= M; i += 4) {
        float *o = out + (size_t)i * N;
        const float *xi = x + (size_t)i * K;
        linear_rows4(o, o + N, o + 2 * (size_t)N, o + 3 * (size_t)N, xi, xi + K, xi + 2 * (size_t)K,
                     xi + 3 * (size_t)K, wt, ldw, K, N);
    }
    for (; i < M; i++) linear_row(out + (size_t)i * N, x + (size_t)i * K, wt, ldw, K, N);
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

void tf_layernorm_forward(float *out, const float *x, const float *g, const float *b, int M, int D,
                          float eps)
{
    for (int i = 0; i < M; i++) {
        const float *xi = x + (size_t)i * D;
        float *o = out + (size_t)i * D;
        float sum = 0.0f;
        for (int d = 0; d < D; d++) sum += xi[d];
        float mean = sum / (float)D;
        float var = 0.0f;
        for (int d = 0; d < D; d++) {
            float c = xi[d] - mean;
            var += c * c;
        }
        var /= (float)D;
        float rstd = 1.0f / sqrtf(var + eps);
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
    for (int t = 0; t < T; t++)
        for (int i = 0; 2 * i < D; i++) {
            double angle = (double)(p0 + t) / pow(10000.0, (2.0 * i) / (double)D);
            out[(size_t)t * D + 2 * i] = (float)sin(angle);
            if (2 * i + 1 < D) out[(size_t)t * D + 2 * i + 1] = (float)cos(angle);
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
                   const float *v, int n_keys, int n_valid, int Dk, int ld)
{
    float scale = sqrtf((float)Dk);
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

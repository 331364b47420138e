/* bench_train.c — times training steps of the core API (tf_train_step: forward in training mode,
 * loss, backward, Adam) on a fixed random batch, in process, and prints the median step time and
 * target tokens per second. The model and batch match tests/bench/torch_train.py: D=64, H=8,
 * 2+2 layers, F=256, vocabularies of 300, untied generator with bias, B=32 pairs of 15–20 tokens.
 * Benchmark only, not a test. usage: bench_train [threads] [steps] [batch] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "train.h"

enum { V = 300, LEN = 20, MAX_B = 256 };

static uint64_t rng = 5;

static int next(int n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((rng >> 33) % (uint64_t)n);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 1, steps = argc > 2 ? atoi(argv[2]) : 40;
    int B = argc > 3 ? atoi(argv[3]) : 32;
    if (threads < 1 || steps < 1 || B < 1 || B > MAX_B) {
        fprintf(stderr, "usage: bench_train [threads] [steps] [batch <= %d]\n", MAX_B);
        return 1;
    }
    char *tok[V];
    static const char *special[4] = {"<pad>", "<unk>", "<bos>", "<eos>"};
    for (int i = 0; i < V; i++) {
        tok[i] = malloc(16);
        if (i < 4) snprintf(tok[i], 16, "%s", special[i]);
        else snprintf(tok[i], 16, "w%d", i);
    }
    tf_Vocab voc;
    tf_Err err;
    if (tf_vocab_from_list(&voc, (const char *const *)tok, V, "bench", &err)) return 2;
    tf_Config cfg = {.d_model = 64, .nhead = 8, .n_enc = 2, .n_dec = 2, .d_ff = 256,
                     .ln_eps = 1e-5f, .max_len = 64, .has_gen_bias = true};
    tf_Model m;
    tf_model_init(&m, &cfg, &voc, &voc);
    tf_weights_init(&m, 1, false);
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    tf_TrainState st;
    if (tf_train_init(&st, &m, &tc, &err)) return 2;

    static int src[MAX_B * LEN], tgt[MAX_B * LEN], src_len[MAX_B], tgt_len[MAX_B];
    long n_tok = 0;
    for (int i = 0; i < B; i++) {
        src_len[i] = 15 + next(6);
        tgt_len[i] = 15 + next(6);
        n_tok += tgt_len[i];
        for (int t = 0; t < LEN; t++) {
            src[i * LEN + t] = t < src_len[i] ? 4 + next(V - 4) : 0;
            tgt[i * LEN + t] = t == 0 ? 2 : t < tgt_len[i] ? 4 + next(V - 4) : 0;
        }
    }
    tf_Batch b = {B, LEN, LEN, src, tgt, src_len, tgt_len, NULL};
    tf_Pool *pool = tf_pool_new(threads);
    double *ms = malloc(sizeof(double) * (size_t)steps);
    tf_LossStats ls;
    for (int s = -3; s < steps; s++) {
        double t0 = bench_ms(CLOCK_MONOTONIC);
        if (tf_train_step(&m, &st, &b, pool, &ls, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        if (s >= 0) ms[s] = bench_ms(CLOCK_MONOTONIC) - t0;
    }
    qsort(ms, (size_t)steps, sizeof *ms, bench_cmp_ms);
    double med = ms[steps / 2];
    printf("tfscope_train threads=%d batch=%d target_tokens=%ld step_ms median=%.2f p10=%.2f "
           "p90=%.2f tokens_per_s=%.0f loss=%.3f\n", threads, B, n_tok, med, ms[steps / 10],
           ms[steps * 9 / 10], (double)n_tok / med * 1e3, ls.loss);
    tf_pool_free(pool);
    tf_train_free(&st);
    tf_model_free(&m);
    tf_vocab_free(&voc);
    for (int i = 0; i < V; i++) free(tok[i]);
    free(ms);
    return 0;
}

/* bench_forward.c — times the teacher-forced forward pass with full trace recording, in process:
 * from token ids to a finished trace in memory (forward into the trace's arena, token lists), no
 * file I/O. The arena is allocated once and reset per pass, as the window does.
 * Benchmark only, not a test. usage: bench_forward MODEL "SRC" "TGT" [reps] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "forward.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_forward MODEL SRC TGT [reps]\n");
        return 1;
    }
    int reps = argc > 4 ? atoi(argv[4]) : 200;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 2;
    fseek(f, 0, SEEK_END);
    size_t len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(len);
    if (fread(buf, 1, len, f) != len) return 2;
    fclose(f);
    tf_Model m;
    tf_Err err;
    if (tf_model_load(buf, len, &m, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    int *src, S, *t, nt;
    if (tf_tokenize(&m.src_vocab, argv[2], &src, &S, &err) ||
        tf_tokenize(&m.tgt_vocab, argv[3], &t, &nt, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    int T = nt + 1, *tgt = malloc(sizeof(int) * (size_t)T);
    tgt[0] = m.tgt_vocab.bos;
    memcpy(tgt + 1, t, sizeof(int) * (size_t)nt);
    double *ms = malloc(sizeof(double) * (size_t)reps);
    tf_Trace tr;
    tf_forward_trace_alloc(&tr, &m.cfg, 1, S, T);
    tf_Batch b = {1, S, T, src, tgt, NULL, NULL, NULL};
    for (int r = -20; r < reps; r++) {
        double t0 = bench_ms(CLOCK_MONOTONIC);
        tf_forward(&m, &tr, &b, NULL);
        tf_trace_set_tokens(&tr, &m.src_vocab, src, S, &m.tgt_vocab, tgt, T);
        double t1 = bench_ms(CLOCK_MONOTONIC);
        if (r >= 0) ms[r] = t1 - t0;
    }
    tf_trace_free(&tr);
    qsort(ms, (size_t)reps, sizeof *ms, bench_cmp_ms);
    printf("tfscope_forward_trace_ms median=%.3f p10=%.3f p90=%.3f (S=%d T=%d, %d runs)\n",
           ms[reps / 2], ms[reps / 10], ms[reps * 9 / 10], S, T, reps);
    free(ms), free(src), free(t), free(tgt), free(buf);
    tf_model_free(&m);
    return 0;
}

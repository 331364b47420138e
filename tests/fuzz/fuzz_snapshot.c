/* fuzz_snapshot.c — libFuzzer target: arbitrary bytes as one file of a snapshot folder (what the
 * window's and the lesson checker's snapshot loaders read): a trace, or else a model that a short
 * sentence is run through. Either reader refuses the bytes with a message or accepts them; an
 * accepted model runs a forward pass whose every tensor is finite or not, but in bounds. */
#include <stdio.h>
#include <stdlib.h>

#include "forward.h"
#include "fuzz.h"
#include "model.h"

static void must(int ok, const char *what, const tf_Err *err)
{
    if (ok) return;
    fprintf(stderr, "fuzz_snapshot: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
    abort();
}

int tf_fuzz_snapshot(const uint8_t *data, size_t size)
{
    tf_Trace tr;
    tf_Err err = {{0}}, merr = {{0}};
    if (tf_trace_load(data, size, &tr, &err) == TF_OK) {
        tf_trace_free(&tr);
        return 0;
    }
    must(err.msg[0] != 0, "a refused trace comes with a message", NULL);
    tf_Model m;
    if (tf_model_load(data, size, &m, &merr) != TF_OK) {
        must(merr.msg[0] != 0, "a refused model comes with a message", NULL);
        return 0;
    }
    /* the window runs the sentence on screen through a model snapshot: three tokens each side */
    int S = m.cfg.max_len < 3 ? m.cfg.max_len : 3, T = S;
    int src[3], tgt[3];
    for (int i = 0; i < 3; i++) {
        src[i] = i % m.cfg.src_vocab;
        tgt[i] = i % m.cfg.tgt_vocab;
    }
    if (S >= 1) {
        tf_Batch b = {1, S, T, src, tgt, &S, &T, NULL};
        tf_forward_trace_alloc(&tr, &m.cfg, 1, S, T);
        tf_forward(&m, &tr, &b, NULL);
        must(tf_trace_get(&tr, "probs") != NULL, "a forward pass ends in probabilities", NULL);
        tf_trace_free(&tr);
    }
    tf_model_free(&m);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_snapshot(data, size); }
#endif

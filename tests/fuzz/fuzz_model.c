/* fuzz_model.c — libFuzzer target: arbitrary bytes as a model file. The loader must refuse them
 * with a message or accept them, and whatever it accepts must also run: tokenize, trace a short
 * sentence, save the trace and read it back, decode a few tokens, save the model and load it back.
 * Not a check of the numbers (the reference tests do that); a weight of 1e38 may well give Inf. */
#include <stdio.h>
#include <stdlib.h>

#include "forward.h"
#include "fuzz.h"

static void must(int ok, const char *what, const tf_Err *err)
{
    if (ok) return;
    fprintf(stderr, "fuzz_model: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
    abort();
}

static void trace_round_trip(const tf_Model *m, const int *src, int S)
{
    int tgt[3] = {m->tgt_vocab.bos, m->tgt_vocab.eos, m->tgt_vocab.unk};
    int T = m->cfg.max_len < 3 ? m->cfg.max_len : 3;
    tf_Trace tr, back;
    tf_Err err;
    must(tf_trace_sentence(m, src, S, tgt, T, NULL, &tr, &err) == TF_OK, "trace", &err);
    tf_trace_set_model(&tr, "fuzz.safetensors", "");
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    must(tf_trace_load(bytes, len, &back, &err) == TF_OK, "a saved trace loads back", &err);
    must(back.n_nodes == tr.n_nodes, "a saved trace keeps its steps", NULL);
    tf_trace_free(&back);
    free(bytes);
    tf_trace_free(&tr);
}

static void model_round_trip(const tf_Model *m)
{
    uint8_t *bytes;
    size_t len;
    tf_Model back;
    tf_Err err;
    tf_model_save(m, &bytes, &len);
    must(tf_model_load(bytes, len, &back, &err) == TF_OK, "a saved model loads back", &err);
    tf_model_free(&back);
    free(bytes);
}

int tf_fuzz_model(const uint8_t *data, size_t size)
{
    tf_Model m;
    tf_Err err = {{0}};
    if (tf_model_load(data, size, &m, &err) != TF_OK) {
        must(err.msg[0] != 0, "a refused model comes with a message", NULL);
        return 0;
    }
    int *src = NULL, S = 0;
    if (tf_tokenize(&m.src_vocab, "s0 s1 <unk>", &src, &S, &err) != TF_OK) {
        src = malloc(sizeof *src);
        must(src != NULL, "malloc", NULL);
        src[0] = m.src_vocab.unk;
        S = 1;
    }
    if (S > m.cfg.max_len) S = m.cfg.max_len;
    trace_round_trip(&m, src, S);
    int *out;
    int n = tf_greedy_decode(&m, src, S, 4, &out, NULL);
    must(n >= 1 && n <= 4, "greedy decoding gives 1 to max_out tokens", NULL);
    free(out);
    model_round_trip(&m);
    free(src);
    tf_model_free(&m);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_model(data, size); }
#endif

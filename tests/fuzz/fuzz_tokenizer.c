/* fuzz_tokenizer.c — libFuzzer target: arbitrary bytes as source text (up to the first NUL).
 * Tokenized twice: against a vocabulary with capitals, punctuation and Hangul, which exercises
 * the lower-case and punctuation-splitting fallback, and against a fixture model, whose accepted
 * sentences are then decoded (a few tokens) and traced. Not a check of the translations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward.h"
#include "fuzz.h"

#define MODEL_PATH TF_TESTS_DIR "/fixtures/ref/post_d8_h1.model.safetensors"

static const char *const RICH[] = {
    "<pad>", "<unk>", "<bos>", "<eos>", "hello", "Hello", "world", "the", "a", "i", "don't",
    "e.g.", ",", ".", "!", "?", "'", "\"", "(", ")", "-", "--", ":", "사과", "를", "먹었다", "s0",
};

static tf_Model model;
static tf_Vocab rich;

static void must(int ok, const char *what, const tf_Err *err)
{
    if (ok) return;
    fprintf(stderr, "fuzz_tokenizer: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
    abort();
}

static void setup(void)
{
    static int done;
    if (done) return;
    done = 1;
    FILE *f = fopen(MODEL_PATH, "rb");
    must(f != NULL, "cannot open " MODEL_PATH, NULL);
    static uint8_t buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    tf_Err err;
    must(tf_model_load(buf, len, &model, &err) == TF_OK, MODEL_PATH, &err);
    must(tf_vocab_from_list(&rich, RICH, (int)(sizeof RICH / sizeof RICH[0]), "rich", &err) ==
         TF_OK, "rich vocabulary", &err);
}

static void check_ids(const tf_Vocab *v, const int *ids, int n)
{
    must(n >= 1, "an accepted text has tokens", NULL);
    for (int i = 0; i < n; i++) must(ids[i] >= 0 && ids[i] < v->n, "token ids in range", NULL);
}

/* Refused text must say why; accepted text gives ids of the vocabulary. */
static int tokenize(const tf_Vocab *v, const char *text, int **ids, int *n)
{
    tf_Err err = {{0}};
    if (tf_tokenize(v, text, ids, n, &err) != TF_OK) {
        must(err.msg[0] != 0, "a refused text comes with a message", NULL);
        return 0;
    }
    check_ids(v, *ids, *n);
    return 1;
}

static void decode_and_trace(const int *src, int S)
{
    tf_Err err;
    if (tf_check_sequence(&model, src, S, 0, &err) != TF_OK) return;
    int *out, tgt[8];
    int n = tf_greedy_decode(&model, src, S, 6, &out, NULL);
    must(n >= 1 && n <= 6, "greedy decoding gives 1 to max_out tokens", NULL);
    check_ids(&model.tgt_vocab, out, n);
    tgt[0] = model.tgt_vocab.bos;
    memcpy(tgt + 1, out, (size_t)n * sizeof *out);
    free(out);
    tf_Trace tr;
    must(tf_trace_sentence(&model, src, S, tgt, n + 1, NULL, &tr, &err) == TF_OK, "trace", &err);
    tf_trace_free(&tr);
}

int tf_fuzz_tokenizer(const uint8_t *data, size_t size)
{
    setup();
    char *text = malloc(size + 1);
    must(text != NULL, "malloc", NULL);
    memcpy(text, data, size);
    text[size] = 0;
    int *ids, n;
    if (tokenize(&rich, text, &ids, &n)) free(ids);
    if (tokenize(&model.tgt_vocab, text, &ids, &n)) free(ids);
    if (tokenize(&model.src_vocab, text, &ids, &n)) {
        decode_and_trace(ids, n);
        free(ids);
    }
    free(text);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_tokenizer(data, size); }
#endif

/* make_hostile.c — writes the files test_hostile.sh attacks tfscope with, from real ones, so that
 * the script needs nothing but a shell:
 *     make_hostile poison CHECKPOINT OUT WHAT     a checkpoint with one thing wrong: weights-nan,
 *                                               adam-m-inf, adam-v-negative, step=VALUE,
 *                                               META=VALUE (any metadata key)
 *     make_hostile steps N OUT                  a 1-tensor trace that lists N empty steps
 *     make_hostile tensors N OUT                a model-shaped header with N empty tensors
 * Not a test itself. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safetensors.h"

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    *len = b ? fread(b, 1, (size_t)n, f) : 0;
    fclose(f);
    return b;
}

static int write_file(const char *path, const uint8_t *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "make_hostile: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int poison(const char *in, const char *out, const char *what)
{
    size_t len;
    uint8_t *b = read_file(in, &len);
    tf_St st;
    tf_Err err;
    if (!b || tf_st_parse(b, len, &st, &err) != TF_OK) {
        fprintf(stderr, "make_hostile: %s: not a safetensors file\n", in);
        return 1;
    }
    const char *eq = strchr(what, '=');
    tf_StWriter *w = tf_stw_new();
    for (int i = 0; i < st.n_meta; i++) {
        const char *v = st.meta[i].value;
        if (eq && !strncmp(st.meta[i].key, what, (size_t)(eq - what)) &&
            !st.meta[i].key[eq - what])
            v = eq + 1;
        tf_stw_meta(w, st.meta[i].key, v);
    }
    for (int i = 0; i < st.n_tensors; i++) {
        const tf_StTensor *t = &st.tensors[i];
        float *data = malloc(t->nbytes ? t->nbytes : 1);
        memcpy(data, t->data, t->nbytes);
        size_t mid = (size_t)t->numel / 2;
        if (!strcmp(what, "weights-nan") && !strcmp(t->name, "weights")) data[mid] = NAN;
        if (!strcmp(what, "adam-m-inf") && !strcmp(t->name, "adam_m")) data[mid] = INFINITY;
        if (!strcmp(what, "adam-v-negative") && !strcmp(t->name, "adam_v")) data[mid] = -1;
        tf_stw_add(w, t->name, t->dtype, t->ndim, t->shape, data);
        free(data);
    }
    uint8_t *o;
    size_t olen;
    tf_stw_finish(w, &o, &olen);
    int rc = write_file(out, o, olen);
    free(o);
    tf_st_free(&st);
    free(b);
    return rc;
}

/* The header text h (with its length) and data bytes of zeros. */
static int raw(const char *out, const char *h, size_t data)
{
    size_t hl = strlen(h), len = 8 + hl + data;
    uint8_t *b = calloc(1, len);
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)((uint64_t)hl >> (8 * i));
    memcpy(b + 8, h, hl);
    int rc = write_file(out, b, len);
    free(b);
    return rc;
}

static int steps(long n, const char *out)
{
    char *h = malloc(3 * (size_t)n + 512);
    size_t k = (size_t)sprintf(h, "{\"__metadata__\":{\"format\":\"tfscope-trace\",\"d_model\":\"8\","
                               "\"nhead\":\"1\",\"num_encoder_layers\":\"1\",\"num_decoder_layers\":"
                               "\"1\",\"dim_feedforward\":\"8\",\"layer_norm_eps\":\"1e-5\","
                               "\"src_tokens\":\"[]\",\"tgt_tokens\":\"[]\",\"steps\":\"[");
    for (long i = 0; i < n; i++) k += (size_t)sprintf(h + k, i ? ",{}" : "{}");
    sprintf(h + k, "]\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
    int rc = raw(out, h, 4);
    free(h);
    return rc;
}

static int tensors(long n, const char *out)
{
    char *h = malloc(64 * (size_t)n + 64);
    size_t k = (size_t)sprintf(h, "{\"__metadata__\":{\"d_model\":\"8\"}");
    for (long i = 0; i < n; i++)
        k += (size_t)sprintf(h + k, ",\"t%ld\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}", i);
    sprintf(h + k, "}");
    int rc = raw(out, h, 0);
    free(h);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "poison")) return poison(argv[2], argv[3], argv[4]);
    if (argc == 4 && !strcmp(argv[1], "steps")) return steps(atol(argv[2]), argv[3]);
    if (argc == 4 && !strcmp(argv[1], "tensors")) return tensors(atol(argv[2]), argv[3]);
    fprintf(stderr, "usage: make_hostile poison CKPT OUT WHAT | steps N OUT | tensors N OUT\n");
    return 1;
}

/* cmd_trace.c — `tfscope trace`: one sentence through the model, every tensor saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

static const char *USAGE =
    "usage: tfscope trace [--model M] --src TEXT [--tgt TEXT] --out FILE [--threads K]\n\n"
    "Runs the English sentence TEXT through the model and writes every intermediate tensor\n"
    "(embeddings, Q/K/V, scores, attention weights, residuals, norms, FFN, logits) to FILE,\n"
    "a safetensors trace that `tfscope view`, `tfscope inspect` and any safetensors reader open.\n\n"
    "  --model M     model file (default: the bundled model)\n"
    "  --src TEXT    the source sentence\n"
    "  --tgt TEXT    the target tokens to teacher-force; without it the model's own greedy\n"
    "                translation is decoded first and traced\n"
    "  --out FILE    where to write the trace (written atomically)\n"
    "  --threads K   worker threads (default 1); the trace is identical for every K\n";

/* Decoder input: <bos> + the --tgt tokens, or + the greedy translation (without <eos>). */
static bool decoder_input(const tf_Model *m, const char *tgt, const int *src, int S, int **ids,
                          int *T)
{
    int *toks = NULL, n = 0;
    if (tgt) {
        tf_Err err;
        if (*tgt && strspn(tgt, " \t\r\n") != strlen(tgt) &&
            tf_tokenize(&m->tgt_vocab, tgt, &toks, &n, &err) != TF_OK) {
            fprintf(stderr, "tfscope trace: --tgt: %s\n", err.msg);
            return false;
        }
    } else {
        n = tf_greedy_decode(m, src, S, m->cfg.max_len, &toks, NULL);
        if (n > 0 && toks[n - 1] == m->tgt_vocab.eos) n--;
        if (n >= m->cfg.max_len) n = m->cfg.max_len - 1;
    }
    *ids = tf_xmalloc((size_t)(n + 1) * sizeof **ids);
    (*ids)[0] = m->tgt_vocab.bos;
    if (n) memcpy(*ids + 1, toks, (size_t)n * sizeof *toks);
    *T = n + 1;
    free(toks);
    return true;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int run(const char *model_path, const char *src_text, const char *tgt_text,
               const char *out, int threads)
{
    tf_Model m;
    char sha[65];
    if (!app_load_model(model_path, &m, sha)) return EXIT_BAD_INPUT;
    int code = EXIT_BAD_INPUT, *src = NULL, *tgt = NULL, S = 0, T = 0;
    tf_Err err;
    tf_Trace tr = {0};
    tf_Pool *pool = NULL;
    if (tf_tokenize(&m.src_vocab, src_text, &src, &S, &err) != TF_OK) {
        fprintf(stderr, "tfscope trace: --src: %s\n", err.msg);
        goto done;
    }
    if (tf_check_sequence(&m, src, S, 0, &err) != TF_OK) {
        fprintf(stderr, "tfscope trace: --src: %s\n", err.msg);
        goto done;
    }
    if (!decoder_input(&m, tgt_text, src, S, &tgt, &T)) goto done;
    pool = tf_pool_new(threads);
    if (tf_trace_sentence(&m, src, S, tgt, T, pool, &tr, &err) != TF_OK) {
        fprintf(stderr, "tfscope trace: %s\n", err.msg);
        goto done;
    }
    tf_trace_set_model(&tr, base_name(model_path), sha);
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    bool ok = app_write_atomic(out, bytes, len);
    free(bytes);
    if (ok) {
        printf("%s: %d tensors, %d source tokens, %d decoder positions\n", out, tr.n_nodes, S, T);
        code = EXIT_OK;
    }
done:
    tf_pool_free(pool);
    tf_trace_free(&tr);
    free(src);
    free(tgt);
    tf_model_free(&m);
    return code;
}

int cmd_trace(int argc, char **argv)
{
    const char *model = NULL, *src = NULL, *tgt = NULL, *out = NULL, *threads_s = NULL;
    app_Opt opts[] = {{"model", true, &model}, {"src", true, &src}, {"tgt", true, &tgt},
                      {"out", true, &out},     {"threads", true, &threads_s}};
    const char *pos[1];
    int n_pos, threads = 1;
    bool help;
    if (!app_parse_opts(argc, argv, opts, 5, pos, 0, &n_pos, &help)) return EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (!src || !out) {
        fprintf(stderr, "tfscope trace: %s is required\n\n%s", !src ? "--src" : "--out", USAGE);
        return EXIT_USAGE;
    }
    if (threads_s && !app_parse_int("threads", threads_s, 1, 256, &threads)) return EXIT_USAGE;
    return run(model ? model : app_default_model(), src, tgt, out, threads);
}

/* cli_run_text.c — a sentence typed by the user, through the model, into a trace: tokenise, check
 * the length limit, pick the decoder input (the given target, or the model's own greedy
 * translation), run the traced pass. Shared by `trace`, `export` and the window, so that they
 * agree on what a sentence means. Messages go to stderr prefixed with the command's name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Decoder input: <bos> + the tgt tokens (too many is an error, reported by the traced pass),
 * or + the greedy translation without its <eos>. */
static bool decoder_input(const char *cmd, const tf_Model *m, const char *tgt, const int *src,
                          int S, int **ids, int *T)
{
    int *toks = NULL, n = 0;
    tf_Err err;
    if (tgt && strspn(tgt, " \t\r\n") != strlen(tgt)) {
        if (tf_tokenize(&m->tgt_vocab, tgt, &toks, &n, &err) != TF_OK) {
            fprintf(stderr, "tfscope %s: --tgt: %s\n", cmd, err.msg);
            return false;
        }
    } else if (!tgt) {
        n = tf_greedy_decode(m, src, S, m->cfg.max_len, &toks, NULL);
        if (n > 0 && toks[n - 1] == m->tgt_vocab.eos) n--;
        if (n >= m->cfg.max_len) n = m->cfg.max_len - 1;  /* room for <bos> */
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

bool cli_trace_text(const char *cmd, const tf_Model *m, const char *model_path,
                    const char *sha256, const char *src_text, const char *tgt_text,
                    tf_Pool *pool, tf_Trace *tr)
{
    int *src = NULL, *tgt = NULL, S = 0, T = 0;
    tf_Err err;
    bool ok = false;
    if (tf_tokenize(&m->src_vocab, src_text, &src, &S, &err) != TF_OK ||
        tf_check_sequence(m, src, S, 0, &err) != TF_OK) {
        fprintf(stderr, "tfscope %s: --src: %s\n", cmd, err.msg);
        goto done;
    }
    if (!decoder_input(cmd, m, tgt_text, src, S, &tgt, &T)) goto done;
    if (tf_trace_sentence(m, src, S, tgt, T, pool, tr, &err) != TF_OK) {
        fprintf(stderr, "tfscope %s: %s\n", cmd, err.msg);
        goto done;
    }
    tf_trace_set_model(tr, base_name(model_path), sha256);
    ok = true;
done:
    free(src);
    free(tgt);
    return ok;
}

void cli_join_tokens(char *const *toks, int n, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used + 1 < cap; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? " " : "", toks[i]);
        if (k < 0) break;
        used += (size_t)k < cap - used ? (size_t)k : cap - used - 1;
    }
}

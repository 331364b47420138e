/* cli_run_text.c — a sentence typed by the user, through the model, into a trace: tokenise, check
 * the length limit, pick the decoder input (the given target, or the model's own greedy
 * translation), run the traced pass. Shared by `trace`, `export` and the window, so that they
 * agree on what a sentence means. Messages go to stderr prefixed with the command's name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Decoder input: <bos> + the tgt tokens (too many is an error, reported by the traced pass),
 * or + the model's translation without its <eos>: greedy, or a beam search recorded in log
 * (run->beam ≥ 1), with the run's interventions but the mask (decoding needs it). */
static bool decoder_input(const char *cmd, const tf_Model *m, const char *tgt, const int *src,
                          int S, const cli_Run *run, tf_BeamLog *log, int **ids, int *T)
{
    int *toks = NULL, n = 0;
    tf_Err err;
    if (tgt && strspn(tgt, " \t\r\n") != strlen(tgt)) {
        if (tf_tokenize(&m->tgt_vocab, tgt, &toks, &n, &err) != TF_OK) {
            fprintf(stderr, "tfscope %s: --tgt: %s\n", cmd, err.msg);
            return false;
        }
    } else if (!tgt) {
        tf_Interv *iv = tf_xcalloc(1, sizeof *iv);
        if (run && run->iv) *iv = *run->iv;
        iv->no_mask = false;
        n = run && run->beam > 0
                ? tf_beam_decode_with(m, iv, src, S, m->cfg.max_len, run->beam, 0.6, &toks, log)
                : tf_greedy_decode_with(m, iv, src, S, m->cfg.max_len, &toks, NULL);
        free(iv);
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
                    cli_Digest *digest, const char *src_text, const char *tgt_text,
                    const cli_Run *run, tf_Pool *pool, tf_Trace *tr)
{
    int *src = NULL, *tgt = NULL, S = 0, T = 0;
    tf_Err err;
    bool ok = false;
    tf_BeamLog log = {0};
    if (tf_tokenize(&m->src_vocab, src_text, &src, &S, &err) != TF_OK ||
        tf_check_sequence(m, src, S, 0, &err) != TF_OK) {
        fprintf(stderr, "tfscope %s: --src: %s\n", cmd, err.msg);
        goto done;
    }
    if (!decoder_input(cmd, m, tgt_text, src, S, run, &log, &tgt, &T)) goto done;
    if (tf_trace_sentence_with(m, run ? run->iv : NULL, src, S, tgt, T, pool, tr, &err) != TF_OK) {
        fprintf(stderr, "tfscope %s: %s\n", cmd, err.msg);
        goto done;
    }
    tf_trace_set_model(tr, base_name(model_path), digest ? cli_digest_hex(digest) : NULL);
    if (log.n) tf_trace_set_beam(tr, &log, &m->tgt_vocab);
    ok = true;
done:
    tf_beam_log_free(&log);
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

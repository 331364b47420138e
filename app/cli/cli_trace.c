/* cli_trace.c — `tfscope trace`: one sentence through the model, every tensor saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *USAGE_HEAD =
    "usage: tfscope trace [--model M] --src TEXT [--tgt TEXT | --beam K] --out FILE [--threads K]\n"
    "                     [--ablate SPEC] [--no-pos] [--no-mask] [--no-scale]\n\n"
    "Runs the English sentence TEXT through the model and writes every intermediate tensor\n"
    "(embeddings, Q/K/V, scores, attention weights, residuals, norms, FFN, logits) to FILE,\n"
    "a safetensors trace that `tfscope view`, `tfscope inspect` and any safetensors reader open.\n\n"
    "  --model M     model file (default: the bundled model)\n"
    "  --src TEXT    the source sentence\n"
    "  --tgt TEXT    the target tokens to teacher-force; without it the model's own greedy\n"
    "                translation is decoded first and traced\n"
    "  --beam K      decode the translation by beam search with K beams (K = 1: greedy) and keep\n"
    "                the search in the trace: each step's hypotheses, their log-probabilities\n"
    "                and length-penalised scores, which went on and which were pruned\n"
    "  --out FILE    where to write the trace (written atomically; - for standard output)\n"
    "  --threads K   worker threads (default 1); the trace is identical for every K\n\n"
    "Interventions (the trace lists them; without --tgt the translation is decoded with all of\n"
    "them but --no-mask, then traced with every one):\n";

static int run(const char *model_path, const char *src_text, const char *tgt_text,
               const char *out, int threads, const cli_IntervArgs *ia, int beam)
{
    tf_Model m;
    cli_Digest digest;  /* hashed while the sentence runs */
    if (!cli_load_model_digest(model_path, &m, &digest)) return CLI_EXIT_BAD_INPUT;
    int code = CLI_EXIT_BAD_INPUT;
    tf_Trace tr = {0};
    tf_Pool *pool = tf_pool_new(threads);
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    cli_Run how = {iv, beam};
    if (!cli_interv_build("trace", ia, &m.cfg, false, iv) ||
        !cli_trace_text("trace", &m, model_path, &digest, src_text, tgt_text, &how, pool, &tr))
        goto done;
    uint8_t *head;
    const void *data;
    size_t head_len, data_len;
    tf_trace_save_parts(&tr, &head, &head_len, &data, &data_len);
    bool ok = cli_write_atomic_parts(out, (const void *[]){head, data},
                                     (size_t[]){head_len, data_len}, 2);
    free(head);
    if (ok) {
        /* the trace itself may be on standard output */
        fprintf(strcmp(out, "-") ? stdout : stderr, "%s: %d tensors, %d source tokens, %d "
                "decoder positions\n", out, tr.n_nodes, tr.n_src, tr.n_tgt);
        code = CLI_EXIT_OK;
    }
done:
    cli_digest_end(&digest);
    free(iv);
    tf_pool_free(pool);
    tf_trace_free(&tr);
    tf_model_free(&m);
    return code;
}

int cli_trace_cmd(int argc, char **argv)
{
    const char *model = NULL, *src = NULL, *tgt = NULL, *out = NULL, *threads_s = NULL,
               *beam_s = NULL;
    cli_IntervArgs ia = {0};
    cli_Opt opts[] = {{"model", true, &model},   {"src", true, &src},
                      {"tgt", true, &tgt},       {"out", true, &out},
                      {"threads", true, &threads_s}, {"beam", true, &beam_s},
                      CLI_INTERV_OPTS(ia)};
    const char *pos[1];
    int n_pos, threads = 1, beam = 0;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 6 + CLI_N_INTERV_OPTS, pos, 0, &n_pos, &help))
        return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s", USAGE_HEAD, CLI_INTERV_USAGE);
        return CLI_EXIT_OK;
    }
    if (!src || !out) {
        fprintf(stderr, "tfscope trace: %s is required\n\n%s%s", !src ? "--src" : "--out",
                USAGE_HEAD, CLI_INTERV_USAGE);
        return CLI_EXIT_USAGE;
    }
    if (beam_s && tgt) {
        fprintf(stderr, "tfscope trace: --beam decodes the translation; it does not go with --tgt\n");
        return CLI_EXIT_USAGE;
    }
    if ((threads_s && !cli_parse_int("threads", threads_s, 1, 256, &threads)) ||
        (beam_s && !cli_parse_int("beam", beam_s, 1, 64, &beam)))
        return CLI_EXIT_USAGE;
    if (!model) model = cli_default_model();
    cli_Path o = {"--out", out, CLI_PATH_STDOUT}, in = {"--model", model, 0};
    int rc = cli_output_check("trace", &o, 1, &in, 1);
    return rc ? rc : run(model, src, tgt, out, threads, &ia, beam);
}

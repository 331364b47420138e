/* cli_trace.c — `tfscope trace`: one sentence through the model, every tensor saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

static int run(const char *model_path, const char *src_text, const char *tgt_text,
               const char *out, int threads)
{
    tf_Model m;
    char sha[65];
    if (!cli_load_model(model_path, &m, sha)) return CLI_EXIT_BAD_INPUT;
    int code = CLI_EXIT_BAD_INPUT;
    tf_Trace tr = {0};
    tf_Pool *pool = tf_pool_new(threads);
    if (!cli_trace_text("trace", &m, model_path, sha, src_text, tgt_text, pool, &tr)) goto done;
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    bool ok = cli_write_atomic(out, bytes, len);
    free(bytes);
    if (ok) {
        printf("%s: %d tensors, %d source tokens, %d decoder positions\n", out, tr.n_nodes,
               tr.n_src, tr.n_tgt);
        code = CLI_EXIT_OK;
    }
done:
    tf_pool_free(pool);
    tf_trace_free(&tr);
    tf_model_free(&m);
    return code;
}

int cli_trace_cmd(int argc, char **argv)
{
    const char *model = NULL, *src = NULL, *tgt = NULL, *out = NULL, *threads_s = NULL;
    cli_Opt opts[] = {{"model", true, &model}, {"src", true, &src}, {"tgt", true, &tgt},
                      {"out", true, &out},     {"threads", true, &threads_s}};
    const char *pos[1];
    int n_pos, threads = 1;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 5, pos, 0, &n_pos, &help)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return CLI_EXIT_OK;
    }
    if (!src || !out) {
        fprintf(stderr, "tfscope trace: %s is required\n\n%s", !src ? "--src" : "--out", USAGE);
        return CLI_EXIT_USAGE;
    }
    if (threads_s && !cli_parse_int("threads", threads_s, 1, 256, &threads)) return CLI_EXIT_USAGE;
    return run(model ? model : cli_default_model(), src, tgt, out, threads);
}

/* cli_task.c — `tfscope task`: prints pairs of the synthetic English→Korean task, the Figure 3
 * pair and the vocabulary sizes, so that the data a model learns from can be read. Not training:
 * the trainer draws its pairs from core/task.h directly. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "task.h"

static const char *USAGE =
    "usage: tfscope task sample [--n N] [--seed S] [--split train|dev|test] [--written]\n"
    "       tfscope task figure3 [--written]\n"
    "       tfscope task figure4 [--written]\n"
    "       tfscope task vocab [--list src|tgt]\n\n"
    "sample   prints the first N pairs (default 10) of a split (default train) for a seed\n"
    "         (default 1), one per line, tab-separated:\n"
    "           english  korean  alignment  dependencies\n"
    "         alignment: for each Korean token, the index of the English token it translates,\n"
    "         or -1 (particles, endings); dependencies: dependent>governor English indices,\n"
    "         e.g. \"24>17\" for difficult → making. --written adds a fifth column: the Korean\n"
    "         as it is written, endings and particles joined to their words.\n"
    "figure3  the same line for the sentence of the paper's Figure 3.\n"
    "figure4  the same line for the sentence of the paper's Figure 4 (\"its\" → \"law\").\n"
    "vocab    the vocabulary sizes of both sides (without <pad> <unk> <bos> <eos>), or with\n"
    "         --list the tokens of one side, one per line.\n";

static void print_pair(const tf_Pair *p, bool written)
{
    for (int i = 0; i < p->n_src; i++) printf("%s%s", i ? " " : "", p->src[i]);
    putchar('\t');
    for (int i = 0; i < p->n_tgt; i++) printf("%s%s", i ? " " : "", p->tgt[i]);
    putchar('\t');
    for (int i = 0; i < p->n_tgt; i++) printf("%s%d", i ? " " : "", p->align[i]);
    putchar('\t');
    for (int i = 0; i < p->n_deps; i++)
        printf("%s%d>%d", i ? " " : "", p->deps[i][0], p->deps[i][1]);
    if (written) {
        char *w = tf_pair_korean_written(p);
        printf("\t%s", w);
        free(w);
    }
    putchar('\n');
}

static bool parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || s[0] == '+') {
        fprintf(stderr, "tfscope task: --seed: '%s' is not a non-negative integer\n", s);
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

static int sample(const char *n_s, const char *seed_s, const char *split_s, bool written)
{
    int n = 10;
    uint64_t seed = 1;
    tf_Split split = TF_SPLIT_TRAIN;
    tf_Err err;
    if (n_s && !cli_parse_int("n", n_s, 0, 100000000, &n)) return CLI_EXIT_USAGE;
    if (seed_s && !parse_seed(seed_s, &seed)) return CLI_EXIT_USAGE;
    if (split_s && tf_split_parse(split_s, &split, &err)) {
        fprintf(stderr, "tfscope task: --split: %s\n", err.msg);
        return CLI_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++) {
        tf_Pair p;
        tf_task_pair(seed, split, (uint64_t)i, &p);
        print_pair(&p, written);
        tf_pair_free(&p);
    }
    return CLI_EXIT_OK;
}

static int vocab(const char *list)
{
    const char **src, **tgt;
    int ns = tf_task_src_vocab(&src), nt = tf_task_tgt_vocab(&tgt);
    int rc = CLI_EXIT_OK;
    if (!list) {
        printf("source (English) %d tokens\ntarget (Korean)  %d tokens\n", ns, nt);
    } else if (!strcmp(list, "src") || !strcmp(list, "tgt")) {
        const char **t = list[0] == 's' ? src : tgt;
        for (int i = 0, n = list[0] == 's' ? ns : nt; i < n; i++) puts(t[i]);
    } else {
        fprintf(stderr, "tfscope task: --list: '%s' is neither src nor tgt\n", list);
        rc = CLI_EXIT_USAGE;
    }
    free(src);
    free(tgt);
    return rc;
}

int cli_task_cmd(int argc, char **argv)
{
    const char *n = NULL, *seed = NULL, *split = NULL, *written = NULL, *list = NULL;
    cli_Opt opts[] = {{"n", true, &n},
                      {"seed", true, &seed},
                      {"split", true, &split},
                      {"written", false, &written},
                      {"list", true, &list}};
    const char *pos[2];
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 5, pos, 2, &n_pos, &help)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return CLI_EXIT_OK;
    }
    const char *what = n_pos ? pos[0] : NULL;
    bool one = n_pos == 1;
    if (one && !strcmp(what, "sample") && !list) return sample(n, seed, split, written != NULL);
    bool fig3 = one && !strcmp(what, "figure3"), fig4 = one && !strcmp(what, "figure4");
    if ((fig3 || fig4) && !n && !seed && !split && !list) {
        tf_Pair p;
        if (fig3) tf_task_figure3(&p);
        else tf_task_figure4(&p);
        print_pair(&p, written != NULL);
        tf_pair_free(&p);
        return CLI_EXIT_OK;
    }
    if (one && !strcmp(what, "vocab") && !n && !seed && !split && !written) return vocab(list);
    if (!what) fprintf(stderr, "tfscope task: say what to do: sample, figure3, figure4 or vocab\n\n");
    else fprintf(stderr, "tfscope task: '%s' does not go with these options\n\n", what);
    fputs(USAGE, stderr);
    return CLI_EXIT_USAGE;
}

/* cli_options.c — a small parser for "--name value", "--name=value" and flags, shared by every
 * subcommand so that they all behave alike. Not getopt: long options only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cli_Opt *find(cli_Opt *opts, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len)) return &opts[i];
    return NULL;
}

bool cli_parse_opts(int argc, char **argv, cli_Opt *opts, int n_opts, const char **pos,
                    int max_pos, int *n_pos, bool *help)
{
    *n_pos = 0;
    *help = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            *help = true;
            continue;
        }
        if (strncmp(a, "--", 2) || !a[2]) {
            if (*n_pos >= max_pos) {
                fprintf(stderr, "tfscope %s: unexpected argument '%s'\n", argv[0], a);
                return false;
            }
            pos[(*n_pos)++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        cli_Opt *o = find(opts, n_opts, name, len);
        if (!o) {
            fprintf(stderr, "tfscope %s: unknown option '--%.*s' (see tfscope %s --help)\n",
                    argv[0], (int)len, name, argv[0]);
            return false;
        }
        if (!o->takes_value) {
            if (eq) {
                fprintf(stderr, "tfscope %s: option --%s takes no value\n", argv[0], o->name);
                return false;
            }
            *o->value = "";
        } else if (eq) {
            *o->value = eq + 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            fprintf(stderr, "tfscope %s: option --%s needs a value\n", argv[0], o->name);
            return false;
        }
    }
    return true;
}

bool cli_parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        fprintf(stderr, "tfscope: --%s: '%s' is not an integer in [%d, %d]\n", opt, s, lo, hi);
        return false;
    }
    *out = (int)v;
    return true;
}

const char CLI_INTERV_USAGE[] =
    "  --ablate SPEC  switch attention heads off: SPEC is KIND.LAYER.HEAD[,...] with KIND enc\n"
    "                 (encoder self-attention), dec (decoder self-attention) or cross\n"
    "                 (encoder-decoder attention), layers and heads from 0, e.g. enc.0.3,cross.1.0;\n"
    "                 the head's context (weights·V) is zero before the output projection\n"
    "  --no-pos       no positional encoding on either side\n"
    "  --no-mask      the decoder's self-attention sees every position (teacher-forced runs\n"
    "                 only: trace, export, view)\n"
    "  --no-scale     attention scores are Q·Kᵀ, not divided by √dₖ\n";

bool cli_interv_asked(const cli_IntervArgs *a)
{
    return a->ablate || a->no_pos || a->no_mask || a->no_scale;
}

bool cli_interv_build(const char *cmd, const cli_IntervArgs *a, const tf_Config *c, bool decodes,
                      tf_Interv *iv)
{
    memset(iv, 0, sizeof *iv);
    tf_Err err;
    if (a->ablate && tf_interv_parse_ablate(iv, c, a->ablate, &err) != TF_OK) {
        fprintf(stderr, "tfscope %s: %s\n", cmd, err.msg);
        return false;
    }
    if (a->no_mask && decodes) {
        fprintf(stderr, "tfscope %s: --no-mask applies to a teacher-forced pass only (trace, "
                "export, view): a decoder that sees the future cannot decode\n", cmd);
        return false;
    }
    iv->no_pos = a->no_pos != NULL;
    iv->no_mask = a->no_mask != NULL;
    iv->no_scale = a->no_scale != NULL;
    return true;
}

int cli_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 120 || m > 120) return 1000;
    int row[121];
    for (size_t j = 0; j <= m; j++) row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[m];
}

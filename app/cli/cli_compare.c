/* cli_compare.c — `tfscope compare A B`: two traces step by step (issue 12 §3). Each step of A
 * is paired with B's step at the same site (core's trace_diff); the table gives each step's
 * max |A − B| and the first step where the runs part. Traces of different shapes are compared
 * where the shapes agree, and say so. Not a figure: `export --view diff` draws one step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "interv.h"
#include "trace_diff.h"

static const char *USAGE =
    "usage: tfscope compare A.safetensors B.safetensors [--all]\n\n"
    "Two traces written by `tfscope trace`, step by step: for each step (in A's execution order)\n"
    "the largest |A − B| over the tensor, and the first step where the two runs differ. Steps are\n"
    "paired by where they sit in the model, so two sentences of the same length, two checkpoints,\n"
    "or a run and the same run intervened compare directly. Runs of one source whose decoder\n"
    "inputs differ in length are compared over the positions both have (a decoder position sees\n"
    "only those before it); other steps whose shapes differ are listed as such.\n\n"
    "  --all   list every step (default: the first difference and every step after it that\n"
    "          differs, with the identical ones before it summed up in one line)\n\n"
    "Draw one step's difference: tfscope export --view diff --trace A --trace-b B --tensor NAME\n";

static void shape_str(const tf_Node *n, char *out, size_t cap)
{
    size_t used = (size_t)snprintf(out, cap, "[");
    for (int d = 0; d < n->ndim && used < cap; d++)
        used += (size_t)snprintf(out + used, cap - used, "%s%d", d ? ", " : "", n->shape[d]);
    if (used < cap) snprintf(out + used, cap - used, "]");
}

static void describe(const char *label, const char *path, const tf_Trace *t)
{
    char src[512], tgt[512], iv[256] = "none";
    cli_join_tokens(t->src_tokens, t->n_src, src, sizeof src);
    cli_join_tokens(t->tgt_tokens, t->n_tgt, tgt, sizeof tgt);
    if (tf_interv_any(&t->interv)) tf_interv_describe(&t->interv, iv, sizeof iv);
    printf("%s: %s\n   source (%d): %s\n   decoder input (%d): %s\n   model: %s, interventions: "
           "%s\n", label, path, t->n_src, src, t->n_tgt, tgt,
           t->model_name && t->model_name[0] ? t->model_name : "(unnamed)", iv);
}

static void row(const tf_Trace *a, const tf_Trace *b, const tf_DiffPair *p)
{
    const tf_Node *x = &a->nodes[p->a], *y = &b->nodes[p->b];
    char sa[64], sb[64], what[256];
    shape_str(x, sa, sizeof sa);
    shape_str(y, sb, sizeof sb);
    if (!p->same_shape && p->positions)
        snprintf(what, sizeof what, "%.6g over the first %d positions (A %s, B %s)", p->max_abs,
                 p->positions, sa, sb);
    else if (!p->same_shape) snprintf(what, sizeof what, "shapes differ: A %s, B %s", sa, sb);
    else if (p->max_abs == 0) snprintf(what, sizeof what, "0 (identical)");
    else snprintf(what, sizeof what, "%.6g", p->max_abs);
    printf("  %-28s %-16s %s\n", x->name, p->same_shape ? sa : "", what);
}

static int compare(const char *pa, const char *pb, bool all)
{
    tf_Trace a = {0}, b = {0};
    int rc = CLI_EXIT_BAD_INPUT;
    if (!cli_load_trace(pa, &a)) return rc;
    if (!cli_load_trace(pb, &b)) goto done_a;
    tf_TraceDiff d;
    tf_Err err = {0};
    if (tf_trace_diff(&a, &b, &d, &err) != TF_OK) {
        fprintf(stderr, "tfscope compare: %s and %s: %s\n", pa, pb, err.msg);
        goto done;
    }
    describe("A", pa, &a);
    describe("B", pb, &b);
    int n_shape = 0, n_diff = 0, n_aligned = 0;
    for (int i = 0; i < d.n; i++) {
        n_shape += !d.pairs[i].same_shape && !d.pairs[i].positions;
        n_aligned += d.pairs[i].positions > 0;
        n_diff += d.pairs[i].max_abs != 0;
    }
    if (a.cfg.d_model != b.cfg.d_model || a.cfg.nhead != b.cfg.nhead || a.cfg.d_ff != b.cfg.d_ff)
        printf("\nThe models differ in size (A: d_model %d, %d heads, d_ff %d; B: %d, %d, %d).\n",
               a.cfg.d_model, a.cfg.nhead, a.cfg.d_ff, b.cfg.d_model, b.cfg.nhead, b.cfg.d_ff);
    if (n_shape)
        printf("\n%d of %d steps have different shapes in A and B (A has %d source and %d target "
               "tokens, B has %d and %d): those are listed, not compared; the rest are compared.\n",
               n_shape, d.n, a.n_src, a.n_tgt, b.n_src, b.n_tgt);
    if (n_aligned)
        printf("\nA's decoder input has %d positions, B's %d: %d decoder steps are compared over "
               "their first %d positions, where each position has seen only the positions before "
               "it (the causal mask), so the two runs are comparable there.\n",
               a.n_tgt, b.n_tgt, n_aligned, a.n_tgt < b.n_tgt ? a.n_tgt : b.n_tgt);
    for (int t = 0; t < a.n_tgt && t < b.n_tgt; t++)
        if (strcmp(a.tgt_tokens[t], b.tgt_tokens[t])) {
            printf("\nThe decoder inputs first differ at position %d: A '%s', B '%s'.\n", t,
                   a.tgt_tokens[t], b.tgt_tokens[t]);
            break;
        }
    if (d.only_a || d.only_b)
        printf("\n%d steps of A and %d of B have no partner (a different number of layers, or a "
               "final norm in one model only); they are left out.\n", d.only_a, d.only_b);
    printf("\n  %-28s %-16s %s\n", "step", "shape", "max |A - B|");
    int shown_from = all || d.first < 0 ? 0 : d.first;
    if (shown_from > 0) printf("  (%d steps before it: identical)\n", shown_from);
    for (int i = shown_from; i < d.n; i++) {
        const tf_DiffPair *p = &d.pairs[i];
        if (all || i == d.first || (!p->same_shape && !p->positions) || p->max_abs != 0)
            row(&a, &b, p);
    }
    if (d.first < 0 && n_aligned)
        printf("\nA and B hold the same values wherever both have them (%d paired steps).\n", d.n);
    else if (d.first < 0)
        printf("\nA and B are identical: all %d paired steps hold the same values.\n", d.n);
    else
        printf("\nFirst difference: %s (step %d of %d). %d steps differ in value, %d in shape.\n",
               a.nodes[d.pairs[d.first].a].name, d.first + 1, d.n, n_diff, n_shape);
    tf_trace_diff_free(&d);
    rc = CLI_EXIT_OK;
done:
    tf_trace_free(&b);
done_a:
    tf_trace_free(&a);
    return rc;
}

int cli_compare_cmd(int argc, char **argv)
{
    const char *all = NULL, *pos[2];
    cli_Opt opts[] = {{"all", false, &all}};
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 1, pos, 2, &n_pos, &help)) return CLI_EXIT_USAGE;
    if (help) {
        printf("%s", USAGE);
        return CLI_EXIT_OK;
    }
    if (n_pos != 2) {
        fprintf(stderr, "tfscope compare: give two trace files (got %d)\n\n%s", n_pos, USAGE);
        return CLI_EXIT_USAGE;
    }
    return compare(pos[0], pos[1], all != NULL);
}

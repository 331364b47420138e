/* cli_eval.c — `tfscope eval`: BLEU, exact match and attention scores of a model on the
 * synthetic English→Korean task. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"
#include "tf_limits.h"

static const char *USAGE =
    "usage: tfscope eval [--model M] [--split train|dev|test] [--n N] [--seed S] [--beam K]\n"
    "                    [--ablate SPEC] [--no-pos] [--no-scale]\n"
    "       tfscope eval --ablate-each [--csv FILE] [--threads K] [--model M] [--split ...]\n"
    "                    [--n N] [--seed S] [--beam K]\n\n"
    "Translates N held-out pairs of the synthetic English→Korean task and prints:\n"
    "  BLEU-4      corpus BLEU on whitespace tokens, with the brevity penalty (0-100)\n"
    "  exact       the share of translations equal to the reference\n"
    "  alignment   the share of Korean content words whose head-averaged cross-attention in\n"
    "              the last decoder layer (at the row that predicts the word) peaks on the\n"
    "              English word it translates\n"
    "  heads       for every encoder head, how often the dependent word of a long-distance\n"
    "              dependency (difficult → making, read → yesterday, …) attends most to its\n"
    "              governor, or the governor to the dependent; the best head is named\n"
    "  figure 3    for each pair of the Figure 3 family, the heads of an encoder layer that put\n"
    "              at least 0.3 of \"making\"'s weight on its complement (\"more\" + adjective):\n"
    "              the median per layer, and the best layer\n"
    "  anaphora    the share of \"its\"/\"their\" for which some encoder head puts at least 0.5\n"
    "              on the antecedent, and the best single head\n\n"
    "  --model M   model file (default: the bundled model)\n"
    "  --split     which split (default test)\n"
    "  --n N       number of pairs (default 1000)\n"
    "  --seed S    which pairs are drawn (default 1; splits never overlap whatever the seed)\n"
    "  --beam K    beam search with K beams (default 1: greedy)\n\n"
    "  --ablate-each  which heads matter: BLEU and exact match with each attention head ablated\n"
    "                 in turn, and their drop from the plain model, as tables of layers × heads\n"
    "                 per attention kind (encoder self, decoder self, cross)\n"
    "  --csv FILE     with --ablate-each: the numbers as CSV too (kind,layer,head,bleu,exact,\n"
    "                 bleu_drop,exact_drop), for a heatmap\n"
    "  --threads K    with --ablate-each: heads on K threads (default 1; the same numbers)\n\n"
    "Interventions, applied to every pair (--no-mask is refused: pairs are decoded):\n";

static void progress(int done, int n, void *user)
{
    (void)user;
    fprintf(stderr, "\r  evaluated %d/%d pairs", done, n);
    if (done == n) fputc('\n', stderr);
}

static void progress_heads(int done, int n, void *user)
{
    (void)user;
    fprintf(stderr, "\r  ablated %d/%d heads", done - 1, n - 1);  /* the first run ablates none */
    if (done == n) fputc('\n', stderr);
}

static void print_result(const tf_EvalResult *r, const tf_Model *m, const char *split)
{
    printf("pairs: %d (%s split)%s\n", r->n_pairs, split,
           r->unk_rate > 0 ? "  [some pairs use words the model does not know]" : "");
    printf("BLEU-4: %.2f\n", r->bleu);
    printf("exact match: %.1f %%\n", 100.0 * r->exact);
    printf("alignment accuracy: %.1f %% of %lld content words\n", 100.0 * r->align_acc,
           r->align_total);
    printf("encoder heads following gold dependencies (%lld pairs):\n", r->dep_total);
    for (int l = 0; l < m->cfg.n_enc; l++) {
        printf("  layer %d:", l);
        for (int h = 0; h < m->cfg.nhead; h++) printf(" %5.1f", 100.0 * r->dep_score[l * m->cfg.nhead + h]);
        printf("  %%\n");
    }
    printf("best head: layer %d head %d, %.1f %%\n", r->best_layer, r->best_head,
           100.0 * r->dep_score[r->best_layer * m->cfg.nhead + r->best_head]);
    if (r->fig3_n > 0) {
        printf("figure 3 (%d pairs): median heads with >= 0.3 of \"making\" on its complement, "
               "per encoder layer:", r->fig3_n);
        for (int l = 0; l < m->cfg.n_enc; l++) printf(" %g", r->fig3_median[l]);
        printf("\n  best: layer %d, %g heads\n", r->fig3_layer, r->fig3_median[r->fig3_layer]);
    }
    if (r->ana_total > 0)
        printf("anaphora (%lld pronouns): %.1f %% with some encoder head >= 0.5 on the antecedent; "
               "best head: layer %d head %d, %.1f %%\n", r->ana_total, 100.0 * r->ana_any,
               r->ana_layer, r->ana_head,
               100.0 * r->ana_score[r->ana_layer * m->cfg.nhead + r->ana_head]);
}

/* One table per attention kind: layers down, heads across, the drop in BLEU (or exact match in
 * points) when the head is ablated. */
static void print_drops(const tf_AblateResult *r, const tf_Config *c, bool exact)
{
    static const char *TITLE[TF_ATTN_COUNT] = {
        [TF_ATTN_ENC] = "encoder self-attention", [TF_ATTN_DEC] = "decoder self-attention",
        [TF_ATTN_CROSS] = "cross-attention"};
    printf("\ndrop in %s when one head is ablated (plain: %.2f)\n",
           exact ? "exact match, points" : "BLEU", exact ? 100.0 * r->exact : r->bleu);
    for (int i = 0; i < r->n_heads; i++) {
        const tf_Head *h = &r->heads[i];
        if (h->head == 0 && h->layer == 0) {
            printf("  %s\n  %-8s", TITLE[h->kind], "");
            for (int k = 0; k < c->nhead; k++) printf(" %6s%-2d", "head ", k);
            putchar('\n');
        }
        if (h->head == 0) printf("  layer %-2d", h->layer);
        double d = exact ? 100.0 * (r->exact - r->head_exact[i]) : r->bleu - r->head_bleu[i];
        if (fabs(d) < 0.005) d = 0;  /* no "-0.00" from the last bits of a sum */
        printf(" %8.2f", d);
        if (h->head == c->nhead - 1) putchar('\n');
    }
}

static bool write_csv(const char *path, const tf_AblateResult *r)
{
    size_t cap = 64 + (size_t)r->n_heads * 96, len = 0;
    char *s = tf_xmalloc(cap);
    len += (size_t)snprintf(s, cap, "kind,layer,head,bleu,exact,bleu_drop,exact_drop\n");
    for (int i = 0; i < r->n_heads; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s,%d,%d,%.4f,%.6f,%.4f,%.6f\n",
                                tf_attn_kind_name(r->heads[i].kind), r->heads[i].layer,
                                r->heads[i].head, r->head_bleu[i], r->head_exact[i],
                                r->bleu - r->head_bleu[i], r->exact - r->head_exact[i]);
    bool ok = cli_write_atomic(path, s, len);
    free(s);
    return ok;
}

static int ablate_each(const tf_Model *m, const char *path, uint64_t seed, tf_Split split, int n,
                       int beam, int threads, const char *csv)
{
    tf_AblateResult r;
    tf_Err err;
    tf_Pool *pool = tf_pool_new(threads);
    tf_Status s = tf_eval_ablate_each(m, seed, split, n, beam, pool, progress_heads, NULL, &r, &err);
    tf_pool_free(pool);
    if (s != TF_OK) {
        fprintf(stderr, "tfscope eval: %s: %s\n", path, err.msg);
        return CLI_EXIT_BAD_INPUT;
    }
    printf("pairs: %d; heads: %d\n", r.n_pairs, r.n_heads);
    print_drops(&r, &m->cfg, false);
    print_drops(&r, &m->cfg, true);
    bool ok = !csv || write_csv(csv, &r);
    tf_ablate_free(&r);
    return ok ? CLI_EXIT_OK : CLI_EXIT_BAD_INPUT;
}

int cli_eval_cmd(int argc, char **argv)
{
    const char *model = NULL, *split_s = "test", *n_s = NULL, *seed_s = NULL, *beam_s = NULL,
               *each = NULL, *csv = NULL, *threads_s = NULL;
    cli_IntervArgs ia = {0};
    cli_Opt opts[] = {{"model", true, &model},  {"split", true, &split_s},
                      {"n", true, &n_s},        {"seed", true, &seed_s},
                      {"beam", true, &beam_s},  {"ablate-each", false, &each},
                      {"csv", true, &csv},      {"threads", true, &threads_s},
                      CLI_INTERV_OPTS(ia)};
    const char *pos[1];
    int n_pos, n = 1000, seed = 1, beam = 1, threads = 1;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 8 + CLI_N_INTERV_OPTS, pos, 0, &n_pos, &help))
        return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s", USAGE, CLI_INTERV_USAGE);
        return CLI_EXIT_OK;
    }
    if ((csv || threads_s) && !each) {
        fprintf(stderr, "tfscope eval: --%s goes with --ablate-each\n", csv ? "csv" : "threads");
        return CLI_EXIT_USAGE;
    }
    if (each && cli_interv_asked(&ia)) {
        fprintf(stderr, "tfscope eval: --ablate-each ablates one head at a time on the plain "
                "model; it does not go with other interventions\n");
        return CLI_EXIT_USAGE;
    }
    tf_Split split;
    tf_Err err;
    if (tf_split_parse(split_s, &split, &err) != TF_OK) {
        fprintf(stderr, "tfscope eval: --split: %s\n", err.msg);
        return CLI_EXIT_USAGE;
    }
    if ((n_s && !cli_parse_int("n", n_s, 1, TF_MAX_EVAL_N, &n)) ||
        (seed_s && !cli_parse_int("seed", seed_s, 0, 2147483647, &seed)) ||
        (beam_s && !cli_parse_int("beam", beam_s, 1, 64, &beam)) ||
        (threads_s && !cli_parse_int("threads", threads_s, 1, 256, &threads)))
        return CLI_EXIT_USAGE;
    const char *path = model ? model : cli_default_model();
    cli_Path out = {"--csv", csv, CLI_PATH_STDOUT}, in = {"--model", path, 0};
    int rc = cli_output_check("eval", &out, 1, &in, 1);
    if (rc) return rc;
    tf_Model m;
    if (!cli_load_model(path, &m, NULL)) return CLI_EXIT_BAD_INPUT;
    if (each) {
        int code = ablate_each(&m, path, (uint64_t)seed, split, n, beam, threads, csv);
        tf_model_free(&m);
        return code;
    }
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    if (!cli_interv_build("eval", &ia, &m.cfg, true, iv)) {
        free(iv);
        tf_model_free(&m);
        return CLI_EXIT_BAD_INPUT;
    }
    tf_EvalResult r;
    tf_Status s = tf_eval_task_with(&m, iv, (uint64_t)seed, split, n, beam, progress, NULL, &r, &err);
    free(iv);
    if (s != TF_OK) {
        fprintf(stderr, "tfscope eval: %s: %s\n", path, err.msg);
        tf_model_free(&m);
        return CLI_EXIT_BAD_INPUT;
    }
    print_result(&r, &m, split_s);
    tf_eval_free(&r);
    tf_model_free(&m);
    return CLI_EXIT_OK;
}

/* cli_inspect.c — `tfscope inspect FILE`: what a model or trace file holds, as text. */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *USAGE =
    "usage: tfscope inspect FILE\n\n"
    "Lists a model's configuration and tensors, or a trace's tokens and steps (in execution\n"
    "order, with op, shape, min/max/mean and inputs).\n";

static void stats(const float *x, int64_t n, double *mn, double *mx, double *mean)
{
    double lo = DBL_MAX, hi = -DBL_MAX, sum = 0;
    for (int64_t i = 0; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
        sum += x[i];
    }
    *mn = n ? lo : 0;
    *mx = n ? hi : 0;
    *mean = n ? sum / (double)n : 0;
}

static void shape_str(char *buf, size_t n, const int64_t *shape, int ndim)
{
    buf[0] = 0;
    for (int d = 0; d < ndim; d++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%lld", d ? ", " : "[", (long long)shape[d]);
    snprintf(buf + strlen(buf), n - strlen(buf), ndim ? "]" : "[]");
}

static void print_config(const tf_Config *c)
{
    printf("config: d_model=%d nhead=%d (d_k=%d) layers=%d+%d dim_feedforward=%d "
           "layer_norm_eps=%g norm_first=%s max_len=%d\n",
           c->d_model, c->nhead, c->d_model / c->nhead, c->n_enc, c->n_dec, c->d_ff,
           (double)c->ln_eps, c->norm_first ? "true" : "false", c->max_len);
}

static void print_tokens(const char *label, char **t, int n)
{
    printf("%s (%d):", label, n);
    for (int i = 0; i < n; i++) printf(" %s", t[i]);
    putchar('\n');
}

/* The search that found the decoder input, step by step: each candidate token with its
 * log-probability, and what became of it. */
static void print_beam(const tf_BeamLog *g)
{
    if (!g->n) return;
    printf("beam search: K = %d, length penalty alpha = %g, %d candidates; chosen path marked *\n",
           g->K, g->alpha, g->n);
    bool *chosen = tf_xcalloc((size_t)g->n, sizeof *chosen);
    for (int e = g->best; e >= 0; e = g->c[e].parent) chosen[e] = true;
    for (int i = 0; i < g->n; i++) {
        const tf_BeamCand *c = &g->c[i];
        if (i == 0 || g->c[i - 1].step != c->step) printf("  step %2d:", c->step);
        printf(" %s%s (%.3f, %s)", chosen[i] ? "*" : "", g->text[i], c->logp,
               tf_beam_fate_name(c->fate));
        if (i + 1 == g->n || g->c[i + 1].step != c->step) putchar('\n');
    }
    free(chosen);
}

static int inspect_trace(const char *path, const uint8_t *buf, size_t len)
{
    tf_Trace tr;
    tf_Err err;
    if (tf_trace_load(buf, len, &tr, &err) != TF_OK) {
        fprintf(stderr, "tfscope: %s: %s\n", path, err.msg);
        return CLI_EXIT_BAD_INPUT;
    }
    printf("%s: tfscope trace of model %s (sha256 %s)\n", path, tr.model_name, tr.model_sha256);
    print_config(&tr.cfg);
    print_tokens("source", tr.src_tokens, tr.n_src);
    print_tokens("decoder input", tr.tgt_tokens, tr.n_tgt);
    if (tf_interv_any(&tr.interv)) {
        char what[2048];
        tf_interv_describe(&tr.interv, what, sizeof what);
        printf("interventions: %s\n", what);
    }
    print_beam(&tr.beam);
    printf("\n%4s  %-28s %-14s %-16s %11s %11s %11s  inputs\n", "#", "name", "op", "shape", "min",
           "max", "mean");
    for (int i = 0; i < tr.n_nodes; i++) {
        const tf_Node *n = &tr.nodes[i];
        int64_t shape[TF_TRACE_DIMS];
        for (int d = 0; d < n->ndim; d++) shape[d] = n->shape[d];
        char sh[64];
        shape_str(sh, sizeof sh, shape, n->ndim);
        double mn, mx, mean;
        stats(n->data, n->numel, &mn, &mx, &mean);
        printf("%4d  %-28s %-14s %-16s %11.5g %11.5g %11.5g  ", i, n->name, tf_op_name(n->op), sh,
               mn, mx, mean);
        for (int k = 0; k < n->n_inputs; k++) printf("%s%s", k ? ", " : "", tr.nodes[n->in[k]].name);
        printf("\n");
    }
    tf_trace_free(&tr);
    return CLI_EXIT_OK;
}

/* A model from the bytes and parsed container already read: config, metadata, every tensor. */
static int inspect_model(const char *path, const uint8_t *buf, size_t len, const tf_St *st)
{
    tf_Model m;
    tf_Err err;
    if (tf_model_from_st(st, &m, &err) != TF_OK) {
        fprintf(stderr, "tfscope: %s: %s\n", path, err.msg);
        return CLI_EXIT_BAD_INPUT;
    }
    char sha[65];
    cli_sha256_hex(buf, len, sha);
    printf("%s: model (sha256 %s)\n", path, sha);
    print_config(&m.cfg);
    printf("vocabularies: source %d tokens, target %d tokens; output %s%s; final norms: %s%s\n",
           m.cfg.src_vocab, m.cfg.tgt_vocab, m.cfg.tied_generator ? "tied to tgt_embed" : "untied",
           m.cfg.has_gen_bias ? " with bias" : "", m.cfg.has_enc_norm ? "encoder " : "",
           m.cfg.has_dec_norm ? "decoder" : (m.cfg.has_enc_norm ? "" : "none"));
    for (int i = 0; i < m.n_extra_meta; i++)
        printf("metadata %s: %.200s%s\n", m.extra_meta[i].key, m.extra_meta[i].value,
               strlen(m.extra_meta[i].value) > 200 ? "..." : "");
    printf("\n%-46s %-6s %-14s %11s %11s %11s\n", "tensor", "dtype", "shape", "min", "max", "mean");
    long long params = 0;
    for (int i = 0; i < st->n_tensors; i++) {
        const tf_StTensor *t = &st->tensors[i];
        float *x = tf_xmalloc((size_t)t->numel * sizeof(float));
        tf_st_read_f32(t, x, NULL);
        double mn, mx, mean;
        stats(x, t->numel, &mn, &mx, &mean);
        char sh[64];
        shape_str(sh, sizeof sh, t->shape, t->ndim);
        printf("%-46s %-6s %-14s %11.5g %11.5g %11.5g\n", t->name, tf_dtype_name(t->dtype), sh, mn,
               mx, mean);
        params += t->numel;
        free(x);
    }
    printf("\n%d tensors, %lld parameters\n", st->n_tensors, params);
    tf_model_free(&m);
    return CLI_EXIT_OK;
}

int cli_inspect_cmd(int argc, char **argv)
{
    const char *pos[1];
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, NULL, 0, pos, 1, &n_pos, &help)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return CLI_EXIT_OK;
    }
    if (n_pos != 1) {
        fprintf(stderr, "tfscope inspect: give one FILE\n\n%s", USAGE);
        return CLI_EXIT_USAGE;
    }
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(pos[0], &buf, &len)) return CLI_EXIT_BAD_INPUT;
    tf_St st;
    tf_Err err;
    if (tf_st_parse(buf, len, &st, &err) != TF_OK) {
        fprintf(stderr, "tfscope: %s: %s\n", pos[0], err.msg);
        cli_free_file(buf, len);
        return CLI_EXIT_BAD_INPUT;
    }
    const char *fmt = tf_st_meta(&st, "format");
    int rc = fmt && !strcmp(fmt, "tfscope-trace") ? inspect_trace(pos[0], buf, len)
                                                  : inspect_model(pos[0], buf, len, &st);
    tf_st_free(&st);
    cli_free_file(buf, len);
    return rc;
}

/* trace.c — the trace recorder (an arena of named tensors in execution order) and the trace file
 * (safetensors with the steps graph and token lists in its metadata).
 * Not the forward pass: forward.c decides what is recorded and in what order. */
#include "trace_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

static const char *OP_NAMES[TF_OP_COUNT] = {
    [TF_OP_EMBED] = "embed",           [TF_OP_POSENC] = "posenc",
    [TF_OP_ADD] = "add",               [TF_OP_PROJECT] = "project_heads",
    [TF_OP_SCORES] = "scores",         [TF_OP_SOFTMAX] = "softmax",
    [TF_OP_CONTEXT] = "context",       [TF_OP_LINEAR] = "linear",
    [TF_OP_LINEAR_RELU] = "linear_relu", [TF_OP_LAYERNORM] = "layernorm",
};

static const char *MASK_NAMES[TF_MASK_COUNT] = {[TF_MASK_NONE] = "none",
                                                [TF_MASK_CAUSAL] = "causal"};

const char *tf_op_name(tf_Op op) { return op < TF_OP_COUNT ? OP_NAMES[op] : "unknown"; }
const char *tf_mask_name(tf_Mask m) { return m < TF_MASK_COUNT ? MASK_NAMES[m] : "unknown"; }

tf_Op tf_op_from_name(const char *name)
{
    for (int i = 0; i < TF_OP_COUNT; i++)
        if (!strcmp(name, OP_NAMES[i])) return (tf_Op)i;
    return TF_OP_COUNT;
}

/* The nodes and the arena share one block (the arena 64-byte aligned after the nodes), so that
 * the nodes sit on the arena's huge page instead of a dozen fresh 4 KiB heap pages. */
static size_t arena_offset(int max_nodes)
{
    return ((size_t)max_nodes * sizeof(tf_Node) + 63) & ~(size_t)63;
}

static size_t store_bytes(const tf_Trace *tr)
{
    return arena_offset(tr->cap_nodes) + tr->arena_cap * sizeof(float);
}

static void init_store(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes, int lazy)
{
    memset(tr, 0, sizeof *tr);
    tr->batch = batch;
    tr->lazy = lazy;
    tr->arena_cap = arena_floats;
    tr->cap_nodes = max_nodes;
    uint8_t *store = lazy ? tf_alloc_big_untouched(store_bytes(tr)) : tf_alloc_big(store_bytes(tr));
    TF_ASSERT(store != NULL);
    if (lazy) memset(store, 0, (size_t)max_nodes * sizeof(tf_Node));
    tr->nodes = (tf_Node *)store;
    tr->arena = (float *)(store + arena_offset(max_nodes));
}

void tf_trace_init(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes)
{
    init_store(tr, batch, arena_floats, max_nodes, 0);
}

static void free_strings(char **s, int n)
{
    for (int i = 0; i < n; i++) free(s[i]);
    free(s);
}

static void free_run_info(tf_Trace *tr)
{
    free_strings(tr->src_tokens, tr->n_src);
    free_strings(tr->tgt_tokens, tr->n_tgt);
    free(tr->model_name);
    free(tr->model_sha256);
    for (int i = 0; i < tr->n_extra_meta; i++) {
        free(tr->extra_meta[i].key);
        free(tr->extra_meta[i].value);
    }
    free(tr->extra_meta);
    tf_trace_beam_free(tr);
    tr->src_tokens = tr->tgt_tokens = NULL;
    tr->n_src = tr->n_tgt = tr->n_extra_meta = 0;
    tr->model_name = tr->model_sha256 = NULL;
    tr->extra_meta = NULL;
}

void tf_trace_init_lazy(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes)
{
    init_store(tr, batch, arena_floats, max_nodes, 1);
}

void tf_trace_free(tf_Trace *tr)
{
    free_run_info(tr);
    if (tr->nodes) tf_free_big(tr->nodes, store_bytes(tr));
    memset(tr, 0, sizeof *tr);
}

void tf_trace_reset(tf_Trace *tr)
{
    tr->n_nodes = 0;
    tr->arena_used = 0;
}

void tf_trace_init_count(tf_Trace *tr, int batch)
{
    memset(tr, 0, sizeof *tr);
    tr->batch = batch;
}

int tf_trace_add(tf_Trace *tr, const tf_NodeDecl *d)
{
    TF_ASSERT(d->ndim >= 1 && d->ndim <= TF_TRACE_DIMS);
    TF_ASSERT(d->n_inputs >= 0 && d->n_inputs <= TF_MAX_INPUTS);
    int64_t numel = 1;
    for (int i = 0; i < d->ndim; i++) numel *= d->shape[i];
    size_t need = (size_t)numel * (size_t)tr->batch;
    int idx = tr->n_nodes++;
    if (!tr->nodes) {  /* counting */
        tr->arena_used += need;
        return idx;
    }
    TF_ASSERT(idx < tr->cap_nodes);
    TF_ASSERT(strlen(d->name) < TF_NAME_MAX);
    tf_Node *n = &tr->nodes[idx];
    memset(n, 0, sizeof *n);
    strcpy(n->name, d->name);
    n->op = d->op;
    n->site = d->site;
    n->ndim = d->ndim;
    n->numel = numel;
    memcpy(n->shape, d->shape, (size_t)d->ndim * sizeof *n->shape);
    n->n_inputs = d->n_inputs;
    for (int i = 0; i < d->n_inputs; i++) {
        TF_ASSERT(d->in[i] >= 0 && d->in[i] < idx);
        n->in[i] = d->in[i];
        strcpy(n->inputs[i], tr->nodes[d->in[i]].name);
    }
    n->mask = d->mask;
    snprintf(n->note, sizeof n->note, "%s", d->note ? d->note : "");
    TF_ASSERT(tr->arena_used + need <= tr->arena_cap);
    n->data = tr->arena + tr->arena_used;
    tr->arena_used += need;
    if (!tr->lazy) memset(n->data, 0, need * sizeof(float));
    return idx;
}

int tf_trace_index(const tf_Trace *tr, const char *name)
{
    for (int i = 0; i < tr->n_nodes; i++)
        if (!strcmp(tr->nodes[i].name, name)) return i;
    return -1;
}

int tf_trace_find(const tf_Trace *tr, tf_Site site)
{
    for (int i = 0; i < tr->n_nodes; i++)
        if (tf_site_equal(tr->nodes[i].site, site)) return i;
    return -1;
}

const tf_Node *tf_trace_get(const tf_Trace *tr, const char *name)
{
    int i = tf_trace_index(tr, name);
    return i < 0 ? NULL : &tr->nodes[i];
}

static char **copy_tokens(const tf_Vocab *v, const int *ids, int n)
{
    char **out = tf_xcalloc((size_t)n, sizeof *out);
    for (int i = 0; i < n; i++) out[i] = tf_xstrdup(v->tokens[ids[i]]);
    return out;
}

void tf_trace_set_tokens(tf_Trace *tr, const tf_Vocab *sv, const int *src, int S,
                         const tf_Vocab *tv, const int *tgt, int T)
{
    free_strings(tr->src_tokens, tr->n_src);
    free_strings(tr->tgt_tokens, tr->n_tgt);
    tr->src_tokens = copy_tokens(sv, src, S);
    tr->n_src = S;
    tr->tgt_tokens = copy_tokens(tv, tgt, T);
    tr->n_tgt = T;
}

void tf_trace_set_model(tf_Trace *tr, const char *name, const char *sha256)
{
    free(tr->model_name);
    free(tr->model_sha256);
    tr->model_name = tf_xstrdup(name ? name : "");
    tr->model_sha256 = tf_xstrdup(sha256 ? sha256 : "");
}

/* ---- the trace file ---- */

static void tokens_json(tf_JsonOut *j, char **toks, int n)
{
    j->len = 0;
    tf_jo_raw(j, "[");
    for (int i = 0; i < n; i++) {
        if (i) tf_jo_raw(j, ",");
        tf_jo_str(j, toks[i]);
    }
    tf_jo_raw(j, "]");
}

static void steps_json(tf_JsonOut *j, const tf_Trace *tr)
{
    j->len = 0;
    tf_jo_raw(j, "[");
    for (int i = 0; i < tr->n_nodes; i++) {
        const tf_Node *n = &tr->nodes[i];
        tf_jo_raw(j, i ? ",{\"name\":" : "{\"name\":");
        tf_jo_str(j, n->name);
        tf_jo_raw(j, ",\"op\":");
        tf_jo_str(j, tf_op_name(n->op));
        tf_jo_raw(j, ",\"inputs\":[");
        for (int k = 0; k < n->n_inputs; k++) {
            if (k) tf_jo_raw(j, ",");
            tf_jo_str(j, tr->nodes[n->in[k]].name);
        }
        tf_jo_raw(j, "],\"note\":");
        tf_jo_str(j, n->note);
        if (n->mask != TF_MASK_NONE) {
            tf_jo_raw(j, ",\"mask\":");
            tf_jo_str(j, tf_mask_name(n->mask));
        }
        tf_jo_raw(j, "}");
    }
    tf_jo_raw(j, "]");
}

void tf_trace_save_parts(const tf_Trace *tr, uint8_t **head, size_t *head_len, const void **data,
                         size_t *data_len)
{
    TF_ASSERT(tr->batch == 1);
    tf_StWriter *w = tf_stw_new();
    for (int i = 0; i < tr->n_extra_meta; i++)
        tf_stw_meta(w, tr->extra_meta[i].key, tr->extra_meta[i].value);
    tf_config_to_meta(&tr->cfg, w);
    tf_stw_meta(w, "format", "tfscope-trace");
    tf_stw_meta(w, "version", "1");
    tf_JsonOut j = {0};
    tf_jo_raw(&j, "{\"file\":");
    tf_jo_str(&j, tr->model_name);
    tf_jo_raw(&j, ",\"sha256\":");
    tf_jo_str(&j, tr->model_sha256);
    tf_jo_raw(&j, "}");
    tf_stw_meta(w, "model", j.s);
    char *s;
    if (tf_interv_any(&tr->interv)) {
        s = tf_interv_to_json(&tr->interv);
        tf_stw_meta(w, "interventions", s);
        free(s);
    }
    if (tr->beam.n) {
        s = tf_trace_beam_json(tr);
        tf_stw_meta(w, "beam", s);
        free(s);
    }
    tokens_json(&j, tr->src_tokens, tr->n_src);
    tf_stw_meta(w, "src_tokens", j.s);
    tokens_json(&j, tr->tgt_tokens, tr->n_tgt);
    tf_stw_meta(w, "tgt_tokens", j.s);
    steps_json(&j, tr);
    tf_stw_meta(w, "steps", j.s);
    free(j.s);
    size_t floats = 0;
    for (int i = 0; i < tr->n_nodes; i++) {
        const tf_Node *n = &tr->nodes[i];
        int64_t shape[TF_TRACE_DIMS];
        for (int d = 0; d < n->ndim; d++) shape[d] = n->shape[d];
        TF_ASSERT(n->data == tr->arena + floats);  /* nodes lie one after the other */
        floats += (size_t)n->numel;
        tf_stw_layout(w, n->name, TF_DT_F32, n->ndim, shape);
    }
    tf_stw_finish_header(w, head, head_len);
    *data = tr->arena;
    *data_len = floats * sizeof(float);
}

void tf_trace_save(const tf_Trace *tr, uint8_t **out, size_t *out_len)
{
    uint8_t *head;
    size_t head_len, data_len;
    const void *data;
    tf_trace_save_parts(tr, &head, &head_len, &data, &data_len);
    *out_len = head_len + data_len;
    *out = tf_xmalloc(*out_len);
    memcpy(*out, head, head_len);
    if (data_len) memcpy(*out + head_len, data, data_len);
    free(head);
}

/* forward_stack.c — embeddings, the encoder and decoder stacks, the output layer, and the entry
 * points of the forward pass. Post-LN (the paper) and pre-LN (norm_first) record the same names;
 * only the order of norm and sub-layer differs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"
#include "kernels.h"
#include "train_kernels.h"

#define MAX2(a, b) ((a) > (b) ? (a) : (b))

void fw_pass_init(Pass *p, const tf_Model *m, tf_Trace *tr, tf_Pool *pool, int B, int S, int T)
{
    memset(p, 0, sizeof *p);
    p->m = m;
    p->tr = tr;
    p->pool = pool;
    p->B = B;
    p->S = S;
    p->T = T;
    size_t width = (size_t)MAX2(2 * m->cfg.d_model, m->cfg.d_ff);
    p->scratch = tf_xmalloc((size_t)B * MAX2(S, T) * width * sizeof(float));
    tr->cfg = m->cfg;
}

void fw_pass_free(Pass *p) { free(p->scratch); }

/* ---- row-range helpers: every buffer is (B, rows_all, W) ----
 * All rows of every sequence are one block of B·rows_all rows (see fw_seqs_per_block). */

int fw_seqs_per_block(const Pass *p, int rows_all, int r0, int r1)
{
    return r0 == 0 && r1 == rows_all ? p->B : 1;
}

static void add_rows(Pass *p, float *out, const float *a, const float *b, int rows_all, int r0,
                     int r1, int W)
{
    int per = fw_seqs_per_block(p, rows_all, r0, r1);
    for (int k = 0; k < p->B / per; k++) {
        size_t o = ((size_t)k * rows_all + r0) * W;
        tf_add_forward(out + o, a + o, b + o, (size_t)per * (r1 - r0) * W);
    }
}

/* out = x + sub, or x + dropout(sub) in training mode: the mask of an element is keyed by its
 * place in the arena, which the backward pass finds again from the trace. */
static void resid_rows(Pass *p, float *out, const float *x, const float *sub, int rows_all, int r0,
                       int r1)
{
    int D = p->m->cfg.d_model, per = fw_seqs_per_block(p, rows_all, r0, r1);
    if (p->dropout <= 0.0f) {
        add_rows(p, out, x, sub, rows_all, r0, r1, D);
        return;
    }
    for (int k = 0; k < p->B / per; k++) {
        size_t o = ((size_t)k * rows_all + r0) * D;
        tf_dropout_add_forward(out + o, x + o, sub + o, (size_t)per * (r1 - r0) * D, p->dropout,
                               p->drop_seed, (uint32_t)(out + o - p->tr->arena));
    }
}

static void norm_rows(Pass *p, float *out, const float *x, const tf_Norm *n, int rows_all, int r0,
                      int r1)
{
    int D = p->m->cfg.d_model, per = fw_seqs_per_block(p, rows_all, r0, r1);
    for (int k = 0; k < p->B / per; k++) {
        size_t o = ((size_t)k * rows_all + r0) * D;
        tf_layernorm_forward(out + o, x + o, n->g, n->b, per * (r1 - r0), D, p->m->cfg.ln_eps);
    }
}

static void ffn_rows(Pass *p, float *hidden, float *out, const float *x, const tf_Layer *w,
                     int rows_all, int r0, int r1)
{
    int D = p->m->cfg.d_model, F = p->m->cfg.d_ff, per = fw_seqs_per_block(p, rows_all, r0, r1);
    int n = per * (r1 - r0);
    for (int k = 0; k < p->B / per; k++) {
        size_t rd = ((size_t)k * rows_all + r0) * D, rf = ((size_t)k * rows_all + r0) * F;
        fw_linear(p, hidden + rf, x + rd, w->ff1.wt, F, w->ff1.b, n, D, F);
        tf_relu_forward(hidden + rf, hidden + rf, (size_t)n * F);
        fw_linear(p, out + rd, hidden + rf, w->ff2.wt, D, w->ff2.b, n, F, D);
    }
}

/* ---- embeddings ---- */

void fw_embed_declare(Pass *p, EmbedBufs *e, int src_side)
{
    int D = p->m->cfg.d_model, rows = src_side ? p->S : p->T;
    const char *pfx = src_side ? "src" : "tgt";
    char embed[TF_NAME_MAX], pos[TF_NAME_MAX], x[TF_NAME_MAX];
    snprintf(embed, sizeof embed, "%s.embed", pfx);
    snprintf(pos, sizeof pos, "%s.pos", pfx);
    snprintf(x, sizeof x, "%s.x", pfx);
    e->embed = fw_node(p, embed, TF_OP_EMBED, 2, (int[]){rows, D}, NULL, NULL,
                       "embedding of each token × √d_model");
    e->pos = fw_node(p, pos, TF_OP_POSENC, 2, (int[]){rows, D}, NULL, NULL,
                     "PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)");
    e->x = fw_node(p, x, TF_OP_ADD, 2, (int[]){rows, D}, embed, pos, "embedding + position");
}

void fw_embed_run(Pass *p, const EmbedBufs *e, int src_side, int r0, int r1)
{
    const tf_Model *m = p->m;
    int D = m->cfg.d_model, rows = src_side ? p->S : p->T;
    const int *ids = src_side ? p->src : p->tgt;
    const float *table = src_side ? m->w.src_embed : m->w.tgt_embed;
    for (int k = 0; k < p->B; k++) {
        size_t o = ((size_t)k * rows + r0) * D;
        tf_embed_forward(e->embed + o, table, ids + (size_t)k * rows + r0, r1 - r0, D);
        tf_posenc_forward(e->pos + o, r0, r1 - r0, D);
    }
    add_rows(p, e->x, e->embed, e->pos, rows, r0, r1, D);
    for (int k = 0; p->dropout > 0.0f && k < p->B; k++) {
        float *x = e->x + ((size_t)k * rows + r0) * D;
        tf_dropout_forward(x, x, (size_t)(r1 - r0) * D, p->dropout, p->drop_seed,
                           (uint32_t)(x - p->tr->arena));
    }
}

/* ---- encoder ---- */

static void name_of(char *buf, const char *stack, int l, const char *what)
{
    snprintf(buf, TF_NAME_MAX, "%s.%d.%s", stack, l, what);
}

static void ffn_declare(Pass *p, LayerBufs *L, const char *stack, int l, const char *in, int rows)
{
    int D = p->m->cfg.d_model, F = p->m->cfg.d_ff;
    char hid[TF_NAME_MAX], out[TF_NAME_MAX];
    name_of(hid, stack, l, "ffn.hidden");
    name_of(out, stack, l, "ffn.out");
    L->hidden = fw_node(p, hid, TF_OP_LINEAR_RELU, 2, (int[]){rows, F}, in, NULL,
                        "max(0, x·W₁ᵀ + b₁)");
    L->ffn_out = fw_node(p, out, TF_OP_LINEAR, 2, (int[]){rows, D}, hid, NULL, "hidden·W₂ᵀ + b₂");
}

static float *norm_node(Pass *p, const char *stack, int l, const char *what, int rows,
                        const char *in)
{
    char n[TF_NAME_MAX];
    name_of(n, stack, l, what);
    return fw_node(p, n, TF_OP_LAYERNORM, 2, (int[]){rows, p->m->cfg.d_model}, in, NULL,
                   "LayerNorm: (x − mean)/√(var + ε)·γ + β, per row");
}

static float *add_node(Pass *p, const char *stack, int l, const char *what, int rows,
                       const char *a, const char *b)
{
    char n[TF_NAME_MAX];
    name_of(n, stack, l, what);
    return fw_node(p, n, TF_OP_ADD, 2, (int[]){rows, p->m->cfg.d_model}, a, b,
                   "residual: sub-layer input + sub-layer output");
}

/* Declares and runs encoder layer l on x (B, S, D); returns its output, naming it in out_name. */
static const float *enc_layer(Pass *p, int l, const float *x, const char *x_name, char *out_name)
{
    const tf_Config *c = &p->m->cfg;
    const tf_Layer *w = &p->m->w.enc[l];
    int S = p->S;
    LayerBufs L;
    char n1[TF_NAME_MAX], n2[TF_NAME_MAX], a1[TF_NAME_MAX], pfx[TF_NAME_MAX], so[TF_NAME_MAX];
    name_of(n1, "enc", l, "norm1");
    name_of(n2, "enc", l, "norm2");
    name_of(a1, "enc", l, "add1");
    name_of(pfx, "enc", l, "self_attn");
    name_of(so, "enc", l, "self_attn.out");
    char fo[TF_NAME_MAX];
    name_of(fo, "enc", l, "ffn.out");
    if (!c->norm_first) {
        fw_attn_declare(p, &L.sa, pfx, x_name, x_name, S, S, TF_MASK_NONE);
        L.add1 = add_node(p, "enc", l, "add1", S, x_name, so);
        L.norm1 = norm_node(p, "enc", l, "norm1", S, a1);
        ffn_declare(p, &L, "enc", l, n1, S);
        L.add2 = add_node(p, "enc", l, "add2", S, n1, fo);
        name_of(a1, "enc", l, "add2");
        L.norm2 = norm_node(p, "enc", l, "norm2", S, a1);
        fw_attn_kv(p, &L.sa, &w->self_attn, x, 0, S);
        fw_attn_run(p, &L.sa, &w->self_attn, x, 0, S, S, 0, p->src_len);
        resid_rows(p, L.add1, x, L.sa.out, S, 0, S);
        norm_rows(p, L.norm1, L.add1, &w->norm1, S, 0, S);
        ffn_rows(p, L.hidden, L.ffn_out, L.norm1, w, S, 0, S);
        resid_rows(p, L.add2, L.norm1, L.ffn_out, S, 0, S);
        norm_rows(p, L.norm2, L.add2, &w->norm2, S, 0, S);
        strcpy(out_name, n2);
        return L.norm2;
    }
    L.norm1 = norm_node(p, "enc", l, "norm1", S, x_name);
    fw_attn_declare(p, &L.sa, pfx, n1, n1, S, S, TF_MASK_NONE);
    L.add1 = add_node(p, "enc", l, "add1", S, x_name, so);
    L.norm2 = norm_node(p, "enc", l, "norm2", S, a1);
    ffn_declare(p, &L, "enc", l, n2, S);
    L.add2 = add_node(p, "enc", l, "add2", S, a1, fo);
    norm_rows(p, L.norm1, x, &w->norm1, S, 0, S);
    fw_attn_kv(p, &L.sa, &w->self_attn, L.norm1, 0, S);
    fw_attn_run(p, &L.sa, &w->self_attn, L.norm1, 0, S, S, 0, p->src_len);
    resid_rows(p, L.add1, x, L.sa.out, S, 0, S);
    norm_rows(p, L.norm2, L.add1, &w->norm2, S, 0, S);
    ffn_rows(p, L.hidden, L.ffn_out, L.norm2, w, S, 0, S);
    resid_rows(p, L.add2, L.add1, L.ffn_out, S, 0, S);
    name_of(out_name, "enc", l, "add2");
    return L.add2;
}

const float *fw_encode(Pass *p, const char **mem_name)
{
    static const char *SRC_X = "src.x";
    EmbedBufs e;
    fw_embed_declare(p, &e, 1);
    fw_embed_run(p, &e, 1, 0, p->S);
    const float *x = e.x;
    char names[2][TF_NAME_MAX];
    const char *x_name = SRC_X;
    for (int l = 0; l < p->m->cfg.n_enc; l++) {
        x = enc_layer(p, l, x, x_name, names[l % 2]);
        x_name = names[l % 2];
    }
    if (p->m->cfg.has_enc_norm) {
        float *out = fw_node(p, "enc.norm", TF_OP_LAYERNORM, 2, (int[]){p->S, p->m->cfg.d_model},
                             x_name, NULL, "final LayerNorm of the encoder stack");
        norm_rows(p, out, x, &p->m->w.enc_norm, p->S, 0, p->S);
        *mem_name = "enc.norm";
        return out;
    }
    /* the last layer's output name must outlive this call: find it in the trace */
    *mem_name = p->tr->nodes[tf_trace_index(p->tr, x_name)].name;
    return x;
}

/* ---- decoder ---- */

void fw_dec_declare(Pass *p, int l, LayerBufs *L, const char *x_name, const char *mem_name)
{
    int T = p->T, S = p->S;
    char n1[TF_NAME_MAX], n2[TF_NAME_MAX], n3[TF_NAME_MAX], a1[TF_NAME_MAX], a2[TF_NAME_MAX],
        sa[TF_NAME_MAX], ca[TF_NAME_MAX], so[TF_NAME_MAX], co[TF_NAME_MAX], fo[TF_NAME_MAX];
    name_of(n1, "dec", l, "norm1");
    name_of(n2, "dec", l, "norm2");
    name_of(n3, "dec", l, "norm3");
    name_of(a1, "dec", l, "add1");
    name_of(a2, "dec", l, "add2");
    name_of(sa, "dec", l, "self_attn");
    name_of(ca, "dec", l, "cross_attn");
    name_of(so, "dec", l, "self_attn.out");
    name_of(co, "dec", l, "cross_attn.out");
    name_of(fo, "dec", l, "ffn.out");
    if (!p->m->cfg.norm_first) {
        fw_attn_declare(p, &L->sa, sa, x_name, x_name, T, T, TF_MASK_CAUSAL);
        L->add1 = add_node(p, "dec", l, "add1", T, x_name, so);
        L->norm1 = norm_node(p, "dec", l, "norm1", T, a1);
        fw_attn_declare(p, &L->ca, ca, n1, mem_name, T, S, TF_MASK_NONE);
        L->add2 = add_node(p, "dec", l, "add2", T, n1, co);
        L->norm2 = norm_node(p, "dec", l, "norm2", T, a2);
        ffn_declare(p, L, "dec", l, n2, T);
        L->add3 = add_node(p, "dec", l, "add3", T, n2, fo);
        name_of(a1, "dec", l, "add3");
        L->norm3 = norm_node(p, "dec", l, "norm3", T, a1);
        return;
    }
    L->norm1 = norm_node(p, "dec", l, "norm1", T, x_name);
    fw_attn_declare(p, &L->sa, sa, n1, n1, T, T, TF_MASK_CAUSAL);
    L->add1 = add_node(p, "dec", l, "add1", T, x_name, so);
    L->norm2 = norm_node(p, "dec", l, "norm2", T, a1);
    fw_attn_declare(p, &L->ca, ca, n2, mem_name, T, S, TF_MASK_NONE);
    L->add2 = add_node(p, "dec", l, "add2", T, a1, co);
    L->norm3 = norm_node(p, "dec", l, "norm3", T, a2);
    ffn_declare(p, L, "dec", l, n3, T);
    L->add3 = add_node(p, "dec", l, "add3", T, a2, fo);
}

const char *fw_dec_out_name(const tf_Config *c, int l, char *buf)
{
    name_of(buf, "dec", l, c->norm_first ? "add3" : "norm3");
    return buf;
}

const float *fw_dec_run(Pass *p, int l, const LayerBufs *L, const float *x, int r0, int r1,
                        int n_keys)
{
    const tf_Layer *w = &p->m->w.dec[l];
    int T = p->T, S = p->S;
    if (!p->m->cfg.norm_first) {
        fw_attn_kv(p, &L->sa, &w->self_attn, x, r0, r1);
        fw_attn_run(p, &L->sa, &w->self_attn, x, r0, r1, n_keys, 1, p->tgt_len);
        resid_rows(p, L->add1, x, L->sa.out, T, r0, r1);
        norm_rows(p, L->norm1, L->add1, &w->norm1, T, r0, r1);
        fw_attn_run(p, &L->ca, &w->cross_attn, L->norm1, r0, r1, S, 0, p->src_len);
        resid_rows(p, L->add2, L->norm1, L->ca.out, T, r0, r1);
        norm_rows(p, L->norm2, L->add2, &w->norm2, T, r0, r1);
        ffn_rows(p, L->hidden, L->ffn_out, L->norm2, w, T, r0, r1);
        resid_rows(p, L->add3, L->norm2, L->ffn_out, T, r0, r1);
        norm_rows(p, L->norm3, L->add3, &w->norm3, T, r0, r1);
        return L->norm3;
    }
    norm_rows(p, L->norm1, x, &w->norm1, T, r0, r1);
    fw_attn_kv(p, &L->sa, &w->self_attn, L->norm1, r0, r1);
    fw_attn_run(p, &L->sa, &w->self_attn, L->norm1, r0, r1, n_keys, 1, p->tgt_len);
    resid_rows(p, L->add1, x, L->sa.out, T, r0, r1);
    norm_rows(p, L->norm2, L->add1, &w->norm2, T, r0, r1);
    fw_attn_run(p, &L->ca, &w->cross_attn, L->norm2, r0, r1, S, 0, p->src_len);
    resid_rows(p, L->add2, L->add1, L->ca.out, T, r0, r1);
    norm_rows(p, L->norm3, L->add2, &w->norm3, T, r0, r1);
    ffn_rows(p, L->hidden, L->ffn_out, L->norm3, w, T, r0, r1);
    resid_rows(p, L->add3, L->add2, L->ffn_out, T, r0, r1);
    return L->add3;
}

/* ---- output layer ---- */

void fw_out_declare(Pass *p, OutBufs *o, const char *x_name)
{
    const tf_Config *c = &p->m->cfg;
    o->norm = NULL;
    if (c->has_dec_norm) {
        o->norm = fw_node(p, "dec.norm", TF_OP_LAYERNORM, 2, (int[]){p->T, c->d_model}, x_name,
                          NULL, "final LayerNorm of the decoder stack");
        x_name = "dec.norm";
    }
    o->logits = fw_node(p, "logits", TF_OP_LINEAR, 2, (int[]){p->T, c->tgt_vocab}, x_name, NULL,
                        c->tied_generator ? "x·Eᵀ (+ b): the output shares the target embedding"
                                          : "x·W_outᵀ + b: one score per target token");
    o->probs = fw_node(p, "probs", TF_OP_SOFTMAX, 2, (int[]){p->T, c->tgt_vocab}, "logits", NULL,
                       "softmax: the probability of each next token");
}

void fw_out_run(Pass *p, const OutBufs *o, const float *x, int r0, int r1, int with_probs)
{
    const tf_Config *c = &p->m->cfg;
    int D = c->d_model, V = c->tgt_vocab;
    if (o->norm) {
        norm_rows(p, o->norm, x, &p->m->w.dec_norm, p->T, r0, r1);
        x = o->norm;
    }
    int per = fw_seqs_per_block(p, p->T, r0, r1), n = per * (r1 - r0);
    for (int k = 0; k < p->B / per; k++) {
        size_t rd = ((size_t)k * p->T + r0) * D, rv = ((size_t)k * p->T + r0) * V;
        fw_linear(p, o->logits + rv, x + rd, p->m->w.generator.wt, V, p->m->w.generator.b, n, D, V);
        for (int r = 0; with_probs && r < n; r++)
            tf_softmax_forward(o->probs + rv + (size_t)r * V, o->logits + rv + (size_t)r * V, V, V);
    }
}

/* ---- entry points ---- */

size_t tf_forward_trace_floats(const tf_Config *c, int B, int S, int T)
{
    size_t D = (size_t)c->d_model, F = (size_t)c->d_ff, H = (size_t)c->nhead;
    size_t s = (size_t)S, t = (size_t)T;
    size_t enc = 10 * s * D + 2 * H * s * s + s * F;
    size_t dec = 15 * t * D + 2 * s * D + 2 * H * t * t + 2 * H * t * s + t * F;
    size_t all = 3 * s * D + s * D + (size_t)c->n_enc * enc + 3 * t * D + t * D +
                 (size_t)c->n_dec * dec + 2 * t * (size_t)c->tgt_vocab;
    return all * (size_t)B;
}

int tf_forward_trace_nodes(const tf_Config *c) { return 16 + 13 * c->n_enc + 22 * c->n_dec; }

void tf_forward_trace_alloc(tf_Trace *tr, const tf_Config *cfg, int B, int S, int T)
{
    tf_trace_init(tr, B, tf_forward_trace_floats(cfg, B, S, T), tf_forward_trace_nodes(cfg));
}

void fw_forward(const tf_Model *m, tf_Trace *tr, const tf_Batch *b, tf_Pool *pool, float dropout,
                uint64_t seed, int with_probs)
{
    Pass p;
    tf_trace_reset(tr);
    TF_ASSERT(tr->batch == b->B);
    fw_pass_init(&p, m, tr, pool, b->B, b->S, b->T);
    p.src = b->src;
    p.tgt = b->tgt;
    p.src_len = b->src_len;
    p.tgt_len = b->tgt_len;
    p.dropout = dropout;
    p.drop_seed = seed;
    const char *mem_name;
    const float *mem = fw_encode(&p, &mem_name);
    EmbedBufs e;
    fw_embed_declare(&p, &e, 0);
    fw_embed_run(&p, &e, 0, 0, p.T);
    const float *x = e.x;
    char names[2][TF_NAME_MAX];
    const char *x_name = "tgt.x";
    for (int l = 0; l < m->cfg.n_dec; l++) {
        LayerBufs L;
        fw_dec_declare(&p, l, &L, x_name, mem_name);
        fw_attn_kv(&p, &L.ca, &m->w.dec[l].cross_attn, mem, 0, p.S);
        x = fw_dec_run(&p, l, &L, x, 0, p.T, p.T);
        x_name = fw_dec_out_name(&m->cfg, l, names[l % 2]);
    }
    OutBufs o;
    fw_out_declare(&p, &o, x_name);
    fw_out_run(&p, &o, x, 0, p.T, with_probs);
    fw_pass_free(&p);
}

void tf_forward(const tf_Model *m, tf_Trace *tr, const tf_Batch *b, tf_Pool *pool)
{
    fw_forward(m, tr, b, pool, 0.0f, 0, 1);
}

tf_Status tf_check_sequence(const tf_Model *m, const int *ids, int n, int is_target, tf_Err *err)
{
    const char *what = is_target ? "target (with <bos>)" : "source";
    int V = is_target ? m->cfg.tgt_vocab : m->cfg.src_vocab;
    if (n < 1) return tf_fail(err, TF_ERR_INPUT, "the %s is empty", what);
    if (n > m->cfg.max_len)
        return tf_fail(err, TF_ERR_INPUT, "the %s has %d tokens; this model accepts at most %d "
                       "(max_len)", what, n, m->cfg.max_len);
    for (int i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= V)
            return tf_fail(err, TF_ERR_INPUT, "%s token %d has id %d, outside the vocabulary of %d",
                           what, i, ids[i], V);
    if (!is_target) {
        int T = n + TF_DECODE_EXTRA < m->cfg.max_len ? n + TF_DECODE_EXTRA : m->cfg.max_len;
        double bytes = (double)tf_forward_trace_floats(&m->cfg, 1, n, T) * sizeof(float);
        if (bytes > (double)TF_MAX_TRACE_BYTES)
            return tf_fail(err, TF_ERR_INPUT, "a source of %d tokens would need %.1f GB to trace "
                           "with this model; use a shorter sentence", n, bytes / 1e9);
    }
    return TF_OK;
}

tf_Status tf_trace_sentence(const tf_Model *m, const int *src, int S, const int *tgt_in, int T,
                            tf_Pool *pool, tf_Trace *tr, tf_Err *err)
{
    tf_Status s = tf_check_sequence(m, src, S, 0, err);
    if (!s) s = tf_check_sequence(m, tgt_in, T, 1, err);
    if (s) return s;
    double bytes = (double)tf_forward_trace_floats(&m->cfg, 1, S, T) * sizeof(float);
    if (bytes > (double)TF_MAX_TRACE_BYTES)
        return tf_fail(err, TF_ERR_INPUT, "%d source and %d target tokens would need %.1f GB to "
                       "trace with this model", S, T, bytes / 1e9);
    tf_forward_trace_alloc(tr, &m->cfg, 1, S, T);
    tf_Batch b = {1, S, T, src, tgt_in, NULL, NULL};
    tf_forward(m, tr, &b, pool);
    tf_trace_set_tokens(tr, &m->src_vocab, src, S, &m->tgt_vocab, tgt_in, T);
    return TF_OK;
}

/* forward_stack.c — the order of the forward pass: embeddings, sub-layers, layers, the two stacks
 * and the output layer, each declared once (forward_internal.h) and run over a range of rows.
 * One sub-layer function serves post-LN (the paper) and pre-LN (norm_first): they record the same
 * names; only the place of the norm differs. Not the entry points (forward.c) nor attention
 * itself (forward_attn.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"
#include "kernels.h"
#include "train_kernels.h"

#define MAX2(a, b) ((a) > (b) ? (a) : (b))

void fw_pass_init(Pass *p, const tf_Config *c, const tf_Model *m, tf_Trace *tr, tf_Pool *pool,
                  int B, int S, int T)
{
    memset(p, 0, sizeof *p);
    p->c = c;
    p->m = m;
    p->tr = tr;
    p->pool = pool;
    p->B = B;
    p->S = S;
    p->T = T;
    p->with_probs = 1;
    p->enc = tf_xcalloc((size_t)c->n_enc, sizeof *p->enc);
    p->dec = tf_xcalloc((size_t)c->n_dec, sizeof *p->dec);
    if (m) {
        size_t width = (size_t)MAX2(2 * c->d_model, c->d_ff);
        p->scratch = tf_xmalloc((size_t)B * MAX2(S, T) * width * sizeof(float));
    }
    tr->cfg = *c;
}

void fw_pass_free(Pass *p)
{
    free(p->scratch);
    free(p->enc);
    free(p->dec);
}

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
    int D = p->c->d_model, per = fw_seqs_per_block(p, rows_all, r0, r1);
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
    int D = p->c->d_model, per = fw_seqs_per_block(p, rows_all, r0, r1);
    for (int k = 0; k < p->B / per; k++) {
        size_t o = ((size_t)k * rows_all + r0) * D;
        tf_layernorm_forward(out + o, x + o, n->g, n->b, per * (r1 - r0), D, p->c->ln_eps);
    }
}

static void ffn_rows(Pass *p, float *hidden, float *out, const float *x, const tf_Layer *w,
                     int rows_all, int r0, int r1)
{
    int D = p->c->d_model, F = p->c->d_ff, per = fw_seqs_per_block(p, rows_all, r0, r1);
    int n = per * (r1 - r0);
    for (int k = 0; k < p->B / per; k++) {
        size_t rd = ((size_t)k * rows_all + r0) * D, rf = ((size_t)k * rows_all + r0) * F;
        fw_linear(p, hidden + rf, x + rd, w->ff1.wt, F, w->ff1.b, n, D, F);
        tf_relu_forward(hidden + rf, hidden + rf, (size_t)n * F);
        fw_linear(p, out + rd, hidden + rf, w->ff2.wt, D, w->ff2.b, n, F, D);
    }
}

/* ---- embeddings ---- */

static void embed_declare(Pass *p, EmbedBufs *e, tf_Stack side)
{
    int D = p->c->d_model, rows = side == TF_STACK_SOURCE ? p->S : p->T;
    tf_Site s = {side, -1, 0, TF_ATTN_NONE, TF_PART_EMBED};
    int emb = fw_node(p, &e->embed, s, TF_OP_EMBED, 2, (int[]){rows, D}, -1, -1,
                      "embedding of each token × √d_model");
    s.part = TF_PART_POS;
    int pos = fw_node(p, &e->pos, s, TF_OP_POSENC, 2, (int[]){rows, D}, -1, -1,
                      p->iv && p->iv->no_pos
                          ? "zero: positional encoding switched off"
                          : "PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)");
    s.part = TF_PART_X;
    e->out = fw_node(p, &e->x, s, TF_OP_ADD, 2, (int[]){rows, D}, emb, pos, "embedding + position");
}

static void embed_run(Pass *p, const EmbedBufs *e, int src_side, int r0, int r1)
{
    const tf_Model *m = p->m;
    int D = p->c->d_model, rows = src_side ? p->S : p->T;
    const int *ids = src_side ? p->src : p->tgt;
    const float *table = src_side ? m->w.src_embed : m->w.tgt_embed;
    for (int k = 0; k < p->B; k++) {
        size_t o = ((size_t)k * rows + r0) * D;
        tf_embed_forward(e->embed + o, table, ids + (size_t)k * rows + r0, r1 - r0, D);
        if (p->iv && p->iv->no_pos) memset(e->pos + o, 0, (size_t)(r1 - r0) * D * sizeof(float));
        else tf_posenc_forward(e->pos + o, r0, r1 - r0, D);
    }
    add_rows(p, e->x, e->embed, e->pos, rows, r0, r1, D);
    for (int k = 0; p->dropout > 0.0f && k < p->B; k++) {
        float *x = e->x + ((size_t)k * rows + r0) * D;
        tf_dropout_forward(x, x, (size_t)(r1 - r0) * D, p->dropout, p->drop_seed,
                           (uint32_t)(x - p->tr->arena));
    }
}

/* ---- a sub-layer: [norm] body, add, [norm] ---- */

static const char *NORM_NOTE = "LayerNorm: (x − mean)/√(var + ε)·γ + β, per row";

/* Declares sub-layer s of a layer at site (stack, layer) on the node x; mem: the memory node for
 * cross-attention. Returns the node index of the sub-layer's output. */
static int sub_declare(Pass *p, SubBufs *s, tf_Site site, int x, int mem)
{
    int D = p->c->d_model, F = p->c->d_ff, dec = site.stack == TF_STACK_DECODER;
    int rows = dec ? p->T : p->S, in = x, body;
    site.sublayer = s->k;
    tf_Site norm = site, add = site;
    norm.part = TF_PART_NORM;
    add.part = TF_PART_ADD;
    if (p->c->norm_first)
        in = fw_node(p, &s->norm, norm, TF_OP_LAYERNORM, 2, (int[]){rows, D}, x, -1, NORM_NOTE);
    if (s->kind == SUB_FFN) {
        site.part = TF_PART_FFN_HIDDEN;
        int h = fw_node(p, &s->hidden, site, TF_OP_LINEAR_RELU, 2, (int[]){rows, F}, in, -1,
                        "max(0, x·W₁ᵀ + b₁)");
        site.part = TF_PART_FFN_OUT;
        body = fw_node(p, &s->ffn_out, site, TF_OP_LINEAR, 2, (int[]){rows, D}, h, -1,
                       "hidden·W₂ᵀ + b₂");
    } else if (s->kind == SUB_CROSS_ATTN) {
        body = fw_attn_declare(p, &s->a, TF_ATTN_CROSS, site.layer, in, mem, p->T, p->S);
    } else {
        body = fw_attn_declare(p, &s->a, dec ? TF_ATTN_DEC : TF_ATTN_ENC, site.layer, in, in, rows,
                               rows);
    }
    s->out = fw_node(p, &s->add, add, TF_OP_ADD, 2, (int[]){rows, D}, x, body,
                     "residual: sub-layer input + sub-layer output");
    if (!p->c->norm_first)
        s->out = fw_node(p, &s->norm, norm, TF_OP_LAYERNORM, 2, (int[]){rows, D}, s->out, -1,
                         NORM_NOTE);
    return s->out;
}

static const tf_Norm *norm_weights(const tf_Layer *w, int k)
{
    return k == 1 ? &w->norm1 : k == 2 ? &w->norm2 : &w->norm3;
}

/* Rows [r0, r1) of sub-layer s on x (B, rows, D); returns its output buffer (B, rows, D).
 * Self-attention attends to the first n_keys rows; cross-attention's keys and values are
 * already computed (fw_run_encoder). */
static const float *sub_run(Pass *p, const SubBufs *s, const tf_Layer *w, const float *x,
                            int rows, int r0, int r1, int n_keys)
{
    const tf_Norm *nw = norm_weights(w, s->k);
    const float *in = x, *body;
    if (p->c->norm_first) {
        norm_rows(p, s->norm, x, nw, rows, r0, r1);
        in = s->norm;
    }
    if (s->kind == SUB_FFN) {
        ffn_rows(p, s->hidden, s->ffn_out, in, w, rows, r0, r1);
        body = s->ffn_out;
    } else if (s->kind == SUB_CROSS_ATTN) {
        fw_attn_run(p, &s->a, &w->cross_attn, in, r0, r1, p->S);
        body = s->a.out;
    } else {
        fw_attn_kv(p, &s->a, &w->self_attn, in, r0, r1);
        fw_attn_run(p, &s->a, &w->self_attn, in, r0, r1, n_keys);
        body = s->a.out;
    }
    resid_rows(p, s->add, x, body, rows, r0, r1);
    if (p->c->norm_first) return s->add;
    norm_rows(p, s->norm, s->add, nw, rows, r0, r1);
    return s->norm;
}

/* ---- layers and stacks ---- */

static int layer_declare(Pass *p, LayerBufs *L, tf_Stack stack, int l, int x, int mem)
{
    static const SubKind ENC[] = {SUB_SELF_ATTN, SUB_FFN};
    static const SubKind DEC[] = {SUB_SELF_ATTN, SUB_CROSS_ATTN, SUB_FFN};
    int dec = stack == TF_STACK_DECODER;
    L->n_sub = dec ? 3 : 2;
    for (int k = 0; k < L->n_sub; k++) {
        L->sub[k].kind = dec ? DEC[k] : ENC[k];
        L->sub[k].k = k + 1;
        x = sub_declare(p, &L->sub[k], (tf_Site){stack, l, 0, TF_ATTN_NONE, TF_PART_OTHER}, x, mem);
    }
    return x;
}

static const float *layer_run(Pass *p, const LayerBufs *L, const tf_Layer *w, const float *x,
                              int rows, int r0, int r1, int n_keys)
{
    for (int k = 0; k < L->n_sub; k++) x = sub_run(p, &L->sub[k], w, x, rows, r0, r1, n_keys);
    return x;
}

static float *final_norm(Pass *p, tf_Stack stack, int rows, int x, int *node)
{
    float *buf;
    *node = fw_node(p, &buf, (tf_Site){stack, -1, 0, TF_ATTN_NONE, TF_PART_NORM}, TF_OP_LAYERNORM,
                    2, (int[]){rows, p->c->d_model}, x, -1,
                    stack == TF_STACK_ENCODER ? "final LayerNorm of the encoder stack"
                                              : "final LayerNorm of the decoder stack");
    return buf;
}

void fw_declare(Pass *p)
{
    const tf_Config *c = p->c;
    embed_declare(p, &p->src_e, TF_STACK_SOURCE);
    int x = p->src_e.out;
    for (int l = 0; l < c->n_enc; l++) x = layer_declare(p, &p->enc[l], TF_STACK_ENCODER, l, x, -1);
    p->enc_norm = c->has_enc_norm ? final_norm(p, TF_STACK_ENCODER, p->S, x, &x) : NULL;
    p->mem_node = x;
    embed_declare(p, &p->tgt_e, TF_STACK_TARGET);
    x = p->tgt_e.out;
    for (int l = 0; l < c->n_dec; l++)
        x = layer_declare(p, &p->dec[l], TF_STACK_DECODER, l, x, p->mem_node);
    p->o.norm = c->has_dec_norm ? final_norm(p, TF_STACK_DECODER, p->T, x, &x) : NULL;
    int V = c->tgt_vocab;
    x = fw_node(p, &p->o.logits, (tf_Site){TF_STACK_OUTPUT, -1, 0, TF_ATTN_NONE, TF_PART_LOGITS},
                TF_OP_LINEAR, 2, (int[]){p->T, V}, x, -1,
                c->tied_generator ? "x·Eᵀ (+ b): the output shares the target embedding"
                                  : "x·W_outᵀ + b: one score per target token");
    fw_node(p, &p->o.probs, (tf_Site){TF_STACK_OUTPUT, -1, 0, TF_ATTN_NONE, TF_PART_PROBS},
            TF_OP_SOFTMAX, 2, (int[]){p->T, V}, x, -1, "softmax: the probability of each next token");
}

void fw_run_encoder(Pass *p)
{
    const tf_Weights *w = &p->m->w;
    int S = p->S;
    embed_run(p, &p->src_e, 1, 0, S);
    const float *x = p->src_e.x;
    for (int l = 0; l < p->c->n_enc; l++) x = layer_run(p, &p->enc[l], &w->enc[l], x, S, 0, S, S);
    if (p->enc_norm) {
        norm_rows(p, p->enc_norm, x, &w->enc_norm, S, 0, S);
        x = p->enc_norm;
    }
    p->mem = x;
    for (int l = 0; l < p->c->n_dec; l++)
        fw_attn_kv(p, &p->dec[l].sub[1].a, &w->dec[l].cross_attn, p->mem, 0, S);
}

static void out_run(Pass *p, const float *x, int r0, int r1)
{
    const OutBufs *o = &p->o;
    int D = p->c->d_model, V = p->c->tgt_vocab;
    if (o->norm) {
        norm_rows(p, o->norm, x, &p->m->w.dec_norm, p->T, r0, r1);
        x = o->norm;
    }
    int per = fw_seqs_per_block(p, p->T, r0, r1), n = per * (r1 - r0);
    for (int k = 0; k < p->B / per; k++) {
        size_t rd = ((size_t)k * p->T + r0) * D, rv = ((size_t)k * p->T + r0) * V;
        fw_linear(p, o->logits + rv, x + rd, p->m->w.generator.wt, V, p->m->w.generator.b, n, D, V);
        for (int r = 0; p->with_probs && r < n; r++)
            tf_softmax_forward(o->probs + rv + (size_t)r * V, o->logits + rv + (size_t)r * V, V, V);
    }
}

void fw_run_decoder(Pass *p, int r0, int r1, int n_keys)
{
    embed_run(p, &p->tgt_e, 0, r0, r1);
    const float *x = p->tgt_e.x;
    for (int l = 0; l < p->c->n_dec; l++)
        x = layer_run(p, &p->dec[l], &p->m->w.dec[l], x, p->T, r0, r1, n_keys);
    out_run(p, x, r0, r1);
}

const char *fw_dec_out_name(const tf_Config *c, int l, char *buf)
{
    tf_Site s = {TF_STACK_DECODER, l, 3, TF_ATTN_NONE, c->norm_first ? TF_PART_ADD : TF_PART_NORM};
    return tf_site_name(s, buf);
}

/* forward_attn.c — the pieces of the forward pass below a sub-layer: declaring a node, the
 * threaded linear layer, and the attention block (declare, keys and values, queries onward).
 * Not the order of sub-layers and layers (forward_stack.c) nor the entry points (forward.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"
#include "kernels.h"

/* ---- recording ---- */

int fw_node(Pass *p, float **buf, tf_Site site, tf_Op op, int ndim, const int *shape, int in0,
            int in1, const char *note)
{
    char name[TF_NAME_MAX] = "";
    if (p->tr->nodes) tf_site_name(site, name);  /* a counting trace keeps no names */
    tf_NodeDecl d = {name, op, site, ndim, {0}, 0, {0}, TF_MASK_NONE, note};
    memcpy(d.shape, shape, (size_t)ndim * sizeof *shape);
    if (in0 >= 0) d.in[d.n_inputs++] = in0;
    if (in1 >= 0) d.in[d.n_inputs++] = in1;
    if (site.attn == TF_ATTN_DEC && (site.part == TF_PART_SCORES || site.part == TF_PART_WEIGHTS) &&
        !(p->iv && p->iv->no_mask))
        d.mask = TF_MASK_CAUSAL;
    int i = tf_trace_add(p->tr, &d);
    *buf = p->tr->nodes ? p->tr->nodes[i].data : NULL;
    return i;
}

/* ---- threaded linear ---- */

typedef struct {
    float *out;
    const float *x, *wt, *b;
    int M, K, N, ldw, chunk;
} LinearJob;

static void linear_task(void *ctx, int t)
{
    LinearJob *j = ctx;
    int r0 = t * j->chunk, r1 = r0 + j->chunk < j->M ? r0 + j->chunk : j->M;
    if (r1 > r0)
        tf_linear_forward_ld(j->out + (size_t)r0 * j->N, j->x + (size_t)r0 * j->K, j->wt, j->ldw, j->b,
                     r1 - r0, j->K, j->N);
}

void fw_linear(Pass *p, float *out, const float *x, const float *wt, int ldw, const float *b, int M,
               int K, int N)
{
    int threads = tf_pool_threads(p->pool);
    if (threads <= 1 || M < 8) {
        tf_linear_forward_ld(out, x, wt, ldw, b, M, K, N);
        return;
    }
    LinearJob j = {out, x, wt, b, M, K, N, ldw, 0};
    int tasks = threads * 2;
    j.chunk = ((M + tasks - 1) / tasks + 3) & ~3;  /* multiples of four rows */
    tf_pool_run(p->pool, linear_task, &j, (M + j.chunk - 1) / j.chunk);
}

/* ---- attention ---- */

/* Rows [r0, r1) of src (row r0 first, stride ld_src) into dst (H, Tall, Dk). */
static void split_heads(float *dst, const float *src, int ld_src, int Tall, int r0, int r1, int H,
                        int Dk)
{
    for (int t = r0; t < r1; t++)
        for (int h = 0; h < H; h++)
            memcpy(dst + ((size_t)h * Tall + t) * Dk, src + (size_t)(t - r0) * ld_src + (size_t)h * Dk,
                   (size_t)Dk * sizeof(float));
}

/* The context's note names the heads an intervention switched off. */
static void context_note(const Pass *p, tf_AttnKind kind, int layer, char *note, size_t cap)
{
    size_t used = (size_t)snprintf(note, cap, "weights·V, per head");
    for (int h = 0, first = 1; h < p->c->nhead && used < cap; h++)
        if (tf_interv_head(p->iv, kind, layer, h)) {
            used += (size_t)snprintf(note + used, cap - used, "%s%d", first ? "; ablated (0): head "
                                                                            : ", ", h);
            first = 0;
        }
}

int fw_attn_declare(Pass *p, AttnBufs *a, tf_AttnKind kind, int layer, int xq, int xkv, int Tq,
                    int Tk)
{
    int H = p->c->nhead, D = p->c->d_model, Dk = D / H;
    const tf_Interv *iv = p->iv;
    char ctx_note[160];
    context_note(p, kind, layer, ctx_note, sizeof ctx_note);
    tf_Site s = tf_site_attn(kind, layer, TF_PART_Q);
    int q = fw_node(p, &a->q, s, TF_OP_PROJECT, 3, (int[]){H, Tq, Dk}, xq, -1,
                    "queries: x·W_Qᵀ + b_Q, split into heads");
    s.part = TF_PART_K;
    int k = fw_node(p, &a->k, s, TF_OP_PROJECT, 3, (int[]){H, Tk, Dk}, xkv, -1,
                    "keys: x·W_Kᵀ + b_K, split into heads");
    s.part = TF_PART_V;
    int v = fw_node(p, &a->v, s, TF_OP_PROJECT, 3, (int[]){H, Tk, Dk}, xkv, -1,
                    "values: x·W_Vᵀ + b_V, split into heads");
    s.part = TF_PART_SCORES;
    int sc = fw_node(p, &a->scores, s, TF_OP_SCORES, 3, (int[]){H, Tq, Tk}, q, k,
                     iv && iv->no_scale ? "Q·Kᵀ, not divided by √dₖ (scaling off), before any mask"
                                        : "Q·Kᵀ/√dₖ, before any mask");
    s.part = TF_PART_WEIGHTS;
    int w = fw_node(p, &a->weights, s, TF_OP_SOFTMAX, 3, (int[]){H, Tq, Tk}, sc, -1,
                    kind != TF_ATTN_DEC         ? "softmax over keys"
                    : iv && iv->no_mask         ? "softmax over keys; the mask is off: every "
                                                  "position sees the future"
                                                : "softmax over keys; future positions masked to 0");
    s.part = TF_PART_CONTEXT;
    int ctx = fw_node(p, &a->context, s, TF_OP_CONTEXT, 3, (int[]){H, Tq, Dk}, w, v, ctx_note);
    s.part = TF_PART_ATTN_OUT;
    a->Tq = Tq;
    a->Tk = Tk;
    a->kind = kind;
    a->layer = layer;
    return fw_node(p, &a->out, s, TF_OP_LINEAR, 2, (int[]){Tq, D}, ctx, -1,
                   "concat(heads)·W_Oᵀ + b_O");
}

/* Keys and values of rows [r0, r1) of x (B, Tk, D) into the head buffers. A pass over every row of
 * every sequence makes the B sequences one block of B·rows rows (fw_seqs_per_block), so each
 * projection is one threaded call instead of B small ones; every row is computed on its own
 * either way, so the bits are the same. */
void fw_attn_kv(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *x, int r0, int r1)
{
    const tf_Config *c = p->c;
    int D = c->d_model, H = c->nhead, Dk = D / H, n = r1 - r0;
    int per = fw_seqs_per_block(p, a->Tk, r0, r1), blocks = p->B / per;
    for (int k = 0; k < blocks; k++) {
        const float *xb = x + ((size_t)k * a->Tk + r0) * D;
        fw_linear(p, p->scratch, xb, w->in_proj.wt + D, 3 * D, w->in_proj.b + D, per * n, D, 2 * D);
        for (int b = k * per; b < (k + 1) * per; b++) {
            size_t hb = (size_t)b * H * a->Tk * Dk;
            const float *kv = p->scratch + (size_t)(b - k * per) * n * 2 * D;
            split_heads(a->k + hb, kv, 2 * D, a->Tk, r0, r1, H, Dk);
            split_heads(a->v + hb, kv + D, 2 * D, a->Tk, r0, r1, H, Dk);
        }
    }
}

typedef struct {
    Pass *p;
    const AttnBufs *a;
    int r0, r1, n_keys, causal;
    const int *key_len;  /* (B) or NULL: n_keys */
} AttendJob;

static void attend_task(void *ctx, int task)
{
    AttendJob *j = ctx;
    const tf_Config *c = j->p->c;
    const tf_Interv *iv = j->p->iv;
    int H = c->nhead, Dk = c->d_model / H, b = task / H, h = task % H;
    const AttnBufs *a = j->a;
    size_t qb = ((size_t)b * H + h) * a->Tq, kb = ((size_t)b * H + h) * a->Tk;
    float scale = iv && iv->no_scale ? 1.0f : sqrtf((float)Dk);
    bool ablated = tf_interv_head(iv, a->kind, a->layer, h);
    for (int i = j->r0; i < j->r1; i++) {
        int valid = j->key_len ? j->key_len[b] : j->n_keys;
        if (j->causal && i + 1 < valid) valid = i + 1;
        if (valid > j->n_keys) valid = j->n_keys;
        size_t row = (qb + i) * a->Tk;
        tf_attend_row(a->scores + row, a->weights + row, a->context + (qb + i) * Dk,
                      a->q + (qb + i) * Dk, a->k + kb * Dk, a->v + kb * Dk, j->n_keys, valid, Dk, Dk,
                      scale);
        if (ablated) memset(a->context + (qb + i) * Dk, 0, (size_t)Dk * sizeof(float));
    }
}

/* Queries of rows [r0, r1) of xq (B, Tq, D), attention over the first n_keys keys (causal in the
 * decoder's self-attention; keys past a sequence's length masked), output projection. */
void fw_attn_run(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *xq, int r0, int r1,
                 int n_keys)
{
    const tf_Config *c = p->c;
    int D = c->d_model, H = c->nhead, Dk = D / H, n = r1 - r0;
    int per = fw_seqs_per_block(p, a->Tq, r0, r1), blocks = p->B / per;
    for (int k = 0; k < blocks; k++) {
        fw_linear(p, p->scratch, xq + ((size_t)k * a->Tq + r0) * D, w->in_proj.wt, 3 * D,
                  w->in_proj.b, per * n, D, D);
        for (int b = k * per; b < (k + 1) * per; b++)
            split_heads(a->q + (size_t)b * H * a->Tq * Dk,
                        p->scratch + (size_t)(b - k * per) * n * D, D, a->Tq, r0, r1, H, Dk);
    }
    int causal = a->kind == TF_ATTN_DEC && !(p->iv && p->iv->no_mask);
    AttendJob j = {p, a, r0, r1, n_keys, causal, a->kind == TF_ATTN_DEC ? p->tgt_len : p->src_len};
    tf_pool_run(n * n_keys * Dk >= 512 ? p->pool : NULL, attend_task, &j, p->B * H);
    for (int k = 0; k < blocks; k++) {
        float *cat = p->scratch;  /* (per·n, D): the heads side by side */
        for (int b = k * per; b < (k + 1) * per; b++)
            for (int t = r0; t < r1; t++)
                for (int h = 0; h < H; h++)
                    memcpy(cat + ((size_t)(b - k * per) * n + t - r0) * D + (size_t)h * Dk,
                           a->context + (((size_t)b * H + h) * a->Tq + t) * Dk,
                           (size_t)Dk * sizeof(float));
        fw_linear(p, a->out + ((size_t)k * a->Tq + r0) * D, cat, w->out_proj.wt, D, w->out_proj.b,
                  per * n, D, D);
    }
}

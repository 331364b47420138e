/* backward.c — the backward pass of the post-LN Transformer: from the gradient of the logits to
 * the gradient of every weight. It reads the activations that the forward pass recorded in the
 * trace, by name as a viewer would, and walks the ops in reverse. Threads split rows, heads or
 * rows of a weight matrix, never a sum, so the bits do not depend on the thread count.
 * Not the loss (loss.c), not the update (optim.c), and not pre-LN models.
 *
 * Dropout: the forward pass dropped each sub-layer's output inside its residual sum, keyed by the
 * sum's place in the trace arena, and the embedding + position sum in place; the same keys give
 * the same masks here.
 *
 * Buffers (floats), R = max(S, T):
 *   dlogits (B·T, Vt)  gdec (B·T, D)  gmem (B·S, D)  gsub, gcat, cat (B·R, D)  gh (B·R, F)
 *   gqkv (B·R, 3D)  gkv (B·S, 2D)  dw (B·H, R·(R + Dk))
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "forward_internal.h"
#include "train_internal.h"
#include "train_kernels.h"

typedef struct {
    const tf_Model *m;
    const tf_Trace *tr;
    const tf_Weights *wo;  /* (out, in) copies of the linear weights */
    tf_Weights *g;         /* gradients */
    tf_Pool *pool;
    int B, S, T, R, D, H, Dk, F;
    const int *src_len, *tgt_len;  /* (B) or NULL: all rows */
    float dropout;
    uint64_t seed;
    float *gsub;  /* (B·R, D) gradient of a sub-layer's output */
    float *gcat;  /* (B·R, D) of concat(heads) */
    float *cat;   /* (B·R, D) concat(heads) of the forward pass */
    float *gh;    /* (B·R, F) of the FFN's hidden layer */
    float *gqkv;  /* (B·R, 3D) of Q|K|V (self-attention) or Q (cross-attention) */
    float *gkv;   /* (B·S, 2D) of K|V (cross-attention) */
    float *dw;    /* (B·H, R·(R + Dk)) attention scratch, one block per (sequence, head) task */
} Bw;

size_t bw_floats(const tf_Config *c, int B, int S, int T)
{
    size_t D = (size_t)c->d_model, F = (size_t)c->d_ff, R = (size_t)(S > T ? S : T);
    size_t b = (size_t)B, s = (size_t)S, t = (size_t)T;
    return b * t * (size_t)c->tgt_vocab + b * t * D + b * s * D + 3 * b * R * D + b * R * F +
           3 * b * R * D + 2 * b * s * D + b * (size_t)c->nhead * R * (R + D / (size_t)c->nhead);
}

static const float *act(const Bw *k, const char *fmt, ...)
{
    char name[TF_NAME_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    const tf_Node *n = tf_trace_get(k->tr, name);
    TF_ASSERT(n != NULL);
    return n->data;
}

static uint32_t arena_idx(const Bw *k, const float *p) { return (uint32_t)(p - k->tr->arena); }

/* ---- threaded pieces ---- */

typedef struct {
    float *dx, *dwt, *db;
    const float *dy, *x, *w;
    int acc, ldw, M, K, N, rchunk, kchunk, n_row_tasks;
} LinJob;

static void lin_task(void *ctx, int t)
{
    LinJob *j = ctx;
    if (t < j->n_row_tasks) {
        int r0 = t * j->rchunk, r1 = r0 + j->rchunk < j->M ? r0 + j->rchunk : j->M;
        tf_linear_backward_x(j->dx + (size_t)r0 * j->K, j->dy + (size_t)r0 * j->N, j->w, r1 - r0,
                             j->N, j->K, j->acc);
        return;
    }
    t -= j->n_row_tasks;
    int k0 = t * j->kchunk, k1 = k0 + j->kchunk < j->K ? k0 + j->kchunk : j->K;
    tf_linear_backward_w(j->dwt, j->ldw, t == 0 ? j->db : NULL, j->x, j->dy, j->M, j->K, j->N, k0,
                         k1);
}

/* Of y (M, N) = x (M, K)·wt + b: dx (M, K) = dy·w (+ dx when acc), dwt (K, N, rows ldw apart)
 * += xᵀ·dy, db += Σ dy. Row blocks of dx and row blocks of dwt are the tasks. */
static void linear_back(Bw *k, float *dx, int acc, float *dwt, int ldw, float *db, const float *dy,
                        const float *x, const float *w, int M, int K, int N)
{
    int tasks = 4 * tf_pool_threads(k->pool);
    LinJob j = {dx, dwt, db, dy, x, w, acc, ldw, M, K, N, 0, 0, 0};
    j.rchunk = ((M + tasks - 1) / tasks + 3) & ~3;
    j.kchunk = ((K + tasks - 1) / tasks + 3) & ~3;
    j.n_row_tasks = (M + j.rchunk - 1) / j.rchunk;
    tf_pool_run(k->pool, lin_task, &j, j.n_row_tasks + (K + j.kchunk - 1) / j.kchunk);
}

typedef struct {
    float *g;
    const float *x, *gain;
    int M, D, chunk;
    float eps;
} NormJob;

static void norm_task(void *ctx, int t)
{
    NormJob *j = ctx;
    int r0 = t * j->chunk, r1 = r0 + j->chunk < j->M ? r0 + j->chunk : j->M;
    float *g = j->g + (size_t)r0 * j->D;
    tf_layernorm_backward(g, NULL, NULL, g, j->x + (size_t)r0 * j->D, j->gain, r1 - r0, j->D,
                          j->eps);
}

/* g (M, D): the gradient of a LayerNorm's output in, of its input x out; gn accumulates. */
static void norm_back(Bw *k, float *g, tf_Norm *gn, const tf_Norm *n, const float *x, int M)
{
    /* the weight gradients first: they read g before the rows overwrite it */
    tf_layernorm_backward(NULL, gn->g, gn->b, g, x, n->g, M, k->D, k->m->cfg.ln_eps);
    NormJob j = {g, x, n->g, M, k->D, 32, k->m->cfg.ln_eps};
    tf_pool_run(k->pool, norm_task, &j, (M + j.chunk - 1) / j.chunk);
}

/* The gradient of a sub-layer's output from g, that of the residual sum `add` it was dropped into
 * (or of the embedding + position sum dropped in place): g itself without dropout. */
static const float *undrop(Bw *k, float *dst, const float *g, const float *add, size_t n)
{
    if (k->dropout <= 0.0f) return g;
    tf_dropout_backward(dst, g, n, k->dropout, k->seed, arena_idx(k, add));
    return dst;
}

/* ---- attention ---- */

typedef struct {
    Bw *k;
    const float *q, *kk, *v, *wts;  /* (B, H, Tq|Tk, Dk), weights (B, H, Tq, Tk) */
    const float *gctx;              /* (B·Tq, D): head h at columns h·Dk … */
    float *dq, *dk, *dv;            /* (B·Tq, ldq), (B·Tk, ldkv): head h at columns h·Dk … */
    int ldq, ldkv, Tq, Tk, causal;
    const int *key_len;
} AttnJob;

static void attn_task(void *ctx, int task)
{
    AttnJob *j = ctx;
    Bw *k = j->k;
    int H = k->H, Dk = k->Dk, D = k->D, b = task / H, h = task % H, Tq = j->Tq, Tk = j->Tk;
    size_t bh = (size_t)b * H + h, col = (size_t)h * Dk;
    tf_attend_head_backward(j->dq + (size_t)b * Tq * j->ldq + col, j->ldq,
                            j->dk + (size_t)b * Tk * j->ldkv + col,
                            j->dv + (size_t)b * Tk * j->ldkv + col, j->ldkv,
                            k->dw + (size_t)task * k->R * (k->R + Dk),
                            j->gctx + (size_t)b * Tq * D + col, D, j->q + bh * Tq * Dk,
                            j->kk + bh * Tk * Dk, j->v + bh * Tk * Dk, j->wts + bh * Tq * Tk, Tq,
                            Tk, Dk, j->key_len ? j->key_len[b] : Tk, j->causal);
}

/* cat (B·Tq, D) = the heads of ctx (B, H, Tq, Dk) side by side, as fw_attn_run builds it */
static void merge_heads(float *cat, const float *ctx, int B, int H, int Tq, int Dk)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < Tq; t++)
            for (int h = 0; h < H; h++)
                memcpy(cat + ((size_t)b * Tq + t) * H * Dk + (size_t)h * Dk,
                       ctx + (((size_t)b * H + h) * Tq + t) * Dk, (size_t)Dk * sizeof(float));
}

/* One attention block pfx with queries from xq (B·Tq, D) and keys/values from xkv (B·Tk, D):
 * gout is the gradient of its output; the gradients of xq and xkv are added into gxq and gxkv
 * (the same buffer for self-attention, where xq = xkv). */
static void attn_back(Bw *k, const char *pfx, const tf_Attn *wo, tf_Attn *gw, const float *gout,
                      const float *xq, float *gxq, int Tq, const float *xkv, float *gxkv, int Tk,
                      int causal, const int *key_len)
{
    int D = k->D, self = xq == xkv, Mq = k->B * Tq;
    merge_heads(k->cat, act(k, "%s.context", pfx), k->B, k->H, Tq, k->Dk);
    linear_back(k, k->gcat, 0, gw->out_proj.wt, D, gw->out_proj.b, gout, k->cat, wo->out_proj.wt,
                Mq, D, D);
    AttnJob j = {k, act(k, "%s.q", pfx), act(k, "%s.k", pfx), act(k, "%s.v", pfx),
                 act(k, "%s.weights", pfx), k->gcat, k->gqkv, NULL, NULL, self ? 3 * D : D, 0,
                 Tq, Tk, causal, key_len};
    if (self) {
        j.dk = k->gqkv + D;
        j.dv = k->gqkv + 2 * D;
        j.ldkv = 3 * D;
    } else {
        j.dk = k->gkv;
        j.dv = k->gkv + D;
        j.ldkv = 2 * D;
    }
    tf_pool_run(k->pool, attn_task, &j, k->B * k->H);
    if (self) {
        linear_back(k, gxq, 1, gw->in_proj.wt, 3 * D, gw->in_proj.b, k->gqkv, xq, wo->in_proj.wt,
                    Mq, D, 3 * D);
        return;
    }
    linear_back(k, gxq, 1, gw->in_proj.wt, 3 * D, gw->in_proj.b, k->gqkv, xq, wo->in_proj.wt, Mq,
                D, D);
    linear_back(k, gxkv, 1, gw->in_proj.wt + D, 3 * D, gw->in_proj.b + D, k->gkv, xkv,
                wo->in_proj.wt + (size_t)D * D, k->B * Tk, D, 2 * D);
}

/* ---- layers ---- */

/* FFN of x (M, D) with ReLU hidden (M, F): gradient gout of its output in, added into gx */
static void ffn_back(Bw *k, const tf_Layer *wo, tf_Layer *gw, const float *gout, const float *x,
                     float *gx, const float *hidden, int M)
{
    int D = k->D, F = k->F;
    linear_back(k, k->gh, 0, gw->ff2.wt, D, gw->ff2.b, gout, hidden, wo->ff2.wt, M, F, D);
    tf_relu_backward(k->gh, hidden, k->gh, (size_t)M * F);
    linear_back(k, gx, 1, gw->ff1.wt, F, gw->ff1.b, k->gh, x, wo->ff1.wt, M, D, F);
}

/* g (B·S, D): the gradient of encoder layer l's output in, of its input out */
static void enc_layer_back(Bw *k, int l, float *g)
{
    const tf_Layer *w = &k->m->w.enc[l], *wo = &k->wo->enc[l];
    tf_Layer *gw = &k->g->enc[l];
    int M = k->B * k->S;
    size_t n = (size_t)M * k->D;
    const float *x = l ? act(k, "enc.%d.norm2", l - 1) : act(k, "src.x");
    const float *add1 = act(k, "enc.%d.add1", l), *add2 = act(k, "enc.%d.add2", l);
    char pfx[TF_NAME_MAX];
    snprintf(pfx, sizeof pfx, "enc.%d.self_attn", l);
    norm_back(k, g, &gw->norm2, &w->norm2, add2, M);
    const float *gs = undrop(k, k->gsub, g, add2, n);
    ffn_back(k, wo, gw, gs, act(k, "enc.%d.norm1", l), g, act(k, "enc.%d.ffn.hidden", l), M);
    norm_back(k, g, &gw->norm1, &w->norm1, add1, M);
    gs = undrop(k, k->gsub, g, add1, n);
    attn_back(k, pfx, &wo->self_attn, &gw->self_attn, gs, x, g, k->S, x, g, k->S, 0, k->src_len);
}

/* g (B·T, D): the gradient of decoder layer l's output in, of its input out; the gradient of the
 * memory (encoder output) mem is added into gmem */
static void dec_layer_back(Bw *k, int l, float *g, const float *mem, float *gmem)
{
    const tf_Layer *w = &k->m->w.dec[l], *wo = &k->wo->dec[l];
    tf_Layer *gw = &k->g->dec[l];
    int M = k->B * k->T;
    size_t n = (size_t)M * k->D;
    const float *x = l ? act(k, "dec.%d.norm3", l - 1) : act(k, "tgt.x");
    const float *add1 = act(k, "dec.%d.add1", l), *add2 = act(k, "dec.%d.add2", l),
                *add3 = act(k, "dec.%d.add3", l), *norm1 = act(k, "dec.%d.norm1", l);
    char sa[TF_NAME_MAX], ca[TF_NAME_MAX];
    snprintf(sa, sizeof sa, "dec.%d.self_attn", l);
    snprintf(ca, sizeof ca, "dec.%d.cross_attn", l);
    norm_back(k, g, &gw->norm3, &w->norm3, add3, M);
    const float *gs = undrop(k, k->gsub, g, add3, n);
    ffn_back(k, wo, gw, gs, act(k, "dec.%d.norm2", l), g, act(k, "dec.%d.ffn.hidden", l), M);
    norm_back(k, g, &gw->norm2, &w->norm2, add2, M);
    gs = undrop(k, k->gsub, g, add2, n);
    attn_back(k, ca, &wo->cross_attn, &gw->cross_attn, gs, norm1, g, k->T, mem, gmem, k->S, 0,
              k->src_len);
    norm_back(k, g, &gw->norm1, &w->norm1, add1, M);
    gs = undrop(k, k->gsub, g, add1, n);
    attn_back(k, sa, &wo->self_attn, &gw->self_attn, gs, x, g, k->T, x, g, k->T, 1, k->tgt_len);
}

/* ---- the whole pass ---- */

void bw_backward(const tf_Model *m, tf_TrainWork *w, tf_Weights *grad, const tf_Batch *b,
                 float dropout, uint64_t seed, bool share_embeddings, tf_Pool *pool)
{
    const tf_Config *c = &m->cfg;
    TF_ASSERT(!c->norm_first);
    Bw k = {m, &w->tr, &w->wo, grad, pool, b->B, b->S, b->T, b->S > b->T ? b->S : b->T,
            c->d_model, c->nhead, c->d_model / c->nhead, c->d_ff, b->src_len, b->tgt_len,
            dropout, seed, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    int D = k.D, V = c->tgt_vocab, Mt = k.B * k.T, Ms = k.B * k.S;
    size_t Mr = (size_t)k.B * k.R;
    float *dlogits = w->buf, *gdec = dlogits + (size_t)Mt * V, *gmem = gdec + (size_t)Mt * D;
    k.gsub = gmem + (size_t)Ms * D;
    k.gcat = k.gsub + Mr * D;
    k.cat = k.gcat + Mr * D;
    k.gh = k.cat + Mr * D;
    k.gqkv = k.gh + Mr * k.F;
    k.gkv = k.gqkv + Mr * 3 * D;
    k.dw = k.gkv + (size_t)Ms * 2 * D;
    TF_ASSERT((size_t)(k.dw + (size_t)k.B * k.H * k.R * (k.R + k.Dk) - w->buf) ==
              bw_floats(c, k.B, k.S, k.T));

    /* output layer: logits = y·Gᵀ + b, G = tgt_embed itself when tied */
    char name[TF_NAME_MAX];
    const char *yname = c->has_dec_norm ? "dec.norm" : fw_dec_out_name(c, c->n_dec - 1, name);
    const float *G = c->tied_generator ? m->w.tgt_embed : w->wo.generator.wt;
    linear_back(&k, gdec, 0, grad->generator.wt, V, grad->generator.b, dlogits, act(&k, yname), G,
                Mt, D, V);
    if (c->has_dec_norm)
        norm_back(&k, gdec, &grad->dec_norm, &m->w.dec_norm,
                  act(&k, fw_dec_out_name(c, c->n_dec - 1, name)), Mt);

    /* decoder, with the memory's gradient summed over the layers, last layer first */
    const float *mem =
        c->has_enc_norm ? act(&k, "enc.norm") : act(&k, "enc.%d.norm2", c->n_enc - 1);
    memset(gmem, 0, (size_t)Ms * D * sizeof(float));
    for (int l = c->n_dec - 1; l >= 0; l--) dec_layer_back(&k, l, gdec, mem, gmem);
    const float *tx = act(&k, "tgt.x");
    tf_embed_backward(grad->tgt_embed, undrop(&k, gdec, gdec, tx, (size_t)Mt * D), b->tgt, Mt, D);

    /* the source-word objective (train.h) reads the memory through the output layer */
    if (w->src_active)
        linear_back(&k, gmem, 1, grad->generator.wt, V, grad->generator.b, w->src_grad, mem, G, Ms,
                    D, V);

    /* encoder */
    if (c->has_enc_norm)
        norm_back(&k, gmem, &grad->enc_norm, &m->w.enc_norm, act(&k, "enc.%d.norm2", c->n_enc - 1),
                  Ms);
    for (int l = c->n_enc - 1; l >= 0; l--) enc_layer_back(&k, l, gmem);
    const float *sx = act(&k, "src.x");
    tf_embed_backward(grad->src_embed, undrop(&k, gmem, gmem, sx, (size_t)Ms * D), b->src, Ms, D);

    /* tied weights: one parameter, the sum of its uses' gradients */
    if (c->tied_generator) {
        for (int v = 0; v < V; v++)
            for (int d = 0; d < D; d++)
                grad->tgt_embed[(size_t)v * D + d] += grad->generator.wt[(size_t)d * V + v];
        memset(grad->generator.wt, 0, (size_t)D * V * sizeof(float));
    }
    if (share_embeddings) {
        size_t n = (size_t)V * D;
        for (size_t i = 0; i < n; i++) grad->tgt_embed[i] += grad->src_embed[i];
        memset(grad->src_embed, 0, n * sizeof(float));
    }
}

/* optim.c — the weights as a list of parameters: blocks laid out like them (gradients, Adam's
 * moments, transposed copies), initialisation, the learning-rate schedule and Adam.
 * Not the gradients themselves (backward.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train_internal.h"

/* ---- the parameter list (tf_params: model.c) ---- */

static tf_Param *all_params(const tf_Config *c, const tf_Weights *w, int *n)
{
    *n = tf_params(c, w, NULL, 0);
    tf_Param *p = tf_xcalloc((size_t)*n, sizeof *p);
    tf_params(c, w, p, *n);
    return p;
}

/* ---- blocks laid out like the weights ---- */

static float *moved(const float *p, const tf_Weights *from, float *to)
{
    return p ? to + (p - from->mem) : NULL;
}

static void move_linear(tf_Linear *d, const tf_Linear *s, const tf_Weights *from, float *to)
{
    d->wt = moved(s->wt, from, to);
    d->b = moved(s->b, from, to);
}

static void move_norm(tf_Norm *d, const tf_Norm *s, const tf_Weights *from, float *to)
{
    d->g = moved(s->g, from, to);
    d->b = moved(s->b, from, to);
}

static void move_layer(tf_Layer *d, const tf_Layer *s, const tf_Weights *from, float *to, int dec)
{
    move_linear(&d->self_attn.in_proj, &s->self_attn.in_proj, from, to);
    move_linear(&d->self_attn.out_proj, &s->self_attn.out_proj, from, to);
    if (dec) {
        move_linear(&d->cross_attn.in_proj, &s->cross_attn.in_proj, from, to);
        move_linear(&d->cross_attn.out_proj, &s->cross_attn.out_proj, from, to);
    }
    move_linear(&d->ff1, &s->ff1, from, to);
    move_linear(&d->ff2, &s->ff2, from, to);
    move_norm(&d->norm1, &s->norm1, from, to);
    move_norm(&d->norm2, &s->norm2, from, to);
    if (dec) move_norm(&d->norm3, &s->norm3, from, to);
}

void bw_weights_alloc(tf_Weights *dst, const tf_Weights *like, const tf_Config *c)
{
    memset(dst, 0, sizeof *dst);
    dst->n_floats = like->n_floats;
    dst->mem = tf_alloc_big(like->n_floats * sizeof(float));
    float *to = dst->mem;
    dst->src_embed = moved(like->src_embed, like, to);
    dst->tgt_embed = moved(like->tgt_embed, like, to);
    move_linear(&dst->generator, &like->generator, like, to);
    dst->enc = tf_xcalloc((size_t)c->n_enc, sizeof *dst->enc);
    dst->dec = tf_xcalloc((size_t)c->n_dec, sizeof *dst->dec);
    for (int i = 0; i < c->n_enc; i++) move_layer(&dst->enc[i], &like->enc[i], like, to, 0);
    for (int i = 0; i < c->n_dec; i++) move_layer(&dst->dec[i], &like->dec[i], like, to, 1);
    move_norm(&dst->enc_norm, &like->enc_norm, like, to);
    move_norm(&dst->dec_norm, &like->dec_norm, like, to);
}

void bw_weights_free(tf_Weights *w)
{
    if (w->mem) tf_free_big(w->mem, w->n_floats * sizeof(float));
    free(w->enc);
    free(w->dec);
    memset(w, 0, sizeof *w);
}

/* dst (rows, cols) = src (cols, rows)ᵀ, in 16 × 16 tiles */
static void transpose(float *dst, const float *src, int rows, int cols)
{
    enum { TB = 16 };
    for (int r0 = 0; r0 < rows; r0 += TB)
        for (int c0 = 0; c0 < cols; c0 += TB)
            for (int c = c0; c < cols && c < c0 + TB; c++)
                for (int r = r0; r < rows && r < r0 + TB; r++)
                    dst[(size_t)r * cols + c] = src[(size_t)c * rows + r];
}

void bw_weights_transpose(tf_Weights *wo, const tf_Model *m)
{
    int n;
    tf_Param *p = all_params(&m->cfg, &m->w, &n);
    for (int i = 0; i < n; i++)
        if (p[i].transposed)
            transpose(wo->mem + (p[i].data - m->w.mem), p[i].data, p[i].rows, p[i].cols);
    free(p);
}

/* ---- initialisation ---- */

void tf_weights_sync(tf_Model *m, bool share_embeddings)
{
    tf_model_sync_tied(m);
    if (share_embeddings) {
        TF_ASSERT(m->cfg.src_vocab == m->cfg.tgt_vocab);
        memcpy(m->w.src_embed, m->w.tgt_embed,
               (size_t)m->cfg.tgt_vocab * m->cfg.d_model * sizeof(float));
    }
}

/* Post-LN adds each sub-layer's output to its input and normalises the sum, so with outputs as
 * large as their inputs a stack of N layers keeps only ~2^-2N of what entered it: a 6-layer
 * encoder starts by washing out which word stands where, and the decoder learns to ignore it
 * for thousands of steps. As GPT-2 does, the projections that end a residual branch (out_proj,
 * linear2) start smaller, by 1/√(branches in the stack): 2N in the encoder, 3N in the decoder. */
static void scale_residual_outputs(tf_Model *m)
{
    int n;
    tf_Param *p = all_params(&m->cfg, &m->w, &n);
    for (int i = 0; i < n; i++) {
        const char *name = p[i].name;
        size_t len = strlen(name);
        int out = (len > 15 && !strcmp(name + len - 15, "out_proj.weight")) ||
                  (len > 14 && !strcmp(name + len - 14, "linear2.weight"));
        if (!out) continue;
        int enc = !strncmp(name, "encoder.", 8);
        float k = 1.0f / sqrtf(enc ? 2.0f * (float)m->cfg.n_enc : 3.0f * (float)m->cfg.n_dec);
        for (size_t e = 0; e < (size_t)p[i].rows * (size_t)p[i].cols; e++) p[i].data[e] *= k;
    }
    free(p);
}

void tf_weights_init(tf_Model *m, uint64_t seed, bool share_embeddings)
{
    tf_model_randomize(m, seed);
    scale_residual_outputs(m);
    tf_weights_sync(m, share_embeddings);
}

/* ---- schedule and Adam ---- */

void tf_train_config_default(tf_TrainConfig *tc)
{
    memset(tc, 0, sizeof *tc);
    tc->dropout = 0.1f;
    tc->label_smoothing = 0.1f;
    tc->beta1 = 0.9f;
    tc->beta2 = 0.98f;
    tc->adam_eps = 1e-9f;
    tc->warmup = 4000;
    tc->lr_scale = 1.0f;
    tc->share_embeddings = false;
    tc->seed = 1;
}

float tf_learning_rate(const tf_TrainConfig *tc, int d_model, int64_t step)
{
    double s = (double)(step < 1 ? 1 : step), w = (double)(tc->warmup < 1 ? 1 : tc->warmup);
    double a = 1.0 / sqrt(s), b = s * pow(w, -1.5);
    return (float)((double)tc->lr_scale / sqrt((double)d_model) * (a < b ? a : b));
}

typedef struct {
    float *p, *g, *m, *v;
    size_t n, chunk;
    float b1, b2, step_size, bc2_sqrt, eps;
} AdamJob;

/* PyTorch's Adam (no weight decay, no amsgrad), element by element:
 * m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g², p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε) */
static void adam_task(void *ctx, int t)
{
    AdamJob *j = ctx;
    size_t i0 = (size_t)t * j->chunk, i1 = i0 + j->chunk < j->n ? i0 + j->chunk : j->n;
    float b1 = j->b1, b2 = j->b2, c1 = 1.0f - b1, c2 = 1.0f - b2;
    for (size_t i = i0; i < i1; i++) {
        float g = j->g[i];
        float m = b1 * j->m[i] + c1 * g;
        float v = b2 * j->v[i] + c2 * (g * g);
        j->m[i] = m;
        j->v[i] = v;
        j->p[i] -= j->step_size * (m / (sqrtf(v) / j->bc2_sqrt + j->eps));
    }
}

void tf_adam_step(tf_Model *m, tf_TrainState *st, float lr, tf_Pool *pool)
{
    const tf_TrainConfig *tc = &st->cfg;
    st->step++;
    double bc1 = 1.0 - pow((double)tc->beta1, (double)st->step);
    double bc2 = 1.0 - pow((double)tc->beta2, (double)st->step);
    AdamJob j = {m->w.mem, st->grad.mem, st->adam_m.mem, st->adam_v.mem, m->w.n_floats, 1 << 14,
                 tc->beta1, tc->beta2, (float)(lr / bc1), (float)sqrt(bc2), tc->adam_eps};
    tf_pool_run(pool, adam_task, &j, (int)((j.n + j.chunk - 1) / j.chunk));
    tf_weights_sync(m, tc->share_embeddings);
}

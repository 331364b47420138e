/* train.c — a training step: the forward pass in training mode into a trace, the loss, the
 * backward pass, Adam; and the state that lives across steps. Buffers grow to the largest batch
 * seen and are then reused, so a run allocates only while its batches get bigger.
 * Not the command line, data or checkpoint files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"
#include "kernels.h"
#include "train_internal.h"

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

tf_Status tf_train_init(tf_TrainState *st, const tf_Model *m, const tf_TrainConfig *tc,
                        tf_Err *err)
{
    memset(st, 0, sizeof *st);
    const tf_Config *c = &m->cfg;
    if (c->norm_first)
        return tf_fail(err, TF_ERR_MODEL, "training supports post-LN models only (norm_first = "
                       "false, as in the paper)");
    if (tc->share_embeddings) {
        int same = c->src_vocab == c->tgt_vocab;
        for (int i = 0; same && i < m->src_vocab.n; i++)
            same = !strcmp(m->src_vocab.tokens[i], m->tgt_vocab.tokens[i]);
        if (!same)
            return tf_fail(err, TF_ERR_INPUT, "shared embeddings need one vocabulary, but the "
                           "source and target vocabularies differ");
    }
    st->cfg = *tc;
    bw_weights_alloc(&st->grad, &m->w, c);
    bw_weights_alloc(&st->adam_m, &m->w, c);
    bw_weights_alloc(&st->adam_v, &m->w, c);
    st->work = tf_xcalloc(1, sizeof *st->work);
    bw_weights_alloc(&st->work->wo, &m->w, c);
    return TF_OK;
}

void tf_train_free(tf_TrainState *st)
{
    tf_TrainWork *w = st->work;
    if (w) {
        if (w->tr_floats) tf_trace_free(&w->tr);
        free(w->buf);
        free(w->row_loss);
        free(w->targets);
        free(w->src_logits);
        free(w->src_grad);
        free(w->src_row_loss);
        bw_weights_free(&w->wo);
        free(w);
    }
    bw_weights_free(&st->grad);
    bw_weights_free(&st->adam_m);
    bw_weights_free(&st->adam_v);
    memset(st, 0, sizeof *st);
}

static tf_Status check_batch(const tf_Model *m, const tf_Batch *b, tf_Err *err)
{
    if (b->B < 1 || b->S < 1 || b->T < 1)
        return tf_fail(err, TF_ERR_INPUT, "empty batch (B = %d, S = %d, T = %d)", b->B, b->S, b->T);
    for (int i = 0; i < b->B; i++) {
        int sl = b->src_len ? b->src_len[i] : b->S, tl = b->tgt_len ? b->tgt_len[i] : b->T;
        if (sl < 1 || sl > b->S || tl < 1 || tl > b->T)
            return tf_fail(err, TF_ERR_INPUT, "sequence %d of the batch has lengths %d and %d, "
                           "outside 1..%d and 1..%d", i, sl, tl, b->S, b->T);
        tf_Status s = tf_check_sequence(m, b->src + (size_t)i * b->S, b->S, 0, err);
        if (!s) s = tf_check_sequence(m, b->tgt + (size_t)i * b->T, b->T, 1, err);
        if (s) return s;
    }
    return TF_OK;
}

/* Grows the trace and buffers to batch b; sets the trace's batch size. */
static void fit(tf_TrainWork *w, const tf_Config *c, const tf_Batch *b, int with_backward)
{
    size_t need = tf_forward_trace_floats(c, b->B, b->S, b->T);
    if (need > w->tr_floats) {
        if (w->tr_floats) tf_trace_free(&w->tr);
        /* the dropout masks key elements by their 32-bit place in the arena */
        TF_ASSERT(need < ((size_t)1 << 32));
        tf_trace_init_lazy(&w->tr, b->B, need, tf_forward_trace_nodes(c));
        w->tr_floats = need;
    }
    w->tr.batch = b->B;
    size_t buf = with_backward ? bw_floats(c, b->B, b->S, b->T)
                               : (size_t)b->B * b->T * c->tgt_vocab;
    if (buf > w->buf_cap) {
        free(w->buf);
        w->buf = tf_xmalloc(buf * sizeof(float));
        w->buf_cap = buf;
    }
    size_t rows = (size_t)b->B * b->T;
    if (rows > w->rows_cap) {
        free(w->row_loss);
        free(w->targets);
        w->row_loss = tf_xmalloc(3 * rows * sizeof(double));
        w->targets = tf_xmalloc(rows * sizeof(int));
        w->rows_cap = rows;
    }
}

/* Decoder input <bos> y1 … yn (length n + 1) predicts y1 … yn <eos>; later rows predict nothing. */
static void targets(int *out, const tf_Batch *b, int eos)
{
    for (int i = 0; i < b->B; i++) {
        int len = b->tgt_len ? b->tgt_len[i] : b->T;
        const int *in = b->tgt + (size_t)i * b->T;
        for (int t = 0; t < b->T; t++)
            out[(size_t)i * b->T + t] = t + 1 < len ? in[t + 1] : t + 1 == len ? eos : -1;
    }
}

typedef struct {
    float *out;
    const float *x, *wt, *b;
    int M, D, V, chunk;
} SrcJob;

static void src_logits_task(void *ctx, int t)
{
    SrcJob *j = ctx;
    int r0 = t * j->chunk, r1 = r0 + j->chunk < j->M ? r0 + j->chunk : j->M;
    tf_linear_forward(j->out + (size_t)r0 * j->V, j->x + (size_t)r0 * j->D, j->wt, j->b, r1 - r0,
                      j->D, j->V);
}

/* The source-word objective (train.h): logits of the encoder's output rows through the output
 * layer, and their gradient (weighted by cfg.src_words) in place, for the backward pass. */
static void src_words_loss(const tf_Model *m, tf_TrainState *st, const tf_Batch *b, tf_Pool *pool,
                           tf_LossStats *out)
{
    tf_TrainWork *w = st->work;
    const tf_Config *c = &m->cfg;
    int M = b->B * b->S, V = c->tgt_vocab, D = c->d_model;
    if ((size_t)M > w->src_cap) {
        free(w->src_logits);
        free(w->src_grad);
        free(w->src_row_loss);
        w->src_logits = tf_xmalloc((size_t)M * V * sizeof(float));
        w->src_grad = tf_xmalloc((size_t)M * V * sizeof(float));
        w->src_row_loss = tf_xmalloc(3 * (size_t)M * sizeof(double));
        w->src_cap = (size_t)M;
    }
    char name[TF_NAME_MAX];
    snprintf(name, sizeof name, "enc.%d.norm2", c->n_enc - 1);
    const tf_Node *mem = tf_trace_get(&w->tr, c->has_enc_norm ? "enc.norm" : name);
    SrcJob j = {w->src_logits, mem->data, m->w.generator.wt, m->w.generator.b, M, D, V, 16};
    tf_pool_run(pool, src_logits_task, &j, (M + j.chunk - 1) / j.chunk);
    tf_LossStats ls;
    bw_loss(w->src_grad, &ls, w->src_row_loss, w->src_logits, b->src_target, M, V,
            st->cfg.label_smoothing, pool);
    for (size_t i = 0; i < (size_t)M * V; i++) w->src_grad[i] *= st->cfg.src_words;
    w->src_active = true;
    out->src_loss = ls.loss;
}

static tf_Status forward_loss(const tf_Model *m, tf_TrainState *st, const tf_Batch *b,
                              float dropout, uint64_t seed, tf_Pool *pool, tf_LossStats *ls,
                              int with_backward, tf_Err *err)
{
    tf_Status s = check_batch(m, b, err);
    if (s) return s;
    tf_TrainWork *w = st->work;
    fit(w, &m->cfg, b, with_backward);
    fw_forward(m, NULL, &w->tr, b, pool, dropout, seed, 0);
    targets(w->targets, b, m->tgt_vocab.eos);
    tf_LossStats tmp;
    bw_loss(w->buf, ls ? ls : &tmp, w->row_loss, tf_trace_get(&w->tr, "logits")->data, w->targets,
            b->B * b->T, m->cfg.tgt_vocab, st->cfg.label_smoothing, pool);
    w->src_active = false;
    if (with_backward && st->cfg.src_words > 0 && b->src_target)
        src_words_loss(m, st, b, pool, ls ? ls : &tmp);
    return TF_OK;
}

tf_Status tf_train_grads(const tf_Model *m, tf_TrainState *st, const tf_Batch *b, float dropout,
                         uint64_t seed, tf_Pool *pool, tf_LossStats *ls, tf_Err *err)
{
    tf_Status s = forward_loss(m, st, b, dropout, seed, pool, ls, 1, err);
    if (s) return s;
    /* the weights may have changed since the last step: transpose them afresh */
    bw_weights_transpose(&st->work->wo, m);
    memset(st->grad.mem, 0, st->grad.n_floats * sizeof(float));
    bw_backward(m, st->work, &st->grad, b, dropout, seed, st->cfg.share_embeddings, pool);
    return TF_OK;
}

tf_Status tf_train_loss(const tf_Model *m, tf_TrainState *st, const tf_Batch *b, tf_Pool *pool,
                        tf_LossStats *ls, tf_Err *err)
{
    return forward_loss(m, st, b, 0.0f, 0, pool, ls, 0, err);
}

tf_Status tf_train_step(tf_Model *m, tf_TrainState *st, const tf_Batch *b, tf_Pool *pool,
                        tf_LossStats *ls, tf_Err *err)
{
    int64_t step = st->step + 1;
    uint64_t seed = splitmix64(st->cfg.seed ^ splitmix64((uint64_t)step));
    tf_Status s = tf_train_grads(m, st, b, st->cfg.dropout, seed, pool, ls, err);
    if (s) return s;
    tf_adam_step(m, st, tf_learning_rate(&st->cfg, m->cfg.d_model, step), pool);
    return TF_OK;
}

/* lens.c — the logit lens over a trace: the output layer applied to the decoder's residual stream
 * at each point, with the forward pass's own kernels, so that the last point reproduces the
 * trace's probabilities bit for bit. Not drawing. */
#include "lens.h"

#include <stdlib.h>
#include <string.h>

#include "kernels.h"

static tf_Status check(const tf_Model *m, const tf_Trace *tr, int k, tf_Err *err)
{
    const tf_Config *a = &m->cfg, *b = &tr->cfg;
    if (a->d_model != b->d_model || a->n_dec != b->n_dec || a->tgt_vocab != b->tgt_vocab ||
        a->norm_first != b->norm_first || a->has_dec_norm != b->has_dec_norm)
        return tf_fail(err, TF_ERR_INPUT, "the trace is not of this model (d_model %d/%d, decoder "
                       "layers %d/%d, target vocabulary %d/%d)", b->d_model, a->d_model, b->n_dec,
                       a->n_dec, b->tgt_vocab, a->tgt_vocab);
    if (k < 1 || k > a->tgt_vocab)
        return tf_fail(err, TF_ERR_INPUT, "top tokens: %d is not from 1 to %d", k, a->tgt_vocab);
    int lg = tf_trace_find(tr, (tf_Site){TF_STACK_OUTPUT, -1, 0, TF_ATTN_NONE, TF_PART_LOGITS});
    if (lg < 0 || tr->nodes[lg].ndim != 2 || tr->nodes[lg].shape[1] != a->tgt_vocab)
        return tf_fail(err, TF_ERR_INPUT, "the trace has no logits of the target vocabulary");
    return TF_OK;
}

static int argmax(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* The k most probable of p (n), most probable first, ties to the lower id; and tok's rank. */
static int top_k(const float *p, int n, int k, int *top, float *top_p, int tok)
{
    int have = 0, rank = 0;
    for (int i = 0; i < n; i++) {
        rank += p[i] > p[tok] || (p[i] == p[tok] && i < tok);
        int at = have < k ? have++ : k;
        while (at > 0 && p[i] > top_p[at - 1]) at--;
        if (at == k) continue;
        memmove(top + at + 1, top + at, (size_t)(have - 1 - at) * sizeof *top);
        memmove(top_p + at + 1, top_p + at, (size_t)(have - 1 - at) * sizeof *top_p);
        top[at] = i;
        top_p[at] = p[i];
    }
    return rank;
}

tf_Status tf_lens_compute(const tf_Model *m, const tf_Trace *tr, int k, tf_Lens *out,
                          tf_Err *err)
{
    memset(out, 0, sizeof *out);
    tf_Status s = check(m, tr, k, err);
    if (s) return s;
    const tf_Config *c = &m->cfg;
    int D = c->d_model, V = c->tgt_vocab, P = 1 + 3 * c->n_dec;
    const tf_Node *logits = &tr->nodes[tf_trace_find(
        tr, (tf_Site){TF_STACK_OUTPUT, -1, 0, TF_ATTN_NONE, TF_PART_LOGITS})];
    int T = logits->shape[0];
    tf_LensPoint *pts = tf_xcalloc((size_t)P, sizeof *pts);
    pts[0].site = (tf_Site){TF_STACK_TARGET, -1, 0, TF_ATTN_NONE, TF_PART_X};
    for (int l = 0, i = 1; l < c->n_dec; l++)
        for (int sub = 1; sub <= 3; sub++, i++)
            pts[i].site = (tf_Site){TF_STACK_DECODER, l, sub, TF_ATTN_NONE,
                                    c->norm_first ? TF_PART_ADD : TF_PART_NORM};
    for (int i = 0; i < P; i++) {
        pts[i].node = tf_trace_find(tr, pts[i].site);
        const tf_Node *n = pts[i].node >= 0 ? &tr->nodes[pts[i].node] : NULL;
        if (!n || n->ndim != 2 || n->shape[0] != T || n->shape[1] != D) {
            char name[TF_NAME_MAX];
            tf_site_name(pts[i].site, name);
            free(pts);
            return tf_fail(err, TF_ERR_INPUT, "the trace has no %s of %d rows and %d columns",
                           name, T, D);
        }
    }
    *out = (tf_Lens){P, T, k, pts, tf_xmalloc((size_t)P * T * k * sizeof(int)),
                     tf_xmalloc((size_t)P * T * k * sizeof(float)),
                     tf_xmalloc((size_t)T * sizeof(int)), tf_xmalloc((size_t)P * T * sizeof(float)),
                     tf_xmalloc((size_t)P * T * sizeof(int))};
    for (int t = 0; t < T; t++) out->final_tok[t] = argmax(logits->data + (size_t)t * V, V);
    float *normed = tf_xmalloc((size_t)T * D * sizeof(float));
    float *lg = tf_xmalloc((size_t)T * V * sizeof(float)), *pr = tf_xmalloc((size_t)V * sizeof(float));
    for (int i = 0; i < P; i++) {
        const float *x = tr->nodes[pts[i].node].data;
        if (c->has_dec_norm) {
            tf_layernorm_forward(normed, x, m->w.dec_norm.g, m->w.dec_norm.b, T, D, c->ln_eps);
            x = normed;
        }
        tf_linear_forward_ld(lg, x, m->w.generator.wt, V, m->w.generator.b, T, D, V);
        for (int t = 0; t < T; t++) {
            size_t at = (size_t)i * T + t;
            tf_softmax_forward(pr, lg + (size_t)t * V, V, V);
            out->final_p[at] = pr[out->final_tok[t]];
            out->final_rank[at] = top_k(pr, V, k, out->top + at * k, out->top_p + at * k,
                                        out->final_tok[t]);
        }
    }
    free(normed), free(lg), free(pr);
    return TF_OK;
}

void tf_lens_free(tf_Lens *l)
{
    free(l->points), free(l->top), free(l->top_p), free(l->final_tok), free(l->final_p),
        free(l->final_rank);
    memset(l, 0, sizeof *l);
}

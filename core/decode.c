/* decode.c — greedy and beam-search decoding, one new position at a time. The decoder's buffers
 * are declared for every position up to the length limit; each step computes one more row,
 * reading the keys and values of earlier rows from those buffers (the cache). Because each row
 * is computed by the same code as in the teacher-forced pass, the two agree bit for bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"

/* One decoding hypothesis: its own trace (whose decoder buffers are its cache) and token ids. */
typedef struct {
    tf_Trace tr;
    Pass p;
    int *ids;      /* (T) decoder input */
} DecState;

static void state_init(DecState *d, const tf_Model *m, const tf_Interv *iv, const int *src,
                       int S, int T)
{
    const tf_Config *c = &m->cfg;
    /* rows past the last decoded position are never read: nothing is touched up front */
    tf_trace_init_lazy(&d->tr, 1, tf_forward_trace_floats(c, 1, S, T), tf_forward_trace_nodes(c));
    fw_pass_init(&d->p, c, m, &d->tr, NULL, 1, S, T);
    d->ids = tf_xcalloc((size_t)T, sizeof *d->ids);
    d->p.src = src;
    d->p.tgt = d->ids;
    d->p.with_probs = 0;
    d->p.iv = tf_interv_any(iv) ? iv : NULL;
    TF_ASSERT(!(iv && iv->no_mask));
    fw_declare(&d->p);
    fw_run_encoder(&d->p);
    d->ids[0] = m->tgt_vocab.bos;
}

static void state_free(DecState *d)
{
    fw_pass_free(&d->p);
    free(d->ids);
    tf_trace_free(&d->tr);
}

/* Computes row t (its token already in ids[t]); returns the logits row, (Vt). */
static const float *state_step(DecState *d, int t)
{
    fw_run_decoder(&d->p, t, t + 1, t + 1);
    return d->p.o.logits + (size_t)t * d->p.c->tgt_vocab;
}

/* Copies what later rows read — self-attention keys and values of rows [0, t] — and the ids. */
static void state_copy(DecState *dst, const DecState *src, int t)
{
    const tf_Config *c = src->p.c;
    int H = c->nhead, Dk = c->d_model / H, T = src->p.T;
    for (int l = 0; l < c->n_dec; l++)
        for (int h = 0; h < H; h++) {
            const AttnBufs *from = &src->p.dec[l].sub[0].a, *to = &dst->p.dec[l].sub[0].a;
            size_t off = (size_t)h * T * Dk, n = (size_t)(t + 1) * Dk * sizeof(float);
            memcpy(to->k + off, from->k + off, n);
            memcpy(to->v + off, from->v + off, n);
        }
    memcpy(dst->ids, src->ids, (size_t)(t + 1) * sizeof *dst->ids);
}

static int argmax(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* Decoder positions: the caller's cap, the model's limit, and the paper's input length + 50. */
static int decode_cap(const tf_Config *c, int S, int max_out)
{
    int T = max_out < c->max_len ? max_out : c->max_len;
    return T < S + TF_DECODE_EXTRA ? T : S + TF_DECODE_EXTRA;
}

int tf_greedy_decode(const tf_Model *m, const int *src, int S, int max_out, int **out,
                     float **step_logits)
{
    return tf_greedy_decode_with(m, NULL, src, S, max_out, out, step_logits);
}

int tf_greedy_decode_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                          int max_out, int **out, float **step_logits)
{
    const tf_Config *c = &m->cfg;
    int T = decode_cap(c, S, max_out);
    TF_ASSERT(T >= 1 && S >= 1 && S <= c->max_len);
    int *res = tf_xcalloc((size_t)T, sizeof *res);
    float *logits_out = step_logits ? tf_xmalloc((size_t)T * c->tgt_vocab * sizeof(float)) : NULL;
    DecState d;
    state_init(&d, m, iv, src, S, T);
    int n = 0;
    for (int t = 0; t < T; t++) {
        const float *row = state_step(&d, t);
        if (logits_out) memcpy(logits_out + (size_t)t * c->tgt_vocab, row, (size_t)c->tgt_vocab * sizeof(float));
        int next = argmax(row, c->tgt_vocab);
        res[n++] = next;
        if (next == m->tgt_vocab.eos) break;
        if (t + 1 < T) d.ids[t + 1] = next;
    }
    state_free(&d);
    *out = res;
    if (step_logits) *step_logits = logits_out;
    return n;
}

/* ---- beam search ---- */

double tf_length_penalty(int len, double alpha)
{
    return pow((5.0 + len) / 6.0, alpha);
}

typedef struct {
    double score;  /* sum of log-probabilities */
    int parent, token;
} Cand;

/* Higher score first; ties by parent, then token, so the result never depends on sort details. */
static int cmp_cand(const void *a, const void *b)
{
    const Cand *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->parent != y->parent) return x->parent - y->parent;
    return x->token - y->token;
}

static void log_softmax(double *dst, const float *x, int n)
{
    double mx = x[0], sum = 0;
    for (int i = 1; i < n; i++) mx = x[i] > mx ? x[i] : mx;
    for (int i = 0; i < n; i++) sum += exp((double)x[i] - mx);
    double lse = mx + log(sum);
    for (int i = 0; i < n; i++) dst[i] = (double)x[i] - lse;
}

typedef struct {
    int *tokens;  /* generated tokens, the final <eos> included when it came */
    int n;
    double norm;  /* score / length penalty */
} Finished;

/* Expands every live beam by every token, keeps the best K that do not end, and moves those that
 * end with <eos> (among the best K) to the finished list. Returns the number of live beams. */
static int beam_expand(DecState *st, DecState *next, int live, double *score, int K, int t, int T,
                       double alpha, Finished *best, Cand *cand, double *lp)
{
    const tf_Model *m = st[0].p.m;
    int V = m->cfg.tgt_vocab, nc = 0, eos = m->tgt_vocab.eos;
    for (int b = 0; b < live; b++) {
        log_softmax(lp, state_step(&st[b], t), V);
        for (int v = 0; v < V; v++) cand[nc++] = (Cand){score[b] + lp[v], b, v};
    }
    qsort(cand, (size_t)nc, sizeof *cand, cmp_cand);
    int kept = 0;
    for (int i = 0; i < nc && i < K && kept < K; i++) {
        const Cand *c = &cand[i];
        if (c->token == eos || t + 1 == T) {
            double norm = c->score / tf_length_penalty(t + 1, alpha);
            if (best->n == 0 || norm > best->norm) {
                for (int k = 1; k <= t; k++) best->tokens[k - 1] = st[c->parent].ids[k];
                best->tokens[t] = c->token;
                best->n = t + 1;
                best->norm = norm;
            }
            continue;
        }
        state_copy(&next[kept], &st[c->parent], t);
        next[kept].ids[t + 1] = c->token;
        score[K + kept] = c->score;
        kept++;
    }
    for (int k = 0; k < kept; k++) score[k] = score[K + k];
    return kept;
}

int tf_beam_decode(const tf_Model *m, const int *src, int S, int max_out, int K, double alpha,
                   int **out)
{
    return tf_beam_decode_with(m, NULL, src, S, max_out, K, alpha, out);
}

int tf_beam_decode_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                        int max_out, int K, double alpha, int **out)
{
    const tf_Config *c = &m->cfg;
    int T = decode_cap(c, S, max_out), V = c->tgt_vocab;
    TF_ASSERT(T >= 1 && S >= 1 && S <= c->max_len && K >= 1);
    DecState *a = tf_xcalloc((size_t)K, sizeof *a), *b = tf_xcalloc((size_t)K, sizeof *b);
    for (int k = 0; k < K; k++) {
        state_init(&a[k], m, iv, src, S, T);
        state_init(&b[k], m, iv, src, S, T);
    }
    double *score = tf_xcalloc((size_t)2 * K, sizeof *score), *lp = tf_xmalloc((size_t)V * sizeof *lp);
    Cand *cand = tf_xmalloc((size_t)K * V * sizeof *cand);
    Finished best = {tf_xcalloc((size_t)T, sizeof(int)), 0, 0};
    int live = 1;
    for (int t = 0; t < T && live > 0; t++) {
        /* stop when no live beam can still beat the best finished one: log-probabilities only
         * fall, and the length penalty is at most lp(T), so score / lp(T) bounds what it can reach */
        if (best.n && best.norm >= score[0] / tf_length_penalty(T, alpha)) break;
        live = beam_expand(a, b, live, score, K, t, T, alpha, &best, cand, lp);
        DecState *tmp = a;
        a = b;
        b = tmp;
    }
    for (int k = 0; k < K; k++) {
        state_free(&a[k]);
        state_free(&b[k]);
    }
    free(a), free(b), free(score), free(lp), free(cand);
    *out = best.tokens;
    return best.n;
}

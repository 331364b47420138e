/* decode.c — greedy and beam-search decoding, one new position at a time. The decoder's buffers
 * are declared for every position up to the length limit; each step computes one more row,
 * reading the keys and values of earlier rows from those buffers (the cache). Beam search keeps
 * one such state and, per hypothesis, only its keys and values, copied in before its step. Because each row
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

/* A state for decoding src: the encoder is run, the decoder's rows are computed one by one. */
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
    d->ids[0] = m->tgt_vocab.bos;
    fw_run_encoder(&d->p);
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
    double logp;   /* of the token given the parent */
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

/* Puts c into best (n entries, sorted by cmp_cand) if it is among the first cap; returns the new
 * count. The few best of K·Vt candidates, in the order a full sort would give them. */
static int keep_best(Cand *best, int n, int cap, Cand c)
{
    if (n == cap && cmp_cand(&c, &best[n - 1]) >= 0) return n;
    int at = n < cap ? n++ : n - 1;
    while (at > 0 && cmp_cand(&c, &best[at - 1]) < 0) {
        best[at] = best[at - 1];
        at--;
    }
    best[at] = c;
    return n;
}

static void log_softmax(double *dst, const float *x, int n)
{
    double mx = x[0], sum = 0;
    for (int i = 1; i < n; i++) mx = x[i] > mx ? x[i] : mx;
    for (int i = 0; i < n; i++) sum += exp((double)x[i] - mx);
    double lse = mx + log(sum);
    for (int i = 0; i < n; i++) dst[i] = (double)x[i] - lse;
}

/* A hypothesis of the search: its decoder input and the self-attention keys and values of its
 * rows, all that a later row reads of earlier ones. Its next row is computed in the search's one
 * decoding state after these are copied there, so that K hypotheses cost K of these and not K
 * traces (2K traces of T² attention rows took gigabytes on a long sentence). */
typedef struct {
    int *ids;    /* (T) decoder input */
    float *kv;   /* (L, 2, H, T, Dk) keys, then values, of each decoder layer */
} Hyp;

static void hyp_init(Hyp *h, const tf_Config *c, int T, int bos)
{
    h->ids = tf_xcalloc((size_t)T, sizeof *h->ids);
    h->kv = tf_xcalloc((size_t)c->n_dec * 2 * c->d_model * T, sizeof *h->kv);
    h->ids[0] = bos;
}

static void hyp_free(Hyp *h)
{
    free(h->ids);
    free(h->kv);
}

/* Rows [r0, r1) of the keys and values: from the state into h (store) or back (load). */
static void hyp_rows(Hyp *h, DecState *d, int r0, int r1, bool store)
{
    const tf_Config *c = d->p.c;
    int H = c->nhead, Dk = c->d_model / H, T = d->p.T;
    size_t n = (size_t)(r1 - r0) * Dk * sizeof(float);
    if (n == 0) return;
    for (int l = 0; l < c->n_dec; l++)
        for (int kv = 0; kv < 2; kv++)
            for (int hd = 0; hd < H; hd++) {
                const AttnBufs *a = &d->p.dec[l].sub[0].a;
                float *in_state = (kv ? a->v : a->k) + ((size_t)hd * T + r0) * Dk;
                float *in_hyp = h->kv + ((((size_t)l * 2 + kv) * H + hd) * T + r0) * Dk;
                if (store) memcpy(in_hyp, in_state, n);
                else memcpy(in_state, in_hyp, n);
            }
}

/* dst becomes src's rows [0, t] and decoder input [0, t]. */
static void hyp_copy(Hyp *dst, const Hyp *src, const tf_Config *c, int T, int t)
{
    int H = c->nhead, Dk = c->d_model / H;
    for (int lkh = 0; lkh < c->n_dec * 2 * H; lkh++)
        memcpy(dst->kv + (size_t)lkh * T * Dk, src->kv + (size_t)lkh * T * Dk,
               (size_t)(t + 1) * Dk * sizeof(float));
    memcpy(dst->ids, src->ids, (size_t)(t + 1) * sizeof *dst->ids);
}

/* Row t of hypothesis h, computed in the state d; returns the logits row, (Vt). */
static const float *hyp_step(Hyp *h, DecState *d, int t)
{
    hyp_rows(h, d, 0, t, false);
    memcpy(d->ids, h->ids, (size_t)(t + 1) * sizeof *d->ids);
    const float *row = state_step(d, t);
    hyp_rows(h, d, t, t + 1, true);
    return row;
}

/* One search: live hypotheses, the candidates of a step, the best
 * finished hypothesis, and what is recorded of each step. */
typedef struct {
    DecState work;        /* where each hypothesis' next row is computed */
    Hyp *st, *next;       /* (K) live hypotheses, and those of the next step */
    int live, K, T;
    double alpha;
    double *score;        /* (2K) sum of log-probabilities of the live ones, then the next */
    int *at;              /* (2K) the log entry of each live one, then of the next */
    Cand *cand;           /* (2K) the best candidates of a step, best first */
    double *lp;           /* (Vt) */
    int *best_tokens;     /* (T) generated tokens of the best finished one, <eos> included */
    int best_n;
    double best_norm;     /* its score / length penalty */
    tf_BeamLog *log;      /* NULL: nothing recorded */
} Beam;

/* Records candidate i of step t (the K first are kept or finished, the next K are pruned);
 * returns its log index. */
static int record(Beam *bm, const Cand *c, int t, double norm, tf_BeamFate fate)
{
    tf_BeamLog *g = bm->log;
    TF_ASSERT(g->n < g->cap);
    g->c[g->n] = (tf_BeamCand){t, t ? bm->at[c->parent] : -1, c->token, c->logp, c->score, norm,
                               fate};
    return g->n++;
}

/* Expands every live beam by every token, keeps the best K that do not end, and moves those that
 * end with <eos> (among the best K) to the finished list. */
static void beam_expand(Beam *bm, int t)
{
    const tf_Model *m = bm->work.p.m;
    int V = m->cfg.tgt_vocab, nc = 0, eos = m->tgt_vocab.eos, K = bm->K;
    for (int b = 0; b < bm->live; b++) {
        log_softmax(bm->lp, hyp_step(&bm->st[b], &bm->work, t), V);
        for (int v = 0; v < V; v++)
            nc = keep_best(bm->cand, nc, 2 * K, (Cand){bm->score[b] + bm->lp[v], bm->lp[v], b, v});
    }
    int kept = 0;
    for (int i = 0; i < nc && i < K && kept < K; i++) {
        const Cand *c = &bm->cand[i];
        double norm = c->score / tf_length_penalty(t + 1, bm->alpha);
        if (c->token == eos || t + 1 == bm->T) {
            int entry = bm->log ? record(bm, c, t, norm, TF_BEAM_FINISHED) : -1;
            if (bm->best_n == 0 || norm > bm->best_norm) {
                for (int k = 1; k <= t; k++) bm->best_tokens[k - 1] = bm->st[c->parent].ids[k];
                bm->best_tokens[t] = c->token;
                bm->best_n = t + 1;
                bm->best_norm = norm;
                if (bm->log) bm->log->best = entry;
            }
            continue;
        }
        if (bm->log) bm->at[K + kept] = record(bm, c, t, norm, TF_BEAM_KEPT);
        hyp_copy(&bm->next[kept], &bm->st[c->parent], &m->cfg, bm->T, t);
        bm->next[kept].ids[t + 1] = c->token;
        bm->score[K + kept] = c->score;
        kept++;
    }
    for (int i = K; bm->log && i < 2 * K && i < nc; i++)  /* the runners-up, pruned */
        record(bm, &bm->cand[i], t, bm->cand[i].score / tf_length_penalty(t + 1, bm->alpha),
               TF_BEAM_PRUNED);
    for (int k = 0; k < kept; k++) {
        bm->score[k] = bm->score[K + k];
        bm->at[k] = bm->at[K + k];
    }
    Hyp *tmp = bm->st;
    bm->st = bm->next;
    bm->next = tmp;
    bm->live = kept;
}

int tf_beam_decode(const tf_Model *m, const int *src, int S, int max_out, int K, double alpha,
                   int **out)
{
    return tf_beam_decode_with(m, NULL, src, S, max_out, K, alpha, out, NULL);
}

int tf_beam_decode_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                        int max_out, int K, double alpha, int **out, tf_BeamLog *log)
{
    const tf_Config *c = &m->cfg;
    int T = decode_cap(c, S, max_out), V = c->tgt_vocab;
    TF_ASSERT(T >= 1 && S >= 1 && S <= c->max_len && K >= 1);
    Beam bm = {.st = tf_xcalloc((size_t)K, sizeof(Hyp)), .next = tf_xcalloc((size_t)K, sizeof(Hyp)),
               .live = 1, .K = K, .T = T, .alpha = alpha,
               .score = tf_xcalloc((size_t)2 * K, sizeof(double)),
               .at = tf_xcalloc((size_t)2 * K, sizeof(int)),
               .cand = tf_xmalloc((size_t)2 * K * sizeof(Cand)),
               .lp = tf_xmalloc((size_t)V * sizeof(double)),
               .best_tokens = tf_xcalloc((size_t)T, sizeof(int)), .log = log};
    if (log) {
        *log = (tf_BeamLog){K, alpha, 0, T * 2 * K, NULL, -1, NULL};
        log->c = tf_xmalloc((size_t)log->cap * sizeof *log->c);
    }
    state_init(&bm.work, m, iv, src, S, T);
    for (int k = 0; k < K; k++) {
        hyp_init(&bm.st[k], c, T, m->tgt_vocab.bos);
        hyp_init(&bm.next[k], c, T, m->tgt_vocab.bos);
    }
    for (int t = 0; t < T && bm.live > 0; t++) {
        /* stop when no live beam can still beat the best finished one: log-probabilities only
         * fall, and the length penalty is at most lp(T), so score / lp(T) bounds what it can reach */
        if (bm.best_n && bm.best_norm >= bm.score[0] / tf_length_penalty(T, alpha)) break;
        beam_expand(&bm, t);
    }
    state_free(&bm.work);
    for (int k = 0; k < K; k++) {
        hyp_free(&bm.st[k]);
        hyp_free(&bm.next[k]);
    }
    free(bm.st), free(bm.next), free(bm.score), free(bm.at), free(bm.cand), free(bm.lp);
    *out = bm.best_tokens;
    return bm.best_n;
}

void tf_beam_log_free(tf_BeamLog *log)
{
    if (!log) return;
    free(log->c);
    memset(log, 0, sizeof *log);
}

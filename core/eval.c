/* eval.c — BLEU, exact match and the attention scores of eval.h. The alignment of a target
 * token is read at the decoder row that predicts it (row k-1 for target token k, whose input is
 * the token before): that is where the model looks at the source to choose the word. */
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- BLEU ---- */

static int ngram_eq(const int *a, const int *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* Count of the n-gram at a[i] in x (len nx). Sentences are short: quadratic is fine. */
static int count_in(const int *g, int n, const int *x, int nx)
{
    int c = 0;
    for (int j = 0; j + n <= nx; j++) c += ngram_eq(g, x + j, n);
    return c;
}

void tf_bleu_add(tf_Bleu *b, const int *hyp, int n_hyp, const int *ref, int n_ref)
{
    b->hyp_len += n_hyp;
    b->ref_len += n_ref;
    for (int n = 1; n <= 4; n++) {
        if (n_hyp < n) continue;
        b->total[n - 1] += n_hyp - n + 1;
        for (int i = 0; i + n <= n_hyp; i++) {
            /* clip: count each distinct n-gram once, at its first occurrence */
            int first = 1;
            for (int j = 0; j < i && first; j++) first = !ngram_eq(hyp + j, hyp + i, n);
            if (!first) continue;
            int ch = count_in(hyp + i, n, hyp, n_hyp), cr = count_in(hyp + i, n, ref, n_ref);
            b->match[n - 1] += ch < cr ? ch : cr;
        }
    }
}

double tf_bleu_score(const tf_Bleu *b)
{
    double logp = 0;
    for (int n = 0; n < 4; n++) {
        if (b->match[n] == 0 || b->total[n] == 0) return 0.0;
        logp += log((double)b->match[n] / (double)b->total[n]) / 4.0;
    }
    double bp = b->hyp_len < b->ref_len ? exp(1.0 - (double)b->ref_len / (double)b->hyp_len) : 1.0;
    return 100.0 * bp * exp(logp);
}

/* ---- attention scores ---- */

static int argmax_row(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

void tf_eval_attention(const tf_Trace *tr, const tf_Pair *p, long long *align_hit,
                       long long *align_total, long long *dep_hit, long long *dep_total)
{
    const tf_Config *c = &tr->cfg;
    int H = c->nhead, S = tr->n_src, T = tr->n_tgt;
    char name[TF_NAME_MAX];
    snprintf(name, sizeof name, "dec.%d.cross_attn.weights", c->n_dec - 1);
    const tf_Node *ca = tf_trace_get(tr, name);
    TF_ASSERT(ca && S == p->n_src);
    float *avg = tf_xmalloc((size_t)S * sizeof *avg);
    for (int k = 0; k < p->n_tgt && k < T; k++) {
        if (!p->content[k] || p->align[k] < 0) continue;
        for (int s = 0; s < S; s++) {
            float sum = 0;
            for (int h = 0; h < H; h++) sum += ca->data[((size_t)h * T + k) * S + s];
            avg[s] = sum / (float)H;
        }
        *align_hit += argmax_row(avg, S) == p->align[k];
        (*align_total)++;
    }
    free(avg);
    for (int l = 0; l < c->n_enc; l++) {
        snprintf(name, sizeof name, "enc.%d.self_attn.weights", l);
        const tf_Node *w = tf_trace_get(tr, name);
        TF_ASSERT(w);
        for (int h = 0; h < H; h++)
            for (int d = 0; d < p->n_deps; d++) {
                int dep = p->deps[d][0], gov = p->deps[d][1];
                const float *rd = w->data + ((size_t)h * S + dep) * S;
                const float *rg = w->data + ((size_t)h * S + gov) * S;
                dep_hit[l * H + h] += argmax_row(rd, S) == gov || argmax_row(rg, S) == dep;
            }
    }
    *dep_total += p->n_deps;
}

/* ---- the whole evaluation ---- */

static int to_ids(const tf_Vocab *v, char **toks, int n, int *ids)
{
    for (int i = 0; i < n; i++)
        if ((ids[i] = tf_vocab_find(v, toks[i])) < 0) return 0;
    return 1;
}

bool tf_eval_pair_ids(const tf_Model *m, const tf_Pair *p, int **src, int **tgt)
{
    int S = p->n_src, n = p->n_tgt;
    *src = tf_xmalloc((size_t)S * sizeof **src);
    *tgt = tf_xmalloc((size_t)(n + 1) * sizeof **tgt);
    (*tgt)[0] = m->tgt_vocab.bos;
    if (S <= m->cfg.max_len && n + 1 <= m->cfg.max_len && to_ids(&m->src_vocab, p->src, S, *src) &&
        to_ids(&m->tgt_vocab, p->tgt, n, *tgt + 1))
        return true;
    free(*src), free(*tgt);
    *src = *tgt = NULL;
    return false;
}

int tf_eval_decode(const tf_Model *m, const tf_Interv *iv, const int *src, int S, int beam,
                   int **hyp)
{
    int nh = beam > 1 ? tf_beam_decode_with(m, iv, src, S, m->cfg.max_len, beam, 0.6, hyp, NULL)
                      : tf_greedy_decode_with(m, iv, src, S, m->cfg.max_len, hyp, NULL);
    if (nh > 0 && (*hyp)[nh - 1] == m->tgt_vocab.eos) nh--;
    return nh;
}

typedef struct {
    tf_Bleu bleu;
    long long exact, align_hit, align_total, dep_total, unk;
    long long *dep_hit;
} Tally;

static void eval_pair(const tf_Model *m, const tf_Interv *iv, const tf_Pair *p, int beam, Tally *t)
{
    int S = p->n_src, n = p->n_tgt, *src, *tgt;
    if (!tf_eval_pair_ids(m, p, &src, &tgt)) {
        t->unk++;
        return;
    }
    int *hyp;
    int nh = tf_eval_decode(m, iv, src, S, beam, &hyp);
    tf_bleu_add(&t->bleu, hyp, nh, tgt + 1, n);
    t->exact += nh == n && !memcmp(hyp, tgt + 1, (size_t)n * sizeof *hyp);
    free(hyp);
    tf_Trace tr;
    tf_Status s = tf_trace_sentence_with(m, iv, src, S, tgt, n + 1, NULL, &tr, NULL);
    TF_ASSERT(s == TF_OK);
    tf_eval_attention(&tr, p, &t->align_hit, &t->align_total, t->dep_hit, &t->dep_total);
    tf_trace_free(&tr);
    free(src), free(tgt);
}

tf_Status tf_eval_task(const tf_Model *m, uint64_t seed, tf_Split split, int n, int beam,
                       void (*progress)(int done, int n, void *user), void *user,
                       tf_EvalResult *out, tf_Err *err)
{
    return tf_eval_task_with(m, NULL, seed, split, n, beam, progress, user, out, err);
}

tf_Status tf_eval_task_with(const tf_Model *m, const tf_Interv *iv, uint64_t seed, tf_Split split,
                            int n, int beam, void (*progress)(int done, int n, void *user),
                            void *user, tf_EvalResult *out, tf_Err *err)
{
    memset(out, 0, sizeof *out);
    if (n < 1) return tf_fail(err, TF_ERR_INPUT, "the number of pairs must be at least 1");
    int heads = m->cfg.n_enc * m->cfg.nhead;
    Tally t = {0};
    t.dep_hit = tf_xcalloc((size_t)heads, sizeof *t.dep_hit);
    for (int i = 0; i < n; i++) {
        tf_Pair p;
        tf_task_pair(seed, split, (uint64_t)i, &p);
        eval_pair(m, iv, &p, beam, &t);
        tf_pair_free(&p);
        if (progress && ((i + 1) % 50 == 0 || i + 1 == n)) progress(i + 1, n, user);
    }
    out->n_pairs = n;
    out->unk_rate = (double)t.unk / n;
    if (t.unk == n) {
        free(t.dep_hit);
        return tf_fail(err, TF_ERR_MODEL, "none of the %d pairs fits the model's vocabularies: "
                       "is it a model of this task?", n);
    }
    out->bleu = tf_bleu_score(&t.bleu);
    out->exact = (double)t.exact / (double)(n - t.unk);
    out->align_total = t.align_total;
    out->align_acc = t.align_total ? (double)t.align_hit / (double)t.align_total : 0;
    out->n_heads = heads;
    out->dep_total = t.dep_total;
    out->dep_score = tf_xcalloc((size_t)heads, sizeof *out->dep_score);
    for (int h = 0; h < heads; h++) {
        out->dep_score[h] = t.dep_total ? (double)t.dep_hit[h] / (double)t.dep_total : 0;
        if (out->dep_score[h] > out->dep_score[out->best_layer * m->cfg.nhead + out->best_head]) {
            out->best_layer = h / m->cfg.nhead;
            out->best_head = h % m->cfg.nhead;
        }
    }
    free(t.dep_hit);
    return TF_OK;
}

void tf_eval_free(tf_EvalResult *r)
{
    free(r->dep_score);
    memset(r, 0, sizeof *r);
}

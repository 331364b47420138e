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

void tf_eval_tally_init(tf_EvalTally *t, int n_enc, int nhead)
{
    memset(t, 0, sizeof *t);
    t->n_enc = n_enc;
    t->nhead = nhead;
    t->dep_hit = tf_xcalloc((size_t)n_enc * nhead, sizeof *t->dep_hit);
    t->ana_hit = tf_xcalloc((size_t)n_enc * nhead, sizeof *t->ana_hit);
}

void tf_eval_tally_free(tf_EvalTally *t)
{
    free(t->dep_hit);
    free(t->ana_hit);
    free(t->fig3_heads);
    memset(t, 0, sizeof *t);
}

static void score_alignment(const tf_Trace *tr, const tf_Pair *p, tf_EvalTally *t)
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
        t->align_hit += argmax_row(avg, S) == p->align[k];
        t->align_total++;
    }
    free(avg);
}

void tf_eval_attention(const tf_Trace *tr, const tf_Pair *p, tf_EvalTally *t)
{
    int H = tr->cfg.nhead, S = tr->n_src, L = tr->cfg.n_enc;
    TF_ASSERT(H == t->nhead && L == t->n_enc);
    score_alignment(tr, p, t);
    int fig3 = p->making >= 0, any = 0, n_its = 0;
    if (fig3) {
        if (t->fig3_n == t->fig3_cap) {
            t->fig3_cap = t->fig3_cap ? 2 * t->fig3_cap : 64;
            t->fig3_heads = realloc(t->fig3_heads, (size_t)t->fig3_cap * L * sizeof *t->fig3_heads);
            TF_ASSERT(t->fig3_heads);
        }
        memset(t->fig3_heads + (size_t)t->fig3_n * L, 0, (size_t)L * sizeof *t->fig3_heads);
    }
    for (int d = 0; d < p->n_deps; d++)
        n_its += p->dep_kind[d] == TF_DEP_ANAPHORA && !strcmp(p->src[p->deps[d][0]], "its");
    int *its_any = tf_xcalloc((size_t)p->n_deps + 1, sizeof *its_any);
    for (int l = 0; l < L; l++) {
        char name[TF_NAME_MAX];
        snprintf(name, sizeof name, "enc.%d.self_attn.weights", l);
        const tf_Node *w = tf_trace_get(tr, name);
        TF_ASSERT(w);
        for (int h = 0; h < H; h++) {
            const float *a = w->data + (size_t)h * S * S; /* (S, S) of head h */
            for (int d = 0; d < p->n_deps; d++) {
                int dep = p->deps[d][0], gov = p->deps[d][1];
                t->dep_hit[l * H + h] += argmax_row(a + (size_t)dep * S, S) == gov ||
                                         argmax_row(a + (size_t)gov * S, S) == dep;
                if (p->dep_kind[d] == TF_DEP_ANAPHORA && !strcmp(p->src[dep], "its") &&
                    a[(size_t)dep * S + gov] >= TF_EVAL_ANA_MIN) {
                    t->ana_hit[l * H + h]++;
                    its_any[d] = 1;
                }
            }
            if (fig3) {
                float sum = 0;
                for (int j = p->compl_first; j <= p->compl_last; j++)
                    sum += a[(size_t)p->making * S + j];
                t->fig3_heads[(size_t)t->fig3_n * L + l] += sum >= TF_EVAL_FIG3_MIN;
            }
        }
    }
    for (int d = 0; d < p->n_deps; d++) any += its_any[d];
    free(its_any);
    t->dep_total += p->n_deps;
    t->ana_total += n_its;
    t->ana_any += any;
    t->fig3_n += fig3;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

void tf_eval_tally_result(const tf_EvalTally *t, tf_EvalResult *r)
{
    int L = t->n_enc, H = t->nhead, heads = L * H;
    r->align_total = t->align_total;
    r->align_acc = t->align_total ? (double)t->align_hit / (double)t->align_total : 0;
    r->n_heads = heads;
    r->dep_total = t->dep_total;
    r->dep_score = tf_xcalloc((size_t)heads, sizeof *r->dep_score);
    r->ana_score = tf_xcalloc((size_t)heads, sizeof *r->ana_score);
    r->best_layer = r->best_head = r->ana_layer = r->ana_head = 0;
    for (int h = 0; h < heads; h++) {
        r->dep_score[h] = t->dep_total ? (double)t->dep_hit[h] / (double)t->dep_total : 0;
        r->ana_score[h] = t->ana_total ? (double)t->ana_hit[h] / (double)t->ana_total : 0;
        if (r->dep_score[h] > r->dep_score[r->best_layer * H + r->best_head]) {
            r->best_layer = h / H;
            r->best_head = h % H;
        }
        if (r->ana_score[h] > r->ana_score[r->ana_layer * H + r->ana_head]) {
            r->ana_layer = h / H;
            r->ana_head = h % H;
        }
    }
    r->ana_total = t->ana_total;
    r->ana_any = t->ana_total ? (double)t->ana_any / (double)t->ana_total : 0;
    r->fig3_n = t->fig3_n;
    r->fig3_median = tf_xcalloc((size_t)L, sizeof *r->fig3_median);
    r->fig3_mean = tf_xcalloc((size_t)L, sizeof *r->fig3_mean);
    r->fig3_layer = 0;
    int n = t->fig3_n, *col = tf_xmalloc(((size_t)n + 1) * sizeof *col);
    for (int l = 0; l < L && n; l++) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += col[i] = t->fig3_heads[(size_t)i * L + l];
        qsort(col, (size_t)n, sizeof *col, cmp_int);
        r->fig3_median[l] = n % 2 ? col[n / 2] : 0.5 * (col[n / 2 - 1] + col[n / 2]);
        r->fig3_mean[l] = sum / n;
        int b = r->fig3_layer;
        if (r->fig3_median[l] > r->fig3_median[b] ||
            (r->fig3_median[l] == r->fig3_median[b] && r->fig3_mean[l] > r->fig3_mean[b]))
            r->fig3_layer = l;
    }
    free(col);
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
    long long exact, unk;
    tf_EvalTally att;
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
    tf_eval_attention(&tr, p, &t->att);
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
    Tally t = {0};
    tf_eval_tally_init(&t.att, m->cfg.n_enc, m->cfg.nhead);
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
        tf_eval_tally_free(&t.att);
        return tf_fail(err, TF_ERR_MODEL, "none of the %d pairs fits the model's vocabularies: "
                       "is it a model of this task?", n);
    }
    out->bleu = tf_bleu_score(&t.bleu);
    out->exact = (double)t.exact / (double)(n - t.unk);
    tf_eval_tally_result(&t.att, out);
    tf_eval_tally_free(&t.att);
    return TF_OK;
}

void tf_eval_free(tf_EvalResult *r)
{
    free(r->dep_score);
    free(r->fig3_median);
    free(r->fig3_mean);
    free(r->ana_score);
    memset(r, 0, sizeof *r);
}

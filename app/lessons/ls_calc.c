/* ls_calc.c — compute-and-check quizzes: one step of the forward pass (a score, a softmax
 * weight, a residual sum, a layer-norm entry, a logit, the loss, a positional encoding, the
 * label-smoothed target) redone from the numbers the window shows. For each: the formula in double
 * on the trace's float inputs, the number the model recorded, the formula on the inputs as the
 * window prints them (five significant digits), the results of the usual slips, and where the
 * answer would be on screen — what the checker needs to tell whether the question is fair.
 * Not the quiz machinery (ls_quiz.c) and not the checker's walk (ls_check.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson_int.h"

static const char *CALC_NAMES[LS_CALC_COUNT] = {"score", "softmax", "add", "norm", "logit", "loss",
                                                "pe", "smoothing", "precision", "brevity", "bleu", "penalty",
                                                "embed", "context"};

const char *ls_calc_name(ls_CalcKind k) { return k >= 0 && k < LS_CALC_COUNT ? CALC_NAMES[k] : "?"; }

int ls_calc_from_name(const char *s)
{
    for (int i = 0; i < LS_CALC_COUNT; i++)
        if (!strcmp(s, CALC_NAMES[i])) return i;
    return -1;
}

/* What the window prints for a value: five significant digits. */
double ls_shown(double v)
{
    char b[64];
    snprintf(b, sizeof b, "%.5g", v);
    return strtod(b, NULL);
}

static float at3(const tf_Node *n, int h, int r, int c)
{
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    return n->data[((size_t)(h < 0 ? 0 : h) * nr + r) * nc + c];
}

static void slip(ls_Calc *o, const char *what, double v)
{
    if (o->n_slips < LS_CALC_SLIPS) o->slips[o->n_slips++] = (ls_Slip){what, v};
}

static void need(ls_Calc *o, ls_QuantOp op, const char *tensor, const char *param, int row, int col)
{
    if (o->n_needs >= LS_CALC_NEEDS) return;
    ls_Quantity *q = &o->needs[o->n_needs++];
    memset(q, 0, sizeof *q);
    q->op = op;
    q->at = LS_AT_SCENE;
    q->ref.head = -1;
    if (tensor) snprintf(q->ref.tensor, sizeof q->ref.tensor, "%.63s", tensor);
    if (param) snprintf(q->name, sizeof q->name, "%.127s", param);
    if (row >= 0) q->ref.row = (ls_TokRef){.set = true, .index = row};
    if (col >= 0) q->ref.col = (ls_TokRef){.set = true, .index = col};
}

/* "enc.1.norm2" → "encoder.layers.1.norm2", "dec.norm" → "decoder.norm". */
static bool norm_param(const char *t, const char *suffix, char *out, size_t cap)
{
    tf_Site s = tf_site_parse(t);
    const char *stack = s.stack == TF_STACK_ENCODER ? "encoder" : "decoder";
    if (s.part != TF_PART_NORM) return false;
    if (s.layer >= 0) snprintf(out, cap, "%s.layers.%d.norm%d.%s", stack, s.layer, s.sublayer, suffix);
    else snprintf(out, cap, "%s.norm.%s", stack, suffix);
    return true;
}

static tf_Status need_node(const tf_Trace *tr, const char *name, tf_Op op, const tf_Node **out, tf_Err *err)
{
    const tf_Node *n = tf_trace_get(tr, name);
    if (!n) return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no tensor '%s'", name);
    if (op != TF_OP_COUNT && n->op != op)
        return tf_fail(err, TF_ERR_INPUT, "'%s' is a %s step, not %s", name, tf_op_name(n->op), tf_op_name(op));
    *out = n;
    return TF_OK;
}

/* The cell of e->ref on tensor name (its head, row and column). */
static tf_Status cell(const ls_AnswerExpr *e, const char *name, const tf_Trace *tr, const tf_Vocab *tv,
                      ls_Cell *c, tf_Err *err)
{
    ls_CellRef r = e->ref;
    snprintf(r.tensor, sizeof r.tensor, "%.63s", name);
    return ls_cell_resolve(&r, NULL, tr, tv, c, err);
}

static tf_Status calc_attention(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Vocab *tv, ls_Calc *o,
                                tf_Err *err)
{
    char sn[TF_NAME_MAX], qn[TF_NAME_MAX], kn[TF_NAME_MAX], wn[TF_NAME_MAX];
    if (strlen(e->ref.tensor) + 9 > TF_NAME_MAX) return tf_fail(err, TF_ERR_INPUT, "'%s' is too long", e->ref.tensor);
    snprintf(sn, sizeof sn, "%.54s.scores", e->ref.tensor);
    snprintf(qn, sizeof qn, "%.54s.q", e->ref.tensor);
    snprintf(kn, sizeof kn, "%.54s.k", e->ref.tensor);
    snprintf(wn, sizeof wn, "%.54s.weights", e->ref.tensor);
    const tf_Node *s = NULL, *q = NULL, *k = NULL, *w = NULL;
    tf_Status st;
    if ((st = need_node(tr, sn, TF_OP_SCORES, &s, err)) || (st = need_node(tr, qn, TF_OP_PROJECT, &q, err)) ||
        (st = need_node(tr, kn, TF_OP_PROJECT, &k, err)) || (st = need_node(tr, wn, TF_OP_SOFTMAX, &w, err)))
        return st;
    ls_Cell c;
    if ((st = cell(e, sn, tr, tv, &c, err))) return st;
    o->head = c.head;
    o->row = c.row;
    o->col = c.col;
    int dk = q->shape[2];
    if (e->calc == LS_CALC_SCORE) {
        double dot = 0, dot_shown = 0;
        for (int i = 0; i < dk; i++) {
            double a = at3(q, c.head, c.row, i), b = at3(k, c.head, c.col, i);
            dot += a * b;
            dot_shown += ls_shown(a) * ls_shown(b);
        }
        o->exact = dot / sqrt((double)dk);
        o->shown = dot_shown / sqrt((double)dk);
        o->recorded = at3(s, c.head, c.row, c.col);
        slip(o, "not dividing by √dₖ", dot);
        slip(o, "dividing by dₖ instead of √dₖ", dot / dk);
        snprintf(o->tensor, sizeof o->tensor, "%s", sn);
        snprintf(o->inputs[0], sizeof o->inputs[0], "%s", qn);
        snprintf(o->inputs[1], sizeof o->inputs[1], "%s", kn);
        o->n_inputs = 2;
        return TF_OK;
    }
    int nk = s->shape[2];
    if (w->mask == TF_MASK_CAUSAL && c.col > c.row)
        return tf_fail(err, TF_ERR_INPUT, "softmax: key %d is masked for query %d: its weight is 0, nothing to compute", c.col, c.row);
    double mx = -INFINITY, mx_shown = -INFINITY;
    for (int j = 0; j < nk; j++) {
        if (w->mask == TF_MASK_CAUSAL && j > c.row) continue;
        mx = fmax(mx, at3(s, c.head, c.row, j));
        mx_shown = fmax(mx_shown, ls_shown(at3(s, c.head, c.row, j)));
    }
    double sum = 0, sum_shown = 0, sum_raw = 0;
    for (int j = 0; j < nk; j++) {
        if (w->mask == TF_MASK_CAUSAL && j > c.row) continue;
        double v = at3(s, c.head, c.row, j);
        sum += exp(v - mx);
        sum_shown += exp(ls_shown(v) - mx_shown);
        sum_raw += v;
    }
    double sc = at3(s, c.head, c.row, c.col);
    o->exact = exp(sc - mx) / sum;
    o->shown = exp(ls_shown(sc) - mx_shown) / sum_shown;
    o->recorded = at3(w, c.head, c.row, c.col);
    slip(o, "e^s without dividing by the sum", exp(sc));
    slip(o, "the score itself", sc);
    if (sum_raw != 0) slip(o, "the score divided by the sum of scores", sc / sum_raw);
    snprintf(o->tensor, sizeof o->tensor, "%s", wn);
    snprintf(o->inputs[0], sizeof o->inputs[0], "%s", sn);
    o->n_inputs = 1;
    return TF_OK;
}

/* context: the weights of row R times column C of the values, summed over the keys. */
static tf_Status calc_context(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Vocab *tv, ls_Calc *o,
                              tf_Err *err)
{
    char wn[TF_NAME_MAX], vn[TF_NAME_MAX], cn[TF_NAME_MAX];
    if (strlen(e->ref.tensor) + 9 > TF_NAME_MAX) return tf_fail(err, TF_ERR_INPUT, "'%s' is too long", e->ref.tensor);
    snprintf(wn, sizeof wn, "%.54s.weights", e->ref.tensor);
    snprintf(vn, sizeof vn, "%.54s.v", e->ref.tensor);
    snprintf(cn, sizeof cn, "%.54s.context", e->ref.tensor);
    const tf_Node *w = NULL, *v = NULL, *cx = NULL;
    tf_Status st;
    if ((st = need_node(tr, wn, TF_OP_SOFTMAX, &w, err)) || (st = need_node(tr, vn, TF_OP_PROJECT, &v, err)) ||
        (st = need_node(tr, cn, TF_OP_CONTEXT, &cx, err)))
        return st;
    /* the row from the weights (its token side), the column a plain index of dₖ */
    ls_AnswerExpr r = *e;
    r.ref.col = (ls_TokRef){.set = true, .index = 0};
    ls_Cell c;
    if ((st = cell(&r, wn, tr, tv, &c, err))) return st;
    int col = e->ref.col.index >= 0 ? e->ref.col.index : atoi(e->ref.col.word), dk = v->shape[2], nk = w->shape[2];
    if (col < 0 || col >= dk) return tf_fail(err, TF_ERR_INPUT, "compute context: col %d: a head's values have %d columns", col, dk);
    double sum = 0, shown = 0, unweighted = 0, best = -1, best_v = 0;
    for (int j = 0; j < nk; j++) {
        double wj = at3(w, c.head, c.row, j), vj = at3(v, c.head, j, col);
        sum += wj * vj;
        shown += ls_shown(wj) * ls_shown(vj);
        unweighted += vj;
        if (wj > best) best = wj, best_v = vj;
    }
    o->head = c.head;
    o->row = c.row;
    o->col = col;
    o->exact = sum;
    o->shown = shown;
    o->recorded = at3(cx, c.head, c.row, col);
    slip(o, "the values' plain sum", unweighted);
    slip(o, "the value of the most weighted key alone", best_v);
    if (nk) slip(o, "the values' mean", unweighted / nk);
    snprintf(o->tensor, sizeof o->tensor, "%s", cn);
    snprintf(o->inputs[0], sizeof o->inputs[0], "%s", wn);
    snprintf(o->inputs[1], sizeof o->inputs[1], "%s", vn);
    o->n_inputs = 2;
    return TF_OK;
}

static tf_Status calc_add(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Vocab *tv, ls_Calc *o, tf_Err *err)
{
    const tf_Node *t = NULL, *a = NULL, *b = NULL;
    tf_Status st;
    if ((st = need_node(tr, e->ref.tensor, TF_OP_ADD, &t, err))) return st;
    if (t->n_inputs != 2) return tf_fail(err, TF_ERR_INPUT, "'%s' has %d inputs", e->ref.tensor, t->n_inputs);
    if ((st = need_node(tr, t->inputs[0], TF_OP_COUNT, &a, err)) || (st = need_node(tr, t->inputs[1], TF_OP_COUNT, &b, err)))
        return st;
    ls_Cell c;
    if ((st = cell(e, e->ref.tensor, tr, tv, &c, err))) return st;
    double x = at3(a, -1, c.row, c.col), y = at3(b, -1, c.row, c.col);
    o->row = c.row;
    o->col = c.col;
    o->exact = x + y;
    o->shown = ls_shown(x) + ls_shown(y);
    o->recorded = at3(t, -1, c.row, c.col);
    slip(o, "the first term alone", x);
    slip(o, "the second term alone", y);
    slip(o, "the difference of the terms", x - y);
    snprintf(o->tensor, sizeof o->tensor, "%s", e->ref.tensor);
    snprintf(o->inputs[0], sizeof o->inputs[0], "%s", t->inputs[0]);
    snprintf(o->inputs[1], sizeof o->inputs[1], "%s", t->inputs[1]);
    o->n_inputs = 2;
    return TF_OK;
}

static const float *param(const tf_Model *m, const char *name)
{
    static tf_Param ps[1024];
    int n = tf_params(&m->cfg, &m->w, ps, 1024);
    for (int i = 0; i < n; i++)
        if (!strcmp(ps[i].name, name)) return ps[i].data;
    return NULL;
}

static tf_Status calc_norm(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Model *m, const tf_Vocab *tv,
                           ls_Calc *o, tf_Err *err)
{
    const tf_Node *t = NULL, *x = NULL;
    tf_Status st;
    if ((st = need_node(tr, e->ref.tensor, TF_OP_LAYERNORM, &t, err))) return st;
    if ((st = need_node(tr, t->inputs[0], TF_OP_COUNT, &x, err))) return st;
    ls_Cell c;
    if ((st = cell(e, e->ref.tensor, tr, tv, &c, err))) return st;
    char gn[160], bn[160];
    if (!norm_param(e->ref.tensor, "weight", gn, sizeof gn) || !norm_param(e->ref.tensor, "bias", bn, sizeof bn))
        return tf_fail(err, TF_ERR_INPUT, "'%s': not a layer norm of the model", e->ref.tensor);
    int D = x->shape[1];
    double mean = 0, var = 0;
    for (int i = 0; i < D; i++) mean += at3(x, -1, c.row, i);
    mean /= D;
    for (int i = 0; i < D; i++) var += (at3(x, -1, c.row, i) - mean) * (at3(x, -1, c.row, i) - mean);
    var /= D;
    double xi = at3(x, -1, c.row, c.col), eps = tr->cfg.ln_eps;
    o->row = c.row;
    o->col = c.col;
    o->recorded = at3(t, -1, c.row, c.col);
    snprintf(o->tensor, sizeof o->tensor, "%s", e->ref.tensor);
    snprintf(o->inputs[0], sizeof o->inputs[0], "%s", t->inputs[0]);
    o->n_inputs = 1;
    need(o, LS_Q_MEAN, t->inputs[0], NULL, c.row, -1);
    need(o, LS_Q_VAR, t->inputs[0], NULL, c.row, -1);
    need(o, LS_Q_PARAM, NULL, gn, -1, c.col);
    need(o, LS_Q_PARAM, NULL, bn, -1, c.col);
    const float *g = m ? param(m, gn) : NULL, *b = m ? param(m, bn) : NULL;
    if (!g || !b) {
        /* no model: the recorded number is all there is */
        o->exact = o->shown = o->recorded;
        return TF_OK;
    }
    double gi = g[c.col], bi = b[c.col];
    double z = (xi - mean) / sqrt(var + eps);
    o->exact = gi * z + bi;
    o->shown = ls_shown(gi) * (ls_shown(xi) - ls_shown(mean)) / sqrt(ls_shown(var) + eps) + ls_shown(bi);
    slip(o, "leaving out γ and β", z);
    slip(o, "not taking the mean off", gi * xi / sqrt(var + eps) + bi);
    slip(o, "dividing by the variance instead of its square root", gi * (xi - mean) / (var + eps) + bi);
    return TF_OK;
}

static tf_Status calc_logit(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Model *m, const tf_Vocab *tv,
                            ls_Calc *o, tf_Err *err)
{
    const tf_Node *lg = NULL, *x = NULL, *emb = NULL;
    tf_Status st;
    if ((st = need_node(tr, "logits", TF_OP_LINEAR, &lg, err)) || (st = need_node(tr, lg->inputs[0], TF_OP_COUNT, &x, err)) ||
        (st = need_node(tr, "tgt.embed", TF_OP_EMBED, &emb, err)))
        return st;
    ls_Cell c;
    if ((st = cell(e, "logits", tr, tv, &c, err))) return st;
    if (!tr->cfg.tied_generator)
        return tf_fail(err, TF_ERR_INPUT, "compute logit: this model's output layer has its own weights, "
                       "which no tensor of the trace shows");
    const char *word = tv && c.col < tv->n ? tv->tokens[c.col] : NULL;
    int pos = -1;
    for (int t = 0; word && t < tr->n_tgt && pos < 0; t++)
        if (!strcmp(tr->tgt_tokens[t], word)) pos = t;
    if (pos < 0)
        return tf_fail(err, TF_ERR_INPUT, "compute logit: '%s' is not in the decoder input, so its embedding "
                       "is not on screen (pick a word of the translation)", word ? word : "?");
    int D = x->shape[1];
    double sd = sqrt((double)D), dot = 0, dot_shown = 0;
    const float *E = m ? m->w.tgt_embed + (size_t)c.col * D : NULL;
    for (int i = 0; i < D; i++) {
        double xv = at3(x, -1, c.row, i), ev = E ? E[i] : at3(emb, -1, pos, i) / sd;
        dot += xv * ev;
        dot_shown += ls_shown(xv) * ls_shown(at3(emb, -1, pos, i)) / sd;
    }
    double bias = tr->cfg.has_gen_bias && m && m->w.generator.b ? m->w.generator.b[c.col] : 0;
    o->row = c.row;
    o->col = c.col;
    o->exact = dot + bias;
    o->shown = dot_shown + (bias ? ls_shown(bias) : 0);
    o->recorded = at3(lg, -1, c.row, c.col);
    slip(o, "not dividing tgt.embed by √d_model", dot * sd + bias);
    if (tr->cfg.has_gen_bias) {
        slip(o, "leaving out the bias", dot);
        need(o, LS_Q_PARAM, NULL, "generator.bias", -1, c.col);
    }
    snprintf(o->tensor, sizeof o->tensor, "logits");
    snprintf(o->also, sizeof o->also, "probs");
    snprintf(o->inputs[0], sizeof o->inputs[0], "%s", lg->inputs[0]);
    snprintf(o->inputs[1], sizeof o->inputs[1], "tgt.embed");
    o->n_inputs = 2;
    return TF_OK;
}

/* --- BLEU on one sentence ------------------------------------------------------------------------- */

#define MAX_TOKENS 128

static int split_ref(const char *s, char *buf, size_t cap, char **tok)
{
    snprintf(buf, cap, "%s", s);
    int n = 0;
    for (char *t = strtok(buf, " "); t && n < MAX_TOKENS; t = strtok(NULL, " ")) tok[n++] = t;
    return n;
}

static bool same_gram(char **a, char **b, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(a[i], b[i])) return false;
    return true;
}

/* n-grams of hyp: how many (matched: clipped by the reference's counts; unclipped: all that occur
 * in the reference), out of total. */
static void ngram_counts(char **hyp, int h, char **ref, int r, int n, int *clipped, int *unclipped, int *total)
{
    *clipped = *unclipped = 0;
    *total = h >= n ? h - n + 1 : 0;
    for (int i = 0; i + n <= h; i++) {
        int in_hyp = 0, in_ref = 0, before = 0;
        for (int j = 0; j + n <= h; j++) {
            if (!same_gram(hyp + i, hyp + j, n)) continue;
            in_hyp++;
            before += j < i;
        }
        for (int j = 0; j + n <= r; j++) in_ref += same_gram(hyp + i, ref + j, n);
        (void)in_hyp;
        *unclipped += in_ref > 0;
        *clipped += before < in_ref;   /* the k-th occurrence counts while the reference has k */
    }
}

static tf_Status calc_bleu(const ls_AnswerExpr *e, const tf_Trace *tr, ls_Calc *o, tf_Err *err)
{
    char rb[sizeof e->reference], hb[sizeof e->hypothesis];
    char *ref[MAX_TOKENS], *hyp[MAX_TOKENS];
    int r = split_ref(e->reference, rb, sizeof rb, ref), h = 0;
    if (e->hypothesis[0]) h = split_ref(e->hypothesis, hb, sizeof hb, hyp);
    else
        for (int t = 1; t < tr->n_tgt && h < MAX_TOKENS; t++) hyp[h++] = tr->tgt_tokens[t];
    if (!h) return tf_fail(err, TF_ERR_INPUT, "compute %s: the translation is empty", ls_calc_name(e->calc));
    double p[5], pu[5], rec[5];
    for (int n = 1; n <= 4; n++) {
        int cl, un, tot;
        ngram_counts(hyp, h, ref, r, n, &cl, &un, &tot);
        p[n] = tot ? (double)cl / tot : 0;
        pu[n] = tot ? (double)un / tot : 0;
        rec[n] = r >= n ? (double)cl / (r - n + 1) : 0;
    }
    double bp = h > r ? 1 : exp(1 - (double)r / h);
    double logs = 0, mean = 0;
    bool zero = false;
    for (int n = 1; n <= 4; n++) {
        zero |= p[n] == 0;
        logs += p[n] > 0 ? log(p[n]) / 4 : 0;
        mean += p[n] / 4;
    }
    if (e->calc == LS_CALC_PRECISION) {
        int n = e->ngram;
        o->exact = p[n];
        slip(o, "not clipping repeated n-grams", pu[n]);
        slip(o, "dividing by the reference's n-grams", rec[n]);
    } else if (e->calc == LS_CALC_BREVITY) {
        o->exact = bp;
        slip(o, "exp(1 − c/r), the lengths swapped", h < r ? 1 : exp(1 - (double)h / r));
        if (h < r) slip(o, "no penalty", 1);
    } else {
        o->exact = zero ? 0 : 100 * bp * exp(logs);
        slip(o, "the arithmetic mean of the precisions", 100 * bp * mean);
        if (bp < 1) slip(o, "no brevity penalty", zero ? 0 : 100 * exp(logs));
        slip(o, "a fraction instead of 0-100", o->exact / 100);
    }
    o->shown = o->exact;
    return TF_OK;
}

tf_Status ls_calc_eval(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Model *m, const tf_Vocab *tv,
                       ls_Calc *o, tf_Err *err)
{
    memset(o, 0, sizeof *o);
    o->recorded = NAN;
    o->head = -1;
    if (!tv && m) tv = &m->tgt_vocab;
    switch (e->calc) {
    case LS_CALC_SCORE: case LS_CALC_SOFTMAX: return calc_attention(e, tr, tv, o, err);
    case LS_CALC_ADD: return calc_add(e, tr, tv, o, err);
    case LS_CALC_NORM: return calc_norm(e, tr, m, tv, o, err);
    case LS_CALC_LOGIT: return calc_logit(e, tr, m, tv, o, err);
    case LS_CALC_LOSS: {
        const tf_Node *p = NULL;
        tf_Status st;
        if ((st = need_node(tr, "probs", TF_OP_SOFTMAX, &p, err))) return st;
        ls_Cell c;
        ls_AnswerExpr r = *e;
        r.ref.col = (ls_TokRef){.set = true, .index = 0};
        if ((st = cell(&r, "probs", tr, tv, &c, err))) return st;
        int next = -1;
        if (c.row + 1 < tr->n_tgt) next = tv ? tf_vocab_find(tv, tr->tgt_tokens[c.row + 1]) : -1;
        else if (tv) next = tv->eos;
        if (next < 0) return tf_fail(err, TF_ERR_INPUT, "compute loss: the next token of row %d is not known", c.row);
        double pv = p->data[(size_t)c.row * p->shape[1] + next];
        o->row = c.row;
        o->col = next;
        o->exact = -log(pv);
        o->shown = -log(ls_shown(pv));
        slip(o, "log₁₀ instead of ln", -log10(pv));
        slip(o, "losing the minus sign", log(pv));
        slip(o, "1 − p", 1 - pv);
        snprintf(o->inputs[0], sizeof o->inputs[0], "probs");
        o->n_inputs = 1;
        return TF_OK;
    }
    case LS_CALC_PE: {
        int pos = e->ref.row.index, col;
        char *end;
        if (pos < 0) return tf_fail(err, TF_ERR_INPUT, "compute pe: row #N, a position");
        col = e->ref.col.index >= 0 ? e->ref.col.index : (int)strtol(e->ref.col.word, &end, 10);
        int D = tr->cfg.d_model;
        if (col < 0 || col >= D) return tf_fail(err, TF_ERR_INPUT, "compute pe: col %d: d_model is %d", col, D);
        double ang = pos / pow(10000.0, (double)(col / 2 * 2) / D);
        o->exact = o->shown = col % 2 ? cos(ang) : sin(ang);
        const tf_Node *sp = tf_trace_get(tr, "src.pos");
        if (sp && pos < sp->shape[0]) o->recorded = at3(sp, -1, pos, col);
        o->row = pos;
        o->col = col;
        slip(o, col % 2 ? "sin for cos" : "cos for sin", col % 2 ? sin(ang) : cos(ang));
        slip(o, "the angle in degrees", col % 2 ? cos(ang * 3.14159265358979323846 / 180) : sin(ang * 3.14159265358979323846 / 180));
        snprintf(o->tensor, sizeof o->tensor, "src.pos");
        snprintf(o->also, sizeof o->also, "tgt.pos");
        return TF_OK;
    }
    case LS_CALC_SMOOTHING: {
        double V = tr->cfg.tgt_vocab;
        o->exact = o->shown = 1 - e->eps + e->eps / V;
        slip(o, "1 − ε", 1 - e->eps);
        slip(o, "ε/V (the share of every other token)", e->eps / V);
        slip(o, "1", 1);
        return TF_OK;
    }
    case LS_CALC_PRECISION: case LS_CALC_BREVITY: case LS_CALC_BLEU: return calc_bleu(e, tr, o, err);
    case LS_CALC_CONTEXT: return calc_context(e, tr, tv, o, err);
    case LS_CALC_EMBED: {
        const tf_Node *n = NULL;
        tf_Status st;
        if ((st = need_node(tr, "src.embed", TF_OP_EMBED, &n, err))) return st;
        ls_Cell c;
        if ((st = cell(e, "src.embed", tr, tv, &c, err))) return st;
        int D = n->shape[1], id = m ? tf_vocab_find(&m->src_vocab, tr->src_tokens[c.row]) : -1;
        double sd = sqrt((double)D);
        o->row = c.row;
        o->col = c.col;
        o->recorded = at3(n, -1, c.row, c.col);
        snprintf(o->tensor, sizeof o->tensor, "src.embed");
        if (id < 0) {
            o->exact = o->shown = o->recorded;
            return TF_OK;
        }
        double t = m->w.src_embed[(size_t)id * D + c.col];
        o->exact = t * sd;
        o->shown = ls_shown(t) * sd;
        slip(o, "the table's entry alone", t);
        slip(o, "× d_model instead of √d_model", t * D);
        need(o, LS_Q_PARAM, NULL, "src_embed.weight", id, c.col);
        return TF_OK;
    }
    case LS_CALC_PENALTY:
        o->exact = o->shown = tf_length_penalty(e->ngram, e->eps);
        slip(o, "(5 + n)/6 without the power", (5.0 + e->ngram) / 6);
        slip(o, "n^α", pow(e->ngram, e->eps));
        return TF_OK;
    case LS_CALC_COUNT: break;
    }
    return tf_fail(err, TF_ERR_INPUT, "unknown compute");
}

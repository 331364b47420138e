/* ls_quiz.c — quiz answers computed from the live trace, checking a learner's response,
 * and the numbers the lesson widgets show (Table 1, the variance of q·k, the warm-up schedule).
 * Plain C, no SDL; the scenes and the token/cell lookups are in ls_eval.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ls_lesson.h"
#include "task.h"

/* --- quizzes ------------------------------------------------------------------------------------- */

/* Whether (row, col) of an attention node is masked (a key the query cannot see). */
static bool is_masked(const tf_Node *n, int row, int col)
{
    return n->mask == TF_MASK_CAUSAL && col > row;
}

static void add_item(ls_Answer *a, int v)
{
    if (a->n_items < LS_ANSWER_MAX) a->items[a->n_items++] = v;
}

/* "difficult (#24)", or for several: "#0 <bos>, #1 바로". */
static void describe_tokens(ls_Answer *a, const tf_Trace *tr, const tf_Vocab *tv)
{
    a->text[0] = 0;
    for (int i = 0; i < a->n_items; i++) {
        size_t l = strlen(a->text);
        if (l > sizeof a->text - 80) {
            snprintf(a->text + l, sizeof a->text - l, ", …");
            break;
        }
        const char *w = ls_side_word(tr, a->side, tv, a->items[i]);
        snprintf(a->text + l, sizeof a->text - l, "%s%s (#%d)", i ? ", " : "", w ? w : "?", a->items[i]);
    }
}

static tf_Status cell_answer(const ls_Quiz *q, const tf_Trace *tr, const tf_Vocab *tv,
                             ls_Answer *a, tf_Err *err)
{
    const ls_AnswerExpr *e = &q->answer;
    ls_Cell c;
    ls_CellRef ref = e->ref;
    if (e->op == LS_ANS_MAXHEAD) ref.head = 0;   /* the head is the answer */
    tf_Status st = ls_cell_resolve(&ref, NULL, tr, tv, &c, err);
    if (st) return st;
    const tf_Node *n = tf_trace_get(tr, c.tensor);
    ls_Side rs, cs;
    int heads;
    ls_tensor_axes(tr, c.tensor, &rs, &cs, &heads);
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    snprintf(a->tensor, sizeof a->tensor, "%s", c.tensor);
    a->head = c.head;
    a->by_col = e->by_col;
    a->fixed = e->by_col ? c.col : c.row;
    const float *m = n->data + (size_t)(c.head < 0 ? 0 : c.head) * (size_t)nr * (size_t)nc;

    if (e->op == LS_ANS_MAXHEAD) {
        if (!heads) return tf_fail(err, TF_ERR_INPUT, "maxhead: '%s' has no heads", c.tensor);
        float best = -INFINITY;
        for (int h = 0; h < heads; h++) {
            float v = n->data[((size_t)h * nr + c.row) * nc + c.col];
            if (v > best) best = v;
        }
        a->kind = LS_ANSWER_HEAD;
        a->n_choices = heads;
        for (int h = 0; h < heads; h++) {
            float v = n->data[((size_t)h * nr + c.row) * nc + c.col];
            if (best - v <= 1e-6f * fmaxf(1.0f, fabsf(best))) add_item(a, h);
        }
        a->number = best;
        size_t l = 0;
        for (int i = 0; i < a->n_items; i++)
            l += (size_t)snprintf(a->text + l, sizeof a->text - l, "%shead %d", i ? ", " : "", a->items[i]);
        snprintf(a->text + l, sizeof a->text - l, " (%.2f)", best);
        return TF_OK;
    }
    if (e->op == LS_ANS_VALUE) {
        float v = m[(size_t)c.row * nc + c.col];
        a->kind = LS_ANSWER_NUMBER;
        a->number = v;
        a->tol = e->tol >= 0 ? e->tol : fmax(0.01, 0.01 * fabs(v));
        snprintf(a->text, sizeof a->text, "%.2f", v);
        return TF_OK;
    }
    /* the other ops pick positions along the free axis */
    int len = e->by_col ? nr : nc;
    ls_Side side = e->by_col ? rs : cs;
    if (e->op == LS_ANS_MASKED || e->op == LS_ANS_VISIBLE) {
        if (n->mask == TF_MASK_NONE && n->site.part != TF_PART_WEIGHTS &&
            n->site.part != TF_PART_SCORES)
            return tf_fail(err, TF_ERR_INPUT, "%s: '%s' is not an attention tensor",
                           ls_answer_op_name(e->op), c.tensor);
        for (int i = 0; i < len; i++) {
            int r = e->by_col ? i : c.row, k = e->by_col ? c.col : i;
            if (is_masked(n, r, k) == (e->op == LS_ANS_MASKED)) add_item(a, i);
        }
        if (!a->n_items)
            return tf_fail(err, TF_ERR_INPUT, "%s: no position of '%s' %s %s %d is %s — the quiz has "
                           "no answer%s", ls_answer_op_name(e->op), c.tensor, e->by_col ? "at" : "in",
                           e->by_col ? "column" : "row", a->fixed,
                           e->op == LS_ANS_MASKED ? "masked" : "visible",
                           n->mask == TF_MASK_NONE ? " (this attention has no mask)" : "");
    } else {
        bool maxi = e->op == LS_ANS_ARGMAX;
        float best = maxi ? -INFINITY : INFINITY;
        for (int i = 0; i < len; i++) {
            int r = e->by_col ? i : c.row, k = e->by_col ? c.col : i;
            if (is_masked(n, r, k)) continue;
            float v = m[(size_t)r * nc + k];
            if (v != v) return tf_fail(err, TF_ERR_INPUT, "'%s' holds NaN", c.tensor);
            if (maxi ? v > best : v < best) best = v;
        }
        if (isinf(best)) return tf_fail(err, TF_ERR_INPUT, "no visible position to compare");
        for (int i = 0; i < len; i++) {
            int r = e->by_col ? i : c.row, k = e->by_col ? c.col : i;
            if (is_masked(n, r, k)) continue;
            float v = m[(size_t)r * nc + k];
            if (fabsf(v - best) <= 1e-6f * fmaxf(1.0f, fabsf(best))) add_item(a, i);
        }
        a->number = best;
    }
    if (side == LS_SIDE_SRC || side == LS_SIDE_TGT) {
        a->kind = LS_ANSWER_TOKEN;
        a->side = side;
        describe_tokens(a, tr, tv);
    } else if (side == LS_SIDE_VOCAB) {
        a->kind = LS_ANSWER_VOCAB;
        a->side = side;
        const char *w = ls_side_word(tr, side, tv, a->items[0]);
        snprintf(a->vocab, sizeof a->vocab, "%s", w ? w : "");
        describe_tokens(a, tr, tv);
    } else {
        /* a plain index (a hidden unit, a model dimension): typed as a number, ties all right */
        a->kind = LS_ANSWER_NUMBER;
        a->side = LS_SIDE_INDEX;
        a->n_choices = len;
        a->tol = 0;
        snprintf(a->text, sizeof a->text, "%d", a->items[0]);
    }
    if (e->op == LS_ANS_ARGMAX || e->op == LS_ANS_ARGMIN) {
        /* "passed (#12, 0.38)"; for ties or an index: "… (0.38)" */
        size_t l = strlen(a->text);
        if (a->n_items == 1 && l && a->text[l - 1] == ')')
            snprintf(a->text + l - 1, sizeof a->text - l + 1, ", %.2f)", a->number);
        else snprintf(a->text + l, sizeof a->text - l, " (%.2f)", a->number);
    }
    return TF_OK;
}

tf_Status ls_quiz_answer(const ls_Quiz *q, const tf_Trace *tr, const tf_Vocab *tv, ls_Answer *out,
                         tf_Err *err)
{
    memset(out, 0, sizeof *out);
    out->head = -1;
    out->fixed = -1;
    const ls_AnswerExpr *e = &q->answer;
    tf_Status st;
    switch (e->op) {
    case LS_ANS_ARGMAX: case LS_ANS_ARGMIN: case LS_ANS_MASKED: case LS_ANS_VISIBLE:
    case LS_ANS_MAXHEAD: case LS_ANS_VALUE:
        return cell_answer(q, tr, tv, out, err);
    case LS_ANS_DISTANCE: {
        int pa, pb;
        if ((st = ls_token_resolve(&e->a, LS_SIDE_SRC, tr, tv, &pa, err)) ||
            (st = ls_token_resolve(&e->b, LS_SIDE_SRC, tr, tv, &pb, err)))
            return st;
        out->kind = LS_ANSWER_NUMBER;
        out->number = abs(pa - pb);
        out->tol = 0;
        snprintf(out->text, sizeof out->text, "%d", abs(pa - pb));
        return TF_OK;
    }
    case LS_ANS_LENGTH: {
        int n = e->side == LS_SIDE_SRC ? tr->n_src : tr->n_tgt - 1;
        out->kind = LS_ANSWER_NUMBER;
        out->number = n;
        out->tol = 0;
        snprintf(out->text, sizeof out->text, "%d", n);
        return TF_OK;
    }
    case LS_ANS_COMPUTE: {
        ls_Calc k;
        if ((st = ls_calc_eval(e, tr, NULL, tv, &k, err))) return st;
        out->kind = LS_ANSWER_NUMBER;
        out->number = isnan(k.recorded) ? k.exact : k.recorded;
        out->tol = e->tol >= 0 ? e->tol : fmax(0.01, 0.01 * fabs(out->number));
        int dec = out->tol > 0 ? (int)ceil(-log10(out->tol)) : 4;
        snprintf(out->text, sizeof out->text, "%.*f", dec < 2 ? 2 : dec > 6 ? 6 : dec, out->number);
        return TF_OK;
    }
    case LS_ANS_CHEAPER:
    case LS_ANS_CHOICE: {
        int k = e->op == LS_ANS_CHOICE ? e->choice : ((double)e->n < (double)e->d ? 1 : 2);
        if (k > q->n_options)
            return tf_fail(err, TF_ERR_INPUT, "option %d does not exist (%d options)", k, q->n_options);
        out->kind = LS_ANSWER_CHOICE;
        out->n_choices = q->n_options;
        add_item(out, k);
        snprintf(out->text, sizeof out->text, "%s", q->options[k - 1]);
        return TF_OK;
    }
    case LS_ANS_COUNT: break;
    }
    return tf_fail(err, TF_ERR_INPUT, "unknown answer");
}

static bool in_items(const ls_Answer *a, int v)
{
    for (int i = 0; i < a->n_items; i++)
        if (a->items[i] == v) return true;
    return false;
}

static bool text_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ') end++;
    if (end == s || *end) return false;
    *out = v;
    return true;
}

bool ls_answer_check(const ls_Answer *a, const ls_Response *r, const tf_Trace *tr)
{
    double x;
    switch (a->kind) {
    case LS_ANSWER_TOKEN:
        if (r->kind == LS_RESP_TOKEN) return r->side == a->side && in_items(a, r->index);
        if (r->kind == LS_RESP_CELL) {
            if (strcmp(r->tensor, a->tensor) || (a->head >= 0 && r->head != a->head)) return false;
            if (a->by_col) return r->col == a->fixed && in_items(a, r->row);
            return r->row == a->fixed && in_items(a, r->col);
        }
        if (r->kind == LS_RESP_TEXT)
            for (int i = 0; i < a->n_items; i++) {
                const char *w = ls_side_word(tr, a->side, NULL, a->items[i]);
                if (w && !strcmp(w, r->text)) return true;
            }
        return false;
    case LS_ANSWER_VOCAB:
        if (r->kind == LS_RESP_TEXT) return !strcmp(r->text, a->vocab);
        if (r->kind == LS_RESP_TOKEN && r->side == LS_SIDE_TGT && r->index >= 0 && r->index < tr->n_tgt)
            return !strcmp(tr->tgt_tokens[r->index], a->vocab);
        if (r->kind == LS_RESP_CELL)
            return !strcmp(r->tensor, a->tensor) && r->row == a->fixed && in_items(a, r->col);
        return false;
    case LS_ANSWER_HEAD:
        if (r->kind == LS_RESP_HEAD) return in_items(a, r->index);
        if (r->kind == LS_RESP_CELL) return !strcmp(r->tensor, a->tensor) && in_items(a, r->head);
        if (r->kind == LS_RESP_NUMBER) return r->number == (int)r->number && in_items(a, (int)r->number);
        if (r->kind == LS_RESP_TEXT && text_number(r->text, &x)) return x == (int)x && in_items(a, (int)x);
        return false;
    case LS_ANSWER_NUMBER:
        if (a->side == LS_SIDE_INDEX && r->kind == LS_RESP_CELL)
            return !strcmp(r->tensor, a->tensor) && (a->head < 0 || r->head == a->head) &&
                   (a->by_col ? r->col == a->fixed && in_items(a, r->row)
                              : r->row == a->fixed && in_items(a, r->col));
        if (r->kind == LS_RESP_NUMBER) x = r->number;
        else if (r->kind == LS_RESP_TEXT) {
            if (!text_number(r->text, &x)) return false;
        } else return false;
        if (a->side == LS_SIDE_INDEX) return x == (int)x && in_items(a, (int)x);
        return fabs(x - a->number) <= a->tol + 1e-9;
    case LS_ANSWER_CHOICE:
        if (r->kind == LS_RESP_CHOICE) return in_items(a, r->index);
        if (r->kind == LS_RESP_TEXT && text_number(r->text, &x)) return x == (int)x && in_items(a, (int)x);
        return false;
    case LS_ANSWER_KIND_COUNT: break;
    }
    return false;
}

void ls_answer_right(const ls_Answer *a, const tf_Trace *tr, ls_Response *out)
{
    (void)tr;
    memset(out, 0, sizeof *out);
    switch (a->kind) {
    case LS_ANSWER_TOKEN:
        out->kind = LS_RESP_TOKEN;
        out->side = a->side;
        out->index = a->items[0];
        break;
    case LS_ANSWER_VOCAB:
        out->kind = LS_RESP_TEXT;
        snprintf(out->text, sizeof out->text, "%s", a->vocab);
        break;
    case LS_ANSWER_HEAD:
        out->kind = LS_RESP_HEAD;
        out->index = a->items[0];
        break;
    case LS_ANSWER_NUMBER:
        out->kind = LS_RESP_NUMBER;
        out->number = a->side == LS_SIDE_INDEX ? a->items[0] : a->number;
        break;
    case LS_ANSWER_CHOICE:
        out->kind = LS_RESP_CHOICE;
        out->index = a->items[0];
        break;
    case LS_ANSWER_KIND_COUNT: break;
    }
}

bool ls_answer_wrong(const ls_Answer *a, const tf_Trace *tr, ls_Response *out)
{
    memset(out, 0, sizeof *out);
    switch (a->kind) {
    case LS_ANSWER_TOKEN: {
        int n = a->side == LS_SIDE_SRC ? tr->n_src : tr->n_tgt;
        out->kind = LS_RESP_TOKEN;
        out->side = a->side;
        for (int i = 0; i < n; i++)
            if (!in_items(a, i)) {
                out->index = i;
                return true;
            }
        return false;
    }
    case LS_ANSWER_VOCAB:
        out->kind = LS_RESP_TEXT;
        for (int i = 0; i < tr->n_tgt; i++)
            if (strcmp(tr->tgt_tokens[i], a->vocab)) {
                snprintf(out->text, sizeof out->text, "%s", tr->tgt_tokens[i]);
                return true;
            }
        snprintf(out->text, sizeof out->text, "%.80s?", a->vocab);
        return true;
    case LS_ANSWER_HEAD:
        out->kind = LS_RESP_HEAD;
        for (int h = 0; h < a->n_choices; h++)
            if (!in_items(a, h)) {
                out->index = h;
                return true;
            }
        return false;
    case LS_ANSWER_NUMBER:
        out->kind = LS_RESP_NUMBER;
        if (a->side == LS_SIDE_INDEX) {
            for (int i = 0; i < a->n_choices; i++)
                if (!in_items(a, i)) {
                    out->number = i;
                    return true;
                }
            return false;
        }
        out->number = a->number + a->tol + 1;
        return true;
    case LS_ANSWER_CHOICE:
        out->kind = LS_RESP_CHOICE;
        for (int k = 1; k <= a->n_choices; k++)
            if (!in_items(a, k)) {
                out->index = k;
                return true;
            }
        return false;
    case LS_ANSWER_KIND_COUNT: break;
    }
    return false;
}

void ls_format(const char *text, const ls_Answer *a, const char *lang, char *out, size_t cap)
{
    size_t o = 0;
    if (!cap) return;
    char words[sizeof a->text];
    if (a) snprintf(words, sizeof words, "%s", a->text);
    if (a && a->kind == LS_ANSWER_HEAD && lang && !strcmp(lang, "ko")) {
        size_t l = 0;
        for (int i = 0; i < a->n_items && l < sizeof words - 32; i++)
            l += (size_t)snprintf(words + l, sizeof words - l, "%s%d번 헤드", i ? ", " : "", a->items[i]);
        snprintf(words + l, sizeof words - l, " (%.2f)", a->number);
    }
    for (const char *p = text ? text : ""; *p && o + 1 < cap;) {
        if (a && !strncmp(p, "{answer}", 8)) {
            for (const char *s = words; *s && o + 1 < cap; s++) out[o++] = *s;
            p += 8;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
}

/* --- numbers the lessons show ---------------------------------------------------------------- */

void ls_table1(int n, int d, int k, int r, ls_Table1Row out[4])
{
    double N = n, D = d, K = k < 2 ? 2 : k, R = r < 1 ? 1 : r;
    out[0] = (ls_Table1Row){"self-attention", "셀프 어텐션", "O(n²·d)", "O(1)", "O(1)",
                            N * N * D, 1, 1};
    out[1] = (ls_Table1Row){"recurrent", "순환 신경망", "O(n·d²)", "O(n)", "O(n)", N * D * D, N, N};
    out[2] = (ls_Table1Row){"convolutional", "합성곱", "O(k·n·d²)", "O(1)", "O(logₖ n)",
                            K * N * D * D, 1, fmax(1.0, ceil(log(N) / log(K) - 1e-12))};
    out[3] = (ls_Table1Row){"self-attention (restricted)", "제한된 셀프 어텐션", "O(r·n·d)", "O(1)",
                            "O(n/r)", R * N * D, 1, fmax(1.0, ceil(N / R))};
}

/* splitmix64 and Box-Muller: the same normal numbers on every machine. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double normal(uint64_t *s)
{
    double u1 = ((double)(next_u64(s) >> 11) + 0.5) / 9007199254740992.0;
    double u2 = (double)(next_u64(s) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

void ls_dot_variance(int dk, int samples, uint64_t seed, ls_VarianceRow *out)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + (uint64_t)dk;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < samples; i++) {
        double dot = 0;
        for (int j = 0; j < dk; j++) dot += normal(&s) * normal(&s);
        sum += dot;
        sum2 += dot * dot;
    }
    double mean = sum / samples;
    double var = sum2 / samples - mean * mean;
    out->dk = dk;
    out->mean = mean;
    out->var = var;
    out->var_scaled = var / dk;
}

tf_Status ls_trace_dot_variance(const tf_Trace *tr, const char *prefix, ls_VarianceRow *out,
                                tf_Err *err)
{
    char name[TF_NAME_MAX + 16];
    snprintf(name, sizeof name, "%s.scores", prefix);
    const tf_Node *sc = tf_trace_get(tr, name);
    snprintf(name, sizeof name, "%s.q", prefix);
    const tf_Node *q = tf_trace_get(tr, name);
    if (!sc || !q || sc->ndim != 3 || q->ndim != 3)
        return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no attention '%s' (…scores and …q)", prefix);
    int H = sc->shape[0], R = sc->shape[1], C = sc->shape[2], dk = q->shape[2];
    double root = sqrt((double)dk), sum = 0, sum2 = 0;
    long cnt = 0;
    for (int h = 0; h < H; h++)
        for (int i = 0; i < R; i++)
            for (int j = 0; j < C; j++) {
                if (is_masked(sc, i, j)) continue;
                double v = sc->data[((size_t)h * R + i) * C + j] * root;
                sum += v;
                sum2 += v * v;
                cnt++;
            }
    if (!cnt) return tf_fail(err, TF_ERR_INPUT, "'%s' has no visible scores", prefix);
    out->dk = dk;
    out->mean = sum / (double)cnt;
    out->var = sum2 / (double)cnt - out->mean * out->mean;
    out->var_scaled = out->var / dk;
    return TF_OK;
}

double ls_schedule_lr(int d_model, int warmup, int step)
{
    if (step < 1) step = 1;
    double a = 1.0 / sqrt((double)step), b = step * pow((double)warmup, -1.5);
    return pow((double)d_model, -0.5) * (a < b ? a : b);
}

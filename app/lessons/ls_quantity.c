/* ls_quantity.c — the quantities that `claim:` and `show:` lines measure, on the page's trace (or
 * another decoding of its sentence, or a training snapshot, through the checker): cells and their
 * statistics, ranks, the loss, the model's parameters and configuration, the logit lens, the
 * translation's text. Comparing them with what a claim says is ls_claim.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson_int.h"
#include "ls_checker.h"
#include "lens.h"

/* --- evaluation ------------------------------------------------------------------------------ */

static bool masked_cell(const tf_Node *n, int r, int k) { return n->mask == TF_MASK_CAUSAL && k > r; }

tf_Status ls_rank(const ls_CellRef *ref, bool by_col, bool over_heads, bool maxi, const tf_Trace *tr,
                  const tf_Vocab *tv, ls_Rank *out, tf_Err *err)
{
    memset(out, 0, sizeof *out);
    ls_CellRef r = *ref;
    if (over_heads) r.head = 0;
    ls_Cell c;
    tf_Status st = ls_cell_resolve(&r, NULL, tr, tv, &c, err);
    if (st) return st;
    const tf_Node *n = tf_trace_get(tr, c.tensor);
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    int heads = n->ndim == 3 ? n->shape[0] : 1;
    int len = over_heads ? heads : by_col ? nr : nc;
    if (over_heads && n->ndim != 3) return tf_fail(err, TF_ERR_INPUT, "'%s' has no heads", c.tensor);
    double best = maxi ? -INFINITY : INFINITY, second = best, worst = -best;
    int best_i = -1, count = 0;
    for (int i = 0; i < len; i++) {
        int h = over_heads ? i : (c.head < 0 ? 0 : c.head);
        int row = over_heads ? c.row : by_col ? i : c.row, col = over_heads ? c.col : by_col ? c.col : i;
        if (masked_cell(n, row, col)) continue;
        double v = n->data[((size_t)h * nr + row) * nc + col];
        if (v != v) return tf_fail(err, TF_ERR_INPUT, "'%s' holds NaN", c.tensor);
        count++;
        if (maxi ? v > best : v < best) {
            second = best;
            best = v;
            best_i = i;
        } else if (maxi ? v > second : v < second) {
            second = v;
        }
        if (maxi ? v < worst : v > worst) worst = v;
    }
    if (best_i < 0) return tf_fail(err, TF_ERR_INPUT, "no visible position to compare");
    out->best = best;
    out->second = second;
    out->worst = worst;
    out->index = best_i;
    out->n = count;
    for (int i = 0; i < len; i++) {
        int h = over_heads ? i : (c.head < 0 ? 0 : c.head);
        int row = over_heads ? c.row : by_col ? i : c.row, col = over_heads ? c.col : by_col ? c.col : i;
        if (masked_cell(n, row, col)) continue;
        double v = n->data[((size_t)h * nr + row) * nc + col];
        if (fabs(v - best) <= 1e-6 * fmax(1.0, fabs(best))) out->n_best++;
    }
    out->lead = count > 1 ? fabs(best - second) : -1;
    if (out->n_best > 1) out->lead = 0;
    return TF_OK;
}

/* max, min, mean, var (population: as layer norm computes it), sum over the cells named; peak: the
 * mean over the rows named of each row's largest value (how sharply attention rows point). */
static tf_Status cells_stat(const ls_Quantity *q, const tf_Trace *tr, const tf_Vocab *tv, double *out,
                            tf_Err *err)
{
    ls_Cell c;
    ls_CellRef r = q->ref;
    bool all_heads = r.head < 0;
    if (all_heads) r.head = 0;
    const tf_Node *n0 = tf_trace_get(tr, r.tensor);
    if (n0 && n0->ndim != 3) r.head = -1;
    tf_Status st = ls_cell_resolve(&r, NULL, tr, tv, &c, err);
    if (st) return st;
    const tf_Node *n = tf_trace_get(tr, c.tensor);
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    int h0 = n->ndim == 3 && !all_heads ? c.head : 0, h1 = n->ndim == 3 ? (all_heads ? n->shape[0] : c.head + 1) : 1;
    double mx = -INFINITY, mn = INFINITY, sum = 0, sum2 = 0, peaks = 0;
    long cnt = 0, rows = 0;
    for (int h = h0; h < h1; h++)
        for (int i = 0; i < nr; i++) {
            if (q->ref.row.set && i != c.row) continue;
            double row_max = -INFINITY;
            for (int k = 0; k < nc; k++) {
                if ((q->ref.col.set && k != c.col) || masked_cell(n, i, k)) continue;
                double v = n->data[((size_t)h * nr + i) * nc + k];
                mx = fmax(mx, v);
                mn = fmin(mn, v);
                row_max = fmax(row_max, v);
                sum += v;
                cnt++;
            }
            if (row_max > -INFINITY) peaks += row_max, rows++;
        }
    if (!cnt) return tf_fail(err, TF_ERR_INPUT, "no cells to measure");
    double mean = sum / (double)cnt;
    for (int h = h0; h < h1; h++)
        for (int i = 0; i < nr; i++) {
            if (q->ref.row.set && i != c.row) continue;
            for (int k = 0; k < nc; k++) {
                if ((q->ref.col.set && k != c.col) || masked_cell(n, i, k)) continue;
                double d = n->data[((size_t)h * nr + i) * nc + k] - mean;
                sum2 += d * d;
            }
        }
    switch (q->op) {
    case LS_Q_MAX: *out = mx; break;
    case LS_Q_MIN: *out = mn; break;
    case LS_Q_MEAN: *out = mean; break;
    case LS_Q_VAR: *out = sum2 / (double)cnt; break;
    case LS_Q_PEAK: *out = peaks / (double)rows; break;
    default: *out = sum; break;
    }
    return TF_OK;
}

static tf_Status param_value(const tf_Model *m, const ls_Quantity *q, double *out, tf_Err *err)
{
    if (!m) return tf_fail(err, TF_ERR_INPUT, "param: needs the model");
    static tf_Param ps[1024];
    int n = tf_params(&m->cfg, &m->w, ps, 1024);
    const tf_Param *p = NULL;
    for (int i = 0; i < n && !p; i++)
        if (!strcmp(ps[i].name, q->name)) p = &ps[i];
    if (!p && !strcmp(q->name, "generator.weight") && m->cfg.tied_generator)
        return tf_fail(err, TF_ERR_NOTFOUND, "generator.weight: this model's output shares tgt_embed.weight");
    if (!p) return tf_fail(err, TF_ERR_NOTFOUND, "the model has no weight '%s' (tfscope inspect lists them)", q->name);
    int rows = p->rows, cols = p->cols ? p->cols : 1;
    int row = 0, col = 0;
    const tf_Vocab *v = !strcmp(q->name, "src_embed.weight") ? &m->src_vocab
                      : !strcmp(q->name, "tgt_embed.weight") ? &m->tgt_vocab : NULL;
    if (q->ref.row.set) {
        if (q->ref.row.index >= 0) row = q->ref.row.index;
        else if (v && (row = tf_vocab_find(v, q->ref.row.word)) >= 0) {
        } else {
            char *end;
            long x = strtol(q->ref.row.word, &end, 10);
            if (*end || end == q->ref.row.word) return tf_fail(err, TF_ERR_INPUT, "row '%s': a row number%s", q->ref.row.word, v ? " or a word of the vocabulary" : "");
            row = (int)x;
        }
    }
    if (q->ref.col.set) {
        char *end;
        long x = q->ref.col.index >= 0 ? q->ref.col.index : strtol(q->ref.col.word, &end, 10);
        if (q->ref.col.index < 0 && (*end || end == q->ref.col.word)) return tf_fail(err, TF_ERR_INPUT, "col '%s': a number", q->ref.col.word);
        col = (int)x;
    }
    if (!p->cols) {
        /* a vector: its entries are the columns */
        if (q->ref.row.set) return tf_fail(err, TF_ERR_INPUT, "'%s' is a vector: give col C only", q->name);
        cols = rows;
        rows = 1;
    } else if (!q->ref.row.set || !q->ref.col.set) {
        return tf_fail(err, TF_ERR_INPUT, "'%s' is [%d, %d]: give row R and col C", q->name, rows, cols);
    }
    if (row < 0 || row >= rows || col < 0 || col >= cols)
        return tf_fail(err, TF_ERR_INPUT, "'%s' is [%d, %d]: row %d, col %d is outside", q->name, rows, cols, row, col);
    *out = !p->cols ? p->data[col] : p->transposed ? p->data[(size_t)col * rows + row] : p->data[(size_t)row * cols + col];
    return TF_OK;
}

static double config_value(const tf_Config *c, const char *k)
{
    if (!strcmp(k, "d_model")) return c->d_model;
    if (!strcmp(k, "heads")) return c->nhead;
    if (!strcmp(k, "dk")) return c->d_model / c->nhead;
    if (!strcmp(k, "enc_layers")) return c->n_enc;
    if (!strcmp(k, "dec_layers")) return c->n_dec;
    if (!strcmp(k, "d_ff")) return c->d_ff;
    if (!strcmp(k, "src_vocab")) return c->src_vocab;
    if (!strcmp(k, "tgt_vocab")) return c->tgt_vocab;
    return c->max_len;
}

tf_Status ls_trace_loss(const tf_Trace *tr, const tf_Vocab *tv, double *out, tf_Err *err)
{
    const tf_Node *p = tf_trace_get(tr, "probs");
    if (!p) return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no probs");
    int T = p->shape[0], V = p->shape[1];
    double sum = 0;
    for (int t = 0; t < T; t++) {
        int id = t + 1 < tr->n_tgt ? tf_vocab_find(tv, tr->tgt_tokens[t + 1]) : tv->eos;
        if (id < 0 || id >= V) return tf_fail(err, TF_ERR_INPUT, "'%s' is not in the target vocabulary", tr->tgt_tokens[t + 1]);
        sum -= log(fmax((double)p->data[(size_t)t * V + id], 1e-300));
    }
    *out = sum / T;
    return TF_OK;
}

static void join_tokens(char **tok, int from, int n, char *out, size_t cap)
{
    size_t l = 0;
    out[0] = 0;
    for (int i = from; i < n && l < cap; i++) l += (size_t)snprintf(out + l, cap - l, "%s%s", i > from ? " " : "", tok[i]);
}

/* The run a quantity is measured on: the page's sentence and decoding, the page's interventions
 * and the quantity's own (with …, output ablate …) together. ablate holds 256 bytes. */
static ls_Run run_of(const ls_Scene *sc, const ls_Quantity *q, int beam, char *ablate)
{
    bool plain = q->flags & LS_RUN_PLAIN;
    const char *page = plain ? "" : sc->ablate;
    snprintf(ablate, 256, "%s%s%s", page, page[0] && q->ablate[0] ? "," : "", q->ablate);
    unsigned flags = (plain ? 0 : sc->interv_flags) | (q->flags & ~(unsigned)LS_RUN_PLAIN);
    return (ls_Run){ls_scene_sentence(sc), beam, q->at_prefix, ablate, flags};
}

/* The trace a quantity is measured on: the page's, another run of its sentence, or a training
 * snapshot. */
static const tf_Trace *quantity_trace(ls_Checker *c, const ls_Scene *sc, const ls_Quantity *q, tf_Err *err)
{
    char ablate[256];
    ls_Run r = run_of(sc, q, q->beam ? q->beam : sc->beam, ablate);
    bool page_off = (q->flags & LS_RUN_PLAIN) && (sc->ablate[0] || sc->interv_flags);
    if (q->at_prefix > 0 || r.ablate[0] || r.flags || r.beam != sc->beam || page_off) {
        if (q->at != LS_AT_SCENE) {
            tf_fail(err, TF_ERR_INPUT, "snapshots hold traces: they cannot be run again with interventions or a prefix");
            return NULL;
        }
        return ls_checker_run(c, &r, err);
    }
    if (q->at == LS_AT_SCENE) return ls_checker_scene_trace(c, sc, NULL, err);
    const char *dir = ls_scene_snapshots(sc);
    if (!dir && sc->snapshots) dir = sc->snapshots;
    if (!dir) {
        tf_fail(err, TF_ERR_INPUT, "at snapshot/step: the page has no snapshots (snapshots: FOLDER)");
        return NULL;
    }
    return ls_checker_snapshot(c, dir, q->at, q->at_step, err);
}

/* The quantities of one tensor's cells (value … row) on tr; ref.tensor already defaults to the
 * page's tensor. */
static tf_Status cell_quantity(const ls_Quantity *q, const tf_Trace *tr, const tf_Vocab *tv, ls_Value *v,
                               tf_Err *err)
{
    tf_Status st;
    const ls_CellRef *ref = &q->ref;
    ls_Cell cell;
    switch (q->op) {
    case LS_Q_MAX: case LS_Q_MIN: case LS_Q_MEAN: case LS_Q_VAR: case LS_Q_SUM: case LS_Q_PEAK:
        if (!tf_trace_get(tr, ref->tensor)) return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no tensor '%s'", ref->tensor);
        return cells_stat(q, tr, tv, &v->number, err);
    case LS_Q_ARGMAX: case LS_Q_ARGMIN: case LS_Q_MAXHEAD: {
        ls_Rank rk;
        bool heads = q->op == LS_Q_MAXHEAD;
        if ((st = ls_rank(ref, q->by_col, heads, q->op != LS_Q_ARGMIN, tr, tv, &rk, err))) return st;
        v->best = rk.best;
        v->lead = rk.lead;
        v->n_best = rk.n_best;
        v->index = rk.index;
        ls_Side rs, cs;
        int h;
        ls_tensor_axes(tr, ref->tensor, &rs, &cs, &h);
        const char *w = heads ? NULL : ls_side_word(tr, q->by_col ? rs : cs, tv, rk.index);
        v->kind = heads ? LS_VAL_HEAD : w ? LS_VAL_WORD : LS_VAL_INT;
        v->number = w ? rk.best : rk.index;
        if (w) snprintf(v->text, sizeof v->text, "%s", w);
        else snprintf(v->text, sizeof v->text, "%d", rk.index);
        return TF_OK;
    }
    default: break;
    }
    /* value and row: one cell, one row */
    const tf_Node *n0 = tf_trace_get(tr, ref->tensor);
    if (q->op == LS_Q_ROW && ref->head < 0 && n0 && n0->ndim == 3)
        return tf_fail(err, TF_ERR_INPUT, "'%s' has heads: say which (head H)", ref->tensor);
    ls_CellRef r = *ref;
    if (q->op == LS_Q_ROW) r.col = (ls_TokRef){.set = true, .index = 0};
    if ((st = ls_cell_resolve(&r, NULL, tr, tv, &cell, err))) return st;
    const tf_Node *n = tf_trace_get(tr, cell.tensor);
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    const float *row = n->data + ((size_t)(cell.head < 0 ? 0 : cell.head) * nr + cell.row) * nc;
    if (q->op == LS_Q_VALUE) {
        v->number = row[cell.col];
        return TF_OK;
    }
    v->kind = LS_VAL_ROW;
    v->row = row;
    v->n = nc;
    snprintf(v->text, sizeof v->text, "(%.4g, %.4g, … %d numbers)", row[0], nc > 1 ? row[1] : 0.0, nc);
    return TF_OK;
}

/* output and snapshots: texts. */
static tf_Status text_quantity(ls_Checker *c, const ls_Scene *sc, const ls_Quantity *q, ls_Value *v, tf_Err *err)
{
    v->kind = LS_VAL_TEXT;
    if (q->op == LS_Q_OUTPUT) {
        if (((q->flags & LS_RUN_PLAIN ? 0 : sc->interv_flags) | q->flags) & LS_RUN_NO_MASK)
            return tf_fail(err, TF_ERR_INPUT, "output with no-mask: a decoder that sees the future cannot write a "
                           "translation (measure the teacher-forced pass instead: with no-mask argmax probs row …)");
        char ablate[256];
        ls_Run r = run_of(sc, q, q->beam ? q->beam : sc->beam, ablate);
        const tf_Trace *tr = ls_checker_run(c, &r, err);
        if (!tr) return TF_ERR_INPUT;
        join_tokens(tr->tgt_tokens, 1, tr->n_tgt, v->text, sizeof v->text);
        return TF_OK;
    }
    const char *dir = sc->snapshots;
    if (!dir) return tf_fail(err, TF_ERR_INPUT, "snapshots: the page has no snapshots (snapshots: FOLDER)");
    const char *env = getenv("TFSCOPE_SNAPSHOTS");
    int steps[256];
    int n = ls_checker_snapshot_steps(c, env && *env ? env : dir, steps, 256, err);
    if (n < 0) return TF_ERR_INPUT;
    size_t l = 0;
    for (int i = 0; i < n && l < sizeof v->text; i++) l += (size_t)snprintf(v->text + l, sizeof v->text - l, "%s%d", i ? " " : "", steps[i]);
    return TF_OK;
}

/* meta KEY: a metadata value of the model (a number when it reads as one); training OPTION: the
 * number after --OPTION in its training command. */
static tf_Status meta_quantity(const tf_Model *m, const ls_Quantity *q, ls_Value *v, tf_Err *err)
{
    const char *key = q->op == LS_Q_META ? q->name : "training_command", *val = NULL;
    for (int i = 0; i < m->n_extra_meta && !val; i++)
        if (!strcmp(m->extra_meta[i].key, key)) val = m->extra_meta[i].value;
    if (!val) return tf_fail(err, TF_ERR_NOTFOUND, "the model's metadata has no '%s'", key);
    char buf[512];
    if (q->op == LS_Q_TRAINING) {
        char opt[TF_NAME_MAX + 70];
        snprintf(opt, sizeof opt, "--%s ", q->name);
        const char *at = strstr(val, opt);
        if (!at) return tf_fail(err, TF_ERR_NOTFOUND, "the training command has no --%s: %s", q->name, val);
        snprintf(buf, sizeof buf, "%s", at + strlen(opt));
        buf[strcspn(buf, " ")] = 0;
    } else {
        snprintf(buf, sizeof buf, "%s", val);
    }
    snprintf(v->text, sizeof v->text, "%s", buf);
    char *end;
    double x = strtod(buf, &end);
    if (end != buf && !*end) {
        v->number = x;
        v->kind = x == (double)(long long)x ? LS_VAL_INT : LS_VAL_NUMBER;
    } else {
        v->kind = LS_VAL_TEXT;
    }
    return TF_OK;
}

/* lens, lensp, lensfirst: the logit lens of tr at one decoder position. */
static tf_Status lens_quantity(const tf_Model *m, const tf_Trace *tr, const ls_Quantity *q, ls_Value *v, tf_Err *err)
{
    int t;
    tf_Status st = ls_token_resolve(&q->ref.row, LS_SIDE_TGT, tr, &m->tgt_vocab, &t, err);
    if (st) return st;
    tf_Lens lens;
    if ((st = tf_lens_compute(m, tr, 2, &lens, err))) return st;
    int p = -1;
    for (int i = 0; i < lens.n_points && q->op != LS_Q_LENSFIRST; i++)
        if (!strcmp(tr->nodes[lens.points[i].node].name, q->ref.tensor)) p = i;
    if (q->op != LS_Q_LENSFIRST && p < 0) {
        tf_lens_free(&lens);
        return tf_fail(err, TF_ERR_NOTFOUND, "'%s' is not a point of the logit lens (tgt.x, then each decoder layer's "
                       "norm1, norm2, norm3)", q->ref.tensor);
    }
    size_t at = (size_t)p * lens.T + t;
    if (q->op == LS_Q_LENS) {
        v->kind = LS_VAL_WORD;
        v->index = lens.top[at * lens.k];
        v->best = lens.top_p[at * lens.k];
        v->lead = lens.k > 1 ? v->best - lens.top_p[at * lens.k + 1] : -1;
        v->n_best = v->lead == 0 ? 2 : 1;
        v->number = v->best;
        snprintf(v->text, sizeof v->text, "%s", m->tgt_vocab.tokens[v->index]);
    } else if (q->op == LS_Q_LENSP) {
        v->number = lens.final_p[at];
    } else {
        /* the first point from which the final token stays the most probable */
        int first = lens.n_points - 1;
        while (first > 0 && lens.final_rank[(size_t)(first - 1) * lens.T + t] == 0) first--;
        v->kind = LS_VAL_TEXT;
        snprintf(v->text, sizeof v->text, "%s", tr->nodes[lens.points[first].node].name);
    }
    tf_lens_free(&lens);
    return TF_OK;
}

tf_Status ls_quantity_eval(ls_Checker *c, const ls_Scene *sc, const ls_Quantity *q, ls_Value *v, tf_Err *err)
{
    memset(v, 0, sizeof *v);
    v->kind = LS_VAL_NUMBER;
    v->lead = -1;
    const tf_Model *m = ls_checker_model(c);
    const tf_Vocab *tv = &m->tgt_vocab;
    if (q->op == LS_Q_OUTPUT || q->op == LS_Q_SNAPSHOTS) return text_quantity(c, sc, q, v, err);
    if (q->op == LS_Q_META || q->op == LS_Q_TRAINING) return meta_quantity(m, q, v, err);
    if (q->op == LS_Q_EXACT || q->op == LS_Q_BLEU) {
        char ablate[256];
        ls_Run r = run_of(sc, q, q->beam ? q->beam : 1, ablate);
        r.prefix = 0;
        double exact, bleu;
        tf_Status st = ls_checker_eval(c, &r, q->n_pairs, &exact, &bleu, err);
        v->number = q->op == LS_Q_EXACT ? exact : bleu;
        return st;
    }
    if (q->op == LS_Q_PARAM) {
        if (q->at != LS_AT_SCENE) return tf_fail(err, TF_ERR_INPUT, "param: snapshots hold traces, not weights");
        return param_value(m, q, &v->number, err);
    }
    const tf_Trace *tr = quantity_trace(c, sc, q, err);
    if (!tr) return TF_ERR_INPUT;
    if (ls_quant_is_cell(q->op)) {
        ls_Quantity qq = *q;
        if (!qq.ref.tensor[0]) snprintf(qq.ref.tensor, sizeof qq.ref.tensor, "%s", sc->tensor);
        return cell_quantity(&qq, tr, tv, v, err);
    }
    tf_Status st;
    int pa, pb;
    switch (q->op) {
    case LS_Q_LENGTH: v->number = q->side == LS_SIDE_SRC ? tr->n_src : tr->n_tgt - 1; break;
    case LS_Q_DISTANCE:
        if ((st = ls_token_resolve(&q->a, LS_SIDE_SRC, tr, tv, &pa, err)) ||
            (st = ls_token_resolve(&q->b, LS_SIDE_SRC, tr, tv, &pb, err)))
            return st;
        v->number = abs(pa - pb);
        break;
    case LS_Q_CONFIG: v->number = config_value(&tr->cfg, q->name); break;
    case LS_Q_DOTVAR: {
        ls_VarianceRow row;
        if ((st = ls_trace_dot_variance(tr, q->name, &row, err))) return st;
        v->number = q->scaled ? row.var_scaled : row.var;
        return TF_OK;
    }
    case LS_Q_LOSS: return ls_trace_loss(tr, tv, &v->number, err);
    case LS_Q_LENS: case LS_Q_LENSP: case LS_Q_LENSFIRST: return lens_quantity(m, tr, q, v, err);
    default: return tf_fail(err, TF_ERR_INPUT, "unknown quantity");
    }
    v->kind = LS_VAL_INT;
    snprintf(v->text, sizeof v->text, "%d", (int)v->number);
    return TF_OK;
}

/* ls_claim_parse.c — the text of `claim:` and `show:` lines: "[at snapshot K | at step N]
 * QUANTITY [COMPARISON VALUE | COMPARISON QUANTITY] [by M]" into an ls_Claim, with the reason when
 * it is not understood. No trace and no model: ls_claim.c measures what is parsed here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson_int.h"

/* --- names ------------------------------------------------------------------------------------- */

static const char *QUANT_NAMES[LS_Q_COUNT] = {
    "value", "max", "min", "mean", "var", "sum", "peak", "argmax", "argmin", "maxhead", "row",
    "length", "distance", "config", "param", "dotvar", "loss", "output", "snapshots", "meta", "training",
    "exact", "bleu", "lens", "lensp", "lensfirst"};

static const char *CMP_NAMES[LS_CMP_COUNT] = {"", "=", "!=", "<", "<=", ">", ">=", "in",
                                              "contains", "lacks"};

static const char *CONFIG_KEYS[] = {"d_model", "heads", "dk", "enc_layers", "dec_layers", "d_ff",
                                    "src_vocab", "tgt_vocab", "max_len"};
#define N_CONFIG_KEYS (int)(sizeof CONFIG_KEYS / sizeof CONFIG_KEYS[0])

const char *ls_quant_name(ls_QuantOp op) { return op >= 0 && op < LS_Q_COUNT ? QUANT_NAMES[op] : "?"; }

static int quant_op(const char *w)
{
    for (int i = 0; i < LS_Q_COUNT; i++)
        if (!strcmp(w, QUANT_NAMES[i])) return i;
    return -1;
}

static int cmp_op(const char *w)
{
    for (int i = 1; i < LS_CMP_COUNT; i++)
        if (!strcmp(w, CMP_NAMES[i])) return i;
    return -1;
}


/* --- parsing --------------------------------------------------------------------------------- */

#define MAX_WORDS 48

typedef struct {
    char *w[MAX_WORDS];
    int n, i;
    char *why;
    size_t cap;
} Words;

static bool fail(Words *ws, const char *fmt, const char *arg)
{
    snprintf(ws->why, ws->cap, fmt, arg);
    return false;
}

static const char *peek(const Words *ws) { return ws->i < ws->n ? ws->w[ws->i] : NULL; }

/* "[TENSOR] [head H] [row R] [col C]" from the words, up to the first word that is none of these. */
static bool parse_cell_words(Words *ws, ls_CellRef *c, bool tensor_first)
{
    memset(c, 0, sizeof *c);
    c->head = -1;
    const char *w = peek(ws);
    if (tensor_first && w && strcmp(w, "head") && strcmp(w, "row") && strcmp(w, "col") && cmp_op(w) < 0) {
        if (strlen(w) >= TF_NAME_MAX) return fail(ws, "'%s' is too long for a tensor name", w);
        snprintf(c->tensor, sizeof c->tensor, "%s", w);
        ws->i++;
    }
    while ((w = peek(ws)) && (!strcmp(w, "head") || !strcmp(w, "row") || !strcmp(w, "col"))) {
        if (ws->i + 1 >= ws->n) return fail(ws, "'%s' needs a value after it", w);
        const char *v = ws->w[ws->i + 1];
        if (!strcmp(w, "head")) {
            if (!parse_int(v, 0, 63, &c->head)) return fail(ws, "head '%s': a head number from 0", v);
        } else {
            ls_TokRef *t = w[0] == 'r' ? &c->row : &c->col;
            if (t->set) return fail(ws, "'%s' is given twice", w);
            if (!ls_parse_tokref(v, false, t, ws->why, ws->cap)) return false;
        }
        ws->i += 2;
    }
    return true;
}

/* The decoding and interventions after `output` (up to the comparison) or after `with` (up to the
 * quantity). */
static bool parse_run(Words *ws, ls_Quantity *q, bool after_with)
{
    const char *w;
    while ((w = peek(ws)) && cmp_op(w) < 0 && !(after_with && quant_op(w) >= 0)) {
        if (!strcmp(w, "greedy")) q->beam = 1;
        else if (!strcmp(w, "beam") && ws->i + 1 < ws->n) {
            if (!parse_int(ws->w[++ws->i], 1, 16, &q->beam)) return fail(ws, "beam '%s': K from 1 to 16", ws->w[ws->i]);
        } else if (!strcmp(w, "ablate") && ws->i + 1 < ws->n) {
            const char *spec = ws->w[++ws->i];
            if (strlen(spec) >= sizeof q->ablate) return fail(ws, "ablate '%s' is too long", spec);
            snprintf(q->ablate, sizeof q->ablate, "%s", spec);
        } else if (!strcmp(w, "no-pos")) q->flags |= LS_RUN_NO_POS;
        else if (!strcmp(w, "no-mask")) q->flags |= LS_RUN_NO_MASK;
        else if (!strcmp(w, "no-scale")) q->flags |= LS_RUN_NO_SCALE;
        else if (!strcmp(w, "none") && after_with) q->flags |= LS_RUN_PLAIN;
        else return fail(ws, "'%s': greedy, beam K, ablate enc.L.H[,…], no-pos, no-mask, no-scale (or none)", w);
        ws->i++;
    }
    return true;
}

/* "at snapshot K" / "at step N" before a quantity. */
static bool parse_at(Words *ws, ls_Quantity *q)
{
    const char *what = ws->i + 1 < ws->n ? ws->w[ws->i + 1] : "";
    const char *v = ws->i + 2 < ws->n ? ws->w[ws->i + 2] : "";
    if (!strcmp(what, "snapshot")) {
        if (!strcmp(v, "first")) q->at = 0;
        else if (!strcmp(v, "last")) q->at = -1;
        else if (!parse_int(v, 0, 1 << 20, &q->at)) return fail(ws, "at snapshot '%s': first, last or an index from 0", v);
    } else if (!strcmp(what, "step")) {
        if (!parse_int(v, 1, 1 << 30, &q->at_step)) return fail(ws, "at step '%s': a training step from 1", v);
        q->at = 0;
    } else if (!strcmp(what, "prefix")) {
        if (!parse_int(v, 1, 1 << 20, &q->at_prefix)) return fail(ws, "at prefix '%s': a number of decoder tokens from 1", v);
    } else {
        return fail(ws, "'at %s': at snapshot K (first, last, an index), at step N or at prefix N", what);
    }
    ws->i += 3;
    return true;
}

static bool parse_quantity(Words *ws, ls_Quantity *q)
{
    memset(q, 0, sizeof *q);
    q->at = LS_AT_SCENE;
    const char *w = peek(ws);
    if (w && !strcmp(w, "at")) {
        if (!parse_at(ws, q)) return false;
        w = peek(ws);
    }
    if (w && !strcmp(w, "with")) {
        ws->i++;
        if (!parse_run(ws, q, true)) return false;
        if (!q->ablate[0] && !q->flags && !q->beam)
            return fail(ws, "with: ablate enc.L.H[,…], no-pos, no-mask, no-scale, beam K, greedy or none, then the quantity%s", "");
        w = peek(ws);
    }
    int op = w ? quant_op(w) : -1;
    if (op < 0)
        return fail(ws, "'%s' is not a quantity (value, max, min, mean, var, sum, peak, argmax, argmin, maxhead, "
                    "row, length, distance, config, param, dotvar, loss, output, snapshots, meta, training, exact, "
                    "bleu, lens, lensp, lensfirst)", w ? w : "");
    q->op = (ls_QuantOp)op;
    ws->i++;
    if (ls_quant_is_cell(q->op)) {
        if (!parse_cell_words(ws, &q->ref, true)) return false;
        bool r = q->ref.row.set, c = q->ref.col.set;
        if ((q->op == LS_Q_VALUE || q->op == LS_Q_MAXHEAD) && (!r || !c))
            return fail(ws, "%s: give both row R and col C", QUANT_NAMES[op]);
        if ((q->op == LS_Q_ARGMAX || q->op == LS_Q_ARGMIN) && r == c)
            return fail(ws, "%s: give either row R (which column peaks) or col C (which row)", QUANT_NAMES[op]);
        if (q->op == LS_Q_ROW && (!r || c)) return fail(ws, "%s: give row R (and no col)", QUANT_NAMES[op]);
        if (q->op == LS_Q_MAXHEAD && q->ref.head >= 0) return fail(ws, "%s: the head is the value, do not give one", "maxhead");
        q->by_col = c && !r;
        return true;
    }
    switch (q->op) {
    case LS_Q_LENGTH:
        w = peek(ws);
        if (w && !strcmp(w, "src")) q->side = LS_SIDE_SRC;
        else if (w && !strcmp(w, "tgt")) q->side = LS_SIDE_TGT;
        else return fail(ws, "length: src or tgt%s", "");
        ws->i++;
        return true;
    case LS_Q_DISTANCE:
        if (ws->i + 2 > ws->n) return fail(ws, "distance: two source tokens, e.g. distance making difficult%s", "");
        if (!ls_parse_tokref(ws->w[ws->i], false, &q->a, ws->why, ws->cap) ||
            !ls_parse_tokref(ws->w[ws->i + 1], false, &q->b, ws->why, ws->cap))
            return false;
        ws->i += 2;
        return true;
    case LS_Q_CONFIG:
        w = peek(ws);
        for (int k = 0; w && k < N_CONFIG_KEYS; k++)
            if (!strcmp(w, CONFIG_KEYS[k])) {
                snprintf(q->name, sizeof q->name, "%s", w);
                ws->i++;
                return true;
            }
        return fail(ws, "config '%s': d_model, heads, dk, enc_layers, dec_layers, d_ff, src_vocab, tgt_vocab or max_len", w ? w : "");
    case LS_Q_PARAM:
        w = peek(ws);
        if (!w || cmp_op(w) >= 0) return fail(ws, "param: a weight's name, e.g. param encoder.layers.0.norm1.weight col 5%s", "");
        if (strlen(w) >= sizeof q->name) return fail(ws, "'%s' is too long for a weight's name", w);
        snprintf(q->name, sizeof q->name, "%s", w);
        ws->i++;
        if (!parse_cell_words(ws, &q->ref, false)) return false;
        if (q->ref.head >= 0) return fail(ws, "param: weights have no heads; give row R and col C%s", "");
        return true;
    case LS_Q_EXACT: case LS_Q_BLEU:
        w = peek(ws);
        if (!w || !parse_int(w, 1, 100000, &q->n_pairs))
            return fail(ws, "%s N: the number of test pairs to score, e.g. exact 200", QUANT_NAMES[q->op]);
        if (q->at != LS_AT_SCENE || q->at_prefix) return fail(ws, "%s: the model is scored, not a snapshot", QUANT_NAMES[q->op]);
        ws->i++;
        return true;
    case LS_Q_LENS: case LS_Q_LENSP: case LS_Q_LENSFIRST:
        /* lens POINT row R, lensp POINT row R (POINT: tgt.x or a decoder sub-layer's output), lensfirst row R */
        if (q->op != LS_Q_LENSFIRST) {
            w = peek(ws);
            if (!w || cmp_op(w) >= 0 || !strcmp(w, "row") || strlen(w) >= sizeof q->ref.tensor)
                return fail(ws, "%s POINT row R: POINT is tgt.x or a decoder layer's norm1, norm2, norm3 (dec.2.norm3)",
                            QUANT_NAMES[q->op]);
            ws->i++;
            if (!parse_cell_words(ws, &q->ref, false)) return false;
            snprintf(q->ref.tensor, sizeof q->ref.tensor, "%s", w);
        } else if (!parse_cell_words(ws, &q->ref, false)) {
            return false;
        }
        if (!q->ref.row.set || q->ref.col.set || q->ref.head >= 0) return fail(ws, "%s: give row R only (a decoder position)", QUANT_NAMES[q->op]);
        return true;
    case LS_Q_META: case LS_Q_TRAINING:
        w = peek(ws);
        if (!w || cmp_op(w) >= 0 || strlen(w) >= sizeof q->name)
            return fail(ws, "%s", q->op == LS_Q_META ? "meta KEY: a key of the model's metadata (tfscope inspect MODEL lists them)"
                                                     : "training OPTION: an option of the model's training command, e.g. training warmup");
        if (q->at != LS_AT_SCENE) return fail(ws, "%s: the model's, not a snapshot's", QUANT_NAMES[q->op]);
        snprintf(q->name, sizeof q->name, "%s", w);
        ws->i++;
        return true;
    case LS_Q_DOTVAR:
        w = peek(ws);
        if (!w || strlen(w) >= sizeof q->name || cmp_op(w) >= 0)
            return fail(ws, "dotvar: an attention, e.g. dotvar enc.0.self_attn%s", "");
        snprintf(q->name, sizeof q->name, "%s", w);
        ws->i++;
        if ((w = peek(ws)) && !strcmp(w, "scaled")) q->scaled = true, ws->i++;
        return true;
    case LS_Q_OUTPUT:
        if (q->at != LS_AT_SCENE) return fail(ws, "output: the model translates; snapshots hold traces of the gold translation%s", "");
        return parse_run(ws, q, false);
    default: return true;   /* loss, snapshots */
    }
}

/* The decimals a number is written with: "0.620" → 3. */
static int decimals_of(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot) return 0;
    int n = 0;
    for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++) n++;
    return n;
}

static bool parse_number_lit(ls_Claim *c, const char *s, Words *ws)
{
    double v;
    if (!parse_double(s, &v)) return fail(ws, "'%s' is not a number", s);
    c->numeric = true;
    c->decimals = decimals_of(s);
    double half = 0.5 * pow(10.0, -c->decimals);
    c->lo = c->cmp == LS_CMP_EQ || c->cmp == LS_CMP_NE ? v - half : v;
    c->hi = c->cmp == LS_CMP_EQ || c->cmp == LS_CMP_NE ? v + half : v;
    return true;
}

static bool parse_rhs(Words *ws, ls_Claim *c)
{
    const char *w = peek(ws);
    if (!w) return fail(ws, "'%s' needs a value after it", CMP_NAMES[c->cmp]);
    int qop = quant_op(w);
    if ((qop >= 0 || !strcmp(w, "at") || !strcmp(w, "with")) && c->cmp != LS_CMP_CONTAINS && c->cmp != LS_CMP_LACKS) {
        c->rhs_quantity = true;
        if (!parse_quantity(ws, &c->rhs)) return false;
        return ws->i == ws->n || fail(ws, "'%s': nothing may follow the second quantity", ws->w[ws->i]);
    }
    /* a literal: the rest of the words, "by M" split off */
    int end = ws->n;
    if (end - ws->i >= 3 && !strcmp(ws->w[end - 2], "by")) {
        if (c->cmp != LS_CMP_EQ || (c->q.op != LS_Q_ARGMAX && c->q.op != LS_Q_ARGMIN && c->q.op != LS_Q_MAXHEAD &&
                                    c->q.op != LS_Q_LENS))
            return fail(ws, "'by M' follows '= W' of argmax, argmin, maxhead or lens%s", "");
        if (!parse_double(ws->w[end - 1], &c->by) || c->by < 0) return fail(ws, "by '%s': a number >= 0", ws->w[end - 1]);
        end -= 2;
    }
    size_t l = 0;
    for (int k = ws->i; k < end; k++)
        l += (size_t)snprintf(c->lit + l, l < sizeof c->lit ? sizeof c->lit - l : 0, "%s%s", k > ws->i ? " " : "", ws->w[k]);
    if (l >= sizeof c->lit) return fail(ws, "the value '%s…' is too long", ws->w[ws->i]);
    /* quotes around a text are optional */
    size_t n = strlen(c->lit);
    if (n >= 2 && c->lit[0] == '"' && c->lit[n - 1] == '"') {
        memmove(c->lit, c->lit + 1, n - 2);
        c->lit[n - 2] = 0;
    }
    ws->i = ws->n;
    if (c->cmp == LS_CMP_IN) {
        char *dots = strstr(c->lit, "..");
        if (!dots) return fail(ws, "in '%s': a range A..B", c->lit);
        *dots = 0;
        double a, b;
        bool ok = parse_double(c->lit, &a) && parse_double(dots + 2, &b) && a <= b;
        int da = decimals_of(c->lit), db = decimals_of(dots + 2);
        *dots = '.';
        if (!ok) return fail(ws, "in '%s': a range A..B of numbers, A <= B", c->lit);
        c->numeric = true;
        c->lo = a;
        c->hi = b;
        c->decimals = da > db ? da : db;
        return true;
    }
    bool number_op = c->cmp >= LS_CMP_LT && c->cmp <= LS_CMP_GE;
    bool token = c->q.op == LS_Q_ARGMAX || c->q.op == LS_Q_ARGMIN || c->q.op == LS_Q_LENS;
    bool textual = token || c->q.op == LS_Q_OUTPUT || c->q.op == LS_Q_SNAPSHOTS || c->q.op == LS_Q_ROW ||
                   c->q.op == LS_Q_LENSFIRST;
    if (c->cmp == LS_CMP_CONTAINS || c->cmp == LS_CMP_LACKS) {
        if (c->q.op != LS_Q_OUTPUT) return fail(ws, "'%s' compares texts: output contains W", CMP_NAMES[c->cmp]);
        return true;
    }
    if (c->q.op == LS_Q_ROW) return fail(ws, "a row is compared with another row: row T row R = row T row R%s", "");
    double x;
    if (c->q.op == LS_Q_META && !parse_double(c->lit, &x)) {
        /* a text value */
        if (number_op) return fail(ws, "'%s' compares numbers", CMP_NAMES[c->cmp]);
        return true;
    }
    if (number_op && textual) return fail(ws, "'%s' compares numbers", CMP_NAMES[c->cmp]);
    if (textual && !token) return true;
    if (textual) {
        /* a token: one word, or #N / word(k) */
        if (strchr(c->lit, ' ')) return fail(ws, "'%s': one token", c->lit);
        return true;
    }
    return parse_number_lit(c, c->lit, ws);
}

bool ls_parse_claim(const char *s, bool show, ls_Claim *c, char *why, size_t cap)
{
    memset(c, 0, sizeof *c);
    c->by = -1;
    c->src = tf_xstrdup(s);
    char *buf = tf_xstrdup(s);
    Words ws = {.why = why, .cap = cap};
    ws.n = split_words(buf, ws.w, MAX_WORDS);
    bool ok = true;
    if (ws.n > MAX_WORDS) ok = fail(&ws, "'%.60s…' has too many words", s);
    if (ok) ok = parse_quantity(&ws, &c->q);
    if (ok && show && ws.i < ws.n)
        ok = fail(&ws, "show: a quantity only; '%s' starts a comparison (a claim: says that)", ws.w[ws.i]);
    if (ok && !show) {
        const char *w = peek(&ws);
        int op = w ? cmp_op(w) : -1;
        if (op < 0) ok = fail(&ws, "claim: QUANTITY then a comparison (=, !=, <, <=, >, >=, in, contains, lacks)%s",
                              w ? " where the quantity ends" : "");
        else {
            c->cmp = (ls_CmpOp)op;
            ws.i++;
            ok = parse_rhs(&ws, c);
        }
    }
    if (ok && c->q.op == LS_Q_ROW && !show && (!c->rhs_quantity || c->rhs.op != LS_Q_ROW ||
                                               (c->cmp != LS_CMP_EQ && c->cmp != LS_CMP_NE)))
        ok = fail(&ws, "rows compare bit for bit with '=' or '!=' against another row%s", "");
    free(buf);
    return ok;
}

void ls_claim_free(ls_Claim *c)
{
    free(c->src);
    c->src = NULL;
}

const char *ls_cmp_name(ls_CmpOp op) { return op >= 0 && op < LS_CMP_COUNT ? CMP_NAMES[op] : "?"; }

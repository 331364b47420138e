/* ls_claim.c — claims judged: the quantity of a `claim:` line (measured in ls_quantity.c)
 * compared with what the claim says, and the values filled into the say block's sentence
 * ({1}, {2:3}). Parsing is ls_claim_parse.c; the checker's walk over a lesson is ls_check.c;
 * the panel and `lesson N --text` show the sentences with the values computed here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson_int.h"
#include "ls_checker.h"

/* --- the claim ---------------------------------------------------------------------------------- */

static bool num_cmp(ls_CmpOp op, double v, double lo, double hi)
{
    switch (op) {
    case LS_CMP_EQ: return v >= lo && v < hi;
    case LS_CMP_NE: return !(v >= lo && v < hi);
    case LS_CMP_LT: return v < lo;
    case LS_CMP_LE: return v <= lo;
    case LS_CMP_GT: return v > lo;
    case LS_CMP_GE: return v >= lo;
    case LS_CMP_IN: return v >= lo && v <= hi;
    default: return false;
    }
}

/* Whether the token sequence `needle` occurs in `hay` (both space-separated). */
static bool has_tokens(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        if ((p == hay || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return true;
    return false;
}

static void describe(const ls_Value *v, char *out, size_t cap)
{
    if (v->kind == LS_VAL_NUMBER) snprintf(out, cap, "%.6g", v->number);
    else if (v->kind == LS_VAL_WORD || v->kind == LS_VAL_HEAD) {
        if (v->n_best > 1) snprintf(out, cap, "%s%s (%.4g, tied with %d more)", v->kind == LS_VAL_HEAD ? "head " : "", v->text, v->best, v->n_best - 1);
        else if (v->lead >= 0) snprintf(out, cap, "%s%s (%.4g, ahead by %.4g)", v->kind == LS_VAL_HEAD ? "head " : "", v->text, v->best, v->lead);
        else snprintf(out, cap, "%s%s (%.4g)", v->kind == LS_VAL_HEAD ? "head " : "", v->text, v->best);
    } else if (v->kind == LS_VAL_TEXT) snprintf(out, cap, "\"%s\"", v->text);
    else snprintf(out, cap, "%s", v->text);
}

tf_Status ls_claim_eval(ls_Checker *c, const ls_Scene *sc, const ls_Claim *cl, ls_Value *val, bool *holds,
                        char *why, size_t cap, tf_Err *err)
{
    *holds = true;
    if (why && cap) why[0] = 0;
    tf_Status st = ls_quantity_eval(c, sc, &cl->q, val, err);
    if (st || cl->cmp == LS_CMP_NONE) return st;
    char got[600];
    describe(val, got, sizeof got);
    if (cl->rhs_quantity) {
        ls_Value r;
        if ((st = ls_quantity_eval(c, sc, &cl->rhs, &r, err))) return st;
        bool eq;
        if (val->kind == LS_VAL_ROW || r.kind == LS_VAL_ROW)
            eq = val->kind == r.kind && val->n == r.n && !memcmp(val->row, r.row, (size_t)r.n * sizeof *r.row);
        else if (val->kind == LS_VAL_TEXT || r.kind == LS_VAL_TEXT || val->kind == LS_VAL_WORD || r.kind == LS_VAL_WORD)
            eq = !strcmp(val->text, r.text);
        else eq = val->number == r.number;
        bool text = val->kind == LS_VAL_TEXT || val->kind == LS_VAL_WORD || val->kind == LS_VAL_ROW;
        if (cl->cmp == LS_CMP_EQ) *holds = eq;
        else if (cl->cmp == LS_CMP_NE) *holds = !eq;
        else if (text) return tf_fail(err, TF_ERR_INPUT, "'%s' compares numbers", ls_cmp_name(cl->cmp));
        else *holds = num_cmp(cl->cmp, val->number, r.number, r.number);
        char other[600];
        describe(&r, other, sizeof other);
        if (!*holds && why) snprintf(why, cap, "%s is %s, %s is %s", ls_quant_name(cl->q.op), got, ls_quant_name(cl->rhs.op), other);
        return TF_OK;
    }
    bool winner = cl->q.op == LS_Q_ARGMAX || cl->q.op == LS_Q_ARGMIN;
    if (val->kind == LS_VAL_INT && winner) {
        /* the winner on an index axis: "#62" or "62" */
        double x;
        if (!parse_double(cl->lit[0] == '#' ? cl->lit + 1 : cl->lit, &x))
            return tf_fail(err, TF_ERR_INPUT, "'%s': this axis is a plain index; write its number", cl->lit);
        bool eq = val->index == x && val->n_best == 1;
        *holds = cl->cmp == LS_CMP_EQ ? eq && (cl->by < 0 || val->lead >= cl->by) : cl->cmp == LS_CMP_NE && !eq;
        if (!*holds && why) snprintf(why, cap, "%s is %s", ls_quant_name(cl->q.op), got);
        return TF_OK;
    }
    switch (val->kind) {
    case LS_VAL_NUMBER: case LS_VAL_INT:
        if (!cl->numeric) return tf_fail(err, TF_ERR_INPUT, "'%s': %s is a number", cl->lit, ls_quant_name(cl->q.op));
        *holds = num_cmp(cl->cmp, val->number, cl->lo, cl->hi);
        break;
    case LS_VAL_HEAD: {
        double h;
        if (!parse_double(cl->lit, &h)) return tf_fail(err, TF_ERR_INPUT, "'%s': maxhead is a head number", cl->lit);
        bool eq = val->number == h && val->n_best == 1;
        *holds = cl->cmp == LS_CMP_EQ ? eq && (cl->by < 0 || val->lead >= cl->by) : !eq;
        break;
    }
    case LS_VAL_WORD: {
        bool eq = !strcmp(val->text, cl->lit) && val->n_best == 1;
        if (cl->lit[0] == '#') eq = atoi(cl->lit + 1) == val->index && val->n_best == 1;
        *holds = cl->cmp == LS_CMP_EQ ? eq && (cl->by < 0 || val->lead >= cl->by)
               : cl->cmp == LS_CMP_NE ? !eq : false;
        break;
    }
    case LS_VAL_TEXT:
        if (cl->cmp == LS_CMP_CONTAINS) *holds = has_tokens(val->text, cl->lit);
        else if (cl->cmp == LS_CMP_LACKS) *holds = !has_tokens(val->text, cl->lit);
        else *holds = (cl->cmp == LS_CMP_EQ) == !strcmp(val->text, cl->lit);
        break;
    default: return tf_fail(err, TF_ERR_INPUT, "a row compares with another row");
    }
    if (!*holds && why) snprintf(why, cap, "%s is %s", ls_quant_name(cl->q.op), got);
    return TF_OK;
}

/* A placeholder at p: "{k}" or "{k:d}" (d decimals, -1 when not given); the bytes it takes, 0 when
 * p holds none. */
static int placeholder(const char *p, int *k, int *d)
{
    int used = 0;
    *d = -1;
    if (sscanf(p, "{%d}%n", k, &used) == 1 && used) return used;
    used = 0;
    if (sscanf(p, "{%d:%d}%n", k, d, &used) == 2 && used && *d >= 0 && *d <= 9) return used;
    return 0;
}

/* --- the sentence ------------------------------------------------------------------------------ */

static void format_value(const ls_Value *v, int decimals, char *out, size_t cap)
{
    if (v->kind == LS_VAL_NUMBER) {
        double a = fabs(v->number);
        int d = decimals >= 0 ? decimals : a >= 100 ? 1 : 2;
        snprintf(out, cap, "%.*f", d, v->number);
        /* "−0.00" reads wrong */
        if (!strncmp(out, "-0.", 3) && strspn(out + 3, "0") == strlen(out + 3)) memmove(out, out + 1, strlen(out));
        if (out[0] == '-') {
            /* a real minus sign */
            size_t n = strlen(out);
            if (n + 2 < cap) {
                memmove(out + 3, out + 1, n);
                memcpy(out, "\xe2\x88\x92", 3);
            }
        }
    } else {
        snprintf(out, cap, "%s", v->text);
    }
}

void ls_say_fill(const char *text, const ls_Claim *items, const ls_Value *vals, int n, char *out, size_t cap)
{
    size_t o = 0;
    if (!cap) return;
    for (const char *p = text ? text : ""; *p && o + 1 < cap;) {
        int k, d, used = p[0] == '{' ? placeholder(p, &k, &d) : 0;
        if (used && k >= 1 && k <= n) {
            char v[600];
            if (vals) {
                /* {k:d}; else the decimals the claim's number is written with; else two */
                int dec = d >= 0 ? d : items[k - 1].numeric && items[k - 1].decimals > 0 ? items[k - 1].decimals : -1;
                format_value(&vals[k - 1], dec, v, sizeof v);
            } else {
                snprintf(v, sizeof v, "…");
            }
            for (const char *s = v; *s && o + 1 < cap; s++) out[o++] = *s;
            p += used;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
}

/* The placeholders of a say text: false (why) when one names no item. */
bool ls_say_check_placeholders(const char *text, int n, char *why, size_t cap)
{
    for (const char *p = text; (p = strchr(p, '{')); p++) {
        int k, d;
        if (placeholder(p, &k, &d)) {
            if (k < 1 || k > n) {
                snprintf(why, cap, "{%d}: the block has %d claim%s and show%s", k, n, n == 1 ? "" : "s", n == 1 ? "" : "s");
                return false;
            }
        }
    }
    return true;
}

int ls_say_values(ls_Checker *c, const ls_Lesson *l, int dir, ls_Value *vals, int cap, bool *all_hold)
{
    const ls_Say *sy = &l->dirs[dir].say;
    ls_Scene sc;
    ls_scene_after(l, dir, &sc);
    ls_checker_trim(c);   /* no trace of an earlier block is in use here */
    if (all_hold) *all_hold = true;
    int n = sy->n < cap ? sy->n : cap;
    for (int k = 0; k < n; k++) {
        bool holds;
        tf_Err err;
        ls_checker_trim(c);   /* nor of an earlier claim: values keep no trace past their claim */
        if (ls_claim_eval(c, &sc, &sy->items[k], &vals[k], &holds, NULL, 0, &err) != TF_OK) {
            if (all_hold) *all_hold = false;
            return -1;
        }
        if (all_hold) *all_hold &= holds;
    }
    return n;
}

/* ls_values.c — the values of directive fields: token and cell references, key=value
 * pairs, head lists, answer expressions, options and dₖ lists, each with the reason when it is
 * not understood. No I/O and no trace: ls_lesson.c reports the reasons with file and line. */
#include "ls_lesson_int.h"

/* --- typed values ------------------------------------------------------------------------- */

/* "#17", "the(2)", "making", optionally after "src "/"tgt " when allow_side. */
bool ls_parse_tokref(const char *s0, bool allow_side, ls_TokRef *t, char *why, size_t cap)
{
    memset(t, 0, sizeof *t);
    t->index = -1;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s0);
    char *s = trim(buf);
    if (allow_side) {
        if (!strncmp(s, "src ", 4)) t->side = LS_SIDE_SRC, s = trim(s + 4);
        else if (!strncmp(s, "tgt ", 4)) t->side = LS_SIDE_TGT, s = trim(s + 4);
    }
    if (!*s || strchr(s, ' ')) {
        snprintf(why, cap, "'%s' is not a token: write a word, word(k) for its k-th occurrence, or #N",
                 s0);
        return false;
    }
    t->set = true;
    if (s[0] == '#' && s[1]) {
        if (!parse_int(s + 1, 0, 1 << 20, &t->index)) {
            snprintf(why, cap, "'%s': #N is a position, N a whole number from 0", s);
            return false;
        }
        return true;
    }
    size_t n = strlen(s);
    t->occurrence = 1;
    if (n > 3 && s[n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (open && open > s) {
            s[n - 1] = 0;
            if (!parse_int(open + 1, 1, 1 << 20, &t->occurrence)) {
                snprintf(why, cap, "'%s': word(k) counts occurrences from 1", s0);
                return false;
            }
            *open = 0;
        }
    }
    if (strlen(s) >= LS_NAME_MAX) {
        snprintf(why, cap, "'%s' is too long for a token", s);
        return false;
    }
    snprintf(t->word, sizeof t->word, "%s", s);
    return true;
}

/* "[TENSOR] [head H] [row R] [col C] [tol X]" */
bool ls_parse_cellref(const char *s0, ls_CellRef *c, double *tol, char *why, size_t cap)
{
    memset(c, 0, sizeof *c);
    c->head = -1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s0);
    char *w[16];
    int n = split_words(buf, w, 15);
    if (n > 15) {
        snprintf(why, cap, "'%s' has too many words", s0);
        return false;
    }
    int i = 0;
    if (i < n && strcmp(w[i], "head") && strcmp(w[i], "row") && strcmp(w[i], "col")) {
        if (strlen(w[i]) >= TF_NAME_MAX) {
            snprintf(why, cap, "'%s' is too long for a tensor name", w[i]);
            return false;
        }
        snprintf(c->tensor, sizeof c->tensor, "%s", w[i++]);
    }
    while (i < n) {
        const char *k = w[i];
        if (i + 1 >= n) {
            snprintf(why, cap, "'%s' needs a value after it", k);
            return false;
        }
        const char *v = w[i + 1];
        if (!strcmp(k, "head")) {
            if (!parse_int(v, 0, 63, &c->head)) {
                snprintf(why, cap, "head '%s': a head number from 0", v);
                return false;
            }
        } else if (!strcmp(k, "row") || !strcmp(k, "col")) {
            ls_TokRef *t = k[0] == 'r' ? &c->row : &c->col;
            if (t->set) {
                snprintf(why, cap, "'%s' is given twice", k);
                return false;
            }
            if (!ls_parse_tokref(v, false, t, why, cap)) return false;
        } else if (!strcmp(k, "tol") && tol) {
            if (!parse_double(v, tol) || *tol < 0) {
                snprintf(why, cap, "tol '%s': a number >= 0", v);
                return false;
            }
        } else {
            snprintf(why, cap, "'%s': expected head H, row R, col C%s", k, tol ? " or tol X" : "");
            return false;
        }
        i += 2;
    }
    return true;
}


int ls_parse_kv(const char *s, KV *kv, int max, char *why, size_t cap)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *w[16];
    int n = split_words(buf, w, 15);
    if (n > max || n > 15) {
        snprintf(why, cap, "too many settings in '%s'", s);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char *eq = strchr(w[i], '=');
        if (!eq || eq == w[i] || !eq[1] || (size_t)(eq - w[i]) >= sizeof kv[i].key) {
            snprintf(why, cap, "'%s': settings are name=value", w[i]);
            return -1;
        }
        *eq = 0;
        snprintf(kv[i].key, sizeof kv[i].key, "%s", w[i]);
        snprintf(kv[i].val, sizeof kv[i].val, "%s", eq + 1);
    }
    return n;
}

bool ls_parse_heads(const char *s, ls_Scene *sc, char *why, size_t cap)
{
    if (!strcmp(s, "all")) {
        sc->heads_all = true;
        sc->heads = ~(uint64_t)0;
        return true;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    uint64_t m = 0;
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        int a, b;
        char *dash = strchr(tok, '-');
        if (dash) {
            *dash = 0;
            if (!parse_int(tok, 0, 63, &a) || !parse_int(dash + 1, 0, 63, &b) || b < a) goto bad;
        } else if (!parse_int(tok, 0, 63, &a)) goto bad;
        else b = a;
        for (int h = a; h <= b; h++) m |= (uint64_t)1 << h;
    }
    if (!m) goto bad;
    sc->heads_all = false;
    sc->heads = m;
    return true;
bad:
    snprintf(why, cap, "heads '%s': write all, a head (5), a list (0,3,5) or a range (0-3)", s);
    return false;
}

/* "KIND …" of `answer: compute KIND …` (ls_calc.c says what each computes). */
static bool parse_compute(char *rest, ls_AnswerExpr *a, char *why, size_t cap)
{
    char *sp = rest;
    while (*sp && !isspace((unsigned char)*sp)) sp++;
    char *args = *sp ? (*sp = 0, trim(sp + 1)) : sp;
    int k = ls_calc_from_name(rest);
    if (k < 0) {
        snprintf(why, cap, "compute '%s': score, softmax, add, norm, logit, loss, pe, smoothing, precision, "
                 "brevity, bleu, penalty, embed or context", rest);
        return false;
    }
    a->calc = (ls_CalcKind)k;
    if (a->calc >= LS_CALC_PRECISION && a->calc <= LS_CALC_BLEU) {
        /* [N] [tol X] ref TOKENS… */
        char *ref = strstr(args, "ref ");
        if (ref != args && (!ref || !isspace((unsigned char)ref[-1]))) ref = NULL;
        if (!ref || !*trim(ref + 4) || strlen(trim(ref + 4)) >= sizeof a->reference) {
            snprintf(why, cap, "compute %s: … ref TOKENS (the reference translation, its tokens separated by spaces)",
                     ls_calc_name(a->calc));
            return false;
        }
        snprintf(a->reference, sizeof a->reference, "%s", trim(ref + 4));
        *ref = 0;
        char *hyp = strstr(args, "hyp ");
        if (hyp && (hyp == args || isspace((unsigned char)hyp[-1]))) {
            if (!*trim(hyp + 4) || strlen(trim(hyp + 4)) >= sizeof a->hypothesis) {
                snprintf(why, cap, "compute %s: hyp TOKENS, then ref TOKENS", ls_calc_name(a->calc));
                return false;
            }
            snprintf(a->hypothesis, sizeof a->hypothesis, "%s", trim(hyp + 4));
            *hyp = 0;
        }
        char *w[4];
        int n = split_words(args, w, 3), i = 0;
        bool ok = true;
        if (a->calc == LS_CALC_PRECISION) ok = n >= 1 && parse_int(w[i++], 1, 4, &a->ngram);
        if (ok && i < n) ok = n == i + 2 && !strcmp(w[i], "tol") && parse_double(w[i + 1], &a->tol) && a->tol >= 0;
        else if (ok) ok = n == i;
        if (!ok) snprintf(why, cap, "compute %s%s [tol X] [hyp TOKENS] ref TOKENS", ls_calc_name(a->calc),
                          a->calc == LS_CALC_PRECISION ? " N (1-4)" : "");
        return ok;
    }
    if (a->calc == LS_CALC_PENALTY) {
        char *w[5];
        int n = split_words(args, w, 4);
        bool ok = (n == 2 || n == 4) && parse_int(w[0], 1, 1000, &a->ngram) && parse_double(w[1], &a->eps) &&
                  a->eps > 0 && a->eps <= 5 &&
                  (n == 2 || (!strcmp(w[2], "tol") && parse_double(w[3], &a->tol) && a->tol >= 0));
        if (!ok) snprintf(why, cap, "compute penalty N ALPHA [tol X]: the length and α, e.g. compute penalty 10 0.6");
        return ok;
    }
    if (a->calc == LS_CALC_SMOOTHING) {
        char *w[4];
        int n = split_words(args, w, 3);
        if ((n != 1 && n != 3) || !parse_double(w[0], &a->eps) || a->eps <= 0 || a->eps >= 1 ||
            (n == 3 && (strcmp(w[1], "tol") || !parse_double(w[2], &a->tol) || a->tol < 0))) {
            snprintf(why, cap, "compute smoothing EPS [tol X]: ε between 0 and 1, e.g. compute smoothing 0.1");
            return false;
        }
        return true;
    }
    double tol = -1;
    if (!ls_parse_cellref(args, &a->ref, &tol, why, cap)) return false;
    a->tol = tol;
    bool t = a->ref.tensor[0], h = a->ref.head >= 0, r = a->ref.row.set, c = a->ref.col.set;
    static const char *forms[LS_CALC_COUNT] = {
        "compute score PREFIX head H row R col C (PREFIX: enc.0.self_attn, dec.1.cross_attn …)",
        "compute softmax PREFIX head H row R col C",
        "compute add TENSOR row R col C (an add step: enc.0.add1 …)",
        "compute norm TENSOR row R col C (a layer norm: enc.0.norm1 …)",
        "compute logit row R col WORD", "compute loss row R", "compute pe row #POS col C", "", "", "", "", "",
        "compute embed row R col C", "compute context PREFIX head H row R col C (C: a column of the values, 0 to dₖ − 1)"};
    bool ok;
    switch (a->calc) {
    case LS_CALC_SCORE: case LS_CALC_SOFTMAX: case LS_CALC_CONTEXT: ok = t && h && r && c; break;
    case LS_CALC_ADD: case LS_CALC_NORM: ok = t && !h && r && c; break;
    case LS_CALC_LOGIT: case LS_CALC_PE: case LS_CALC_EMBED: ok = !t && !h && r && c; break;
    default: ok = !t && !h && r && !c; break;
    }
    if (ok && a->calc == LS_CALC_PE && a->ref.row.index < 0) ok = false;
    if (!ok) snprintf(why, cap, "%s", forms[a->calc]);
    return ok;
}

bool ls_parse_answer(const char *s, ls_AnswerExpr *a, char *why, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->tol = -1;
    a->ref.head = -1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *sp = buf;
    while (*sp && !isspace((unsigned char)*sp)) sp++;
    char *rest = *sp ? (*sp = 0, trim(sp + 1)) : sp;
    int op = -1;
    for (int i = 0; i < LS_ANS_COUNT; i++)
        if (!strcmp(buf, ls_answer_op_name((ls_AnswerOp)i))) op = i;
    if (op < 0) {
        snprintf(why, cap, "answer '%s': starts with one of argmax, argmin, masked, visible, maxhead, "
                 "value, distance, length, cheaper, choice, compute", s);
        return false;
    }
    a->op = (ls_AnswerOp)op;
    switch (a->op) {
    case LS_ANS_ARGMAX: case LS_ANS_ARGMIN: case LS_ANS_MASKED: case LS_ANS_VISIBLE:
    case LS_ANS_MAXHEAD: case LS_ANS_VALUE: {
        double tol = -1;
        if (!ls_parse_cellref(rest, &a->ref, a->op == LS_ANS_VALUE ? &tol : NULL, why, cap)) return false;
        a->tol = tol;
        bool r = a->ref.row.set, c = a->ref.col.set;
        if ((a->op == LS_ANS_ARGMAX || a->op == LS_ANS_ARGMIN) && r == c) {
            snprintf(why, cap, "%s: give either row R (which column is largest) or col C (which row)",
                     ls_answer_op_name((ls_AnswerOp)op));
            return false;
        }
        if ((a->op == LS_ANS_MASKED || a->op == LS_ANS_VISIBLE) && r == c) {
            snprintf(why, cap, "%s: give either row R (which keys that query sees) or col C (which "
                     "queries see that key)", ls_answer_op_name((ls_AnswerOp)op));
            return false;
        }
        if ((a->op == LS_ANS_MAXHEAD || a->op == LS_ANS_VALUE) && (!r || !c)) {
            snprintf(why, cap, "%s: give both row R and col C", ls_answer_op_name((ls_AnswerOp)op));
            return false;
        }
        if (a->op == LS_ANS_MAXHEAD && a->ref.head >= 0) {
            snprintf(why, cap, "maxhead: the head is the answer, do not give one");
            return false;
        }
        a->by_col = c && !r;
        return true;
    }
    case LS_ANS_DISTANCE: {
        char *w[4];
        int n = split_words(rest, w, 3);
        if (n != 2) {
            snprintf(why, cap, "distance: two source tokens, e.g. distance making difficult");
            return false;
        }
        return ls_parse_tokref(w[0], false, &a->a, why, cap) && ls_parse_tokref(w[1], false, &a->b, why, cap);
    }
    case LS_ANS_LENGTH:
        if (!strcmp(rest, "src")) a->side = LS_SIDE_SRC;
        else if (!strcmp(rest, "tgt")) a->side = LS_SIDE_TGT;
        else {
            snprintf(why, cap, "length: src or tgt");
            return false;
        }
        return true;
    case LS_ANS_CHEAPER: {
        KV kv[4];
        int n = ls_parse_kv(rest, kv, 4, why, cap);
        if (n < 0) return false;
        a->n = a->d = 0;
        for (int i = 0; i < n; i++) {
            int *dst = !strcmp(kv[i].key, "n") ? &a->n : !strcmp(kv[i].key, "d") ? &a->d : NULL;
            if (!dst || !parse_int(kv[i].val, 1, 100000000, dst)) {
                snprintf(why, cap, "cheaper: n=N d=D with whole numbers from 1");
                return false;
            }
        }
        if (!a->n || !a->d || a->n == a->d) {
            snprintf(why, cap, "cheaper: needs n=N and d=D, and n ≠ d");
            return false;
        }
        return true;
    }
    case LS_ANS_COMPUTE: return parse_compute(rest, a, why, cap);
    case LS_ANS_CHOICE:
        if (!parse_int(rest, 1, 9, &a->choice)) {
            snprintf(why, cap, "choice: the number (1-9) of the right option");
            return false;
        }
        return true;
    case LS_ANS_COUNT: break;
    }
    return false;
}

/* Splits "A | B | C" into options. */
int ls_parse_options(const char *s, char ***out)
{
    char *buf = tf_xstrdup(s);
    int n = 0;
    char **o = NULL;
    char *p = buf;
    for (;;) {
        char *bar = strchr(p, '|');
        if (bar) *bar = 0;
        o = realloc(o, (size_t)(n + 1) * sizeof *o);
        TF_ASSERT(o);
        o[n++] = tf_xstrdup(trim(p));
        if (!bar) break;
        p = bar + 1;
    }
    free(buf);
    *out = o;
    return n;
}

bool ls_parse_dk_list(const char *s, ls_VarianceSpec *v)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    v->n_dk = 0;
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        if (v->n_dk == LS_VARIANCE_MAX || !parse_int(trim(t), TF_MIN_VARIANCE_DK, TF_MAX_VARIANCE_DK_VALUE, &v->dk[v->n_dk])) return false;
        v->n_dk++;
    }
    return v->n_dk > 0;
}

/* "none", or "ablate enc.1.3,cross.0.2 no-pos no-mask no-scale" in any order (the heads are
 * checked against the model where the page is run). */
bool ls_parse_intervene(const char *s, ls_Scene *sc, char *why, size_t cap)
{
    sc->ablate[0] = 0;
    sc->interv_flags = 0;
    if (!strcmp(s, "none")) return true;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *w[16];
    int n = split_words(buf, w, 15);
    if (n == 0 || n > 5) {
        snprintf(why, cap, "intervene '%s': none, or ablate enc.L.H[,dec.L.H,cross.L.H…], no-pos, no-mask, no-scale", s);
        return false;
    }
    for (int i = 0; i < n; i++) {
        unsigned f = !strcmp(w[i], "no-pos") ? LS_RUN_NO_POS : !strcmp(w[i], "no-mask") ? LS_RUN_NO_MASK
                   : !strcmp(w[i], "no-scale") ? LS_RUN_NO_SCALE : 0;
        if (f) {
            sc->interv_flags |= f;
        } else if (!strcmp(w[i], "ablate") && i + 1 < n && !sc->ablate[0]) {
            if (strlen(w[++i]) >= sizeof sc->ablate) {
                snprintf(why, cap, "intervene: ablate '%.40s…' is too long (%zu bytes at most)", w[i], sizeof sc->ablate - 1);
                return false;
            }
            snprintf(sc->ablate, sizeof sc->ablate, "%s", w[i]);
        } else {
            snprintf(why, cap, "intervene '%s': '%s' is not none, ablate enc.L.H[,dec.L.H,cross.L.H…] (once), "
                     "no-pos, no-mask or no-scale", s, w[i]);
            return false;
        }
    }
    return true;
}

/* *dst = a copy of v; a key given twice (reported) keeps its last value without leaking. */
void ls_set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = tf_xstrdup(v);
}

/* ls_rules.c — what `lesson check` rejects because a page would teach less than it seems to:
 * an answer marked before it is given (an outline, the selected token, the only head drawn, a claim
 * of the same page, the answer's tensor on screen), a "largest" question without a clear winner,
 * a multiple choice whose right option is the longest, a compute question that the digits on
 * screen cannot answer or that accepts the usual slips, and directives without effect (a position
 * that the selected decoder token overrides, an outline on nothing drawn, a beam that changes
 * nothing, a snapshot without snapshots).
 * Called by ls_check.c for each directive once its scene resolved; reports FILE:LINE. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_rules.h"
#include "ls_checker.h"
#include "utf8.h"

/* The clearest winner is at least this share of the spread of the values compared ahead. */
#define CLEAR_LEAD 0.15
/* A right option this much longer than every other (and by LONGER_CHARS characters) stands out. */
#define LONGER_RATIO 1.2
#define LONGER_CHARS 4

static int field_line(const ls_Directive *dv, const char *key, int k)
{
    for (int i = 0; i < dv->n_fields; i++)
        if (!strcmp(dv->fields[i].key, key) && k-- == 0) return dv->fields[i].line;
    return dv->line;
}

/* The line of the k-th highlight of the page (over its blocks, in order), and its block. */
static int page_highlight_line(const ls_Lesson *l, int page, int k)
{
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *dv = &l->dirs[i];
        if (dv->page != page || !(dv->scene.set & LS_SET_HIGHLIGHT)) continue;
        if (k < dv->scene.n_highlight) return field_line(dv, "highlight", k);
        k -= dv->scene.n_highlight;
    }
    return l->pages[page].line;
}

static bool in_items(const ls_Answer *a, int v)
{
    for (int i = 0; i < a->n_items; i++)
        if (a->items[i] == v) return true;
    return false;
}

static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}


/* Whether tensor `name` is drawn by the page: the matrix of the tensor in force, or in the step view
 * one of the panels of the step (the tensor and what it is computed from). */
static bool drawn(const ls_Scene *ps, const tf_Trace *tr, const char *name)
{
    if (ps->view == LS_VIEW_LINES || ps->view == LS_VIEW_GRID) return false;
    if (!(ps->set & LS_SET_TENSOR)) return false;
    if (!strcmp(ps->tensor, name)) return true;
    if (ps->view == LS_VIEW_MATRIX) return false;
    const tf_Node *n = tf_trace_get(tr, ps->tensor);
    for (int i = 0; n && i < n->n_inputs; i++)
        if (!strcmp(n->inputs[i], name)) return true;
    return false;
}

/* Whether the attention whose weights are `weights` is on screen as lines or a grid. */
static bool attention_drawn(const ls_Scene *ps, const char *weights)
{
    if (ps->view != LS_VIEW_LINES && ps->view != LS_VIEW_GRID) return false;
    return ps->set & LS_SET_TENSOR && !strcmp(ps->tensor, weights);
}

static bool same_cell(const ls_Cell *a, const ls_Cell *b)
{
    return !strcmp(a->tensor, b->tensor) && a->head == b->head && a->row == b->row && a->col == b->col;
}

/* --- answers marked before they are given ------------------------------------------------------- */

static void marks_on_answer(const ls_Lesson *l, const ls_Directive *q, const ls_Scene *ps, const ls_Resolved *rp,
                            const tf_Trace *tr, const ls_Answer *a, ls_Diags *d)
{
    int page = q->page;
    const ls_AnswerExpr *e = &q->quiz.answer;
    bool tokens = a->kind == LS_ANSWER_TOKEN || a->kind == LS_ANSWER_VOCAB ||
                  (a->kind == LS_ANSWER_NUMBER && a->side == LS_SIDE_INDEX);
    for (int k = 0; k < rp->n_highlight; k++) {
        const ls_Cell *h = &rp->highlight[k];
        bool hit = false;
        if (tokens && a->tensor[0] && !strcmp(h->tensor, a->tensor) && (a->head < 0 || h->head == a->head))
            hit = in_items(a, a->by_col ? h->row : h->col);
        if (a->kind == LS_ANSWER_HEAD && !strcmp(h->tensor, a->tensor) && in_items(a, h->head)) hit = true;
        if (hit)
            ls_diag(d, l->path, page_highlight_line(l, page, k), false,
                    "highlight: outlines the answer of the quiz on line %d (%s) before the learner gives it",
                    q->line, a->text);
    }
    /* the answer's token selected (not the query the question fixes) */
    if (tokens && rp->token_set && rp->token >= 0 && a->kind == LS_ANSWER_TOKEN && rp->token_side == a->side &&
        in_items(a, rp->token) && !(a->fixed == rp->token && !a->by_col && a->side == rp->token_side))
        ls_diag(d, l->path, q->line, false, "token: the selected token is the answer of this quiz (%s): "
                "select the question's token, or none", a->text);
    /* only the answer's head drawn */
    if (a->kind == LS_ANSWER_HEAD && rp->heads_set && popcount64(rp->heads) == 1) {
        int h = 0;
        while (!(rp->heads >> h & 1)) h++;
        if (in_items(a, h))
            ls_diag(d, l->path, q->line, false, "heads: %d draws only the answer's head: show all heads (heads: all)", h);
    }
    /* a compute answer on screen */
    if (e->op == LS_ANS_COMPUTE && ps) {
        ls_Calc k;
        tf_Err err;
        if (ls_calc_eval(e, tr, NULL, NULL, &k, &err) == TF_OK) {
            const char *names[2] = {k.tensor, k.also};
            for (int i = 0; i < 2; i++) {
                const tf_Node *n = names[i][0] ? tf_trace_get(tr, names[i]) : NULL;
                if (n && k.row >= n->shape[n->ndim - 2]) continue;   /* a row past the sentence */
                if (names[i][0] && (drawn(ps, tr, names[i]) || attention_drawn(ps, names[i])))
                    ls_diag(d, l->path, q->line, false, "compute: the answer stands on screen (%s): show %s%s%s%s "
                            "instead", names[i], k.n_inputs ? "what it is computed from, " : "another step",
                            k.n_inputs ? k.inputs[0] : "", k.n_inputs > 1 ? " or " : "", k.n_inputs > 1 ? k.inputs[1] : "");
            }
        }
    }
}

/* A claim of the page that measures what the quiz asks (the same op and cell). */
static bool claim_states(const ls_Claim *c, const ls_AnswerExpr *e, const ls_Scene *sc, const tf_Trace *tr,
                         const tf_Vocab *tv)
{
    static const int pairs[][2] = {{LS_Q_ARGMAX, LS_ANS_ARGMAX}, {LS_Q_ARGMIN, LS_ANS_ARGMIN},
                                   {LS_Q_MAXHEAD, LS_ANS_MAXHEAD}, {LS_Q_VALUE, LS_ANS_VALUE},
                                   {LS_Q_LENGTH, LS_ANS_LENGTH}, {LS_Q_DISTANCE, LS_ANS_DISTANCE}};
    bool match = false;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        match |= (int)c->q.op == pairs[i][0] && (int)e->op == pairs[i][1];
    if (!match || c->q.at != LS_AT_SCENE) return false;
    if (e->op == LS_ANS_LENGTH) return c->q.side == e->side;
    if (e->op == LS_ANS_DISTANCE) return !memcmp(&c->q.a, &e->a, sizeof e->a) && !memcmp(&c->q.b, &e->b, sizeof e->b);
    if (c->q.by_col != e->by_col) return false;
    ls_CellRef x = c->q.ref, y = e->ref;
    if (e->op == LS_ANS_MAXHEAD) x.head = y.head = 0;
    ls_Cell cx, cy;
    tf_Err err;
    if (!x.row.set) x.row = (ls_TokRef){.set = true, .index = 0};
    if (!x.col.set) x.col = (ls_TokRef){.set = true, .index = 0};
    if (!y.row.set) y.row = (ls_TokRef){.set = true, .index = 0};
    if (!y.col.set) y.col = (ls_TokRef){.set = true, .index = 0};
    if (ls_cell_resolve(&x, sc->tensor, tr, tv, &cx, &err) || ls_cell_resolve(&y, sc->tensor, tr, tv, &cy, &err))
        return false;
    return same_cell(&cx, &cy);
}

static void claims_state_answer(const ls_Lesson *l, const ls_Directive *q, const ls_Scene *sc, const tf_Trace *tr,
                                const tf_Vocab *tv, ls_Diags *d)
{
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *dv = &l->dirs[i];
        if (dv->page != q->page || dv->kind != LS_DIR_SAY) continue;
        for (int k = 0; k < dv->say.n; k++)
            if (claim_states(&dv->say.items[k], &q->quiz.answer, sc, tr, tv))
                ls_diag(d, l->path, dv->say.items[k].line, false,
                        "this states the answer of the quiz on line %d, on the same page: move it after "
                        "the quiz's page", q->line);
    }
}

/* --- clear winners, honest options ---------------------------------------------------------------- */

static void clear_winner(const ls_Lesson *l, const ls_Directive *q, const tf_Trace *tr, const tf_Vocab *tv,
                         ls_Diags *d)
{
    const ls_AnswerExpr *e = &q->quiz.answer;
    if (e->op != LS_ANS_ARGMAX && e->op != LS_ANS_ARGMIN && e->op != LS_ANS_MAXHEAD) return;
    ls_Rank rk;
    tf_Err err;
    if (ls_rank(&e->ref, e->by_col, e->op == LS_ANS_MAXHEAD, e->op != LS_ANS_ARGMIN, tr, tv, &rk, &err)) return;
    double spread = fabs(rk.best - rk.worst);
    int line = field_line(q, "answer", 0);
    if (rk.n_best > 1)
        ls_diag(d, l->path, line, false, "answer: %d positions share the %s value (%.4g): a tie is no question",
                rk.n_best, e->op == LS_ANS_ARGMIN ? "smallest" : "largest", rk.best);
    else if (rk.lead >= 0 && rk.lead < CLEAR_LEAD * spread)
        ls_diag(d, l->path, line, false, "answer: the winner (%.4g) leads the runner-up (%.4g) by %.4g, under "
                "%.0f %% of the spread of the values compared (%.4g to %.4g): no clear winner to see",
                rk.best, rk.second, rk.lead, 100 * CLEAR_LEAD, fmin(rk.worst, rk.best), fmax(rk.worst, rk.best));
}

static void option_lengths(const ls_Lesson *l, const ls_Directive *q, ls_Diags *d)
{
    const ls_Quiz *z = &q->quiz;
    if (z->answer.op != LS_ANS_CHOICE || z->answer.choice < 1 || z->answer.choice > z->n_options || z->n_options < 2)
        return;
    size_t right = tf_utf8_count(z->options[z->answer.choice - 1]), other = 0;
    for (int i = 0; i < z->n_options; i++)
        if (i != z->answer.choice - 1 && tf_utf8_count(z->options[i]) > other)
            other = tf_utf8_count(z->options[i]);
    if (right >= LONGER_RATIO * other && right - other >= LONGER_CHARS)
        ls_diag(d, l->path, field_line(q, "options", 0), false,
                "options: the right option is the longest (%zu characters, the next %zu): a learner can pick it "
                "by its length", right, other);
}

/* --- compute questions that the screen can answer --------------------------------------------------- */

/* Whether a say block of the page shows quantity n (the same op, and resolving to the same cell or
 * weight). */
/* The row a param quantity names: a number, or a word of the embedding table's vocabulary; -1 none. */
static int param_row(const tf_Model *m, const ls_Quantity *q)
{
    if (!q->ref.row.set) return -1;
    if (q->ref.row.index >= 0) return q->ref.row.index;
    const tf_Vocab *v = !strcmp(q->name, "src_embed.weight") ? &m->src_vocab
                      : !strcmp(q->name, "tgt_embed.weight") ? &m->tgt_vocab : NULL;
    int id = v ? tf_vocab_find(v, q->ref.row.word) : -1;
    return id >= 0 ? id : atoi(q->ref.row.word);
}

static int param_col(const ls_Quantity *q)
{
    if (!q->ref.col.set) return -1;
    return q->ref.col.index >= 0 ? q->ref.col.index : atoi(q->ref.col.word);
}

static bool page_shows(const ls_Lesson *l, int page, const ls_Quantity *n, const ls_Scene *sc, const tf_Trace *tr,
                       const tf_Model *m)
{
    const tf_Vocab *tv = &m->tgt_vocab;
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *dv = &l->dirs[i];
        if (dv->page != page || dv->kind != LS_DIR_SAY) continue;
        for (int k = 0; k < dv->say.n; k++) {
            const ls_Quantity *q = &dv->say.items[k].q;
            if (q->op != n->op || q->at != LS_AT_SCENE) continue;
            if (q->op == LS_Q_PARAM) {
                if (!strcmp(q->name, n->name) && param_col(q) == param_col(n) && param_row(m, q) == param_row(m, n))
                    return true;
                continue;
            }
            ls_CellRef a = q->ref, b = n->ref;
            ls_Cell ca, cb;
            tf_Err err;
            a.col = b.col = (ls_TokRef){.set = true, .index = 0};
            if (!ls_cell_resolve(&a, sc->tensor, tr, tv, &ca, &err) && !ls_cell_resolve(&b, NULL, tr, tv, &cb, &err) &&
                same_cell(&ca, &cb) && !q->ref.col.set)
                return true;
        }
    }
    return false;
}

static void fair_compute(ls_Checker *c, const ls_Lesson *l, const ls_Directive *q, const ls_Scene *sc,
                         const tf_Trace *tr, const ls_Answer *a, ls_Diags *d)
{
    const ls_AnswerExpr *e = &q->quiz.answer;
    if (e->op != LS_ANS_COMPUTE) return;
    const tf_Model *m = ls_checker_model(c);
    ls_Calc k;
    tf_Err err;
    int line = field_line(q, "answer", 0);
    if (ls_calc_eval(e, tr, m, &m->tgt_vocab, &k, &err)) return;   /* reported by the answer */
    if (!isnan(k.recorded) && fabs(k.exact - k.recorded) > 1e-3 * fmax(1, fabs(k.recorded)))
        ls_diag(d, l->path, line, false, "compute %s: the formula gives %.6g but the model recorded %.6g: "
                "the question does not describe what the model computes", ls_calc_name(e->calc), k.exact, k.recorded);
    if (fabs(k.shown - a->number) > a->tol / 2)
        ls_diag(d, l->path, line, false, "compute %s: from the digits the window shows, a learner gets %.9g, "
                "not within half the tolerance (%g) of %.9g: raise tol", ls_calc_name(e->calc), k.shown, a->tol,
                a->number);
    for (int i = 0; i < k.n_slips; i++)
        if (fabs(k.slips[i].v - a->number) <= a->tol)
            ls_diag(d, l->path, line, false, "compute %s: the tolerance %g accepts a slip — %s gives %.6g against "
                    "%.6g: pick another cell or a smaller tol", ls_calc_name(e->calc), a->tol, k.slips[i].what,
                    k.slips[i].v, a->number);
    for (int i = 0; i < k.n_needs; i++)
        if (!page_shows(l, q->page, &k.needs[i], sc, tr, m)) {
            const ls_Quantity *n = &k.needs[i];
            char row[80] = "";
            if (n->ref.row.set) snprintf(row, sizeof row, " row %d", n->ref.row.index);
            if (n->op == LS_Q_PARAM)
                ls_diag(d, l->path, line, false, "compute %s: the learner cannot read %s%s col %d in the window: "
                        "show it on the page (show: param %s%s col %d)", ls_calc_name(e->calc), n->name, row,
                        n->ref.col.index, n->name, row, n->ref.col.index);
            else
                ls_diag(d, l->path, line, false, "compute %s: show the %s of row #%d of %s on the page (show: %s %s "
                        "row #%d)", ls_calc_name(e->calc), ls_quant_name(n->op), n->ref.row.index, n->ref.tensor,
                        ls_quant_name(n->op), n->ref.tensor, n->ref.row.index);
        }
}

void ls_rules_quiz(ls_Checker *c, const ls_Lesson *l, int i, const tf_Trace *tr, const ls_Answer *a, ls_Diags *d)
{
    const ls_Directive *q = &l->dirs[i];
    const tf_Vocab *tv = &ls_checker_model(c)->tgt_vocab;
    ls_Scene ps, sc;
    ls_scene_at(l, q->page, &ps);
    ls_scene_after(l, i, &sc);
    ls_Resolved rp;
    tf_Err err;
    if (ls_scene_resolve(&ps, tr, tv, &rp, &err) == TF_OK) marks_on_answer(l, q, &ps, &rp, tr, a, d);
    claims_state_answer(l, q, &sc, tr, tv, d);
    clear_winner(l, q, tr, tv, d);
    option_lengths(l, q, d);
    fair_compute(c, l, q, &sc, tr, a, d);
}

/* --- pages ----------------------------------------------------------------------------------------- */

void ls_rules_pages(const ls_Lesson *l, ls_Diags *d)
{
    for (int p = 0; p < l->n_pages; p++) {
        int first = -1;
        for (int i = 0; i < l->n_dirs; i++) {
            if (l->dirs[i].page != p || l->dirs[i].kind != LS_DIR_QUIZ) continue;
            if (first < 0) first = i;
            else
                ls_diag(d, l->path, l->dirs[i].line, false, "a page asks one quiz (the one on line %d): start a "
                        "new page (##) for this one", l->dirs[first].line);
        }
    }
}

/* --- directives without effect ---------------------------------------------------------------------- */

/* The line of the token key in force at directive i (its last setter up to i). */
static int token_line(const ls_Lesson *l, int i)
{
    for (int k = i; k >= 0; k--)
        if (l->dirs[k].scene.set & LS_SET_TOKEN) return field_line(&l->dirs[k], "token", 0);
    return l->dirs[i].line;
}

void ls_rules_scene(ls_Checker *c, const ls_Lesson *l, int i, const tf_Trace *tr, ls_Diags *d)
{
    const ls_Directive *dv = &l->dirs[i];
    const tf_Vocab *tv = &ls_checker_model(c)->tgt_vocab;
    ls_Scene ps;
    ls_scene_at(l, dv->page, &ps);
    ls_Resolved rp;
    tf_Err err;
    if (ls_scene_resolve(&ps, tr, tv, &rp, &err)) return;   /* reported elsewhere */
    unsigned own = dv->scene.set;
    if ((own & LS_SET_POSITION) && rp.position_overridden) {
        int last = i;
        while (last + 1 < l->n_dirs && l->dirs[last + 1].page == dv->page) last++;
        const char *w = ls_side_word(tr, LS_SIDE_TGT, tv, rp.token);
        ls_diag(d, l->path, field_line(dv, "position", 0), false,
                "position: %s has no effect: the decoder token %s (token: on line %d) is the position the "
                "window shows; add 'token: none' to this page", dv->scene.position < 0 ? "all" : "this",
                w ? w : "?", token_line(l, last));
    }
    if (own & LS_SET_HIGHLIGHT) {
        int first = 0;
        for (int k = 0; k < i; k++)
            if (l->dirs[k].page == dv->page) first += l->dirs[k].scene.n_highlight;
        for (int k = 0; k < dv->scene.n_highlight && first + k < rp.n_highlight; k++) {
            const ls_Cell *h = &rp.highlight[first + k];
            int line = field_line(dv, "highlight", k);
            if (ps.view == LS_VIEW_LINES || ps.view == LS_VIEW_GRID)
                ls_diag(d, l->path, line, false, "highlight: the %s view draws no outlines (view: matrix or step)",
                        ls_view_name(ps.view));
            else if (!drawn(&ps, tr, h->tensor))
                ls_diag(d, l->path, line, false, "highlight: %s is not on screen (the page shows %s%s)", h->tensor,
                        ps.tensor, ps.view == LS_VIEW_MATRIX ? " alone" : " and what it is computed from");
            else if (h->head >= 0 && rp.heads_set && !(rp.heads >> h->head & 1))
                ls_diag(d, l->path, line, false, "highlight: head %d is not drawn (heads: …)", h->head);
        }
    }
    if ((own & LS_SET_DECODE) && dv->scene.beam > 1) {
        const tf_Trace *g = ls_checker_trace(c, ls_scene_sentence(&ps), 1, &err);
        const tf_Trace *b = ls_checker_trace(c, ls_scene_sentence(&ps), dv->scene.beam, &err);
        bool same = g && b && g->n_tgt == b->n_tgt;
        for (int t = 0; same && t < g->n_tgt; t++) same = !strcmp(g->tgt_tokens[t], b->tgt_tokens[t]);
        if (same)
            ls_diag(d, l->path, field_line(dv, "decode", 0), false, "decode: beam %d writes the same translation as "
                    "greedy decoding for this sentence: the page shows no difference", dv->scene.beam);
    }
    if ((own & LS_SET_SNAPSHOT) && !(own & LS_SET_SNAPSHOTS) && dv->scene.snapshot != -2 && !ps.snapshots)
        ls_diag(d, l->path, field_line(dv, "snapshot", 0), false,
                "snapshot: no snapshots are in force (snapshots: FOLDER on this page or before)");
}

int ls_check_course(const ls_Set *s, const char *dir, ls_Diags *d)
{
    int quizzes = 0, computed = 0;
    for (int i = 0; i < s->n; i++)
        for (int k = 0; k < s->lessons[i].n_dirs; k++) {
            const ls_Directive *dv = &s->lessons[i].dirs[k];
            quizzes += dv->kind == LS_DIR_QUIZ;
            computed += dv->kind == LS_DIR_QUIZ && dv->quiz.answer.op == LS_ANS_COMPUTE;
        }
    if (3 * computed >= quizzes) return 0;
    char where[600];
    snprintf(where, sizeof where, "%s/%s", dir, s->lang);
    ls_diag(d, where, 0, true, "%d of %d quizzes are compute-and-check: at least a third (%d) should make the learner "
            "compute (answer: compute …)", computed, quizzes, (quizzes + 2) / 3);
    return 1;
}

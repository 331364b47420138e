/* lesson_eval.c — lesson directives against a live trace: the scene a page sets up, in trace
 * indices; tokens and cells named by word; quiz answers computed from the recorded numbers and
 * the learner's responses checked against them; and the few numbers lessons show that are not in
 * a trace (Table 1, the variance of q·k, the warm-up schedule).
 * Not parsing (lesson.c) and not the window: the caller applies what comes out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "task.h"

/* --- scenes ------------------------------------------------------------------------------------ */

/* enc.L.self_attn.* → ENC, dec.L.self_attn.* → DEC, dec.L.cross_attn.* → CROSS. */
static ls_Attn attn_of_name(const char *name, int *layer)
{
    int l, n = 0;
    char kind[16];
    if (sscanf(name, "enc.%d.%15[a-z_].%n", &l, kind, &n) == 2 && n && !strcmp(kind, "self_attn")) {
        *layer = l;
        return LS_ATTN_ENC;
    }
    n = 0;
    if (sscanf(name, "dec.%d.%15[a-z_].%n", &l, kind, &n) == 2 && n) {
        *layer = l;
        if (!strcmp(kind, "self_attn")) return LS_ATTN_DEC;
        if (!strcmp(kind, "cross_attn")) return LS_ATTN_CROSS;
    }
    return LS_ATTN_NONE;
}

static void attn_tensor(ls_Attn a, int layer, char *out, size_t cap)
{
    snprintf(out, cap, "%s.%d.%s.weights", a == LS_ATTN_ENC ? "enc" : "dec", layer,
             a == LS_ATTN_CROSS ? "cross_attn" : "self_attn");
}

void ls_scene_merge(ls_Scene *dst, const ls_Scene *src)
{
    unsigned s = src->set;
    if (s & LS_SET_SENTENCE) dst->sentence = src->sentence;
    if (s & LS_SET_DECODE) dst->beam = src->beam;
    if (s & LS_SET_TENSOR) {
        memcpy(dst->tensor, src->tensor, sizeof dst->tensor);
        int l;
        ls_Attn a = attn_of_name(src->tensor, &l);
        if (a != LS_ATTN_NONE) {
            dst->attn = a;
            dst->layer = l;
            dst->set |= LS_SET_ATTN | LS_SET_LAYER;
        }
    } else if (s & (LS_SET_ATTN | LS_SET_LAYER)) {
        if (s & LS_SET_ATTN) dst->attn = src->attn;
        if (s & LS_SET_LAYER) dst->layer = src->layer;
        if (dst->attn != LS_ATTN_NONE) {
            attn_tensor(dst->attn, dst->layer, dst->tensor, sizeof dst->tensor);
            dst->set |= LS_SET_TENSOR;
        }
    }
    if (s & LS_SET_VIEW) dst->view = src->view;
    if (s & LS_SET_HEADS) {
        dst->heads = src->heads;
        dst->heads_all = src->heads_all;
    }
    if (s & LS_SET_TOKEN) dst->token = src->token;
    if (s & LS_SET_POSITION) dst->position = src->position;
    /* a new sentence drops the selection and the position it does not set itself */
    if ((s & LS_SET_SENTENCE) && !(s & LS_SET_TOKEN)) {
        memset(&dst->token, 0, sizeof dst->token);
        dst->set |= LS_SET_TOKEN;
    }
    if ((s & LS_SET_SENTENCE) && !(s & LS_SET_POSITION)) {
        dst->position = -1;
        dst->set |= LS_SET_POSITION;
    }
    if (s & LS_SET_HIGHLIGHT) {
        /* highlights of one block replace those before; "none" clears */
        dst->n_highlight = src->n_highlight;
        memcpy(dst->highlight, src->highlight, (size_t)src->n_highlight * sizeof *src->highlight);
    }
    if (s & LS_SET_SNAPSHOTS) {
        dst->snapshots = src->snapshots;
        dst->snapshot = src->snapshot;
    } else if (s & LS_SET_SNAPSHOT) {
        dst->snapshot = src->snapshot;
    }
    dst->set |= s;
}

static void scene_empty(ls_Scene *s)
{
    memset(s, 0, sizeof *s);
    s->beam = 1;
    s->position = -1;
    s->snapshot = -2;
    s->heads_all = true;
    s->heads = ~(uint64_t)0;
}

static void fold(const ls_Lesson *l, int last_dir, int page, ls_Scene *out)
{
    scene_empty(out);
    ls_CellRef hl[LS_HIGHLIGHT_MAX];
    int n_hl = 0;
    for (int i = 0; i <= last_dir && i < l->n_dirs; i++) {
        const ls_Directive *d = &l->dirs[i];
        if (d->page > page) break;
        ls_Scene s = d->scene;
        s.set &= ~(unsigned)LS_SET_HIGHLIGHT;
        ls_scene_merge(out, &s);
        /* highlights belong to the page they are on, and add up over its blocks */
        if (d->page == page && (d->scene.set & LS_SET_HIGHLIGHT)) {
            if (!d->scene.n_highlight) n_hl = 0;
            for (int k = 0; k < d->scene.n_highlight && n_hl < LS_HIGHLIGHT_MAX; k++)
                hl[n_hl++] = d->scene.highlight[k];
        }
    }
    out->n_highlight = n_hl;
    memcpy(out->highlight, hl, (size_t)n_hl * sizeof *hl);
    if (n_hl) out->set |= LS_SET_HIGHLIGHT;
}

void ls_scene_at(const ls_Lesson *l, int page, ls_Scene *out)
{
    fold(l, l->n_dirs - 1, page, out);
}

void ls_scene_after(const ls_Lesson *l, int dir, ls_Scene *out)
{
    int page = dir >= 0 && dir < l->n_dirs ? l->dirs[dir].page : 0;
    fold(l, dir, page, out);
}

const char *ls_scene_sentence(const ls_Scene *s)
{
    return s->sentence ? s->sentence : TF_TASK_FIGURE3_SRC;
}

const char *ls_scene_snapshots(const ls_Scene *s)
{
    if (!s->snapshots || s->snapshot == -2) return NULL;
    const char *env = getenv("TFSCOPE_SNAPSHOTS");
    return env && *env ? env : s->snapshots;
}

/* --- axes, tokens and cells --------------------------------------------------------------------- */

bool ls_tensor_axes(const tf_Trace *tr, const char *name, ls_Side *rows, ls_Side *cols, int *heads)
{
    const tf_Node *n = tf_trace_get(tr, name);
    if (!n) return false;
    *heads = n->ndim == 3 ? n->shape[0] : 0;
    ls_Side r = LS_SIDE_INDEX, c = LS_SIDE_INDEX;
    bool src_side = !strncmp(name, "src.", 4) || !strncmp(name, "enc.", 4);
    bool tgt_side = !strncmp(name, "tgt.", 4) || !strncmp(name, "dec.", 4) ||
                    !strcmp(name, "logits") || !strcmp(name, "probs");
    if (src_side) r = LS_SIDE_SRC;
    if (tgt_side) r = LS_SIDE_TGT;
    int layer;
    ls_Attn a = attn_of_name(name, &layer);
    const char *last = strrchr(name, '.');
    last = last ? last + 1 : name;
    bool sw = !strcmp(last, "scores") || !strcmp(last, "weights");
    if (a == LS_ATTN_CROSS && (!strcmp(last, "k") || !strcmp(last, "v"))) r = LS_SIDE_SRC;
    if (sw) c = a == LS_ATTN_DEC ? LS_SIDE_TGT : a == LS_ATTN_NONE ? LS_SIDE_INDEX : LS_SIDE_SRC;
    if (!strcmp(name, "logits") || !strcmp(name, "probs")) c = LS_SIDE_VOCAB;
    if (n->ndim < 2) {
        r = LS_SIDE_NONE;
        c = LS_SIDE_INDEX;
    }
    *rows = r;
    *cols = c;
    return true;
}

static int side_len(const tf_Trace *tr, ls_Side s)
{
    switch (s) {
    case LS_SIDE_SRC: return tr->n_src;
    case LS_SIDE_TGT: return tr->n_tgt;
    case LS_SIDE_VOCAB: return tr->cfg.tgt_vocab;
    default: return -1;
    }
}

static const char *side_word(const tf_Trace *tr, ls_Side s, const tf_Vocab *tv, int i)
{
    if (s == LS_SIDE_SRC && i >= 0 && i < tr->n_src) return tr->src_tokens[i];
    if (s == LS_SIDE_TGT && i >= 0 && i < tr->n_tgt) return tr->tgt_tokens[i];
    if (s == LS_SIDE_VOCAB && tv && i >= 0 && i < tv->n) return tv->tokens[i];
    return NULL;
}

static const char *side_title(ls_Side s)
{
    switch (s) {
    case LS_SIDE_SRC: return "source";
    case LS_SIDE_TGT: return "decoder input";
    case LS_SIDE_VOCAB: return "vocabulary";
    default: return "index";
    }
}

tf_Status ls_token_resolve(const ls_TokRef *t, ls_Side side, const tf_Trace *tr,
                           const tf_Vocab *tv, int *pos, tf_Err *err)
{
    if (t->side != LS_SIDE_NONE) side = t->side;
    if (side == LS_SIDE_INDEX || side == LS_SIDE_NONE) {
        /* a plain index axis: "#3" or "3" */
        int v = t->index;
        if (v < 0) {
            char *end;
            long x = strtol(t->word, &end, 10);
            if (end == t->word || *end || x < 0 || x > (1 << 24))
                return tf_fail(err, TF_ERR_INPUT, "'%s': this axis is a plain index; write a number", t->word);
            v = (int)x;
        }
        *pos = v;
        return TF_OK;   /* the caller checks the range */
    }
    int n = side_len(tr, side);
    if (t->index >= 0) {
        if (t->index >= n)
            return tf_fail(err, TF_ERR_INPUT, "#%d: the %s side has %d positions (#0-#%d)", t->index,
                           side_title(side), n, n - 1);
        *pos = t->index;
        return TF_OK;
    }
    if (side == LS_SIDE_VOCAB) {
        if (!tv) return tf_fail(err, TF_ERR_INPUT, "'%s': vocabulary words need the model; write #N", t->word);
        int id = tf_vocab_find(tv, t->word);
        if (id < 0) return tf_fail(err, TF_ERR_NOTFOUND, "'%s' is not in the target vocabulary", t->word);
        *pos = id;
        return TF_OK;
    }
    int count = 0, found = -1;
    char where[200] = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(side_word(tr, side, tv, i), t->word)) continue;
        count++;
        if (count == t->occurrence) found = i;
        size_t l = strlen(where);
        if (l < sizeof where - 16) snprintf(where + l, sizeof where - l, "%s#%d", l ? ", " : "", i);
    }
    if (!count)
        return tf_fail(err, TF_ERR_NOTFOUND, "'%s' is not a %s token of this sentence", t->word,
                       side_title(side));
    if (found < 0)
        return tf_fail(err, TF_ERR_NOTFOUND, "'%s(%d)': '%s' occurs %d time%s (%s)", t->word,
                       t->occurrence, t->word, count, count == 1 ? "" : "s", where);
    *pos = found;
    return TF_OK;
}

tf_Status ls_cell_resolve(const ls_CellRef *c, const char *dflt, const tf_Trace *tr,
                          const tf_Vocab *tv, ls_Cell *out, tf_Err *err)
{
    const char *name = c->tensor[0] ? c->tensor : dflt;
    if (!name || !*name) return tf_fail(err, TF_ERR_INPUT, "which tensor? (none given, none in force)");
    ls_Side rs, cs;
    int heads;
    if (!ls_tensor_axes(tr, name, &rs, &cs, &heads))
        return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no tensor '%s'", name);
    const tf_Node *n = tf_trace_get(tr, name);
    if (n->ndim < 2) return tf_fail(err, TF_ERR_INPUT, "'%s' has %d dimension: no cells", name, n->ndim);
    memset(out, 0, sizeof *out);
    snprintf(out->tensor, sizeof out->tensor, "%s", name);
    out->head = -1;
    if (heads) {
        if (c->head < 0)
            return tf_fail(err, TF_ERR_INPUT, "'%s' has %d heads: say which (head 0-%d)", name, heads,
                           heads - 1);
        if (c->head >= heads)
            return tf_fail(err, TF_ERR_INPUT, "head %d: '%s' has %d heads (0-%d)", c->head, name,
                           heads, heads - 1);
        out->head = c->head;
    } else if (c->head >= 0) {
        return tf_fail(err, TF_ERR_INPUT, "'%s' has no heads (it is %d-D)", name, n->ndim);
    }
    int nr = n->shape[n->ndim - 2], nc = n->shape[n->ndim - 1];
    out->row = out->col = -1;
    tf_Status s;
    if (c->row.set) {
        if ((s = ls_token_resolve(&c->row, rs, tr, tv, &out->row, err))) return s;
        if (out->row >= nr)
            return tf_fail(err, TF_ERR_INPUT, "row %d: '%s' has %d rows", out->row, name, nr);
    }
    if (c->col.set) {
        if ((s = ls_token_resolve(&c->col, cs, tr, tv, &out->col, err))) return s;
        if (out->col >= nc)
            return tf_fail(err, TF_ERR_INPUT, "col %d: '%s' has %d columns", out->col, name, nc);
    }
    return TF_OK;
}

tf_Status ls_scene_resolve(const ls_Scene *s, const tf_Trace *tr, const tf_Vocab *tv,
                           ls_Resolved *out, tf_Err *err)
{
    memset(out, 0, sizeof *out);
    out->node = -1;
    out->token = -1;
    out->position = -1;
    out->snapshot = s->snapshots ? s->snapshot : -2;
    out->view = s->view;
    const tf_Config *cfg = &tr->cfg;
    out->failed = LS_SET_LAYER;
    if ((s->set & LS_SET_LAYER) && !(s->set & LS_SET_ATTN) && !(s->set & LS_SET_TENSOR))
        return tf_fail(err, TF_ERR_INPUT, "layer %d of what? add 'attention: enc|dec|cross'", s->layer);
    out->attn = s->attn;
    out->layer = s->layer;
    if (s->attn != LS_ATTN_NONE) {
        int layers = s->attn == LS_ATTN_ENC ? cfg->n_enc : cfg->n_dec;
        if (s->layer >= layers)
            return tf_fail(err, TF_ERR_INPUT, "layer %d: the model has %d %s layers (0-%d)", s->layer,
                           layers, s->attn == LS_ATTN_ENC ? "encoder" : "decoder", layers - 1);
    }
    if (s->set & LS_SET_TENSOR) {
        out->node = tf_trace_index(tr, s->tensor);
        if (out->node < 0) {
            out->failed = LS_SET_TENSOR;
            return tf_fail(err, TF_ERR_NOTFOUND, "the trace has no tensor '%s'", s->tensor);
        }
    }
    out->failed = LS_SET_VIEW;
    if ((s->view == LS_VIEW_LINES || s->view == LS_VIEW_GRID) && s->attn == LS_ATTN_NONE)
        return tf_fail(err, TF_ERR_INPUT, "view %s shows attention: set 'tensor:' to an attention "
                       "tensor or 'attention:' and 'layer:'", ls_view_name(s->view));
    if (s->view == LS_VIEW_MATRIX && !(s->set & LS_SET_TENSOR))
        return tf_fail(err, TF_ERR_INPUT, "view matrix: which tensor? (tensor: NAME)");
    out->failed = LS_SET_HEADS;
    if (s->set & LS_SET_HEADS) {
        out->heads_set = true;
        out->heads = s->heads;
        if (!s->heads_all) {
            for (int h = 0; h < 64; h++)
                if ((s->heads >> h & 1) && h >= cfg->nhead)
                    return tf_fail(err, TF_ERR_INPUT, "head %d: the model has %d heads (0-%d)", h,
                                   cfg->nhead, cfg->nhead - 1);
        } else {
            out->heads = cfg->nhead >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << cfg->nhead) - 1);
        }
    }
    tf_Status st;
    out->failed = LS_SET_TOKEN;
    if (s->set & LS_SET_TOKEN) {
        out->token_set = true;
        if (s->token.set) {
            ls_Side side = s->token.side;
            if (side == LS_SIDE_NONE) {
                ls_Side rs = LS_SIDE_SRC, cs;
                int h;
                if (s->set & LS_SET_TENSOR) ls_tensor_axes(tr, s->tensor, &rs, &cs, &h);
                else if (s->attn == LS_ATTN_DEC || s->attn == LS_ATTN_CROSS) rs = LS_SIDE_TGT;
                side = rs == LS_SIDE_TGT ? LS_SIDE_TGT : LS_SIDE_SRC;
            }
            out->token_side = side;
            if ((st = ls_token_resolve(&s->token, side, tr, tv, &out->token, err))) return st;
        }
    }
    out->failed = LS_SET_POSITION;
    if (s->set & LS_SET_POSITION) {
        out->position_set = true;
        out->position = s->position;
        if (s->position >= tr->n_tgt)
            return tf_fail(err, TF_ERR_INPUT, "position %d: the decoder has %d positions (0-%d)",
                           s->position, tr->n_tgt, tr->n_tgt - 1);
    }
    out->failed = LS_SET_HIGHLIGHT;
    for (int i = 0; i < s->n_highlight; i++) {
        if ((st = ls_cell_resolve(&s->highlight[i], s->tensor, tr, tv, &out->highlight[i], err)))
            return st;
        out->n_highlight++;
    }
    out->failed = 0;
    return TF_OK;
}

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
        const char *w = side_word(tr, a->side, tv, a->items[i]);
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
        if (n->mask == TF_MASK_NONE && !strstr(c.tensor, "weights") && !strstr(c.tensor, "scores"))
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
        const char *w = side_word(tr, side, tv, a->items[0]);
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
                const char *w = side_word(tr, a->side, NULL, a->items[i]);
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

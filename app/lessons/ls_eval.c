/* ls_eval.c — lesson directives against a live trace: the scene a page sets up, in trace
 * indices; tokens and cells named by word. Quiz answers and the widgets' numbers are in
 * ls_quiz.c.
 * Not parsing (ls_lesson.c) and not the window: the caller applies what comes out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson.h"
#include "task.h"

/* --- scenes ------------------------------------------------------------------------------------ */

/* The attention a site belongs to (enc.L.self_attn.* → ENC, dec.L.self_attn.* → DEC,
 * dec.L.cross_attn.* → CROSS), as the lessons name them. */
static ls_Attn attn_of(tf_Site site, int *layer)
{
    *layer = site.layer;
    switch (site.attn) {
    case TF_ATTN_ENC: return LS_ATTN_ENC;
    case TF_ATTN_DEC: return LS_ATTN_DEC;
    case TF_ATTN_CROSS: return LS_ATTN_CROSS;
    default: return LS_ATTN_NONE;
    }
}

static void attn_tensor(ls_Attn a, int layer, char *out, size_t cap)
{
    tf_AttnKind k = a == LS_ATTN_ENC ? TF_ATTN_ENC : a == LS_ATTN_DEC ? TF_ATTN_DEC : TF_ATTN_CROSS;
    char name[TF_NAME_MAX];
    snprintf(out, cap, "%s", tf_site_name(tf_site_attn(k, layer, TF_PART_WEIGHTS), name));
}

void ls_scene_merge(ls_Scene *dst, const ls_Scene *src)
{
    unsigned s = src->set;
    if (s & LS_SET_SENTENCE) dst->sentence = src->sentence;
    if (s & LS_SET_DECODE) dst->beam = src->beam;
    if (s & LS_SET_TENSOR) {
        memcpy(dst->tensor, src->tensor, sizeof dst->tensor);
        int l;
        ls_Attn a = attn_of(tf_site_parse(src->tensor), &l);
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
    if (s & LS_SET_INTERV) {
        memcpy(dst->ablate, src->ablate, sizeof dst->ablate);
        dst->interv_flags = src->interv_flags;
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
        if (d->page != page) s.set &= ~(unsigned)LS_SET_INTERV;   /* interventions: their page only */
        ls_scene_merge(out, &s);
        /* highlights belong to the page they are on, and add up over its blocks */
        if (d->page == page && (d->scene.set & LS_SET_HIGHLIGHT)) {
            if (!d->scene.n_highlight) n_hl = 0;
            for (int k = 0; k < d->scene.n_highlight && n_hl < LS_HIGHLIGHT_MAX; k++)
                hl[n_hl++] = d->scene.highlight[k];
        }
    }
    /* interventions hold for the whole page, blocks before the one that sets them included */
    for (int i = last_dir + 1; i < l->n_dirs && l->dirs[i].page == page; i++)
        if (l->dirs[i].scene.set & LS_SET_INTERV) {
            memcpy(out->ablate, l->dirs[i].scene.ablate, sizeof out->ablate);
            out->interv_flags = l->dirs[i].scene.interv_flags;
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
    tf_Site s = n->site;
    bool out = s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS;
    if (s.stack == TF_STACK_SOURCE || s.stack == TF_STACK_ENCODER) r = LS_SIDE_SRC;
    if (s.stack == TF_STACK_TARGET || s.stack == TF_STACK_DECODER || out) r = LS_SIDE_TGT;
    int layer;
    ls_Attn a = attn_of(s, &layer);
    bool sw = s.part == TF_PART_SCORES || s.part == TF_PART_WEIGHTS;
    if (a == LS_ATTN_CROSS && (s.part == TF_PART_K || s.part == TF_PART_V)) r = LS_SIDE_SRC;
    if (sw) c = a == LS_ATTN_DEC ? LS_SIDE_TGT : a == LS_ATTN_NONE ? LS_SIDE_INDEX : LS_SIDE_SRC;
    if (out) c = LS_SIDE_VOCAB;
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

const char *ls_side_word(const tf_Trace *tr, ls_Side s, const tf_Vocab *tv, int i)
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
        if (strcmp(ls_side_word(tr, side, tv, i), t->word)) continue;
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
    /* on the decoder side the selected token is the output position */
    out->position_overridden = out->position_set && out->token_set && out->token >= 0 &&
                               out->token_side == LS_SIDE_TGT;
    out->failed = LS_SET_HIGHLIGHT;
    for (int i = 0; i < s->n_highlight; i++) {
        if ((st = ls_cell_resolve(&s->highlight[i], s->tensor, tr, tv, &out->highlight[i], err)))
            return st;
        out->n_highlight++;
    }
    out->failed = 0;
    return TF_OK;
}

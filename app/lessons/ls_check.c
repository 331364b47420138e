/* ls_check.c — `tfscope lesson check` as functions: every directive of a lesson resolved
 * against the traces of its sentences through a model (and against its training snapshots), every
 * quiz answered right and wrong, and the two languages of a lesson compared directive by
 * directive. Problems are reported as FILE:LINE: what is wrong. The runs come from ls_checker.c.
 * Not a test framework and not the window: it runs what the window would run, without drawing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson.h"
#include "ls_checker.h"
#include "ls_rules.h"

/* --- one lesson ---------------------------------------------------------------------------------- */

static int field_line(const ls_Directive *dv, const char *key)
{
    for (int i = 0; i < dv->n_fields; i++)
        if (!strcmp(dv->fields[i].key, key) ||
            (!strcmp(key, "tensor") && !strcmp(dv->fields[i].key, "step")))
            return dv->fields[i].line;
    return dv->line;
}

/* The line of the k-th highlight field of the block (or the block). */
static int highlight_line(const ls_Directive *dv, int k)
{
    for (int i = 0; i < dv->n_fields; i++)
        if (!strcmp(dv->fields[i].key, "highlight") && strcmp(dv->fields[i].value, "none") && k-- == 0)
            return dv->fields[i].line;
    return dv->line;
}

static const char *set_key(unsigned bit)
{
    switch (bit) {
    case LS_SET_TENSOR: return "tensor";
    case LS_SET_LAYER: return "layer";
    case LS_SET_VIEW: return "view";
    case LS_SET_HEADS: return "heads";
    case LS_SET_TOKEN: return "token";
    case LS_SET_POSITION: return "position";
    case LS_SET_HIGHLIGHT: return "highlight";
    default: return NULL;
    }
}

static bool has_field(const ls_Directive *dv, const char *key)
{
    for (int i = 0; i < dv->n_fields; i++)
        if (!strcmp(dv->fields[i].key, key)) return true;
    return false;
}

/* A page is one scene: a key set twice on a page to different values would show only the last. */
static void check_page_scenes(const ls_Lesson *l, ls_Diags *d)
{
    static const char *keys[] = {"sentence", "decode", "tensor", "view", "attention", "layer", "heads",
                                 "token", "position", "snapshots", "snapshot"};
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *a = &l->dirs[i];
        for (int f = 0; f < a->n_fields; f++) {
            const ls_Field *fa = &a->fields[f];
            const char *ka = strcmp(fa->key, "step") ? fa->key : "tensor";
            bool scene = false;
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) scene |= !strcmp(ka, keys[k]);
            if (!scene) continue;
            for (int j = i + 1; j < l->n_dirs && l->dirs[j].page == a->page; j++) {
                const ls_Directive *b = &l->dirs[j];
                for (int g = 0; g < b->n_fields; g++) {
                    const ls_Field *fb = &b->fields[g];
                    const char *kb = strcmp(fb->key, "step") ? fb->key : "tensor";
                    if (!strcmp(ka, kb) && strcmp(fa->value, fb->value))
                        ls_diag(d, l->path, fb->line, false,
                                "%s: %s, but line %d of the same page says %s: %s — a page is one "
                                "scene, only the last would show (start a new page with ##)",
                                kb, fb->value, fa->line, ka, fa->value);
                }
            }
        }
    }
}

/* Every claim of a say block holds on the model (and every show can be measured). */
static void check_say(ls_Checker *c, const ls_Lesson *l, const ls_Directive *dv, const ls_Scene *sc, ls_Diags *d)
{
    const ls_Say *sy = &dv->say;
    ls_Value *vals = tf_xcalloc((size_t)(sy->n ? sy->n : 1), sizeof *vals);
    bool all = true;
    for (int k = 0; k < sy->n; k++) {
        const ls_Claim *cl = &sy->items[k];
        ls_Value v;
        bool holds;
        char why[700];
        tf_Err err;
        /* a claim's value keeps no trace (a row's text is written out): one claim's runs are let
         * go before the next when the checker holds too many (250 claims with other heads off
         * took 534 MB) */
        ls_checker_trim(c);
        if (ls_claim_eval(c, sc, cl, &v, &holds, why, sizeof why, &err) != TF_OK) {
            ls_diag(d, l->path, cl->line, false, "%s: %s", cl->cmp == LS_CMP_NONE ? "show" : "claim", err.msg);
            all = false;
        } else if (!holds) {
            ls_diag(d, l->path, cl->line, false, "claim does not hold: %s (the claim: %s)", why, cl->src);
        }
        vals[k] = v;
    }
    FILE *log = ls_checker_logfile(c);
    if (log && all && sy->text) {
        char said[2048];
        ls_say_fill(sy->text, sy->items, vals, sy->n, said, sizeof said);
        fprintf(log, "%s:%d: %s\n", l->path, dv->line, said);
    }
    free(vals);
}

/* The trace a directive's scene is shown on: the sentence's own, or a run with the page's
 * interventions, or a training snapshot's. NULL (reported where the key is set) when it fails. */
static const tf_Trace *scene_trace(ls_Checker *c, const ls_Lesson *l, const ls_Directive *dv,
                                   const ls_Scene *sc, const tf_Trace *tr, bool *warned_snaps, ls_Diags *d)
{
    tf_Err err;
    const char *snaps = ls_scene_snapshots(sc);
    if (sc->ablate[0] || sc->interv_flags) {
        const tf_Trace *t = ls_checker_scene_trace(c, sc, NULL, &err);
        if (!t && (dv->scene.set & (LS_SET_INTERV | LS_SET_SNAPSHOTS | LS_SET_SNAPSHOT)))
            ls_diag(d, l->path, field_line(dv, has_field(dv, "intervene") ? "intervene" : "snapshots"), false,
                    "%s", err.msg);
        return t;
    }
    if (!snaps) return tr;
    bool none;
    const tf_Trace *t = ls_checker_scene_trace(c, sc, &none, &err);
    if (!t) {
        ls_diag(d, l->path, field_line(dv, has_field(dv, "snapshot") ? "snapshot" : "snapshots"), false, "%s",
                err.msg);
        return NULL;
    }
    if (none && !*warned_snaps)
        ls_diag(d, l->path, field_line(dv, "snapshots"), true,
                "snapshots: no *.safetensors in %s (tfscope train --snapshot-every N "
                "--snapshot-dir DIR writes them); checked against the model instead", snaps);
    *warned_snaps |= none;
    return t;
}

/* Keys already reported bad where they were set fall back to their defaults in this directive's
 * scene, so that its own keys are still checked. Returns the keys the directive sets itself. */
static unsigned drop_stale_keys(const ls_Directive *dv, unsigned reported, ls_Scene *sc)
{
    unsigned own_set = dv->scene.set;
    if (own_set & LS_SET_TENSOR) own_set |= LS_SET_ATTN | LS_SET_LAYER;
    if (own_set & (LS_SET_ATTN | LS_SET_LAYER)) own_set |= LS_SET_TENSOR;
    unsigned stale = reported & ~own_set;
    if (stale & LS_SET_TENSOR) sc->set &= ~(unsigned)LS_SET_TENSOR;
    if (stale & LS_SET_LAYER) {
        sc->set &= ~(unsigned)(LS_SET_LAYER | LS_SET_ATTN | LS_SET_TENSOR);
        sc->attn = LS_ATTN_NONE;
    }
    if (stale & LS_SET_VIEW) sc->view = LS_VIEW_NONE;
    if (stale & LS_SET_HEADS) sc->set &= ~(unsigned)LS_SET_HEADS;
    if (stale & LS_SET_TOKEN) sc->set &= ~(unsigned)LS_SET_TOKEN;
    if (stale & LS_SET_POSITION) sc->set &= ~(unsigned)LS_SET_POSITION;
    return own_set;
}

/* A scene key that did not resolve, reported on the line that set it (once, for keys set earlier). */
static void report_unresolved(const ls_Lesson *l, const ls_Directive *dv, const ls_Resolved *r, tf_Err *err,
                              unsigned *reported, ls_Diags *d)
{
    const char *key = set_key(r->failed);
    int line = key && r->failed == LS_SET_HIGHLIGHT ? highlight_line(dv, r->n_highlight)
             : key ? field_line(dv, key) : dv->line;
    bool own = key && (has_field(dv, key) || (r->failed == LS_SET_TENSOR && has_field(dv, "step")) ||
                       (r->failed == LS_SET_LAYER && has_field(dv, "attention")));
    if (r->failed == LS_SET_TENSOR && !own && (has_field(dv, "attention") || has_field(dv, "layer")))
        line = field_line(dv, has_field(dv, "layer") ? "layer" : "attention"), own = true;
    if (r->failed == LS_SET_LAYER && !own && (has_field(dv, "tensor") || has_field(dv, "step"))) {
        /* the layer in the tensor's name */
        line = field_line(dv, "tensor");
        own = true;
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        tf_fail(err, TF_ERR_NOTFOUND, "the trace has no tensor '%s' (%s)", dv->scene.tensor, msg);
    }
    if (own || !key) {
        ls_diag(d, l->path, line, false, "%s", err->msg);
        *reported |= r->failed;
    } else if (!(*reported & r->failed)) {
        /* a key set earlier that fits no more (after a new sentence, say); once */
        ls_diag(d, l->path, line, false, "%s (the '%s' in force was set earlier and does not fit here)", err->msg,
                key);
        *reported |= r->failed;
    }
}

/* A quiz: its answer computed on the trace, the right pick accepted, some wrong pick refused. */
static void check_quiz(ls_Checker *c, const ls_Lesson *l, int i, const ls_Scene *sc, const tf_Trace *tr,
                       ls_Diags *d)
{
    const ls_Directive *dv = &l->dirs[i];
    const tf_Vocab *tv = &ls_checker_model(c)->tgt_vocab;
    ls_Answer a;
    tf_Err err;
    int line = field_line(dv, "answer");
    if (ls_quiz_answer(&dv->quiz, tr, tv, &a, &err) != TF_OK) {
        ls_diag(d, l->path, line, false, "answer: %s", err.msg);
        return;
    }
    FILE *log = ls_checker_logfile(c);
    if (log) {
        char said[1024];
        ls_format(dv->quiz.explain, &a, l->lang, said, sizeof said);
        fprintf(log, "%s:%d: %s\n    → %s\n    %s\n", l->path, dv->line, dv->quiz.question, a.text, said);
    }
    ls_Response right, wrong;
    ls_answer_right(&a, tr, &right);
    if (!ls_answer_check(&a, &right, tr))
        ls_diag(d, l->path, line, false, "answer: the computed answer (%s) is not accepted", a.text);
    if (!ls_answer_wrong(&a, tr, &wrong))
        ls_diag(d, l->path, line, false, "answer: every possible pick is right (%s): not a question", a.text);
    else if (ls_answer_check(&a, &wrong, tr))
        ls_diag(d, l->path, line, false, "answer: a wrong pick is accepted (%s)", a.text);
    ls_rules_quiz(c, l, i, tr, &a, d);
    if (dv->say.n) check_say(c, l, dv, sc, d);   /* the claims its answer rests on */
}

/* What a directive of its kind must satisfy on the trace of its scene. */
static void check_directive(ls_Checker *c, const ls_Lesson *l, int i, const ls_Scene *sc, const tf_Trace *tr,
                            ls_Diags *d)
{
    const ls_Directive *dv = &l->dirs[i];
    tf_Err err;
    switch (dv->kind) {
    case LS_DIR_QUIZ: check_quiz(c, l, i, sc, tr, d); break;
    case LS_DIR_SAY: check_say(c, l, dv, sc, d); break;
    case LS_DIR_TRY:
        for (int k = 0; k < dv->try_.n_suggest; k++) {
            /* only whether each runs: neither the scene's trace nor an earlier suggestion's is
             * used past here, so a block of hundreds does not keep hundreds of traces (250
             * suggestions a block took 573 MB) */
            ls_checker_trim(c);
            if (!ls_checker_trace(c, dv->try_.suggest[k], 1, &err)) {
                int seen = 0, line = dv->line;
                for (int f = 0; f < dv->n_fields; f++)
                    if (!strcmp(dv->fields[f].key, "suggest") && seen++ == k) line = dv->fields[f].line;
                ls_diag(d, l->path, line, false, "suggest: %s", err.msg);
            }
        }
        break;
    case LS_DIR_VARIANCE:
        if (dv->variance.from[0]) {
            ls_VarianceRow row;
            if (ls_trace_dot_variance(tr, dv->variance.from, &row, &err) != TF_OK)
                ls_diag(d, l->path, field_line(dv, "variance"), false, "variance: from=%s: %s", dv->variance.from,
                        err.msg);
        }
        break;
    default: break;
    }
}

int ls_check_lesson(ls_Checker *c, const ls_Lesson *l, ls_Diags *d)
{
    int before = d->n_errors;
    check_page_scenes(l, d);
    ls_rules_pages(l, d);
    const tf_Vocab *tv = &ls_checker_model(c)->tgt_vocab;
    bool warned_snaps = false;
    unsigned reported = 0;   /* keys whose bad value was reported where it was set */
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *dv = &l->dirs[i];
        ls_Scene sc;
        ls_scene_after(l, i, &sc);
        tf_Err err;
        ls_checker_trim(c);   /* no trace of an earlier directive is in use here */
        /* the sentence in force; a bad one is reported where it is set */
        const tf_Trace *tr = ls_checker_trace(c, ls_scene_sentence(&sc), sc.beam, &err);
        if (!tr) {
            if (dv->scene.set & (LS_SET_SENTENCE | LS_SET_DECODE))
                ls_diag(d, l->path, field_line(dv, (dv->scene.set & LS_SET_SENTENCE) ? "sentence" : "decode"),
                        false, "sentence: %s", err.msg);
            continue;
        }
        /* a tensor and an attention given together must agree */
        if ((dv->scene.set & LS_SET_TENSOR) && (dv->scene.set & (LS_SET_ATTN | LS_SET_LAYER))) {
            const char *want = sc.tensor;   /* the tensor won the fold; attention follows it */
            if (sc.attn != dv->scene.attn && (dv->scene.set & LS_SET_ATTN))
                ls_diag(d, l->path, field_line(dv, "attention"), false,
                        "attention: %s disagrees with tensor: %s (drop one)", ls_attn_name(dv->scene.attn), want);
            else if (sc.layer != dv->scene.layer && (dv->scene.set & LS_SET_LAYER))
                ls_diag(d, l->path, field_line(dv, "layer"), false,
                        "layer: %d disagrees with tensor: %s (drop one)", dv->scene.layer, want);
        }
        const tf_Trace *view_tr = scene_trace(c, l, dv, &sc, tr, &warned_snaps, d);
        if (!view_tr) continue;
        unsigned own_set = drop_stale_keys(dv, reported, &sc);
        ls_Resolved r;
        if (ls_scene_resolve(&sc, view_tr, tv, &r, &err) != TF_OK) {
            report_unresolved(l, dv, &r, &err, &reported, d);
            continue;
        }
        reported &= ~own_set;   /* keys this block set (again) resolved */
        ls_rules_scene(c, l, i, view_tr, d);
        check_directive(c, l, i, &sc, view_tr, d);
    }
    return d->n_errors - before;
}

/* --- two languages ------------------------------------------------------------------------------ */

/* The fields of a directive that must be equal across languages, in order. */
static int lang_fields(const ls_Directive *dv, const ls_Field **out, int cap)
{
    int n = 0;
    for (int i = 0; i < dv->n_fields && n < cap; i++)
        if (!ls_key_is_text(dv->fields[i].key)) out[n++] = &dv->fields[i];
    return n;
}

static bool has_text_key(const ls_Directive *dv, const char *key)
{
    return has_field(dv, key);
}

int ls_check_pair(const ls_Lesson *a, const ls_Lesson *b, ls_Diags *d)
{
    int before = d->n_errors;
    if (a->n_pages != b->n_pages)
        ls_diag(d, b->path, 1, false, "%d pages, but %s has %d: the languages must have the same pages",
                b->n_pages, a->path, a->n_pages);
    /* page by page; when the pages differ, the directives as one list (fewer follow-on errors) */
    bool by_page = a->n_pages == b->n_pages;
    int np = by_page ? a->n_pages : 1;
    for (int p = 0; p < np; p++) {
        int ia = 0, ib = 0;
        while (by_page && ia < a->n_dirs && a->dirs[ia].page < p) ia++;
        while (by_page && ib < b->n_dirs && b->dirs[ib].page < p) ib++;
        for (;;) {
            bool ea = ia >= a->n_dirs || (by_page && a->dirs[ia].page != p);
            bool eb = ib >= b->n_dirs || (by_page && b->dirs[ib].page != p);
            if (ea && eb) break;
            if (ea || eb) {
                if (eb && by_page)
                    ls_diag(d, b->path, b->pages[p].line, false, "page %d lacks the %s directive of %s:%d",
                            p + 1, ls_dir_kind_name(a->dirs[ia].kind), a->path, a->dirs[ia].line);
                else if (eb)
                    ls_diag(d, b->path, 1, false, "the lesson lacks the %s directive of %s:%d",
                            ls_dir_kind_name(a->dirs[ia].kind), a->path, a->dirs[ia].line);
                else
                    ls_diag(d, b->path, b->dirs[ib].line, false, "this %s directive is not in %s",
                            ls_dir_kind_name(b->dirs[ib].kind), a->path);
                break;
            }
            const ls_Directive *x = &a->dirs[ia], *y = &b->dirs[ib];
            if (x->kind != y->kind) {
                ls_diag(d, b->path, y->line, false, "a %s directive where %s:%d has a %s directive",
                        ls_dir_kind_name(y->kind), a->path, x->line, ls_dir_kind_name(x->kind));
            } else {
                const ls_Field *fx[64], *fy[64];
                int nx = lang_fields(x, fx, 64), ny = lang_fields(y, fy, 64);
                int n = nx < ny ? nx : ny;
                bool diff = false;
                for (int k = 0; k < n && !diff; k++) {
                    if (strcmp(fx[k]->key, fy[k]->key) || strcmp(fx[k]->value, fy[k]->value)) {
                        ls_diag(d, b->path, fy[k]->line, false, "'%s: %s' differs from %s:%d ('%s: %s')",
                                fy[k]->key, fy[k]->value, a->path, fx[k]->line, fx[k]->key, fx[k]->value);
                        diff = true;
                    }
                }
                if (!diff && nx != ny)
                    ls_diag(d, b->path, y->line, false, "%d settings, but %s:%d has %d", ny, a->path,
                            x->line, nx);
                static const char *texts[] = {"quiz", "options", "right", "wrong", "explain", "try"};
                for (int k = 0; k < 6; k++)
                    if (has_text_key(x, texts[k]) != has_text_key(y, texts[k]))
                        ls_diag(d, b->path, y->line, false, "'%s:' is %s here but %s in %s:%d", texts[k],
                                has_text_key(y, texts[k]) ? "present" : "missing",
                                has_text_key(x, texts[k]) ? "present" : "missing", a->path, x->line);
                if (x->kind == LS_DIR_QUIZ && x->quiz.n_options != y->quiz.n_options)
                    ls_diag(d, b->path, field_line(y, "options"), false, "%d options, but %s:%d has %d",
                            y->quiz.n_options, a->path, field_line(x, "options"), x->quiz.n_options);
            }
            ia++;
            ib++;
        }
    }
    return d->n_errors - before;
}

int ls_check_sets(const ls_Set *a, const ls_Set *b, ls_Diags *d)
{
    int before = d->n_errors;
    for (int i = 0; i < a->n; i++) {
        const ls_Lesson *la = &a->lessons[i];
        const ls_Lesson *lb = ls_set_find(b, la->number);
        if (!lb) {
            ls_diag(d, la->path, 0, false, "lesson %02d has no %s version", la->number, b->lang);
            continue;
        }
        if (strcmp(la->slug, lb->slug))
            ls_diag(d, lb->path, 0, false, "named %s.md, but the %s lesson %02d is %s.md: use one name",
                    lb->slug, a->lang, la->number, la->slug);
        ls_check_pair(la, lb, d);
    }
    for (int i = 0; i < b->n; i++)
        if (!ls_set_find(a, b->lessons[i].number))
            ls_diag(d, b->lessons[i].path, 0, false, "lesson %02d has no %s version",
                    b->lessons[i].number, a->lang);
    return d->n_errors - before;
}

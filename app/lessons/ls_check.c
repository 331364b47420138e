/* ls_check.c — `tfscope lesson check` as functions: every directive of a lesson resolved
 * against the traces of its sentences through a model (and against its training snapshots), every
 * quiz answered right and wrong, and the two languages of a lesson compared directive by
 * directive. Problems are reported as FILE:LINE: what is wrong.
 * Not a test framework and not the window: it runs what the window would run, without drawing. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf_limits.h"

#include "cli.h"

#include "ls_lesson.h"
#include "ls_rules.h"
#include "eval.h"
#include "interv.h"

typedef struct {
    char *sentence;
    int beam;
    int prefix;           /* > 0: the decoder read only this many tokens of the translation */
    char ablate[128];     /* interventions (ls_Run) */
    unsigned flags;
    bool ok;
    char err[512];
    tf_Trace tr;
} CachedTrace;

/* An evaluation on the test split, by the run that decoded it. */
typedef struct {
    char ablate[128];
    unsigned flags;
    int beam, n;
    bool ok;
    char err[512];
    double exact, bleu;
} CachedEval;

typedef struct {
    char *dir;
    char **paths;
    int n;
    tf_Trace *traces;     /* (n), loaded on first use */
    bool *loaded, *bad;
    char **why;
} SnapDir;

struct ls_Checker {
    const tf_Model *m;
    CachedTrace **cache;  /* each on its own, so that the traces handed out stay where they are */
    int n_cache;
    SnapDir *snaps;
    int n_snaps;
    CachedEval *evals;
    int n_evals;
    FILE *log;
};

ls_Checker *ls_checker_new(const tf_Model *m)
{
    ls_Checker *c = tf_xcalloc(1, sizeof *c);
    c->m = m;
    return c;
}

void ls_checker_log(ls_Checker *c, void *file)
{
    c->log = file;
}

void ls_checker_free(ls_Checker *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_cache; i++) {
        free(c->cache[i]->sentence);
        if (c->cache[i]->ok) tf_trace_free(&c->cache[i]->tr);
        free(c->cache[i]);
    }
    free(c->cache);
    for (int i = 0; i < c->n_snaps; i++) {
        SnapDir *s = &c->snaps[i];
        for (int k = 0; k < s->n; k++) {
            if (s->loaded[k] && !s->bad[k]) tf_trace_free(&s->traces[k]);
            free(s->paths[k]);
            free(s->why[k]);
        }
        free(s->paths);
        free(s->traces);
        free(s->loaded);
        free(s->bad);
        free(s->why);
        free(s->dir);
    }
    free(c->snaps);
    free(c->evals);
    free(c);
}

/* The interventions of a run, checked against the model. */
static tf_Status run_interv(const tf_Model *m, const ls_Run *r, tf_Interv *iv, tf_Err *err)
{
    memset(iv, 0, sizeof *iv);
    if (r->ablate && r->ablate[0]) {
        tf_Status s = tf_interv_parse_ablate(iv, &m->cfg, r->ablate, err);
        if (s) return s;
    }
    iv->no_pos = r->flags & LS_RUN_NO_POS;
    iv->no_mask = r->flags & LS_RUN_NO_MASK;
    iv->no_scale = r->flags & LS_RUN_NO_SCALE;
    return TF_OK;
}

/* The sentence through the model: tokenise, decode (greedy or beam) with the run's interventions,
 * trace. A decoder without its mask cannot decode: it is traced over the translation written
 * with the other interventions. */
static tf_Status run_sentence(const tf_Model *m, const ls_Run *r, tf_Trace *tr, tf_Err *err)
{
    int *src = NULL, S = 0, *out = NULL, beam = r->beam, prefix = r->prefix;
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    tf_Status s = run_interv(m, r, iv, err);
    if (!s) s = tf_tokenize(&m->src_vocab, r->sentence, &src, &S, err);
    if (!s) s = tf_check_sequence(m, src, S, 0, err);
    if (s) {
        free(src);
        free(iv);
        return s;
    }
    bool no_mask = iv->no_mask;
    iv->no_mask = false;
    int n = beam > 1 ? tf_beam_decode_with(m, iv, src, S, m->cfg.max_len, beam, 0.6, &out, NULL)
                     : tf_greedy_decode_with(m, iv, src, S, m->cfg.max_len, &out, NULL);
    iv->no_mask = no_mask;
    if (n > 0 && out[n - 1] == m->tgt_vocab.eos) n--;
    if (n >= m->cfg.max_len) n = m->cfg.max_len - 1;
    int *tgt = tf_xmalloc((size_t)(n + 1) * sizeof *tgt);
    tgt[0] = m->tgt_vocab.bos;
    if (n > 0) memcpy(tgt + 1, out, (size_t)n * sizeof *out);
    int T = prefix > 0 && prefix < n + 1 ? prefix : n + 1;
    s = tf_trace_sentence_with(m, iv, src, S, tgt, T, NULL, tr, err);
    free(src);
    free(out);
    free(tgt);
    free(iv);
    return s;
}

const tf_Trace *ls_checker_trace(ls_Checker *c, const char *sentence, int beam, tf_Err *err)
{
    ls_Run r = {.sentence = sentence, .beam = beam};
    return ls_checker_run(c, &r, err);
}

const tf_Trace *ls_checker_run(ls_Checker *c, const ls_Run *r, tf_Err *err)
{
    const char *ablate = r->ablate ? r->ablate : "";
    for (int i = 0; i < c->n_cache; i++) {
        CachedTrace *t = c->cache[i];
        if (t->beam == r->beam && t->prefix == r->prefix && t->flags == r->flags && !strcmp(t->ablate, ablate) &&
            !strcmp(t->sentence, r->sentence)) {
            if (t->ok) return &t->tr;
            tf_fail(err, TF_ERR_INPUT, "%s", t->err);
            return NULL;
        }
    }
    c->cache = realloc(c->cache, (size_t)(c->n_cache + 1) * sizeof *c->cache);
    TF_ASSERT(c->cache);
    CachedTrace *t = tf_xcalloc(1, sizeof *t);
    c->cache[c->n_cache++] = t;
    t->sentence = tf_xstrdup(r->sentence);
    t->beam = r->beam;
    t->prefix = r->prefix;
    t->flags = r->flags;
    snprintf(t->ablate, sizeof t->ablate, "%s", ablate);
    tf_Err e;
    t->ok = run_sentence(c->m, r, &t->tr, &e) == TF_OK;
    if (t->ok) return &t->tr;
    snprintf(t->err, sizeof t->err, "%s", e.msg);
    tf_fail(err, TF_ERR_INPUT, "%s", t->err);
    return NULL;
}

tf_Status ls_checker_eval(ls_Checker *c, const ls_Run *r, int n, double *exact, double *bleu, tf_Err *err)
{
    const char *ablate = r->ablate ? r->ablate : "";
    int beam = r->beam < 1 ? 1 : r->beam;
    CachedEval *e = NULL;
    for (int i = 0; i < c->n_evals && !e; i++)
        if (c->evals[i].beam == beam && c->evals[i].n == n && c->evals[i].flags == r->flags &&
            !strcmp(c->evals[i].ablate, ablate))
            e = &c->evals[i];
    if (!e) {
        c->evals = realloc(c->evals, (size_t)(c->n_evals + 1) * sizeof *c->evals);
        TF_ASSERT(c->evals);
        e = &c->evals[c->n_evals++];
        memset(e, 0, sizeof *e);
        snprintf(e->ablate, sizeof e->ablate, "%s", ablate);
        e->flags = r->flags;
        e->beam = beam;
        e->n = n;
        tf_Interv *iv = tf_xmalloc(sizeof *iv);
        tf_Err ee;
        tf_EvalResult res;
        e->ok = !(r->flags & LS_RUN_NO_MASK) && run_interv(c->m, r, iv, &ee) == TF_OK &&
                tf_eval_task_with(c->m, iv, 1, TF_SPLIT_TEST, n, beam, NULL, NULL, &res, &ee) == TF_OK;
        if (r->flags & LS_RUN_NO_MASK) snprintf(ee.msg, sizeof ee.msg, "no-mask: a decoder that sees the future cannot translate");
        if (e->ok) {
            e->exact = res.exact;
            e->bleu = res.bleu;
            tf_eval_free(&res);
        } else {
            snprintf(e->err, sizeof e->err, "%s", ee.msg);
        }
        free(iv);
    }
    if (!e->ok) return tf_fail(err, TF_ERR_INPUT, "%s", e->err);
    *exact = e->exact;
    *bleu = e->bleu;
    return TF_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static SnapDir *snap_dir(ls_Checker *c, const char *dir)
{
    for (int i = 0; i < c->n_snaps; i++)
        if (!strcmp(c->snaps[i].dir, dir)) return &c->snaps[i];
    c->snaps = realloc(c->snaps, (size_t)(c->n_snaps + 1) * sizeof *c->snaps);
    TF_ASSERT(c->snaps);
    SnapDir *s = &c->snaps[c->n_snaps++];
    memset(s, 0, sizeof *s);
    s->dir = tf_xstrdup(dir);
    DIR *dp = opendir(dir);
    if (!dp) return s;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 13 || strcmp(e->d_name + n - 12, ".safetensors") || e->d_name[0] == '.') continue;
        if (s->n == TF_MAX_SNAPSHOTS) break;  /* the rest are not read (TF_MAX_SNAPSHOTS) */
        s->paths = realloc(s->paths, (size_t)(s->n + 1) * sizeof *s->paths);
        TF_ASSERT(s->paths);
        size_t len = strlen(dir) + n + 2;
        s->paths[s->n] = tf_xmalloc(len);
        snprintf(s->paths[s->n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(dp);
    if (s->n > 1) qsort(s->paths, (size_t)s->n, sizeof *s->paths, cmp_str);
    s->traces = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->traces);
    s->loaded = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->loaded);
    s->bad = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->bad);
    s->why = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->why);
    return s;
}

/* Snapshot k of a folder: a trace file, or a model the Figure 3 sentence is run through. */
static const tf_Trace *snap_trace(ls_Checker *c, SnapDir *s, int k, const char **why)
{
    if (!s->loaded[k]) {
        s->loaded[k] = true;
        uint8_t *buf;
        size_t len;
        tf_Err err;
        char why_read[300];
        if (!cli_read_file_max(s->paths[k], SIZE_MAX, &buf, &len, why_read, sizeof why_read)) {
            s->bad[k] = true;
            s->why[k] = tf_xstrdup(why_read);
        } else {
            if (tf_trace_load(buf, len, &s->traces[k], &err) != TF_OK) {
                tf_Model m;
                tf_Err err2;
                if (tf_model_load(buf, len, &m, &err2) == TF_OK) {
                    ls_Run run = {.sentence = ls_scene_sentence(&(ls_Scene){0}), .beam = 1};
                    if (run_sentence(&m, &run, &s->traces[k], &err2) != TF_OK) {
                        s->bad[k] = true;
                        s->why[k] = tf_xstrdup(err2.msg);
                    }
                    tf_model_free(&m);
                } else {
                    s->bad[k] = true;
                    s->why[k] = tf_xstrdup(err.msg);
                }
            }
            cli_free_file(buf, len);
        }
    }
    if (s->bad[k]) {
        *why = s->why[k];
        return NULL;
    }
    (void)c;
    return &s->traces[k];
}

const tf_Trace *ls_checker_scene_trace(ls_Checker *c, const ls_Scene *sc, bool *no_snapshots,
                                       tf_Err *err)
{
    if (no_snapshots) *no_snapshots = false;
    const char *snaps = ls_scene_snapshots(sc);
    if (sc->ablate[0] || sc->interv_flags) {
        if (snaps) {
            tf_fail(err, TF_ERR_INPUT, "intervene: snapshots are traces and cannot be run again; show the model instead (snapshot: none)");
            return NULL;
        }
        ls_Run r = {ls_scene_sentence(sc), sc->beam, 0, sc->ablate, sc->interv_flags};
        return ls_checker_run(c, &r, err);
    }
    const tf_Trace *tr = ls_checker_trace(c, ls_scene_sentence(sc), sc->beam, err);
    if (!tr || !snaps) return tr;
    SnapDir *s = snap_dir(c, snaps);
    if (!s->n) {
        if (no_snapshots) *no_snapshots = true;
        return tr;
    }
    return ls_checker_snapshot(c, snaps, sc->snapshot, 0, err);
}

const tf_Model *ls_checker_model(const ls_Checker *c)
{
    return c->m;
}

/* The step of a snapshot file from its name: ".../step-000400.safetensors" → 400; -1 otherwise. */
static int step_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int step;
    return sscanf(base, "step-%d.safetensors", &step) == 1 ? step : -1;
}

int ls_checker_snapshot_steps(ls_Checker *c, const char *dir, int *steps, int cap)
{
    SnapDir *s = snap_dir(c, dir);
    int n = 0;
    for (int k = 0; k < s->n && n < cap; k++)
        if (step_of(s->paths[k]) >= 0) steps[n++] = step_of(s->paths[k]);
    return n;
}

const tf_Trace *ls_checker_snapshot(ls_Checker *c, const char *dir, int k, int step, tf_Err *err)
{
    SnapDir *s = snap_dir(c, dir);
    if (!s->n) {
        tf_fail(err, TF_ERR_NOTFOUND, "%s holds no snapshots", dir);
        return NULL;
    }
    if (step > 0) {
        k = -2;
        for (int i = 0; i < s->n; i++)
            if (step_of(s->paths[i]) == step) k = i;
        if (k == -2) {
            tf_fail(err, TF_ERR_NOTFOUND, "%s has no snapshot of step %d", dir, step);
            return NULL;
        }
    }
    if (k < 0) k = s->n - 1;
    if (k >= s->n) {
        tf_fail(err, TF_ERR_INPUT, "snapshot %d: %s holds %d snapshots (0-%d)", k, dir, s->n, s->n - 1);
        return NULL;
    }
    const char *why = NULL;
    const tf_Trace *t = snap_trace(c, s, k, &why);
    if (!t) tf_fail(err, TF_ERR_FORMAT, "%s: %s", s->paths[k], why);
    return t;
}

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
        if (ls_claim_eval(c, sc, cl, &v, &holds, why, sizeof why, &err) != TF_OK) {
            ls_diag(d, l->path, cl->line, false, "%s: %s", cl->cmp == LS_CMP_NONE ? "show" : "claim", err.msg);
            all = false;
        } else if (!holds) {
            ls_diag(d, l->path, cl->line, false, "claim does not hold: %s (the claim: %s)", why, cl->src);
        }
        vals[k] = v;
    }
    if (c->log && all && sy->text) {
        char said[2048];
        ls_say_fill(sy->text, sy->items, vals, sy->n, said, sizeof said);
        fprintf(c->log, "%s:%d: %s\n", l->path, dv->line, said);
    }
    free(vals);
}

int ls_check_lesson(ls_Checker *c, const ls_Lesson *l, ls_Diags *d)
{
    int before = d->n_errors;
    check_page_scenes(l, d);
    ls_rules_pages(l, d);
    const tf_Vocab *tv = &c->m->tgt_vocab;
    bool warned_snaps = false;
    unsigned reported = 0;   /* keys whose bad value was reported where it was set */
    for (int i = 0; i < l->n_dirs; i++) {
        const ls_Directive *dv = &l->dirs[i];
        ls_Scene sc;
        ls_scene_after(l, i, &sc);
        tf_Err err;
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
            const ls_Scene *base = &sc;   /* the tensor won the fold; attention follows it */
            const char *want = base->tensor;
            if (base->attn != dv->scene.attn && (dv->scene.set & LS_SET_ATTN))
                ls_diag(d, l->path, field_line(dv, "attention"), false,
                        "attention: %s disagrees with tensor: %s (drop one)", ls_attn_name(dv->scene.attn), want);
            else if (base->layer != dv->scene.layer && (dv->scene.set & LS_SET_LAYER))
                ls_diag(d, l->path, field_line(dv, "layer"), false,
                        "layer: %d disagrees with tensor: %s (drop one)", dv->scene.layer, want);
        }
        /* training snapshots: the scene is shown on a snapshot's trace */
        const tf_Trace *view_tr = tr;
        const char *snaps = ls_scene_snapshots(&sc);
        if (sc.ablate[0] || sc.interv_flags) {
            view_tr = ls_checker_scene_trace(c, &sc, NULL, &err);
            if (!view_tr) {   /* reported by the block that sets it, or that adds snapshots */
                if (dv->scene.set & (LS_SET_INTERV | LS_SET_SNAPSHOTS | LS_SET_SNAPSHOT))
                    ls_diag(d, l->path, field_line(dv, has_field(dv, "intervene") ? "intervene" : "snapshots"),
                            false, "%s", err.msg);
                continue;
            }
        } else if (snaps) {
            bool none;
            view_tr = ls_checker_scene_trace(c, &sc, &none, &err);
            if (!view_tr) {
                ls_diag(d, l->path, field_line(dv, has_field(dv, "snapshot") ? "snapshot" : "snapshots"),
                        false, "%s", err.msg);
                continue;
            }
            if (none && !warned_snaps)
                ls_diag(d, l->path, field_line(dv, "snapshots"), true,
                        "snapshots: no *.safetensors in %s (tfscope train --snapshot-every N "
                        "--snapshot-dir DIR writes them); checked against the model instead", snaps);
            warned_snaps |= none;
        }
        /* keys already reported bad where they were set fall back to their defaults here, so
         * that this block's own keys are still checked */
        unsigned own_set = dv->scene.set;
        if (own_set & LS_SET_TENSOR) own_set |= LS_SET_ATTN | LS_SET_LAYER;
        if (own_set & (LS_SET_ATTN | LS_SET_LAYER)) own_set |= LS_SET_TENSOR;
        unsigned stale = reported & ~own_set;
        if (stale & LS_SET_TENSOR) sc.set &= ~(unsigned)LS_SET_TENSOR;
        if (stale & LS_SET_LAYER) {
            sc.set &= ~(unsigned)(LS_SET_LAYER | LS_SET_ATTN | LS_SET_TENSOR);
            sc.attn = LS_ATTN_NONE;
        }
        if (stale & LS_SET_VIEW) sc.view = LS_VIEW_NONE;
        if (stale & LS_SET_HEADS) sc.set &= ~(unsigned)LS_SET_HEADS;
        if (stale & LS_SET_TOKEN) sc.set &= ~(unsigned)LS_SET_TOKEN;
        if (stale & LS_SET_POSITION) sc.set &= ~(unsigned)LS_SET_POSITION;
        ls_Resolved r;
        if (ls_scene_resolve(&sc, view_tr, tv, &r, &err) != TF_OK) {
            const char *key = set_key(r.failed);
            int line = key && r.failed == LS_SET_HIGHLIGHT ? highlight_line(dv, r.n_highlight)
                     : key ? field_line(dv, key) : dv->line;
            bool own = key && (has_field(dv, key) || (r.failed == LS_SET_TENSOR && has_field(dv, "step")) ||
                               (r.failed == LS_SET_LAYER && has_field(dv, "attention")));
            if (r.failed == LS_SET_TENSOR && !own &&
                (has_field(dv, "attention") || has_field(dv, "layer")))
                line = field_line(dv, has_field(dv, "layer") ? "layer" : "attention"), own = true;
            if (r.failed == LS_SET_LAYER && !own && (has_field(dv, "tensor") || has_field(dv, "step"))) {
                /* the layer in the tensor's name */
                line = field_line(dv, "tensor");
                own = true;
                char msg[sizeof err.msg];
                snprintf(msg, sizeof msg, "%s", err.msg);
                tf_fail(&err, TF_ERR_NOTFOUND, "the trace has no tensor '%s' (%s)", dv->scene.tensor, msg);
            }
            if (own || !key) {
                ls_diag(d, l->path, line, false, "%s", err.msg);
                reported |= r.failed;
            } else if (!(reported & r.failed)) {
                /* a key set earlier that fits no more (after a new sentence, say); once */
                ls_diag(d, l->path, line, false, "%s (the '%s' in force was set earlier and does not "
                        "fit here)", err.msg, key);
                reported |= r.failed;
            }
            continue;
        }
        reported &= ~own_set;   /* keys this block set (again) resolved */
        ls_rules_scene(c, l, i, view_tr, d);
        switch (dv->kind) {
        case LS_DIR_QUIZ: {
            ls_Answer a;
            int line = field_line(dv, "answer");
            if (ls_quiz_answer(&dv->quiz, view_tr, tv, &a, &err) != TF_OK) {
                ls_diag(d, l->path, line, false, "answer: %s", err.msg);
                break;
            }
            if (c->log) {
                char said[1024];
                ls_format(dv->quiz.explain, &a, l->lang, said, sizeof said);
                fprintf(c->log, "%s:%d: %s\n    → %s\n    %s\n", l->path, dv->line, dv->quiz.question,
                        a.text, said);
            }
            ls_Response right, wrong;
            ls_answer_right(&a, view_tr, &right);
            if (!ls_answer_check(&a, &right, view_tr))
                ls_diag(d, l->path, line, false, "answer: the computed answer (%s) is not accepted", a.text);
            if (!ls_answer_wrong(&a, view_tr, &wrong))
                ls_diag(d, l->path, line, false, "answer: every possible pick is right (%s): not a question",
                        a.text);
            else if (ls_answer_check(&a, &wrong, view_tr))
                ls_diag(d, l->path, line, false, "answer: a wrong pick is accepted (%s)", a.text);
            ls_rules_quiz(c, l, i, view_tr, &a, d);
            if (dv->say.n) check_say(c, l, dv, &sc, d);   /* the claims its answer rests on */
            break;
        }
        case LS_DIR_SAY: check_say(c, l, dv, &sc, d); break;
        case LS_DIR_TRY:
            for (int k = 0; k < dv->try_.n_suggest; k++) {
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
                if (ls_trace_dot_variance(view_tr, dv->variance.from, &row, &err) != TF_OK)
                    ls_diag(d, l->path, field_line(dv, "variance"), false, "variance: from=%s: %s",
                            dv->variance.from, err.msg);
            }
            break;
        default: break;
        }
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

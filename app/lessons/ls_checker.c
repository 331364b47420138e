/* ls_checker.c — what `tfscope lesson check` runs, without drawing: a lesson's sentences through a
 * model (greedy or beam, with the interventions a page asks for), evaluations on the test split,
 * and the traces of training snapshots, each computed once and kept for the lessons that follow.
 * The checks themselves are in ls_check.c. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf_limits.h"

#include "cli.h"

#include "ls_checker.h"
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
    bool too_many;        /* more than TF_MAX_SNAPSHOTS: none are read, every use is an error */
} SnapDir;

struct ls_Checker {
    const tf_Model *m;
    CachedTrace **cache;  /* each on its own, so that the traces handed out stay where they are */
    int n_cache;
    size_t cache_bytes;   /* of the traces in cache and in snaps: TF_MAX_CHECK_TRACE_BYTES */
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

void *ls_checker_logfile(const ls_Checker *c)
{
    return c->log;
}

/* What a trace holds in memory: a block of 256 KB or more is mapped in whole 2 MB pages
 * (tf_alloc_big), so a short sentence's trace of 0.6 MB takes 2 MB. */
static size_t trace_bytes(const tf_Trace *tr)
{
    size_t b = tr->arena_cap * sizeof(float) + (size_t)tr->cap_nodes * sizeof *tr->nodes;
    size_t page = (size_t)2 << 20;
    return b >= ((size_t)256 << 10) ? (b + page - 1) / page * page : b;
}

/* The cached traces and snapshots, dropped; the snapshot folders' listings are kept. */
static void forget_traces(ls_Checker *c)
{
    for (int i = 0; i < c->n_cache; i++) {
        free(c->cache[i]->sentence);
        if (c->cache[i]->ok) tf_trace_free(&c->cache[i]->tr);
        free(c->cache[i]);
    }
    free(c->cache);
    c->cache = NULL;
    c->n_cache = 0;
    for (int i = 0; i < c->n_snaps; i++) {
        SnapDir *s = &c->snaps[i];
        for (int k = 0; k < s->n; k++) {
            if (s->loaded[k] && !s->bad[k]) tf_trace_free(&s->traces[k]);
            free(s->why[k]);
            s->why[k] = NULL;
            s->loaded[k] = s->bad[k] = false;
        }
    }
    c->cache_bytes = 0;
}

void ls_checker_trim(ls_Checker *c)
{
    if (c && c->cache_bytes > TF_MAX_CHECK_TRACE_BYTES) forget_traces(c);
}

void ls_checker_free(ls_Checker *c)
{
    if (!c) return;
    forget_traces(c);
    for (int i = 0; i < c->n_snaps; i++) {
        SnapDir *s = &c->snaps[i];
        for (int k = 0; k < s->n; k++) free(s->paths[k]);
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
    if (t->ok) c->cache_bytes += trace_bytes(&t->tr);
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
        if (s->n == TF_MAX_SNAPSHOTS) {
            s->too_many = true;
            break;
        }
        s->paths = realloc(s->paths, (size_t)(s->n + 1) * sizeof *s->paths);
        TF_ASSERT(s->paths);
        size_t len = strlen(dir) + n + 2;
        s->paths[s->n] = tf_xmalloc(len);
        snprintf(s->paths[s->n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(dp);
    if (s->too_many) {
        for (int i = 0; i < s->n; i++) free(s->paths[i]);
        free(s->paths);
        s->paths = NULL;
        s->n = 0;
    }
    if (s->n > 1) qsort(s->paths, (size_t)s->n, sizeof *s->paths, cmp_str);
    s->traces = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->traces);
    s->loaded = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->loaded);
    s->bad = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->bad);
    s->why = tf_xcalloc((size_t)(s->n ? s->n : 1), sizeof *s->why);
    return s;
}

static void too_many(const SnapDir *s, tf_Err *err)
{
    tf_fail(err, TF_ERR_INPUT, "%s holds more than %d snapshots, the limit (TF_MAX_SNAPSHOTS)",
            s->dir, TF_MAX_SNAPSHOTS);
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
        if (!s->bad[k]) c->cache_bytes += trace_bytes(&s->traces[k]);
    }
    if (s->bad[k]) {
        *why = s->why[k];
        return NULL;
    }
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
    if (s->too_many) {
        too_many(s, err);
        return NULL;
    }
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

int ls_checker_snapshot_steps(ls_Checker *c, const char *dir, int *steps, int cap, tf_Err *err)
{
    SnapDir *s = snap_dir(c, dir);
    if (s->too_many) return too_many(s, err), -1;
    int n = 0;
    for (int k = 0; k < s->n && n < cap; k++)
        if (step_of(s->paths[k]) >= 0) steps[n++] = step_of(s->paths[k]);
    return n;
}

const tf_Trace *ls_checker_snapshot(ls_Checker *c, const char *dir, int k, int step, tf_Err *err)
{
    SnapDir *s = snap_dir(c, dir);
    if (s->too_many) {
        too_many(s, err);
        return NULL;
    }
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

/* trace_beam.c — a beam search's log kept with a trace, and its form in the trace file: the
 * metadata "beam", a JSON object {"k", "alpha", "best", "candidates": [{"step", "parent",
 * "token", "id", "logp", "score", "norm", "fate"}…]}. Not the search itself (decode.c). */
#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_in.h"
#include "trace_internal.h"

static const char *FATE_NAMES[TF_BEAM_FATE_COUNT] = {
    [TF_BEAM_KEPT] = "kept", [TF_BEAM_FINISHED] = "finished", [TF_BEAM_PRUNED] = "pruned"};

const char *tf_beam_fate_name(tf_BeamFate f) { return f < TF_BEAM_FATE_COUNT ? FATE_NAMES[f] : "unknown"; }

void tf_trace_beam_free(tf_Trace *tr)
{
    for (int i = 0; tr->beam.text && i < tr->beam.n; i++) free(tr->beam.text[i]);
    free(tr->beam.text);
    free(tr->beam.c);
    memset(&tr->beam, 0, sizeof tr->beam);
}

/* The trace's own log, like `log` but with room for its entries and their text. */
static void alloc_log(tf_Trace *tr, const tf_BeamLog *log)
{
    tf_trace_beam_free(tr);
    tr->beam = (tf_BeamLog){log->K, log->alpha, log->n, log->n, NULL, log->best, NULL};
    tr->beam.c = tf_xcalloc((size_t)(log->n ? log->n : 1), sizeof *tr->beam.c);
    tr->beam.text = tf_xcalloc((size_t)(log->n ? log->n : 1), sizeof *tr->beam.text);
}

void tf_trace_set_beam(tf_Trace *tr, const tf_BeamLog *log, const tf_Vocab *tv)
{
    alloc_log(tr, log);
    memcpy(tr->beam.c, log->c, (size_t)log->n * sizeof *log->c);
    for (int i = 0; i < log->n; i++) tr->beam.text[i] = tf_xstrdup(tv->tokens[log->c[i].token]);
}

/* A double as JSON that reads back to the same bits (cJSON's own printing keeps 15 digits). */
static void add_exact(cJSON *o, const char *key, double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", v);
    cJSON_AddItemToObject(o, key, isfinite(v) ? cJSON_CreateRaw(buf) : cJSON_CreateNull());
}

char *tf_trace_beam_json(const tf_Trace *tr)
{
    const tf_BeamLog *g = &tr->beam;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "k", g->K);
    add_exact(o, "alpha", g->alpha);
    cJSON_AddNumberToObject(o, "best", g->best);
    cJSON *arr = cJSON_AddArrayToObject(o, "candidates");
    for (int i = 0; i < g->n; i++) {
        const tf_BeamCand *c = &g->c[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "step", c->step);
        cJSON_AddNumberToObject(e, "parent", c->parent);
        cJSON_AddStringToObject(e, "token", g->text[i]);
        cJSON_AddNumberToObject(e, "id", c->token);
        add_exact(e, "logp", c->logp);
        add_exact(e, "score", c->score);
        add_exact(e, "norm", c->norm);
        cJSON_AddStringToObject(e, "fate", tf_beam_fate_name(c->fate));
        cJSON_AddItemToArray(arr, e);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    TF_ASSERT(s);
    return s;
}

/* A whole number from lo to hi, or the key is wrong. */
static bool int_of(const cJSON *o, const char *key, int lo, int hi, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    /* the range first: a double past int's converts with undefined behaviour */
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= INT_MIN && v->valuedouble <= INT_MAX) ||
        v->valuedouble != (double)(int)v->valuedouble)
        return false;
    *out = (int)v->valuedouble;
    return *out >= lo && *out <= hi;
}

static bool num_of(const cJSON *o, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = cJSON_IsNumber(v) ? v->valuedouble : 0;
    return cJSON_IsNumber(v);
}

static bool cand_of(const cJSON *e, int i, int vocab, tf_BeamCand *c, const char **text)
{
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(e, "token");
    const cJSON *fate = cJSON_GetObjectItemCaseSensitive(e, "fate");
    int f = -1;
    for (int k = 0; cJSON_IsString(fate) && k < TF_BEAM_FATE_COUNT; k++)
        if (!strcmp(fate->valuestring, FATE_NAMES[k])) f = k;
    c->fate = (tf_BeamFate)f;
    *text = cJSON_IsString(tok) ? tok->valuestring : NULL;
    /* a parent is an earlier entry; step 0 has none */
    return int_of(e, "step", 0, 1 << 20, &c->step) && int_of(e, "parent", -1, i - 1, &c->parent) &&
           (c->parent < 0) == (c->step == 0) && int_of(e, "id", 0, vocab > 0 ? vocab - 1 : INT_MAX, &c->token) &&
           num_of(e, "logp", &c->logp) && num_of(e, "score", &c->score) &&
           num_of(e, "norm", &c->norm) && f >= 0 && *text;
}

tf_Status tf_trace_beam_from_json(tf_Trace *tr, const char *json, tf_Err *err)
{
    cJSON *o = NULL;
    tf_Status ps = tf_json_parse(json, strlen(json), TF_MAX_JSON_VALUES, "metadata 'beam'", &o, err);
    if (ps) return ps;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "candidates"), *e;
    tf_BeamLog g = {0};
    g.n = cJSON_GetArraySize(arr);
    bool ok = cJSON_IsObject(o) && cJSON_IsArray(arr) && int_of(o, "k", 1, 1 << 16, &g.K) &&
              num_of(o, "alpha", &g.alpha) && int_of(o, "best", -1, g.n - 1, &g.best);
    if (ok) {
        alloc_log(tr, &g);
        int i = 0;
        cJSON_ArrayForEach(e, arr) {
            const char *text;
            if (!(ok = cand_of(e, i, tr->cfg.tgt_vocab, &tr->beam.c[i], &text))) break;
            tr->beam.text[i++] = tf_xstrdup(text);
        }
        ok = ok && (g.best < 0 || tr->beam.c[g.best].fate == TF_BEAM_FINISHED);
    }
    cJSON_Delete(o);
    if (ok) return TF_OK;
    tf_trace_beam_free(tr);
    return tf_fail(err, TF_ERR_FORMAT, "metadata 'beam' is not a beam search's log (k, alpha, "
                   "best, candidates with step, parent, token, id, logp, score, norm, fate)");
}

/* trace_load.c — reads a trace file back into a tf_Trace, checking that it is one: the format
 * tag, a steps graph whose every name is an F32 tensor of at most four dimensions and whose inputs
 * are earlier steps, token lists no longer than max_len, and tensors whose shapes are the ones
 * the config and the token counts give them. Each node gets its site from its name
 * (tf_site_parse), once, here. Every count is checked against what the file holds before anything
 * is reserved for it. Not a repair tool: anything inconsistent is an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_in.h"
#include "trace_internal.h"

/* JSON values one step can take: {"name","op","inputs":[4 names],"note","mask"} is about 12. */
#define STEP_VALUES 16

static tf_Status read_tokens(const tf_St *st, const char *key, int max_len, char ***out, int *n,
                            tf_Err *err)
{
    const char *s = tf_st_meta(st, key);
    if (!s) return tf_fail(err, TF_ERR_FORMAT, "metadata %s is missing", key);
    /* a token is a value and a comma: counted before anything is parsed */
    size_t len = strlen(s);
    if (tf_json_count_values(s, len) > (size_t)max_len + 2)
        return tf_fail(err, TF_ERR_FORMAT, "metadata %s lists more tokens than the trace's "
                       "max_len of %d", key, max_len);
    char what[64];
    snprintf(what, sizeof what, "metadata %s", key);
    cJSON *arr;
    tf_Status ps = tf_json_parse(s, len, TF_MAX_JSON_VALUES, what, &arr, err);
    if (ps) return ps;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > max_len) {
        ps = cJSON_IsArray(arr)
                 ? tf_fail(err, TF_ERR_FORMAT, "metadata %s lists %d tokens, more than the "
                           "trace's max_len of %d", key, cJSON_GetArraySize(arr), max_len)
                 : tf_fail(err, TF_ERR_FORMAT, "metadata %s is not a JSON array", key);
        cJSON_Delete(arr);
        return ps;
    }
    *n = cJSON_GetArraySize(arr);
    *out = tf_xcalloc((size_t)*n, sizeof **out);
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) (*out)[i++] = tf_xstrdup(cJSON_IsString(e) ? e->valuestring : "?");
    cJSON_Delete(arr);
    return TF_OK;
}

static tf_Status read_step(const cJSON *o, const tf_St *st, const tf_Names *done, tf_Trace *tr,
                           tf_Err *err)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "op");
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(o, "inputs");
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(o, "note");
    const cJSON *mask = cJSON_GetObjectItemCaseSensitive(o, "mask");
    if (!cJSON_IsString(name) || strlen(name->valuestring) >= TF_NAME_MAX)
        return tf_fail(err, TF_ERR_FORMAT, "steps: an entry has no valid name");
    const tf_StTensor *t = tf_st_find(st, name->valuestring);
    if (!t) return tf_fail(err, TF_ERR_FORMAT, "steps names '%s' but no such tensor is stored",
                           name->valuestring);
    if (t->ndim < 1 || t->ndim > TF_TRACE_DIMS || t->dtype != TF_DT_F32)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' is not F32 with 1 to %d dimensions",
                       t->name, TF_TRACE_DIMS);
    for (int d = 0; d < t->ndim; d++)
        if (t->shape[d] < 1 || t->shape[d] > (1 << 30))
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' has an empty or too large dimension",
                           t->name);
    tf_NodeDecl d = {t->name, cJSON_IsString(op) ? tf_op_from_name(op->valuestring) : TF_OP_COUNT,
                     tf_site_parse(t->name), t->ndim, {0}, 0, {0},
                     cJSON_IsString(mask) && !strcmp(mask->valuestring, "causal") ? TF_MASK_CAUSAL
                                                                                 : TF_MASK_NONE,
                     cJSON_IsString(note) ? note->valuestring : ""};
    const cJSON *e;
    cJSON_ArrayForEach(e, inputs) {
        int k = cJSON_IsString(e) ? tf_names_find(done, e->valuestring) : -1;
        if (k < 0)
            return tf_fail(err, TF_ERR_FORMAT, "steps: '%s' lists an input that is not an earlier "
                           "step", t->name);
        if (d.n_inputs == TF_MAX_INPUTS)
            return tf_fail(err, TF_ERR_FORMAT, "steps: '%s' lists more than %d inputs", t->name,
                           TF_MAX_INPUTS);
        d.in[d.n_inputs++] = k;
    }
    for (int i = 0; i < t->ndim; i++) d.shape[i] = (int)t->shape[i];
    float *dst = tr->nodes[tf_trace_add(tr, &d)].data;
    return tf_st_read_f32(t, dst, err);
}

/* The shape a node at a known site has in a model with config c on S source and T target
 * tokens; 0 for a name tfscope does not know (anything goes). */
static int expected_shape(tf_Site site, const tf_Config *c, int S, int T, int want[TF_TRACE_DIMS])
{
    int H = c->nhead, D = c->d_model, Dk = D / H;
    int rows = site.stack == TF_STACK_SOURCE || site.stack == TF_STACK_ENCODER ? S : T;
    int keys = site.attn == TF_ATTN_DEC ? T : S;
    switch (site.part) {
    case TF_PART_OTHER: return 0;
    case TF_PART_Q: case TF_PART_CONTEXT: memcpy(want, (int[]){H, rows, Dk}, 3 * sizeof *want); return 3;
    case TF_PART_K: case TF_PART_V: memcpy(want, (int[]){H, keys, Dk}, 3 * sizeof *want); return 3;
    case TF_PART_SCORES: case TF_PART_WEIGHTS: memcpy(want, (int[]){H, rows, keys}, 3 * sizeof *want); return 3;
    case TF_PART_FFN_HIDDEN: memcpy(want, (int[]){rows, c->d_ff}, 2 * sizeof *want); return 2;
    case TF_PART_LOGITS: case TF_PART_PROBS: memcpy(want, (int[]){T, c->tgt_vocab}, 2 * sizeof *want); return 2;
    default: memcpy(want, (int[]){rows, D}, 2 * sizeof *want); return 2;
    }
}

static void shape_str(const int *shape, int ndim, char *buf, size_t cap)
{
    size_t k = (size_t)snprintf(buf, cap, "[");
    for (int d = 0; d < ndim && k < cap; d++)
        k += (size_t)snprintf(buf + k, cap - k, "%s%d", d ? ", " : "", shape[d]);
    if (k < cap) snprintf(buf + k, cap - k, "]");
}

/* Every node at a known site lies in the config's layers and has the shape the config and the
 * token counts give it: a trace whose metadata says one model and whose tensors another is not
 * shown as if it were either. */
static tf_Status check_shapes(const tf_Trace *tr, tf_Err *err)
{
    const tf_Config *c = &tr->cfg;
    for (int i = 0; i < tr->n_nodes; i++) {
        const tf_Node *n = &tr->nodes[i];
        int layers = n->site.stack == TF_STACK_ENCODER ? c->n_enc : c->n_dec;
        if (n->site.layer >= layers)
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' is in %s layer %d, but the trace's "
                           "config has %d %s layers", n->name, tf_stack_name(n->site.stack),
                           n->site.layer, layers, tf_stack_name(n->site.stack));
        int want[TF_TRACE_DIMS];
        int nd = expected_shape(n->site, c, tr->n_src, tr->n_tgt, want);
        bool same = !nd || nd == n->ndim;
        for (int d = 0; same && nd && d < nd; d++) same = n->shape[d] == want[d];
        if (!same) {
            char got[64], exp[64];
            shape_str(n->shape, n->ndim, got, sizeof got);
            shape_str(want, nd, exp, sizeof exp);
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' has shape %s, but the trace's config "
                           "(d_model %d, nhead %d, dim_feedforward %d) and its %d source and %d "
                           "target tokens make it %s", n->name, got, c->d_model, c->nhead, c->d_ff,
                           tr->n_src, tr->n_tgt, exp);
        }
    }
    return TF_OK;
}

static tf_Status load_steps(const tf_St *st, tf_Trace *tr, tf_Err *err)
{
    const char *steps = tf_st_meta(st, "steps");
    if (!steps) return tf_fail(err, TF_ERR_FORMAT, "metadata 'steps' is missing");
    /* each step names a stored tensor: no more steps than tensors, checked before parsing */
    size_t max_values = STEP_VALUES * ((size_t)st->n_tensors + 1);
    cJSON *arr;
    tf_Status s = tf_json_parse(steps, strlen(steps),
                                max_values < TF_MAX_JSON_VALUES ? max_values : TF_MAX_JSON_VALUES,
                                "metadata 'steps' (one step for each stored tensor at most)", &arr,
                                err);
    if (s) return s;
    int n_steps = cJSON_GetArraySize(arr);
    if (!cJSON_IsArray(arr))
        s = tf_fail(err, TF_ERR_FORMAT, "metadata 'steps' is not a JSON array");
    else if (n_steps > st->n_tensors)
        s = tf_fail(err, TF_ERR_FORMAT, "metadata 'steps' lists %d steps, but the file stores "
                    "only %d tensors (each step names one)", n_steps, st->n_tensors);
    if (s) {
        cJSON_Delete(arr);
        return s;
    }
    size_t floats = 0;  /* steps are F32 tensors: the arena needs no more than those hold */
    for (int i = 0; i < st->n_tensors; i++)
        if (st->tensors[i].dtype == TF_DT_F32) floats += (size_t)st->tensors[i].numel;
    tf_trace_init(tr, 1, floats, n_steps);
    tf_Names done;  /* the steps read so far, by name */
    tf_names_init(&done, n_steps);
    const cJSON *o;
    cJSON_ArrayForEach(o, arr) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (cJSON_IsString(name) && tf_names_find(&done, name->valuestring) >= 0) {
            s = tf_fail(err, TF_ERR_FORMAT, "steps: '%s' appears twice", name->valuestring);
            break;
        }
        if ((s = read_step(o, st, &done, tr, err))) break;
        const tf_Node *n = &tr->nodes[tr->n_nodes - 1];
        tf_names_add(&done, tf_st_find(st, n->name)->name, tr->n_nodes - 1);
    }
    tf_names_free(&done);
    cJSON_Delete(arr);
    return s;
}

static void keep_extra_meta(const tf_St *st, tf_Trace *tr)
{
    static const char *KNOWN[] = {"steps",  "src_tokens", "tgt_tokens",    "format",
                                  "version", "model",     "interventions", "beam"};
    tr->extra_meta = tf_xcalloc((size_t)st->n_meta, sizeof *tr->extra_meta);
    for (int i = 0; i < st->n_meta; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof KNOWN / sizeof KNOWN[0]; k++)
            known |= !strcmp(st->meta[i].key, KNOWN[k]);
        if (known) continue;
        tr->extra_meta[tr->n_extra_meta].key = tf_xstrdup(st->meta[i].key);
        tr->extra_meta[tr->n_extra_meta].value = tf_xstrdup(st->meta[i].value);
        tr->n_extra_meta++;
    }
}

static tf_Status load_from_st(const tf_St *st, tf_Trace *tr, tf_Err *err)
{
    const char *fmt = tf_st_meta(st, "format");
    if (!fmt || strcmp(fmt, "tfscope-trace"))
        return tf_fail(err, TF_ERR_FORMAT, "not a tfscope trace (metadata format is %s%s%s)",
                       fmt ? "'" : "missing", fmt ? fmt : "", fmt ? "'" : "");
    tf_Config cfg;
    tf_Status s = tf_config_from_meta(st, &cfg, err);
    if (s || (s = load_steps(st, tr, err))) return s;
    tr->cfg = cfg;
    tr->cfg.has_enc_norm = tf_trace_get(tr, "enc.norm") != NULL;
    tr->cfg.has_dec_norm = tf_trace_get(tr, "dec.norm") != NULL;
    const tf_Node *logits = tf_trace_get(tr, "logits");  /* the file names no vocabulary */
    if (logits && logits->ndim == 2) tr->cfg.tgt_vocab = logits->shape[1];
    int max_len = tr->cfg.max_len;
    if ((s = read_tokens(st, "src_tokens", max_len, &tr->src_tokens, &tr->n_src, err))) return s;
    if ((s = read_tokens(st, "tgt_tokens", max_len, &tr->tgt_tokens, &tr->n_tgt, err))) return s;
    if ((s = check_shapes(tr, err))) return s;
    const char *model = tf_st_meta(st, "model");
    cJSON *mj = NULL;
    if (model && tf_json_parse(model, strlen(model), 16, "metadata 'model'", &mj, NULL)) mj = NULL;
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(mj, "file");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(mj, "sha256");
    tf_trace_set_model(tr, cJSON_IsString(file) ? file->valuestring : "",
                       cJSON_IsString(sha) ? sha->valuestring : "");
    cJSON_Delete(mj);
    const char *iv = tf_st_meta(st, "interventions");
    if (iv && (s = tf_interv_from_json(&tr->interv, &tr->cfg, iv, err))) return s;
    const char *beam = tf_st_meta(st, "beam");
    if (beam && (s = tf_trace_beam_from_json(tr, beam, err))) return s;
    keep_extra_meta(st, tr);
    return TF_OK;
}

tf_Status tf_trace_load(const uint8_t *buf, size_t len, tf_Trace *tr, tf_Err *err)
{
    memset(tr, 0, sizeof *tr);
    tf_St st;
    tf_Status s = tf_st_parse(buf, len, &st, err);
    if (s) return s;
    s = load_from_st(&st, tr, err);
    tf_st_free(&st);
    if (s) tf_trace_free(tr);
    return s;
}

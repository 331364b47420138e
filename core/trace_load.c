/* trace_load.c — reads a trace file back into a tf_Trace, checking that it is one: the format
 * tag, a steps graph whose every name is an F32 tensor of at most four dimensions and whose inputs
 * are earlier steps, token lists that agree with the tensor shapes. Each node gets its site from
 * its name (tf_site_parse), once, here. Not a repair tool: anything inconsistent is an error. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "trace_internal.h"

static tf_Status read_tokens(const tf_St *st, const char *key, char ***out, int *n, tf_Err *err)
{
    const char *s = tf_st_meta(st, key);
    if (!s) return tf_fail(err, TF_ERR_FORMAT, "metadata %s is missing", key);
    cJSON *arr = cJSON_Parse(s);
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return tf_fail(err, TF_ERR_FORMAT, "metadata %s is not a JSON array", key);
    }
    *n = cJSON_GetArraySize(arr);
    *out = tf_xcalloc((size_t)*n, sizeof **out);
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) (*out)[i++] = tf_xstrdup(cJSON_IsString(e) ? e->valuestring : "?");
    cJSON_Delete(arr);
    return TF_OK;
}

static tf_Status read_step(const cJSON *o, const tf_St *st, tf_Trace *tr, tf_Err *err)
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
        int k = cJSON_IsString(e) ? tf_trace_index(tr, e->valuestring) : -1;
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

static tf_Status check_tokens(const tf_Trace *tr, tf_Err *err)
{
    static const struct { const char *name; int src; } ROWS[] = {
        {"src.x", 1}, {"tgt.x", 0}, {"logits", 0}};
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
        const tf_Node *n = tf_trace_get(tr, ROWS[i].name);
        int want = ROWS[i].src ? tr->n_src : tr->n_tgt;
        if (n && n->shape[0] != want)
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' has %d rows but the trace lists %d "
                           "%s tokens", n->name, n->shape[0], want, ROWS[i].src ? "source" : "target");
    }
    return TF_OK;
}

static tf_Status load_steps(const tf_St *st, tf_Trace *tr, tf_Err *err)
{
    const char *steps = tf_st_meta(st, "steps");
    if (!steps) return tf_fail(err, TF_ERR_FORMAT, "metadata 'steps' is missing");
    cJSON *arr = cJSON_Parse(steps);
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return tf_fail(err, TF_ERR_FORMAT, "metadata 'steps' is not a JSON array");
    }
    size_t floats = 0;
    for (int i = 0; i < st->n_tensors; i++) floats += (size_t)st->tensors[i].numel;
    int n_steps = cJSON_GetArraySize(arr);
    tf_trace_init(tr, 1, floats, n_steps);
    tf_Status s = TF_OK;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (cJSON_IsString(name) && tf_trace_index(tr, name->valuestring) >= 0) {
            s = tf_fail(err, TF_ERR_FORMAT, "steps: '%s' appears twice", name->valuestring);
            break;
        }
        if ((s = read_step(o, st, tr, err))) break;
    }
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
    tf_Status s = load_steps(st, tr, err);
    if (s) return s;
    if ((s = tf_config_from_meta(st, &tr->cfg, err))) return s;
    /* a name of a layer the config does not have is not a place in this model */
    for (int i = 0; i < tr->n_nodes; i++) {
        tf_Site *site = &tr->nodes[i].site;
        int layers = site->stack == TF_STACK_ENCODER ? tr->cfg.n_enc : tr->cfg.n_dec;
        if (site->layer >= layers) *site = (tf_Site){site->stack, -1, 0, TF_ATTN_NONE, TF_PART_OTHER};
    }
    tr->cfg.has_enc_norm = tf_trace_get(tr, "enc.norm") != NULL;
    tr->cfg.has_dec_norm = tf_trace_get(tr, "dec.norm") != NULL;
    const tf_Node *logits = tf_trace_get(tr, "logits");  /* the file names no vocabulary */
    if (logits && logits->ndim == 2) tr->cfg.tgt_vocab = logits->shape[1];
    if ((s = read_tokens(st, "src_tokens", &tr->src_tokens, &tr->n_src, err))) return s;
    if ((s = read_tokens(st, "tgt_tokens", &tr->tgt_tokens, &tr->n_tgt, err))) return s;
    const char *model = tf_st_meta(st, "model");
    cJSON *mj = model ? cJSON_Parse(model) : NULL;
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
    return check_tokens(tr, err);
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

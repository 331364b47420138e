/* checkpoint.c — training checkpoints as safetensors: tensors "weights", "adam_m", "adam_v"
 * (flat, in the in-memory layout of tf_Weights), metadata with the config, the vocabularies, the
 * step and whatever the caller adds. Restoring gives the same bits, so a resumed run ends with
 * the same model as an uninterrupted one. */
#include "checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tf_Status tf_config_from_meta(const tf_St *st, tf_Config *cfg, tf_Err *err);

static void put_flag(tf_StWriter *w, const char *key, bool v) { tf_stw_meta(w, key, v ? "true" : "false"); }

void tf_checkpoint_save(const tf_Model *m, const tf_TrainState *st, const tf_StMeta *meta, int n,
                        uint8_t **out, size_t *out_len)
{
    tf_StWriter *w = tf_stw_new();
    for (int i = 0; i < n; i++) tf_stw_meta(w, meta[i].key, meta[i].value);
    tf_config_to_meta(&m->cfg, w);
    put_flag(w, "tied_generator", m->cfg.tied_generator);
    put_flag(w, "has_gen_bias", m->cfg.has_gen_bias);
    put_flag(w, "has_enc_norm", m->cfg.has_enc_norm);
    put_flag(w, "has_dec_norm", m->cfg.has_dec_norm);
    char *sv = tf_vocab_to_json(&m->src_vocab), *tv = tf_vocab_to_json(&m->tgt_vocab);
    tf_stw_meta(w, "src_vocab", sv);
    tf_stw_meta(w, "tgt_vocab", tv);
    free(sv);
    free(tv);
    char step[32];
    snprintf(step, sizeof step, "%lld", (long long)st->step);
    tf_stw_meta(w, "step", step);
    tf_stw_meta(w, "format", "tfscope-checkpoint");
    int64_t shape[1] = {(int64_t)m->w.n_floats};
    tf_stw_add(w, "weights", TF_DT_F32, 1, shape, m->w.mem);
    tf_stw_add(w, "adam_m", TF_DT_F32, 1, shape, st->adam_m.mem);
    tf_stw_add(w, "adam_v", TF_DT_F32, 1, shape, st->adam_v.mem);
    tf_stw_finish(w, out, out_len);
}

static bool flag(const tf_St *st, const char *key)
{
    const char *v = tf_st_meta(st, key);
    return v && !strcmp(v, "true");
}

static const tf_StTensor *block(const tf_St *st, const char *name, size_t n, tf_Err *err)
{
    const tf_StTensor *t = tf_st_find(st, name);
    if (!t || t->dtype != TF_DT_F32 || t->ndim != 1 || (size_t)t->numel != n) {
        tf_fail(err, TF_ERR_FORMAT, "tensor '%s' is missing or does not match the configuration "
                "(%zu floats)", name, n);
        return NULL;
    }
    return t;
}

/* The parameter a weights-block element belongs to, for messages. */
static void param_at(const tf_Model *m, size_t k, char *buf, size_t cap)
{
    int n = tf_params(&m->cfg, &m->w, NULL, 0);
    tf_Param *p = tf_xcalloc((size_t)n, sizeof *p);
    tf_params(&m->cfg, &m->w, p, n);
    snprintf(buf, cap, "a slot no parameter uses");
    for (int i = 0; i < n; i++) {
        size_t at = (size_t)(p[i].data - m->w.mem), len = (size_t)p[i].rows * (p[i].cols ? p[i].cols : 1);
        if (k >= at && k < at + len) snprintf(buf, cap, "%s", p[i].name);
    }
    free(p);
}

/* Copies a block in and checks every value: finite, and not negative when it is Adam's second
 * moment (a mean of squares, whose square root the update takes). */
static tf_Status read_block(const tf_StTensor *t, const tf_Model *m, float *dst, bool squares,
                            tf_Err *err)
{
    tf_Status s = tf_st_read_f32(t, dst, err);
    if (s) return s;
    for (size_t k = 0; k < (size_t)t->numel; k++)
        if (!isfinite(dst[k]) || (squares && dst[k] < 0)) {
            char where[200];
            param_at(m, k, where, sizeof where);
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' holds %s at element %zu (%s): the "
                           "checkpoint is damaged", t->name, isnan(dst[k]) ? "NaN"
                           : isinf(dst[k]) ? "Inf" : "a negative second moment", k, where);
        }
    return TF_OK;
}

static tf_Status read_step(const tf_St *st, int64_t *step, tf_Err *err)
{
    const char *s = tf_st_meta(st, "step");
    if (!s) return tf_fail(err, TF_ERR_FORMAT, "metadata 'step' is missing");
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return tf_fail(err, TF_ERR_FORMAT, "metadata 'step' = '%.40s' is not a whole number of "
                       "updates (0 or more)", s);
    *step = v;
    return TF_OK;
}

static tf_Status read_vocabs(const tf_St *st, tf_Vocab *sv, tf_Vocab *tv, tf_Err *err)
{
    const char *sj = tf_st_meta(st, "src_vocab"), *tj = tf_st_meta(st, "tgt_vocab");
    if (!sj || !tj) return tf_fail(err, TF_ERR_FORMAT, "the vocabularies are missing");
    tf_Status s = tf_vocab_from_json(sv, sj, "metadata 'src_vocab'", err);
    if (s) return s;
    if ((s = tf_vocab_from_json(tv, tj, "metadata 'tgt_vocab'", err))) tf_vocab_free(sv);
    return s;
}

static tf_Status restore(const tf_St *st, const tf_TrainConfig *tc, tf_Model *m,
                         tf_TrainState *ts, tf_Err *err)
{
    const char *fmt = tf_st_meta(st, "format");
    if (!fmt || strcmp(fmt, "tfscope-checkpoint"))
        return tf_fail(err, TF_ERR_FORMAT, "not a tfscope training checkpoint");
    tf_Config cfg;
    int64_t step = 0;
    tf_Status s = tf_config_from_meta(st, &cfg, err);
    if (s || (s = read_step(st, &step, err))) return s;
    cfg.tied_generator = flag(st, "tied_generator");
    cfg.has_gen_bias = flag(st, "has_gen_bias");
    cfg.has_enc_norm = flag(st, "has_enc_norm");
    cfg.has_dec_norm = flag(st, "has_dec_norm");
    tf_Vocab sv, tv;
    if ((s = read_vocabs(st, &sv, &tv, err))) return s;
    cfg.src_vocab = sv.n;
    cfg.tgt_vocab = tv.n;
    /* the three blocks the config describes must be in the file before any memory is set aside */
    size_t n = tf_weights_floats(&cfg);
    const tf_StTensor *w = block(st, "weights", n, err), *am = w ? block(st, "adam_m", n, err) : NULL,
                      *av = am ? block(st, "adam_v", n, err) : NULL;
    if (av) tf_model_init(m, &cfg, &sv, &tv);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
    if (!av) return TF_ERR_FORMAT;
    if ((s = tf_train_init(ts, m, tc, err))) return s;
    ts->step = step;
    if ((s = read_block(w, m, m->w.mem, false, err)) ||
        (s = read_block(am, m, ts->adam_m.mem, false, err)) ||
        (s = read_block(av, m, ts->adam_v.mem, true, err)))
        return s;
    return TF_OK;
}

tf_Status tf_checkpoint_check(const tf_Model *m, const tf_TrainState *st, const tf_Config *want,
                              int64_t steps, tf_Err *err)
{
    char diff[160];
    if (tf_config_differs(&m->cfg, want, diff, sizeof diff))
        return tf_fail(err, TF_ERR_INPUT, "the checkpoint's model is not the command's: %s",
                       diff);
    if (st->step > steps)
        return tf_fail(err, TF_ERR_INPUT, "the checkpoint is at step %lld, past this run's "
                       "%lld steps (valid: 0 to %lld)", (long long)st->step, (long long)steps,
                       (long long)steps);
    return TF_OK;
}

tf_Status tf_checkpoint_load(const uint8_t *buf, size_t len, const tf_TrainConfig *tc,
                             tf_Model *m, tf_TrainState *ts, tf_St *meta_out, tf_Err *err)
{
    tf_St st;
    memset(m, 0, sizeof *m);
    memset(ts, 0, sizeof *ts);
    tf_Status s = tf_st_parse(buf, len, &st, err);
    if (s) return s;
    s = restore(&st, tc, m, ts, err);
    if (s) {
        tf_train_free(ts);
        tf_model_free(m);
        tf_st_free(&st);
        return s;
    }
    if (meta_out) {
        /* keep only the metadata; the tensors point into buf */
        for (int i = 0; i < st.n_tensors; i++) free(st.tensors[i].name);
        free(st.tensors);
        tf_names_free(&st.by_name);
        st.tensors = NULL;
        st.n_tensors = 0;
        *meta_out = st;
    } else {
        tf_st_free(&st);
    }
    return TF_OK;
}

/* model.c — configuration, vocabularies and weights of a model file. One table of weight
 * entries (name, PyTorch shape, place in memory) drives loading, validation and saving, so the
 * three cannot disagree. Not the forward pass. */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char name[192];
    int ndim;
    int rows, cols;   /* PyTorch shape: (rows, cols) or (rows) */
    float *dst;       /* in memory; (cols, rows) when transposed */
    int transposed;
    int optional_present;  /* for optional tensors: does the config say it is there */
} Entry;

/* ---- config ---- */

static tf_Status meta_int(const tf_St *st, const char *key, int lo, int hi, int *out, int def,
                          tf_Err *err)
{
    const char *s = tf_st_meta(st, key);
    if (!s) {
        if (def >= 0) {
            *out = def;
            return TF_OK;
        }
        return tf_fail(err, TF_ERR_MODEL, "metadata '%s' is missing", key);
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return tf_fail(err, TF_ERR_MODEL, "metadata '%s' = '%s' is not an integer in [%d, %d]", key,
                       s, lo, hi);
    *out = (int)v;
    return TF_OK;
}

tf_Status tf_config_from_meta(const tf_St *st, tf_Config *cfg, tf_Err *err)
{
    memset(cfg, 0, sizeof *cfg);
    tf_Status s;
    if ((s = meta_int(st, "d_model", 1, 1 << 16, &cfg->d_model, -1, err)) ||
        (s = meta_int(st, "nhead", 1, 1 << 12, &cfg->nhead, -1, err)) ||
        (s = meta_int(st, "num_encoder_layers", 1, 256, &cfg->n_enc, -1, err)) ||
        (s = meta_int(st, "num_decoder_layers", 1, 256, &cfg->n_dec, -1, err)) ||
        (s = meta_int(st, "dim_feedforward", 1, 1 << 20, &cfg->d_ff, -1, err)) ||
        (s = meta_int(st, "max_len", 1, 1 << 16, &cfg->max_len, TF_DEFAULT_MAX_LEN, err)))
        return s;
    if (cfg->d_model % cfg->nhead)
        return tf_fail(err, TF_ERR_MODEL, "nhead = %d does not divide d_model = %d", cfg->nhead,
                       cfg->d_model);
    const char *eps = tf_st_meta(st, "layer_norm_eps");
    char *end = NULL;
    double e = eps ? strtod(eps, &end) : 0;
    if (!eps || end == eps || *end || !(e > 0) || !isfinite(e) || e > 1 || !((float)e > 0))
        return tf_fail(err, TF_ERR_MODEL, "metadata 'layer_norm_eps' %s%s%s is not a number in "
                       "(0, 1] that float32 can hold", eps ? "= '" : "is missing", eps ? eps : "",
                       eps ? "'" : "");
    cfg->ln_eps = (float)e;
    const char *nf = tf_st_meta(st, "norm_first");
    if (nf && strcmp(nf, "true") && strcmp(nf, "false") && strcmp(nf, "True") && strcmp(nf, "False"))
        return tf_fail(err, TF_ERR_MODEL, "metadata 'norm_first' = '%s' is not true or false", nf);
    cfg->norm_first = nf && (!strcmp(nf, "true") || !strcmp(nf, "True"));
    return TF_OK;
}

static void put_int(tf_StWriter *w, const char *key, int v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d", v);
    tf_stw_meta(w, key, buf);
}

void tf_config_to_meta(const tf_Config *cfg, tf_StWriter *w)
{
    char buf[32];
    put_int(w, "d_model", cfg->d_model);
    put_int(w, "nhead", cfg->nhead);
    put_int(w, "num_encoder_layers", cfg->n_enc);
    put_int(w, "num_decoder_layers", cfg->n_dec);
    put_int(w, "dim_feedforward", cfg->d_ff);
    snprintf(buf, sizeof buf, "%.9g", (double)cfg->ln_eps);
    tf_stw_meta(w, "layer_norm_eps", buf);
    tf_stw_meta(w, "norm_first", cfg->norm_first ? "true" : "false");
    put_int(w, "max_len", cfg->max_len);
}

bool tf_config_differs(const tf_Config *a, const tf_Config *b, char *buf, size_t cap)
{
    const struct { const char *name; long long a, b; } F[] = {
        {"d_model", a->d_model, b->d_model},
        {"nhead", a->nhead, b->nhead},
        {"num_encoder_layers", a->n_enc, b->n_enc},
        {"num_decoder_layers", a->n_dec, b->n_dec},
        {"dim_feedforward", a->d_ff, b->d_ff},
        {"norm_first", a->norm_first, b->norm_first},
        {"max_len", a->max_len, b->max_len},
        {"encoder.norm present", a->has_enc_norm, b->has_enc_norm},
        {"decoder.norm present", a->has_dec_norm, b->has_dec_norm},
        {"tied generator", a->tied_generator, b->tied_generator},
        {"generator.bias present", a->has_gen_bias, b->has_gen_bias},
        {"source vocabulary size", a->src_vocab, b->src_vocab},
        {"target vocabulary size", a->tgt_vocab, b->tgt_vocab}};
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (F[i].a != F[i].b) {
            snprintf(buf, cap, "%s %lld, not %lld", F[i].name, F[i].a, F[i].b);
            return true;
        }
    if (a->ln_eps != b->ln_eps) {
        snprintf(buf, cap, "layer_norm_eps %.9g, not %.9g", (double)a->ln_eps, (double)b->ln_eps);
        return true;
    }
    return false;
}

/* ---- the weight table ---- */

/* Where the next tensor goes in the weights block. Without a block (base NULL) the table is
 * laid out for its names and shapes only, and every pointer is NULL. */
typedef struct {
    float *base;
    size_t off;
} Cursor;

static float *carve(Cursor *cur, size_t n)
{
    float *p = cur->base ? cur->base + cur->off : NULL;
    cur->off += n;
    return p;
}

static void add(Entry *e, int *n, const char *name, int rows, int cols, float *dst, int transposed)
{
    Entry *x = &e[(*n)++];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->ndim = cols ? 2 : 1;
    x->rows = rows;
    x->cols = cols;
    x->dst = dst;
    x->transposed = transposed;
    x->optional_present = 1;
}

static void add_linear(Entry *e, int *n, const char *pfx, const char *wname, const char *bname,
                       int out, int in, tf_Linear *l, Cursor *cur)
{
    char name[192];
    l->wt = carve(cur, (size_t)in * out);
    l->b = carve(cur, (size_t)out);
    snprintf(name, sizeof name, "%s.%s", pfx, wname);
    add(e, n, name, out, in, l->wt, 1);
    snprintf(name, sizeof name, "%s.%s", pfx, bname);
    add(e, n, name, out, 0, l->b, 0);
}

static void add_norm(Entry *e, int *n, const char *name, int D, tf_Norm *nm, Cursor *cur)
{
    char buf[192];
    nm->g = carve(cur, (size_t)D);
    nm->b = carve(cur, (size_t)D);
    snprintf(buf, sizeof buf, "%s.weight", name);
    add(e, n, buf, D, 0, nm->g, 0);
    snprintf(buf, sizeof buf, "%s.bias", name);
    add(e, n, buf, D, 0, nm->b, 0);
}

static void add_layer(Entry *e, int *n, const tf_Config *c, const char *stack, int i, int dec,
                      tf_Layer *L, Cursor *cur)
{
    int D = c->d_model, F = c->d_ff;
    char p[96], q[128];
    snprintf(p, sizeof p, "%s.layers.%d", stack, i);
    snprintf(q, sizeof q, "%s.self_attn", p);
    add_linear(e, n, q, "in_proj_weight", "in_proj_bias", 3 * D, D, &L->self_attn.in_proj, cur);
    add_linear(e, n, q, "out_proj.weight", "out_proj.bias", D, D, &L->self_attn.out_proj, cur);
    if (dec) {
        snprintf(q, sizeof q, "%s.multihead_attn", p);
        add_linear(e, n, q, "in_proj_weight", "in_proj_bias", 3 * D, D, &L->cross_attn.in_proj, cur);
        add_linear(e, n, q, "out_proj.weight", "out_proj.bias", D, D, &L->cross_attn.out_proj, cur);
    }
    add_linear(e, n, p, "linear1.weight", "linear1.bias", F, D, &L->ff1, cur);
    add_linear(e, n, p, "linear2.weight", "linear2.bias", D, F, &L->ff2, cur);
    tf_Norm *norms[3] = {&L->norm1, &L->norm2, &L->norm3};
    for (int k = 0; k < (dec ? 3 : 2); k++) {
        snprintf(q, sizeof q, "%s.norm%d", p, k + 1);
        add_norm(e, n, q, D, norms[k], cur);
    }
}

static int max_entries(const tf_Config *c) { return 8 + 16 * c->n_enc + 26 * c->n_dec; }

size_t tf_weights_floats(const tf_Config *c)
{
    size_t D = (size_t)c->d_model, F = (size_t)c->d_ff;
    size_t attn = D * 3 * D + 3 * D + D * D + D, ffn = D * F + F + F * D + D;
    size_t enc = attn + ffn + 4 * D, dec = 2 * attn + ffn + 6 * D;
    return (size_t)c->src_vocab * D + 2 * (size_t)c->tgt_vocab * D + (size_t)c->tgt_vocab +
           (size_t)c->n_enc * enc + (size_t)c->n_dec * dec + 4 * D;
}

/* Lays out the weights of cfg in w->mem and lists the entries. */
static void layout(const tf_Config *c, tf_Weights *w, Entry *e, int *n)
{
    int D = c->d_model, Vs = c->src_vocab, Vt = c->tgt_vocab;
    Cursor cursor = {w->mem, 0}, *cur = &cursor;
    *n = 0;
    w->src_embed = carve(cur, (size_t)Vs * D);
    add(e, n, "src_embed.weight", Vs, D, w->src_embed, 0);
    w->tgt_embed = carve(cur, (size_t)Vt * D);
    add(e, n, "tgt_embed.weight", Vt, D, w->tgt_embed, 0);
    /* tied or not, the generator is kept transposed for the logits kernel */
    w->generator.wt = carve(cur, (size_t)D * Vt);
    add(e, n, "generator.weight", Vt, D, w->generator.wt, 1);
    e[*n - 1].optional_present = !c->tied_generator;
    w->generator.b = carve(cur, (size_t)Vt);
    add(e, n, "generator.bias", Vt, 0, w->generator.b, 0);
    e[*n - 1].optional_present = c->has_gen_bias;
    for (int i = 0; i < c->n_enc; i++)
        add_layer(e, n, c, "encoder", i, 0, &w->enc[i], cur);
    for (int i = 0; i < c->n_dec; i++)
        add_layer(e, n, c, "decoder", i, 1, &w->dec[i], cur);
    add_norm(e, n, "encoder.norm", D, &w->enc_norm, cur);
    e[*n - 1].optional_present = e[*n - 2].optional_present = c->has_enc_norm;
    add_norm(e, n, "decoder.norm", D, &w->dec_norm, cur);
    e[*n - 1].optional_present = e[*n - 2].optional_present = c->has_dec_norm;
    TF_ASSERT(cursor.off == w->n_floats);
}

static Entry *alloc_weights(const tf_Config *c, tf_Weights *w, int *n)
{
    Entry *e = tf_xcalloc((size_t)max_entries(c), sizeof *e);
    memset(w, 0, sizeof *w);
    w->n_floats = tf_weights_floats(c);
    w->mem = tf_alloc_big(w->n_floats * sizeof(float));
    w->enc = tf_xcalloc((size_t)c->n_enc, sizeof *w->enc);
    w->dec = tf_xcalloc((size_t)c->n_dec, sizeof *w->dec);
    layout(c, w, e, n);
    if (!c->has_gen_bias) w->generator.b = NULL;
    if (!c->has_enc_norm) w->enc_norm.g = w->enc_norm.b = NULL;
    if (!c->has_dec_norm) w->dec_norm.g = w->dec_norm.b = NULL;
    return e;
}

/* ---- loading ---- */

/* dst (cols, rows) = src (rows, cols), in 16×16 tiles so reads and writes both stay in cache.
 * src is raw little-endian bytes, possibly unaligned. */
static void transpose(float *dst, const uint8_t *src, int rows, int cols)
{
    enum { B = 16 };
    float tile[B][B];
    for (int r0 = 0; r0 < rows; r0 += B)
        for (int c0 = 0; c0 < cols; c0 += B) {
            int nr = rows - r0 < B ? rows - r0 : B, nc = cols - c0 < B ? cols - c0 : B;
            for (int r = 0; r < nr; r++)
                memcpy(tile[r], src + 4 * ((size_t)(r0 + r) * cols + c0), (size_t)nc * 4);
            for (int c = 0; c < nc; c++)
                for (int r = 0; r < nr; r++) dst[(size_t)(c0 + c) * rows + r0 + r] = tile[r][c];
        }
}

/* The entry's tensor is in the file with the entry's shape and dtype: nothing is read yet. */
static tf_Status check_entry(const tf_St *st, const Entry *x, const tf_StTensor **found,
                             tf_Err *err)
{
    const tf_StTensor *t = *found = tf_st_find(st, x->name);
    if (!t) return tf_fail(err, TF_ERR_MODEL, "tensor '%s' is missing", x->name);
    int64_t want[2] = {x->rows, x->cols};
    int shape_ok = t->ndim == x->ndim;
    for (int d = 0; shape_ok && d < x->ndim; d++) shape_ok = t->shape[d] == want[d];
    if (!shape_ok) {
        char got[96] = "", exp[48];
        for (int d = 0; d < t->ndim; d++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%lld", d ? ", " : "",
                     (long long)t->shape[d]);
        if (x->ndim == 2) snprintf(exp, sizeof exp, "[%d, %d]", x->rows, x->cols);
        else snprintf(exp, sizeof exp, "[%d]", x->rows);
        return tf_fail(err, TF_ERR_MODEL, "tensor '%s' has shape [%s], expected %s", x->name, got,
                       exp);
    }
    if (t->dtype != TF_DT_F32)
        return tf_fail(err, TF_ERR_MODEL, "tensor '%s' has dtype %s; only F32 is supported",
                       x->name, tf_dtype_name(t->dtype));
    return TF_OK;
}

/* Every tensor the config asks for is there with its shape, and nothing else is: so the weights
 * block, sized from the config, is no larger than what the file holds, and is only set aside
 * once that is known. */
static tf_Status check_tensors(const tf_St *st, const tf_Config *c, tf_Err *err)
{
    tf_Weights none = {0};
    none.enc = tf_xcalloc((size_t)c->n_enc, sizeof *none.enc);
    none.dec = tf_xcalloc((size_t)c->n_dec, sizeof *none.dec);
    none.n_floats = tf_weights_floats(c);
    Entry *e = tf_xcalloc((size_t)max_entries(c), sizeof *e);
    int n = 0;
    layout(c, &none, e, &n);
    bool *used = tf_xcalloc((size_t)st->n_tensors, sizeof *used);
    tf_Status s = TF_OK;
    for (int i = 0; i < n && !s; i++) {
        const tf_StTensor *t;
        if (e[i].optional_present && !(s = check_entry(st, &e[i], &t, err)))
            used[t - st->tensors] = true;
    }
    for (int i = 0; i < st->n_tensors && !s; i++)
        if (!used[i])
            s = tf_fail(err, TF_ERR_MODEL, "unexpected tensor '%s' (the metadata describes %d "
                        "encoder and %d decoder layers)", st->tensors[i].name, c->n_enc, c->n_dec);
    free(used);
    free(e);
    free(none.enc);
    free(none.dec);
    return s;
}

/* Copies a checked entry's tensor into the weights block, refusing NaN and Inf. */
static tf_Status load_entry(const tf_St *st, const Entry *x, tf_Err *err)
{
    const tf_StTensor *t = tf_st_find(st, x->name);
    /* NaN and Inf have every exponent bit set: one vectorisable pass over the raw words */
    size_t n = (size_t)t->numel;
    const uint8_t *raw = t->data;
    uint32_t any = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, raw + 4 * i, 4);
        any |= (uint32_t)((u & 0x7f800000u) == 0x7f800000u);
    }
    if (any)
        for (size_t i = 0; i < n; i++) {
            float v;
            memcpy(&v, raw + 4 * i, 4);
            if (!isfinite(v))
                return tf_fail(err, TF_ERR_MODEL, "tensor '%s' holds %s at element %zu", x->name,
                               isnan(v) ? "NaN" : "Inf", i);
        }
    if (!x->transposed) {
        memcpy(x->dst, raw, n * sizeof(float));
        return TF_OK;
    }
    transpose(x->dst, raw, x->rows, x->cols);
    return TF_OK;
}

static tf_Status load_vocabs(const tf_St *st, tf_Model *m, tf_Err *err)
{
    const char *sv = tf_st_meta(st, "src_vocab"), *tv = tf_st_meta(st, "tgt_vocab");
    if (!sv) return tf_fail(err, TF_ERR_MODEL, "metadata 'src_vocab' is missing");
    if (!tv) return tf_fail(err, TF_ERR_MODEL, "metadata 'tgt_vocab' is missing");
    tf_Status s = tf_vocab_from_json(&m->src_vocab, sv, "metadata 'src_vocab'", err);
    if (s) return s;
    return tf_vocab_from_json(&m->tgt_vocab, tv, "metadata 'tgt_vocab'", err);
}

static void keep_extra_meta(const tf_St *st, tf_Model *m)
{
    static const char *KNOWN[] = {"d_model", "nhead", "num_encoder_layers", "num_decoder_layers",
                                  "dim_feedforward", "layer_norm_eps", "norm_first", "max_len",
                                  "src_vocab", "tgt_vocab"};
    m->extra_meta = tf_xcalloc((size_t)st->n_meta, sizeof *m->extra_meta);
    for (int i = 0; i < st->n_meta; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof KNOWN / sizeof KNOWN[0]; k++) known |= !strcmp(st->meta[i].key, KNOWN[k]);
        if (known) continue;
        m->extra_meta[m->n_extra_meta].key = tf_xstrdup(st->meta[i].key);
        m->extra_meta[m->n_extra_meta].value = tf_xstrdup(st->meta[i].value);
        m->n_extra_meta++;
    }
}

static tf_Status check_vocab_shapes(const tf_St *st, tf_Model *m, tf_Err *err)
{
    static const struct { const char *name; int src; } EMB[] = {
        {"src_embed.weight", 1}, {"tgt_embed.weight", 0}, {"generator.weight", 0}};
    for (size_t i = 0; i < 3; i++) {
        const tf_StTensor *t = tf_st_find(st, EMB[i].name);
        int V = EMB[i].src ? m->src_vocab.n : m->tgt_vocab.n;
        if (t && t->ndim >= 1 && t->shape[0] != V)
            return tf_fail(err, TF_ERR_MODEL, "tensor '%s' has %lld rows but metadata '%s' lists "
                           "%d tokens", EMB[i].name, (long long)t->shape[0],
                           EMB[i].src ? "src_vocab" : "tgt_vocab", V);
    }
    return TF_OK;
}

tf_Status tf_model_from_st(const tf_St *st, tf_Model *m, tf_Err *err)
{
    memset(m, 0, sizeof *m);
    tf_Config *c = &m->cfg;
    tf_Status s = tf_config_from_meta(st, c, err);
    if (!s) s = load_vocabs(st, m, err);
    if (!s) s = check_vocab_shapes(st, m, err);
    if (s) {
        tf_model_free(m);
        return s;
    }
    c->src_vocab = m->src_vocab.n;
    c->tgt_vocab = m->tgt_vocab.n;
    c->tied_generator = !tf_st_find(st, "generator.weight");
    c->has_gen_bias = tf_st_find(st, "generator.bias") != NULL;
    c->has_enc_norm = tf_st_find(st, "encoder.norm.weight") || tf_st_find(st, "encoder.norm.bias");
    c->has_dec_norm = tf_st_find(st, "decoder.norm.weight") || tf_st_find(st, "decoder.norm.bias");
    if ((s = check_tensors(st, c, err))) {
        tf_model_free(m);
        return s;
    }
    int n = 0;
    Entry *e = alloc_weights(c, &m->w, &n);
    for (int i = 0; i < n && !s; i++)
        if (e[i].optional_present) s = load_entry(st, &e[i], err);
    if (!s) tf_model_sync_tied(m);
    free(e);
    if (!s) keep_extra_meta(st, m);
    else tf_model_free(m);
    return s;
}

tf_Status tf_model_load(const uint8_t *buf, size_t len, tf_Model *m, tf_Err *err)
{
    tf_St st;
    memset(m, 0, sizeof *m);
    tf_Status s = tf_st_parse(buf, len, &st, err);
    if (s) return s;
    s = tf_model_from_st(&st, m, err);
    tf_st_free(&st);
    return s;
}

void tf_model_free(tf_Model *m)
{
    tf_free_big(m->w.mem, m->w.n_floats * sizeof(float));
    free(m->w.enc);
    free(m->w.dec);
    tf_vocab_free(&m->src_vocab);
    tf_vocab_free(&m->tgt_vocab);
    for (int i = 0; i < m->n_extra_meta; i++) {
        free(m->extra_meta[i].key);
        free(m->extra_meta[i].value);
    }
    free(m->extra_meta);
    memset(m, 0, sizeof *m);
}

void tf_model_init(tf_Model *m, const tf_Config *cfg, const tf_Vocab *src, const tf_Vocab *tgt)
{
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    m->cfg.src_vocab = src->n;
    m->cfg.tgt_vocab = tgt->n;
    tf_vocab_copy(&m->src_vocab, src);
    tf_vocab_copy(&m->tgt_vocab, tgt);
    int n = 0;
    free(alloc_weights(&m->cfg, &m->w, &n));
    tf_Norm *all[3];
    for (int i = 0; i < m->cfg.n_enc + m->cfg.n_dec; i++) {
        tf_Layer *L = i < m->cfg.n_enc ? &m->w.enc[i] : &m->w.dec[i - m->cfg.n_enc];
        all[0] = &L->norm1, all[1] = &L->norm2, all[2] = i < m->cfg.n_enc ? NULL : &L->norm3;
        for (int k = 0; k < 3; k++)
            for (int d = 0; all[k] && d < m->cfg.d_model; d++) all[k]->g[d] = 1.0f;
    }
    for (int d = 0; d < m->cfg.d_model; d++) {
        if (m->w.enc_norm.g) m->w.enc_norm.g[d] = 1.0f;
        if (m->w.dec_norm.g) m->w.dec_norm.g[d] = 1.0f;
    }
}

void tf_model_save(const tf_Model *m, uint8_t **out, size_t *out_len)
{
    int n = 0;
    Entry *e = tf_xcalloc((size_t)max_entries(&m->cfg), sizeof *e);
    tf_Weights w = m->w;
    layout(&m->cfg, &w, e, &n);
    tf_StWriter *wr = tf_stw_new();
    for (int i = 0; i < m->n_extra_meta; i++) tf_stw_meta(wr, m->extra_meta[i].key, m->extra_meta[i].value);
    tf_config_to_meta(&m->cfg, wr);
    char *sv = tf_vocab_to_json(&m->src_vocab), *tv = tf_vocab_to_json(&m->tgt_vocab);
    tf_stw_meta(wr, "src_vocab", sv);
    tf_stw_meta(wr, "tgt_vocab", tv);
    free(sv);
    free(tv);
    float *tmp = NULL;
    for (int i = 0; i < n; i++) {
        const Entry *x = &e[i];
        if (!x->optional_present) continue;
        size_t cnt = (size_t)x->rows * (size_t)(x->cols ? x->cols : 1);
        const float *src = x->dst;
        if (x->transposed) {
            tmp = realloc(tmp, cnt * sizeof(float));
            TF_ASSERT(tmp);
            for (int r = 0; r < x->rows; r++)
                for (int c = 0; c < x->cols; c++) tmp[(size_t)r * x->cols + c] = x->dst[(size_t)c * x->rows + r];
            src = tmp;
        }
        int64_t shape[2] = {x->rows, x->cols};
        tf_stw_add(wr, x->name, TF_DT_F32, x->ndim, shape, src);
    }
    free(tmp);
    free(e);
    tf_stw_finish(wr, out, out_len);
}

/* ---- fresh weights ---- */

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform01(uint64_t *s) { return ((double)(splitmix64(s) >> 11) + 0.5) / 9007199254740992.0; }

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

void tf_model_randomize(tf_Model *m, uint64_t seed)
{
    int n = 0;
    Entry *e = tf_xcalloc((size_t)max_entries(&m->cfg), sizeof *e);
    tf_Weights w = m->w;
    layout(&m->cfg, &w, e, &n);
    uint64_t rng = seed ^ 0x5eedf00dull;
    for (int i = 0; i < n; i++) {
        const Entry *x = &e[i];
        if (!x->optional_present) continue;
        size_t cnt = (size_t)x->rows * (size_t)(x->cols ? x->cols : 1);
        if (x->ndim == 2 && x->transposed) {
            double bound = sqrt(6.0 / (x->rows + x->cols));
            for (size_t k = 0; k < cnt; k++) x->dst[k] = (float)((2.0 * uniform01(&rng) - 1.0) * bound);
        } else if (x->ndim == 2) {
            double sd = 1.0 / sqrt((double)m->cfg.d_model);
            for (size_t k = 0; k < cnt; k++)
                x->dst[k] = (float)(sd * sqrt(-2.0 * log(uniform01(&rng))) *
                                    cos(6.283185307179586 * uniform01(&rng)));
        } else {
            float v = strstr(x->name, "norm") && ends_with(x->name, ".weight") ? 1.0f : 0.0f;
            for (size_t k = 0; k < cnt; k++) x->dst[k] = v;
        }
    }
    free(e);
    tf_model_sync_tied(m);
}

void tf_model_sync_tied(tf_Model *m)
{
    if (!m->cfg.tied_generator) return;
    int V = m->cfg.tgt_vocab, D = m->cfg.d_model;
    for (int v = 0; v < V; v++)
        for (int d = 0; d < D; d++) m->w.generator.wt[(size_t)d * V + v] = m->w.tgt_embed[(size_t)v * D + d];
}

/* ---- the parameter list ---- */

int tf_params(const tf_Config *c, const tf_Weights *w, tf_Param *out, int cap)
{
    /* the entry table of the model file, laid over w's block */
    int n = 0, k = 0;
    Entry *e = tf_xcalloc((size_t)max_entries(c), sizeof *e);
    tf_Weights at = {.mem = w->mem, .n_floats = tf_weights_floats(c)};
    at.enc = tf_xcalloc((size_t)c->n_enc, sizeof *at.enc);
    at.dec = tf_xcalloc((size_t)c->n_dec, sizeof *at.dec);
    layout(c, &at, e, &n);
    for (int i = 0; i < n; i++) {
        if (!e[i].optional_present) continue;
        if (k < cap) {
            tf_Param *p = &out[k];
            snprintf(p->name, sizeof p->name, "%s", e[i].name);
            p->data = e[i].dst;
            p->rows = e[i].rows;
            p->cols = e[i].cols;
            p->transposed = e[i].transposed;
        }
        k++;
    }
    free(at.enc);
    free(at.dec);
    free(e);
    return k;
}

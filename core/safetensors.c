/* safetensors.c — the safetensors container, read from and written to memory.
 * The JSON header is parsed with cJSON (the one JSON parser of the project); everything else is
 * plain C. Not a validator of what the tensors mean: model.c and trace.c do that. */
#include "safetensors.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json_in.h"
#include "json_out.h"

static const struct {
    const char *name;
    size_t size;
} DTYPES[TF_DT_COUNT] = {
    [TF_DT_F32] = {"F32", 4}, [TF_DT_F64] = {"F64", 8},  [TF_DT_F16] = {"F16", 2},
    [TF_DT_BF16] = {"BF16", 2}, [TF_DT_I64] = {"I64", 8}, [TF_DT_I32] = {"I32", 4},
    [TF_DT_I16] = {"I16", 2}, [TF_DT_I8] = {"I8", 1},    [TF_DT_U8] = {"U8", 1},
    [TF_DT_BOOL] = {"BOOL", 1},
};

const char *tf_dtype_name(tf_DType dt) { return dt < TF_DT_COUNT ? DTYPES[dt].name : "?"; }
size_t tf_dtype_size(tf_DType dt) { return dt < TF_DT_COUNT ? DTYPES[dt].size : 0; }

static int dtype_from_name(const char *s)
{
    for (int i = 0; i < TF_DT_COUNT; i++)
        if (!strcmp(s, DTYPES[i].name)) return i;
    return -1;
}

static int cmp_offset(const void *a, const void *b)
{
    const tf_StTensor *x = a, *y = b;
    if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
    return x->nbytes < y->nbytes ? -1 : x->nbytes > y->nbytes;
}

static tf_Status parse_meta(const cJSON *meta, tf_St *st, tf_Err *err)
{
    if (!cJSON_IsObject(meta))
        return tf_fail(err, TF_ERR_FORMAT, "header field __metadata__ is not an object");
    int n = cJSON_GetArraySize(meta);
    if (n > TF_MAX_ST_META)
        return tf_fail(err, TF_ERR_FORMAT, "__metadata__ has %d keys; the limit is %d", n,
                       TF_MAX_ST_META);
    st->meta = tf_xcalloc((size_t)n, sizeof *st->meta);
    tf_names_init(&st->meta_by_key, n);
    const cJSON *e;
    cJSON_ArrayForEach(e, meta) {
        if (!cJSON_IsString(e))
            return tf_fail(err, TF_ERR_FORMAT, "metadata value '%s' is not a string", e->string);
        tf_StMeta *m = &st->meta[st->n_meta];
        m->key = tf_xstrdup(e->string);
        m->value = tf_xstrdup(e->valuestring);
        st->n_meta++;
        if (tf_names_add(&st->meta_by_key, m->key, st->n_meta - 1) >= 0)
            return tf_fail(err, TF_ERR_FORMAT, "metadata key '%s' appears twice", m->key);
    }
    return TF_OK;
}

static tf_Status parse_tensor(const cJSON *e, size_t data_len, tf_StTensor *t, tf_Err *err)
{
    const char *name = e->string;
    if (!cJSON_IsObject(e)) return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': not an object", name);
    const cJSON *dt = cJSON_GetObjectItemCaseSensitive(e, "dtype");
    const cJSON *shape = cJSON_GetObjectItemCaseSensitive(e, "shape");
    const cJSON *offs = cJSON_GetObjectItemCaseSensitive(e, "data_offsets");
    if (!cJSON_IsString(dt)) return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': no dtype", name);
    int dtype = dtype_from_name(dt->valuestring);
    if (dtype < 0)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': unknown dtype '%s'", name,
                       dt->valuestring);
    if (!cJSON_IsArray(shape) || cJSON_GetArraySize(shape) > TF_ST_MAX_DIMS)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': shape is not an array of at most %d "
                       "dimensions", name, TF_ST_MAX_DIMS);
    t->name = tf_xstrdup(name);
    t->dtype = (tf_DType)dtype;
    t->numel = 1;
    const cJSON *d;
    cJSON_ArrayForEach(d, shape) {
        if (!cJSON_IsNumber(d) || d->valuedouble < 0 || d->valuedouble > 1e12 ||
            d->valuedouble != (double)(int64_t)d->valuedouble)
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': shape entry is not a size", name);
        t->shape[t->ndim++] = (int64_t)d->valuedouble;
        if (t->numel > 0 && (int64_t)d->valuedouble > ((int64_t)1 << 40) / t->numel)
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': shape too large", name);
        t->numel *= (int64_t)d->valuedouble;
    }
    if (!cJSON_IsArray(offs) || cJSON_GetArraySize(offs) != 2)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': data_offsets is not [begin, end]", name);
    double b = cJSON_GetArrayItem(offs, 0)->valuedouble, en = cJSON_GetArrayItem(offs, 1)->valuedouble;
    if (!cJSON_IsNumber(cJSON_GetArrayItem(offs, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(offs, 1))
        || !(b >= 0) || !(en >= b))
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': data_offsets are not valid", name);
    if (en > (double)data_len)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': data_offsets [%.0f, %.0f] lie outside "
                       "the file's %zu data bytes: the file is truncated or its header is wrong",
                       name, b, en, data_len);
    /* within the data now, so whole numbers convert without overflow */
    if (b != (double)(int64_t)b || en != (double)(int64_t)en)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': data_offsets are not valid", name);
    t->offset = (size_t)b;
    t->nbytes = (size_t)(en - b);
    if ((uint64_t)t->numel * tf_dtype_size(t->dtype) != t->nbytes)
        return tf_fail(err, TF_ERR_FORMAT, "tensor '%s': %zu data bytes do not hold its shape "
                       "(%lld %s elements)", name, t->nbytes, (long long)t->numel,
                       tf_dtype_name(t->dtype));
    return TF_OK;
}

static tf_Status parse_header(const cJSON *root, const uint8_t *data, size_t data_len, tf_St *st,
                              tf_Err *err)
{
    if (!cJSON_IsObject(root)) return tf_fail(err, TF_ERR_FORMAT, "header is not a JSON object");
    int n = cJSON_GetArraySize(root);
    if (n > TF_MAX_ST_TENSORS + 1)
        return tf_fail(err, TF_ERR_FORMAT, "header lists %d entries; the limit is %d tensors", n,
                       TF_MAX_ST_TENSORS);
    st->tensors = tf_xcalloc((size_t)n, sizeof *st->tensors);
    tf_names_init(&st->by_name, n);
    const cJSON *e;
    cJSON_ArrayForEach(e, root) {
        if (!e->string) return tf_fail(err, TF_ERR_FORMAT, "header entry without a name");
        if (!strcmp(e->string, "__metadata__")) {
            if (st->meta) return tf_fail(err, TF_ERR_FORMAT, "header: __metadata__ appears twice");
            tf_Status s = parse_meta(e, st, err);
            if (s) return s;
            continue;
        }
        if (tf_names_find(&st->by_name, e->string) >= 0)
            return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' appears twice", e->string);
        if (st->n_tensors == TF_MAX_ST_TENSORS)
            return tf_fail(err, TF_ERR_FORMAT, "header lists more than %d tensors (the limit)",
                           TF_MAX_ST_TENSORS);
        tf_StTensor *t = &st->tensors[st->n_tensors++];
        tf_Status s = parse_tensor(e, data_len, t, err);
        if (t->name) tf_names_add(&st->by_name, t->name, st->n_tensors - 1);
        if (s) return s;
        t->data = data + t->offset;
    }
    if (st->n_tensors) qsort(st->tensors, (size_t)st->n_tensors, sizeof *st->tensors, cmp_offset);
    /* the ids of the index were positions before the sort */
    tf_names_free(&st->by_name);
    tf_names_init(&st->by_name, st->n_tensors);
    for (int i = 0; i < st->n_tensors; i++) tf_names_add(&st->by_name, st->tensors[i].name, i);
    /* in offset order, a tensor overlaps when it starts before the furthest end seen so far;
     * empty tensors overlap nothing, and must not hide the overlap of their neighbours */
    const tf_StTensor *reach = NULL;
    for (int i = 0; i < st->n_tensors; i++) {
        const tf_StTensor *b = &st->tensors[i];
        if (!b->nbytes) continue;
        if (reach && reach->offset + reach->nbytes > b->offset)
            return tf_fail(err, TF_ERR_FORMAT, "tensors '%s' and '%s' have overlapping data",
                           reach->name, b->name);
        if (!reach || b->offset + b->nbytes > reach->offset + reach->nbytes) reach = b;
    }
    return TF_OK;
}

tf_Status tf_st_parse(const uint8_t *buf, size_t len, tf_St *st, tf_Err *err)
{
    memset(st, 0, sizeof *st);
    if (len < 8)
        return tf_fail(err, TF_ERR_FORMAT, "file is %zu bytes, too short for a safetensors "
                       "header (8-byte length first)", len);
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | buf[i];
    if (hlen > len - 8)
        return tf_fail(err, TF_ERR_FORMAT, "header length %llu runs past the end of the file "
                       "(%zu bytes): truncated or not a safetensors file",
                       (unsigned long long)hlen, len);
    if (hlen > TF_MAX_ST_HEADER_BYTES)
        return tf_fail(err, TF_ERR_FORMAT, "header length %llu is over the limit of %u bytes",
                       (unsigned long long)hlen, TF_MAX_ST_HEADER_BYTES);
    const char *json = (const char *)buf + 8;
    size_t jlen = 0;
    while (jlen < hlen && json[jlen]) jlen++;
    /* an embedded NUL: only trailing padding of NULs is tolerated */
    for (size_t i = jlen; i < hlen; i++)
        if (json[i]) return tf_fail(err, TF_ERR_FORMAT, "header contains a NUL byte");
    cJSON *root;
    tf_Status ps = tf_json_parse(json, jlen, TF_MAX_JSON_VALUES, "header", &root, err);
    if (ps) return ps;
    tf_Status s = parse_header(root, buf + 8 + hlen, len - 8 - (size_t)hlen, st, err);
    cJSON_Delete(root);
    if (s) tf_st_free(st);
    return s;
}

void tf_st_free(tf_St *st)
{
    for (int i = 0; i < st->n_tensors; i++) free(st->tensors[i].name);
    for (int i = 0; i < st->n_meta; i++) {
        free(st->meta[i].key);
        free(st->meta[i].value);
    }
    free(st->tensors);
    free(st->meta);
    tf_names_free(&st->by_name);
    tf_names_free(&st->meta_by_key);
    memset(st, 0, sizeof *st);
}

const tf_StTensor *tf_st_find(const tf_St *st, const char *name)
{
    int i = tf_names_find(&st->by_name, name);
    return i >= 0 ? &st->tensors[i] : NULL;
}

const char *tf_st_meta(const tf_St *st, const char *key)
{
    int i = tf_names_find(&st->meta_by_key, key);
    return i >= 0 ? st->meta[i].value : NULL;
}

/* Little-endian bytes to host values; the project targets little-endian hosts, and says so. */
tf_Status tf_st_read_f32(const tf_StTensor *t, float *dst, tf_Err *err)
{
    if (t->dtype == TF_DT_F32) {
        memcpy(dst, t->data, t->nbytes);
        return TF_OK;
    }
    if (t->dtype == TF_DT_F64) {
        for (int64_t i = 0; i < t->numel; i++) {
            double v;
            memcpy(&v, t->data + 8 * i, 8);
            dst[i] = (float)v;
        }
        return TF_OK;
    }
    return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' has dtype %s; only F32 is supported", t->name,
                   tf_dtype_name(t->dtype));
}

tf_Status tf_st_read_f64(const tf_StTensor *t, double *dst, tf_Err *err)
{
    if (t->dtype == TF_DT_F64) {
        memcpy(dst, t->data, t->nbytes);
        return TF_OK;
    }
    if (t->dtype == TF_DT_F32) {
        for (int64_t i = 0; i < t->numel; i++) {
            float v;
            memcpy(&v, t->data + 4 * i, 4);
            dst[i] = v;
        }
        return TF_OK;
    }
    return tf_fail(err, TF_ERR_FORMAT, "tensor '%s' has dtype %s; expected F32 or F64", t->name,
                   tf_dtype_name(t->dtype));
}

/* ---- writer ---- */

typedef struct {
    char *name;
    tf_DType dtype;
    int ndim;
    int64_t shape[TF_ST_MAX_DIMS];
    size_t offset, nbytes;
} WTensor;

struct tf_StWriter {
    tf_StMeta *meta;        /* in order; a key set twice moves to the end, as in a cJSON object */
    int n_meta, cap_meta;
    WTensor *t;
    int n, cap;
    uint8_t *data;          /* tf_stw_add's copies */
    size_t len, cap_data;
    size_t data_len;        /* the data section as laid out so far */
};

tf_StWriter *tf_stw_new(void)
{
    return tf_xcalloc(1, sizeof(tf_StWriter));
}

void tf_stw_meta(tf_StWriter *w, const char *key, const char *value)
{
    for (int i = 0; i < w->n_meta; i++)
        if (!strcmp(w->meta[i].key, key)) {
            free(w->meta[i].key);
            free(w->meta[i].value);
            memmove(&w->meta[i], &w->meta[i + 1], (size_t)(w->n_meta - i - 1) * sizeof *w->meta);
            w->n_meta--;
            break;
        }
    if (w->n_meta == w->cap_meta) {
        w->cap_meta = w->cap_meta ? 2 * w->cap_meta : 16;
        w->meta = realloc(w->meta, (size_t)w->cap_meta * sizeof *w->meta);
        TF_ASSERT(w->meta);
    }
    w->meta[w->n_meta++] = (tf_StMeta){tf_xstrdup(key), tf_xstrdup(value)};
}

void tf_stw_layout(tf_StWriter *w, const char *name, tf_DType dtype, int ndim, const int64_t *shape)
{
    TF_ASSERT(ndim >= 0 && ndim <= TF_ST_MAX_DIMS);
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->t = realloc(w->t, (size_t)w->cap * sizeof *w->t);
        TF_ASSERT(w->t);
    }
    WTensor *t = &w->t[w->n++];
    size_t numel = 1;
    for (int i = 0; i < ndim; i++) numel *= (size_t)shape[i];
    t->name = tf_xstrdup(name);
    t->dtype = dtype;
    t->ndim = ndim;
    memcpy(t->shape, shape, (size_t)ndim * sizeof *shape);
    t->nbytes = numel * tf_dtype_size(dtype);
    t->offset = w->data_len;
    w->data_len += t->nbytes;
}

void tf_stw_add(tf_StWriter *w, const char *name, tf_DType dtype, int ndim, const int64_t *shape,
                const void *data)
{
    tf_stw_layout(w, name, dtype, ndim, shape);
    size_t nbytes = w->t[w->n - 1].nbytes;
    if (w->len + nbytes > w->cap_data) {
        while (w->len + nbytes > w->cap_data) w->cap_data = w->cap_data ? 2 * w->cap_data : 1 << 16;
        w->data = realloc(w->data, w->cap_data);
        TF_ASSERT(w->data);
    }
    if (nbytes) memcpy(w->data + w->len, data, nbytes);
    w->len += nbytes;
}

/* The header bytes (length, JSON, padding to 8) in a buffer with room for `extra` more bytes. */
static uint8_t *finish_header(tf_StWriter *w, size_t extra, size_t *head_len)
{
    tf_JsonOut j = {0};
    tf_jo_raw(&j, "{");
    for (int i = 0; i < w->n_meta; i++) {
        tf_jo_raw(&j, i ? "," : "\"__metadata__\":{");
        tf_jo_str(&j, w->meta[i].key);
        tf_jo_raw(&j, ":");
        tf_jo_str(&j, w->meta[i].value);
        free(w->meta[i].key);
        free(w->meta[i].value);
    }
    if (w->n_meta) tf_jo_raw(&j, "}");
    for (int i = 0; i < w->n; i++) {
        WTensor *t = &w->t[i];
        if (i || w->n_meta) tf_jo_raw(&j, ",");
        tf_jo_str(&j, t->name);
        tf_jo_raw(&j, ":{\"dtype\":");
        tf_jo_str(&j, tf_dtype_name(t->dtype));
        tf_jo_raw(&j, ",\"shape\":[");
        for (int d = 0; d < t->ndim; d++) {
            if (d) tf_jo_raw(&j, ",");
            tf_jo_int(&j, t->shape[d]);
        }
        tf_jo_raw(&j, "],\"data_offsets\":[");
        tf_jo_int(&j, (long long)t->offset);
        tf_jo_raw(&j, ",");
        tf_jo_int(&j, (long long)(t->offset + t->nbytes));
        tf_jo_raw(&j, "]}");
        free(t->name);
    }
    tf_jo_raw(&j, "}");
    size_t padded = (j.len + 7) & ~(size_t)7;  /* data starts 8-byte aligned, as PyTorch writes */
    *head_len = 8 + padded;
    uint8_t *buf = tf_xmalloc(*head_len + extra);
    for (int i = 0; i < 8; i++) buf[i] = (uint8_t)((uint64_t)padded >> (8 * i));
    memcpy(buf + 8, j.s, j.len);
    memset(buf + 8 + j.len, ' ', padded - j.len);
    free(j.s);
    free(w->meta);
    free(w->t);
    free(w->data);
    free(w);
    return buf;
}

void tf_stw_finish(tf_StWriter *w, uint8_t **out, size_t *out_len)
{
    TF_ASSERT(w->len == w->data_len);  /* every tensor came with its data */
    uint8_t *data = w->data;
    size_t len = w->len, head;
    w->data = NULL;
    *out = finish_header(w, len, &head);
    if (len) memcpy(*out + head, data, len);
    *out_len = head + len;
    free(data);
}

void tf_stw_finish_header(tf_StWriter *w, uint8_t **out, size_t *out_len)
{
    TF_ASSERT(w->len == 0);  /* layouts only */
    *out = finish_header(w, 0, out_len);
}

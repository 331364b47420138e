/* safetensors.h — read and write the safetensors container (8-byte little-endian header length,
 * JSON header, raw little-endian data) from and to memory. Used for models and traces alike.
 * Not file I/O: callers read the bytes and write the result (atomically) themselves.
 *
 * Usage:
 *     tf_St st;
 *     if (tf_st_parse(bytes, len, &st, &err) != TF_OK) ...;
 *     const tf_StTensor *t = tf_st_find(&st, "src_embed.weight");
 *     const char *dm = tf_st_meta(&st, "d_model");
 *     tf_st_free(&st);
 *
 *     tf_StWriter *w = tf_stw_new();
 *     tf_stw_meta(w, "format", "tfscope-trace");
 *     tf_stw_add(w, "logits", TF_DT_F32, 2, (int64_t[]){T, V}, data);   // data is copied
 *     tf_stw_finish(w, &out, &out_len);   // out is malloc'd; the writer is freed
 */
#ifndef TF_SAFETENSORS_H
#define TF_SAFETENSORS_H

#include "names.h"
#include "tf_base.h"
#include "tf_limits.h"

#define TF_ST_MAX_DIMS 8

typedef enum {
    TF_DT_F32,
    TF_DT_F64,
    TF_DT_F16,
    TF_DT_BF16,
    TF_DT_I64,
    TF_DT_I32,
    TF_DT_I16,
    TF_DT_I8,
    TF_DT_U8,
    TF_DT_BOOL,
    TF_DT_COUNT
} tf_DType;

const char *tf_dtype_name(tf_DType dt);
size_t tf_dtype_size(tf_DType dt);

typedef struct {
    char *name;
    tf_DType dtype;
    int ndim;
    int64_t shape[TF_ST_MAX_DIMS];
    int64_t numel;
    size_t offset;         /* from the start of the data section */
    size_t nbytes;
    const uint8_t *data;   /* points into the parsed buffer; not necessarily aligned */
} tf_StTensor;

typedef struct {
    char *key;
    char *value;
} tf_StMeta;

typedef struct {
    tf_StTensor *tensors;  /* in order of data offset */
    int n_tensors;
    tf_StMeta *meta;
    int n_meta;
    tf_Names by_name;      /* tensors by name, for tf_st_find */
    tf_Names meta_by_key;  /* metadata by key, for tf_st_meta */
} tf_St;

/* Validates everything a reader can check: header bounds, JSON, dtypes, shapes against byte
 * counts, offsets inside the data and not overlapping, names and keys unique, the counts of
 * tf_limits.h. err names the first problem. */
tf_Status tf_st_parse(const uint8_t *buf, size_t len, tf_St *st, tf_Err *err);
void tf_st_free(tf_St *st);
const tf_StTensor *tf_st_find(const tf_St *st, const char *name);
const char *tf_st_meta(const tf_St *st, const char *key);
/* Copies a tensor's elements into dst as float (F32 or F64 sources only). */
tf_Status tf_st_read_f32(const tf_StTensor *t, float *dst, tf_Err *err);
tf_Status tf_st_read_f64(const tf_StTensor *t, double *dst, tf_Err *err);

typedef struct tf_StWriter tf_StWriter;
tf_StWriter *tf_stw_new(void);
void tf_stw_meta(tf_StWriter *w, const char *key, const char *value);
/* Tensors are laid out in the order they are added. data is copied. */
void tf_stw_add(tf_StWriter *w, const char *name, tf_DType dtype, int ndim, const int64_t *shape,
                const void *data);
/* Produces the file bytes (malloc'd, caller frees) and frees the writer. */
void tf_stw_finish(tf_StWriter *w, uint8_t **out, size_t *out_len);

/* Without copies, for data that already lies in one block: lay the tensors out in the order their
 * bytes follow each other, then take the header (8-byte length, JSON, padding; malloc'd) and
 * write the data section after it yourself. A writer uses either this or tf_stw_add. */
void tf_stw_layout(tf_StWriter *w, const char *name, tf_DType dtype, int ndim,
                   const int64_t *shape);
void tf_stw_finish_header(tf_StWriter *w, uint8_t **out, size_t *out_len);

#endif

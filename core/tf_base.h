/* tf_base.h — status codes, the caller-owned error buffer and the one assert macro shared by
 * every module of libtfcore. Not a logging facility: core never prints except when an invariant
 * is broken, and then it aborts.
 *
 * Usage:
 *     tf_Err err;
 *     if (tf_model_load(buf, len, &model, &err) != TF_OK) fprintf(stderr, "%s\n", err.msg);
 *
 * Dimension letters used in shape comments throughout core/:
 *   S source length, T target (decoder input) length, D d_model, H heads, Dk = D/H,
 *   F dim_feedforward, Vs / Vt source / target vocabulary sizes, B batch, L layers.
 */
#ifndef TF_BASE_H
#define TF_BASE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    TF_OK = 0,
    TF_ERR_IO = -1,       /* a read or write failed (set by callers that do I/O) */
    TF_ERR_FORMAT = -2,   /* a file is not a well-formed safetensors / trace */
    TF_ERR_MODEL = -3,    /* a well-formed file does not describe a valid model */
    TF_ERR_INPUT = -4,    /* user input (text, tokens, options) is not acceptable */
    TF_ERR_NOMEM = -5,
    TF_ERR_NOTFOUND = -6, /* a name looked up does not exist */
} tf_Status;

typedef struct {
    char msg[512];
} tf_Err;

/* Fills err (if not NULL) with the printf-style message and returns st. */
tf_Status tf_fail(tf_Err *err, tf_Status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

void tf_abort_at(const char *file, int line, const char *what);
#define TF_ASSERT(c) ((c) ? (void)0 : tf_abort_at(__FILE__, __LINE__, #c))

/* malloc that aborts on failure, for sizes already validated against the input. */
void *tf_xmalloc(size_t n);
void *tf_xcalloc(size_t n, size_t size);
char *tf_xstrdup(const char *s);
/* Large zeroed blocks (weights, trace arenas): on Linux mapped on transparent huge pages, made
 * present up front, which costs far less than faulting 4 KiB pages in one by one. Free with
 * tf_free_big. */
void *tf_alloc_big(size_t n);
/* The same for a block the caller writes before it reads (not zeroed): pages arrive on first
 * touch, huge where possible. NULL when out of memory. Free with tf_free_big. */
void *tf_alloc_big_untouched(size_t n);
/* Grows a block from tf_alloc_big*, tf_realloc_big (or NULL with old_n 0) to new_n bytes,
 * keeping the first old_n; the rest is not zeroed. Aborts when out of memory. */
void *tf_realloc_big(void *p, size_t old_n, size_t new_n);
/* n as given to the allocation. One freed block of a single huge page is kept (thread-safe) for
 * the next big allocation, so that a page the process already has is used again. */
void tf_free_big(void *p, size_t n);

#endif

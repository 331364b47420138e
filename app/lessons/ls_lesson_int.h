/* ls_lesson_int.h — what ls_lesson.c, ls_values.c and ls_files.c share: small string helpers
 * and the parsers of directive values. Private. */
#ifndef TF_LS_LESSON_INT_H
#define TF_LS_LESSON_INT_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include <cmark.h>
#include "ls_lesson.h"

/* --- small string helpers -------------------------------------------------------------------- */

static inline char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

static inline char *strndup_(const char *s, size_t n)
{
    char *r = tf_xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

/* Appends s to the malloc'd *buf. */
static inline void append(char **buf, const char *s)
{
    size_t a = *buf ? strlen(*buf) : 0, b = strlen(s);
    char *r = realloc(*buf, a + b + 1);
    TF_ASSERT(r);
    memcpy(r + a, s, b + 1);
    *buf = r;
}

static inline bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

static inline bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || v != v) return false;
    *out = v;
    return true;
}

/* Splits s (modified in place) at whitespace into at most max words. */
static inline int split_words(char *s, char **w, int max)
{
    int n = 0;
    char *p = s;
    while (*p) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        if (n == max) return max + 1;
        w[n++] = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        if (*p) *p++ = 0;
    }
    return n;
}

/* "n=26 d=64" style pairs into a small table; returns false on a malformed pair. */
typedef struct {
    char key[16];
    char val[128];
} KV;

/* Directive values (ls_values.c): false (or -1) with the reason in why when malformed. */
bool ls_parse_tokref(const char *s0, bool allow_side, ls_TokRef *t, char *why, size_t cap);
bool ls_parse_cellref(const char *s0, ls_CellRef *c, double *tol, char *why, size_t cap);
int ls_parse_kv(const char *s, KV *kv, int max, char *why, size_t cap);
bool ls_parse_heads(const char *s, ls_Scene *sc, char *why, size_t cap);
bool ls_parse_answer(const char *s, ls_AnswerExpr *a, char *why, size_t cap);
int ls_parse_options(const char *s, char ***out);
bool ls_parse_dk_list(const char *s, ls_VarianceSpec *v);
bool ls_parse_intervene(const char *s, ls_Scene *sc, char *why, size_t cap);
void ls_set_str(char **dst, const char *v);

/* The state of one lesson being parsed (ls_lesson.c, ls_directive.c). */
typedef struct {
    const char *path;   /* the lesson file, for resolving image paths */
    ls_Diags *d;
    ls_Lesson *l;
    ls_Page *page;      /* NULL before the first page */
    int quote;
    bool *tried;        /* per page: a directive was written there (even one that failed) */
    int n_tried;
    int n_blocks;       /* tfscope blocks read, against TF_MAX_LESSON_DIRECTIVES */
} Ctx;

/* Shared by ls_lesson.c and ls_directive.c (defined in ls_lesson.c). */
void ls_directive_free(ls_Directive *d);
ls_Block *ls_add_block(ls_Page *p, ls_BlockKind kind, int line);
void ls_grow_tried(Ctx *cx);
/* An image path relative to the lesson file, as a path from the working folder (malloc'd). */
char *ls_resolve_path(const char *lesson_path, const char *p);

/* Quantities measured on one tensor's cells (value … row). */
static inline bool ls_quant_is_cell(ls_QuantOp op) { return op <= LS_Q_ROW; }

/* text (inline Markdown: emphasis, code …) as spans (ls_lesson.c): a say block's sentence. */
void ls_inline_spans(Ctx *cx, const char *text, ls_Span **spans, int *n);

/* A `tfscope` block at fence_line into a directive of the current page (ls_directive.c). */
void ls_add_directive(Ctx *cx, const char *text, int fence_line);

#endif

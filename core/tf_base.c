/* tf_base.c — error reporting and checked allocation. Nothing here knows about files or UI. */
#define _GNU_SOURCE
#include "tf_base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

tf_Status tf_fail(tf_Err *err, tf_Status st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return st;
}

void tf_abort_at(const char *file, int line, const char *what)
{
    fprintf(stderr, "tfscope: internal error at %s:%d: %s\n", file, line, what);
    abort();
}

void *tf_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) tf_abort_at(__FILE__, __LINE__, "out of memory");
    return p;
}

void *tf_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) tf_abort_at(__FILE__, __LINE__, "out of memory");
    return p;
}

char *tf_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = tf_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

#define BIG (256u << 10)

void *tf_alloc_big(size_t n)
{
#if defined(__linux__) && defined(MAP_POPULATE)
    if (n >= BIG) {
        void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                       -1, 0);
        if (p == MAP_FAILED) tf_abort_at(__FILE__, __LINE__, "out of memory");
        return p;
    }
#endif
    return tf_xcalloc(1, n);
}

void tf_free_big(void *p, size_t n)
{
    if (!p) return;
#if defined(__linux__) && defined(MAP_POPULATE)
    if (n >= BIG) {
        munmap(p, n);
        return;
    }
#endif
    free(p);
}

/* tf_base.c — error reporting and checked allocation. Nothing here knows about files or UI. */
#define _GNU_SOURCE
#include "tf_base.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
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
#define HUGE_PAGE (2u << 20)

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#define BIG_MAPPED 1
/* n rounded up to whole huge pages: the length of the mapping behind a big block */
static size_t big_len(size_t n)
{
    return (n + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
}
#else
#define BIG_MAPPED 0
#endif

#if BIG_MAPPED
/* One freed single-huge-page mapping kept for the next big block: a process that frees its
 * model file's buffer and then asks for a decoding arena reuses the page instead of having the
 * kernel find and clear a fresh one. Exchanged atomically: tasks on threads allocate too. */
static _Atomic(uint8_t *) spare;
#endif

/* A huge-page-aligned anonymous mapping of n >= BIG bytes (rounded up) with transparent huge
 * pages asked for: on a virtual machine the first touch of each 4 KiB page can cost ~10 µs
 * (20 ms for 6 MB), one 2 MiB page is one fault. Where huge pages are off this is an ordinary
 * mapping. Elsewhere than Linux, or for small blocks, malloc. Zeroed when zero is set. NULL
 * when out of memory. */
static void *alloc_big(size_t n, bool zero)
{
#if BIG_MAPPED
    if (n >= BIG) {
        if (n > SIZE_MAX - 2 * HUGE_PAGE) return NULL;
        size_t len = big_len(n), slack = HUGE_PAGE;
        uint8_t *p = len == HUGE_PAGE ? atomic_exchange(&spare, NULL) : NULL;
        if (p) {
            if (zero) memset(p, 0, n);
            return p;
        }
        uint8_t *base = mmap(NULL, len + slack, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) return NULL;
        p = (uint8_t *)(((uintptr_t)base + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        if (p > base) munmap(base, (size_t)(p - base));
        if (p + len < base + len + slack) munmap(p + len, (size_t)(base + len + slack - (p + len)));
        madvise(p, len, MADV_HUGEPAGE);
#if defined(MADV_POPULATE_WRITE)
        if (zero) madvise(p, len, MADV_POPULATE_WRITE);  /* fresh pages are zero already */
#endif
        return p;
    }
#endif
    return zero ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
}

void *tf_alloc_big(size_t n)
{
    void *p = alloc_big(n, true);
    if (!p) tf_abort_at(__FILE__, __LINE__, "out of memory");
    return p;
}

void *tf_alloc_big_untouched(size_t n)
{
    return alloc_big(n, false);
}

void *tf_realloc_big(void *p, size_t old_n, size_t new_n)
{
    if (new_n <= old_n) return p;
    void *q;
    if (!BIG_MAPPED || new_n < BIG) {
        q = realloc(p, new_n);  /* both blocks are malloc's */
    } else {
        q = alloc_big(new_n, false);
        if (q && old_n) memcpy(q, p, old_n);
        if (q) tf_free_big(p, old_n);
    }
    if (!q) tf_abort_at(__FILE__, __LINE__, "out of memory");
    return q;
}

void tf_free_big(void *p, size_t n)
{
    if (!p) return;
#if BIG_MAPPED
    if (n >= BIG) {
        uint8_t *none = NULL;
        if (big_len(n) != HUGE_PAGE || !atomic_compare_exchange_strong(&spare, &none, (uint8_t *)p))
            munmap(p, big_len(n));
        return;
    }
#endif
    free(p);
}

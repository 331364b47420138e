/* bench_util.h — what every benchmark in tests/bench needs: a clock in milliseconds and a sort
 * order for times (for medians). Header-only: each benchmark is one executable. */
#ifndef TF_BENCH_UTIL_H
#define TF_BENCH_UTIL_H

#include <time.h>

/* clock: CLOCK_MONOTONIC for wall time, CLOCK_PROCESS_CPUTIME_ID for CPU time */
static inline double bench_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif

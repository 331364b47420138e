/* gradcheck.c — finite-difference gradient checks (see gradcheck.h). */
#include "gradcheck.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static uint64_t rng_state = 12345;

double gc_urand(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) * 0x1.0p-53;
}

static double nrand(void)
{
    double u = gc_urand() + 1e-12, v = gc_urand();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

void gc_fill(float *x, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++) x[i] = (float)(lo + (hi - lo) * gc_urand());
}

static const double STEPS[] = {3e-4, 1e-3, 3e-3, 1e-2};
enum { N_STEPS = sizeof STEPS / sizeof STEPS[0] };

/* Central differences of f along u at theta (n floats, restored afterwards), one per step. */
static void fd_along(double *fd, gc_Objective f, void *ctx, float *theta, const double *u, size_t n,
                     void (*after_change)(void *ctx))
{
    float *save = malloc(n * sizeof *save);
    memcpy(save, theta, n * sizeof *save);
    for (int k = 0; k < N_STEPS; k++) {
        double h = STEPS[k], fp, fm;
        for (size_t i = 0; i < n; i++) theta[i] = (float)(save[i] + h * u[i]);
        if (after_change) after_change(ctx);
        fp = f(ctx);
        for (size_t i = 0; i < n; i++) theta[i] = (float)(save[i] - h * u[i]);
        if (after_change) after_change(ctx);
        fm = f(ctx);
        fd[k] = (fp - fm) / (2 * h);
    }
    memcpy(theta, save, n * sizeof *save);
    if (after_change) after_change(ctx);
    free(save);
}

static double best_error(const double *fd, double an, double scale)
{
    double e = INFINITY;
    for (int k = 0; k < N_STEPS; k++) e = fmin(e, fabs(fd[k] - an) / scale);
    return e;
}

double gc_dir_error(gc_Objective f, void *ctx, float *theta, const float *g, size_t n, int n_random,
                    void (*after_change)(void *ctx))
{
    double *u = malloc(n * sizeof *u), gn = 0, worst = 0, fd[N_STEPS];
    for (size_t i = 0; i < n; i++) gn += (double)g[i] * g[i];
    gn = sqrt(gn);
    if (gn == 0) gn = 1e-30;
    for (int k = 0; k <= n_random; k++) {
        double un = 0, an = 0;
        for (size_t i = 0; i < n; i++) {
            u[i] = k == 0 ? g[i] / gn : nrand();
            un += u[i] * u[i];
        }
        un = sqrt(un);
        for (size_t i = 0; i < n; i++) {
            u[i] /= un;
            an += (double)g[i] * u[i];
        }
        fd_along(fd, f, ctx, theta, u, n, after_change);
        worst = fmax(worst, best_error(fd, an, gn));
    }
    free(u);
    return worst;
}

/* Element by element: largest |fd − gᵢ| / max|g|. */
static double elem_error(gc_Objective f, void *ctx, float *theta, const float *g, size_t n)
{
    double gmax = 1e-30, worst = 0, fd[N_STEPS];
    for (size_t i = 0; i < n; i++) gmax = fmax(gmax, fabs(g[i]));
    double *u = calloc(n, sizeof *u);
    for (size_t i = 0; i < n; i++) {
        u[i] = 1;
        fd_along(fd, f, ctx, theta, u, n, NULL);
        u[i] = 0;
        worst = fmax(worst, best_error(fd, g[i], gmax));
    }
    free(u);
    return worst;
}

static void expect_small(const char *what, double err, double tol)
{
    print_message("  %-44s max error %.2e\n", what, err);
    if (!(err <= tol)) fail_msg("%s: gradient error %.3e over %.1e", what, err, tol);
}

void gc_check_input(const char *what, gc_Objective f, void *ctx, float *theta, const float *g,
                    size_t n, double tol)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s (directions)", what);
    expect_small(buf, gc_dir_error(f, ctx, theta, g, n, 3, NULL), tol);
    snprintf(buf, sizeof buf, "%s (elements)", what);
    expect_small(buf, elem_error(f, ctx, theta, g, n), tol);
}

double gc_dot(const float *r, const float *y, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)r[i] * y[i];
    return s;
}

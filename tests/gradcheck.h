/* gradcheck.h — gradients against finite differences, for the backward suite's two files
 * (test_backward.c: the kernels and the loss; test_backward_model.c: whole tiny models).
 *
 * A check compares directional derivatives: for a direction u (|u| = 1) the central difference
 * (f(θ + hu) − f(θ − hu))/2h against g·u, for u along the gradient and along random directions.
 * The error is |fd − g·u| / |g|: the part of the gradient that is wrong, relative to its size.
 * Float32 rounding spoils small steps and ReLU kinks spoil large ones (a tiny model has hundreds
 * of hidden units, some always near 0), so each direction takes the best of the steps 3e-4, 1e-3,
 * 3e-3 and 1e-2: a wrong gradient is wrong at every step. Small kernels are also checked element
 * by element.
 *
 *     double lin_f(void *ctx) { ...forward...; return gc_dot(c->r, c->y, n); }
 *     gc_check_input("linear dx", lin_f, &c, c.x, dx, n, 1e-4);   // fails the test when over
 *
 * One pseudo-random sequence serves every test of the suite, so the numbers a test draws depend on
 * the tests run before it: main() keeps them in one fixed order. */
#ifndef TF_GRADCHECK_H
#define TF_GRADCHECK_H

#include <stddef.h>

typedef double (*gc_Objective)(void *ctx);

double gc_urand(void);                                    /* uniform in [0, 1) */
void gc_fill(float *x, size_t n, double lo, double hi);   /* uniform in [lo, hi) */
/* Σ r·y in double: the objective every kernel check differentiates. */
double gc_dot(const float *r, const float *y, size_t n);

/* Largest |fd − g·u| / |g| of f at theta (n floats, restored afterwards) over the gradient g's own
 * direction and n_random random directions; after_change (or NULL) runs after every change of
 * theta, for copies the objective keeps. */
double gc_dir_error(gc_Objective f, void *ctx, float *theta, const float *g, size_t n, int n_random,
                    void (*after_change)(void *ctx));
/* Both checks on one input of a kernel objective — three random directions, then element by
 * element (largest |fd − gᵢ| / max|g|) — printing each error and failing the test over tol. */
void gc_check_input(const char *what, gc_Objective f, void *ctx, float *theta, const float *g,
                    size_t n, double tol);

#endif

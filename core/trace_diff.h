/* trace_diff.h — two traces side by side (issue 12 §3): their nodes paired by site, and for each
 * pair the largest |A − B|, so that a viewer can say where two runs part: two sentences of the
 * same length, two checkpoints, or a run and the same run intervened. Not a view: figures of
 * A − B are drawn from the two nodes a pair names.
 *
 * Usage:
 *     tf_TraceDiff d;
 *     if (tf_trace_diff(&a, &b, &d, &err)) ...;       // traces of different models: refused
 *     if (d.first >= 0) printf("they part at %s\n", a.nodes[d.pairs[d.first].a].name);
 *     tf_trace_diff_free(&d);
 */
#ifndef TF_TRACE_DIFF_H
#define TF_TRACE_DIFF_H

#include "trace.h"

typedef struct {
    int a, b;          /* node indices in A and B, the same site */
    bool same_shape;   /* else max_abs is over the first `positions` only, or not computed */
    double max_abs;    /* max |A − B| over the tensor (0: identical values) */
    /* A decoder-side tensor of runs of the same source whose decoder inputs have other lengths:
     * compared over the first `positions` decoder positions (the shorter run's), where both saw
     * only the positions before (the causal mask); 0 when not aligned (or the shapes agree). */
    int positions;
} tf_DiffPair;

typedef struct {
    int n;               /* pairs, in A's execution order */
    tf_DiffPair *pairs;  /* (n) */
    int first;           /* the first pair that differs (value, or shape unaligned), -1 if none */
    int only_a, only_b;  /* nodes without a partner (a model with more layers, a final norm) */
} tf_TraceDiff;

/* Pairs every node of A with B's node at the same site (names B does not know are left out).
 * Refused when no node pairs up. NaN in both at the same place counts as equal. The first pair
 * that differs: in value, or in shape where no aligned comparison is possible. */
tf_Status tf_trace_diff(const tf_Trace *a, const tf_Trace *b, tf_TraceDiff *out, tf_Err *err);
void tf_trace_diff_free(tf_TraceDiff *d);
/* The decoder positions A's node x and B's node y are compared over (tf_DiffPair.positions): 0
 * when their shapes agree or cannot be aligned. */
int tf_trace_diff_positions(const tf_Trace *a, const tf_Trace *b, const tf_Node *x, const tf_Node *y);
/* x − y over the box both shapes hold (each dimension its smaller size), row-major, malloc'd;
 * NaN in both counts as 0. shape gets the box (x->ndim entries). */
float *tf_node_diff(const tf_Node *x, const tf_Node *y, int *shape);

#endif

/* trace_diff.c — pairing two traces' nodes by site and measuring how far apart they are. */
#include "trace_diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool same_shape(const tf_Node *x, const tf_Node *y)
{
    if (x->ndim != y->ndim) return false;
    for (int d = 0; d < x->ndim; d++)
        if (x->shape[d] != y->shape[d]) return false;
    return true;
}

static double max_abs_diff(const float *x, const float *y, int64_t n)
{
    double m = 0;
    for (int64_t i = 0; i < n; i++) {
        if (isnan(x[i]) && isnan(y[i])) continue;
        double d = fabs((double)x[i] - (double)y[i]);
        if (!(d <= m)) m = d;  /* a NaN on one side is the largest difference of all */
    }
    return m;
}

tf_Status tf_trace_diff(const tf_Trace *a, const tf_Trace *b, tf_TraceDiff *out, tf_Err *err)
{
    memset(out, 0, sizeof *out);
    out->first = -1;
    out->pairs = tf_xcalloc((size_t)(a->n_nodes ? a->n_nodes : 1), sizeof *out->pairs);
    bool *used = tf_xcalloc((size_t)(b->n_nodes ? b->n_nodes : 1), sizeof *used);
    for (int i = 0; i < a->n_nodes; i++) {
        const tf_Node *x = &a->nodes[i];
        int j = x->site.part == TF_PART_OTHER ? tf_trace_index(b, x->name) : tf_trace_find(b, x->site);
        if (j < 0) {
            out->only_a++;
            continue;
        }
        used[j] = true;
        const tf_Node *y = &b->nodes[j];
        tf_DiffPair *p = &out->pairs[out->n++];
        *p = (tf_DiffPair){i, j, same_shape(x, y), 0};
        if (p->same_shape) p->max_abs = max_abs_diff(x->data, y->data, x->numel);
        if (out->first < 0 && (!p->same_shape || p->max_abs != 0)) out->first = out->n - 1;
    }
    for (int j = 0; j < b->n_nodes; j++) out->only_b += !used[j];
    free(used);
    if (out->n > 0) return TF_OK;
    tf_trace_diff_free(out);
    return tf_fail(err, TF_ERR_INPUT, "the two traces have no tensor in common");
}

void tf_trace_diff_free(tf_TraceDiff *d)
{
    free(d->pairs);
    memset(d, 0, sizeof *d);
    d->first = -1;
}

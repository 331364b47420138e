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

int tf_trace_diff_positions(const tf_Trace *a, const tf_Trace *b, const tf_Node *x, const tf_Node *y)
{
    tf_Site s = x->site;
    bool dec = s.stack == TF_STACK_TARGET || s.stack == TF_STACK_DECODER ||
               s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS;
    if (!dec || a->n_src != b->n_src || a->n_tgt == b->n_tgt || a->interv.no_mask ||
        b->interv.no_mask || x->ndim != y->ndim)
        return 0;
    for (int d = 0; d < x->ndim; d++)
        if (x->shape[d] != y->shape[d] && (x->shape[d] != a->n_tgt || y->shape[d] != b->n_tgt))
            return 0;
    return a->n_tgt < b->n_tgt ? a->n_tgt : b->n_tgt;
}

float *tf_node_diff(const tf_Node *x, const tf_Node *y, int *shape)
{
    int n = x->ndim, idx[TF_TRACE_DIMS] = {0};
    int64_t sx[TF_TRACE_DIMS], sy[TF_TRACE_DIMS], total = 1;
    for (int d = n - 1; d >= 0; d--) {
        sx[d] = d == n - 1 ? 1 : sx[d + 1] * x->shape[d + 1];
        sy[d] = d == n - 1 ? 1 : sy[d + 1] * y->shape[d + 1];
        shape[d] = x->shape[d] < y->shape[d] ? x->shape[d] : y->shape[d];
        total *= shape[d];
    }
    float *out = tf_xmalloc((size_t)(total > 0 ? total : 1) * sizeof *out);
    for (int64_t k = 0; k < total; k++) {
        int64_t ox = 0, oy = 0;
        for (int d = 0; d < n; d++) ox += idx[d] * sx[d], oy += idx[d] * sy[d];
        float u = x->data[ox], v = y->data[oy];
        out[k] = isnan(u) && isnan(v) ? 0.0f : u - v;
        for (int d = n - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
    }
    return out;
}

/* max |x − y| over the box both shapes hold (of the float differences; NaN on one side: the
 * largest). */
static double max_abs_common(const tf_Node *x, const tf_Node *y)
{
    int shape[TF_TRACE_DIMS];
    float *d = tf_node_diff(x, y, shape);
    int64_t total = 1;
    for (int k = 0; k < x->ndim; k++) total *= shape[k];
    double m = 0;
    for (int64_t k = 0; k < total; k++) {
        double v = fabs((double)d[k]);
        if (!(v <= m)) m = v;
    }
    free(d);
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
        *p = (tf_DiffPair){i, j, same_shape(x, y), 0, 0};
        if (p->same_shape) p->max_abs = max_abs_diff(x->data, y->data, x->numel);
        else if ((p->positions = tf_trace_diff_positions(a, b, x, y)) > 0) p->max_abs = max_abs_common(x, y);
        bool differs = (!p->same_shape && !p->positions) || p->max_abs != 0;
        if (out->first < 0 && differs) out->first = out->n - 1;
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

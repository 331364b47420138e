/* loss.c — label-smoothed cross-entropy over the target rows of a batch and its gradient with
 * respect to the logits, with PyTorch's semantics (CrossEntropyLoss(label_smoothing=ε),
 * ignore_index for padding): the target distribution puts 1 − ε + ε/V on the target token and
 * ε/V on every other token, padding included; the loss is the mean over target rows.
 * Not the backward pass of the network (backward.c). */
#include <math.h>
#include <string.h>

#include "train_internal.h"

double tf_xent_row(float *dlogits, double *nll, const float *logits, int target, int V,
                   float smoothing, float scale)
{
    float mx = logits[0];
    for (int v = 1; v < V; v++) mx = logits[v] > mx ? logits[v] : mx;
    /* the softmax exactly as tf_softmax_forward computes it; dlogits holds the exponentials */
    float sum = 0.0f;
    for (int v = 0; v < V; v++) {
        float e = expf(logits[v] - mx);
        if (dlogits) dlogits[v] = e;
        sum += e;
    }
    double lse = (double)mx + log((double)sum), sx = 0.0;
    for (int v = 0; v < V; v++) sx += (double)logits[v];
    double off = (double)smoothing / V, on = 1.0 - (double)smoothing + off;
    /* −Σᵥ qᵥ·log pᵥ = lse − Σᵥ qᵥ·xᵥ, as Σᵥ qᵥ = 1 */
    *nll = lse - (double)logits[target];
    double loss = lse - off * sx - (on - off) * (double)logits[target];
    if (dlogits) {
        float qo = (float)off, qt = (float)on, pt = dlogits[target] / sum;
        for (int v = 0; v < V; v++) dlogits[v] = (dlogits[v] / sum - qo) * scale;
        dlogits[target] = (pt - qt) * scale;
    }
    return loss;
}

typedef struct {
    float *dlogits;
    double *row_loss;
    const float *logits;
    const int *targets;
    int M, V, chunk;
    float smoothing, scale;
} LossJob;

static void loss_task(void *ctx, int t)
{
    LossJob *j = ctx;
    for (int i = t * j->chunk; i < j->M && i < (t + 1) * j->chunk; i++) {
        const float *x = j->logits + (size_t)i * j->V;
        float *d = j->dlogits + (size_t)i * j->V;
        double *r = j->row_loss + 3 * (size_t)i;
        int y = j->targets[i];
        if (y < 0) {
            memset(d, 0, (size_t)j->V * sizeof *d);
            r[0] = r[1] = r[2] = 0.0;
            continue;
        }
        r[0] = tf_xent_row(d, &r[1], x, y, j->V, j->smoothing, j->scale);
        int best = 0;
        for (int v = 1; v < j->V; v++)
            if (x[v] > x[best]) best = v;
        r[2] = best == y;
    }
}

void bw_loss(float *dlogits, tf_LossStats *ls, double *row_loss, const float *logits,
             const int *targets, int M, int V, float smoothing, tf_Pool *pool)
{
    int64_t n = 0;
    for (int i = 0; i < M; i++) n += targets[i] >= 0;
    LossJob j = {dlogits, row_loss, logits, targets, M, V, 16, smoothing,
                 n ? 1.0f / (float)n : 0.0f};
    tf_pool_run(pool, loss_task, &j, (M + j.chunk - 1) / j.chunk);
    /* the sums in row order, whatever thread computed a row */
    double loss = 0.0, nll = 0.0, correct = 0.0;
    for (int i = 0; i < M; i++) {
        loss += row_loss[3 * (size_t)i];
        nll += row_loss[3 * (size_t)i + 1];
        correct += row_loss[3 * (size_t)i + 2];
    }
    ls->n_tokens = n;
    ls->n_correct = (int64_t)correct;
    ls->loss = n ? loss / (double)n : 0.0;
    ls->nll = n ? nll / (double)n : 0.0;
}

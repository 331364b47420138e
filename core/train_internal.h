/* train_internal.h — what train.c, optim.c, loss.c and backward.c share: the work buffers of a
 * training step and the blocks laid out like a model's weights. Not part of the public API. */
#ifndef TF_TRAIN_INTERNAL_H
#define TF_TRAIN_INTERNAL_H

#include "train.h"

struct tf_TrainWork {
    tf_Trace tr;             /* the activations of the last forward pass, (B, …) */
    size_t tr_floats;        /* its arena's capacity */
    float *buf;              /* backward buffers, carved per batch (bw_floats) */
    size_t buf_cap;
    double *row_loss;        /* (B·T, 3): loss, nll, correct of every target row */
    int *targets;            /* (B·T): the token each row must predict, −1 past the end */
    size_t rows_cap;
    tf_Weights wo;           /* the model's linear weights as (out, in): dx = dy·w reads rows */
    float *src_logits;       /* (B·S, Vt) the source-word objective's logits */
    float *src_grad;         /* (B·S, Vt) their gradient, weighted */
    double *src_row_loss;    /* (B·S, 3) its rows' scratch */
    size_t src_cap;          /* rows of both */
    bool src_active;         /* the last forward pass computed it: backward adds its gradient */
};

/* optim.c: a block of floats laid out like `like` (pointers at the same offsets), zeroed */
void bw_weights_alloc(tf_Weights *dst, const tf_Weights *like, const tf_Config *c);
void bw_weights_free(tf_Weights *w);
/* wo's linear weights (and untied generator) = the model's, transposed back to (out, in) */
void bw_weights_transpose(tf_Weights *wo, const tf_Model *m);

/* loss.c: label-smoothed cross-entropy of one row of logits (V) against target; returns the row's
 * loss, sets *nll. dlogits (may be NULL) = (softmax − smoothed one-hot)·scale. */
double tf_xent_row(float *dlogits, double *nll, const float *logits, int target, int V,
                   float smoothing, float scale);
/* Rows (M, V) of logits with targets (M, −1 = none): dlogits (M, V) of the mean loss over rows
 * with a target (0 for the others), and the stats. row_loss: scratch (M, 3). */
void bw_loss(float *dlogits, tf_LossStats *ls, double *row_loss, const float *logits,
             const int *targets, int M, int V, float smoothing, tf_Pool *pool);

/* backward.c: floats of backward buffers for a batch (B, S, T) */
size_t bw_floats(const tf_Config *c, int B, int S, int T);
/* From dlogits (B·T, Vt) (at the start of the work buffer) to every weight's gradient, added into
 * grad (zeroed by the caller), after a forward pass of b into work->tr with the same dropout. */
void bw_backward(const tf_Model *m, tf_TrainWork *w, tf_Weights *grad, const tf_Batch *b,
                 float dropout, uint64_t seed, bool share_embeddings, tf_Pool *pool);

#endif

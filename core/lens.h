/* lens.h — the logit lens (issue 12 §4): what the decoder would predict if it stopped early. At
 * the decoder's input and after every sub-layer of every decoder layer, the residual stream is
 * put through the model's output layer — the final decoder LayerNorm when the model has one, then
 * the generator and a softmax — giving, per position, the most probable tokens and the probability
 * of the token the model finally outputs. The last point is the model's own output, bit for bit.
 * Not a view: figures draw from the numbers here. Works on any trace of the model (interventions
 * included: it reads the stream the trace recorded).
 *
 * Usage:
 *     tf_Lens lens;
 *     if (tf_lens_compute(&model, &trace, 5, &lens, &err)) ...;
 *     for (int p = 0; p < lens.n_points; p++)            // "dec.1.norm2", …
 *         printf("%s: %s %.3f\n", trace.nodes[lens.points[p].node].name,
 *                model.tgt_vocab.tokens[lens.top[(p * lens.T + t) * lens.k]],
 *                lens.final_p[p * lens.T + t]);
 *     tf_lens_free(&lens);
 */
#ifndef TF_LENS_H
#define TF_LENS_H

#include "trace.h"

typedef struct {
    tf_Site site;  /* where the stream is read: tgt.x, then each decoder sub-layer's output */
    int node;      /* its index in the trace */
} tf_LensPoint;

typedef struct {
    int n_points;          /* 1 + 3 × decoder layers */
    int T, k;              /* positions (decoder rows), top tokens kept per position */
    tf_LensPoint *points;  /* (n_points) in the order of the pass */
    int *top;              /* (n_points, T, k) token ids, most probable first (ties: lower id) */
    float *top_p;          /* (n_points, T, k) their probabilities */
    int *final_tok;        /* (T) the token the model outputs at each position: argmax of probs */
    float *final_p;        /* (n_points, T) its probability at each point */
    int *final_rank;       /* (n_points, T) its rank there, 0 = the most probable */
} tf_Lens;

/* k from 1 to the target vocabulary. err says why when the trace is not of this model (shapes)
 * or lacks the decoder's tensors. */
tf_Status tf_lens_compute(const tf_Model *m, const tf_Trace *tr, int k, tf_Lens *out,
                          tf_Err *err);
void tf_lens_free(tf_Lens *l);

#endif

/* view_fixture.h — small deterministic traces built by hand for the view and export tests, so
 * that they do not depend on a trained model: every tensor of DESIGN.md with the right shape,
 * attention weights that are true softmax rows (causal for the decoder's self-attention) with a
 * different, recognisable pattern per head, and smooth signed values elsewhere. */
#ifndef TF_VIEW_FIXTURE_H
#define TF_VIEW_FIXTURE_H

#include "trace.h"

typedef struct {
    int d_model, nhead, n_enc, n_dec, d_ff;
    int vocab_extra;   /* target vocabulary size beyond the words used (for [T, Vt] tensors) */
} vf_Shape;

/* src and tgt: space-separated words; tgt without <bos> (it is prepended). */
void vf_make_trace(tf_Trace *tr, const char *src, const char *tgt, const vf_Shape *shape);

/* The first n words of the paper's Figure 3 sentence (n <= 28, with <eos> counted). */
const char *vf_sentence(int n, char *buf, size_t cap);

#endif

/* forward.h — the forward pass of the paper's encoder-decoder Transformer, recorded into a
 * trace, and greedy decoding with cached keys and values.
 * Not training (train.h) and not tokenisation (vocab.h).
 *
 * Usage:
 *     tf_Trace tr;
 *     tf_forward_trace_alloc(&tr, &model.cfg, 1, S, T);
 *     tf_forward(&model, &tr, &batch, NULL);
 *     const tf_Node *probs = tf_trace_get(&tr, "probs");   // (T, Vt)
 *     int w = tf_trace_find(&tr, tf_site_attn(TF_ATTN_CROSS, 0, TF_PART_WEIGHTS));
 */
#ifndef TF_FORWARD_H
#define TF_FORWARD_H

#include "pool.h"
#include "tf_limits.h"
#include "trace.h"

/* B sequences, right-padded: src (B, S) and tgt (B, T) token ids, with their true lengths.
 * Keys at or past a sequence's length are masked; rows past it are computed and ignored. */
typedef struct {
    int B, S, T;
    const int *src;      /* (B, S) */
    const int *tgt;      /* (B, T) decoder input, starting with <bos> */
    const int *src_len;  /* (B) */
    const int *tgt_len;  /* (B) */
    const int *src_target; /* (B, S) or NULL: training's source-word objective (train.h), the
                            * target token each source position's encoder output predicts, −1 none */
} tf_Batch;

/* Floats and nodes a pass over (B, S, T) needs: its declarations, counted (forward.c). */
size_t tf_forward_trace_floats(const tf_Config *cfg, int B, int S, int T);
int tf_forward_trace_nodes(const tf_Config *cfg);
void tf_forward_trace_alloc(tf_Trace *tr, const tf_Config *cfg, int B, int S, int T);

/* Runs the whole pass, recording every tensor of DESIGN.md into tr (reset first).
 * pool: worker threads for independent rows (NULL = this thread only); results are
 * bit-identical for every count. */
void tf_forward(const tf_Model *m, tf_Trace *tr, const tf_Batch *b, tf_Pool *pool);
/* The same with interventions (interv.h; NULL = none), which the trace keeps in tr->interv. */
void tf_forward_with(const tf_Model *m, const tf_Interv *iv, tf_Trace *tr, const tf_Batch *b,
                     tf_Pool *pool);

/* Decoding stops at the paper's limit: input length + 50 tokens (and the model's max_len). */
#define TF_DECODE_EXTRA 50

/* Checks ids against the model's limits and vocabularies; err says what is wrong. For a source
 * it also checks that a trace of it (with a translation up to the decoding limit) fits. */
tf_Status tf_check_sequence(const tf_Model *m, const int *ids, int n, int is_target, tf_Err *err);

/* Greedy decoding, one position at a time with cached keys and values, for at most
 * min(max_out, max_len, S + TF_DECODE_EXTRA) positions. Writes the generated
 * tokens (without <bos>, with the final <eos> if one came) to out (malloc'd) and returns their
 * count. When step_logits is not NULL it receives the logits of every decoded position,
 * (count, Vt), malloc'd — bit-identical to the teacher-forced pass over the same tokens. */
int tf_greedy_decode(const tf_Model *m, const int *src, int S, int max_out, int **out,
                     float **step_logits);
/* The same with interventions; iv->no_mask is not allowed (a decoder that sees the future
 * cannot decode): callers refuse it first. */
int tf_greedy_decode_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                          int max_out, int **out, float **step_logits);

/* Beam search with K beams and the length penalty of Wu et al. (2016) used by the paper,
 * lp(n) = ((5 + n)/6)^alpha (alpha = 0.6 in the paper): hypotheses are ranked by
 * log P / lp(length). Returns the best finished hypothesis like tf_greedy_decode does (tokens
 * with the final <eos> when it came). K = 1 gives the greedy result. */
int tf_beam_decode(const tf_Model *m, const int *src, int S, int max_out, int K, double alpha,
                   int **out);
/* The same with interventions (no_mask not allowed), recording the search into log when it is
 * not NULL (tf_beam_log_free; K = 1 records greedy decoding). */
int tf_beam_decode_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                        int max_out, int K, double alpha, int **out, tf_BeamLog *log);
void tf_beam_log_free(tf_BeamLog *log);
double tf_length_penalty(int len, double alpha);

/* Trace of a single sentence: source ids, decoder input ids (with <bos>). */
tf_Status tf_trace_sentence(const tf_Model *m, const int *src, int S, const int *tgt_in, int T,
                            tf_Pool *pool, tf_Trace *tr, tf_Err *err);
tf_Status tf_trace_sentence_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                                 const int *tgt_in, int T, tf_Pool *pool, tf_Trace *tr,
                                 tf_Err *err);

#endif

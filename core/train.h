/* train.h — training a model with the paper's recipe: label-smoothed cross-entropy, residual
 * dropout, the backward pass of every op of the forward pass, Adam with the warm-up schedule.
 * Deterministic: the same model, batches, seed and number of steps give the same bits on every
 * run and for every thread count. Not the command line, data, checkpoint files or evaluation
 * metrics: those are built on this API. A checkpoint is the model plus st.step, st.adam_m and
 * st.adam_v; the moments are laid out like the weights, so tf_model_save writes them with the
 * model's tensor names from a copy of the model whose .w is st.adam_m (or st.adam_v).
 *
 * Limits: post-LN models only (norm_first = false, as in the paper) — tf_train_init refuses
 * pre-LN. The activations of a step are a forward trace, so memory grows with B·(S² + T²).
 *
 * Usage:
 *     tf_TrainConfig tc;
 *     tf_train_config_default(&tc);                 // the paper's recipe
 *     tf_model_init(&m, &cfg, &src_vocab, &tgt_vocab);
 *     tf_weights_init(&m, seed, tc.share_embeddings);
 *     tf_TrainState st;
 *     if (tf_train_init(&st, &m, &tc, &err)) ...
 *     for (...) {
 *         // decoder input <bos> y1 … yn; the targets are y1 … yn <eos>
 *         tf_Batch b = {B, S, T, src, tgt_in, src_len, tgt_len};
 *         tf_LossStats ls;
 *         if (tf_train_step(&m, &st, &b, pool, &ls, &err)) ...
 *         printf("step %lld loss %.4f\n", (long long)st.step, ls.loss);
 *     }
 *     tf_train_free(&st);
 */
#ifndef TF_TRAIN_H
#define TF_TRAIN_H

#include "forward.h"

typedef struct {
    float dropout;          /* P_drop on sub-layer outputs and embedding + position: 0.1 */
    float label_smoothing;  /* ε_ls: 0.1 */
    float beta1, beta2;     /* Adam: 0.9, 0.98 */
    float adam_eps;         /* 1e-9 */
    int warmup;             /* warmup_steps: 4000 */
    float lr_scale;         /* lr = lr_scale · D^-0.5 · min(step^-0.5, step · warmup^-1.5);
                             * 1 is the paper's schedule, larger values suit small models */
    bool share_embeddings;  /* source and target embedding are one matrix (as in the paper);
                             * needs the two vocabularies to be the same list of tokens */
    uint64_t seed;          /* dropout masks of step s are drawn from (seed, s) */
    float src_words;        /* weight of the source-word objective, 0 = off (the paper): the
                             * encoder's output at each source word, through the output layer,
                             * also predicts the target word that translates it (the batch's
                             * src_target), so that a word whose translation depends on another
                             * word must gather it in the encoder */
} tf_TrainConfig;

void tf_train_config_default(tf_TrainConfig *tc);
/* The learning rate of update number step (1, 2, …). */
float tf_learning_rate(const tf_TrainConfig *tc, int d_model, int64_t step);

/* What a batch's targets cost. loss and nll are means over the target tokens (the rows below
 * each sequence's length); n_correct counts rows whose largest logit is the target. */
typedef struct {
    double loss;       /* label-smoothed cross-entropy, the quantity minimised */
    double nll;        /* −log p(target), without smoothing: exp(nll) is the perplexity */
    int64_t n_tokens;
    int64_t n_correct;
    double src_loss;   /* the source-word objective's mean loss (unweighted), 0 when it is off */
} tf_LossStats;

typedef struct tf_TrainWork tf_TrainWork;

typedef struct {
    tf_TrainConfig cfg;
    int64_t step;               /* updates done; the next one uses tf_learning_rate(step + 1) */
    tf_Weights grad;            /* ∂loss/∂weights of the last tf_train_grads, laid out as the
                                 * model's weights (linear weights transposed, (in, out)); the
                                 * slot of a tied generator holds 0 (its gradient is in
                                 * tgt_embed), as does src_embed's with share_embeddings */
    tf_Weights adam_m, adam_v;  /* Adam's moments, the same layout */
    tf_TrainWork *work;         /* activations, backward buffers, transposed weights */
} tf_TrainState;

/* Sets up training state for m (zero moments, step 0). Fails on a pre-LN model, or when
 * share_embeddings is asked for with different vocabularies. */
tf_Status tf_train_init(tf_TrainState *st, const tf_Model *m, const tf_TrainConfig *tc,
                        tf_Err *err);
void tf_train_free(tf_TrainState *st);

/* One update: tf_train_grads with dropout cfg.dropout and the masks of step st->step + 1, then
 * tf_adam_step at tf_learning_rate(st->step + 1). ls (may be NULL) gets the batch's loss. */
tf_Status tf_train_step(tf_Model *m, tf_TrainState *st, const tf_Batch *b, tf_Pool *pool,
                        tf_LossStats *ls, tf_Err *err);

/* Loss of batch b and its gradient with respect to every weight, into st->grad (overwritten);
 * the model is not changed. dropout 0 is the deterministic inference pass (gradient checks),
 * otherwise masks come from seed. Fails (err says why) on ids or lengths that do not fit the
 * model; then nothing is computed. */
tf_Status tf_train_grads(const tf_Model *m, tf_TrainState *st, const tf_Batch *b, float dropout,
                         uint64_t seed, tf_Pool *pool, tf_LossStats *ls, tf_Err *err);

/* Loss only, without dropout and without gradients: evaluation. */
tf_Status tf_train_loss(const tf_Model *m, tf_TrainState *st, const tf_Batch *b, tf_Pool *pool,
                        tf_LossStats *ls, tf_Err *err);

/* Adam on every weight with st->grad and learning rate lr; st->step counts it. Copies that tie
 * weights together (generator = tgt_embedᵀ, src_embed = tgt_embed) are refreshed. */
void tf_adam_step(tf_Model *m, tf_TrainState *st, float lr, tf_Pool *pool);

/* Fresh weights from seed (tf_model_randomize), the projections that end a residual branch
 * (out_proj, linear2) scaled by 1/√(2·n_enc) in the encoder and 1/√(3·n_dec) in the decoder, so
 * that a deep post-LN stack starts close to passing its input through; src_embed a copy of
 * tgt_embed when share_embeddings. */
void tf_weights_init(tf_Model *m, uint64_t seed, bool share_embeddings);
/* Refreshes the copies that tie weights: the tied generator from tgt_embed (tf_model_sync_tied),
 * and src_embed from tgt_embed when share_embeddings. Call after changing tgt_embed by hand. */
void tf_weights_sync(tf_Model *m, bool share_embeddings);


#endif

/* batch.h — training batches drawn from the synthetic task: sentences of similar length
 * together, right-padded, with the decoder input (<bos> + target) and the targets it must
 * predict (target + <eos>). Batch k depends only on (seed, k), so a resumed run sees exactly the
 * batches an uninterrupted one would. Not the task (task.h) and not the training step. */
#ifndef TF_BATCH_H
#define TF_BATCH_H

#include "forward.h"
#include "task.h"

#define TF_BATCHES_PER_CHUNK 64

typedef struct {
    tf_Batch b;          /* points into the arrays below */
    int *src;            /* (B, S) padded with <pad> */
    int *tgt_in;         /* (B, T) <bos> y1 … yn, padded */
    int *tgt_out;        /* (B, T) y1 … yn <eos>, padded with -1 (no loss) */
    int *src_len, *tgt_len;
    int *src_target;     /* (B, S) the first target id aligned to each source word, or -1 */
    int n_tokens;        /* target tokens that carry a loss */
} tf_TrainBatch;

/* Vocabularies of the task, specials first (<pad> <unk> <bos> <eos>). */
void tf_task_vocabs(tf_Vocab *src, tf_Vocab *tgt);

/* Batch k of a run: chunk k / TF_BATCHES_PER_CHUNK holds TF_BATCHES_PER_CHUNK × size training
 * pairs, sorted by length and cut into batches of `size` sentences, whose order is shuffled. */
void tf_task_batch(const tf_Model *m, uint64_t seed, uint64_t k, int size, tf_TrainBatch *out);
void tf_train_batch_free(tf_TrainBatch *b);

#endif

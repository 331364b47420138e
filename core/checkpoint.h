/* checkpoint.h — everything a training run needs to continue exactly where it stopped: the
 * model (config, vocabularies, weights), Adam's moments and the step count, plus the run's
 * settings as metadata strings. A safetensors file whose tensors are the flat weight blocks.
 * Not the model file (model.h) that a finished run ships. */
#ifndef TF_CHECKPOINT_H
#define TF_CHECKPOINT_H

#include "train.h"

/* meta: n key/value pairs kept with the checkpoint (e.g. the run's options). */
void tf_checkpoint_save(const tf_Model *m, const tf_TrainState *st, const tf_StMeta *meta, int n,
                        uint8_t **out, size_t *out_len);
/* Rebuilds the model and the training state (with training config tc); the caller frees both.
 * meta_out (may be NULL) receives a copy of the stored metadata (free with tf_st_free-like
 * loop: keys and values malloc'd). */
tf_Status tf_checkpoint_load(const uint8_t *buf, size_t len, const tf_TrainConfig *tc,
                             tf_Model *m, tf_TrainState *st, tf_St *meta_out, tf_Err *err);

#endif

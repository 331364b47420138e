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
 * Refused (err names the tensor, element and parameter, or the field): a weight or an Adam moment
 * that is NaN or Inf, a negative second moment, a step that is not a whole number >= 0, blocks
 * that do not match the stored config (checked before anything is allocated). meta_out (may be
 * NULL) receives the stored metadata only; free it with tf_st_free. */
tf_Status tf_checkpoint_load(const uint8_t *buf, size_t len, const tf_TrainConfig *tc,
                             tf_Model *m, tf_TrainState *st, tf_St *meta_out, tf_Err *err);
/* Whether a loaded checkpoint continues the run a command describes: the same model config as
 * want (vocabulary sizes and optional tensors included) and a step in 0..steps. TF_ERR_INPUT with
 * the first difference otherwise. */
tf_Status tf_checkpoint_check(const tf_Model *m, const tf_TrainState *st, const tf_Config *want,
                              int64_t steps, tf_Err *err);

#endif

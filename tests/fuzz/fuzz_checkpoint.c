/* fuzz_checkpoint.c — libFuzzer target: arbitrary bytes as a training checkpoint (what
 * `train --resume` reads). The reader must refuse them with a message or accept them; what it
 * accepts holds finite weights and moments, passes the check against its own config, and saves
 * and reads back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkpoint.h"
#include "fuzz.h"

static void must(int ok, const char *what, const tf_Err *err)
{
    if (ok) return;
    fprintf(stderr, "fuzz_checkpoint: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
    abort();
}

int tf_fuzz_checkpoint(const uint8_t *data, size_t size)
{
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    tf_Model m;
    tf_TrainState st;
    tf_St meta;
    tf_Err err = {{0}};
    if (tf_checkpoint_load(data, size, &tc, &m, &st, &meta, &err) != TF_OK) {
        must(err.msg[0] != 0, "a refused checkpoint comes with a message", NULL);
        return 0;
    }
    must(st.step >= 0, "an accepted step is not negative", NULL);
    must(tf_checkpoint_check(&m, &st, &m.cfg, st.step, &err) == TF_OK,
         "a checkpoint continues a run of its own config", &err);
    uint8_t *bytes;
    size_t len;
    tf_checkpoint_save(&m, &st, NULL, 0, &bytes, &len);
    tf_Model m2;
    tf_TrainState st2;
    must(tf_checkpoint_load(bytes, len, &tc, &m2, &st2, NULL, &err) == TF_OK,
         "a saved checkpoint loads back", &err);
    must(st2.step == st.step, "a saved checkpoint keeps its step", NULL);
    tf_train_free(&st2);
    tf_model_free(&m2);
    free(bytes);
    tf_st_free(&meta);
    tf_train_free(&st);
    tf_model_free(&m);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_checkpoint(data, size); }
#endif

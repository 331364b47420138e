/* test_checkpoint.c — training checkpoints (checkpoint.h): a saved checkpoint loads back with the
 * same bits; a poisoned one is refused with a message that names what is wrong — NaN or Inf in
 * the weights or in Adam's moments (with the parameter it falls in), a negative second moment, a
 * step that is negative, not a number or past the run's end, a config that is not the command's,
 * blocks that do not match the stored config (refused before anything is allocated for it). Not
 * training itself (test_train.c) or the command line (test_train_cli.sh, test_hostile.sh). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checkpoint.h"
#include "testutil.h"

enum { V = 8 };

typedef struct {
    tf_Model m;
    tf_TrainState st;
    tf_TrainConfig tc;
} Run;

static void make_run(Run *r, int64_t step)
{
    static const char *tok[V] = {"<pad>", "<unk>", "<bos>", "<eos>", "a", "b", "c", "d"};
    tf_Vocab v;
    tf_Err err;
    assert_int_equal(tf_vocab_from_list(&v, tok, V, "test", &err), TF_OK);
    tf_Config cfg = {.d_model = 8, .nhead = 2, .n_enc = 1, .n_dec = 1, .d_ff = 16,
                     .ln_eps = 1e-5f, .max_len = 16, .tied_generator = true};
    tf_model_init(&r->m, &cfg, &v, &v);
    tf_vocab_free(&v);
    tf_weights_init(&r->m, 5, false);
    tf_train_config_default(&r->tc);
    assert_int_equal(tf_train_init(&r->st, &r->m, &r->tc, &err), TF_OK);
    for (size_t k = 0; k < r->m.w.n_floats; k++) {
        r->st.adam_m.mem[k] = 0.001f * (float)(k % 7);
        r->st.adam_v.mem[k] = 0.0001f * (float)(k % 5);
    }
    r->st.step = step;
}

static void free_run(Run *r)
{
    tf_train_free(&r->st);
    tf_model_free(&r->m);
}

static uint8_t *save(const Run *r, size_t *len)
{
    uint8_t *b;
    tf_StMeta meta[] = {{"training_command", "tfscope train --task en-ko"}};
    tf_checkpoint_save(&r->m, &r->st, meta, 1, &b, len);
    return b;
}

/* Loads b, expecting failure with a message containing want. */
static void refused(const uint8_t *b, size_t len, const char *want)
{
    tf_TrainConfig tc;
    tf_train_config_default(&tc);
    tf_Model m;
    tf_TrainState st;
    tf_Err err = {{0}};
    tf_Status s = tf_checkpoint_load(b, len, &tc, &m, &st, NULL, &err);
    if (s == TF_OK) {
        tf_train_free(&st);
        tf_model_free(&m);
        fail_msg("a checkpoint loads that must be refused with \"%s\"", want);
    }
    if (!strstr(err.msg, want)) fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void a_checkpoint_loads_back_bit_for_bit(void **state)
{
    (void)state;
    Run r;
    make_run(&r, 17);
    size_t len, len2;
    uint8_t *b = save(&r, &len);
    tf_Model m;
    tf_TrainState st;
    tf_St meta;
    tf_Err err;
    assert_int_equal(tf_checkpoint_load(b, len, &r.tc, &m, &st, &meta, &err), TF_OK);
    assert_int_equal(st.step, 17);
    assert_string_equal(tf_st_meta(&meta, "training_command"), "tfscope train --task en-ko");
    assert_int_equal(tf_checkpoint_check(&m, &st, &r.m.cfg, 17, &err), TF_OK);
    uint8_t *b2 = save(&(Run){m, st, r.tc}, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(b, b2, len);
    free(b);
    free(b2);
    tf_st_free(&meta);
    tf_train_free(&st);
    tf_model_free(&m);
    free_run(&r);
}

/* One block poisoned at element k with value x: refused, naming the block and the parameter. */
static void poisoned(float *(*where)(Run *), float x, const char *want)
{
    Run r;
    make_run(&r, 3);
    size_t k = r.m.w.n_floats / 2;
    where(&r)[k] = x;
    size_t len;
    uint8_t *b = save(&r, &len);
    char elem[64];
    snprintf(elem, sizeof elem, "at element %zu (", k);
    refused(b, len, want);
    refused(b, len, elem);
    free(b);
    free_run(&r);
}

static float *weights(Run *r) { return r->m.w.mem; }
static float *adam_m(Run *r) { return r->st.adam_m.mem; }
static float *adam_v(Run *r) { return r->st.adam_v.mem; }

static void nan_or_inf_in_weights_or_moments_is_refused(void **state)
{
    (void)state;
    poisoned(weights, NAN, "tensor 'weights' holds NaN");
    poisoned(weights, -INFINITY, "tensor 'weights' holds Inf");
    poisoned(adam_m, INFINITY, "tensor 'adam_m' holds Inf");
    poisoned(adam_v, NAN, "tensor 'adam_v' holds NaN");
    poisoned(adam_v, -1e-3f, "tensor 'adam_v' holds a negative second moment");
}

static void the_message_names_the_parameter(void **state)
{
    (void)state;
    Run r;
    make_run(&r, 3);
    tf_Param p[64];
    int n = tf_params(&r.m.cfg, &r.m.w, p, 64);
    assert_true(n > 4 && n <= 64);
    p[4].data[1] = NAN;
    size_t len;
    uint8_t *b = save(&r, &len);
    char want[256];
    snprintf(want, sizeof want, "(%s)", p[4].name);
    refused(b, len, want);
    free(b);
    free_run(&r);
}

static void a_step_that_is_not_a_count_is_refused(void **state)
{
    (void)state;
    Run r;
    make_run(&r, 3);
    size_t len, len2;
    uint8_t *b = save(&r, &len);
    const char *bad[] = {"-1", "-9223372036854775808", "abc", "", "12x", "1e3",
                         "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t *b2 = tu_with_meta(b, len, "step", bad[i], &len2);
        refused(b2, len2, "metadata 'step'");
        free(b2);
    }
    free(b);
    free_run(&r);
}

static void a_step_past_the_run_or_another_config_is_not_resumed(void **state)
{
    (void)state;
    Run r;
    make_run(&r, 40);
    tf_Err err;
    assert_int_equal(tf_checkpoint_check(&r.m, &r.st, &r.m.cfg, 40, &err), TF_OK);
    assert_int_equal(tf_checkpoint_check(&r.m, &r.st, &r.m.cfg, 39, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "step 40, past this run's 39 steps"));
    tf_Config other = r.m.cfg;
    other.d_model = 16;
    assert_int_equal(tf_checkpoint_check(&r.m, &r.st, &other, 40, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "d_model 8, not 16"));
    other = r.m.cfg;
    other.ln_eps = 1e-6f;
    assert_int_equal(tf_checkpoint_check(&r.m, &r.st, &other, 40, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "layer_norm_eps"));
    other = r.m.cfg;
    other.tgt_vocab = 9;
    assert_int_equal(tf_checkpoint_check(&r.m, &r.st, &other, 40, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "target vocabulary size 8, not 9"));
    free_run(&r);
}

static void a_config_larger_than_its_blocks_is_refused_before_allocating(void **state)
{
    (void)state;
    Run r;
    make_run(&r, 3);
    size_t len, len2;
    uint8_t *b = save(&r, &len);
    /* 256 + 256 layers of width 65536 would be terabytes: refused by the block sizes */
    uint8_t *b2 = tu_with_meta(b, len, "d_model", "65536", &len2);
    uint8_t *b3 = tu_with_meta(b2, len2, "num_encoder_layers", "256", &len2);
    refused(b3, len2, "tensor 'weights' is missing or does not match the configuration");
    free(b2);
    free(b3);
    b2 = tu_with_meta(b, len, "format", "tfscope-trace", &len2);
    refused(b2, len2, "not a tfscope training checkpoint");
    free(b2);
    free(b);
    free_run(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_checkpoint_loads_back_bit_for_bit),
        cmocka_unit_test(nan_or_inf_in_weights_or_moments_is_refused),
        cmocka_unit_test(the_message_names_the_parameter),
        cmocka_unit_test(a_step_that_is_not_a_count_is_refused),
        cmocka_unit_test(a_step_past_the_run_or_another_config_is_not_resumed),
        cmocka_unit_test(a_config_larger_than_its_blocks_is_refused_before_allocating),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_interv.c — the ablation spec (valid heads, and messages that name the valid range for
 * the rest), toggling heads, and the text and JSON forms of interventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "interv.h"

static const tf_Config CFG = {.d_model = 16, .nhead = 4, .n_enc = 2, .n_dec = 3, .d_ff = 32};

static void a_spec_lists_heads_once_each(void **state)
{
    (void)state;
    tf_Interv iv = {0};
    tf_Err err;
    assert_int_equal(tf_interv_parse_ablate(&iv, &CFG, "enc.1.3,cross.2.0,dec.0.1,enc.1.3", &err),
                     TF_OK);
    assert_int_equal(iv.n_ablated, 3);
    assert_true(tf_interv_head(&iv, TF_ATTN_ENC, 1, 3));
    assert_true(tf_interv_head(&iv, TF_ATTN_CROSS, 2, 0));
    assert_true(tf_interv_head(&iv, TF_ATTN_DEC, 0, 1));
    assert_false(tf_interv_head(&iv, TF_ATTN_DEC, 1, 0));
    assert_false(tf_interv_head(&iv, TF_ATTN_CROSS, 1, 3));  /* the kind matters */
    assert_true(tf_interv_any(&iv));
}

static void bad_specs_name_the_valid_range(void **state)
{
    (void)state;
    static const struct { const char *spec, *says; } BAD[] = {
        {"enc.2.0", "encoder layers 0 to 1"},   {"dec.3.1", "decoder layers 0 to 2"},
        {"cross.0.4", "heads 0 to 3"},          {"enc.-1.0", "encoder layers 0 to 1"},
        {"dec.0.-2", "heads 0 to 3"},           {"self.0.0", "KIND.LAYER.HEAD"},
        {"enc.0", "KIND.LAYER.HEAD"},           {"enc.0.1x", "KIND.LAYER.HEAD"},
        {"enc.0.1,", "KIND.LAYER.HEAD"},        {"", "KIND.LAYER.HEAD"},
        {"enc.99999999999999999999.0", "encoder layers 0 to 1"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        tf_Interv iv = {0};
        tf_Err err = {{0}};
        assert_int_equal(tf_interv_parse_ablate(&iv, &CFG, BAD[i].spec, &err), TF_ERR_INPUT);
        if (!strstr(err.msg, BAD[i].says) || strncmp(err.msg, "--ablate: ", 10))
            fail_msg("'%s' gave '%s'", BAD[i].spec, err.msg);
    }
}

static void heads_toggle_on_and_off(void **state)
{
    (void)state;
    tf_Interv iv = {0};
    assert_false(tf_interv_any(&iv));
    assert_true(tf_interv_set_head(&iv, TF_ATTN_DEC, 2, 1, true));
    assert_true(tf_interv_set_head(&iv, TF_ATTN_ENC, 0, 0, true));
    assert_true(tf_interv_set_head(&iv, TF_ATTN_DEC, 2, 1, true));
    assert_int_equal(iv.n_ablated, 2);
    assert_true(tf_interv_set_head(&iv, TF_ATTN_DEC, 2, 1, false));
    assert_int_equal(iv.n_ablated, 1);
    assert_true(tf_interv_head(&iv, TF_ATTN_ENC, 0, 0));
    assert_true(tf_interv_set_head(&iv, TF_ATTN_ENC, 0, 0, false));
    assert_false(tf_interv_any(&iv));
    for (int i = 0; i < TF_MAX_ABLATED; i++)
        assert_true(tf_interv_set_head(&iv, TF_ATTN_ENC, i / 64, i % 64, true));
    assert_false(tf_interv_set_head(&iv, TF_ATTN_DEC, 0, 0, true));
}

static void text_and_json_say_the_same(void **state)
{
    (void)state;
    tf_Interv iv = {0}, back;
    char text[256];
    tf_interv_describe(&iv, text, sizeof text);
    assert_string_equal(text, "none");
    tf_Err err;
    assert_int_equal(tf_interv_parse_ablate(&iv, &CFG, "cross.1.2,enc.0.0", &err), TF_OK);
    iv.no_pos = iv.no_scale = true;
    tf_interv_describe(&iv, text, sizeof text);
    assert_string_equal(text, "ablate cross.1.2 enc.0.0; no-pos; no-scale");
    char *json = tf_interv_to_json(&iv);
    assert_string_equal(json, "{\"ablate\":[\"cross.1.2\",\"enc.0.0\"],\"no_pos\":true,"
                              "\"no_mask\":false,\"no_scale\":true}");
    assert_int_equal(tf_interv_from_json(&back, &CFG, json, &err), TF_OK);
    assert_true(tf_interv_equal(&back, &iv));
    free(json);
    /* a trace's metadata that names a head the model does not have */
    assert_int_equal(tf_interv_from_json(&back, &CFG, "{\"ablate\":[\"dec.7.0\"]}", &err),
                     TF_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "decoder layers 0 to 2"));
    assert_int_equal(tf_interv_from_json(&back, &CFG, "{\"no_pos\":1}", &err), TF_ERR_FORMAT);
    assert_int_equal(tf_interv_from_json(&back, &CFG, "[]", &err), TF_ERR_FORMAT);
    /* a short buffer ends in an ellipsis */
    tf_interv_describe(&iv, text, 12);
    assert_string_equal(text, "ablate c...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_spec_lists_heads_once_each),
        cmocka_unit_test(bad_specs_name_the_valid_range),
        cmocka_unit_test(heads_toggle_on_and_off),
        cmocka_unit_test(text_and_json_say_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

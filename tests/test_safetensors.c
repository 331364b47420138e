/* test_safetensors.c — the container round-trips (writer → parser), models round-trip
 * (save → load gives the same weights and config), and the parser rejects what it must. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "json_out.h"
#include "testutil.h"

static void writer_output_parses_back(void **state)
{
    (void)state;
    float a[6] = {1, 2, 3, 4, 5, 6};
    double b[2] = {0.5, -7.25};
    tf_StWriter *w = tf_stw_new();
    tf_stw_meta(w, "k", "v \"quoted\" 한국어");
    tf_stw_add(w, "a", TF_DT_F32, 2, (int64_t[]){2, 3}, a);
    tf_stw_add(w, "b", TF_DT_F64, 1, (int64_t[]){2}, b);
    tf_stw_add(w, "empty", TF_DT_F32, 2, (int64_t[]){0, 3}, NULL);
    uint8_t *buf;
    size_t len;
    tf_stw_finish(w, &buf, &len);
    uint64_t hlen = 0;
    memcpy(&hlen, buf, 8);
    assert_int_equal(hlen % 8, 0);  /* data 8-byte aligned */
    tf_St st;
    tf_Err err;
    assert_int_equal(tf_st_parse(buf, len, &st, &err), TF_OK);
    assert_string_equal(tf_st_meta(&st, "k"), "v \"quoted\" 한국어");
    const tf_StTensor *ta = tf_st_find(&st, "a"), *tb = tf_st_find(&st, "b");
    assert_non_null(ta);
    assert_int_equal(ta->ndim, 2);
    assert_int_equal(ta->shape[1], 3);
    float a2[6];
    double b2[2];
    assert_int_equal(tf_st_read_f32(ta, a2, NULL), TF_OK);
    assert_memory_equal(a, a2, sizeof a);
    assert_int_equal(tf_st_read_f64(tb, b2, NULL), TF_OK);
    assert_memory_equal(b, b2, sizeof b);
    assert_true(ta->offset < tb->offset);  /* data in the order written */
    tf_st_free(&st);
    /* every strict prefix is rejected with a message, never a crash */
    for (size_t cut = 0; cut < len; cut += 3) {
        tf_Status s = tf_st_parse(buf, cut, &st, &err);
        if (s == TF_OK) tf_st_free(&st);
        else assert_true(strlen(err.msg) > 0);
        assert_true(cut >= 8 + hlen || s != TF_OK);
    }
    free(buf);
}

/* The writer prints what cJSON prints (files stay byte for byte as they were): every byte that
 * needs an escape, quotes, backslashes, UTF-8; and a header with a metadata key set twice. */
static void json_writer_prints_as_cjson_does(void **state)
{
    (void)state;
    char s[300];
    int n = 0;
    for (int c = 1; c < 256; c++) s[n++] = (char)c;
    strcpy(s + n, "\"한국어\\/");
    const char *cases[] = {s, "", "plain", "\"\\\b\f\n\r\t\x01\x1f\x7f"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *str = cJSON_CreateString(cases[i]);
        char *want = cJSON_PrintUnformatted(str);
        tf_JsonOut j = {0};
        tf_jo_str(&j, cases[i]);
        assert_string_equal(j.s, want);
        free(j.s);
        free(want);
        cJSON_Delete(str);
    }
    tf_JsonOut j = {0};
    tf_jo_int(&j, 0);
    tf_jo_int(&j, -12);
    tf_jo_int(&j, 999999999999999LL);
    assert_string_equal(j.s, "0-12999999999999999");
    free(j.s);
    tf_StWriter *w = tf_stw_new();
    tf_stw_meta(w, "a", "1");
    tf_stw_meta(w, "b", "2");
    tf_stw_meta(w, "a", "3");  /* set again: moves to the end, as in a cJSON object */
    tf_stw_layout(w, "t", TF_DT_F32, 2, (int64_t[]){2, 3});
    uint8_t *head;
    size_t len;
    tf_stw_finish_header(w, &head, &len);
    const char *want = "{\"__metadata__\":{\"b\":\"2\",\"a\":\"3\"},\"t\":{\"dtype\":\"F32\","
                       "\"shape\":[2,3],\"data_offsets\":[0,24]}}";
    assert_int_equal(len, 8 + ((strlen(want) + 7) & ~(size_t)7));
    assert_memory_equal(head + 8, want, strlen(want));
    free(head);
}

static void model_save_then_load_is_identical(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    for (int i = 0; i < n; i += 3) {
        tu_Case c;
        tu_case_load(cases[i], &c);
        uint8_t *buf;
        size_t len;
        tf_model_save(&c.model, &buf, &len);
        tf_Model back;
        tf_Err err;
        if (tf_model_load(buf, len, &back, &err) != TF_OK) fail_msg("%s", err.msg);
        assert_memory_equal(&back.cfg, &c.model.cfg, sizeof back.cfg);
        assert_int_equal(back.w.n_floats, c.model.w.n_floats);
        assert_memory_equal(back.w.mem, c.model.w.mem, back.w.n_floats * sizeof(float));
        assert_int_equal(back.src_vocab.n, c.model.src_vocab.n);
        uint8_t *buf2;
        size_t len2;
        tf_model_save(&back, &buf2, &len2);
        assert_int_equal(len, len2);
        assert_memory_equal(buf, buf2, len);  /* saving is deterministic */
        free(buf), free(buf2);
        tf_model_free(&back);
        tu_case_free(&c);
    }
    tu_free_strings(cases, n);
}

static void fixture_model_is_readable_with_pytorch_names(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = tu_read(TF_TESTS_DIR "/fixtures/ref/post_d24_h4_e1d3_eps.model.safetensors", &len);
    tf_St st;
    assert_int_equal(tf_st_parse(b, len, &st, NULL), TF_OK);
    assert_non_null(tf_st_find(&st, "decoder.layers.2.multihead_attn.in_proj_weight"));
    assert_non_null(tf_st_find(&st, "encoder.layers.0.linear1.weight"));
    tf_Model m;
    assert_int_equal(tf_model_from_st(&st, &m, NULL), TF_OK);
    assert_int_equal(m.cfg.n_dec, 3);
    assert_false(m.cfg.tied_generator);
    assert_true(m.cfg.has_enc_norm);
    /* transposed on load: wt[in][out] = W[out][in] */
    const tf_StTensor *w1 = tf_st_find(&st, "encoder.layers.0.linear1.weight");
    float *w = malloc((size_t)w1->numel * sizeof *w);
    tf_st_read_f32(w1, w, NULL);
    int F = m.cfg.d_ff, D = m.cfg.d_model;
    assert_memory_equal(&m.w.enc[0].ff1.wt[5 * F + 7], &w[7 * D + 5], sizeof(float));
    free(w);
    tf_model_free(&m);
    tf_st_free(&st);
    free(b);
}

/* A file made of the 8-byte length and the given header text, then data bytes of zeros. */
static uint8_t *raw_file(const char *header, size_t data, size_t *len)
{
    size_t h = strlen(header);
    *len = 8 + h + data;
    uint8_t *b = calloc(1, *len);
    assert_non_null(b);
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)((uint64_t)h >> (8 * i));
    memcpy(b + 8, header, h);
    return b;
}

static void refused(const uint8_t *b, size_t len, const char *want)
{
    tf_St st;
    tf_Err err = {{0}};
    if (tf_st_parse(b, len, &st, &err) == TF_OK) {
        tf_st_free(&st);
        fail_msg("a header parses that must be refused with \"%s\"", want);
    }
    if (!strstr(err.msg, want)) fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

/* n empty tensors e0 … e(n-1) (the last named e0 again when dup) and two metadata keys. */
static char *many_tensors(int n, bool dup, const char *second_key)
{
    tf_JsonOut j = {0};
    tf_jo_raw(&j, "{\"__metadata__\":{\"format\":\"x\",\"");
    tf_jo_raw(&j, second_key);
    tf_jo_raw(&j, "\":\"y\"}");
    for (int i = 0; i < n; i++) {
        char e[96];
        snprintf(e, sizeof e, ",\"e%d\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}",
                 dup && i == n - 1 ? 0 : i);
        tf_jo_raw(&j, e);
    }
    tf_jo_raw(&j, "}");
    return j.s;
}

static double parse_many(int n)
{
    char *h = many_tensors(n, false, "format2");
    size_t len;
    uint8_t *b = raw_file(h, 0, &len);
    free(h);
    tf_St st;
    tf_Err err;
    clock_t t0 = clock();
    assert_int_equal(tf_st_parse(b, len, &st, &err), TF_OK);
    double dt = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(st.n_tensors, n);
    char last[32];
    snprintf(last, sizeof last, "e%d", n - 1);
    assert_non_null(tf_st_find(&st, last));
    assert_null(tf_st_find(&st, "e-1"));
    tf_st_free(&st);
    free(b);
    return dt;
}

/* The limit's worth of tensor names is checked in linear time (each name was compared with
 * every earlier one); one more is refused with the limit; so is a metadata key given twice. */
static void names_are_checked_in_linear_time_and_counted(void **state)
{
    (void)state;
    tu_assert_linear("tensor names", parse_many, TF_MAX_ST_TENSORS);
    char *h = many_tensors(TF_MAX_ST_TENSORS, true, "format2");
    size_t len;
    uint8_t *b = raw_file(h, 0, &len);
    free(h);
    refused(b, len, "tensor 'e0' appears twice");
    free(b);
    h = many_tensors(TF_MAX_ST_TENSORS + 1, false, "format2");
    b = raw_file(h, 0, &len);
    free(h);
    refused(b, len, "the limit is 65536 tensors");
    free(b);
    h = many_tensors(3, false, "format");
    b = raw_file(h, 0, &len);
    free(h);
    refused(b, len, "metadata key 'format' appears twice");
    free(b);
}

/* Two bytes a value ("[0,0,0,…]") cost about 100 bytes each in a parse tree: a 4 MB header of
 * them is refused by its count, before cJSON builds anything. */
static void a_header_of_many_tiny_values_is_refused_by_count(void **state)
{
    (void)state;
    enum { N = 2000000 };
    char *h = malloc(2 * (size_t)N + 64);
    assert_non_null(h);
    size_t k = (size_t)sprintf(h, "{\"x\":{\"dtype\":\"F32\",\"shape\":[");
    for (int i = 0; i < N; i++) {
        memcpy(h + k, "0,", 2);
        k += 2;
    }
    strcpy(h + k - 1, "],\"data_offsets\":[0,0]}}");
    size_t len;
    uint8_t *b = raw_file(h, 0, &len);
    free(h);
    double before = tu_peak_rss_mb();
    refused(b, len, "header holds 2000007 JSON values; the limit is 1048576");
    double grew = tu_peak_rss_mb() - before;
    print_message("peak memory grew by %.0f MB on a %.1f MB header\n", grew, (double)len / 1e6);
    assert_true(grew < 50);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writer_output_parses_back),
        cmocka_unit_test(json_writer_prints_as_cjson_does),
        cmocka_unit_test(model_save_then_load_is_identical),
        cmocka_unit_test(fixture_model_is_readable_with_pytorch_names),
        cmocka_unit_test(names_are_checked_in_linear_time_and_counted),
        cmocka_unit_test(a_header_of_many_tiny_values_is_refused_by_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_trace_load.c — reading a trace file that a careless or hostile hand made: counts larger
 * than the file can hold are refused before anything is reserved for them (steps, tokens, JSON
 * values), names are checked in linear time, and a trace whose metadata describes another model
 * than its tensors is refused with the tensor named. Not the record itself (test_trace.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "json_out.h"
#include "testutil.h"

/* A trace file of n tensors t0 … t(n-1), each one F32 value, with the given steps JSON and the
 * config keys of a small model. */
static uint8_t *synthetic(int n, const char *steps, size_t *len)
{
    tf_StWriter *w = tf_stw_new();
    tf_stw_meta(w, "format", "tfscope-trace");
    const char *cfg[][2] = {{"d_model", "8"}, {"nhead", "2"}, {"num_encoder_layers", "1"},
                            {"num_decoder_layers", "1"}, {"dim_feedforward", "16"},
                            {"layer_norm_eps", "1e-5"}, {"max_len", "16"}};
    for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++) tf_stw_meta(w, cfg[i][0], cfg[i][1]);
    tf_stw_meta(w, "src_tokens", "[\"a\"]");
    tf_stw_meta(w, "tgt_tokens", "[\"<bos>\"]");
    tf_stw_meta(w, "steps", steps);
    float one = 1;
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "t%d", i);
        tf_stw_add(w, name, TF_DT_F32, 1, (int64_t[]){1}, &one);
    }
    uint8_t *out;
    tf_stw_finish(w, &out, len);
    return out;
}

static void refused(const uint8_t *b, size_t len, const char *want)
{
    tf_Trace tr;
    tf_Err err = {{0}};
    if (tf_trace_load(b, len, &tr, &err) == TF_OK) {
        tf_trace_free(&tr);
        fail_msg("a trace loads that must be refused with \"%s\"", want);
    }
    if (!strstr(err.msg, want)) fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

/* This thread's CPU time, not the wall clock: on two cores shared by a dozen jobs the wall clock
 * measured the other jobs (4,096 steps in 0.011 s, 65,536 in 1.15 s: 104 times; CPU: 25 times). */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 5,000,000 empty steps in 15 MB over one tensor: the steps were reserved (3 GB) before they were
 * checked. Now the count is bounded by the tensors before cJSON or the trace reserve anything. */
static void more_steps_than_tensors_are_refused_before_reserving(void **state)
{
    (void)state;
    enum { N = 5000000 };
    char *steps = malloc(3 * (size_t)N + 2);
    assert_non_null(steps);
    size_t k = 0;
    steps[k++] = '[';
    for (int i = 0; i < N; i++) {
        memcpy(steps + k, "{},", 3);
        k += 3;
    }
    steps[k - 1] = ']';
    steps[k] = 0;
    size_t len;
    uint8_t *b = synthetic(1, steps, &len);
    free(steps);
    double before = tu_peak_rss_mb();
    refused(b, len, "metadata 'steps' (one step for each stored tensor at most) holds");
    double grew = tu_peak_rss_mb() - before;
    print_message("peak memory grew by %.0f MB on a %.1f MB trace\n", grew, (double)len / 1e6);
    assert_true(grew < 100);
    free(b);
    /* steps that parse, one more than there are tensors */
    b = synthetic(2, "[{\"name\":\"t0\"},{\"name\":\"t1\"},{\"name\":\"t0\"}]", &len);
    refused(b, len, "lists 3 steps, but the file stores only 2 tensors");
    free(b);
}

/* Steps t0 … t(n-1), each the input of the next; the last names t0 again when dup. 65,536 of
 * them load in linear time (the duplicate check and the input look-ups were a pass over every
 * earlier step, about 2·10⁹ string comparisons here). */
static char *chain(int n, bool dup)
{
    tf_JsonOut j = {0};
    tf_jo_raw(&j, "[{\"name\":\"t0\",\"op\":\"embed\",\"inputs\":[]}");
    for (int i = 1; i < n; i++) {
        char step[96];
        snprintf(step, sizeof step, ",{\"name\":\"t%d\",\"op\":\"add\",\"inputs\":[\"t%d\"]}",
                 dup && i == n - 1 ? 0 : i, i - 1);
        tf_jo_raw(&j, step);
    }
    tf_jo_raw(&j, "]");
    return j.s;
}

static double load_chain(int n)
{
    char *steps = chain(n, false);
    size_t len;
    uint8_t *b = synthetic(n, steps, &len);
    free(steps);
    tf_Trace tr;
    tf_Err err;
    double t0 = now_s();
    assert_int_equal(tf_trace_load(b, len, &tr, &err), TF_OK);
    double dt = now_s() - t0;
    assert_int_equal(tr.n_nodes, n);
    assert_int_equal(tr.nodes[n - 1].in[0], n - 2);
    tf_trace_free(&tr);
    free(b);
    return dt;
}

static void many_steps_are_checked_in_linear_time(void **state)
{
    (void)state;
    enum { N = 65536 };
    tu_assert_linear("steps", load_chain, N);
    char *steps = chain(N, true);
    size_t len;
    uint8_t *b = synthetic(N, steps, &len);
    free(steps);
    refused(b, len, "steps: 't0' appears twice");
    free(b);
}

/* A real trace of a fixture model, saved; the caller frees. */
static uint8_t *real_trace(size_t *len, tu_Case *c)
{
    tu_case_load(TF_TESTS_DIR "/fixtures/ref/pre_d32_h8_e2d2.case1.ref.safetensors", c);
    tf_Trace tr;
    assert_int_equal(tf_trace_sentence(&c->model, c->src, c->S, c->tgt, c->T, NULL, &tr, NULL),
                     TF_OK);
    tf_trace_set_model(&tr, "m.safetensors", "");
    uint8_t *b;
    tf_trace_save(&tr, &b, len);
    tf_trace_free(&tr);
    return b;
}

static void refused_with(const uint8_t *b, size_t len, const char *key, const char *value,
                         const char *want)
{
    size_t len2;
    uint8_t *b2 = tu_with_meta(b, len, key, value, &len2);
    refused(b2, len2, want);
    free(b2);
}

/* The metadata says one model, the tensors another: refused, naming the first tensor that does
 * not fit (it loaded, and the views drew the tensors with the metadata's dimensions). */
static void a_config_that_disagrees_with_the_tensors_is_refused(void **state)
{
    (void)state;
    tu_Case c;
    size_t len;
    uint8_t *b = real_trace(&len, &c);
    tf_Trace tr;
    tf_Err err;
    assert_int_equal(tf_trace_load(b, len, &tr, &err), TF_OK);
    tf_trace_free(&tr);
    refused_with(b, len, "d_model", "16", "tensor 'src.embed' has shape [");
    refused_with(b, len, "d_model", "16", "d_model 16");
    refused_with(b, len, "nhead", "4", "tensor 'enc.0.self_attn.q' has shape [8, ");
    refused_with(b, len, "dim_feedforward", "7", "tensor 'enc.0.ffn.hidden'");
    refused_with(b, len, "num_encoder_layers", "1", "tensor 'enc.1.");
    refused_with(b, len, "num_encoder_layers", "1", "but the trace's config has 1 encoder layers");
    refused_with(b, len, "num_decoder_layers", "1", "tensor 'dec.1.");
    /* token lists that disagree with the rows */
    refused_with(b, len, "src_tokens", "[\"a\"]", "tensor 'src.embed' has shape [");
    refused_with(b, len, "tgt_tokens", "[\"<bos>\",\"x\"]", "and its");
    free(b);
    tu_case_free(&c);
}

static void token_lists_past_max_len_are_refused(void **state)
{
    (void)state;
    tu_Case c;
    size_t len;
    uint8_t *b = real_trace(&len, &c);
    char *toks = malloc(8 * 70000 + 3);
    assert_non_null(toks);
    size_t k = 0;
    toks[k++] = '[';
    for (int i = 0; i < 70000; i++) k += (size_t)sprintf(toks + k, "%s\"w\"", i ? "," : "");
    toks[k++] = ']';
    toks[k] = 0;
    refused_with(b, len, "src_tokens", toks, "metadata src_tokens lists more tokens than the "
                 "trace's max_len of");
    free(toks);
    refused_with(b, len, "max_len", "2", "lists more tokens than the trace's max_len of 2");
    free(b);
    tu_case_free(&c);
}

/* A metadata value of a million tiny JSON values (the beam log, the interventions): refused by
 * the count, before cJSON builds a tree of them. */
static void metadata_json_bombs_are_refused_by_count(void **state)
{
    (void)state;
    tu_Case c;
    size_t len;
    uint8_t *b = real_trace(&len, &c);
    enum { N = 2000000 };
    char *bomb = malloc(2 * (size_t)N + 16);
    assert_non_null(bomb);
    size_t k = (size_t)sprintf(bomb, "{\"k\":[");
    for (int i = 0; i < N; i++) {
        memcpy(bomb + k, "0,", 2);
        k += 2;
    }
    strcpy(bomb + k - 1, "]}");
    double before = tu_peak_rss_mb();
    refused_with(b, len, "beam", bomb, "metadata 'beam' holds 2000002 JSON values; the limit is");
    refused_with(b, len, "interventions", bomb, "metadata 'interventions' holds");
    refused_with(b, len, "steps", bomb, "metadata 'steps' (one step for each stored tensor at most) holds");
    double grew = tu_peak_rss_mb() - before;
    print_message("peak memory grew by %.0f MB\n", grew);
    assert_true(grew < 100);
    free(bomb);
    free(b);
    tu_case_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(more_steps_than_tensors_are_refused_before_reserving),
        cmocka_unit_test(many_steps_are_checked_in_linear_time),
        cmocka_unit_test(a_config_that_disagrees_with_the_tensors_is_refused),
        cmocka_unit_test(token_lists_past_max_len_are_refused),
        cmocka_unit_test(metadata_json_bombs_are_refused_by_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

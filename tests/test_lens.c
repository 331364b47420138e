/* test_lens.c — the logit lens: its last point is the model's own output, bit for bit; every
 * point reads the sub-layer outputs in order; top tokens are sorted and agree with the
 * probability of the final token; a trace of another model is refused. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lens.h"
#include "testutil.h"

static void check_lens(tu_Case *c)
{
    const tf_Config *cfg = &c->model.cfg;
    tf_Trace tr;
    assert_int_equal(tf_trace_sentence_with(&c->model, &c->iv, c->src, c->S, c->tgt, c->T, NULL,
                                            &tr, NULL), TF_OK);
    int k = cfg->tgt_vocab < 4 ? cfg->tgt_vocab : 4, V = cfg->tgt_vocab;
    tf_Lens L;
    tf_Err err;
    if (tf_lens_compute(&c->model, &tr, k, &L, &err)) fail_msg("%s", err.msg);
    assert_int_equal(L.n_points, 1 + 3 * cfg->n_dec);
    assert_int_equal(L.T, c->T);
    assert_string_equal(tr.nodes[L.points[0].node].name, "tgt.x");
    for (int p = 1; p < L.n_points; p++) {
        assert_true(L.points[p].node > L.points[p - 1].node);  /* in the order of the pass */
        assert_int_equal(tr.nodes[L.points[p].node].site.layer, (p - 1) / 3);
    }
    const tf_Node *probs = tf_trace_get(&tr, "probs");
    int last = L.n_points - 1;
    for (int t = 0; t < L.T; t++) {
        const float *row = probs->data + (size_t)t * V;
        for (int j = 0; j < k; j++) {  /* the last point: the trace's own probabilities */
            int tok = L.top[((size_t)last * L.T + t) * k + j];
            if (memcmp(&L.top_p[((size_t)last * L.T + t) * k + j], &row[tok], sizeof(float)))
                fail_msg("position %d, top %d: the lens gives %g, the trace %g", t, j,
                         (double)L.top_p[((size_t)last * L.T + t) * k + j], (double)row[tok]);
        }
        assert_int_equal(L.final_rank[(size_t)last * L.T + t], 0);
        for (int p = 0; p < L.n_points; p++) {
            size_t at = (size_t)p * L.T + t;
            for (int j = 1; j < k; j++) assert_true(L.top_p[at * k + j - 1] >= L.top_p[at * k + j]);
            /* the final token's probability, ranked against the top */
            int r = L.final_rank[at];
            if (r < k) assert_true(L.top[at * k + r] == L.final_tok[t]);
            else assert_true(L.final_p[at] <= L.top_p[at * k + k - 1]);
            double sum = 0;
            for (int j = 0; j < k; j++) sum += L.top_p[at * k + j];
            assert_true(sum <= 1.0 + 1e-5);
        }
    }
    tf_lens_free(&L);
    tf_trace_free(&tr);
}

static void last_point_is_the_output_on_every_configuration(void **state)
{
    (void)state;
    tu_each_case(tu_fixture_cases, check_lens);
    tu_each_case(tu_fixture_interv_cases, check_lens);
}

static void a_trace_of_another_model_is_refused(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    tu_Case a, b;
    tu_case_load(cases[0], &a);
    tu_case_load(cases[n - 1], &b);  /* another configuration */
    tf_Trace tr;
    assert_int_equal(tf_trace_sentence(&a.model, a.src, a.S, a.tgt, a.T, NULL, &tr, NULL), TF_OK);
    tf_Lens L;
    tf_Err err;
    assert_int_equal(tf_lens_compute(&b.model, &tr, 3, &L, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "not of this model"));
    assert_int_equal(tf_lens_compute(&a.model, &tr, 0, &L, &err), TF_ERR_INPUT);
    /* a trace that lacks a point of the stream (a file may hold any subset): named */
    snprintf(tr.nodes[tf_trace_index(&tr, "tgt.x")].name, TF_NAME_MAX, "tgt.y");
    tr.nodes[tf_trace_index(&tr, "tgt.y")].site.part = TF_PART_OTHER;
    assert_int_equal(tf_lens_compute(&a.model, &tr, 3, &L, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "tgt.x"));
    tf_trace_free(&tr);
    tu_case_free(&a);
    tu_case_free(&b);
    tu_free_strings(cases, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(last_point_is_the_output_on_every_configuration),
        cmocka_unit_test(a_trace_of_another_model_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

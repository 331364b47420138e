/* test_reference.c — every traced tensor of every fixture case against the float64 reference
 * computed from PyTorch's weights by tests/fixtures/make_fixtures.py: within
 * 1e-4·max(1, max|ref|), and the same set of names, shapes and order; for plain runs and for runs
 * with interventions (heads ablated, no positions, no mask, no scaling). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

static void check_case(const char *path)
{
    tu_Case c;
    tu_case_load(path, &c);
    tf_Trace tr;
    tf_Err err;
    assert_int_equal(tf_trace_sentence_with(&c.model, &c.iv, c.src, c.S, c.tgt, c.T, NULL, &tr,
                                            &err), TF_OK);
    assert_int_equal(tr.n_nodes, c.ref.n_tensors);
    double worst = 0;
    int bad = 0;
    for (int i = 0; i < c.ref.n_tensors; i++) {
        /* reference tensors are stored in execution order, as the trace is */
        const tf_StTensor *r = &c.ref.tensors[i];
        const tf_Node *n = &tr.nodes[i];
        if (strcmp(n->name, r->name)) fail_msg("%s: tensor %d is '%s', expected '%s'", path, i, n->name, r->name);
        assert_int_equal(n->ndim, r->ndim);
        for (int d = 0; d < n->ndim; d++) assert_int_equal(n->shape[d], r->shape[d]);
        double *ref = malloc((size_t)r->numel * sizeof *ref);
        assert_int_equal(tf_st_read_f64(r, ref, NULL), TF_OK);
        double d = tu_rel_diff(r->name, n->data, ref, (size_t)r->numel, 1e-4);
        bad += !(d <= 1e-4);
        worst = d > worst ? d : worst;
        free(ref);
    }
    printf("%-64s %3d tensors, largest relative difference %.2e\n", strrchr(path, '/') + 1,
           tr.n_nodes, worst);
    assert_int_equal(bad, 0);
    tf_trace_free(&tr);
    tu_case_free(&c);
}

static void every_fixture_case_matches_float64_reference(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    for (int i = 0; i < n; i++) check_case(cases[i]);
    tu_free_strings(cases, n);
}

static void every_intervened_case_matches_float64_reference(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_interv_cases(&n);
    for (int i = 0; i < n; i++) check_case(cases[i]);
    tu_free_strings(cases, n);
}

/* An intervened trace says what was changed, in its file too; ablated heads' context is zero. */
static void check_recorded(tu_Case *c)
{
    assert_true(tf_interv_any(&c->iv));
    tf_Trace tr, back;
    assert_int_equal(tf_trace_sentence_with(&c->model, &c->iv, c->src, c->S, c->tgt, c->T, NULL,
                                            &tr, NULL), TF_OK);
    assert_true(tf_interv_equal(&tr.interv, &c->iv));
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    tf_Err err;
    if (tf_trace_load(bytes, len, &back, &err) != TF_OK) fail_msg("%s", err.msg);
    assert_true(tf_interv_equal(&back.interv, &c->iv));
    for (int k = 0; k < c->iv.n_ablated; k++) {
        const tf_Head *h = &c->iv.ablated[k];
        const tf_Node *ctx =
            &tr.nodes[tf_trace_find(&tr, tf_site_attn(h->kind, h->layer, TF_PART_CONTEXT))];
        size_t per_head = (size_t)ctx->shape[1] * ctx->shape[2];
        for (size_t j = 0; j < per_head; j++) assert_true(ctx->data[h->head * per_head + j] == 0.0f);
    }
    free(bytes);
    tf_trace_free(&back);
    tf_trace_free(&tr);
}

static void intervened_trace_records_its_interventions(void **state)
{
    (void)state;
    tu_each_case(tu_fixture_interv_cases, check_recorded);
}

static void trace_file_round_trips(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    tu_Case c;
    tu_case_load(cases[0], &c);
    tf_Trace tr, back;
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S, c.tgt, c.T, NULL, &tr, NULL), TF_OK);
    tf_trace_set_model(&tr, "m.safetensors", "abc");
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    tf_Err err;
    if (tf_trace_load(bytes, len, &back, &err) != TF_OK) fail_msg("%s", err.msg);
    assert_int_equal(back.n_nodes, tr.n_nodes);
    assert_int_equal(back.n_src, c.S);
    assert_int_equal(back.n_tgt, c.T);
    assert_string_equal(back.tgt_tokens[0], "<bos>");
    assert_string_equal(back.model_sha256, "abc");
    assert_int_equal(back.cfg.d_model, c.model.cfg.d_model);
    for (int i = 0; i < tr.n_nodes; i++) {
        assert_string_equal(back.nodes[i].name, tr.nodes[i].name);
        assert_int_equal(back.nodes[i].op, tr.nodes[i].op);
        assert_int_equal(back.nodes[i].n_inputs, tr.nodes[i].n_inputs);
        assert_int_equal(back.nodes[i].mask, tr.nodes[i].mask);
        assert_memory_equal(back.nodes[i].data, tr.nodes[i].data, (size_t)tr.nodes[i].numel * 4);
    }
    /* every input names an earlier step: the steps form a graph in execution order */
    for (int i = 0; i < tr.n_nodes; i++)
        for (int k = 0; k < tr.nodes[i].n_inputs; k++) {
            int j = tf_trace_index(&tr, tr.nodes[i].inputs[k]);
            assert_true(j >= 0 && j < i);
        }
    free(bytes);
    tf_trace_free(&tr);
    tf_trace_free(&back);
    tu_case_free(&c);
    tu_free_strings(cases, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_fixture_case_matches_float64_reference),
        cmocka_unit_test(every_intervened_case_matches_float64_reference),
        cmocka_unit_test(intervened_trace_records_its_interventions),
        cmocka_unit_test(trace_file_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

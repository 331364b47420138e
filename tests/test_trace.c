/* test_trace.c — the trace's record of where each tensor sits: sites and input indices filled by
 * the forward pass, the same ones derived from names when a trace file is read, names and sites
 * that map to each other, and arenas sized by the declarations themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "trace_diff.h"

static void (*trace_check)(const tu_Case *c, tf_Trace *tr);

static void with_trace(tu_Case *c)
{
    tf_Trace tr;
    tf_Err err;
    if (tf_trace_sentence(&c->model, c->src, c->S, c->tgt, c->T, NULL, &tr, &err) != TF_OK)
        fail_msg("%s", err.msg);
    trace_check(c, &tr);
    tf_trace_free(&tr);
}

/* Runs check on the teacher-forced trace of every fixture case (every configuration). */
static void each_case(void (*check)(const tu_Case *c, tf_Trace *tr))
{
    trace_check = check;
    tu_each_case(tu_fixture_cases, with_trace);
}

static void assert_site_equal(const char *name, tf_Site a, tf_Site b)
{
    if (!tf_site_equal(a, b))
        fail_msg("%s: site (%s, layer %d, sub-layer %d, attention %d, %s) is not (%s, layer %d, "
                 "sub-layer %d, attention %d, %s)", name, tf_stack_name(a.stack), a.layer,
                 a.sublayer, a.attn, tf_part_name(a.part), tf_stack_name(b.stack), b.layer,
                 b.sublayer, b.attn, tf_part_name(b.part));
}

/* What the forward pass declares is what its names say, and the names are DESIGN.md's. */
static void check_names(const tu_Case *c, tf_Trace *tr)
{
    const tf_Config *cfg = &c->model.cfg;
    int attn[TF_ATTN_COUNT] = {0}, other = 0;
    char name[TF_NAME_MAX];
    for (int k = 0; k < tr->n_nodes; k++) {
        const tf_Node *nd = &tr->nodes[k];
        assert_string_equal(tf_site_name(nd->site, name), nd->name);
        assert_site_equal(nd->name, tf_site_parse(nd->name), nd->site);
        if (nd->site.part == TF_PART_WEIGHTS) attn[nd->site.attn]++;
        other += nd->site.part == TF_PART_OTHER;
        int layers = nd->site.stack == TF_STACK_ENCODER ? cfg->n_enc : cfg->n_dec;
        if (nd->site.layer >= 0) assert_true(nd->site.layer < layers);
    }
    assert_int_equal(attn[TF_ATTN_ENC], cfg->n_enc);
    assert_int_equal(attn[TF_ATTN_DEC], cfg->n_dec);
    assert_int_equal(attn[TF_ATTN_CROSS], cfg->n_dec);
    assert_int_equal(other, 0);
    int w = tf_trace_find(tr, tf_site_attn(TF_ATTN_CROSS, cfg->n_dec - 1, TF_PART_WEIGHTS));
    snprintf(name, sizeof name, "dec.%d.cross_attn.weights", cfg->n_dec - 1);
    assert_int_equal(w, tf_trace_index(tr, name));
}

static void every_node_is_named_from_its_site(void **state)
{
    (void)state;
    each_case(check_names);
}

/* A trace read from its file has the sites and input indices the pass gave it, for every
 * configuration (post- and pre-LN, final norms or not). */
static void check_loaded(const tu_Case *c, tf_Trace *tr)
{
    (void)c;
    tf_Trace back;
    uint8_t *bytes;
    size_t len;
    tf_trace_save(tr, &bytes, &len);
    tf_Err err;
    if (tf_trace_load(bytes, len, &back, &err) != TF_OK) fail_msg("%s", err.msg);
    assert_int_equal(back.n_nodes, tr->n_nodes);
    for (int k = 0; k < tr->n_nodes; k++) {
        const tf_Node *a = &tr->nodes[k], *b = &back.nodes[k];
        assert_site_equal(a->name, b->site, a->site);
        assert_int_equal(b->n_inputs, a->n_inputs);
        for (int j = 0; j < a->n_inputs; j++) {
            assert_int_equal(b->in[j], a->in[j]);
            assert_true(a->in[j] >= 0 && a->in[j] < k);
        }
    }
    free(bytes);
    tf_trace_free(&back);
}

static void a_loaded_trace_has_the_same_sites_and_inputs(void **state)
{
    (void)state;
    each_case(check_loaded);
}

/* The graph the pass records: each sub-layer's input feeds its body and its residual sum. */
static void check_residuals(const tu_Case *c, tf_Trace *tr)
{
    (void)c;
    for (int k = 0; k < tr->n_nodes; k++) {
        const tf_Node *nd = &tr->nodes[k];
        if (nd->site.part != TF_PART_ADD || nd->site.layer < 0) continue;
        /* add = stream + body: the body is the sub-layer's last tensor before the add */
        const tf_Node *body = &tr->nodes[nd->in[1]];
        assert_int_equal(nd->n_inputs, 2);
        assert_int_equal(body->site.sublayer, nd->site.sublayer);
        assert_int_equal(body->site.layer, nd->site.layer);
        assert_true(body->site.part == TF_PART_ATTN_OUT || body->site.part == TF_PART_FFN_OUT);
        /* the stream enters from before the sub-layer */
        const tf_Node *x = &tr->nodes[nd->in[0]];
        assert_true(x->site.layer < nd->site.layer || x->site.sublayer < nd->site.sublayer ||
                    x->site.stack != nd->site.stack);
    }
}

static void inputs_follow_the_residual_stream(void **state)
{
    (void)state;
    each_case(check_residuals);
}

/* Names that the forward pass does not record are OTHER, never a wrong site. */
static void unknown_names_parse_as_other(void **state)
{
    (void)state;
    static const char *NAMES[] = {"enc.0.norm3", "enc.0.cross_attn.q", "dec.1.add4", "enc.01.add1",
                                  "dec.0.self_attn", "src.logits", "enc.norm1", "logits.x",
                                  "dec.0.ffn.q", "enc.-1.add1", "foo", "", "dec.0.ffn.hidden.x",
                                  "enc.0.self_attn.k.", "dec.2147483648.add1"};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        tf_Site s = tf_site_parse(NAMES[i]);
        if (s.part != TF_PART_OTHER) fail_msg("'%s' parsed as %s", NAMES[i], tf_part_name(s.part));
        assert_int_equal(s.layer, -1);
    }
    assert_int_equal(tf_site_parse("dec.7.add3").layer, 7);
    assert_int_equal(tf_site_parse("enc.norm").part, TF_PART_NORM);
    assert_int_equal(tf_site_parse("enc.x").stack, TF_STACK_ENCODER);
}

/* The arena and node count come from the declarations: a pass fills them exactly. */
static void check_sizes(const tu_Case *c, tf_Trace *tr)
{
    assert_int_equal(tr->n_nodes, tr->cap_nodes);
    assert_int_equal(tr->arena_used, tr->arena_cap);
    size_t sum = 0;
    for (int k = 0; k < tr->n_nodes; k++) {
        assert_ptr_equal(tr->nodes[k].data, tr->arena + sum);  /* one after the other */
        sum += (size_t)tr->nodes[k].numel;
    }
    assert_int_equal(sum, tr->arena_used);
    assert_int_equal(tf_forward_trace_floats(&c->model.cfg, 3, c->S, c->T), 3 * sum);
}

static void declarations_size_the_pass(void **state)
{
    (void)state;
    each_case(check_sizes);
}

/* A trace file whose steps name an input that is not an earlier step is refused. */
static void an_input_that_is_not_an_earlier_step_is_refused(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    tu_Case c;
    tf_Trace tr, back;
    tu_case_load(cases[0], &c);
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S, c.tgt, c.T, NULL, &tr, NULL), TF_OK);
    tr.nodes[2].in[0] = 5;  /* src.x's first input: a later node */
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    tf_Err err = {{0}};
    assert_int_equal(tf_trace_load(bytes, len, &back, &err), TF_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "src.x"));
    free(bytes);
    tf_trace_free(&tr);
    tu_case_free(&c);
    tu_free_strings(cases, n);
}

/* Two runs side by side: a trace against itself is identical everywhere; a run with one head
 * ablated parts from the plain run exactly at that head's context; sentences of other lengths
 * differ in shape from the first tensor on; a shorter decoder input of the same source is
 * compared over the positions both have; models with other layer counts pair what they share. */
static void two_traces_part_where_they_differ(void **state)
{
    (void)state;
    tu_Case c, other;
    tu_case_load(TF_TESTS_DIR "/fixtures/ref/pre_d32_h8_e2d2.case1.ref.safetensors", &c);
    tf_Trace plain, iv_tr, shorter, again;
    tf_Interv iv = {0};
    tf_interv_set_head(&iv, TF_ATTN_ENC, 1, 5, true);
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S, c.tgt, c.T, NULL, &plain, NULL), TF_OK);
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S, c.tgt, c.T, NULL, &again, NULL), TF_OK);
    assert_int_equal(tf_trace_sentence_with(&c.model, &iv, c.src, c.S, c.tgt, c.T, NULL, &iv_tr,
                                            NULL), TF_OK);
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S - 1, c.tgt, c.T, NULL, &shorter, NULL),
                     TF_OK);
    tf_TraceDiff d;
    tf_Err err;
    assert_int_equal(tf_trace_diff(&plain, &again, &d, &err), TF_OK);
    assert_int_equal(d.n, plain.n_nodes);
    assert_int_equal(d.first, -1);
    assert_int_equal(d.only_a + d.only_b, 0);
    tf_trace_diff_free(&d);
    assert_int_equal(tf_trace_diff(&plain, &iv_tr, &d, &err), TF_OK);
    assert_true(d.first >= 0);
    assert_string_equal(plain.nodes[d.pairs[d.first].a].name, "enc.1.self_attn.context");
    assert_true(d.pairs[d.n - 1].max_abs > 0);  /* the output moved too */
    tf_trace_diff_free(&d);
    assert_int_equal(tf_trace_diff(&plain, &shorter, &d, &err), TF_OK);
    assert_int_equal(d.first, 0);
    assert_false(d.pairs[0].same_shape);
    assert_int_equal(d.pairs[0].positions, 0);  /* another source: nothing to align */
    tf_trace_diff_free(&d);
    /* the same source, a decoder input one token shorter: the encoder is the same, and every
     * decoder step agrees bit for bit over the positions both runs have (causal mask) */
    tf_Trace cut;
    assert_int_equal(tf_trace_sentence(&c.model, c.src, c.S, c.tgt, c.T - 1, NULL, &cut, NULL),
                     TF_OK);
    assert_int_equal(tf_trace_diff(&plain, &cut, &d, &err), TF_OK);
    assert_int_equal(d.first, -1);
    int aligned = 0;
    for (int i = 0; i < d.n; i++) {
        const tf_DiffPair *p = &d.pairs[i];
        tf_Stack st = plain.nodes[p->a].site.stack;
        if (st == TF_STACK_SOURCE || st == TF_STACK_ENCODER) assert_true(p->same_shape);
        if (!p->same_shape) assert_int_equal(p->positions, c.T - 1);
        assert_true(p->max_abs == 0);
        aligned += p->positions > 0;
    }
    assert_true(aligned > 0);
    tf_trace_diff_free(&d);
    /* and B intervened, one token shorter: they part at the head's context, aligned */
    tf_Trace cut_iv;
    assert_int_equal(tf_trace_sentence_with(&c.model, &iv, c.src, c.S, c.tgt, c.T - 1, NULL,
                                            &cut_iv, NULL), TF_OK);
    assert_int_equal(tf_trace_diff(&plain, &cut_iv, &d, &err), TF_OK);
    assert_string_equal(plain.nodes[d.pairs[d.first].a].name, "enc.1.self_attn.context");
    assert_true(d.pairs[d.n - 1].positions == c.T - 1 && d.pairs[d.n - 1].max_abs > 0);
    tf_trace_diff_free(&d);
    tf_trace_free(&cut), tf_trace_free(&cut_iv);
    /* another configuration: 2+2 layers against 1+1, both post-LN or not */
    tu_case_load(TF_TESTS_DIR "/fixtures/ref/post_d8_h1.case1.ref.safetensors", &other);
    tf_Trace small;
    assert_int_equal(tf_trace_sentence(&other.model, other.src, other.S, other.tgt, other.T, NULL,
                                       &small, NULL), TF_OK);
    assert_int_equal(tf_trace_diff(&plain, &small, &d, &err), TF_OK);
    assert_true(d.only_a > 0 && d.n > 0);
    assert_int_equal(d.n + d.only_b, small.n_nodes);
    tf_trace_diff_free(&d);
    tf_trace_free(&small);
    tu_case_free(&other);
    tf_trace_free(&plain), tf_trace_free(&again), tf_trace_free(&iv_tr), tf_trace_free(&shorter);
    tu_case_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_node_is_named_from_its_site),
        cmocka_unit_test(a_loaded_trace_has_the_same_sites_and_inputs),
        cmocka_unit_test(inputs_follow_the_residual_stream),
        cmocka_unit_test(unknown_names_parse_as_other),
        cmocka_unit_test(declarations_size_the_pass),
        cmocka_unit_test(an_input_that_is_not_an_earlier_step_is_refused),
        cmocka_unit_test(two_traces_part_where_they_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

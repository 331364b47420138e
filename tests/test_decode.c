/* test_decode.c — greedy decoding one position at a time (cached keys and values) gives, position
 * by position, the same bits as the teacher-forced pass over the tokens it produced; with
 * interventions too (all but the mask, which decoding needs). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

/* The trace of c's source with the decoder fed <bos> and the first n - 1 of toks: n positions. */
static void teacher_forced(const tu_Case *c, const int *toks, int n, tf_Trace *tr)
{
    int *tgt = malloc((size_t)n * sizeof *tgt);
    tgt[0] = c->model.tgt_vocab.bos;
    memcpy(tgt + 1, toks, (size_t)(n - 1) * sizeof *tgt);
    assert_int_equal(tf_trace_sentence_with(&c->model, &c->iv, c->src, c->S, tgt, n, NULL, tr, NULL),
                     TF_OK);
    free(tgt);
}

/* c->iv applies to both passes */
static void check_model(const tu_Case *c, int max_out)
{
    const tf_Model *m = &c->model;
    int *out;
    float *logits;
    int n = tf_greedy_decode_with(m, &c->iv, c->src, c->S, max_out, &out, &logits);
    assert_true(n >= 1 && n <= max_out);
    for (int i = 0; i + 1 < n; i++) assert_int_not_equal(out[i], m->tgt_vocab.eos);
    /* teacher-forced over <bos> + every produced token but the last: n positions */
    tf_Trace tr;
    teacher_forced(c, out, n, &tr);
    const tf_Node *lg = tf_trace_get(&tr, "logits");
    int V = m->cfg.tgt_vocab;
    for (int t = 0; t < n; t++) {
        if (memcmp(lg->data + (size_t)t * V, logits + (size_t)t * V, (size_t)V * sizeof(float)))
            fail_msg("position %d: incremental logits differ from the teacher-forced pass", t);
        int best = 0;
        for (int v = 1; v < V; v++)
            if (lg->data[(size_t)t * V + v] > lg->data[(size_t)t * V + best]) best = v;
        assert_int_equal(best, out[t]);
    }
    tf_trace_free(&tr);
    free(out);
    free(logits);
}

static void incremental_equals_teacher_forced_bit_for_bit(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    for (int i = 0; i < n; i++) {
        tu_Case c;
        tu_case_load(cases[i], &c);
        check_model(&c, c.model.cfg.max_len);  /* up to the model's limit */
        check_model(&c, 3);                    /* and a short cap */
        tu_case_free(&c);
    }
    tu_free_strings(cases, n);
}

static void check_intervened(tu_Case *c)
{
    c->iv.no_mask = false;
    check_model(c, c->model.cfg.max_len);
}

static void intervened_incremental_equals_teacher_forced(void **state)
{
    (void)state;
    tu_each_case(tu_fixture_interv_cases, check_intervened);
}

static void beam_of_one_is_greedy(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    for (int i = 0; i < n; i += 2) {
        tu_Case c;
        tu_case_load(cases[i], &c);
        int *g, *b;
        int ng = tf_greedy_decode(&c.model, c.src, c.S, 12, &g, NULL);
        int nb = tf_beam_decode(&c.model, c.src, c.S, 12, 1, 0.6, &b);
        assert_int_equal(ng, nb);
        assert_memory_equal(g, b, (size_t)ng * sizeof *g);
        free(g), free(b);
        tu_case_free(&c);
    }
    tu_free_strings(cases, n);
}

/* Log-probability of tokens (with <eos> last, or cut at max) under teacher forcing. */
static double seq_logprob(const tu_Case *c, const int *toks, int n)
{
    const tf_Model *m = &c->model;
    tf_Trace tr;
    teacher_forced(c, toks, n, &tr);
    const tf_Node *lg = tf_trace_get(&tr, "logits");
    int V = m->cfg.tgt_vocab;
    double lp = 0;
    for (int t = 0; t < n; t++) {
        const float *row = lg->data + (size_t)t * V;
        double mx = row[0], sum = 0;
        for (int v = 1; v < V; v++) mx = row[v] > mx ? row[v] : mx;
        for (int v = 0; v < V; v++) sum += exp((double)row[v] - mx);
        lp += (double)row[toks[t]] - mx - log(sum);
    }
    tf_trace_free(&tr);
    return lp;
}

/* With a beam as wide as every sequence of the length limit, beam search must find the best
 * length-normalised sequence: checked by enumerating them all on a small-vocabulary model. */
static void wide_beam_finds_the_best_sequence(void **state)
{
    (void)state;
    tu_Case c;
    tu_case_load(TF_TESTS_DIR "/fixtures/ref/pre_d9_h3_decnorm_only.case0.ref.safetensors", &c);
    const tf_Model *m = &c.model;
    int V = m->cfg.tgt_vocab, L = 3, eos = m->tgt_vocab.eos;
    double best = -1e300;
    int total = 1;
    for (int k = 0; k < L; k++) total *= V;
    for (int code = 0; code < total; code++) {
        int toks[3], n = 0;
        for (int k = 0, x = code; k < L; k++, x /= V) toks[k] = x % V;
        while (n < L && toks[n] != eos) n++;
        if (n < L) n++;            /* ends with <eos> */
        else if (toks[L - 1] == eos) continue;
        double s = seq_logprob(&c, toks, n) / tf_length_penalty(n, 0.6);
        best = s > best ? s : best;
    }
    int *b;
    int nb = tf_beam_decode(m, c.src, c.S, L, total, 0.6, &b);
    double got = seq_logprob(&c, b, nb) / tf_length_penalty(nb, 0.6);
    assert_true(fabs(got - best) < 1e-9 * fabs(best) + 1e-12);
    free(b);
    tu_case_free(&c);
}

/* The log of a search tells its story: the chosen path is the output, every entry extends an
 * earlier one by its token's log-probability (the teacher-forced pass's, on the chosen path),
 * each step keeps at most K and lists its runners-up as pruned, best first. */
static void check_log(tu_Case *c, int K)
{
    const tf_Model *m = &c->model;
    tf_BeamLog g;
    int *out, n = tf_beam_decode_with(m, NULL, c->src, c->S, 10, K, 0.6, &out, &g);
    assert_true(g.best >= 0 && g.c[g.best].fate == TF_BEAM_FINISHED);
    assert_int_equal(g.c[g.best].step, n - 1);
    int path[64], len = 0;
    for (int e = g.best; e >= 0; e = g.c[e].parent) path[len++] = e;
    assert_int_equal(len, n);
    for (int i = 0; i < n; i++) {
        const tf_BeamCand *e = &g.c[path[n - 1 - i]];
        assert_int_equal(e->token, out[i]);
        assert_int_equal(e->step, i);
    }
    /* log-probabilities of the chosen tokens: those of the teacher-forced pass */
    tf_Trace tr;
    teacher_forced(c, out, n, &tr);
    double lp = 0;
    for (int i = 0; i < n; i++) lp += g.c[path[n - 1 - i]].logp;
    assert_true(fabs(lp - seq_logprob(c, out, n)) < 1e-9);
    tf_trace_free(&tr);
    int kept_at[64] = {0};
    for (int i = 0; i < g.n; i++) {
        const tf_BeamCand *e = &g.c[i];
        double parent = e->parent < 0 ? 0 : g.c[e->parent].score;
        assert_true(e->score == parent + e->logp);
        assert_true(e->norm == e->score / tf_length_penalty(e->step + 1, 0.6));
        if (e->parent >= 0) assert_int_equal(g.c[e->parent].step, e->step - 1);
        if (e->parent >= 0) assert_int_equal(g.c[e->parent].fate, TF_BEAM_KEPT);
        if (i > 0 && g.c[i - 1].step == e->step) {
            assert_true(g.c[i - 1].score >= e->score);
            assert_true(g.c[i - 1].fate != TF_BEAM_PRUNED || e->fate == TF_BEAM_PRUNED);
        }
        kept_at[e->step] += e->fate != TF_BEAM_PRUNED;
    }
    for (int t = 0; t < 64; t++) assert_true(kept_at[t] <= K);
    assert_true(kept_at[0] >= 1);
    free(out);
    tf_beam_log_free(&g);
}

static void check_logs(tu_Case *c)
{
    check_log(c, 1);
    check_log(c, 3);
}

static void beam_log_tells_the_search(void **state)
{
    (void)state;
    tu_each_case(tu_fixture_cases, check_logs);
}

/* A trace keeps the log, with the tokens as text, in its file too. */
static void beam_log_is_saved_with_the_trace(void **state)
{
    (void)state;
    tu_Case c;
    tu_case_load(TF_TESTS_DIR "/fixtures/ref/post_d24_h4_e1d3_eps.case0.ref.safetensors", &c);
    tf_BeamLog g;
    int *out, n = tf_beam_decode_with(&c.model, NULL, c.src, c.S, 8, 2, 0.6, &out, &g);
    tf_Trace tr, back;
    teacher_forced(&c, out, n, &tr);
    tf_trace_set_beam(&tr, &g, &c.model.tgt_vocab);
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    tf_Err err;
    if (tf_trace_load(bytes, len, &back, &err) != TF_OK) fail_msg("%s", err.msg);
    assert_int_equal(back.beam.n, g.n);
    assert_int_equal(back.beam.K, 2);
    assert_int_equal(back.beam.best, g.best);
    for (int i = 0; i < g.n; i++) {
        const tf_BeamCand *a = &back.beam.c[i], *b = &g.c[i];
        assert_true(a->step == b->step && a->parent == b->parent && a->token == b->token &&
                    a->fate == b->fate);
        assert_true(a->logp == b->logp && a->score == b->score && a->norm == b->norm);  /* exactly */
        assert_string_equal(back.beam.text[i], c.model.tgt_vocab.tokens[g.c[i].token]);
    }
    free(bytes);
    free(out);
    tf_beam_log_free(&g);
    tf_trace_free(&back);
    tf_trace_free(&tr);
    tu_case_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(incremental_equals_teacher_forced_bit_for_bit),
        cmocka_unit_test(intervened_incremental_equals_teacher_forced),
        cmocka_unit_test(beam_of_one_is_greedy),
        cmocka_unit_test(wide_beam_finds_the_best_sequence),
        cmocka_unit_test(beam_log_tells_the_search),
        cmocka_unit_test(beam_log_is_saved_with_the_trace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_decode.c — greedy decoding one position at a time (cached keys and values) gives, position
 * by position, the same bits as the teacher-forced pass over the tokens it produced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

static void check_model(const tu_Case *c, int max_out)
{
    const tf_Model *m = &c->model;
    int *out;
    float *logits;
    int n = tf_greedy_decode(m, c->src, c->S, max_out, &out, &logits);
    assert_true(n >= 1 && n <= max_out);
    for (int i = 0; i + 1 < n; i++) assert_int_not_equal(out[i], m->tgt_vocab.eos);
    /* teacher-forced over <bos> + every produced token but the last: n positions */
    int *tgt = malloc((size_t)n * sizeof *tgt);
    tgt[0] = m->tgt_vocab.bos;
    memcpy(tgt + 1, out, (size_t)(n - 1) * sizeof *tgt);
    tf_Trace tr;
    assert_int_equal(tf_trace_sentence(m, c->src, c->S, tgt, n, NULL, &tr, NULL), TF_OK);
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
    free(tgt);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(incremental_equals_teacher_forced_bit_for_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

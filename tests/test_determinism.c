/* test_determinism.c — the same input gives the same trace bytes: run twice, and with 1, 2 and 3
 * worker threads, on every fixture model, with and without interventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

static uint8_t *trace_bytes(const tu_Case *c, tf_Pool *pool, size_t *len)
{
    tf_Trace tr;
    assert_int_equal(tf_trace_sentence_with(&c->model, &c->iv, c->src, c->S, c->tgt, c->T, pool, &tr,
                                            NULL), TF_OK);
    tf_trace_set_model(&tr, "model", "sha");
    uint8_t *b;
    tf_trace_save(&tr, &b, len);
    tf_trace_free(&tr);
    return b;
}

static void same_bytes_for(char **cases, int n)
{
    tf_Pool *pools[3] = {NULL, tf_pool_new(2), tf_pool_new(3)};
    for (int i = 0; i < n; i++) {
        tu_Case c;
        tu_case_load(cases[i], &c);
        size_t len0, len;
        uint8_t *first = trace_bytes(&c, NULL, &len0);
        for (int run = 0; run < 4; run++) {
            uint8_t *b = trace_bytes(&c, pools[run % 3], &len);
            assert_int_equal(len, len0);
            if (memcmp(b, first, len)) fail_msg("%s: run %d (%d threads) differs", cases[i], run,
                                                tf_pool_threads(pools[run % 3]));
            free(b);
        }
        free(first);
        tu_case_free(&c);
    }
    for (int k = 0; k < 3; k++) tf_pool_free(pools[k]);
    tu_free_strings(cases, n);
}

static void same_bytes_on_every_run_and_thread_count(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    same_bytes_for(cases, n);
}

static void intervened_runs_give_the_same_bytes_too(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_interv_cases(&n);
    same_bytes_for(cases, n);
}

/* A batch of sentences of unequal length, right-padded with masks, gives each sentence's rows the
 * same bits as the sentence alone: padding keys get exactly zero weight. */
static void padded_batch_matches_single_sentences(void **state)
{
    (void)state;
    int n;
    char **cases = tu_fixture_cases(&n);
    tu_Case c;
    tu_case_load(cases[n - 1], &c);
    const tf_Model *m = &c.model;
    int B = 3, S = 9, T = 7, src_len[3] = {9, 4, 1}, tgt_len[3] = {3, 7, 1};
    int src[3 * 9], tgt[3 * 7];
    for (int i = 0; i < B * S; i++) src[i] = 4 + (i * 7) % (m->cfg.src_vocab - 4);
    for (int i = 0; i < B * T; i++) tgt[i] = i % T == 0 ? m->tgt_vocab.bos : 4 + (i * 5) % (m->cfg.tgt_vocab - 4);
    for (int b = 0; b < B; b++) {  /* the padding itself */
        for (int i = src_len[b]; i < S; i++) src[b * S + i] = m->src_vocab.pad;
        for (int i = tgt_len[b]; i < T; i++) tgt[b * T + i] = m->tgt_vocab.pad;
    }
    tf_Trace batch;
    tf_forward_trace_alloc(&batch, &m->cfg, B, S, T);
    tf_Batch bt = {B, S, T, src, tgt, src_len, tgt_len, NULL};
    tf_forward(m, &batch, &bt, NULL);
    for (int b = 0; b < B; b++) {
        tf_Trace one;
        assert_int_equal(tf_trace_sentence(m, src + b * S, src_len[b], tgt + b * T, tgt_len[b], NULL,
                                           &one, NULL), TF_OK);
        const tf_Node *lb = tf_trace_get(&batch, "probs"), *lo = tf_trace_get(&one, "probs");
        for (int t = 0; t < tgt_len[b]; t++)
            assert_memory_equal(lb->data + ((size_t)b * T + t) * m->cfg.tgt_vocab,
                                lo->data + (size_t)t * m->cfg.tgt_vocab, (size_t)m->cfg.tgt_vocab * 4);
        tf_trace_free(&one);
    }
    tf_trace_free(&batch);
    tu_case_free(&c);
    tu_free_strings(cases, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_bytes_on_every_run_and_thread_count),
        cmocka_unit_test(intervened_runs_give_the_same_bytes_too),
        cmocka_unit_test(padded_batch_matches_single_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

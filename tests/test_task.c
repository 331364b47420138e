/* test_task.c — the synthetic English→Korean task as a generator: determinism, disjoint
 * splits, the length range, the exact Figure 3 and Figure 4 pairs, vocabularies that cover
 * every token, valid alignments and dependencies. The grammar's rules (particles, tenses,
 * -게, honorifics, "its", coordination) are checked in test_task_grammar.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "task.h"
#include "task_testutil.h"

static void same_seed_gives_the_same_pairs(void **state)
{
    (void)state;
    int differ = 0;
    for (int i = 0; i < 300; i++) {
        tf_Pair a, b, c;
        tf_task_pair(5, TF_SPLIT_TRAIN, (uint64_t)i, &a);
        tf_task_pair(5, TF_SPLIT_TRAIN, (uint64_t)i, &b);
        tf_task_pair(6, TF_SPLIT_TRAIN, (uint64_t)i, &c);
        assert_int_equal(a.n_src, b.n_src);
        assert_int_equal(a.n_tgt, b.n_tgt);
        assert_int_equal(a.n_deps, b.n_deps);
        for (int k = 0; k < a.n_src; k++) assert_string_equal(a.src[k], b.src[k]);
        for (int k = 0; k < a.n_tgt; k++) {
            assert_string_equal(a.tgt[k], b.tgt[k]);
            assert_int_equal(a.align[k], b.align[k]);
        }
        assert_memory_equal(a.deps, b.deps, sizeof a.deps[0] * (size_t)a.n_deps);
        char *sa = tf_pair_src_text(&a), *sc = tf_pair_src_text(&c);
        differ += strcmp(sa, sc) != 0;
        free(sa);
        free(sc);
        tf_pair_free(&a);
        tf_pair_free(&b);
        tf_pair_free(&c);
    }
    assert_true(differ > 250); /* another seed draws other sentences */
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void splits_are_disjoint(void **state)
{
    (void)state;
    enum { N = 3000 };
    char **all = malloc(3 * N * sizeof *all);
    assert_non_null(all);
    for (int s = 0; s < TF_SPLIT_COUNT; s++)
        for (int i = 0; i < N; i++) {
            tf_Pair p;
            tf_task_pair((uint64_t)s + 11, (tf_Split)s, (uint64_t)i, &p);
            assert_int_equal(tf_task_split_of((const char *const *)p.src, p.n_src), s);
            char *t = tf_pair_src_text(&p);
            size_t n = strlen(t);
            all[s * N + i] = malloc(n + 3);
            assert_non_null(all[s * N + i]);
            snprintf(all[s * N + i], n + 3, "%s\t%d", t, s); /* sentence, then its split */
            free(t);
            tf_pair_free(&p);
        }
    qsort(all, 3 * N, sizeof *all, cmp_str);
    for (int i = 1; i < 3 * N; i++) {
        size_t a = strrchr(all[i - 1], '\t') - all[i - 1], b = strrchr(all[i], '\t') - all[i];
        if (a == b && !strncmp(all[i - 1], all[i], a) && strcmp(all[i - 1], all[i]))
            fail_msg("in two splits: %s / %s", all[i - 1], all[i]);
    }
    for (int i = 0; i < 3 * N; i++) free(all[i]);
    free(all);
}

static void the_translation_is_a_function_of_the_english(void **state)
{
    (void)state;
    enum { N = 30000 };
    char **all = malloc(N * sizeof *all);
    assert_non_null(all);
    for (int i = 0; i < N; i++) {
        tf_Pair p;
        tf_task_pair((uint64_t)(i % 3), TF_SPLIT_TRAIN, (uint64_t)(i / 3), &p);
        char *s = tf_pair_src_text(&p), *t = tf_pair_tgt_text(&p);
        size_t n = strlen(s) + strlen(t) + 2;
        all[i] = malloc(n);
        assert_non_null(all[i]);
        snprintf(all[i], n, "%s\t%s", s, t);
        free(s);
        free(t);
        tf_pair_free(&p);
    }
    qsort(all, N, sizeof *all, cmp_str);
    int repeats = 0;
    for (int i = 1; i < N; i++) {
        size_t a = strchr(all[i - 1], '\t') - all[i - 1], b = strchr(all[i], '\t') - all[i];
        if (a == b && !strncmp(all[i - 1], all[i], a)) {
            repeats++;
            if (strcmp(all[i - 1], all[i]))
                fail_msg("two translations: %s / %s", all[i - 1], all[i]);
        }
    }
    assert_true(repeats > 0); /* short sentences recur, so the check above had work to do */
    for (int i = 0; i < N; i++) free(all[i]);
    free(all);
}

static void sentences_are_lower_case_and_3_to_28_tokens_or_more(void **state)
{
    (void)state;
    tf_Pair *p = tt_draw(3, TF_SPLIT_TRAIN, TT_N_MANY);
    int lo = 1000, hi = 0;
    for (int i = 0; i < TT_N_MANY; i++) {
        if (p[i].n_src < lo) lo = p[i].n_src;
        if (p[i].n_src > hi) hi = p[i].n_src;
        assert_string_equal(p[i].src[p[i].n_src - 1], ".");
        assert_string_equal(p[i].tgt[p[i].n_tgt - 1], ".");
        for (int k = 0; k < p[i].n_src; k++)
            for (const char *c = p[i].src[k]; *c; c++)
                assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' ||
                            *c == ',' || *c == '-');
    }
    assert_int_equal(lo, 3);
    assert_true(hi >= 28);
    tt_free_all(p, TT_N_MANY);
}

static void figure3_pair_is_exact(void **state)
{
    (void)state;
    tf_Pair p;
    tf_task_figure3(&p);
    char *s = tf_pair_src_text(&p), *t = tf_pair_tgt_text(&p), *w = tf_pair_korean_written(&p);
    assert_string_equal(s, TF_TASK_FIGURE3_SRC);
    assert_string_equal(t, "바로 이 정신 으로 미국 정부 의 과반수 가 2009 년 이후 새로운 법 을 통과 "
                           "시켜 등록 이나 투표 과정 을 더 어렵 게 만들 었 다 .");
    assert_string_equal(w, "바로 이 정신으로 미국 정부의 과반수가 2009년 이후 새로운 법을 "
                           "통과시켜 등록이나 투표 과정을 더 어렵게 만들었다.");
    int difficult = tt_src_index(&p, "difficult"), making = tt_src_index(&p, "making");
    assert_int_equal(difficult, 24);
    assert_int_equal(making, 17);
    int found = 0;
    for (int i = 0; i < p.n_deps; i++)
        if (p.deps[i][0] == difficult && p.deps[i][1] == making) {
            assert_int_equal(p.dep_kind[i], TF_DEP_ADJ_FORM);
            found = 1;
        }
    assert_true(found);
    found = 0;
    for (int i = 0; i < p.n_deps; i++)
        found |= p.deps[i][0] == making && p.deps[i][1] == difficult &&
                 p.dep_kind[i] == TF_DEP_VERB;
    assert_true(found);
    assert_int_equal(p.making, making);
    assert_int_equal(p.compl_first, tt_src_index(&p, "more"));
    assert_int_equal(p.compl_last, difficult);
    for (int k = 0; k < p.n_tgt; k++) {
        if (!strcmp(p.tgt[k], "어렵")) assert_int_equal(p.align[k], difficult);
        if (!strcmp(p.tgt[k], "만들")) assert_int_equal(p.align[k], making);
        if (!strcmp(p.tgt[k], "과반수")) assert_int_equal(p.align[k], tt_src_index(&p, "majority"));
    }
    assert_int_equal(p.construction, TF_CONS_FIGURE3);
    /* the probe sentence is a training sentence, never a test one */
    assert_int_equal(tf_task_split_of((const char *const *)p.src, p.n_src), TF_SPLIT_TRAIN);
    free(s);
    free(t);
    free(w);
    tf_pair_free(&p);
}

static void figure4_pair_is_exact(void **state)
{
    (void)state;
    tf_Pair p;
    tf_task_figure4(&p);
    char *s = tf_pair_src_text(&p), *t = tf_pair_tgt_text(&p), *w = tf_pair_korean_written(&p);
    assert_string_equal(s, TF_TASK_FIGURE4_SRC);
    assert_string_equal(t, "법 은 결코 완벽 하 지 않 을 것이다 , 하지만 법 의 적용 은 공정 해야 한다 - "
                           "내 생각 에 는 이것 이 우리 가 놓치 고 있 는 것이다 .");
    assert_string_equal(w, "법은 결코 완벽하지 않을 것이다, 하지만 법의 적용은 공정해야 한다 - "
                           "내 생각에는 이것이 우리가 놓치고 있는 것이다.");
    int its = tt_src_index(&p, "its"), law = tt_src_index(&p, "law");
    assert_int_equal(its, 8);
    assert_int_equal(law, 1);
    assert_int_equal(p.n_deps, 1);
    assert_int_equal(p.deps[0][0], its);
    assert_int_equal(p.deps[0][1], law);
    assert_int_equal(p.dep_kind[0], TF_DEP_ANAPHORA);
    /* "its" is translated by repeating 법; "application" here is 적용, not 신청 */
    assert_string_equal(p.tgt[0], "법");
    assert_int_equal(p.align[0], law);
    assert_string_equal(p.tgt[11], "법");
    assert_int_equal(p.align[11], its);
    assert_string_equal(p.tgt[13], "적용");
    assert_int_equal(p.align[13], tt_src_index(&p, "application"));
    assert_int_equal(p.construction, TF_CONS_ANAPHORA);
    assert_int_equal(p.making, -1);
    free(s);
    free(t);
    free(w);
    tf_pair_free(&p);
}

static int in_vocab(const char **v, int n, const char *tok)
{
    return bsearch(&tok, v, (size_t)n, sizeof *v, cmp_str) != NULL;
}

static void every_token_is_in_the_vocabularies(void **state)
{
    (void)state;
    const char **vs, **vt;
    int ns = tf_task_src_vocab(&vs), nt = tf_task_tgt_vocab(&vt);
    assert_true(ns >= 150 && ns <= 500);
    assert_true(nt >= 150 && nt <= 500);
    for (int i = 1; i < ns; i++) assert_true(strcmp(vs[i - 1], vs[i]) < 0);
    for (int i = 1; i < nt; i++) assert_true(strcmp(vt[i - 1], vt[i]) < 0);
    static const char *const SPECIALS[] = {"<pad>", "<unk>", "<bos>", "<eos>"};
    for (int k = 0; k < 4; k++) {
        assert_false(in_vocab(vs, ns, SPECIALS[k]));
        assert_false(in_vocab(vt, nt, SPECIALS[k]));
    }
    for (int s = 0; s < TF_SPLIT_COUNT; s++) {
        tf_Pair *p = tt_draw(2, (tf_Split)s, s ? 2000 : TT_N_MANY);
        for (int i = 0; i < (s ? 2000 : TT_N_MANY); i++) {
            for (int k = 0; k < p[i].n_src; k++)
                if (!in_vocab(vs, ns, p[i].src[k]))
                    fail_msg("'%s' not in the source vocabulary", p[i].src[k]);
            for (int k = 0; k < p[i].n_tgt; k++)
                if (!in_vocab(vt, nt, p[i].tgt[k]))
                    fail_msg("'%s' not in the target vocabulary", p[i].tgt[k]);
        }
        tt_free_all(p, s ? 2000 : TT_N_MANY);
    }
    free(vs);
    free(vt);
}

static void alignments_and_dependencies_are_valid(void **state)
{
    (void)state;
    tf_Pair *p = tt_draw(4, TF_SPLIT_TRAIN, TT_N_MANY);
    for (int i = 0; i < TT_N_MANY; i++) {
        int content = 0;
        for (int k = 0; k < p[i].n_tgt; k++) {
            assert_true(p[i].align[k] >= -1 && p[i].align[k] < p[i].n_src);
            assert_int_equal(p[i].content[k], p[i].align[k] >= 0);
            content += p[i].content[k];
            if (p[i].content[k]) assert_string_not_equal(p[i].src[p[i].align[k]], ".");
        }
        assert_true(content >= 2); /* at least a subject and a predicate */
        for (int d = 0; d < p[i].n_deps; d++) {
            assert_true(p[i].deps[d][0] >= 0 && p[i].deps[d][0] < p[i].n_src);
            assert_true(p[i].deps[d][1] >= 0 && p[i].deps[d][1] < p[i].n_src);
            assert_int_not_equal(p[i].deps[d][0], p[i].deps[d][1]);
            assert_true(p[i].dep_kind[d] < TF_DEP_COUNT);
        }
    }
    tt_free_all(p, TT_N_MANY);
}

static void split_names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < TF_SPLIT_COUNT; s++) {
        tf_Split got;
        assert_int_equal(tf_split_parse(tf_split_name((tf_Split)s), &got, NULL), TF_OK);
        assert_int_equal(got, s);
    }
    tf_Err err;
    tf_Split got;
    assert_int_equal(tf_split_parse("valid", &got, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "valid"));
    assert_string_equal(tf_dep_kind_name(TF_DEP_ADJ_FORM), "adj-form");
    assert_string_equal(tf_construction_name(TF_CONS_FIGURE3), "figure3");
    assert_string_equal(tf_dep_kind_name(TF_DEP_ANAPHORA), "anaphora");
    assert_string_equal(tf_construction_name(TF_CONS_ANAPHORA), "anaphora");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_gives_the_same_pairs),
        cmocka_unit_test(splits_are_disjoint),
        cmocka_unit_test(the_translation_is_a_function_of_the_english),
        cmocka_unit_test(sentences_are_lower_case_and_3_to_28_tokens_or_more),
        cmocka_unit_test(figure3_pair_is_exact),
        cmocka_unit_test(figure4_pair_is_exact),
        cmocka_unit_test(every_token_is_in_the_vocabularies),
        cmocka_unit_test(alignments_and_dependencies_are_valid),
        cmocka_unit_test(split_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

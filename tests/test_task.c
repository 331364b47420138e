/* test_task.c — the synthetic English→Korean task: determinism, disjoint splits, the length
 * range, the exact Figure 3 and Figure 4 pairs, vocabularies that cover every token, valid
 * alignments, the particle chosen by the final consonant, and the long-distance rules (-게
 * after "make", -다 after "is", the verb of "making" chosen by its adjective, past after
 * "yesterday", -시- after an honoured subject, "its" said as its antecedent, which agreement
 * picks). Particles and tenses are checked on the written Korean with a Hangul decoder of the
 * test's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "task.h"

/* ---- helpers ---- */

static int has_token(const tf_Pair *p, int tgt_side, const char *tok)
{
    int n = tgt_side ? p->n_tgt : p->n_src;
    char **t = tgt_side ? p->tgt : p->src;
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i], tok)) return 1;
    return 0;
}

static int src_index(const tf_Pair *p, const char *tok)
{
    for (int i = 0; i < p->n_src; i++)
        if (!strcmp(p->src[i], tok)) return i;
    return -1;
}

/* Decodes one UTF-8 code point at s; returns its length. */
static int utf8(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xE0) == 0xC0) {
        *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
        return 2;
    }
    *cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return 3;
}

/* Final consonant index (0 = none, 8 = ㄹ, 20 = ㅆ) of the last syllable of a token. */
static int jong(const char *tok)
{
    unsigned cp = 0, last = 0;
    for (const char *s = tok; *s;) {
        s += utf8(s, &cp);
        last = cp;
    }
    assert_true(last >= 0xAC00 && last <= 0xD7A3);
    return (int)((last - 0xAC00) % 28);
}

static int contains_syllable(const char *text, const char *const *syl, int n)
{
    for (int i = 0; i < n; i++)
        if (strstr(text, syl[i])) return 1;
    return 0;
}

/* The last word of the written Korean before ".", and the word before it. */
static void last_words(const tf_Pair *p, char *last, char *prev, size_t cap)
{
    char *w = tf_pair_korean_written(p);
    size_t n = strlen(w);
    assert_true(n > 1 && w[n - 1] == '.');
    w[n - 1] = 0;
    char *sp = strrchr(w, ' ');
    snprintf(last, cap, "%s", sp ? sp + 1 : w);
    prev[0] = 0;
    if (sp) {
        *sp = 0;
        char *sp2 = strrchr(w, ' ');
        snprintf(prev, cap, "%s", sp2 ? sp2 + 1 : w);
    }
    free(w);
}

#define N_MANY 20000

static tf_Pair *draw(uint64_t seed, tf_Split split, int n)
{
    tf_Pair *p = malloc((size_t)n * sizeof *p);
    assert_non_null(p);
    for (int i = 0; i < n; i++) tf_task_pair(seed, split, (uint64_t)i, &p[i]);
    return p;
}

static void free_all(tf_Pair *p, int n)
{
    for (int i = 0; i < n; i++) tf_pair_free(&p[i]);
    free(p);
}

/* ---- tests ---- */

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
    tf_Pair *p = draw(3, TF_SPLIT_TRAIN, N_MANY);
    int lo = 1000, hi = 0;
    for (int i = 0; i < N_MANY; i++) {
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
    free_all(p, N_MANY);
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
    int difficult = src_index(&p, "difficult"), making = src_index(&p, "making");
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
    assert_int_equal(p.compl_first, src_index(&p, "more"));
    assert_int_equal(p.compl_last, difficult);
    for (int k = 0; k < p.n_tgt; k++) {
        if (!strcmp(p.tgt[k], "어렵")) assert_int_equal(p.align[k], difficult);
        if (!strcmp(p.tgt[k], "만들")) assert_int_equal(p.align[k], making);
        if (!strcmp(p.tgt[k], "과반수")) assert_int_equal(p.align[k], src_index(&p, "majority"));
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
    int its = src_index(&p, "its"), law = src_index(&p, "law");
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
    assert_int_equal(p.align[13], src_index(&p, "application"));
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
        tf_Pair *p = draw(2, (tf_Split)s, s ? 2000 : N_MANY);
        for (int i = 0; i < (s ? 2000 : N_MANY); i++) {
            for (int k = 0; k < p[i].n_src; k++)
                if (!in_vocab(vs, ns, p[i].src[k]))
                    fail_msg("'%s' not in the source vocabulary", p[i].src[k]);
            for (int k = 0; k < p[i].n_tgt; k++)
                if (!in_vocab(vt, nt, p[i].tgt[k]))
                    fail_msg("'%s' not in the target vocabulary", p[i].tgt[k]);
        }
        free_all(p, s ? 2000 : N_MANY);
    }
    free(vs);
    free(vt);
}

static void alignments_and_dependencies_are_valid(void **state)
{
    (void)state;
    tf_Pair *p = draw(4, TF_SPLIT_TRAIN, N_MANY);
    for (int i = 0; i < N_MANY; i++) {
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
    free_all(p, N_MANY);
}

/* Every particle agrees with the final consonant of the token before it. */
static void particles_follow_the_final_consonant(void **state)
{
    (void)state;
    static const char *const PAIRS[][2] = {
        /* after a vowel, after a consonant */
        {"가", "이"}, {"를", "을"}, {"는", "은"}, {"와", "과"}, {"나", "이나"}, {"로", "으로"},
    };
    tf_Pair *p = draw(6, TF_SPLIT_TRAIN, N_MANY);
    int checked = 0;
    for (int i = 0; i < N_MANY; i++)
        for (int k = 1; k < p[i].n_tgt; k++) {
            if (p[i].content[k] || !strcmp(p[i].tgt[k - 1], "께서")) continue; /* 이 "this"; 께서 는 */
            if (!strcmp(p[i].tgt[k], "는") && p[i].construction != TF_CONS_IDENTITY)
                continue; /* 읽 는 다: an ending, not the topic particle */
            for (int q = 0; q < 6; q++)
                for (int c = 0; c < 2; c++)
                    if (!strcmp(p[i].tgt[k], PAIRS[q][c])) {
                        int j = jong(p[i].tgt[k - 1]);
                        int consonant = q == 5 ? (j != 0 && j != 8) : j != 0;
                        if (consonant != c) {
                            char *t = tf_pair_tgt_text(&p[i]);
                            fail_msg("'%s %s' in: %s", p[i].tgt[k - 1], p[i].tgt[k], t);
                        }
                        checked++;
                    }
        }
    assert_true(checked > N_MANY);
    free_all(p, N_MANY);
    /* known nouns of the Figure 3 pair: 과반수 가, 법 을, 등록 이나, 투표 과정 을, 정신 으로 */
    tf_Pair f;
    tf_task_figure3(&f);
    char *t = tf_pair_tgt_text(&f);
    assert_non_null(strstr(t, "과반수 가"));
    assert_non_null(strstr(t, "법 을"));
    assert_non_null(strstr(t, "등록 이나"));
    assert_non_null(strstr(t, "과정 을"));
    assert_non_null(strstr(t, "정신 으로"));
    free(t);
    tf_pair_free(&f);
}

/* After "make … more ADJ" the adjective ends in -게; after "is more ADJ" it ends in -다. */
static void make_gives_ge_and_be_gives_da(void **state)
{
    (void)state;
    tf_Pair *p = draw(8, TF_SPLIT_TRAIN, N_MANY);
    int n_make = 0, n_be = 0;
    for (int i = 0; i < N_MANY; i++)
        for (int d = 0; d < p[i].n_deps; d++) {
            if (p[i].dep_kind[d] != TF_DEP_ADJ_FORM) continue;
            int adj = p[i].deps[d][0], gov = p[i].deps[d][1];
            const char *g = p[i].src[gov];
            int is_make = !strncmp(g, "mak", 3) || !strcmp(g, "made");
            assert_true(is_make || !strcmp(g, "is") || !strcmp(g, "are") || !strcmp(g, "was") ||
                        !strcmp(g, "were") || !strcmp(g, "be"));
            assert_true(gov < adj);
            int k = 0;
            while (k < p[i].n_tgt && p[i].align[k] != adj) k++;
            assert_true(k < p[i].n_tgt);
            int ge = 0, da = 0;
            for (k++; k < p[i].n_tgt && !p[i].content[k]; k++) {
                ge |= !strcmp(p[i].tgt[k], "게");
                da |= !strcmp(p[i].tgt[k], "다") || !strcmp(p[i].tgt[k], "것이다");
            }
            if (is_make) {
                assert_true(gov < adj - 1); /* the object stands between */
                assert_true(ge && !da);
                assert_true(k < p[i].n_tgt && !strncmp(p[i].tgt[k], "만", 3)); /* 만들 / 만든 / 만드 */
                n_make++;
            } else {
                assert_true(da && !ge);
                n_be++;
            }
        }
    assert_true(n_make > 1000 && n_be > 1000);
    free_all(p, N_MANY);
}

/* "yesterday" puts the predicate in the past (a ㅆ before 다: 읽었다, 샀다, 어려웠다),
 * "tomorrow" in the future (것이다), "every day" and "now" in the present. */
static void time_words_fix_the_tense_ending(void **state)
{
    (void)state;
    tf_Pair *p = draw(9, TF_SPLIT_TRAIN, N_MANY);
    int n_past = 0, n_fut = 0, n_pres = 0;
    for (int i = 0; i < N_MANY; i++) {
        int tense = -1;
        for (int d = 0; d < p[i].n_deps; d++) {
            if (p[i].dep_kind[d] != TF_DEP_TENSE) continue;
            const char *g = p[i].src[p[i].deps[d][1]];
            if (!strcmp(g, "yesterday")) tense = 0;
            if (!strcmp(g, "tomorrow")) tense = 1;
            if (!strcmp(g, "now") || !strcmp(g, "every")) tense = 2;
        }
        if (tense < 0) continue;
        char last[256], prev[256];
        last_words(&p[i], last, prev, sizeof last);
        size_t n = strlen(last);
        if (tense == 1) {
            assert_string_equal(last, "것이다");
            n_fut++;
            continue;
        }
        assert_true(n >= 6 && !strcmp(last + n - 3, "다"));
        assert_string_not_equal(last, "것이다");
        last[n - 3] = 0;
        /* ㅆ before 다 marks the past, except in 있다 ("읽고 있다", "재미있다") */
        int past = jong(last) == 20 && strcmp(last + strlen(last) - 3, "있");
        if (tense == 0) {
            if (!past) fail_msg("not past: %s", tf_pair_korean_written(&p[i]));
            n_past++;
        } else {
            if (past) fail_msg("not present: %s", tf_pair_korean_written(&p[i]));
            n_pres++;
        }
    }
    assert_true(n_past > 200 && n_fut > 200 && n_pres > 200);
    free_all(p, N_MANY);
}

/* An honoured subject takes 께서 and the predicate takes -시- (신, 셨, 실, 시). */
static void honoured_subjects_add_si(void **state)
{
    (void)state;
    static const char *const SI[] = {"시", "신", "셨", "실"};
    tf_Pair *p = draw(10, TF_SPLIT_TRAIN, N_MANY);
    int n_hon = 0, n_plain = 0;
    for (int i = 0; i < N_MANY; i++) {
        int hon = 0;
        for (int d = 0; d < p[i].n_deps; d++) hon |= p[i].dep_kind[d] == TF_DEP_HONORIFIC;
        if (hon) {
            char last[256], prev[256];
            last_words(&p[i], last, prev, sizeof last);
            assert_true(contains_syllable(last, SI, 4) || contains_syllable(prev, SI, 4));
            assert_true(has_token(&p[i], 1, "께서"));
            n_hon++;
        } else if (p[i].construction == TF_CONS_CLAUSE) {
            assert_false(has_token(&p[i], 1, "께서"));
            n_plain++;
        }
    }
    assert_true(n_hon > 1000 && n_plain > 1000);
    free_all(p, N_MANY);
}

/* Written Korean known by heart, wherever its English occurs: when the English sentence holds
 * both phrases, its written translation holds ko and, if given, one of alt. */
static void known_words_are_written_as_korean_writes_them(void **state)
{
    (void)state;
    static const struct {
        const char *en[2], *ko, *alt[2];
    } RULES[] = {
        {{" teacher read ", " yesterday "}, "선생님께서 ", {"읽으셨다.", NULL}},
        {{" grandmother drank ", NULL}, "할머니께서 ", {"드셨다.", NULL}},
        {{" grandfather is sleeping ", NULL}, "할아버지께서 ", {"주무시고 계신다.", NULL}},
        {{" children are sleeping ", NULL}, "아이들이 ", {"자고 있다.", NULL}},
        {{" sent ", " to the teacher "}, "선생님께 ", {NULL, NULL}},
        {{" made ", " more difficult "}, "더 어렵게 ", {"만들었다.", "만드셨다."}},
        {{" was more difficult ", NULL}, "더 어려웠다.", {NULL, NULL}},
        {{" will not eat ", NULL}, "지 않", {"먹지 않을 것이다.", "드시지 않으실 것이다."}},
        {{" since 2009 ", NULL}, "2009년 이후 ", {NULL, NULL}},
        {{" making ", " more strict "}, "강화", {NULL, NULL}},
        {{" making ", " less strict "}, "완화", {NULL, NULL}},
        {{" making ", " higher "}, "높", {NULL, NULL}},
        {{" making ", " shorter "}, "줄", {NULL, NULL}},
        {{" making ", " more difficult "}, "더 어렵게 만", {NULL, NULL}},
        {{" but its application ", NULL}, "의 적용은 ", {NULL, NULL}},
    };
    enum { R = sizeof RULES / sizeof RULES[0] };
    int seen[R] = {0};
    for (int i = 0; i < 200000; i++) {
        tf_Pair p;
        tf_task_pair(12, TF_SPLIT_TRAIN, (uint64_t)i, &p);
        char *s = tf_pair_src_text(&p);
        size_t n = strlen(s);
        char *padded = malloc(n + 3);
        assert_non_null(padded);
        snprintf(padded, n + 3, " %s ", s);
        for (int r = 0; r < R; r++) {
            const char *e0 = RULES[r].en[0], *e1 = RULES[r].en[1];
            if (!strstr(padded, e0) || (e1 && !strstr(padded, e1))) continue;
            char *w = tf_pair_korean_written(&p);
            if (!strstr(w, RULES[r].ko)) fail_msg("'%s' → '%s' lacks '%s'", s, w, RULES[r].ko);
            if (RULES[r].alt[0] && !strstr(w, RULES[r].alt[0]) &&
                !(RULES[r].alt[1] && strstr(w, RULES[r].alt[1])))
                fail_msg("'%s' → '%s' lacks '%s'", s, w, RULES[r].alt[0]);
            free(w);
            seen[r]++;
        }
        free(padded);
        free(s);
        tf_pair_free(&p);
    }
    for (int r = 0; r < R; r++)
        if (!seen[r]) fail_msg("no sentence has '%s'", RULES[r].en[0]);
}

/* What Korean says for "make"/"making" is chosen by the adjective after the object: ADJ-게
 * 만들다, or one causative verb aligned to "make" that replaces both. */
static void the_verb_of_making_is_chosen_by_its_adjective(void **state)
{
    (void)state;
    static const struct {
        const char *deg, *adj, *verb; /* the Korean token aligned to "make", by its prefix */
    } CAUS[] = {
        {"more", "strict", "강화"}, {"less", "strict", "완화"},   {"more", "efficient", "효율화"},
        {"more", "modern", "현대화"}, {"more", "automatic", "자동화"}, {NULL, "simpler", "간소화"},
        {NULL, "higher", "높"},     {NULL, "lower", "낮"},       {NULL, "longer", "늘"},
        {NULL, "shorter", "줄"},
    };
    enum { NC = sizeof CAUS / sizeof CAUS[0] };
    tf_Pair *p = draw(13, TF_SPLIT_TRAIN, N_MANY);
    int seen[NC] = {0}, n_ge = 0, n_fig3 = 0, n_caus_fig3 = 0;
    for (int i = 0; i < N_MANY; i++) {
        int verb = -1;
        for (int d = 0; d < p[i].n_deps; d++)
            if (p[i].dep_kind[d] == TF_DEP_VERB) {
                assert_int_equal(verb, -1);
                verb = d;
            }
        int cons = p[i].construction;
        if (cons != TF_CONS_MAKE && cons != TF_CONS_FIGURE3) {
            assert_int_equal(verb, -1);
            assert_int_equal(p[i].making, -1);
            continue;
        }
        assert_true(verb >= 0);
        int mk = p[i].deps[verb][0], adj = p[i].deps[verb][1];
        assert_true(mk < adj - 1);
        assert_true(!strncmp(p[i].src[mk], "mak", 3) || !strcmp(p[i].src[mk], "made"));
        if (cons == TF_CONS_FIGURE3) {
            assert_int_equal(p[i].making, mk);
            assert_string_equal(p[i].src[mk], "making");
            assert_int_equal(p[i].compl_last, adj);
            int f = p[i].compl_first;
            assert_true(f == adj || (f == adj - 1 && (!strcmp(p[i].src[f], "more") ||
                                                      !strcmp(p[i].src[f], "less"))));
            n_fig3++;
        } else {
            assert_int_equal(p[i].making, -1);
        }
        const char *ko = NULL; /* the Korean aligned to "make" */
        int adj_said = 0;
        for (int k = 0; k < p[i].n_tgt; k++) {
            if (p[i].align[k] == mk) ko = p[i].tgt[k];
            adj_said |= p[i].align[k] == adj;
        }
        assert_non_null(ko);
        const char *deg = adj > 0 ? p[i].src[adj - 1] : "";
        int c = 0;
        while (c < NC && !(!strcmp(CAUS[c].adj, p[i].src[adj]) &&
                           (!CAUS[c].deg || !strcmp(CAUS[c].deg, deg))))
            c++;
        if (c < NC) {
            if (strncmp(ko, CAUS[c].verb, strlen(CAUS[c].verb)))
                fail_msg("%s → %s, not %s…", tf_pair_src_text(&p[i]), ko, CAUS[c].verb);
            assert_false(adj_said); /* the one verb says the adjective too */
            seen[c]++;
            n_caus_fig3 += cons == TF_CONS_FIGURE3;
        } else {
            assert_true(!strncmp(ko, "만", 3)); /* 만들 / 만든 / 만드 */
            assert_true(adj_said);
            n_ge++;
        }
    }
    for (int c = 0; c < NC; c++)
        if (seen[c] < 20) fail_msg("only %d of '%s %s'", seen[c], CAUS[c].deg, CAUS[c].adj);
    /* in the Figure 3 family, both kinds are common */
    assert_true(n_caus_fig3 > n_fig3 / 3 && n_caus_fig3 < 2 * n_fig3 / 3);
    assert_true(n_ge > 1000);
    free_all(p, N_MANY);
}

static int is_plural(const char *w)
{
    size_t n = strlen(w);
    return w[n - 1] == 's' && strcmp(w, "process") && strcmp(w, "class");
}

/* "its"/"their" is said by repeating its antecedent: the nearest noun before it that agrees
 * with it in number; with several candidates that is the first, second or third about equally
 * often, so neither position nor number alone finds it. */
static void its_is_said_as_its_antecedent(void **state)
{
    (void)state;
    tf_Pair *p = draw(14, TF_SPLIT_TRAIN, N_MANY);
    int n_its = 0, n_their = 0, at[3] = {0}, nearest = 0, several = 0;
    for (int i = 0; i < N_MANY; i++) {
        if (p[i].construction != TF_CONS_ANAPHORA) continue;
        assert_int_equal(p[i].n_deps, 1);
        assert_int_equal(p[i].dep_kind[0], TF_DEP_ANAPHORA);
        int pro = p[i].deps[0][0], ant = p[i].deps[0][1];
        const char *pw = p[i].src[pro];
        assert_true(!strcmp(pw, "its") || !strcmp(pw, "their"));
        int their = !strcmp(pw, "their");
        n_their += their;
        n_its += !their;
        /* the candidates: nouns after "the" before the pronoun */
        int cand[3], nc = 0;
        for (int k = 1; k < pro; k++)
            if (!strcmp(p[i].src[k - 1], "the")) {
                assert_true(nc < 3);
                cand[nc++] = k;
            }
        assert_true(nc >= 1);
        int want = -1, which = -1;
        for (int c = 0; c < nc; c++)
            if (is_plural(p[i].src[cand[c]]) == their) want = cand[c], which = c;
        assert_int_equal(ant, want);
        if (nc > 1) {
            at[which]++;
            several++;
            nearest += which == nc - 1;
        }
        /* the Korean aligned to the pronoun is the Korean aligned to the antecedent */
        const char *ko_ant = NULL, *ko_pro = NULL;
        for (int k = 0; k < p[i].n_tgt; k++) {
            if (p[i].align[k] == ant && !ko_ant) ko_ant = p[i].tgt[k];
            if (p[i].align[k] == pro && !ko_pro) {
                ko_pro = p[i].tgt[k];
                assert_string_equal(p[i].tgt[k + 1], "의");
            }
        }
        assert_non_null(ko_ant);
        assert_non_null(ko_pro);
        assert_string_equal(ko_ant, ko_pro);
    }
    assert_true(n_its > 1000 && n_their > 300);
    /* with several candidates: each position is the antecedent often; the nearest noun is it
     * in fewer than two cases in three */
    for (int k = 0; k < 3; k++) assert_true(at[k] > several / 6);
    assert_true(nearest < 2 * several / 3);
    free_all(p, N_MANY);
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
        cmocka_unit_test(particles_follow_the_final_consonant),
        cmocka_unit_test(make_gives_ge_and_be_gives_da),
        cmocka_unit_test(the_verb_of_making_is_chosen_by_its_adjective),
        cmocka_unit_test(time_words_fix_the_tense_ending),
        cmocka_unit_test(honoured_subjects_add_si),
        cmocka_unit_test(its_is_said_as_its_antecedent),
        cmocka_unit_test(known_words_are_written_as_korean_writes_them),
        cmocka_unit_test(split_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

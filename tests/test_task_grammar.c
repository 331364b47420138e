/* test_task_grammar.c — the rules of the task's grammar, on many drawn pairs: the particle
 * chosen by the final consonant, -게 after "make" and -다 after "is", the verb of "making"
 * chosen by its adjective, past after "yesterday", -시- after an honoured subject, "its" said as
 * its antecedent, coordinated nouns kept in their English order. Particles and tenses are
 * checked on the written Korean with the tests' own Hangul decoder (task_testutil.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "task.h"
#include "task_testutil.h"

/* Every particle agrees with the final consonant of the token before it. */
static void particles_follow_the_final_consonant(void **state)
{
    (void)state;
    static const char *const PAIRS[][2] = {
        /* after a vowel, after a consonant */
        {"가", "이"}, {"를", "을"}, {"는", "은"}, {"와", "과"}, {"나", "이나"}, {"로", "으로"},
    };
    tf_Pair *p = tt_draw(6, TF_SPLIT_TRAIN, TT_N_MANY);
    int checked = 0;
    for (int i = 0; i < TT_N_MANY; i++)
        for (int k = 1; k < p[i].n_tgt; k++) {
            if (p[i].content[k] || !strcmp(p[i].tgt[k - 1], "께서")) continue; /* 이 "this"; 께서 는 */
            if (!strcmp(p[i].tgt[k], "는") && p[i].construction != TF_CONS_IDENTITY)
                continue; /* 읽 는 다: an ending, not the topic particle */
            for (int q = 0; q < 6; q++)
                for (int c = 0; c < 2; c++)
                    if (!strcmp(p[i].tgt[k], PAIRS[q][c])) {
                        int j = tt_jong(p[i].tgt[k - 1]);
                        int consonant = q == 5 ? (j != 0 && j != 8) : j != 0;
                        if (consonant != c) {
                            char *t = tf_pair_tgt_text(&p[i]);
                            fail_msg("'%s %s' in: %s", p[i].tgt[k - 1], p[i].tgt[k], t);
                        }
                        checked++;
                    }
        }
    assert_true(checked > TT_N_MANY);
    tt_free_all(p, TT_N_MANY);
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
    tf_Pair *p = tt_draw(8, TF_SPLIT_TRAIN, TT_N_MANY);
    int n_make = 0, n_be = 0;
    for (int i = 0; i < TT_N_MANY; i++)
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
    tt_free_all(p, TT_N_MANY);
}

/* "yesterday" puts the predicate in the past (a ㅆ before 다: 읽었다, 샀다, 어려웠다),
 * "tomorrow" in the future (것이다), "every day" and "now" in the present. */
static void time_words_fix_the_tense_ending(void **state)
{
    (void)state;
    tf_Pair *p = tt_draw(9, TF_SPLIT_TRAIN, TT_N_MANY);
    int n_past = 0, n_fut = 0, n_pres = 0;
    for (int i = 0; i < TT_N_MANY; i++) {
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
        tt_last_words(&p[i], last, prev, sizeof last);
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
        int past = tt_jong(last) == 20 && strcmp(last + strlen(last) - 3, "있");
        if (tense == 0) {
            if (!past) fail_msg("not past: %s", tf_pair_korean_written(&p[i]));
            n_past++;
        } else {
            if (past) fail_msg("not present: %s", tf_pair_korean_written(&p[i]));
            n_pres++;
        }
    }
    assert_true(n_past > 200 && n_fut > 200 && n_pres > 200);
    tt_free_all(p, TT_N_MANY);
}

/* An honoured subject takes 께서 and the predicate takes -시- (신, 셨, 실, 시). */
static void honoured_subjects_add_si(void **state)
{
    (void)state;
    static const char *const SI[] = {"시", "신", "셨", "실"};
    tf_Pair *p = tt_draw(10, TF_SPLIT_TRAIN, TT_N_MANY);
    int n_hon = 0, n_plain = 0;
    for (int i = 0; i < TT_N_MANY; i++) {
        int hon = 0;
        for (int d = 0; d < p[i].n_deps; d++) hon |= p[i].dep_kind[d] == TF_DEP_HONORIFIC;
        if (hon) {
            char last[256], prev[256];
            tt_last_words(&p[i], last, prev, sizeof last);
            assert_true(tt_contains_syllable(last, SI, 4) || tt_contains_syllable(prev, SI, 4));
            assert_true(tt_has_token(&p[i], 1, "께서"));
            n_hon++;
        } else if (p[i].construction == TF_CONS_CLAUSE) {
            assert_false(tt_has_token(&p[i], 1, "께서"));
            n_plain++;
        }
    }
    assert_true(n_hon > 1000 && n_plain > 1000);
    tt_free_all(p, TT_N_MANY);
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
    tf_Pair *p = tt_draw(13, TF_SPLIT_TRAIN, TT_N_MANY);
    int seen[NC] = {0}, n_ge = 0, n_fig3 = 0, n_caus_fig3 = 0;
    for (int i = 0; i < TT_N_MANY; i++) {
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
    tt_free_all(p, TT_N_MANY);
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
    tf_Pair *p = tt_draw(14, TF_SPLIT_TRAIN, TT_N_MANY);
    int n_its = 0, n_their = 0, at[3] = {0}, nearest = 0, several = 0;
    for (int i = 0; i < TT_N_MANY; i++) {
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
    tt_free_all(p, TT_N_MANY);
}

/* The first Korean token at or after from aligned to English index i, or -1. */
static int ko_of(const tf_Pair *p, int i, int from)
{
    for (int k = from; k < p->n_tgt; k++)
        if (p->align[k] == i) return k;
    return -1;
}

/* Two nouns joined by "or" or "and" ("the registration or voting process", "a book or the
 * letters") come out in the English order, joined by 이나/나 or 와/과: the Korean of the word
 * before the conjunction, then the particle, then the Korean of the next English word that has
 * one. "or" occurs in three constructions, and in the Figure 3 family ("the X or Y process")
 * every frequent pair of nouns occurs in both orders about equally often, so that a model cannot
 * learn an order of the nouns instead of copying it. */
static void coordinated_nouns_keep_their_order(void **state)
{
    (void)state;
    enum { W = 64 };
    static int seen[W][W]; /* "X or Y" of the Figure 3 family, by ids of X and Y (first use) */
    const char *word[W];
    int n_word = 0, n_or = 0, n_and = 0, cons_or[TF_CONS_COUNT] = {0};
    memset(seen, 0, sizeof seen);
    tf_Pair *p = tt_draw(15, TF_SPLIT_TRAIN, TT_N_MANY);
    for (int i = 0; i < TT_N_MANY; i++)
        for (int c = 1; c + 1 < p[i].n_src; c++) {
            int is_or = !strcmp(p[i].src[c], "or");
            if (!is_or && strcmp(p[i].src[c], "and")) continue;
            int j = c + 1;
            while (j < p[i].n_src && ko_of(&p[i], j, 0) < 0) j++;
            int a = ko_of(&p[i], c - 1, 0), b = j < p[i].n_src ? ko_of(&p[i], j, 0) : -1;
            char *t = tf_pair_tgt_text(&p[i]);
            if (a < 0 || b < 0 || a >= b) fail_msg("order lost around '%s': %s", p[i].src[c], t);
            int particle = 0;
            for (int k = a + 1; k < b; k++) {
                const char *q = p[i].tgt[k];
                particle |= is_or ? !strcmp(q, "이나") || !strcmp(q, "나")
                                  : !strcmp(q, "와") || !strcmp(q, "과");
            }
            if (!particle) fail_msg("no particle for '%s': %s", p[i].src[c], t);
            free(t);
            if (!is_or) {
                n_and++;
                continue;
            }
            n_or++;
            cons_or[p[i].construction]++;
            if (p[i].construction != TF_CONS_FIGURE3) continue;
            int id[2];
            for (int s = 0; s < 2; s++) {
                const char *w = p[i].src[s ? c + 1 : c - 1];
                id[s] = 0;
                while (id[s] < n_word && strcmp(word[id[s]], w)) id[s]++;
                if (id[s] == n_word) {
                    assert_true(n_word < W);
                    word[n_word++] = w;
                }
            }
            seen[id[0]][id[1]]++;
        }
    assert_true(n_or > 2000 && n_and > 500);
    assert_true(cons_or[TF_CONS_CLAUSE] > 200 && cons_or[TF_CONS_MAKE] > 200 &&
                cons_or[TF_CONS_FIGURE3] > 200);
    int pairs = 0;
    for (int x = 0; x < n_word; x++)
        for (int y = 0; y < n_word; y++) {
            if (seen[x][y] < 30) continue;
            pairs++;
            if (3 * seen[y][x] < seen[x][y])
                fail_msg("'%s or %s' %d times, '%s or %s' %d", word[x], word[y], seen[x][y],
                         word[y], word[x], seen[y][x]);
        }
    assert_true(pairs >= 40);
    tt_free_all(p, TT_N_MANY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(particles_follow_the_final_consonant),
        cmocka_unit_test(make_gives_ge_and_be_gives_da),
        cmocka_unit_test(the_verb_of_making_is_chosen_by_its_adjective),
        cmocka_unit_test(time_words_fix_the_tense_ending),
        cmocka_unit_test(honoured_subjects_add_si),
        cmocka_unit_test(its_is_said_as_its_antecedent),
        cmocka_unit_test(known_words_are_written_as_korean_writes_them),
        cmocka_unit_test(coordinated_nouns_keep_their_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_lessons_claims.c — claims (say / claim / show) parsed, measured and filled into their
 * sentence; compute-and-check answers worked out against the numbers the model recorded, with the
 * window's digits and the usual slips; and the checker's rules where a bad lesson file cannot show
 * them without knowing the model's numbers (the only head drawn is the answer's; a beam that
 * changes nothing). On the untrained model of lesson_fixture.c, whose numbers follow from its seed;
 * the claims below hold for any model unless they say otherwise. These cases run in
 * test_lessons.c's main(). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_lesson.h"
#include "ls_checker.h"
#include "lesson_fixture.h"
#include "task.h"
#include "test_lessons_claims.h"

static const char *RAIN = "the rain made the school and the hospital more interesting yesterday .";

/* A one-page lesson of `body` (directives after a scene on sentence RAIN), parsed without error. */
static void lesson_of(const char *body, ls_Lesson *l)
{
    char text[8192];
    snprintf(text, sizeof text, "# T\n\n## P\n\n```tfscope\nsentence: %s\ntensor: src.x\nview: matrix\n```\n\n%s",
             RAIN, body);
    ls_Diags d = {0};
    assert_int_equal(ls_lesson_parse("en/01-t.md", text, strlen(text), l, &d), TF_OK);
    lf_print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    ls_diags_free(&d);
}

/* Whether claim k of the lesson's say block (its second directive) holds; its value into v. */
static bool holds(ls_Checker *c, const ls_Lesson *l, int k, ls_Value *v)
{
    ls_Scene sc;
    ls_scene_after(l, 1, &sc);
    bool ok;
    char why[512];
    tf_Err err;
    if (ls_claim_eval(c, &sc, &l->dirs[1].say.items[k], v, &ok, why, sizeof why, &err) != TF_OK)
        fail_msg("claim %d: %s", k + 1, err.msg);
    return ok;
}

void claims_hold_or_fail_on_the_numbers(void **state)
{
    (void)state;
    ls_Lesson l;
    lesson_of("```tfscope\nsay: s\n"
              "claim: value src.pos row #1 col 0 = 0.84\n"          /* sin 1 = 0.8415 */
              "claim: value src.pos row #1 col 0 = 0.80\n"          /* written to 2 decimals: false */
              "claim: value src.pos row #1 col 0 = 0.8\n"           /* to 1 decimal: true */
              "claim: length src in 11..12\n"
              "claim: row src.embed row the(1) = row src.embed row the(3)\n"
              "claim: row src.x row the(1) != row src.x row the(3)\n"
              "claim: config heads = 8\n"
              "claim: max enc.0.self_attn.weights <= 1\n"
              "claim: min enc.0.self_attn.weights head 3 >= 0\n"
              "claim: sum enc.1.self_attn.weights head 2 row #4 = 1.0000\n"
              "claim: output = output greedy\n"
              "claim: output beam 1 = output\n"
              "claim: param encoder.layers.0.norm1.weight col 3 = 1\n"   /* untrained: γ = 1 */
              "claim: argmin src.pos row #1 = #62\n"                   /* the slowest sine */
              "claim: argmin src.pos row #1 = #62 by 0.001\n"          /* … but only just */
              "claim: output lacks 없는말\n"
              "claim: mean src.pos row #0 = 0.5\n"                     /* 32 sines 0, 32 cosines 1 */
              "claim: var src.pos row #0 = 0.25\n"
              "show: dotvar enc.0.self_attn scaled\n"
              /* interventions: positions off are zeros; an ablated head's context is zero while its
               * weights stay; unscaled scores differ; a key does not change when later tokens come */
              "claim: with no-pos value src.pos row #1 col 0 = 0\n"
              "claim: with ablate enc.0.0 max enc.0.self_attn.context head 0 = 0\n"
              "claim: with ablate enc.0.0 row enc.0.self_attn.weights head 0 row #3 = row enc.0.self_attn.weights head 0 row #3\n"
              "claim: with no-scale value enc.0.self_attn.scores head 1 row #2 col #3 != value enc.0.self_attn.scores head 1 row #2 col #3\n"
              "claim: row dec.1.self_attn.k head 0 row #1 = at prefix 2 row dec.1.self_attn.k head 0 row #1\n"
              /* the lens at the last point is the output: its top token and that token's probability */
              "claim: lens dec.1.norm3 row #0 = argmax probs row #0\n"
              "claim: lensp dec.1.norm3 row #1 = max probs row #1\n"
              "claim: exact 20 in 0..1\n"
              "claim: with ablate cross.1.0 bleu 20 in 0..100\n"
              "```\n", &l);
    ls_Checker *c = ls_checker_new(lf_random());
    ls_Value v;
    bool expect[] = {true, false, true, true, true, true, true, true, true, true, true, true, true, true, false,
                     true, true, true, true, true, true, true, true, true, true, true, true, true};
    assert_int_equal(l.dirs[1].say.n, (int)(sizeof expect / sizeof expect[0]));
    for (int k = 0; k < l.dirs[1].say.n; k++)
        if (holds(c, &l, k, &v) != expect[k]) fail_msg("claim %d (%s) should %s", k + 1, l.dirs[1].say.items[k].src, expect[k] ? "hold" : "fail");
    /* the shown variance is the variance widget's */
    holds(c, &l, 18, &v);
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, RAIN, 1, &err);
    ls_VarianceRow row;
    assert_int_equal(ls_trace_dot_variance(tr, "enc.0.self_attn", &row, &err), TF_OK);
    assert_true(v.number == row.var_scaled);
    ls_lesson_free(&l);
    /* an output holds its own tokens in a row, and not in another order */
    char body[600];
    const char *a = tr->n_tgt > 1 ? tr->tgt_tokens[1] : "<bos>";
    snprintf(body, sizeof body, "```tfscope\nsay: s\nclaim: output contains %s\nclaim: output contains %s %s\n```\n",
             a, a, a);
    lesson_of(body, &l);
    assert_true(holds(c, &l, 0, &v));
    bool twice = false;
    for (int t = 1; t + 1 < tr->n_tgt; t++) twice |= !strcmp(tr->tgt_tokens[t], a) && !strcmp(tr->tgt_tokens[t + 1], a);
    assert_true(holds(c, &l, 1, &v) == twice);
    ls_lesson_free(&l);
    ls_checker_free(c);
}

void claims_fill_their_sentence(void **state)
{
    (void)state;
    ls_Lesson l;
    lesson_of("```tfscope\nsay: *sin* 1 = {1}, {1:4}; cos π ≈ {2}; {3} tokens; argmin {4}.\n"
              "claim: value src.pos row #1 col 0 in 0.8..0.9\n"
              "show: min src.pos row #3\n"
              "claim: length src = 12\n"
              "show: argmin src.pos row #1\n"
              "```\n", &l);
    const ls_Say *sy = &l.dirs[1].say;
    assert_int_equal(sy->n_spans, 2);                 /* *sin* is emphasis */
    assert_true(sy->spans[0].style & LS_EMPH);
    ls_Checker *c = ls_checker_new(lf_random());
    ls_Value vals[4];
    bool all;
    assert_int_equal(ls_say_values(c, &l, 1, vals, 4, &all), 4);
    assert_true(all);
    char out[512];
    ls_say_fill(sy->text, sy->items, vals, sy->n, out, sizeof out);
    /* 1 decimal as the claim's range is written, 4 on request; a real minus sign; words for tokens */
    assert_string_equal(out, "*sin* 1 = 0.8, 0.8415; cos π ≈ −0.99; 12 tokens; argmin 62.");
    ls_say_fill(sy->text, sy->items, NULL, sy->n, out, sizeof out);
    assert_non_null(strstr(out, "= …, …;"));
    ls_checker_free(c);
    ls_lesson_free(&l);
}

void claims_report_what_is_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool show;
        const char *why;
    } bad[] = {
        {"value src.pos row #0 col 1", false, "then a comparison"},
        {"value src.pos row #0", false, "give both row R and col C"},
        {"argmax src.pos row #0 col 1 = 2", false, "either row R"},
        {"length both = 3", false, "length: src or tgt"},
        {"config width = 3", false, "config 'width'"},
        {"length src > three", false, "'three' is not a number"},
        {"length src in 3", false, "a range A..B"},
        {"output > 3", false, "compares numbers"},
        {"output beam 99 = x", false, "beam '99'"},
        {"length src = 3 by 1", false, "'by M' follows"},
        {"row src.x row #0 = 3", false, "compared with another row"},
        {"at step 0 loss < 3", false, "at step '0'"},
        {"at snapshot 2 output = x", false, "snapshots hold traces"},
        {"with length src = 3", false, "with: ablate"},
        {"with sideways length src = 3", false, "'sideways': greedy, beam K"},
        {"meta = 3", false, "meta KEY"},
        {"exact = 1", false, "exact N"},
        {"lens row #1 = x", false, "lens POINT row R"},
        {"lensfirst row #1 col 2 = x", false, "give row R only"},
        {"length src = 3", true, "a quantity only"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ls_Claim c;
        char why[400] = "";
        assert_false(ls_parse_claim(bad[i].text, bad[i].show, &c, why, sizeof why));
        if (!strstr(why, bad[i].why)) fail_msg("'%s': %s (expected: %s)", bad[i].text, why, bad[i].why);
        ls_claim_free(&c);
    }
}

/* A quiz may carry the claims its answer rests on; they are checked, and a model without the
 * metadata a claim reads fails it with the reason. */
void quiz_claims_are_checked(void **state)
{
    (void)state;
    ls_Lesson l;
    lesson_of("```tfscope\nquiz: How many heads?\noptions: 4 | 8 | 16\nanswer: choice 2\n"
              "claim: config heads = 8\nclaim: config heads = 16\nexplain: e\n```\n\n"
              "## Meta\n\n```tfscope\nsay: BLEU {1}\nclaim: meta eval_bleu > 90\n```\n", &l);
    assert_int_equal(l.dirs[1].kind, LS_DIR_QUIZ);
    assert_int_equal(l.dirs[1].say.n, 2);
    ls_Checker *c = ls_checker_new(lf_random());
    ls_Diags d = {0};
    ls_check_lesson(c, &l, &d);
    /* the second claim of the quiz is false; the untrained model has no eval_bleu */
    assert_int_equal(d.n_errors, 2);
    assert_non_null(strstr(d.items[0].msg, "claim does not hold: config is 8"));
    assert_non_null(strstr(d.items[1].msg, "has no 'eval_bleu'"));
    ls_diags_free(&d);
    ls_checker_free(c);
    ls_lesson_free(&l);
}

/* `intervene:` runs the whole page (blocks before it too) on the model with parts switched off;
 * `with none` measures the model as it is; the next page is the model again. */
void page_interventions_hold_for_their_page(void **state)
{
    (void)state;
    ls_Lesson l;
    lesson_of("```tfscope\nsay: s\n"
              "claim: value src.pos row #1 col 0 = 0\n"                              /* no-pos, set below */
              "claim: max enc.0.self_attn.context head 0 = 0\n"                      /* head 0 ablated */
              "claim: with none value src.pos row #1 col 0 = 0.84\n"
              "claim: with ablate enc.0.1 max enc.0.self_attn.context head 1 = 0\n"  /* the page's and its own */
              "claim: with ablate enc.0.1 max enc.0.self_attn.context head 0 = 0\n"
              "claim: output = output no-pos ablate enc.0.0\n"
              "claim: with none max enc.0.self_attn.context head 0 != 0\n"
              "claim: value src.pos row #1 col 0 < with none value src.pos row #1 col 0\n"
              "claim: with none output = with none output greedy\n"
              "```\n\n"
              "```tfscope\nintervene: ablate enc.0.0 no-pos\n```\n\n"
              "## Next\n\n```tfscope\nsay: s\nclaim: value src.pos row #1 col 0 = 0.84\n```\n", &l);
    assert_int_equal(l.n_dirs, 4);
    ls_Checker *c = ls_checker_new(lf_random());
    ls_Value v;
    for (int k = 0; k < l.dirs[1].say.n; k++)
        if (!holds(c, &l, k, &v)) fail_msg("claim %d (%s) should hold", k + 1, l.dirs[1].say.items[k].src);
    /* the scene the window shows: page 1 with the interventions, page 2 without */
    ls_Scene sc;
    ls_scene_at(&l, 0, &sc);
    assert_string_equal(sc.ablate, "enc.0.0");
    assert_int_equal(sc.interv_flags, LS_RUN_NO_POS);
    ls_scene_at(&l, 1, &sc);
    assert_int_equal(sc.ablate[0], 0);
    assert_int_equal(sc.interv_flags, 0);
    ls_Diags d = {0};
    ls_check_lesson(c, &l, &d);
    lf_print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    ls_diags_free(&d);
    ls_lesson_free(&l);
    /* with positions off, the two "the" of the sentence have the same first-layer query */
    lesson_of("```tfscope\nintervene: no-pos\nsay: s\n"
              "claim: row enc.0.self_attn.q head 0 row the(1) = row enc.0.self_attn.q head 0 row the(3)\n"
              "claim: with none row enc.0.self_attn.q head 0 row the(1) != row enc.0.self_attn.q head 0 row the(3)\n"
              "```\n", &l);
    for (int k = 0; k < l.dirs[1].say.n; k++)
        if (!holds(c, &l, k, &v)) fail_msg("claim %d (%s) should hold", k + 1, l.dirs[1].say.items[k].src);
    ls_lesson_free(&l);
    ls_checker_free(c);
}

/* --- compute-and-check answers ------------------------------------------------------------------ */

/* The answer expression of a one-quiz lesson. */
static void answer_of(const char *answer, ls_Lesson *l)
{
    char body[512];
    snprintf(body, sizeof body, "```tfscope\nquiz: q\nanswer: %s\nexplain: e\n```\n", answer);
    lesson_of(body, l);
}

void compute_answers_redo_the_forward_pass(void **state)
{
    (void)state;
    static const char *answers[] = {
        "compute score enc.1.self_attn head 2 row #3 col #5",
        "compute score dec.0.cross_attn head 6 row #1 col #2",
        "compute softmax enc.0.self_attn head 4 row #2 col #7",
        "compute softmax dec.1.self_attn head 1 row #3 col #2",
        "compute add enc.0.add1 row #2 col 9",
        "compute add dec.1.add3 row #1 col 0",
        "compute norm enc.1.norm2 row #4 col 17",
        "compute norm dec.0.norm1 row #1 col 2",
        "compute loss row #1",
        "compute pe row #5 col 7",
        "compute smoothing 0.1",
    };
    ls_Checker *c = ls_checker_new(lf_random());
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, RAIN, 1, &err);
    assert_non_null(tr);
    ls_Calc k;
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        ls_Lesson l;
        answer_of(answers[i], &l);
        const ls_Quiz *q = &l.dirs[1].quiz;
        if (ls_calc_eval(&q->answer, tr, lf_random(), NULL, &k, &err) != TF_OK) fail_msg("%s: %s", answers[i], err.msg);
        /* the formula is what the model computed, and the shown digits come close */
        if (!isnan(k.recorded) && fabs(k.exact - k.recorded) > 1e-4 * fmax(1, fabs(k.recorded)))
            fail_msg("%s: formula %.9g, recorded %.9g", answers[i], k.exact, k.recorded);
        if (fabs(k.shown - k.exact) > 1e-3 * fmax(1, fabs(k.exact)))
            fail_msg("%s: from the shown digits %.9g, exact %.9g", answers[i], k.shown, k.exact);
        assert_true(k.n_slips >= 2);
        /* the answer a quiz computes without the model is the recorded number */
        ls_Answer a;
        assert_int_equal(ls_quiz_answer(q, tr, &lf_random()->tgt_vocab, &a, &err), TF_OK);
        assert_int_equal(a.kind, LS_ANSWER_NUMBER);
        assert_true(a.number == (isnan(k.recorded) ? k.exact : k.recorded));
        if (i + 1 == sizeof answers / sizeof answers[0])   /* smoothing: 1 − ε + ε/V */
            assert_true(fabs(k.exact - (0.9 + 0.1 / tr->cfg.tgt_vocab)) < 1e-12);
        ls_lesson_free(&l);
    }
    /* a score not divided by √dₖ is the first slip */
    ls_Lesson l;
    answer_of("compute score enc.0.self_attn head 0 row #1 col #2", &l);
    assert_int_equal(ls_calc_eval(&l.dirs[1].quiz.answer, tr, lf_random(), NULL, &k, &err), TF_OK);
    double dk = (double)tr->cfg.d_model / tr->cfg.nhead;
    assert_true(fabs(k.slips[0].v - k.exact * sqrt(dk)) < 1e-9 * fmax(1, fabs(k.exact)));
    ls_lesson_free(&l);
    ls_checker_free(c);
}

/* --- rules that need the model's numbers --------------------------------------------------------- */

static int diags_with(const ls_Diags *d, const char *text)
{
    int n = 0;
    for (int i = 0; i < d->n; i++) n += strstr(d->items[i].msg, text) != NULL;
    return n;
}

void rules_see_the_answer_head_and_an_idle_beam(void **state)
{
    (void)state;
    ls_Checker *c = ls_checker_new(lf_random());
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, RAIN, 1, &err);
    /* the head with the largest weight from #2 to #5 in layer 1, on this model */
    ls_CellRef ref = {.head = -1, .row = {.set = true, .index = 2}, .col = {.set = true, .index = 5}};
    snprintf(ref.tensor, sizeof ref.tensor, "enc.1.self_attn.weights");
    ls_Rank rk;
    assert_int_equal(ls_rank(&ref, false, true, true, tr, &lf_random()->tgt_vocab, &rk, &err), TF_OK);
    char body[1024];
    snprintf(body, sizeof body, "```tfscope\ntensor: enc.1.self_attn.weights\nview: lines\nheads: %d\n"
             "quiz: Which head?\nanswer: maxhead enc.1.self_attn.weights row #2 col #5\nexplain: {answer}\n```\n",
             rk.index);
    ls_Lesson l;
    lesson_of(body, &l);
    ls_Diags d = {0};
    ls_check_lesson(c, &l, &d);
    assert_int_equal(diags_with(&d, "draws only the answer's head"), 1);
    ls_diags_free(&d);
    ls_lesson_free(&l);
    /* a beam page: rejected exactly when the beam writes the greedy translation */
    const tf_Trace *g = ls_checker_trace(c, RAIN, 1, &err), *b = ls_checker_trace(c, RAIN, 4, &err);
    bool same = g->n_tgt == b->n_tgt;
    for (int t = 0; same && t < g->n_tgt; t++) same = !strcmp(g->tgt_tokens[t], b->tgt_tokens[t]);
    lesson_of("## Beam\n\n```tfscope\ndecode: beam 4\n```\n", &l);
    ls_check_lesson(c, &l, &d);
    assert_int_equal(diags_with(&d, "writes the same translation as greedy"), same ? 1 : 0);
    ls_diags_free(&d);
    ls_lesson_free(&l);
    ls_checker_free(c);
}

/* test_lessons_checker.c — the lesson checker: the real lessons of both languages against the
 * default model, every real quiz answered right and wrong (clicked, typed, explained), every kind of
 * answer computed and checked on the untrained model, pages folding into one scene, and the
 * numbers the widgets show. These cases run in test_lessons.c's main(), with the models of
 * lesson_fixture.c; parsing, broken lessons and the command are tested there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lesson_fixture.h"
#include "ls_lesson.h"
#include "ls_checker.h"
#include "task.h"
#include "test_lessons_checker.h"

/* --- the real lessons against the default model ----------------------------------------------- */

void real_lessons_fit_the_default_model(void **state)
{
    (void)state;
    if (!lf_default()) fail_msg("the bundled model (assets/model.safetensors or $TFSCOPE_MODEL) is missing");
    ls_Checker *c = ls_checker_new(lf_default());
    ls_Diags d = {0};
    const char *langs[] = {"en", "ko"};
    for (int k = 0; k < 2; k++) {
        ls_Set s;
        ls_set_load(TF_SOURCE_LESSONS, langs[k], &s, &d);
        /* under the sanitizers every other lesson (the plain build checks all of them) */
        for (int i = 0; i < s.n; i += TF_TESTS_SANITIZED ? 2 : 1) ls_check_lesson(c, &s.lessons[i], &d);
        ls_set_free(&s);
    }
    lf_print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    ls_diags_free(&d);
    ls_checker_free(c);
}

/* Answers every quiz of a set right and wrong in every way a learner can respond. Returns the
 * number of quizzes. */
static int answer_quizzes(const ls_Set *s, const tf_Model *m)
{
    ls_Checker *c = ls_checker_new(m);
    int n = 0;
    for (int i = 0; i < s->n; i++) {
        const ls_Lesson *l = &s->lessons[i];
        for (int k = 0; k < l->n_dirs; k++) {
            const ls_Directive *dv = &l->dirs[k];
            if (dv->kind != LS_DIR_QUIZ) continue;
            ls_Scene sc;
            ls_scene_after(l, k, &sc);
            tf_Err err;
            const tf_Trace *tr = ls_checker_scene_trace(c, &sc, NULL, &err);
            if (!tr) fail_msg("%s:%d: %s", l->path, dv->line, err.msg);
            ls_Answer a;
            if (ls_quiz_answer(&dv->quiz, tr, &m->tgt_vocab, &a, &err) != TF_OK)
                fail_msg("%s:%d: %s", l->path, dv->line, err.msg);
            ls_Response r;
            ls_answer_right(&a, tr, &r);
            if (!ls_answer_check(&a, &r, tr)) fail_msg("%s:%d: the right answer is refused", l->path, dv->line);
            if (!ls_answer_wrong(&a, tr, &r)) fail_msg("%s:%d: no wrong answer exists", l->path, dv->line);
            if (ls_answer_check(&a, &r, tr)) fail_msg("%s:%d: a wrong answer is accepted", l->path, dv->line);
            if (a.kind == LS_ANSWER_TOKEN) {
                /* a click on the answer's cell, and the word typed */
                ls_Response cell = {.kind = LS_RESP_CELL, .head = a.head};
                snprintf(cell.tensor, sizeof cell.tensor, "%s", a.tensor);
                cell.row = a.by_col ? a.items[0] : a.fixed;
                cell.col = a.by_col ? a.fixed : a.items[0];
                if (a.fixed >= 0 && !ls_answer_check(&a, &cell, tr))
                    fail_msg("%s:%d: a click on the right cell is refused", l->path, dv->line);
                ls_Response typed = {.kind = LS_RESP_TEXT};
                const char *w = a.side == LS_SIDE_SRC ? tr->src_tokens[a.items[0]] : tr->tgt_tokens[a.items[0]];
                snprintf(typed.text, sizeof typed.text, "%s", w);
                if (!ls_answer_check(&a, &typed, tr)) fail_msg("%s:%d: the typed word is refused", l->path, dv->line);
            }
            char text[1024];
            ls_format(dv->quiz.explain, &a, l->lang, text, sizeof text);
            assert_null(strstr(text, "{answer}"));
            if (a.kind == LS_ANSWER_HEAD && !strcmp(l->lang, "ko")) assert_non_null(strstr(text, "번 헤드"));
            n++;
        }
    }
    ls_checker_free(c);
    return n;
}

void every_real_quiz_is_answered_right_and_wrong(void **state)
{
    (void)state;
    if (!lf_default()) fail_msg("the bundled model (assets/model.safetensors or $TFSCOPE_MODEL) is missing");
    ls_Diags d = {0};
    const char *langs[] = {"en", "ko"};
    int counts[2];
    for (int k = 0; k < 2; k++) {
        ls_Set s;
        ls_set_load(TF_SOURCE_LESSONS, langs[k], &s, &d);
        counts[k] = answer_quizzes(&s, lf_default());
        ls_set_free(&s);
    }
    assert_true(counts[0] >= 26);
    assert_int_equal(counts[0], counts[1]);
    ls_diags_free(&d);
}

/* --- every kind of answer, on the untrained model --------------------------------------------- */

static const char *ANSWERS =
    "# Answers\n\n## P\n\n"
    "```tfscope\nquiz: q\nanswer: argmax enc.0.self_attn.weights head 1 row making\nexplain: {answer}\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmin enc.0.self_attn.scores head 2 col difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: masked dec.0.self_attn.weights head 0 row #2\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: masked dec.0.self_attn.weights head 0 col #4\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: visible dec.1.self_attn.weights head 7 row #2\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: maxhead enc.1.self_attn.weights row making col difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: value src.pos row #1 col 0 tol 0.01\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: distance making difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: length src\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: sa | rnn\nanswer: cheaper n=26 d=64\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: sa | rnn\nanswer: cheaper n=1000 d=64\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: a | b | c\nanswer: choice 3\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax probs row <bos>\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax enc.0.ffn.hidden row making\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax dec.1.cross_attn.weights head 3 col governments\nexplain: e\n```\n";

/* Answers 6 to 14 of ANSWERS: a value, counts, options, a vocabulary word, an index axis and
 * cross-attention by column. */
static void check_numbers_words_and_axes(const ls_Answer *a, const tf_Trace *tr)
{
    /* a value read from the heatmap: sin(1) */
    assert_int_equal(a[6].kind, LS_ANSWER_NUMBER);
    assert_true(a[6].number > 0.84 && a[6].number < 0.842);
    ls_Response typed = {.kind = LS_RESP_TEXT, .text = "0.84"};
    assert_true(ls_answer_check(&a[6], &typed, tr));
    snprintf(typed.text, sizeof typed.text, "0.8");
    assert_false(ls_answer_check(&a[6], &typed, tr));
    snprintf(typed.text, sizeof typed.text, "zero");
    assert_false(ls_answer_check(&a[6], &typed, tr));
    assert_true(a[7].number == 7);
    assert_true(a[8].number == 26);
    assert_int_equal(a[9].items[0], 1);
    assert_int_equal(a[10].items[0], 2);
    assert_int_equal(a[11].items[0], 3);
    assert_string_equal(a[11].text, "c");
    /* a vocabulary answer: typed, or the output token that greedy decoding picked from this row */
    assert_int_equal(a[12].kind, LS_ANSWER_VOCAB);
    assert_string_equal(a[12].vocab, tr->tgt_tokens[1]);
    ls_Response out = {.kind = LS_RESP_TOKEN, .side = LS_SIDE_TGT, .index = 1};
    assert_true(ls_answer_check(&a[12], &out, tr));
    /* an index axis: the column number, typed or clicked */
    assert_int_equal(a[13].kind, LS_ANSWER_NUMBER);
    assert_int_equal(a[13].side, LS_SIDE_INDEX);
    ls_Response num = {.kind = LS_RESP_NUMBER, .number = a[13].items[0]};
    assert_true(ls_answer_check(&a[13], &num, tr));
    ls_Response hc = {.kind = LS_RESP_CELL, .head = -1, .row = 17, .col = a[13].items[0]};
    snprintf(hc.tensor, sizeof hc.tensor, "enc.0.ffn.hidden");
    assert_true(ls_answer_check(&a[13], &hc, tr));
    hc.row = 16;
    assert_false(ls_answer_check(&a[13], &hc, tr));      /* the right column in another row */
    /* cross-attention by column: rows are Korean decoder positions */
    assert_int_equal(a[14].side, LS_SIDE_TGT);
}

void every_kind_of_answer_is_computed_and_checked(void **state)
{
    (void)state;
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-answers.md", ANSWERS, strlen(ANSWERS), &l, &d);
    lf_print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(l.n_dirs, 15);
    ls_Checker *c = ls_checker_new(lf_random());
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, TF_TASK_FIGURE3_SRC, 1, &err);
    assert_non_null(tr);
    assert_int_equal(tr->n_src, 26);
    int T = tr->n_tgt;
    assert_true(T >= 6);
    ls_Answer a[15];
    for (int i = 0; i < 15; i++) {
        if (ls_quiz_answer(&l.dirs[i].quiz, tr, &lf_random()->tgt_vocab, &a[i], &err) != TF_OK)
            fail_msg("quiz %d: %s", i, err.msg);
        ls_Response r;
        ls_answer_right(&a[i], tr, &r);
        assert_true(ls_answer_check(&a[i], &r, tr));
        if (ls_answer_wrong(&a[i], tr, &r)) assert_false(ls_answer_check(&a[i], &r, tr));
    }
    /* argmax over a row: a source token; the cell of another column is wrong */
    assert_int_equal(a[0].kind, LS_ANSWER_TOKEN);
    assert_int_equal(a[0].side, LS_SIDE_SRC);
    assert_int_equal(a[0].fixed, 17);
    const tf_Node *w = tf_trace_get(tr, "enc.0.self_attn.weights");
    for (int j = 0; j < 26; j++)
        assert_true(w->data[(1 * 26 + 17) * 26 + j] <= w->data[(1 * 26 + 17) * 26 + a[0].items[0]]);
    char text[600];
    ls_format(l.dirs[0].quiz.explain, &a[0], "en", text, sizeof text);
    assert_non_null(strstr(text, tr->src_tokens[a[0].items[0]]));
    /* argmin over a column: rows are source tokens too */
    assert_true(a[1].by_col);
    assert_int_equal(a[1].fixed, 24);
    /* the causal mask: position 2 cannot see 3..T-1; 0..3 cannot see 4 */
    assert_int_equal(a[2].kind, LS_ANSWER_TOKEN);
    assert_int_equal(a[2].side, LS_SIDE_TGT);
    assert_int_equal(a[2].n_items, T - 3);
    assert_int_equal(a[2].items[0], 3);
    assert_int_equal(a[3].n_items, 4);
    assert_int_equal(a[3].items[3], 3);
    ls_Response r = {.kind = LS_RESP_TOKEN, .side = LS_SIDE_TGT, .index = 4};
    assert_false(ls_answer_check(&a[3], &r, tr));
    r.index = 0;
    assert_true(ls_answer_check(&a[3], &r, tr));
    r.side = LS_SIDE_SRC;
    assert_false(ls_answer_check(&a[3], &r, tr));       /* the wrong side */
    assert_int_equal(a[4].n_items, 3);
    /* maxhead: a head chip, or a cell in that head's panel */
    assert_int_equal(a[5].kind, LS_ANSWER_HEAD);
    ls_Response cell = {.kind = LS_RESP_CELL, .head = a[5].items[0], .row = 17, .col = 24};
    snprintf(cell.tensor, sizeof cell.tensor, "enc.1.self_attn.weights");
    assert_true(ls_answer_check(&a[5], &cell, tr));
    check_numbers_words_and_axes(a, tr);
    ls_checker_free(c);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

void pages_fold_into_one_scene(void **state)
{
    (void)state;
    const char *t =
        "# S\n\n"
        "## One\n\n```tfscope\nsentence: the chair is more comfortable .\ntensor: enc.0.self_attn.weights\n"
        "token: chair\nhighlight: head 0 row chair col is\n```\n\n"
        "## Two\n\n```tfscope\nview: lines\nheads: 2\n```\n\n"
        "```tfscope\nhighlight: head 2 row #0 col #1\n```\n\n```tfscope\nhighlight: head 2 row #1 col #1\n```\n\n"
        "## Three\n\n```tfscope\nsentence: figure3\nattention: cross\nlayer: 1\n```\n";
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-s.md", t, strlen(t), &l, &d);
    assert_int_equal(d.n_errors, 0);
    ls_Scene s;
    ls_scene_at(&l, 1, &s);
    assert_string_equal(ls_scene_sentence(&s), "the chair is more comfortable .");
    assert_string_equal(s.tensor, "enc.0.self_attn.weights");
    assert_int_equal(s.view, LS_VIEW_LINES);
    assert_true(s.heads == 1u << 2);
    assert_string_equal(s.token.word, "chair");
    assert_int_equal(s.n_highlight, 2);   /* page one's highlight is gone, page two's add up */
    ls_scene_at(&l, 2, &s);
    assert_string_equal(ls_scene_sentence(&s), TF_TASK_FIGURE3_SRC);
    assert_string_equal(s.tensor, "dec.1.cross_attn.weights");
    assert_false(s.token.set);            /* a new sentence drops the selection */
    assert_int_equal(s.n_highlight, 0);
    ls_Checker *c = ls_checker_new(lf_random());
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, ls_scene_sentence(&s), 1, &err);
    ls_Resolved r;
    assert_int_equal(ls_scene_resolve(&s, tr, &lf_random()->tgt_vocab, &r, &err), TF_OK);
    assert_int_equal(r.node, tf_trace_index(tr, "dec.1.cross_attn.weights"));
    assert_int_equal(r.attn, LS_ATTN_CROSS);
    assert_int_equal(r.layer, 1);
    assert_int_equal(r.view, LS_VIEW_LINES);
    ls_scene_at(&l, 0, &s);
    tr = ls_checker_trace(c, ls_scene_sentence(&s), 1, &err);
    assert_int_equal(ls_scene_resolve(&s, tr, &lf_random()->tgt_vocab, &r, &err), TF_OK);
    assert_int_equal(r.token_side, LS_SIDE_SRC);
    assert_int_equal(r.token, 1);
    assert_int_equal(r.n_highlight, 1);
    assert_int_equal(r.highlight[0].row, 1);
    assert_int_equal(r.highlight[0].col, 2);
    ls_checker_free(c);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

/* --- the widgets' numbers --------------------------------------------------------------------- */

void widgets_compute_the_papers_numbers(void **state)
{
    (void)state;
    ls_Table1Row t[4];
    ls_table1(26, 64, 3, 4, t);
    assert_true(t[0].ops == 26.0 * 26 * 64);
    assert_true(t[1].ops == 26.0 * 64 * 64);
    assert_true(t[1].seq == 26 && t[1].path_len == 26);
    assert_true(t[0].seq == 1 && t[0].path_len == 1);
    assert_true(t[2].path_len == 3);                   /* ⌈log₃ 26⌉ */
    assert_true(t[3].path_len == 7);                   /* ⌈26/4⌉ */
    /* variance of q·k grows like dₖ; scaled, it stays near 1 */
    ls_VarianceRow v1, v64, v512, again;
    ls_dot_variance(1, 4000, 1, &v1);
    ls_dot_variance(64, 4000, 1, &v64);
    ls_dot_variance(512, 4000, 1, &v512);
    ls_dot_variance(64, 4000, 1, &again);
    assert_true(again.var == v64.var);                 /* the same numbers every run */
    assert_true(v64.var > 50 && v64.var < 78);
    assert_true(v512.var > 440 && v512.var < 580);
    assert_true(v1.var_scaled > 0.85 && v1.var_scaled < 1.15);
    assert_true(v512.var_scaled > 0.85 && v512.var_scaled < 1.15);
    /* the schedule peaks at the end of the warm-up */
    assert_true(ls_schedule_lr(64, 400, 400) > ls_schedule_lr(64, 400, 399));
    assert_true(ls_schedule_lr(64, 400, 400) > ls_schedule_lr(64, 400, 401));
    assert_true(ls_schedule_lr(512, 4000, 4000) > 6.98e-4 && ls_schedule_lr(512, 4000, 4000) < 7.0e-4);
    /* the same measurement on a trace */
    ls_Checker *c = ls_checker_new(lf_random());
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, TF_TASK_FIGURE3_SRC, 1, &err);
    ls_VarianceRow r;
    assert_int_equal(ls_trace_dot_variance(tr, "enc.0.self_attn", &r, &err), TF_OK);
    assert_int_equal(r.dk, 8);
    assert_true(r.var > 0);
    assert_int_equal(ls_trace_dot_variance(tr, "enc.9.self_attn", &r, &err), TF_ERR_NOTFOUND);
    ls_checker_free(c);
}

/* test_lesson_ui.c — lessons driving the window's plain state: every page of every lesson, in both
 * languages, applied to a win_State (the step, view, token and highlights it asks for are on screen
 * afterwards), and every quiz answered right and wrong through the picks the window makes when the
 * learner clicks a token, a head chip or a cell. No display is needed: win_State is plain data.
 * The real lessons need the trained default model (assets/model.safetensors or $TFSCOPE_MODEL);
 * without it that test is skipped and only the synthetic lesson runs, on an untrained model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "lesson_fixture.h"
#include "ls_window.h"
#include "task.h"

static tf_Model g_model;
static bool g_trained;

static int setup(void **state)
{
    (void)state;
    g_trained = lf_default_model(&g_model);
    if (!g_trained) lf_untrained_model(&g_model, 3);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_model_free(&g_model);
    return 0;
}

/* The pick the window records when the learner clicks what response r names. */
static bool click(win_State *st, const ls_Response *r)
{
    switch (r->kind) {
    case LS_RESP_TOKEN:
        win_select_token(st, r->side == LS_SIDE_TGT ? WIN_SIDE_TGT : WIN_SIDE_SRC, r->index);
        return true;
    case LS_RESP_HEAD:
        win_solo_head(st, r->index);
        return true;
    case LS_RESP_CELL:
        st->pick =
            (win_Pick){WIN_PICK_CELL, 0, -1, "", r->head, r->row, r->col, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", r->tensor);
        return true;
    default: return false;   /* typed answers go through the panel, not a pick */
    }
}

/* Answers the quizzes of page p right and wrong through picks (or typing). Returns how many. */
static int answer_page(win_State *st, const ls_Lesson *l, int p)
{
    int n = 0;
    for (int k = 0; k < l->n_dirs; k++) {
        const ls_Directive *dv = &l->dirs[k];
        if (dv->page != p || dv->kind != LS_DIR_QUIZ) continue;
        ls_Answer a;
        tf_Err err;
        if (ls_window_answer(st, &dv->quiz, &a, &err) != TF_OK)
            fail_msg("%s:%d: %s", l->path, dv->line, err.msg);
        const tf_Trace *tr = win_trace(st);
        ls_Response right, wrong, got;
        ls_answer_right(&a, tr, &right);
        if (click(st, &right)) {
            assert_true(ls_window_response(&st->pick, &got));
            if (!ls_answer_check(&a, &got, tr)) fail_msg("%s:%d: the right click is refused", l->path, dv->line);
        } else if (!ls_answer_check(&a, &right, tr)) {
            fail_msg("%s:%d: the right answer is refused", l->path, dv->line);
        }
        assert_true(ls_answer_wrong(&a, tr, &wrong));
        if (click(st, &wrong)) {
            assert_true(ls_window_response(&st->pick, &got));
            if (ls_answer_check(&a, &got, tr)) fail_msg("%s:%d: a wrong click is accepted", l->path, dv->line);
        } else if (ls_answer_check(&a, &wrong, tr)) {
            fail_msg("%s:%d: a wrong answer is accepted", l->path, dv->line);
        }
        n++;
    }
    return n;
}

static void every_page_of_every_lesson_drives_the_window(void **state)
{
    (void)state;
    if (!g_trained) fail_msg("the bundled model (assets/model.safetensors or $TFSCOPE_MODEL) is missing");
    const char *langs[] = {"en", "ko"};
    int quizzes[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        ls_Set set;
        lf_real_lessons(langs[k], &set);
        for (int i = 0; i < set.n; i++) {
            const ls_Lesson *l = &set.lessons[i];
            win_State st;
            win_init(&st, k ? WIN_LANG_KO : WIN_LANG_EN);
            win_attach_model(&st, &g_model, "model.safetensors", "");
            /* forwards, then backwards: a page looks the same however it is reached */
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < l->n_pages; j++) {
                    int p = pass ? l->n_pages - 1 - j : j;
                    char why[512];
                    if (!ls_window_apply(&st, l, p, why, sizeof why))
                        fail_msg("%s page %d: %s", l->path, p + 1, why);
                    ls_Scene sc;
                    ls_scene_at(l, p, &sc);
                    const tf_Trace *tr = win_trace(&st);
                    assert_non_null(tr);
                    assert_string_equal(st.input, ls_scene_sentence(&sc));
                    if (sc.set & LS_SET_TENSOR) assert_string_equal(win_node(&st)->name, sc.tensor);
                    if (sc.view != LS_VIEW_NONE) assert_int_equal(st.mode, ls_window_mode(sc.view));
                    assert_int_equal(st.n_highlight, sc.n_highlight);
                    if ((sc.set & LS_SET_TOKEN) && sc.token.set && sc.token.side != LS_SIDE_TGT) {
                        ls_Resolved r;
                        tf_Err err;
                        assert_int_equal(ls_scene_resolve(&sc, tr, &g_model.tgt_vocab, &r, &err), TF_OK);
                        int shown = r.token_side == LS_SIDE_SRC ? st.sel_src : st.out_pos;
                        if (shown != r.token)
                            fail_msg("%s page %d: token %d selected, %d on screen", l->path, p + 1,
                                     r.token, shown);
                    }
                    if (!pass) quizzes[k] += answer_page(&st, l, p);
                }
            win_free(&st);
        }
        ls_set_free(&set);
    }
    assert_true(quizzes[0] >= 26);
    assert_int_equal(quizzes[0], quizzes[1]);
}

static void a_synthetic_lesson_drives_an_untrained_model(void **state)
{
    (void)state;
    const char *t =
        "# S\n\n"
        "## One\n\n```tfscope\nsentence: figure3\ntensor: enc.1.self_attn.weights\nview: lines\n"
        "heads: 2,5\ntoken: making\nhighlight: head 5 row making col difficult\n"
        "quiz: q\nanswer: argmax enc.1.self_attn.weights head 5 row making\nexplain: {answer}\n```\n\n"
        "## Two\n\n```tfscope\ntensor: dec.0.self_attn.weights\nview: matrix\nheads: all\ntoken: none\nposition: 3\n"
        "quiz: q\nanswer: masked dec.0.self_attn.weights head 0 col #4\nexplain: e\n```\n\n"
        "## Three\n\n```tfscope\nsentence: the chair is more comfortable .\nattention: enc\nlayer: 0\n"
        "view: grid\nquiz: q\nanswer: argmax enc.0.self_attn.weights head 0 row chair\n"
        "explain: e\n```\n";
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-s.md", t, strlen(t), &l, &d);
    assert_int_equal(d.n_errors, 0);
    win_State st;
    win_init(&st, WIN_LANG_EN);
    win_attach_model(&st, &g_model, "model.safetensors", "");
    char why[512];
    assert_true(ls_window_apply(&st, &l, 0, why, sizeof why));
    assert_string_equal(win_node(&st)->name, "enc.1.self_attn.weights");
    assert_int_equal(st.mode, WIN_MODE_LINES);
    assert_true(st.heads == ((1u << 2) | (1u << 5)));
    assert_int_equal(st.sel_src, 17);
    assert_int_equal(st.n_highlight, 1);
    assert_int_equal(st.highlight[0].head, 5);
    assert_int_equal(st.highlight[0].row, 17);
    assert_int_equal(st.highlight[0].col, 24);
    assert_int_equal(answer_page(&st, &l, 0), 1);
    if (!ls_window_apply(&st, &l, 1, why, sizeof why)) fail_msg("%s", why);
    assert_int_equal(st.mode, WIN_MODE_MATRIX);
    assert_int_equal(st.out_pos, 3);
    assert_int_equal(st.n_highlight, 0);
    assert_int_equal(answer_page(&st, &l, 1), 1);
    assert_true(ls_window_apply(&st, &l, 2, why, sizeof why));
    assert_string_equal(st.input, "the chair is more comfortable .");
    assert_string_equal(win_node(&st)->name, "enc.0.self_attn.weights");
    assert_int_equal(st.mode, WIN_MODE_GRID);
    assert_int_equal(answer_page(&st, &l, 2), 1);
    /* back to page one: the Figure 3 sentence again, the same scene */
    assert_true(ls_window_apply(&st, &l, 0, why, sizeof why));
    assert_string_equal(st.input, TF_TASK_FIGURE3_SRC);
    assert_int_equal(st.sel_src, 17);
    assert_int_equal(st.mode, WIN_MODE_LINES);
    /* a pick the quiz cannot use */
    win_Pick step = {WIN_PICK_STEP, 0, -1, "src.x", -1, -1, -1, 9};
    ls_Response r;
    assert_false(ls_window_response(&step, &r));
    win_free(&st);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

/* A page that switches parts off runs its sentence on that model; the next page runs the model as
 * it is again, and a head the model lacks is named. */
static void an_intervened_page_reruns_the_model(void **state)
{
    (void)state;
    const char *t =
        "# S\n\n"
        "## Plain\n\n```tfscope\nsentence: figure3\ntensor: src.x\nview: matrix\n```\n\n"
        "## Off\n\n```tfscope\nintervene: no-pos ablate enc.0.3\n```\n\n"
        "## Plain again\n\n```tfscope\nview: matrix\n```\n\n"
        "## Missing\n\n```tfscope\nintervene: ablate enc.9.0\n```\n";
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-s.md", t, strlen(t), &l, &d);
    assert_int_equal(d.n_errors, 0);
    win_State st;
    win_init(&st, WIN_LANG_EN);
    win_attach_model(&st, &g_model, "model.safetensors", "");
    char why[512];
    for (int p = 0; p < 3; p++) {
        if (!ls_window_apply(&st, &l, p, why, sizeof why)) fail_msg("page %d: %s", p + 1, why);
        bool off = p == 1;
        assert_true(st.interv.no_pos == off);
        assert_true(tf_interv_head(&st.interv, TF_ATTN_ENC, 0, 3) == off);
        assert_int_equal(st.interv.n_ablated, off ? 1 : 0);
        /* the trace on screen is the run of that model: positions are zeros with no-pos */
        const tf_Node *pos = tf_trace_get(win_trace(&st), "src.pos");
        assert_non_null(pos);
        assert_true((pos->data[1 * pos->shape[pos->ndim - 1]] == 0.0f) == off);
    }
    assert_false(ls_window_apply(&st, &l, 3, why, sizeof why));
    assert_non_null(strstr(why, "enc"));
    win_free(&st);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_page_of_every_lesson_drives_the_window),
        cmocka_unit_test(a_synthetic_lesson_drives_an_untrained_model),
        cmocka_unit_test(an_intervened_page_reruns_the_model),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

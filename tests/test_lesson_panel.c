/* test_lesson_panel.c — the lesson panel in the window, in-process under SDL_VIDEODRIVER=offscreen:
 * lessons 4 and 13 open in both languages with their page heading in the frame; every page of
 * every lesson is reached with the N key (and back with P) without error; every quiz is answered
 * wrong and then right through synthetic events (option keys, typed numbers, or the pick a click
 * on a token / head / cell makes) and the panel shows the verdict; the Previous / Next buttons
 * and "Back to the lesson" work; progress is written and resumed; two pages match golden frames.
 * Needs the trained default model (assets/model.safetensors or $TFSCOPE_MODEL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "lesson_fixture.h"
#include "ls_panel.h"
#include "ls_window.h"
#include "task.h"
#include "testutil.h"
#include "window_fixture.h"
#include "test_lesson_panel.h"

tf_Model lp_model;
char lp_tmp[256];

static int setup(void **state)
{
    (void)state;
    snprintf(lp_tmp, sizeof lp_tmp, "/tmp/tfscope-test-panel-XXXXXX");
    if (!mkdtemp(lp_tmp)) return -1;
    char hint[400];
    snprintf(hint, sizeof hint, "%s/first-start-seen", lp_tmp);
    FILE *f = fopen(hint, "w");
    if (f) fclose(f);
    return cli_load_model(cli_default_model(), &lp_model, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tf_model_free(&lp_model);
    tu_remove_tree(lp_tmp);
    return 0;
}

void lp_open_session(lp_Session *s, const char *lang, int number, int page)
{
    win_init(&s->st, strcmp(lang, "ko") ? WIN_LANG_EN : WIN_LANG_KO);
    win_attach_model(&s->st, &lp_model, "model.safetensors", "");
    win_set_sentence(&s->st, TF_TASK_FIGURE3_SRC);
    char err[512];
    s->p = ls_panel_open(&s->st, TF_SOURCE_LESSONS, lang, number, page, lp_tmp, err, sizeof err);
    if (!s->p) fail_msg("ls_panel_open: %s", err);
    s->w = wf_open(&s->st, 1600, 900, lp_tmp, lp_tmp);
}

void lp_close_session(lp_Session *s)
{
    win_close(s->w);
    ls_panel_close(s->p, &s->st);
    win_free(&s->st);
}

void lp_key(lp_Session *s, SDL_Keycode k)
{
    wf_key(s->w, k, 0);
}

void lp_click(lp_Session *s, float x, float y)
{
    wf_press(s->w, x, y, 1);
}

bool lp_frame_has(lp_Session *s, const char *what, fig_Rect *at)
{
    const win_Frame *f = win_frame(s->w);
    for (int i = 0; i < f->out.n; i++) {
        const fig_Cmd *c = &f->out.cmds[i];
        if (c->kind != FIG_CMD_TEXT || c->r.x < f->r_side.x) continue;
        if (!strncmp(fig_draw_text_of(&f->out, c), what, strlen(what))) {
            if (at) *at = c->r;
            return true;
        }
    }
    return false;
}

/* The first word of a page title (titles wrap word by word). */
static void first_word(const char *title, char *out, size_t cap)
{
    snprintf(out, cap, "%s", title);
    char *sp = strchr(out, ' ');
    if (sp) *sp = '\0';
}

/* The synthetic event for a response: a key for options and numbers, the pick a click makes on
 * tokens, head chips and cells. */
static void respond(lp_Session *s, const ls_Answer *a, const ls_Response *r)
{
    win_State *st = &s->st;
    char buf[64];
    switch (r->kind) {
    case LS_RESP_CHOICE: lp_key(s, SDLK_0 + r->index); return;
    case LS_RESP_NUMBER:
        snprintf(buf, sizeof buf, "%.6g", r->number);
        for (char *c = buf; *c; c++) lp_key(s, *c == '.' ? SDLK_PERIOD : *c == '-' ? SDLK_MINUS : SDLK_0 + (*c - '0'));
        lp_key(s, SDLK_RETURN);
        return;
    case LS_RESP_TOKEN:
        win_select_token(st, r->side == LS_SIDE_TGT ? WIN_SIDE_TGT : WIN_SIDE_SRC, r->index);
        break;
    case LS_RESP_HEAD:
        if (r->index <= 9) {  /* the head's own number answers; the heads shown stay as they are */
            uint64_t heads = st->heads;
            lp_key(s, SDLK_0 + r->index);
            assert_true(st->heads == heads);
            return;
        }
        win_solo_head(st, r->index);
        break;
    case LS_RESP_CELL:
        st->pick =
            (win_Pick){WIN_PICK_CELL, 0, -1, "", r->head, r->row, r->col, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", r->tensor);
        st->version++;
        break;
    case LS_RESP_TEXT:   /* a vocabulary word: typed answers go to the panel directly */
        ls_panel_respond(s->p, st, r);
        st->version++;
        break;
    default: (void)a; fail_msg("response kind %d", r->kind);
    }
    win_pump(s->w);
}

static void lessons_4_and_13_open_in_both_languages(void **state)
{
    (void)state;
    const char *langs[] = {"en", "ko"};
    const int numbers[] = {4, 13};
    for (int k = 0; k < 2; k++)
        for (int n = 0; n < 2; n++) {
            lp_Session s;
            lp_open_session(&s, langs[k], numbers[n], 0);
            const ls_Lesson *l = ls_panel_lesson(s.p);
            char w[128];
            first_word(l->pages[0].title, w, sizeof w);
            if (!lp_frame_has(&s, w, NULL)) fail_msg("%s: the heading '%s' is not in the frame", l->path, w);
            /* Next button, then Previous */
            fig_Rect r = {0, 0, 0, 0};
            assert_true(lp_frame_has(&s, k ? "다음" : "Next", &r));
            lp_click(&s, r.x + 2, r.y + 2);
            assert_int_equal(ls_panel_page(s.p), 1);
            first_word(l->pages[1].title, w, sizeof w);
            assert_true(lp_frame_has(&s, w, NULL));
            assert_true(lp_frame_has(&s, k ? "< 이전" : "< Previous", &r));
            lp_click(&s, r.x + 2, r.y + 2);
            assert_int_equal(ls_panel_page(s.p), 0);
            /* exploring away shows "Back to the lesson"; R (or the button) returns */
            int node = s.st.node;
            lp_key(&s, SDLK_RIGHT);
            lp_key(&s, SDLK_RIGHT);
            assert_true(ls_panel_away(s.p, &s.st));
            assert_true(lp_frame_has(&s, k ? "레슨 화면으로" : "Back to", &r));
            lp_click(&s, r.x + 2, r.y + 2);
            assert_false(ls_panel_away(s.p, &s.st));
            assert_int_equal(s.st.node, node);
            lp_key(&s, SDLK_LEFT);
            lp_key(&s, SDLK_r);
            assert_false(ls_panel_away(s.p, &s.st));
            lp_close_session(&s);
        }
}

static void every_page_every_quiz(void **state)
{
    (void)state;
    const char *langs[] = {"en", "ko"};
    int quizzes = 0;
    for (int k = 0; k < 2; k++) {
        ls_Set set;
        lf_real_lessons(langs[k], &set);
        /* under the sanitizers every other lesson (the plain build walks all of them) */
        for (int i = 0; i < set.n; i += TF_TESTS_SANITIZED ? 2 : 1) {
            lp_Session s;
            lp_open_session(&s, langs[k], set.lessons[i].number, 0);
            const ls_Lesson *l = ls_panel_lesson(s.p);
            char w[128];
            for (int p = 0; p < l->n_pages; p++) {
                assert_int_equal(ls_panel_page(s.p), p);
                first_word(l->pages[p].title, w, sizeof w);
                if (!lp_frame_has(&s, w, NULL)) fail_msg("%s page %d: '%s' is not drawn", l->path, p + 1, w);
                if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_NONE) {
                    assert_int_equal(ls_panel_quiz_state(s.p), LS_PANEL_QUIZ_OPEN);
                    const ls_Answer *a = ls_panel_quiz_answer(s.p);
                    if (!a) fail_msg("%s page %d: no answer", l->path, p + 1);
                    ls_Answer ans = *a;
                    ls_Response right, wrong;
                    ls_answer_right(&ans, win_trace(&s.st), &right);
                    assert_true(ls_answer_wrong(&ans, win_trace(&s.st), &wrong));
                    fig_Rect before = {0, 0, 0, 0}, after = {0, 0, 0, 0};
                    assert_true(lp_frame_has(&s, w, &before));
                    respond(&s, &ans, &wrong);
                    if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_WRONG)
                        fail_msg("%s page %d: a wrong answer is not marked wrong", l->path, p + 1);
                    /* the verdict does not shrink the page's text */
                    assert_true(lp_frame_has(&s, w, &after));
                    if (after.h != before.h)
                        fail_msg("%s page %d: the text shrank with the verdict", l->path, p + 1);
                    assert_true(lp_frame_has(&s, k ? "틀렸습니다" : "Not right", NULL));
                    /* back to the page's scene (a wrong click may have moved the view) */
                    lp_key(&s, SDLK_r);
                    ls_answer_right(ls_panel_quiz_answer(s.p), win_trace(&s.st), &right);
                    respond(&s, ls_panel_quiz_answer(s.p), &right);
                    if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_RIGHT)
                        fail_msg("%s page %d: the right answer is not accepted", l->path, p + 1);
                    assert_true(lp_frame_has(&s, k ? "정답입니다" : "Right", NULL));
                    quizzes++;
                }
                lp_key(&s, SDLK_n);
            }
            /* past the last page: the end page, with what the lesson went through */
            assert_true(ls_panel_at_end(s.p));
            if (!lp_frame_has(&s, k ? "레슨을 마쳤습니다" : "Lesson complete", NULL))
                fail_msg("%s: no end page", l->path);
            first_word(l->pages[l->n_pages - 1].title, w, sizeof w);
            if (!lp_frame_has(&s, w, NULL)) fail_msg("%s: the end page does not list '%s'", l->path, w);
            lp_key(&s, SDLK_p);
            assert_int_equal(ls_panel_page(s.p), l->n_pages - 1);
            lp_close_session(&s);
        }
        ls_set_free(&set);
    }
    assert_true(quizzes > 0);
}

/* The end page names the next lesson; N opens it at its first page, the button does the same. */
static void the_end_page_leads_to_the_next_lesson(void **state)
{
    (void)state;
    ls_Set set;
    lf_real_lessons("en", &set);
    assert_true(set.n >= 2);
    int first = set.lessons[0].number, second = set.lessons[1].number;
    char next_word[128];
    first_word(set.lessons[1].title, next_word, sizeof next_word);
    ls_set_free(&set);
    lp_Session s;
    lp_open_session(&s, "en", first, 0);
    int pages = ls_panel_lesson(s.p)->n_pages;
    for (int i = 0; i < pages; i++) lp_key(&s, SDLK_n);
    assert_true(ls_panel_at_end(s.p));
    assert_true(lp_frame_has(&s, "Next:", NULL));
    assert_true(lp_frame_has(&s, next_word, NULL));
    fig_Rect r;
    assert_true(lp_frame_has(&s, "Next lesson", &r));
    lp_key(&s, SDLK_n);
    assert_int_equal(ls_panel_lesson(s.p)->number, second);
    assert_int_equal(ls_panel_page(s.p), 0);
    assert_false(ls_panel_at_end(s.p));
    /* and the button, from the end of that one */
    pages = ls_panel_lesson(s.p)->n_pages;
    for (int i = 0; i < pages; i++) lp_key(&s, SDLK_n);
    assert_true(ls_panel_at_end(s.p));
    if (lp_frame_has(&s, "Next lesson", &r)) {
        lp_click(&s, r.x + 2, r.y + 2);
        assert_true(ls_panel_lesson(s.p)->number > second);
    }
    lp_close_session(&s);
}

/* A try-it sentence is a link: a click puts it into the field and runs it. */
static void try_it_sentences_run_when_clicked(void **state)
{
    (void)state;
    lp_Session s;
    lp_open_session(&s, "en", 1, 0);
    const ls_Lesson *l = ls_panel_lesson(s.p);
    const char *sentence = NULL;
    int page = -1;
    for (int i = 0; i < l->n_dirs && !sentence; i++)
        if (l->dirs[i].kind == LS_DIR_TRY && l->dirs[i].try_.n_suggest > 0) {
            sentence = l->dirs[i].try_.suggest[0];
            page = l->dirs[i].page;
        }
    assert_non_null(sentence);
    ls_panel_goto(s.p, &s.st, page);
    win_pump(s.w);
    fig_Rect r = {0, 0, 0, 0};
    /* the link shows the sentence after "▶ " */
    assert_true(lp_frame_has(&s, "▶", &r));
    unsigned gen = s.st.generation;
    lp_click(&s, r.x + r.w + 4, r.y + 2);
    assert_string_equal(s.st.input, sentence);
    assert_true(s.st.generation != gen);
    lp_close_session(&s);
}

/* Lesson pages as the learner sees them, against golden frames: the Figure 3 page (lesson 13, page
 * 2) at 1280 × 800 in English, the page that switches a head off (lesson 14, page 2) at 800 × 600 in
 * Korean and in English. They show the bundled model's numbers: after a retrain, look at the new frames and rewrite
 * them with TFSCOPE_UPDATE_GOLDEN=1. */
static void lesson_pages_match_golden_frames(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *name;
        int number, page, w, h;
    } pages[] = {
        {"en", "lesson_13_figure3_1280x800", 13, 1, 1280, 800},   /* pages from 0 */
        {"ko", "lesson_14_ablate_800x600", 14, 1, 800, 600},
        {"en", "lesson_14_ablate_800x600_en", 14, 1, 800, 600},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        lp_Session s;
        win_init(&s.st, strcmp(pages[i].lang, "ko") ? WIN_LANG_EN : WIN_LANG_KO);
        win_attach_model(&s.st, &lp_model, "model.safetensors", "");
        win_set_sentence(&s.st, TF_TASK_FIGURE3_SRC);
        char err[512];
        s.p = ls_panel_open(&s.st, TF_SOURCE_LESSONS, pages[i].lang, pages[i].number, pages[i].page, lp_tmp, err,
                            sizeof err);
        if (!s.p) fail_msg("ls_panel_open: %s", err);
        s.w = wf_open(&s.st, pages[i].w, pages[i].h, lp_tmp, lp_tmp);
        failures += wf_golden(s.w, pages[i].name);
        lp_close_session(&s);
    }
    assert_int_equal(failures, 0);
}

/* Lesson 4's page on √dₖ, reached with N: its preformatted table and the variance widget are in
 * the monospaced face, and the widget's numbers end on one edge per column. */
static void variance_tables_are_monospaced(void **state)
{
    (void)state;
    lp_Session s;
    lp_open_session(&s, "en", 4, 0);
    lp_key(&s, SDLK_n);
    lp_key(&s, SDLK_n);
    assert_int_equal(ls_panel_page(s.p), 2);
    const win_Frame *f = win_frame(s.w);
    assert_non_null(f->m.width_mono);
    assert_true(fabsf(f->m.width_mono(f->m.ctx, "iiii", 14) - f->m.width_mono(f->m.ctx, "MMMM", 14)) < 0.5f);
    assert_true(f->m.width(f->m.ctx, "iiii", 14, false) < f->m.width(f->m.ctx, "MMMM", 14, false));
    const fig_List *l = &f->out;
    int mono = 0, cells = 0, best = 0;
    float edges[64];
    for (int i = 0; i < l->n; i++) {
        const fig_Cmd *c = &l->cmds[i];
        if (c->kind != FIG_CMD_TEXT || !c->mono) continue;
        mono++;
        const char *t = fig_draw_text_of(l, c);
        if (!strchr(t, '.') || strchr(t, ' ') || cells == 64) continue;
        edges[cells++] = c->r.x + c->r.w;
    }
    for (int i = 0; i < cells; i++) {
        int same = 0;
        for (int j = 0; j < cells; j++) same += fabsf(edges[i] - edges[j]) < 0.5f;
        best = same > best ? same : best;
    }
    assert_true(mono >= 7 + 7 * 3);  /* the code block's lines, the widget's number cells */
    assert_true(best >= 7);          /* a column of the widget: every row on one right edge */
    lp_close_session(&s);
}

static void progress_is_saved_and_resumed(void **state)
{
    (void)state;
    lp_Session s;
    lp_open_session(&s, "ko", 13, 0);
    lp_key(&s, SDLK_n);
    lp_key(&s, SDLK_n);
    int page = ls_panel_page(s.p);
    lp_close_session(&s);
    int lesson = 0, saved = -1;
    char lang[8] = "", why[300];
    assert_true(ls_panel_progress_load(lp_tmp, &lesson, &saved, lang, why, sizeof why));
    assert_int_equal(lesson, 13);
    assert_int_equal(saved, page);
    assert_string_equal(lang, "ko");
    char path[512];
    assert_true(ls_panel_progress_path(lp_tmp, path, sizeof path));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fclose(f);
    /* resumed: page -1 reopens where the learner left; the progress read, the learner goes on
     * and that is saved too (the file read is not refused as an input the run would replace) */
    lp_open_session(&s, "ko", 13, -1);
    assert_int_equal(ls_panel_page(s.p), page);
    lp_key(&s, SDLK_n);
    assert_int_equal(ls_panel_page(s.p), page + 1);
    lp_close_session(&s);
    assert_true(ls_panel_progress_load(lp_tmp, &lesson, &saved, lang, why, sizeof why));
    assert_int_equal(saved, page + 1);
    lp_open_session(&s, "ko", 13, -1);
    assert_int_equal(ls_panel_page(s.p), page + 1);
    lp_close_session(&s);
    /* another lesson or language starts at its first page */
    lp_open_session(&s, "en", 13, -1);
    assert_int_equal(ls_panel_page(s.p), 0);
    lp_close_session(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lessons_4_and_13_open_in_both_languages),
        cmocka_unit_test(every_page_every_quiz),
        cmocka_unit_test(the_end_page_leads_to_the_next_lesson),
        cmocka_unit_test(try_it_sentences_run_when_clicked),
        cmocka_unit_test(narrow_windows_keep_the_lesson_and_the_view),
        cmocka_unit_test(layout_report_matrix_has_no_clipped_or_overlapping_text),
        cmocka_unit_test(lesson_pages_match_golden_frames),
        cmocka_unit_test(variance_tables_are_monospaced),
        cmocka_unit_test(long_pages_scroll),
        cmocka_unit_test(progress_is_saved_and_resumed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

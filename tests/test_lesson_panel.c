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

static tf_Model g_model;
static char g_tmp[256];

static int setup(void **state)
{
    (void)state;
    snprintf(g_tmp, sizeof g_tmp, "/tmp/tfscope-test-panel-XXXXXX");
    if (!mkdtemp(g_tmp)) return -1;
    char hint[400];
    snprintf(hint, sizeof hint, "%s/first-start-seen", g_tmp);
    FILE *f = fopen(hint, "w");
    if (f) fclose(f);
    return cli_load_model(cli_default_model(), &g_model, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tf_model_free(&g_model);
    tu_remove_tree(g_tmp);
    return 0;
}

typedef struct {
    win_State st;
    win_Window *w;
    ls_Panel *p;
} Session;

static void open_session(Session *s, const char *lang, int number, int page)
{
    win_init(&s->st, strcmp(lang, "ko") ? WIN_LANG_EN : WIN_LANG_KO);
    win_attach_model(&s->st, &g_model, "model.safetensors", "");
    win_set_sentence(&s->st, TF_TASK_FIGURE3_SRC);
    char err[512];
    s->p = ls_panel_open(&s->st, TF_SOURCE_LESSONS, lang, number, page, g_tmp, err, sizeof err);
    if (!s->p) fail_msg("ls_panel_open: %s", err);
    s->w = wf_open(&s->st, 1600, 900, g_tmp, g_tmp);
}

static void close_session(Session *s)
{
    win_close(s->w);
    ls_panel_close(s->p, &s->st);
    win_free(&s->st);
}

static void key(Session *s, SDL_Keycode k)
{
    wf_key(s->w, k, 0);
}

static void click(Session *s, float x, float y)
{
    wf_press(s->w, x, y, 1);
}

/* Whether the frame's side panel shows text starting with `what`; with at, where. */
static bool frame_has(Session *s, const char *what, fig_Rect *at)
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
static void respond(Session *s, const ls_Answer *a, const ls_Response *r)
{
    win_State *st = &s->st;
    char buf[64];
    switch (r->kind) {
    case LS_RESP_CHOICE: key(s, SDLK_0 + r->index); return;
    case LS_RESP_NUMBER:
        snprintf(buf, sizeof buf, "%.6g", r->number);
        for (char *c = buf; *c; c++) key(s, *c == '.' ? SDLK_PERIOD : *c == '-' ? SDLK_MINUS : SDLK_0 + (*c - '0'));
        key(s, SDLK_RETURN);
        return;
    case LS_RESP_TOKEN:
        win_select_token(st, r->side == LS_SIDE_TGT ? WIN_SIDE_TGT : WIN_SIDE_SRC, r->index);
        break;
    case LS_RESP_HEAD:
        if (r->index <= 9) {  /* the head's own number answers; the heads shown stay as they are */
            uint64_t heads = st->heads;
            key(s, SDLK_0 + r->index);
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
            Session s;
            open_session(&s, langs[k], numbers[n], 0);
            const ls_Lesson *l = ls_panel_lesson(s.p);
            char w[128];
            first_word(l->pages[0].title, w, sizeof w);
            if (!frame_has(&s, w, NULL)) fail_msg("%s: the heading '%s' is not in the frame", l->path, w);
            /* Next button, then Previous */
            fig_Rect r = {0, 0, 0, 0};
            assert_true(frame_has(&s, k ? "다음" : "Next", &r));
            click(&s, r.x + 2, r.y + 2);
            assert_int_equal(ls_panel_page(s.p), 1);
            first_word(l->pages[1].title, w, sizeof w);
            assert_true(frame_has(&s, w, NULL));
            assert_true(frame_has(&s, k ? "< 이전" : "< Previous", &r));
            click(&s, r.x + 2, r.y + 2);
            assert_int_equal(ls_panel_page(s.p), 0);
            /* exploring away shows "Back to the lesson"; R (or the button) returns */
            int node = s.st.node;
            key(&s, SDLK_RIGHT);
            key(&s, SDLK_RIGHT);
            assert_true(ls_panel_away(s.p, &s.st));
            assert_true(frame_has(&s, k ? "레슨 화면으로" : "Back to", &r));
            click(&s, r.x + 2, r.y + 2);
            assert_false(ls_panel_away(s.p, &s.st));
            assert_int_equal(s.st.node, node);
            key(&s, SDLK_LEFT);
            key(&s, SDLK_r);
            assert_false(ls_panel_away(s.p, &s.st));
            close_session(&s);
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
            Session s;
            open_session(&s, langs[k], set.lessons[i].number, 0);
            const ls_Lesson *l = ls_panel_lesson(s.p);
            char w[128];
            for (int p = 0; p < l->n_pages; p++) {
                assert_int_equal(ls_panel_page(s.p), p);
                first_word(l->pages[p].title, w, sizeof w);
                if (!frame_has(&s, w, NULL)) fail_msg("%s page %d: '%s' is not drawn", l->path, p + 1, w);
                if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_NONE) {
                    assert_int_equal(ls_panel_quiz_state(s.p), LS_PANEL_QUIZ_OPEN);
                    const ls_Answer *a = ls_panel_quiz_answer(s.p);
                    if (!a) fail_msg("%s page %d: no answer", l->path, p + 1);
                    ls_Answer ans = *a;
                    ls_Response right, wrong;
                    ls_answer_right(&ans, win_trace(&s.st), &right);
                    assert_true(ls_answer_wrong(&ans, win_trace(&s.st), &wrong));
                    fig_Rect before = {0, 0, 0, 0}, after = {0, 0, 0, 0};
                    assert_true(frame_has(&s, w, &before));
                    respond(&s, &ans, &wrong);
                    if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_WRONG)
                        fail_msg("%s page %d: a wrong answer is not marked wrong", l->path, p + 1);
                    /* the verdict does not shrink the page's text */
                    assert_true(frame_has(&s, w, &after));
                    if (after.h != before.h)
                        fail_msg("%s page %d: the text shrank with the verdict", l->path, p + 1);
                    assert_true(frame_has(&s, k ? "틀렸습니다" : "Not right", NULL));
                    /* back to the page's scene (a wrong click may have moved the view) */
                    key(&s, SDLK_r);
                    ls_answer_right(ls_panel_quiz_answer(s.p), win_trace(&s.st), &right);
                    respond(&s, ls_panel_quiz_answer(s.p), &right);
                    if (ls_panel_quiz_state(s.p) != LS_PANEL_QUIZ_RIGHT)
                        fail_msg("%s page %d: the right answer is not accepted", l->path, p + 1);
                    assert_true(frame_has(&s, k ? "정답입니다" : "Right", NULL));
                    quizzes++;
                }
                key(&s, SDLK_n);
            }
            /* past the last page: the end page, with what the lesson went through */
            assert_true(ls_panel_at_end(s.p));
            if (!frame_has(&s, k ? "레슨을 마쳤습니다" : "Lesson complete", NULL))
                fail_msg("%s: no end page", l->path);
            first_word(l->pages[l->n_pages - 1].title, w, sizeof w);
            if (!frame_has(&s, w, NULL)) fail_msg("%s: the end page does not list '%s'", l->path, w);
            key(&s, SDLK_p);
            assert_int_equal(ls_panel_page(s.p), l->n_pages - 1);
            close_session(&s);
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
    Session s;
    open_session(&s, "en", first, 0);
    int pages = ls_panel_lesson(s.p)->n_pages;
    for (int i = 0; i < pages; i++) key(&s, SDLK_n);
    assert_true(ls_panel_at_end(s.p));
    assert_true(frame_has(&s, "Next:", NULL));
    assert_true(frame_has(&s, next_word, NULL));
    fig_Rect r;
    assert_true(frame_has(&s, "Next lesson", &r));
    key(&s, SDLK_n);
    assert_int_equal(ls_panel_lesson(s.p)->number, second);
    assert_int_equal(ls_panel_page(s.p), 0);
    assert_false(ls_panel_at_end(s.p));
    /* and the button, from the end of that one */
    pages = ls_panel_lesson(s.p)->n_pages;
    for (int i = 0; i < pages; i++) key(&s, SDLK_n);
    assert_true(ls_panel_at_end(s.p));
    if (frame_has(&s, "Next lesson", &r)) {
        click(&s, r.x + 2, r.y + 2);
        assert_true(ls_panel_lesson(s.p)->number > second);
    }
    close_session(&s);
}

/* A try-it sentence is a link: a click puts it into the field and runs it. */
static void try_it_sentences_run_when_clicked(void **state)
{
    (void)state;
    Session s;
    open_session(&s, "en", 1, 0);
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
    assert_true(frame_has(&s, "▶", &r));
    unsigned gen = s.st.generation;
    click(&s, r.x + r.w + 4, r.y + 2);
    assert_string_equal(s.st.input, sentence);
    assert_true(s.st.generation != gen);
    close_session(&s);
}

/* Narrow windows: down to 800 × 600 the lesson and the views are drawn side by side — no "too
 * small" — and F3 or the tab folds and unfolds the panel. Narrower (640 × 480, the window's
 * minimum) they take turns: the lesson over the whole width with a "Views (F3)" tab, F3 or the tab
 * brings the views (every head's chip among them), and again the lesson. */
static void narrow_windows_keep_the_lesson_and_the_view(void **state)
{
    (void)state;
    Session s;
    open_session(&s, "en", 9, 2);
    SDL_Window *sw = SDL_GetWindowFromID(1);
    int mw = 0, mh = 0;
    if (sw) {
        SDL_GetWindowMinimumSize(sw, &mw, &mh);
        assert_int_equal(mw, WIN_MIN_W);
        assert_int_equal(mh, WIN_MIN_H);
    }
    const int sizes[][2] = {{640, 480}, {800, 600}, {1024, 768}};
    for (int i = 0; i < 3; i++) {
        win_close(s.w);
        s.w = wf_open(&s.st, sizes[i][0], sizes[i][1], g_tmp, g_tmp);
        const win_Frame *f = win_frame(s.w);
        if (f->too_small) fail_msg("%dx%d: too small", sizes[i][0], sizes[i][1]);
        assert_true(frame_has(&s, "Quiz", NULL));
        if (sizes[i][0] < WIN_SHEET_W) {  /* the lesson alone, then the views alone */
            assert_true(f->r_side.w > sizes[i][0] * 0.9f && f->n_main == 0);
            assert_true(frame_has(&s, "Views (F3)", NULL));
            float x, y;
            assert_true(wf_widget_center(s.w, WIN_W_SIDE_TAB, 0, &x, &y));
            click(&s, x, y);
            assert_true(s.st.side_folded);
            assert_true(win_frame(s.w)->n_main > 0 && win_frame(s.w)->main[0].shown);
            assert_false(frame_has(&s, "Quiz", NULL));
            key(&s, SDLK_F3);
            assert_false(s.st.side_folded);
            assert_true(frame_has(&s, "Quiz", NULL));
            key(&s, SDLK_F3);
            assert_true(s.st.side_folded);
        } else {
            assert_true(f->r_side.w > 0 && f->n_main > 0 && f->main[0].shown);
            assert_true(f->r_side.x >= f->r_main.x + f->r_main.w);  /* side by side */
        }
        /* every head's chip is there (on a row of their own when the tabs leave no room) */
        win_goto_tensor(&s.st, "enc.0.self_attn.weights");
        key(&s, SDLK_m);
        float cx, cy;
        for (int h = 0; h < s.st.main.cfg.nhead; h++)
            if (!wf_widget_center(s.w, WIN_W_HEAD, h, &cx, &cy))
                fail_msg("%dx%d: no chip for head %d", sizes[i][0], sizes[i][1], h);
        key(&s, SDLK_r);
        if (sizes[i][0] < WIN_SHEET_W) {
            key(&s, SDLK_F3);  /* the lesson again, over the views */
            assert_false(s.st.side_folded);
            assert_int_equal(win_frame(s.w)->n_main, 0);
            continue;
        }
        key(&s, SDLK_F3);
        assert_true(s.st.side_folded);
        assert_true(win_frame(s.w)->r_side.w == 0);
        assert_false(frame_has(&s, "Quiz", NULL));
        float x, y;
        assert_true(wf_widget_center(s.w, WIN_W_SIDE_TAB, 0, &x, &y));
        click(&s, x, y);
        assert_false(s.st.side_folded);
        assert_true(frame_has(&s, "Quiz", NULL));
    }
    close_session(&s);
}

/* Whether every text of the frame drawn shortened with "…" carries its full text (the tooltip). */
static bool shortened_have_tips(Session *s)
{
    fig_List all;
    fig_draw_init(&all);
    win_frame_compose(win_frame(s->w), &all);
    bool ok = true;
    fig_Rect side = win_frame(s->w)->r_side;  /* the lesson's prose has "…" of its own */
    for (int i = 0; i < all.n && ok; i++) {
        const char *t = fig_draw_text_of(&all, &all.cmds[i]);
        size_t n = strlen(t);
        if (all.cmds[i].kind == FIG_CMD_TEXT && n >= 3 && !strcmp(t + n - 3, "…") &&
            !fig_draw_tip_of(&all, &all.cmds[i]) &&
            !fig_draw_rect_contains(side, all.cmds[i].r.x + 1, all.cmds[i].r.y + 1)) {
            fprintf(stderr, "no tooltip: '%s'\n", t);
            ok = false;
        }
    }
    fig_draw_free(&all);
    return ok;
}

/* The layout report over sizes × languages × every view (its tab clicked) × with and without a
 * lesson page (the Figure 3 page, which names a tensor, tokens and heads): from 800 × 600 up, no
 * text is clipped, none is drawn over another (a message on screen too), and every shortened text
 * has its tooltip; from 1024 × 768 up, none that holds what the page names is shown shortened. */
static void layout_report_matrix_has_no_clipped_or_overlapping_text(void **state)
{
    (void)state;
    const int sizes[][2] = {{800, 600}, {1024, 768}, {1280, 800}, {1920, 1080}, {2560, 1440}};
    /* under the sanitizers the two smallest sizes: both kinds of check, at a fraction of the time */
    const int n_sizes = TF_TESTS_SANITIZED ? 2 : 5;
    const char *langs[] = {"en", "ko"};
    int frames = 0;
    for (int k = 0; k < 2; k++) {
        Session s;
        open_session(&s, langs[k], 13, 1);
        const win_SideHooks *side = s.st.side;
        for (int z = 0; z < n_sizes; z++) {
            win_close(s.w);
            s.w = wf_open(&s.st, sizes[z][0], sizes[z][1], g_tmp, g_tmp);
            for (int lesson = 0; lesson < 2; lesson++) {
                s.st.side = lesson ? side : NULL;
                win_draw(s.w);  /* where the tabs are now */
                for (int v = 0; v < WIN_MODE_COUNT; v++) {
                    float x, y;
                    assert_true(wf_widget_center(s.w, WIN_W_MODE, v, &x, &y));
                    click(&s, x, y);
                    assert_int_equal(s.st.mode, v);
                    win_message(&s.st, WIN_MSG_INFO, 8, "Ran the model in 12.3 ms (greedy).");
                    win_draw(s.w);
                    win_LayoutCounts c;
                    win_layout_report(win_frame(s.w), &c, NULL);
                    frames++;
                    if (!shortened_have_tips(&s))
                        fail_msg("%dx%d %s view %d lesson %d: shortened without tooltip",
                                 sizes[z][0], sizes[z][1], langs[k], v, lesson);
                    if (lesson) assert_true(win_frame(s.w)->n_refs >= 3);
                    /* at 800 × 600 a lesson's name may be shortened (in its tooltip), but
                     * nothing is clipped or drawn over another */
                    bool named = sizes[z][0] >= 1024 && c.named;
                    if (c.texts < 20 || c.clipped || c.overlapping || named) {
                        win_layout_report(win_frame(s.w), &c, stderr);
                        fail_msg("%dx%d %s view %d lesson %d: %d clipped, %d overlapping, %d "
                                 "named by the lesson shortened, of %d", sizes[z][0],
                                 sizes[z][1], langs[k], v, lesson, c.clipped, c.overlapping,
                                 c.named, c.texts);
                    }
                }
            }
        }
        s.st.side = side;
        close_session(&s);
    }
    assert_int_equal(frames, n_sizes * 2 * 2 * WIN_MODE_COUNT);
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
        Session s;
        win_init(&s.st, strcmp(pages[i].lang, "ko") ? WIN_LANG_EN : WIN_LANG_KO);
        win_attach_model(&s.st, &g_model, "model.safetensors", "");
        win_set_sentence(&s.st, TF_TASK_FIGURE3_SRC);
        char err[512];
        s.p = ls_panel_open(&s.st, TF_SOURCE_LESSONS, pages[i].lang, pages[i].number, pages[i].page, g_tmp, err,
                            sizeof err);
        if (!s.p) fail_msg("ls_panel_open: %s", err);
        s.w = wf_open(&s.st, pages[i].w, pages[i].h, g_tmp, g_tmp);
        failures += wf_golden(s.w, pages[i].name);
        close_session(&s);
    }
    assert_int_equal(failures, 0);
}

/* Lesson 4's page on √dₖ, reached with N: its preformatted table and the variance widget are in
 * the monospaced face, and the widget's numbers end on one edge per column. */
static void variance_tables_are_monospaced(void **state)
{
    (void)state;
    Session s;
    open_session(&s, "en", 4, 0);
    key(&s, SDLK_n);
    key(&s, SDLK_n);
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
    close_session(&s);
}

/* A page longer than the panel at the smallest type (lesson 4's variance page at 800 × 600)
 * scrolls: at first its last paragraph is not drawn and nothing is clipped; the wheel over the
 * panel and Shift+PgDn bring it (still nothing clipped, only whole lines), Shift+PgUp goes back,
 * and another page starts at its top. */
static void long_pages_scroll(void **state)
{
    (void)state;
    Session s;
    open_session(&s, "en", 4, 2);
    win_close(s.w);
    s.w = wf_open(&s.st, 800, 600, g_tmp, g_tmp);
    win_LayoutCounts c;
    assert_true(frame_has(&s, "Suppose", NULL));
    assert_false(frame_has(&s, "sharp", NULL));
    win_layout_report(win_frame(s.w), &c, NULL);
    assert_int_equal(c.clipped, 0);
    fig_Rect side = win_frame(s.w)->r_side;
    wf_move(s.w, side.x + side.w * 0.5f, side.y + side.h * 0.4f);
    for (int i = 0; i < 20; i++) wf_wheel(s.w, -1);
    assert_true(frame_has(&s, "sharp", NULL));
    assert_false(frame_has(&s, "Suppose", NULL));
    win_layout_report(win_frame(s.w), &c, NULL);
    assert_int_equal(c.clipped, 0);
    assert_int_equal(c.overlapping, 0);
    for (int i = 0; i < 6; i++) wf_key(s.w, SDLK_PAGEUP, KMOD_SHIFT);
    assert_true(frame_has(&s, "Suppose", NULL));
    const char *step = wf_node_name(&s.st);
    wf_key(s.w, SDLK_PAGEDOWN, KMOD_SHIFT);  /* scrolls the page, steps nothing */
    assert_false(frame_has(&s, "Suppose", NULL));
    assert_string_equal(wf_node_name(&s.st), step);
    key(&s, SDLK_n);
    key(&s, SDLK_p);
    assert_true(frame_has(&s, "Suppose", NULL));
    close_session(&s);
}

static void progress_is_saved_and_resumed(void **state)
{
    (void)state;
    Session s;
    open_session(&s, "ko", 13, 0);
    key(&s, SDLK_n);
    key(&s, SDLK_n);
    int page = ls_panel_page(s.p);
    close_session(&s);
    int lesson = 0, saved = -1;
    char lang[8] = "", why[300];
    assert_true(ls_panel_progress_load(g_tmp, &lesson, &saved, lang, why, sizeof why));
    assert_int_equal(lesson, 13);
    assert_int_equal(saved, page);
    assert_string_equal(lang, "ko");
    char path[512];
    assert_true(ls_panel_progress_path(g_tmp, path, sizeof path));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fclose(f);
    /* resumed: page -1 reopens where the learner left; the progress read, the learner goes on
     * and that is saved too (the file read is not refused as an input the run would replace) */
    open_session(&s, "ko", 13, -1);
    assert_int_equal(ls_panel_page(s.p), page);
    key(&s, SDLK_n);
    assert_int_equal(ls_panel_page(s.p), page + 1);
    close_session(&s);
    assert_true(ls_panel_progress_load(g_tmp, &lesson, &saved, lang, why, sizeof why));
    assert_int_equal(saved, page + 1);
    open_session(&s, "ko", 13, -1);
    assert_int_equal(ls_panel_page(s.p), page + 1);
    close_session(&s);
    /* another lesson or language starts at its first page */
    open_session(&s, "en", 13, -1);
    assert_int_equal(ls_panel_page(s.p), 0);
    close_session(&s);
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

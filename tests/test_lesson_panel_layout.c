/* test_lesson_panel_layout.c — the lesson panel at every window size: narrow windows (side by side
 * down to 800 × 600, taking turns below), the layout report over sizes × languages × views × with
 * and without a lesson page, and long pages that scroll. Part of test_lesson_panel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_lesson_panel.h"
#include "win_layout.h"
#include "window_fixture.h"

/* Narrow windows: down to 800 × 600 the lesson and the views are drawn side by side — no "too
 * small" — and F3 or the tab folds and unfolds the panel. Narrower (640 × 480, the window's
 * minimum) they take turns: the lesson over the whole width with a "Views (F3)" tab, F3 or the tab
 * brings the views (every head's chip among them), and again the lesson. */
void narrow_windows_keep_the_lesson_and_the_view(void **state)
{
    (void)state;
    lp_Session s;
    lp_open_session(&s, "en", 9, 2);
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
        s.w = wf_open(&s.st, sizes[i][0], sizes[i][1], lp_tmp, lp_tmp);
        const win_Frame *f = win_frame(s.w);
        if (f->too_small) fail_msg("%dx%d: too small", sizes[i][0], sizes[i][1]);
        assert_true(lp_frame_has(&s, "Quiz", NULL));
        if (sizes[i][0] < WIN_SHEET_W) {  /* the lesson alone, then the views alone */
            assert_true(f->r_side.w > sizes[i][0] * 0.9f && f->n_main == 0);
            assert_true(lp_frame_has(&s, "Views (F3)", NULL));
            float x, y;
            assert_true(wf_widget_center(s.w, WIN_W_SIDE_TAB, 0, &x, &y));
            lp_click(&s, x, y);
            assert_true(s.st.side_folded);
            assert_true(win_frame(s.w)->n_main > 0 && win_frame(s.w)->main[0].shown);
            assert_false(lp_frame_has(&s, "Quiz", NULL));
            lp_key(&s, SDLK_F3);
            assert_false(s.st.side_folded);
            assert_true(lp_frame_has(&s, "Quiz", NULL));
            lp_key(&s, SDLK_F3);
            assert_true(s.st.side_folded);
        } else {
            assert_true(f->r_side.w > 0 && f->n_main > 0 && f->main[0].shown);
            assert_true(f->r_side.x >= f->r_main.x + f->r_main.w);  /* side by side */
        }
        /* every head's chip is there (on a row of their own when the tabs leave no room) */
        win_goto_tensor(&s.st, "enc.0.self_attn.weights");
        lp_key(&s, SDLK_m);
        float cx, cy;
        for (int h = 0; h < s.st.main.cfg.nhead; h++)
            if (!wf_widget_center(s.w, WIN_W_HEAD, h, &cx, &cy))
                fail_msg("%dx%d: no chip for head %d", sizes[i][0], sizes[i][1], h);
        lp_key(&s, SDLK_r);
        if (sizes[i][0] < WIN_SHEET_W) {
            lp_key(&s, SDLK_F3);  /* the lesson again, over the views */
            assert_false(s.st.side_folded);
            assert_int_equal(win_frame(s.w)->n_main, 0);
            continue;
        }
        lp_key(&s, SDLK_F3);
        assert_true(s.st.side_folded);
        assert_true(win_frame(s.w)->r_side.w == 0);
        assert_false(lp_frame_has(&s, "Quiz", NULL));
        float x, y;
        assert_true(wf_widget_center(s.w, WIN_W_SIDE_TAB, 0, &x, &y));
        lp_click(&s, x, y);
        assert_false(s.st.side_folded);
        assert_true(lp_frame_has(&s, "Quiz", NULL));
    }
    lp_close_session(&s);
}

/* Whether every text of the frame drawn shortened with "…" carries its full text (the tooltip). */
static bool shortened_have_tips(lp_Session *s)
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
void layout_report_matrix_has_no_clipped_or_overlapping_text(void **state)
{
    (void)state;
    const int sizes[][2] = {{800, 600}, {1024, 768}, {1280, 800}, {1920, 1080}, {2560, 1440}};
    /* under the sanitizers the two smallest sizes: both kinds of check, at a fraction of the time */
    const int n_sizes = TF_TESTS_SANITIZED ? 2 : 5;
    const char *langs[] = {"en", "ko"};
    int frames = 0;
    for (int k = 0; k < 2; k++) {
        lp_Session s;
        lp_open_session(&s, langs[k], 13, 1);
        const win_SideHooks *side = s.st.side;
        for (int z = 0; z < n_sizes; z++) {
            win_close(s.w);
            s.w = wf_open(&s.st, sizes[z][0], sizes[z][1], lp_tmp, lp_tmp);
            for (int lesson = 0; lesson < 2; lesson++) {
                s.st.side = lesson ? side : NULL;
                win_draw(s.w);  /* where the tabs are now */
                for (int v = 0; v < WIN_MODE_COUNT; v++) {
                    float x, y;
                    assert_true(wf_widget_center(s.w, WIN_W_MODE, v, &x, &y));
                    lp_click(&s, x, y);
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
        lp_close_session(&s);
    }
    assert_int_equal(frames, n_sizes * 2 * 2 * WIN_MODE_COUNT);
}

/* A page longer than the panel at the smallest type (lesson 4's variance page at 800 × 600)
 * scrolls: at first its last paragraph is not drawn and nothing is clipped; the wheel over the
 * panel and Shift+PgDn bring it (still nothing clipped, only whole lines), Shift+PgUp goes back,
 * and another page starts at its top. */
void long_pages_scroll(void **state)
{
    (void)state;
    lp_Session s;
    lp_open_session(&s, "en", 4, 2);
    win_close(s.w);
    s.w = wf_open(&s.st, 800, 600, lp_tmp, lp_tmp);
    win_LayoutCounts c;
    assert_true(lp_frame_has(&s, "Suppose", NULL));
    assert_false(lp_frame_has(&s, "sharp", NULL));
    win_layout_report(win_frame(s.w), &c, NULL);
    assert_int_equal(c.clipped, 0);
    fig_Rect side = win_frame(s.w)->r_side;
    wf_move(s.w, side.x + side.w * 0.5f, side.y + side.h * 0.4f);
    for (int i = 0; i < 20; i++) wf_wheel(s.w, -1);
    assert_true(lp_frame_has(&s, "sharp", NULL));
    assert_false(lp_frame_has(&s, "Suppose", NULL));
    win_layout_report(win_frame(s.w), &c, NULL);
    assert_int_equal(c.clipped, 0);
    assert_int_equal(c.overlapping, 0);
    for (int i = 0; i < 6; i++) wf_key(s.w, SDLK_PAGEUP, KMOD_SHIFT);
    assert_true(lp_frame_has(&s, "Suppose", NULL));
    const char *step = wf_node_name(&s.st);
    wf_key(s.w, SDLK_PAGEDOWN, KMOD_SHIFT);  /* scrolls the page, steps nothing */
    assert_false(lp_frame_has(&s, "Suppose", NULL));
    assert_string_equal(wf_node_name(&s.st), step);
    lp_key(&s, SDLK_n);
    lp_key(&s, SDLK_p);
    assert_true(lp_frame_has(&s, "Suppose", NULL));
    lp_close_session(&s);
}

/* test_window_text.c — the window's text where room is short, in-process under
 * SDL_VIDEODRIVER=offscreen: every text shown shortened with "…" carries its full text, and the
 * synthetic mouse over it shows that text in a tooltip; narrow windows (800 × 600, 640 × 480)
 * keep their statistics, diagram boxes and mode tabs readable; the Korean names of the decoding
 * buttons. Uses the window suite's fixture (window_fixture.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "win_strings.h"
#include "window_fixture.h"

#define LONG_SENTENCE                                                                            \
    "s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 s12 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 s12 s1 s2"

static bool ends_with_ellipsis(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && !strcmp(s + n - 3, "…");
}

/* The texts of the frame as drawn (views and panel included). */
static void compose(win_Window *w, fig_List *all)
{
    fig_draw_init(all);
    win_frame_compose(win_frame(w), all);
}

static bool over_has_tooltip(win_Window *w, const char *start)
{
    const fig_List *l = &win_frame(w)->over;
    for (int i = 0; i < l->n; i++)
        if (l->cmds[i].kind == FIG_CMD_TEXT && l->cmds[i].tag == FIG_TAG_TOOLTIP &&
            !strncmp(fig_draw_text_of(l, &l->cmds[i]), start, 6))
            return true;
    return false;
}

/* In narrow windows, in both languages and every view: each shortened text carries its whole
 * text, and the mouse over it shows that text in a tooltip (state and frame); away from it the
 * tooltip goes. */
static void shortened_texts_show_their_full_text_on_hover(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 480}, {800, 600}};
    static const SDL_Keycode views[] = {SDLK_s, SDLK_m, SDLK_l, SDLK_g, SDLK_i};
    int hovered = 0;
    for (int z = 0; z < 2; z++) {
        win_State st;
        win_Window *w = wf_model_window(&st, LONG_SENTENCE, sizes[z][0], sizes[z][1]);
        for (int lang = 0; lang < 2; lang++) {
            if (lang) wf_key(w, SDLK_F2, 0);
            for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
                wf_key(w, views[v], 0);
                fig_List all;
                compose(w, &all);
                for (int i = 0; i < all.n; i++) {
                    const fig_Cmd *c = &all.cmds[i];
                    if (c->kind != FIG_CMD_TEXT) continue;
                    const char *t = fig_draw_text_of(&all, c), *tip = fig_draw_tip_of(&all, c);
                    if (ends_with_ellipsis(t) && !tip)
                        fail_msg("%dx%d view %zu: '%s' is shortened and has no tooltip",
                                 sizes[z][0], sizes[z][1], v, t);
                    if (!tip || c->r.w < 6 || c->r.h < 6) continue;
                    float x = c->r.x + c->r.w * 0.5f, y = c->r.y + c->r.h * 0.5f;
                    const char *under = win_frame_tip_at(win_frame(w), x, y);
                    if (!under || strcmp(under, tip)) continue;  /* covered by another text */
                    wf_move(w, x, y);
                    if (strcmp(st.tooltip, tip))
                        fail_msg("over '%s': tooltip '%s', expected '%s'", t, st.tooltip, tip);
                    assert_true(over_has_tooltip(w, tip));
                    hovered++;
                }
                fig_draw_free(&all);
                wf_move(w, 2, (float)sizes[z][1] * 0.5f);
                assert_string_equal(st.tooltip, "");
                assert_false(over_has_tooltip(w, ""));
            }
        }
        wf_close(w, &st);
    }
    assert_true(hovered >= 4);
}

/* The smallest windows (640 × 480 is the minimum) in both languages and every view, at an
 * attention step and at the output: the layout report finds no text clipped and none drawn over
 * another — what does not fit is shortened (with its tooltip) or left to every k-th label. */
static void smallest_windows_clip_and_overlap_nothing(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 480}, {720, 540}, {800, 600}};
    static const char *const steps[] = {"enc.1.self_attn.weights", "dec.1.cross_attn.context",
                                        "probs"};
    int frames = 0;
    for (int z = 0; z < 3; z++) {
        win_State st;
        win_Window *w = wf_model_window(&st, LONG_SENTENCE, sizes[z][0], sizes[z][1]);
        for (int lang = 0; lang < 2; lang++) {
            win_set_lang(&st, lang ? WIN_LANG_KO : WIN_LANG_EN);
            for (int mode = 0; mode < WIN_MODE_COUNT; mode++) {
                for (int k = 0; k < 3; k++) {
                    win_set_mode(&st, (win_Mode)mode);
                    win_goto_tensor(&st, steps[k]);
                    st.msg[0] = '\0';
                    st.version++;
                    win_pump(w);
                    win_LayoutCounts c;
                    win_layout_report(win_frame(w), &c, NULL);
                    frames++;
                    if (c.clipped || c.overlapping || c.texts < 20) {
                        win_layout_report(win_frame(w), &c, stderr);
                        fail_msg("%dx%d %s view %d at %s: %d clipped, %d overlapping of %d",
                                 sizes[z][0], sizes[z][1], lang ? "ko" : "en", mode, steps[k],
                                 c.clipped, c.overlapping, c.texts);
                    }
                }
            }
        }
        wf_close(w, &st);
    }
    assert_int_equal(frames, 3 * 2 * WIN_MODE_COUNT * 3);
}

/* The help page (F1) and the export dialog at the smallest sizes and a common one, in both
 * languages: every row there, nothing clipped, nothing drawn over another (what the card covers
 * is behind it), every shortened row with its tooltip. */
static void help_and_export_cards_fit(void **state)
{
    (void)state;
    static const int sizes[][2] = {{640, 480}, {800, 600}, {1024, 768}};
    for (int z = 0; z < 3; z++) {
        win_State st;
        win_Window *w = wf_model_window(&st, LONG_SENTENCE, sizes[z][0], sizes[z][1]);
        for (int lang = 0; lang < 2; lang++) {
            win_set_lang(&st, lang ? WIN_LANG_KO : WIN_LANG_EN);
            for (int card = 0; card < 2; card++) {
                if (card) wf_key(w, SDLK_s, KMOD_CTRL | KMOD_SHIFT);
                else wf_key(w, SDLK_F1, 0);
                assert_true(card ? st.save.open : st.help);
                win_LayoutCounts c;
                win_layout_report(win_frame(w), &c, NULL);
                fig_List all;
                compose(w, &all);
                int untipped = 0;
                for (int i = 0; i < all.n; i++) {
                    const fig_Cmd *cmd = &all.cmds[i];
                    untipped += cmd->kind == FIG_CMD_TEXT &&
                                ends_with_ellipsis(fig_draw_text_of(&all, cmd)) &&
                                !fig_draw_tip_of(&all, cmd);
                }
                fig_draw_free(&all);
                if (c.clipped || c.overlapping || untipped || c.texts < 20) {
                    win_layout_report(win_frame(w), &c, stderr);
                    fail_msg("%dx%d %s %s: %d clipped, %d overlapping, %d without tooltip",
                             sizes[z][0], sizes[z][1], lang ? "ko" : "en",
                             card ? "export" : "help", c.clipped, c.overlapping, untipped);
                }
                wf_key(w, SDLK_ESCAPE, 0);
                assert_false(card ? st.save.open : st.help);
            }
        }
        wf_close(w, &st);
    }
}

/* The decoding button and the help page in Korean use the field's words: 그리디 디코딩, 빔 서치. */
static void korean_decoding_names(void **state)
{
    (void)state;
    assert_string_equal(win_str(WIN_LANG_KO, S_GREEDY), "그리디 디코딩");
    win_State st;
    win_Window *w = wf_model_window(&st, "s3 s1 s4", 1024, 640);
    wf_key(w, SDLK_F2, 0);
    const char *want[2] = {"그리디 디코딩", "빔 서치 4"};
    for (int k = 0; k < 2; k++) {
        float x, y;
        assert_true(wf_widget_center(w, WIN_W_DECODE, 0, &x, &y));
        bool found = false;
        const fig_List *l = &win_frame(w)->out;
        for (int i = 0; i < l->n; i++)
            if (l->cmds[i].kind == FIG_CMD_TEXT && fig_draw_rect_contains(l->cmds[i].r, x, y))
                found |= !strcmp(fig_draw_text_of(l, &l->cmds[i]), want[k]);
        if (!found) fail_msg("the decoding button does not read '%s'", want[k]);
        wf_click(w, x, y, 1);
        assert_int_equal(st.beam, k == 0);
    }
    fig_List all;
    compose(w, &all);
    for (int i = 0; i < all.n; i++)
        if (all.cmds[i].kind == FIG_CMD_TEXT && strstr(fig_draw_text_of(&all, &all.cmds[i]), "탐욕"))
            fail_msg("'%s'", fig_draw_text_of(&all, &all.cmds[i]));
    fig_draw_free(&all);
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shortened_texts_show_their_full_text_on_hover),
        cmocka_unit_test(smallest_windows_clip_and_overlap_nothing),
        cmocka_unit_test(help_and_export_cards_fit),
        cmocka_unit_test(korean_decoding_names),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

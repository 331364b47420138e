/* test_window.c — the window driven in-process with synthetic SDL events under
 * SDL_VIDEODRIVER=offscreen: stepping keys (step, sub-layer, layer, Home/End, the decoding loop),
 * playback, clicks on tokens and head chips (toggle, solo), hover read-outs with the exact value,
 * wheel zoom and drag pan, and the sentence field (typing, unknown words and their suggestions,
 * Enter re-runs and keeps the step, empty and over-long input, the beam key).
 * The window as a whole — sizes, exports, languages, snapshots, scripts and golden frames — is in
 * test_window_frame.c, run by main() here; the fixture and the events are in window_fixture.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "test_window_frame.h"
#include "win_strings.h"
#include "window_fixture.h"

/* --- stepping ---------------------------------------------------------------------------------- */

static void test_keys_step_through_the_forward_pass(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4 s5", 1024, 640);
    assert_int_equal(st.node, 0);
    assert_string_equal(wf_node_name(&st), "src.embed");
    wf_key(w, SDLK_RIGHT, 0);
    assert_string_equal(wf_node_name(&st), "src.pos");
    wf_key(w, SDLK_LEFT, 0);
    assert_int_equal(st.node, 0);
    wf_key(w, SDLK_LEFT, 0);  /* nothing before the first step */
    assert_int_equal(st.node, 0);
    /* sub-layers: the embedding, then pre-LN sub-layer 1 (norm1, attention, add1), then 2 */
    wf_key(w, SDLK_RIGHT, KMOD_LSHIFT);
    assert_string_equal(wf_node_name(&st), "enc.0.norm1");
    wf_key(w, SDLK_RIGHT, KMOD_LSHIFT);
    assert_string_equal(wf_node_name(&st), "enc.0.norm2");
    wf_key(w, SDLK_RIGHT, 0);
    wf_key(w, SDLK_LEFT, KMOD_LSHIFT);  /* back to the start of this sub-layer */
    assert_string_equal(wf_node_name(&st), "enc.0.norm2");
    wf_key(w, SDLK_LEFT, KMOD_LSHIFT);  /* and to the previous one */
    assert_string_equal(wf_node_name(&st), "enc.0.norm1");
    /* layers */
    wf_key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(wf_node_name(&st), "enc.1.norm1");
    wf_key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(wf_node_name(&st), "enc.norm");
    wf_key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(wf_node_name(&st), "tgt.embed");
    wf_key(w, SDLK_PAGEUP, 0);
    assert_string_equal(wf_node_name(&st), "enc.norm");
    wf_key(w, SDLK_PAGEUP, 0);
    assert_string_equal(wf_node_name(&st), "enc.1.norm1");
    /* Home, End: the last step of the last output position */
    wf_key(w, SDLK_END, 0);
    assert_string_equal(wf_node_name(&st), "probs");
    assert_int_equal(st.out_pos, win_trace(&st)->n_tgt - 1);
    wf_key(w, SDLK_HOME, 0);
    assert_int_equal(st.node, 0);
    assert_int_equal(st.out_pos, 0);
    /* the decoding loop: after probs of position 0 comes tgt.embed of position 1 */
    assert_true(win_goto_tensor(&st, "probs"));
    win_pump(w);
    wf_key(w, SDLK_RIGHT, 0);
    assert_string_equal(wf_node_name(&st), "tgt.embed");
    assert_int_equal(st.out_pos, 1);
    wf_key(w, SDLK_LEFT, 0);
    assert_string_equal(wf_node_name(&st), "probs");
    assert_int_equal(st.out_pos, 0);
    /* Korean output: position 0 is shown at probs, not before the decoder */
    assert_true(win_output_revealed(&st, 0));
    assert_false(win_output_revealed(&st, 1));
    win_goto_tensor(&st, "enc.0.norm1");
    assert_false(win_output_revealed(&st, 0));
    /* Up/Down pick the output position in the decoder, the source token in the encoder */
    wf_key(w, SDLK_DOWN, 0);
    assert_int_equal(st.sel_src, 0);
    win_goto_tensor(&st, "dec.0.self_attn.weights");
    wf_key(w, SDLK_DOWN, 0);
    assert_int_equal(st.out_pos, 1);
    wf_close(w, &st);
}

static void test_space_plays_at_the_chosen_speed(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3", 1024, 640);
    double speed = win_speed(&st);
    wf_key(w, SDLK_SPACE, 0);
    assert_true(st.playing);
    win_advance(w, 2000);
    assert_int_equal(st.node, (int)(speed * 2));
    wf_key(w, SDLK_EQUALS, 0);
    assert_true(win_speed(&st) > speed);
    wf_key(w, SDLK_SPACE, 0);
    assert_false(st.playing);
    int at = st.node;
    win_advance(w, 1000);
    assert_int_equal(st.node, at);
    wf_close(w, &st);
}

/* --- mouse ------------------------------------------------------------------------------------- */

static void test_clicks_select_tokens_and_toggle_heads(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 12, 1280, 800);
    win_goto_tensor(&st, "enc.1.self_attn.weights");
    win_pump(w);
    float x = 0, y = 0;
    /* a query label of the scores panel selects that source token everywhere */
    assert_true(wf_hit_center(w, 1, FIG_HIT_TOKEN, 0, 4, &x, &y));
    wf_click(w, x, y, 1);
    assert_int_equal(st.sel_src, 4);
    assert_int_equal(st.pick.kind, WIN_PICK_TOKEN);
    /* the lines view shows only its lines */
    wf_key(w, SDLK_l, 0);
    assert_int_equal(st.mode, WIN_MODE_LINES);
    assert_int_equal(win_frame(w)->main[0].vs.token, 4);
    /* clicking it again shows every query */
    assert_true(wf_hit_center(w, 0, FIG_HIT_TOKEN, 0, 4, &x, &y));
    wf_click(w, x, y, 1);
    assert_int_equal(st.sel_src, -1);
    /* head chips of the lines view: click toggles, double-click solos, again restores all */
    assert_true(wf_hit_center(w, 0, FIG_HIT_HEAD, 0, 2, &x, &y));
    wf_click(w, x, y, 1);
    assert_false((st.heads >> 2) & 1u);
    assert_true((st.heads >> 1) & 1u);
    wf_click(w, x, y, 1);
    assert_true((st.heads >> 2) & 1u);
    wf_click(w, x, y, 1);
    wf_click(w, x, y, 2);
    assert_true(st.heads == (uint64_t)1 << 2);
    wf_click(w, x, y, 1);
    wf_click(w, x, y, 2);
    assert_true(st.heads == ~(uint64_t)0);
    /* the chips of the step view do the same */
    wf_key(w, SDLK_s, 0);
    assert_true(wf_widget_center(w, WIN_W_HEAD, 5, &x, &y));
    wf_click(w, x, y, 1);
    wf_click(w, x, y, 2);
    assert_true(st.heads == (uint64_t)1 << 5);
    assert_int_equal(win_frame(w)->main[0].vs.head, 5);
    /* the navigator: a box jumps to its first step */
    const win_Panel *nav = win_frame_panel(win_frame(w), -1);
    bool found = false;
    for (int i = 0; i < nav->list.n_hits && !found; i++) {
        const fig_Hit *h = &nav->list.hits[i];
        if (h->kind == FIG_HIT_STEP && !strcmp(h->step, "tgt.embed")) {
            wf_click(w, nav->r.x + h->r.x + h->r.w / 2, nav->r.y + h->r.y + h->r.h / 2, 1);
            found = true;
        }
    }
    assert_true(found);
    assert_string_equal(wf_node_name(&st), "tgt.embed");
    /* the timeline scrubs */
    const win_Frame *f = win_frame(w);
    wf_click(w, f->tl_x0 + 1, f->r_timeline.y + f->r_timeline.h / 2, 1);
    assert_int_equal(st.node, 0);
    wf_close(w, &st);
}

static void test_hover_reads_the_exact_value_in_words(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 20, 1280, 800);
    win_goto_tensor(&st, "enc.1.self_attn.weights");
    win_set_mode(&st, WIN_MODE_MATRIX);
    win_set_heads(&st, (uint64_t)1 << 3);  /* head 3 alone */
    win_pump(w);
    const win_Panel *p;
    const fig_Hit *cells = wf_cells(w, 0, &p);
    int row = 17, col = 14;  /* 'making' → 'laws' */
    vec2 at;
    fig_cellmap_px(&cells->map, col + 0.5f, row + 0.5f, at);
    wf_move(w, p->r.x + at[0], p->r.y + at[1]);
    const tf_Node *n = tf_trace_get(win_trace(&st), "enc.1.self_attn.weights");
    char want[256];
    snprintf(want, sizeof want, "enc.1.self_attn.weights, head 3, 'making' → 'laws' = %.5g",
             (double)n->data[(3 * 20 + row) * 20 + col]);
    assert_string_equal(st.hover, want);
    assert_int_equal(st.hover_row, row);
    assert_int_equal(st.hover_col, col);
    /* the hovered cell is outlined over the view, which is not rebuilt for it */
    const fig_List *over = &win_frame(w)->over;
    int frames = 0;
    for (int i = 0; i < over->n; i++) frames += over->cmds[i].kind == FIG_CMD_FRAME;
    assert_true(frames > 0);
    /* the three layers make one list too, with the view's cells in it */
    fig_List all;
    fig_draw_init(&all);
    win_frame_compose(win_frame(w), &all);
    int n_cells = 0;
    for (int i = 0; i < all.n; i++) n_cells += all.cmds[i].tag == FIG_TAG_CELL;
    assert_int_equal(n_cells, 20 * 20);
    fig_draw_free(&all);
    unsigned serial = win_frame(w)->main[0].serial;
    fig_cellmap_px(&cells->map, col + 1.5f, row + 0.5f, at);
    wf_move(w, p->r.x + at[0], p->r.y + at[1]);
    assert_int_equal(st.hover_col, col + 1);
    assert_int_equal(win_frame(w)->main[0].serial, serial);
    wf_close(w, &st);
}

static void test_wheel_zooms_and_drag_pans(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 20, 1280, 800);
    win_goto_tensor(&st, "enc.0.ffn.hidden");
    win_set_mode(&st, WIN_MODE_MATRIX);
    win_pump(w);
    const win_Panel *p;
    const fig_Hit *cells = wf_cells(w, 0, &p);
    float cx = p->r.x + cells->r.x + cells->r.w * 0.5f, cy = p->r.y + cells->r.y + cells->r.h * 0.5f;
    wf_move(w, cx, cy);
    wf_wheel(w, 3);
    assert_true(st.zoom > 1.9f);
    assert_true(st.pan[0] > 0);
    float pan0 = st.pan[0];
    /* drag left: the view moves right over the matrix */
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.clicks = 1;
    e.button.x = (int)cx;
    e.button.y = (int)cy;
    SDL_PushEvent(&e);
    win_pump(w);
    wf_move(w, cx - 60, cy);
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    win_pump(w);
    assert_true(st.pan[0] > pan0);
    wf_key(w, SDLK_z, 0);
    assert_true(st.zoom == 1.0f);
    wf_close(w, &st);
}

/* --- the sentence ------------------------------------------------------------------------------ */

static void test_typing_marks_unknown_words_and_enter_reruns(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4", 1024, 640);
    assert_true(win_goto_tensor(&st, "enc.1.self_attn.weights"));
    float x = 0, y = 0;
    assert_true(wf_widget_center(w, WIN_W_FIELD, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_true(st.editing);
    wf_key(w, SDLK_END, 0);
    wf_text(w, " s5 sx7");
    assert_string_equal(st.input, "s1 s2 s3 s4 s5 sx7");
    assert_int_equal(st.n_unknown, 1);
    assert_int_equal(st.unknown[0].start, 15);
    assert_int_equal(st.unknown[0].len, 3);
    assert_true(st.unknown[0].n_suggest > 0);
    assert_int_equal(cli_edit_distance("sx7", st.unknown[0].suggest[0]), 1);
    /* Enter does not run a sentence with unknown words: it says so */
    unsigned gen = st.generation;
    wf_key(w, SDLK_RETURN, 0);
    assert_int_equal(st.generation, gen);
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    assert_non_null(strstr(st.msg, "sx7"));
    /* the first suggestion, by Tab, then Enter runs and keeps the step */
    wf_key(w, SDLK_TAB, 0);
    assert_int_equal(st.n_unknown, 0);
    wf_key(w, SDLK_RETURN, 0);
    assert_int_equal(win_trace(&st)->n_src, 6);
    assert_string_equal(wf_node_name(&st), "enc.1.self_attn.weights");
    assert_false(st.editing);
    /* backspace by word, and a suggestion clicked */
    wf_key(w, SDLK_SLASH, 0);
    assert_true(st.editing);
    wf_key(w, SDLK_BACKSPACE, KMOD_LCTRL);
    wf_text(w, "qq");
    win_pump(w);
    wf_key(w, SDLK_ESCAPE, 0);  /* leave the field: the word is marked and suggested */
    assert_true(wf_widget_center(w, WIN_W_SUGGEST, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_int_equal(st.n_unknown, 0);
    wf_close(w, &st);
}

static void test_empty_long_and_unknown_input_is_said_on_screen(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2", 1024, 640);
    unsigned gen = st.generation;
    assert_false(win_set_sentence(&st, ""));
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    assert_string_equal(st.msg, win_str(WIN_LANG_EN, S_MSG_EMPTY));
    win_pump(w);
    assert_false(win_set_sentence(&st, "   \t "));
    /* 200 words: longer than this model's limit of 32 tokens, said with the limit */
    char *long_text = malloc(200 * 4);
    long_text[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(long_text, i ? " s1" : "s1");
    assert_false(win_set_sentence(&st, long_text));
    assert_non_null(strstr(st.msg, "32"));
    win_pump(w);
    win_draw(w);
    /* the field shows the end of the text, where the cursor is */
    assert_true(win_frame(w)->field_vis1 == (int)strlen(st.input));
    /* 200 unknown words: all marked that fit, nothing breaks */
    long_text[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(long_text, i ? " zz" : "zz");
    assert_false(win_set_sentence(&st, long_text));
    assert_int_equal(st.n_unknown, WIN_UNKNOWN_MAX);
    win_draw(w);
    free(long_text);
    assert_int_equal(st.generation, gen);
    assert_true(win_trace(&st) != NULL);
    wf_close(w, &st);
}

static void test_beam_key_reruns_with_beam_search(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s3 s1 s4 s1 s5", 1024, 640);
    unsigned gen = st.generation;
    wf_key(w, SDLK_b, 0);
    assert_true(st.beam);
    assert_true(st.generation != gen);
    assert_non_null(strstr(st.msg, "Beam"));
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_step_through_the_forward_pass),
        cmocka_unit_test(test_space_plays_at_the_chosen_speed),
        cmocka_unit_test(test_clicks_select_tokens_and_toggle_heads),
        cmocka_unit_test(test_hover_reads_the_exact_value_in_words),
        cmocka_unit_test(test_wheel_zooms_and_drag_pans),
        cmocka_unit_test(test_typing_marks_unknown_words_and_enter_reruns),
        cmocka_unit_test(test_empty_long_and_unknown_input_is_said_on_screen),
        cmocka_unit_test(test_beam_key_reruns_with_beam_search),
        cmocka_unit_test(test_resizing_from_tiny_to_4k_and_focus_changes),
        cmocka_unit_test(test_export_keys_write_png),
        cmocka_unit_test(test_screenshots_leave_the_toast_out),
        cmocka_unit_test(test_first_start_hint_is_shown_once),
        cmocka_unit_test(test_window_title_names_model_and_sentence),
        cmocka_unit_test(test_interface_strings_in_english_and_korean),
        cmocka_unit_test(test_snapshots_scrub_through_training_time),
        cmocka_unit_test(test_scripts_drive_the_window_and_report_bad_lines),
        cmocka_unit_test(test_frames_match_golden_images),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

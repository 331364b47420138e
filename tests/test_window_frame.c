/* test_window_frame.c — the window as a whole, in-process under SDL_VIDEODRIVER=offscreen: its
 * frame from tiny to 4K and through focus loss, the export key, the first-start hint's memory, the
 * title, both languages, training snapshots (traces, models and a corrupt file), scripts, and
 * rendered frames against the golden images tests/golden/window_*.png
 * (TFSCOPE_UPDATE_GOLDEN=1 rewrites them; a failing comparison leaves NAME.actual.png in the
 * working folder). These cases run in test_window.c's main(), with its fixture (window_fixture.c);
 * input by keys, mouse and the sentence field is tested there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cli.h"
#include "rd_png.h"
#include "test_window_frame.h"
#include "testutil.h"
#include "win_strings.h"
#include "window_fixture.h"

/* --- the window -------------------------------------------------------------------------------- */

void test_resizing_from_tiny_to_4k_and_focus_changes(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 28, 1024, 640);
    int sizes[][2] = {{1, 1}, {50, 40}, {300, 200}, {1024, 640}, {3840, 2160}, {700, 1400}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char line[64];
        snprintf(line, sizeof line, "resize %d %d", sizes[i][0], sizes[i][1]);
        char path[512];
        snprintf(path, sizeof path, "%s/resize.txt", wf_tmp());
        FILE *f = fopen(path, "w");
        fprintf(f, "%s\nkey Right\nmove 20 20\nclick 10 10\nfocus out\nfocus in\n", line);
        fclose(f);
        char err[512];
        assert_true(win_run_script(w, path, err, sizeof err));
        const win_Frame *fr = win_frame(w);
        /* the window does not go below its minimum size, where everything is still drawn */
        assert_int_equal(fr->width, sizes[i][0] < WIN_MIN_W ? WIN_MIN_W : sizes[i][0]);
        assert_int_equal(fr->height, sizes[i][1] < WIN_MIN_H ? WIN_MIN_H : sizes[i][1]);
        if (sizes[i][0] == 3840) assert_true(fr->scale >= 1.9f);  /* the interface grows */
        assert_false(fr->too_small);
    }
    wf_close(w, &st);
}

void test_export_keys_write_png(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_export_window(&st);
    /* Ctrl+S at first: PNG into the export folder, the whole path in the message */
    wf_key(w, SDLK_s, KMOD_LCTRL);
    assert_int_equal(st.msg_kind, WIN_MSG_INFO);
    const char *png = strstr(st.msg, wf_tmp());
    assert_non_null(png);
    char path[1024];
    sscanf(png, "%1000s", path);
    assert_non_null(strstr(path, "tfscope-enc.0.self_attn.weights-"));
    assert_true(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".png"));
    struct stat s;
    assert_int_equal(stat(path, &s), 0);
    assert_true(s.st_size > 1000);
    /* E does the same, with a second name in the same second */
    wf_key(w, SDLK_e, 0);
    assert_int_equal(st.msg_kind, WIN_MSG_INFO);
    char second[1024];
    sscanf(strstr(st.msg, wf_tmp()), "%1000s", second);
    assert_string_not_equal(second, path);
    assert_int_equal(stat(second, &s), 0);
    /* SVG and CSV through the export dialog: test_window_save.c */
    wf_close(w, &st);
}

/* A screenshot is the frame without the toast: the same pixels as the frame once the message has
 * gone, and not those of the frame with it. */
void test_screenshots_leave_the_toast_out(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 10, 1024, 640);
    win_message(&st, WIN_MSG_INFO, 8, "Ran the model in 12.3 ms (greedy).");
    win_pump(w);
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/toast.png", wf_tmp());
    assert_true(win_screenshot(w, path, err, sizeof err));
    assert_true(st.msg[0] != '\0');  /* still on screen */
    size_t len = 0;
    uint8_t *file = tu_try_read(path, &len), *shot, *with, *without;
    int sw, sh, pw, ph;
    assert_non_null(file);
    assert_true(rd_png_decode(file, len, &shot, &sw, &sh, NULL, NULL, err, sizeof err));
    free(file);
    assert_true(win_read_pixels(w, &with, &pw, &ph));
    assert_true(pw == sw && ph == sh);
    assert_true(tu_px_differ(shot, with, (size_t)pw * ph, 3, 8) > 0.001);
    st.msg[0] = '\0';
    st.version++;
    assert_true(win_read_pixels(w, &without, &pw, &ph));
    assert_true(tu_px_differ(shot, without, (size_t)pw * ph, 3, 8) == 0.0);
    free(shot);
    free(with);
    free(without);
    wf_close(w, &st);
}

void test_first_start_hint_is_shown_once(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/state-hint", wf_tmp());
    char file[1100];
    assert_true(win_hint_path(path, file, sizeof file));
    remove(file);
    win_State st;
    wf_fixture_state(&st, 6);
    win_Window *w = wf_open_window(&st, 1024, 640, true);
    assert_true(st.hint);
    wf_key(w, SDLK_RIGHT, 0);  /* dismisses, does not step */
    assert_false(st.hint);
    assert_int_equal(st.node, 0);
    struct stat s;
    assert_int_equal(stat(file, &s), 0);
    wf_close(w, &st);
    wf_fixture_state(&st, 6);
    w = wf_open_window(&st, 1024, 640, true);
    assert_false(st.hint);
    wf_close(w, &st);
}

void test_window_title_names_model_and_sentence(void **state)
{
    (void)state;
    win_State st;
    wf_model_state(&st, "s7 s8 s9");
    char title[512];
    win_window_title(&st, title, sizeof title);
    assert_string_equal(title, "tfscope — pre_d32_h8_e2d2.model.safetensors — “s7 s8 s9”");
    win_free(&st);
}

/* Both languages: every string present, with the same printf conversions. */
static void conversions(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 4 < cap; s++) {
        if (*s != '%') continue;
        s++;
        if (*s == '%') continue;
        while (*s && strchr("0123456789.-+ #", *s)) s++;
        if (*s) out[n++] = *s;
    }
    out[n] = '\0';
}

void test_interface_strings_in_english_and_korean(void **state)
{
    (void)state;
    for (int i = 0; i < S_COUNT; i++) {
        const char *en = win_str(WIN_LANG_EN, (win_StrId)i),
                   *ko = win_str(WIN_LANG_KO, (win_StrId)i);
        if (!en[0] || !ko[0]) fail_msg("string %d is missing in a language", i);
        char a[32], b[32];
        conversions(en, a, sizeof a);
        conversions(ko, b, sizeof b);
        if (strcmp(a, b)) fail_msg("string %d: '%s' vs '%s'", i, en, ko);
    }
    win_State st;
    win_Window *w = wf_fixture_window(&st, 6, 1024, 640);
    wf_key(w, SDLK_F2, 0);
    assert_int_equal(st.lang, WIN_LANG_KO);
    /* Hangul is drawn: some text command of the frame holds the Korean label */
    bool hangul = false;
    const fig_List *l = &win_frame(w)->out;
    for (int i = 0; i < l->n && !hangul; i++)
        if (l->cmds[i].kind == FIG_CMD_TEXT &&
            !strcmp(fig_draw_text_of(l, &l->cmds[i]), win_str(WIN_LANG_KO, S_OUTPUT)))
            hangul = true;
    assert_true(hangul);
    /* the views' own words too: in Korean no text of a view is one of its English words (axis
     * titles, legends, the tensor's note), and the Korean ones are there */
    static const char *const english[] = {"model dimension", "source token", "head 0", "queries",
                                          "keys", "layer norm", "softmax over keys"};
    static const char *const korean[] = {"모델 차원", "입력 토큰", "0번 헤드"};
    wf_close(w, &st);
    w = wf_model_window(&st, "s1 s2 s3 s4", 1024, 640);  /* the forward pass's own notes */
    wf_key(w, SDLK_F2, 0);
    win_goto_tensor(&st, "enc.0.self_attn.weights");
    wf_key(w, SDLK_m, 0);
    wf_key(w, SDLK_RIGHT, 0);  /* enc.0.self_attn.context: dimension within the head */
    win_goto_tensor(&st, "enc.0.norm1");
    wf_key(w, SDLK_s, 0);
    for (int pass = 0; pass < 2; pass++) {
        fig_List all;
        fig_draw_init(&all);
        win_frame_compose(win_frame(w), &all);
        bool have[3] = {false, false, false};
        for (int i = 0; i < all.n; i++) {
            if (all.cmds[i].kind != FIG_CMD_TEXT) continue;
            const char *t = fig_draw_text_of(&all, &all.cmds[i]);
            for (size_t k = 0; k < sizeof english / sizeof english[0]; k++)
                if (strstr(t, english[k])) fail_msg("English in the Korean frame: '%s'", t);
            for (int k = 0; k < 3; k++) have[k] |= strstr(t, korean[k]) != NULL;
        }
        fig_draw_free(&all);
        assert_true(have[pass ? 2 : 0] || have[1]);
        win_goto_tensor(&st, "enc.0.self_attn.weights");
        win_set_heads(&st, 1);
        wf_key(w, SDLK_l, 0);
    }
    wf_key(w, SDLK_F2, 0);
    assert_int_equal(st.lang, WIN_LANG_EN);
    wf_close(w, &st);
}

/* --- snapshots and scripts ---------------------------------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    uint8_t *buf;
    size_t len;
    assert_true(cli_read_file(from, &buf, &len));
    assert_true(cli_write_atomic(to, buf, len));
    free(buf);
}

void test_snapshots_scrub_through_training_time(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/snaps", wf_tmp());
    mkdir(dir, 0755);
    win_State st;
    wf_model_state(&st, "s1 s2 s3");
    /* step-000100: a trace; step-000200: a model (the sentence runs through it); 300: corrupt */
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&st.main, &bytes, &len);
    snprintf(path, sizeof path, "%s/step-000100.safetensors", dir);
    assert_true(cli_write_atomic(path, bytes, len));
    free(bytes);
    snprintf(path, sizeof path, "%s/step-000200.safetensors", dir);
    copy_file(WF_MODEL, path);
    snprintf(path, sizeof path, "%s/step-000300.safetensors", dir);
    assert_true(cli_write_atomic(path, "not a safetensors file", 22));
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    assert_true(cli_write_atomic(path, "x", 1));
    assert_true(win_open_snapshots(&st, dir));
    assert_int_equal(st.n_snaps, 3);
    assert_int_equal(st.snap_index, 0);
    win_Window *w = wf_open_window(&st, 1024, 640, false);
    win_goto_tensor(&st, "enc.1.self_attn.weights");
    wf_key(w, SDLK_RIGHTBRACKET, 0);
    assert_int_equal(st.snap_index, 1);
    assert_string_equal(wf_node_name(&st), "enc.1.self_attn.weights");  /* the same view */
    wf_key(w, SDLK_RIGHTBRACKET, 0);  /* the corrupt one: a message, the view stays */
    assert_int_equal(st.snap_index, 1);
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    assert_non_null(strstr(st.msg, "step-000300"));
    wf_key(w, SDLK_LEFTBRACKET, 0);
    assert_int_equal(st.snap_index, 0);
    assert_true(st.n_snaps > 0 && win_frame(w)->r_snap.h > 0);
    wf_key(w, SDLK_LEFTBRACKET, 0);  /* nothing before the first snapshot */
    assert_int_equal(st.snap_index, 0);
    /* steps from the names (no train_step here), the scrubber by the logarithm of the step,
     * the model as loaded after the last */
    assert_true(st.snap_step[0] == 100 && st.snap_step[1] == 200 && st.snap_step[2] == 300);
    assert_true(isnan(st.snap_loss[0]));
    assert_float_equal(win_snapshot_pos(&st, 1), 0.88 * log(2.0) / log(3.0), 1e-5);
    assert_float_equal(win_snapshot_pos(&st, -1), 1.0, 0);
    /* a click on the 'as loaded' mark goes back to the model as loaded, and is said so */
    const win_Frame *f = win_frame(w);
    wf_click(w, f->snap_x0 + f->snap_w - 1, f->r_snap.y + f->r_snap.h * 0.5f, 1);
    assert_int_equal(st.snap_index, -1);
    bool said = false;
    for (int i = 0; i < f->out.n; i++)
        if (f->out.cmds[i].kind == FIG_CMD_TEXT &&
            !strcmp(fig_draw_text_of(&f->out, &f->out.cmds[i]), win_str(WIN_LANG_EN, S_SNAP_LOADED)))
            said = true;
    assert_true(said);
    wf_close(w, &st);
    win_init(&st, WIN_LANG_EN);
    snprintf(path, sizeof path, "%s/none", wf_tmp());
    mkdir(path, 0755);
    assert_false(win_open_snapshots(&st, path));
    win_free(&st);
}

void test_scripts_drive_the_window_and_report_bad_lines(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3", 1024, 640);
    char path[512], shot[512], err[1024];
    snprintf(path, sizeof path, "%s/script.txt", wf_tmp());
    snprintf(shot, sizeof shot, "%s/shot.png", wf_tmp());
    FILE *f = fopen(path, "w");
    fprintf(f, "# a comment\nkey Right\nkey shift+Right\nkey PageDown\nkey l\nwait 100\n"
               "text  s4\nkey Return\nscreenshot %s\n", shot);
    fclose(f);
    assert_true(win_run_script(w, path, err, sizeof err));
    assert_int_equal(st.mode, WIN_MODE_LINES);
    assert_string_equal(st.input, "s1 s2 s3 s4");
    assert_int_equal(win_trace(&st)->n_src, 4);
    struct stat s;
    assert_int_equal(stat(shot, &s), 0);
    f = fopen(path, "w");
    fprintf(f, "key Right\nkey Nonsense\n");
    fclose(f);
    assert_false(win_run_script(w, path, err, sizeof err));
    assert_non_null(strstr(err, "script.txt:2:"));
    assert_non_null(strstr(err, "Nonsense"));
    wf_close(w, &st);
}

/* --- golden frames ------------------------------------------------------------------------------ */

void test_frames_match_golden_images(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 28, 1024, 640);
    int failures = 0;
    /* the Figure 3 case: encoder layer 1 weights, 'making' selected */
    win_goto_tensor(&st, "enc.1.self_attn.weights");
    win_select_token(&st, WIN_SIDE_SRC, 17);
    win_pump(w);
    failures += wf_golden(w, "window_step_weights");
    wf_key(w, SDLK_l, 0);
    failures += wf_golden(w, "window_lines_making");
    /* a residual add: both terms and the sum, hovered */
    wf_key(w, SDLK_s, 0);
    win_goto_tensor(&st, "dec.1.add2");
    win_set_out_pos(&st, 4);
    win_pump(w);
    const win_Panel *p;
    const fig_Hit *h = wf_cells(w, 2, &p);
    vec2 at;
    fig_cellmap_px(&h->map, 5.5f, 4.5f, at);
    wf_move(w, p->r.x + at[0], p->r.y + at[1]);
    failures += wf_golden(w, "window_step_add_hover");
    /* Korean, with help */
    wf_key(w, SDLK_F2, 0);
    wf_key(w, SDLK_F1, 0);
    failures += wf_golden(w, "window_help_ko");
    wf_key(w, SDLK_ESCAPE, 0);
    wf_key(w, SDLK_g, 0);
    failures += wf_golden(w, "window_grid_ko");
    wf_close(w, &st);
    assert_int_equal(failures, 0);
}

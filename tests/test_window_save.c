/* test_window_save.c — exporting from the window, driven by synthetic SDL events under
 * SDL_VIDEODRIVER=offscreen: the export dialog (Ctrl+Shift+S or the Export button) chooses the
 * folder, the name and PNG, SVG or CSV by keys alone, Enter writes a valid file whose path the
 * message names, Esc writes nothing; Ctrl+S writes again with the last folder and format; what
 * cannot be written (no name, a path as the name, a missing folder, a file this run has read) is
 * said in the dialog and the message, and nothing is replaced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "testutil.h"
#include "window_fixture.h"

static bool have_xmllint(void)
{
    return system("xmllint --version >/dev/null 2>&1") == 0;
}

static off_t file_size(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0 ? s.st_size : -1;
}

/* The dialog's name field emptied (Ctrl+A, Delete) and name typed. */
static void type_name(win_Window *w, win_State *st, const char *name)
{
    assert_true(st->save.open);
    assert_int_equal(st->save.focus, WIN_SAVE_NAME);
    wf_key(w, SDLK_a, KMOD_LCTRL);
    wf_key(w, SDLK_DELETE, 0);
    assert_string_equal(st->save.name, "");
    wf_text(w, name);
}

static void test_dialog_writes_svg_by_keys(void **state)
{
    (void)state;
    if (!have_xmllint()) fail_msg("xmllint is needed to check SVG files: apt-get install libxml2-utils");
    win_State st;
    win_Window *w = wf_fixture_window(&st, 10, 1280, 800);
    win_goto_tensor(&st, "enc.0.self_attn.weights");
    wf_key(w, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    assert_true(st.save.open);
    /* the proposed name is selected: typing replaces it */
    assert_non_null(strstr(st.save.name, "tfscope-enc.0.self_attn.weights-"));
    wf_text(w, "figure three");
    assert_string_equal(st.save.name, "figure three");
    wf_key(w, SDLK_BACKSPACE, KMOD_LCTRL);       /* a word back */
    wf_text(w, "3");
    assert_string_equal(st.save.name, "figure 3");
    wf_key(w, SDLK_TAB, 0);                      /* to the format */
    assert_int_equal(st.save.focus, WIN_SAVE_FORMAT);
    wf_key(w, SDLK_RIGHT, 0);
    assert_int_equal(st.save.format, WIN_FMT_SVG);
    wf_key(w, SDLK_RETURN, 0);
    assert_false(st.save.open);
    char path[1024];
    snprintf(path, sizeof path, "%s/figure 3.svg", wf_tmp());
    assert_true(file_size(path) > 1000);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    assert_int_equal(system(cmd), 0);
    /* the message names the whole path */
    assert_int_equal(st.msg_kind, WIN_MSG_INFO);
    assert_non_null(strstr(st.msg, path));
    /* Ctrl+S: the same folder and format, a fresh name */
    wf_key(w, SDLK_s, KMOD_LCTRL);
    assert_int_equal(st.msg_kind, WIN_MSG_INFO);
    const char *p = strstr(st.msg, wf_tmp());
    assert_non_null(p);
    char again[1024];
    snprintf(again, sizeof again, "%s", p);
    assert_non_null(strstr(again, "/tfscope-enc.0.self_attn.weights-"));
    assert_string_equal(again + strlen(again) - 4, ".svg");
    assert_true(file_size(again) > 1000);
    wf_close(w, &st);
}

static void test_dialog_folder_csv_and_escape(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_export_window(&st);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/figs", wf_tmp());
    mkdir(sub, 0755);
    /* the Export button opens the dialog too; Esc closes it and writes nothing */
    float x = 0, y = 0;
    assert_true(wf_widget_center(w, WIN_W_EXPORT, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_true(st.save.open);
    type_name(w, &st, "never");
    wf_key(w, SDLK_ESCAPE, 0);
    assert_false(st.save.open);
    char path[1024];
    snprintf(path, sizeof path, "%s/never.png", wf_tmp());
    assert_int_equal(file_size(path), -1);
    /* the folder above the name (Up, or Shift+Tab), a name with its extension chooses CSV */
    wf_key(w, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    assert_string_equal(st.save.folder, wf_tmp());
    wf_key(w, SDLK_UP, 0);
    assert_int_equal(st.save.focus, WIN_SAVE_FOLDER);
    wf_key(w, SDLK_END, 0);
    wf_text(w, "/figs");
    wf_key(w, SDLK_TAB, 0);
    type_name(w, &st, "weights.csv");
    wf_key(w, SDLK_RETURN, 0);
    assert_false(st.save.open);
    snprintf(path, sizeof path, "%s/weights.csv", sub);
    assert_non_null(strstr(st.msg, path));
    size_t len = 0;
    uint8_t *text = tu_try_read(path, &len);
    assert_non_null(text);
    assert_true(len > 20 && memchr(text, ',', len));
    free(text);
    /* Ctrl+S now writes CSV into figs/ */
    wf_key(w, SDLK_s, KMOD_LCTRL);
    assert_non_null(strstr(st.msg, sub));
    assert_non_null(strstr(st.msg, ".csv"));
    wf_close(w, &st);
}

static void test_dialog_says_what_cannot_be_written(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_export_window(&st);
    wf_key(w, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    /* no name: the dialog stays open and says so */
    type_name(w, &st, "");
    wf_key(w, SDLK_RETURN, 0);
    assert_true(st.save.open);
    assert_non_null(strstr(st.save.error, "file name"));
    assert_int_equal(st.msg_kind, WIN_MSG_ERROR);
    /* a path as the name */
    type_name(w, &st, "a/b");
    wf_key(w, SDLK_RETURN, 0);
    assert_true(st.save.open);
    assert_non_null(strstr(st.save.error, "not a path"));
    /* a folder that is not there */
    type_name(w, &st, "x");
    wf_key(w, SDLK_UP, 0);
    wf_key(w, SDLK_END, 0);
    wf_text(w, "/no-such-folder");
    wf_key(w, SDLK_RETURN, 0);
    assert_true(st.save.open);
    assert_non_null(strstr(st.save.error, "No such folder"));
    wf_key(w, SDLK_BACKSPACE, KMOD_LCTRL);
    wf_key(w, SDLK_BACKSPACE, 0);                /* back to the temporary folder */
    assert_string_equal(st.save.folder, wf_tmp());
    /* a file this run has read is never replaced */
    char input[1024];
    snprintf(input, sizeof input, "%s/input.csv", wf_tmp());
    assert_true(cli_write_atomic(input, "a,b\n1,2\n", 8));
    uint8_t *buf;
    size_t len;
    assert_true(cli_read_file(input, &buf, &len));
    cli_free_file(buf, len);
    wf_key(w, SDLK_DOWN, 0);
    type_name(w, &st, "input.csv");
    wf_key(w, SDLK_RETURN, 0);
    assert_true(st.save.open);
    assert_non_null(strstr(st.save.error, "which this run read"));
    assert_int_equal(file_size(input), 8);
    /* in Korean the dialog's own messages are Korean */
    win_set_lang(&st, WIN_LANG_KO);
    type_name(w, &st, "");
    wf_key(w, SDLK_RETURN, 0);
    assert_non_null(strstr(st.save.error, "파일 이름"));
    wf_key(w, SDLK_ESCAPE, 0);
    assert_false(st.save.open);
    wf_close(w, &st);
}

static void test_dialog_by_mouse(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_export_window(&st);
    wf_key(w, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    type_name(w, &st, "clicked");
    float x, y;
    assert_true(wf_widget_center(w, WIN_W_SAVE_FORMAT, WIN_FMT_CSV, &x, &y));
    wf_click(w, x, y, 1);
    assert_int_equal(st.save.format, WIN_FMT_CSV);
    assert_int_equal(st.save.focus, WIN_SAVE_FORMAT);
    assert_true(wf_widget_center(w, WIN_W_SAVE_PART, WIN_SAVE_NAME, &x, &y));
    wf_click(w, x, y, 1);
    assert_int_equal(st.save.focus, WIN_SAVE_NAME);
    assert_true(wf_widget_center(w, WIN_W_SAVE_OK, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_false(st.save.open);
    char path[1024];
    snprintf(path, sizeof path, "%s/clicked.csv", wf_tmp());
    assert_true(file_size(path) > 20);
    /* a click beside the card does nothing; Cancel closes */
    wf_key(w, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    wf_click(w, 4, 4, 1);
    assert_true(st.save.open);
    assert_true(wf_widget_center(w, WIN_W_SAVE_CANCEL, 0, &x, &y));
    wf_click(w, x, y, 1);
    assert_false(st.save.open);
    wf_close(w, &st);
}

/* The message after an export is not in screenshots: the frame with it differs, the shot is the
 * frame without it. */
static void test_export_message_stays_out_of_screenshots(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_export_window(&st);
    wf_key(w, SDLK_s, KMOD_LCTRL);
    assert_int_equal(st.msg_kind, WIN_MSG_INFO);
    assert_true(st.msg[0] != '\0');
    uint8_t *with, *shot, *without;
    int pw, ph, sw, sh;
    assert_true(win_read_pixels(w, &with, &pw, &ph));
    assert_true(win_read_shot(w, &shot, &sw, &sh));
    assert_true(st.msg[0] != '\0');
    st.msg[0] = '\0';
    st.version++;
    assert_true(win_read_pixels(w, &without, &pw, &ph));
    assert_true(tu_px_differ(shot, with, (size_t)pw * ph, 4, 8) > 0.001);
    assert_true(tu_px_differ(shot, without, (size_t)pw * ph, 4, 8) == 0.0);
    free(with);
    free(shot);
    free(without);
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dialog_writes_svg_by_keys),
        cmocka_unit_test(test_dialog_folder_csv_and_escape),
        cmocka_unit_test(test_dialog_says_what_cannot_be_written),
        cmocka_unit_test(test_dialog_by_mouse),
        cmocka_unit_test(test_export_message_stays_out_of_screenshots),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

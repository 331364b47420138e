/* test_window_field.c — the sentence field as people expect it, driven by synthetic SDL events
 * under SDL_VIDEODRIVER=offscreen: Ctrl+A selects all and typing replaces it, Shift+arrows and
 * Shift+Home/End select, Backspace and Delete remove a selection, Ctrl+U clears, Ctrl+Z undoes
 * (a typed word at a time) and Ctrl+Shift+Z / Ctrl+Y redo, copy, cut and paste go through SDL's
 * clipboard, a drag and a double click select with the mouse, and the selection is drawn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "window_fixture.h"

static char *selected(win_State *st)
{
    static char buf[256];
    char *t = win_field_selected_text(st);
    snprintf(buf, sizeof buf, "%s", t ? t : "");
    free(t);
    return buf;
}

static void test_select_all_then_typing_replaces_the_sentence(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4 s5", 1024, 640);
    assert_false(st.editing);
    /* Ctrl+A from anywhere: the field takes the focus with all of it selected */
    wf_key(w, SDLK_a, KMOD_LCTRL);
    assert_true(st.editing);
    assert_string_equal(selected(&st), "s1 s2 s3 s4 s5");
    wf_text(w, "s2 s1");
    assert_string_equal(st.input, "s2 s1");
    assert_int_equal(st.cursor, 5);
    assert_string_equal(selected(&st), "");
    /* Enter runs the new sentence */
    wf_key(w, SDLK_RETURN, 0);
    assert_int_equal(win_trace(&st)->n_src, 2);
    wf_close(w, &st);
}

static void test_shift_keys_select_and_delete_removes_the_selection(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4", 1024, 640);
    wf_key(w, SDLK_SLASH, 0);                     /* focus, cursor at the end */
    wf_key(w, SDLK_LEFT, KMOD_LSHIFT | KMOD_LCTRL);
    assert_string_equal(selected(&st), "s4");
    wf_key(w, SDLK_LEFT, KMOD_LSHIFT);
    assert_string_equal(selected(&st), " s4");
    wf_key(w, SDLK_BACKSPACE, 0);
    assert_string_equal(st.input, "s1 s2 s3");
    /* Shift+Home from the middle, then Delete */
    wf_key(w, SDLK_LEFT, KMOD_LCTRL);
    wf_key(w, SDLK_HOME, KMOD_LSHIFT);
    assert_string_equal(selected(&st), "s1 s2 ");
    wf_key(w, SDLK_DELETE, 0);
    assert_string_equal(st.input, "s3");
    /* an arrow without Shift drops the selection at its side */
    wf_key(w, SDLK_END, KMOD_LSHIFT);
    assert_string_equal(selected(&st), "s3");
    wf_key(w, SDLK_RIGHT, 0);
    assert_string_equal(selected(&st), "");
    assert_int_equal(st.cursor, 2);
    /* Ctrl+U clears */
    wf_key(w, SDLK_u, KMOD_LCTRL);
    assert_string_equal(st.input, "");
    wf_close(w, &st);
}

static void test_undo_and_redo_take_back_words_and_clears(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2", 1024, 640);
    wf_key(w, SDLK_SLASH, 0);
    wf_text(w, " ");
    wf_text(w, "s");
    wf_text(w, "3");
    wf_text(w, " ");
    wf_text(w, "s");
    wf_text(w, "4");
    assert_string_equal(st.input, "s1 s2 s3 s4");
    wf_key(w, SDLK_z, KMOD_LCTRL);                /* the word being typed */
    assert_string_equal(st.input, "s1 s2 s3 ");
    wf_key(w, SDLK_z, KMOD_LCTRL);                /* the space */
    assert_string_equal(st.input, "s1 s2 s3");
    wf_key(w, SDLK_z, KMOD_LCTRL);                /* the word before */
    assert_string_equal(st.input, "s1 s2 ");
    wf_key(w, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT);  /* redo */
    assert_string_equal(st.input, "s1 s2 s3");
    wf_key(w, SDLK_y, KMOD_LCTRL);
    assert_string_equal(st.input, "s1 s2 s3 ");
    /* a clear is one undo away */
    wf_key(w, SDLK_u, KMOD_LCTRL);
    assert_string_equal(st.input, "");
    wf_key(w, SDLK_z, KMOD_LCTRL);
    assert_string_equal(st.input, "s1 s2 s3 ");
    assert_int_equal(st.cursor, (int)strlen("s1 s2 s3 "));
    /* a new edit forgets what could be redone */
    wf_key(w, SDLK_z, KMOD_LCTRL);
    wf_text(w, "x");
    assert_false(win_field_redo(&st));
    wf_close(w, &st);
}

static void test_copy_cut_and_paste_use_the_clipboard(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3", 1024, 640);
    SDL_SetClipboardText("");
    wf_key(w, SDLK_SLASH, 0);
    wf_key(w, SDLK_LEFT, KMOD_LSHIFT | KMOD_LCTRL);
    wf_key(w, SDLK_c, KMOD_LCTRL);
    char *clip = SDL_GetClipboardText();
    assert_string_equal(clip, "s3");
    SDL_free(clip);
    assert_string_equal(st.input, "s1 s2 s3");
    wf_key(w, SDLK_HOME, 0);
    wf_key(w, SDLK_RIGHT, KMOD_LSHIFT | KMOD_LCTRL);
    wf_key(w, SDLK_x, KMOD_LCTRL);
    clip = SDL_GetClipboardText();
    assert_string_equal(clip, "s1");
    SDL_free(clip);
    assert_string_equal(st.input, " s2 s3");
    wf_key(w, SDLK_END, 0);
    wf_text(w, " ");
    wf_key(w, SDLK_v, KMOD_LCTRL);
    assert_string_equal(st.input, " s2 s3 s1");
    /* pasting over a selection replaces it; line breaks become spaces */
    SDL_SetClipboardText("s4\ns5");
    wf_key(w, SDLK_a, KMOD_LCTRL);
    wf_key(w, SDLK_v, KMOD_LCTRL);
    assert_string_equal(st.input, "s4 s5");
    /* Ctrl+V outside the field pastes into it */
    wf_key(w, SDLK_ESCAPE, 0);
    assert_false(st.editing);
    SDL_SetClipboardText(" s6");
    wf_key(w, SDLK_v, KMOD_LCTRL);
    assert_true(st.editing);
    assert_string_equal(st.input, "s4 s5 s6");
    wf_close(w, &st);
}

/* The field's pixels between two x positions hold the selection's colour (bluish, not white). */
static int bluish_columns(win_Window *w, float x0, float x1, float y)
{
    uint8_t *px;
    int pw, ph, n = 0;
    assert_true(win_read_pixels(w, &px, &pw, &ph));
    for (int x = (int)x0; x < (int)x1 && x < pw; x++) {
        const uint8_t *p = px + ((size_t)(int)y * pw + x) * 4;
        n += p[2] > p[0] + 20;
    }
    free(px);
    return n;
}

static void test_mouse_drag_and_double_click_select(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4", 1024, 640);
    const win_Frame *f = win_frame(w);
    float y = f->r_field.y + f->r_field.h * 0.5f;
    float x = 0, yy = 0;
    assert_true(wf_widget_center(w, WIN_W_FIELD, 0, &x, &yy));
    wf_click(w, x, yy, 1);
    assert_true(st.editing);
    /* from the start of the text to far right: a drag selects all of it */
    float x0 = f->field_text_x + 1;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.clicks = 1;
    e.button.x = (int)x0;
    e.button.y = (int)y;
    SDL_PushEvent(&e);
    win_pump(w);
    wf_move(w, f->r_field.x + f->r_field.w - 4, y);
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    win_pump(w);
    assert_string_equal(selected(&st), "s1 s2 s3 s4");
    win_draw(w);
    assert_true(bluish_columns(w, x0 + 2, x0 + 40, y) > 20);
    /* a click drops the selection; a double click on the second word selects that word */
    wf_click(w, f->field_text_x + 2, y, 1);
    assert_string_equal(selected(&st), "");
    assert_true(bluish_columns(w, x0 + 2, x0 + 40, y) == 0);
    float xw = f->field_text_x;
    while (xw < f->r_field.x + f->r_field.w && win_frame_field_offset(f, &st, xw) < 4) xw += 1;
    wf_click(w, xw + 1, y, 2);
    assert_string_equal(selected(&st), "s2");
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_all_then_typing_replaces_the_sentence),
        cmocka_unit_test(test_shift_keys_select_and_delete_removes_the_selection),
        cmocka_unit_test(test_undo_and_redo_take_back_words_and_clears),
        cmocka_unit_test(test_copy_cut_and_paste_use_the_clipboard),
        cmocka_unit_test(test_mouse_drag_and_double_click_select),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

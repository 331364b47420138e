/* test_window_keys.c — every action of the window is reachable from the keyboard and listed on
 * its help page (F1), and the accessibility keys: every key the handler acts on (pressed in turn
 * through win_key on a window's state) is among the help rows' keys, and every key a row lists
 * acts; F4 switches projector mode (larger type, the palette of stronger contrast) and F5 the
 * heads' colours (Paul Tol's or Okabe and Ito's), in the state, the frame and its pixels; in
 * projector mode the layout report of every view at 1024×768 and 1920×1080, in English and
 * Korean, finds no text clipped or drawn over another. And stepping with the arrow keys in the
 * logit lens and the search tree, which show no one tensor, rebuilds neither view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "win_strings.h"
#include "window_fixture.h"

typedef struct {
    win_Key key;
    int ch;
    unsigned mods;
} Press;

static const struct {
    const char *name;
    win_Key key;
} NAMED[] = {
    {"Right", WIN_KEY_RIGHT}, {"Left", WIN_KEY_LEFT}, {"Up", WIN_KEY_UP}, {"Down", WIN_KEY_DOWN},
    {"PageUp", WIN_KEY_PAGE_UP}, {"PageDown", WIN_KEY_PAGE_DOWN}, {"Home", WIN_KEY_HOME},
    {"End", WIN_KEY_END}, {"Space", WIN_KEY_SPACE}, {"Return", WIN_KEY_ENTER},
    {"Escape", WIN_KEY_ESCAPE}, {"Backspace", WIN_KEY_BACKSPACE}, {"Delete", WIN_KEY_DELETE},
    {"Tab", WIN_KEY_TAB}, {"F1", WIN_KEY_F1}, {"F2", WIN_KEY_F2}, {"F3", WIN_KEY_F3},
    {"F4", WIN_KEY_F4}, {"F5", WIN_KEY_F5},
};
#define N_NAMED (int)(sizeof NAMED / sizeof NAMED[0])

/* "ctrl+shift+s", "Right", "?" as a press; false when the spelling is not one. */
static bool parse_press(const char *spec, Press *p)
{
    *p = (Press){WIN_KEY_NONE, 0, 0};
    for (;;) {
        if (!strncmp(spec, "ctrl+", 5) && spec[5]) p->mods |= WIN_MOD_CTRL, spec += 5;
        else if (!strncmp(spec, "shift+", 6) && spec[6]) p->mods |= WIN_MOD_SHIFT, spec += 6;
        else break;
    }
    for (int i = 0; i < N_NAMED; i++)
        if (!strcmp(spec, NAMED[i].name)) {
            p->key = NAMED[i].key;
            return true;
        }
    if (strlen(spec) != 1 || spec[0] < 33 || spec[0] > 126) return false;
    p->key = WIN_KEY_CHAR;
    p->ch = spec[0];
    return true;
}

/* Every press the help rows list. */
static int listed(Press *out, int cap)
{
    int n = 0;
    for (const win_HelpRow *r = win_help_rows(); r->key[0] || r[1].key[0]; r++) {
        if (!r->key[0] || !r->binds) continue;
        char buf[256];
        snprintf(buf, sizeof buf, "%s", r->binds);
        for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
            assert_true(n < cap);
            if (!parse_press(tok, &out[n])) fail_msg("help row '%s': '%s' is not a key", r->key[0], tok);
            n++;
        }
    }
    return n;
}

/* A press is listed when a row has it, or has it without the modifiers the handler ignores:
 * Shift on any key (the chars arrive shifted already), Ctrl on a named key. */
static bool is_listed(const Press *p, const Press *list, int n)
{
    for (int i = 0; i < n; i++) {
        if (list[i].key != p->key || list[i].ch != p->ch) continue;
        bool arrow = p->key == WIN_KEY_RIGHT || p->key == WIN_KEY_LEFT;  /* Shift: sub-layers */
        unsigned ignorable = p->key == WIN_KEY_CHAR ? WIN_MOD_SHIFT
                             : arrow                ? WIN_MOD_CTRL
                                                    : WIN_MOD_CTRL | WIN_MOD_SHIFT;
        if (list[i].mods == p->mods || list[i].mods == (p->mods & ~ignorable)) return true;
    }
    return false;
}

static void press_name(const Press *p, char *out, size_t cap)
{
    const char *name = "?";
    char ch[2] = {(char)p->ch, 0};
    for (int i = 0; i < N_NAMED; i++)
        if (NAMED[i].key == p->key) name = NAMED[i].name;
    if (p->key == WIN_KEY_CHAR) name = ch;
    snprintf(out, cap, "%s%s%s", p->mods & WIN_MOD_CTRL ? "ctrl+" : "",
             p->mods & WIN_MOD_SHIFT ? "shift+" : "", name);
}

/* Presses p on the state as it is (a message on screen, nothing being typed, no overlay): true
 * when it changed the state or asked the platform for something. */
static bool acts(win_Window *w, win_State *st, win_Input *in, const Press *p)
{
    st->editing = st->help = st->hint = st->save.open = false;
    st->playing = false;
    win_goto_node(st, win_n_nodes(st) / 2);
    win_message(st, WIN_MSG_INFO, 5, "a message Esc can clear");
    unsigned v = st->version;
    win_Action a = win_key(st, in, win_frame(w), p->key, p->ch, p->mods);
    bool did = a != WIN_ACT_NONE || st->version != v;
    st->editing = st->help = st->hint = st->save.open = false;
    win_set_projector(st, false);
    win_set_head_colors(st, FIG_HEADS_TOL);
    return did;
}

/* Presses p; when it acts and is not listed, says so. Returns 1 when it acted. */
static int probe(win_Window *w, win_State *st, win_Input *in, const Press *p, const Press *list,
                 int n, int *missing)
{
    if (!acts(w, st, in, p)) return 0;
    if (!is_listed(p, list, n)) {
        char name[64];
        press_name(p, name, sizeof name);
        fprintf(stderr, "%s acts but is not on the help page\n", name);
        (*missing)++;
    }
    return 1;
}

static void test_every_key_is_on_the_help_page(void **state)
{
    (void)state;
    Press list[256];
    int n = listed(list, 256);
    assert_true(n > 40);
    win_State st;
    win_Window *w = wf_fixture_window(&st, 10, 1280, 800);
    win_goto_tensor(&st, "enc.0.self_attn.weights");
    win_Input in;
    win_input_init(&in);
    in.mouse_x = in.mouse_y = -1;
    /* every key the handler acts on is listed */
    static const unsigned named_mods[4] = {0, WIN_MOD_SHIFT, WIN_MOD_CTRL,
                                           WIN_MOD_CTRL | WIN_MOD_SHIFT};
    static const unsigned char_mods[3] = {0, WIN_MOD_CTRL, WIN_MOD_CTRL | WIN_MOD_SHIFT};
    int missing = 0, acting = 0;
    for (int k = 1; k < WIN_KEY_COUNT; k++) {
        if (k == WIN_KEY_CHAR) continue;
        for (int m = 0; m < 4; m++) {
            Press p = {(win_Key)k, 0, named_mods[m]};
            acting += probe(w, &st, &in, &p, list, n, &missing);
        }
    }
    for (int ch = 33; ch < 127; ch++)
        for (int m = 0; m < 3; m++) {
            Press p = {WIN_KEY_CHAR, ch, char_mods[m]};
            acting += probe(w, &st, &in, &p, list, n, &missing);
        }
    assert_true(acting > 40);
    /* every listed key acts */
    for (int i = 0; i < n; i++) {
        if (acts(w, &st, &in, &list[i])) continue;
        char name[64];
        press_name(&list[i], name, sizeof name);
        fprintf(stderr, "%s is on the help page but does nothing\n", name);
        missing++;
    }
    assert_int_equal(missing, 0);
    wf_close(w, &st);
}

static void test_projector_and_head_colour_keys(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_fixture_window(&st, 10, 1280, 800);
    win_goto_tensor(&st, "enc.0.self_attn.weights");
    wf_key(w, SDLK_l, 0);
    st.msg[0] = '\0';
    st.version++;
    win_pump(w);
    float scale = win_frame(w)->scale;
    uint8_t *plain, *proj, *cb, *back;
    int pw, ph;
    assert_true(win_read_shot(w, &plain, &pw, &ph));
    /* F4: projector mode, larger type, black text on white */
    wf_key(w, SDLK_F4, 0);
    assert_true(st.projector);
    assert_true(win_frame(w)->scale > scale * 1.2f);
    assert_int_equal(fig_palette_theme(), FIG_THEME_PROJECTOR);
    assert_true(FIG_C_TEXT[0] == 0 && FIG_C_BG[0] == 1);
    assert_true(win_read_shot(w, &proj, &pw, &ph));
    assert_true(tu_px_differ(plain, proj, (size_t)pw * ph, 4, 8) > 0.05);
    /* F5: the heads in Okabe and Ito's colours: head 0 is their blue */
    wf_key(w, SDLK_F5, 0);
    assert_int_equal(st.head_colors, FIG_HEADS_OKABE_ITO);
    vec4 c;
    fig_cmap_head(0, c);
    assert_true(c[0] < 0.01f && fabsf(c[2] - 0xB2 / 255.0f) < 0.01f);
    assert_true(win_read_shot(w, &cb, &pw, &ph));
    assert_true(tu_px_differ(proj, cb, (size_t)pw * ph, 4, 8) > 0.0005);
    /* both again: the frame as it was, pixel for pixel */
    wf_key(w, SDLK_F4, 0);
    wf_key(w, SDLK_F5, 0);
    assert_false(st.projector);
    assert_int_equal(st.head_colors, FIG_HEADS_TOL);
    assert_true(win_read_shot(w, &back, &pw, &ph));
    assert_true(tu_px_differ(plain, back, (size_t)pw * ph, 4, 0) == 0.0);
    /* the messages are in the interface's language */
    wf_key(w, SDLK_F2, 0);
    wf_key(w, SDLK_F4, 0);
    assert_non_null(strstr(st.msg, "프로젝터"));
    wf_key(w, SDLK_F4, 0);
    free(plain);
    free(proj);
    free(cb);
    free(back);
    wf_close(w, &st);
}

static void test_projector_layout_has_nothing_clipped_or_overlapping(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1024, 768}, {1920, 1080}};
    static const SDL_Keycode views[] = {SDLK_s, SDLK_m, SDLK_l, SDLK_g, SDLK_i, SDLK_h};
    int bad = 0;
    for (int z = 0; z < 2; z++) {
        win_State st;
        win_Window *w = wf_model_window(&st, "s1 s2 s3 s4 s5 s6 s7 s8", sizes[z][0], sizes[z][1]);
        wf_key(w, SDLK_F4, 0);
        for (int lang = 0; lang < 2; lang++) {
            win_set_lang(&st, lang ? WIN_LANG_KO : WIN_LANG_EN);
            for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
                wf_key(w, views[v], 0);
                win_goto_tensor(&st, "enc.1.self_attn.weights");
                st.msg[0] = '\0';
                st.version++;
                win_pump(w);
                win_LayoutCounts counts;
                win_layout_report(win_frame(w), &counts, NULL);
                if (counts.clipped || counts.overlapping) {
                    fprintf(stderr, "%dx%d %s view %zu:\n", sizes[z][0], sizes[z][1],
                            lang ? "ko" : "en", v);
                    win_layout_report(win_frame(w), &counts, stderr);
                    bad++;
                }
            }
        }
        wf_close(w, &st);
    }
    assert_int_equal(bad, 0);
}

static void test_steps_rebuild_no_lens_or_search_view(void **state)
{
    (void)state;
    win_State st;
    win_Window *w = wf_model_window(&st, "s1 s2 s3 s4 s5 s6", 1280, 800);
    static const SDL_Keycode views[2] = {SDLK_i, SDLK_h};
    for (int v = 0; v < 2; v++) {
        wf_key(w, views[v], 0);
        win_goto_tensor(&st, "enc.0.self_attn.weights");
        win_pump(w);
        const win_Panel *p = &win_frame(w)->main[0];
        assert_true(p->shown && p->valid);
        unsigned serial = p->serial;
        int node = st.node;
        for (int k = 0; k < 5; k++) wf_key(w, SDLK_RIGHT, 0);
        assert_int_equal(st.node, node + 5);
        assert_int_equal(win_frame(w)->main[0].serial, serial);
    }
    /* the lens marks the output position chosen */
    wf_key(w, SDLK_i, 0);
    win_set_out_pos(&st, 2);
    win_pump(w);
    assert_int_equal(win_frame(w)->main[0].vs.token, 2);
    wf_close(w, &st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_is_on_the_help_page),
        cmocka_unit_test(test_projector_and_head_colour_keys),
        cmocka_unit_test(test_projector_layout_has_nothing_clipped_or_overlapping),
        cmocka_unit_test(test_steps_rebuild_no_lens_or_search_view),
    };
    return cmocka_run_group_tests(tests, wf_setup, wf_teardown);
}

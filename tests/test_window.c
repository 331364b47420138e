/* test_window.c — the window driven in-process with synthetic SDL events under
 * SDL_VIDEODRIVER=offscreen: stepping keys (step, sub-layer, layer, Home/End, the decoding loop),
 * clicks on tokens and head chips (toggle, solo), hover read-outs with the exact value, the
 * sentence field (typing, unknown words and their suggestions, Enter re-runs and keeps the step,
 * empty and over-long input), wheel zoom and drag pan, resizing down to tiny and up to 4K, focus
 * loss, the export key, the first-start hint's memory, both languages, training snapshots
 * (traces, models and a corrupt file), scripts, playback, and rendered frames against the golden
 * images tests/golden/window_*.png (TFSCOPE_UPDATE_GOLDEN=1 rewrites them; a failing comparison
 * leaves NAME.actual.png in the working folder). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <SDL.h>

#include "app.h"
#include "png_out.h"
#include "ui_strings.h"
#include "view_fixture.h"
#include "window.h"

#define MODEL TF_TESTS_DIR "/fixtures/ref/pre_d32_h8_e2d2.model.safetensors"
#define TOL_CHANNEL 8
#define TOL_FRACTION 0.002

static tf_Model model;
static char tmp[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/tfscope-test-window-XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    return app_load_model(MODEL, &model, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tf_model_free(&model);
    return 0;
}

static win_Window *open_window(ui_State *st, int w, int h, bool hint)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/state%s", tmp, hint ? "-hint" : "");
    if (!hint) {
        mkdir(dir, 0755);
        char path[600];
        snprintf(path, sizeof path, "%s/first-start-seen", dir);
        FILE *f = fopen(path, "w");
        if (f) fclose(f);
    }
    static char state_dir[512], export_dir[512];
    snprintf(state_dir, sizeof state_dir, "%s", dir);
    snprintf(export_dir, sizeof export_dir, "%s", tmp);
    win_Opts o;
    win_opts_default(&o);
    o.width = w;
    o.height = h;
    o.software = true;
    o.virtual_clock = true;
    o.state_dir = state_dir;
    o.export_dir = export_dir;
    char err[1024];
    win_Window *win = win_open(st, &o, err, sizeof err);
    if (!win) fail_msg("win_open: %s", err);
    win_pump(win);
    return win;
}

/* A state on the fixture model, running sentence. */
static void model_state(ui_State *st, const char *sentence)
{
    ui_init(st, UI_LANG_EN);
    ui_attach_model(st, &model, "pre_d32_h8_e2d2.model.safetensors", "");
    assert_true(ui_set_sentence(st, sentence));
}

static void set_inputs(tf_Node *n, const char *a, const char *b)
{
    const char *in[2] = {a, b};
    n->n_inputs = 0;
    for (int i = 0; i < 2; i++)
        if (in[i]) {
            size_t k = strlen(in[i]) < TF_NAME_MAX - 1 ? strlen(in[i]) : TF_NAME_MAX - 1;
            memcpy(n->inputs[n->n_inputs], in[i], k);
            n->inputs[n->n_inputs++][k] = '\0';
        }
}

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* The hand-made trace names no inputs; give it the post-LN graph of DESIGN.md. */
static void wire_inputs(tf_Trace *tr)
{
    char stream[TF_NAME_MAX] = "", enc_out[TF_NAME_MAX] = "", prev[TF_NAME_MAX] = "", pre[TF_NAME_MAX];
    char a[TF_NAME_MAX + 16], b[TF_NAME_MAX + 16];
    for (int i = 0; i < tr->n_nodes; i++) {
        tf_Node *n = &tr->nodes[i];
        const char *s = n->name;
        const char *dot = strrchr(s, '.');
        snprintf(pre, sizeof pre, "%.*s", dot ? (int)(dot - s) : 0, s);
        if (!strcmp(s, "tgt.embed")) snprintf(enc_out, sizeof enc_out, "%s", stream);
        if (ends(s, ".x")) {
            snprintf(a, sizeof a, "%s.embed", pre);
            snprintf(b, sizeof b, "%s.pos", pre);
            set_inputs(n, a, b);
            snprintf(stream, sizeof stream, "%s", s);
        } else if (strstr(s, "cross_attn.k") || strstr(s, "cross_attn.v")) {
            set_inputs(n, enc_out, NULL);
        } else if (ends(s, "attn.q") || ends(s, "attn.k") || ends(s, "attn.v") || ends(s, "ffn.hidden") ||
                   !strcmp(s, "logits")) {
            set_inputs(n, stream, NULL);
        } else if (ends(s, ".scores")) {
            snprintf(a, sizeof a, "%s.q", pre);
            snprintf(b, sizeof b, "%s.k", pre);
            set_inputs(n, a, b);
        } else if (ends(s, ".weights")) {
            snprintf(a, sizeof a, "%s.scores", pre);
            set_inputs(n, a, NULL);
        } else if (ends(s, ".context")) {
            snprintf(a, sizeof a, "%s.weights", pre);
            snprintf(b, sizeof b, "%s.v", pre);
            set_inputs(n, a, b);
        } else if (ends(s, "attn.out")) {
            snprintf(a, sizeof a, "%s.context", pre);
            set_inputs(n, a, NULL);
        } else if (ends(s, "ffn.out")) {
            snprintf(a, sizeof a, "%s.hidden", pre);
            set_inputs(n, a, NULL);
        } else if (strstr(s, ".add")) {
            set_inputs(n, stream, prev);
        } else if (strstr(s, ".norm")) {
            set_inputs(n, prev, NULL);
            snprintf(stream, sizeof stream, "%s", s);
        } else if (!strcmp(s, "probs")) {
            set_inputs(n, "logits", NULL);
        }
        snprintf(prev, sizeof prev, "%s", s);
    }
}

/* A state on a hand-made trace of the Figure 3 sentence (no model: nothing to re-run). */
static void fixture_state(ui_State *st, int n)
{
    char src[2048], tgt[2048] = "";
    vf_sentence(n - 1, src, sizeof src);
    strcat(src, " <eos>");
    const char *ko[] = {"이", "정신", "으로", "미국", "정부", "의", "다수", "가", "2009", "년"};
    for (int i = 0; i < n - 1; i++) {
        strcat(tgt, i ? " " : "");
        strcat(tgt, ko[i % 10]);
    }
    vf_Shape shape = {32, 8, 2, 2, 64, 0};
    tf_Trace tr;
    vf_make_trace(&tr, src, tgt, &shape);
    wire_inputs(&tr);
    ui_init(st, UI_LANG_EN);
    ui_attach_trace(st, &tr, "fixture.safetensors");
}

static void key(win_Window *w, SDL_Keycode k, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    win_pump(w);
}

static void text(win_Window *w, const char *s)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    SDL_PushEvent(&e);
    win_pump(w);
}

static void move(win_Window *w, float x, float y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = (int)x;
    e.motion.y = (int)y;
    SDL_PushEvent(&e);
    win_pump(w);
}

static void click(win_Window *w, float x, float y, int clicks)
{
    move(w, x, y);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.clicks = (Uint8)clicks;
    e.button.x = (int)x;
    e.button.y = (int)y;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
    win_pump(w);
}

static void wheel(win_Window *w, int dy)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.preciseY = (float)dy;
    SDL_PushEvent(&e);
    win_pump(w);
}

static bool widget_center(win_Window *w, ui_WidgetId id, int arg, float *x, float *y)
{
    const ui_Frame *f = win_frame(w);
    for (int i = 0; i < f->n_widgets; i++)
        if (f->widgets[i].id == id && f->widgets[i].arg == arg) {
            *x = f->widgets[i].r.x + f->widgets[i].r.w * 0.5f;
            *y = f->widgets[i].r.y + f->widgets[i].r.h * 0.5f;
            return true;
        }
    return false;
}

/* The centre, in window coordinates, of a hit region of main panel p. */
static bool hit_center(win_Window *w, int p, dr_HitKind kind, int side, int index, float *x, float *y)
{
    const ui_Panel *pn = ui_frame_panel(win_frame(w), p);
    if (!pn) return false;
    for (int i = 0; i < pn->list.n_hits; i++) {
        const dr_Hit *h = &pn->list.hits[i];
        if (h->kind != kind || (kind == DR_HIT_TOKEN && (h->side != side || h->index != index)) ||
            (kind == DR_HIT_HEAD && h->head != index))
            continue;
        *x = pn->r.x + h->r.x + h->r.w * 0.5f;
        *y = pn->r.y + h->r.y + h->r.h * 0.5f;
        return true;
    }
    return false;
}

static const char *node_name(ui_State *st)
{
    const tf_Node *n = ui_node(st);
    return n ? n->name : "";
}

/* --- stepping ---------------------------------------------------------------------------------- */

static void test_keys_step_through_the_forward_pass(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s1 s2 s3 s4 s5");
    win_Window *w = open_window(&st, 1024, 640, false);
    assert_int_equal(st.node, 0);
    assert_string_equal(node_name(&st), "src.embed");
    key(w, SDLK_RIGHT, 0);
    assert_string_equal(node_name(&st), "src.pos");
    key(w, SDLK_LEFT, 0);
    assert_int_equal(st.node, 0);
    key(w, SDLK_LEFT, 0);  /* nothing before the first step */
    assert_int_equal(st.node, 0);
    /* sub-layers: the embedding, then pre-LN sub-layer 1 (norm1, attention, add1), then 2 */
    key(w, SDLK_RIGHT, KMOD_LSHIFT);
    assert_string_equal(node_name(&st), "enc.0.norm1");
    key(w, SDLK_RIGHT, KMOD_LSHIFT);
    assert_string_equal(node_name(&st), "enc.0.norm2");
    key(w, SDLK_RIGHT, 0);
    key(w, SDLK_LEFT, KMOD_LSHIFT);  /* back to the start of this sub-layer */
    assert_string_equal(node_name(&st), "enc.0.norm2");
    key(w, SDLK_LEFT, KMOD_LSHIFT);  /* and to the previous one */
    assert_string_equal(node_name(&st), "enc.0.norm1");
    /* layers */
    key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(node_name(&st), "enc.1.norm1");
    key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(node_name(&st), "enc.norm");
    key(w, SDLK_PAGEDOWN, 0);
    assert_string_equal(node_name(&st), "tgt.embed");
    key(w, SDLK_PAGEUP, 0);
    assert_string_equal(node_name(&st), "enc.norm");
    key(w, SDLK_PAGEUP, 0);
    assert_string_equal(node_name(&st), "enc.1.norm1");
    /* Home, End: the last step of the last output position */
    key(w, SDLK_END, 0);
    assert_string_equal(node_name(&st), "probs");
    assert_int_equal(st.out_pos, ui_trace(&st)->n_tgt - 1);
    key(w, SDLK_HOME, 0);
    assert_int_equal(st.node, 0);
    assert_int_equal(st.out_pos, 0);
    /* the decoding loop: after probs of position 0 comes tgt.embed of position 1 */
    assert_true(ui_goto_tensor(&st, "probs"));
    win_pump(w);
    key(w, SDLK_RIGHT, 0);
    assert_string_equal(node_name(&st), "tgt.embed");
    assert_int_equal(st.out_pos, 1);
    key(w, SDLK_LEFT, 0);
    assert_string_equal(node_name(&st), "probs");
    assert_int_equal(st.out_pos, 0);
    /* Korean output: position 0 is shown at probs, not before the decoder */
    assert_true(ui_output_revealed(&st, 0));
    assert_false(ui_output_revealed(&st, 1));
    ui_goto_tensor(&st, "enc.0.norm1");
    assert_false(ui_output_revealed(&st, 0));
    /* Up/Down pick the output position in the decoder, the source token in the encoder */
    key(w, SDLK_DOWN, 0);
    assert_int_equal(st.sel_src, 0);
    ui_goto_tensor(&st, "dec.0.self_attn.weights");
    key(w, SDLK_DOWN, 0);
    assert_int_equal(st.out_pos, 1);
    win_close(w);
    ui_free(&st);
}

static void test_space_plays_at_the_chosen_speed(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s1 s2 s3");
    win_Window *w = open_window(&st, 1024, 640, false);
    double speed = ui_speed(&st);
    key(w, SDLK_SPACE, 0);
    assert_true(st.playing);
    win_advance(w, 2000);
    assert_int_equal(st.node, (int)(speed * 2));
    key(w, SDLK_EQUALS, 0);
    assert_true(ui_speed(&st) > speed);
    key(w, SDLK_SPACE, 0);
    assert_false(st.playing);
    int at = st.node;
    win_advance(w, 1000);
    assert_int_equal(st.node, at);
    win_close(w);
    ui_free(&st);
}

/* --- mouse ------------------------------------------------------------------------------------- */

static void test_clicks_select_tokens_and_toggle_heads(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 12);
    win_Window *w = open_window(&st, 1280, 800, false);
    ui_goto_tensor(&st, "enc.1.self_attn.weights");
    win_pump(w);
    float x = 0, y = 0;
    /* a query label of the scores panel selects that source token everywhere */
    assert_true(hit_center(w, 1, DR_HIT_TOKEN, 0, 4, &x, &y));
    click(w, x, y, 1);
    assert_int_equal(st.sel_src, 4);
    assert_int_equal(st.pick.kind, UI_PICK_TOKEN);
    /* the lines view shows only its lines */
    key(w, SDLK_l, 0);
    assert_int_equal(st.mode, UI_MODE_LINES);
    assert_int_equal(win_frame(w)->main[0].vs.token, 4);
    /* clicking it again shows every query */
    assert_true(hit_center(w, 0, DR_HIT_TOKEN, 0, 4, &x, &y));
    click(w, x, y, 1);
    assert_int_equal(st.sel_src, -1);
    /* head chips of the lines view: click toggles, double-click solos, again restores all */
    assert_true(hit_center(w, 0, DR_HIT_HEAD, 0, 2, &x, &y));
    click(w, x, y, 1);
    assert_false((st.heads >> 2) & 1u);
    assert_true((st.heads >> 1) & 1u);
    click(w, x, y, 1);
    assert_true((st.heads >> 2) & 1u);
    click(w, x, y, 1);
    click(w, x, y, 2);
    assert_true(st.heads == (uint64_t)1 << 2);
    click(w, x, y, 1);
    click(w, x, y, 2);
    assert_true(st.heads == ~(uint64_t)0);
    /* the chips of the step view do the same */
    key(w, SDLK_s, 0);
    assert_true(widget_center(w, UI_W_HEAD, 5, &x, &y));
    click(w, x, y, 1);
    click(w, x, y, 2);
    assert_true(st.heads == (uint64_t)1 << 5);
    assert_int_equal(win_frame(w)->main[0].vs.head, 5);
    /* the navigator: a box jumps to its first step */
    const ui_Panel *nav = ui_frame_panel(win_frame(w), -1);
    bool found = false;
    for (int i = 0; i < nav->list.n_hits && !found; i++) {
        const dr_Hit *h = &nav->list.hits[i];
        if (h->kind == DR_HIT_STEP && !strcmp(h->step, "tgt.embed")) {
            click(w, nav->r.x + h->r.x + h->r.w / 2, nav->r.y + h->r.y + h->r.h / 2, 1);
            found = true;
        }
    }
    assert_true(found);
    assert_string_equal(node_name(&st), "tgt.embed");
    /* the timeline scrubs */
    const ui_Frame *f = win_frame(w);
    click(w, f->tl_x0 + 1, f->r_timeline.y + f->r_timeline.h / 2, 1);
    assert_int_equal(st.node, 0);
    win_close(w);
    ui_free(&st);
}

static void test_hover_reads_the_exact_value_in_words(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 20);
    win_Window *w = open_window(&st, 1280, 800, false);
    ui_goto_tensor(&st, "enc.1.self_attn.weights");
    ui_set_mode(&st, UI_MODE_MATRIX);
    ui_set_heads(&st, (uint64_t)1 << 3);  /* head 3 alone */
    win_pump(w);
    const ui_Panel *p = ui_frame_panel(win_frame(w), 0);
    const dr_Hit *cells = NULL;
    for (int i = 0; i < p->list.n_hits; i++)
        if (p->list.hits[i].kind == DR_HIT_CELLS) cells = &p->list.hits[i];
    assert_non_null(cells);
    int row = 17, col = 14;  /* 'making' → 'laws' */
    move(w, p->r.x + cells->r.x + (col + 0.5f) * cells->cell_w,
         p->r.y + cells->r.y + (row + 0.5f) * cells->cell_h);
    const tf_Node *n = tf_trace_get(ui_trace(&st), "enc.1.self_attn.weights");
    char want[256];
    snprintf(want, sizeof want, "enc.1.self_attn.weights, head 3, 'making' → 'laws' = %.5g",
             (double)n->data[(3 * 20 + row) * 20 + col]);
    assert_string_equal(st.hover, want);
    assert_int_equal(st.hover_row, row);
    assert_int_equal(st.hover_col, col);
    /* the hovered cell is outlined over the view, which is not rebuilt for it */
    const dr_List *over = &win_frame(w)->over;
    int frames = 0;
    for (int i = 0; i < over->n; i++) frames += over->cmds[i].kind == DR_FRAME;
    assert_true(frames > 0);
    /* the three layers make one list too, with the view's cells in it */
    dr_List all;
    dr_init(&all);
    ui_frame_compose(win_frame(w), &all);
    int n_cells = 0;
    for (int i = 0; i < all.n; i++) n_cells += all.cmds[i].tag == DR_TAG_CELL;
    assert_int_equal(n_cells, 20 * 20);
    dr_free(&all);
    unsigned serial = win_frame(w)->main[0].serial;
    move(w, p->r.x + cells->r.x + (col + 1.5f) * cells->cell_w,
         p->r.y + cells->r.y + (row + 0.5f) * cells->cell_h);
    assert_int_equal(st.hover_col, col + 1);
    assert_int_equal(win_frame(w)->main[0].serial, serial);
    win_close(w);
    ui_free(&st);
}

static void test_wheel_zooms_and_drag_pans(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 20);
    win_Window *w = open_window(&st, 1280, 800, false);
    ui_goto_tensor(&st, "enc.0.ffn.hidden");
    ui_set_mode(&st, UI_MODE_MATRIX);
    win_pump(w);
    const ui_Panel *p = ui_frame_panel(win_frame(w), 0);
    const dr_Hit *cells = NULL;
    for (int i = 0; i < p->list.n_hits; i++)
        if (p->list.hits[i].kind == DR_HIT_CELLS) cells = &p->list.hits[i];
    assert_non_null(cells);
    float cx = p->r.x + cells->r.x + cells->r.w * 0.5f, cy = p->r.y + cells->r.y + cells->r.h * 0.5f;
    move(w, cx, cy);
    wheel(w, 3);
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
    move(w, cx - 60, cy);
    e.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&e);
    win_pump(w);
    assert_true(st.pan[0] > pan0);
    key(w, SDLK_z, 0);
    assert_true(st.zoom == 1.0f);
    win_close(w);
    ui_free(&st);
}

/* --- the sentence ------------------------------------------------------------------------------ */

static void test_typing_marks_unknown_words_and_enter_reruns(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s1 s2 s3 s4");
    win_Window *w = open_window(&st, 1024, 640, false);
    assert_true(ui_goto_tensor(&st, "enc.1.self_attn.weights"));
    float x = 0, y = 0;
    assert_true(widget_center(w, UI_W_FIELD, 0, &x, &y));
    click(w, x, y, 1);
    assert_true(st.editing);
    key(w, SDLK_END, 0);
    text(w, " s5 sx7");
    assert_string_equal(st.input, "s1 s2 s3 s4 s5 sx7");
    assert_int_equal(st.n_unknown, 1);
    assert_int_equal(st.unknown[0].start, 15);
    assert_int_equal(st.unknown[0].len, 3);
    assert_true(st.unknown[0].n_suggest > 0);
    assert_int_equal(app_edit_distance("sx7", st.unknown[0].suggest[0]), 1);
    /* Enter does not run a sentence with unknown words: it says so */
    unsigned gen = st.generation;
    key(w, SDLK_RETURN, 0);
    assert_int_equal(st.generation, gen);
    assert_int_equal(st.msg_kind, UI_MSG_ERROR);
    assert_non_null(strstr(st.msg, "sx7"));
    /* the first suggestion, by Tab, then Enter runs and keeps the step */
    key(w, SDLK_TAB, 0);
    assert_int_equal(st.n_unknown, 0);
    key(w, SDLK_RETURN, 0);
    assert_int_equal(ui_trace(&st)->n_src, 6);
    assert_string_equal(node_name(&st), "enc.1.self_attn.weights");
    assert_false(st.editing);
    /* backspace by word, and a suggestion clicked */
    key(w, SDLK_SLASH, 0);
    assert_true(st.editing);
    key(w, SDLK_BACKSPACE, KMOD_LCTRL);
    text(w, "qq");
    win_pump(w);
    key(w, SDLK_ESCAPE, 0);  /* leave the field: the word is marked and suggested */
    assert_true(widget_center(w, UI_W_SUGGEST, 0, &x, &y));
    click(w, x, y, 1);
    assert_int_equal(st.n_unknown, 0);
    win_close(w);
    ui_free(&st);
}

static void test_empty_long_and_unknown_input_is_said_on_screen(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s1 s2");
    win_Window *w = open_window(&st, 1024, 640, false);
    unsigned gen = st.generation;
    assert_false(ui_set_sentence(&st, ""));
    assert_int_equal(st.msg_kind, UI_MSG_ERROR);
    assert_string_equal(st.msg, ui_str(UI_LANG_EN, S_MSG_EMPTY));
    win_pump(w);
    assert_false(ui_set_sentence(&st, "   \t "));
    /* 200 words: longer than this model's limit of 32 tokens, said with the limit */
    char *long_text = malloc(200 * 4);
    long_text[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(long_text, i ? " s1" : "s1");
    assert_false(ui_set_sentence(&st, long_text));
    assert_non_null(strstr(st.msg, "32"));
    win_pump(w);
    win_draw(w);
    /* the field shows the end of the text, where the cursor is */
    assert_true(win_frame(w)->field_vis1 == (int)strlen(st.input));
    /* 200 unknown words: all marked that fit, nothing breaks */
    long_text[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(long_text, i ? " zz" : "zz");
    assert_false(ui_set_sentence(&st, long_text));
    assert_int_equal(st.n_unknown, UI_UNKNOWN_MAX);
    win_draw(w);
    free(long_text);
    assert_int_equal(st.generation, gen);
    assert_true(ui_trace(&st) != NULL);
    win_close(w);
    ui_free(&st);
}

static void test_beam_key_reruns_with_beam_search(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s3 s1 s4 s1 s5");
    win_Window *w = open_window(&st, 1024, 640, false);
    unsigned gen = st.generation;
    key(w, SDLK_b, 0);
    assert_true(st.beam);
    assert_true(st.generation != gen);
    assert_non_null(strstr(st.msg, "Beam"));
    win_close(w);
    ui_free(&st);
}

/* --- the window -------------------------------------------------------------------------------- */

static void test_resizing_from_tiny_to_4k_and_focus_changes(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 28);
    win_Window *w = open_window(&st, 1024, 640, false);
    int sizes[][2] = {{1, 1}, {50, 40}, {300, 200}, {1024, 640}, {3840, 2160}, {700, 1400}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char line[64];
        snprintf(line, sizeof line, "resize %d %d", sizes[i][0], sizes[i][1]);
        char path[512];
        snprintf(path, sizeof path, "%s/resize.txt", tmp);
        FILE *f = fopen(path, "w");
        fprintf(f, "%s\nkey Right\nmove 20 20\nclick 10 10\nfocus out\nfocus in\n", line);
        fclose(f);
        char err[512];
        assert_true(win_run_script(w, path, err, sizeof err));
        const ui_Frame *fr = win_frame(w);
        assert_int_equal(fr->width, sizes[i][0]);
        assert_int_equal(fr->height, sizes[i][1]);
        if (sizes[i][0] == 3840) assert_true(fr->scale >= 1.9f);  /* the interface grows */
        if (sizes[i][0] <= 300) assert_true(fr->too_small);
    }
    win_close(w);
    ui_free(&st);
}

static void test_export_key_writes_png_and_svg(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 10);
    win_Window *w = open_window(&st, 1024, 640, false);
    ui_goto_tensor(&st, "enc.0.self_attn.weights");
    key(w, SDLK_s, KMOD_LCTRL);
    assert_int_equal(st.msg_kind, UI_MSG_INFO);
    const char *png = strstr(st.msg, tmp);
    assert_non_null(png);
    char path[1024];
    sscanf(png, "%1000s", path);
    assert_non_null(strstr(path, "tfscope-enc.0.self_attn.weights-"));
    assert_true(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".png"));
    struct stat s;
    assert_int_equal(stat(path, &s), 0);
    assert_true(s.st_size > 1000);
    strcpy(path + strlen(path) - 4, ".svg");
    assert_int_equal(stat(path, &s), 0);
    /* the button does the same, with a second name in the same second */
    float x = 0, y = 0;
    assert_true(widget_center(w, UI_W_EXPORT, 0, &x, &y));
    click(w, x, y, 1);
    assert_int_equal(st.msg_kind, UI_MSG_INFO);
    win_close(w);
    ui_free(&st);
}

static void test_first_start_hint_is_shown_once(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/state-hint", tmp);
    char file[1100];
    assert_true(win_hint_path(path, file, sizeof file));
    remove(file);
    ui_State st;
    fixture_state(&st, 6);
    win_Window *w = open_window(&st, 1024, 640, true);
    assert_true(st.hint);
    key(w, SDLK_RIGHT, 0);  /* dismisses, does not step */
    assert_false(st.hint);
    assert_int_equal(st.node, 0);
    struct stat s;
    assert_int_equal(stat(file, &s), 0);
    win_close(w);
    ui_free(&st);
    fixture_state(&st, 6);
    w = open_window(&st, 1024, 640, true);
    assert_false(st.hint);
    win_close(w);
    ui_free(&st);
}

static void test_window_title_names_model_and_sentence(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s7 s8 s9");
    char title[512];
    ui_window_title(&st, title, sizeof title);
    assert_string_equal(title, "tfscope — pre_d32_h8_e2d2.model.safetensors — “s7 s8 s9”");
    ui_free(&st);
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

static void test_interface_strings_in_english_and_korean(void **state)
{
    (void)state;
    for (int i = 0; i < S_COUNT; i++) {
        const char *en = ui_str(UI_LANG_EN, (ui_StrId)i), *ko = ui_str(UI_LANG_KO, (ui_StrId)i);
        if (!en[0] || !ko[0]) fail_msg("string %d is missing in a language", i);
        char a[32], b[32];
        conversions(en, a, sizeof a);
        conversions(ko, b, sizeof b);
        if (strcmp(a, b)) fail_msg("string %d: '%s' vs '%s'", i, en, ko);
    }
    ui_State st;
    fixture_state(&st, 6);
    win_Window *w = open_window(&st, 1024, 640, false);
    key(w, SDLK_F2, 0);
    assert_int_equal(st.lang, UI_LANG_KO);
    /* Hangul is drawn: some text command of the frame holds the Korean label */
    bool hangul = false;
    const dr_List *l = &win_frame(w)->out;
    for (int i = 0; i < l->n && !hangul; i++)
        if (l->cmds[i].kind == DR_TEXT && !strcmp(dr_text_of(l, &l->cmds[i]), ui_str(UI_LANG_KO, S_OUTPUT)))
            hangul = true;
    assert_true(hangul);
    key(w, SDLK_F2, 0);
    assert_int_equal(st.lang, UI_LANG_EN);
    win_close(w);
    ui_free(&st);
}

/* --- snapshots and scripts ---------------------------------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    uint8_t *buf;
    size_t len;
    assert_true(app_read_file(from, &buf, &len));
    assert_true(app_write_atomic(to, buf, len));
    free(buf);
}

static void test_snapshots_scrub_through_training_time(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/snaps", tmp);
    mkdir(dir, 0755);
    ui_State st;
    model_state(&st, "s1 s2 s3");
    /* step-000100: a trace; step-000200: a model (the sentence runs through it); 300: corrupt */
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&st.main, &bytes, &len);
    snprintf(path, sizeof path, "%s/step-000100.safetensors", dir);
    assert_true(app_write_atomic(path, bytes, len));
    free(bytes);
    snprintf(path, sizeof path, "%s/step-000200.safetensors", dir);
    copy_file(MODEL, path);
    snprintf(path, sizeof path, "%s/step-000300.safetensors", dir);
    assert_true(app_write_atomic(path, "not a safetensors file", 22));
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    assert_true(app_write_atomic(path, "x", 1));
    assert_true(ui_open_snapshots(&st, dir));
    assert_int_equal(st.n_snaps, 3);
    assert_int_equal(st.snap_index, 0);
    win_Window *w = open_window(&st, 1024, 640, false);
    ui_goto_tensor(&st, "enc.1.self_attn.weights");
    key(w, SDLK_RIGHTBRACKET, 0);
    assert_int_equal(st.snap_index, 1);
    assert_string_equal(node_name(&st), "enc.1.self_attn.weights");  /* the same view */
    key(w, SDLK_RIGHTBRACKET, 0);  /* the corrupt one: a message, the view stays */
    assert_int_equal(st.snap_index, 1);
    assert_int_equal(st.msg_kind, UI_MSG_ERROR);
    assert_non_null(strstr(st.msg, "step-000300"));
    key(w, SDLK_LEFTBRACKET, 0);
    assert_int_equal(st.snap_index, 0);
    assert_true(st.n_snaps > 0 && win_frame(w)->r_snap.h > 0);
    win_close(w);
    ui_free(&st);
    ui_init(&st, UI_LANG_EN);
    snprintf(path, sizeof path, "%s/none", tmp);
    mkdir(path, 0755);
    assert_false(ui_open_snapshots(&st, path));
    ui_free(&st);
}

static void test_scripts_drive_the_window_and_report_bad_lines(void **state)
{
    (void)state;
    ui_State st;
    model_state(&st, "s1 s2 s3");
    win_Window *w = open_window(&st, 1024, 640, false);
    char path[512], shot[512], err[1024];
    snprintf(path, sizeof path, "%s/script.txt", tmp);
    snprintf(shot, sizeof shot, "%s/shot.png", tmp);
    FILE *f = fopen(path, "w");
    fprintf(f, "# a comment\nkey Right\nkey shift+Right\nkey PageDown\nkey l\nwait 100\n"
               "text  s4\nkey Return\nscreenshot %s\n", shot);
    fclose(f);
    assert_true(win_run_script(w, path, err, sizeof err));
    assert_int_equal(st.mode, UI_MODE_LINES);
    assert_string_equal(st.input, "s1 s2 s3 s4");
    assert_int_equal(ui_trace(&st)->n_src, 4);
    struct stat s;
    assert_int_equal(stat(shot, &s), 0);
    f = fopen(path, "w");
    fprintf(f, "key Right\nkey Nonsense\n");
    fclose(f);
    assert_false(win_run_script(w, path, err, sizeof err));
    assert_non_null(strstr(err, "script.txt:2:"));
    assert_non_null(strstr(err, "Nonsense"));
    win_close(w);
    ui_free(&st);
}

/* --- golden frames ------------------------------------------------------------------------------ */

static double differing(const uint8_t *a, const uint8_t *b, size_t n_px)
{
    size_t bad = 0;
    for (size_t i = 0; i < n_px * 4; i += 4)
        for (int c = 0; c < 3; c++)
            if (abs((int)a[i + c] - (int)b[i + c]) > TOL_CHANNEL) {
                bad++;
                break;
            }
    return (double)bad / (double)n_px;
}

static bool read_all(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *buf = malloc((size_t)n);
    *len = fread(*buf, 1, (size_t)n, f);
    fclose(f);
    return (long)*len == n;
}

static int golden(win_Window *w, const char *name)
{
    bool update = getenv("TFSCOPE_UPDATE_GOLDEN") && getenv("TFSCOPE_UPDATE_GOLDEN")[0] == '1';
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/golden/%s.png", TF_TESTS_DIR, name);
    if (update) {
        if (!win_screenshot(w, path, err, sizeof err)) fail_msg("%s: %s", name, err);
        return 0;
    }
    uint8_t *px, *want = NULL, *b;
    size_t len = 0;
    int pw, ph, bw, bh;
    assert_true(win_read_pixels(w, &px, &pw, &ph));
    if (!read_all(path, &want, &len)) fail_msg("%s: cannot read %s", name, path);
    assert_true(po_decode(want, len, &b, &bw, &bh, NULL, NULL, err, sizeof err));
    double frac = pw == bw && ph == bh ? differing(px, b, (size_t)pw * ph) : 1.0;
    free(px);
    free(want);
    free(b);
    if (frac <= TOL_FRACTION) return 0;
    snprintf(path, sizeof path, "%s.actual.png", name);
    win_screenshot(w, path, err, sizeof err);
    fprintf(stderr, "%s: %.3f%% of pixels differ from the golden frame (allowed %.1f%%); see %s\n",
            name, frac * 100, TOL_FRACTION * 100, path);
    return 1;
}

static void test_frames_match_golden_images(void **state)
{
    (void)state;
    ui_State st;
    fixture_state(&st, 28);
    win_Window *w = open_window(&st, 1024, 640, false);
    int failures = 0;
    /* the Figure 3 case: encoder layer 1 weights, 'making' selected */
    ui_goto_tensor(&st, "enc.1.self_attn.weights");
    ui_select_token(&st, UI_SIDE_SRC, 17);
    win_pump(w);
    failures += golden(w, "window_step_weights");
    key(w, SDLK_l, 0);
    failures += golden(w, "window_lines_making");
    /* a residual add: both terms and the sum, hovered */
    key(w, SDLK_s, 0);
    ui_goto_tensor(&st, "dec.1.add2");
    ui_set_out_pos(&st, 4);
    win_pump(w);
    const ui_Panel *p = ui_frame_panel(win_frame(w), 2);
    assert_non_null(p);
    for (int i = 0; i < p->list.n_hits; i++)
        if (p->list.hits[i].kind == DR_HIT_CELLS) {
            const dr_Hit *h = &p->list.hits[i];
            move(w, p->r.x + h->r.x + 5.5f * h->cell_w, p->r.y + h->r.y + 4.5f * h->cell_h);
            break;
        }
    failures += golden(w, "window_step_add_hover");
    /* Korean, with help */
    key(w, SDLK_F2, 0);
    key(w, SDLK_F1, 0);
    failures += golden(w, "window_help_ko");
    key(w, SDLK_ESCAPE, 0);
    key(w, SDLK_g, 0);
    failures += golden(w, "window_grid_ko");
    win_close(w);
    ui_free(&st);
    assert_int_equal(failures, 0);
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
        cmocka_unit_test(test_export_key_writes_png_and_svg),
        cmocka_unit_test(test_first_start_hint_is_shown_once),
        cmocka_unit_test(test_window_title_names_model_and_sentence),
        cmocka_unit_test(test_interface_strings_in_english_and_korean),
        cmocka_unit_test(test_snapshots_scrub_through_training_time),
        cmocka_unit_test(test_scripts_drive_the_window_and_report_bad_lines),
        cmocka_unit_test(test_frames_match_golden_images),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

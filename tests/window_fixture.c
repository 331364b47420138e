/* window_fixture.c — synthetic events, test windows and the window suite's fixture (see
 * window_fixture.h). */
#include "window_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "cli.h"
#include "rd_png.h"
#include "testutil.h"
#include "view_fixture.h"

/* --- events ----------------------------------------------------------------------------------- */

void wf_key(win_Window *w, SDL_Keycode k, Uint16 mod)
{
    win_push_keycode(w, k, mod);
    win_pump(w);
}

void wf_text(win_Window *w, const char *s)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    SDL_PushEvent(&e);
    win_pump(w);
}

void wf_move(win_Window *w, float x, float y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = (int)x;
    e.motion.y = (int)y;
    SDL_PushEvent(&e);
    win_pump(w);
}

void wf_press(win_Window *w, float x, float y, int clicks)
{
    wf_press_button(w, SDL_BUTTON_LEFT, x, y, clicks);
}

void wf_press_button(win_Window *w, Uint8 button, float x, float y, int clicks)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = button;
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

void wf_click(win_Window *w, float x, float y, int clicks)
{
    wf_move(w, x, y);
    wf_press(w, x, y, clicks);
}

void wf_wheel(win_Window *w, int dy)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.preciseY = (float)dy;
    SDL_PushEvent(&e);
    win_pump(w);
}

/* --- windows ---------------------------------------------------------------------------------- */

win_Window *wf_open(win_State *st, int w, int h, const char *state_dir, const char *export_dir)
{
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

void wf_close(win_Window *w, win_State *st)
{
    win_close(w);
    win_free(st);
}

/* --- golden frames ------------------------------------------------------------------------------ */

int wf_golden(win_Window *w, const char *name)
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
    assert_true(win_read_shot(w, &px, &pw, &ph));
    if (!(want = tu_try_read(path, &len))) fail_msg("%s: cannot read %s", name, path);
    assert_true(rd_png_decode(want, len, &b, &bw, &bh, NULL, NULL, err, sizeof err));
    double frac = pw == bw && ph == bh ? tu_px_differ(px, b, (size_t)pw * ph, 3, WF_TOL_CHANNEL) : 1.0;
    free(px);
    free(want);
    free(b);
    if (frac <= WF_TOL_FRACTION) return 0;
    snprintf(path, sizeof path, "%s.actual.png", name);
    win_screenshot(w, path, err, sizeof err);
    fprintf(stderr, "%s: %.3f%% of pixels differ from the golden frame (allowed %.1f%%); see %s\n",
            name, frac * 100, WF_TOL_FRACTION * 100, path);
    return 1;
}

/* --- the window suite's fixture --------------------------------------------------------------- */

static tf_Model model;
static char tmp[256];

int wf_setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/tfscope-test-window-XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    return cli_load_model(WF_MODEL, &model, NULL) ? 0 : -1;
}

int wf_teardown(void **state)
{
    (void)state;
    tf_model_free(&model);
    tu_remove_tree(tmp);
    return 0;
}

const char *wf_tmp(void)
{
    return tmp;
}

win_Window *wf_open_window(win_State *st, int w, int h, bool hint)
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
    return wf_open(st, w, h, state_dir, export_dir);
}

void wf_model_state(win_State *st, const char *sentence)
{
    win_init(st, WIN_LANG_EN);
    win_attach_model(st, &model, "pre_d32_h8_e2d2.model.safetensors", "");
    assert_true(win_set_sentence(st, sentence));
}

static void set_inputs(const tf_Trace *tr, tf_Node *n, const char *a, const char *b)
{
    const char *in[2] = {a, b};
    n->n_inputs = 0;
    for (int i = 0; i < 2; i++) {
        int k = in[i] ? tf_trace_index(tr, in[i]) : -1;
        if (k < 0) continue;
        n->in[n->n_inputs] = k;
        memcpy(n->inputs[n->n_inputs++], tr->nodes[k].name, TF_NAME_MAX);
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
            set_inputs(tr, n, a, b);
            snprintf(stream, sizeof stream, "%s", s);
        } else if (strstr(s, "cross_attn.k") || strstr(s, "cross_attn.v")) {
            set_inputs(tr, n, enc_out, NULL);
        } else if (ends(s, "attn.q") || ends(s, "attn.k") || ends(s, "attn.v") || ends(s, "ffn.hidden") ||
                   !strcmp(s, "logits")) {
            set_inputs(tr, n, stream, NULL);
        } else if (ends(s, ".scores")) {
            snprintf(a, sizeof a, "%s.q", pre);
            snprintf(b, sizeof b, "%s.k", pre);
            set_inputs(tr, n, a, b);
        } else if (ends(s, ".weights")) {
            snprintf(a, sizeof a, "%s.scores", pre);
            set_inputs(tr, n, a, NULL);
        } else if (ends(s, ".context")) {
            snprintf(a, sizeof a, "%s.weights", pre);
            snprintf(b, sizeof b, "%s.v", pre);
            set_inputs(tr, n, a, b);
        } else if (ends(s, "attn.out")) {
            snprintf(a, sizeof a, "%s.context", pre);
            set_inputs(tr, n, a, NULL);
        } else if (ends(s, "ffn.out")) {
            snprintf(a, sizeof a, "%s.hidden", pre);
            set_inputs(tr, n, a, NULL);
        } else if (strstr(s, ".add")) {
            set_inputs(tr, n, stream, prev);
        } else if (strstr(s, ".norm")) {
            set_inputs(tr, n, prev, NULL);
            snprintf(stream, sizeof stream, "%s", s);
        } else if (!strcmp(s, "probs")) {
            set_inputs(tr, n, "logits", NULL);
        }
        snprintf(prev, sizeof prev, "%s", s);
    }
}

void wf_fixture_state(win_State *st, int n)
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
    win_init(st, WIN_LANG_EN);
    win_attach_trace(st, &tr, "fixture.safetensors");
}

win_Window *wf_model_window(win_State *st, const char *sentence, int w, int h)
{
    wf_model_state(st, sentence);
    return wf_open_window(st, w, h, false);
}

win_Window *wf_fixture_window(win_State *st, int n, int w, int h)
{
    wf_fixture_state(st, n);
    return wf_open_window(st, w, h, false);
}

win_Window *wf_export_window(win_State *st)
{
    win_Window *w = wf_fixture_window(st, 10, 1024, 640);
    win_goto_tensor(st, "enc.0.self_attn.weights");
    return w;
}

/* --- where things are on screen --------------------------------------------------------------- */

bool wf_widget_center(win_Window *w, win_WidgetId id, int arg, float *x, float *y)
{
    const win_Frame *f = win_frame(w);
    for (int i = 0; i < f->n_widgets; i++)
        if (f->widgets[i].id == id && f->widgets[i].arg == arg) {
            *x = f->widgets[i].r.x + f->widgets[i].r.w * 0.5f;
            *y = f->widgets[i].r.y + f->widgets[i].r.h * 0.5f;
            return true;
        }
    return false;
}

bool wf_hit_center(win_Window *w, int p, fig_HitKind kind, int side, int index, float *x, float *y)
{
    const win_Panel *pn = win_frame_panel(win_frame(w), p);
    if (!pn) return false;
    for (int i = 0; i < pn->list.n_hits; i++) {
        const fig_Hit *h = &pn->list.hits[i];
        if (h->kind != kind || (kind == FIG_HIT_TOKEN && (h->side != side || h->index != index)) ||
            (kind == FIG_HIT_HEAD && h->head != index))
            continue;
        *x = pn->r.x + h->r.x + h->r.w * 0.5f;
        *y = pn->r.y + h->r.y + h->r.h * 0.5f;
        return true;
    }
    return false;
}

const fig_Hit *wf_cells(win_Window *w, int p, const win_Panel **pn)
{
    *pn = win_frame_panel(win_frame(w), p);
    assert_non_null(*pn);
    for (int i = 0; i < (*pn)->list.n_hits; i++)
        if ((*pn)->list.hits[i].kind == FIG_HIT_CELLS) return &(*pn)->list.hits[i];
    fail_msg("panel %d has no cells", p);
    return NULL;
}

const char *wf_node_name(win_State *st)
{
    const tf_Node *n = win_node(st);
    return n ? n->name : "";
}

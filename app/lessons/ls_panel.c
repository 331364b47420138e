/* ls_panel.c — the lesson panel (see ls_panel.h): opening a lesson, turning pages (each applies
 * its scene with ls_window_apply), the page's quiz and the learner's responses, the N / P / R keys
 * and the buttons, and the progress file. Drawing is ls_panel_draw.c, ls_panel_widgets.c and
 * ls_panel_text.c. */
#include "ls_panel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tf_limits.h"

#include "cli.h"
#include "ls_panel_int.h"
#include "ls_checker.h"
#include "ls_window.h"
#include "win_input.h"

/* --- progress ----------------------------------------------------------------------------- */

bool ls_panel_progress_path(const char *state_dir, char *out, size_t cap)
{
    int n;
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (state_dir) n = snprintf(out, cap, "%s/progress", state_dir);
    else if (xdg && xdg[0] == '/') n = snprintf(out, cap, "%s/tfscope/progress", xdg);
    else if (home && home[0]) n = snprintf(out, cap, "%s/.local/state/tfscope/progress", home);
    else return false;
    return n > 0 && (size_t)n < cap;
}

bool ls_panel_progress_load(const char *state_dir, int *lesson, int *page, char lang[8],
                            char *why, size_t why_cap)
{
    char path[4096];
    uint8_t *buf;
    size_t len;
    if (why_cap) why[0] = 0;
    if (!ls_panel_progress_path(state_dir, path, sizeof path)) return false;
    struct stat st;
    if (lstat(path, &st) != 0 && errno == ENOENT) return false;  /* nothing opened yet */
    char reason[256];
    if (!cli_read_file_max(path, TF_MAX_PROGRESS_BYTES, &buf, &len, reason, sizeof reason)) {
        snprintf(why, why_cap, "%s: %s", path, reason);
        return false;
    }
    int got = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && buf[e] != '\n') e++;
        char line[64], word[8], *end;
        snprintf(line, sizeof line, "%.*s", (int)(e - i < 63 ? e - i : 63), (const char *)buf + i);
        i = e + 1;
        long v = 0;
        if (sscanf(line, "%7s", word) != 1) continue;
        const char *arg = line + strlen(word) + (line[strlen(word)] == ' ');
        if (strcmp(word, "lang")) v = strtol(arg, &end, 10);
        if (!strcmp(word, "lesson") && *end == 0 && v >= 1 && v <= 99) *lesson = (int)v, got |= 1;
        else if (!strcmp(word, "page") && *end == 0 && v >= 0 && v <= 999) *page = (int)v, got |= 2;
        else if (!strcmp(word, "lang") && strlen(arg) < 8) snprintf(lang, 8, "%s", arg), got |= 4;
    }
    cli_free_file(buf, len);
    /* the progress file is the window's own, rewritten as the learner goes on: not an input
     * that the output-file rules keep from being replaced */
    cli_output_forget_read(path);
    if (got != 7) snprintf(why, why_cap, "%s: not a progress file (lesson N, page N, lang L)", path);
    return got == 7;
}

static void mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash) return;
    *slash = '\0';
    for (char *q = buf + 1; *q; q++) {
        if (*q != '/') continue;
        *q = '\0';
        mkdir(buf, 0755);
        *q = '/';
    }
    mkdir(buf, 0755);
}

static void progress_save(const ls_Panel *p)
{
    char path[4096], text[128];
    if (!ls_panel_progress_path(p->have_state_dir ? p->state_dir : NULL, path, sizeof path)) return;
    mkdirs(path);
    int n = snprintf(text, sizeof text, "lesson %d\npage %d\nlang %s\n", p->lesson.number, p->page,
                     p->lang);
    cli_write_atomic(path, text, (size_t)n);
}

/* --- quiz --------------------------------------------------------------------------------- */

void ls_panel_quiz_prepare(ls_Panel *p, const win_State *st)
{
    p->have_answer = false;
    if (p->quiz_dir < 0) return;
    tf_Err err = {0};
    p->have_answer = ls_window_answer(st, &p->lesson.dirs[p->quiz_dir].quiz, &p->answer, &err) ==
                     TF_OK;
    p->answer_gen = st->generation;
}

void ls_panel_respond(ls_Panel *p, const win_State *st, const ls_Response *r)
{
    if (p->quiz_dir < 0 || p->quiz == LS_PANEL_QUIZ_RIGHT) return;
    if (!p->have_answer || p->answer_gen != st->generation) ls_panel_quiz_prepare(p, st);
    if (!p->have_answer || !win_trace(st)) return;
    const ls_Quiz *q = &p->lesson.dirs[p->quiz_dir].quiz;
    bool right = ls_answer_check(&p->answer, r, win_trace(st));
    p->chosen = *r;
    p->have_chosen = true;
    p->quiz = right ? LS_PANEL_QUIZ_RIGHT : LS_PANEL_QUIZ_WRONG;
    const char *t = right ? q->right : q->wrong;
    if (!t)
        t = right
            ? (ls_panel_ko(p) ? "맞았습니다." : "Right.")
            : (ls_panel_ko(p) ? "아쉽지만 틀렸습니다. 다시 해 보세요." : "Not quite — try again.");
    ls_format(t, &p->answer, p->lang, p->verdict, sizeof p->verdict);
}

void ls_panel_poll(ls_Panel *p, const win_State *st)
{
    if (st->pick.serial == p->pick_seen) return;
    p->pick_seen = st->pick.serial;
    ls_Response r;
    if (p->quiz_dir >= 0 && ls_window_response(&st->pick, &r)) ls_panel_respond(p, st, &r);
}

ls_QuizState ls_panel_quiz_state(const ls_Panel *p) { return p->quiz; }
const ls_Answer *ls_panel_quiz_answer(const ls_Panel *p)
{
    return p->have_answer ? &p->answer : NULL;
}

/* --- pages -------------------------------------------------------------------------------- */

const ls_Lesson *ls_panel_lesson(const ls_Panel *p) { return &p->lesson; }
int ls_panel_page(const ls_Panel *p) { return p->page; }

bool ls_panel_away(const ls_Panel *p, const win_State *st)
{
    return st->node != p->a_node || st->sel_src != p->a_sel || st->out_pos != p->a_pos ||
           st->mode != p->a_mode || st->heads != p->a_heads || st->generation != p->a_gen;
}

bool ls_panel_at_end(const ls_Panel *p) { return p->page >= p->lesson.n_pages; }

/* The view as the page left it, to tell when the learner has moved away (ls_panel_away). */
static void remember_scene(ls_Panel *p, const win_State *st)
{
    p->a_node = st->node;
    p->a_sel = st->sel_src;
    p->a_pos = st->out_pos;
    p->a_mode = st->mode;
    p->a_heads = st->heads;
    p->a_gen = st->generation;
}

bool ls_panel_goto(ls_Panel *p, win_State *st, int page)
{
    if (page < 0) page = 0;
    if (page > p->lesson.n_pages) page = p->lesson.n_pages;
    p->page = page;
    p->scroll = 0;  /* another page starts at its top */
    p->quiz_dir = -1;
    p->quiz = LS_PANEL_QUIZ_NONE;
    p->have_chosen = false;
    p->verdict[0] = p->typed[0] = '\0';
    if (ls_panel_at_end(p)) {  /* the end page shows no scene: the view stays as the learner left it */
        remember_scene(p, st);
        p->pick_seen = st->pick.serial;
        st->version++;
        return true;
    }
    char why[256] = "";
    bool ok = ls_window_apply(st, &p->lesson, page, why, sizeof why);
    if (!ok) win_message(st, WIN_MSG_ERROR, 6, "%s", why);
    remember_scene(p, st);
    const ls_Page *pg = &p->lesson.pages[page];
    for (int i = 0; i < pg->n_blocks && p->quiz_dir < 0; i++)
        if (pg->blocks[i].kind == LS_BLOCK_DIRECTIVE && p->lesson.dirs[pg->blocks[i].dir].kind == LS_DIR_QUIZ)
            p->quiz_dir = pg->blocks[i].dir;
    if (p->quiz_dir >= 0) {
        p->quiz = LS_PANEL_QUIZ_OPEN;
        ls_panel_quiz_prepare(p, st);
    }
    p->pick_seen = st->pick.serial;
    progress_save(p);
    st->version++;
    return ok;
}

/* A try-it sentence clicked: into the field, and the model runs it. */
static void try_sentence(ls_Panel *p, win_State *st, int arg)
{
    int di = arg / LS_PANEL_TRY_MAX, k = arg % LS_PANEL_TRY_MAX;
    if (di < 0 || di >= p->lesson.n_dirs || p->lesson.dirs[di].kind != LS_DIR_TRY ||
        k >= p->lesson.dirs[di].try_.n_suggest)
        return;
    win_set_sentence(st, p->lesson.dirs[di].try_.suggest[k]);
}

/* --- drawing ------------------------------------------------------------------------------ */
static bool side_click(void *ctx, win_State *st, float x, float y)
{
    ls_Panel *p = ctx;
    for (int i = p->n_btn - 1; i >= 0; i--) {
        const Btn *b = &p->btn[i];
        if (!fig_draw_rect_contains(b->r, x, y)) continue;
        switch (b->id) {
        case B_PREV: ls_panel_goto(p, st, p->page - 1); break;
        case B_NEXT: ls_panel_goto(p, st, p->page + 1); break;
        case B_NEXT_LESSON: ls_panel_next_lesson(p, st); break;
        case B_TRY: try_sentence(p, st, b->arg); break;
        case B_BACK: ls_panel_goto(p, st, p->page); break;
        case B_OPTION: {
            ls_Response r = {.kind = LS_RESP_CHOICE, .index = b->arg};
            ls_panel_respond(p, st, &r);
            break;
        }
        case B_T1_N: case B_T1_D:
            for (int k = 0; k < p->lesson.n_dirs; k++) {
                if (p->lesson.dirs[k].kind != LS_DIR_TABLE1 || p->lesson.dirs[k].page != p->page) continue;
                int *v = b->id == B_T1_N ? &p->ds[k].n : &p->ds[k].d;
                *v = b->arg > 0 ? (*v < 1000000 ? *v * 2 : *v) : (*v > 1 ? *v / 2 : 1);
            }
            break;
        }
        st->version++;
        return true;
    }
    return true;
}

/* Scrolls a page longer than the panel by dy output pixels (> 0: down). */
static bool scroll_by(ls_Panel *p, win_State *st, float dy)
{
    if (p->scroll_max <= 0) return false;
    float to = fminf(fmaxf(p->scroll + dy, 0), p->scroll_max);
    if (to != p->scroll) {
        p->scroll = to;
        st->version++;
    }
    return true;
}

static bool side_wheel(void *ctx, win_State *st, float dy)
{
    ls_Panel *p = ctx;
    return scroll_by(p, st, -dy * fmaxf(p->body_h * 0.15f, 20));
}

static bool side_key(void *ctx, win_State *st, int key, int ch, unsigned mods)
{
    ls_Panel *p = ctx;
    if (mods & (WIN_MOD_CTRL | WIN_MOD_ALT)) return false;
    if ((mods & WIN_MOD_SHIFT) && (key == WIN_KEY_PAGE_DOWN || key == WIN_KEY_PAGE_UP))
        return scroll_by(p, st, (key == WIN_KEY_PAGE_DOWN ? 0.85f : -0.85f) * p->body_h);
    bool number = p->quiz_dir >= 0 && p->quiz != LS_PANEL_QUIZ_RIGHT && p->have_answer &&
                  p->answer.kind == LS_ANSWER_NUMBER && p->lesson.dirs[p->quiz_dir].quiz.n_options == 0;
    if (key == WIN_KEY_CHAR) {
        if (number && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-')) {
            size_t n = strlen(p->typed);
            if (n + 1 < sizeof p->typed) p->typed[n] = (char)ch, p->typed[n + 1] = '\0';
            st->version++;
            return true;
        }
        /* a head quiz takes the digit as the answer: the head stays as it is shown */
        bool heads = p->quiz_dir >= 0 && p->quiz != LS_PANEL_QUIZ_RIGHT && p->have_answer &&
                     p->answer.kind == LS_ANSWER_HEAD;
        if (heads && ch >= '0' && ch <= '9') {
            ls_Response r = {.kind = LS_RESP_HEAD, .index = ch - '0'};
            ls_panel_respond(p, st, &r);
            st->version++;
            return true;
        }
        if (p->quiz_dir >= 0 && p->quiz != LS_PANEL_QUIZ_RIGHT && ch >= '1' && ch <= '9' &&
            ch - '0' <= p->lesson.dirs[p->quiz_dir].quiz.n_options) {
            ls_Response r = {.kind = LS_RESP_CHOICE, .index = ch - '0'};
            ls_panel_respond(p, st, &r);
            st->version++;
            return true;
        }
        if (ch == 'n' && ls_panel_at_end(p)) {
            ls_panel_next_lesson(p, st);
            return true;
        }
        if (ch == 'n' || ch == 'p') {
            ls_panel_goto(p, st, p->page + (ch == 'n' ? 1 : -1));
            return true;
        }
        if (ch == 'r' && !ls_panel_at_end(p)) {
            ls_panel_goto(p, st, p->page);
            return true;
        }
        return false;
    }
    if (number && key == WIN_KEY_BACKSPACE && p->typed[0]) {
        p->typed[strlen(p->typed) - 1] = '\0';
        st->version++;
        return true;
    }
    if (number && key == WIN_KEY_ENTER && p->typed[0]) {
        ls_Response r = {.kind = LS_RESP_NUMBER, .number = strtod(p->typed, NULL)};
        snprintf(r.text, sizeof r.text, "%s", p->typed);
        ls_panel_respond(p, st, &r);
        p->typed[0] = '\0';
        st->version++;
        return true;
    }
    return false;
}

/* --- opening ------------------------------------------------------------------------------ */

static void free_lesson(ls_Panel *p)
{
    for (int i = 0; i < p->lesson.n_dirs; i++) {
        free(p->ds[i].var);
        free(p->ds[i].say);
    }
    free(p->ds);
    p->ds = NULL;
    ls_lesson_free(&p->lesson);
}

/* Loads lesson `number` of p->dir / p->lang into p, and finds the one after it. */
static bool load_lesson(ls_Panel *p, int number, char *err, size_t cap)
{
    char path[4096];
    ls_Diags d = {0};
    ls_Set set;
    ls_set_load(p->dir, p->lang, &set, &d);
    ls_diags_free(&d);
    const ls_Lesson *found = ls_set_find(&set, number);
    if (!found || found->n_pages == 0) {
        snprintf(err, cap, "there is no lesson %d in %s/%s (tfscope lesson list)", number, p->dir,
                 p->lang);
        ls_set_free(&set);
        return false;
    }
    snprintf(path, sizeof path, "%s", found->path);
    const ls_Lesson *next = NULL;
    for (int i = 0; i < set.n; i++)
        if (set.lessons[i].number > number && (!next || set.lessons[i].number < next->number))
            next = &set.lessons[i];
    p->next_number = next ? next->number : 0;
    snprintf(p->next_title, sizeof p->next_title, "%s", next && next->title ? next->title : "");
    ls_set_free(&set);
    ls_Lesson *l = &p->lesson;
    ls_Diags d2 = {0};
    tf_Status rc = ls_lesson_load(path, l, &d2);
    ls_diags_free(&d2);
    if (rc != TF_OK) {
        snprintf(err, cap, "%s: cannot be read", path);
        return false;
    }
    p->ds = calloc((size_t)(l->n_dirs ? l->n_dirs : 1), sizeof *p->ds);
    if (!p->ds) {
        ls_lesson_free(l);
        snprintf(err, cap, "out of memory");
        return false;
    }
    return true;
}

bool ls_panel_next_lesson(ls_Panel *p, win_State *st)
{
    char err[512];
    if (!p->next_number) return false;
    ls_Panel keep = *p;
    memset(&p->lesson, 0, sizeof p->lesson);
    p->ds = NULL;
    if (!load_lesson(p, keep.next_number, err, sizeof err)) {
        p->lesson = keep.lesson;
        p->ds = keep.ds;
        p->next_number = keep.next_number;
        snprintf(p->next_title, sizeof p->next_title, "%s", keep.next_title);
        win_message(st, WIN_MSG_ERROR, 6, "%s", err);
        return false;
    }
    ls_Panel old = keep;
    free_lesson(&old);
    ls_panel_goto(p, st, 0);
    return true;
}

ls_Panel *ls_panel_open(win_State *st, const char *dir, const char *lang, int number, int page,
                        const char *state_dir, char *err, size_t cap)
{
    ls_Panel *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    snprintf(p->lang, sizeof p->lang, "%s", lang);
    if (!load_lesson(p, number, err, cap)) {
        free(p);
        return NULL;
    }
    if (state_dir) {
        snprintf(p->state_dir, sizeof p->state_dir, "%s", state_dir);
        p->have_state_dir = true;
    }
    if (page < 0) {
        int sl, sp;
        char sl_lang[8];
        page = 0;
        char why[300];
        if (ls_panel_progress_load(state_dir, &sl, &sp, sl_lang, why, sizeof why) && sl == number &&
            !strcmp(sl_lang, lang))
            page = sp;
    }
    p->hooks = (win_SideHooks){p, 460, ls_panel_draw, side_key, side_click, side_wheel,
                               ls_panel_refs};
    st->side = &p->hooks;
    ls_panel_goto(p, st, page);
    return p;
}

void ls_panel_close(ls_Panel *p, win_State *st)
{
    if (!p) return;
    if (st && st->side == &p->hooks) st->side = NULL;
    ls_checker_free(p->checker);
    free_lesson(p);
    free(p);
}

/* ls_panel_int.h — what ls_panel.c (state, quiz, keys, progress), ls_panel_draw.c (the panel's
 * pages and quiz box as draw commands), ls_panel_widgets.c (Table 1, variance, schedule) and
 * ls_panel_text.c (flowed text and buttons) share. Private to the lesson panel. */
#ifndef TF_LS_PANEL_INT_H
#define TF_LS_PANEL_INT_H

#include <string.h>

#include "ls_panel.h"
#include "fig_kit.h"
#include "ls_window.h"

#define LS_PANEL_BUTTONS 48

typedef enum { B_PREV, B_NEXT, B_BACK, B_OPTION, B_T1_N, B_T1_D, B_TRY, B_NEXT_LESSON } BtnId;

/* B_TRY's arg: the directive and the suggestion, dir * LS_PANEL_TRY_MAX + k. */
#define LS_PANEL_TRY_MAX 16

typedef struct {
    BtnId id;
    int arg;
    fig_Rect r;
} Btn;

typedef struct {
    int n, d;                /* Table 1 widget: the learner's n and d */
    ls_VarianceRow *var;     /* variance widget rows (computed on first draw) */
    int n_var;
    ls_Value *say;           /* say block: its values (measured on first draw) */
    bool say_done, say_holds;
} DirState;

struct ls_Panel {
    ls_Lesson lesson;
    ls_Checker *checker;     /* measures the say blocks' values on the window's model */
    char lang[8];
    char dir[1024];          /* the lessons folder (for the next lesson) */
    int next_number;         /* the lesson after this one in DIR/LANG; 0 = this is the last */
    char next_title[256];
    char state_dir[1024];
    bool have_state_dir;
    int page;                /* == lesson.n_pages: the end page (what was learnt, the next lesson) */
    win_SideHooks hooks;
    DirState *ds;
    /* the page's first quiz */
    int quiz_dir;            /* -1: none */
    ls_QuizState quiz;
    ls_Answer answer;
    bool have_answer;
    unsigned answer_gen;
    unsigned pick_seen;
    ls_Response chosen;      /* the learner's last response to the quiz, marked in the box */
    bool have_chosen;
    char verdict[1024];
    char typed[32];
    /* the scene as applied, to tell when the learner has moved away */
    int a_node, a_sel, a_pos;
    win_Mode a_mode;
    uint64_t a_heads;
    unsigned a_gen;
    Btn btn[LS_PANEL_BUTTONS];
    int n_btn;
    /* a page longer than the panel at the smallest type scrolls (wheel, Shift+PgDn / PgUp) */
    float scroll, scroll_max;  /* output pixels down the page; 0 when it fits (ls_panel_goto: 0) */
    float body_h;              /* the height the page is shown in, as last drawn */
};

static inline bool ls_panel_ko(const ls_Panel *p) { return !strcmp(p->lang, "ko"); }

/* Drawing one page into the panel's text column, once to measure (l == NULL) and once to draw. */
typedef struct {
    ls_Panel *p;
    fig_List *l;       /* NULL: measure only */
    fig_Measure m;
    float s;          /* output pixels per point */
    float x0, w;      /* text column */
    float y, bottom;
    int size;         /* body text pixel size */
    float vis0, vis1; /* the band a scrolled page shows (vis1 <= vis0: all of it) */
} Ctx;

/* The width of t and the height of a line, in output pixels. */
static inline float ls_panel_text_w(Ctx *c, const char *t, int size, bool bold)
{
    return c->m.width(c->m.ctx, t, size, bold);
}
static inline float ls_panel_line_h(Ctx *c, int size) { return c->m.height(c->m.ctx, size); }

/* Whether a line from y, h high, is inside the band the page shows: a scrolled page draws only
 * whole lines (and its buttons only when they are whole). */
static inline bool ls_panel_shown(const Ctx *c, float y, float h)
{
    return c->vis1 <= c->vis0 || (y >= c->vis0 - 0.5f && y + h <= c->vis1 + 0.5f);
}

static inline void ls_panel_put(Ctx *c, const char *t, float x, float y, int size, bool bold,
                                const vec4 col)
{
    fig_Font f = {size, bold, FIG_ROT_0, {col[0], col[1], col[2], col[3]}, false};
    if (c->l && ls_panel_shown(c, y, ls_panel_line_h(c, size)))
        fig_text(c->l, &c->m, t, &f, x, y, FIG_LEFT | FIG_TOP);
}

static inline void ls_panel_rect(Ctx *c, fig_Rect r, const vec4 col)
{
    if (c->l) fig_draw_rect(c->l, r, col);
}

/* ls_panel_text.c: spans (say: a say block whose {k} become vals, or NULL) and a paragraph flowed
 * into the column from indent, c->y moved below them; a button at (x, y), recorded in p->btn for
 * clicks, *w_out = its width. */
void ls_panel_spans(Ctx *c, const ls_Span *sp, int n, int size, bool bold_all, float indent,
                    const ls_Say *say, const ls_Value *vals);
void ls_panel_para(Ctx *c, const char *text, int size, bool bold, const vec4 col, float indent);
void ls_panel_button_fill(Ctx *c, BtnId id, int arg, const char *label, float x, float y,
                          float *w_out, const float *fill);
void ls_panel_button(Ctx *c, BtnId id, int arg, const char *label, float x, float y,
                     float *w_out, bool primary);

/* The widgets of directive di, drawn at c->y, c->y moved below them (ls_panel_widgets.c). */
void ls_panel_table1(Ctx *c, int di, const win_State *st);
void ls_panel_variance(Ctx *c, int di, const win_State *st);
void ls_panel_schedule(Ctx *c, int di, const win_State *st);

/* Computes the answer of the page's quiz on the trace on screen (after a page change or a new
 * sentence). */
void ls_panel_quiz_prepare(ls_Panel *p, const win_State *st);

/* The panel's win_SideHooks.draw: the page, the quiz box, the widgets and the buttons (recorded in
 * p->btn for clicks). */
void ls_panel_draw(void *ctx, const win_State *st, fig_List *l, fig_Rect r, float scale,
                   fig_Measure m);
/* The panel's win_SideHooks.refs (ls_panel_refs.c): what the page names that the window shows. */
int ls_panel_refs(void *ctx, const win_State *st, char (*out)[WIN_REF_LEN], int max);

#endif

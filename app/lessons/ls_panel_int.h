/* ls_panel_int.h — what ls_panel.c (state, quiz, keys, progress) and ls_panel_draw.c (the
 * panel's pages, quiz box and widgets as draw commands) share. Private to the lesson panel. */
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
    float scroll, scroll_max;  /* output pixels down the page; 0 when it fits */
    float body_h;              /* the height the page is shown in, as last drawn */
    int scroll_page;           /* the page scroll belongs to (another page starts at the top) */
};

static inline bool ls_panel_ko(const ls_Panel *p) { return !strcmp(p->lang, "ko"); }

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

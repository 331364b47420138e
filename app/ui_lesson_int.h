/* ui_lesson_int.h — what ui_lesson.c (state, quiz, keys, progress) and ui_lesson_draw.c (the
 * panel's pages, quiz box and widgets as draw commands) share. Private to the lesson panel. */
#ifndef TF_UI_LESSON_INT_H
#define TF_UI_LESSON_INT_H

#include <string.h>

#include "lesson_ui.h"
#include "ui_lesson.h"

#define UL_BUTTONS 48

typedef enum { B_PREV, B_NEXT, B_BACK, B_OPTION, B_T1_N, B_T1_D } BtnId;

typedef struct {
    BtnId id;
    int arg;
    dr_Rect r;
} Btn;

typedef struct {
    int n, d;                /* Table 1 widget: the learner's n and d */
    ls_VarianceRow *var;     /* variance widget rows (computed on first draw) */
    int n_var;
} DirState;

struct ul_Panel {
    ls_Lesson lesson;
    char lang[8];
    char state_dir[1024];
    bool have_state_dir;
    int page;
    ui_SideHooks hooks;
    DirState *ds;
    /* the page's first quiz */
    int quiz_dir;            /* -1: none */
    ul_QuizState quiz;
    ls_Answer answer;
    bool have_answer;
    unsigned answer_gen;
    unsigned pick_seen;
    char verdict[1024];
    char typed[32];
    /* the scene as applied, to tell when the learner has moved away */
    int a_node, a_sel, a_pos;
    ui_Mode a_mode;
    uint64_t a_heads;
    unsigned a_gen;
    Btn btn[UL_BUTTONS];
    int n_btn;
};

static inline bool ul_ko(const ul_Panel *p) { return !strcmp(p->lang, "ko"); }

/* Computes the answer of the page's quiz on the trace on screen (after a page change or a new
 * sentence). */
void ul_quiz_prepare(ul_Panel *p, const ui_State *st);

/* The panel's ui_SideHooks.draw: the page, the quiz box, the widgets and the buttons (recorded in
 * p->btn for clicks). */
void ul_draw(void *ctx, const ui_State *st, dr_List *l, dr_Rect r, float scale, tx_Measure m);

#endif

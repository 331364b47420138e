/* ls_panel_refs.c — what the open page names that the window shows (the panel's
 * win_SideHooks.refs): the tensor of its scene, its token and the tokens of its outlined cells,
 * its heads as the views label them ("head 3", "3번 헤드"), the tensor, tokens and heads its say
 * blocks' claims measure, and those of its quiz's answer. The layout report checks that none of it is drawn shortened. Not the scene
 * itself (ls_window.c applies it). */
#include "ls_panel_int.h"

#include "fig_view.h"

typedef struct {
    char (*out)[WIN_REF_LEN];
    int n, max;
} Refs;

static void add(Refs *r, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (!len || len >= WIN_REF_LEN || r->n >= r->max) return;
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->out[i], s)) return;
    memcpy(r->out[r->n++], s, len + 1);
}

/* A token by word, or by position on the side it names. */
static void add_token(Refs *r, const win_State *st, const ls_TokRef *t)
{
    if (!t->set) return;
    if (t->word[0]) {
        add(r, t->word);
        return;
    }
    const tf_Trace *tr = win_trace(st);
    if (!tr || t->index < 0) return;
    if (t->side == LS_SIDE_SRC && t->index < tr->n_src) add(r, tr->src_tokens[t->index]);
    if (t->side == LS_SIDE_TGT && t->index < tr->n_tgt) add(r, tr->tgt_tokens[t->index]);
}

static void add_head(Refs *r, const win_State *st, int h)
{
    fig_View lang = {.lang = st->lang == WIN_LANG_KO ? FIG_LANG_KO : FIG_LANG_EN};
    char name[WIN_REF_LEN];
    snprintf(name, sizeof name, fig_word(&lang, "head %d"), h);
    add(r, name);
}

static void add_cell(Refs *r, const win_State *st, const ls_CellRef *c)
{
    add(r, c->tensor);
    add_token(r, st, &c->row);
    add_token(r, st, &c->col);
    if (c->head >= 0) add_head(r, st, c->head);
}

/* What the claims of the page's say blocks measure. */
static void add_claims(Refs *r, const win_State *st, const ls_Lesson *l, const ls_Page *pg)
{
    for (int b = 0; b < pg->n_blocks; b++) {
        if (pg->blocks[b].kind != LS_BLOCK_DIRECTIVE) continue;
        const ls_Say *say = &l->dirs[pg->blocks[b].dir].say;
        for (int k = 0; k < say->n; k++) add_cell(r, st, &say->items[k].q.ref);
    }
}

int ls_panel_refs(void *ctx, const win_State *st, char (*out)[WIN_REF_LEN], int max)
{
    ls_Panel *p = ctx;
    Refs r = {out, 0, max};
    if (p->page < 0 || p->page >= p->lesson.n_pages) return 0;
    ls_Scene sc;
    ls_scene_at(&p->lesson, p->page, &sc);
    if (sc.set & LS_SET_TENSOR) add(&r, sc.tensor);
    if (sc.set & LS_SET_TOKEN) add_token(&r, st, &sc.token);
    for (int i = 0; i < sc.n_highlight; i++) add_cell(&r, st, &sc.highlight[i]);
    if ((sc.set & LS_SET_HEADS) && !sc.heads_all)
        for (int h = 0; h < 64; h++)
            if ((sc.heads >> h) & 1u) add_head(&r, st, h);
    add_claims(&r, st, &p->lesson, &p->lesson.pages[p->page]);
    if (p->quiz_dir >= 0) {
        const ls_AnswerExpr *a = &p->lesson.dirs[p->quiz_dir].quiz.answer;
        add_cell(&r, st, &a->ref);
        add_token(&r, st, &a->a);
        add_token(&r, st, &a->b);
    }
    return r.n;
}

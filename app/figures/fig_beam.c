/* fig_beam.c — the beam search as a tree (issue 12 §5), from the log a trace keeps (tr->beam):
 * one column per output step, <bos> at the root on the left; in each column the step's
 * candidates best first, each a box with its token, log P(token | its prefix) and the total Σ of
 * its hypothesis (a finished one: Σ divided by the length penalty, which ranks the finished); a
 * line from each candidate to the hypothesis it extends. Kept candidates go on,
 * finished ones end (<eos> or the length limit), pruned ones are greyed; the chosen translation's
 * path is drawn thick and filled. Greedy decoding is the same picture with K = 1.
 * Not the search (core/decode.c) and not its text form (`tfscope inspect`). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_kit.h"

typedef struct {
    const fig_View *s;
    const tf_BeamLog *g;
    const fig_Measure *m;
    fig_List *l;
    int steps, rows;        /* columns after the root; most candidates in a step */
    int *row;               /* (n) each entry's place within its step */
    bool *chosen;           /* (n) on the chosen path */
    float x0, y0, cw, rh;   /* the root column's left, the first row's top, column and row pitch */
    float bw, bh;           /* box size */
} Tree;

static const float CHOSEN[4] = {0.89f, 0.45f, 0.13f, 1};   /* the chosen path: orange */
static const float FINISHED[4] = {0.30f, 0.62f, 0.35f, 1}; /* a finished hypothesis: green */

static fig_Rect box_of(const Tree *t, int col, int row)
{
    float x = t->x0 + col * t->cw + (t->cw - t->bw) * 0.5f, y = t->y0 + row * t->rh;
    return (fig_Rect){roundf(x), roundf(y + (t->rh - t->bh) * 0.5f), roundf(t->bw), roundf(t->bh)};
}

static fig_Rect entry_box(const Tree *t, int e)
{
    return box_of(t, t->g->c[e].step + 1, t->row[e]);
}

static void edge(const Tree *t, int e)
{
    const tf_BeamCand *c = &t->g->c[e];
    fig_Rect to = entry_box(t, e);
    fig_Rect from = c->parent >= 0 ? entry_box(t, c->parent) : box_of(t, 0, 0);
    vec2 a = {from.x + from.w, from.y + from.h * 0.5f}, b = {to.x, to.y + to.h * 0.5f};
    vec4 col;
    float wd = fig_px(t->s, 1.2f);
    if (t->chosen[e]) {
        glm_vec4_copy((vec4){CHOSEN[0], CHOSEN[1], CHOSEN[2], 1}, col);
        wd = fig_px(t->s, 3);
    } else if (c->fate == TF_BEAM_PRUNED) {
        fig_cmap_ink(0.18f, col);
    } else {
        fig_cmap_ink(0.5f, col);
    }
    fig_draw_line(t->l, a, b, wd, col);
}

/* str at f's size, or smaller down to 8 px until it fits max_w; shortened at 8 px. */
static void fit_text(const Tree *t, const char *str, fig_Font *f, float max_w, char *out, size_t cap)
{
    while (f->size > fig_size(t->s, 8) && t->m->width(t->m->ctx, str, f->size, f->bold) > max_w)
        f->size--;
    fig_fit(t->m, str, f, max_w, out, cap);
}

static void cand_box(const Tree *t, int e)
{
    const tf_BeamCand *c = &t->g->c[e];
    const fig_View *s = t->s;
    fig_Rect r = entry_box(t, e);
    bool pruned = c->fate == TF_BEAM_PRUNED, on = t->chosen[e];
    vec4 fill, edge_c;
    if (on) glm_vec4_copy((vec4){1.0f, 0.89f, 0.78f, 1}, fill);
    else if (c->fate == TF_BEAM_FINISHED) glm_vec4_copy((vec4){0.86f, 0.94f, 0.86f, 1}, fill);
    else fig_grey(pruned ? 0.96f : 1.0f, fill);
    if (on) glm_vec4_copy((vec4){CHOSEN[0], CHOSEN[1], CHOSEN[2], 1}, edge_c);
    else if (c->fate == TF_BEAM_FINISHED)
        glm_vec4_copy((vec4){FINISHED[0], FINISHED[1], FINISHED[2], 1}, edge_c);
    else fig_cmap_ink(pruned ? 0.2f : 0.55f, edge_c);
    fig_draw_rect(t->l, r, fill)->tag = FIG_TAG_BOX;
    fig_draw_frame(t->l, r, on ? fig_px(s, 2.5f) : fmaxf(1, fig_px(s, 1)), edge_c);
    fig_Hit *h = fig_draw_hit(t->l, FIG_HIT_TOKEN, r);
    h->side = FIG_SIDE_BEAM;
    h->index = e;
    float px = fminf(13, fmaxf(7, t->bh * 0.36f / s->scale));
    bool two = t->bh >= fig_px(s, 30);
    fig_Font f = fig_font(s, px, on, pruned ? 0.45f : 1.0f);
    char fit[128], num[64];
    const char *tok = t->g->text ? t->g->text[e] : NULL;
    char id[16];
    if (!tok) snprintf(id, sizeof id, "#%d", c->token), tok = id;
    fit_text(t, tok, &f, r.w - fig_px(s, 6), fit, sizeof fit);
    /* a token whole or "…" (its tooltip whole): a syllable cut off names another word */
    if (strcmp(fit, tok)) snprintf(fit, sizeof fit, "…");
    float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f;
    fig_text(t->l, t->m, fit, &f, cx, cy, FIG_HCENTER | (two ? FIG_BOTTOM : FIG_VCENTER));
    if (strcmp(fit, tok)) fig_tip(t->l, tok);
    if (!two) return;
    fig_Font nf = fig_font(s, px * 0.8f, false, pruned ? 0.4f : 0.7f);
    bool fin = c->fate == TF_BEAM_FINISHED;
    snprintf(num, sizeof num, fin ? "%.2f  Σ/lp %.2f" : "%.2f  Σ %.2f", c->logp, fin ? c->norm : c->score);
    if (t->m->width(t->m->ctx, num, nf.size, false) > r.w - fig_px(s, 4))  /* narrow: the total */
        snprintf(num, sizeof num, fin ? "Σ/lp %.2f" : "Σ %.2f", fin ? c->norm : c->score);
    fit_text(t, num, &nf, r.w - fig_px(s, 4), fit, sizeof fit);
    fig_text(t->l, t->m, fit, &nf, cx, cy + fig_px(s, 1), FIG_HCENTER | FIG_TOP);
    if (strcmp(fit, num)) fig_tip(t->l, num);
}

/* The legend from (x, y), wrapped onto a second line before right. */
static void legend(const Tree *t, float x, float y, float right)
{
    const fig_View *s = t->s;
    float x0 = x;
    fig_Font f = fig_font(s, 11.5f, false, 0.8f);
    const char *what[4] = {fig_word(s, "the chosen translation"), fig_word(s, "kept: goes on"),
                           fig_word(s, "finished: <eos> or the length limit"), fig_word(s, "pruned")};
    float sw = fig_px(s, 12);
    for (int i = 0; i < 4; i++) {
        vec4 fill, edge_c;
        if (i == 0) glm_vec4_copy((vec4){1.0f, 0.89f, 0.78f, 1}, fill);
        else if (i == 2) glm_vec4_copy((vec4){0.86f, 0.94f, 0.86f, 1}, fill);
        else fig_grey(i == 3 ? 0.96f : 1.0f, fill);
        if (i == 0) glm_vec4_copy((vec4){CHOSEN[0], CHOSEN[1], CHOSEN[2], 1}, edge_c);
        else if (i == 2) glm_vec4_copy((vec4){FINISHED[0], FINISHED[1], FINISHED[2], 1}, edge_c);
        else fig_cmap_ink(i == 3 ? 0.2f : 0.55f, edge_c);
        if (x > x0 && x + sw + fig_px(s, 5) + t->m->width(t->m->ctx, what[i], f.size, false) > right) {
            x = x0;
            y += t->m->height(t->m->ctx, f.size) + fig_px(s, 4);
        }
        fig_Rect r = {roundf(x), roundf(y - sw * 0.5f), sw, sw};
        fig_draw_rect(t->l, r, fill);
        fig_draw_frame(t->l, r, fmaxf(1, fig_px(s, i == 0 ? 2 : 1)), edge_c);
        fig_Rect b = fig_text(t->l, t->m, what[i], &f, x + sw + fig_px(s, 5), y, FIG_LEFT | FIG_VCENTER);
        x = b.x + b.w + fig_px(s, 18);
    }
}

/* Places each entry within its step (log order: best first) and marks the chosen path. */
static bool arrange(Tree *t)
{
    const tf_BeamLog *g = t->g;
    t->row = tf_xcalloc((size_t)g->n, sizeof *t->row);
    t->chosen = tf_xcalloc((size_t)g->n, sizeof *t->chosen);
    int step = -1, k = 0;
    for (int e = 0; e < g->n; e++) {
        const tf_BeamCand *c = &g->c[e];
        if (c->step < step || c->step > step + 1 || c->parent >= e ||
            (c->parent >= 0 && g->c[c->parent].step != c->step - 1))
            return false;
        k = c->step == step ? k + 1 : 0;
        step = c->step;
        t->row[e] = k;
        t->rows = k + 1 > t->rows ? k + 1 : t->rows;
    }
    t->steps = step + 1;
    for (int e = g->best; e >= 0 && e < g->n; e = g->c[e].parent) t->chosen[e] = true;
    return true;
}

static void titles(const Tree *t, float w, float *top)
{
    const tf_BeamLog *g = t->g;
    char title[160], sub[1024], path[768] = "";
    if (g->K == 1) snprintf(title, sizeof title, "%s", fig_word(t->s, "Greedy decoding (beam search with K = 1)"));
    else snprintf(title, sizeof title, fig_word(t->s, "Beam search, K = %d (length penalty α = %.2g)"),
                  g->K, g->alpha);
    size_t used = 0;
    /* the chosen tokens, first to last */
    int ids[512], n = 0;
    for (int e = g->best; e >= 0 && n < 512; e = g->c[e].parent) ids[n++] = e;
    for (int i = n - 1; i >= 0 && used + 1 < sizeof path; i--)
        used += (size_t)snprintf(path + used, sizeof path - used, "%s%s", i == n - 1 ? "" : " ",
                                 g->text ? g->text[ids[i]] : "?");
    if (g->best >= 0)
        snprintf(sub, sizeof sub, fig_word(t->s, "each column a step, each box a candidate: its "
                                                 "token, log P(token) and Σ, its hypothesis's "
                                                 "total; chosen: %s"), path);
    else snprintf(sub, sizeof sub, "%s", fig_word(t->s, "each column a step, each box a candidate: "
                                                      "its token, log P(token) and Σ, its "
                                                      "hypothesis's total; no hypothesis finished"));
    int from = t->l->n;
    *top = fig_title(t->l, t->m, t->s, w, title, sub);
    /* the subtitle ends in the chosen sentence: shortened, it leaves out tokens the boxes show */
    for (int i = from; i < t->l->n; i++)
        if (t->l->cmds[i].kind == FIG_CMD_TEXT && t->l->cmds[i].tag != FIG_TAG_TITLE)
            t->l->cmds[i].tag = FIG_TAG_SEQUENCE;
}

void fig_beam_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *l)
{
    const tf_BeamLog *g = &tr->beam;
    if (g->n <= 0 || !g->c) {
        fig_message(l, m, s, w, h, fig_word(s, "this trace holds no beam search: make it with "
                                               "tfscope trace --beam K (K = 1: greedy)"));
        return;
    }
    Tree t = {s, g, m, l, 0, 0, NULL, NULL, 0, 0, 0, 0, 0, 0};
    if (!arrange(&t)) {
        fig_message(l, m, s, w, h, fig_word(s, "the trace's beam log is not a search step by step"));
        free(t.row);
        free(t.chosen);
        return;
    }
    float top, margin = fig_px(s, 20);
    titles(&t, w, &top);
    fig_Font hf = fig_font(s, 11.5f, false, 0.6f);
    float head = m->height(m->ctx, hf.size) + fig_px(s, 6), foot = fig_px(s, 30);
    t.x0 = margin;
    t.cw = fmaxf(1, (w - 2 * margin) / (t.steps + 1));
    t.y0 = top + head;
    t.rh = fmaxf(1, fminf((h - t.y0 - foot - margin) / t.rows, fig_px(s, 96)));
    t.bw = fmaxf(1, t.cw - fminf(fig_px(s, 22), t.cw * 0.25f));
    t.bh = fmaxf(1, fminf(t.rh - fminf(fig_px(s, 10), t.rh * 0.2f), fig_px(s, 52)));
    /* every k-th step named when the columns are narrower than their names */
    char widest[32];
    snprintf(widest, sizeof widest, fig_word(s, "step %d"), t.steps > 0 ? t.steps - 1 : 0);
    int every = fig_label_step(t.cw, m->width(m->ctx, widest, hf.size, false) + fig_px(s, 6), true);
    for (int c = 0; c <= t.steps; c++) {
        char buf[32];
        if (c == 0) snprintf(buf, sizeof buf, "%s", fig_word(s, "start"));
        else if ((c - 1) % every == 0) snprintf(buf, sizeof buf, fig_word(s, "step %d"), c - 1);
        else continue;
        if (c == 1 && every > 1) continue;  /* beside "start", step 0 would touch it */
        fig_text(l, m, buf, &hf, t.x0 + (c + 0.5f) * t.cw, t.y0 - fig_px(s, 3), FIG_HCENTER | FIG_BOTTOM);
    }
    for (int pass = 0; pass < 2; pass++)  /* the chosen path over the others */
        for (int e = 0; e < g->n; e++)
            if (t.chosen[e] == (pass == 1)) edge(&t, e);
    /* the root: <bos> */
    fig_Rect root = box_of(&t, 0, 0);
    vec4 fill, ink;
    glm_vec4_copy((vec4){1.0f, 0.89f, 0.78f, 1}, fill);
    glm_vec4_copy((vec4){CHOSEN[0], CHOSEN[1], CHOSEN[2], 1}, ink);
    fig_draw_rect(l, root, fill)->tag = FIG_TAG_BOX;
    fig_draw_frame(l, root, fig_px(s, 2.5f), ink);
    fig_Font rf = fig_font(s, fminf(13, fmaxf(7, t.bh * 0.36f / s->scale)), true, 1.0f);
    char bos[32];
    fit_text(&t, "<bos>", &rf, root.w - fig_px(s, 4), bos, sizeof bos);
    fig_text(l, m, bos, &rf, root.x + root.w * 0.5f, root.y + root.h * 0.5f,
             FIG_HCENTER | FIG_VCENTER);
    if (strcmp(bos, "<bos>")) fig_tip(l, "<bos>");
    for (int e = 0; e < g->n; e++) cand_box(&t, e);
    legend(&t, margin, t.y0 + t.rows * t.rh + foot * 0.5f, w - margin);
    free(t.row);
    free(t.chosen);
}

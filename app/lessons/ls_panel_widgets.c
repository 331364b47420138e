/* ls_panel_widgets.c — the lesson panel's widgets drawn into its column (see ls_panel_int.h):
 * Table 1 with the learner's n and d, the q·k variance table (with the model's own line) and the
 * warm-up schedule's curve. What they compute lives in the lessons library (ls_table1,
 * ls_dot_variance, ls_schedule_lr); the page around them is ls_panel_draw.c. */
#include <stdio.h>
#include <stdlib.h>

#include "ls_panel_int.h"

static void row_text(Ctx *c, const char *const *cells, const float *cw, int n, bool bold)
{
    float x = c->x0;
    int size = c->size - 1;
    for (int i = 0; i < n; i++) {
        fig_Font f = {size, bold, FIG_ROT_0, {FIG_C_TEXT[0], FIG_C_TEXT[1], FIG_C_TEXT[2], 1}, false};
        if (c->l && ls_panel_shown(c, c->y, ls_panel_line_h(c, size)))
            fig_text_fit(c->l, &c->m, cells[i], &f, cw[i] * c->w - 6 * c->s, x, c->y,
                         FIG_LEFT | FIG_TOP);
        x += cw[i] * c->w;
    }
    c->y += ls_panel_line_h(c, size) * 1.3f;
}

/* A row of a table of numbers: each cell right-aligned in its column (the first, a label,
 * left-aligned); mono: in the monospaced face, so that digits line up down the column (the
 * header row is not). */
static void row_numbers(Ctx *c, const char *const *cells, const float *cw, int n, bool bold,
                        bool mono)
{
    float x = c->x0;
    int size = c->size - 1;
    for (int i = 0; i < n; i++) {
        fig_Font f = {size, bold, FIG_ROT_0, {FIG_C_TEXT[0], FIG_C_TEXT[1], FIG_C_TEXT[2], 1}, mono};
        float w = cw[i] * c->w - 6 * c->s;
        if (c->l && ls_panel_shown(c, c->y, ls_panel_line_h(c, size)))
            fig_text_fit(c->l, &c->m, cells[i], &f, w, i ? x + w : x, c->y,
                         (i ? FIG_RIGHT : FIG_LEFT) | FIG_TOP);
        x += cw[i] * c->w;
    }
    c->y += ls_panel_line_h(c, size) * 1.3f;
}

/* 43300 -> "43.3k" */
static void compact(double v, char *out, size_t cap)
{
    if (v >= 1e9) snprintf(out, cap, "%.3gG", v / 1e9);
    else if (v >= 1e6) snprintf(out, cap, "%.3gM", v / 1e6);
    else if (v >= 1e4) snprintf(out, cap, "%.3gk", v / 1e3);
    else snprintf(out, cap, "%.4g", v);
}

void ls_panel_table1(Ctx *c, int di, const win_State *st)
{
    DirState *d = &c->p->ds[di];
    const ls_Table1Spec *sp = &c->p->lesson.dirs[di].table1;
    /* n=src, d=model: the sentence on screen and the model, until the learner changes them */
    if (d->n <= 0)
        d->n = sp->n > 0 ? sp->n
                         : (win_trace(st) && win_trace(st)->n_src > 0 ? win_trace(st)->n_src : 26);
    if (d->d <= 0) d->d = sp->d > 0 ? sp->d : (st->model ? st->model->cfg.d_model : 64);
    ls_Table1Row rows[4];
    ls_table1(d->n, d->d, sp->k, sp->r, rows);
    float x = c->x0, w;
    char t[64];
    snprintf(t, sizeof t, "n = %d", d->n);
    ls_panel_put(c, t, x, c->y + 4 * c->s, c->size, true, FIG_C_TEXT);
    x += ls_panel_text_w(c, "n = 000000", c->size, true);
    ls_panel_button(c, B_T1_N, -1, "−", x, c->y, &w, false); x += w + 4 * c->s;
    ls_panel_button(c, B_T1_N, 1, "+", x, c->y, &w, false); x += w + 20 * c->s;
    snprintf(t, sizeof t, "d = %d", d->d);
    ls_panel_put(c, t, x, c->y + 4 * c->s, c->size, true, FIG_C_TEXT);
    x += ls_panel_text_w(c, "d = 000000", c->size, true);
    ls_panel_button(c, B_T1_D, -1, "−", x, c->y, &w, false); x += w + 4 * c->s;
    ls_panel_button(c, B_T1_D, 1, "+", x, c->y, &w, false);
    c->y += ls_panel_line_h(c, c->size) + 14 * c->s;
    static const float cw[4] = {0.40f, 0.24f, 0.18f, 0.18f};
    const char *hd[4] = {ls_panel_ko(c->p) ? "층 종류" : "Layer",
                         ls_panel_ko(c->p) ? "층당 연산" : "Ops/layer",
                         ls_panel_ko(c->p) ? "순차 연산" : "Sequential",
                         ls_panel_ko(c->p) ? "최대 경로" : "Max path"};
    row_text(c, hd, cw, 4, true);
    for (int i = 0; i < 4; i++) {
        char a[32], b[32], e[32];
        compact(rows[i].ops, a, sizeof a);
        compact(rows[i].seq, b, sizeof b);
        compact(rows[i].path_len, e, sizeof e);
        const char *f1[4] = {ls_panel_ko(c->p) ? rows[i].name_ko : rows[i].name_en,
                             rows[i].complexity, rows[i].sequential, rows[i].path};
        const char *f2[4] = {"", a, b, e};
        row_text(c, f1, cw, 4, false);
        c->y -= ls_panel_line_h(c, c->size - 1) * 0.2f;
        row_text(c, f2, cw, 4, true);
    }
    c->y += 6 * c->s;
}

void ls_panel_variance(Ctx *c, int di, const win_State *st)
{
    DirState *d = &c->p->ds[di];
    const ls_VarianceSpec *sp = &c->p->lesson.dirs[di].variance;
    if (!d->var && sp->n_dk > 0) {
        d->var = calloc((size_t)sp->n_dk, sizeof *d->var);
        if (!d->var) return;
        int samples = sp->samples > 0 ? sp->samples : 2000;
        if (samples > 20000) samples = 20000;
        for (int i = 0; i < sp->n_dk; i++) ls_dot_variance(sp->dk[i], samples, 1, &d->var[i]);
        d->n_var = sp->n_dk;
    }
    static const float cw[4] = {0.2f, 0.27f, 0.27f, 0.26f};
    const char *hd[4] = {"dₖ", ls_panel_ko(c->p) ? "q·k 평균" : "mean q·k",
                         ls_panel_ko(c->p) ? "q·k 분산" : "var q·k",
                         ls_panel_ko(c->p) ? "분산 (÷√dₖ)" : "var (÷√dₖ)"};
    row_numbers(c, hd, cw, 4, true, false);
    for (int i = 0; i < d->n_var; i++) {
        char a[32], b[32], e[32], f[32];
        snprintf(a, sizeof a, "%d", d->var[i].dk);
        snprintf(b, sizeof b, "%.3f", d->var[i].mean);
        snprintf(e, sizeof e, "%.2f", d->var[i].var);
        snprintf(f, sizeof f, "%.3f", d->var[i].var_scaled);
        const char *cells[4] = {a, b, e, f};
        row_numbers(c, cells, cw, 4, false, true);
    }
    /* the last line: q·k measured in the model on screen */
    ls_VarianceRow tr;
    tf_Err err = {0};
    if (sp->from[0] && win_trace(st) &&
        ls_trace_dot_variance(win_trace(st), sp->from, &tr, &err) == TF_OK) {
        char a[64], b[32], e[32], f[32];
        snprintf(a, sizeof a, "%d (%s)", tr.dk, ls_panel_ko(c->p) ? "모델" : "model");
        snprintf(b, sizeof b, "%.3f", tr.mean);
        snprintf(e, sizeof e, "%.2f", tr.var);
        snprintf(f, sizeof f, "%.3f", tr.var_scaled);
        const char *cells[4] = {a, b, e, f};
        row_numbers(c, cells, cw, 4, true, true);
    }
    c->y += 6 * c->s;
}

void ls_panel_schedule(Ctx *c, int di, const win_State *st)
{
    const ls_ScheduleSpec *sp = &c->p->lesson.dirs[di].schedule;
    int dm = sp->d_model > 0 ? sp->d_model : (st->model ? st->model->cfg.d_model : 512);
    int steps = sp->steps > 0 ? sp->steps : 20000, warm = sp->warmup > 0 ? sp->warmup : 4000;
    float h = 120 * c->s, x0 = c->x0 + 4 * c->s, w = c->w - 8 * c->s, y0 = c->y;
    double peak = ls_schedule_lr(dm, warm, warm);
    if (c->l) {
        fig_draw_frame(c->l, (fig_Rect){c->x0, y0, c->w, h}, 1, FIG_C_BORDER);
        vec2 prev = {0, 0};
        for (int i = 0; i <= 100; i++) {
            int step = 1 + (int)((double)(steps - 1) * i / 100);
            vec2 pt = {x0 + w * (float)i / 100, y0 + h - 4 * c->s - (h - 8 * c->s) * (float)(ls_schedule_lr(dm, warm, step) / peak)};
            if (i) fig_draw_line(c->l, prev, pt, 2 * c->s, FIG_C_ACCENT);
            glm_vec2_copy(pt, prev);
        }
    }
    c->y += h + 4 * c->s;
    char t[160];
    snprintf(t, sizeof t, "d_model = %d, warmup = %d: %s %.2e (%s %d)", dm, warm,
             ls_panel_ko(c->p) ? "최대 학습률" : "peak rate", peak,
             ls_panel_ko(c->p) ? "스텝" : "step", warm);
    ls_panel_para(c, t, c->size - 1, false, FIG_C_DIM, 0);
}

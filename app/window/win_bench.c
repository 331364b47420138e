/* win_bench.c — `--bench-frames N`: frames drawn while stepping and hovering, re-runs of the model
 * after an edit and after switching a head off and on, with their time distributions. A
 * measurement, not a test. */
#include "win_sdl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL.h>

#include "cli.h"
#include "rd_export.h"
#include "rd_fonts.h"
#include "rd_png.h"
#include "rd_sdl.h"
#include "win_sdl_int.h"
#include "win_strings.h"
#include "win_whatif.h"

/* --- the benchmark -------------------------------------------------------------------------------- */

/* CPU time of the whole process (every thread), to tell our cost from a busy machine's. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* The load average, so that a reader can tell a busy machine's times from ours. */
static void print_load(FILE *out, const char *when)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char buf[128] = "";
    if (f && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        fprintf(out, "load average %s: %s\n", when, buf);
    }
    if (f) fclose(f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(FILE *out, const char *what, double *t, int n)
{
    if (n <= 0) return;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++) sum += t[i];
    fprintf(out, "%-28s n=%-5d p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms  mean %6.2f ms\n",
            what, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1], sum / n);
}

/* Interventions on the last sentence, greedy: every head switched off and back on in turn, as a
 * right-click does it (off: the changed run and the unchanged one beside it; on: one run), the
 * view kept in place, then the frame drawn; then each switch off and on. */
static void bench_whatif(win_Window *w, FILE *out)
{
    win_State *st = w->st;
    const tf_Config *c = &st->model->cfg;
    int n_heads = (c->n_enc + 2 * c->n_dec) * c->nhead;
    double *off = tf_xmalloc((size_t)n_heads * sizeof *off), *on = tf_xmalloc((size_t)n_heads * sizeof *on);
    double *frame = tf_xmalloc((size_t)n_heads * sizeof *frame), sw[2 * WIN_WHATIF_COUNT];
    double *cpu = tf_xmalloc((size_t)n_heads * sizeof *cpu);
    int n = 0;
    bool beam = st->beam;
    st->beam = false;
    for (int k = TF_ATTN_ENC; k <= TF_ATTN_CROSS; k++)
        for (int l = 0; l < (k == TF_ATTN_ENC ? c->n_enc : c->n_dec); l++)
            for (int h = 0; h < c->nhead; h++, n++) {
                double t0 = win_now_ms(), c0 = cpu_ms();
                win_whatif_toggle_head(st, (tf_AttnKind)k, l, h);
                off[n] = win_now_ms() - t0;
                cpu[n] = cpu_ms() - c0;
                win_draw(w);
                frame[n] = win_now_ms() - t0;
                t0 = win_now_ms();
                win_whatif_toggle_head(st, (tf_AttnKind)k, l, h);
                on[n] = win_now_ms() - t0;
            }
    for (int k = 0; k < WIN_WHATIF_COUNT; k++) {
        double t0 = win_now_ms();
        win_whatif_switch(st, (win_WhatifSwitch)k);
        sw[2 * k] = win_now_ms() - t0;
        t0 = win_now_ms();
        win_whatif_switch(st, (win_WhatifSwitch)k);
        sw[2 * k + 1] = win_now_ms() - t0;
    }
    report(out, "head off, re-run", off, n);
    report(out, "  CPU time of it", cpu, n);
    report(out, "  and the frame drawn", frame, n);
    report(out, "head on again, re-run", on, n);
    report(out, "switch off/on, re-run", sw, 2 * WIN_WHATIF_COUNT);
    win_whatif_reset(st);
    st->beam = beam;
    free(off);
    free(on);
    free(frame);
    free(cpu);
}

/* 25 words the model knows: the Figure 3 sentence's words when it has them, else its own. */
static void bench_sentence(const tf_Model *m, int variant, char *out, size_t cap)
{
    const char *fig3[] = {"it", "is", "in", "this", "spirit", "that", "a", "majority", "of",
                          "american", "governments", "have", "passed", "new", "laws", "since",
                          "2009", "making", "the", "registration", "or", "voting", "process",
                          "more", "difficult"};
    bool known = true;
    for (int i = 0; i < 25; i++) known = known && tf_vocab_find(&m->src_vocab, fig3[i]) >= 0;
    size_t used = 0;
    out[0] = '\0';
    int k = 0;
    for (int i = 0; i < 25 && used + 1 < cap; i++) {
        const char *word = NULL;
        if (known) {
            word = fig3[i];
            if (variant && i == 13 && tf_vocab_find(&m->src_vocab, "strict") >= 0) word = "strict";
        } else {
            for (int tries = 0; tries < m->src_vocab.n && !word; tries++, k++) {
                const char *t = m->src_vocab.tokens[(k + (variant && i == 13 ? 1 : 0)) % m->src_vocab.n];
                if (t[0] != '<') word = t;
            }
            k++;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? " " : "", word ? word : "a");
    }
}

void win_bench(win_Window *w, int frames, FILE *out)
{
    win_State *st = w->st;
    st->hint = st->help = false;
    SDL_SetWindowSize(w->win, 1920, 1080);
    win_pump(w);
    win_draw(w);
    int ow, oh;
    SDL_GetRendererOutputSize(w->r, &ow, &oh);
    const char *rname = "?";
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(w->r, &info) == 0) rname = info.name;
    fprintf(out, "tfscope view --bench-frames %d: %d×%d output, renderer %s, video driver %s\n",
            frames, ow, oh, rname, SDL_GetCurrentVideoDriver());
    size_t cap = (size_t)(frames > 0 ? frames : 1);
    double *all = tf_xmalloc(cap * sizeof *all), *cpu = tf_xmalloc(cap * sizeof *cpu);
    double *hover = tf_xmalloc(cap * sizeof *hover), *step = tf_xmalloc(cap * sizeof *step);
    int n_hover = 0, n_step = 0;
    double *by_mode[WIN_MODE_COUNT], *cpu_mode[WIN_MODE_COUNT];
    int n_mode[WIN_MODE_COUNT] = {0};
    for (int m = 0; m < WIN_MODE_COUNT; m++) {
        by_mode[m] = tf_xmalloc((size_t)(frames > 0 ? frames : 1) * sizeof(double));
        cpu_mode[m] = tf_xmalloc((size_t)(frames > 0 ? frames : 1) * sizeof(double));
    }
    print_load(out, "before");
    int per_mode = frames / WIN_MODE_COUNT > 0 ? frames / WIN_MODE_COUNT : 1;
    for (int i = 0; i < frames; i++) {
        int mode = (i / per_mode) % WIN_MODE_COUNT;
        if (st->mode != (win_Mode)mode) win_set_mode(st, (win_Mode)mode);
        fig_Rect r = w->frame.r_main;
        float d = win_dpi_of(w);
        /* hover: sweep the main view in a zigzag, one cell-sized move per frame */
        float fx = (float)((i * 37) % 100) / 100.0f, fy = (float)((i * 53) % 100) / 100.0f;
        double t0 = win_now_ms(), c0 = cpu_ms();
        if (i % 6 == 5) win_push_key(w, "Right", NULL, 0);
        win_push_motion(w, (int)((r.x + r.w * (0.1f + 0.8f * fx)) / d), (int)((r.y + r.h * (0.1f + 0.8f * fy)) / d), false);
        SDL_Event e;
        while (SDL_PollEvent(&e)) win_handle(w, &e);
        st->version++;  /* every frame is drawn, as if something changed */
        win_draw(w);
        double dt = win_now_ms() - t0;
        all[i] = dt;
        cpu[i] = cpu_ms() - c0;
        cpu_mode[mode][n_mode[mode]] = cpu[i];
        by_mode[mode][n_mode[mode]++] = dt;
        if (i % 6 == 5) step[n_step++] = dt;
        else hover[n_hover++] = dt;
    }
    report(out, "all frames", all, frames);
    report(out, "  hovering only", hover, n_hover);
    report(out, "  with a step (1 in 6)", step, n_step);
    report(out, "  CPU time of this process", cpu, frames);
    static const char *names[WIN_MODE_COUNT] = {"  in the step view", "  in the tensor view",
                                                "  in the lines view (Fig. 3)",
                                                "  in the all-heads grid",
                                                "  in the difference view",
                                                "  in the logit lens",
                                                "  in the search tree"};
    for (int m = 0; m < WIN_MODE_COUNT; m++) {
        char what[64];
        report(out, names[m], by_mode[m], n_mode[m]);
        snprintf(what, sizeof what, "    CPU time");
        report(out, what, cpu_mode[m], n_mode[m]);
    }
    print_load(out, "after the frames");
    for (int m = 0; m < WIN_MODE_COUNT; m++) {
        free(by_mode[m]);
        free(cpu_mode[m]);
    }
    free(all);
    free(cpu);
    free(hover);
    free(step);
    if (!st->model) {
        fprintf(out, "re-run: no model (a trace file was opened)\n");
        return;
    }
    /* re-running the model after an edit of a 25-word sentence */
    char a[1024], b[1024];
    bench_sentence(st->model, 0, a, sizeof a);
    bench_sentence(st->model, 1, b, sizeof b);
    double run[40], model_ms[40];
    int n = 0;
    bool beam = st->beam;
    for (int pass = 0; pass < 2; pass++) {
        st->beam = pass == 1;
        n = 0;
        for (int i = 0; i < 20; i++) {
            win_field_set(st, i % 2 ? b : a);
            double t0 = win_now_ms();
            bool ok = win_run(st);
            double t1 = win_now_ms();
            if (!ok) {
                fprintf(out, "re-run failed: %s\n", st->msg);
                break;
            }
            run[n] = t1 - t0;
            model_ms[n++] = st->last_run_ms;
        }
        char what[64];
        snprintf(what, sizeof what, "re-run, 25 words, %s", pass ? "beam 4" : "greedy");
        report(out, what, run, n);
        snprintf(what, sizeof what, "  of which decode + trace");
        report(out, what, model_ms, n);
    }
    st->beam = beam;
    bench_whatif(w, out);
    const tf_Trace *tr = win_trace(st);
    if (tr) fprintf(out, "sentence: %d source tokens, %d decoder positions, %d recorded steps\n",
                    tr->n_src, tr->n_tgt, tr->n_nodes);
}

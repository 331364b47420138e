/* bench_export.c — how long `tfscope export` takes to draw a 1600×900 PNG, per view, on a
 * hand-made trace the size of the paper's Figure 3 sentence (27 source tokens, 6 + 6 layers,
 * 8 heads). Times the work of one export after the trace exists: building the draw list,
 * rendering it offscreen, encoding the PNG. Prints the best, median and worst wall-clock time of N runs and the median CPU time
 * (steadier on a busy machine).
 * Not a test: run by hand, `bench_export [N] [--only VIEW] [--write DIR]` (DIR gets the
 * PNGs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "cli.h"
#include "rd_export.h"
#include "view_fixture.h"

int main(int argc, char **argv)
{
    int runs = argc > 1 && argv[1][0] != '-' ? atoi(argv[1]) : 20;
    const char *dir = NULL, *only = NULL;
    for (int i = 1; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--write")) dir = argv[i + 1];
        if (!strcmp(argv[i], "--only")) only = argv[i + 1];
    }
    if (runs < 1) runs = 1;
    char err[256], src[1024];
    rd_Fonts *fonts = rd_fonts_open(NULL, err, sizeof err);
    if (!fonts) {
        fprintf(stderr, "bench_export: %s\n", err);
        return 1;
    }
    tf_Trace tr;
    vf_Shape shape = {64, 8, 6, 6, 256, 40};
    vf_make_trace(&tr, vf_sentence(27, src, sizeof src), "가 나 다 라 마 바 사 아 자 차 카 타 파 하 . <eos>", &shape);
    struct {
        const char *name;
        fig_ViewKind kind;
        const char *tensor;
        int token;
        fig_Attn attn;
    } cases[] = {
        {"matrix", FIG_VIEW_MATRIX, "enc.4.self_attn.weights", -1, FIG_ATTN_ENC},
        {"matrix_ffn", FIG_VIEW_MATRIX, "enc.4.ffn.hidden", -1, FIG_ATTN_ENC},
        {"lines_all", FIG_VIEW_LINES, "", -1, FIG_ATTN_ENC},
        {"lines_making", FIG_VIEW_LINES, "", 17, FIG_ATTN_ENC},
        {"lines_cross", FIG_VIEW_LINES, "", -1, FIG_ATTN_CROSS},
        {"grid", FIG_VIEW_GRID, "", -1, FIG_ATTN_ENC},
        {"arch", FIG_VIEW_ARCH, "enc.4.self_attn.weights", -1, FIG_ATTN_ENC},
    };
    double *t = malloc(sizeof *t * runs), *cpu = malloc(sizeof *cpu * runs);
    printf("%-14s %9s %9s %9s %9s %9s\n", "1600x900 PNG", "min ms", "median", "max", "cpu med", "bytes");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (only && strcmp(only, cases[c].name)) continue;
        fig_View s;
        fig_view_state_default(&s);
        s.kind = cases[c].kind;
        s.attn = cases[c].attn;
        s.layer = 4;
        s.token = cases[c].token;
        snprintf(s.tensor, sizeof s.tensor, "%s", cases[c].tensor);
        snprintf(s.step, sizeof s.step, "%s", cases[c].tensor);
        rd_ExportMeta meta;
        rd_export_meta(&s, &tr, &meta);
        size_t len = 0;
        for (int r = 0; r < runs; r++) {
            uint8_t *png;
            double t0 = bench_ms(CLOCK_MONOTONIC), c0 = bench_ms(CLOCK_PROCESS_CPUTIME_ID);
            if (!rd_export_png(&s, &tr, fonts, 1600, 900, &meta, &png, &len, err, sizeof err)) {
                fprintf(stderr, "bench_export: %s\n", err);
                return 1;
            }
            t[r] = bench_ms(CLOCK_MONOTONIC) - t0;
            cpu[r] = bench_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (dir && r == 0) {
                char path[1024];
                snprintf(path, sizeof path, "%s/%s.png", dir, cases[c].name);
                FILE *f = fopen(path, "wb");
                if (f) fwrite(png, 1, len, f), fclose(f);
            }
            free(png);
        }
        qsort(t, (size_t)runs, sizeof *t, bench_cmp_ms);
        qsort(cpu, (size_t)runs, sizeof *cpu, bench_cmp_ms);
        printf("%-14s %9.1f %9.1f %9.1f %9.1f %9zu\n", cases[c].name, t[0], t[runs / 2],
               t[runs - 1], cpu[runs / 2], len);
    }
    free(t);
    free(cpu);
    tf_trace_free(&tr);
    rd_fonts_close(fonts);
    return 0;
}

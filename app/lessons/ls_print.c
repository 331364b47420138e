/* ls_print.c — a lesson as plain text for terminals (`tfscope lesson N --text`, and the
 * fallback without a display): the page's blocks and spans, and its directives summarised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_lesson.h"
#include "utf8.h"

/* --- plain text ------------------------------------------------------------------------------- */

/* Spans; with a say block's items, {k} in their text is filled with the values (vals NULL: "…"). */
static void print_span_list(FILE *f, const ls_Span *sp, int n, const ls_Say *say, const ls_Value *vals)
{
    char buf[2048];
    for (int i = 0; i < n; i++) {
        const ls_Span *s = &sp[i];
        const char *t = s->text;
        if (say && (s->kind == LS_SPAN_TEXT || s->kind == LS_SPAN_CODE)) {
            ls_say_fill(s->text, say->items, vals, say->n, buf, sizeof buf);
            t = buf;
        }
        switch (s->kind) {
        case LS_SPAN_TEXT: fputs(t, f); break;
        case LS_SPAN_CODE: fprintf(f, "`%s`", t); break;
        case LS_SPAN_BREAK: fputs("\n", f); break;
        case LS_SPAN_IMAGE: fprintf(f, "[image: %s (%s)]", s->text, s->url); break;
        case LS_SPAN_COUNT: break;
        }
    }
    fputc('\n', f);
}

static void print_spans(FILE *f, const ls_Block *b)
{
    print_span_list(f, b->spans, b->n_spans, NULL, NULL);
}

static void print_say(FILE *f, const ls_Lesson *l, int dir, ls_Checker *c)
{
    const ls_Say *sy = &l->dirs[dir].say;
    ls_Value *vals = tf_xcalloc((size_t)(sy->n ? sy->n : 1), sizeof *vals);
    bool holds = true;
    bool have = c && ls_say_values(c, l, dir, vals, sy->n, &holds) == sy->n;
    print_span_list(f, sy->spans, sy->n_spans, sy, have ? vals : NULL);
    if (have && !holds) fputs("  (not true of this model)\n", f);
    free(vals);
}

/* s, then spaces up to width characters (UTF-8 code points, not bytes). */
static void put_padded(FILE *f, const char *s, int width)
{
    int n = (int)tf_utf8_count(s);
    fputs(s, f);
    for (; n < width; n++) fputc(' ', f);
}

static void print_directive(FILE *f, const ls_Directive *dv)
{
    switch (dv->kind) {
    case LS_DIR_QUIZ:
        fprintf(f, "  [quiz] %s\n", dv->quiz.question);
        for (int i = 0; i < dv->quiz.n_options; i++) fprintf(f, "         %d) %s\n", i + 1, dv->quiz.options[i]);
        break;
    case LS_DIR_TRY:
        fprintf(f, "  [try] %s\n", dv->try_.prompt);
        for (int i = 0; i < dv->try_.n_suggest; i++) fprintf(f, "        → %s\n", dv->try_.suggest[i]);
        break;
    default:
        fprintf(f, "  [%s]", ls_dir_kind_name(dv->kind));
        for (int i = 0; i < dv->n_fields; i++)
            fprintf(f, "%s %s: %s", i ? ";" : "", dv->fields[i].key, dv->fields[i].value);
        fputc('\n', f);
        break;
    }
    /* the numbers a widget shows, where they need no model */
    if (dv->kind == LS_DIR_TABLE1 && dv->table1.n > 0 && dv->table1.d > 0) {
        ls_Table1Row t[4];
        ls_table1(dv->table1.n, dv->table1.d, dv->table1.k, dv->table1.r, t);
        fprintf(f, "      n = %d, d = %d, k = %d, r = %d\n", dv->table1.n, dv->table1.d, dv->table1.k,
                dv->table1.r);
        for (int i = 0; i < 4; i++) {
            fputs("      ", f);
            put_padded(f, t[i].name_en, 29);
            put_padded(f, t[i].complexity, 11);
            fprintf(f, "%12.0f   sequential ", t[i].ops);
            put_padded(f, t[i].sequential, 6);
            fprintf(f, "%6.0f   path ", t[i].seq);
            put_padded(f, t[i].path, 10);
            fprintf(f, "%6.0f\n", t[i].path_len);
        }
    } else if (dv->kind == LS_DIR_VARIANCE) {
        for (int i = 0; i < dv->variance.n_dk; i++) {
            ls_VarianceRow r;
            ls_dot_variance(dv->variance.dk[i], dv->variance.samples, 1, &r);
            fprintf(f, "      dₖ %4d   var(q·k) %9.2f   var(q·k/√dₖ) %5.2f\n", r.dk, r.var, r.var_scaled);
        }
    } else if (dv->kind == LS_DIR_SCHEDULE && dv->schedule.d_model > 0) {
        const ls_ScheduleSpec *sc = &dv->schedule;
        int steps[] = {1, sc->warmup / 4, sc->warmup / 2, sc->warmup, 2 * sc->warmup, sc->steps};
        for (int i = 0; i < 6; i++)
            if (steps[i] >= 1)
                fprintf(f, "      step %7d   lr %.5f\n", steps[i], ls_schedule_lr(sc->d_model, sc->warmup, steps[i]));
    }
}

void ls_lesson_print(const ls_Lesson *l, int page, ls_Checker *c, void *file)
{
    FILE *f = file;
    if (page < 0) fprintf(f, "%s\n\n", l->title);
    for (int p = 0; p < l->n_pages; p++) {
        if (page >= 0 && p != page) continue;
        const ls_Page *pg = &l->pages[p];
        fprintf(f, "── %d/%d  %s ──\n\n", p + 1, l->n_pages, pg->title);
        for (int i = 0; i < pg->n_blocks; i++) {
            const ls_Block *b = &pg->blocks[i];
            for (int q = 0; q < b->quote; q++) fputs("> ", f);
            switch (b->kind) {
            case LS_BLOCK_HEADING: print_spans(f, b); break;
            case LS_BLOCK_PARAGRAPH: print_spans(f, b); break;
            case LS_BLOCK_ITEM:
                fprintf(f, "%*s%-3s ", 2 * (b->depth - 1), "", b->marker);
                print_spans(f, b);
                if (i + 1 < pg->n_blocks && pg->blocks[i + 1].kind == LS_BLOCK_ITEM) continue;
                break;
            case LS_BLOCK_CODE: {
                const char *s = b->code;
                while (*s) {
                    const char *e = strchr(s, '\n');
                    int n = e ? (int)(e - s) : (int)strlen(s);
                    fprintf(f, "    %.*s\n", n, s);
                    s += n + (e ? 1 : 0);
                }
                break;
            }
            case LS_BLOCK_RULE: fputs("────\n", f); break;
            case LS_BLOCK_DIRECTIVE:
                if (l->dirs[b->dir].kind == LS_DIR_SAY) print_say(f, l, b->dir, c);
                else print_directive(f, &l->dirs[b->dir]);
                break;
            case LS_BLOCK_COUNT: break;
            }
            fputc('\n', f);
        }
    }
}

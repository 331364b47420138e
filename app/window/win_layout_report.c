/* win_layout_report.c — `tfscope view --layout-report`: what the frame did to its texts. One line
 * per text that was shortened (it ends in "…"), clipped (its box reaches outside the clip it is
 * drawn in, or the window; not the sentence field's, which scrolls) or that overlaps another text,
 * then the counts. Read from the frame's
 * composed draw list, so it sees what is drawn, views and lesson panel included. Not a judge of
 * the layout's looks. */
#include "win_layout_int.h"

static bool ends_with_ellipsis(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && !strcmp(s + n - 3, "\xE2\x80\xA6");
}

static fig_Rect inter(fig_Rect a, fig_Rect b)
{
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (fig_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

void win_layout_report(const win_Frame *f, win_LayoutCounts *counts, FILE *out)
{
    fig_List all;
    fig_draw_init(&all);
    win_frame_compose(f, &all);
    fig_Rect window = {0, 0, (float)f->width, (float)f->height}, clip = window;
    int n = 0, cap = 64;
    const fig_Cmd **texts = tf_xmalloc((size_t)cap * sizeof *texts);
    fig_Rect *clips = tf_xmalloc((size_t)cap * sizeof *clips);
    *counts = (win_LayoutCounts){0};
    for (int i = 0; i < all.n; i++) {
        const fig_Cmd *c = &all.cmds[i];
        if (c->kind == FIG_CMD_CLIP) {
            clip = c->r.w > 0 && c->r.h > 0 ? inter(c->r, window) : window;
            continue;
        }
        /* the tooltip lies over other text on purpose, and only while pointed at */
        if (c->kind != FIG_CMD_TEXT || c->tag == FIG_TAG_TOOLTIP || !fig_draw_text_of(&all, c)[0])
            continue;
        if (n == cap) {
            cap *= 2;
            texts = realloc(texts, (size_t)cap * sizeof *texts);
            clips = realloc(clips, (size_t)cap * sizeof *clips);
            TF_ASSERT(texts && clips);
        }
        texts[n] = c;
        clips[n++] = clip;
    }
    for (int i = 0; i < n; i++) {
        const fig_Cmd *c = texts[i];
        const char *t = fig_draw_text_of(&all, c);
        fig_Rect in = inter(c->r, clips[i]);
        bool shortened = ends_with_ellipsis(t);
        /* the sentence field scrolls its text: what it hides is not lost */
        bool in_field = f->r_field.w > 0 && c->r.y >= f->r_field.y &&
                        c->r.y + c->r.h <= f->r_field.y + f->r_field.h + 1 &&
                        clips[i].x >= f->r_field.x - 1 &&
                        clips[i].x + clips[i].w <= f->r_field.x + f->r_field.w + 1;
        bool clipped = !in_field && (in.w < c->r.w - 1.5f || in.h < c->r.h - 1.5f);
        int over = -1;
        for (int j = 0; j < n && over < 0; j++) {
            if (j == i) continue;
            fig_Rect o = inter(inter(c->r, texts[j]->r), inter(clips[i], clips[j]));
            if (o.w > 2 && o.h > 2) over = j;
        }
        counts->texts++;
        counts->shortened += shortened;
        counts->clipped += clipped;
        counts->overlapping += over >= 0;
        if (!out || !(shortened || clipped || over >= 0)) continue;
        fprintf(out, "%s%s%s at %.0f,%.0f %.0fx%.0f: \"%s\"", shortened ? "shortened " : "",
                clipped ? "clipped " : "", over >= 0 ? "overlapping " : "", (double)c->r.x,
                (double)c->r.y, (double)c->r.w, (double)c->r.h, t);
        if (over >= 0) fprintf(out, " and \"%s\"", fig_draw_text_of(&all, texts[over]));
        fputc('\n', out);
    }
    if (out)
        fprintf(out, "layout: %d texts, %d shortened, %d clipped, %d overlapping\n", counts->texts,
                counts->shortened, counts->clipped, counts->overlapping);
    free(texts);
    free(clips);
    fig_draw_free(&all);
}

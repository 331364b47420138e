/* win_layout_report.c — `tfscope view --layout-report`: what the frame did to its texts. One line
 * per text that was shortened (it ends in "…"), clipped (its box reaches outside the clip it is
 * drawn in, or the window; not the sentence field's, which scrolls), that overlaps another text,
 * or that is shown shortened or abbreviated although it holds what the open lesson page names (a
 * tensor, token or head: "named-by-lesson"), then the counts. Read from the frame's
 * composed draw list, so it sees what is drawn, views and lesson panel included. Not a judge of
 * the layout's looks. */
#include "win_layout_int.h"

#include <ctype.h>

static bool ends_with_ellipsis(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && !strcmp(s + n - 3, "\xE2\x80\xA6");
}

/* A byte that continues a word or a number: "0" is not named inside "-5.749" or "10". */
static bool word_byte(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '.') return i > 0 && isdigit((unsigned char)s[i - 1]) && isdigit((unsigned char)s[i + 1]);
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* Whether hay holds word as a whole word (not inside a longer word or number). */
static bool has_word(const char *hay, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(hay, word); p; p = strstr(p + 1, word)) {
        size_t at = (size_t)(p - hay);
        bool before = at == 0 || !word_byte(hay, at - 1) || !word_byte(word, 0);
        bool after = !p[n] || !word_byte(hay, at + n) || !word_byte(word, n - 1);
        if (before && after) return true;
    }
    return false;
}

/* Whether another text with the same tip shows ref: a paragraph shortened on its last line
 * carries its whole text as that line's tip, and its earlier lines show what they hold. */
static bool shown_with_tip(const fig_List *all, const char *tip, const char *ref)
{
    for (int i = 0; i < all->n; i++) {
        const char *other = fig_draw_tip_of(all, &all->cmds[i]);
        if (all->cmds[i].kind == FIG_CMD_TEXT && other && !strcmp(other, tip) &&
            has_word(fig_draw_text_of(all, &all->cmds[i]), ref))
            return true;
    }
    return false;
}

/* What the side panel names that t (shown for its tip) hides, or NULL. A lone "…" standing for
 * items of a list left out (output tokens), or a sentence shortened, hides none: each of their
 * tokens is shown in the views. */
static const char *hides_named(const win_Frame *f, const fig_List *all, const fig_Cmd *c,
                               const char *t)
{
    const char *tip = fig_draw_tip_of(all, c);
    if (!tip || !strcmp(t, "\xE2\x80\xA6") || c->tag == FIG_TAG_SEQUENCE || c->tag == FIG_TAG_HINT)
        return NULL;
    for (int k = 0; k < f->n_refs; k++) {
        /* a number (a row or column the page names) is named by the axis labels that start
         * with it ("1", "1 it"), not by the "1" of a formula */
        const char *ref = f->refs[k];
        size_t n = strlen(ref);
        if (ref[strspn(ref, "0123456789")] == '\0' &&
            (strncmp(tip, ref, n) || (tip[n] && tip[n] != ' ')))
            continue;
        if (has_word(tip, ref) && !has_word(t, ref) && !shown_with_tip(all, tip, ref)) return ref;
    }
    return NULL;
}

static fig_Rect inter(fig_Rect a, fig_Rect b)
{
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (fig_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

/* Whether the text at index i of all lies, wholly or in part, under an opaque modal card drawn
 * after it (help, export dialog): behind the card, it is neither clipped nor overlapping. */
static bool under_sheet(const fig_List *all, int i)
{
    for (int j = i + 1; j < all->n; j++) {
        const fig_Cmd *c = &all->cmds[j];
        if (c->kind == FIG_CMD_RECT && c->tag == FIG_TAG_SHEET &&
            fig_draw_rect_overlap(c->r, all->cmds[i].r))
            return true;
    }
    return false;
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
        if (c->kind != FIG_CMD_TEXT || c->tag == FIG_TAG_TOOLTIP || !fig_draw_text_of(&all, c)[0] ||
            under_sheet(&all, i))
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
        /* the lesson panel draws prose word by word: a "…" of its own is a word, not a cut */
        bool prose = f->r_side.w > 0 && !fig_draw_tip_of(&all, c) &&
                     fig_draw_rect_contains(f->r_side, c->r.x + 1, c->r.y + 1);
        bool shortened = ends_with_ellipsis(t) && !prose;
        /* shown cut or abbreviated although the lesson names what it hides */
        const char *named = hides_named(f, &all, c, t);
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
        counts->named += named != NULL;
        if (!out || !(shortened || clipped || over >= 0 || named)) continue;
        fprintf(out, "%s%s%s%s at %.0f,%.0f %.0fx%.0f: \"%s\"", shortened ? "shortened " : "",
                named ? "named-by-lesson " : "", clipped ? "clipped " : "",
                over >= 0 ? "overlapping " : "", (double)c->r.x, (double)c->r.y, (double)c->r.w,
                (double)c->r.h, t);
        if (named) fprintf(out, " hides \"%s\"", named);
        if (over >= 0) fprintf(out, " and \"%s\"", fig_draw_text_of(&all, texts[over]));
        fputc('\n', out);
    }
    if (out && f->n_refs)
        fprintf(out, "layout: %d texts, %d shortened, %d clipped, %d overlapping, %d hide what the "
                     "lesson names\n", counts->texts, counts->shortened, counts->clipped,
                counts->overlapping, counts->named);
    else if (out)
        fprintf(out, "layout: %d texts, %d shortened, %d clipped, %d overlapping\n", counts->texts,
                counts->shortened, counts->clipped, counts->overlapping);
    free(texts);
    free(clips);
    fig_draw_free(&all);
}

/* ls_panel_text.c — what the lesson panel writes its column with (see ls_panel_int.h): text
 * flowed word by word into the column (fig_wrap; inline code on a tinted box), styled spans (with
 * a say block's values filled in), paragraphs and buttons. The pages are ls_panel_draw.c, the
 * widgets ls_panel_widgets.c. */
#include <stdio.h>
#include <string.h>

#include "ls_panel_int.h"

/* Flows text from (*x, c->y) within the column: the words that fit on the line (fig_wrap), drawn
 * one by one (inline code on its box), then the next line from the indent. */
static void flow(Ctx *c, float *x, const char *text, int size, bool bold, const vec4 col, bool code,
                 float indent)
{
    float line = ls_panel_line_h(c, size) * 1.25f, left = c->x0 + indent, right = c->x0 + c->w;
    fig_Font f = {size, bold, FIG_ROT_0, {0, 0, 0, 1}, false};
    const char *s = text;
    while (*s) {
        const char *next;
        size_t n = fig_wrap(&c->m, s, &f, right - *x, FIG_WRAP_WORDS, *x <= left, &next);
        for (const char *e = s; e < s + n || (e < next && !*next);) {
            const char *w = e;
            while (e < s + n && *e != ' ' && *e != '\n') e++;
            char word[512];
            size_t k = (size_t)(e - w) < sizeof word - 1 ? (size_t)(e - w) : sizeof word - 1;
            memcpy(word, w, k);
            word[k] = '\0';
            float ww = ls_panel_text_w(c, word, size, bold);
            if (code && k) {
                fig_Rect box = {*x - 2 * c->s, c->y, ww + 4 * c->s, ls_panel_line_h(c, size)};
                ls_panel_rect(c, box, FIG_C_CODE_BG);
            }
            ls_panel_put(c, word, *x, c->y, size, bold, col);
            *x += ww;
            if (e < next && (*e == ' ' || *e == '\n')) {
                *x += ls_panel_text_w(c, " ", size, bold);
                e++;
            }
        }
        s = next;
        if (*s) {
            *x = left;
            c->y += line;
        }
    }
}

/* Spans flowed into the column; with a say block, {k} in their text becomes its value. */
void ls_panel_spans(Ctx *c, const ls_Span *sp, int n, int size, bool bold_all, float indent,
                    const ls_Say *say, const ls_Value *vals)
{
    float x = c->x0 + indent;
    char buf[2048];
    for (int i = 0; i < n; i++) {
        const ls_Span *k = &sp[i];
        const char *t = k->text ? k->text : "";
        if (say && (k->kind == LS_SPAN_TEXT || k->kind == LS_SPAN_CODE)) {
            ls_say_fill(t, say->items, vals, say->n, buf, sizeof buf);
            t = buf;
        }
        switch (k->kind) {
        case LS_SPAN_TEXT: {
            bool bold = bold_all || (k->style & LS_STRONG);
            const float *col = (k->style & LS_LINK) ? FIG_C_ACCENT
                               : (k->style & LS_EMPH) ? FIG_C_EMPH : FIG_C_TEXT;
            flow(c, &x, t, size, bold, col, false, indent);
            break;
        }
        case LS_SPAN_CODE: flow(c, &x, t, size, false, FIG_C_CODE, true, indent); break;
        case LS_SPAN_BREAK:
            x = c->x0 + indent;
            c->y += ls_panel_line_h(c, size) * 1.25f;
            break;
        case LS_SPAN_IMAGE: {
            char alt[600];
            snprintf(alt, sizeof alt, "[%s]", k->text && k->text[0] ? k->text : "image");
            flow(c, &x, alt, size, false, FIG_C_DIM, false, indent);
            break;
        }
        default: break;
        }
    }
    c->y += ls_panel_line_h(c, size) * 1.25f;
}

void ls_panel_para(Ctx *c, const char *text, int size, bool bold, const vec4 col, float indent)
{
    float x = c->x0 + indent;
    flow(c, &x, text, size, bold, col, false, indent);
    c->y += ls_panel_line_h(c, size) * 1.25f;
}

void ls_panel_button_fill(Ctx *c, BtnId id, int arg, const char *label, float x, float y,
                          float *w_out, const float *fill)
{
    int size = c->size;
    float w = ls_panel_text_w(c, label, size, true) + 16 * c->s;
    float h = ls_panel_line_h(c, size) + 8 * c->s;
    fig_Rect r = {x, y, w, h};
    if (c->l) {
        fig_draw_rect(c->l, r, fill);
        ls_panel_put(c, label, x + 8 * c->s, y + 4 * c->s, size, true, FIG_C_WHITE);
        ls_Panel *p = c->p;
        if (p->n_btn < LS_PANEL_BUTTONS && ls_panel_shown(c, r.y, r.h))
            p->btn[p->n_btn++] = (Btn){id, arg, r};
    }
    if (w_out) *w_out = w;
}

void ls_panel_button(Ctx *c, BtnId id, int arg, const char *label, float x, float y,
                     float *w_out, bool primary)
{
    ls_panel_button_fill(c, id, arg, label, x, y, w_out, primary ? FIG_C_ACCENT : FIG_C_BUTTON);
}

/* ls_panel_draw.c — the lesson panel drawn (see ls_panel.h): the lesson and page titles, the
 * page's paragraphs, lists, code and rules flowed word by word into the column (emphasis in colour,
 * strong in bold, inline code on a tinted box, images by their alt text), the quiz box with its
 * options and verdict, the say blocks, and Previous / Next / Back to the lesson (the Table 1 /
 * variance / schedule widgets are ls_panel_widgets.c, the text and buttons ls_panel_text.c). The
 * body size shrinks (15 pt down to 12 pt) until the page fits; a page longer than that scrolls
 * (ls_panel.c: the wheel, Shift+PgDn / PgUp), with a bar at the right edge, and shows whole lines
 * only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_panel_int.h"
#include "ls_checker.h"
#include "utf8.h"

static void spans(Ctx *c, const ls_Span *sp, int n, int size, bool bold_all, float indent)
{
    ls_panel_spans(c, sp, n, size, bold_all, indent, NULL, NULL);
}

/* The learner's answer in words: "head 3", "'making'", "row 2, column 5", "0.25". */
static void chosen_words(const ls_Panel *p, const win_State *st, char *out, size_t cap)
{
    const ls_Response *r = &p->chosen;
    const tf_Trace *tr = win_trace(st);
    bool ko = ls_panel_ko(p);
    switch (r->kind) {
    case LS_RESP_HEAD: snprintf(out, cap, ko ? "%d번 헤드" : "head %d", r->index); break;
    case LS_RESP_TOKEN: {
        bool tgt = r->side == LS_SIDE_TGT;
        int n = tr ? (tgt ? tr->n_tgt : tr->n_src) : 0;
        const char *t = r->index >= 0 && r->index < n ? (tgt ? tr->tgt_tokens : tr->src_tokens)[r->index] : "?";
        snprintf(out, cap, "'%s'", t);
        break;
    }
    case LS_RESP_CELL:
        snprintf(out, cap, ko ? "%d행 %d열" : "row %d, column %d", r->row, r->col);
        break;
    case LS_RESP_NUMBER:
    case LS_RESP_TEXT: snprintf(out, cap, "%s", r->text[0] ? r->text : "?"); break;
    case LS_RESP_CHOICE: {
        const ls_Quiz *q = &p->lesson.dirs[p->quiz_dir].quiz;
        snprintf(out, cap, "%d  %s", r->index,
                 r->index >= 1 && r->index <= q->n_options ? q->options[r->index - 1] : "?");
        break;
    }
    default: out[0] = '\0'; break;
    }
}

/* The verdict under the quiz: Right / Not right, the learner's answer, the feedback and (when
 * right) the explanation. */
static void feedback(Ctx *c, const win_State *st, bool right, const char *verdict)
{
    ls_Panel *p = c->p;
    const ls_Quiz *q = &p->lesson.dirs[p->quiz_dir].quiz;
    ls_panel_put(c,
        right ? (ls_panel_ko(p) ? "정답입니다" : "Right")
              : (ls_panel_ko(p) ? "틀렸습니다" : "Not right"),
        c->x0, c->y, c->size, true, right ? FIG_C_RIGHT : FIG_C_ERROR);
    c->y += ls_panel_line_h(c, c->size) * 1.25f;
    if (p->have_chosen || !c->l) {  /* measuring: a line for the answer to come */
        char what[400] = "head 00", t[512];
        if (p->have_chosen) chosen_words(p, st, what, sizeof what);
        for (int i = 0; !p->have_chosen && i < q->n_options; i++)  /* the longest option */
            if (strlen(q->options[i]) + 3 > strlen(what))
                snprintf(what, sizeof what, "%d  %s", i + 1, q->options[i]);
        snprintf(t, sizeof t, "%s %s", ls_panel_ko(p) ? "고른 답:" : "Your answer:", what);
        ls_panel_para(c, t, c->size, true, right ? FIG_C_RIGHT : FIG_C_ERROR, 0);
    }
    ls_panel_para(c, verdict, c->size, false, FIG_C_TEXT, 0);
    if (right && q->explain) {
        char t[2048];
        ls_format(q->explain, &p->answer, p->lang, t, sizeof t);
        ls_panel_para(c, t, c->size, false, FIG_C_DIM, 0);
    }
}

static void quiz_block(Ctx *c, int di, const win_State *st)
{
    ls_Panel *p = c->p;
    const ls_Quiz *q = &p->lesson.dirs[di].quiz;
    bool active = di == p->quiz_dir;
    float top = c->y, pad = 6 * c->s;
    size_t mark = c->l ? (size_t)c->l->n : 0;
    /* replaced below */
    ls_panel_rect(c, (fig_Rect){c->x0 - pad, top, c->w + 2 * pad, 1}, FIG_C_ACCENT);
    c->y += pad;
    ls_panel_para(c, ls_panel_ko(p) ? "퀴즈" : "Quiz", c->size, true, FIG_C_ACCENT, 0);
    ls_panel_para(c, q->question ? q->question : "", c->size, false, FIG_C_TEXT, 0);
    if (q->n_options > 0) {
        float x = c->x0;
        for (int i = 0; i < q->n_options; i++) {
            char label[300];
            snprintf(label, sizeof label, "%d  %s", i + 1, q->options[i]);
            float w = ls_panel_text_w(c, label, c->size, true) + 16 * c->s;
            if (x + w > c->x0 + c->w && x > c->x0) {
                x = c->x0;
                c->y += ls_panel_line_h(c, c->size) + 12 * c->s;
            }
            bool chosen = active && p->have_chosen && p->chosen.kind == LS_RESP_CHOICE &&
                          p->chosen.index == i + 1;
            ls_panel_button_fill(c, B_OPTION, i + 1, label, x, c->y, &w,
                                 !chosen ? FIG_C_BUTTON : p->quiz == LS_PANEL_QUIZ_RIGHT ? FIG_C_RIGHT : FIG_C_ERROR);
            x += w + 6 * c->s;
        }
        c->y += ls_panel_line_h(c, c->size) + 14 * c->s;
    } else if (active && p->quiz != LS_PANEL_QUIZ_RIGHT) {
        const char *how;
        switch (p->have_answer ? p->answer.kind : LS_ANSWER_TOKEN) {
        case LS_ANSWER_HEAD:
            how = ls_panel_ko(p)
                ? "헤드 칩을 클릭하거나 그 번호의 숫자 키를 누르세요 (3 = 3번 헤드)."
                : "Click a head chip, or press its number (3 = head 3).";
            break;
        case LS_ANSWER_NUMBER:
            how = ls_panel_ko(p) ? "숫자를 입력하고 Enter를 누르세요."
                                 : "Type a number and press Enter.";
            break;
        case LS_ANSWER_VOCAB:
            how = ls_panel_ko(p) ? "출력 토큰을 클릭하세요." : "Click the output token.";
            break;
        default:
            how = ls_panel_ko(p) ? "뷰에서 토큰(또는 셀)을 클릭하세요."
                                 : "Click the token (or a cell) in the view.";
            break;
        }
        ls_panel_para(c, how, c->size - 1, false, FIG_C_DIM, 0);
        if (p->have_answer && p->answer.kind == LS_ANSWER_NUMBER) {
            char t[64];
            snprintf(t, sizeof t, "> %s_", p->typed);
            ls_panel_para(c, t, c->size, true, FIG_C_TEXT, 0);
        }
    }
    if (active && !c->l && p->quiz != LS_PANEL_QUIZ_RIGHT) {
        /* measuring: room for the longer of the two verdicts, so that answering does not change
         * the size of the page's text */
        char t[1024];
        float y0 = c->y, tall = 0;
        for (int right = 0; right < 2; right++) {
            const char *v = right ? q->right : q->wrong;
            ls_format(v ? v : "Not quite — try again.", &p->answer, p->lang, t, sizeof t);
            c->y = y0;
            feedback(c, st, right, t);
            tall = fmaxf(tall, c->y - y0);
        }
        c->y = y0 + tall;
    } else if (active && p->quiz != LS_PANEL_QUIZ_OPEN) {
        feedback(c, st, p->quiz == LS_PANEL_QUIZ_RIGHT, p->verdict);
    }
    c->y += pad;
    if (c->l) { /* the quiz box behind its text: turn the placeholder into the background */
        fig_Cmd *bg = &c->l->cmds[mark];
        bg->r = (fig_Rect){c->x0 - pad, top, c->w + 2 * pad, c->y - top};
        memcpy(bg->color, FIG_C_QUIZ_BG, sizeof bg->color);
    }
    c->y += pad;
}


/* A say block: its sentence with the values measured on the window's model (once), and a note
 * when a claim does not hold for this model. */
static void say_block(Ctx *c, int di, const win_State *st)
{
    ls_Panel *p = c->p;
    DirState *d = &p->ds[di];
    const ls_Say *sy = &p->lesson.dirs[di].say;
    if (!d->say_done && st->model) {
        d->say_done = true;
        if (!p->checker) p->checker = ls_checker_new(st->model);
        d->say = calloc((size_t)(sy->n ? sy->n : 1), sizeof *d->say);
        if (d->say && ls_say_values(p->checker, &p->lesson, di, d->say, sy->n, &d->say_holds) != sy->n) {
            free(d->say);
            d->say = NULL;
        }
    }
    ls_panel_spans(c, sy->spans, sy->n_spans, c->size, false, 0, sy, d->say);
    if (d->say && !d->say_holds)
        ls_panel_para(c, ls_panel_ko(p) ? "(이 모델에서는 성립하지 않습니다)" : "(not true of this model)",
                      c->size - 1, false, FIG_C_ERROR, 0);
    c->y += ls_panel_line_h(c, c->size) * 0.35f;
}

/* A try-it sentence: a link that puts it into the sentence field and runs it. */
static void try_line(Ctx *c, int di, int k, const char *sentence)
{
    ls_Panel *p = c->p;
    char t[1024];
    snprintf(t, sizeof t, "▶ %s", sentence);
    float top = c->y, ind = 14 * c->s;
    ls_panel_para(c, t, c->size, false, FIG_C_ACCENT, ind);
    if (c->l && p->n_btn < LS_PANEL_BUTTONS && ls_panel_shown(c, top, c->y - top))
        p->btn[p->n_btn++] = (Btn){B_TRY, di * LS_PANEL_TRY_MAX + k,
                                   (fig_Rect){c->x0 + ind, top, c->w - ind, c->y - top}};
}

/* The end of the lesson: what it went through (its page titles) and the next lesson. */
static void end_body(Ctx *c)
{
    ls_Panel *p = c->p;
    bool ko = ls_panel_ko(p);
    ls_panel_put(c, ko ? "레슨을 마쳤습니다" : "Lesson complete", c->x0, c->y, c->size + 5, true,
                 FIG_C_RIGHT);
    c->y += ls_panel_line_h(c, c->size + 5) * 1.25f + 4 * c->s;
    ls_panel_para(c, ko ? "이 레슨에서 살펴본 것:" : "What this lesson went through:", c->size, true,
                  FIG_C_TEXT, 0);
    for (int i = 0; i < p->lesson.n_pages; i++) {
        const char *t = p->lesson.pages[i].title;
        if (!t || !t[0]) continue;
        ls_panel_put(c, "•", c->x0 + 4 * c->s, c->y, c->size, false, FIG_C_DIM);
        ls_panel_para(c, t, c->size, false, FIG_C_TEXT, 18 * c->s);
        c->y -= ls_panel_line_h(c, c->size) * 0.15f;
    }
    c->y += ls_panel_line_h(c, c->size) * 0.5f;
    char t[512];
    if (p->next_number) {
        snprintf(t, sizeof t, ko ? "다음 레슨: %d. %s — N을 누르거나 아래 버튼을 누르세요."
                                 : "Next: lesson %d, %s — press N or the button below.",
                 p->next_number, p->next_title);
        ls_panel_para(c, t, c->size, false, FIG_C_TEXT, 0);
    } else {
        ls_panel_para(c, ko ? "마지막 레슨이었습니다. 수고하셨습니다." : "That was the last lesson.",
                      c->size, false, FIG_C_TEXT, 0);
    }
}

/* Lays out the page from c->y; returns the height used. */
static void page_body(Ctx *c, const win_State *st)
{
    ls_Panel *p = c->p;
    if (ls_panel_at_end(p)) {
        end_body(c);
        return;
    }
    const ls_Page *pg = &p->lesson.pages[p->page];
    ls_panel_para(c, pg->title ? pg->title : "", c->size + 5, true, FIG_C_TEXT, 0);
    c->y += 4 * c->s;
    for (int i = 0; i < pg->n_blocks; i++) {
        const ls_Block *b = &pg->blocks[i];
        float q = b->quote * 12 * c->s;
        switch (b->kind) {
        case LS_BLOCK_PARAGRAPH:
            spans(c, b->spans, b->n_spans, c->size, false, q);
            c->y += ls_panel_line_h(c, c->size) * 0.35f;
            break;
        case LS_BLOCK_HEADING: spans(c, b->spans, b->n_spans, c->size + 2, true, q); break;
        case LS_BLOCK_ITEM: {
            float ind = q + 18 * c->s * (float)b->depth;
            if (b->marker[0])
                ls_panel_put(c, b->marker, c->x0 + ind - 14 * c->s, c->y, c->size, false,
                             FIG_C_DIM);
            spans(c, b->spans, b->n_spans, c->size, false, ind);
            c->y -= ls_panel_line_h(c, c->size) * 0.15f;
            break;
        }
        case LS_BLOCK_CODE: {
            float top = c->y;
            size_t mark = c->l ? (size_t)c->l->n : 0;
            ls_panel_rect(c, (fig_Rect){0, 0, 0, 0}, FIG_C_CODE_BG);
            c->y += 4 * c->s;
            char *dup = strdup(b->code ? b->code : "");
            /* preformatted text (tables among it) in the monospaced face, columns kept */
            fig_Font mf = {c->size - 1, false, FIG_ROT_0,
                           {FIG_C_TEXT[0], FIG_C_TEXT[1], FIG_C_TEXT[2], FIG_C_TEXT[3]}, true};
            for (char *ln = dup ? strtok(dup, "\n") : NULL; ln; ln = strtok(NULL, "\n")) {
                if (c->l && ls_panel_shown(c, c->y, ls_panel_line_h(c, c->size - 1)))
                    fig_text(c->l, &c->m, ln, &mf, c->x0 + 6 * c->s, c->y, FIG_LEFT | FIG_TOP);
                c->y += ls_panel_line_h(c, c->size - 1) * 1.2f;
            }
            free(dup);
            c->y += 4 * c->s;
            if (c->l) c->l->cmds[mark].r = (fig_Rect){c->x0, top, c->w, c->y - top};
            c->y += 6 * c->s;
            break;
        }
        case LS_BLOCK_RULE:
            ls_panel_rect(c, (fig_Rect){c->x0, c->y + 4 * c->s, c->w, 1}, FIG_C_BORDER);
            c->y += 10 * c->s;
            break;
        case LS_BLOCK_DIRECTIVE: {
            const ls_Directive *d = &p->lesson.dirs[b->dir];
            switch (d->kind) {
            case LS_DIR_QUIZ: quiz_block(c, b->dir, st); break;
            case LS_DIR_TRY: {
                char t[1024];
                snprintf(t, sizeof t, "%s %s", ls_panel_ko(p) ? "직접 해 보기:" : "Try it:",
                         d->try_.prompt ? d->try_.prompt : "");
                ls_panel_para(c, t, c->size, false, FIG_C_EMPH, 0);
                for (int k = 0; k < d->try_.n_suggest && k < LS_PANEL_TRY_MAX; k++)
                    try_line(c, b->dir, k, d->try_.suggest[k]);
                break;
            }
            case LS_DIR_TABLE1: ls_panel_table1(c, b->dir, st); break;
            case LS_DIR_VARIANCE: ls_panel_variance(c, b->dir, st); break;
            case LS_DIR_SCHEDULE: ls_panel_schedule(c, b->dir, st); break;
            case LS_DIR_SAY: say_block(c, b->dir, st); break;
            default: break;
            }
            break;
        }
        default: break;
        }
        c->y += 4 * c->s;
    }
}

/* The scroll bar of a long page, at the panel's right edge: the thumb shows the part on view. */
static void scroll_bar(Ctx *c, const ls_Panel *p, fig_Rect r, float top, float bottom)
{
    float h = bottom - top, total = h + p->scroll_max;
    float x = r.x + r.w - 7 * c->s, bw = 4 * c->s;
    float th = fmaxf(h * h / total, 24 * c->s), ty = top + (h - th) * (p->scroll / p->scroll_max);
    fig_draw_rect(c->l, (fig_Rect){x, top, bw, h}, FIG_C_FAINT);
    fig_draw_rect(c->l, (fig_Rect){x, ty, bw, th}, FIG_C_DIM);
}

void ls_panel_draw(void *ctx, const win_State *st, fig_List *l, fig_Rect r, float scale,
                   fig_Measure m)
{
    ls_Panel *p = ctx;
    ls_panel_poll(p, st);
    if (p->have_answer && p->answer_gen != st->generation) ls_panel_quiz_prepare(p, st);
    p->n_btn = 0;
    fig_draw_rect(l, r, FIG_C_PAPER);
    fig_draw_rect(l, (fig_Rect){r.x, r.y, 1, r.h}, FIG_C_BORDER);
    float pad = 14 * scale;
    Ctx c = {p, NULL, m, scale, r.x + pad, r.w - 2 * pad, 0, 0, 0, 0, 0};
    /* header: lesson title and page */
    bool away = ls_panel_away(p, st);
    float row = ls_panel_line_h(&c, (int)lroundf(14 * scale)) + 8 * scale;
    float foot = row + 18 * scale + (away ? row + 8 * scale : 0);
    float body_top = r.y + pad, body_bottom = r.y + r.h - foot;
    char head[512];
    snprintf(head, sizeof head, "%s %d · %s", ls_panel_ko(p) ? "레슨" : "Lesson", p->lesson.number,
             p->lesson.title);
    /* the largest body size (15 pt down to 12 pt) at which the page fits; longer, it scrolls */
    int size = (int)lroundf(15 * scale);
    for (;; size--) {
        c.size = size;
        c.y = body_top;
        c.l = NULL;
        ls_panel_para(&c, head, size - 1, false, FIG_C_DIM, 0);
        page_body(&c, st);
        if (c.y <= body_bottom || size <= (int)lroundf(12 * scale)) break;
    }
    p->body_h = body_bottom - body_top;
    p->scroll_max = fmaxf(0, c.y - body_bottom);
    p->scroll = fminf(fmaxf(p->scroll, 0), p->scroll_max);
    c.size = size;
    c.l = l;
    c.y = body_top - p->scroll;
    if (p->scroll_max > 0) {
        c.vis0 = body_top;
        c.vis1 = body_bottom;
        scroll_bar(&c, p, r, body_top, body_bottom);
    }
    fig_draw_clip(l, (fig_Rect){r.x, r.y, r.w, body_bottom - r.y});
    ls_panel_para(&c, head, size - 1, false, FIG_C_DIM, 0);
    page_body(&c, st);
    fig_draw_unclip(l);
    /* footer: Previous, page n/N, Next, Back to the lesson */
    c.vis0 = c.vis1 = 0;
    c.size = (int)lroundf(14 * scale);
    float y = r.y + r.h - foot + 10 * scale, x = c.x0, w;
    fig_draw_rect(l, (fig_Rect){r.x, y - 10 * scale, r.w, 1}, FIG_C_BORDER);
    if (away) {
        ls_panel_button(&c, B_BACK, 0,
                        ls_panel_ko(p) ? "레슨 화면으로 돌아가기 (R)" : "Back to the lesson (R)", x, y, &w,
                        false);
        y += row + 8 * scale;
    }
    if (p->page > 0) {
        ls_panel_button(&c, B_PREV, 0, ls_panel_ko(p) ? "< 이전 (P)" : "< Previous (P)", x, y, &w, false);
        x += w + 8 * scale;
    }
    char t[32];
    if (ls_panel_at_end(p)) snprintf(t, sizeof t, "%s", ls_panel_ko(p) ? "끝" : "end");
    else snprintf(t, sizeof t, "%d / %d", p->page + 1, p->lesson.n_pages);
    ls_panel_put(&c, t, x, y + 4 * scale, c.size, false, FIG_C_DIM);
    x += ls_panel_text_w(&c, t, c.size, false) + 8 * scale;
    if (!ls_panel_at_end(p)) {
        bool last = p->page + 1 == p->lesson.n_pages;
        ls_panel_button(&c, B_NEXT, 0,
                        last ? (ls_panel_ko(p) ? "마치기 (N) >" : "Finish (N) >")
                             : (ls_panel_ko(p) ? "다음 (N) >" : "Next (N) >"),
                        x, y, &w, true);
        x += w + 8 * scale;
    } else if (p->next_number) {
        ls_panel_button(&c, B_NEXT_LESSON, 0, ls_panel_ko(p) ? "다음 레슨 (N) >" : "Next lesson (N) >", x, y,
                        &w, true);
        x += w + 8 * scale;
    }
}


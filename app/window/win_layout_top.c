/* win_layout_top.c — the top of the frame: the bar with the sentence field (unknown words marked,
 * the cursor kept in view), its suggestions, and the strip of Korean output tokens. Part of the
 * layout (win_layout.c). */
#include "win_layout_int.h"

/* --- the parts of the frame ----------------------------------------------------------------- */

static const vec4 C_SELECTION = {0.145f, 0.388f, 0.922f, 0.25f};  /* the accent, see-through */

static void visible_field(const win_State *st, int *v0, int *v1)
{
    int len = (int)strlen(st->input);
    if (len < 900) {
        *v0 = 0;
        *v1 = len;
        return;
    }
    /* long text: a window of it around the cursor, so measuring stays cheap and exact */
    int a = st->editing ? st->cursor - 400 : 0;
    if (a < 0) a = 0;
    a = (int)tf_utf8_floor(st->input, (size_t)a);
    int e = a + 850 < len ? a + 850 : len;
    e = (int)tf_utf8_floor(st->input, (size_t)e);
    *v0 = a;
    *v1 = e;
}

static bool under_cursor(const win_State *st, const win_Unknown *u)
{
    return st->editing && st->cursor >= u->start && st->cursor <= u->start + u->len;
}

void win_layout_field(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    win_Frame *f = b->f;
    f->r_field = r;
    rect(b, r, FIG_C_WHITE);
    if (st->editing)
        frame(b, (fig_Rect){r.x - 2, r.y - 2, r.w + 4, r.h + 4}, P(b, 2), FIG_C_ACCENT);
    widget(b, WIN_W_FIELD, 0, r);
    int size = fsize(b, 14);
    float pad = P(b, 10), cy = r.y + r.h * 0.5f;
    if (!st->input[0] && !st->editing) {
        text_at(b, win_str(st->lang, S_FIELD_PLACEHOLDER), size, false, FIG_C_DIM, r.x + pad, cy,
                FIG_LEFT | FIG_VCENTER);
        f->field_vis0 = f->field_vis1 = 0;
        f->field_text_x = r.x + pad;
        return;
    }
    int v0, v1;
    visible_field(st, &v0, &v1);
    int cur = st->cursor < v0 ? v0 : st->cursor > v1 ? v1 : st->cursor;
    float cx = win_layout_prefix_w(b, st->input, v0, cur, size);
    float scroll = st->editing ? fmaxf(0, cx - (r.w - 2 * pad - P(b, 4))) : 0;
    float x0 = r.x + pad - scroll;
    f->field_vis0 = v0;
    f->field_vis1 = v1;
    f->field_text_x = x0;
    char buf[1024];
    int n = v1 - v0 < (int)sizeof buf - 1 ? v1 - v0 : (int)sizeof buf - 1;
    memcpy(buf, st->input + v0, (size_t)n);
    buf[n] = '\0';
    fig_draw_clip(b->l, (fig_Rect){r.x + 2, r.y, r.w - 4, r.h});
    int s0, s1;
    if (st->editing && win_field_selection(st, &s0, &s1) && s1 > v0 && s0 < v1) {
        s0 = s0 < v0 ? v0 : s0;
        s1 = s1 > v1 ? v1 : s1;
        float a = win_layout_prefix_w(b, st->input, v0, s0, size);
        float w = win_layout_prefix_w(b, st->input, s0, s1, size);
        rect(b, (fig_Rect){x0 + a, r.y + P(b, 5), w, r.h - P(b, 10)}, C_SELECTION);
    }
    fig_Rect tb = text_at(b, buf, size, false, FIG_C_TEXT, x0, cy, FIG_LEFT | FIG_VCENTER);
    /* unknown words: a red underline (not the word being typed) */
    for (int k = 0; k < st->n_unknown; k++) {
        const win_Unknown *u = &st->unknown[k];
        if (under_cursor(st, u) || u->start < v0 || u->start + u->len > v1) continue;
        float a = win_layout_prefix_w(b, st->input, v0, u->start, size);
        float w = win_layout_prefix_w(b, st->input, u->start, u->start + u->len, size);
        rect(b, (fig_Rect){x0 + a, tb.y + tb.h - P(b, 1), w, fmaxf(2, P(b, 2))}, FIG_C_ERROR);
        rect(b, (fig_Rect){x0 + a, tb.y, w, tb.h - P(b, 1)}, (vec4){0.9f, 0.1f, 0.1f, 0.10f});
    }
    if (st->editing)
        rect(b, (fig_Rect){x0 + cx, r.y + P(b, 6), fmaxf(1, P(b, 2)), r.h - P(b, 12)},
             FIG_C_ACCENT);
    fig_draw_unclip(b->l);
}

void win_layout_top_bar(B *b, float W)
{
    const win_State *st = b->st;
    float h = P(b, 50);
    b->f->r_top = (fig_Rect){0, 0, W, h};
    rect(b, b->f->r_top, FIG_C_TOP);
    float x = P(b, 14), cy = h * 0.5f;
    fig_Rect t =
        text_at(b, "tfscope", fsize(b, 18), true, FIG_C_WHITE, x, cy, FIG_LEFT | FIG_VCENTER);
    x = t.x + t.w + P(b, 10);
    float bh = P(b, 30), by = roundf(cy - bh * 0.5f), gap = P(b, 6);
    /* right to left: language, help, export, decoding, run */
    float rx = W - P(b, 12);
    fig_Rect r = button(b, WIN_W_LANG, 0, rx, by, bh, win_str(st->lang, S_LANG_OTHER), false, true,
                        FIG_RIGHT);
    r = button(b, WIN_W_HELP, 0, r.x - gap, by, bh, "?", false, true, FIG_RIGHT);
    r = button(b, WIN_W_EXPORT, 0, r.x - gap, by, bh, win_str(st->lang, S_EXPORT), false, true,
               FIG_RIGHT);
    r = button(b, WIN_W_DECODE, 0, r.x - gap * 2, by, bh,
               win_str(st->lang, st->beam ? S_BEAM : S_GREEDY), st->beam, true, FIG_RIGHT);
    r = button(b, WIN_W_RUN, 0, r.x - gap, by, bh, win_str(st->lang, S_RUN), false, true,
               FIG_RIGHT);
    float right = r.x - P(b, 12);
    if (W > P(b, 1400)) {
        fig_Rect g = text_at(b, win_str(st->lang, S_TAGLINE), fsize(b, 12), false, FIG_C_TOP_DIM, x,
                             cy, FIG_LEFT | FIG_VCENTER);
        x = g.x + g.w + P(b, 16);
    }
    win_layout_field(b, (fig_Rect){x, roundf(cy - P(b, 17)), fmaxf(P(b, 40), right - x), P(b, 34)});
}

/* The suggestions under the field for unknown words. */
void win_layout_suggestions(B *b)
{
    const win_State *st = b->st;
    int shown = 0;
    fig_Rect fr = b->f->r_field;
    int size = fsize(b, 12.5f);
    float lh = P(b, 30), y = fr.y + fr.h + P(b, 6);
    for (int k = 0; k < st->n_unknown && shown < 4; k++) {
        const win_Unknown *u = &st->unknown[k];
        if (under_cursor(st, u)) continue;
        char word[64], line[160];
        snprintf(word, sizeof word, "%.*s", u->len > 40 ? 40 : u->len, st->input + u->start);
        snprintf(line, sizeof line, win_str(st->lang, S_UNKNOWN_WORD), word);
        float w = text_w(b, line, size, true) + P(b, 24);
        for (int i = 0; i < u->n_suggest; i++) w += text_w(b, u->suggest[i], size, false) + P(b, 30);
        w += text_w(b, win_str(st->lang, S_MSG_SUGGEST), size, false) + P(b, 10);
        fig_Rect card = {fr.x, y, fminf(w, b->f->width - fr.x - P(b, 8)), lh};
        rect(b, (fig_Rect){card.x + 2, card.y + 2, card.w, card.h}, (vec4){0, 0, 0, 0.12f});
        rect(b, card, FIG_C_WHITE);
        frame(b, card, 1, FIG_C_ERROR);
        fig_draw_clip(b->l, card);
        fig_Rect t = text_at(b, line, size, true, FIG_C_ERROR, card.x + P(b, 10),
                             card.y + lh * 0.5f, FIG_LEFT | FIG_VCENTER);
        float x = t.x + t.w + P(b, 10);
        t = text_at(b, win_str(st->lang, S_MSG_SUGGEST), size, false, FIG_C_DIM, x,
                    card.y + lh * 0.5f, FIG_LEFT | FIG_VCENTER);
        x = t.x + t.w + P(b, 8);
        for (int i = 0; i < u->n_suggest; i++) {
            fig_Rect r = button(b, WIN_W_SUGGEST, k * WIN_SUGGEST_MAX + i, x, card.y + P(b, 4),
                                lh - P(b, 8), u->suggest[i], i == 0, false, FIG_LEFT);
            x = r.x + r.w + P(b, 6);
        }
        fig_draw_unclip(b->l);
        y += lh + P(b, 4);
        shown++;
    }
}

/* What output position t shows: the token the model predicts there (its most probable), and
 * when the next decoder input is another token (a snapshot's gold sentence, a beam's choice)
 * that one after a '·': "이 · 바로". */
static const char *output_token(const B *b, int t, char *buf, size_t cap)
{
    const tf_Trace *tr = b->tr;
    const char *next = t + 1 < tr->n_tgt ? tr->tgt_tokens[t + 1] : NULL;
    fig_View vs = {0};
    if (b->st->model) {
        vs.tgt_vocab = (const char *const *)b->st->model->tgt_vocab.tokens;
        vs.n_tgt_vocab = b->st->model->tgt_vocab.n;
    }
    const char *pred = fig_view_predicted(tr, &vs, t);
    if (!pred) return next ? next : "?";
    if (!next || !strcmp(pred, next)) return pred;
    snprintf(buf, cap, "%s · %s", pred, next);
    return buf;
}

/* The tooltip of a "…" just drawn: the output tokens [from, to) it stands for. */
static void tip_tokens(B *b, int from, int to)
{
    char hidden[1024] = "", buf[128];
    for (int i = from; i < to; i++) {
        size_t n = strlen(hidden);
        snprintf(hidden + n, sizeof hidden - n, "%s%s", i > from ? " " : "",
                 win_output_revealed(b->st, i) ? output_token(b, i, buf, sizeof buf) : "?");
    }
    fig_tip(b->l, hidden);
}

void win_layout_output_strip(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    const tf_Trace *tr = b->tr;
    b->f->r_strip = r;
    rect(b, r, FIG_C_WHITE);
    rect(b, (fig_Rect){r.x, r.y + r.h - 1, r.w, 1}, FIG_C_BORDER);
    int size = fsize(b, 13), small = fsize(b, 12);
    float cy = r.y + r.h * 0.5f, x = r.x + P(b, 14);
    fig_Rect t = text_at(b, win_str(st->lang, S_OUTPUT), small, true, FIG_C_DIM, x, cy,
                         FIG_LEFT | FIG_VCENTER);
    x = t.x + t.w + P(b, 12);
    /* "all positions" at the right end */
    float ch = P(b, 24);
    fig_Rect all = button(b, WIN_W_OUT_ALL, 0, r.x + r.w - P(b, 10), roundf(cy - ch * 0.5f), ch,
                          win_str(st->lang, S_OUT_ALL), st->out_pos < 0, false, FIG_RIGHT);
    float right = all.x - P(b, 12);
    if (!tr || tr->n_tgt <= 0) return;
    int T = tr->n_tgt;
    if (st->out_pos >= 0 && st->node < win_decoder_start(tr)) {
        text_fit(b, win_str(st->lang, S_OUT_WAITING), small, false, FIG_C_DIM, right - x, x, cy,
                 FIG_LEFT | FIG_VCENTER);
        return;
    }
    /* chip widths, then the first chip such that the current position is in sight */
    float pad = P(b, 8), gap = P(b, 4);
    float *w = tf_xmalloc((size_t)T * sizeof *w);
    char buf[128];
    for (int i = 0; i < T; i++) w[i] = text_w(b, output_token(b, i, buf, sizeof buf), size, false) + 2 * pad;
    int first = 0, cur = st->out_pos < 0 ? 0 : st->out_pos;
    float span = 0;
    for (int i = cur; i >= 0; i--) {
        if (span + w[i] + gap > (right - x) * 0.7f && i < cur) break;
        span += w[i] + gap;
        first = i;
    }
    fig_draw_clip(b->l, (fig_Rect){x, r.y, right - x, r.h});
    if (first > 0) {
        t = text_at(b, "…", size, false, FIG_C_DIM, x, cy, FIG_LEFT | FIG_VCENTER);
        x = t.x + t.w + gap;
        tip_tokens(b, 0, first);
    }
    float ell = text_w(b, "…", size, false) + gap;
    int i = first;
    for (; i < T; i++) {
        /* the chips that fit whole, and room for a "…" when more follow */
        if (x + w[i] + (i + 1 < T ? ell : 0) > right) break;
        fig_Rect c = {x, roundf(cy - ch * 0.5f), w[i], ch};
        bool shown = win_output_revealed(st, i), here = i == st->out_pos;
        if (here) rect(b, c, FIG_C_ACCENT);
        else if (shown) rect(b, c, FIG_C_ACCENT_SOFT);
        else frame(b, c, 1, FIG_C_FAINT);
        if (shown || here) {
            const char *tok = shown ? output_token(b, i, buf, sizeof buf) : "?";
            text_at(b, tok, size, here, here ? FIG_C_WHITE : FIG_C_TEXT, c.x + c.w * 0.5f, cy,
                    FIG_HCENTER | FIG_VCENTER);
        }
        widget(b, WIN_W_OUT_TOKEN, i, c);
        x += w[i] + gap;
    }
    if (i < T) {
        text_at(b, "…", size, false, FIG_C_DIM, x, cy, FIG_LEFT | FIG_VCENTER);
        tip_tokens(b, i, T);
    }
    fig_draw_unclip(b->l);
    free(w);
}

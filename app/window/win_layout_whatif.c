/* win_layout_whatif.c — what the frame shows of interventions (win_whatif.h): a bar under the
 * output strip while anything is changed — the badge listing the changes, the unchanged model's
 * output with the tokens that differ marked, how many differ, and a button that resets all — and
 * marks over the frame: a cross on switched-off heads (chips, grid thumbnails, the lines view's
 * legend) and a line under output tokens that changed. Part of the layout (win_layout.c).
 * Not the state (win_whatif.c). */
#include "win_layout_int.h"
#include "win_whatif.h"

static const vec4 C_OFF = {0.80f, 0.10f, 0.16f, 1};   /* a switched-off head */

/* A switch of the bar: white when the part is in the model, red and struck through when off. */
static fig_Rect switch_chip(B *b, win_WhatifSwitch sw, bool off, float x, float cy, float h)
{
    static const win_StrId label[WIN_WHATIF_COUNT] = {S_WHATIF_SW_POS, S_WHATIF_SW_MASK,
                                                      S_WHATIF_SW_SCALE};
    const char *text = win_str(b->st->lang, label[sw]);
    int size = fsize(b, 12);
    float w = text_w(b, text, size, off) + P(b, 18);
    fig_Rect r = {x, roundf(cy - h * 0.5f), w, h};
    rect(b, r, off ? C_OFF : FIG_C_WHITE);
    if (!off) frame(b, r, 1, FIG_C_BORDER);
    fig_Rect t = text_at(b, text, size, off, off ? FIG_C_WHITE : FIG_C_TEXT, r.x + r.w * 0.5f, cy,
                         FIG_HCENTER | FIG_VCENTER);
    if (off) rect(b, (fig_Rect){t.x, roundf(cy), t.w, fmaxf(1, P(b, 1.5f))}, FIG_C_WHITE);
    widget(b, WIN_W_WHATIF_SWITCH, sw, r);
    return r;
}

/* The unchanged model's output from x to right, the tokens that differ from the changed output
 * on a tint. */
static void unchanged_output(B *b, float x, float right, float cy, float h)
{
    const win_State *st = b->st;
    int size = fsize(b, 12.5f);
    const char *label = win_str(st->lang, S_WHATIF_UNCHANGED);
    if (x + text_w(b, label, fsize(b, 12), false) + P(b, 8) + text_w(b, "…", size, false) > right)
        return;  /* no room for even its first token */
    fig_Rect ut = text_at(b, label, fsize(b, 12), false, FIG_C_DIM, x, cy, FIG_LEFT | FIG_VCENTER);
    x = ut.x + ut.w + P(b, 8);
    fig_draw_clip(b->l, (fig_Rect){x, cy - h * 0.5f, fmaxf(0, right - x), h});
    float space = text_w(b, " ", size, false) + P(b, 2), ell = text_w(b, "…", size, false);
    for (int t = 1; t < st->plain.n_tgt; t++) {
        const char *tok = st->plain.tgt_tokens[t];
        float w = text_w(b, tok, size, false);
        if (x + w + (t + 1 < st->plain.n_tgt ? ell + space : 0) > right) {
            text_at(b, "…", size, false, FIG_C_DIM, x, cy, FIG_LEFT | FIG_VCENTER);
            char rest[1024] = "";  /* its tooltip: the tokens it stands for */
            for (int k = t; k < st->plain.n_tgt; k++) {
                size_t n = strlen(rest);
                snprintf(rest + n, sizeof rest - n, "%s%s", k > t ? " " : "", st->plain.tgt_tokens[k]);
            }
            fig_tip(b->l, rest);
            break;
        }
        if (win_whatif_token_changed(st, t - 1))
            rect(b, (fig_Rect){x - P(b, 2), cy - h * 0.5f + P(b, 2), w + P(b, 4), h - P(b, 4)},
                 (vec4){C_OFF[0], C_OFF[1], C_OFF[2], 0.16f});
        text_at(b, tok, size, false, FIG_C_TEXT, x, cy, FIG_LEFT | FIG_VCENTER);
        x += w + space;
    }
    fig_draw_unclip(b->l);
}

/* Whether the bar, while something is changed, needs a second row: the badge and switches, the
 * count of changed tokens and the reset button do not fit side by side in w. */
static bool two_rows(B *b, float w)
{
    const win_State *st = b->st;
    if (!win_whatif_active(st)) return false;
    static const win_StrId label[WIN_WHATIF_COUNT] = {S_WHATIF_SW_POS, S_WHATIF_SW_MASK,
                                                      S_WHATIF_SW_SCALE};
    int size = fsize(b, 12.5f), small = fsize(b, 12);
    float need = P(b, 14) + text_w(b, win_str(st->lang, S_WHATIF), small, true) + P(b, 26);
    for (int k = 0; k < WIN_WHATIF_COUNT; k++)
        need += text_w(b, win_str(st->lang, label[k]), small, true) + P(b, 22);
    char count[128];
    snprintf(count, sizeof count, win_str(st->lang, S_WHATIF_DIFFER), 99);
    need += P(b, 8) + P(b, 60) + text_w(b, count, size, true) + P(b, 28) +
            text_w(b, win_str(st->lang, S_WHATIF_RESET), size, false) + P(b, 32);
    return need > w;
}

float win_layout_whatif_bar(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    bool active = win_whatif_active(st), two = two_rows(b, r.w);
    float row_h = r.h;
    if (two) r.h *= 2;
    rect(b, r, active ? (vec4){1.0f, 0.955f, 0.93f, 1} : FIG_C_HEADER);
    rect(b, (fig_Rect){r.x, r.y + r.h - 1, r.w, 1}, FIG_C_BORDER);
    int size = fsize(b, 12.5f), small = fsize(b, 12);
    float cy = r.y + row_h * 0.5f, x = r.x + P(b, 14), ch = row_h - P(b, 10);
    /* the badge, then the three switches */
    const char *title = win_str(st->lang, S_WHATIF);
    fig_Rect badge = {x, roundf(cy - ch * 0.5f), text_w(b, title, small, true) + P(b, 16), ch};
    rect(b, badge, active ? C_OFF : FIG_C_DIM);
    text_at(b, title, small, true, FIG_C_WHITE, badge.x + badge.w * 0.5f, cy,
            FIG_HCENTER | FIG_VCENTER);
    x = badge.x + badge.w + P(b, 10);
    const bool off[WIN_WHATIF_COUNT] = {st->interv.no_pos, st->interv.no_mask,
                                        st->interv.no_scale};
    for (int k = 0; k < WIN_WHATIF_COUNT; k++) {
        fig_Rect c = switch_chip(b, (win_WhatifSwitch)k, off[k], x, cy, ch);
        x = c.x + c.w + P(b, 4);
    }
    x += P(b, 8);
    float right = r.x + r.w - P(b, 10);
    char buf[1024];
    if (!active) {
        text_fit(b, win_str(st->lang, S_WHATIF_HINT), small, false, FIG_C_DIM, right - x, x, cy,
                 FIG_LEFT | FIG_VCENTER);
        b->l->cmds[b->l->n - 1].tag = FIG_TAG_HINT;
        return r.h;
    }
    if (two) {  /* the rest on the second row */
        cy += row_h;
        x = r.x + P(b, 14);
    }
    /* at the right: how many output tokens differ, and reset */
    fig_Rect reset = button(b, WIN_W_WHATIF_RESET, 0, right, roundf(cy - ch * 0.5f), ch,
                            win_str(st->lang, S_WHATIF_RESET), false, false, FIG_RIGHT);
    int n = win_whatif_changed_tokens(st);
    if (n) snprintf(buf, sizeof buf, win_str(st->lang, S_WHATIF_DIFFER), n);
    else snprintf(buf, sizeof buf, "%s", win_str(st->lang, S_WHATIF_SAME));
    fig_Rect ct = text_at(b, buf, size, true, n ? C_OFF : FIG_C_DIM, reset.x - P(b, 12), cy,
                          FIG_RIGHT | FIG_VCENTER);
    right = ct.x - P(b, 16);
    /* the heads switched off */
    char heads[1024];
    win_whatif_describe(st, false, heads, sizeof heads);
    if (heads[0] && right > x) {
        /* the heads first: the unchanged output takes what room is left */
        fig_Rect ht = text_fit(b, heads, size, true, C_OFF, right - x, x, cy, FIG_LEFT | FIG_VCENTER);
        x = ht.x + ht.w + P(b, 16);
    }
    if (st->have_plain && x + P(b, 60) < right) unchanged_output(b, x, right, cy, ch);
    return r.h;
}

/* A cross over r: this head is switched off. */
static void cross(B *b, fig_Rect r)
{
    float lw = fmaxf(1.5f, P(b, 2));
    rect(b, r, (vec4){1, 1, 1, 0.45f});
    fig_draw_line(b->l, (vec2){r.x, r.y}, (vec2){r.x + r.w, r.y + r.h}, lw, C_OFF);
    fig_draw_line(b->l, (vec2){r.x + r.w, r.y}, (vec2){r.x, r.y + r.h}, lw, C_OFF);
    frame(b, r, lw, C_OFF);
}

/* Switched-off heads in the all-heads grid and in the lines view's legend. */
static void panel_marks(B *b, const win_Panel *p)
{
    const tf_Interv *iv = &b->st->interv;
    if (p->vs.kind != FIG_VIEW_GRID && p->vs.kind != FIG_VIEW_LINES) return;
    tf_AttnKind kind = fig_view_attn_kind(p->vs.attn);
    fig_draw_clip(b->l, p->r);
    for (int i = 0; i < p->list.n_hits; i++) {
        const fig_Hit *h = &p->list.hits[i];
        int layer = p->vs.kind == FIG_VIEW_GRID ? h->layer : p->vs.layer;
        bool grid = p->vs.kind == FIG_VIEW_GRID && h->kind == FIG_HIT_STEP;
        bool legend = p->vs.kind == FIG_VIEW_LINES && h->kind == FIG_HIT_HEAD;
        if ((grid || legend) && h->head >= 0 && layer >= 0 &&
            tf_interv_head(iv, kind, layer, h->head))
            cross(b, (fig_Rect){p->r.x + h->r.x, p->r.y + h->r.y, h->r.w, h->r.h});
    }
    fig_draw_unclip(b->l);
}

void win_layout_whatif_marks(B *b)
{
    const win_State *st = b->st;
    if (!win_whatif_active(st)) return;
    tf_AttnKind kind;
    int layer;
    bool chips = win_whatif_chip_attention(st, &kind, &layer);
    for (int i = 0; i < b->f->n_widgets; i++) {
        const win_Widget *w = &b->f->widgets[i];
        if (w->id == WIN_W_HEAD && chips && tf_interv_head(&st->interv, kind, layer, w->arg))
            cross(b, w->r);
        else if (w->id == WIN_W_OUT_TOKEN && win_output_revealed(st, w->arg) &&
                 win_whatif_token_changed(st, w->arg))
            rect(b, (fig_Rect){w->r.x, w->r.y + w->r.h + P(b, 1), w->r.w, fmaxf(2, P(b, 3))},
                 C_OFF);
    }
    for (int p = 0; p < b->f->n_main; p++)
        if (b->f->main[p].shown) panel_marks(b, &b->f->main[p]);
}

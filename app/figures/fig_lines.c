/* fig_lines.c — attention as lines, in the style of the paper's Figure 3 and of the
 * tensor2tensor / bertviz head view: query tokens on one side, key tokens on the other, one line
 * per (head, query, key) whose opacity is the attention weight, one colour per head. Horizontal
 * puts the tokens in two rows (queries above, as in the paper), vertical in two columns (queries
 * left). With a query selected only its lines are drawn, and a band beside each key shows every
 * head's weight as the opacity of its colour.
 * Not a heatmap: exact values are the matrix view's job. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_kit.h"
#include "tf_limits.h"

#define TOKEN_MAX 96

typedef struct {
    const tf_Node *node;
    int H, Q, K;
    char *const *qtok;   /* NULL: index labels */
    char *const *ktok;
    int heads[FIG_MAX_HEADS], n_heads;
    int sel;             /* selected query or -1 */
} Attn;

static float weight(const Attn *a, int h, int q, int k)
{
    return a->node->data[((int64_t)h * a->Q + q) * a->K + k];
}

/* The faintest level of ink (weight × 255, rounded) drawn: 1, or higher when more than
 * max_lines lines have at least 1. */
static int faintest_level(const tf_Node *n, const int *heads, int n_heads, int sel, int max_lines)
{
    int Q = n->shape[1], K = n->shape[2];
    int64_t count[256] = {0}, total = 0;
    for (int i = 0; i < n_heads; i++)
        for (int q = 0; q < Q; q++) {
            if (sel >= 0 && q != sel) continue;
            const float *row = n->data + ((int64_t)heads[i] * Q + q) * K;
            for (int k = 0; k < K; k++)
                if (row[k] * 255.0f >= 0.5f) {
                    count[(int)fminf(row[k] * 255.0f + 0.5f, 255.0f)]++;
                    total++;
                }
        }
    int level = 1;
    for (; level < 255 && total > max_lines; level++) total -= count[level];
    return level;
}

void fig_attention_lines(fig_List *l, const tf_Node *n, const int *heads, int n_heads, int sel,
                         vec2 *qpos, vec2 *kpos, float width, int max_lines)
{
    int Q = n->shape[1], K = n->shape[2];
    /* a weight is drawn when weight × 255 >= ink - 0.5: 0.5 draws all that has any ink */
    float ink = (float)faintest_level(n, heads, n_heads, sel, max_lines) - 0.5f;
    int drawn = 0;
    for (int i = 0; i < n_heads; i++) {
        int h = heads[i];
        vec4 c;
        fig_cmap_head(h, c);
        for (int q = 0; q < Q; q++) {
            if (sel >= 0 && q != sel) continue;
            const float *row = n->data + ((int64_t)h * Q + q) * K;
            for (int k = 0; k < K; k++) {
                if (!(row[k] * 255.0f >= ink) || drawn == max_lines) continue;
                drawn++;
                c[3] = fminf(row[k], 1.0f);
                fig_Cmd *cmd = fig_draw_line(l, qpos[q], kpos[k], width, c);
                cmd->tag = FIG_TAG_ATTN_LINE;
                cmd->i = h;
                cmd->j = q;
                cmd->k = k;
            }
        }
    }
}

static bool resolve(const fig_View *s, const tf_Trace *tr, Attn *a, char *msg, size_t cap)
{
    char name[TF_NAME_MAX];
    fig_view_attn_tensor(s->attn, s->layer, name, sizeof name);
    a->node = tf_trace_get(tr, name);
    if (!a->node || a->node->ndim != 3) {
        snprintf(msg, cap, "no attention weights '%s' in this trace", name);
        return false;
    }
    a->H = a->node->shape[0];
    a->Q = a->node->shape[1];
    a->K = a->node->shape[2];
    bool qsrc = s->attn == FIG_ATTN_ENC, ksrc = s->attn != FIG_ATTN_DEC;
    a->qtok = (qsrc ? tr->n_src : tr->n_tgt) == a->Q ? (qsrc ? tr->src_tokens : tr->tgt_tokens)
                                                      : NULL;
    a->ktok = (ksrc ? tr->n_src : tr->n_tgt) == a->K ? (ksrc ? tr->src_tokens : tr->tgt_tokens)
                                                      : NULL;
    a->n_heads = fig_view_heads(s, a->H, a->heads);
    a->sel = s->token >= 0 && s->token < a->Q ? s->token : -1;
    return true;
}

static void token_text(char *const *toks, int i, char *out, size_t cap)
{
    if (toks) snprintf(out, cap, "%s", toks[i]);
    else snprintf(out, cap, "%d", i);
}

/* The chips of every head: colour swatch and name; hidden heads hollow and grey. */
static float head_chips(fig_List *l, const fig_Measure *m, const fig_View *s, const Attn *a,
                        float x, float y, float max_w)
{
    fig_Font f = fig_font(s, 12, false, 0.85f);
    float sw = fig_px(s, 11), gap = fig_px(s, 14), x0 = x, th = m->height(m->ctx, f.size);
    vec4 c, grey;
    fig_grey(0.6f, grey);
    for (int h = 0; h < a->H && h < FIG_MAX_HEADS; h++) {
        char buf[24];
        snprintf(buf, sizeof buf, fig_word(s, "head %d"), h);
        float tw = m->width(m->ctx, buf, f.size, false);
        if (x + sw + fig_px(s, 5) + tw > x0 + max_w) {
            x = x0;
            y += th + fig_px(s, 4);
        }
        bool on = fig_view_head_shown(s, h);
        fig_cmap_head(h, c);
        fig_Rect box = {x, roundf(y + (th - sw) * 0.5f), sw, sw};
        if (on) fig_draw_rect(l, box, c);
        else fig_draw_frame(l, box, fmaxf(1, fig_px(s, 1.5f)), grey);
        fig_cmap_ink(on ? 0.85f : 0.4f, f.color);
        fig_Rect tb = fig_text(l, m, buf, &f, x + sw + fig_px(s, 5), y, FIG_LEFT | FIG_TOP);
        fig_draw_hit(l, FIG_HIT_HEAD, (fig_Rect){x, y, tb.x + tb.w - x, th})->head = h;
        x = tb.x + tb.w + gap;
    }
    return y + th + fig_px(s, 20);
}

static void titles(fig_List *l, const fig_Measure *m, const fig_View *s, const Attn *a, float w,
                   float *y)
{
    char title[160], sub[256], tok[TOKEN_MAX];
    snprintf(title, sizeof title, fig_word(s, "%s — layer %d"), fig_word(s, fig_view_attn_title(s->attn)),
             s->layer);
    if (a->sel >= 0) {
        token_text(a->qtok, a->sel, tok, sizeof tok);
        snprintf(sub, sizeof sub, fig_word(s, "%s · attention of query %d '%s' only · line opacity = weight"),
                 a->node->name, a->sel, tok);
    } else {
        snprintf(sub, sizeof sub, fig_word(s, "%s · every query · line opacity = weight"), a->node->name);
    }
    *y = fig_title(l, m, s, w, title, sub);
}

/* Where everything goes: token anchor points (where lines end), label font, label thinning. */
typedef struct {
    bool horizontal;
    fig_Font font;
    int step;                     /* draw every step-th label */
    float ext_q, ext_k;           /* label extent away from the lines */
    float cap;                    /* the longest label; longer ones are shortened */
    float band;                   /* key band thickness (selection only) */
    float gap;
    vec2 *qpos, *kpos;            /* (Q), (K) */
    float pitch;
} Geo;

static float label_extent(const fig_Measure *m, const fig_Font *f, char *const *toks, int n,
                          int step, float cap)
{
    float best = 0;
    char buf[TOKEN_MAX], fit[TOKEN_MAX];
    for (int i = 0; i < n; i += step) {
        token_text(toks, i, buf, sizeof buf);
        fig_fit(m, buf, f, cap, fit, sizeof fit);
        best = fmaxf(best, fig_text_length(m, fit, f));
    }
    return best;
}

/* Font and thinning for a pitch; level text when every label fits across its slot. */
static void fit_font(Geo *g, const fig_Measure *m, const fig_View *s, const Attn *a, float cap)
{
    float px = fminf(fmaxf(g->pitch * 0.7f, fig_px(s, 8)), fig_px(s, 15));
    g->font = fig_font(s, px / fmaxf(s->scale, 1e-3f), false, 0.9f);
    g->cap = cap;
    float th = m->height(m->ctx, g->font.size);
    g->step = fig_label_step(g->pitch, th * 1.02f, false);
    g->font.rot = FIG_ROT_0;
    g->ext_q = label_extent(m, &g->font, a->qtok, a->Q, g->step, cap);
    g->ext_k = label_extent(m, &g->font, a->ktok, a->K, g->step, cap);
    if (!g->horizontal) return;
    if (g->step == 1 && fmaxf(g->ext_q, g->ext_k) <= g->pitch * 0.9f) {
        g->ext_q = g->ext_k = th;  /* level labels fit: easier to read */
        return;
    }
    g->font.rot = FIG_ROT_90;  /* Korean is stacked upright, which measures otherwise */
    g->ext_q = label_extent(m, &g->font, a->qtok, a->Q, g->step, cap);
    g->ext_k = label_extent(m, &g->font, a->ktok, a->K, g->step, cap);
}

static void horizontal(Geo *g, const fig_Measure *m, const fig_View *s, const Attn *a, float top,
                       float w, float h)
{
    float margin = fig_px(s, 24), cap_w = fig_px(s, 70);
    float left = margin + cap_w, right = w - margin;
    int n = a->Q > a->K ? a->Q : a->K;
    g->pitch = fminf((right - left) / (float)n, fig_px(s, 140));
    fit_font(g, m, s, a, fig_px(s, 150));
    /* tall enough to separate the lines, not so tall that a short sentence becomes a ladder */
    float avail = h - top - margin - g->ext_q - g->ext_k - 2 * g->gap - g->band;
    /* a short view: shorter labels (whole in their tooltips), then shorter lines, so that
     * nothing reaches out of the view */
    float min_lines = fig_px(s, 60);
    if (avail < min_lines) {
        float room = h - top - margin - 2 * g->gap - g->band;
        min_lines = fmaxf(fig_px(s, 24), fminf(min_lines, room * 0.4f));
        fit_font(g, m, s, a, fmaxf(fig_px(s, 16), fminf(fig_px(s, 150), (room - min_lines) * 0.5f)));
        avail = h - top - margin - g->ext_q - g->ext_k - 2 * g->gap - g->band;
    }
    float cap = fminf(fig_px(s, 560), fmaxf(g->pitch * (float)n * 0.6f, fig_px(s, 200)));
    float lines_h = fminf(fmaxf(avail, min_lines), cap);
    float total = g->ext_q + g->ext_k + 2 * g->gap + g->band + lines_h;
    float y0 = top + fmaxf(0, (h - margin - top - total) * 0.5f);
    float yq = roundf(y0 + g->ext_q + g->gap), yk = roundf(yq + lines_h);
    float x0 = left + ((right - left) - g->pitch * (float)n) * 0.5f;
    for (int i = 0; i < a->Q; i++)
        glm_vec2_copy((vec2){x0 + (i + 0.5f + (n - a->Q) * 0.5f) * g->pitch, yq}, g->qpos[i]);
    for (int i = 0; i < a->K; i++)
        glm_vec2_copy((vec2){x0 + (i + 0.5f + (n - a->K) * 0.5f) * g->pitch, yk}, g->kpos[i]);
}

static void vertical(Geo *g, const fig_Measure *m, const fig_View *s, const Attn *a, float top,
                     float w, float h)
{
    float margin = fig_px(s, 24), cap_h = fig_px(s, 22);
    int n = a->Q > a->K ? a->Q : a->K;
    g->pitch = fminf((h - top - margin - cap_h) / (float)n, fig_px(s, 30));
    fit_font(g, m, s, a, fig_px(s, 220));
    float avail = w - 2 * margin - g->ext_q - g->ext_k - 2 * g->gap - g->band;
    float lines_w = fminf(fmaxf(avail, fig_px(s, 100)), fig_px(s, 480));
    float total = g->ext_q + g->ext_k + 2 * g->gap + g->band + lines_w;
    float x0 = margin + fmaxf(0, (w - 2 * margin - total) * 0.5f);
    float xq = roundf(x0 + g->ext_q + g->gap), xk = roundf(xq + lines_w);
    float y0 = top + cap_h + fmaxf(0, (h - top - margin - cap_h - g->pitch * (float)n) * 0.5f);
    for (int i = 0; i < a->Q; i++)
        glm_vec2_copy((vec2){xq, y0 + (i + 0.5f) * g->pitch}, g->qpos[i]);
    for (int i = 0; i < a->K; i++)
        glm_vec2_copy((vec2){xk, y0 + (i + 0.5f) * g->pitch}, g->kpos[i]);
}

/* The labels of one side; side 0 = queries. Each label sits just beyond its line end. */
static void labels(fig_List *l, const fig_Measure *m, const fig_View *s, const Geo *g,
                   const Attn *a, int side)
{
    int n = side ? a->K : a->Q;
    char *const *toks = side ? a->ktok : a->qtok;
    vec2 *pos = side ? g->kpos : g->qpos;
    float off = g->gap + (side ? g->band : 0), cap = g->cap;
    char buf[TOKEN_MAX], fit[TOKEN_MAX];
    vec4 hl = {0.0f, 0.0f, 0.0f, 0.07f};
    for (int i = 0; i < n; i++) {
        bool selected = side == 0 && i == a->sel;
        if (i % g->step && !selected) continue;
        token_text(toks, i, buf, sizeof buf);
        fig_Font f = g->font;
        f.bold = selected;
        fig_fit(m, buf, &f, cap, fit, sizeof fit);
        float x = pos[i][0], y = pos[i][1];
        int anchor;
        if (g->horizontal) {
            y += side ? off : -off;
            anchor = FIG_HCENTER | (side ? FIG_TOP : FIG_BOTTOM);
        } else {
            x += side ? off : -off;
            anchor = FIG_VCENTER | (side ? FIG_LEFT : FIG_RIGHT);
        }
        fig_Rect b = fig_text_box(m, fit, &f, x, y, anchor);
        if (selected) {
            float pad = fig_px(s, 3);
            fig_draw_rect(l, (fig_Rect){b.x - pad, b.y - pad, b.w + 2 * pad, b.h + 2 * pad}, hl);
        }
        int from = l->n;
        fig_text(l, m, fit, &f, x, y, anchor);
        if (strcmp(fit, buf)) fig_tip_from(l, from, buf);
        l->cmds[l->n - 1].i = side;
        l->cmds[l->n - 1].j = i;
        fig_Hit *hit = fig_draw_hit(l, FIG_HIT_TOKEN, b);
        hit->side = side;
        hit->index = i;
    }
}

/* For the selected query: beside each key, one bar per shown head, opacity = its weight. */
static void key_bands(fig_List *l, const fig_View *s, const Geo *g, const Attn *a)
{
    if (a->sel < 0 || a->n_heads == 0) return;
    float len = fminf(g->pitch * 0.8f, fig_px(s, 6) * (float)a->n_heads),
          each = len / (float)a->n_heads;
    vec4 c, frame;
    fig_cmap_ink(0.15f, frame);
    for (int k = 0; k < a->K; k++) {
        float cx = g->kpos[k][0], cy = g->kpos[k][1];
        fig_Rect box = g->horizontal ? (fig_Rect){roundf(cx - len * 0.5f), cy + fig_px(s, 3),
                                                  roundf(len), g->band - fig_px(s, 3)}
                                     : (fig_Rect){cx + fig_px(s, 3), roundf(cy - len * 0.5f),
                                                  g->band - fig_px(s, 3), roundf(len)};
        for (int i = 0; i < a->n_heads; i++) {
            fig_cmap_head(a->heads[i], c);
            c[3] = fminf(fmaxf(weight(a, a->heads[i], a->sel, k), 0), 1);
            fig_Rect b = box;
            if (g->horizontal) b.x += each * i, b.w = each;
            else b.y += each * i, b.h = each;
            fig_draw_rect(l, b, c);
        }
        fig_draw_frame(l, box, 1, frame);
    }
}

static void captions(fig_List *l, const fig_Measure *m, const fig_View *s, const Geo *g,
                     const Attn *a)
{
    fig_Font f = fig_font(s, 12, false, 0.55f);
    if (g->horizontal) {
        float x = fminf(g->qpos[0][0], g->kpos[0][0]) - g->pitch * 0.5f - fig_px(s, 10);
        fig_text(l, m, fig_word(s, "queries"), &f, x, g->qpos[0][1] - g->gap, FIG_RIGHT | FIG_BOTTOM);
        fig_text(l, m, fig_word(s, "keys"), &f, x, g->kpos[0][1] + g->gap + g->band, FIG_RIGHT | FIG_TOP);
    } else {
        float y = g->qpos[0][1] - g->pitch * 0.5f - fig_px(s, 6);
        fig_text(l, m, fig_word(s, "queries"), &f, g->qpos[0][0] - g->gap, y, FIG_RIGHT | FIG_BOTTOM);
        fig_text(l, m, fig_word(s, "keys"), &f, g->kpos[0][0] + g->gap + g->band, y, FIG_LEFT | FIG_BOTTOM);
    }
    (void)a;
}

void fig_lines_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                    fig_List *l)
{
    Attn a;
    char msg[160];
    if (!resolve(s, tr, &a, msg, sizeof msg)) {
        fig_message(l, m, s, w, h, msg);
        return;
    }
    float top;
    titles(l, m, s, &a, w, &top);
    top = head_chips(l, m, s, &a, fig_px(s, 20), top, w - fig_px(s, 40));
    Geo g = {.horizontal = s->orient != FIG_VERTICAL, .gap = fig_px(s, 6)};
    g.band = a.sel >= 0 ? fig_px(s, 16) : 0;
    g.qpos = tf_xcalloc((size_t)a.Q, sizeof *g.qpos);
    g.kpos = tf_xcalloc((size_t)a.K, sizeof *g.kpos);
    if (g.horizontal) horizontal(&g, m, s, &a, top, w, h);
    else vertical(&g, m, s, &a, top, w, h);
    /* every query: thin lines, so that dense figures stay readable (and quick to draw) */
    float lw =
        a.sel >= 0 ? fig_px(s, 2.5f) : fminf(fmaxf(g.pitch * 0.03f, fig_px(s, 1)), fig_px(s, 1.5f));
    fig_attention_lines(l, a.node, a.heads, a.n_heads, a.sel, g.qpos, g.kpos, lw, TF_MAX_FIGURE_LINES);
    key_bands(l, s, &g, &a);
    labels(l, m, s, &g, &a, 0);
    labels(l, m, s, &g, &a, 1);
    captions(l, m, s, &g, &a);
    free(g.qpos);
    free(g.kpos);
}

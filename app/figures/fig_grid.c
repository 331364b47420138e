/* fig_grid.c — every layer and head of one kind of attention at once (layers as rows, heads as
 * columns), like bertviz's model view: each thumbnail is a small attention-lines figure in its
 * head's colour (queries left, keys right), or a small heatmap. With a query selected, only its
 * lines. Each thumbnail is a hit region naming its weights tensor, layer and head, so the window
 * can open it in the lines or matrix view.
 * Not labelled token by token: thumbnails are for spotting patterns; the other views name them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_kit.h"
#include "tf_limits.h"

typedef struct {
    float x0, y0, tw, th, gap;   /* first thumbnail, thumbnail size, spacing */
    float label_w, label_h;
    int L, H;
} Grid;

/* Where a thumbnail puts its query (left) and key (right) tokens. */
static void thumb_positions(const fig_View *s, int Q, int K, fig_Rect r, vec2 *qp, vec2 *kp)
{
    float pad = fminf(r.w * 0.12f, fig_px(s, 14)), vpad = fminf(r.h * 0.06f, fig_px(s, 6));
    float pq = (r.h - 2 * vpad) / (float)Q, pk = (r.h - 2 * vpad) / (float)K;
    for (int i = 0; i < Q; i++) glm_vec2_copy((vec2){r.x + pad, r.y + vpad + (i + 0.5f) * pq}, qp[i]);
    for (int i = 0; i < K; i++) glm_vec2_copy((vec2){r.x + r.w - pad, r.y + vpad + (i + 0.5f) * pk}, kp[i]);
}

/* A thumbnail's lines (ticks = false) or its token ticks at both ends, so that the rows read as
 * positions (ticks = true). */
static void thumb_lines(fig_List *l, const fig_View *s, const Grid *g, const tf_Node *n, int h,
                        fig_Rect r, bool ticks)
{
    int Q = n->shape[1], K = n->shape[2];
    vec2 *qp = tf_xcalloc((size_t)Q, sizeof *qp), *kp = tf_xcalloc((size_t)K, sizeof *kp);
    thumb_positions(s, Q, K, r, qp, kp);
    int sel = s->token >= 0 && s->token < Q ? s->token : -1;
    if (!ticks) {
        fig_attention_lines(l, n, &h, 1, sel, qp, kp, fig_px(s, sel >= 0 ? 1.6f : 1.0f),
                            TF_MAX_GRID_LINES / (g->L * g->H));
    } else {
        vec4 tick;
        fig_cmap_ink(0.35f, tick);
        float tl = fmaxf(2, fig_px(s, 3));
        for (int i = 0; i < Q; i++)
            fig_draw_rect(l, (fig_Rect){qp[i][0] - tl - 1, roundf(qp[i][1]), tl, 1}, tick);
        for (int i = 0; i < K; i++)
            fig_draw_rect(l, (fig_Rect){kp[i][0] + 1, roundf(kp[i][1]), tl, 1}, tick);
    }
    free(qp);
    free(kp);
}

static void thumb_heatmap(fig_List *l, const tf_Node *n, int h, fig_Rect r, bool causal)
{
    int Q = n->shape[1], K = n->shape[2];
    uint8_t *px = tf_xmalloc((size_t)Q * K * 4);
    fig_CmapScale sc = {FIG_CMAP_SEQUENTIAL, 0, 1};
    for (int i = 0; i < Q; i++)
        for (int k = 0; k < K; k++) {
            vec4 c;
            if (causal && k > i) fig_cmap_masked(c);
            else fig_cmap_scale_color(&sc, n->data[((int64_t)h * Q + i) * K + k], c);
            fig_cmap_to_rgba8(c, px + ((size_t)i * K + k) * 4);
        }
    /* square cells when the thumbnail allows */
    float cell = fminf(r.w / (float)K, r.h / (float)Q);
    fig_Rect img = {roundf(r.x + (r.w - cell * K) * 0.5f), roundf(r.y + (r.h - cell * Q) * 0.5f),
                   roundf(cell * K), roundf(cell * Q)};
    fig_draw_image(l, img, px, K, Q)->tag = FIG_TAG_CELL;
    free(px);
}

/* The phases of the grid: every thumbnail's background first, then every thumbnail's lines, then
 * the ticks and frames on top. Thumbnails do not overlap, so the picture is the one drawn
 * thumbnail by thumbnail, but the lines of all of them reach the rasterizer together (one pass
 * over the figure, bands of it on every thread) instead of 48 small passes. */
typedef enum { PHASE_BACKGROUND, PHASE_CONTENT, PHASE_FRAME } Phase;

static void thumb(fig_List *l, const fig_View *s, const tf_Trace *tr, const Grid *g, int L, int h,
                  Phase phase)
{
    char name[TF_NAME_MAX];
    fig_view_attn_tensor(s->attn, L, name, sizeof name);
    const tf_Node *n = tf_trace_get(tr, name);
    fig_Rect r = {roundf(g->x0 + h * (g->tw + g->gap)), roundf(g->y0 + L * (g->th + g->gap)),
                 roundf(g->tw), roundf(g->th)};
    bool drawn = n && n->ndim == 3 && h < n->shape[0] && fig_view_head_shown(s, h);
    if (phase == PHASE_BACKGROUND) {
        fig_draw_rect(l, r, (vec4){0.985f, 0.985f, 0.985f, 1});
        return;
    }
    /* everything a thumbnail draws lies inside it: no clip needed */
    if (phase == PHASE_CONTENT) {
        if (drawn && s->grid_heatmap) thumb_heatmap(l, n, h, r, s->attn == FIG_ATTN_DEC);
        else if (drawn) thumb_lines(l, s, g, n, h, r, false);
        return;
    }
    if (drawn && !s->grid_heatmap) thumb_lines(l, s, g, n, h, r, true);
    vec4 frame;
    fig_cmap_ink(L == s->layer ? 0.55f : 0.18f, frame);
    fig_draw_frame(l, r, 1, frame);
    fig_Hit *hit = fig_draw_hit(l, FIG_HIT_STEP, r);
    hit->layer = L;
    hit->head = h;
    snprintf(hit->step, sizeof hit->step, "%s", name);
}

static void labels(fig_List *l, const fig_Measure *m, const fig_View *s, const Grid *g)
{
    fig_Font f = fig_font(s, 12, false, 0.8f);
    char buf[32];
    for (int h = 0; h < g->H; h++) {
        snprintf(buf, sizeof buf, fig_word(s, "head %d"), h);
        float cx = g->x0 + h * (g->tw + g->gap) + g->tw * 0.5f, sw = fig_px(s, 9);
        f.bold = false;
        fig_cmap_ink(fig_view_head_shown(s, h) ? 0.85f : 0.4f, f.color);
        float tw = m->width(m->ctx, buf, f.size, false), x = cx - (tw + sw + fig_px(s, 5)) * 0.5f;
        vec4 c;
        fig_cmap_head(h, c);
        float y = g->y0 - fig_px(s, 8);
        fig_Rect b = fig_text(l, m, buf, &f, x + sw + fig_px(s, 5), y, FIG_LEFT | FIG_BOTTOM);
        fig_draw_rect(l, (fig_Rect){roundf(x), roundf(b.y + (b.h - sw) * 0.5f), sw, sw}, c);
        fig_draw_hit(l, FIG_HIT_HEAD, (fig_Rect){x, b.y, b.x + b.w - x, b.h})->head = h;
    }
    for (int L = 0; L < g->L; L++) {
        snprintf(buf, sizeof buf, fig_word(s, "layer %d"), L);
        f.bold = L == s->layer;
        fig_cmap_ink(0.85f, f.color);
        fig_text(l, m, buf, &f, g->x0 - fig_px(s, 10), g->y0 + L * (g->th + g->gap) + g->th * 0.5f,
                 FIG_RIGHT | FIG_VCENTER);
    }
}

void fig_grid_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *l)
{
    Grid g = {.L = fig_view_attn_layers(&tr->cfg, s->attn), .H = tr->cfg.nhead};
    if (g.L <= 0 || g.H <= 0) {
        fig_message(l, m, s, w, h, "this trace has no layers of that attention");
        return;
    }
    if (g.H > FIG_MAX_HEADS) g.H = FIG_MAX_HEADS;
    char title[160], sub[256];
    snprintf(title, sizeof title, fig_word(s, "%s — all %d layers × %d heads"),
             fig_word(s, fig_view_attn_title(s->attn)), g.L, g.H);
    const char *what = fig_word(s, s->grid_heatmap
                                       ? "each thumbnail: weights as a heatmap (viridis, 0–1)"
                                       : "each thumbnail: queries (left) to keys (right), opacity = weight");
    char *const *toks = s->attn == FIG_ATTN_ENC ? tr->src_tokens : tr->tgt_tokens;
    int nq = s->attn == FIG_ATTN_ENC ? tr->n_src : tr->n_tgt;
    if (s->token >= 0 && s->token < nq && !s->grid_heatmap)
        snprintf(sub, sizeof sub, fig_word(s, "%s · query %d '%s' only"), what, s->token, toks[s->token]);
    else snprintf(sub, sizeof sub, "%s", what);
    float top = fig_title(l, m, s, w, title, sub);
    fig_Font f = fig_font(s, 12, true, 1);
    g.label_w = m->width(m->ctx, "layer 00", f.size, true) + fig_px(s, 16);
    g.label_h = m->height(m->ctx, f.size) + fig_px(s, 10);
    g.gap = fig_px(s, 8);
    float margin = fig_px(s, 20);
    float aw = w - 2 * margin - g.label_w, ah = h - top - margin - g.label_h;
    g.tw = fminf((aw - (g.H - 1) * g.gap) / g.H, fig_px(s, 220));
    g.th = fminf((ah - (g.L - 1) * g.gap) / g.L, g.tw * 1.4f);
    float gw = g.H * g.tw + (g.H - 1) * g.gap, gh = g.L * g.th + (g.L - 1) * g.gap;
    g.x0 = roundf(margin + g.label_w + fmaxf(0, (aw - gw) * 0.5f));
    g.y0 = roundf(top + g.label_h + fmaxf(0, (ah - gh) * 0.5f));
    for (Phase p = PHASE_BACKGROUND; p <= PHASE_FRAME; p++)
        for (int L = 0; L < g.L; L++)
            for (int hd = 0; hd < g.H; hd++) thumb(l, s, tr, &g, L, hd, p);
    labels(l, m, s, &g);
}

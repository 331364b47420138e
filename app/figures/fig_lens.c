/* fig_lens.c — the logit lens as a table (issue 12 §4): one row per point of the decoder's
 * residual stream (its input, then after each sub-layer of each layer, the last being the model's
 * own output), one column per decoder position. Each cell names the token the output layer would
 * pick at that point, in bold when it is already the model's final choice, and is coloured by the
 * probability the point gives that final token (viridis 0..1), so a learner sees at which layer
 * each Korean word becomes the answer. Drawn from core's tf_Lens (s->lens); no model here.
 * Not the computation (core/lens.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fig_kit.h"
#include "lens.h"

typedef struct {
    float x0, y0, cw, ch;   /* top-left of the cells, cell size */
    float label_w, head_h;
} Grid;

/* Row labels: the point's step name; the last is the model's output. */
static void row_labels(const fig_View *s, const tf_Trace *tr, const tf_Lens *L, const fig_Measure *m,
                       const Grid *g, fig_List *l)
{
    fig_Font f = fig_font(s, fminf(12, fmaxf(8, g->ch * 0.5f / s->scale)), false, 0.85f);
    /* rows lower than a line of text: every step-th is labelled, the output always */
    float th = m->height(m->ctx, f.size);
    int step = 1;
    while (step < L->n_points && step * g->ch < th * 1.05f) step++;
    for (int p = 0; p < L->n_points; p++) {
        bool last = p == L->n_points - 1;
        if (step > 1 && (last ? false : p % step || (L->n_points - 1 - p) * g->ch < th * 1.05f))
            continue;
        char buf[TF_NAME_MAX + 16];
        snprintf(buf, sizeof buf, "%s%s", tr->nodes[L->points[p].node].name,
                 p == L->n_points - 1 ? fig_word(s, " (output)") : "");
        fig_text_fit(l, m, buf, &f, g->label_w, g->x0 - fig_px(s, 8), g->y0 + (p + 0.5f) * g->ch,
                     FIG_RIGHT | FIG_VCENTER);
        l->cmds[l->n - 1].tag = FIG_TAG_LABEL;
    }
}

/* The narrowest room a label is drawn in: a syllable and "…". */
static float min_label_w(const fig_View *s, const fig_Measure *m)
{
    return m->width(m->ctx, "가…", fig_font(s, 12, true, 1.0f).size, true) + fig_px(s, 4);
}

/* Column headers: the decoder input at each position, and below it (bold) the token the model
 * outputs there, which the rows are measured against. */
static void col_heads(const fig_View *s, const tf_Trace *tr, const tf_Lens *L, const fig_Measure *m,
                      const Grid *g, fig_List *l)
{
    fig_Font in = fig_font(s, 11.5f, false, 0.75f), out = fig_font(s, 12, true, 1.0f);
    /* columns too narrow for a word: every step-th column is labelled, over step columns' width
     * (hovering a cell names its own) */
    float need = min_label_w(s, m);
    for (int t = 0; t < L->T; t++) {  /* the widest header, up to four times the narrowest room */
        char buf[128], tb[16];
        snprintf(buf, sizeof buf, "%d %s", t, t < tr->n_tgt ? tr->tgt_tokens[t] : "");
        need = fmaxf(need, fminf(4 * min_label_w(s, m),
                                 fmaxf(m->width(m->ctx, buf, in.size, false),
                                       m->width(m->ctx, fig_view_vocab(s, L->final_tok[t], tb,
                                                                       sizeof tb),
                                                out.size, true)) + fig_px(s, 4)));
    }
    int step = 1;
    while (step < L->T && step * g->cw < need) step++;
    for (int t = 0; t < L->T; t += step) {
        char buf[128], tb[16];
        /* over its own column, or from its column's left edge over the next ones */
        float lw = step * g->cw - fig_px(s, 2);
        float cx = step > 1 ? g->x0 + t * g->cw : g->x0 + (t + 0.5f) * g->cw;
        int anchor = step > 1 ? FIG_LEFT : FIG_HCENTER;
        snprintf(buf, sizeof buf, "%d %s", t, t < tr->n_tgt ? tr->tgt_tokens[t] : "");
        fig_text_fit(l, m, buf, &in, lw, cx, g->y0 - g->head_h * 0.5f, anchor | FIG_BOTTOM);
        fig_text_fit(l, m, fig_view_vocab(s, L->final_tok[t], tb, sizeof tb), &out, lw, cx,
                     g->y0 - g->head_h * 0.5f, anchor | FIG_TOP);
    }
    float x = g->x0 - fig_px(s, 8);
    fig_text(l, m, fig_word(s, "decoder input"), &in, x, g->y0 - g->head_h * 0.5f, FIG_RIGHT | FIG_BOTTOM);
    fig_text(l, m, fig_word(s, "model output"), &out, x, g->y0 - g->head_h * 0.5f, FIG_RIGHT | FIG_TOP);
}

static void cell(const fig_View *s, const tf_Lens *L, const fig_Measure *m, const Grid *g, int p,
                 int t, fig_List *l)
{
    fig_Rect r = {roundf(g->x0 + t * g->cw), roundf(g->y0 + p * g->ch), 0, 0};
    r.w = roundf(g->x0 + (t + 1) * g->cw) - r.x - 1;
    r.h = roundf(g->y0 + (p + 1) * g->ch) - r.y - 1;
    float pf = L->final_p[p * L->T + t];
    int top = L->top[(p * L->T + t) * L->k];
    vec4 c;
    fig_cmap_viridis(pf, c);
    fig_Cmd *cmd = fig_draw_rect(l, r, c);
    cmd->tag = FIG_TAG_CELL;
    cmd->i = -1;
    cmd->j = p;
    cmd->k = t;
    float px = fminf(13, fmaxf(7, g->ch * 0.4f / s->scale));
    bool two = g->ch >= fig_px(s, 30);
    fig_Font f = fig_font(s, px, top == L->final_tok[t], 1.0f);
    if (fig_cmap_luminance(c) < 0.35f) glm_vec4_copy((vec4){1, 1, 1, 0.95f}, f.color);
    char tb[16], num[16];
    float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f;
    /* a cell too narrow for its word: its colour alone (a syllable cut off names another word;
     * hovering it tells the token) */
    const char *word = fig_view_vocab(s, top, tb, sizeof tb);
    if (r.w < min_label_w(s, m) || m->width(m->ctx, word, f.size, f.bold) > r.w - fig_px(s, 4))
        return;
    fig_text(l, m, word, &f, cx, cy, FIG_HCENTER | (two ? FIG_BOTTOM : FIG_VCENTER));
    if (!two) return;
    fig_Font nf = fig_font(s, px * 0.85f, false, 1.0f);
    glm_vec4_copy(f.color, nf.color);
    nf.color[3] *= 0.8f;
    snprintf(num, sizeof num, "%.2f", pf);
    if (m->width(m->ctx, num, nf.size, false) <= r.w - 4)
        fig_text(l, m, num, &nf, cx, cy, FIG_HCENTER | FIG_TOP);
}

static void colour_bar(const fig_View *s, const fig_Measure *m, float x, float y, float h,
                       fig_List *l)
{
    uint8_t px8[256 * 4];
    for (int i = 0; i < 256; i++) {
        vec4 c;
        fig_cmap_viridis(1.0f - (i + 0.5f) / 256.0f, c);
        fig_cmap_to_rgba8(c, px8 + i * 4);
    }
    float bw = fig_px(s, 14);
    fig_draw_image(l, (fig_Rect){x, y, bw, roundf(h)}, px8, 1, 256)->tag = FIG_TAG_COLORBAR;
    vec4 ink;
    fig_cmap_ink(0.35f, ink);
    fig_draw_frame(l, (fig_Rect){x, y, bw, roundf(h)}, 1, ink);
    fig_Font f = fig_font(s, 11, false, 0.8f);
    fig_text(l, m, "1", &f, x + bw + fig_px(s, 4), y, FIG_LEFT | FIG_VCENTER);
    fig_text(l, m, "0", &f, x + bw + fig_px(s, 4), y + h, FIG_LEFT | FIG_VCENTER);
    fig_text(l, m, fig_word(s, "P(final"), &f, x, y + h + fig_px(s, 8), FIG_LEFT | FIG_TOP);
    fig_text(l, m, fig_word(s, "token)"), &f, x, y + h + fig_px(s, 22), FIG_LEFT | FIG_TOP);
}

void fig_lens_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *l)
{
    const tf_Lens *L = s->lens;
    if (!L || L->n_points <= 0 || L->T <= 0) {
        fig_message(l, m, s, w, h,
                    fig_word(s, "no logit lens to show: it is computed from the model and a trace"));
        return;
    }
    for (int p = 0; p < L->n_points; p++)
        if (L->points[p].node < 0 || L->points[p].node >= tr->n_nodes) {
            fig_message(l, m, s, w, h, fig_word(s, "the logit lens is not of this trace"));
            return;
        }
    float top = fig_title(l, m, s, w,
                          fig_word(s, "Logit lens — what the decoder would output if it stopped here"),
                          fig_word(s, "each cell: the most probable token at that point of the "
                                      "residual stream (bold: already the model's final output); "
                                      "colour: the probability of the final output token"));
    float margin = fig_px(s, 20), bar = fig_px(s, 70);
    fig_Font lf = fig_font(s, 12, false, 0.85f);
    Grid g = {0};
    for (int p = 0; p < L->n_points; p++)
        g.label_w = fmaxf(g.label_w, m->width(m->ctx, tr->nodes[L->points[p].node].name, lf.size,
                                              false));
    g.label_w = fminf(g.label_w + m->width(m->ctx, fig_word(s, " (output)"), lf.size, false), w * 0.25f);
    g.head_h = 2 * m->height(m->ctx, lf.size) + fig_px(s, 8);
    g.x0 = margin + g.label_w + fig_px(s, 8);
    g.y0 = top + g.head_h;
    g.cw = fmaxf(1, (w - margin - bar - g.x0) / L->T);
    g.ch = fmaxf(1, fminf((h - margin - g.y0) / L->n_points, fig_px(s, 64)));
    row_labels(s, tr, L, m, &g, l);
    col_heads(s, tr, L, m, &g, l);
    for (int p = 0; p < L->n_points; p++)
        for (int t = 0; t < L->T; t++) cell(s, L, m, &g, p, t, l);
    vec4 ink;
    fig_cmap_ink(0.6f, ink);
    for (int p = 1; p < L->n_points; p += 3)  /* a rule above each decoder layer */
        fig_draw_rect(l, (fig_Rect){g.x0 - fig_px(s, 4), roundf(g.y0 + p * g.ch) - 1,
                                    g.cw * L->T + fig_px(s, 4), 1}, ink);
    if (s->token >= 0 && s->token < L->T) {
        fig_cmap_ink(1.0f, ink);
        fig_draw_frame(l, (fig_Rect){roundf(g.x0 + s->token * g.cw) - 1, g.y0 - 1, roundf(g.cw) + 1,
                                     roundf(g.ch * L->n_points) + 1}, fig_px(s, 2), ink);
    }
    fig_Hit *hit = fig_draw_hit(l, FIG_HIT_CELLS, (fig_Rect){g.x0, g.y0, g.cw * L->T,
                                                             g.ch * L->n_points});
    *hit = (fig_Hit){.kind = FIG_HIT_CELLS, .r = hit->r, .layer = -1, .head = -1,
                     .rows = L->n_points, .cols = L->T, .step = "lens"};
    fig_cellmap(g.x0, g.y0, g.cw, g.ch, GLM_VEC2_ZERO, &hit->map);
    /* the bar no taller than leaves room for its two lines of legend below it */
    fig_Font bf = fig_font(s, 11, false, 0.8f);
    float legend = fig_px(s, 22) + m->height(m->ctx, bf.size) + fig_px(s, 4);
    colour_bar(s, m, w - bar + fig_px(s, 16), g.y0,
               fmaxf(fig_px(s, 20), fminf(fminf(g.ch * L->n_points, fig_px(s, 300)),
                                          h - g.y0 - legend)), l);
}

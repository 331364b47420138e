/* fig_arch.c — the model as the paper's Figure 1 draws it: the encoder stack on the left, the
 * decoder stack on the right, each sub-layer a box, residual paths around the sub-layers, the
 * encoder's output entering the decoder's middle attention. One layer of each stack is drawn open
 * (the one holding the highlighted step, else the state's layer) and numbered tabs beside it stand
 * for the others, as the paper's "N×". Drawn from the trace's config; every box is a hit region
 * naming the first trace step it stands for, so the window can navigate with it.
 * Not a graph of every recorded tensor: the info panel and timeline list those. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fig_kit.h"

typedef enum { B_EMBED, B_PE, B_SUM, B_ATTN, B_NORM, B_FFN, B_LINEAR, B_SOFTMAX, B_COUNT } BoxKind;

#define BOX_SITES 2

/* A box stands for the trace's nodes at its sites; a site whose part is TF_PART_OTHER stands for
 * a whole sub-layer's block (its attention or feed-forward tensors, not its add and norm). */
typedef struct {
    const char *label;
    BoxKind kind;
    int n_sites;
    tf_Site site[BOX_SITES];
    fig_Rect r;
} Box;

typedef struct {
    const fig_View *s;
    const tf_Trace *tr;
    const fig_Measure *m;
    fig_List *l;
    float bh, gap, bw;   /* box height, vertical gap, box width */
    int enc_layer, dec_layer;
} Ctx;

static const float FILL[B_COUNT][3] = {
    {0.99f, 0.87f, 0.89f}, /* embedding: pink */
    {0.93f, 0.93f, 0.93f}, /* positional encoding */
    {1.00f, 1.00f, 1.00f}, /* sum */
    {0.99f, 0.88f, 0.75f}, /* attention: orange */
    {0.96f, 0.96f, 0.78f}, /* add & norm: yellow */
    {0.79f, 0.91f, 0.96f}, /* feed forward: blue */
    {0.87f, 0.86f, 0.96f}, /* linear: lavender */
    {0.84f, 0.93f, 0.82f}, /* softmax: green */
};

static bool site_in(tf_Site n, tf_Site box)
{
    if (n.stack != box.stack || n.layer != box.layer || n.sublayer != box.sublayer) return false;
    if (box.part != TF_PART_OTHER) return n.part == box.part;
    return n.part != TF_PART_ADD && n.part != TF_PART_NORM;
}

static bool box_has(const Box *b, tf_Site site)
{
    for (int i = 0; i < b->n_sites; i++)
        if (site_in(site, b->site[i])) return true;
    return false;
}

/* The first recorded step the box stands for, in execution order; the name of its first site
 * (a block's first tensor) when the trace holds none. */
static const char *first_step(const Ctx *c, const Box *b, char *buf)
{
    for (int i = 0; i < c->tr->n_nodes; i++)
        if (box_has(b, c->tr->nodes[i].site)) return c->tr->nodes[i].name;
    tf_Site s = b->site[0];
    if (s.part == TF_PART_OTHER) s.part = s.attn != TF_ATTN_NONE ? TF_PART_Q : TF_PART_FFN_HIDDEN;
    return tf_site_name(s, buf);
}

static Box make(const char *label, BoxKind kind, tf_Site s0)
{
    return (Box){label, kind, 1, {s0}, {0, 0, 0, 0}};
}

/* A site outside the layers: "src.embed", "enc.norm", "logits". */
static tf_Site site_at(tf_Stack stack, tf_Part part)
{
    return (tf_Site){stack, -1, 0, TF_ATTN_NONE, part};
}

/* Splits a label at the space nearest its middle. */
static bool split_label(const char *label, char *one, char *two, size_t cap)
{
    const char *mid = label + strlen(label) / 2, *fwd = strchr(mid, ' '), *back = mid;
    while (back > label && *back != ' ') back--;
    const char *sp = !fwd ? back : *back != ' ' ? fwd : mid - back <= fwd - mid ? back : fwd;
    if (*sp != ' ') return false;
    snprintf(one, cap, "%.*s", (int)(sp - label), label);
    snprintf(two, cap, "%s", sp + 1);
    return true;
}

/* Shorter names of a box for small diagrams, longest first (the full name is their tooltip). */
static const char *const *abbreviations(const char *label)
{
    static const char *const mha[] = {"Attention", "Attn", NULL};
    static const char *const masked[] = {"Masked Attention", "Masked Attn", "M. Attn", NULL};
    static const char *const ffn[] = {"FFN", NULL}, *const pe[] = {"PE", NULL};
    static const char *const emb[] = {"Embedding", "Embed", "Emb", NULL}, *const none[] = {NULL};
    if (!strcmp(label, "Multi-Head Attention")) return mha;
    if (!strcmp(label, "Masked Multi-Head Attention")) return masked;
    if (!strcmp(label, "Feed Forward")) return ffn;
    if (!strcmp(label, "Positional Encoding")) return pe;
    if (strstr(label, "Embedding")) return emb;
    return none;
}

/* The first abbreviation of b's label that fits on one line at 13 px down to 8 px. */
static bool box_abbreviation(const Ctx *c, const Box *b, bool hl, float maxw)
{
    float cx = b->r.x + b->r.w * 0.5f, cy = b->r.y + b->r.h * 0.5f;
    for (const char *const *a = abbreviations(b->label); *a; a++)
        for (float px = 13; px >= 8; px -= 1) {
            fig_Font f = fig_font(c->s, px, hl, 0.92f);
            if (c->m->height(c->m->ctx, f.size) > b->r.h ||
                c->m->width(c->m->ctx, *a, f.size, f.bold) > maxw)
                continue;
            fig_text(c->l, c->m, *a, &f, cx, cy, FIG_HCENTER | FIG_VCENTER);
            fig_tip(c->l, b->label);
            return true;
        }
    return false;
}

/* The label on one line, else on two ("Masked Multi-Head / Attention"), at the largest size
 * from 13 px down that fits the box; else abbreviated ("Attn", "FFN", "PE"); at the smallest,
 * shortened to one line. */
static void box_label(const Ctx *c, const Box *b, bool hl)
{
    float maxw = b->r.w - fig_px(c->s, 8), cx = b->r.x + b->r.w * 0.5f, cy = b->r.y + b->r.h * 0.5f;
    char one[64], two[64];
    bool can_split = split_label(b->label, one, two, sizeof one);
    for (float px = 13; px >= 9; px -= 1) {
        fig_Font f = fig_font(c->s, px, hl, 0.92f);
        float lh = c->m->height(c->m->ctx, f.size);
        if (lh > b->r.h) continue;
        if (c->m->width(c->m->ctx, b->label, f.size, f.bold) <= maxw) {
            fig_text(c->l, c->m, b->label, &f, cx, cy, FIG_HCENTER | FIG_VCENTER);
            return;
        }
        if (can_split && 2 * lh <= b->r.h &&
            c->m->width(c->m->ctx, one, f.size, f.bold) <= maxw &&
            c->m->width(c->m->ctx, two, f.size, f.bold) <= maxw) {
            fig_text(c->l, c->m, one, &f, cx, cy, FIG_HCENTER | FIG_BOTTOM);
            fig_text(c->l, c->m, two, &f, cx, cy, FIG_HCENTER | FIG_TOP);
            return;
        }
    }
    if (box_abbreviation(c, b, hl, maxw)) return;
    fig_Font f = fig_font(c->s, 8, hl, 0.92f);
    fig_text_fit(c->l, c->m, b->label, &f, maxw, cx, cy, FIG_HCENTER | FIG_VCENTER);
}

static bool highlighted(const Ctx *c, const Box *b)
{
    return c->s->step[0] && box_has(b, tf_site_parse(c->s->step));
}

static void draw_box(const Ctx *c, const Box *b)
{
    bool hl = highlighted(c, b);
    const float *f = FILL[b->kind];
    vec4 fill = {f[0], f[1], f[2], 1}, edge;
    if (hl) glm_vec4_copy((vec4){f[0] * 0.82f, f[1] * 0.82f, f[2] * 0.82f, 1}, fill);
    fig_cmap_ink(hl ? 1.0f : 0.7f, edge);
    if (b->kind == B_SUM) {
        /* the paper's ⊕: a small square with a plus, as rectangles only */
        fig_draw_rect(c->l, b->r, fill)->tag = FIG_TAG_BOX;
        fig_draw_frame(c->l, b->r, hl ? fig_px(c->s, 2.5f) : fmaxf(1, fig_px(c->s, 1.2f)), edge);
        float cx = b->r.x + b->r.w * 0.5f, cy = b->r.y + b->r.h * 0.5f, k = b->r.w * 0.28f;
        float t = fmaxf(1, roundf(fig_px(c->s, 1.5f)));
        fig_draw_rect(c->l, (fig_Rect){roundf(cx - k), roundf(cy - t * 0.5f), roundf(2 * k), t},
                      edge);
        fig_draw_rect(c->l, (fig_Rect){roundf(cx - t * 0.5f), roundf(cy - k), t, roundf(2 * k)},
                      edge);
    } else {
        fig_draw_rect(c->l, b->r, fill)->tag = FIG_TAG_BOX;
        fig_draw_frame(c->l, b->r, hl ? fig_px(c->s, 2.5f) : fmaxf(1, fig_px(c->s, 1.2f)), edge);
        box_label(c, b, hl);
    }
    fig_Hit *h = fig_draw_hit(c->l, FIG_HIT_STEP, b->r);
    char name[TF_NAME_MAX];
    snprintf(h->step, sizeof h->step, "%s", first_step(c, b, name));
}

/* A polyline with an arrowhead at its last point. */
static void arrow(const Ctx *c, vec2 *pts, int n, bool head)
{
    vec4 ink;
    fig_cmap_ink(0.75f, ink);
    float lw = fmaxf(1, fig_px(c->s, 1.3f));
    for (int i = 0; i + 1 < n; i++) fig_draw_line(c->l, pts[i], pts[i + 1], lw, ink);
    if (!head || n < 2) return;
    vec2 d;
    glm_vec2_sub(pts[n - 1], pts[n - 2], d);
    fig_arrowhead(c->l, pts[n - 1], d, fig_px(c->s, 7), lw, ink);
}

static void up(const Ctx *c, float x, float y_from, float y_to)
{
    vec2 p[2] = {{x, y_from}, {x, y_to}};
    arrow(c, p, 2, true);
}

/* Arrows from y (below) into the bottom of an attention box: three inputs (Q, K, V). With
 * kv_from_side, K and V arrive from elsewhere and only Q continues from below. */
static void attn_inputs(const Ctx *c, const Box *b, float y, bool kv_from_side, bool q_right)
{
    float xs[3] = {b->r.x + b->r.w * 0.25f, b->r.x + b->r.w * 0.5f, b->r.x + b->r.w * 0.75f};
    float yb = b->r.y + b->r.h, fork = yb + (y - yb) * 0.45f, cx = b->r.x + b->r.w * 0.5f;
    if (kv_from_side) {
        float xq = q_right ? xs[2] : xs[0];
        vec2 p[3] = {{cx, y}, {cx, fork}, {xq, fork}};
        arrow(c, p, 3, false);
        up(c, xq, fork, yb);
        return;
    }
    vec2 h[2] = {{xs[0], fork}, {xs[2], fork}};
    arrow(c, h, 2, false);
    up(c, cx, y, fork);
    for (int i = 0; i < 3; i++) up(c, xs[i], fork, yb);
}

/* Residual: from the branch point below `from` around the side into the left or right edge of
 * `to`. */
static void residual(const Ctx *c, const Box *from, const Box *to, float y_branch, bool left)
{
    float side = left ? from->r.x - c->gap * 0.7f : from->r.x + from->r.w + c->gap * 0.7f;
    float ty = to->r.y + to->r.h * 0.5f, tx = left ? to->r.x : to->r.x + to->r.w;
    float cx = from->r.x + from->r.w * 0.5f;
    vec2 p[4] = {{cx, y_branch}, {side, y_branch}, {side, ty}, {tx, ty}};
    arrow(c, p, 4, true);
}

typedef struct {
    Box box[9];          /* decoder, pre-LN: 3 sub-layers × (Norm, sub-layer, Add) */
    int n;
    int attn_at[2];      /* indices of attention boxes (-1 unused) */
    fig_Rect frame;
} Stack;

static void stack_boxes(const Ctx *c, Stack *st, bool dec, int L)
{
    tf_Stack stack = dec ? TF_STACK_DECODER : TF_STACK_ENCODER;
    const tf_AttnKind attn[3] = {dec ? TF_ATTN_DEC : TF_ATTN_ENC, dec ? TF_ATTN_CROSS : TF_ATTN_NONE,
                                 TF_ATTN_NONE};
    const char *labels[3] = {dec ? "Masked Multi-Head Attention" : "Multi-Head Attention",
                             dec ? "Multi-Head Attention" : "Feed Forward", "Feed Forward"};
    int n_sub = dec ? 3 : 2;
    bool pre = c->tr->cfg.norm_first;
    st->n = 0;
    st->attn_at[0] = st->attn_at[1] = -1;
    for (int k = 0; k < n_sub; k++) {
        tf_Site block = {stack, L, k + 1, attn[k], TF_PART_OTHER};
        tf_Site add = {stack, L, k + 1, TF_ATTN_NONE, TF_PART_ADD};
        tf_Site norm = {stack, L, k + 1, TF_ATTN_NONE, TF_PART_NORM};
        BoxKind kind = attn[k] != TF_ATTN_NONE ? B_ATTN : B_FFN;
        if (kind == B_ATTN) st->attn_at[k] = st->n + (pre ? 1 : 0);
        if (pre) {
            st->box[st->n++] = make("Norm", B_NORM, norm);
            st->box[st->n++] = make(labels[k], kind, block);
            st->box[st->n++] = make("Add", B_NORM, add);
        } else {
            st->box[st->n++] = make(labels[k], kind, block);
            Box an = make("Add & Norm", B_NORM, add);
            an.site[an.n_sites++] = norm;
            st->box[st->n++] = an;
        }
    }
}

/* Lays the stack's boxes upwards from y_bottom (the frame's bottom); returns the frame's top. */
static float stack_place(const Ctx *c, Stack *st, float cx, float y_bottom)
{
    float pad = c->bh * 0.45f, y = y_bottom - pad - c->gap;
    for (int i = 0; i < st->n; i++) {
        Box *b = &st->box[i];
        b->r =
            (fig_Rect){roundf(cx - c->bw * 0.5f), roundf(y - c->bh), roundf(c->bw), roundf(c->bh)};
        y = b->r.y - c->gap;
    }
    float top = y + c->gap - pad;
    st->frame = (fig_Rect){roundf(cx - c->bw * 0.5f - c->gap * 1.4f), roundf(top),
                          roundf(c->bw + c->gap * 2.8f), roundf(y_bottom - top)};
    return top;
}

static float stack_units(bool dec, bool pre)
{
    int n = (dec ? 3 : 2) * (pre ? 3 : 2);
    return (float)n + 0.6f * (float)n + 0.9f;  /* boxes, gaps, padding */
}

/* Numbered tabs for the layers beside the frame (the paper's "N×"); the open one is filled. */
static void layer_tabs(const Ctx *c, const Stack *st, bool dec, int n_layers, int open)
{
    fig_Font big = fig_font(c->s, 16, true, 0.85f), small = fig_font(c->s, 11, false, 0.9f);
    float t = fig_px(c->s, 18), g = fig_px(c->s, 4);
    float x =
        dec ? st->frame.x + st->frame.w + fig_px(c->s, 10) : st->frame.x - fig_px(c->s, 10) - t;
    char buf[32];
    snprintf(buf, sizeof buf, "%d×", n_layers);
    float cy = st->frame.y + st->frame.h * 0.5f;
    int per_col = (int)fmaxf(1, floorf((st->frame.h * 0.8f) / (t + g)));
    int cols = (n_layers + per_col - 1) / per_col, rows = n_layers < per_col ? n_layers : per_col;
    float y0 = cy - (rows * (t + g) - g) * 0.5f;
    fig_text(c->l, c->m, buf, &big, x + t * 0.5f + (dec ? 1 : -1) * (cols - 1) * (t + g) * 0.5f,
             y0 - fig_px(c->s, 6), FIG_HCENTER | FIG_BOTTOM);
    vec4 ink, white = {1, 1, 1, 1};
    fig_cmap_ink(0.8f, ink);
    for (int i = 0; i < n_layers; i++) {
        float tx = x + (dec ? 1 : -1) * (i / per_col) * (t + g), ty = y0 + (i % per_col) * (t + g);
        fig_Rect r = {roundf(tx), roundf(ty), roundf(t), roundf(t)};
        if (i == open) fig_draw_rect(c->l, r, ink);
        else fig_draw_frame(c->l, r, 1, ink);
        snprintf(buf, sizeof buf, "%d", i);
        fig_Font f = small;
        if (i == open) glm_vec4_copy(white, f.color);
        fig_text(c->l, c->m, buf, &f, r.x + r.w * 0.5f, r.y + r.h * 0.5f,
                 FIG_HCENTER | FIG_VCENTER);
        fig_Hit *h = fig_draw_hit(c->l, FIG_HIT_STEP, r);
        h->layer = i;
        Stack other;
        stack_boxes(c, &other, dec, i);
        char name[TF_NAME_MAX];
        snprintf(h->step, sizeof h->step, "%s", first_step(c, &other.box[0], name));
    }
}

/* Frame, boxes, the arrows between them, residuals and the attention inputs. y_in: where the
 * stack's input arrives (below the frame). kv: the point K and V of the cross attention come
 * from (decoder), or NULL. */
static void stack_draw(const Ctx *c, const Stack *st, bool dec, float y_in, const vec2 kv)
{
    vec4 bg = {0.965f, 0.965f, 0.965f, 1}, edge;
    fig_grey(0.72f, edge);
    fig_draw_rect(c->l, st->frame, bg);
    fig_draw_frame(c->l, st->frame, 1, edge);
    bool pre = c->tr->cfg.norm_first;
    int group = pre ? 3 : 2;
    float y = y_in;
    for (int i = 0; i < st->n; i++) {
        const Box *b = &st->box[i];
        float cx = b->r.x + b->r.w * 0.5f, yb = b->r.y + b->r.h;
        bool cross = dec && i == st->attn_at[1];
        if (i == st->attn_at[0] || cross) attn_inputs(c, b, y, cross, true);
        else up(c, cx, y, yb);
        if (i % group == 0) residual(c, b, &st->box[i + group - 1], yb + (y - yb) * 0.45f, !dec);
        if (cross && kv) {
            /* K and V enter left of the middle, clear of Q's path up the middle and right */
            float xk = b->r.x + b->r.w * 0.2f, fork = yb + (y - yb) * 0.3f;
            vec2 p[4] = {{kv[0], kv[1]}, {kv[0], fork}, {xk, fork}, {xk, yb}};
            arrow(c, p, 4, true);
            float xv = b->r.x + b->r.w * 0.4f;
            vec2 q[2] = {{xv, fork}, {xv, yb}};
            vec2 link[2] = {{xk, fork}, {xv, fork}};
            arrow(c, link, 2, false);
            arrow(c, q, 2, true);
        }
        y = b->r.y;
    }
    for (int i = 0; i < st->n; i++) draw_box(c, &st->box[i]);
}

/* The bottom of a column: caption, tokens, embedding, positional encoding and their sum.
 * Returns the y where the sum's output leaves (its top). */
static float column_base(const Ctx *c, bool dec, float cx, float bottom)
{
    fig_Font cap = fig_font(c->s, 13, true, 0.85f), tok = fig_font(c->s, 11, false, 0.55f);
    char buf[1024];
    cli_join_tokens(dec ? c->tr->tgt_tokens : c->tr->src_tokens, dec ? c->tr->n_tgt : c->tr->n_src,
                buf, sizeof buf);
    fig_Rect tb = fig_text_fit(c->l, c->m, buf, &tok, c->bw * 1.4f, cx, bottom, FIG_HCENTER | FIG_BOTTOM);
    if (c->l->n > 0) c->l->cmds[c->l->n - 1].tag = FIG_TAG_SEQUENCE;
    fig_Rect cb = fig_text(c->l, c->m, dec ? "Outputs (shifted right)" : "Inputs", &cap, cx,
                           tb.y - fig_px(c->s, 1), FIG_HCENTER | FIG_BOTTOM);
    tf_Stack side = dec ? TF_STACK_TARGET : TF_STACK_SOURCE;
    Box emb = make(dec ? "Output Embedding" : "Input Embedding", B_EMBED, site_at(side, TF_PART_EMBED));
    float y = cb.y - c->gap;
    emb.r = (fig_Rect){roundf(cx - c->bw * 0.5f), roundf(y - c->bh), roundf(c->bw), roundf(c->bh)};
    up(c, cx, cb.y - fig_px(c->s, 2), emb.r.y + emb.r.h);
    float ss = roundf(c->bh * 0.55f);
    Box add = make("", B_SUM, site_at(side, TF_PART_X));
    add.r = (fig_Rect){roundf(cx - ss * 0.5f), roundf(emb.r.y - c->gap - ss), ss, ss};
    up(c, cx, emb.r.y, add.r.y + add.r.h);
    Box pos = make("Positional Encoding", B_PE, site_at(side, TF_PART_POS));
    float pw = roundf(c->bw * 0.62f), ph = roundf(c->bh * 0.9f), off = c->gap * 1.2f;
    float px = dec ? add.r.x + add.r.w + off : add.r.x - off - pw;
    pos.r = (fig_Rect){px, roundf(add.r.y + ss * 0.5f - ph * 0.5f), pw, ph};
    vec2 p[2] = {{dec ? pos.r.x : pos.r.x + pos.r.w, add.r.y + ss * 0.5f},
                 {dec ? add.r.x + add.r.w : add.r.x, add.r.y + ss * 0.5f}};
    arrow(c, p, 2, true);
    draw_box(c, &emb);
    draw_box(c, &add);
    draw_box(c, &pos);
    return add.r.y;
}

/* A single box on top of a column, fed from below; returns its top. */
static float column_box(const Ctx *c, Box *b, float cx, float y_in)
{
    b->r = (fig_Rect){roundf(cx - c->bw * 0.5f), roundf(y_in - c->gap - c->bh), roundf(c->bw),
                     roundf(c->bh)};
    up(c, cx, y_in, b->r.y + b->r.h);
    draw_box(c, b);
    return b->r.y;
}

/* The layer of a stack drawn open: the highlighted step's, else the view's layer. */
static int open_layer(const fig_View *s, const tf_Trace *tr, tf_Stack stack, int n)
{
    int i = s->step[0] ? tf_trace_index(tr, s->step) : -1;
    tf_Site at = i >= 0 ? tr->nodes[i].site : s->step_site;
    if (at.stack == stack && at.layer >= 0 && at.layer < n) return at.layer;
    return s->layer < 0 ? 0 : s->layer >= n ? n - 1 : s->layer;
}

static void arch_titles(const Ctx *c, float w, float *top)
{
    const tf_Config *g = &c->tr->cfg;
    char title[160], sub[320];
    snprintf(title, sizeof title, "Transformer — %d encoder and %d decoder layers", g->n_enc,
             g->n_dec);
    snprintf(sub, sizeof sub, "d_model %d · %d heads · d_ff %d · %s%s%s", g->d_model, g->nhead,
             g->d_ff, g->norm_first ? "pre-LN" : "post-LN (as in the paper)",
             c->s->step[0] ? " · highlighted: " : "", c->s->step);
    *top = fig_title(c->l, c->m, c->s, w, title, sub);
}

static float units(const tf_Config *g, bool dec)
{
    float u = 3.7f + 0.6f + stack_units(dec, g->norm_first);
    bool norm = dec ? g->has_dec_norm : g->has_enc_norm;
    if (norm) u += 1.6f;
    return dec ? u + 3.2f + 1.4f : u + 1.2f;
}

/* Box width and column centres such that frames, layer tabs and positional-encoding boxes stay
 * on the canvas with room between the columns for the encoder's output. */
static void columns(Ctx *c, float w, float margin, float *xe, float *xd)
{
    float tabs = fig_px(c->s, 40), between = fig_px(c->s, 30);
    float bw = fminf(w * 0.26f, fig_px(c->s, 250)), out = 0, in = 0;
    for (; bw > fig_px(c->s, 40); bw *= 0.95f) {
        float frame = bw * 0.5f + c->gap * 1.4f;
        float pe = c->bh * 0.275f + c->gap * 1.2f + bw * 0.62f;
        out = fmaxf(frame + tabs, pe);
        in = frame + c->gap * 0.8f;
        if (2 * margin + 2 * out + 2 * in + between <= w) break;
    }
    c->bw = bw;
    float sep = fminf(fmaxf(w * 0.2f, in + between * 0.5f), w * 0.5f - margin - out);
    *xe = roundf(w * 0.5f - sep);
    *xd = roundf(w * 0.5f + sep);
}

void fig_arch_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *l)
{
    const tf_Config *g = &tr->cfg;
    if (g->n_enc <= 0 || g->n_dec <= 0) {
        fig_message(l, m, s, w, h, "the trace holds no model configuration");
        return;
    }
    Ctx c = {s, tr, m, l, 0, 0, 0, open_layer(s, tr, TF_STACK_ENCODER, g->n_enc),
             open_layer(s, tr, TF_STACK_DECODER, g->n_dec)};
    float top;
    arch_titles(&c, w, &top);
    float margin = fig_px(s, 20), avail = h - top - margin;
    float U = fmaxf(units(g, false), units(g, true));
    c.bh = fminf(avail / U, fig_px(s, 44));
    c.gap = c.bh * 0.6f;
    float bottom = roundf(h - margin - fmaxf(0, (avail - U * c.bh) * 0.5f));
    float xe, xd;
    columns(&c, w, margin, &xe, &xd);
    /* encoder */
    float y = column_base(&c, false, xe, bottom);
    Stack enc, dec;
    stack_boxes(&c, &enc, false, c.enc_layer);
    float etop = stack_place(&c, &enc, xe, y - c.gap);
    stack_draw(&c, &enc, false, y, NULL);
    layer_tabs(&c, &enc, false, g->n_enc, c.enc_layer);
    Box en = make("Norm", B_NORM, site_at(TF_STACK_ENCODER, TF_PART_NORM));
    if (g->has_enc_norm) etop = column_box(&c, &en, xe, etop);
    /* decoder */
    y = column_base(&c, true, xd, bottom);
    stack_boxes(&c, &dec, true, c.dec_layer);
    float dtop = stack_place(&c, &dec, xd, y - c.gap);
    float route_x = dec.frame.x - c.gap * 0.8f, route_y = etop - c.gap * 0.8f;
    vec2 out[3] = {{xe, etop}, {xe, route_y}, {route_x, route_y}};
    arrow(&c, out, 3, false);
    stack_draw(&c, &dec, true, y, (vec2){route_x, route_y});
    layer_tabs(&c, &dec, true, g->n_dec, c.dec_layer);
    Box dn = make("Norm", B_NORM, site_at(TF_STACK_DECODER, TF_PART_NORM));
    if (g->has_dec_norm) dtop = column_box(&c, &dn, xd, dtop);
    Box lin = make("Linear", B_LINEAR, site_at(TF_STACK_OUTPUT, TF_PART_LOGITS));
    Box soft = make("Softmax", B_SOFTMAX, site_at(TF_STACK_OUTPUT, TF_PART_PROBS));
    dtop = column_box(&c, &lin, xd, dtop);
    dtop = column_box(&c, &soft, xd, dtop);
    fig_Font cap = fig_font(s, 13, true, 0.85f);
    up(&c, xd, dtop, dtop - c.gap);
    fig_text(l, m, "Output Probabilities", &cap, xd, dtop - c.gap - fig_px(s, 2),
             FIG_HCENTER | FIG_BOTTOM);
}

/* win_layout_views.c — the views of the frame: the view state each panel is built from (also what
 * export writes, win_primary_view), the navigator and the main view with its mode tabs and head
 * chips, and the outlines drawn over the panels (current box, hovered cell, lessons' highlights)
 * so that hovering and stepping within a layer rebuild no view. Part of the layout (win_layout.c).
 * Not the views themselves (figures/fig_view.c) nor copying their lists into the frame (win_layout.c). */
#include "win_layout_int.h"
#include "win_views.h"
#include "win_whatif.h"

/* --- view states ---------------------------------------------------------------------------- */

/* What every view state starts from: the defaults and the model's target vocabulary. */
static void default_state(const win_State *st, fig_View *vs)
{
    memset(vs, 0, sizeof *vs);
    fig_view_state_default(vs);
    vs->lang = st->lang == WIN_LANG_KO ? FIG_LANG_KO : FIG_LANG_EN;
    if (st->model) {
        vs->tgt_vocab = (const char *const *)st->model->tgt_vocab.tokens;
        vs->n_tgt_vocab = st->model->tgt_vocab.n;
    }
}

static void base_state(const B *b, fig_View *vs)
{
    default_state(b->st, vs);
    vs->scale = b->s;
}

static int single_head(uint64_t mask)
{
    if (mask == 0 || (mask & (mask - 1))) return -1;
    int h = 0;
    while (!((mask >> h) & 1u)) h++;
    return h;
}

static void matrix_state(const win_State *st, const tf_Trace *tr, const char *name, bool step,
                         fig_View *vs)
{
    vs->kind = FIG_VIEW_MATRIX;
    snprintf(vs->tensor, sizeof vs->tensor, "%s", name);
    const tf_Node *n = tf_trace_get(tr, name);
    vs->head = -1;
    if (n && n->ndim == 3) vs->head = step ? win_first_head(st) : single_head(st->heads);
    if (vs->head >= (n ? n->shape[0] : 0)) vs->head = 0;
    fig_Matrix mx;
    vs->token = -1;
    if (n && fig_view_matrix_of(tr, n, vs, &mx)) {
        if (mx.row_axis.kind == FIG_AX_SRC) vs->token = st->sel_src;
        else if (mx.row_axis.kind == FIG_AX_TGT) vs->token = st->out_pos;
    }
    vs->zoom = st->zoom;
    vs->pan[0] = st->pan[0];
    vs->pan[1] = st->pan[1];
}

static void attn_state(const win_State *st, const tf_Trace *tr, fig_ViewKind kind, fig_View *vs)
{
    vs->kind = kind;
    fig_Attn a = FIG_ATTN_ENC;
    int layer = 0;
    win_attention_of(tr, st->node, &a, &layer);
    vs->attn = a;
    vs->layer = layer;
    vs->heads = st->heads;
    vs->token = a == FIG_ATTN_ENC ? st->sel_src : st->out_pos;
    vs->orient = st->orient;
    vs->grid_heatmap = st->grid_heatmap;
}

/* The panels of the step view: the inputs the trace names (at most two) and the tensor, with
 * the sign between each pair. */
static int step_panels(const tf_Trace *tr, const tf_Node *n, const char **names, const char **ops)
{
    int k = 0;
    for (int i = 0; i < n->n_inputs && k < 2; i++)
        if (tf_trace_get(tr, n->inputs[i])) names[k++] = n->inputs[i];
    names[k++] = n->name;
    const char *last = "→", *mid = "·";
    switch (n->op) {
    case TF_OP_ADD: mid = "+"; last = "="; break;
    case TF_OP_SCORES: mid = "·"; last = "→"; break;
    case TF_OP_CONTEXT: mid = "·"; last = "="; break;
    default: mid = ","; break;
    }
    for (int i = 0; i + 1 < k; i++) ops[i] = i + 2 == k ? last : mid;
    return k;
}

/* The main view's primary panel in the current mode (in the step view, the step's own tensor). */
static void mode_state(const win_State *st, const tf_Trace *tr, const tf_Node *n, fig_View *vs)
{
    if (st->mode == WIN_MODE_LINES) attn_state(st, tr, FIG_VIEW_LINES, vs);
    else if (st->mode == WIN_MODE_GRID) attn_state(st, tr, FIG_VIEW_GRID, vs);
    else matrix_state(st, tr, n->name, st->mode == WIN_MODE_STEP, vs);
    if (st->mode == WIN_MODE_DIFF) {
        vs->kind = FIG_VIEW_DIFF;
        vs->other = win_whatif_diff_b(st);
    } else if (st->mode == WIN_MODE_LENS || st->mode == WIN_MODE_BEAM) {
        /* of no one tensor: a step does not rebuild them; the lens marks the output position */
        vs->kind = st->mode == WIN_MODE_LENS ? FIG_VIEW_LENS : FIG_VIEW_BEAM;
        vs->lens = st->mode == WIN_MODE_LENS ? win_views_lens(st) : NULL;
        memset(vs->tensor, 0, sizeof vs->tensor);  /* whole: views are compared bytewise */
        vs->head = -1;
        vs->token = st->mode == WIN_MODE_LENS ? st->out_pos : -1;
        vs->zoom = 1.0f;
        vs->pan[0] = vs->pan[1] = 0;
    }
}

void win_primary_view(const win_State *st, fig_View *vs)
{
    const tf_Trace *tr = win_trace(st);
    default_state(st, vs);
    const tf_Node *n = win_node(st);
    if (!tr || !n) return;
    mode_state(st, tr, n, vs);
    vs->zoom = 1.0f;
    vs->pan[0] = vs->pan[1] = 0;
}

/* Builds one view when its state changed, and places it (drawn by the window from its list). */
static void place_view(B *b, win_Panel *p, const fig_View *vs, fig_Rect r)
{
    bool same = p->valid && p->generation == b->st->generation && p->r.w == r.w && p->r.h == r.h &&
                p->palette == fig_palette_serial() && !memcmp(&p->vs, vs, sizeof *vs);
    p->r = r;
    p->shown = true;
    if (!same) {
        p->vs = *vs;
        p->generation = b->st->generation;
        p->palette = fig_palette_serial();
        fig_view_build(vs, b->tr, &b->f->m, r.w, r.h, &p->list);
        p->valid = true;
        p->serial++;
    }
    rect(b, r, FIG_C_WHITE);
}

/* --- navigator and main view ---------------------------------------------------------------- */

void win_layout_navigator(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    const tf_Config *g = &b->tr->cfg;
    char sub[160];
    snprintf(sub, sizeof sub, win_str(st->lang, S_MODEL_SUMMARY), g->d_model, g->nhead,
             g->n_enc, g->n_dec, g->norm_first ? "pre-LN" : "post-LN");
    fig_Rect body = panel_box(b, r, win_str(st->lang, S_NAVIGATOR), sub);
    b->f->r_nav = body;
    if (body.w < 8 || body.h < 8) return;
    fig_View vs;
    base_state(b, &vs);
    vs.kind = FIG_VIEW_ARCH;
    vs.show_title = false;
    /* the view opens the current layer; the current box is outlined over it (nav_highlight),
     * so that stepping within a layer does not redraw the diagram */
    const tf_Node *n = win_node(st);
    if (n) {
        win_group_of(n, vs.step, sizeof vs.step);
        vs.step_site = n->site;
    }
    vs.scale = b->s * 0.92f;
    place_view(b, &b->f->nav, &vs, body);
}

static int popcount64(uint64_t m)
{
    int c = 0;
    for (; m; m &= m - 1) c++;
    return c;
}

/* Mode tabs, head chips (H: how many, 0 for none), the zoom of the matrix modes. The tabs wrap
 * onto more rows in a narrow view, and the chips go on a row of their own when the tabs' row
 * has no room for all of them (neither is ever cut or dropped); returns the height used. */
static float tabs(B *b, fig_Rect r, int H, bool matrix_mode)
{
    const win_State *st = b->st;
    b->f->r_tabs = r;
    float x = r.x, bh = P(b, 28), y = roundf(r.y + (r.h - bh) * 0.5f);
    static const win_StrId names[WIN_MODE_COUNT] = {S_MODE_STEP, S_MODE_MATRIX, S_MODE_LINES,
                                                    S_MODE_GRID, S_MODE_DIFF,
                                                    S_MODE_LENS, S_MODE_BEAM};
    static const win_StrId short_names[WIN_MODE_COUNT] = {S_MODE_STEP, S_MODE_MATRIX,
                                                          S_MODE_LINES_SHORT, S_MODE_GRID_SHORT,
                                                          S_MODE_DIFF, S_MODE_LENS_SHORT,
                                                          S_MODE_BEAM};
    /* the short names when the full ones would take more than one row */
    float total = 0;
    for (int m = 0; m < WIN_MODE_COUNT; m++)
        total += text_w(b, win_str(st->lang, names[m]), fsize(b, 12.5f), (int)st->mode == m) +
                 P(b, 22) - 1;
    const win_StrId *shown = total > r.w ? short_names : names;
    float used = r.h;
    for (int m = 0; m < WIN_MODE_COUNT; m++) {
        const char *label = win_str(st->lang, shown[m]);
        float w = text_w(b, label, fsize(b, 12.5f), (int)st->mode == m) + P(b, 22);
        if (x > r.x && x + w > r.x + r.w) {  /* a further row of tabs */
            x = r.x;
            y += bh + P(b, 4);
            used += bh + P(b, 4);
        }
        fig_Rect t = button(b, WIN_W_MODE, m, x, y, bh, label, (int)st->mode == m, false, FIG_LEFT);
        if (shown[m] != names[m]) fig_tip(b->l, win_str(st->lang, names[m]));
        x = t.x + t.w - 1;
    }
    b->f->r_tabs.h = used;
    x += P(b, 18);
    int size = fsize(b, 12);
    if (H > 0) {
        float cw = P(b, 26), need = text_w(b, win_str(st->lang, S_HEADS), size, true) + P(b, 8) +
                                    (H < 64 ? H : 64) * (cw + P(b, 3)) + P(b, 70);
        if (x + need > r.x + r.w) {  /* a second row, as wide as the panel */
            x = r.x;
            y += bh + P(b, 6);
            used += bh + P(b, 6);
            cw = fminf(cw, fmaxf(P(b, 16), (r.w - P(b, 140)) / (H < 64 ? H : 64) - P(b, 3)));
        }
        fig_Rect t = text_at(b, win_str(st->lang, S_HEADS), size, true, FIG_C_DIM, x,
                             y + bh * 0.5f, FIG_LEFT | FIG_VCENTER);
        x = t.x + t.w + P(b, 8);
        int shown_head = st->mode == WIN_MODE_STEP ? win_first_head(st) : -2;
        for (int h = 0; h < H && h < 64; h++) {
            fig_Rect c = {x, y, cw, bh};
            vec4 hc;
            fig_cmap_head(h, hc);
            bool on = (st->heads >> h) & 1u;
            if (on) rect(b, c, hc);
            else {
                rect(b, c, FIG_C_WHITE);
                frame(b, c, fmaxf(1, P(b, 1.5f)), hc);
            }
            char num[8];
            snprintf(num, sizeof num, "%d", h);
            text_at(b, num, size, h == shown_head,
                    on && fig_cmap_luminance(hc) < 0.5f ? FIG_C_WHITE : FIG_C_TEXT,
                    c.x + c.w * 0.5f, c.y + c.h * 0.5f, FIG_HCENTER | FIG_VCENTER);
            if (h == shown_head)
                rect(b, (fig_Rect){c.x, c.y + c.h + P(b, 2), c.w, P(b, 3)}, FIG_C_TEXT);
            widget(b, WIN_W_HEAD, h, c);
            x += cw + P(b, 3);
        }
        fig_Rect a = button(
            b, WIN_W_HEADS_ALL, 0, x + P(b, 4), y, bh, win_str(st->lang, S_ALL),
            popcount64(st->heads & ((H >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << H) - 1)))) == H,
            false, FIG_LEFT);
        x = a.x + a.w;
    }
    if (st->zoom > 1.0f && matrix_mode) {
        char z[48];
        snprintf(z, sizeof z, win_str(st->lang, S_ZOOM), st->zoom);
        text_at(b, z, size, false, FIG_C_DIM, r.x + r.w, r.y + r.h * 0.5f, FIG_RIGHT | FIG_VCENTER);
    }
    return used;
}

/* The sign between two panels of the step view; the arrow is drawn, the font's is too small. */
static void operator_sign(B *b, const char *op, float cx, float cy)
{
    if (strcmp(op, "→")) {
        text_at(b, op, fsize(b, 26), true, FIG_C_DIM, cx, cy, FIG_HCENTER | FIG_VCENTER);
        return;
    }
    float k = P(b, 10), lw = fmaxf(1.5f, P(b, 2));
    fig_draw_line(b->l, (vec2){cx - k, cy}, (vec2){cx + k, cy}, lw, FIG_C_DIM);
    fig_draw_line(b->l, (vec2){cx + k - P(b, 6), cy - P(b, 6)}, (vec2){cx + k, cy}, lw, FIG_C_DIM);
    fig_draw_line(b->l, (vec2){cx + k - P(b, 6), cy + P(b, 6)}, (vec2){cx + k, cy}, lw, FIG_C_DIM);
}

/* The heads of the step's tensor, or else the most among its inputs (0: none has heads). */
static int step_heads(const tf_Trace *tr, const tf_Node *n)
{
    if (n->ndim == 3) return n->shape[0];
    int H = 0;
    for (int i = 0; i < n->n_inputs; i++) {
        const tf_Node *in = tf_trace_get(tr, n->inputs[i]);
        if (in && in->ndim == 3 && in->shape[0] > H) H = in->shape[0];
    }
    return H;
}

/* Whether the step's tensor (vs) gets cells at least twice as large alone in body as in a panel
 * pw wide, where they would be under 5 points; remembered while the view, sizes and trace hold. */
static bool step_alone(B *b, const fig_View *vs, float pw, fig_Rect body)
{
    win_StepFit *c = &b->f->step_fit;
    if (c->valid && c->generation == b->st->generation && c->pw == pw && c->w == body.w &&
        c->h == body.h && !memcmp(&c->vs, vs, sizeof *vs))
        return c->alone;
    float shared = fig_matrix_cell_size(vs, b->tr, &b->f->m, pw, body.h);
    c->alone = shared < P(b, 5) &&
               fig_matrix_cell_size(vs, b->tr, &b->f->m, body.w, body.h) >= 2 * shared;
    c->valid = true;
    c->vs = *vs;
    c->pw = pw;
    c->w = body.w;
    c->h = body.h;
    c->generation = b->st->generation;
    return c->alone;
}

void win_layout_main_view(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    const tf_Trace *tr = b->tr;
    const tf_Node *n = win_node(st);
    rect(b, r, FIG_C_WHITE);
    frame(b, r, 1, FIG_C_BORDER);
    bool matrix_mode =
        st->mode == WIN_MODE_STEP || st->mode == WIN_MODE_MATRIX || st->mode == WIN_MODE_DIFF;
    float th = tabs(b, (fig_Rect){r.x + P(b, 10), r.y, r.w - P(b, 20), P(b, 40)},
                    n && matrix_mode ? step_heads(tr, n) : 0, matrix_mode);
    rect(b, (fig_Rect){r.x + 1, r.y + th, r.w - 2, 1}, FIG_C_FAINT);
    fig_Rect body = {r.x + 1, r.y + th + 1, r.w - 2, r.h - th - 2};
    b->f->r_main = body;
    b->f->n_main = 0;
    if (!n || body.w < 16 || body.h < 16) return;
    fig_View vs;
    if (st->mode == WIN_MODE_STEP) {
        const char *names[3], *ops[2];
        int k = step_panels(tr, n, names, ops);
        /* too narrow for the inputs beside it: the step alone (the info panel links its
         * inputs) — narrower than 200 points, or attention weights or scores whose pattern
         * (the masked triangle, the diagonal) would be thin slivers beside them, when alone
         * their cells would be twice as large */
        if (k > 1) {
            float pw = (body.w - P(b, 34) * (k - 1)) / k;
            bool alone = pw < P(b, 200);
            bool attention = n->ndim == 3 && (n->op == TF_OP_SOFTMAX || n->op == TF_OP_SCORES);
            if (!alone && attention) {
                base_state(b, &vs);
                matrix_state(st, tr, names[k - 1], true, &vs);
                alone = step_alone(b, &vs, pw, body);
            }
            if (alone) {
                names[0] = names[k - 1];
                k = 1;
            }
        }
        float gap = k > 1 ? P(b, 34) : 0;
        float pw = floorf((body.w - gap * (k - 1)) / k);
        for (int i = 0; i < k; i++) {
            base_state(b, &vs);
            matrix_state(st, tr, names[i], true, &vs);
            fig_Rect pr = {body.x + i * (pw + gap), body.y, pw, body.h};
            place_view(b, &b->f->main[i], &vs, pr);
            b->f->n_main = i + 1;
            if (i + 1 < k) operator_sign(b, ops[i], pr.x + pr.w + gap * 0.5f, body.y + body.h * 0.5f);
        }
    } else {
        base_state(b, &vs);
        mode_state(st, tr, n, &vs);
        place_view(b, &b->f->main[0], &vs, body);
        b->f->n_main = 1;
    }
}

/* --- outlines over the panels ------------------------------------------------------------- */

/* The navigator's box of the current step: of the boxes (each named by its first step), the
 * last one that starts at or before the step. */
static void nav_highlight(B *b)
{
    const win_Panel *nav = &b->f->nav;
    const tf_Trace *tr = b->tr;
    if (!nav->shown || b->st->node < 0 || b->st->node >= tr->n_nodes) return;
    const fig_Hit *best = NULL;
    int best_i = -1;
    for (int i = 0; i < nav->list.n_hits; i++) {
        const fig_Hit *h = &nav->list.hits[i];
        if (h->kind != FIG_HIT_STEP || h->layer >= 0) continue;  /* layer tabs carry a layer */
        int k = tf_trace_index(tr, h->step);
        if (k >= 0 && k <= b->st->node && k > best_i) best = h, best_i = k;
    }
    if (!best) return;
    fig_Rect r = {nav->r.x + best->r.x, nav->r.y + best->r.y, best->r.w, best->r.h};
    float lw = fmaxf(2, P(b, 2.5f));
    fig_draw_clip(b->l, nav->r);
    rect(b, r, (vec4){FIG_C_ACCENT[0], FIG_C_ACCENT[1], FIG_C_ACCENT[2], 0.16f});
    frame(b, (fig_Rect){r.x - lw, r.y - lw, r.w + 2 * lw, r.h + 2 * lw}, lw, FIG_C_ACCENT);
    fig_draw_unclip(b->l);
}

/* Region h shows cell (row, col). */
static bool shows_cell(const fig_Hit *h, int row, int col)
{
    return h->kind == FIG_HIT_CELLS && row >= h->row0 && row < h->row0 + h->rows &&
           col >= h->col0 && col < h->col0 + h->cols;
}

/* Outlines cell (row, col) of panel pn's region h, clipped to the region; ring: with a white line
 * inside, where the cell is large enough. */
static void outline_cell(B *b, const win_Panel *pn, const fig_Hit *h, int row, int col, float lw,
                         const vec4 color, bool ring)
{
    fig_Rect cell = fig_cellmap_rect(&h->map, col, row);
    fig_Rect c = {pn->r.x + cell.x - lw, pn->r.y + cell.y - lw, cell.w + 2 * lw, cell.h + 2 * lw};
    fig_draw_clip(
        b->l,
        (fig_Rect){pn->r.x + h->r.x - lw, pn->r.y + h->r.y - lw, h->r.w + 2 * lw, h->r.h + 2 * lw});
    frame(b, c, lw, color);
    if (ring && c.w > 4 * lw && c.h > 4 * lw)
        frame(b, (fig_Rect){c.x + lw, c.y + lw, c.w - 2 * lw, c.h - 2 * lw}, 1, FIG_C_WHITE);
    fig_draw_unclip(b->l);
}

/* The hovered cell, outlined over the panels (so that hovering rebuilds no view): in the
 * hovered panel (in the hovered head's region), and in every step-view panel of the same shape
 * (a + b = sum). */
static void hover_outlines(B *b)
{
    const win_State *st = b->st;
    if (st->hover_panel < 0 || st->hover_panel >= b->f->n_main || st->hover_row < 0) return;
    const win_Panel *hp = &b->f->main[st->hover_panel];
    const tf_Node *hn = tf_trace_get(b->tr, hp->vs.tensor);
    bool cells = hp->vs.kind == FIG_VIEW_MATRIX || hp->vs.kind == FIG_VIEW_DIFF;
    if (!cells || !hn || hn->ndim < 2) return;
    float lw = fmaxf(1, P(b, 2));
    for (int p = 0; p < b->f->n_main; p++) {
        const win_Panel *pn = &b->f->main[p];
        const tf_Node *n = tf_trace_get(b->tr, pn->vs.tensor);
        if (pn->vs.kind != FIG_VIEW_MATRIX || !n || n->ndim < 2) continue;
        if (p != st->hover_panel && (n->shape[n->ndim - 1] != hn->shape[hn->ndim - 1] ||
                                     n->shape[n->ndim - 2] != hn->shape[hn->ndim - 2]))
            continue;
        int head = p == st->hover_panel ? st->hover_head : -1;
        for (int i = 0; i < pn->list.n_hits; i++) {
            const fig_Hit *h = &pn->list.hits[i];
            if (head >= 0 && h->head >= 0 && h->head != head) continue;
            if (shows_cell(h, st->hover_row, st->hover_col))
                outline_cell(b, pn, h, st->hover_row, st->hover_col, lw, FIG_C_TEXT, true);
        }
    }
}

/* Outlines the cells lessons asked for, in every main panel that shows their tensor. */
static void highlights(B *b)
{
    const win_State *st = b->st;
    float lw = fmaxf(2, P(b, 3));
    for (int k = 0; k < st->n_highlight; k++) {
        const win_Highlight *hl = &st->highlight[k];
        for (int p = 0; p < b->f->n_main; p++) {
            const win_Panel *pn = &b->f->main[p];
            if (pn->vs.kind != FIG_VIEW_MATRIX || strcmp(pn->vs.tensor, hl->tensor)) continue;
            for (int i = 0; i < pn->list.n_hits; i++) {
                const fig_Hit *h = &pn->list.hits[i];
                if ((h->head < 0 || h->head == hl->head) && shows_cell(h, hl->row, hl->col))
                    outline_cell(b, pn, h, hl->row, hl->col, lw, FIG_C_MARK, false);
            }
        }
    }
}

void win_layout_panel_outlines(B *b)
{
    nav_highlight(b);
    hover_outlines(b);
    highlights(b);
}

/* ui_layout.c — one frame of the window as a draw list (see ui_layout.h). The views (arch, matrix,
 * lines, grid) are built into panels of their own and copied into the frame at their place, so
 * their hit regions stay in their own coordinates and an unchanged panel is not rebuilt. The
 * chrome around them is drawn here and in ui_layout_top.c (bar, field, output strip),
 * ui_layout_info.c (info panel) and ui_layout_bars.c (timeline, status, overlays).
 * Not input: ui_input.c reads the widgets and panels this file records. */
#include "ui_layout.h"



#include "ui_layout_int.h"

/* str shortened with "…" to at most max_w: the longest prefix (whole characters) that fits. */
void lo_fit(const B *b, const char *str, int size, bool bold, float max_w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", str);
    if (text_w(b, out, size, bold) <= max_w) return;
    int cut[1024];
    int n = 0;
    size_t limit = cap < 1000 ? cap - 5 : 995;
    for (size_t i = 0; str[i] && i <= limit && n < 1024; i += (size_t)utf8_len(str + i)) cut[n++] = (int)i;
    char buf[1024];
    int lo = 0, hi = n - 1;  /* cut[lo] always fits (the empty prefix) */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(buf, str, (size_t)cut[mid]);
        memcpy(buf + cut[mid], "\xE2\x80\xA6", 4);
        if (text_w(b, buf, size, bold) <= max_w) lo = mid;
        else hi = mid - 1;
    }
    memcpy(out, str, (size_t)cut[lo]);
    memcpy(out + cut[lo], "\xE2\x80\xA6", 4);
}

/* Splits text into lines of at most w (at spaces) and draws them; returns the next y. */
float lo_paragraph(B *b, const char *str, int size, bool bold, const vec4 c, float x, float y,
                       float w, int max_lines)
{
    char line[512];
    const char *p = str;
    float lh = text_h(b, size) + P(b, 2);
    for (int n = 0; *p && n < max_lines; n++) {
        size_t best = 0, i = 0, len = strlen(p);
        while (i <= len && i < sizeof line - 1) {
            size_t j = i;
            while (j < len && p[j] != ' ') j++;
            memcpy(line, p, j);
            line[j] = '\0';
            if (text_w(b, line, size, bold) > w && best) break;
            best = j;
            if (j >= len) break;
            i = j + 1;
        }
        if (!best) best = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, p, best);
        line[best] = '\0';
        if (n + 1 == max_lines && p[best]) {
            char cut[600];
            snprintf(cut, sizeof cut, "%s…", line);
            lo_fit(b, cut, size, bold, w, line, sizeof line);
        }
        text_at(b, line, size, bold, c, x, y, A_LEFT | A_TOP);
        y += lh;
        p += best;
        while (*p == ' ') p++;
    }
    return y;
}

float lo_prefix_w(const B *b, const char *s, int from, int to, int size)
{
    char buf[1024];
    int n = to - from;
    if (n <= 0) return 0;
    if (n >= (int)sizeof buf) n = (int)sizeof buf - 1;
    memcpy(buf, s + from, (size_t)n);
    buf[n] = '\0';
    return text_w(b, buf, size, false);
}

/* --- copying a view's list into the frame ------------------------------------------------- */

static dr_Rect intersect(dr_Rect a, dr_Rect c)
{
    float x0 = fmaxf(a.x, c.x), y0 = fmaxf(a.y, c.y);
    float x1 = fminf(a.x + a.w, c.x + c.w), y1 = fminf(a.y + a.h, c.y + c.h);
    return (dr_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

static void append(dr_List *dst, const dr_List *src, float dx, float dy, dr_Rect clip)
{
    dr_clip(dst, clip);
    for (int i = 0; i < src->n; i++) {
        const dr_Cmd *c = &src->cmds[i];
        dr_Rect r = {c->r.x + dx, c->r.y + dy, c->r.w, c->r.h};
        dr_Cmd *o = NULL;
        switch (c->kind) {
        case DR_RECT: o = dr_rect(dst, r, c->color); break;
        case DR_FRAME: o = dr_frame(dst, r, c->width, c->color); break;
        case DR_LINE: {
            vec2 p0 = {c->p0[0] + dx, c->p0[1] + dy}, p1 = {c->p1[0] + dx, c->p1[1] + dy};
            o = dr_line(dst, p0, p1, c->width, c->color);
            break;
        }
        case DR_TEXT:
            o = dr_text(dst, dr_text_of(src, c), r, c->size, c->ascent, c->rot, c->color);
            o->bold = c->bold;
            break;
        case DR_IMAGE: o = dr_image(dst, r, dr_pixels_of(src, c), c->iw, c->ih); break;
        case DR_CLIP:
            dr_clip(dst, c->r.w > 0 && c->r.h > 0 ? intersect(r, clip) : clip);
            break;
        default: break;
        }
        if (o) {
            o->tag = c->tag;
            o->i = c->i;
            o->j = c->j;
            o->k = c->k;
        }
    }
    dr_unclip(dst);
}

/* Builds one view when its state changed, and places it (drawn by the window from its list). */
static void place_view(B *b, ui_Panel *p, const vw_State *vs, dr_Rect r)
{
    bool same = p->valid && p->generation == b->st->generation && p->r.w == r.w && p->r.h == r.h &&
                !memcmp(&p->vs, vs, sizeof *vs);
    p->r = r;
    p->shown = true;
    if (!same) {
        p->vs = *vs;
        p->generation = b->st->generation;
        vw_build(vs, b->tr, &b->f->m, r.w, r.h, &p->list);
        p->valid = true;
        p->serial++;
    }
    rect(b, r, C_WHITE);
}

void ui_frame_compose(const ui_Frame *f, dr_List *dst)
{
    dr_clear(dst);
    dst->width = f->out.width;
    dst->height = f->out.height;
    glm_vec4_copy((float *)f->out.background, dst->background);
    dr_Rect all = {0, 0, f->out.width, f->out.height};
    append(dst, &f->out, 0, 0, all);
    const ui_Panel *ps[1 + UI_MAIN_PANELS] = {&f->nav};
    for (int i = 0; i < UI_MAIN_PANELS; i++) ps[1 + i] = &f->main[i];
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++) {
        if (!ps[i]->shown) continue;
        dr_rect(dst, ps[i]->r, ps[i]->list.background);
        append(dst, &ps[i]->list, ps[i]->r.x, ps[i]->r.y, ps[i]->r);
    }
    append(dst, &f->over, 0, 0, all);
}

/* --- view states ---------------------------------------------------------------------------- */

static void base_state(const B *b, vw_State *vs)
{
    memset(vs, 0, sizeof *vs);
    vw_state_default(vs);
    vs->scale = b->s;
    if (b->st->model) {
        vs->tgt_vocab = (const char *const *)b->st->model->tgt_vocab.tokens;
        vs->n_tgt_vocab = b->st->model->tgt_vocab.n;
    }
}

static int single_head(uint64_t mask)
{
    if (mask == 0 || (mask & (mask - 1))) return -1;
    int h = 0;
    while (!((mask >> h) & 1u)) h++;
    return h;
}

static void matrix_state(const ui_State *st, const tf_Trace *tr, const char *name, bool step,
                         vw_State *vs)
{
    vs->kind = VW_MATRIX;
    snprintf(vs->tensor, sizeof vs->tensor, "%s", name);
    const tf_Node *n = tf_trace_get(tr, name);
    vs->head = -1;
    if (n && n->ndim == 3) vs->head = step ? ui_first_head(st) : single_head(st->heads);
    if (vs->head >= (n ? n->shape[0] : 0)) vs->head = 0;
    vw_Matrix mx;
    vs->token = -1;
    if (n && vw_matrix_of(tr, n, vs, &mx)) {
        if (mx.row_axis.kind == VW_AX_SRC) vs->token = st->sel_src;
        else if (mx.row_axis.kind == VW_AX_TGT) vs->token = st->out_pos;
    }
    vs->zoom = st->zoom;
    vs->pan[0] = st->pan[0];
    vs->pan[1] = st->pan[1];
}

static void attn_state(const ui_State *st, const tf_Trace *tr, vw_Kind kind, vw_State *vs)
{
    vs->kind = kind;
    vw_Attn a = VW_ATTN_ENC;
    int layer = 0;
    ui_attention_of(tr, st->node, &a, &layer);
    vs->attn = a;
    vs->layer = layer;
    vs->heads = st->heads;
    vs->token = a == VW_ATTN_ENC ? st->sel_src : st->out_pos;
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

void ui_primary_view(const ui_State *st, vw_State *vs)
{
    const tf_Trace *tr = ui_trace(st);
    memset(vs, 0, sizeof *vs);
    vw_state_default(vs);
    if (st->model) {
        vs->tgt_vocab = (const char *const *)st->model->tgt_vocab.tokens;
        vs->n_tgt_vocab = st->model->tgt_vocab.n;
    }
    const tf_Node *n = ui_node(st);
    if (!tr || !n) return;
    if (st->mode == UI_MODE_LINES) attn_state(st, tr, VW_LINES, vs);
    else if (st->mode == UI_MODE_GRID) attn_state(st, tr, VW_GRID, vs);
    else matrix_state(st, tr, n->name, st->mode == UI_MODE_STEP, vs);
    vs->zoom = 1.0f;
    vs->pan[0] = vs->pan[1] = 0;
}

/* --- navigator and main view ---------------------------------------------------------------- */

static void navigator(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Config *g = &b->tr->cfg;
    char sub[160];
    snprintf(sub, sizeof sub, "d_model %d · %d heads · %d+%d layers · %s", g->d_model, g->nhead,
             g->n_enc, g->n_dec, g->norm_first ? "pre-LN" : "post-LN");
    dr_Rect body = panel_box(b, r, ui_str(st->lang, S_NAVIGATOR), sub);
    b->f->r_nav = body;
    if (body.w < 8 || body.h < 8) return;
    vw_State vs;
    base_state(b, &vs);
    vs.kind = VW_ARCH;
    vs.show_title = false;
    /* the view opens the current layer; the current box is outlined over it (nav_highlight),
     * so that stepping within a layer does not redraw the diagram */
    const tf_Node *n = ui_node(st);
    if (n) ui_group_of(n->name, vs.step, sizeof vs.step);
    vs.scale = b->s * 0.92f;
    place_view(b, &b->f->nav, &vs, body);
}

/* The navigator's box of the current step: of the boxes (each named by its first step), the
 * last one that starts at or before the step. */
static void nav_highlight(B *b)
{
    const ui_Panel *nav = &b->f->nav;
    const tf_Trace *tr = b->tr;
    if (!nav->shown || b->st->node < 0 || b->st->node >= tr->n_nodes) return;
    const dr_Hit *best = NULL;
    int best_i = -1;
    for (int i = 0; i < nav->list.n_hits; i++) {
        const dr_Hit *h = &nav->list.hits[i];
        if (h->kind != DR_HIT_STEP || h->layer >= 0) continue;  /* layer tabs carry a layer */
        int k = tf_trace_index(tr, h->step);
        if (k >= 0 && k <= b->st->node && k > best_i) best = h, best_i = k;
    }
    if (!best) return;
    dr_Rect r = {nav->r.x + best->r.x, nav->r.y + best->r.y, best->r.w, best->r.h};
    float lw = fmaxf(2, P(b, 2.5f));
    dr_clip(b->l, nav->r);
    rect(b, r, (vec4){C_ACCENT[0], C_ACCENT[1], C_ACCENT[2], 0.16f});
    frame(b, (dr_Rect){r.x - lw, r.y - lw, r.w + 2 * lw, r.h + 2 * lw}, lw, C_ACCENT);
    dr_unclip(b->l);
}

static int popcount64(uint64_t m)
{
    int c = 0;
    for (; m; m &= m - 1) c++;
    return c;
}

/* Mode tabs, head chips (for tensors with heads), zoom. */
static void tabs(B *b, dr_Rect r, int H, bool chips)
{
    const ui_State *st = b->st;
    b->f->r_tabs = r;
    float x = r.x, bh = P(b, 28), y = roundf(r.y + (r.h - bh) * 0.5f);
    static const ui_StrId names[UI_MODE_COUNT] = {S_MODE_STEP, S_MODE_MATRIX, S_MODE_LINES, S_MODE_GRID};
    for (int m = 0; m < UI_MODE_COUNT; m++) {
        dr_Rect t = button(b, UI_W_MODE, m, x, y, bh, ui_str(st->lang, names[m]), (int)st->mode == m, false, A_LEFT);
        x = t.x + t.w - 1;
    }
    x += P(b, 18);
    int size = fsize(b, 12);
    if (chips && H > 0) {
        dr_Rect t = text_at(b, ui_str(st->lang, S_HEADS), size, true, C_DIM, x, r.y + r.h * 0.5f,
                            A_LEFT | A_VCENTER);
        x = t.x + t.w + P(b, 8);
        int shown_head = st->mode == UI_MODE_STEP ? ui_first_head(st) : -2;
        float cw = P(b, 26);
        for (int h = 0; h < H && h < 64; h++) {
            dr_Rect c = {x, y, cw, bh};
            if (c.x + c.w > r.x + r.w - P(b, 120)) break;
            vec4 hc;
            cm_head(h, hc);
            bool on = (st->heads >> h) & 1u;
            if (on) rect(b, c, hc);
            else {
                rect(b, c, C_WHITE);
                frame(b, c, fmaxf(1, P(b, 1.5f)), hc);
            }
            char num[8];
            snprintf(num, sizeof num, "%d", h);
            text_at(b, num, size, h == shown_head, on && cm_luminance(hc) < 0.5f ? C_WHITE : C_TEXT,
                    c.x + c.w * 0.5f, c.y + c.h * 0.5f, A_HCENTER | A_VCENTER);
            if (h == shown_head) rect(b, (dr_Rect){c.x, c.y + c.h + P(b, 2), c.w, P(b, 3)}, C_TEXT);
            widget(b, UI_W_HEAD, h, c);
            x += cw + P(b, 3);
        }
        dr_Rect a = button(b, UI_W_HEADS_ALL, 0, x + P(b, 4), y, bh, ui_str(st->lang, S_ALL),
                           popcount64(st->heads & ((H >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << H) - 1)))) == H,
                           false, A_LEFT);
        x = a.x + a.w;
    }
    if (st->zoom > 1.0f && (st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX)) {
        char z[48];
        snprintf(z, sizeof z, ui_str(st->lang, S_ZOOM), st->zoom);
        text_at(b, z, size, false, C_DIM, r.x + r.w, r.y + r.h * 0.5f, A_RIGHT | A_VCENTER);
    }
}

/* The screen rect of cell (row, col) of a panel's CELLS region h, and the region's clip. */
static void cell_rect(const B *b, const ui_Panel *pn, const dr_Hit *h, int row, int col, float lw,
                      dr_Rect *cell, dr_Rect *clip)
{
    *cell = (dr_Rect){pn->r.x + h->r.x - h->off_x + (col - h->col0) * h->cell_w - lw,
                      pn->r.y + h->r.y - h->off_y + (row - h->row0) * h->cell_h - lw,
                      h->cell_w + 2 * lw, h->cell_h + 2 * lw};
    *clip = (dr_Rect){pn->r.x + h->r.x - lw, pn->r.y + h->r.y - lw, h->r.w + 2 * lw, h->r.h + 2 * lw};
    (void)b;
}

/* The hovered cell, outlined over the panels (so that hovering rebuilds no view): in the
 * hovered panel, and in every step-view panel of the same shape (a + b = sum). */
static void hover_outlines(B *b)
{
    const ui_State *st = b->st;
    if (st->hover_panel < 0 || st->hover_panel >= b->f->n_main || st->hover_row < 0) return;
    const ui_Panel *hp = &b->f->main[st->hover_panel];
    const tf_Node *hn = tf_trace_get(b->tr, hp->vs.tensor);
    if (hp->vs.kind != VW_MATRIX || !hn || hn->ndim < 2) return;
    float lw = fmaxf(1, P(b, 2));
    for (int p = 0; p < b->f->n_main; p++) {
        const ui_Panel *pn = &b->f->main[p];
        const tf_Node *n = tf_trace_get(b->tr, pn->vs.tensor);
        if (pn->vs.kind != VW_MATRIX || !n || n->ndim < 2) continue;
        if (p != st->hover_panel && (n->shape[n->ndim - 1] != hn->shape[hn->ndim - 1] ||
                                     n->shape[n->ndim - 2] != hn->shape[hn->ndim - 2]))
            continue;
        for (int i = 0; i < pn->list.n_hits; i++) {
            const dr_Hit *h = &pn->list.hits[i];
            if (h->kind != DR_HIT_CELLS) continue;
            if (p == st->hover_panel && st->hover_head >= 0 && h->head >= 0 && h->head != st->hover_head)
                continue;
            if (st->hover_row < h->row0 || st->hover_row >= h->row0 + h->rows ||
                st->hover_col < h->col0 || st->hover_col >= h->col0 + h->cols)
                continue;
            dr_Rect c, clip;
            cell_rect(b, pn, h, st->hover_row, st->hover_col, lw, &c, &clip);
            dr_clip(b->l, clip);
            frame(b, c, lw, C_TEXT);
            if (c.w > 4 * lw && c.h > 4 * lw)
                frame(b, (dr_Rect){c.x + lw, c.y + lw, c.w - 2 * lw, c.h - 2 * lw}, 1, C_WHITE);
            dr_unclip(b->l);
        }
    }
}

/* Outlines the cells lessons asked for, in every main panel that shows their tensor. */
static void highlights(B *b)
{
    const ui_State *st = b->st;
    for (int k = 0; k < st->n_highlight; k++) {
        const ui_Highlight *hl = &st->highlight[k];
        for (int p = 0; p < b->f->n_main; p++) {
            const ui_Panel *pn = &b->f->main[p];
            if (pn->vs.kind != VW_MATRIX || strcmp(pn->vs.tensor, hl->tensor)) continue;
            for (int i = 0; i < pn->list.n_hits; i++) {
                const dr_Hit *h = &pn->list.hits[i];
                if (h->kind != DR_HIT_CELLS || (h->head != hl->head && h->head >= 0)) continue;
                if (hl->row < h->row0 || hl->row >= h->row0 + h->rows || hl->col < h->col0 ||
                    hl->col >= h->col0 + h->cols)
                    continue;
                float lw = fmaxf(2, P(b, 3));
                dr_Rect c, clip;
                cell_rect(b, pn, h, hl->row, hl->col, lw, &c, &clip);
                dr_clip(b->l, clip);
                frame(b, c, lw, C_MARK);
                dr_unclip(b->l);
            }
        }
    }
}

/* The sign between two panels of the step view; the arrow is drawn, the font's is too small. */
static void operator_sign(B *b, const char *op, float cx, float cy)
{
    if (strcmp(op, "→")) {
        text_at(b, op, fsize(b, 26), true, C_DIM, cx, cy, A_HCENTER | A_VCENTER);
        return;
    }
    float k = P(b, 10), lw = fmaxf(1.5f, P(b, 2));
    dr_line(b->l, (vec2){cx - k, cy}, (vec2){cx + k, cy}, lw, C_DIM);
    dr_line(b->l, (vec2){cx + k - P(b, 6), cy - P(b, 6)}, (vec2){cx + k, cy}, lw, C_DIM);
    dr_line(b->l, (vec2){cx + k - P(b, 6), cy + P(b, 6)}, (vec2){cx + k, cy}, lw, C_DIM);
}

static void main_view(B *b, dr_Rect r)
{
    const ui_State *st = b->st;
    const tf_Trace *tr = b->tr;
    const tf_Node *n = ui_node(st);
    rect(b, r, C_WHITE);
    frame(b, r, 1, C_BORDER);
    int H = 0;
    if (n && (st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX)) {
        for (int i = 0; i < n->n_inputs; i++) {
            const tf_Node *in = tf_trace_get(tr, n->inputs[i]);
            if (in && in->ndim == 3 && in->shape[0] > H) H = in->shape[0];
        }
        if (n->ndim == 3) H = n->shape[0];
    }
    float th = P(b, 40);
    tabs(b, (dr_Rect){r.x + P(b, 10), r.y, r.w - P(b, 20), th}, H,
         st->mode == UI_MODE_STEP || st->mode == UI_MODE_MATRIX);
    rect(b, (dr_Rect){r.x + 1, r.y + th, r.w - 2, 1}, C_FAINT);
    dr_Rect body = {r.x + 1, r.y + th + 1, r.w - 2, r.h - th - 2};
    b->f->r_main = body;
    b->f->n_main = 0;
    if (!n || body.w < 16 || body.h < 16) return;
    vw_State vs;
    if (st->mode == UI_MODE_STEP) {
        const char *names[3], *ops[2];
        int k = step_panels(tr, n, names, ops);
        float gap = k > 1 ? P(b, 34) : 0;
        float pw = floorf((body.w - gap * (k - 1)) / k);
        for (int i = 0; i < k; i++) {
            base_state(b, &vs);
            matrix_state(st, tr, names[i], true, &vs);
            dr_Rect pr = {body.x + i * (pw + gap), body.y, pw, body.h};
            place_view(b, &b->f->main[i], &vs, pr);
            b->f->n_main = i + 1;
            if (i + 1 < k) operator_sign(b, ops[i], pr.x + pr.w + gap * 0.5f, body.y + body.h * 0.5f);
        }
    } else {
        base_state(b, &vs);
        if (st->mode == UI_MODE_MATRIX) matrix_state(st, tr, n->name, false, &vs);
        else attn_state(st, tr, st->mode == UI_MODE_LINES ? VW_LINES : VW_GRID, &vs);
        place_view(b, &b->f->main[0], &vs, body);
        b->f->n_main = 1;
    }
}

/* --- the frame ---------------------------------------------------------------------------------- */

void ui_frame_init(ui_Frame *f, tx_Measure m)
{
    memset(f, 0, sizeof *f);
    f->m = m;
    dr_init(&f->out);
    dr_init(&f->over);
    dr_init(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_init(&f->main[i].list);
}

void ui_frame_free(ui_Frame *f)
{
    dr_free(&f->out);
    dr_free(&f->over);
    dr_free(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_free(&f->main[i].list);
    free(f->widgets);
    memset(f, 0, sizeof *f);
}

void ui_frame_build(ui_Frame *f, const ui_State *st, int W, int H, float dpi)
{
    dr_clear(&f->out);
    dr_clear(&f->over);
    f->nav.shown = false;
    for (int i = 0; i < UI_MAIN_PANELS; i++) f->main[i].shown = false;
    f->n_widgets = 0;
    f->n_main = 0;
    f->width = W;
    f->height = H;
    float lw = (float)W / fmaxf(dpi, 0.1f), lh = (float)H / fmaxf(dpi, 0.1f);
    float fit_scale = fminf(fmaxf(fminf(lw / 1920.0f, lh / 1080.0f), 1.0f), 2.0f);
    f->scale = fminf(fmaxf(dpi * fit_scale * st->ui_zoom, 0.5f), 6.0f);
    f->out.width = (float)W;
    f->out.height = (float)H;
    glm_vec4_copy((float *)C_BG, f->out.background);
    B b = {f, st, ui_trace(st), &f->out, f->scale};
    memset(&f->r_top, 0, (size_t)((char *)&f->tl_x0 - (char *)&f->r_top));
    float side_w = 0;
    if (st->side && st->side->draw) {
        side_w = fminf(roundf(P(&b, st->side->width)), roundf(W * 0.34f));
        W -= (int)side_w;
        f->r_side = (dr_Rect){(float)W, 0, side_w, (float)H};
        st->side->draw(st->side->ctx, st, &f->out, f->r_side, f->scale, f->m);
    }
    f->too_small = W < P(&b, 560) || H < P(&b, 360);
    if (f->too_small) {
        /* too small to be useful: say so, and keep every key working */
        const char *msg = st->lang == UI_LANG_KO ? "창이 너무 작습니다 — 크게 늘려 주세요"
                                                 : "The window is too small — make it larger";
        char buf[256];
        int size = fsize(&b, 13);
        lo_fit(&b, msg, size, false, (float)W - 8, buf, sizeof buf);
        text_at(&b, buf, size, false, C_TEXT, W * 0.5f, H * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        if (st->help) lo_help_overlay(&b);
        return;
    }
    lo_top_bar(&b, (float)W);
    float y = f->r_top.h;
    if (!b.tr) {
        const char *msg = st->msg[0] ? st->msg : ui_str(st->lang, S_FIELD_PLACEHOLDER);
        char buf[1024];
        lo_fit(&b, msg, fsize(&b, 15), false, (float)W - P(&b, 40), buf, sizeof buf);
        text_at(&b, buf, fsize(&b, 15), false, st->msg[0] && st->msg_kind == UI_MSG_ERROR ? C_ERROR : C_TEXT,
                W * 0.5f, (H + y) * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        lo_suggestions(&b);
        if (st->help) lo_help_overlay(&b);
        return;
    }
    bool compact = H < P(&b, 760);
    lo_output_strip(&b, (dr_Rect){0, y, (float)W, P(&b, compact ? 34 : 38)});
    y += P(&b, compact ? 34 : 38);
    float status_h = P(&b, compact ? 24 : 26), tl_h = P(&b, compact ? 56 : 64);
    float snap_h = st->n_snaps ? P(&b, compact ? 28 : 32) : 0;
    float bottom = H - status_h - tl_h - snap_h;
    lo_status_bar(&b, (dr_Rect){0, H - status_h, (float)W, status_h});
    if (snap_h > 0) lo_snapshot_bar(&b, (dr_Rect){0, bottom + tl_h, (float)W, snap_h});
    float gap = P(&b, 8), mid_y = y + gap, mid_h = bottom - gap - mid_y;
    float left_w = fminf(fmaxf(W * 0.26f, P(&b, 300)), P(&b, 540));
    float info_h = fminf(fmaxf(roundf(mid_h * 0.25f), P(&b, 104)), P(&b, 158));
    /* a short window gives the figure views the whole height */
    if ((st->mode == UI_MODE_LINES || st->mode == UI_MODE_GRID) && mid_h < P(&b, 640)) info_h = -gap;
    navigator(&b, (dr_Rect){gap, mid_y, left_w, mid_h});
    float rx = left_w + 2 * gap, rw = W - left_w - 3 * gap;
    main_view(&b, (dr_Rect){rx, mid_y, rw, mid_h - info_h - gap});
    lo_info_panel(&b, (dr_Rect){rx, mid_y + mid_h - info_h, rw, info_h});
    lo_timeline(&b, (dr_Rect){0, bottom, (float)W, tl_h});
    b.l = &f->over;
    nav_highlight(&b);
    hover_outlines(&b);
    highlights(&b);
    lo_suggestions(&b);
    lo_toast(&b);
    if (st->help) lo_help_overlay(&b);
    else if (st->hint) lo_hint_overlay(&b);
}

const ui_Widget *ui_frame_widget_at(const ui_Frame *f, float x, float y)
{
    for (int i = f->n_widgets - 1; i >= 0; i--)
        if (dr_rect_contains(f->widgets[i].r, x, y)) return &f->widgets[i];
    return NULL;
}

const ui_Panel *ui_frame_panel(const ui_Frame *f, int panel)
{
    if (panel < 0) return f->nav.valid ? &f->nav : NULL;
    return panel < f->n_main ? &f->main[panel] : NULL;
}

bool ui_frame_panel_at(const ui_Frame *f, float x, float y, int *panel, dr_HitResult *hit,
                       float *px, float *py)
{
    if (f->too_small) return false;
    for (int p = -1; p < f->n_main; p++) {
        const ui_Panel *pn = ui_frame_panel(f, p);
        if (!pn || !dr_rect_contains(pn->r, x, y)) continue;
        *panel = p;
        *px = x - pn->r.x;
        *py = y - pn->r.y;
        return dr_hit_test(&pn->list, *px, *py, hit);
    }
    return false;
}

int ui_frame_field_offset(const ui_Frame *f, const ui_State *st, float x)
{
    int v0 = f->field_vis0, v1 = f->field_vis1;
    B b = {(ui_Frame *)f, st, NULL, NULL, f->scale};
    int size = fsize(&b, 14), best = v0;
    float bd = INFINITY;
    for (int i = v0; i <= v1; i += i < v1 ? utf8_len(st->input + i) : 1) {
        float d = fabsf(f->field_text_x + lo_prefix_w(&b, st->input, v0, i, size) - x);
        if (d < bd) bd = d, best = i;
        if (i == v1) break;
    }
    return best;
}

void ui_window_title(const ui_State *st, char *out, size_t cap)
{
    const tf_Trace *tr = ui_trace(st);
    char sentence[200] = "";
    if (tr) {
        size_t used = 0;
        for (int i = 0; i < tr->n_src && used + 4 < 120; i++)
            used += (size_t)snprintf(sentence + used, sizeof sentence - used, "%s%s", i ? " " : "",
                                     tr->src_tokens[i]);
        if (used >= 120) {
            size_t n = 117;
            while (n > 0 && ((unsigned char)sentence[n] & 0xC0) == 0x80) n--;
            snprintf(sentence + n, sizeof sentence - n, "…");
        }
    }
    if (tr) snprintf(out, cap, "tfscope — %s — “%s”", st->model_name[0] ? st->model_name : "trace", sentence);
    else snprintf(out, cap, "tfscope — %s", st->model_name[0] ? st->model_name : "no model");
}

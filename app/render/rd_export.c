/* rd_export.c — one view of one trace to PNG, SVG or CSV bytes. */
#include "rd_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rd_sdl.h"
#include "rd_svg.h"

void rd_export_view_tensor(const fig_View *s, char *out, size_t cap)
{
    switch (s->kind) {
    case FIG_VIEW_MATRIX:
    case FIG_VIEW_DIFF: snprintf(out, cap, "%s", s->tensor); break;
    case FIG_VIEW_LINES: fig_view_attn_tensor(s->attn, s->layer, out, cap); break;
    case FIG_VIEW_GRID:
        snprintf(out, cap, "%s.*.%s.weights", s->attn == FIG_ATTN_ENC ? "enc" : "dec",
                 s->attn == FIG_ATTN_CROSS ? "cross_attn" : "self_attn");
        break;
    default: snprintf(out, cap, "%s", s->step); break;
    }
}

static void heads_text(const fig_View *s, const tf_Trace *tr, char *out, size_t cap)
{
    int H = tr->cfg.nhead;
    if (s->kind == FIG_VIEW_MATRIX) {
        if (s->head >= 0) snprintf(out, cap, "%d", s->head);
        else snprintf(out, cap, "all");
        return;
    }
    int idx[FIG_MAX_HEADS], n = fig_view_heads(s, H, idx);
    if (n == H) {
        snprintf(out, cap, "all");
        return;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used + 8 < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%d", i ? "," : "", idx[i]);
}

static void put(rd_ExportMeta *m, const char *key, const char *value)
{
    if (m->n >= RD_EXPORT_META_MAX) return;
    snprintf(m->store[m->n], sizeof m->store[m->n], "%s", value);
    m->items[m->n] = (rd_PngText){key, m->store[m->n]};
    m->n++;
}

void rd_export_meta(const fig_View *s, const tf_Trace *tr, rd_ExportMeta *meta)
{
    char buf[1024], tensor[TF_NAME_MAX + 16];
    meta->n = 0;
    rd_export_view_tensor(s, tensor, sizeof tensor);
    snprintf(buf, sizeof buf, "tfscope %s view%s%s", fig_view_kind_name(s->kind),
             tensor[0] ? ": " : "", tensor);
    put(meta, "Title", buf);
    cli_join_tokens(tr->src_tokens, tr->n_src, buf, sizeof buf);
    put(meta, "Sentence", buf);
    cli_join_tokens(tr->tgt_tokens, tr->n_tgt, buf, sizeof buf);
    put(meta, "Target", buf);
    put(meta, "View", fig_view_kind_name(s->kind));
    put(meta, "Tensor", tensor);
    snprintf(buf, sizeof buf, "%d", s->layer);
    put(meta, "Layer", s->kind == FIG_VIEW_LINES ? buf : "-");
    heads_text(s, tr, buf, sizeof buf);
    put(meta, "Heads", s->kind == FIG_VIEW_ARCH ? "-" : buf);
    /* the selected token on the side the rows stand for: a matrix's row axis, else the
     * attention's queries; a decoder position also names what it predicts */
    bool src = s->attn == FIG_ATTN_ENC;
    const tf_Node *n = s->kind == FIG_VIEW_MATRIX || s->kind == FIG_VIEW_DIFF ? tf_trace_get(tr, s->tensor) : NULL;
    fig_Matrix mx;
    if (n && fig_view_matrix_of(tr, n, s, &mx)) src = mx.row_axis.kind == FIG_AX_SRC;
    bool have = s->token >= 0 && s->token < (src ? tr->n_src : tr->n_tgt);
    if (have && src) snprintf(buf, sizeof buf, "%d %s", s->token, tr->src_tokens[s->token]);
    else if (have) fig_view_tgt_label(tr, s, s->token, true, buf, sizeof buf);
    put(meta, "Token", have ? buf : "-");
    put(meta, "Model", tr->model_name ? tr->model_name : "");
    put(meta, "Model SHA-256", tr->model_sha256 ? tr->model_sha256 : "");
    put(meta, "Software", "tfscope " CLI_VERSION_STRING);
    if (s->kind == FIG_VIEW_DIFF && s->other) {
        cli_join_tokens(s->other->src_tokens, s->other->n_src, buf, sizeof buf);
        put(meta, "Sentence B", buf);
    }
}

static void build(const fig_View *s, const tf_Trace *tr, rd_Fonts *fonts, int w, int h,
                  fig_List *l)
{
    fig_Measure m = rd_fonts_measure(fonts);
    fig_draw_init(l);
    fig_view_build(s, tr, &m, (float)w, (float)h, l);
}

bool rd_export_png(const fig_View *s, const tf_Trace *tr, rd_Fonts *fonts, int w, int h,
                   const rd_ExportMeta *meta, uint8_t **out, size_t *out_len, char *err,
                   size_t err_cap)
{
    fig_List l;
    build(s, tr, fonts, w, h, &l);
    rd_Image img;
    bool ok = rd_sdl_render_offscreen(&l, fonts, w, h, &img, err, err_cap);
    fig_draw_free(&l);
    if (!ok) return false;
    ok = rd_png_encode(img.rgba, w, h, meta ? meta->items : NULL, meta ? meta->n : 0, out, out_len,
                       err, err_cap);
    rd_image_free(&img);
    return ok;
}

bool rd_export_svg(const fig_View *s, const tf_Trace *tr, rd_Fonts *fonts, int w, int h,
                   const rd_ExportMeta *meta, char **out, size_t *out_len, char *err,
                   size_t err_cap)
{
    (void)err;
    (void)err_cap;
    fig_List l;
    build(s, tr, fonts, w, h, &l);
    rd_svg_write(&l, w, h, meta ? meta->items : NULL, meta ? meta->n : 0, out, out_len);
    fig_draw_free(&l);
    return true;
}

typedef struct {
    char *data;
    size_t len, cap;
} Text;

static void tput(Text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        size_t c = t->cap ? t->cap : 65536;
        while (c < t->len + n + 1) c *= 2;
        t->data = realloc(t->data, c);
        TF_ASSERT(t->data != NULL);
        t->cap = c;
    }
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

/* One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
static void field(Text *t, const char *s, bool first)
{
    if (!first) tput(t, ",");
    if (!strpbrk(s, ",\"\r\n")) {
        tput(t, s);
        return;
    }
    tput(t, "\"");
    for (const char *p = s; *p; p++) {
        char c[3] = {*p, *p == '"' ? '"' : '\0', '\0'};
        tput(t, c);
    }
    tput(t, "\"");
}

/* Rows of one matrix (node, panel p) to CSV; lead: the first columns ("tensor", "head"). */
static void csv_panel(Text *t, const fig_View *s, const tf_Trace *tr, const fig_Matrix *mx, int p,
                      const char *const *lead, int n_lead, int row)
{
    char buf[128];
    for (int r = 0; r < mx->rows; r++) {
        if (row >= 0 && r != row) continue;
        for (int i = 0; i < n_lead; i++) field(t, lead[i], i == 0);
        fig_view_axis_label(&mx->row_axis, tr, s, r, buf, sizeof buf);
        field(t, buf, n_lead == 0);
        const float *d = mx->node->data + ((int64_t)p * mx->rows + r) * mx->cols;
        for (int c = 0; c < mx->cols; c++) {
            snprintf(buf, sizeof buf, ",%.9g", d[c]);
            tput(t, buf);
        }
        tput(t, "\r\n");
    }
}

static void csv_header(Text *t, const fig_View *s, const tf_Trace *tr, const fig_Matrix *mx,
                       const char *const *lead, int n_lead)
{
    char buf[128];
    for (int i = 0; i < n_lead; i++) field(t, lead[i], i == 0);
    snprintf(buf, sizeof buf, "%s \\ %s", mx->row_axis.title, mx->col_axis.title);
    field(t, buf, n_lead == 0);
    for (int c = 0; c < mx->cols; c++) {
        fig_view_axis_label(&mx->col_axis, tr, s, c, buf, sizeof buf);
        field(t, buf, false);
    }
    tput(t, "\r\n");
}

/* The matrix of one node: panels chosen by head (matrix) or the head set (lines, grid). */
static void csv_node(Text *t, const fig_View *s, const tf_Trace *tr, const tf_Node *n,
                     bool with_tensor, bool header)
{
    fig_Matrix mx;
    if (!fig_view_matrix_of(tr, n, s, &mx)) return;
    bool three = n->ndim == 3;
    const char *names[2] = {"tensor", "head"};
    const char *const *lead = with_tensor ? names : names + 1;
    int n_lead = (with_tensor ? 1 : 0) + (three ? 1 : 0);
    if (header) csv_header(t, s, tr, &mx, lead, n_lead);
    int row = s->kind == FIG_VIEW_MATRIX ? -1 : s->token;
    for (int p = 0; p < mx.panels; p++) {
        if (three && s->kind == FIG_VIEW_MATRIX && s->head >= 0 && p != s->head) continue;
        if (three && s->kind != FIG_VIEW_MATRIX && !fig_view_head_shown(s, p)) continue;
        char head[16];
        snprintf(head, sizeof head, "%d", p);
        const char *vals[2] = {n->name, head};
        csv_panel(t, s, tr, &mx, p, with_tensor ? vals : vals + 1, n_lead, row);
    }
}

/* The logit lens: a line per point and position, with the final token's probability and rank
 * there and the top tokens with their probabilities. */
static void lens_csv(Text *t, const fig_View *s, const tf_Trace *tr, const tf_Lens *L)
{
    char buf[64], tb[16];
    tput(t, "point,position,decoder input,final token,P(final),rank of final");
    for (int j = 0; j < L->k; j++) {
        snprintf(buf, sizeof buf, ",top %d,P(top %d)", j + 1, j + 1);
        tput(t, buf);
    }
    tput(t, "\r\n");
    for (int p = 0; p < L->n_points; p++)
        for (int i = 0; i < L->T; i++) {
            field(t, tr->nodes[L->points[p].node].name, true);
            snprintf(buf, sizeof buf, "%d", i);
            field(t, buf, false);
            field(t, i < tr->n_tgt ? tr->tgt_tokens[i] : "", false);
            field(t, fig_view_vocab(s, L->final_tok[i], tb, sizeof tb), false);
            snprintf(buf, sizeof buf, ",%.9g,%d", L->final_p[p * L->T + i], L->final_rank[p * L->T + i]);
            tput(t, buf);
            for (int j = 0; j < L->k; j++) {
                int at = (p * L->T + i) * L->k + j;
                field(t, fig_view_vocab(s, L->top[at], tb, sizeof tb), false);
                snprintf(buf, sizeof buf, ",%.9g", L->top_p[at]);
                tput(t, buf);
            }
            tput(t, "\r\n");
        }
}

/* The beam search: a line per candidate, in the log's order (step by step, best first). */
static void beam_csv(Text *t, const tf_BeamLog *g)
{
    char buf[160];
    bool *chosen = tf_xcalloc((size_t)(g->n ? g->n : 1), sizeof *chosen);
    for (int e = g->best; e >= 0 && e < g->n; e = g->c[e].parent) chosen[e] = true;
    tput(t, "entry,step,parent,token,log p,score,score / lp,fate,chosen\r\n");
    for (int e = 0; e < g->n; e++) {
        const tf_BeamCand *c = &g->c[e];
        snprintf(buf, sizeof buf, "%d,%d,%d", e, c->step, c->parent);
        tput(t, buf);
        if (g->text) field(t, g->text[e], false);
        else snprintf(buf, sizeof buf, ",#%d", c->token), tput(t, buf);
        snprintf(buf, sizeof buf, ",%.9g,%.9g,%.9g,%s,%d\r\n", c->logp, c->score, c->norm,
                 tf_beam_fate_name(c->fate), chosen[e]);
        tput(t, buf);
    }
    free(chosen);
}

bool rd_export_csv(const fig_View *s, const tf_Trace *tr, char **out, size_t *out_len, char *err,
                   size_t err_cap)
{
    Text t = {0};
    char name[TF_NAME_MAX];
    if (s->kind == FIG_VIEW_ARCH) {
        snprintf(err, err_cap, "the architecture view has no numbers to write; CSV needs "
                               "--view matrix, lines or grid");
        return false;
    }
    if (s->kind == FIG_VIEW_LENS && !s->lens) {
        snprintf(err, err_cap, "no logit lens to write");
        return false;
    }
    if (s->kind == FIG_VIEW_LENS) {
        lens_csv(&t, s, tr, s->lens);
    } else if (s->kind == FIG_VIEW_BEAM) {
        beam_csv(&t, &tr->beam);
    } else if (s->kind == FIG_VIEW_GRID) {
        int L = fig_view_attn_layers(&tr->cfg, s->attn);
        for (int i = 0; i < L; i++) {
            fig_view_attn_tensor(s->attn, i, name, sizeof name);
            const tf_Node *n = tf_trace_get(tr, name);
            if (n) csv_node(&t, s, tr, n, true, i == 0);
        }
    } else {
        rd_export_view_tensor(s, name, sizeof name);
        const tf_Node *n = tf_trace_get(tr, name);
        const tf_Node *b = n && s->kind == FIG_VIEW_DIFF && s->other ? fig_diff_partner(s->other, n)
                                                                     : NULL;
        if (!n || (s->kind == FIG_VIEW_DIFF && (!b || fig_diff_positions(tr, s->other, n, b) < 0))) {
            snprintf(err, err_cap, "no tensor '%s' %s", name,
                     n ? "of the same shape in trace B" : "in the trace");
            return false;
        }
        if (b) {  /* the numbers of A − B, over the positions both have */
            tf_Node d;
            float *v = fig_diff_node(n, b, &d);
            tf_Trace ta = *tr;
            int positions = fig_diff_positions(tr, s->other, n, b);
            if (positions > 0) ta.n_tgt = positions;
            csv_node(&t, s, &ta, &d, false, true);
            free(v);
        } else {
            csv_node(&t, s, tr, n, false, true);
        }
    }
    if (!t.data) tput(&t, "");
    *out = t.data;
    *out_len = t.len;
    return true;
}

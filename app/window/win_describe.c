/* win_describe.c — the words for what the mouse points at (win_describe, see win_input.h): a
 * cell's tensor, head, row and column tokens and value; a token label; a key of the lines view.
 * Not the hover state itself (win_mouse.c), not SDL. */
#include "win_input.h"

#include <stdio.h>
#include <string.h>

#include "win_strings.h"
#include "win_views.h"

static void axis_word(const fig_Axis *a, const tf_Trace *tr, const fig_View *vs, int i, char *out,
                      size_t cap)
{
    switch (a->kind) {
    case FIG_AX_SRC: snprintf(out, cap, "'%s'", i < tr->n_src ? tr->src_tokens[i] : "?"); break;
    case FIG_AX_TGT: {
        const char *pred = a->predicts ? fig_view_predicted(tr, vs, i) : NULL;
        if (pred) snprintf(out, cap, "'%s' (predicts '%s')", i < tr->n_tgt ? tr->tgt_tokens[i] : "?", pred);
        else snprintf(out, cap, "'%s'", i < tr->n_tgt ? tr->tgt_tokens[i] : "?");
        break;
    }
    case FIG_AX_VOCAB:
        snprintf(out, cap, "'%s'", vs->tgt_vocab && i < vs->n_tgt_vocab ? vs->tgt_vocab[i] : "?");
        break;
    default: snprintf(out, cap, "%s %d", a->title, i); break;
    }
}

static void describe_cell(const win_State *st, const win_Panel *p, const fig_HitResult *hit,
                          char *out, size_t cap)
{
    const tf_Trace *tr = win_trace(st);
    const tf_Node *n = tf_trace_get(tr, hit->step);
    fig_Matrix mx;
    if (!n || !fig_view_matrix_of(tr, n, &p->vs, &mx) || hit->row < 0 || hit->col < 0 ||
        hit->row >= mx.rows || hit->col >= mx.cols) {
        out[0] = '\0';
        return;
    }
    int head = hit->head >= 0 && hit->head < mx.panels ? hit->head : 0;
    int64_t at = ((int64_t)head * mx.rows + hit->row) * mx.cols + hit->col;
    float v = n->data[at];
    char r[96], c[96], hs[32] = "";
    axis_word(&mx.row_axis, tr, &p->vs, hit->row, r, sizeof r);
    axis_word(&mx.col_axis, tr, &p->vs, hit->col, c, sizeof c);
    if (n->ndim == 3) snprintf(hs, sizeof hs, win_str(st->lang, S_HOVER_HEAD), head);
    const tf_Node *nb = p->vs.kind == FIG_VIEW_DIFF && p->vs.other
                            ? fig_diff_partner(p->vs.other, n) : NULL;
    if (nb && fig_diff_same_shape(n, nb)) {
        /* the difference view: both values and their difference, exactly (float32 round trip) */
        float vb = nb->data[at];
        snprintf(out, cap, "%s%s, %s, %s: A = %.9g, B = %.9g, A − B = %.9g", n->name, hs, r, c,
                 (double)v, (double)vb, (double)(v - vb));
        return;
    }
    const char *masked =
        fig_view_cell_masked(&mx, hit->row, hit->col) ? win_str(st->lang, S_HOVER_MASKED) : "";
    if (mx.attention) snprintf(out, cap, "%s%s, %s → %s = %.5g%s", n->name, hs, r, c, (double)v, masked);
    else snprintf(out, cap, "%s%s, %s, %s = %.5g", n->name, hs, r, c, (double)v);
}

/* A key token of the lines view with a query selected: that query's weight on it in every shown
 * head. */
static void describe_lines_key(const win_State *st, const win_Panel *p, int k, char *out,
                               size_t cap)
{
    const tf_Trace *tr = win_trace(st);
    char name[TF_NAME_MAX];
    fig_view_attn_tensor(p->vs.attn, p->vs.layer, name, sizeof name);
    const tf_Node *n = tf_trace_get(tr, name);
    int q = p->vs.token;
    if (!n || n->ndim != 3 || q < 0 || q >= n->shape[1] || k >= n->shape[2]) {
        out[0] = '\0';
        return;
    }
    bool qsrc = p->vs.attn == FIG_ATTN_ENC, ksrc = p->vs.attn != FIG_ATTN_DEC;
    const char *qt = qsrc ? (q < tr->n_src ? tr->src_tokens[q] : "?") : (q < tr->n_tgt ? tr->tgt_tokens[q] : "?");
    const char *kt = ksrc ? (k < tr->n_src ? tr->src_tokens[k] : "?") : (k < tr->n_tgt ? tr->tgt_tokens[k] : "?");
    size_t used = (size_t)snprintf(out, cap, "%s, '%s' → '%s':", name, qt, kt);
    int H = n->shape[0], Q = n->shape[1], K = n->shape[2];
    for (int h = 0; h < H && used + 24 < cap; h++) {
        if (!fig_view_head_shown(&p->vs, h)) continue;
        used += (size_t)snprintf(out + used, cap - used, " h%d %.4f", h,
                                 (double)n->data[((int64_t)h * Q + q) * K + k]);
    }
}

void win_describe(const win_State *st, const win_Frame *f, int panel, const fig_HitResult *hit,
                  char *out, size_t cap)
{
    const win_Panel *p = win_frame_panel(f, panel);
    const tf_Trace *tr = win_trace(st);
    out[0] = '\0';
    if (!p || !tr) return;
    switch (hit->kind) {
    case FIG_HIT_CELLS:
        if (p->vs.kind == FIG_VIEW_LENS) win_views_describe_lens(st, hit->row, hit->col, out, cap);
        else describe_cell(st, p, hit, out, cap);
        break;
    case FIG_HIT_STEP:
        if (p->vs.kind == FIG_VIEW_GRID)
            snprintf(out, cap, "%s, layer %d, head %d", hit->step, hit->layer, hit->head);
        else snprintf(out, cap, "%s", hit->step);
        break;
    case FIG_HIT_HEAD: snprintf(out, cap, fig_word(&p->vs, "head %d"), hit->head); break;
    case FIG_HIT_TOKEN:
        if (p->vs.kind == FIG_VIEW_BEAM) {
            win_views_describe_beam(st, hit->index, out, cap);
        } else if (p->vs.kind == FIG_VIEW_LINES && hit->side == 1 && p->vs.token >= 0) {
            describe_lines_key(st, p, hit->index, out, cap);
        } else {
            bool src = true;
            if (p->vs.kind == FIG_VIEW_LINES)
                src = hit->side == 0 ? p->vs.attn == FIG_ATTN_ENC : p->vs.attn != FIG_ATTN_DEC;
            else {
                const tf_Node *n = tf_trace_get(tr, p->vs.tensor);
                fig_Matrix mx;
                if (n && fig_view_matrix_of(tr, n, &p->vs, &mx))
                    src = (hit->side == 0 ? mx.row_axis.kind : mx.col_axis.kind) == FIG_AX_SRC;
            }
            int n = src ? tr->n_src : tr->n_tgt;
            const char *pred = src || hit->side != 0 ? NULL : fig_view_predicted(tr, &p->vs, hit->index);
            if (hit->index >= 0 && hit->index < n && pred)
                snprintf(out, cap, win_str(st->lang, S_HOVER_PREDICTS), hit->index,
                         tr->tgt_tokens[hit->index], pred);
            else if (hit->index >= 0 && hit->index < n)
                snprintf(out, cap, win_str(st->lang, src ? S_HOVER_SOURCE : S_HOVER_TARGET),
                         hit->index, src ? tr->src_tokens[hit->index] : tr->tgt_tokens[hit->index]);
        }
        break;
    default: break;
    }
}

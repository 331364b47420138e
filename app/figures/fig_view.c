/* fig_view.c — what the rows and columns of a traced tensor mean (source tokens, target tokens,
 * vocabulary, plain index), read from the tensor's site in the model and its shape, and
 * the dispatch from a view kind to its function. Shared by the views, the window's hover text
 * and the CSV export. */
#include <stdio.h>
#include <string.h>

#include "fig_kit.h"

/* Whether the rows of a node run over source positions (else target positions). */
static bool rows_are_source(tf_Site s)
{
    return s.stack == TF_STACK_SOURCE || s.stack == TF_STACK_ENCODER ||
           (s.attn == TF_ATTN_CROSS && (s.part == TF_PART_K || s.part == TF_PART_V));
}

static bool node_is_target(tf_Site s)
{
    return s.stack == TF_STACK_TARGET || s.stack == TF_STACK_DECODER ||
           s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS;
}

static fig_Axis row_axis(const tf_Trace *tr, tf_Site site, int R, bool attention)
{
    if (rows_are_source(site) && R == tr->n_src)
        return (fig_Axis){FIG_AX_SRC, R, attention ? "query (source token)" : "source token", false};
    if (!rows_are_source(site) && node_is_target(site) && R == tr->n_tgt)
        return (fig_Axis){FIG_AX_TGT, R,
                         attention ? "query (target token → prediction)"
                                   : "target token → prediction",
                         true};
    return (fig_Axis){FIG_AX_INDEX, R, "row", false};
}

static fig_Axis col_axis(const tf_Trace *tr, const fig_View *s, tf_Site site, int C,
                         bool attention)
{
    fig_Attn a;
    int layer;
    if (attention && fig_view_attn_of(site, &a, &layer)) {
        if (a == FIG_ATTN_DEC && C == tr->n_tgt)
            return (fig_Axis){FIG_AX_TGT, C, "key (target token)", false};
        if (a != FIG_ATTN_DEC && C == tr->n_src)
            return (fig_Axis){FIG_AX_SRC, C, "key (source token)", false};
    }
    if (site.part == TF_PART_LOGITS || site.part == TF_PART_PROBS) {
        if (s && s->tgt_vocab && s->n_tgt_vocab == C)
            return (fig_Axis){FIG_AX_VOCAB, C, "target vocabulary", false};
        return (fig_Axis){FIG_AX_INDEX, C, "target vocabulary id", false};
    }
    if (site.part == TF_PART_FFN_HIDDEN) return (fig_Axis){FIG_AX_INDEX, C, "hidden unit", false};
    if (site.part == TF_PART_Q || site.part == TF_PART_K || site.part == TF_PART_V ||
        site.part == TF_PART_CONTEXT)
        return (fig_Axis){FIG_AX_INDEX, C, "dimension within the head", false};
    if (C == tr->cfg.d_model) return (fig_Axis){FIG_AX_INDEX, C, "model dimension", false};
    return (fig_Axis){FIG_AX_INDEX, C, "column", false};
}

bool fig_view_matrix_of(const tf_Trace *tr, const tf_Node *n, const fig_View *s, fig_Matrix *out)
{
    memset(out, 0, sizeof *out);
    if (!n || n->ndim < 1 || n->ndim > TF_TRACE_DIMS || n->numel <= 0) return false;
    out->node = n;
    fig_Attn a;
    int layer;
    out->attention = fig_view_attn_of(n->site, &a, &layer);
    if (n->ndim == 1) {  /* a value per position: one column */
        out->panels = 1;
        out->rows = n->shape[0];
        out->cols = 1;
    } else {
        out->rows = n->shape[n->ndim - 2];
        out->cols = n->shape[n->ndim - 1];
        out->panels = 1;
        for (int d = 0; d < n->ndim - 2; d++) out->panels *= n->shape[d];
    }
    if (out->panels <= 0 || out->rows <= 0 || out->cols <= 0) return false;
    out->row_axis = row_axis(tr, n->site, out->rows, out->attention);
    out->col_axis = n->ndim == 1 ? (fig_Axis){FIG_AX_INDEX, 1, "value", false}
                                 : col_axis(tr, s, n->site, out->cols, out->attention);
    out->row_axis.title = fig_word(s, out->row_axis.title);
    out->col_axis.title = fig_word(s, out->col_axis.title);
    out->mask = n->mask;
    /* a trace read from a file may not carry the mask: the decoder's self-attention is causal,
     * unless the trace says the mask was switched off */
    if (out->attention && a == FIG_ATTN_DEC && !tr->interv.no_mask) out->mask = TF_MASK_CAUSAL;
    return true;
}

bool fig_view_cell_masked(const fig_Matrix *mx, int row, int col)
{
    return mx->mask == TF_MASK_CAUSAL && col > row;
}

const char *fig_view_predicted(const tf_Trace *tr, const fig_View *s, int t)
{
    if (!s || !s->tgt_vocab || t < 0) return NULL;
    const tf_Node *n = tf_trace_get(tr, "logits");
    if (!n || n->ndim != 2 || t >= n->shape[0] || n->shape[1] != s->n_tgt_vocab) return NULL;
    const float *row = n->data + (int64_t)t * n->shape[1];
    int best = 0;
    for (int j = 1; j < n->shape[1]; j++)
        if (row[j] > row[best]) best = j;
    return s->tgt_vocab[best];
}

void fig_view_tgt_label(const tf_Trace *tr, const fig_View *s, int t, bool with_index, char *out,
                        size_t cap)
{
    const char *in = t >= 0 && t < tr->n_tgt ? tr->tgt_tokens[t] : "?";
    const char *pred = fig_view_predicted(tr, s, t);
    char idx[16] = "";
    if (with_index) snprintf(idx, sizeof idx, "%d ", t);
    if (pred) snprintf(out, cap, "%s%s → %s", idx, in, pred);
    else snprintf(out, cap, "%s%s", idx, in);
}

void fig_view_axis_label(const fig_Axis *a, const tf_Trace *tr, const fig_View *s, int i, char *out,
                         size_t cap)
{
    switch (a->kind) {
    case FIG_AX_SRC: snprintf(out, cap, "%d %s", i, tr->src_tokens[i]); break;
    case FIG_AX_TGT:
        if (a->predicts) fig_view_tgt_label(tr, s, i, true, out, cap);
        else snprintf(out, cap, "%d %s", i, tr->tgt_tokens[i]);
        break;
    case FIG_AX_VOCAB: snprintf(out, cap, "%s", s->tgt_vocab[i]); break;
    default: snprintf(out, cap, "%d", i); break;
    }
}

const char *fig_view_vocab(const fig_View *s, int id, char *buf, size_t cap)
{
    if (s->tgt_vocab && id >= 0 && id < s->n_tgt_vocab) return s->tgt_vocab[id];
    snprintf(buf, cap, "#%d", id);
    return buf;
}

void fig_view_build(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                    fig_List *out)
{
    fig_draw_clear(out);
    out->width = w;
    out->height = h;
    glm_vec4_one(out->background);
    switch (s->kind) {
    case FIG_VIEW_MATRIX: fig_matrix_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_LINES: fig_lines_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_GRID: fig_grid_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_ARCH: fig_arch_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_DIFF: fig_diff_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_LENS: fig_lens_view(s, tr, m, w, h, out); break;
    case FIG_VIEW_BEAM: fig_beam_view(s, tr, m, w, h, out); break;
    default: fig_message(out, m, s, w, h, "unknown view"); break;
    }
}

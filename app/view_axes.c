/* view_axes.c — what the rows and columns of a traced tensor mean (source tokens, target tokens,
 * vocabulary, plain index), read from the tensor's name and shape as DESIGN.md names them, and
 * the dispatch from a view kind to its function. Shared by the views, the window's hover text
 * and the CSV export. */
#include <stdio.h>
#include <string.h>

#include "view_common.h"

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* Whether the rows of a node run over source positions (else target positions). */
static bool rows_are_source(const char *name)
{
    if (starts(name, "enc.") || starts(name, "src.")) return true;
    return starts(name, "dec.") && strstr(name, ".cross_attn.") &&
           (ends(name, ".k") || ends(name, ".v"));
}

static bool node_is_target(const char *name)
{
    return starts(name, "dec.") || starts(name, "tgt.") || !strcmp(name, "logits") ||
           !strcmp(name, "probs");
}

static vw_Axis row_axis(const tf_Trace *tr, const char *name, int R, bool attention)
{
    if (rows_are_source(name) && R == tr->n_src)
        return (vw_Axis){VW_AX_SRC, R, attention ? "query (source token)" : "source token"};
    if (!rows_are_source(name) && node_is_target(name) && R == tr->n_tgt)
        return (vw_Axis){VW_AX_TGT, R,
                         attention ? "query (target token)" : "target token (decoder input)"};
    return (vw_Axis){VW_AX_INDEX, R, "row"};
}

static vw_Axis col_axis(const tf_Trace *tr, const vw_State *s, const char *name, int C,
                        bool attention)
{
    vw_Attn a;
    int layer;
    if (attention && vw_parse_attn(name, &a, &layer)) {
        if (a == VW_ATTN_DEC && C == tr->n_tgt)
            return (vw_Axis){VW_AX_TGT, C, "key (target token)"};
        if (a != VW_ATTN_DEC && C == tr->n_src)
            return (vw_Axis){VW_AX_SRC, C, "key (source token)"};
    }
    if (!strcmp(name, "logits") || !strcmp(name, "probs")) {
        if (s && s->tgt_vocab && s->n_tgt_vocab == C)
            return (vw_Axis){VW_AX_VOCAB, C, "target vocabulary"};
        return (vw_Axis){VW_AX_INDEX, C, "target vocabulary id"};
    }
    if (ends(name, ".ffn.hidden")) return (vw_Axis){VW_AX_INDEX, C, "hidden unit"};
    if (ends(name, ".q") || ends(name, ".k") || ends(name, ".v") || ends(name, ".context"))
        return (vw_Axis){VW_AX_INDEX, C, "dimension within the head"};
    if (C == tr->cfg.d_model) return (vw_Axis){VW_AX_INDEX, C, "model dimension"};
    return (vw_Axis){VW_AX_INDEX, C, "column"};
}

bool vw_matrix_of(const tf_Trace *tr, const tf_Node *n, const vw_State *s, vw_Matrix *out)
{
    memset(out, 0, sizeof *out);
    if (!n || n->ndim < 1 || n->ndim > TF_TRACE_DIMS || n->numel <= 0) return false;
    out->node = n;
    vw_Attn a;
    int layer;
    out->attention = vw_parse_attn(n->name, &a, &layer);
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
    out->row_axis = row_axis(tr, n->name, out->rows, out->attention);
    out->col_axis = n->ndim == 1 ? (vw_Axis){VW_AX_INDEX, 1, "value"}
                                 : col_axis(tr, s, n->name, out->cols, out->attention);
    out->mask = n->mask;
    /* a trace read from a file may not carry the mask: the decoder's self-attention is causal */
    if (out->attention && a == VW_ATTN_DEC) out->mask = TF_MASK_CAUSAL;
    return true;
}

bool vw_cell_masked(const vw_Matrix *mx, int row, int col)
{
    return mx->mask == TF_MASK_CAUSAL && col > row;
}

void vw_axis_label(const vw_Axis *a, const tf_Trace *tr, const vw_State *s, int i, char *out,
                   size_t cap)
{
    switch (a->kind) {
    case VW_AX_SRC: snprintf(out, cap, "%d %s", i, tr->src_tokens[i]); break;
    case VW_AX_TGT: snprintf(out, cap, "%d %s", i, tr->tgt_tokens[i]); break;
    case VW_AX_VOCAB: snprintf(out, cap, "%s", s->tgt_vocab[i]); break;
    default: snprintf(out, cap, "%d", i); break;
    }
}

void vw_build(const vw_State *s, const tf_Trace *tr, const tx_Measure *m, float w, float h,
              dr_List *out)
{
    dr_clear(out);
    out->width = w;
    out->height = h;
    glm_vec4_one(out->background);
    switch (s->kind) {
    case VW_MATRIX: view_matrix(s, tr, m, w, h, out); break;
    case VW_LINES: view_lines(s, tr, m, w, h, out); break;
    case VW_GRID: view_grid(s, tr, m, w, h, out); break;
    case VW_ARCH: view_arch(s, tr, m, w, h, out); break;
    default: vc_message(out, m, s, w, h, "unknown view"); break;
    }
}

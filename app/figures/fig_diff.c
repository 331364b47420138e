/* fig_diff.c — the difference of one tensor between two traces (issue 12 §3): A − B drawn by the
 * matrix view on a diverging colour map with a scale symmetric about zero, so that white is "the
 * same", red "A is larger" and blue "B is larger". The two nodes are paired by their site, as
 * core's trace_diff pairs them; rows and columns are labelled with A's tokens. The subtitle gives
 * the largest |A − B| and where it is. Not the comparison table: `tfscope compare` prints that. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fig_kit.h"
#include "interv.h"
#include "trace_diff.h"

const tf_Node *fig_diff_partner(const tf_Trace *b, const tf_Node *a)
{
    int j = a->site.part == TF_PART_OTHER ? tf_trace_index(b, a->name) : tf_trace_find(b, a->site);
    return j < 0 ? NULL : &b->nodes[j];
}

static void shape_text(const tf_Node *n, char *out, size_t cap)
{
    size_t used = (size_t)snprintf(out, cap, "[");
    for (int d = 0; d < n->ndim && used < cap; d++)
        used += (size_t)snprintf(out + used, cap - used, "%s%d", d ? " × " : "", n->shape[d]);
    if (used < cap) snprintf(out + used, cap - used, "]");
}

/* The note under the title: where |A − B| is largest, as (head,) row and column. */
static void where_note(const fig_View *s, const tf_Node *n, const float *d, char *out, size_t cap)
{
    int64_t at = -1;
    float best = 0;
    for (int64_t i = 0; i < n->numel; i++) {
        float v = fabsf(d[i]);
        if (isnan(d[i]) || v > best) {
            at = i;
            best = isnan(d[i]) ? INFINITY : v;
            if (isnan(d[i])) break;
        }
    }
    if (at < 0) {
        snprintf(out, cap, "%s", fig_word(s, "A and B are identical here (A − B = 0 everywhere)"));
        return;
    }
    int cols = n->ndim >= 2 ? n->shape[n->ndim - 1] : 1;
    int rows = n->ndim >= 2 ? n->shape[n->ndim - 2] : n->shape[0];
    int64_t per = (int64_t)rows * cols;
    int r = (int)(at % per / cols), c = (int)(at % cols);
    if (n->ndim == 3)
        snprintf(out, cap, fig_word(s, "max |A − B| = %.4g at head %d, row %d, column %d"), best,
                 (int)(at / per), r, c);
    else snprintf(out, cap, fig_word(s, "max |A − B| = %.4g at row %d, column %d"), best, r, c);
}

float *fig_diff_node(const tf_Node *a, const tf_Node *b, tf_Node *out)
{
    *out = *a;
    float *d = tf_node_diff(a, b, out->shape);
    out->numel = 1;
    for (int k = 0; k < a->ndim; k++) out->numel *= out->shape[k];
    out->data = d;
    where_note(NULL, out, d, out->note, sizeof out->note);
    return d;
}

int fig_diff_positions(const tf_Trace *ta, const tf_Trace *tb, const tf_Node *a, const tf_Node *b)
{
    if (fig_diff_same_shape(a, b)) return 0;
    int m = tf_trace_diff_positions(ta, tb, a, b);
    return m > 0 ? m : -1;
}

bool fig_diff_same_shape(const tf_Node *x, const tf_Node *y)
{
    if (x->ndim != y->ndim) return false;
    for (int d = 0; d < x->ndim; d++)
        if (x->shape[d] != y->shape[d]) return false;
    return true;
}

/* What B is, after the note: its interventions, else its model, else its sentence, where A's
 * differ. */
static void what_b(const fig_View *s, const tf_Trace *a, const tf_Trace *b, char *note, size_t cap)
{
    char what[256] = "";
    size_t used = strlen(note);
    if (!tf_interv_equal(&a->interv, &b->interv)) {
        char ia[120], ib[120];
        snprintf(ia, sizeof ia, "%s", fig_word(s, "none"));
        snprintf(ib, sizeof ib, "%s", fig_word(s, "none"));
        if (tf_interv_any(&a->interv)) tf_interv_describe(&a->interv, ia, sizeof ia);
        if (tf_interv_any(&b->interv)) tf_interv_describe(&b->interv, ib, sizeof ib);
        snprintf(what, sizeof what, fig_word(s, "interventions A: %s, B: %s"), ia, ib);
    } else if (a->model_name && b->model_name && strcmp(a->model_name, b->model_name)) {
        snprintf(what, sizeof what, "A: %s, B: %s", a->model_name, b->model_name);
    } else {
        for (int i = 0; i < a->n_src && i < b->n_src; i++)
            if (strcmp(a->src_tokens[i], b->src_tokens[i])) {
                snprintf(what, sizeof what, fig_word(s, "source token %d: A '%s', B '%s'"), i, a->src_tokens[i],
                         b->src_tokens[i]);
                break;
            }
    }
    if (what[0] && used < cap) snprintf(note + used, cap - used, " · %s", what);
}

void fig_diff_view(const fig_View *s, const tf_Trace *tr, const fig_Measure *m, float w, float h,
                   fig_List *l)
{
    char msg[320];
    if (!s->other) {
        fig_message(l, m, s, w, h,
                    fig_word(s, "the difference view needs a second trace (B) to compare with"));
        return;
    }
    const tf_Node *a = tf_trace_get(tr, s->tensor);
    const tf_Node *b = a ? fig_diff_partner(s->other, a) : NULL;
    if (!a || !b) {
        snprintf(msg, sizeof msg, fig_word(s, "no tensor named '%s' in %s"), s->tensor,
                 fig_word(s, a ? "trace B" : "trace A"));
        fig_message(l, m, s, w, h, msg);
        return;
    }
    int positions = fig_diff_positions(tr, s->other, a, b);
    if (positions < 0) {
        char sa[64], sb[64];
        shape_text(a, sa, sizeof sa);
        shape_text(b, sb, sizeof sb);
        snprintf(msg, sizeof msg, fig_word(s, "%s has shape %s in A and %s in B: no difference to draw"), a->name,
                 sa, sb);
        fig_message(l, m, s, w, h, msg);
        return;
    }
    /* A's trace with one node whose values are A − B: the matrix view draws it */
    tf_Node node;
    float *d = fig_diff_node(a, b, &node);
    where_note(s, &node, d, node.note, sizeof node.note);  /* in the view's language */
    what_b(s, tr, s->other, node.note, sizeof node.note);
    size_t used = strlen(node.note);
    if (positions > 0 && used < sizeof node.note)
        snprintf(node.note + used, sizeof node.note - used, fig_word(s, " · the first %d positions"),
                 positions);
    tf_Trace t = *tr;
    t.nodes = &node;
    t.n_nodes = 1;
    if (positions > 0) t.n_tgt = positions;  /* the rows and columns both runs have */
    fig_matrix_view(s, &t, m, w, h, l);
    free(d);
}

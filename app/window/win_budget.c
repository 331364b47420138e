/* win_budget.c — the window's memory budget for runs (see win_budget.h). */
#include "win_budget.h"

#include <stdio.h>

#include "forward.h"
#include "tf_limits.h"
#include "win_strings.h"
#include "win_views.h"

size_t win_budget_trace(const tf_Trace *tr)
{
    return tr->arena_cap * sizeof(float);
}

size_t win_budget_run(const tf_Config *c, int S)
{
    /* the decoder input: <bos> and up to TF_DECODE_EXTRA more tokens than the source */
    int T = S + TF_DECODE_EXTRA + 1 < c->max_len ? S + TF_DECODE_EXTRA + 1 : c->max_len;
    return tf_forward_trace_floats(c, 1, S, T) * sizeof(float);
}

size_t win_budget_lens(const tf_Config *c, int T, int k)
{
    size_t P = 1 + 3 * (size_t)c->n_dec;
    /* the table it keeps, and the normed stream and logits of one point while it is computed */
    return P * T * ((size_t)k * (sizeof(int) + sizeof(float)) + sizeof(float) + sizeof(int)) +
           (size_t)T * (sizeof(int) + (size_t)(c->d_model + c->tgt_vocab) * sizeof(float)) +
           (size_t)c->tgt_vocab * sizeof(float);
}

size_t win_budget_held(const win_State *st)
{
    size_t n = 0;
    if (st->have_main) n += win_budget_trace(&st->main);
    if (st->have_plain) n += win_budget_trace(&st->plain);
    if (st->have_ref) n += win_budget_trace(&st->ref);
    if (st->have_pinned) n += win_budget_trace(&st->pinned);
    if (st->snap_loaded >= 0) n += win_budget_trace(&st->snap);
    if (st->have_lens && st->model)
        n += win_budget_lens(&st->model->cfg, st->lens.T, st->lens.k);
    return n;
}

bool win_budget_room(win_State *st, size_t need)
{
    if (win_budget_held(st) + need <= TF_MAX_WINDOW_BYTES) return true;
    if (st->have_ref) {
        tf_trace_free(&st->ref);
        st->have_ref = false;
        st->generation++;  /* B changed: the views are built again */
    }
    win_views_free(st);
    return win_budget_held(st) + need <= TF_MAX_WINDOW_BYTES;
}

void win_budget_say(const win_State *st, size_t need, char *out, size_t cap)
{
    snprintf(out, cap, win_str(st->lang, S_MSG_BUDGET), need / 1048576.0,
             win_budget_held(st) / 1048576.0, TF_MAX_WINDOW_BYTES >> 20);
}

void win_budget_refuse(win_State *st, size_t need)
{
    char why[600];
    win_budget_say(st, need, why, sizeof why);
    win_message(st, WIN_MSG_ERROR, 10, "%s", why);
}

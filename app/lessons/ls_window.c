/* ls_window.c — a lesson page's scene applied to the window's plain state, and window picks as
 * quiz responses (see ls_window.h). Calls only the win_* functions a user's keys and clicks would
 * call, so a lesson can do nothing the learner could not. */
#include <stdio.h>
#include <string.h>

#include "ls_window.h"

win_Mode ls_window_mode(ls_View v)
{
    switch (v) {
    case LS_VIEW_MATRIX: return WIN_MODE_MATRIX;
    case LS_VIEW_LINES: return WIN_MODE_LINES;
    case LS_VIEW_GRID: return WIN_MODE_GRID;
    default: return WIN_MODE_STEP;
    }
}

static const tf_Vocab *tgt_vocab(const win_State *st)
{
    return st->model ? &st->model->tgt_vocab : NULL;
}

/* Whether the sentence on screen, decoded the same way, is the lesson's. */
static bool showing(const win_State *st, const char *sentence, int beam, const tf_Interv *iv)
{
    if (!st->have_main || strcmp(st->input, sentence) || !tf_interv_equal(&st->interv, iv)) return false;
    return beam > 1 ? st->beam && st->beam_k == beam : !st->beam;
}

/* The page's interventions (none unless it says): a lesson page shows the model as it is unless
 * it switches something off. */
static bool page_interv(const win_State *st, const ls_Scene *sc, tf_Interv *iv, char *why, size_t cap)
{
    memset(iv, 0, sizeof *iv);
    tf_Err err;
    if (sc->ablate[0] && st->model && tf_interv_parse_ablate(iv, &st->model->cfg, sc->ablate, &err) != TF_OK) {
        if (why) snprintf(why, cap, "%s", err.msg);
        return false;
    }
    iv->no_pos = sc->interv_flags & LS_RUN_NO_POS;
    iv->no_mask = sc->interv_flags & LS_RUN_NO_MASK;
    iv->no_scale = sc->interv_flags & LS_RUN_NO_SCALE;
    return true;
}

bool ls_window_apply(win_State *st, const ls_Lesson *l, int page, char *why, size_t cap)
{
    ls_Scene sc;
    ls_scene_at(l, page, &sc);
    if (why && cap) why[0] = '\0';
    const char *sentence = ls_scene_sentence(&sc);
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    bool iv_ok = page_interv(st, &sc, iv, why, cap);
    bool same = !iv_ok || showing(st, sentence, sc.beam, iv);
    if (iv_ok) st->interv = *iv;
    free(iv);
    if (!iv_ok) return false;
    if (st->model && !same) {
        st->beam = sc.beam > 1;
        if (sc.beam > 1) st->beam_k = sc.beam;
        if (!win_set_sentence(st, sentence)) {
            if (why) snprintf(why, cap, "%s", st->msg);
            return false;
        }
    }
    const char *snaps = ls_scene_snapshots(&sc);
    if (snaps) {
        if (win_open_snapshots(st, snaps))
            win_goto_snapshot(st, sc.snapshot < 0 ? st->n_snaps - 1 : sc.snapshot);
    } else if (st->snap_index >= 0) {
        win_goto_snapshot(st, -1);
    }
    const tf_Trace *tr = win_trace(st);
    if (!tr) {
        if (why) snprintf(why, cap, "no trace to show");
        return false;
    }
    ls_Resolved r;
    tf_Err err;
    if (ls_scene_resolve(&sc, tr, tgt_vocab(st), &r, &err) != TF_OK) {
        if (why) snprintf(why, cap, "%s", err.msg);
        return false;
    }
    if (r.node >= 0) win_goto_node(st, r.node);
    if (r.view != LS_VIEW_NONE) win_set_mode(st, ls_window_mode(r.view));
    if (r.heads_set) win_set_heads(st, r.heads);
    /* on the decoder side the window's selected token is its output position: a token named by
     * the page wins over the position (the checker rejects a position that has no effect) */
    if (r.position_set && !r.position_overridden) win_set_out_pos(st, r.position);
    if (r.token_set) {
        if (r.token < 0) win_select_token(st, WIN_SIDE_SRC, -1);
        else
            win_select_token(st, r.token_side == LS_SIDE_TGT ? WIN_SIDE_TGT : WIN_SIDE_SRC,
                             r.token);
    }
    win_highlight_clear(st);
    for (int i = 0; i < r.n_highlight; i++)
        win_highlight_cell(st, r.highlight[i].tensor, r.highlight[i].head, r.highlight[i].row,
                           r.highlight[i].col);
    return true;
}

tf_Status ls_window_answer(const win_State *st, const ls_Quiz *q, ls_Answer *out, tf_Err *err)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return tf_fail(err, TF_ERR_INPUT, "no trace to ask about");
    return ls_quiz_answer(q, tr, tgt_vocab(st), out, err);
}

bool ls_window_response(const win_Pick *pick, ls_Response *out)
{
    memset(out, 0, sizeof *out);
    switch (pick->kind) {
    case WIN_PICK_TOKEN:
        out->kind = LS_RESP_TOKEN;
        out->side = pick->side == WIN_SIDE_TGT ? LS_SIDE_TGT : LS_SIDE_SRC;
        out->index = pick->index;
        return true;
    case WIN_PICK_CELL:
        out->kind = LS_RESP_CELL;
        snprintf(out->tensor, sizeof out->tensor, "%s", pick->tensor);
        out->head = pick->head;
        out->row = pick->row;
        out->col = pick->col;
        return true;
    case WIN_PICK_HEAD:
        out->kind = LS_RESP_HEAD;
        out->index = pick->head;
        return true;
    default: return false;
    }
}

/* win_input.c — keys, text and mouse on the window state (see win_input.h): the key map of the
 * help page, clicks on widgets and views, hover read-outs, wheel zoom and drag pan.
 * Not SDL: the events arrive already translated. */
#include "win_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "win_strings.h"
#include "win_views.h"
#include "win_whatif.h"

void win_input_init(win_Input *in)
{
    memset(in, 0, sizeof *in);
    in->mouse_x = in->mouse_y = -1;
}

static const tf_Trace *trace_of(const win_State *st)
{
    return win_trace(st);
}

/* --- hover texts ----------------------------------------------------------------------------- */

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
    const tf_Trace *tr = trace_of(st);
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
    const tf_Trace *tr = trace_of(st);
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
    const tf_Trace *tr = trace_of(st);
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

static void set_hover(win_State *st, int panel, int head, int row, int col, const char *text)
{
    if (st->hover_panel == panel && st->hover_head == head && st->hover_row == row &&
        st->hover_col == col && !strcmp(st->hover, text))
        return;
    st->hover_panel = panel;
    st->hover_head = head;
    st->hover_row = row;
    st->hover_col = col;
    snprintf(st->hover, sizeof st->hover, "%s", text);
    st->version++;
}

/* --- keys ------------------------------------------------------------------------------------ */

static void cycle_mode(win_State *st)
{
    win_set_mode(st, (win_Mode)((st->mode + 1) % WIN_MODE_COUNT));
}

static void escape(win_State *st)
{
    if (st->playing) win_play(st, false);
    else if (st->n_highlight) win_highlight_clear(st);
    else if (st->sel_src >= 0) win_select_token(st, WIN_SIDE_SRC, -1);
    else if (st->zoom > 1.0f) win_reset_zoom(st);
    else if (st->msg[0]) {
        st->msg[0] = '\0';
        st->version++;
    }
}

static win_Action field_key(win_State *st, win_Key key, unsigned mods)
{
    bool word = mods & WIN_MOD_CTRL, extend = mods & WIN_MOD_SHIFT;
    switch (key) {
    case WIN_KEY_LEFT: win_field_move(st, -1, word, extend); break;
    case WIN_KEY_RIGHT: win_field_move(st, 1, word, extend); break;
    case WIN_KEY_HOME: win_field_home(st, extend); break;
    case WIN_KEY_END: win_field_end(st, extend); break;
    case WIN_KEY_BACKSPACE: win_field_backspace(st, word); break;
    case WIN_KEY_DELETE: win_field_delete(st); break;
    case WIN_KEY_ESCAPE:
        st->editing = false;
        st->sel_anchor = -1;
        st->version++;
        break;
    case WIN_KEY_ENTER:
        if (win_run(st)) st->editing = false;
        st->version++;
        break;
    case WIN_KEY_TAB:
        for (int k = 0; k < st->n_unknown; k++)
            if (st->unknown[k].n_suggest) {
                win_accept_suggestion(st, k, 0);
                break;
            }
        break;
    default: break;
    }
    return WIN_ACT_NONE;
}

static void focus_field(win_State *st)
{
    if (st->editing) return;
    st->editing = true;
    st->cursor = (int)strlen(st->input);
    st->sel_anchor = -1;
    st->version++;
}

/* Ctrl (or Cmd) with a letter: the window's shortcuts and the field's editing keys. */
static win_Action ctrl_key(win_State *st, int ch, unsigned mods)
{
    int a, b;
    switch (ch) {
    case 'q': return WIN_ACT_QUIT;
    case 's': return mods & WIN_MOD_SHIFT ? WIN_ACT_EXPORT_CSV : WIN_ACT_EXPORT;
    case 'a': win_field_select_all(st); return WIN_ACT_NONE;
    case 'c': return st->editing && win_field_selection(st, &a, &b) ? WIN_ACT_COPY : WIN_ACT_NONE;
    case 'x': return st->editing && win_field_selection(st, &a, &b) ? WIN_ACT_CUT : WIN_ACT_NONE;
    case 'v': focus_field(st); return WIN_ACT_PASTE;
    case 'z':
        if (!st->editing) return WIN_ACT_NONE;
        if (mods & WIN_MOD_SHIFT) win_field_redo(st);
        else win_field_undo(st);
        return WIN_ACT_NONE;
    case 'y':
        if (st->editing) win_field_redo(st);
        return WIN_ACT_NONE;
    case 'u':
        if (st->editing) win_field_clear(st);
        return WIN_ACT_NONE;
    case 'e':
        if (st->editing) win_field_end(st, false);
        return WIN_ACT_NONE;
    case '=': case '+':
        st->ui_zoom = fminf(st->ui_zoom * 1.1f, 3.0f);
        st->version++;
        return WIN_ACT_NONE;
    case '-':
        st->ui_zoom = fmaxf(st->ui_zoom / 1.1f, 0.6f);
        st->version++;
        return WIN_ACT_NONE;
    case '0':
        st->ui_zoom = 1.0f;
        st->version++;
        return WIN_ACT_NONE;
    default: return WIN_ACT_NONE;
    }
}

static win_Action char_key(win_State *st, int ch)
{
    switch (ch) {
    case '/': focus_field(st); break;
    case '?': st->help = !st->help; st->version++; break;
    case 'v': cycle_mode(st); break;
    case 's': win_set_mode(st, WIN_MODE_STEP); break;
    case 'm': win_set_mode(st, WIN_MODE_MATRIX); break;
    case 'l': win_set_mode(st, WIN_MODE_LINES); break;
    case 'g': win_set_mode(st, WIN_MODE_GRID); break;
    case 'i': win_set_mode(st, WIN_MODE_LENS); break;
    case 'h': win_set_mode(st, WIN_MODE_BEAM); break;
    case 'u': win_set_heads(st, ~(uint64_t)0); break;
    case 'z': win_reset_zoom(st); break;
    case 'o':
        st->orient = st->orient == FIG_HORIZONTAL ? FIG_VERTICAL : FIG_HORIZONTAL;
        st->version++;
        break;
    case 't':
        st->grid_heatmap = !st->grid_heatmap;
        st->version++;
        break;
    case 'b': win_set_beam(st, !st->beam); break;
    case 'e': return WIN_ACT_EXPORT;
    case '+': case '=': win_speed_by(st, 1); break;
    case '-': case '_': win_speed_by(st, -1); break;
    case '[': win_snapshot_step(st, -1); break;
    case ']': win_snapshot_step(st, 1); break;
    default:
        /* head chips and every view count heads from 0: key 3 is the chip labelled 3 */
        if (ch >= '0' && ch <= '9') win_toggle_head(st, ch - '0');
        break;
    }
    return WIN_ACT_NONE;
}

win_Action win_key(win_State *st, win_Input *in, const win_Frame *f, win_Key key, int ch,
                   unsigned mods)
{
    bool ctrl = mods & WIN_MOD_CTRL;
    if (st->hint) {
        st->hint = false;
        st->version++;
        return WIN_ACT_HINT_SEEN;
    }
    if (st->help &&
        (key == WIN_KEY_ESCAPE || key == WIN_KEY_F1 || (key == WIN_KEY_CHAR && ch == '?'))) {
        st->help = false;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (ctrl && key == WIN_KEY_CHAR) return ctrl_key(st, ch, mods);
    if (key == WIN_KEY_F1) {
        st->help = !st->help;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F3 && st->side) {
        st->side_folded = !st->side_folded;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F2) {
        win_set_lang(st, st->lang == WIN_LANG_EN ? WIN_LANG_KO : WIN_LANG_EN);
        win_message(st, WIN_MSG_INFO, 3, "%s", win_str(st->lang, S_MSG_LANG));
        return WIN_ACT_NONE;
    }
    if (!st->editing && !st->help && st->side && st->side->key &&
        st->side->key(st->side->ctx, st, (int)key, ch, mods))
        return WIN_ACT_NONE;
    if (st->editing) {
        /* printable keys arrive as text; these keys edit; the rest still steps */
        if (key == WIN_KEY_CHAR || key == WIN_KEY_SPACE) return WIN_ACT_NONE;
        if (key != WIN_KEY_PAGE_UP && key != WIN_KEY_PAGE_DOWN && key != WIN_KEY_UP &&
            key != WIN_KEY_DOWN)
            return field_key(st, key, mods);
    }
    bool shift = mods & WIN_MOD_SHIFT;
    switch (key) {
    case WIN_KEY_RIGHT: shift ? win_step_sublayer(st, 1) : win_step(st, 1); break;
    case WIN_KEY_LEFT: shift ? win_step_sublayer(st, -1) : win_step(st, -1); break;
    case WIN_KEY_PAGE_DOWN: win_step_layer(st, 1); break;
    case WIN_KEY_PAGE_UP: win_step_layer(st, -1); break;
    case WIN_KEY_HOME: win_home(st); break;
    case WIN_KEY_END: win_end(st); break;
    case WIN_KEY_UP: win_move_token(st, -1); break;
    case WIN_KEY_DOWN: win_move_token(st, 1); break;
    case WIN_KEY_SPACE: win_play(st, !st->playing); break;
    case WIN_KEY_ENTER:
        focus_field(st);
        win_message(st, WIN_MSG_INFO, 4, "%s", win_str(st->lang, S_MSG_FOCUS));
        break;
    case WIN_KEY_ESCAPE: escape(st); break;
    case WIN_KEY_TAB: cycle_mode(st); break;
    case WIN_KEY_CHAR:
        if (win_whatif_key(st, in, f, ch)) return WIN_ACT_NONE;
        return char_key(st, ch);
    default: break;
    }
    return WIN_ACT_NONE;
}

void win_text(win_State *st, const char *utf8)
{
    if (st->hint) {
        st->hint = false;
        st->version++;
    }
    focus_field(st);
    win_field_insert(st, utf8);
}

/* --- mouse ----------------------------------------------------------------------------------- */

static void timeline_at(win_State *st, const win_Frame *f, float x)
{
    int n = win_n_nodes(st);
    if (n <= 0) return;
    int i = (int)floorf((x - f->tl_x0) / f->tl_w * (float)n);
    win_goto_node(st, i < 0 ? 0 : i >= n ? n - 1 : i);
}

static void snapshots_at(win_State *st, const win_Frame *f, float x)
{
    int n = st->n_snaps;
    if (n <= 0) return;
    /* the nearest mark: a snapshot, or the model as loaded at the end */
    float at = (x - f->snap_x0) / f->snap_w, best = 2;
    int i = -1;
    for (int k = -1; k < n; k++) {
        float d = fabsf(win_snapshot_pos(st, k) - at);
        if (d < best) {
            best = d;
            i = k;
        }
    }
    if (i != st->snap_index) win_goto_snapshot(st, i);
}

static void head_click(win_State *st, int h, int clicks)
{
    if (clicks >= 2) {
        st->heads ^= (uint64_t)1 << h;  /* undo the first click of the pair */
        win_solo_head(st, h);
    } else {
        win_toggle_head(st, h);
    }
}

/* Which side (source or target) a token label of a panel stands for. */
static bool token_side(const win_State *st, const win_Panel *p, int side, win_Side *out)
{
    const tf_Trace *tr = trace_of(st);
    if (p->vs.kind == FIG_VIEW_LINES) {
        bool src = side == 0 ? p->vs.attn == FIG_ATTN_ENC : p->vs.attn != FIG_ATTN_DEC;
        *out = src ? WIN_SIDE_SRC : WIN_SIDE_TGT;
        return true;
    }
    const tf_Node *n = tf_trace_get(tr, p->vs.tensor);
    fig_Matrix mx;
    if (!n || !fig_view_matrix_of(tr, n, &p->vs, &mx)) return false;
    fig_AxisKind k = side == 0 ? mx.row_axis.kind : mx.col_axis.kind;
    if (k != FIG_AX_SRC && k != FIG_AX_TGT) return false;
    *out = k == FIG_AX_SRC ? WIN_SIDE_SRC : WIN_SIDE_TGT;
    return true;
}

static void token_click(win_State *st, const win_Panel *p, const fig_HitResult *hit)
{
    win_Side side;
    if (!token_side(st, p, hit->side, &side)) return;
    int cur = side == WIN_SIDE_SRC ? st->sel_src : st->out_pos;
    /* clicking the selected token again shows every token */
    win_select_token(st, side, cur == hit->index ? -1 : hit->index);
    st->pick.index = hit->index;
}

static win_Action widget_click(win_State *st, win_Input *in, const win_Frame *f,
                               const win_Widget *w, float x, float y, int clicks, unsigned mods)
{
    switch (w->id) {
    case WIN_W_OVERLAY: {
        bool hint = st->hint;
        st->help = st->hint = false;
        st->version++;
        return hint ? WIN_ACT_HINT_SEEN : WIN_ACT_NONE;
    }
    case WIN_W_FIELD: {
        bool extend = (mods & WIN_MOD_SHIFT) && st->editing;
        int at = win_frame_field_offset(f, st, x);
        st->editing = true;
        if (clicks >= 2) {
            win_field_select_word(st, at);
            break;
        }
        win_field_place(st, at, extend);
        if (!extend) st->sel_anchor = at;  /* a drag from here selects */
        in->drag = WIN_DRAG_FIELD;
        break;
    }
    case WIN_W_RUN:
        if (win_run(st)) st->editing = false;
        break;
    case WIN_W_DECODE: win_set_beam(st, !st->beam); break;
    case WIN_W_LANG: win_set_lang(st, st->lang == WIN_LANG_EN ? WIN_LANG_KO : WIN_LANG_EN); break;
    case WIN_W_EXPORT: return WIN_ACT_EXPORT;
    case WIN_W_HELP: st->help = true; st->version++; break;
    case WIN_W_SIDE_TAB: st->side_folded = false; st->version++; break;
    case WIN_W_MODE: win_set_mode(st, (win_Mode)w->arg); break;
    case WIN_W_HEAD: head_click(st, w->arg, clicks); break;
    case WIN_W_HEADS_ALL: win_set_heads(st, ~(uint64_t)0); break;
    case WIN_W_PLAY: win_play(st, !st->playing); break;
    case WIN_W_SPEED: win_speed_by(st, w->arg); break;
    case WIN_W_STEP: win_step(st, w->arg); break;
    case WIN_W_TIMELINE:
        in->drag = WIN_DRAG_TIMELINE;
        timeline_at(st, f, x);
        break;
    case WIN_W_SNAPBAR:
        in->drag = WIN_DRAG_SNAPSHOTS;
        snapshots_at(st, f, x);
        break;
    case WIN_W_OUT_TOKEN: win_select_token(st, WIN_SIDE_TGT, w->arg); break;
    case WIN_W_OUT_ALL: win_set_out_pos(st, st->out_pos < 0 ? 0 : -1); break;
    case WIN_W_SUGGEST:
        win_accept_suggestion(st, w->arg / WIN_SUGGEST_MAX, w->arg % WIN_SUGGEST_MAX);
        break;
    case WIN_W_INPUT_LINK: win_goto_node(st, w->arg); break;
    case WIN_W_WHATIF_RESET: win_whatif_reset(st); break;
    case WIN_W_WHATIF_SWITCH: win_whatif_switch(st, (win_WhatifSwitch)w->arg); break;
    default: break;
    }
    (void)y;
    return WIN_ACT_NONE;
}

win_Action win_mouse_down(win_State *st, win_Input *in, const win_Frame *f, float x, float y,
                          int clicks, unsigned mods)
{
    in->mouse_x = in->last_x = x;
    in->mouse_y = in->last_y = y;
    if (st->side && st->side->click && f->r_side.w > 0 && fig_draw_rect_contains(f->r_side, x, y)) {
        st->editing = false;
        st->side->click(st->side->ctx, st, x, y);
        return WIN_ACT_NONE;
    }
    const win_Widget *w = win_frame_widget_at(f, x, y);
    if (st->editing &&
        (!w || (w->id != WIN_W_FIELD && w->id != WIN_W_SUGGEST && w->id != WIN_W_RUN))) {
        st->editing = false;
        st->version++;
    }
    if (w) return widget_click(st, in, f, w, x, y, clicks, mods);
    int panel;
    fig_HitResult hit;
    float px, py;
    if (!win_frame_panel_at(f, x, y, &panel, &hit, &px, &py)) return WIN_ACT_NONE;
    const win_Panel *p = win_frame_panel(f, panel);
    switch (hit.kind) {
    case FIG_HIT_STEP:
        if (p->vs.kind == FIG_VIEW_GRID) {
            win_goto_tensor(st, hit.step);
            win_set_mode(st, WIN_MODE_LINES);
            if (hit.head >= 0) win_set_heads(st, (uint64_t)1 << hit.head);
        } else {
            win_goto_tensor(st, hit.step);
        }
        st->pick = (win_Pick){WIN_PICK_STEP, 0, -1, "", hit.head, -1, -1, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", hit.step);
        break;
    case FIG_HIT_TOKEN: token_click(st, p, &hit); break;
    case FIG_HIT_HEAD:
        if (hit.head >= 0) head_click(st, hit.head, clicks);
        break;
    case FIG_HIT_CELLS:
        st->pick =
            (win_Pick){WIN_PICK_CELL, 0, -1, "", hit.head, hit.row, hit.col, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", hit.step);
        st->version++;
        if (st->zoom > 1.0f) {
            const fig_Hit *h = NULL;
            for (int i = p->list.n_hits - 1; i >= 0; i--)
                if (p->list.hits[i].kind == FIG_HIT_CELLS &&
                    fig_draw_rect_contains(p->list.hits[i].r, px, py)) {
                    h = &p->list.hits[i];
                    break;
                }
            const tf_Node *n = tf_trace_get(trace_of(st), hit.step);
            fig_Matrix mx;
            if (h && n && fig_view_matrix_of(trace_of(st), n, &p->vs, &mx)) {
                in->drag = WIN_DRAG_PAN;
                in->cells = h->map;
                in->rows = mx.rows;
                in->cols = mx.cols;
            }
        }
        break;
    default: break;
    }
    return WIN_ACT_NONE;
}

void win_mouse_up(win_State *st, win_Input *in)
{
    (void)st;
    in->drag = WIN_DRAG_NONE;
}

void win_mouse_move(win_State *st, win_Input *in, const win_Frame *f, float x, float y)
{
    float dx = x - in->last_x, dy = y - in->last_y;
    in->mouse_x = in->last_x = x;
    in->mouse_y = in->last_y = y;
    switch (in->drag) {
    case WIN_DRAG_TIMELINE: timeline_at(st, f, x); return;
    case WIN_DRAG_SNAPSHOTS: snapshots_at(st, f, x); return;
    case WIN_DRAG_FIELD: win_field_place(st, win_frame_field_offset(f, st, x), true); return;
    case WIN_DRAG_PAN: {
        vec2 d;  /* the cells under the mouse stay under it */
        fig_cellmap_cell_delta(&in->cells, -dx, -dy, d);
        win_pan_by(st, d[0], d[1]);
        fig_view_clamp_pan(st->zoom, in->cols, in->rows, st->pan);
        return;
    }
    default: break;
    }
    char text[512] = "";
    const win_Widget *w = win_frame_widget_at(f, x, y);
    if (w) {
        const tf_Trace *tr = trace_of(st);
        if (w->id == WIN_W_TIMELINE && tr && tr->n_nodes) {
            int i = (int)floorf((x - f->tl_x0) / f->tl_w * (float)tr->n_nodes);
            i = i < 0 ? 0 : i >= tr->n_nodes ? tr->n_nodes - 1 : i;
            snprintf(text, sizeof text, "%d  %s — %s", i + 1, tr->nodes[i].name, tr->nodes[i].note);
        } else if (w->id == WIN_W_INPUT_LINK && tr && w->arg < tr->n_nodes) {
            snprintf(text, sizeof text, "%s — %s", tr->nodes[w->arg].name, tr->nodes[w->arg].note);
        }
        set_hover(st, -2, -1, -1, -1, text);
        return;
    }
    int panel;
    fig_HitResult hit;
    float px, py;
    if (win_frame_panel_at(f, x, y, &panel, &hit, &px, &py)) {
        win_describe(st, f, panel, &hit, text, sizeof text);
        if (hit.kind == FIG_HIT_CELLS && panel >= 0) {
            set_hover(st, panel, hit.head, hit.row, hit.col, text);
            return;
        }
        set_hover(st, panel, -1, -1, -1, text);
        return;
    }
    set_hover(st, -1, -1, -1, -1, "");
}

void win_wheel(win_State *st, win_Input *in, const win_Frame *f, float x, float y, float dy)
{
    (void)in;
    if (dy == 0) return;
    if (fig_draw_rect_contains(f->r_timeline, x, y)) {
        win_step(st, dy > 0 ? -1 : 1);
        return;
    }
    if (st->mode != WIN_MODE_STEP && st->mode != WIN_MODE_MATRIX && st->mode != WIN_MODE_DIFF)
        return;
    int panel;
    fig_HitResult hit;
    float px, py;
    if (!win_frame_panel_at(f, x, y, &panel, &hit, &px, &py) || panel < 0 ||
        hit.kind != FIG_HIT_CELLS)
        return;
    const win_Panel *p = win_frame_panel(f, panel);
    for (int i = p->list.n_hits - 1; i >= 0; i--) {
        const fig_Hit *h = &p->list.hits[i];
        if (h->kind != FIG_HIT_CELLS || !fig_draw_rect_contains(h->r, px, py)) continue;
        vec2 cell;
        fig_cellmap_cell(&h->map, px, py, cell);
        win_zoom_at(st, powf(1.25f, fminf(fmaxf(dy, -8), 8)), cell[0], cell[1]);
        return;
    }
}

void win_focus(win_State *st, win_Input *in, bool gained)
{
    /* a press that started before the focus went is over */
    in->drag = WIN_DRAG_NONE;
    if (!gained) set_hover(st, -1, -1, -1, -1, "");
    st->version++;
}

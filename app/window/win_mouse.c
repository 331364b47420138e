/* win_mouse.c — the mouse on the window state (see win_input.h): clicks on widgets and views,
 * drags (timeline, snapshots, pan, field selection), the hover read-out, wheel zoom and focus.
 * Not the words of the read-out (win_describe.c), not SDL. */
#include "win_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "win_whatif.h"

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

/* The tooltip: the full text of what is shown shortened at (x, y), placed where it was first
 * pointed at (it does not follow the mouse over the same text). */
static void set_tooltip(win_State *st, const char *full, float x, float y)
{
    if (!full) full = "";
    if (!strcmp(st->tooltip, full)) return;
    snprintf(st->tooltip, sizeof st->tooltip, "%s", full);
    st->tip_x = x;
    st->tip_y = y;
    st->version++;
}

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
    const tf_Trace *tr = win_trace(st);
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
    case WIN_W_EXPORT: return WIN_ACT_EXPORT_DIALOG;
    case WIN_W_HELP: st->help = true; st->version++; break;
    case WIN_W_SIDE_TAB: st->side_folded = !st->side_folded; st->version++; break;
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
    if (st->save.open) {
        const win_Widget *sw = win_frame_widget_at(f, x, y);
        return sw && win_save_click(st, (int)sw->id, sw->arg) ? WIN_ACT_SAVE : WIN_ACT_NONE;
    }
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
            const tf_Node *n = tf_trace_get(win_trace(st), hit.step);
            fig_Matrix mx;
            if (h && n && fig_view_matrix_of(win_trace(st), n, &p->vs, &mx)) {
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
    set_tooltip(st, st->help || st->hint ? NULL : win_frame_tip_at(f, x, y), x, y);
    char text[512] = "";
    const win_Widget *w = win_frame_widget_at(f, x, y);
    if (w) {
        const tf_Trace *tr = win_trace(st);
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
    if (st->side && st->side->wheel && f->r_side.w > 0 && fig_draw_rect_contains(f->r_side, x, y)) {
        st->side->wheel(st->side->ctx, st, dy);
        return;
    }
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
    if (!gained) {
        set_hover(st, -1, -1, -1, -1, "");
        set_tooltip(st, NULL, 0, 0);
    }
    st->version++;
}

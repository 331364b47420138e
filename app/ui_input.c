/* ui_input.c — keys, text and mouse on the window state (see ui_input.h): the key map of the
 * help page, clicks on widgets and views, hover read-outs, wheel zoom and drag pan.
 * Not SDL: the events arrive already translated. */
#include "ui_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui_strings.h"

void ui_input_init(ui_Input *in)
{
    memset(in, 0, sizeof *in);
    in->mouse_x = in->mouse_y = -1;
}

static const tf_Trace *trace_of(const ui_State *st)
{
    return ui_trace(st);
}

/* --- hover texts ----------------------------------------------------------------------------- */

static void axis_word(const vw_Axis *a, const tf_Trace *tr, const vw_State *vs, int i, char *out,
                      size_t cap)
{
    switch (a->kind) {
    case VW_AX_SRC: snprintf(out, cap, "'%s'", i < tr->n_src ? tr->src_tokens[i] : "?"); break;
    case VW_AX_TGT: snprintf(out, cap, "'%s'", i < tr->n_tgt ? tr->tgt_tokens[i] : "?"); break;
    case VW_AX_VOCAB: snprintf(out, cap, "'%s'", vs->tgt_vocab && i < vs->n_tgt_vocab ? vs->tgt_vocab[i] : "?"); break;
    default: snprintf(out, cap, "%s %d", a->title, i); break;
    }
}

static void describe_cell(const ui_State *st, const ui_Panel *p, const dr_HitResult *hit, char *out,
                          size_t cap)
{
    const tf_Trace *tr = trace_of(st);
    const tf_Node *n = tf_trace_get(tr, hit->step);
    vw_Matrix mx;
    if (!n || !vw_matrix_of(tr, n, &p->vs, &mx) || hit->row < 0 || hit->col < 0 ||
        hit->row >= mx.rows || hit->col >= mx.cols) {
        out[0] = '\0';
        return;
    }
    int head = hit->head >= 0 && hit->head < mx.panels ? hit->head : 0;
    float v = n->data[((int64_t)head * mx.rows + hit->row) * mx.cols + hit->col];
    char r[96], c[96], hs[32] = "";
    axis_word(&mx.row_axis, tr, &p->vs, hit->row, r, sizeof r);
    axis_word(&mx.col_axis, tr, &p->vs, hit->col, c, sizeof c);
    if (n->ndim == 3) snprintf(hs, sizeof hs, ", head %d", head);
    const char *masked = vw_cell_masked(&mx, hit->row, hit->col) ? " (masked)" : "";
    if (mx.attention) snprintf(out, cap, "%s%s, %s → %s = %.5g%s", n->name, hs, r, c, (double)v, masked);
    else snprintf(out, cap, "%s%s, %s, %s = %.5g", n->name, hs, r, c, (double)v);
}

/* A key token of the lines view with a query selected: that query's weight on it in every shown
 * head. */
static void describe_lines_key(const ui_State *st, const ui_Panel *p, int k, char *out, size_t cap)
{
    const tf_Trace *tr = trace_of(st);
    char name[TF_NAME_MAX];
    vw_attn_tensor(p->vs.attn, p->vs.layer, name, sizeof name);
    const tf_Node *n = tf_trace_get(tr, name);
    int q = p->vs.token;
    if (!n || n->ndim != 3 || q < 0 || q >= n->shape[1] || k >= n->shape[2]) {
        out[0] = '\0';
        return;
    }
    bool qsrc = p->vs.attn == VW_ATTN_ENC, ksrc = p->vs.attn != VW_ATTN_DEC;
    const char *qt = qsrc ? (q < tr->n_src ? tr->src_tokens[q] : "?") : (q < tr->n_tgt ? tr->tgt_tokens[q] : "?");
    const char *kt = ksrc ? (k < tr->n_src ? tr->src_tokens[k] : "?") : (k < tr->n_tgt ? tr->tgt_tokens[k] : "?");
    size_t used = (size_t)snprintf(out, cap, "%s, '%s' → '%s':", name, qt, kt);
    int H = n->shape[0], Q = n->shape[1], K = n->shape[2];
    for (int h = 0; h < H && used + 24 < cap; h++) {
        if (!vw_head_shown(&p->vs, h)) continue;
        used += (size_t)snprintf(out + used, cap - used, " h%d %.4f", h,
                                 (double)n->data[((int64_t)h * Q + q) * K + k]);
    }
}

void ui_describe(const ui_State *st, const ui_Frame *f, int panel, const dr_HitResult *hit,
                 char *out, size_t cap)
{
    const ui_Panel *p = ui_frame_panel(f, panel);
    const tf_Trace *tr = trace_of(st);
    out[0] = '\0';
    if (!p || !tr) return;
    switch (hit->kind) {
    case DR_HIT_CELLS: describe_cell(st, p, hit, out, cap); break;
    case DR_HIT_STEP:
        if (p->vs.kind == VW_GRID)
            snprintf(out, cap, "%s, layer %d, head %d", hit->step, hit->layer, hit->head);
        else snprintf(out, cap, "%s", hit->step);
        break;
    case DR_HIT_HEAD: snprintf(out, cap, "head %d", hit->head); break;
    case DR_HIT_TOKEN:
        if (p->vs.kind == VW_LINES && hit->side == 1 && p->vs.token >= 0) {
            describe_lines_key(st, p, hit->index, out, cap);
        } else {
            bool src = true;
            if (p->vs.kind == VW_LINES) src = hit->side == 0 ? p->vs.attn == VW_ATTN_ENC : p->vs.attn != VW_ATTN_DEC;
            else {
                const tf_Node *n = tf_trace_get(tr, p->vs.tensor);
                vw_Matrix mx;
                if (n && vw_matrix_of(tr, n, &p->vs, &mx))
                    src = (hit->side == 0 ? mx.row_axis.kind : mx.col_axis.kind) == VW_AX_SRC;
            }
            int n = src ? tr->n_src : tr->n_tgt;
            if (hit->index >= 0 && hit->index < n)
                snprintf(out, cap, "%s token %d '%s'", src ? "source" : "target", hit->index,
                         src ? tr->src_tokens[hit->index] : tr->tgt_tokens[hit->index]);
        }
        break;
    default: break;
    }
}

static void set_hover(ui_State *st, int panel, int head, int row, int col, const char *text)
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

static void cycle_mode(ui_State *st)
{
    ui_set_mode(st, (ui_Mode)((st->mode + 1) % UI_MODE_COUNT));
}

static void escape(ui_State *st)
{
    if (st->playing) ui_play(st, false);
    else if (st->n_highlight) ui_highlight_clear(st);
    else if (st->sel_src >= 0) ui_select_token(st, UI_SIDE_SRC, -1);
    else if (st->zoom > 1.0f) ui_reset_zoom(st);
    else if (st->msg[0]) {
        st->msg[0] = '\0';
        st->version++;
    }
}

static ui_Action field_key(ui_State *st, ui_Key key, unsigned mods)
{
    bool word = mods & UI_MOD_CTRL;
    switch (key) {
    case UI_KEY_LEFT: ui_field_move(st, -1, word); break;
    case UI_KEY_RIGHT: ui_field_move(st, 1, word); break;
    case UI_KEY_HOME: ui_field_home(st); break;
    case UI_KEY_END: ui_field_end(st); break;
    case UI_KEY_BACKSPACE: ui_field_backspace(st, word); break;
    case UI_KEY_DELETE: ui_field_delete(st); break;
    case UI_KEY_ESCAPE:
        st->editing = false;
        st->version++;
        break;
    case UI_KEY_ENTER:
        if (ui_run(st)) st->editing = false;
        st->version++;
        break;
    case UI_KEY_TAB:
        for (int k = 0; k < st->n_unknown; k++)
            if (st->unknown[k].n_suggest) {
                ui_accept_suggestion(st, k, 0);
                break;
            }
        break;
    default: break;
    }
    return UI_ACT_NONE;
}

static ui_Action char_key(ui_State *st, int ch)
{
    switch (ch) {
    case '/':
        st->editing = true;
        st->cursor = (int)strlen(st->input);
        st->version++;
        break;
    case '?': st->help = !st->help; st->version++; break;
    case 'v': cycle_mode(st); break;
    case 's': ui_set_mode(st, UI_MODE_STEP); break;
    case 'm': ui_set_mode(st, UI_MODE_MATRIX); break;
    case 'l': ui_set_mode(st, UI_MODE_LINES); break;
    case 'g': ui_set_mode(st, UI_MODE_GRID); break;
    case '0': ui_set_heads(st, ~(uint64_t)0); break;
    case 'z': ui_reset_zoom(st); break;
    case 'o':
        st->orient = st->orient == VW_HORIZONTAL ? VW_VERTICAL : VW_HORIZONTAL;
        st->version++;
        break;
    case 't':
        st->grid_heatmap = !st->grid_heatmap;
        st->version++;
        break;
    case 'b': ui_set_beam(st, !st->beam); break;
    case 'e': return UI_ACT_EXPORT;
    case '+': case '=': ui_speed_by(st, 1); break;
    case '-': case '_': ui_speed_by(st, -1); break;
    case '[': ui_goto_snapshot(st, st->snap_index < 0 ? (st->n_snaps ? st->n_snaps - 1 : -1) : st->snap_index - 1); break;
    case ']': if (st->n_snaps) ui_goto_snapshot(st, st->snap_index < 0 ? 0 : st->snap_index + 1); break;
    default:
        if (ch >= '1' && ch <= '9') ui_toggle_head(st, ch - '1');
        break;
    }
    return UI_ACT_NONE;
}

ui_Action ui_key(ui_State *st, ui_Input *in, const ui_Frame *f, ui_Key key, int ch, unsigned mods)
{
    (void)f;
    (void)in;
    bool ctrl = mods & UI_MOD_CTRL;
    if (st->hint) {
        st->hint = false;
        st->version++;
        return UI_ACT_HINT_SEEN;
    }
    if (st->help && (key == UI_KEY_ESCAPE || key == UI_KEY_F1 || (key == UI_KEY_CHAR && ch == '?'))) {
        st->help = false;
        st->version++;
        return UI_ACT_NONE;
    }
    if (ctrl && key == UI_KEY_CHAR) {
        switch (ch) {
        case 'q': return UI_ACT_QUIT;
        case 's': return UI_ACT_EXPORT;
        case 'v': return st->editing ? UI_ACT_PASTE : UI_ACT_NONE;
        case '=': case '+':
            st->ui_zoom = fminf(st->ui_zoom * 1.1f, 3.0f);
            st->version++;
            return UI_ACT_NONE;
        case '-':
            st->ui_zoom = fmaxf(st->ui_zoom / 1.1f, 0.6f);
            st->version++;
            return UI_ACT_NONE;
        case '0':
            st->ui_zoom = 1.0f;
            st->version++;
            return UI_ACT_NONE;
        case 'a':
            if (st->editing) ui_field_home(st);
            return UI_ACT_NONE;
        case 'e':
            if (st->editing) ui_field_end(st);
            return UI_ACT_NONE;
        case 'u':
            if (st->editing) ui_field_set(st, "");
            return UI_ACT_NONE;
        default: return UI_ACT_NONE;
        }
    }
    if (key == UI_KEY_F1) {
        st->help = !st->help;
        st->version++;
        return UI_ACT_NONE;
    }
    if (key == UI_KEY_F2) {
        ui_set_lang(st, st->lang == UI_LANG_EN ? UI_LANG_KO : UI_LANG_EN);
        ui_message(st, UI_MSG_INFO, 3, "%s", ui_str(st->lang, S_MSG_LANG));
        return UI_ACT_NONE;
    }
    if (!st->editing && !st->help && st->side && st->side->key &&
        st->side->key(st->side->ctx, st, (int)key, ch, mods))
        return UI_ACT_NONE;
    if (st->editing) {
        /* printable keys arrive as text; these keys edit; the rest still steps */
        if (key == UI_KEY_CHAR || key == UI_KEY_SPACE) return UI_ACT_NONE;
        if (key != UI_KEY_PAGE_UP && key != UI_KEY_PAGE_DOWN && key != UI_KEY_UP && key != UI_KEY_DOWN)
            return field_key(st, key, mods);
    }
    bool shift = mods & UI_MOD_SHIFT;
    switch (key) {
    case UI_KEY_RIGHT: shift ? ui_step_sublayer(st, 1) : ui_step(st, 1); break;
    case UI_KEY_LEFT: shift ? ui_step_sublayer(st, -1) : ui_step(st, -1); break;
    case UI_KEY_PAGE_DOWN: ui_step_layer(st, 1); break;
    case UI_KEY_PAGE_UP: ui_step_layer(st, -1); break;
    case UI_KEY_HOME: ui_home(st); break;
    case UI_KEY_END: ui_end(st); break;
    case UI_KEY_UP: ui_move_token(st, -1); break;
    case UI_KEY_DOWN: ui_move_token(st, 1); break;
    case UI_KEY_SPACE: ui_play(st, !st->playing); break;
    case UI_KEY_ENTER:
        st->editing = true;
        st->cursor = (int)strlen(st->input);
        ui_message(st, UI_MSG_INFO, 4, "%s", ui_str(st->lang, S_MSG_FOCUS));
        break;
    case UI_KEY_ESCAPE: escape(st); break;
    case UI_KEY_TAB: cycle_mode(st); break;
    case UI_KEY_CHAR: return char_key(st, ch);
    default: break;
    }
    return UI_ACT_NONE;
}

void ui_text(ui_State *st, const char *utf8)
{
    if (st->hint) {
        st->hint = false;
        st->version++;
    }
    if (!st->editing) {
        st->editing = true;
        st->cursor = (int)strlen(st->input);
    }
    ui_field_insert(st, utf8);
}

/* --- mouse ----------------------------------------------------------------------------------- */

static void timeline_at(ui_State *st, const ui_Frame *f, float x)
{
    int n = ui_n_nodes(st);
    if (n <= 0) return;
    int i = (int)floorf((x - f->tl_x0) / f->tl_w * (float)n);
    ui_goto_node(st, i < 0 ? 0 : i >= n ? n - 1 : i);
}

static void snapshots_at(ui_State *st, const ui_Frame *f, float x)
{
    int n = st->n_snaps;
    if (n <= 0) return;
    int i = n > 1 ? (int)lroundf((x - f->snap_x0) / f->snap_w * (float)(n - 1)) : 0;
    i = i < 0 ? 0 : i >= n ? n - 1 : i;
    if (i != st->snap_index) ui_goto_snapshot(st, i);
}

static void head_click(ui_State *st, int h, int clicks)
{
    if (clicks >= 2) {
        st->heads ^= (uint64_t)1 << h;  /* undo the first click of the pair */
        ui_solo_head(st, h);
    } else {
        ui_toggle_head(st, h);
    }
}

/* Which side (source or target) a token label of a panel stands for. */
static bool token_side(const ui_State *st, const ui_Panel *p, int side, ui_Side *out)
{
    const tf_Trace *tr = trace_of(st);
    if (p->vs.kind == VW_LINES) {
        bool src = side == 0 ? p->vs.attn == VW_ATTN_ENC : p->vs.attn != VW_ATTN_DEC;
        *out = src ? UI_SIDE_SRC : UI_SIDE_TGT;
        return true;
    }
    const tf_Node *n = tf_trace_get(tr, p->vs.tensor);
    vw_Matrix mx;
    if (!n || !vw_matrix_of(tr, n, &p->vs, &mx)) return false;
    vw_AxisKind k = side == 0 ? mx.row_axis.kind : mx.col_axis.kind;
    if (k != VW_AX_SRC && k != VW_AX_TGT) return false;
    *out = k == VW_AX_SRC ? UI_SIDE_SRC : UI_SIDE_TGT;
    return true;
}

static void token_click(ui_State *st, const ui_Panel *p, const dr_HitResult *hit)
{
    ui_Side side;
    if (!token_side(st, p, hit->side, &side)) return;
    int cur = side == UI_SIDE_SRC ? st->sel_src : st->out_pos;
    /* clicking the selected token again shows every token */
    ui_select_token(st, side, cur == hit->index ? -1 : hit->index);
    st->pick.index = hit->index;
}

static ui_Action widget_click(ui_State *st, ui_Input *in, const ui_Frame *f, const ui_Widget *w,
                              float x, float y, int clicks)
{
    switch (w->id) {
    case UI_W_OVERLAY: {
        bool hint = st->hint;
        st->help = st->hint = false;
        st->version++;
        return hint ? UI_ACT_HINT_SEEN : UI_ACT_NONE;
    }
    case UI_W_FIELD:
        st->editing = true;
        st->cursor = ui_frame_field_offset(f, st, x);
        st->version++;
        break;
    case UI_W_RUN:
        if (ui_run(st)) st->editing = false;
        break;
    case UI_W_DECODE: ui_set_beam(st, !st->beam); break;
    case UI_W_LANG: ui_set_lang(st, st->lang == UI_LANG_EN ? UI_LANG_KO : UI_LANG_EN); break;
    case UI_W_EXPORT: return UI_ACT_EXPORT;
    case UI_W_HELP: st->help = true; st->version++; break;
    case UI_W_MODE: ui_set_mode(st, (ui_Mode)w->arg); break;
    case UI_W_HEAD: head_click(st, w->arg, clicks); break;
    case UI_W_HEADS_ALL: ui_set_heads(st, ~(uint64_t)0); break;
    case UI_W_PLAY: ui_play(st, !st->playing); break;
    case UI_W_SPEED: ui_speed_by(st, w->arg); break;
    case UI_W_STEP: ui_step(st, w->arg); break;
    case UI_W_TIMELINE:
        in->drag = UI_DRAG_TIMELINE;
        timeline_at(st, f, x);
        break;
    case UI_W_SNAPBAR:
        in->drag = UI_DRAG_SNAPSHOTS;
        snapshots_at(st, f, x);
        break;
    case UI_W_OUT_TOKEN: ui_select_token(st, UI_SIDE_TGT, w->arg); break;
    case UI_W_OUT_ALL: ui_set_out_pos(st, st->out_pos < 0 ? 0 : -1); break;
    case UI_W_SUGGEST: ui_accept_suggestion(st, w->arg / UI_SUGGEST_MAX, w->arg % UI_SUGGEST_MAX); break;
    case UI_W_INPUT_LINK: ui_goto_node(st, w->arg); break;
    default: break;
    }
    (void)y;
    return UI_ACT_NONE;
}

ui_Action ui_mouse_down(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y, int clicks)
{
    in->mouse_x = in->last_x = x;
    in->mouse_y = in->last_y = y;
    if (st->side && st->side->click && f->r_side.w > 0 && dr_rect_contains(f->r_side, x, y)) {
        st->editing = false;
        st->side->click(st->side->ctx, st, x, y);
        return UI_ACT_NONE;
    }
    const ui_Widget *w = ui_frame_widget_at(f, x, y);
    if (st->editing && (!w || (w->id != UI_W_FIELD && w->id != UI_W_SUGGEST && w->id != UI_W_RUN))) {
        st->editing = false;
        st->version++;
    }
    if (w) return widget_click(st, in, f, w, x, y, clicks);
    int panel;
    dr_HitResult hit;
    float px, py;
    if (!ui_frame_panel_at(f, x, y, &panel, &hit, &px, &py)) return UI_ACT_NONE;
    const ui_Panel *p = ui_frame_panel(f, panel);
    switch (hit.kind) {
    case DR_HIT_STEP:
        if (p->vs.kind == VW_GRID) {
            ui_goto_tensor(st, hit.step);
            ui_set_mode(st, UI_MODE_LINES);
            if (hit.head >= 0) ui_set_heads(st, (uint64_t)1 << hit.head);
        } else {
            ui_goto_tensor(st, hit.step);
        }
        st->pick = (ui_Pick){UI_PICK_STEP, 0, -1, "", hit.head, -1, -1, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", hit.step);
        break;
    case DR_HIT_TOKEN: token_click(st, p, &hit); break;
    case DR_HIT_HEAD:
        if (hit.head >= 0) head_click(st, hit.head, clicks);
        break;
    case DR_HIT_CELLS:
        st->pick = (ui_Pick){UI_PICK_CELL, 0, -1, "", hit.head, hit.row, hit.col, st->pick.serial + 1};
        snprintf(st->pick.tensor, sizeof st->pick.tensor, "%s", hit.step);
        st->version++;
        if (st->zoom > 1.0f) {
            const dr_Hit *h = NULL;
            for (int i = p->list.n_hits - 1; i >= 0; i--)
                if (p->list.hits[i].kind == DR_HIT_CELLS && dr_rect_contains(p->list.hits[i].r, px, py)) {
                    h = &p->list.hits[i];
                    break;
                }
            const tf_Node *n = tf_trace_get(trace_of(st), hit.step);
            vw_Matrix mx;
            if (h && n && vw_matrix_of(trace_of(st), n, &p->vs, &mx)) {
                in->drag = UI_DRAG_PAN;
                in->cell_w = h->cell_w;
                in->cell_h = h->cell_h;
                in->max_pan[0] = mx.cols - mx.cols / st->zoom;
                in->max_pan[1] = mx.rows - mx.rows / st->zoom;
            }
        }
        break;
    default: break;
    }
    return UI_ACT_NONE;
}

void ui_mouse_up(ui_State *st, ui_Input *in)
{
    (void)st;
    in->drag = UI_DRAG_NONE;
}

void ui_mouse_move(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y)
{
    float dx = x - in->last_x, dy = y - in->last_y;
    in->mouse_x = in->last_x = x;
    in->mouse_y = in->last_y = y;
    switch (in->drag) {
    case UI_DRAG_TIMELINE: timeline_at(st, f, x); return;
    case UI_DRAG_SNAPSHOTS: snapshots_at(st, f, x); return;
    case UI_DRAG_PAN:
        if (in->cell_w > 0 && in->cell_h > 0) {
            ui_pan_by(st, -dx / in->cell_w, -dy / in->cell_h);
            st->pan[0] = fminf(st->pan[0], fmaxf(in->max_pan[0], 0));
            st->pan[1] = fminf(st->pan[1], fmaxf(in->max_pan[1], 0));
        }
        return;
    default: break;
    }
    char text[512] = "";
    const ui_Widget *w = ui_frame_widget_at(f, x, y);
    if (w) {
        const tf_Trace *tr = trace_of(st);
        if (w->id == UI_W_TIMELINE && tr && tr->n_nodes) {
            int i = (int)floorf((x - f->tl_x0) / f->tl_w * (float)tr->n_nodes);
            i = i < 0 ? 0 : i >= tr->n_nodes ? tr->n_nodes - 1 : i;
            snprintf(text, sizeof text, "%d  %s — %s", i + 1, tr->nodes[i].name, tr->nodes[i].note);
        } else if (w->id == UI_W_INPUT_LINK && tr && w->arg < tr->n_nodes) {
            snprintf(text, sizeof text, "%s — %s", tr->nodes[w->arg].name, tr->nodes[w->arg].note);
        }
        set_hover(st, -2, -1, -1, -1, text);
        return;
    }
    int panel;
    dr_HitResult hit;
    float px, py;
    if (ui_frame_panel_at(f, x, y, &panel, &hit, &px, &py)) {
        ui_describe(st, f, panel, &hit, text, sizeof text);
        if (hit.kind == DR_HIT_CELLS && panel >= 0) {
            set_hover(st, panel, hit.head, hit.row, hit.col, text);
            return;
        }
        set_hover(st, panel, -1, -1, -1, text);
        return;
    }
    set_hover(st, -1, -1, -1, -1, "");
}

void ui_wheel(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y, float dy)
{
    (void)in;
    if (dy == 0) return;
    if (dr_rect_contains(f->r_timeline, x, y)) {
        ui_step(st, dy > 0 ? -1 : 1);
        return;
    }
    if (st->mode != UI_MODE_STEP && st->mode != UI_MODE_MATRIX) return;
    int panel;
    dr_HitResult hit;
    float px, py;
    if (!ui_frame_panel_at(f, x, y, &panel, &hit, &px, &py) || panel < 0 || hit.kind != DR_HIT_CELLS)
        return;
    const ui_Panel *p = ui_frame_panel(f, panel);
    for (int i = p->list.n_hits - 1; i >= 0; i--) {
        const dr_Hit *h = &p->list.hits[i];
        if (h->kind != DR_HIT_CELLS || !dr_rect_contains(h->r, px, py)) continue;
        float cx = h->col0 + (px - h->r.x + h->off_x) / h->cell_w;
        float cy = h->row0 + (py - h->r.y + h->off_y) / h->cell_h;
        ui_zoom_at(st, powf(1.25f, fminf(fmaxf(dy, -8), 8)), cx, cy);
        return;
    }
}

void ui_focus(ui_State *st, ui_Input *in, bool gained)
{
    /* a press that started before the focus went is over */
    in->drag = UI_DRAG_NONE;
    if (!gained) set_hover(st, -1, -1, -1, -1, "");
    st->version++;
}

/* win_state.c — the window's state and every change to it (see win_state.h): stepping through the
 * recorded forward pass and the decoding loop, selection, heads, zoom, playback and messages.
 * Running the model and snapshots are in win_run.c, the sentence field in win_field.c.
 * Not drawing and not SDL. */
#include "win_state.h"

#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "win_state_int.h"
#include "win_strings.h"

static const double SPEEDS[WIN_SPEEDS] = {0.5, 1, 2, 4, 8, 16, 32};

void win_changed(win_State *st)
{
    st->version++;
}

void win_init(win_State *st, win_Lang lang)
{
    memset(st, 0, sizeof *st);
    st->lang = lang;
    st->out_pos = 0;
    st->sel_src = -1;
    st->sel_anchor = -1;
    st->heads = ~(uint64_t)0;
    st->zoom = 1.0f;
    st->beam_k = 4;
    st->speed = 2;
    st->snap_loaded = -1;
    st->snap_index = -1;
    st->hover_panel = st->hover_head = st->hover_row = st->hover_col = -1;
    st->ui_zoom = 1.0f;
}

void win_free(win_State *st)
{
    if (st->have_main) tf_trace_free(&st->main);
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    if (st->have_plain) tf_trace_free(&st->plain);
    if (st->have_ref) tf_trace_free(&st->ref);
    if (st->have_pinned) tf_trace_free(&st->pinned);
    if (st->have_lens) tf_lens_free(&st->lens);
    for (int i = 0; i < st->n_snaps; i++) free(st->snap_paths[i]);
    free(st->snap_paths);
    free(st->snap_step);
    free(st->snap_loss);
    win_field_history_free(st);
    memset(st, 0, sizeof *st);
}

const tf_Trace *win_trace(const win_State *st)
{
    if (st->snap_index >= 0 && st->snap_loaded == st->snap_index) return &st->snap;
    return st->have_main ? &st->main : NULL;
}

void win_message(win_State *st, win_MsgKind kind, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->msg_kind = kind;
    st->msg_until = st->now_ms + (seconds > 0 ? seconds * 1000.0 : 1e12);
    win_changed(st);
}

/* --- questions about the trace ------------------------------------------------------------- */

void win_group_of(const tf_Node *n, char *out, size_t cap)
{
    static const char *SIDE[TF_STACK_COUNT] = {"src", "enc", "tgt", "dec", "out"};
    tf_Site s = n->site;
    if (s.stack == TF_STACK_SOURCE || s.stack == TF_STACK_TARGET ||
        s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS)
        snprintf(out, cap, "%s", SIDE[s.stack]);
    else if (s.layer >= 0) snprintf(out, cap, "%s.%d", SIDE[s.stack], s.layer);
    else snprintf(out, cap, "%s", n->name);  /* enc.norm, dec.norm, names tfscope does not know */
}

void win_sublayer_of(const tf_Node *n, char *out, size_t cap)
{
    win_group_of(n, out, cap);
    size_t g = strlen(out);
    if (n->site.sublayer > 0) snprintf(out + g, cap - g, ".%d", n->site.sublayer);
}

int win_decoder_start(const tf_Trace *tr)
{
    for (int i = 0; i < tr->n_nodes; i++) {
        tf_Site s = tr->nodes[i].site;
        if (s.stack == TF_STACK_TARGET || s.stack == TF_STACK_DECODER ||
            s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS)
            return i;
    }
    return tr->n_nodes;
}

bool win_attention_of(const tf_Trace *tr, int node, fig_Attn *a, int *layer)
{
    if (node >= tr->n_nodes) node = tr->n_nodes - 1;
    for (int i = node; i >= 0; i--) {
        tf_Site s = tr->nodes[i].site;
        if (s.attn != TF_ATTN_NONE) {
            *a = fig_view_attn_from(s.attn);
            *layer = s.layer;
            return true;
        }
        if (i != node || s.layer < 0) continue;
        /* a residual, norm or FFN step: the attention of its own sub-layer or layer */
        tf_AttnKind own = s.stack == TF_STACK_ENCODER ? TF_ATTN_ENC
                          : s.sublayer >= 2            ? TF_ATTN_CROSS : TF_ATTN_DEC;
        int w = tf_trace_find(tr, tf_site_attn(own, s.layer, TF_PART_WEIGHTS));
        if (w >= 0) return fig_view_attn_of(tr->nodes[w].site, a, layer);
    }
    /* before any attention: the first one */
    for (int i = 0; i < tr->n_nodes; i++)
        if (fig_view_attn_of(tr->nodes[i].site, a, layer)) return true;
    return false;
}

int win_first_head(const win_State *st)
{
    for (int h = 0; h < 64; h++)
        if ((st->heads >> h) & 1u) return h;
    return 0;
}

int win_n_nodes(const win_State *st)
{
    const tf_Trace *tr = win_trace(st);
    return tr ? tr->n_nodes : 0;
}

const tf_Node *win_node(const win_State *st)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr || st->node < 0 || st->node >= tr->n_nodes) return NULL;
    return &tr->nodes[st->node];
}

bool win_output_revealed(const win_State *st, int pos)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return false;
    if (st->out_pos < 0) return true;
    if (st->node < win_decoder_start(tr)) return false;
    if (pos < st->out_pos) return true;
    if (pos > st->out_pos) return false;
    tf_Part part = tr->nodes[st->node].site.part;
    return part == TF_PART_LOGITS || part == TF_PART_PROBS;
}

/* --- stepping ------------------------------------------------------------------------------ */

typedef struct {
    int node, out_pos;
} Pos;

/* One step along the decoding loop; false at either end. */
static bool step_pos(const tf_Trace *tr, Pos *p, int dir)
{
    int n = tr->n_nodes, ds = win_decoder_start(tr), T = tr->n_tgt;
    if (n == 0) return false;
    if (dir > 0) {
        if (p->node < n - 1) {
            p->node++;
            return true;
        }
        if (p->out_pos >= 0 && p->out_pos < T - 1 && ds < n) {
            p->out_pos++;
            p->node = ds;
            return true;
        }
        return false;
    }
    if (p->node == ds && p->out_pos > 0 && ds < n) {
        p->out_pos--;
        p->node = n - 1;
        return true;
    }
    if (p->node == 0) return false;
    p->node--;
    return true;
}

static void key_of(const tf_Trace *tr, const Pos *p, bool layer, char *out, size_t cap)
{
    const tf_Node *node = &tr->nodes[p->node];
    if (layer) win_group_of(node, out, cap);
    else win_sublayer_of(node, out, cap);
    size_t n = strlen(out);
    /* each decoder position is its own pass through the decoder */
    if (p->out_pos >= 0 && p->node >= win_decoder_start(tr))
        snprintf(out + n, cap - n, "#%d", p->out_pos);
}

/* Forward: to the first step of the next group. Backward: to the first step of this group, or
 * of the previous one when already there. */
static void step_group(win_State *st, int dir, bool layer)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr || !tr->n_nodes) return;
    Pos p = {st->node, st->out_pos};
    char key[TF_NAME_MAX + 16], k2[TF_NAME_MAX + 16];
    key_of(tr, &p, layer, key, sizeof key);
    if (dir > 0) {
        while (step_pos(tr, &p, 1)) {
            key_of(tr, &p, layer, k2, sizeof k2);
            if (strcmp(k2, key)) break;
        }
    } else {
        Pos q = p;
        bool at_start = !step_pos(tr, &q, -1);
        if (!at_start) {
            key_of(tr, &q, layer, k2, sizeof k2);
            at_start = strcmp(k2, key) != 0;
        }
        if (at_start) {
            if (!step_pos(tr, &p, -1)) return;
            key_of(tr, &p, layer, key, sizeof key);
        }
        for (;;) {
            q = p;
            if (!step_pos(tr, &q, -1)) break;
            key_of(tr, &q, layer, k2, sizeof k2);
            if (strcmp(k2, key)) break;
            p = q;
        }
    }
    st->node = p.node;
    st->out_pos = p.out_pos;
    win_changed(st);
}

static bool step_once(win_State *st, int dir)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return false;
    Pos p = {st->node, st->out_pos};
    if (!step_pos(tr, &p, dir)) return false;
    st->node = p.node;
    st->out_pos = p.out_pos;
    win_changed(st);
    return true;
}

void win_step(win_State *st, int dir)
{
    step_once(st, dir);
}

void win_step_sublayer(win_State *st, int dir)
{
    step_group(st, dir, false);
}

void win_step_layer(win_State *st, int dir)
{
    step_group(st, dir, true);
}

void win_home(win_State *st)
{
    st->node = 0;
    if (st->out_pos > 0) st->out_pos = 0;
    win_changed(st);
}

void win_end(win_State *st)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return;
    st->node = tr->n_nodes > 0 ? tr->n_nodes - 1 : 0;
    if (st->out_pos >= 0) st->out_pos = tr->n_tgt > 0 ? tr->n_tgt - 1 : 0;
    win_changed(st);
}

void win_goto_node(win_State *st, int index)
{
    int n = win_n_nodes(st);
    if (n == 0) return;
    st->node = index < 0 ? 0 : index >= n ? n - 1 : index;
    win_changed(st);
}

bool win_goto_tensor(win_State *st, const char *name)
{
    const tf_Trace *tr = win_trace(st);
    int i = tr ? tf_trace_index(tr, name) : -1;
    if (i < 0) return false;
    win_goto_node(st, i);
    return true;
}

void win_set_out_pos(win_State *st, int pos)
{
    const tf_Trace *tr = win_trace(st);
    int T = tr ? tr->n_tgt : 0;
    st->out_pos = pos < 0 ? -1 : pos >= T ? T - 1 : pos;
    win_changed(st);
}

void win_select_token(win_State *st, win_Side side, int index)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return;
    if (side == WIN_SIDE_SRC) st->sel_src = index < 0 || index >= tr->n_src ? -1 : index;
    else win_set_out_pos(st, index);
    st->pick = (win_Pick){WIN_PICK_TOKEN, side, index, "", -1, -1, -1, st->pick.serial + 1};
    win_changed(st);
}

void win_move_token(win_State *st, int dir)
{
    const tf_Trace *tr = win_trace(st);
    if (!tr) return;
    bool dec = st->node >= win_decoder_start(tr);
    int n = dec ? tr->n_tgt : tr->n_src, cur = dec ? st->out_pos : st->sel_src;
    int next = cur < 0 ? (dir > 0 ? 0 : n - 1) : cur + dir;
    if (next < 0) next = 0;
    if (next >= n) next = n - 1;
    if (dec) st->out_pos = next;
    else st->sel_src = next;
    win_changed(st);
}

void win_set_mode(win_State *st, win_Mode mode)
{
    if (mode < 0 || mode >= WIN_MODE_COUNT) return;
    st->mode = mode;
    win_changed(st);
}

void win_toggle_head(win_State *st, int h)
{
    if (h < 0 || h >= 64) return;
    st->heads ^= (uint64_t)1 << h;
    st->pick = (win_Pick){WIN_PICK_HEAD, 0, -1, "", h, -1, -1, st->pick.serial + 1};
    win_changed(st);
}

void win_solo_head(win_State *st, int h)
{
    if (h < 0 || h >= 64) return;
    uint64_t one = (uint64_t)1 << h;
    st->heads = st->heads == one ? ~(uint64_t)0 : one;
    st->pick = (win_Pick){WIN_PICK_HEAD, 0, -1, "", h, -1, -1, st->pick.serial + 1};
    win_changed(st);
}

void win_set_heads(win_State *st, uint64_t mask)
{
    st->heads = mask;
    win_changed(st);
}

void win_zoom_at(win_State *st, float factor, float cell_x, float cell_y)
{
    float z = fminf(fmaxf(st->zoom * factor, 1.0f), 64.0f);
    if (z == st->zoom) return;
    if (z <= 1.0f) {
        st->pan[0] = st->pan[1] = 0;
    } else {
        /* the cell under the mouse stays under the mouse: the pan scaled about it */
        vec2 cell = {cell_x, cell_y}, d;
        glm_vec2_sub(cell, st->pan, d);
        glm_vec2_scale(d, st->zoom, d);
        glm_vec2_divs(d, z, d);
        glm_vec2_sub(cell, d, st->pan);
        glm_vec2_maxv(st->pan, GLM_VEC2_ZERO, st->pan);
    }
    st->zoom = z;
    win_changed(st);
}

void win_pan_by(win_State *st, float cells_x, float cells_y)
{
    if (st->zoom <= 1.0f) return;
    glm_vec2_add(st->pan, (vec2){cells_x, cells_y}, st->pan);
    glm_vec2_maxv(st->pan, GLM_VEC2_ZERO, st->pan);
    win_changed(st);
}

void win_reset_zoom(win_State *st)
{
    st->zoom = 1.0f;
    st->pan[0] = st->pan[1] = 0;
    win_changed(st);
}

void win_set_lang(win_State *st, win_Lang lang)
{
    if (lang < 0 || lang >= WIN_LANG_COUNT) return;
    st->lang = lang;
    win_changed(st);
}

void win_set_projector(win_State *st, bool on)
{
    st->projector = on;
    win_changed(st);
}

void win_set_head_colors(win_State *st, fig_HeadColors c)
{
    st->head_colors = c == FIG_HEADS_OKABE_ITO ? FIG_HEADS_OKABE_ITO : FIG_HEADS_TOL;
    win_changed(st);
}

void win_highlight_clear(win_State *st)
{
    st->n_highlight = 0;
    win_changed(st);
}

bool win_highlight_cell(win_State *st, const char *tensor, int head, int row, int col)
{
    if (st->n_highlight >= WIN_HIGHLIGHT_MAX) return false;
    win_Highlight *h = &st->highlight[st->n_highlight++];
    snprintf(h->tensor, sizeof h->tensor, "%s", tensor);
    h->head = head;
    h->row = row;
    h->col = col;
    win_changed(st);
    return true;
}

/* --- playback ------------------------------------------------------------------------------ */

void win_play(win_State *st, bool on)
{
    st->playing = on;
    st->play_acc_ms = 0;
    win_changed(st);
}

void win_speed_by(win_State *st, int dir)
{
    int s = st->speed + dir;
    st->speed = s < 0 ? 0 : s >= WIN_SPEEDS ? WIN_SPEEDS - 1 : s;
    win_changed(st);
}

double win_speed(const win_State *st)
{
    return SPEEDS[st->speed < 0 ? 0 : st->speed >= WIN_SPEEDS ? WIN_SPEEDS - 1 : st->speed];
}

void win_tick(win_State *st, double dt_ms)
{
    if (dt_ms < 0) dt_ms = 0;
    st->now_ms += dt_ms;
    if (st->playing) {
        st->play_acc_ms += dt_ms;
        double interval = 1000.0 / win_speed(st);
        while (st->playing && st->play_acc_ms >= interval) {
            st->play_acc_ms -= interval;
            if (!step_once(st, 1)) win_play(st, false);
        }
    }
    if (st->msg[0] && st->now_ms >= st->msg_until) {
        st->msg[0] = '\0';
        win_changed(st);
    }
}

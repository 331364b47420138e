/* win_whatif.c — interventions in the window (see win_whatif.h): the changes, the re-run they
 * cause, the unchanged run kept beside the changed one, and the keys and right-clicks that make
 * them. Not drawing (win_layout_whatif.c) and not the interventions themselves (core/interv.h). */
#include "win_whatif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "win_budget.h"
#include "win_state_int.h"
#include "win_strings.h"

static double clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

bool win_whatif_active(const win_State *st)
{
    return tf_interv_any(&st->interv);
}

void win_whatif_describe(const win_State *st, bool switches, char *out, size_t cap)
{
    const tf_Interv *iv = &st->interv;
    size_t used = 0;
    out[0] = '\0';
#define ADD(...)                                                                              \
    do {                                                                                      \
        if (used < cap) used += (size_t)snprintf(out + used, cap - used, __VA_ARGS__);       \
    } while (0)
    for (int i = 0; i < iv->n_ablated; i++) {
        const tf_Head *h = &iv->ablated[i];
        char name[48];
        snprintf(name, sizeof name, "%s.%d.%d", tf_attn_kind_name(h->kind), h->layer, h->head);
        ADD("%s", i ? ", " : "");
        ADD(win_str(st->lang, S_WHATIF_HEAD_OFF), name);
    }
    static const win_StrId sw[3] = {S_WHATIF_NO_POS, S_WHATIF_NO_MASK, S_WHATIF_NO_SCALE};
    const bool on[3] = {iv->no_pos, iv->no_mask, iv->no_scale};
    for (int k = 0; k < 3 && switches; k++)
        if (on[k]) ADD("%s%s", used ? " · " : "", win_str(st->lang, sw[k]));
#undef ADD
}

/* --- the unchanged run --------------------------------------------------------------------- */

static bool same_tokens(char **a, int na, char **b, int nb)
{
    if (na != nb) return false;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i])) return false;
    return true;
}

/* The unchanged model teacher-forced on main's tokens into st->ref. */
static bool run_ref(win_State *st)
{
    const tf_Model *m = st->model;
    const tf_Trace *a = &st->main;
    int *src = tf_xmalloc((size_t)a->n_src * sizeof *src), *tgt = tf_xmalloc((size_t)a->n_tgt * sizeof *tgt);
    bool ok = true;
    for (int i = 0; i < a->n_src; i++) ok = ok && (src[i] = tf_vocab_find(&m->src_vocab, a->src_tokens[i])) >= 0;
    for (int i = 0; i < a->n_tgt; i++) ok = ok && (tgt[i] = tf_vocab_find(&m->tgt_vocab, a->tgt_tokens[i])) >= 0;
    tf_Err err;
    static const tf_Interv none;
    memset(&st->ref, 0, sizeof st->ref);
    if (ok && tf_trace_sentence_with(m, &none, src, a->n_src, tgt, a->n_tgt, NULL, &st->ref, &err) == TF_OK)
        tf_trace_set_model(&st->ref, st->model_name, st->model_sha);
    else {
        tf_trace_free(&st->ref);
        ok = false;
    }
    free(src);
    free(tgt);
    return ok;
}

bool win_whatif_retire(win_State *st, const tf_Trace *next)
{
    const tf_Trace *old = &st->main;
    int K = st->beam ? st->beam_k : 1;
    if (!tf_interv_any(&next->interv) || tf_interv_any(&old->interv) || old->beam.n == 0 ||
        old->beam.K != K || !old->model_sha256 || strcmp(old->model_sha256, st->model_sha) ||
        !same_tokens(old->src_tokens, old->n_src, next->src_tokens, next->n_src))
        return false;
    if (st->have_plain) tf_trace_free(&st->plain);
    st->plain = *old;
    st->have_plain = true;
    st->plain_beam = st->beam;
    return true;
}

void win_whatif_sync(win_State *st)
{
    if (st->have_ref) tf_trace_free(&st->ref);
    st->have_ref = false;
    st->ref_refused = false;
    if (!win_whatif_active(st) || !st->have_main) {
        if (st->have_plain) tf_trace_free(&st->plain);
        st->have_plain = false;
        return;
    }
    bool keep = st->have_plain && st->plain_beam == st->beam &&
                same_tokens(st->plain.src_tokens, st->plain.n_src, st->main.src_tokens, st->main.n_src);
    if (!keep) {
        if (st->have_plain) tf_trace_free(&st->plain);
        st->have_plain = win_run_unchanged(st, &st->plain);
        st->plain_beam = st->beam;
    }
}

void win_whatif_prepare(win_State *st)
{
    /* the difference view's B: plain itself when the changed run decoded the same tokens */
    if (st->mode != WIN_MODE_DIFF || st->have_ref || st->ref_refused || !st->have_plain ||
        !win_whatif_active(st) ||
        same_tokens(st->plain.tgt_tokens, st->plain.n_tgt, st->main.tgt_tokens, st->main.n_tgt))
        return;
    size_t need = win_budget_trace(&st->main);  /* the same sentence and decoder input */
    if (!win_budget_room(st, need)) {
        st->ref_refused = true;  /* said once, not every frame */
        win_budget_refuse(st, need);
        return;
    }
    st->have_ref = run_ref(st);
    st->generation++;  /* B changed: the views are built again */
}

const tf_Trace *win_whatif_diff_b(const win_State *st)
{
    if (win_trace(st) != &st->main) return st->have_main ? &st->main : NULL;
    if (st->have_pinned) return &st->pinned;
    if (st->have_ref) return &st->ref;
    /* plain, when it has main's decoder input (else ref is on its way: win_whatif_prepare) */
    if (st->have_plain &&
        same_tokens(st->plain.tgt_tokens, st->plain.n_tgt, st->main.tgt_tokens, st->main.n_tgt))
        return &st->plain;
    return NULL;
}

void win_whatif_pin(win_State *st)
{
    if (st->have_pinned) {
        tf_trace_free(&st->pinned);
        st->have_pinned = false;
        st->ref_refused = false;  /* there may be room for it now */
        st->generation++;  /* B changed: the views are built again */
        win_message(st, WIN_MSG_INFO, 5, "%s", win_str(st->lang, S_MSG_PIN_DROPPED));
        return;
    }
    const tf_Trace *tr = win_trace(st);
    if (!tr) return;
    size_t need = 2 * win_budget_trace(tr);  /* the copy, and the file it is read back from */
    if (!win_budget_room(st, need)) {
        win_budget_refuse(st, need);
        return;
    }
    uint8_t *buf = NULL;
    size_t len = 0;
    tf_Err err;
    tf_trace_save(tr, &buf, &len);
    memset(&st->pinned, 0, sizeof st->pinned);
    st->have_pinned = tf_trace_load(buf, len, &st->pinned, &err) == TF_OK;
    free(buf);
    if (!st->have_pinned) {
        tf_trace_free(&st->pinned);
        win_message(st, WIN_MSG_ERROR, 8, "%s", err.msg);
        return;
    }
    st->generation++;
    win_set_mode(st, WIN_MODE_DIFF);
    win_message(st, WIN_MSG_INFO, 8, "%s", win_str(st->lang, S_MSG_PINNED));
}

/* Output position t's token: the next decoder input (the decoded output without <eos>). */
static const char *out_token(const tf_Trace *tr, int t)
{
    return t + 1 < tr->n_tgt ? tr->tgt_tokens[t + 1] : NULL;
}

bool win_whatif_token_changed(const win_State *st, int pos)
{
    if (!st->have_plain || !st->have_main) return false;
    const char *a = out_token(&st->main, pos), *b = out_token(&st->plain, pos);
    if (!a && !b) return false;
    return !a || !b || strcmp(a, b) != 0;
}

int win_whatif_changed_tokens(const win_State *st)
{
    if (!st->have_plain || !st->have_main) return 0;
    int n = st->main.n_tgt > st->plain.n_tgt ? st->main.n_tgt : st->plain.n_tgt, c = 0;
    for (int t = 0; t + 1 < n; t++) c += win_whatif_token_changed(st, t);
    return c;
}

void win_whatif_plain_output(const win_State *st, char *out, size_t cap)
{
    out[0] = '\0';
    if (!st->have_plain) return;
    size_t used = 0;
    for (int t = 1; t < st->plain.n_tgt && used < cap; t++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", t > 1 ? " " : "",
                                 st->plain.tgt_tokens[t]);
}

/* --- changes ------------------------------------------------------------------------------- */

/* Runs the sentence with st->interv; on failure puts back `before`. The message says what the
 * change did to the output. */
static bool rerun(win_State *st, const tf_Interv *before, const char *what)
{
    if (!st->model) {
        st->interv = *before;
        win_message(st, WIN_MSG_ERROR, 8, "%s", win_str(st->lang, S_MSG_NO_MODEL));
        return false;
    }
    double t0 = clock_ms();
    if (!win_run(st)) {
        st->interv = *before;
        return false;
    }
    double ms = clock_ms() - t0;
    if (!win_whatif_active(st))
        win_message(st, WIN_MSG_INFO, 5, win_str(st->lang, S_MSG_WHATIF_RESET), ms);
    else
        win_message(st, WIN_MSG_INFO, 6, win_str(st->lang, S_MSG_WHATIF), what, ms,
                    win_whatif_changed_tokens(st));
    return true;
}

bool win_whatif_toggle_head(win_State *st, tf_AttnKind kind, int layer, int head)
{
    const tf_Config *c = st->model ? &st->model->cfg : NULL;
    int layers = !c ? 0 : kind == TF_ATTN_ENC ? c->n_enc : c->n_dec;
    if (!c || kind == TF_ATTN_NONE || layer < 0 || layer >= layers || head < 0 ||
        head >= c->nhead) {
        if (!c) win_message(st, WIN_MSG_ERROR, 8, "%s", win_str(st->lang, S_MSG_NO_MODEL));
        return false;
    }
    tf_Interv before = st->interv;
    bool off = !tf_interv_head(&st->interv, kind, layer, head);
    if (!tf_interv_set_head(&st->interv, kind, layer, head, off)) return false;
    char name[48], what[96];
    snprintf(name, sizeof name, "%s.%d.%d", tf_attn_kind_name(kind), layer, head);
    snprintf(what, sizeof what, win_str(st->lang, off ? S_WHATIF_HEAD_OFF : S_WHATIF_HEAD_ON),
             name);
    return rerun(st, &before, what);
}

bool win_whatif_switch(win_State *st, win_WhatifSwitch w)
{
    tf_Interv before = st->interv;
    bool *flag = w == WIN_WHATIF_POS ? &st->interv.no_pos
               : w == WIN_WHATIF_MASK ? &st->interv.no_mask : &st->interv.no_scale;
    *flag = !*flag;
    static const win_StrId off[WIN_WHATIF_COUNT] = {S_WHATIF_NO_POS, S_WHATIF_NO_MASK,
                                                    S_WHATIF_NO_SCALE};
    static const win_StrId on[WIN_WHATIF_COUNT] = {S_WHATIF_POS_ON, S_WHATIF_MASK_ON,
                                                   S_WHATIF_SCALE_ON};
    return rerun(st, &before, win_str(st->lang, *flag ? off[w] : on[w]));
}

bool win_whatif_reset(win_State *st)
{
    if (!win_whatif_active(st)) return true;
    tf_Interv before = st->interv;
    memset(&st->interv, 0, sizeof st->interv);
    return rerun(st, &before, "");
}

/* --- input --------------------------------------------------------------------------------- */

bool win_whatif_chip_attention(const win_State *st, tf_AttnKind *kind, int *layer)
{
    const tf_Node *n = win_node(st);
    if (!n || n->site.attn == TF_ATTN_NONE || n->site.layer < 0) return false;
    *kind = n->site.attn;
    *layer = n->site.layer;
    return true;
}

/* The head a spot of the frame stands for: a chip, a grid thumbnail, a head of the lines view's
 * legend. */
static bool head_at(const win_State *st, const win_Frame *f, float x, float y, tf_AttnKind *kind,
                    int *layer, int *head)
{
    const win_Widget *w = win_frame_widget_at(f, x, y);
    if (w) {
        if (w->id != WIN_W_HEAD || !win_whatif_chip_attention(st, kind, layer)) return false;
        *head = w->arg;
        return true;
    }
    int panel;
    fig_HitResult hit;
    float px, py;
    if (!win_frame_panel_at(f, x, y, &panel, &hit, &px, &py) || panel < 0) return false;
    const win_Panel *p = win_frame_panel(f, panel);
    if (p->vs.kind == FIG_VIEW_GRID && hit.kind == FIG_HIT_STEP && hit.layer >= 0 &&
        hit.head >= 0) {
        *kind = fig_view_attn_kind(p->vs.attn);
        *layer = hit.layer;
        *head = hit.head;
        return true;
    }
    if (p->vs.kind == FIG_VIEW_LINES && hit.kind == FIG_HIT_HEAD && hit.head >= 0) {
        *kind = fig_view_attn_kind(p->vs.attn);
        *layer = p->vs.layer;
        *head = hit.head;
        return true;
    }
    return false;
}

bool win_whatif_click(win_State *st, const win_Frame *f, float x, float y)
{
    tf_AttnKind kind;
    int layer, head;
    if (!head_at(st, f, x, y, &kind, &layer, &head)) return false;
    win_whatif_toggle_head(st, kind, layer, head);
    return true;
}

/* The only head shown, -1 when several are. */
static int solo_head(uint64_t mask)
{
    if (mask == 0 || (mask & (mask - 1))) return -1;
    int h = 0;
    while (!((mask >> h) & 1u)) h++;
    return h;
}

bool win_whatif_key(win_State *st, const win_Input *in, const win_Frame *f, int ch)
{
    switch (ch) {
    case 'w': win_whatif_switch(st, WIN_WHATIF_POS); return true;
    case 'f': win_whatif_switch(st, WIN_WHATIF_MASK); return true;
    case 'd': win_whatif_switch(st, WIN_WHATIF_SCALE); return true;
    case 'x': win_whatif_reset(st); return true;
    case 'k': win_whatif_pin(st); return true;
    case 'c':
        win_set_mode(st, WIN_MODE_DIFF);
        if (!win_whatif_diff_b(st))
            win_message(st, WIN_MSG_INFO, 8, "%s", win_str(st->lang, S_MSG_DIFF_NO_B));
        return true;
    case 'a': {
        tf_AttnKind kind;
        int layer, head = solo_head(st->heads);
        if (in->mouse_x >= 0 && win_whatif_click(st, f, in->mouse_x, in->mouse_y)) return true;
        if (head >= 0 && win_whatif_chip_attention(st, &kind, &layer)) {
            win_whatif_toggle_head(st, kind, layer, head);
            return true;
        }
        win_message(st, WIN_MSG_INFO, 6, "%s", win_str(st->lang, S_MSG_WHATIF_WHICH));
        return true;
    }
    default: return false;
    }
}

/* ui_state.c — the window's state and every change to it (see ui_state.h): stepping through the
 * recorded forward pass and the decoding loop, selection, the sentence field with its unknown
 * words, running the model, training snapshots, playback and messages.
 * Not drawing and not SDL. Reads snapshot files itself, so that a bad one becomes a message on
 * screen instead of a line on stderr. */
#include "ui_state.h"

#include "app.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_strings.h"

static const double SPEEDS[UI_SPEEDS] = {0.5, 1, 2, 4, 8, 16, 32};

static double clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void changed(ui_State *st)
{
    st->version++;
}

void ui_init(ui_State *st, ui_Lang lang)
{
    memset(st, 0, sizeof *st);
    st->lang = lang;
    st->out_pos = 0;
    st->sel_src = -1;
    st->heads = ~(uint64_t)0;
    st->zoom = 1.0f;
    st->beam_k = 4;
    st->speed = 2;
    st->snap_loaded = -1;
    st->snap_index = -1;
    st->hover_panel = st->hover_head = st->hover_row = st->hover_col = -1;
    st->ui_zoom = 1.0f;
}

void ui_free(ui_State *st)
{
    if (st->have_main) tf_trace_free(&st->main);
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    for (int i = 0; i < st->n_snaps; i++) free(st->snap_paths[i]);
    free(st->snap_paths);
    memset(st, 0, sizeof *st);
}

const tf_Trace *ui_trace(const ui_State *st)
{
    if (st->snap_index >= 0 && st->snap_loaded == st->snap_index) return &st->snap;
    return st->have_main ? &st->main : NULL;
}

void ui_message(ui_State *st, ui_MsgKind kind, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->msg_kind = kind;
    st->msg_until = st->now_ms + (seconds > 0 ? seconds * 1000.0 : 1e12);
    changed(st);
}

/* --- questions about the trace ------------------------------------------------------------- */

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

void ui_group_of(const char *name, char *out, size_t cap)
{
    int L, used = 0;
    char side[4];
    if (starts(name, "src.")) snprintf(out, cap, "src");
    else if (starts(name, "tgt.")) snprintf(out, cap, "tgt");
    else if (!strcmp(name, "logits") || !strcmp(name, "probs")) snprintf(out, cap, "out");
    else if (sscanf(name, "%3[a-z].%d%n", side, &L, &used) == 2 && (name[used] == '.' || !name[used]))
        snprintf(out, cap, "%s.%d", side, L);
    else snprintf(out, cap, "%s", name);
}

void ui_sublayer_of(const char *name, char *out, size_t cap)
{
    char group[TF_NAME_MAX];
    ui_group_of(name, group, sizeof group);
    size_t g = strlen(group);
    if (strncmp(name, group, g) || name[g] != '.' || !(starts(name, "enc.") || starts(name, "dec."))) {
        snprintf(out, cap, "%s", group);
        return;
    }
    const char *part = name + g + 1;
    char comp[TF_NAME_MAX];
    size_t n = strcspn(part, ".");
    snprintf(comp, sizeof comp, "%.*s", (int)n, part);
    int k = 0;
    bool dec = starts(name, "dec.");
    if (!strcmp(comp, "self_attn")) k = 1;
    else if (!strcmp(comp, "cross_attn")) k = 2;
    else if (!strcmp(comp, "ffn")) k = dec ? 3 : 2;
    else if ((starts(comp, "add") || starts(comp, "norm")) && isdigit((unsigned char)comp[n - 1]))
        k = comp[n - 1] - '0';
    if (k) snprintf(out, cap, "%s.%d", group, k);
    else snprintf(out, cap, "%s.%s", group, comp);
}

static bool decoder_side(const char *name)
{
    return starts(name, "tgt.") || starts(name, "dec.") || !strcmp(name, "logits") ||
           !strcmp(name, "probs");
}

int ui_decoder_start(const tf_Trace *tr)
{
    for (int i = 0; i < tr->n_nodes; i++)
        if (decoder_side(tr->nodes[i].name)) return i;
    return tr->n_nodes;
}

bool ui_attention_of(const tf_Trace *tr, int node, vw_Attn *a, int *layer)
{
    if (node >= tr->n_nodes) node = tr->n_nodes - 1;
    for (int i = node; i >= 0; i--) {
        const char *name = tr->nodes[i].name;
        char side[4], kind[16];
        int L;
        if (sscanf(name, "%3[a-z].%d.%15[a-z_]", side, &L, kind) != 3) continue;
        if (!strcmp(kind, "self_attn")) {
            *a = !strcmp(side, "enc") ? VW_ATTN_ENC : VW_ATTN_DEC;
        } else if (!strcmp(kind, "cross_attn")) {
            *a = VW_ATTN_CROSS;
        } else if (i == node) {
            /* a residual or FFN step: the attention of its own layer */
            char own[TF_NAME_MAX];
            snprintf(own, sizeof own, "%s.%d.self_attn.weights", side, L);
            if (!strcmp(side, "dec") && (strstr(name, "add2") || strstr(name, "norm2") ||
                                         strstr(name, "add3") || strstr(name, "norm3") ||
                                         strstr(name, "ffn")))
                snprintf(own, sizeof own, "dec.%d.cross_attn.weights", L);
            if (tf_trace_get(tr, own)) return vw_parse_attn(own, a, layer);
            continue;
        } else {
            continue;
        }
        *layer = L;
        return true;
    }
    /* before any attention: the first one */
    for (int i = 0; i < tr->n_nodes; i++)
        if (vw_parse_attn(tr->nodes[i].name, a, layer)) return true;
    return false;
}

int ui_first_head(const ui_State *st)
{
    for (int h = 0; h < 64; h++)
        if ((st->heads >> h) & 1u) return h;
    return 0;
}

int ui_n_nodes(const ui_State *st)
{
    const tf_Trace *tr = ui_trace(st);
    return tr ? tr->n_nodes : 0;
}

const tf_Node *ui_node(const ui_State *st)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr || st->node < 0 || st->node >= tr->n_nodes) return NULL;
    return &tr->nodes[st->node];
}

bool ui_output_revealed(const ui_State *st, int pos)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr) return false;
    if (st->out_pos < 0) return true;
    if (st->node < ui_decoder_start(tr)) return false;
    if (pos < st->out_pos) return true;
    if (pos > st->out_pos) return false;
    const char *name = tr->nodes[st->node].name;
    return !strcmp(name, "logits") || !strcmp(name, "probs");
}

/* --- stepping ------------------------------------------------------------------------------ */

typedef struct {
    int node, out_pos;
} Pos;

/* One step along the decoding loop; false at either end. */
static bool step_pos(const tf_Trace *tr, Pos *p, int dir)
{
    int n = tr->n_nodes, ds = ui_decoder_start(tr), T = tr->n_tgt;
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
    const char *name = tr->nodes[p->node].name;
    if (layer) ui_group_of(name, out, cap);
    else ui_sublayer_of(name, out, cap);
    size_t n = strlen(out);
    /* each decoder position is its own pass through the decoder */
    if (p->out_pos >= 0 && p->node >= ui_decoder_start(tr)) snprintf(out + n, cap - n, "#%d", p->out_pos);
}

/* Forward: to the first step of the next group. Backward: to the first step of this group, or
 * of the previous one when already there. */
static void step_group(ui_State *st, int dir, bool layer)
{
    const tf_Trace *tr = ui_trace(st);
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
    changed(st);
}

static bool step_once(ui_State *st, int dir)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr) return false;
    Pos p = {st->node, st->out_pos};
    if (!step_pos(tr, &p, dir)) return false;
    st->node = p.node;
    st->out_pos = p.out_pos;
    changed(st);
    return true;
}

void ui_step(ui_State *st, int dir)
{
    step_once(st, dir);
}

void ui_step_sublayer(ui_State *st, int dir)
{
    step_group(st, dir, false);
}

void ui_step_layer(ui_State *st, int dir)
{
    step_group(st, dir, true);
}

void ui_home(ui_State *st)
{
    st->node = 0;
    if (st->out_pos > 0) st->out_pos = 0;
    changed(st);
}

void ui_end(ui_State *st)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr) return;
    st->node = tr->n_nodes > 0 ? tr->n_nodes - 1 : 0;
    if (st->out_pos >= 0) st->out_pos = tr->n_tgt > 0 ? tr->n_tgt - 1 : 0;
    changed(st);
}

void ui_goto_node(ui_State *st, int index)
{
    int n = ui_n_nodes(st);
    if (n == 0) return;
    st->node = index < 0 ? 0 : index >= n ? n - 1 : index;
    changed(st);
}

bool ui_goto_tensor(ui_State *st, const char *name)
{
    const tf_Trace *tr = ui_trace(st);
    int i = tr ? tf_trace_index(tr, name) : -1;
    if (i < 0) return false;
    ui_goto_node(st, i);
    return true;
}

void ui_set_out_pos(ui_State *st, int pos)
{
    const tf_Trace *tr = ui_trace(st);
    int T = tr ? tr->n_tgt : 0;
    st->out_pos = pos < 0 ? -1 : pos >= T ? T - 1 : pos;
    changed(st);
}

void ui_select_token(ui_State *st, ui_Side side, int index)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr) return;
    if (side == UI_SIDE_SRC) st->sel_src = index < 0 || index >= tr->n_src ? -1 : index;
    else ui_set_out_pos(st, index);
    st->pick = (ui_Pick){UI_PICK_TOKEN, side, index, "", -1, -1, -1, st->pick.serial + 1};
    changed(st);
}

void ui_move_token(ui_State *st, int dir)
{
    const tf_Trace *tr = ui_trace(st);
    if (!tr) return;
    bool dec = st->node >= ui_decoder_start(tr);
    int n = dec ? tr->n_tgt : tr->n_src, cur = dec ? st->out_pos : st->sel_src;
    int next = cur < 0 ? (dir > 0 ? 0 : n - 1) : cur + dir;
    if (next < 0) next = 0;
    if (next >= n) next = n - 1;
    if (dec) st->out_pos = next;
    else st->sel_src = next;
    changed(st);
}

void ui_set_mode(ui_State *st, ui_Mode mode)
{
    if (mode < 0 || mode >= UI_MODE_COUNT) return;
    st->mode = mode;
    changed(st);
}

void ui_toggle_head(ui_State *st, int h)
{
    if (h < 0 || h >= 64) return;
    st->heads ^= (uint64_t)1 << h;
    st->pick = (ui_Pick){UI_PICK_HEAD, 0, -1, "", h, -1, -1, st->pick.serial + 1};
    changed(st);
}

void ui_solo_head(ui_State *st, int h)
{
    if (h < 0 || h >= 64) return;
    uint64_t one = (uint64_t)1 << h;
    st->heads = st->heads == one ? ~(uint64_t)0 : one;
    st->pick = (ui_Pick){UI_PICK_HEAD, 0, -1, "", h, -1, -1, st->pick.serial + 1};
    changed(st);
}

void ui_set_heads(ui_State *st, uint64_t mask)
{
    st->heads = mask;
    changed(st);
}

void ui_zoom_at(ui_State *st, float factor, float cell_x, float cell_y)
{
    float z = fminf(fmaxf(st->zoom * factor, 1.0f), 64.0f);
    if (z == st->zoom) return;
    if (z <= 1.0f) {
        st->pan[0] = st->pan[1] = 0;
    } else {
        /* the cell under the mouse stays under the mouse */
        st->pan[0] = fmaxf(0, cell_x - (cell_x - st->pan[0]) * st->zoom / z);
        st->pan[1] = fmaxf(0, cell_y - (cell_y - st->pan[1]) * st->zoom / z);
    }
    st->zoom = z;
    changed(st);
}

void ui_pan_by(ui_State *st, float cells_x, float cells_y)
{
    if (st->zoom <= 1.0f) return;
    st->pan[0] = fmaxf(0, st->pan[0] + cells_x);
    st->pan[1] = fmaxf(0, st->pan[1] + cells_y);
    changed(st);
}

void ui_reset_zoom(ui_State *st)
{
    st->zoom = 1.0f;
    st->pan[0] = st->pan[1] = 0;
    changed(st);
}

void ui_set_lang(ui_State *st, ui_Lang lang)
{
    if (lang < 0 || lang >= UI_LANG_COUNT) return;
    st->lang = lang;
    changed(st);
}

void ui_highlight_clear(ui_State *st)
{
    st->n_highlight = 0;
    changed(st);
}

bool ui_highlight_cell(ui_State *st, const char *tensor, int head, int row, int col)
{
    if (st->n_highlight >= UI_HIGHLIGHT_MAX) return false;
    ui_Highlight *h = &st->highlight[st->n_highlight++];
    snprintf(h->tensor, sizeof h->tensor, "%s", tensor);
    h->head = head;
    h->row = row;
    h->col = col;
    changed(st);
    return true;
}

/* --- playback ------------------------------------------------------------------------------ */

void ui_play(ui_State *st, bool on)
{
    st->playing = on;
    st->play_acc_ms = 0;
    changed(st);
}

void ui_speed_by(ui_State *st, int dir)
{
    int s = st->speed + dir;
    st->speed = s < 0 ? 0 : s >= UI_SPEEDS ? UI_SPEEDS - 1 : s;
    changed(st);
}

double ui_speed(const ui_State *st)
{
    return SPEEDS[st->speed < 0 ? 0 : st->speed >= UI_SPEEDS ? UI_SPEEDS - 1 : st->speed];
}

void ui_tick(ui_State *st, double dt_ms)
{
    if (dt_ms < 0) dt_ms = 0;
    st->now_ms += dt_ms;
    if (st->playing) {
        st->play_acc_ms += dt_ms;
        double interval = 1000.0 / ui_speed(st);
        while (st->playing && st->play_acc_ms >= interval) {
            st->play_acc_ms -= interval;
            if (!step_once(st, 1)) ui_play(st, false);
        }
    }
    if (st->msg[0] && st->now_ms >= st->msg_until) {
        st->msg[0] = '\0';
        changed(st);
    }
}

/* --- running the model -------------------------------------------------------------------- */

/* After the trace on screen changed: the same step (by name), position and selection where they
 * still exist. */
static void keep_place(ui_State *st, const char *name)
{
    const tf_Trace *tr = ui_trace(st);
    st->generation++;
    st->hover[0] = '\0';
    st->hover_panel = st->hover_head = st->hover_row = st->hover_col = -1;
    if (!tr || tr->n_nodes == 0) {
        st->node = 0;
        changed(st);
        return;
    }
    int i = name && name[0] ? tf_trace_index(tr, name) : -1;
    if (i >= 0) st->node = i;
    else if (st->node >= tr->n_nodes) st->node = tr->n_nodes - 1;
    if (st->out_pos >= tr->n_tgt) st->out_pos = tr->n_tgt - 1;
    if (st->sel_src >= tr->n_src) st->sel_src = -1;
    changed(st);
}

static void current_name(const ui_State *st, char *out, size_t cap)
{
    const tf_Node *n = ui_node(st);
    snprintf(out, cap, "%s", n ? n->name : "");
}

void ui_attach_model(ui_State *st, const tf_Model *m, const char *name, const char *sha256)
{
    st->model = m;
    snprintf(st->model_name, sizeof st->model_name, "%s", name ? name : "");
    snprintf(st->model_sha, sizeof st->model_sha, "%s", sha256 ? sha256 : "");
    changed(st);
}

static void join_tokens(char *const *toks, int n, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used + 1 < cap; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? " " : "", toks[i]);
        if (k < 0) break;
        used += (size_t)k < cap - used ? (size_t)k : cap - used - 1;
    }
}

void ui_attach_trace(ui_State *st, tf_Trace *tr, const char *name)
{
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (st->have_main) tf_trace_free(&st->main);
    st->main = *tr;
    memset(tr, 0, sizeof *tr);
    st->have_main = true;
    if (!st->model) {
        snprintf(st->model_name, sizeof st->model_name, "%s",
                 st->main.model_name ? st->main.model_name : name ? name : "");
        /* the sentence of a trace file, so that the field shows what is on screen */
        join_tokens(st->main.src_tokens, st->main.n_src, st->input, sizeof st->input);
        st->cursor = (int)strlen(st->input);
    }
    keep_place(st, keep);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void suggest(const tf_Vocab *v, const char *word, ui_Unknown *u)
{
    char low[64];
    size_t n = 0;
    for (; word[n] && n + 1 < sizeof low; n++) low[n] = (char)tolower((unsigned char)word[n]);
    low[n] = '\0';
    int best[UI_SUGGEST_MAX], bd[UI_SUGGEST_MAX];
    u->n_suggest = 0;
    for (int i = 0; i < v->n; i++) {
        const char *t = v->tokens[i];
        if (t[0] == '<' && t[strlen(t) - 1] == '>') continue;  /* specials */
        int d = app_edit_distance(low, t);
        int k = u->n_suggest < UI_SUGGEST_MAX ? u->n_suggest++ : UI_SUGGEST_MAX;
        if (k == UI_SUGGEST_MAX) {
            if (d >= bd[UI_SUGGEST_MAX - 1]) continue;
            k = UI_SUGGEST_MAX - 1;
        }
        while (k > 0 && bd[k - 1] > d) {
            best[k] = best[k - 1];
            bd[k] = bd[k - 1];
            k--;
        }
        best[k] = i;
        bd[k] = d;
    }
    for (int k = 0; k < u->n_suggest; k++)
        snprintf(u->suggest[k], sizeof u->suggest[k], "%s", v->tokens[best[k]]);
}

void ui_check_words(ui_State *st)
{
    st->n_unknown = 0;
    changed(st);
    if (!st->model) return;
    const tf_Vocab *v = &st->model->src_vocab;
    const char *s = st->input;
    for (int i = 0; s[i] && st->n_unknown < UI_UNKNOWN_MAX;) {
        if (is_space(s[i])) {
            i++;
            continue;
        }
        int start = i;
        while (s[i] && !is_space(s[i])) i++;
        char word[256];
        int len = i - start;
        if (len >= (int)sizeof word) len = (int)sizeof word - 1;
        memcpy(word, s + start, (size_t)len);
        word[len] = '\0';
        int *ids = NULL, n = 0;
        tf_Err err;
        if (tf_tokenize(v, word, &ids, &n, &err) == TF_OK) {
            free(ids);
            continue;
        }
        ui_Unknown *u = &st->unknown[st->n_unknown++];
        u->start = start;
        u->len = i - start;
        suggest(v, word, u);
    }
}

void ui_set_beam(ui_State *st, bool beam)
{
    st->beam = beam;
    changed(st);
    if (st->model && st->have_main) ui_run(st);
}

/* The decoder input for src: <bos> + the decoded tokens without the final <eos> (as
 * app_trace_text does), greedy or beam. */
static int decode(const ui_State *st, const tf_Model *m, const int *src, int S, int **tgt)
{
    int *toks = NULL;
    int n = st->beam ? tf_beam_decode(m, src, S, m->cfg.max_len, st->beam_k, 0.6, &toks)
                     : tf_greedy_decode(m, src, S, m->cfg.max_len, &toks, NULL);
    if (n > 0 && toks[n - 1] == m->tgt_vocab.eos) n--;
    if (n >= m->cfg.max_len) n = m->cfg.max_len - 1;
    if (n < 0) n = 0;
    *tgt = tf_xmalloc((size_t)(n + 1) * sizeof **tgt);
    (*tgt)[0] = m->tgt_vocab.bos;
    if (n) memcpy(*tgt + 1, toks, (size_t)n * sizeof *toks);
    free(toks);
    return n + 1;
}

/* The field's sentence through model m into tr; a message says why when it cannot. */
static bool run_model(ui_State *st, const tf_Model *m, tf_Trace *tr, const char *name,
                      const char *sha)
{
    int *src = NULL, *tgt = NULL, S = 0;
    tf_Err err;
    if (tf_tokenize(&m->src_vocab, st->input, &src, &S, &err) != TF_OK ||
        tf_check_sequence(m, src, S, 0, &err) != TF_OK) {
        free(src);
        ui_message(st, UI_MSG_ERROR, 8, ui_str(st->lang, S_MSG_CANNOT_RUN), err.msg);
        return false;
    }
    int T = decode(st, m, src, S, &tgt);
    memset(tr, 0, sizeof *tr);
    tf_Status s = tf_trace_sentence(m, src, S, tgt, T, NULL, tr, &err);
    free(src);
    free(tgt);
    if (s != TF_OK) {
        tf_trace_free(tr);
        ui_message(st, UI_MSG_ERROR, 8, ui_str(st->lang, S_MSG_CANNOT_RUN), err.msg);
        return false;
    }
    tf_trace_set_model(tr, name, sha);
    return true;
}

bool ui_run(ui_State *st)
{
    if (!st->model) {
        ui_message(st, UI_MSG_ERROR, 8, "%s", ui_str(st->lang, S_MSG_NO_MODEL));
        return false;
    }
    ui_check_words(st);
    if (strspn(st->input, " \t\r\n") == strlen(st->input)) {
        ui_message(st, UI_MSG_ERROR, 8, "%s", ui_str(st->lang, S_MSG_EMPTY));
        return false;
    }
    if (st->n_unknown) {
        char list[512] = "";
        for (int k = 0; k < st->n_unknown && strlen(list) + 80 < sizeof list; k++) {
            const ui_Unknown *u = &st->unknown[k];
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s'%.*s'", k ? ", " : "", u->len > 40 ? 40 : u->len,
                     st->input + u->start);
            if (u->n_suggest) {
                n = strlen(list);
                snprintf(list + n, sizeof list - n, " (%s %s?)", ui_str(st->lang, S_MSG_SUGGEST),
                         u->suggest[0]);
            }
        }
        ui_message(st, UI_MSG_ERROR, 10, ui_str(st->lang, S_MSG_UNKNOWN), list);
        return false;
    }
    double t0 = clock_ms();
    tf_Trace tr;
    if (!run_model(st, st->model, &tr, st->model_name, st->model_sha)) return false;
    st->last_run_ms = clock_ms() - t0;
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (st->have_main) tf_trace_free(&st->main);
    st->main = tr;
    st->have_main = true;
    /* a new sentence is shown as it is now, not as an old snapshot saw it */
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    st->snap_loaded = -1;
    st->snap_index = -1;
    keep_place(st, keep);
    ui_message(st, UI_MSG_INFO, 4, ui_str(st->lang, S_MSG_RAN), st->last_run_ms,
               ui_str(st->lang, st->beam ? S_BEAM : S_GREEDY));
    return true;
}

bool ui_set_sentence(ui_State *st, const char *text)
{
    ui_field_set(st, text);
    return ui_run(st);
}

/* --- training snapshots ------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

bool ui_open_snapshots(ui_State *st, const char *dir)
{
    DIR *d = opendir(dir);
    char **paths = NULL;
    int n = 0, cap = 0;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || !ends_with(e->d_name, ".safetensors")) continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                paths = realloc(paths, (size_t)cap * sizeof *paths);
                TF_ASSERT(paths != NULL);
            }
            size_t len = strlen(dir) + strlen(e->d_name) + 2;
            paths[n] = tf_xmalloc(len);
            snprintf(paths[n], len, "%s/%s", dir, e->d_name);
            n++;
        }
        closedir(d);
    }
    if (n == 0) {
        free(paths);
        ui_message(st, UI_MSG_ERROR, 10, ui_str(st->lang, S_MSG_SNAP_NONE), dir);
        return false;
    }
    qsort(paths, (size_t)n, sizeof *paths, cmp_str);
    for (int i = 0; i < st->n_snaps; i++) free(st->snap_paths[i]);
    free(st->snap_paths);
    st->snap_paths = paths;
    st->n_snaps = n;
    ui_goto_snapshot(st, 0);
    return true;
}

static uint8_t *read_all(const char *path, size_t *len, char *why, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "cannot open it");
        return NULL;
    }
    uint8_t *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    if (!buf) snprintf(why, cap, "cannot read it");
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void ui_goto_snapshot(ui_State *st, int index)
{
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (index < 0 || st->n_snaps == 0) {
        if (!st->have_main) return;  /* nothing else to show */
        st->snap_index = -1;
        keep_place(st, keep);
        return;
    }
    if (index >= st->n_snaps) index = st->n_snaps - 1;
    if (index == st->snap_loaded) {
        st->snap_index = index;
        keep_place(st, keep);
        return;
    }
    const char *path = st->snap_paths[index];
    char why[600] = "";
    size_t len = 0;
    uint8_t *buf = read_all(path, &len, why, sizeof why);
    tf_Trace tr;
    bool ok = false;
    if (buf) {
        tf_Err err, merr;
        memset(&tr, 0, sizeof tr);
        if (tf_trace_load(buf, len, &tr, &err) == TF_OK) {
            ok = true;
        } else {
            /* a model snapshot: run the sentence on screen through it */
            tf_Model m;
            if (tf_model_load(buf, len, &m, &merr) == TF_OK) {
                ok = run_model(st, &m, &tr, base_name(path), "");
                tf_model_free(&m);
                if (!ok) {
                    free(buf);
                    return;  /* run_model said why */
                }
            } else {
                snprintf(why, sizeof why, "%s", err.msg);
            }
        }
        free(buf);
    }
    if (!ok) {
        ui_message(st, UI_MSG_ERROR, 8, ui_str(st->lang, S_MSG_SNAP_BAD), base_name(path), why);
        return;
    }
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    st->snap = tr;
    st->snap_loaded = index;
    st->snap_index = index;
    keep_place(st, keep);
}

/* --- the sentence field --------------------------------------------------------------------- */

static void edited(ui_State *st)
{
    ui_check_words(st);
    changed(st);
}

void ui_field_set(ui_State *st, const char *text)
{
    snprintf(st->input, sizeof st->input, "%s", text ? text : "");
    /* never leave half a UTF-8 character at the end of a truncated text */
    size_t n = strlen(st->input);
    if (n == sizeof st->input - 1) {
        while (n > 0 && ((unsigned char)st->input[n - 1] & 0xC0) == 0x80) n--;
        if (n > 0 && (unsigned char)st->input[n - 1] >= 0xC0) n--;
        st->input[n] = '\0';
    }
    for (char *p = st->input; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    st->cursor = (int)strlen(st->input);
    edited(st);
}

void ui_field_insert(ui_State *st, const char *utf8)
{
    size_t n = strlen(st->input), k = strlen(utf8);
    if (n + k + 1 > sizeof st->input) return;
    memmove(st->input + st->cursor + k, st->input + st->cursor, n - (size_t)st->cursor + 1);
    memcpy(st->input + st->cursor, utf8, k);
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)st->input[st->cursor + i] < 0x20) st->input[st->cursor + i] = ' ';
    st->cursor += (int)k;
    edited(st);
}

static int prev_char(const char *s, int i)
{
    if (i <= 0) return 0;
    i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

static int next_char(const char *s, int i)
{
    if (!s[i]) return i;
    i++;
    while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    return i;
}

static int word_left(const char *s, int i)
{
    while (i > 0 && is_space(s[i - 1])) i--;
    while (i > 0 && !is_space(s[i - 1])) i--;
    return i;
}

static int word_right(const char *s, int i)
{
    while (s[i] && is_space(s[i])) i++;
    while (s[i] && !is_space(s[i])) i++;
    return i;
}

void ui_field_backspace(ui_State *st, bool word)
{
    int to = word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor);
    if (to == st->cursor) return;
    memmove(st->input + to, st->input + st->cursor, strlen(st->input + st->cursor) + 1);
    st->cursor = to;
    edited(st);
}

void ui_field_delete(ui_State *st)
{
    int to = next_char(st->input, st->cursor);
    if (to == st->cursor) return;
    memmove(st->input + st->cursor, st->input + to, strlen(st->input + to) + 1);
    edited(st);
}

void ui_field_move(ui_State *st, int dir, bool word)
{
    if (dir < 0) st->cursor = word ? word_left(st->input, st->cursor) : prev_char(st->input, st->cursor);
    else st->cursor = word ? word_right(st->input, st->cursor) : next_char(st->input, st->cursor);
    changed(st);
}

void ui_field_home(ui_State *st)
{
    st->cursor = 0;
    changed(st);
}

void ui_field_end(ui_State *st)
{
    st->cursor = (int)strlen(st->input);
    changed(st);
}

void ui_accept_suggestion(ui_State *st, int k, int i)
{
    if (k < 0 || k >= st->n_unknown || i < 0 || i >= st->unknown[k].n_suggest) return;
    const ui_Unknown *u = &st->unknown[k];
    char word[48];
    snprintf(word, sizeof word, "%s", u->suggest[i]);
    size_t n = strlen(st->input), w = strlen(word);
    if (n - (size_t)u->len + w + 1 > sizeof st->input) return;
    int start = u->start, len = u->len;
    memmove(st->input + start + w, st->input + start + len, n - (size_t)(start + len) + 1);
    memcpy(st->input + start, word, w);
    st->cursor = start + (int)w;
    edited(st);
}

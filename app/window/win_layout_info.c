/* win_layout_info.c — the info panel of the frame: the step's op, formula, shape, clickable
 * inputs and statistics (with row entropy for attention). Part of the layout (win_layout.c). */
#include "win_layout_int.h"

/* --- info panel ------------------------------------------------------------------------------ */

/* The formula of a step, from what it is (its site's part); the decoder's self-attention masks
 * unless the trace says the mask was off. */
static const char *formula(const tf_Trace *tr, const tf_Node *n)
{
    switch (n->site.part) {
    case TF_PART_EMBED: return "x = E[token] · √d_model";
    case TF_PART_POS: return "PE(pos, 2i) = sin(pos / 10000^(2i/d)),  PE(pos, 2i+1) = cos(…)";
    case TF_PART_X: return "x = embedding + positional encoding";
    case TF_PART_Q: return "Q = x · W_Qᵀ + b_Q, split into h heads of d_k";
    case TF_PART_K: return "K = x · W_Kᵀ + b_K, split into h heads of d_k";
    case TF_PART_V: return "V = x · W_Vᵀ + b_V, split into h heads of d_k";
    case TF_PART_SCORES: return "Q Kᵀ / √d_k";
    case TF_PART_WEIGHTS:
        return n->mask == TF_MASK_CAUSAL || (n->site.attn == TF_ATTN_DEC && !tr->interv.no_mask)
                   ? "softmax(Q Kᵀ / √d_k), future positions set to -∞ first"
                   : "softmax(Q Kᵀ / √d_k)";
    case TF_PART_CONTEXT: return "softmax(Q Kᵀ / √d_k) · V";
    case TF_PART_ATTN_OUT: return "Concat(head₁ … head_h) · W_Oᵀ + b_O";
    case TF_PART_ADD: return "x + Sublayer(x)   (residual connection)";
    case TF_PART_NORM: return "γ · (x - μ) / √(σ² + ε) + β   (per token)";
    case TF_PART_FFN_HIDDEN: return "max(0, x · W₁ᵀ + b₁)";
    case TF_PART_FFN_OUT: return "hidden · W₂ᵀ + b₂";
    case TF_PART_LOGITS: return "x · W_genᵀ (+ b)";
    case TF_PART_PROBS: return "softmax(logits)";
    default: break;
    }
    if (n->op == TF_OP_ADD) return "x + Sublayer(x)   (residual connection)";
    if (n->op == TF_OP_LAYERNORM) return "γ · (x - μ) / √(σ² + ε) + β   (per token)";
    return tf_op_name(n->op);
}

static win_StrId op_text(tf_Op op)
{
    switch (op) {
    case TF_OP_EMBED: return S_OP_EMBED;
    case TF_OP_POSENC: return S_OP_POSENC;
    case TF_OP_ADD: return S_OP_ADD;
    case TF_OP_PROJECT: return S_OP_PROJECT;
    case TF_OP_SCORES: return S_OP_SCORES;
    case TF_OP_SOFTMAX: return S_OP_SOFTMAX;
    case TF_OP_CONTEXT: return S_OP_CONTEXT;
    case TF_OP_LINEAR: return S_OP_LINEAR;
    case TF_OP_LINEAR_RELU: return S_OP_LINEAR_RELU;
    case TF_OP_LAYERNORM: return S_OP_LAYERNORM;
    default: return S_OP_LINEAR;
    }
}

static void group_label(const win_State *st, const tf_Node *n, char *out, size_t cap)
{
    tf_Site s = n->site;
    bool enc = s.stack == TF_STACK_ENCODER;
    if (s.stack == TF_STACK_SOURCE) snprintf(out, cap, "%s", win_str(st->lang, S_GROUP_EMBED_SRC));
    else if (s.stack == TF_STACK_TARGET) snprintf(out, cap, "%s", win_str(st->lang, S_GROUP_EMBED_TGT));
    else if (s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS)
        snprintf(out, cap, "%s", win_str(st->lang, S_GROUP_OUT));
    else if ((enc || s.stack == TF_STACK_DECODER) && s.layer >= 0)
        snprintf(out, cap, win_str(st->lang, enc ? S_GROUP_ENC : S_GROUP_DEC), s.layer);
    else if ((enc || s.stack == TF_STACK_DECODER) && s.part == TF_PART_NORM)
        snprintf(out, cap, "%s", win_str(st->lang, enc ? S_GROUP_ENC_NORM : S_GROUP_DEC_NORM));
    else win_group_of(n, out, cap);
}

/* The four statistics of n's finite values, as float32 values (as the tensor holds them). */
static void tensor_stats(const tf_Node *n, double val[4])
{
    int64_t cnt = n->numel;
    double lo = INFINITY, hi = -INFINITY, sum = 0, sq = 0;
    for (int64_t i = 0; i < cnt; i++) {
        double v = n->data[i];
        if (!isfinite(v)) continue;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        sum += v;
        sq += v * v;
    }
    double mean = cnt ? sum / (double)cnt : 0, var = cnt ? sq / (double)cnt - mean * mean : 0;
    val[0] = (float)lo;
    val[1] = (float)hi;
    val[2] = (float)mean;
    val[3] = (float)sqrt(fmax(var, 0));
}

/* A label and its value on one line; returns the next y. */
static float info_row_w(B *b, float x, float y, float w, const char *label, const char *value,
                        bool mono_value, float label_w)
{
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 3);
    fig_Rect t = text_at(b, label, size, false, FIG_C_DIM, x, y, FIG_LEFT | FIG_TOP);
    float vx = x + fmaxf(t.w + P(b, 8), label_w);
    text_fit(b, value, size, mono_value, FIG_C_TEXT, x + w - vx, vx, y, FIG_LEFT | FIG_TOP);
    return y + lh;
}

static float info_row(B *b, float x, float y, float w, const char *label, const char *value,
                      bool mono_value)
{
    return info_row_w(b, x, y, w, label, value, mono_value, P(b, 92));
}

static float row_entropy(const float *row, int n)
{
    double h = 0;
    for (int j = 0; j < n; j++)
        if (row[j] > 0) h -= (double)row[j] * log2((double)row[j]);
    return (float)h;
}

/* Column 1: what the step is (group, name, operation, formula, shape). */
static void info_step(B *b, const tf_Node *n, float x, float y, float w)
{
    const win_State *st = b->st;
    char group[128] = "", buf[512];
    group_label(st, n, group, sizeof group);
    fig_Rect t = text_at(b, group, fsize(b, 11.5f), false, FIG_C_DIM, x, y, FIG_LEFT | FIG_TOP);
    y = t.y + t.h;
    t = text_fit(b, n->name, fsize(b, 16), true, FIG_C_TEXT, w, x, y, FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 5);
    snprintf(buf, sizeof buf, "%s (%s)", win_str(st->lang, op_text(n->op)), tf_op_name(n->op));
    y = info_row(b, x, y, w, win_str(st->lang, S_OPERATION), buf, false);
    y = info_row(b, x, y, w, win_str(st->lang, S_FORMULA), formula(b->tr, n), true);
    char shape[96] = "[";
    for (int d = 0; d < n->ndim; d++) {
        size_t len = strlen(shape);
        snprintf(shape + len, sizeof shape - len, "%s%d", d ? " × " : "", n->shape[d]);
    }
    strncat(shape, "]", sizeof shape - strlen(shape) - 1);
    info_row(b, x, y, w, win_str(st->lang, S_SHAPE), shape, false);
}

/* Column 2: what the step was computed from (clickable) and its note, down to bottom. */
static void info_inputs(B *b, const tf_Node *n, float x, float y, float w, float bottom)
{
    const win_State *st = b->st;
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 3);
    fig_Rect t = text_at(b, win_str(st->lang, S_INPUTS), fsize(b, 11.5f), false, FIG_C_DIM, x, y,
                         FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 2);
    if (n->n_inputs == 0) {
        text_at(b, win_str(st->lang, S_NO_INPUTS), size, false, FIG_C_TEXT, x, y,
                FIG_LEFT | FIG_TOP);
        y += lh;
    }
    for (int i = 0; i < n->n_inputs; i++) {
        int idx = tf_trace_index(b->tr, n->inputs[i]);
        fig_Rect lr = text_fit(b, n->inputs[i], size, false, idx >= 0 ? FIG_C_ACCENT : FIG_C_TEXT,
                               w, x, y, FIG_LEFT | FIG_TOP);
        if (idx >= 0) {
            rect(b, (fig_Rect){lr.x, lr.y + lr.h - P(b, 2), lr.w, 1}, FIG_C_ACCENT);
            widget(b, WIN_W_INPUT_LINK, idx, lr);
        }
        y += lh;
    }
    if (n->note[0]) {
        y += P(b, 4);
        int lines = (int)((bottom - y) / (text_h(b, fsize(b, 12)) + P(b, 2)));
        fig_View lang = {.lang = b->st->lang == WIN_LANG_KO ? FIG_LANG_KO : FIG_LANG_EN};
        char note[512];
        fig_word_note(&lang, n->note, note, sizeof note);
        if (lines > 0)
            paragraph(b, note, fsize(b, 12), false, FIG_C_DIM, x, y, w, lines > 3 ? 3 : lines);
    }
}

/* Attention rows: entropy in bits, on average and of the selected query in the first shown
 * head; what does not fit above bottom is left out. */
static void info_entropy(B *b, const tf_Node *n, fig_Attn at, float x, float y, float bottom)
{
    const win_State *st = b->st;
    int size = fsize(b, 12.5f);
    if (y + 2 * text_h(b, size) > bottom) return;
    int H = n->shape[0], Q = n->shape[1], K = n->shape[2];
    double tot = 0;
    for (int i = 0; i < H * Q; i++) tot += row_entropy(n->data + (int64_t)i * K, K);
    char a[48];
    snprintf(a, sizeof a, "%.3f bits", tot / (H * Q));
    fig_Rect t = text_at(b, win_str(st->lang, S_ENTROPY_MEAN), size, false, FIG_C_DIM, x, y,
                         FIG_LEFT | FIG_TOP);
    t = text_at(b, a, size, false, FIG_C_TEXT, x, t.y + t.h, FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 2);
    int q = at == FIG_ATTN_ENC ? st->sel_src : st->out_pos, h = win_first_head(st);
    int nq = at == FIG_ATTN_ENC ? b->tr->n_src : b->tr->n_tgt;
    if (q < 0 || q >= Q || q >= nq || h >= H || y + 2 * text_h(b, size) > bottom) return;
    char **toks = at == FIG_ATTN_ENC ? b->tr->src_tokens : b->tr->tgt_tokens;
    char label[160];
    snprintf(label, sizeof label, win_str(st->lang, S_ENTROPY_ROW), q, toks[q]);
    snprintf(a, sizeof a, "%.3f bits, head %d", row_entropy(n->data + ((int64_t)h * Q + q) * K, K), h);
    t = text_at(b, label, size, false, FIG_C_DIM, x, y, FIG_LEFT | FIG_TOP);
    text_at(b, a, size, false, FIG_C_TEXT, x, t.y + t.h, FIG_LEFT | FIG_TOP);
}

/* The four statistics as label and value, in two columns (min max / mean std) or, when the
 * column is narrow, one under the other; with fewer digits (down to 2) before any value is
 * shortened. A value not shown at full precision has it as its tooltip. Returns the y below. */
static float stats_rows(B *b, const double val[4], float x, float y, float w, float bottom)
{
    static const win_StrId label[4] = {S_MIN, S_MAX, S_MEAN, S_STD};
    const win_State *st = b->st;
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 3), lw = P(b, 36);
    for (int k = 0; k < 4; k++)
        lw = fmaxf(lw, text_w(b, win_str(st->lang, label[k]), size, false) + P(b, 8));
    bool room4 = y + 4 * lh <= bottom;
    char v[4][48];
    int cols = 2;
    for (int digits = 4; digits >= 2; digits--) {
        float vw = 0;
        for (int k = 0; k < 4; k++) {
            snprintf(v[k], sizeof v[k], "%.*g", digits, val[k]);
            vw = fmaxf(vw, text_w(b, v[k], size, false));
        }
        if (2 * (lw + vw) + P(b, 8) <= w) break;
        if (room4 && lw + vw <= w) {
            cols = 1;
            break;
        }
    }
    float cw = cols == 2 ? w * 0.5f : w;
    for (int k = 0; k < 4; k++) {
        float cx = x + (cols == 2 && k % 2 ? cw : 0);
        float cy = y + (cols == 2 ? k / 2 : k) * lh;
        info_row_w(b, cx, cy, cw - P(b, 4), win_str(st->lang, label[k]), v[k], false, lw);
        char exact[48];
        snprintf(exact, sizeof exact, "%.9g", val[k]);
        if (strcmp(v[k], exact)) fig_tip(b->l, exact);
    }
    return y + (cols == 2 ? 2 : 4) * lh;
}

/* Column 3: statistics over the whole tensor (and the entropy of attention rows), down to
 * bottom. */
static void info_stats(B *b, const tf_Node *n, float x, float y, float w, float bottom)
{
    const win_State *st = b->st;
    fig_Rect t = text_at(b, win_str(st->lang, S_STATS), fsize(b, 11.5f), false, FIG_C_DIM, x, y,
                         FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 2);
    double val[4];
    tensor_stats(n, val);
    y = stats_rows(b, val, x, y, w, bottom);
    fig_Attn at;
    int layer;
    if (n->ndim == 3 && n->op == TF_OP_SOFTMAX && fig_view_attn_of(n->site, &at, &layer))
        info_entropy(b, n, at, x, y, bottom);
}

/* The info panel of a cramped window, in two lines: the step's name, then what it was computed
 * from (clickable); its statistics with three digits at the right of both. Every text that does
 * not fit is shortened, its whole text its tooltip. The view's subtitle shows the shape and note;
 * the operation and formula wait for a taller window. */
static void info_compact(B *b, const tf_Node *n, fig_Rect r)
{
    const win_State *st = b->st;
    float pad = P(b, 12), x = r.x + pad, w = r.w - 2 * pad;
    int size = fsize(b, 12.5f);
    float lh = text_h(b, size) + P(b, 4), y = r.y + (r.h - 2 * lh) * 0.5f;
    char buf[512], stat[2][128];
    double val[4];
    tensor_stats(n, val);
    static const win_StrId label[4] = {S_MIN, S_MAX, S_MEAN, S_STD};
    float sw = 0;
    for (int k = 0; k < 2; k++) {
        snprintf(stat[k], sizeof stat[k], "%s %.3g   %s %.3g", win_str(st->lang, label[2 * k]),
                 val[2 * k], win_str(st->lang, label[2 * k + 1]), val[2 * k + 1]);
        sw = fmaxf(sw, text_w(b, stat[k], size, false));
    }
    sw = fminf(sw, w * 0.45f);
    for (int k = 0; k < 2; k++) {
        text_fit(b, stat[k], size, false, FIG_C_TEXT, sw, x + w - sw, y + k * lh,
                 FIG_LEFT | FIG_TOP);
        snprintf(buf, sizeof buf, "%s %.9g   %s %.9g", win_str(st->lang, label[2 * k]),
                 val[2 * k], win_str(st->lang, label[2 * k + 1]), val[2 * k + 1]);
        if (!b->l->cmds[b->l->n - 1].tip) fig_tip(b->l, buf);
    }
    float right = x + w - sw - P(b, 14);
    text_fit(b, n->name, size, true, FIG_C_TEXT, right - x, x, y, FIG_LEFT | FIG_TOP);
    y += lh;
    fig_Rect from = text_fit(b, win_str(st->lang, S_INPUTS), size, false, FIG_C_DIM, right - x, x,
                             y, FIG_LEFT | FIG_TOP);
    float lx = from.x + from.w + P(b, 8);
    for (int i = 0; i < n->n_inputs && lx < right - P(b, 20); i++) {
        int idx = tf_trace_index(b->tr, n->inputs[i]);
        fig_Rect lr = text_fit(b, n->inputs[i], size, false, idx >= 0 ? FIG_C_ACCENT : FIG_C_TEXT,
                               right - lx, lx, y, FIG_LEFT | FIG_TOP);
        if (idx >= 0) {
            rect(b, (fig_Rect){lr.x, lr.y + lr.h - P(b, 2), lr.w, 1}, FIG_C_ACCENT);
            widget(b, WIN_W_INPUT_LINK, idx, lr);
        }
        lx = lr.x + lr.w + P(b, 10);
    }
    if (n->n_inputs == 0 && lx < right - P(b, 20))
        text_fit(b, win_str(st->lang, S_NO_INPUTS), size, false, FIG_C_TEXT, right - lx, lx, y,
                 FIG_LEFT | FIG_TOP);
}

/* The info strip under the main view, in three columns: what the step is (name, operation,
 * formula, shape), what it was computed from (clickable) and its note, and its statistics; in
 * two lines when it is given less height than the columns need (info_compact). */
void win_layout_info_panel(B *b, fig_Rect r)
{
    const tf_Node *n = win_node(b->st);
    b->f->r_info = r;
    rect(b, r, FIG_C_WHITE);
    frame(b, r, 1, FIG_C_BORDER);
    if (!n || r.w < 40 || r.h < 20) return;
    fig_draw_clip(b->l, r);
    if (r.h < P(b, 90)) {
        info_compact(b, n, r);
        fig_draw_unclip(b->l);
        return;
    }
    float pad = P(b, 14), gap = P(b, 22);
    float inner = r.w - 2 * pad - 2 * gap;
    float w1 = roundf(inner * 0.42f), w2 = roundf(inner * 0.28f), w3 = inner - w1 - w2;
    float x1 = r.x + pad, x2 = x1 + w1 + gap, x3 = x2 + w2 + gap, top = r.y + P(b, 10);
    rect(b, (fig_Rect){x2 - gap * 0.5f, r.y + P(b, 10), 1, r.h - P(b, 20)}, FIG_C_FAINT);
    rect(b, (fig_Rect){x3 - gap * 0.5f, r.y + P(b, 10), 1, r.h - P(b, 20)}, FIG_C_FAINT);
    info_step(b, n, x1, top, w1);
    info_inputs(b, n, x2, top, w2, r.y + r.h - P(b, 8));
    info_stats(b, n, x3, top, w3, r.y + r.h - P(b, 6));
    fig_draw_unclip(b->l);
}

/* win_layout_bars.c — the timeline, the snapshot bar, the status bar, messages and the help and
 * first-start overlays of the frame. Part of the layout (win_layout.c). */
#include "win_layout_int.h"

/* --- timeline and status -------------------------------------------------------------------- */

/* A bar across the frame: its fill, and a border line on top. */
static void bar(B *b, fig_Rect r, const vec4 fill)
{
    rect(b, r, fill);
    rect(b, (fig_Rect){r.x, r.y, r.w, 1}, FIG_C_BORDER);
}

static void op_colour(tf_Site s, vec4 out)
{
    const float *c;
    static const float embed[3] = {0.91f, 0.52f, 0.60f}, pe[3] = {0.66f, 0.66f, 0.66f},
                       add[3] = {0.55f, 0.57f, 0.60f}, attn[3] = {0.96f, 0.60f, 0.26f},
                       norm[3] = {0.86f, 0.78f, 0.28f}, ffn[3] = {0.33f, 0.62f, 0.86f},
                       lin[3] = {0.58f, 0.52f, 0.86f}, soft[3] = {0.42f, 0.72f, 0.42f};
    if (s.attn != TF_ATTN_NONE) c = attn;
    else if (s.part == TF_PART_FFN_HIDDEN || s.part == TF_PART_FFN_OUT) c = ffn;
    else if (s.part == TF_PART_NORM) c = norm;
    else if (s.part == TF_PART_EMBED) c = embed;
    else if (s.part == TF_PART_POS) c = pe;
    else if (s.part == TF_PART_LOGITS) c = lin;
    else if (s.part == TF_PART_PROBS) c = soft;
    else c = add;
    glm_vec4_copy((vec4){c[0], c[1], c[2], 1}, out);
}

void win_layout_timeline(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    const tf_Trace *tr = b->tr;
    b->f->r_timeline = r;
    bar(b, r, FIG_C_WHITE);
    int N = tr->n_nodes, size = fsize(b, 11.5f);
    float bh = P(b, 30), cy = r.y + r.h * 0.5f, by = roundf(cy - bh * 0.5f), x = r.x + P(b, 12);
    /* transport: ◀ ▶/‖ ▶ and the speed */
    fig_Rect pb = button(b, WIN_W_STEP, -1, x, by, bh, "◀", false, false, FIG_LEFT);
    pb = button(b, WIN_W_PLAY, 0, pb.x + pb.w + P(b, 4), by, bh, st->playing ? "‖" : "▶",
                st->playing, false, FIG_LEFT);
    pb = button(b, WIN_W_STEP, 1, pb.x + pb.w + P(b, 4), by, bh, "▶", false, false, FIG_LEFT);
    char sp[48];
    snprintf(sp, sizeof sp, win_str(st->lang, S_SPEED), win_speed(st));
    float sx = pb.x + pb.w + P(b, 10);
    fig_Rect pl = pb;
    if (r.w >= P(b, 620)) {  /* a narrow window keeps the speed on + and - keys only */
        fig_Rect m = button(b, WIN_W_SPEED, -1, sx, roundf(cy - P(b, 11)), P(b, 22), "-", false,
                            false, FIG_LEFT);
        fig_Rect t =
            text_at(b, sp, size, false, FIG_C_DIM, m.x + m.w + P(b, 6), cy, FIG_LEFT | FIG_VCENTER);
        pl = button(
            b, WIN_W_SPEED, 1,
            fmaxf(t.x + t.w, m.x + m.w + P(b, 6) + text_w(b, "32 steps/s", size, false)) + P(b, 6),
            roundf(cy - P(b, 11)), P(b, 22), "+", false, false, FIG_LEFT);
    }
    /* right: where we are */
    char where[96], pos[96] = "";
    snprintf(where, sizeof where, win_str(st->lang, S_STEP_OF), st->node + 1, N);
    bool dec = st->node >= win_decoder_start(tr);
    if (dec && st->out_pos >= 0)
        snprintf(pos, sizeof pos, win_str(st->lang, S_POSITION_OF), st->out_pos, tr->n_tgt);
    else if (dec) snprintf(pos, sizeof pos, "%s", win_str(st->lang, S_ALL_POSITIONS));
    float rw = fmaxf(text_w(b, where, fsize(b, 12.5f), true), text_w(b, pos, size, false)) + P(b, 16);
    float rx = r.x + r.w - P(b, 12);
    text_at(b, where, fsize(b, 12.5f), true, FIG_C_TEXT, rx, cy - P(b, 1), FIG_RIGHT | FIG_BOTTOM);
    text_at(b, pos, size, false, FIG_C_DIM, rx, cy + P(b, 1), FIG_RIGHT | FIG_TOP);
    /* the track */
    float x0 = pl.x + pl.w + P(b, 18), x1 = rx - rw;
    b->f->tl_x0 = x0;
    b->f->tl_w = fmaxf(1, x1 - x0);
    if (x1 - x0 < P(b, 40) || N <= 0) return;
    float w = (x1 - x0) / N, ty = r.y + P(b, 22), tbh = P(b, 16);
    widget(b, WIN_W_TIMELINE, 0, (fig_Rect){x0, r.y + P(b, 4), x1 - x0, r.h - P(b, 8)});
    char prev[TF_NAME_MAX] = "", g[TF_NAME_MAX];
    int gs = fsize(b, 10.5f);
    /* group names stop short of "step N of M" at the right */
    float last_label = -1e9f, label_end = rx - text_w(b, where, fsize(b, 12.5f), true) - P(b, 6);
    for (int i = 0; i < N; i++) {
        vec4 c;
        op_colour(tr->nodes[i].site, c);
        float tx = x0 + i * w;
        rect(b,
             (fig_Rect){roundf(tx), ty, fmaxf(1, roundf(tx + w) - roundf(tx) - (w > 3 ? 1 : 0)),
                        tbh},
             c);
        win_group_of(&tr->nodes[i], g, sizeof g);
        if (strcmp(g, prev)) {
            snprintf(prev, sizeof prev, "%s", g);
            if (i)
                rect(b, (fig_Rect){roundf(tx) - 1, ty - P(b, 14), 1, tbh + P(b, 14)}, FIG_C_BORDER);
            if (tx >= last_label && tx + P(b, 2) + text_w(b, g, gs, false) <= label_end) {
                fig_Rect t = text_at(b, g, gs, false, FIG_C_DIM, tx + P(b, 2), ty - P(b, 2),
                                     FIG_LEFT | FIG_BOTTOM);
                last_label = tx + t.w + P(b, 8);
            }
        }
    }
    /* the current step: a marker and its name */
    float mx = x0 + (st->node + 0.5f) * w;
    rect(b, (fig_Rect){roundf(mx - P(b, 1.5f)), ty - P(b, 4), fmaxf(2, P(b, 3)), tbh + P(b, 8)},
         FIG_C_TEXT);
    const char *name = tr->nodes[st->node].name;
    float nw = text_w(b, name, size, true);
    float nx = fminf(fmaxf(mx - nw * 0.5f, x0), x1 - nw);
    text_at(b, name, size, true, FIG_C_TEXT, nx, ty + tbh + P(b, 4), FIG_LEFT | FIG_TOP);
}

void win_layout_snapshot_bar(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    b->f->r_snap = r;
    bar(b, r, FIG_C_HEADER);
    int size = fsize(b, 12);
    float cy = r.y + r.h * 0.5f;
    char label[512];
    if (st->snap_index >= 0) {
        int i = st->snap_index;
        const char *p = st->snap_paths[i], *s = strrchr(p, '/');
        char what[128];
        if (st->snap_step && st->snap_step[i] >= 0 && !isnan(st->snap_loss[i]))
            snprintf(what, sizeof what, win_str(st->lang, S_SNAP_STEP_LOSS), st->snap_step[i],
                     st->snap_loss[i]);
        else if (st->snap_step && st->snap_step[i] >= 0)
            snprintf(what, sizeof what, win_str(st->lang, S_SNAP_STEP), st->snap_step[i]);
        else snprintf(what, sizeof what, "%s", s ? s + 1 : p);
        snprintf(label, sizeof label, win_str(st->lang, S_SNAPSHOT), i + 1, st->n_snaps, what);
    } else {
        snprintf(label, sizeof label, "%s", win_str(st->lang, S_SNAPSHOT_MAIN));
    }
    float lw = fminf(P(b, 420), r.w * 0.4f);
    text_fit(b, label, size, true, FIG_C_TEXT, lw, r.x + P(b, 12), cy, FIG_LEFT | FIG_VCENTER);
    float x0 = r.x + P(b, 24) + lw, x1 = r.x + r.w - P(b, 24);
    b->f->snap_x0 = x0;
    b->f->snap_w = fmaxf(1, x1 - x0);
    if (x1 - x0 < P(b, 30)) return;
    rect(b, (fig_Rect){x0, roundf(cy - 1), x1 - x0, fmaxf(2, P(b, 2))}, FIG_C_BORDER);
    /* a mark per snapshot at its step (log scale) with the step written under it where there
     * is room, and the model as loaded at the end */
    int n = st->n_snaps, small = fsize(b, 10);
    float last_label = -1e9f;
    for (int i = -1; i < n; i++) {
        float x = x0 + (x1 - x0) * win_snapshot_pos(st, i);
        if (i < 0) {
            float k = P(b, 5);
            frame(b, (fig_Rect){roundf(x - k), roundf(cy - k), 2 * k, 2 * k}, fmaxf(1, P(b, 1.5f)),
                  FIG_C_TEXT);
            text_at(b, win_str(st->lang, S_SNAP_LOADED), small, false, FIG_C_DIM, x - k - P(b, 4),
                    cy - P(b, 2), FIG_RIGHT | FIG_BOTTOM);
            continue;
        }
        rect(b, (fig_Rect){roundf(x), roundf(cy - P(b, 4)), 1, P(b, 8)}, FIG_C_DIM);
        char t[32];
        if (st->snap_step && st->snap_step[i] >= 0) snprintf(t, sizeof t, "%lld", st->snap_step[i]);
        if (st->snap_step && st->snap_step[i] >= 0 &&
            x - text_w(b, t, small, false) * 0.5f >= last_label) {
            fig_Rect tb = text_at(b, t, small, false, FIG_C_DIM, x, cy + P(b, 4),
                                  FIG_HCENTER | FIG_TOP);
            last_label = tb.x + tb.w + P(b, 6);
        }
    }
    {
        float x = x0 + (x1 - x0) * win_snapshot_pos(st, st->snap_index);
        float k = P(b, 6);
        rect(b, (fig_Rect){roundf(x - k), roundf(cy - k), 2 * k, 2 * k}, FIG_C_ACCENT);
    }
    widget(b, WIN_W_SNAPBAR, 0, (fig_Rect){x0 - P(b, 8), r.y, x1 - x0 + P(b, 16), r.h});
}

/* One line of text whose "→" are drawn as arrows: the font's own arrow is a dot at small sizes. */
static void text_arrows(B *b, const char *str, int size, bool bold, const vec4 c, float x, float cy)
{
    char part[1024];
    for (;;) {
        const char *arrow = strstr(str, "→");
        size_t n = arrow ? (size_t)(arrow - str) : strlen(str);
        if (n >= sizeof part) n = sizeof part - 1;
        memcpy(part, str, n);
        part[n] = '\0';
        fig_Rect t = text_at(b, part, size, bold, c, x, cy, FIG_LEFT | FIG_VCENTER);
        x = t.x + (part[0] ? t.w : 0);
        if (!arrow) return;
        float len = roundf(size * 0.9f), lw = fmaxf(1, roundf(size * 0.09f)), k = roundf(size * 0.3f);
        float y = roundf(cy) + 0.5f;
        fig_draw_line(b->l, (vec2){x + 1, y}, (vec2){x + len, y}, lw, c);
        fig_draw_line(b->l, (vec2){x + len - k, y - k}, (vec2){x + len, y}, lw, c);
        fig_draw_line(b->l, (vec2){x + len - k, y + k}, (vec2){x + len, y}, lw, c);
        x += len + 2;
        str = arrow + strlen("→");
    }
}

void win_layout_status_bar(B *b, fig_Rect r)
{
    const win_State *st = b->st;
    b->f->r_status = r;
    bar(b, r, FIG_C_HEADER);
    int size = fsize(b, 12.5f);
    char buf[600];
    const char *s = st->hover[0] ? st->hover : win_str(st->lang, S_HOVER_HINT);
    /* a message takes the right part of the bar (win_layout_toast) */
    fit(b, s, size, st->hover[0] != 0, r.w * (st->msg[0] ? 0.42f : 1.0f) - P(b, 24), buf,
        sizeof buf);
    int from = b->l->n;
    text_arrows(b, buf, size, st->hover[0] != 0, st->hover[0] ? FIG_C_TEXT : FIG_C_DIM,
                r.x + P(b, 12), r.y + r.h * 0.5f);
    if (strcmp(buf, s)) fig_tip_from(b->l, from, s);
    if (!st->hover[0])
        for (int i = from; i < b->l->n; i++) b->l->cmds[i].tag = FIG_TAG_HINT;
}

/* --- overlays -------------------------------------------------------------------------------- */

void win_layout_toast(B *b)
{
    const win_State *st = b->st;
    if (!st->msg[0]) return;
    int size = fsize(b, 13);
    /* in the right part of the status bar, where it covers no view's titles or labels */
    fig_Rect bar = b->f->r_status;
    if (bar.w <= 0) bar = (fig_Rect){0, b->f->height * 0.85f, (float)b->f->width, P(b, 26)};
    float maxw = bar.w * 0.56f;
    char buf[1024];
    fit(b, st->msg, size, false, maxw - P(b, 28), buf, sizeof buf);
    float w = text_w(b, buf, size, false) + P(b, 28), h = bar.h;
    fig_Rect r = {roundf(bar.x + bar.w - w), roundf(bar.y), w, h};
    rect(b, (fig_Rect){r.x + 2, r.y + 3, r.w, r.h}, (vec4){0, 0, 0, 0.18f});
    rect(b, r, st->msg_kind == WIN_MSG_ERROR ? FIG_C_ERROR : FIG_C_TOP);
    text_at(b, buf, size, false, FIG_C_WHITE, r.x + P(b, 14), r.y + h * 0.5f,
            FIG_LEFT | FIG_VCENTER);
    if (strcmp(buf, st->msg)) fig_tip(b->l, st->msg);
}

fig_Rect win_layout_card(B *b, float w, float h)
{
    float W = b->f->width, H = b->f->height;
    rect(b, (fig_Rect){0, 0, W, H}, (vec4){0.05f, 0.07f, 0.1f, 0.55f});
    w = fminf(w, W - P(b, 24));
    h = fminf(h, H - P(b, 24));
    fig_Rect r = {roundf((W - w) * 0.5f), roundf((H - h) * 0.5f), roundf(w), roundf(h)};
    rect(b, (fig_Rect){r.x + 3, r.y + 4, r.w, r.h}, (vec4){0, 0, 0, 0.25f});
    fig_draw_rect(b->l, r, FIG_C_WHITE)->tag = FIG_TAG_SHEET;  /* what it covers is not seen */
    rect(b, (fig_Rect){r.x, r.y, r.w, P(b, 4)}, FIG_C_ACCENT);
    widget(b, WIN_W_OVERLAY, 0, (fig_Rect){0, 0, W, H});
    return r;
}

/* The help card's height with its type k times the usual size; the sections are shared between
 * the two columns so that the longer is as short as it can be (col_of), each column keeping
 * their order. */
static float help_height(B *b, float k, int *col_of)
{
    const win_State *st = b->st;
    const win_HelpRow *row = win_help_rows();
    float lh = text_h(b, fsize(b, 12.5f * k)) + P(b, 5 * k);
    float sec_h = text_h(b, fsize(b, 13.5f * k)) + P(b, 6 * k) + P(b, 14 * k);
    float h[16];
    int n = 0;
    for (; win_help_section(st->lang, n) && n < 16; n++) {
        h[n] = sec_h;
        for (; row->key[0]; row++) h[n] += lh;
        row++;
    }
    float best = INFINITY;
    for (unsigned set = 0; set < 1u << n; set += 2) {  /* the first section on the left */
        float col_h[2] = {0, 0};
        for (int sec = 0; sec < n; sec++) col_h[(set >> sec) & 1u] += h[sec];
        if (fmaxf(col_h[0], col_h[1]) < best - 0.01f) {
            best = fmaxf(col_h[0], col_h[1]);
            for (int sec = 0; sec < n; sec++) col_of[sec] = (set >> sec) & 1u;
        }
    }
    return P(b, 24 * k) + text_h(b, fsize(b, 20 * k)) + P(b, 16 * k) + best + P(b, 10);
}

void win_layout_help_overlay(B *b)
{
    const win_State *st = b->st;
    /* the card as tall as its longer column; smaller type when the window is too short for it */
    int col_of[16] = {0};
    float k = 1.0f, need = help_height(b, k, col_of);
    while (k > 0.7f && need > b->f->height - P(b, 24)) need = help_height(b, k -= 0.05f, col_of);
    int size = fsize(b, 12.5f * k);
    float lh = text_h(b, size) + P(b, 5 * k);
    fig_Rect r = win_layout_card(b, P(b, 900), need);
    fig_draw_clip(b->l, r);
    float x = r.x + P(b, 28), y = r.y + P(b, 24 * k);
    fig_Rect t = text_at(b, win_str(st->lang, S_HELP_TITLE), fsize(b, 20 * k), true, FIG_C_TEXT,
                         x, y, FIG_LEFT | FIG_TOP);
    text_at(b, win_str(st->lang, S_HELP_CLOSE), fsize(b, 12 * k), false, FIG_C_DIM,
            r.x + r.w - P(b, 28), t.y + t.h * 0.5f, FIG_RIGHT | FIG_VCENTER);
    y = t.y + t.h + P(b, 16 * k);
    const win_HelpRow *row = win_help_rows();
    float colw = (r.w - P(b, 56) - P(b, 28)) * 0.5f;
    float col_x[2] = {x, x + colw + P(b, 28)}, col_y[2] = {y, y};
    float keyw = P(b, 150 * fmaxf(k, 0.85f));
    for (int sec = 0; win_help_section(st->lang, sec) && sec < 16; sec++) {
        int c = col_of[sec];
        float cx = col_x[c], cyy = col_y[c];
        fig_Rect st_r = text_at(b, win_help_section(st->lang, sec), fsize(b, 13.5f * k), true,
                                FIG_C_ACCENT, cx, cyy, FIG_LEFT | FIG_TOP);
        cyy = st_r.y + st_r.h + P(b, 6 * k);
        for (; row->key[0]; row++) {
            const char *key = row->key[st->lang == WIN_LANG_KO && row->key[1] ? 1 : 0];
            text_fit(b, key, size, true, FIG_C_TEXT, keyw - P(b, 10), cx, cyy, FIG_LEFT | FIG_TOP);
            text_fit(b, row->text[st->lang == WIN_LANG_KO ? 1 : 0], size, false, FIG_C_TEXT,
                     colw - keyw, cx + keyw, cyy, FIG_LEFT | FIG_TOP);
            cyy += lh;
        }
        row++;  /* the section's end */
        col_y[c] = cyy + P(b, 14 * k);
    }
    fig_draw_unclip(b->l);
}

void win_layout_hint_overlay(B *b)
{
    const win_State *st = b->st;
    fig_Rect r = win_layout_card(b, P(b, 720), P(b, 30) + text_h(b, fsize(b, 22)) + P(b, 16) +
                                      4 * (2 * (text_h(b, fsize(b, 14)) + P(b, 2)) + P(b, 6)) +
                                      P(b, 40));
    fig_draw_clip(b->l, r);
    float x = r.x + P(b, 32), y = r.y + P(b, 30), w = r.w - P(b, 64);
    fig_Rect t = text_at(b, win_str(st->lang, S_HINT_TITLE), fsize(b, 22), true, FIG_C_TEXT, x, y,
                         FIG_LEFT | FIG_TOP);
    y = t.y + t.h + P(b, 16);
    static const win_StrId body[4] = {S_HINT_BODY1, S_HINT_BODY2, S_HINT_BODY3, S_HINT_BODY4};
    for (int i = 0; i < 4; i++)
        y = paragraph(b, win_str(st->lang, body[i]), fsize(b, 14), false, FIG_C_TEXT, x, y, w, 2) +
            P(b, 6);
    text_at(b, win_str(st->lang, S_HINT_CLOSE), fsize(b, 13), true, FIG_C_ACCENT,
            r.x + r.w - P(b, 32), r.y + r.h - P(b, 22), FIG_RIGHT | FIG_BOTTOM);
    fig_draw_unclip(b->l);
}

/* The full text of what is shown shortened under the mouse: a box below and right of where it
 * was pointed at, kept inside the window, the text in lines of at most ~480 points. */
void win_layout_tooltip(B *b)
{
    const win_State *st = b->st;
    if (!st->tooltip[0]) return;
    int size = fsize(b, 12.5f);
    float W = b->f->width, H = b->f->height, pad = P(b, 7), lh = text_h(b, size) + P(b, 2);
    float maxw = fminf(P(b, 480), W - 2 * pad - P(b, 8));
    /* the lines it takes, and the widest */
    int lines = 0;
    float wide = 0;
    for (const char *p = st->tooltip; *p && lines < 8; lines++) {
        const char *next;
        fig_Font f = {size, false, FIG_ROT_0, {0, 0, 0, 1}, false};
        size_t k = fig_wrap(&b->f->m, p, &f, maxw, FIG_WRAP_LINE, true, &next);
        char line[1024];
        if (k >= sizeof line) k = sizeof line - 1;
        memcpy(line, p, k);
        line[k] = '\0';
        wide = fmaxf(wide, fminf(text_w(b, line, size, false), maxw));
        p = next;
    }
    fig_Rect r = {st->tip_x + P(b, 12), st->tip_y + P(b, 18), wide + 2 * pad, lines * lh + 2 * pad};
    if (r.x + r.w > W - 2) r.x = W - 2 - r.w;
    if (r.y + r.h > H - 2) r.y = st->tip_y - P(b, 8) - r.h;  /* no room below: above */
    r.x = roundf(fmaxf(r.x, 2));
    r.y = roundf(fmaxf(r.y, 2));
    rect(b, (fig_Rect){r.x + 2, r.y + 3, r.w, r.h}, (vec4){0, 0, 0, 0.18f});
    rect(b, r, (vec4){1.0f, 0.99f, 0.9f, 1});
    frame(b, r, 1, FIG_C_BORDER);
    int from = b->l->n;
    paragraph(b, st->tooltip, size, false, FIG_C_TEXT, r.x + pad, r.y + pad, maxw, lines);
    for (int i = from; i < b->l->n; i++) b->l->cmds[i].tag = FIG_TAG_TOOLTIP;
}

/* The folded lesson panel: a tab at the right edge with the lesson's name written upwards; a
 * click (or F3) unfolds it. */
void win_layout_side_tab(B *b, fig_Rect r, bool to_views)
{
    const win_State *st = b->st;
    rect(b, r, FIG_C_HEADER);
    rect(b, (fig_Rect){r.x, r.y, 1, r.h}, FIG_C_BORDER);
    const char *label = to_views ? (st->lang == WIN_LANG_KO ? "화면 보기 (F3)" : "Views (F3)")
                        : st->lang == WIN_LANG_KO ? "레슨 펼치기 (F3)" : "Lesson (F3)";
    /* written upwards; Korean stacked upright (fig_text) */
    fig_Font f = {fsize(b, 13), true, FIG_ROT_90, {FIG_C_ACCENT[0], FIG_C_ACCENT[1],
                                                   FIG_C_ACCENT[2], FIG_C_ACCENT[3]}, false};
    fig_text(b->l, &b->f->m, label, &f, r.x + r.w * 0.5f, r.y + P(b, 80), FIG_HCENTER | FIG_TOP);
    widget(b, WIN_W_SIDE_TAB, 0, r);
}

/* ui_layout.c — one frame of the window as a draw list (see ui_layout.h): the frame's plan (which
 * part goes where, for the window's size), the text helpers every part uses (fit, paragraph,
 * prefix width), copying the panels' lists into one list, and the queries input asks of a frame.
 * The views (arch, matrix, lines, grid) are built into panels of their own (ui_layout_views.c),
 * so their hit regions stay in their own coordinates and an unchanged panel is not rebuilt. The
 * chrome around them is drawn in ui_layout_top.c (bar, field, output strip), ui_layout_info.c
 * (info panel) and ui_layout_bars.c (timeline, status, overlays).
 * Not input: ui_input.c reads the widgets and panels this file records. */
#include "ui_layout_int.h"

/* str shortened with "…" to at most max_w: the longest prefix (whole characters) that fits. */
void lo_fit(const B *b, const char *str, int size, bool bold, float max_w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", str);
    if (text_w(b, out, size, bold) <= max_w) return;
    int cut[1024];
    int n = 0;
    size_t limit = cap < 1000 ? cap - 5 : 995;
    for (size_t i = 0; str[i] && i <= limit && n < 1024; i += (size_t)utf8_len(str + i)) cut[n++] = (int)i;
    char buf[1024];
    int lo = 0, hi = n - 1;  /* cut[lo] always fits (the empty prefix) */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(buf, str, (size_t)cut[mid]);
        memcpy(buf + cut[mid], "\xE2\x80\xA6", 4);
        if (text_w(b, buf, size, bold) <= max_w) lo = mid;
        else hi = mid - 1;
    }
    memcpy(out, str, (size_t)cut[lo]);
    memcpy(out + cut[lo], "\xE2\x80\xA6", 4);
}

/* Splits text into lines of at most w (at spaces) and draws them; returns the next y. */
float lo_paragraph(B *b, const char *str, int size, bool bold, const vec4 c, float x, float y,
                       float w, int max_lines)
{
    char line[512];
    const char *p = str;
    float lh = text_h(b, size) + P(b, 2);
    for (int n = 0; *p && n < max_lines; n++) {
        size_t best = 0, i = 0, len = strlen(p);
        while (i <= len && i < sizeof line - 1) {
            size_t j = i;
            while (j < len && p[j] != ' ') j++;
            memcpy(line, p, j);
            line[j] = '\0';
            if (text_w(b, line, size, bold) > w && best) break;
            best = j;
            if (j >= len) break;
            i = j + 1;
        }
        if (!best) best = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, p, best);
        line[best] = '\0';
        if (n + 1 == max_lines && p[best]) {
            char cut[600];
            snprintf(cut, sizeof cut, "%s…", line);
            lo_fit(b, cut, size, bold, w, line, sizeof line);
        }
        text_at(b, line, size, bold, c, x, y, A_LEFT | A_TOP);
        y += lh;
        p += best;
        while (*p == ' ') p++;
    }
    return y;
}

float lo_prefix_w(const B *b, const char *s, int from, int to, int size)
{
    char buf[1024];
    int n = to - from;
    if (n <= 0) return 0;
    if (n >= (int)sizeof buf) n = (int)sizeof buf - 1;
    memcpy(buf, s + from, (size_t)n);
    buf[n] = '\0';
    return text_w(b, buf, size, false);
}

/* --- copying a view's list into the frame ------------------------------------------------- */

static dr_Rect intersect(dr_Rect a, dr_Rect c)
{
    float x0 = fmaxf(a.x, c.x), y0 = fmaxf(a.y, c.y);
    float x1 = fminf(a.x + a.w, c.x + c.w), y1 = fminf(a.y + a.h, c.y + c.h);
    return (dr_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

static void append(dr_List *dst, const dr_List *src, float dx, float dy, dr_Rect clip)
{
    dr_clip(dst, clip);
    for (int i = 0; i < src->n; i++) {
        const dr_Cmd *c = &src->cmds[i];
        dr_Rect r = {c->r.x + dx, c->r.y + dy, c->r.w, c->r.h};
        dr_Cmd *o = NULL;
        switch (c->kind) {
        case DR_RECT: o = dr_rect(dst, r, c->color); break;
        case DR_FRAME: o = dr_frame(dst, r, c->width, c->color); break;
        case DR_LINE: {
            vec2 p0 = {c->p0[0] + dx, c->p0[1] + dy}, p1 = {c->p1[0] + dx, c->p1[1] + dy};
            o = dr_line(dst, p0, p1, c->width, c->color);
            break;
        }
        case DR_TEXT:
            o = dr_text(dst, dr_text_of(src, c), r, c->size, c->ascent, c->rot, c->color);
            o->bold = c->bold;
            break;
        case DR_IMAGE: o = dr_image(dst, r, dr_pixels_of(src, c), c->iw, c->ih); break;
        case DR_CLIP:
            dr_clip(dst, c->r.w > 0 && c->r.h > 0 ? intersect(r, clip) : clip);
            break;
        default: break;
        }
        if (o) {
            o->tag = c->tag;
            o->i = c->i;
            o->j = c->j;
            o->k = c->k;
        }
    }
    dr_unclip(dst);
}

void ui_frame_compose(const ui_Frame *f, dr_List *dst)
{
    dr_clear(dst);
    dst->width = f->out.width;
    dst->height = f->out.height;
    glm_vec4_copy((float *)f->out.background, dst->background);
    dr_Rect all = {0, 0, f->out.width, f->out.height};
    append(dst, &f->out, 0, 0, all);
    const ui_Panel *ps[1 + UI_MAIN_PANELS] = {&f->nav};
    for (int i = 0; i < UI_MAIN_PANELS; i++) ps[1 + i] = &f->main[i];
    for (int i = 0; i < 1 + UI_MAIN_PANELS; i++) {
        if (!ps[i]->shown) continue;
        dr_rect(dst, ps[i]->r, ps[i]->list.background);
        append(dst, &ps[i]->list, ps[i]->r.x, ps[i]->r.y, ps[i]->r);
    }
    append(dst, &f->over, 0, 0, all);
}

/* --- the frame ---------------------------------------------------------------------------------- */

void ui_frame_init(ui_Frame *f, tx_Measure m)
{
    memset(f, 0, sizeof *f);
    f->m = m;
    dr_init(&f->out);
    dr_init(&f->over);
    dr_init(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_init(&f->main[i].list);
}

void ui_frame_free(ui_Frame *f)
{
    dr_free(&f->out);
    dr_free(&f->over);
    dr_free(&f->nav.list);
    for (int i = 0; i < UI_MAIN_PANELS; i++) dr_free(&f->main[i].list);
    free(f->widgets);
    memset(f, 0, sizeof *f);
}

void ui_frame_build(ui_Frame *f, const ui_State *st, int W, int H, float dpi)
{
    dr_clear(&f->out);
    dr_clear(&f->over);
    f->nav.shown = false;
    for (int i = 0; i < UI_MAIN_PANELS; i++) f->main[i].shown = false;
    f->n_widgets = 0;
    f->n_main = 0;
    f->width = W;
    f->height = H;
    float lw = (float)W / fmaxf(dpi, 0.1f), lh = (float)H / fmaxf(dpi, 0.1f);
    float fit_scale = fminf(fmaxf(fminf(lw / 1920.0f, lh / 1080.0f), 1.0f), 2.0f);
    f->scale = fminf(fmaxf(dpi * fit_scale * st->ui_zoom, 0.5f), 6.0f);
    f->out.width = (float)W;
    f->out.height = (float)H;
    glm_vec4_copy((float *)C_BG, f->out.background);
    B b = {f, st, ui_trace(st), &f->out, f->scale};
    memset(&f->r_top, 0, (size_t)((char *)&f->tl_x0 - (char *)&f->r_top));
    float side_w = 0;
    if (st->side && st->side->draw) {
        side_w = fminf(roundf(P(&b, st->side->width)), roundf(W * 0.34f));
        W -= (int)side_w;
        f->r_side = (dr_Rect){(float)W, 0, side_w, (float)H};
        st->side->draw(st->side->ctx, st, &f->out, f->r_side, f->scale, f->m);
    }
    f->too_small = W < P(&b, 560) || H < P(&b, 360);
    if (f->too_small) {
        /* too small to be useful: say so, and keep every key working */
        const char *msg = st->lang == UI_LANG_KO ? "창이 너무 작습니다 — 크게 늘려 주세요"
                                                 : "The window is too small — make it larger";
        char buf[256];
        int size = fsize(&b, 13);
        lo_fit(&b, msg, size, false, (float)W - 8, buf, sizeof buf);
        text_at(&b, buf, size, false, C_TEXT, W * 0.5f, H * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        if (st->help) lo_help_overlay(&b);
        return;
    }
    lo_top_bar(&b, (float)W);
    float y = f->r_top.h;
    if (!b.tr) {
        const char *msg = st->msg[0] ? st->msg : ui_str(st->lang, S_FIELD_PLACEHOLDER);
        char buf[1024];
        lo_fit(&b, msg, fsize(&b, 15), false, (float)W - P(&b, 40), buf, sizeof buf);
        text_at(&b, buf, fsize(&b, 15), false, st->msg[0] && st->msg_kind == UI_MSG_ERROR ? C_ERROR : C_TEXT,
                W * 0.5f, (H + y) * 0.5f, A_HCENTER | A_VCENTER);
        b.l = &f->over;
        lo_suggestions(&b);
        if (st->help) lo_help_overlay(&b);
        return;
    }
    bool compact = H < P(&b, 760);
    float strip_h = P(&b, compact ? 34 : 38);
    lo_output_strip(&b, (dr_Rect){0, y, (float)W, strip_h});
    y += strip_h;
    float status_h = P(&b, compact ? 24 : 26), tl_h = P(&b, compact ? 56 : 64);
    float snap_h = st->n_snaps ? P(&b, compact ? 28 : 32) : 0;
    float bottom = H - status_h - tl_h - snap_h;
    lo_status_bar(&b, (dr_Rect){0, H - status_h, (float)W, status_h});
    if (snap_h > 0) lo_snapshot_bar(&b, (dr_Rect){0, bottom + tl_h, (float)W, snap_h});
    float gap = P(&b, 8), mid_y = y + gap, mid_h = bottom - gap - mid_y;
    float left_w = fminf(fmaxf(W * 0.26f, P(&b, 300)), P(&b, 540));
    float info_h = fminf(fmaxf(roundf(mid_h * 0.25f), P(&b, 104)), P(&b, 158));
    /* a short window gives the figure views the whole height */
    if ((st->mode == UI_MODE_LINES || st->mode == UI_MODE_GRID) && mid_h < P(&b, 640)) info_h = -gap;
    lo_navigator(&b, (dr_Rect){gap, mid_y, left_w, mid_h});
    float rx = left_w + 2 * gap, rw = W - left_w - 3 * gap;
    lo_main_view(&b, (dr_Rect){rx, mid_y, rw, mid_h - info_h - gap});
    lo_info_panel(&b, (dr_Rect){rx, mid_y + mid_h - info_h, rw, info_h});
    lo_timeline(&b, (dr_Rect){0, bottom, (float)W, tl_h});
    b.l = &f->over;
    lo_panel_outlines(&b);
    lo_suggestions(&b);
    lo_toast(&b);
    if (st->help) lo_help_overlay(&b);
    else if (st->hint) lo_hint_overlay(&b);
}

const ui_Widget *ui_frame_widget_at(const ui_Frame *f, float x, float y)
{
    for (int i = f->n_widgets - 1; i >= 0; i--)
        if (dr_rect_contains(f->widgets[i].r, x, y)) return &f->widgets[i];
    return NULL;
}

const ui_Panel *ui_frame_panel(const ui_Frame *f, int panel)
{
    if (panel < 0) return f->nav.valid ? &f->nav : NULL;
    return panel < f->n_main ? &f->main[panel] : NULL;
}

bool ui_frame_panel_at(const ui_Frame *f, float x, float y, int *panel, dr_HitResult *hit,
                       float *px, float *py)
{
    if (f->too_small) return false;
    for (int p = -1; p < f->n_main; p++) {
        const ui_Panel *pn = ui_frame_panel(f, p);
        if (!pn || !dr_rect_contains(pn->r, x, y)) continue;
        *panel = p;
        *px = x - pn->r.x;
        *py = y - pn->r.y;
        return dr_hit_test(&pn->list, *px, *py, hit);
    }
    return false;
}

int ui_frame_field_offset(const ui_Frame *f, const ui_State *st, float x)
{
    int v0 = f->field_vis0, v1 = f->field_vis1;
    B b = {(ui_Frame *)f, st, NULL, NULL, f->scale};
    int size = fsize(&b, 14), best = v0;
    float bd = INFINITY;
    for (int i = v0; i <= v1; i += i < v1 ? utf8_len(st->input + i) : 1) {
        float d = fabsf(f->field_text_x + lo_prefix_w(&b, st->input, v0, i, size) - x);
        if (d < bd) bd = d, best = i;
        if (i == v1) break;
    }
    return best;
}

void ui_window_title(const ui_State *st, char *out, size_t cap)
{
    const tf_Trace *tr = ui_trace(st);
    char sentence[200] = "";
    if (tr) {
        size_t used = 0;
        for (int i = 0; i < tr->n_src && used + 4 < 120; i++)
            used += (size_t)snprintf(sentence + used, sizeof sentence - used, "%s%s", i ? " " : "",
                                     tr->src_tokens[i]);
        if (used >= 120) {
            size_t n = 117;
            while (n > 0 && ((unsigned char)sentence[n] & 0xC0) == 0x80) n--;
            snprintf(sentence + n, sizeof sentence - n, "…");
        }
    }
    if (tr) snprintf(out, cap, "tfscope — %s — “%s”", st->model_name[0] ? st->model_name : "trace", sentence);
    else snprintf(out, cap, "tfscope — %s", st->model_name[0] ? st->model_name : "no model");
}

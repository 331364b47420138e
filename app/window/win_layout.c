/* win_layout.c — one frame of the window as a draw list (see win_layout.h): the frame's plan (which
 * part goes where, for the window's size), the width of a prefix of the sentence field, copying the panels' lists into one list, and the queries input asks of a frame.
 * The views (arch, matrix, lines, grid) are built into panels of their own (win_layout_views.c),
 * so their hit regions stay in their own coordinates and an unchanged panel is not rebuilt. The
 * chrome around them is drawn in win_layout_top.c (bar, field, output strip), win_layout_info.c
 * (info panel) and win_layout_bars.c (timeline, status, overlays).
 * Not input: win_mouse.c reads the widgets and panels this file records. */
#include "win_layout_int.h"

#include "cli.h"

float win_layout_prefix_w(const B *b, const char *s, int from, int to, int size)
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

static fig_Rect intersect(fig_Rect a, fig_Rect c)
{
    float x0 = fmaxf(a.x, c.x), y0 = fmaxf(a.y, c.y);
    float x1 = fminf(a.x + a.w, c.x + c.w), y1 = fminf(a.y + a.h, c.y + c.h);
    return (fig_Rect){x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0)};
}

static void append(fig_List *dst, const fig_List *src, float dx, float dy, fig_Rect clip)
{
    fig_draw_clip(dst, clip);
    for (int i = 0; i < src->n; i++) {
        const fig_Cmd *c = &src->cmds[i];
        fig_Rect r = {c->r.x + dx, c->r.y + dy, c->r.w, c->r.h};
        fig_Cmd *o = NULL;
        switch (c->kind) {
        case FIG_CMD_RECT: o = fig_draw_rect(dst, r, c->color); break;
        case FIG_CMD_FRAME: o = fig_draw_frame(dst, r, c->width, c->color); break;
        case FIG_CMD_LINE: {
            vec2 p0 = {c->p0[0] + dx, c->p0[1] + dy}, p1 = {c->p1[0] + dx, c->p1[1] + dy};
            o = fig_draw_line(dst, p0, p1, c->width, c->color);
            break;
        }
        case FIG_CMD_TEXT:
            o = fig_draw_text(dst, fig_draw_text_of(src, c), r, c->size, c->ascent, c->rot,
                              c->color);
            o->bold = c->bold;
            o->mono = c->mono;
            fig_draw_set_tip(dst, o, fig_draw_tip_of(src, c));
            break;
        case FIG_CMD_IMAGE:
            o = fig_draw_image(dst, r, fig_draw_pixels_of(src, c), c->iw, c->ih);
            break;
        case FIG_CMD_CLIP:
            fig_draw_clip(dst, c->r.w > 0 && c->r.h > 0 ? intersect(r, clip) : clip);
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
    fig_draw_unclip(dst);
}

void win_frame_compose(const win_Frame *f, fig_List *dst)
{
    fig_draw_clear(dst);
    dst->width = f->out.width;
    dst->height = f->out.height;
    memcpy(dst->background, f->out.background, sizeof dst->background);
    fig_Rect all = {0, 0, f->out.width, f->out.height};
    append(dst, &f->out, 0, 0, all);
    const win_Panel *ps[1 + WIN_MAIN_PANELS] = {&f->nav};
    for (int i = 0; i < WIN_MAIN_PANELS; i++) ps[1 + i] = &f->main[i];
    for (int i = 0; i < 1 + WIN_MAIN_PANELS; i++) {
        if (!ps[i]->shown) continue;
        fig_draw_rect(dst, ps[i]->r, ps[i]->list.background);
        append(dst, &ps[i]->list, ps[i]->r.x, ps[i]->r.y, ps[i]->r);
    }
    append(dst, &f->over, 0, 0, all);
}

/* --- the frame ---------------------------------------------------------------------------------- */

void win_frame_init(win_Frame *f, fig_Measure m)
{
    memset(f, 0, sizeof *f);
    f->m = m;
    fig_draw_init(&f->out);
    fig_draw_init(&f->over);
    fig_draw_init(&f->nav.list);
    for (int i = 0; i < WIN_MAIN_PANELS; i++) fig_draw_init(&f->main[i].list);
}

void win_frame_free(win_Frame *f)
{
    fig_draw_free(&f->out);
    fig_draw_free(&f->over);
    fig_draw_free(&f->nav.list);
    for (int i = 0; i < WIN_MAIN_PANELS; i++) fig_draw_free(&f->main[i].list);
    free(f->widgets);
    memset(f, 0, sizeof *f);
}

/* The lesson panel, when one is open: a third of a wide window, up to half of a narrow one
 * (*narrow); folded (F3, or its tab) to a tab at the right edge. Takes its width off *W and
 * returns it. A window too narrow for the lesson beside the views (*sheet) shows one at a time:
 * the lesson over the whole width below the top bar with a "Views (F3)" tab, or the views with
 * the "Lesson (F3)" tab. */
static float side_panel(B *b, int *W, int H, bool *narrow, bool *sheet)
{
    const win_State *st = b->st;
    win_Frame *f = b->f;
    if (!st->side || !st->side->draw) return 0;
    *narrow = *W < P(b, 1200);
    if (*W < P(b, WIN_SHEET_W) && !st->side_folded) {
        float top = roundf(P(b, 50)), tab = roundf(P(b, 30));
        f->r_side = (fig_Rect){0, top, (float)*W - tab, (float)H - top};
        st->side->draw(st->side->ctx, st, &f->out, f->r_side, f->scale, f->m);
        win_layout_side_tab(b, (fig_Rect){(float)*W - tab, top, tab, (float)H - top}, true);
        *sheet = true;
        return 0;
    }
    float side_w = st->side_folded ? roundf(P(b, 30))
                                   : fminf(roundf(P(b, st->side->width)),
                                           roundf(*W * (*narrow ? 0.45f : 0.34f)));
    *W -= (int)side_w;
    /* in a narrow window the top bar keeps the whole width: the panel starts below it */
    float top = *narrow ? roundf(P(b, 50)) : 0;
    f->r_side = (fig_Rect){(float)*W, top, side_w, (float)H - top};
    if (st->side_folded) win_layout_side_tab(b, f->r_side, false);
    else st->side->draw(st->side->ctx, st, &f->out, f->r_side, f->scale, f->m);
    if (st->side_folded) f->r_side.w = 0;  /* clicks go to the tab, not the panel */
    return side_w;
}

/* The frame's scale: output pixels per layout point (the DPI, a larger scale on a large window,
 * the user's zoom, projector mode where the views have room for it). */
static float frame_scale(const win_State *st, int W, int H, float dpi)
{
    float lw = (float)W / fmaxf(dpi, 0.1f), lh = (float)H / fmaxf(dpi, 0.1f);
    float fit_scale = fminf(fmaxf(fminf(lw / 1920.0f, lh / 1080.0f), 1.0f), 2.0f);
    /* projector: larger type where the views have room for it (from 1024×768 up, beside the
     * lesson panel's third too); a smaller window keeps its type and gets the contrast alone */
    bool side = st->side && st->side->draw && !st->side_folded;
    float room = fminf(lw * (side ? 0.66f : 1.0f) / 1024.0f, lh / 768.0f);
    float projector =
        st->projector ? fminf(fmaxf(room * WIN_PROJECTOR_SCALE, 1.0f), WIN_PROJECTOR_SCALE) : 1.0f;
    return fminf(fmaxf(dpi * fit_scale * st->ui_zoom * projector, 0.5f), 6.0f);
}

/* What is drawn over the frame: the dialog, help or first-run hint open, else the tooltip. */
static void frame_cards(B *b)
{
    const win_State *st = b->st;
    if (st->save.open) win_layout_save_dialog(b);
    else if (st->help) win_layout_help_overlay(b);
    else if (st->hint) win_layout_hint_overlay(b);
    else win_layout_tooltip(b);
}

/* A frame with no trace: the message or the field's placeholder in the middle, the suggestions
 * under the field, the help. */
static void frame_no_trace(B *b, int W, int H)
{
    const win_State *st = b->st;
    const char *msg = st->msg[0] ? st->msg : win_str(st->lang, S_FIELD_PLACEHOLDER);
    char buf[1024];
    fit(b, msg, fsize(b, 15), false, (float)W - P(b, 40), buf, sizeof buf);
    text_at(b, buf, fsize(b, 15), false,
            st->msg[0] && st->msg_kind == WIN_MSG_ERROR ? FIG_C_ERROR : FIG_C_TEXT, W * 0.5f,
            (H + b->f->r_top.h) * 0.5f, FIG_HCENTER | FIG_VCENTER);
    b->l = &b->f->over;
    win_layout_suggestions(b);
    if (st->help) win_layout_help_overlay(b);
}

/* The frame under the top bar: output strip, what-if bar, the navigator, main view and info
 * panel, the timeline, snapshot and status bars, then what is drawn over them. */
static void frame_body(B *b, int W, int H)
{
    const win_State *st = b->st;
    float y = b->f->r_top.h;
    bool compact = H < P(b, 760);
    float strip_h = P(b, compact ? 34 : 38);
    win_layout_output_strip(b, (fig_Rect){0, y, (float)W, strip_h});
    y += strip_h;
    if (st->model) y += win_layout_whatif_bar(b, (fig_Rect){0, y, (float)W, strip_h - P(b, 4)});
    float status_h = P(b, compact ? 24 : 26), tl_h = P(b, compact ? 56 : 64);
    float snap_h = st->n_snaps ? P(b, compact ? 28 : 32) : 0;
    float bottom = H - status_h - tl_h - snap_h;
    win_layout_status_bar(b, (fig_Rect){0, H - status_h, (float)W, status_h});
    if (snap_h > 0) win_layout_snapshot_bar(b, (fig_Rect){0, bottom + tl_h, (float)W, snap_h});
    float gap = P(b, 8), mid_y = y + gap, mid_h = bottom - gap - mid_y;
    /* the model's diagram folds away when the views would be left too little room */
    float left_w = W < P(b, 860) ? -gap : fminf(fmaxf(W * 0.26f, P(b, 300)), P(b, 540));
    float info_h = fminf(fmaxf(roundf(mid_h * 0.25f), P(b, 104)), P(b, 158));
    /* a short window gives the info panel two lines (win_layout_info_panel) */
    if (mid_h < P(b, 560)) info_h = P(b, 50);
    /* a short window gives the figure views the whole height */
    if ((st->mode == WIN_MODE_LINES || st->mode == WIN_MODE_GRID || st->mode == WIN_MODE_LENS ||
         st->mode == WIN_MODE_BEAM) &&
        mid_h < P(b, 640))
        info_h = -gap;
    if (left_w > 0) win_layout_navigator(b, (fig_Rect){gap, mid_y, left_w, mid_h});
    float rx = left_w + 2 * gap, rw = W - left_w - 3 * gap;
    win_layout_main_view(b, (fig_Rect){rx, mid_y, rw, mid_h - info_h - gap});
    win_layout_info_panel(b, (fig_Rect){rx, mid_y + mid_h - info_h, rw, info_h});
    win_layout_timeline(b, (fig_Rect){0, bottom, (float)W, tl_h});
    b->l = &b->f->over;
    win_layout_panel_outlines(b);
    win_layout_whatif_marks(b);
    win_layout_suggestions(b);
    win_layout_toast(b);
    frame_cards(b);
}

void win_frame_build(win_Frame *f, const win_State *st, int W, int H, float dpi)
{
    fig_draw_clear(&f->out);
    fig_draw_clear(&f->over);
    f->nav.shown = false;
    for (int i = 0; i < WIN_MAIN_PANELS; i++) f->main[i].shown = false;
    f->n_widgets = 0;
    f->n_main = 0;
    f->width = W;
    f->height = H;
    f->n_refs = st->side && st->side->refs && !st->side_folded
                    ? st->side->refs(st->side->ctx, st, f->refs, WIN_REFS_MAX) : 0;
    fig_palette_use(st->projector ? FIG_THEME_PROJECTOR : FIG_THEME_STANDARD, st->head_colors);
    f->scale = frame_scale(st, W, H, dpi);
    f->out.width = (float)W;
    f->out.height = (float)H;
    memcpy(f->out.background, FIG_C_BG, sizeof f->out.background);
    B b = {f, st, win_trace(st), &f->out, f->scale};
    memset(&f->r_top, 0, (size_t)((char *)&f->tl_x0 - (char *)&f->r_top));
    bool narrow = false, sheet = false;
    float side_w = side_panel(&b, &W, H, &narrow, &sheet);
    f->too_small = W < P(&b, 330) || H < P(&b, 300);
    if (f->too_small) {
        /* too small to be useful: say so, and keep every key working */
        const char *msg = st->lang == WIN_LANG_KO ? "창이 너무 작습니다 — 크게 늘려 주세요"
                                                 : "The window is too small — make it larger";
        char buf[256];
        int size = fsize(&b, 13);
        fit(&b, msg, size, false, (float)W - 8, buf, sizeof buf);
        text_at(&b, buf, size, false, FIG_C_TEXT, W * 0.5f, H * 0.5f, FIG_HCENTER | FIG_VCENTER);
        b.l = &f->over;
        if (st->help) win_layout_help_overlay(&b);
        return;
    }
    win_layout_top_bar(&b, (float)W + (narrow ? side_w : 0));
    if (sheet) {  /* the lesson alone: the views wait behind F3 */
        b.l = &f->over;
        win_layout_toast(&b);
        frame_cards(&b);
    } else if (!b.tr) {
        frame_no_trace(&b, W, H);
    } else {
        frame_body(&b, W, H);
    }
}

/* The tip of the topmost shortened text of l under (x, y), in l's coordinates. */
static const char *tip_in(const fig_List *l, float x, float y)
{
    for (int i = l->n - 1; i >= 0; i--) {
        const fig_Cmd *c = &l->cmds[i];
        if (c->kind == FIG_CMD_TEXT && c->tag != FIG_TAG_TOOLTIP && c->tip &&
            fig_draw_rect_contains(c->r, x, y))
            return fig_draw_tip_of(l, c);
    }
    return NULL;
}

const char *win_frame_tip_at(const win_Frame *f, float x, float y)
{
    if (f->too_small) return NULL;
    const char *t = tip_in(&f->over, x, y);
    for (int p = WIN_MAIN_PANELS - 1; p >= -1 && !t; p--) {
        const win_Panel *pn = p < 0 ? &f->nav : &f->main[p];
        if (pn->shown && fig_draw_rect_contains(pn->r, x, y))
            t = tip_in(&pn->list, x - pn->r.x, y - pn->r.y);
    }
    return t ? t : tip_in(&f->out, x, y);
}

const win_Widget *win_frame_widget_at(const win_Frame *f, float x, float y)
{
    for (int i = f->n_widgets - 1; i >= 0; i--)
        if (fig_draw_rect_contains(f->widgets[i].r, x, y)) return &f->widgets[i];
    return NULL;
}

const win_Panel *win_frame_panel(const win_Frame *f, int panel)
{
    if (panel < 0) return f->nav.valid ? &f->nav : NULL;
    return panel < f->n_main ? &f->main[panel] : NULL;
}

bool win_frame_panel_at(const win_Frame *f, float x, float y, int *panel, fig_HitResult *hit,
                        float *px, float *py)
{
    if (f->too_small) return false;
    for (int p = -1; p < f->n_main; p++) {
        const win_Panel *pn = win_frame_panel(f, p);
        if (!pn || !fig_draw_rect_contains(pn->r, x, y)) continue;
        *panel = p;
        *px = x - pn->r.x;
        *py = y - pn->r.y;
        return fig_draw_hit_test(&pn->list, *px, *py, hit);
    }
    return false;
}

int win_frame_field_offset(const win_Frame *f, const win_State *st, float x)
{
    int v0 = f->field_vis0, v1 = f->field_vis1;
    B b = {(win_Frame *)f, st, NULL, NULL, f->scale};
    int size = fsize(&b, 14), best = v0;
    float bd = INFINITY;
    for (int i = v0; i <= v1; i = i < v1 ? (int)tf_utf8_next(st->input, (size_t)i) : i + 1) {
        float d = fabsf(f->field_text_x + win_layout_prefix_w(&b, st->input, v0, i, size) - x);
        if (d < bd) bd = d, best = i;
        if (i == v1) break;
    }
    return best;
}

void win_window_title(const win_State *st, char *out, size_t cap)
{
    const tf_Trace *tr = win_trace(st);
    char sentence[1024] = "";
    if (tr) {
        cli_join_tokens(tr->src_tokens, tr->n_src, sentence, sizeof sentence);
        if (strlen(sentence) >= 120) {  /* at most 117 bytes of it, then "…" */
            size_t n = tf_utf8_floor(sentence, 117);
            snprintf(sentence + n, sizeof sentence - n, "…");
        }
    }
    if (tr) snprintf(out, cap, "tfscope — %s — “%s”", st->model_name[0] ? st->model_name : "trace", sentence);
    else snprintf(out, cap, "tfscope — %s", st->model_name[0] ? st->model_name : "no model");
}

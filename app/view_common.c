/* view_common.c — shared pieces of the views: text placement, label thinning, titles, and the
 * naming of attention tensors and matrix axes (vw_* functions of views.h). */
#include "view_common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

float vc_px(const vw_State *s, float px)
{
    return px * (s->scale > 0 ? s->scale : 1.0f);
}

int vc_size(const vw_State *s, float px)
{
    int size = (int)lroundf(vc_px(s, px));
    return size < TX_SIZE_MIN ? TX_SIZE_MIN : size > TX_SIZE_MAX ? TX_SIZE_MAX : size;
}

vc_Font vc_font(const vw_State *s, float px, bool bold, float ink_alpha)
{
    vc_Font f = {vc_size(s, px), bold, DR_ROT_0, {0, 0, 0, 1}};
    cm_ink(ink_alpha, f.color);
    return f;
}

dr_Rect vc_text_box(const tx_Measure *m, const char *str, const vc_Font *f, float x, float y,
                    int anchor)
{
    float tw = m->width(m->ctx, str, f->size, f->bold), th = m->height(m->ctx, f->size);
    float bw = f->rot == DR_ROT_90 ? th : tw, bh = f->rot == DR_ROT_90 ? tw : th;
    float bx = anchor & VC_RIGHT ? x - bw : anchor & VC_HCENTER ? x - bw * 0.5f : x;
    float by = anchor & VC_BOTTOM ? y - bh : anchor & VC_VCENTER ? y - bh * 0.5f : y;
    /* whole pixels, as the backends draw text */
    return (dr_Rect){roundf(bx), roundf(by), bw, bh};
}

dr_Rect vc_text(dr_List *l, const tx_Measure *m, const char *str, const vc_Font *f, float x,
                float y, int anchor)
{
    dr_Rect b = vc_text_box(m, str, f, x, y, anchor);
    if (!str[0]) return b;
    dr_Cmd *c = dr_text(l, str, b, f->size, m->ascent(m->ctx, f->size), f->rot, f->color);
    c->bold = f->bold;
    c->tag = DR_TAG_LABEL;
    return b;
}

/* Length of the UTF-8 sequence starting at s (1 for a stray byte). */
static int utf8_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

void vc_fit(const tx_Measure *m, const char *str, const vc_Font *f, float max_w, char *out,
            size_t cap)
{
    snprintf(out, cap, "%s", str);
    if (m->width(m->ctx, out, f->size, f->bold) <= max_w) return;
    /* keep whole characters: find the longest prefix that fits with the ellipsis */
    size_t n = 0, best = 0;
    char buf[512];
    while (str[n] && n + 8 < sizeof buf && n + 8 < cap) {
        size_t next = n + (size_t)utf8_len(str + n);
        if (next > strlen(str)) break;
        memcpy(buf, str, next);
        memcpy(buf + next, "\xE2\x80\xA6", 4);
        if (m->width(m->ctx, buf, f->size, f->bold) > max_w) break;
        best = next;
        n = next;
    }
    memcpy(out, str, best);
    memcpy(out + best, "\xE2\x80\xA6", 4);
}

int vc_label_step(float pitch, float need, bool nice)
{
    if (pitch <= 0) return 1 << 30;
    if (!nice) {
        int k = (int)ceilf(need / pitch - 1e-4f);
        return k < 1 ? 1 : k;
    }
    for (int mag = 1; mag < (1 << 28); mag *= 10) {
        const int steps[3] = {1, 2, 5};
        for (int i = 0; i < 3; i++)
            if (pitch * (float)(steps[i] * mag) >= need) return steps[i] * mag;
    }
    return 1 << 30;
}

float vc_title(dr_List *l, const tx_Measure *m, const vw_State *s, float w, const char *title,
               const char *subtitle)
{
    float y = vc_px(s, 14);
    if (!s->show_title) return y;
    float x = vc_px(s, 20);
    vc_Font tf = vc_font(s, 17, true, 1.0f), sf = vc_font(s, 12.5f, false, 0.62f);
    char buf[512];
    vc_fit(m, title, &tf, w - 2 * x, buf, sizeof buf);
    dr_Rect b = vc_text(l, m, buf, &tf, x, y, VC_LEFT | VC_TOP);
    l->cmds[l->n - 1].tag = DR_TAG_TITLE;
    y = b.y + b.h + vc_px(s, 2);
    if (subtitle && subtitle[0]) {
        vc_fit(m, subtitle, &sf, w - 2 * x, buf, sizeof buf);
        b = vc_text(l, m, buf, &sf, x, y, VC_LEFT | VC_TOP);
        y = b.y + b.h;
    }
    return y + vc_px(s, 10);
}

void vc_message(dr_List *l, const tx_Measure *m, const vw_State *s, float w, float h,
                const char *msg)
{
    vc_Font f = vc_font(s, 15, false, 0.7f);
    char buf[512];
    vc_fit(m, msg, &f, w - vc_px(s, 20), buf, sizeof buf);
    vc_text(l, m, buf, &f, w * 0.5f, h * 0.5f, VC_HCENTER | VC_VCENTER);
}

void vc_arrowhead(dr_List *l, const vec2 p, const vec2 d, float size, float width,
                  const vec4 color)
{
    vec2 u, n, a, b;
    glm_vec2_normalize_to((float *)d, u);
    n[0] = -u[1];
    n[1] = u[0];
    for (int k = 0; k < 2; k++) {
        float side = k ? 0.5f : -0.5f;
        a[0] = p[0] - u[0] * size + n[0] * size * side;
        a[1] = p[1] - u[1] * size + n[1] * size * side;
        glm_vec2_copy((float *)p, b);
        dr_line(l, a, b, width, color);
    }
}

void vc_grey(float level, vec4 out)
{
    glm_vec4_copy((vec4){level, level, level, 1.0f}, out);
}

int vw_heads(const vw_State *s, int H, int *out)
{
    int n = 0;
    for (int h = 0; h < H && n < VW_MAX_HEADS; h++)
        if (vw_head_shown(s, h)) out[n++] = h;
    return n;
}

/* --- views.h: state, naming --- */

void vw_state_default(vw_State *s)
{
    memset(s, 0, sizeof *s);
    s->kind = VW_MATRIX;
    s->head = -1;
    s->attn = VW_ATTN_ENC;
    s->heads = ~(uint64_t)0;
    s->token = -1;
    s->orient = VW_HORIZONTAL;
    s->zoom = 1.0f;
    s->hover_head = s->hover_row = s->hover_col = -1;
    s->scale = 1.0f;
    s->show_title = true;
}

bool vw_head_shown(const vw_State *s, int h)
{
    return h >= 64 || (s->heads >> h) & 1u;
}

const char *vw_kind_name(vw_Kind k)
{
    static const char *names[VW_KIND_COUNT] = {"matrix", "lines", "grid", "arch"};
    return k >= 0 && k < VW_KIND_COUNT ? names[k] : "?";
}

const char *vw_attn_name(vw_Attn a)
{
    static const char *names[VW_ATTN_COUNT] = {"enc", "dec", "cross"};
    return a >= 0 && a < VW_ATTN_COUNT ? names[a] : "?";
}

const char *vw_attn_title(vw_Attn a)
{
    static const char *names[VW_ATTN_COUNT] = {
        "Encoder self-attention", "Decoder self-attention (masked)",
        "Encoder-decoder attention"};
    return a >= 0 && a < VW_ATTN_COUNT ? names[a] : "?";
}

void vw_attn_tensor(vw_Attn a, int layer, char *out, size_t cap)
{
    snprintf(out, cap, "%s.%d.%s.weights", a == VW_ATTN_ENC ? "enc" : "dec", layer,
             a == VW_ATTN_CROSS ? "cross_attn" : "self_attn");
}

int vw_attn_layers(const tf_Config *cfg, vw_Attn a)
{
    return a == VW_ATTN_ENC ? cfg->n_enc : cfg->n_dec;
}

bool vw_parse_attn(const char *tensor, vw_Attn *a, int *layer)
{
    char side[4], kind[16], what[16];
    int L, used = 0;
    if (sscanf(tensor, "%3[a-z].%d.%15[a-z_].%15[a-z]%n", side, &L, kind, what, &used) != 4 ||
        tensor[used] != '\0' || L < 0)
        return false;
    if (strcmp(what, "weights") && strcmp(what, "scores")) return false;
    if (!strcmp(side, "enc") && !strcmp(kind, "self_attn")) *a = VW_ATTN_ENC;
    else if (!strcmp(side, "dec") && !strcmp(kind, "self_attn")) *a = VW_ATTN_DEC;
    else if (!strcmp(side, "dec") && !strcmp(kind, "cross_attn")) *a = VW_ATTN_CROSS;
    else return false;
    *layer = L;
    return true;
}

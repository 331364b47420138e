/* fig_kit.c — the figure kit (fig_kit.h): the palette, text placement, fitting and wrapping,
 * and the views' shared pieces; also the naming of attention tensors and matrix axes (fig_view_*
 * functions of fig_view.h). */
#include "fig_kit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "utf8.h"

static const fig_Palette PALETTES[FIG_THEME_COUNT] = {
    [FIG_THEME_STANDARD] = {
        .bg = {0.925f, 0.933f, 0.945f, 1},
        .top = {0.114f, 0.137f, 0.176f, 1},
        .top_dim = {0.62f, 0.66f, 0.72f, 1},
        .button = {0.22f, 0.255f, 0.31f, 1},
        .white = {1, 1, 1, 1},
        .border = {0.80f, 0.82f, 0.86f, 1},
        .header = {0.965f, 0.969f, 0.976f, 1},
        .text = {0.11f, 0.12f, 0.14f, 1},
        .dim = {0.42f, 0.45f, 0.50f, 1},
        .faint = {0.86f, 0.875f, 0.895f, 1},
        .accent = {0.145f, 0.388f, 0.922f, 1},
        .accent_soft = {0.87f, 0.915f, 1.0f, 1},
        .error = {0.72f, 0.11f, 0.11f, 1},
        .right = {0.10f, 0.50f, 0.22f, 1},
        .mark = {0.86f, 0.15f, 0.55f, 1},
        .paper = {0.985f, 0.985f, 0.99f, 1},
        .emph = {0.55f, 0.20f, 0.60f, 1},
        .code = {0.62f, 0.16f, 0.24f, 1},
        .code_bg = {0.91f, 0.92f, 0.94f, 1},
        .quiz_bg = {0.95f, 0.96f, 1.0f, 1},
    },
    /* a projector washes out light greys and thin dim text: black on white, borders and
     * secondary text dark enough to read from the back of a room */
    [FIG_THEME_PROJECTOR] = {
        .bg = {1, 1, 1, 1},
        .top = {0, 0, 0, 1},
        .top_dim = {0.85f, 0.87f, 0.90f, 1},
        .button = {0.16f, 0.18f, 0.22f, 1},
        .white = {1, 1, 1, 1},
        .border = {0.30f, 0.32f, 0.36f, 1},
        .header = {0.93f, 0.94f, 0.95f, 1},
        .text = {0, 0, 0, 1},
        .dim = {0.20f, 0.22f, 0.25f, 1},
        .faint = {0.62f, 0.64f, 0.68f, 1},
        .accent = {0.0f, 0.27f, 0.78f, 1},
        .accent_soft = {0.80f, 0.87f, 1.0f, 1},
        .error = {0.62f, 0.0f, 0.0f, 1},
        .right = {0.0f, 0.40f, 0.13f, 1},
        .mark = {0.80f, 0.0f, 0.45f, 1},
        .paper = {1, 1, 1, 1},
        .emph = {0.45f, 0.05f, 0.50f, 1},
        .code = {0.52f, 0.05f, 0.14f, 1},
        .code_bg = {0.88f, 0.89f, 0.92f, 1},
        .quiz_bg = {0.92f, 0.94f, 1.0f, 1},
    },
};

static fig_Theme g_theme = FIG_THEME_STANDARD;
static fig_HeadColors g_heads = FIG_HEADS_TOL;
static unsigned g_serial;

void fig_palette_use(fig_Theme theme, fig_HeadColors heads)
{
    if (theme < 0 || theme >= FIG_THEME_COUNT) theme = FIG_THEME_STANDARD;
    if (theme == g_theme && heads == g_heads) return;
    g_theme = theme;
    g_heads = heads;
    fig_cmap_use(heads, theme == FIG_THEME_PROJECTOR);
    g_serial++;
}

const fig_Palette *fig_palette(void)
{
    return &PALETTES[g_theme];
}

fig_Theme fig_palette_theme(void)
{
    return g_theme;
}

unsigned fig_palette_serial(void)
{
    return g_serial;
}

bool fig_palette_parse(const char *name, fig_HeadColors *out)
{
    if (!strcmp(name, "standard") || !strcmp(name, "tol")) *out = FIG_HEADS_TOL;
    else if (!strcmp(name, "cb") || !strcmp(name, "okabe-ito")) *out = FIG_HEADS_OKABE_ITO;
    else return false;
    return true;
}

float fig_px(const fig_View *s, float px)
{
    return px * (s->scale > 0 ? s->scale : 1.0f);
}

int fig_size(const fig_View *s, float px)
{
    int size = (int)lroundf(fig_px(s, px));
    return size < FIG_TEXT_MIN ? FIG_TEXT_MIN : size > FIG_TEXT_MAX ? FIG_TEXT_MAX : size;
}

fig_Font fig_font(const fig_View *s, float px, bool bold, float ink_alpha)
{
    fig_Font f = {fig_size(s, px), bold, FIG_ROT_0, {0, 0, 0, 1}, false};
    fig_cmap_ink(ink_alpha, f.color);
    return f;
}

/* --- upright stacks: Korean in place of turned text ---------------------------------------- */

/* Hangul turned a quarter reads poorly; such text is stacked instead, each character upright
 * under the last, as Korean is written in columns. */
static bool stacked(const fig_Font *f, const char *str)
{
    if (f->rot != FIG_ROT_90) return false;
    for (size_t i = 0; str[i];) {
        uint32_t cp;
        i += (size_t)tf_utf8_decode(str + i, &cp);
        if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
            (cp >= 0xAC00 && cp <= 0xD7AF))
            return true;
    }
    return false;
}

/* The character at str (its bytes in ch) and the height it takes in a stack. */
static float stack_char(const fig_Measure *m, const fig_Font *f, const char *str, char ch[8],
                        int *len)
{
    *len = tf_utf8_decode(str, NULL);
    memcpy(ch, str, (size_t)*len);
    ch[*len] = '\0';
    if (ch[0] == ' ') return roundf(f->size * 0.35f);
    return roundf(fmaxf(m->width(m->ctx, ch, f->size, f->bold), f->size * 0.8f));
}

/* The width of one line of str in f's face. */
static float width_of(const fig_Measure *m, const char *str, const fig_Font *f)
{
    if (f->mono && m->width_mono) return m->width_mono(m->ctx, str, f->size);
    return m->width(m->ctx, str, f->size, f->bold);
}

float fig_text_length(const fig_Measure *m, const char *str, const fig_Font *f)
{
    if (!stacked(f, str)) return width_of(m, str, f);
    float h = 0;
    char ch[8];
    for (int len; *str; str += len) h += stack_char(m, f, str, ch, &len);
    return h;
}

/* Each character upright, centred in the column of box, one under the other. */
static void text_stacked(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f,
                         fig_Rect box)
{
    float th = m->height(m->ctx, f->size), asc = m->ascent(m->ctx, f->size), y = box.y;
    char ch[8];
    for (int len; *str; str += len) {
        float pitch = stack_char(m, f, str, ch, &len);
        if (ch[0] != ' ') {
            float cw = m->width(m->ctx, ch, f->size, f->bold);
            /* the line box centred on its slot; the command's box is the slot itself */
            fig_Rect r = {roundf(box.x + (box.w - cw) * 0.5f), roundf(y - (th - pitch) * 0.5f), cw,
                          pitch};
            fig_Cmd *c = fig_draw_text(l, ch, r, f->size, asc, FIG_ROT_0, f->color);
            c->bold = f->bold;
            c->tag = FIG_TAG_LABEL;
        }
        y += pitch;
    }
}

fig_Rect fig_text_box(const fig_Measure *m, const char *str, const fig_Font *f, float x, float y,
                      int anchor)
{
    float tw = fig_text_length(m, str, f), th = m->height(m->ctx, f->size);
    float bw = f->rot == FIG_ROT_90 ? th : tw, bh = f->rot == FIG_ROT_90 ? tw : th;
    float bx = anchor & FIG_RIGHT ? x - bw : anchor & FIG_HCENTER ? x - bw * 0.5f : x;
    float by = anchor & FIG_BOTTOM ? y - bh : anchor & FIG_VCENTER ? y - bh * 0.5f : y;
    /* whole pixels, as the backends draw text */
    return (fig_Rect){roundf(bx), roundf(by), bw, bh};
}

fig_Rect fig_text(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                  float y, int anchor)
{
    fig_Rect b = fig_text_box(m, str, f, x, y, anchor);
    if (!str[0]) return b;
    if (stacked(f, str)) {
        text_stacked(l, m, str, f, b);
        return b;
    }
    fig_Cmd *c = fig_draw_text(l, str, b, f->size, m->ascent(m->ctx, f->size), f->rot, f->color);
    c->bold = f->bold;
    c->mono = f->mono;
    c->tag = FIG_TAG_LABEL;
    return b;
}


void fig_fit(const fig_Measure *m, const char *str, const fig_Font *f, float max_w, char *out,
             size_t cap)
{
    snprintf(out, cap, "%s", str);
    if (fig_text_length(m, out, f) <= max_w || cap < 5) return;
    /* the prefixes that end on a character boundary; the widest that fits, by bisection (the
     * width of a prefix and "…" grows with the prefix) */
    enum { CUTS = 1024 };
    int cut[CUTS], n = 0;
    size_t limit = cap - 5 < CUTS - 24 ? cap - 5 : CUTS - 24, len = strlen(str);
    for (size_t i = 0; i < len && i <= limit && n < CUTS; i = tf_utf8_next(str, i))
        cut[n++] = (int)i;
    char buf[CUTS];
    int lo = 0, hi = n - 1;  /* cut[lo] always fits (the empty prefix) */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        memcpy(buf, str, (size_t)cut[mid]);
        memcpy(buf + cut[mid], "\xE2\x80\xA6", 4);
        if (fig_text_length(m, buf, f) <= max_w) lo = mid;
        else hi = mid - 1;
    }
    memcpy(out, str, (size_t)cut[lo]);
    memcpy(out + cut[lo], "\xE2\x80\xA6", 4);
}

fig_Rect fig_text_fit(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f,
                      float max_w, float x, float y, int anchor)
{
    char buf[1024];
    fig_fit(m, str, f, max_w, buf, sizeof buf);
    int before = l->n;
    fig_Rect r = fig_text(l, m, buf, f, x, y, anchor);
    if (strcmp(buf, str)) fig_tip_from(l, before, str);
    return r;
}

void fig_tip(fig_List *l, const char *full)
{
    if (l->n > 0 && l->cmds[l->n - 1].kind == FIG_CMD_TEXT) fig_draw_set_tip(l, &l->cmds[l->n - 1], full);
}

void fig_tip_from(fig_List *l, int from, const char *full)
{
    for (int i = from; i < l->n; i++)
        if (l->cmds[i].kind == FIG_CMD_TEXT) fig_draw_set_tip(l, &l->cmds[i], full);
}

static bool separator(char c)
{
    return c == ' ' || c == '\n';
}

size_t fig_wrap(const fig_Measure *m, const char *str, const fig_Font *f, float w,
                fig_WrapDraw draw, bool empty_line, const char **next)
{
    enum { RUN = 1000 };
    char run[RUN + 1];
    float sum = 0, space = width_of(m, " ", f);
    size_t best = 0, j = 0, len = strlen(str);
    while (j < len && j < RUN) {
        size_t i = j;
        while (j < len && j < RUN && !separator(str[j])) j++;
        float x;
        if (draw == FIG_WRAP_WORDS) {
            memcpy(run, str + i, j - i);
            run[j - i] = '\0';
            x = sum += width_of(m, run, f);
        } else {
            memcpy(run, str, j);
            run[j] = '\0';
            x = width_of(m, run, f);
        }
        if (x > w) {
            if (!best && empty_line) best = j;
            break;
        }
        best = j;
        while (j < len && separator(str[j])) j++, sum += space;
    }
    const char *e = str + best;
    if (best || !empty_line)
        while (separator(*e)) e++;
    *next = e;
    return best;
}

float fig_paragraph(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                    float y, float w, float line_h, int max_lines)
{
    char line[512];
    const char *p = str;
    int from = l->n;
    for (int n = 0; *p && n < max_lines; n++) {
        const char *next;
        size_t k = fig_wrap(m, p, f, w, FIG_WRAP_LINE, true, &next);
        if (k > sizeof line - 1) k = sizeof line - 1;
        memcpy(line, p, k);
        line[k] = '\0';
        bool last_cut = n + 1 == max_lines && *next;
        if (last_cut) {
            char cut[600];
            snprintf(cut, sizeof cut, "%s…", line);
            fig_fit(m, cut, f, w, line, sizeof line);
        }
        fig_text(l, m, line, f, x, y, FIG_LEFT | FIG_TOP);
        if (last_cut) fig_tip_from(l, from, str);  /* every line of it: hovering any shows it all */
        y += line_h;
        p = next;
    }
    return y;
}

int fig_label_step(float pitch, float need, bool nice)
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

float fig_title(fig_List *l, const fig_Measure *m, const fig_View *s, float w, const char *title,
                const char *subtitle)
{
    float y = fig_px(s, 14);
    if (!s->show_title) return y;
    float x = fig_px(s, 20);
    fig_Font tf = fig_font(s, 17, true, 1.0f), sf = fig_font(s, 12.5f, false, 0.62f);
    fig_Rect b = fig_text_fit(l, m, title, &tf, w - 2 * x, x, y, FIG_LEFT | FIG_TOP);
    l->cmds[l->n - 1].tag = FIG_TAG_TITLE;
    y = b.y + b.h + fig_px(s, 2);
    if (subtitle && subtitle[0])  /* on two lines before it is shortened */
        y = fig_paragraph(l, m, subtitle, &sf, x, y, w - 2 * x, m->height(m->ctx, sf.size), 2);
    return y + fig_px(s, 10);
}

void fig_message(fig_List *l, const fig_Measure *m, const fig_View *s, float w, float h,
                 const char *msg)
{
    fig_Font f = fig_font(s, 15, false, 0.7f);
    fig_text_fit(l, m, msg, &f, w - fig_px(s, 20), w * 0.5f, h * 0.5f, FIG_HCENTER | FIG_VCENTER);
}

void fig_arrowhead(fig_List *l, const vec2 p, const vec2 d, float size, float width,
                   const vec4 color)
{
    vec2 tip, u, base, n, a;
    memcpy(tip, p, sizeof tip);
    memcpy(u, d, sizeof u);
    glm_vec2_normalize(u);
    glm_vec2_scale(u, size, base);
    glm_vec2_sub(tip, base, base);  /* the middle of the head's back edge */
    for (int k = 0; k < 2; k++) {
        glm_vec2_scale((vec2){-u[1], u[0]}, size, n);
        glm_vec2_scale(n, k ? 0.5f : -0.5f, n);
        glm_vec2_add(base, n, a);
        fig_draw_line(l, a, p, width, color);
    }
}

void fig_grey(float level, vec4 out)
{
    glm_vec4_copy((vec4){level, level, level, 1.0f}, out);
}

int fig_view_heads(const fig_View *s, int H, int *out)
{
    int n = 0;
    for (int h = 0; h < H && n < FIG_MAX_HEADS; h++)
        if (fig_view_head_shown(s, h)) out[n++] = h;
    return n;
}

/* --- fig_view.h: state, naming --- */

void fig_view_state_default(fig_View *s)
{
    memset(s, 0, sizeof *s);
    s->kind = FIG_VIEW_MATRIX;
    s->head = -1;
    s->attn = FIG_ATTN_ENC;
    s->heads = ~(uint64_t)0;
    s->token = -1;
    s->orient = FIG_HORIZONTAL;
    s->zoom = 1.0f;
    s->hover_head = s->hover_row = s->hover_col = -1;
    s->scale = 1.0f;
    s->show_title = true;
}

void fig_view_clamp_pan(float zoom, int cols, int rows, vec2 pan)
{
    float max_c = fmaxf((float)cols - (float)cols / zoom, 0),
          max_r = fmaxf((float)rows - (float)rows / zoom, 0);
    pan[0] = fminf(fmaxf(pan[0], 0), max_c);
    pan[1] = fminf(fmaxf(pan[1], 0), max_r);
}

bool fig_view_head_shown(const fig_View *s, int h)
{
    return h >= 64 || (s->heads >> h) & 1u;
}

const char *fig_view_kind_name(fig_ViewKind k)
{
    static const char *names[FIG_VIEW_COUNT] = {"matrix", "lines", "grid", "arch",
                                                "diff", "lens", "beam"};
    return k >= 0 && k < FIG_VIEW_COUNT ? names[k] : "?";
}

const char *fig_view_attn_name(fig_Attn a)
{
    static const char *names[FIG_ATTN_COUNT] = {"enc", "dec", "cross"};
    return a >= 0 && a < FIG_ATTN_COUNT ? names[a] : "?";
}

const char *fig_view_attn_title(fig_Attn a)
{
    static const char *names[FIG_ATTN_COUNT] = {
        "Encoder self-attention", "Decoder self-attention (masked)",
        "Encoder-decoder attention"};
    return a >= 0 && a < FIG_ATTN_COUNT ? names[a] : "?";
}

void fig_view_attn_tensor(fig_Attn a, int layer, char *out, size_t cap)
{
    char name[TF_NAME_MAX];
    snprintf(out, cap, "%s",
             tf_site_name(tf_site_attn(fig_view_attn_kind(a), layer, TF_PART_WEIGHTS), name));
}

int fig_view_attn_layers(const tf_Config *cfg, fig_Attn a)
{
    return a == FIG_ATTN_ENC ? cfg->n_enc : cfg->n_dec;
}

tf_AttnKind fig_view_attn_kind(fig_Attn a)
{
    return a == FIG_ATTN_ENC ? TF_ATTN_ENC : a == FIG_ATTN_DEC ? TF_ATTN_DEC : TF_ATTN_CROSS;
}

fig_Attn fig_view_attn_from(tf_AttnKind k)
{
    return k == TF_ATTN_ENC ? FIG_ATTN_ENC : k == TF_ATTN_DEC ? FIG_ATTN_DEC
           : k == TF_ATTN_CROSS ? FIG_ATTN_CROSS : FIG_ATTN_COUNT;
}

bool fig_view_attn_of(tf_Site site, fig_Attn *a, int *layer)
{
    if (site.attn == TF_ATTN_NONE || (site.part != TF_PART_SCORES && site.part != TF_PART_WEIGHTS))
        return false;
    *a = fig_view_attn_from(site.attn);
    *layer = site.layer;
    return true;
}

/* fig_draw.c — the draw list's storage, hit testing and the cell map of matrix panels. Growth is geometric and memory is kept
 * across fig_draw_clear so that a window rebuilding its list every frame stops allocating after
 * the first; big lists (a grid of 35 000 lines) live on huge pages (tf_realloc_big). */
#include "fig_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tf_base.h"

void fig_draw_init(fig_List *l)
{
    memset(l, 0, sizeof *l);
    glm_vec4_copy((vec4){1, 1, 1, 1}, l->background);
}

void fig_draw_free(fig_List *l)
{
    tf_free_big(l->cmds, (size_t)l->cap * sizeof *l->cmds);
    tf_free_big(l->hits, (size_t)l->cap_hits * sizeof *l->hits);
    tf_free_big(l->pool, l->pool_cap);
    memset(l, 0, sizeof *l);
}

void fig_draw_clear(fig_List *l)
{
    l->n = 0;
    l->n_hits = 0;
    l->pool_used = 0;
}

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap) return p;
    int c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    void *q = tf_realloc_big(p, (size_t)*cap * elem, (size_t)c * elem);
    *cap = c;
    return q;
}

static fig_Cmd *push(fig_List *l, fig_CmdKind kind)
{
    l->cmds = grow(l->cmds, &l->cap, l->n + 1, sizeof *l->cmds);
    fig_Cmd *c = &l->cmds[l->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->i = c->j = c->k = -1;
    return c;
}

static uint32_t pool_put(fig_List *l, const void *data, size_t n)
{
    TF_ASSERT(l->pool_used + n < UINT32_MAX / 2);
    if (l->pool_used + n > l->pool_cap) {
        size_t c = l->pool_cap ? l->pool_cap : 4096;
        while (c < l->pool_used + n) c *= 2;
        l->pool = tf_realloc_big(l->pool, l->pool_cap, c);
        l->pool_cap = (uint32_t)c;
    }
    uint32_t at = l->pool_used;
    memcpy(l->pool + at, data, n);
    l->pool_used += (uint32_t)n;
    return at;
}

fig_Cmd *fig_draw_rect(fig_List *l, fig_Rect r, const vec4 color)
{
    fig_Cmd *c = push(l, FIG_CMD_RECT);
    c->r = r;
    memcpy(c->color, color, sizeof c->color);
    return c;
}

fig_Cmd *fig_draw_frame(fig_List *l, fig_Rect r, float width, const vec4 color)
{
    fig_Cmd *c = push(l, FIG_CMD_FRAME);
    c->r = r;
    c->width = width;
    memcpy(c->color, color, sizeof c->color);
    return c;
}

fig_Cmd *fig_draw_line(fig_List *l, const vec2 p0, const vec2 p1, float width, const vec4 color)
{
    fig_Cmd *c = push(l, FIG_CMD_LINE);
    memcpy(c->p0, p0, sizeof c->p0);
    memcpy(c->p1, p1, sizeof c->p1);
    c->width = width;
    memcpy(c->color, color, sizeof c->color);
    return c;
}

fig_Cmd *fig_draw_text(fig_List *l, const char *utf8, fig_Rect box, int size, float ascent,
                       fig_Rot rot, const vec4 color)
{
    uint32_t at = pool_put(l, utf8, strlen(utf8) + 1);
    fig_Cmd *c = push(l, FIG_CMD_TEXT);
    c->r = box;
    c->size = size;
    c->ascent = ascent;
    c->rot = rot;
    c->data = at;
    memcpy(c->color, color, sizeof c->color);
    return c;
}

fig_Cmd *fig_draw_image(fig_List *l, fig_Rect r, const uint8_t *rgba, int iw, int ih)
{
    /* keep pixel data 4-byte aligned in the pool */
    static const uint8_t zero[4];
    if (l->pool_used % 4) pool_put(l, zero, 4 - l->pool_used % 4);
    uint32_t at = pool_put(l, rgba, (size_t)iw * ih * 4);
    fig_Cmd *c = push(l, FIG_CMD_IMAGE);
    c->r = r;
    c->iw = iw;
    c->ih = ih;
    c->data = at;
    glm_vec4_one(c->color);
    return c;
}

void fig_draw_clip(fig_List *l, fig_Rect r)
{
    push(l, FIG_CMD_CLIP)->r = r;
}

void fig_draw_unclip(fig_List *l)
{
    push(l, FIG_CMD_CLIP)->r = (fig_Rect){0, 0, 0, 0};
}

const char *fig_draw_text_of(const fig_List *l, const fig_Cmd *c)
{
    return (const char *)l->pool + c->data;
}

void fig_draw_set_tip(fig_List *l, fig_Cmd *c, const char *full)
{
    c->tip = full && full[0] ? pool_put(l, full, strlen(full) + 1) + 1 : 0;
}

const char *fig_draw_tip_of(const fig_List *l, const fig_Cmd *c)
{
    return c->kind == FIG_CMD_TEXT && c->tip ? (const char *)l->pool + c->tip - 1 : NULL;
}

const uint8_t *fig_draw_pixels_of(const fig_List *l, const fig_Cmd *c)
{
    return l->pool + c->data;
}

fig_Hit *fig_draw_hit(fig_List *l, fig_HitKind kind, fig_Rect r)
{
    l->hits = grow(l->hits, &l->cap_hits, l->n_hits + 1, sizeof *l->hits);
    fig_Hit *h = &l->hits[l->n_hits++];
    memset(h, 0, sizeof *h);
    h->kind = kind;
    h->r = r;
    h->layer = h->head = h->index = -1;
    return h;
}

bool fig_draw_rect_contains(fig_Rect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool fig_draw_rect_overlap(fig_Rect a, fig_Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

bool fig_draw_hit_test(const fig_List *l, float x, float y, fig_HitResult *out)
{
    for (int i = l->n_hits - 1; i >= 0; i--) {
        const fig_Hit *h = &l->hits[i];
        if (!fig_draw_rect_contains(h->r, x, y)) continue;
        memset(out, 0, sizeof *out);
        out->kind = h->kind;
        out->layer = h->layer;
        out->head = h->head;
        out->side = h->side;
        out->index = h->index;
        out->row = out->col = -1;
        out->step = h->step;
        out->r = h->r;
        if (h->kind == FIG_HIT_CELLS) {
            vec2 cell;
            fig_cellmap_cell(&h->map, x, y, cell);
            int col = (int)floorf(cell[0]), row = (int)floorf(cell[1]);
            out->col = clampi(col, h->col0, h->col0 + h->cols - 1);
            out->row = clampi(row, h->row0, h->row0 + h->rows - 1);
        }
        return true;
    }
    return false;
}

void fig_cellmap(float x, float y, float cell_w, float cell_h, const vec2 pan, fig_CellMap *out)
{
    glm_mat3_identity(out->to_px);
    glm_translate2d(out->to_px, (vec2){x, y});
    glm_scale2d(out->to_px, (vec2){cell_w, cell_h});
    glm_translate2d(out->to_px, (vec2){-pan[0], -pan[1]});
    glm_mat3_inv(out->to_px, out->to_cell);
}

/* m · (x, y, w): w = 1 for a point, 0 for a direction */
static void apply(const mat3 m, float x, float y, float w, vec2 out)
{
    mat3 mm;
    vec3 r;
    memcpy(mm, m, sizeof mm);
    glm_mat3_mulv(mm, (vec3){x, y, w}, r);
    out[0] = r[0];
    out[1] = r[1];
}

void fig_cellmap_px(const fig_CellMap *m, float col, float row, vec2 out)
{
    apply(m->to_px, col, row, 1, out);
}

void fig_cellmap_cell(const fig_CellMap *m, float x, float y, vec2 out)
{
    apply(m->to_cell, x, y, 1, out);
}

void fig_cellmap_cell_delta(const fig_CellMap *m, float dx, float dy, vec2 out)
{
    apply(m->to_cell, dx, dy, 0, out);
}

fig_Rect fig_cellmap_rect(const fig_CellMap *m, int col, int row)
{
    vec2 p;
    fig_cellmap_px(m, (float)col, (float)row, p);
    return (fig_Rect){p[0], p[1], m->to_px[0][0], m->to_px[1][1]};
}

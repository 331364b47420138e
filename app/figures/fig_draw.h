/* fig_draw.h — the draw list: what a view wants on screen, as plain data. Views append commands
 * (filled rects, stroked lines, text boxes, small RGBA images, clip rectangles) in paint order;
 * backends replay the list (rd_sdl.c on an SDL_Renderer, rd_svg.c as SVG). Alongside the
 * picture a view records hit regions, so the window can ask what lies under the mouse without
 * knowing how the view laid itself out. Text is measured through fig_Measure, which the renderer
 * implements.
 * Not a renderer and not a scene graph: no SDL here, no transforms, no retained state beyond one
 * frame. Coordinates are output pixels, y down.
 *
 * Usage:
 *     fig_List l;
 *     fig_draw_init(&l);
 *     fig_draw_rect(&l, (fig_Rect){10, 10, 40, 20}, (vec4){1, 0, 0, 1});
 *     fig_draw_text(&l, "3 the", &box, 13, 11.5f, FIG_ROT_0, colour);   // box: measured
 *     fig_HitResult h;
 *     if (fig_draw_hit_test(&l, mx, my, &h) && h.kind == FIG_HIT_CELLS) ... h.row, h.col ...
 *     fig_draw_free(&l);
 */
#ifndef TF_FIG_DRAW_H
#define TF_FIG_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

#define FIG_TEXT_MIN 6
#define FIG_TEXT_MAX 160

/* What views may ask about text; the font behind it is the renderer's (rd_fonts.h). width:
 * advance width of one line of UTF-8 in pixels at a pixel size, regular or bold; height: the line
 * box height; ascent: baseline below the top of the line box. Sizes outside
 * FIG_TEXT_MIN..FIG_TEXT_MAX pixels are clamped. */
typedef struct {
    void *ctx;
    float (*width)(void *ctx, const char *utf8, int size, bool bold);
    float (*height)(void *ctx, int size);
    float (*ascent)(void *ctx, int size);
    /* the width in the monospaced face (tables); NULL: there is none, width serves */
    float (*width_mono)(void *ctx, const char *utf8, int size);
} fig_Measure;

#define FIG_STEP_MAX 64

typedef struct {
    float x, y, w, h;
} fig_Rect;

typedef enum {
    FIG_CMD_RECT,  /* filled rectangle */
    FIG_CMD_FRAME, /* rectangle outline of stroke width `width`, drawn inside the rectangle */
    FIG_CMD_LINE,  /* segment p0–p1 of stroke width `width`; alpha in color[3] */
    FIG_CMD_TEXT,  /* one line of UTF-8 in the box `r` (already measured by the view) */
    FIG_CMD_IMAGE, /* iw×ih RGBA pixels scaled (nearest) to `r`, for very dense matrices */
    FIG_CMD_CLIP,  /* clip later commands to `r`; a zero-size rect resets the clip */
    FIG_CMD_COUNT
} fig_CmdKind;

typedef enum {
    FIG_ROT_0,  /* normal text */
    FIG_ROT_90, /* a quarter turn counter-clockwise: reads bottom to top, box is h wide, w tall */
    FIG_ROT_COUNT
} fig_Rot;

/* What a command stands for, so tests and the window can find it again. */
typedef enum {
    FIG_TAG_NONE,
    FIG_TAG_CELL,        /* a matrix cell: i head, j row, k col */
    FIG_TAG_MASKED,      /* a masked matrix cell: i head, j row, k col */
    FIG_TAG_ATTN_LINE,   /* an attention line: i head, j query, k key; alpha = weight */
    FIG_TAG_LABEL,       /* text placed by the kit: axis and token labels, and the like */
    FIG_TAG_TITLE,
    FIG_TAG_COLORBAR,
    FIG_TAG_BOX,         /* an architecture box */
    FIG_TAG_TOOLTIP,     /* the window's tooltip: over everything, on purpose */
    FIG_TAG_SEQUENCE,    /* a sentence as a line of tokens: shortened, it leaves out tokens that
                          * the views show one by one */
    FIG_TAG_HINT,        /* help prose ("hover a cell…"): it names nothing a lesson refers to */
    FIG_TAG_SHEET,       /* an opaque card over the frame (help, export): what it covers is not seen */
    FIG_TAG_COUNT
} fig_Tag;

typedef struct {
    fig_CmdKind kind;
    fig_Tag tag;
    int i, j, k;        /* tag-specific indices; -1 when unused */
    vec4 color;         /* rgba in [0, 1], not premultiplied */
    fig_Rect r;          /* RECT, FRAME, TEXT (screen box), IMAGE, CLIP */
    vec2 p0, p1;        /* LINE */
    float width;        /* LINE, FRAME: stroke width */
    /* TEXT */
    int size;           /* font pixel size */
    float ascent;       /* baseline below the top of the unrotated box */
    fig_Rot rot;
    bool bold;
    bool mono;          /* TEXT: in the monospaced face (tables of numbers) */
    /* TEXT: offset of the string in the pool; IMAGE: offset of the pixels in the pool */
    uint32_t data;
    uint32_t tip;       /* TEXT shortened with "…": 1 + offset of the full text; 0: none */
    int iw, ih;         /* IMAGE */
} fig_Cmd;

typedef enum {
    FIG_HIT_CELLS, /* a grid of matrix cells; row and col follow from the position */
    FIG_HIT_TOKEN, /* a token label: side 0 = query (rows), 1 = key (columns); index */
    FIG_HIT_HEAD,  /* a head chip or panel title: head */
    FIG_HIT_STEP,  /* an architecture box or grid thumbnail: step (trace node name), layer, head */
    FIG_HIT_COUNT
} fig_HitKind;

/* Where a matrix's cells lie in a panel: cell coordinates (column, row; cell (c, r) covers
 * [c, c + 1) × [r, r + 1)) to pixels and back. The view's zoom and pan live in it, so one
 * transform serves drawing the cells, hit tests, hover outlines, wheel zoom and drag pan. */
typedef struct {
    mat3 to_px;    /* translate(origin) · scale(cell size) · translate(-pan) */
    mat3 to_cell;  /* its inverse */
} fig_CellMap;

typedef struct {
    fig_HitKind kind;
    fig_Rect r;
    int layer, head;      /* -1 when not applicable */
    int side, index;      /* TOKEN */
    /* CELLS: the region shows rows row0.. row0+rows-1 and cols col0.. col0+cols-1, placed by map
     * (pan may cut the first ones) */
    int row0, col0, rows, cols;
    fig_CellMap map;
    char step[FIG_STEP_MAX];
} fig_Hit;

typedef struct {
    fig_HitKind kind;
    int layer, head, side, index, row, col;
    const char *step;     /* points into the list; valid until it is cleared */
    fig_Rect r;            /* the region hit */
} fig_HitResult;

typedef struct {
    fig_Cmd *cmds;
    int n, cap;
    fig_Hit *hits;
    int n_hits, cap_hits;
    uint8_t *pool;        /* strings (NUL-terminated) and image pixels */
    uint32_t pool_used, pool_cap;
    vec4 background;      /* the canvas colour behind everything */
    float width, height;  /* canvas size the list was built for */
} fig_List;

void fig_draw_init(fig_List *l);
void fig_draw_free(fig_List *l);
/* Empties the list and keeps its memory, for the next frame. */
void fig_draw_clear(fig_List *l);

/* Each returns the new command, valid until the next append. */
fig_Cmd *fig_draw_rect(fig_List *l, fig_Rect r, const vec4 color);
fig_Cmd *fig_draw_frame(fig_List *l, fig_Rect r, float width, const vec4 color);
fig_Cmd *fig_draw_line(fig_List *l, const vec2 p0, const vec2 p1, float width, const vec4 color);
/* box: the screen box of the text as measured (for FIG_ROT_90 it is the turned box). */
fig_Cmd *fig_draw_text(fig_List *l, const char *utf8, fig_Rect box, int size, float ascent,
                       fig_Rot rot, const vec4 color);
/* Copies iw×ih RGBA pixels into the list. */
fig_Cmd *fig_draw_image(fig_List *l, fig_Rect r, const uint8_t *rgba, int iw, int ih);
void fig_draw_clip(fig_List *l, fig_Rect r);
void fig_draw_unclip(fig_List *l);

const char *fig_draw_text_of(const fig_List *l, const fig_Cmd *c);
/* The full text of a text command that shows it shortened (the window's tooltip on hover); the
 * tip of NULL or "" removes it. fig_draw_tip_of: NULL when the text is shown whole. */
void fig_draw_set_tip(fig_List *l, fig_Cmd *c, const char *full);
const char *fig_draw_tip_of(const fig_List *l, const fig_Cmd *c);
const uint8_t *fig_draw_pixels_of(const fig_List *l, const fig_Cmd *c);

fig_Hit *fig_draw_hit(fig_List *l, fig_HitKind kind, fig_Rect r);
/* The topmost (last added) region under (x, y); false when none. */
bool fig_draw_hit_test(const fig_List *l, float x, float y, fig_HitResult *out);

bool fig_draw_rect_contains(fig_Rect r, float x, float y);

/* The cells of a panel whose top-left corner is (x, y), each cell_w × cell_h pixels (zoom
 * applied), with cell coordinates pan at that corner. */
void fig_cellmap(float x, float y, float cell_w, float cell_h, const vec2 pan, fig_CellMap *out);
/* The pixel of cell coordinates (col, row), and the cell coordinates of pixel (x, y). */
void fig_cellmap_px(const fig_CellMap *m, float col, float row, vec2 out);
void fig_cellmap_cell(const fig_CellMap *m, float x, float y, vec2 out);
/* A move of (dx, dy) pixels in cells (a drag). */
void fig_cellmap_cell_delta(const fig_CellMap *m, float dx, float dy, vec2 out);
/* The box of cell (col, row). */
fig_Rect fig_cellmap_rect(const fig_CellMap *m, int col, int row);
bool fig_draw_rect_overlap(fig_Rect a, fig_Rect b);

#endif

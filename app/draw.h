/* draw.h — the draw list: what a view wants on screen, as plain data. Views append commands
 * (filled rects, stroked lines, text boxes, small RGBA images, clip rectangles) in paint order;
 * backends replay the list (render_sdl.c on an SDL_Renderer, svg_out.c as SVG). Alongside the
 * picture a view records hit regions, so the window can ask what lies under the mouse without
 * knowing how the view laid itself out.
 * Not a renderer and not a scene graph: no SDL here, no transforms, no retained state beyond one
 * frame. Coordinates are output pixels, y down.
 *
 * Usage:
 *     dr_List l;
 *     dr_init(&l);
 *     dr_rect(&l, (dr_Rect){10, 10, 40, 20}, (vec4){1, 0, 0, 1});
 *     dr_text(&l, "3 the", &box, 13, 11.5f, DR_ROT_0, colour);   // box from text.h layout
 *     dr_HitResult h;
 *     if (dr_hit_test(&l, mx, my, &h) && h.kind == DR_HIT_CELLS) ... h.row, h.col ...
 *     dr_free(&l);
 */
#ifndef TF_DRAW_H
#define TF_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <cglm/cglm.h>

#define DR_STEP_MAX 64

typedef struct {
    float x, y, w, h;
} dr_Rect;

typedef enum {
    DR_RECT,   /* filled rectangle */
    DR_FRAME,  /* rectangle outline of stroke width `width`, drawn inside the rectangle */
    DR_LINE,   /* segment p0–p1 of stroke width `width`; alpha in color[3] */
    DR_TEXT,   /* one line of UTF-8 in the box `r` (already measured by the view) */
    DR_IMAGE,  /* iw×ih RGBA pixels scaled (nearest) to `r`; used for matrices too dense for rects */
    DR_CLIP,   /* clip later commands to `r`; a zero-size rect resets the clip */
    DR_KIND_COUNT
} dr_Kind;

typedef enum {
    DR_ROT_0,   /* normal text */
    DR_ROT_90,  /* turned a quarter counter-clockwise: reads bottom to top, box is h wide, w tall */
    DR_ROT_COUNT
} dr_Rot;

/* What a command stands for, so tests and the window can find it again. */
typedef enum {
    DR_TAG_NONE,
    DR_TAG_CELL,        /* a matrix cell: i head, j row, k col */
    DR_TAG_MASKED,      /* a masked matrix cell: i head, j row, k col */
    DR_TAG_ATTN_LINE,   /* an attention line: i head, j query, k key; alpha = weight */
    DR_TAG_LABEL,       /* an axis or token label */
    DR_TAG_TITLE,
    DR_TAG_COLORBAR,
    DR_TAG_BOX,         /* an architecture box */
    DR_TAG_COUNT
} dr_Tag;

typedef struct {
    dr_Kind kind;
    dr_Tag tag;
    int i, j, k;        /* tag-specific indices; -1 when unused */
    vec4 color;         /* rgba in [0, 1], not premultiplied */
    dr_Rect r;          /* RECT, FRAME, TEXT (screen box), IMAGE, CLIP */
    vec2 p0, p1;        /* LINE */
    float width;        /* LINE, FRAME: stroke width */
    /* TEXT */
    int size;           /* font pixel size */
    float ascent;       /* baseline below the top of the unrotated box */
    dr_Rot rot;
    bool bold;
    /* TEXT: offset of the string in the pool; IMAGE: offset of the pixels in the pool */
    uint32_t data;
    int iw, ih;         /* IMAGE */
} dr_Cmd;

typedef enum {
    DR_HIT_CELLS,  /* a grid of matrix cells; row and col follow from the position */
    DR_HIT_TOKEN,  /* a token label: side 0 = query (rows), 1 = key (columns); index */
    DR_HIT_HEAD,   /* a head chip or panel title: head */
    DR_HIT_STEP,   /* an architecture box or a grid thumbnail: step (trace node name), layer, head */
    DR_HIT_COUNT
} dr_HitKind;

typedef struct {
    dr_HitKind kind;
    dr_Rect r;
    int layer, head;      /* -1 when not applicable */
    int side, index;      /* TOKEN */
    /* CELLS: the region shows rows row0.. row0+rows-1 and cols col0.. col0+cols-1, each cell
     * cell_w × cell_h pixels starting at (r.x - off_x, r.y - off_y) (pan may cut the first cell) */
    int row0, col0, rows, cols;
    float cell_w, cell_h, off_x, off_y;
    char step[DR_STEP_MAX];
} dr_Hit;

typedef struct {
    dr_HitKind kind;
    int layer, head, side, index, row, col;
    const char *step;     /* points into the list; valid until it is cleared */
    dr_Rect r;            /* the region hit */
} dr_HitResult;

typedef struct {
    dr_Cmd *cmds;
    int n, cap;
    dr_Hit *hits;
    int n_hits, cap_hits;
    uint8_t *pool;        /* strings (NUL-terminated) and image pixels */
    uint32_t pool_used, pool_cap;
    vec4 background;      /* the canvas colour behind everything */
    float width, height;  /* canvas size the list was built for */
} dr_List;

void dr_init(dr_List *l);
void dr_free(dr_List *l);
/* Empties the list and keeps its memory, for the next frame. */
void dr_clear(dr_List *l);

/* Each returns the new command, valid until the next append. */
dr_Cmd *dr_rect(dr_List *l, dr_Rect r, const vec4 color);
dr_Cmd *dr_frame(dr_List *l, dr_Rect r, float width, const vec4 color);
dr_Cmd *dr_line(dr_List *l, const vec2 p0, const vec2 p1, float width, const vec4 color);
/* box: the screen box of the text as measured (for DR_ROT_90 it is the turned box). */
dr_Cmd *dr_text(dr_List *l, const char *utf8, dr_Rect box, int size, float ascent, dr_Rot rot,
                const vec4 color);
/* Copies iw×ih RGBA pixels into the list. */
dr_Cmd *dr_image(dr_List *l, dr_Rect r, const uint8_t *rgba, int iw, int ih);
void dr_clip(dr_List *l, dr_Rect r);
void dr_unclip(dr_List *l);

const char *dr_text_of(const dr_List *l, const dr_Cmd *c);
const uint8_t *dr_pixels_of(const dr_List *l, const dr_Cmd *c);

dr_Hit *dr_hit(dr_List *l, dr_HitKind kind, dr_Rect r);
/* The topmost (last added) region under (x, y); false when none. */
bool dr_hit_test(const dr_List *l, float x, float y, dr_HitResult *out);

bool dr_rect_contains(dr_Rect r, float x, float y);
bool dr_rect_overlap(dr_Rect a, dr_Rect b);

#endif

/* win_layout.h — one frame of the window as a draw list, built from the state: the top bar with the
 * sentence field, the Korean output strip, the architecture diagram as navigator, the info panel,
 * the main view (the current step with the tensors it came from, or one tensor, the Figure-3
 * lines, the all-heads grid), the timeline, the status line, and the help, first-start and
 * message overlays. Besides the picture, a frame keeps what input needs to know: the widgets
 * (buttons, chips, field, timeline) and the views' own hit regions (cells, tokens, heads, boxes).
 * Not SDL and not input handling (win_input.c, win_mouse.c); sizes are output pixels.
 *
 * Usage:
 *     win_Frame f;
 *     win_frame_init(&f, rd_fonts_measure(fonts));
 *     each frame: win_frame_build(&f, &st, out_w, out_h, dpi_scale);
 *                 rd_sdl_draw(rs, &f.out); (each panel's list at panel.r);
 *                 rd_sdl_play(rs, &f.over);
 *     win_frame_free(&f);
 */
#ifndef TF_WIN_LAYOUT_H
#define TF_WIN_LAYOUT_H

#include <stdio.h>

#include "fig_draw.h"
#include "fig_view.h"
#include "rd_fonts.h"
#include "win_state.h"

typedef enum {
    WIN_W_NONE,
    WIN_W_FIELD,
    WIN_W_RUN,
    WIN_W_DECODE,
    WIN_W_LANG,
    WIN_W_EXPORT,
    WIN_W_HELP,
    WIN_W_MODE,         /* arg: win_Mode */
    WIN_W_HEAD,         /* arg: head */
    WIN_W_HEADS_ALL,
    WIN_W_PLAY,
    WIN_W_SPEED,        /* arg: +1 / -1 */
    WIN_W_TIMELINE,
    WIN_W_SNAPBAR,
    WIN_W_OUT_TOKEN,    /* arg: output position */
    WIN_W_OUT_ALL,
    WIN_W_SUGGEST,      /* arg: unknown word * WIN_SUGGEST_MAX + suggestion */
    WIN_W_INPUT_LINK,   /* arg: node index */
    WIN_W_STEP,         /* arg: +1 / -1 (timeline arrows) */
    WIN_W_OVERLAY,      /* help or hint: a click closes it */
    WIN_W_WHATIF_RESET, /* undo every intervention */
    WIN_W_WHATIF_SWITCH,/* arg: win_WhatifSwitch */
    WIN_W_SIDE_TAB,     /* the folded lesson panel's tab: unfolds it */
    WIN_W_SAVE_CARD,    /* the export dialog: a click elsewhere on it does nothing */
    WIN_W_SAVE_PART,    /* arg: win_SavePart, its field or row */
    WIN_W_SAVE_FORMAT,  /* arg: win_Format */
    WIN_W_SAVE_OK,
    WIN_W_SAVE_CANCEL,
    WIN_W_COUNT
} win_WidgetId;

typedef struct {
    win_WidgetId id;
    int arg;
    fig_Rect r;
} win_Widget;

#define WIN_MAIN_PANELS 3
#define WIN_PROJECTOR_SCALE 1.25f  /* the interface in projector mode, times the usual size */
#define WIN_SHEET_W 760  /* layout points: a window narrower shows the lesson or the views, not both */

/* A view drawn into part of the frame: its own draw list (for hit testing in its coordinates),
 * where it sits, and the state it was built from (so an unchanged panel is not rebuilt). */
typedef struct {
    fig_List list;
    fig_Rect r;
    fig_View vs;
    unsigned generation;
    bool valid;
    unsigned serial;             /* grows whenever list is rebuilt (the window re-renders it) */
    unsigned palette;            /* fig_palette_serial() it was built with */
    bool shown;                  /* placed in this frame */
} win_Panel;

/* Whether the step view showed its attention step alone, for that view state, panel size and
 * trace: laying the matrix out twice to decide is not done on every frame. */
typedef struct {
    bool valid, alone;
    fig_View vs;
    float pw, w, h;
    unsigned generation;
} win_StepFit;

typedef struct {
    fig_Measure m;
    /* The frame in three layers: out (bars, field, chips, info, timeline), then the panels'
     * lists at their rects, then over (outlines of hovered and highlighted cells, suggestions,
     * messages, help). The window caches each panel as a texture while its serial holds. */
    fig_List out;
    fig_List over;
    win_Panel nav;                /* the architecture diagram */
    win_Panel main[WIN_MAIN_PANELS];
    int n_main;
    win_StepFit step_fit;
    win_Widget *widgets;
    int n_widgets, cap_widgets;
    float scale;                 /* output pixels per layout pixel */
    int width, height;
    bool too_small;
    fig_Rect r_top, r_field, r_strip, r_nav, r_info, r_tabs, r_main, r_timeline, r_snap, r_status,
           r_side;
    float tl_x0, tl_w;           /* the timeline's track */
    float snap_x0, snap_w;       /* the snapshot bar's track */
    float field_text_x;          /* where byte field_vis0 of the field's text is drawn */
    int field_vis0, field_vis1;  /* the bytes of the field drawn */
    char refs[WIN_REFS_MAX][WIN_REF_LEN];  /* what the side panel names (win_SideHooks.refs) */
    int n_refs;
} win_Frame;

void win_frame_init(win_Frame *f, fig_Measure m);
void win_frame_free(win_Frame *f);
/* w, h: output pixels; dpi: output pixels per window point (HiDPI). */
void win_frame_build(win_Frame *f, const win_State *st, int w, int h, float dpi);

/* The three layers as one list (for a figure of the whole window, or tests). */
void win_frame_compose(const win_Frame *f, fig_List *dst);

/* What a frame did to its texts (win_layout_report.c): how many it drew, shortened with "…",
 * clipped, or drew over another text, and how many of the texts shown shortened (or abbreviated)
 * hold something the lesson panel names (refs); with out, a line for each such text and the
 * counts. */
typedef struct {
    int texts, shortened, clipped, overlapping, named;
} win_LayoutCounts;
void win_layout_report(const win_Frame *f, win_LayoutCounts *counts, FILE *out);

/* The full text of the shortened text under (x, y) (the tooltip), or NULL. */
const char *win_frame_tip_at(const win_Frame *f, float x, float y);
/* The topmost widget under (x, y), or NULL. */
const win_Widget *win_frame_widget_at(const win_Frame *f, float x, float y);
/* The view under (x, y): panel -1 = navigator, 0.. = main panels; hit in the panel's own
 * coordinates (px, py get them). False when no view region is there. */
bool win_frame_panel_at(const win_Frame *f, float x, float y, int *panel, fig_HitResult *hit,
                        float *px, float *py);
const win_Panel *win_frame_panel(const win_Frame *f, int panel);
/* The byte offset of the field's text nearest to x. */
int win_frame_field_offset(const win_Frame *f, const win_State *st, float x);

/* "tfscope — model.safetensors — it is in this spirit …" */
void win_window_title(const win_State *st, char *out, size_t cap);
/* The view state of the main view's primary panel (what export writes). */
void win_primary_view(const win_State *st, fig_View *vs);

#endif

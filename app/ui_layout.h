/* ui_layout.h — one frame of the window as a draw list, built from the state: the top bar with the
 * sentence field, the Korean output strip, the architecture diagram as navigator, the info panel,
 * the main view (the current step with the tensors it came from, or one tensor, the Figure-3
 * lines, the all-heads grid), the timeline, the status line, and the help, first-start and
 * message overlays. Besides the picture, a frame keeps what input needs to know: the widgets
 * (buttons, chips, field, timeline) and the views' own hit regions (cells, tokens, heads, boxes).
 * Not SDL and not input handling (ui_input.c); sizes are output pixels.
 *
 * Usage:
 *     ui_Frame f;
 *     ui_frame_init(&f, tx_fonts_measure(fonts));
 *     each frame: ui_frame_build(&f, &st, out_w, out_h, dpi_scale);
 *                 rs_draw(rs, &f.out); (each panel's list at panel.r); rs_play(rs, &f.over);
 *     ui_frame_free(&f);
 */
#ifndef TF_UI_LAYOUT_H
#define TF_UI_LAYOUT_H

#include "draw.h"
#include "text.h"
#include "ui_state.h"
#include "views.h"

typedef enum {
    UI_W_NONE,
    UI_W_FIELD,
    UI_W_RUN,
    UI_W_DECODE,
    UI_W_LANG,
    UI_W_EXPORT,
    UI_W_HELP,
    UI_W_MODE,         /* arg: ui_Mode */
    UI_W_HEAD,         /* arg: head */
    UI_W_HEADS_ALL,
    UI_W_PLAY,
    UI_W_SPEED,        /* arg: +1 / -1 */
    UI_W_TIMELINE,
    UI_W_SNAPBAR,
    UI_W_OUT_TOKEN,    /* arg: output position */
    UI_W_OUT_ALL,
    UI_W_SUGGEST,      /* arg: unknown word * UI_SUGGEST_MAX + suggestion */
    UI_W_INPUT_LINK,   /* arg: node index */
    UI_W_STEP,         /* arg: +1 / -1 (timeline arrows) */
    UI_W_OVERLAY,      /* help or hint: a click closes it */
    UI_W_COUNT
} ui_WidgetId;

typedef struct {
    ui_WidgetId id;
    int arg;
    dr_Rect r;
} ui_Widget;

#define UI_MAIN_PANELS 3

/* A view drawn into part of the frame: its own draw list (for hit testing in its coordinates),
 * where it sits, and the state it was built from (so an unchanged panel is not rebuilt). */
typedef struct {
    dr_List list;
    dr_Rect r;
    vw_State vs;
    unsigned generation;
    bool valid;
    unsigned serial;             /* grows whenever list is rebuilt (the window re-renders it) */
    bool shown;                  /* placed in this frame */
} ui_Panel;

typedef struct {
    tx_Measure m;
    /* The frame in three layers: out (bars, field, chips, info, timeline), then the panels'
     * lists at their rects, then over (outlines of hovered and highlighted cells, suggestions,
     * messages, help). The window caches each panel as a texture while its serial holds. */
    dr_List out;
    dr_List over;
    ui_Panel nav;                /* the architecture diagram */
    ui_Panel main[UI_MAIN_PANELS];
    int n_main;
    ui_Widget *widgets;
    int n_widgets, cap_widgets;
    float scale;                 /* output pixels per layout pixel */
    int width, height;
    bool too_small;
    dr_Rect r_top, r_field, r_strip, r_nav, r_info, r_tabs, r_main, r_timeline, r_snap, r_status,
           r_side;
    float tl_x0, tl_w;           /* the timeline's track */
    float snap_x0, snap_w;       /* the snapshot bar's track */
    float field_text_x;          /* where byte field_vis0 of the field's text is drawn */
    int field_vis0, field_vis1;  /* the bytes of the field drawn */
} ui_Frame;

void ui_frame_init(ui_Frame *f, tx_Measure m);
void ui_frame_free(ui_Frame *f);
/* w, h: output pixels; dpi: output pixels per window point (HiDPI). */
void ui_frame_build(ui_Frame *f, const ui_State *st, int w, int h, float dpi);

/* The three layers as one list (for a figure of the whole window, or tests). */
void ui_frame_compose(const ui_Frame *f, dr_List *dst);

/* The topmost widget under (x, y), or NULL. */
const ui_Widget *ui_frame_widget_at(const ui_Frame *f, float x, float y);
/* The view under (x, y): panel -1 = navigator, 0.. = main panels; hit in the panel's own
 * coordinates (px, py get them). False when no view region is there. */
bool ui_frame_panel_at(const ui_Frame *f, float x, float y, int *panel, dr_HitResult *hit,
                       float *px, float *py);
const ui_Panel *ui_frame_panel(const ui_Frame *f, int panel);
/* The byte offset of the field's text nearest to x. */
int ui_frame_field_offset(const ui_Frame *f, const ui_State *st, float x);

/* "tfscope — model.safetensors — it is in this spirit …" */
void ui_window_title(const ui_State *st, char *out, size_t cap);
/* The view state of the main view's primary panel (what export writes). */
void ui_primary_view(const ui_State *st, vw_State *vs);

#endif

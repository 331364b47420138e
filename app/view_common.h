/* view_common.h — what the views share and nobody else needs: placing measured text with an
 * anchor, shortening labels to a width, thinning labels so that they never overlap, titles,
 * messages, and the house palette of greys. Private to app/view_*.c. */
#ifndef TF_VIEW_COMMON_H
#define TF_VIEW_COMMON_H

#include <stddef.h>

#include "colormap.h"
#include "views.h"

/* Anchor of a text box at (x, y): one horizontal and one vertical flag. */
enum {
    VC_LEFT = 1, VC_HCENTER = 2, VC_RIGHT = 4,
    VC_TOP = 8, VC_VCENTER = 16, VC_BOTTOM = 32,
};

typedef struct {
    int size;
    bool bold;
    dr_Rot rot;
    vec4 color;
} vc_Font;

float vc_px(const vw_State *s, float px);     /* px × UI scale */
int vc_size(const vw_State *s, float px);     /* font pixel size at UI scale, rounded */
vc_Font vc_font(const vw_State *s, float px, bool bold, float ink_alpha);

/* The screen box the text would cover at (x, y) with the anchor. */
dr_Rect vc_text_box(const tx_Measure *m, const char *str, const vc_Font *f, float x, float y,
                    int anchor);
/* Emits the text and returns its box. */
dr_Rect vc_text(dr_List *l, const tx_Measure *m, const char *str, const vc_Font *f, float x,
                float y, int anchor);
/* Copies str into out, shortened with "…" so that it is at most max_w wide. */
void vc_fit(const tx_Measure *m, const char *str, const vc_Font *f, float max_w, char *out,
            size_t cap);

/* Every how many labels one can be drawn: the smallest step whose spacing (pitch × step) holds
 * a label of extent need. nice: steps 1, 2, 5, 10, 20, 50, ... (for index axes). */
int vc_label_step(float pitch, float need, bool nice);

/* Title (bold) and subtitle at the top of the view; returns the y below them. */
float vc_title(dr_List *l, const tx_Measure *m, const vw_State *s, float w, const char *title,
               const char *subtitle);
/* A centred message in place of a view that cannot be drawn. */
void vc_message(dr_List *l, const tx_Measure *m, const vw_State *s, float w, float h,
                const char *msg);

/* An arrowhead at p pointing along direction d (unit vector not required). */
void vc_arrowhead(dr_List *l, const vec2 p, const vec2 d, float size, float width,
                  const vec4 color);

/* One line per shown head, query (only sel when >= 0) and key, from qpos[q] to kpos[k], with
 * alpha = weight, tagged DR_TAG_ATTN_LINE (i head, j query, k key). n: weights [H, Q, K]. */
void vc_attention_lines(dr_List *l, const tf_Node *n, const int *heads, int n_heads, int sel,
                        vec2 *qpos, vec2 *kpos, float width);

/* Greys of the figures. */
void vc_grey(float level, vec4 out);   /* opaque grey: 0 black .. 1 white */


#endif

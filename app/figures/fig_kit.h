/* fig_kit.h — what the views share and nobody else needs: placing measured text with an
 * anchor, shortening labels to a width, thinning labels so that they never overlap, titles,
 * messages, and the house palette of greys. Private to the views in figures/. Its functions
 * carry the folder's prefix alone (fig_text, fig_fit, fig_px, ...): they are the figures' kit. */
#ifndef TF_FIG_KIT_H
#define TF_FIG_KIT_H

#include <stddef.h>

#include "fig_cmap.h"
#include "fig_view.h"

/* Anchor of a text box at (x, y): one horizontal and one vertical flag. */
enum {
    FIG_LEFT = 1, FIG_HCENTER = 2, FIG_RIGHT = 4,
    FIG_TOP = 8, FIG_VCENTER = 16, FIG_BOTTOM = 32,
};

typedef struct {
    int size;
    bool bold;
    fig_Rot rot;
    vec4 color;
} fig_Font;

float fig_px(const fig_View *s, float px);     /* px × UI scale */
int fig_size(const fig_View *s, float px);     /* font pixel size at UI scale, rounded */
fig_Font fig_font(const fig_View *s, float px, bool bold, float ink_alpha);

/* The screen box the text would cover at (x, y) with the anchor. */
fig_Rect fig_text_box(const fig_Measure *m, const char *str, const fig_Font *f, float x, float y,
                      int anchor);
/* Emits the text and returns its box. */
fig_Rect fig_text(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                  float y, int anchor);
/* Copies str into out, shortened with "…" so that it is at most max_w wide. */
void fig_fit(const fig_Measure *m, const char *str, const fig_Font *f, float max_w, char *out,
             size_t cap);

/* Every how many labels one can be drawn: the smallest step whose spacing (pitch × step) holds
 * a label of extent need. nice: steps 1, 2, 5, 10, 20, 50, ... (for index axes). */
int fig_label_step(float pitch, float need, bool nice);

/* Title (bold) and subtitle at the top of the view; returns the y below them. */
float fig_title(fig_List *l, const fig_Measure *m, const fig_View *s, float w, const char *title,
                const char *subtitle);
/* A centred message in place of a view that cannot be drawn. */
void fig_message(fig_List *l, const fig_Measure *m, const fig_View *s, float w, float h,
                 const char *msg);

/* An arrowhead at p pointing along direction d (unit vector not required). */
void fig_arrowhead(fig_List *l, const vec2 p, const vec2 d, float size, float width,
                   const vec4 color);

/* One line per shown head, query (only sel when >= 0) and key, from qpos[q] to kpos[k], with
 * alpha = weight, tagged FIG_TAG_ATTN_LINE (i head, j query, k key). n: weights [H, Q, K]. */
void fig_attention_lines(fig_List *l, const tf_Node *n, const int *heads, int n_heads, int sel,
                         vec2 *qpos, vec2 *kpos, float width);

/* Greys of the figures. */
void fig_grey(float level, vec4 out);   /* opaque grey: 0 black .. 1 white */


#endif

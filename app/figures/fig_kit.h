/* fig_kit.h — the figure kit: what the views, the window's chrome and the lesson panel draw
 * text and colour with. One palette; text placed at an anchor; text shortened with "…" to a
 * width (fig_fit); text broken into lines at spaces (fig_wrap, fig_paragraph); and, for the
 * views, sizes at the view's scale, label thinning, titles, messages and the greys of figures.
 * Its functions carry the folder's prefix alone (fig_text, fig_fit, fig_px, ...).
 * Not a layout engine: callers place boxes; the kit only measures and emits. */
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

/* The palette of the window and the lesson panel (figures colour with fig_cmap.h and fig_grey). */
extern const vec4 FIG_C_BG;           /* the window behind the panels */
extern const vec4 FIG_C_TOP;          /* the top bar */
extern const vec4 FIG_C_TOP_DIM;      /* dim text on the top bar */
extern const vec4 FIG_C_BUTTON;       /* dark buttons */
extern const vec4 FIG_C_WHITE;
extern const vec4 FIG_C_BORDER;
extern const vec4 FIG_C_HEADER;       /* panel header lines */
extern const vec4 FIG_C_TEXT;
extern const vec4 FIG_C_DIM;          /* secondary text */
extern const vec4 FIG_C_FAINT;        /* tracks, separators */
extern const vec4 FIG_C_ACCENT;       /* selection, links, primary buttons */
extern const vec4 FIG_C_ACCENT_SOFT;
extern const vec4 FIG_C_ERROR;        /* errors, a wrong answer */
extern const vec4 FIG_C_RIGHT;        /* a right answer */
extern const vec4 FIG_C_MARK;         /* cells a lesson outlines */
extern const vec4 FIG_C_PAPER;        /* the lesson panel's page */
extern const vec4 FIG_C_EMPH;         /* emphasis in lesson text */
extern const vec4 FIG_C_CODE;         /* inline code, and its box */
extern const vec4 FIG_C_CODE_BG;
extern const vec4 FIG_C_QUIZ_BG;

float fig_px(const fig_View *s, float px);     /* px × UI scale */
int fig_size(const fig_View *s, float px);     /* font pixel size at UI scale, rounded */
fig_Font fig_font(const fig_View *s, float px, bool bold, float ink_alpha);

/* The screen box the text would cover at (x, y) with the anchor. */
fig_Rect fig_text_box(const fig_Measure *m, const char *str, const fig_Font *f, float x, float y,
                      int anchor);
/* Emits the text (tagged FIG_TAG_LABEL) and returns its box; nothing for "". */
fig_Rect fig_text(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                  float y, int anchor);
/* Copies str into out, shortened with "…" so that it is at most max_w wide: the longest prefix
 * of whole characters that fits with the ellipsis (at most 1000 bytes of str are kept). */
void fig_fit(const fig_Measure *m, const char *str, const fig_Font *f, float max_w, char *out,
             size_t cap);
/* How text will be drawn, so that fig_wrap measures it as it will be seen: each line as one
 * string, or word by word, a space's width apart (rich text, as the lesson panel draws it). */
typedef enum { FIG_WRAP_LINE, FIG_WRAP_WORDS, FIG_WRAP_COUNT } fig_WrapDraw;
/* How much of str goes on a line w wide: the longest run of whole words (split at spaces and
 * newlines) that fits as drawn; when not even the first word fits, that word alone if the line
 * is empty (empty_line), else 0. *next: where the following line's text starts (the separators
 * after the run skipped). A run is at most 1000 bytes. */
size_t fig_wrap(const fig_Measure *m, const char *str, const fig_Font *f, float w,
                fig_WrapDraw draw, bool empty_line, const char **next);
/* str in lines of at most w (fig_wrap), each line_h below the last, from (x, y); at most
 * max_lines, the last one shortened with "…" when text is left over. Returns the y below. */
float fig_paragraph(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                    float y, float w, float line_h, int max_lines);

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

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
    bool mono;     /* the monospaced face (tables of numbers; level text only) */
} fig_Font;

/* The palette of the window and the lesson panel (figures colour with fig_cmap.h and fig_grey).
 * One palette for the whole process, chosen with fig_palette_use: the standard one, or the
 * projector's (stronger contrast: darker secondary text, borders and figure ink, a white page);
 * and the heads' colours (fig_cmap_head): Paul Tol's muted set or Okabe and Ito's. The window
 * chooses it from its state before each frame; `export --palette` before drawing. */
typedef struct {
    vec4 bg;           /* the window behind the panels */
    vec4 top;          /* the top bar */
    vec4 top_dim;      /* dim text on the top bar */
    vec4 button;       /* dark buttons */
    vec4 white;
    vec4 border;
    vec4 header;       /* panel header lines */
    vec4 text;
    vec4 dim;          /* secondary text */
    vec4 faint;        /* tracks, separators */
    vec4 accent;       /* selection, links, primary buttons */
    vec4 accent_soft;
    vec4 error;        /* errors, a wrong answer */
    vec4 right;        /* a right answer */
    vec4 mark;         /* cells a lesson outlines */
    vec4 paper;        /* the lesson panel's page */
    vec4 emph;         /* emphasis in lesson text */
    vec4 code;         /* inline code, and its box */
    vec4 code_bg;
    vec4 quiz_bg;
} fig_Palette;

typedef enum { FIG_THEME_STANDARD, FIG_THEME_PROJECTOR, FIG_THEME_COUNT } fig_Theme;

/* Chooses the palette and the heads' colours for everything drawn from now on. */
void fig_palette_use(fig_Theme theme, fig_HeadColors heads);
const fig_Palette *fig_palette(void);
fig_Theme fig_palette_theme(void);
/* Grows whenever fig_palette_use changes the choice: what was drawn before is stale. */
unsigned fig_palette_serial(void);
/* "standard", "cb" (or "okabe-ito"): the heads' colours of --palette; false when unknown. */
bool fig_palette_parse(const char *name, fig_HeadColors *out);

#define FIG_C_BG (fig_palette()->bg)
#define FIG_C_TOP (fig_palette()->top)
#define FIG_C_TOP_DIM (fig_palette()->top_dim)
#define FIG_C_BUTTON (fig_palette()->button)
#define FIG_C_WHITE (fig_palette()->white)
#define FIG_C_BORDER (fig_palette()->border)
#define FIG_C_HEADER (fig_palette()->header)
#define FIG_C_TEXT (fig_palette()->text)
#define FIG_C_DIM (fig_palette()->dim)
#define FIG_C_FAINT (fig_palette()->faint)
#define FIG_C_ACCENT (fig_palette()->accent)
#define FIG_C_ACCENT_SOFT (fig_palette()->accent_soft)
#define FIG_C_ERROR (fig_palette()->error)
#define FIG_C_RIGHT (fig_palette()->right)
#define FIG_C_MARK (fig_palette()->mark)
#define FIG_C_PAPER (fig_palette()->paper)
#define FIG_C_EMPH (fig_palette()->emph)
#define FIG_C_CODE (fig_palette()->code)
#define FIG_C_CODE_BG (fig_palette()->code_bg)
#define FIG_C_QUIZ_BG (fig_palette()->quiz_bg)

float fig_px(const fig_View *s, float px);     /* px × UI scale */
int fig_size(const fig_View *s, float px);     /* font pixel size at UI scale, rounded */
fig_Font fig_font(const fig_View *s, float px, bool bold, float ink_alpha);

/* How long the text is along its line: its width, or for turned text its height on screen.
 * Turned text with Hangul is not turned but stacked, each character upright under the last
 * (fig_text draws it so; turned Hangul reads poorly), which this measures. */
float fig_text_length(const fig_Measure *m, const char *str, const fig_Font *f);
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
/* fig_fit, then fig_text: str at most max_w wide; when shortened, the command carries str whole
 * as its tip (the window shows it on hover). */
fig_Rect fig_text_fit(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f,
                      float max_w, float x, float y, int anchor);
/* The last command, when it is text, gets full as its tip (for text shortened otherwise than by
 * fig_fit, e.g. a "…" standing for items left out). */
void fig_tip(fig_List *l, const char *full);
/* The same for every text command from index from on (a label drawn as several commands). */
void fig_tip_from(fig_List *l, int from, const char *full);
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
 * max_lines, the last one shortened with "…" when text is left over (its tip: str whole).
 * Returns the y below. */
float fig_paragraph(fig_List *l, const fig_Measure *m, const char *str, const fig_Font *f, float x,
                    float y, float w, float line_h, int max_lines);

/* Every how many labels one can be drawn: the smallest step whose spacing (pitch × step) holds
 * a label of extent need. nice: steps 1, 2, 5, 10, 20, 50, ... (for index axes). */
int fig_label_step(float pitch, float need, bool nice);

/* Title (bold) and subtitle (up to two lines) at the top of the view; returns the y below them. */
float fig_title(fig_List *l, const fig_Measure *m, const fig_View *s, float w, const char *title,
                const char *subtitle);
/* A centred message in place of a view that cannot be drawn. */
void fig_message(fig_List *l, const fig_Measure *m, const fig_View *s, float w, float h,
                 const char *msg);

/* An arrowhead at p pointing along direction d (unit vector not required). */
void fig_arrowhead(fig_List *l, const vec2 p, const vec2 d, float size, float width,
                   const vec4 color);

/* One line per shown head, query (only sel when >= 0) and key, from qpos[q] to kpos[k], with
 * alpha = weight, tagged FIG_TAG_ATTN_LINE (i head, j query, k key). n: weights [H, Q, K].
 * Lines that would round to no ink are left out; past max_lines (TF_MAX_FIGURE_LINES,
 * tf_limits.h), the faintest are left out too, a whole level of ink at a time. */
void fig_attention_lines(fig_List *l, const tf_Node *n, const int *heads, int n_heads, int sel,
                         vec2 *qpos, vec2 *kpos, float width, int max_lines);

/* Greys of the figures. */
void fig_grey(float level, vec4 out);   /* opaque grey: 0 black .. 1 white */

#endif

/* rd_fonts.h — the bundled font: finding it, measuring text for layout, and the metrics interface
 * (fig_Measure, fig_draw.h) through which views measure without including SDL. Rendering of text
 * is rd_sdl.c's job; this file owns the TTF_Font handles both use, so that what is measured is
 * what is drawn.
 *
 * Always the bundled NanumGothic (Latin and Hangul, OFL; tables in its monospaced sibling
 * NanumGothicCoding, RD_FACE_MONO), at integer pixel sizes, with fixed
 * hinting and kerning: the same string gives the same pixels on every machine that has the same
 * SDL_ttf/FreeType. There is no system font lookup and no fallback font: the sub- and superscript
 * letters it lacks are drawn from its own letters, smaller and moved (rd_fonts_runs).
 *
 * Usage:
 *     char err[256];
 *     rd_Fonts *f = rd_fonts_open(NULL, err, sizeof err);   // NULL: the bundled font
 *     if (!f) { fprintf(stderr, "tfscope: %s\n", err); ... }
 *     fig_Measure m = rd_fonts_measure(f);
 *     float w = m.width(m.ctx, "3 the", 13, false);
 *     ...
 *     rd_fonts_close(f);
 */
#ifndef TF_RD_FONTS_H
#define TF_RD_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include "fig_draw.h"

typedef struct rd_Fonts rd_Fonts;

/* The font file tfscope renders with: $TFSCOPE_DATA/fonts/NanumGothic.ttf, else the source tree's
 * assets/fonts/NanumGothic.ttf. Written to out; false when neither exists. */
bool rd_fonts_path(char *out, size_t cap);

/* Opens the font (path NULL: rd_fonts_path). Initialises SDL_ttf if needed. On failure returns NULL
 * and writes the reason to err. */
rd_Fonts *rd_fonts_open(const char *path, char *err, size_t err_cap);
void rd_fonts_close(rd_Fonts *f);
fig_Measure rd_fonts_measure(rd_Fonts *f);

/* Text split into runs the font can draw: plain text, and the sub- and superscript letters the
 * font lacks (ₖ ᵀ ₀ ⁻ …) as their plain letters, drawn smaller and lowered or raised (rd_sdl.c).
 * The minus sign U+2212, which NanumGothic lacks, becomes an en dash; any other missing character
 * '?'. Arrows ← ↑ → ↓, hairlines in the font at label sizes, are runs of their own that the
 * renderer draws as strokes, rd_fonts_arrow_w wide each. Measuring and drawing both go through
 * it, so boxes fit what is drawn. */
typedef enum { RD_PLAIN, RD_SUB, RD_SUPER, RD_ARROW, RD_SCRIPT_COUNT } rd_Script;
#define RD_RUNS_MAX 32
typedef struct {
    rd_Script script;
    size_t len;
    char text[512];
} rd_Run;
int rd_fonts_runs(rd_Fonts *f, const char *utf8, rd_Run *runs, int max_runs);
/* The pixel size of a run in text of `size`, and how far below the top of the line its box
 * starts (relative to a plain run's; clamped into the line by the renderer). */
int rd_fonts_run_size(int size, rd_Script script);
int rd_fonts_arrow_w(int size);
int rd_fonts_run_dy(rd_Fonts *f, int size, rd_Script script);
/* The runs as one plain string, scripts marked "_k" and "^T" (for places that cannot draw
 * scripts: a window title, a log). */
void rd_fonts_clean(rd_Fonts *f, const char *utf8, char *out, size_t cap);

/* Faces: the font, emboldened, and its monospaced sibling NanumGothicCoding (the same family,
 * from the same Debian package, beside it in fonts/; the plain face when that file is absent). */
enum { RD_FACE_REGULAR, RD_FACE_BOLD, RD_FACE_MONO, RD_FACE_COUNT };
/* The TTF_Font * of a pixel size (clamped to FIG_TEXT_MIN..FIG_TEXT_MAX) and face (RD_FACE_*;
 * false and true are regular and bold), opened on first use. void * so that this header stays
 * free of SDL. */
void *rd_fonts_get(rd_Fonts *f, int size, int face);

#endif

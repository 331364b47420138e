/* test_views.h — what the files of the test_views executable share: the bundled font (opened by
 * main() in test_views.c for the whole group), the fixture trace of n tokens and one view of it,
 * and the cases of test_views_matrix.c, test_views_lines.c and test_views_render.c, which main()
 * runs in the same group as its own. */
#ifndef TF_TEST_VIEWS_H
#define TF_TEST_VIEWS_H

#include "fig_draw.h"
#include "fig_kit.h"
#include "fig_view.h"
#include "rd_fonts.h"
#include "view_fixture.h"

extern rd_Fonts *tv_fonts;
extern fig_Measure tv_measure;   /* the bundled font's, so that widths are the real glyphs' */

/* A trace of n source tokens (Figure 3's sentence) and about n target tokens. */
void tv_make(tf_Trace *tr, int n, int d_ff, int vocab_extra);
void tv_build(fig_View *s, const tf_Trace *tr, float w, float h, fig_List *l);

/* One view of a fixture trace: the trace, the view's state and what it drew. */
typedef struct {
    tf_Trace tr;
    fig_View s;
    fig_List l;
} tv_View;

/* A trace of n tokens and the default state of a view of that kind; nothing drawn yet. */
void tv_view_open(tv_View *v, int n, fig_ViewKind kind);
void tv_view_build(tv_View *v, float w, float h);
void tv_view_close(tv_View *v);

/* test_views_matrix.c */
void test_masked_cells_are_marked(void **state);
void test_diff_cells_are_a_minus_b(void **state);
void test_lens_cells_show_the_lens(void **state);
void test_hit_regions_name_cells_tokens_and_steps(void **state);
void test_cell_map_round_trips(void **state);
/* test_views_lines.c */
void test_line_alpha_equals_weight(void **state);
void test_selected_query_draws_only_its_lines(void **state);
void test_beam_tree_draws_the_log(void **state);
/* test_views_render.c */
void test_rasterizer_outputs_agree(void **state);
void test_rasterizer_keeps_nothing_between_pictures(void **state);
void test_kit_fits_and_wraps_text(void **state);
void test_formula_glyphs_are_drawn_from_the_fonts_letters(void **state);

#endif

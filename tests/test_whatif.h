/* test_whatif.h — what the what-if tests (test_whatif.c) share with the ones about the runs the
 * window keeps (test_whatif_runs.c: the logit lens, the search, snapshots, the memory budget). */
#ifndef TF_TEST_WHATIF_H
#define TF_TEST_WHATIF_H

#include "win_sdl.h"

#define SENTENCE "s3 s1 s4 s1 s5 s2"  /* on the reference model */

/* The window point at the middle of cell (row, col) of head's panel of the main view. */
void wi_cell_center(win_Window *w, int head, int row, int col, float *x, float *y);

void test_lens_view_follows_the_trace_on_screen(void **state);
void test_the_window_keeps_the_search_that_decoded_its_run(void **state);
void test_a_snapshot_is_compared_with_the_model_as_loaded(void **state);
void test_a_change_past_the_window_budget_is_refused(void **state);

#endif

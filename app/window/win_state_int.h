/* win_state_int.h — what win_state.c, win_run.c and win_field.c share privately. */
#ifndef TF_WIN_STATE_INT_H
#define TF_WIN_STATE_INT_H

#include "win_edit.h"
#include "win_state.h"

/* Marks the state changed (the frame is rebuilt). */
void win_changed(win_State *st);
/* The field's sentence through the attached model with no interventions, decoded as the window
 * decodes (greedy or beam); false (with a message) when it cannot run. */
bool win_run_unchanged(win_State *st, tf_Trace *tr);

#endif

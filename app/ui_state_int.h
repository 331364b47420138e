/* ui_state_int.h — what ui_state.c, ui_run.c and ui_field.c share privately. */
#ifndef TF_UI_STATE_INT_H
#define TF_UI_STATE_INT_H

#include "ui_state.h"

/* Marks the state changed (the frame is rebuilt). */
void ui_changed(ui_State *st);
/* The separators of words in the sentence field. */
bool ui_is_space(char c);

#endif

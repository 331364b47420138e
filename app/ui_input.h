/* ui_input.h — keys, text and mouse, as plain calls on the window state. window.c translates SDL
 * events into these; tests and --script drive the same calls through synthetic SDL events.
 * Mouse coordinates are output pixels (the window multiplies points by its HiDPI factor).
 * What needs the platform (quitting, writing files, the clipboard) comes back as an action.
 * Not SDL. */
#ifndef TF_UI_INPUT_H
#define TF_UI_INPUT_H

#include "ui_layout.h"
#include "ui_state.h"

typedef enum {
    UI_KEY_NONE,
    UI_KEY_LEFT, UI_KEY_RIGHT, UI_KEY_UP, UI_KEY_DOWN,
    UI_KEY_PAGE_UP, UI_KEY_PAGE_DOWN, UI_KEY_HOME, UI_KEY_END,
    UI_KEY_SPACE, UI_KEY_ENTER, UI_KEY_ESCAPE, UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_TAB,
    UI_KEY_F1, UI_KEY_F2,
    UI_KEY_CHAR,   /* a printable ASCII key: ch */
    UI_KEY_COUNT
} ui_Key;

enum { UI_MOD_SHIFT = 1, UI_MOD_CTRL = 2, UI_MOD_ALT = 4 };

typedef enum {
    UI_ACT_NONE,
    UI_ACT_QUIT,
    UI_ACT_EXPORT,
    UI_ACT_PASTE,      /* insert the clipboard into the field */
    UI_ACT_HINT_SEEN,  /* the first-start hint was dismissed: remember it */
    UI_ACT_COUNT
} ui_Action;

typedef enum { UI_DRAG_NONE, UI_DRAG_TIMELINE, UI_DRAG_SNAPSHOTS, UI_DRAG_PAN, UI_DRAG_COUNT } ui_Drag;

/* What a press in progress is doing. */
typedef struct {
    ui_Drag drag;
    float last_x, last_y;
    float cell_w, cell_h;   /* PAN: cell size of the panel being dragged */
    float max_pan[2];       /* PAN: the pan that shows the matrix's far corner */
    float mouse_x, mouse_y; /* last known mouse position */
} ui_Input;

void ui_input_init(ui_Input *in);

ui_Action ui_key(ui_State *st, ui_Input *in, const ui_Frame *f, ui_Key key, int ch, unsigned mods);
/* Typed text (UTF-8) goes into the sentence field, which takes the focus. */
void ui_text(ui_State *st, const char *utf8);
/* clicks: 1 single, 2 double. */
ui_Action ui_mouse_down(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y, int clicks);
void ui_mouse_up(ui_State *st, ui_Input *in);
void ui_mouse_move(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y);
/* dy > 0: away from the user (zoom in). */
void ui_wheel(ui_State *st, ui_Input *in, const ui_Frame *f, float x, float y, float dy);
void ui_focus(ui_State *st, ui_Input *in, bool gained);

/* Words for what the mouse is over: "enc.1.self_attn.weights, head 3, 'making' → 'difficult' =
 * 0.41237". panel -1 = the navigator. */
void ui_describe(const ui_State *st, const ui_Frame *f, int panel, const dr_HitResult *hit,
                 char *out, size_t cap);

#endif

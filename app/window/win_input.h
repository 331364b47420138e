/* win_input.h — keys, text and mouse, as plain calls on the window state. win_sdl.c translates SDL
 * events into these; tests and --script drive the same calls through synthetic SDL events.
 * Mouse coordinates are output pixels (the window multiplies points by its HiDPI factor).
 * What needs the platform (quitting, writing files, the clipboard) comes back as an action.
 * Not SDL. */
#ifndef TF_WIN_INPUT_H
#define TF_WIN_INPUT_H

#include "win_layout.h"
#include "win_state.h"

typedef enum {
    WIN_KEY_NONE,
    WIN_KEY_LEFT, WIN_KEY_RIGHT, WIN_KEY_UP, WIN_KEY_DOWN,
    WIN_KEY_PAGE_UP, WIN_KEY_PAGE_DOWN, WIN_KEY_HOME, WIN_KEY_END,
    WIN_KEY_SPACE, WIN_KEY_ENTER, WIN_KEY_ESCAPE, WIN_KEY_BACKSPACE, WIN_KEY_DELETE, WIN_KEY_TAB,
    WIN_KEY_F1, WIN_KEY_F2, WIN_KEY_F3, WIN_KEY_F4, WIN_KEY_F5,
    WIN_KEY_CHAR,   /* a printable ASCII key: ch */
    WIN_KEY_COUNT
} win_Key;

enum { WIN_MOD_SHIFT = 1, WIN_MOD_CTRL = 2, WIN_MOD_ALT = 4 };

typedef enum {
    WIN_ACT_NONE,
    WIN_ACT_QUIT,
    WIN_ACT_EXPORT,        /* the view with the last choices of folder and format (Ctrl+S, E) */
    WIN_ACT_EXPORT_DIALOG, /* open the export dialog (Ctrl+Shift+S, the Export button) */
    WIN_ACT_SAVE,          /* Enter in the export dialog: write what it names */
    WIN_ACT_PASTE,      /* insert the clipboard into the field (replacing the selection) */
    WIN_ACT_COPY,       /* the field's selection to the clipboard */
    WIN_ACT_CUT,        /* the same, then delete it */
    WIN_ACT_HINT_SEEN,  /* the first-start hint was dismissed: remember it */
    WIN_ACT_COUNT
} win_Action;

typedef enum {
    WIN_DRAG_NONE,
    WIN_DRAG_TIMELINE,
    WIN_DRAG_SNAPSHOTS,
    WIN_DRAG_PAN,
    WIN_DRAG_FIELD,     /* selecting text in the sentence field */
    WIN_DRAG_COUNT
} win_Drag;

/* What a press in progress is doing. */
typedef struct {
    win_Drag drag;
    float last_x, last_y;
    fig_CellMap cells;      /* PAN: the cells of the panel being dragged */
    int rows, cols;         /* PAN: the size of its matrix */
    float mouse_x, mouse_y; /* last known mouse position */
} win_Input;

void win_input_init(win_Input *in);

win_Action win_key(win_State *st, win_Input *in, const win_Frame *f, win_Key key, int ch,
                   unsigned mods);
/* Typed text (UTF-8) goes into the sentence field, which takes the focus. */
void win_text(win_State *st, const char *utf8);
/* clicks: 1 single, 2 double; mods: WIN_MOD_* (Shift+click extends the field's selection). */
win_Action win_mouse_down(win_State *st, win_Input *in, const win_Frame *f, float x, float y,
                          int clicks, unsigned mods);
void win_mouse_up(win_State *st, win_Input *in);
void win_mouse_move(win_State *st, win_Input *in, const win_Frame *f, float x, float y);
/* dy > 0: away from the user (zoom in). */
void win_wheel(win_State *st, win_Input *in, const win_Frame *f, float x, float y, float dy);
void win_focus(win_State *st, win_Input *in, bool gained);

/* Words for what the mouse is over: "enc.1.self_attn.weights, head 3, 'making' → 'difficult' =
 * 0.41237". panel -1 = the navigator. */
void win_describe(const win_State *st, const win_Frame *f, int panel, const fig_HitResult *hit,
                  char *out, size_t cap);

#endif

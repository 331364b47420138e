/* win_input.c — keys and typed text on the window state (see win_input.h): the key map of the
 * help page, the sentence field's editing keys and the Ctrl shortcuts. The mouse is in
 * win_mouse.c, the words for what it points at in win_describe.c.
 * Not SDL: the events arrive already translated. */
#include "win_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "win_strings.h"
#include "win_whatif.h"

void win_input_init(win_Input *in)
{
    memset(in, 0, sizeof *in);
    in->mouse_x = in->mouse_y = -1;
}

static void cycle_mode(win_State *st)
{
    win_set_mode(st, (win_Mode)((st->mode + 1) % WIN_MODE_COUNT));
}

static void escape(win_State *st)
{
    if (st->playing) win_play(st, false);
    else if (st->n_highlight) win_highlight_clear(st);
    else if (st->sel_src >= 0) win_select_token(st, WIN_SIDE_SRC, -1);
    else if (st->zoom > 1.0f) win_reset_zoom(st);
    else if (st->msg[0]) {
        st->msg[0] = '\0';
        st->version++;
    }
}

static win_Action field_key(win_State *st, win_Key key, unsigned mods)
{
    bool word = mods & WIN_MOD_CTRL, extend = mods & WIN_MOD_SHIFT;
    switch (key) {
    case WIN_KEY_LEFT: win_field_move(st, -1, word, extend); break;
    case WIN_KEY_RIGHT: win_field_move(st, 1, word, extend); break;
    case WIN_KEY_HOME: win_field_home(st, extend); break;
    case WIN_KEY_END: win_field_end(st, extend); break;
    case WIN_KEY_BACKSPACE: win_field_backspace(st, word); break;
    case WIN_KEY_DELETE: win_field_delete(st); break;
    case WIN_KEY_ESCAPE:
        st->editing = false;
        st->sel_anchor = -1;
        st->version++;
        break;
    case WIN_KEY_ENTER:
        if (win_run(st)) st->editing = false;
        st->version++;
        break;
    case WIN_KEY_TAB:
        for (int k = 0; k < st->n_unknown; k++)
            if (st->unknown[k].n_suggest) {
                win_accept_suggestion(st, k, 0);
                break;
            }
        break;
    default: break;
    }
    return WIN_ACT_NONE;
}

static void focus_field(win_State *st)
{
    if (st->editing) return;
    st->editing = true;
    st->cursor = (int)strlen(st->input);
    st->sel_anchor = -1;
    st->version++;
}

/* Ctrl (or Cmd) with a letter: the window's shortcuts and the field's editing keys. */
static win_Action ctrl_key(win_State *st, int ch, unsigned mods)
{
    int a, b;
    switch (ch) {
    case 'q': return WIN_ACT_QUIT;
    case 's': return mods & WIN_MOD_SHIFT ? WIN_ACT_EXPORT_DIALOG : WIN_ACT_EXPORT;
    case 'a': win_field_select_all(st); return WIN_ACT_NONE;
    case 'c': return st->editing && win_field_selection(st, &a, &b) ? WIN_ACT_COPY : WIN_ACT_NONE;
    case 'x': return st->editing && win_field_selection(st, &a, &b) ? WIN_ACT_CUT : WIN_ACT_NONE;
    case 'v': focus_field(st); return WIN_ACT_PASTE;
    case 'z':
        if (!st->editing) return WIN_ACT_NONE;
        if (mods & WIN_MOD_SHIFT) win_field_redo(st);
        else win_field_undo(st);
        return WIN_ACT_NONE;
    case 'y':
        if (st->editing) win_field_redo(st);
        return WIN_ACT_NONE;
    case 'u':
        if (st->editing) win_field_clear(st);
        return WIN_ACT_NONE;
    case 'e':
        if (st->editing) win_field_end(st, false);
        return WIN_ACT_NONE;
    case '=': case '+':
        st->ui_zoom = fminf(st->ui_zoom * 1.1f, 3.0f);
        st->version++;
        return WIN_ACT_NONE;
    case '-':
        st->ui_zoom = fmaxf(st->ui_zoom / 1.1f, 0.6f);
        st->version++;
        return WIN_ACT_NONE;
    case '0':
        st->ui_zoom = 1.0f;
        st->version++;
        return WIN_ACT_NONE;
    default: return WIN_ACT_NONE;
    }
}

static win_Action char_key(win_State *st, int ch)
{
    switch (ch) {
    case '/': focus_field(st); break;
    case '?': st->help = !st->help; st->version++; break;
    case 'v': cycle_mode(st); break;
    case 's': win_set_mode(st, WIN_MODE_STEP); break;
    case 'm': win_set_mode(st, WIN_MODE_MATRIX); break;
    case 'l': win_set_mode(st, WIN_MODE_LINES); break;
    case 'g': win_set_mode(st, WIN_MODE_GRID); break;
    case 'i': win_set_mode(st, WIN_MODE_LENS); break;
    case 'h': win_set_mode(st, WIN_MODE_BEAM); break;
    case 'u': win_set_heads(st, ~(uint64_t)0); break;
    case 'z': win_reset_zoom(st); break;
    case 'o':
        st->orient = st->orient == FIG_HORIZONTAL ? FIG_VERTICAL : FIG_HORIZONTAL;
        st->version++;
        break;
    case 't':
        st->grid_heatmap = !st->grid_heatmap;
        st->version++;
        break;
    case 'b': win_set_beam(st, !st->beam); break;
    case 'e': return WIN_ACT_EXPORT;
    case '+': case '=': win_speed_by(st, 1); break;
    case '-': case '_': win_speed_by(st, -1); break;
    case '[': win_snapshot_step(st, -1); break;
    case ']': win_snapshot_step(st, 1); break;
    default:
        /* head chips and every view count heads from 0: key 3 is the chip labelled 3 */
        if (ch >= '0' && ch <= '9') win_toggle_head(st, ch - '0');
        break;
    }
    return WIN_ACT_NONE;
}

win_Action win_key(win_State *st, win_Input *in, const win_Frame *f, win_Key key, int ch,
                   unsigned mods)
{
    bool ctrl = mods & WIN_MOD_CTRL;
    if (st->save.open) return win_save_key(st, (int)key, ch, mods) ? WIN_ACT_SAVE : WIN_ACT_NONE;
    if (st->hint) {
        st->hint = false;
        st->version++;
        return WIN_ACT_HINT_SEEN;
    }
    if (st->help &&
        (key == WIN_KEY_ESCAPE || key == WIN_KEY_F1 || (key == WIN_KEY_CHAR && ch == '?'))) {
        st->help = false;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (ctrl && key == WIN_KEY_CHAR) return ctrl_key(st, ch, mods);
    if (key == WIN_KEY_F1) {
        st->help = !st->help;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F3 && st->side) {
        st->side_folded = !st->side_folded;
        st->version++;
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F4) {
        win_set_projector(st, !st->projector);
        win_message(st, WIN_MSG_INFO, 3, "%s",
                    win_str(st->lang, st->projector ? S_MSG_PROJECTOR_ON : S_MSG_PROJECTOR_OFF));
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F5) {
        bool cb = st->head_colors != FIG_HEADS_OKABE_ITO;
        win_set_head_colors(st, cb ? FIG_HEADS_OKABE_ITO : FIG_HEADS_TOL);
        win_message(st, WIN_MSG_INFO, 3, "%s",
                    win_str(st->lang, cb ? S_MSG_HEADS_OKABE_ITO : S_MSG_HEADS_TOL));
        return WIN_ACT_NONE;
    }
    if (key == WIN_KEY_F2) {
        win_set_lang(st, st->lang == WIN_LANG_EN ? WIN_LANG_KO : WIN_LANG_EN);
        win_message(st, WIN_MSG_INFO, 3, "%s", win_str(st->lang, S_MSG_LANG));
        return WIN_ACT_NONE;
    }
    if (!st->editing && !st->help && st->side && st->side->key &&
        st->side->key(st->side->ctx, st, (int)key, ch, mods))
        return WIN_ACT_NONE;
    if (st->editing) {
        /* printable keys arrive as text; these keys edit; the rest still steps */
        if (key == WIN_KEY_CHAR || key == WIN_KEY_SPACE) return WIN_ACT_NONE;
        if (key != WIN_KEY_PAGE_UP && key != WIN_KEY_PAGE_DOWN && key != WIN_KEY_UP &&
            key != WIN_KEY_DOWN)
            return field_key(st, key, mods);
    }
    bool shift = mods & WIN_MOD_SHIFT;
    switch (key) {
    case WIN_KEY_RIGHT: shift ? win_step_sublayer(st, 1) : win_step(st, 1); break;
    case WIN_KEY_LEFT: shift ? win_step_sublayer(st, -1) : win_step(st, -1); break;
    case WIN_KEY_PAGE_DOWN: win_step_layer(st, 1); break;
    case WIN_KEY_PAGE_UP: win_step_layer(st, -1); break;
    case WIN_KEY_HOME: win_home(st); break;
    case WIN_KEY_END: win_end(st); break;
    case WIN_KEY_UP: win_move_token(st, -1); break;
    case WIN_KEY_DOWN: win_move_token(st, 1); break;
    case WIN_KEY_SPACE: win_play(st, !st->playing); break;
    case WIN_KEY_ENTER:
        focus_field(st);
        win_message(st, WIN_MSG_INFO, 4, "%s", win_str(st->lang, S_MSG_FOCUS));
        break;
    case WIN_KEY_ESCAPE: escape(st); break;
    case WIN_KEY_TAB: cycle_mode(st); break;
    case WIN_KEY_CHAR:
        if (win_whatif_key(st, in, f, ch)) return WIN_ACT_NONE;
        return char_key(st, ch);
    default: break;
    }
    return WIN_ACT_NONE;
}

void win_text(win_State *st, const char *utf8)
{
    if (st->save.open) {
        win_save_text(st, utf8);
        return;
    }
    if (st->hint) {
        st->hint = false;
        st->version++;
    }
    focus_field(st);
    win_field_insert(st, utf8);
}

/* win_strings.h — every string of the window's own interface, in English and Korean, looked up by
 * id. Printf formats keep the same conversions in both languages (checked by test_window).
 * Not the figures: view titles and axis names come from the views and stay in English, as in
 * exported figures. */
#ifndef TF_WIN_STRINGS_H
#define TF_WIN_STRINGS_H

#include "win_state.h"

typedef enum {
    S_TAGLINE,
    S_RUN,
    S_GREEDY,
    S_BEAM,
    S_EXPORT,
    S_LANG_OTHER,          /* the button that switches to the other language */
    S_FIELD_PLACEHOLDER,
    S_OUTPUT,
    S_OUT_ALL,
    S_OUT_WAITING,
    S_MODE_STEP,
    S_MODE_MATRIX,
    S_MODE_LINES,
    S_MODE_GRID,
    S_MODE_DIFF,
    S_MODE_LENS,
    S_MODE_BEAM,
    S_MODE_LINES_SHORT, /* the tabs' names when the full ones take more than a row */
    S_MODE_GRID_SHORT,
    S_MODE_LENS_SHORT,
    S_HEADS,
    S_ALL,
    S_NAVIGATOR,
    S_OPERATION,
    S_FORMULA,
    S_SHAPE,
    S_INPUTS,
    S_NO_INPUTS,
    S_STATS,
    S_MIN,
    S_MAX,
    S_MEAN,
    S_STD,
    S_ENTROPY_ROW,         /* %d row, %s token */
    S_ENTROPY_MEAN,
    S_STEP_OF,             /* %d, %d */
    S_POSITION_OF,         /* %d, %d */
    S_ALL_POSITIONS,
    S_SPEED,               /* %g */
    S_SNAPSHOT,            /* %d, %d, %s */
    S_SNAPSHOT_MAIN,
    S_HOVER_HINT,
    S_MSG_EMPTY,
    S_MSG_UNKNOWN,         /* %s */
    S_MSG_SUGGEST,
    S_MSG_RAN,             /* %.1f, %s */
    S_MSG_EXPORTED,        /* %s, %s */
    S_MSG_EXPORT_FAILED,   /* %s */
    S_MSG_NO_MODEL,
    S_MSG_CANNOT_RUN,      /* %s */
    S_MSG_SNAP_BAD,        /* %s, %s */
    S_MSG_SNAP_NONE,       /* %s */
    S_MSG_SNAP_MANY,       /* %s, %d */
    S_MSG_LANG,
    S_MSG_FOCUS,
    S_HELP_TITLE,
    S_HELP_CLOSE,
    S_HINT_TITLE,
    S_HINT_BODY1,
    S_HINT_BODY2,
    S_HINT_BODY3,
    S_HINT_BODY4,
    S_HINT_CLOSE,
    S_GROUP_EMBED_SRC,
    S_GROUP_EMBED_TGT,
    S_GROUP_ENC,           /* %d */
    S_GROUP_DEC,           /* %d */
    S_GROUP_ENC_NORM,
    S_GROUP_DEC_NORM,
    S_GROUP_OUT,
    S_OP_EMBED,
    S_OP_POSENC,
    S_OP_ADD,
    S_OP_PROJECT,
    S_OP_SCORES,
    S_OP_SOFTMAX,
    S_OP_CONTEXT,
    S_OP_LINEAR,
    S_OP_LINEAR_RELU,
    S_OP_LAYERNORM,
    S_ZOOM,                /* %.0f */
    S_UNKNOWN_WORD,        /* %s */
    S_WHATIF,              /* the badge's title */
    S_WHATIF_HEAD_OFF,     /* %s */
    S_WHATIF_HEAD_ON,      /* %s */
    S_WHATIF_NO_POS,
    S_WHATIF_NO_MASK,
    S_WHATIF_NO_SCALE,
    S_WHATIF_POS_ON,
    S_WHATIF_MASK_ON,
    S_WHATIF_SCALE_ON,
    S_WHATIF_RESET,
    S_WHATIF_SW_POS,
    S_WHATIF_SW_MASK,
    S_WHATIF_SW_SCALE,
    S_WHATIF_HINT,
    S_WHATIF_UNCHANGED,
    S_WHATIF_SAME,
    S_WHATIF_DIFFER,       /* %d */
    S_MSG_WHATIF,          /* %s, %.1f, %d */
    S_MSG_WHATIF_RESET,    /* %.1f */
    S_MSG_WHATIF_WHICH,
    S_MSG_PINNED,
    S_MSG_PIN_DROPPED,
    S_MSG_DIFF_NO_B,
    S_MSG_BUDGET,          /* %.0f MB more, %.0f MB held, %zu MB limit */
    S_MSG_LENS_NO_MODEL,
    S_MSG_LENS_SNAPSHOT,
    S_MSG_LENS_OTHER_MODEL,
    S_LENS_FINAL,          /* %.4f, %d */
    S_BEAM_ENTRY,          /* %d, %s, %.4f, %.4f, %.4f, %s */
    S_BEAM_KEPT,
    S_BEAM_FINISHED,
    S_BEAM_PRUNED,
    S_MODEL_SUMMARY,       /* %d d_model, %d heads, %d+%d layers, %s pre-/post-LN */
    S_HOVER_HEAD,          /* ", head %d" */
    S_HOVER_MASKED,
    S_HOVER_SOURCE,        /* "source token %d '%s'" */
    S_HOVER_TARGET,        /* "target token %d '%s'" */
    S_HOVER_PREDICTS,      /* "target token %d '%s', predicts '%s'" */
    S_SNAP_STEP_LOSS,      /* %lld step, %.3f loss */
    S_SNAP_STEP,           /* %lld */
    S_SNAP_LOADED,
    S_MSG_EXPORTED_ONE,    /* %s */
    S_SAVE_TITLE,          /* the export dialog */
    S_SAVE_FOLDER,
    S_SAVE_NAME,
    S_SAVE_FORMAT,
    S_SAVE_PNG,
    S_SAVE_SVG,
    S_SAVE_CSV,
    S_SAVE_WRITES,         /* %s */
    S_SAVE_REPLACES,
    S_SAVE_KEYS,
    S_SAVE_OK,
    S_SAVE_CANCEL,
    S_SAVE_NO_NAME,
    S_SAVE_SLASH,
    S_SAVE_NO_FOLDER,      /* %s */
    S_SAVE_NOT_FOLDER,     /* %s */
    S_SAVE_NOT_FILE,       /* %s */
    S_SAVE_TOO_LONG,
    S_MSG_PROJECTOR_ON,
    S_MSG_PROJECTOR_OFF,
    S_MSG_HEADS_OKABE_ITO,
    S_MSG_HEADS_TOL,
    S_COUNT
} win_StrId;

const char *win_str(win_Lang lang, win_StrId id);

/* The help overlay: key and description pairs; a row without a key ends a section. binds: the
 * keys the row stands for, as the key handler (win_input.c) sees them, space-separated in the
 * script's spelling ("Right", "shift+Right", "ctrl+s", "s", "?"); NULL for the mouse and for keys
 * that act only in a context (typing, a lesson). test_window_keys checks that every key the
 * handler acts on is listed, and that every listed key acts. */
typedef struct {
    const char *key[WIN_LANG_COUNT];    /* the Korean one NULL: the same as the English */
    const char *text[WIN_LANG_COUNT];
    const char *binds;
} win_HelpRow;

const win_HelpRow *win_help_rows(void);
/* Section titles of the help overlay, in order. */
const char *win_help_section(win_Lang lang, int i);

#endif

/* ls_lesson.h — guided lessons: CommonMark files (lessons/LANG/NN-slug.md) parsed with cmark into
 * pages of styled text and `tfscope` directives, and those directives evaluated against a trace:
 * the scene a page sets up (sentence, step, view, heads, token, highlighted cells), quiz answers
 * computed from the live numbers and checked against what the learner picks, try-its, the paper's
 * Table 1, the growth of dot-product variance with dₖ and the warm-up schedule.
 * lessons/README.md is the format's reference for lesson writers; this header is for code.
 *
 * Plain C on libtfcore, cmark and cJSON: no SDL and no drawing. The window renders pages and turns
 * a resolved scene into win_State calls (ls_window.h does that, and turns picks into responses);
 * `tfscope lesson check` and the tests run the same functions without a window.
 *
 * Usage:
 *     ls_Diags d = {0};
 *     ls_Set set;
 *     ls_set_load("lessons", "ko", &set, &d);          // every NN-*.md of lessons/ko
 *     const ls_Lesson *l = &set.lessons[3];            // lesson 4
 *     ls_Scene sc;
 *     ls_scene_at(l, page, &sc);                       // what the page sets up
 *     ... run sc.sentence (NULL = the Figure 3 sentence) through the model into tr ...
 *     ls_Resolved r;
 *     if (ls_scene_resolve(&sc, &tr, &model.tgt_vocab, &r, &err) == TF_OK) ...apply r...
 *     // a quiz block of the page:
 *     const ls_Directive *q = &l->dirs[block->dir];
 *     ls_Answer a;
 *     ls_quiz_answer(&q->quiz, &tr, &model.tgt_vocab, &a, &err);   // from the trace on screen
 *     ls_Response resp = {.kind = LS_RESP_TOKEN, .side = LS_SIDE_SRC, .index = 24};
 *     bool right = ls_answer_check(&a, &resp, &tr);
 *     ls_set_free(&set); ls_diags_free(&d);
 *
 * Page semantics: a page is one scene. Entering page p applies, in order, every directive of
 * pages 0..p (later keys win; a new sentence drops the token and position it does not set;
 * highlights belong to the page they are on and add up over its blocks), so a page looks the same
 * however the learner reached it. A quiz or try-it block may carry scene keys of its own; they
 * are part of that fold, and the checker rejects a page that sets one key to two values.
 */
#ifndef TF_LS_LESSON_H
#define TF_LS_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forward.h"
#include "tf_limits.h"

#define LS_NAME_MAX 96        /* a token word in a directive */
#define LS_HIGHLIGHT_MAX 32   /* cells one page can outline (win_State holds 32 too) */
#define LS_ANSWER_MAX 256     /* members of an answer set (positions, heads) */
#define LS_VARIANCE_MAX TF_MAX_VARIANCE_DK   /* dₖ values of one variance table */

/* --- diagnostics -------------------------------------------------------------------------- */

typedef struct {
    char *file;
    int line;
    bool warning;
    char msg[480];
} ls_Diag;

typedef struct {
    ls_Diag *items;
    int n, cap;
    int n_errors, n_warnings;
} ls_Diags;

void ls_diag(ls_Diags *d, const char *file, int line, bool warning, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void ls_diags_free(ls_Diags *d);
/* "FILE:LINE: message" (warnings: "FILE:LINE: warning: message"), one a line. */
void ls_diags_print(const ls_Diags *d, void *file /* FILE* */);

/* --- text ----------------------------------------------------------------------------------- */

enum { LS_EMPH = 1, LS_STRONG = 2, LS_LINK = 4 };

typedef enum {
    LS_SPAN_TEXT,    /* text with style bits LS_EMPH | LS_STRONG | LS_LINK */
    LS_SPAN_CODE,    /* inline code */
    LS_SPAN_BREAK,   /* a hard line break */
    LS_SPAN_IMAGE,   /* text = alt text, url = the image's path, resolved from the lesson file */
    LS_SPAN_COUNT
} ls_SpanKind;

typedef struct {
    ls_SpanKind kind;
    unsigned style;
    char *text;
    char *url;       /* links and images; NULL otherwise */
} ls_Span;

typedef enum {
    LS_BLOCK_PARAGRAPH,
    LS_BLOCK_HEADING,    /* a heading inside a page: level 3 and deeper */
    LS_BLOCK_ITEM,       /* a paragraph of a list item: depth (1 = top list), marker */
    LS_BLOCK_CODE,       /* preformatted text: a code block that is not a directive */
    LS_BLOCK_RULE,
    LS_BLOCK_DIRECTIVE,  /* dir indexes ls_Lesson.dirs */
    LS_BLOCK_COUNT
} ls_BlockKind;

typedef struct {
    ls_BlockKind kind;
    int line;
    int level;           /* HEADING: 3.. */
    int depth;           /* ITEM: list nesting, 1 = top */
    int quote;           /* block-quote nesting around it */
    char marker[16];     /* ITEM: "•" or "3."; "" for a later paragraph of the same item */
    ls_Span *spans;      /* PARAGRAPH, HEADING, ITEM */
    int n_spans;
    char *code;          /* CODE: the text; its info string in info */
    char *info;
    int dir;             /* DIRECTIVE */
} ls_Block;

typedef struct {
    char *title;         /* the ## heading (plain text) */
    int line;
    ls_Block *blocks;
    int n_blocks;
} ls_Page;

/* --- directives ----------------------------------------------------------------------------- */

typedef enum { LS_SIDE_NONE, LS_SIDE_SRC, LS_SIDE_TGT, LS_SIDE_VOCAB, LS_SIDE_INDEX,
               LS_SIDE_COUNT } ls_Side;

/* A token named in a directive: "#17" (position), "making", "the(2)" (second "the"), with an
 * optional side ("src making", "tgt 어렵") where the tensor does not decide it. */
typedef struct {
    bool set;
    ls_Side side;        /* NONE: from the tensor's axis */
    int index;           /* >= 0: by position */
    char word[LS_NAME_MAX];
    int occurrence;      /* by word: 1 = first */
} ls_TokRef;

/* "[TENSOR] [head H] row R col C" */
typedef struct {
    char tensor[TF_NAME_MAX];  /* "" = the tensor in force */
    int head;                  /* -1 = not given */
    ls_TokRef row, col;
} ls_CellRef;

typedef enum { LS_VIEW_NONE, LS_VIEW_STEP, LS_VIEW_MATRIX, LS_VIEW_LINES, LS_VIEW_GRID,
               LS_VIEW_ARCH, LS_VIEW_COUNT } ls_View;
typedef enum { LS_ATTN_NONE, LS_ATTN_ENC, LS_ATTN_DEC, LS_ATTN_CROSS, LS_ATTN_COUNT } ls_Attn;

/* Which keys a scene sets (bits). */
enum {
    LS_SET_SENTENCE = 1 << 0, LS_SET_DECODE = 1 << 1, LS_SET_TENSOR = 1 << 2,
    LS_SET_VIEW = 1 << 3, LS_SET_ATTN = 1 << 4, LS_SET_LAYER = 1 << 5, LS_SET_HEADS = 1 << 6,
    LS_SET_TOKEN = 1 << 7, LS_SET_POSITION = 1 << 8, LS_SET_HIGHLIGHT = 1 << 9,
    LS_SET_SNAPSHOTS = 1 << 10, LS_SET_SNAPSHOT = 1 << 11, LS_SET_INTERV = 1 << 12,
};

typedef struct {
    unsigned set;                 /* LS_SET_* */
    char *sentence;               /* NULL = the Figure 3 sentence (TF_TASK_FIGURE3_SRC) */
    int beam;                     /* 1 = greedy */
    char tensor[TF_NAME_MAX];
    ls_View view;
    ls_Attn attn;
    int layer;
    bool heads_all;
    uint64_t heads;               /* bit h */
    ls_TokRef token;              /* !token.set with LS_SET_TOKEN: "none" */
    int position;                 /* decoder output position, -1 = all */
    ls_CellRef highlight[LS_HIGHLIGHT_MAX];
    int n_highlight;
    char *snapshots;              /* folder, resolved from the lesson file */
    int snapshot;                 /* index into the sorted files; -1 = the last, -2 = none (the
                                   * main trace) */
    char ablate[128];             /* intervene: heads off ("enc.1.3,cross.0.2"); with flags, they
                                   * belong to the page they are set on, like highlights */
    unsigned interv_flags;        /* LS_RUN_* */
} ls_Scene;

typedef enum {
    LS_ANS_ARGMAX,    /* argmax TENSOR [head H] row R | col C */
    LS_ANS_ARGMIN,
    LS_ANS_MASKED,    /* masked TENSOR [head H] row R | col C: keys the query cannot see (or
                       * queries that cannot see the key) */
    LS_ANS_VISIBLE,   /* visible TENSOR [head H] row R | col C: the others */
    LS_ANS_MAXHEAD,   /* maxhead TENSOR row R col C: the head with the largest value */
    LS_ANS_VALUE,     /* value TENSOR [head H] row R col C [tol X] */
    LS_ANS_DISTANCE,  /* distance A B: positions between two source tokens */
    LS_ANS_LENGTH,    /* length src|tgt */
    LS_ANS_CHEAPER,   /* cheaper n=N d=D: option 1 (self-attention) or 2 (recurrent) */
    LS_ANS_CHOICE,    /* choice K: option K, a conceptual question */
    LS_ANS_COMPUTE,   /* compute KIND …: a number the learner computes from numbers on screen */
    LS_ANS_COUNT
} ls_AnswerOp;

/* What a compute answer asks for (ls_calc.c). */
typedef enum {
    LS_CALC_SCORE,     /* compute score PREFIX head H row R col C: q_R·k_C/√dₖ */
    LS_CALC_SOFTMAX,   /* compute softmax PREFIX head H row R col C: e^(s_C)/Σ e^(s_j) */
    LS_CALC_ADD,       /* compute add TENSOR row R col C: the sum of an add step's inputs */
    LS_CALC_NORM,      /* compute norm TENSOR row R col C: γ·(x − mean)/√(var + ε) + β */
    LS_CALC_LOGIT,     /* compute logit row R col W: last decoder vector · embedding of W */
    LS_CALC_LOSS,      /* compute loss row R: −ln p(the next token) */
    LS_CALC_PE,        /* compute pe row R col C: the sinusoid */
    LS_CALC_SMOOTHING, /* compute smoothing EPS: 1 − ε + ε/V */
    LS_CALC_PRECISION, /* compute precision N ref TOKENS: clipped n-gram precision of the translation */
    LS_CALC_BREVITY,   /* compute brevity ref TOKENS: BLEU's brevity penalty */
    LS_CALC_BLEU,      /* compute bleu ref TOKENS: sentence BLEU-4, 0-100 */
    LS_CALC_PENALTY,   /* compute penalty N ALPHA: beam search's length penalty ((5 + N)/6)^α */
    LS_CALC_EMBED,     /* compute embed row R col C: the table's entry × √d_model (src.embed) */
    LS_CALC_CONTEXT,   /* compute context PREFIX head H row R col C: Σⱼ w_Rj · v_jC */
    LS_CALC_COUNT
} ls_CalcKind;

typedef struct {
    ls_AnswerOp op;
    ls_CellRef ref;          /* row (by_col false) or col (by_col true) given; both for maxhead/value */
    bool by_col;             /* argmax/argmin over rows of a column */
    ls_TokRef a, b;          /* distance */
    ls_Side side;            /* length */
    double tol;              /* value: < 0 = default */
    int n, d;                /* cheaper */
    int choice;              /* choice: 1-based */
    ls_CalcKind calc;        /* compute: ref.tensor is the PREFIX or TENSOR (or "") */
    double eps;              /* compute smoothing */
    int ngram;               /* compute precision; compute penalty: the length */
    char reference[256];     /* compute precision/brevity/bleu: the reference, tokens by spaces */
    char hypothesis[256];    /* … the translation scored ("" = the one on screen) */
} ls_AnswerExpr;

/* --- claims: `say` blocks whose sentences the numbers must bear out ----------------------------- */

typedef enum {
    LS_Q_VALUE, LS_Q_MAX, LS_Q_MIN, LS_Q_MEAN, LS_Q_VAR, LS_Q_SUM, LS_Q_PEAK,
    LS_Q_ARGMAX, LS_Q_ARGMIN, LS_Q_MAXHEAD, LS_Q_ROW,
    LS_Q_LENGTH, LS_Q_DISTANCE, LS_Q_CONFIG, LS_Q_PARAM, LS_Q_DOTVAR, LS_Q_LOSS,
    LS_Q_OUTPUT, LS_Q_SNAPSHOTS, LS_Q_META, LS_Q_TRAINING,
    LS_Q_EXACT, LS_Q_BLEU,           /* exact N, bleu N: on the first N test pairs of the task */
    LS_Q_LENS, LS_Q_LENSP, LS_Q_LENSFIRST, /* the logit lens at a point of the decoder (lens.h) */
    LS_Q_COUNT
} ls_QuantOp;

/* Interventions of an `output` quantity (what `tfscope translate` calls --no-pos and so on). */
enum { LS_RUN_NO_POS = 1, LS_RUN_NO_MASK = 2, LS_RUN_NO_SCALE = 4,
       LS_RUN_PLAIN = 8 /* with none: the model as it is, whatever the page switches off */ };

#define LS_AT_SCENE (-3)     /* ls_Quantity.at: the page's own trace */

typedef struct {
    ls_QuantOp op;
    ls_CellRef ref;          /* tensor quantities: the tensor and the head, row, col given */
    bool by_col;             /* argmax/argmin down a column */
    ls_TokRef a, b;          /* distance */
    ls_Side side;            /* length */
    char name[TF_NAME_MAX + 64]; /* config key, param name, dotvar prefix */
    bool scaled;             /* dotvar … scaled */
    int beam;                /* output: 0 = as the page decodes, 1 greedy, K beam */
    char ablate[128];        /* output: "enc.1.3,cross.0.2" ("" = none) */
    unsigned flags;          /* output: LS_RUN_* */
    int at;                  /* LS_AT_SCENE, or a snapshot: index, -1 = the last */
    int at_step;             /* > 0: the snapshot of this training step */
    int at_prefix;           /* > 0: the decoder fed only this many tokens (at prefix N) */
    int n_pairs;             /* exact, bleu: test pairs */
} ls_Quantity;

typedef enum { LS_CMP_NONE, LS_CMP_EQ, LS_CMP_NE, LS_CMP_LT, LS_CMP_LE, LS_CMP_GT, LS_CMP_GE,
               LS_CMP_IN, LS_CMP_CONTAINS, LS_CMP_LACKS, LS_CMP_COUNT } ls_CmpOp;

/* One `claim:` (or `show:`, cmp NONE). */
typedef struct {
    ls_Quantity q;
    ls_CmpOp cmp;
    bool rhs_quantity;       /* the right side is a second quantity */
    ls_Quantity rhs;
    char lit[256];           /* the literal right side as written ("" with rhs_quantity) */
    bool numeric;            /* lit is a number (or A..B): lo, hi, decimals */
    double lo, hi;
    int decimals;
    double by;               /* `= W by M`: the winner's lead; < 0 = none */
    int line;
    char *src;               /* the whole expression, for messages */
} ls_Claim;

typedef struct {
    char *text;              /* as written, with {1}, {2:3} … */
    ls_Span *spans;          /* text as inline Markdown */
    int n_spans;
    ls_Claim *items;         /* claims and shows, in order: {1} is items[0] */
    int n;
} ls_Say;

typedef struct {
    char *question;
    char *answer_src;        /* the expression as written */
    ls_AnswerExpr answer;
    char **options;          /* options: A | B | C */
    int n_options;
    char *right, *wrong, *explain;
} ls_Quiz;

typedef struct {
    char *prompt;
    char **suggest;          /* sentences offered to try */
    int n_suggest;
} ls_Try;

typedef struct {
    int n, d, k, r;
} ls_Table1Spec;

typedef struct {
    int dk[LS_VARIANCE_MAX];
    int n_dk;
    int samples;
    char from[TF_NAME_MAX];  /* "enc.0.self_attn": also measure q·k of the trace; "" = no */
} ls_VarianceSpec;

typedef struct {
    int d_model;             /* 0 = the model's */
    int warmup;
    int steps;
} ls_ScheduleSpec;

typedef enum {
    LS_DIR_SCENE,     /* scene keys only */
    LS_DIR_QUIZ,
    LS_DIR_TRY,
    LS_DIR_TABLE1,
    LS_DIR_VARIANCE,
    LS_DIR_SCHEDULE,
    LS_DIR_SAY,       /* a sentence with its claims */
    LS_DIR_COUNT
} ls_DirKind;

typedef struct {
    char *key, *value;
    int line;
} ls_Field;

typedef struct {
    ls_DirKind kind;
    int line;                /* of the opening fence */
    int page;
    ls_Field *fields;        /* as written, in order (for messages and the en/ko comparison) */
    int n_fields;
    ls_Scene scene;          /* the scene keys of this block alone */
    ls_Quiz quiz;
    ls_Try try_;
    ls_Table1Spec table1;
    ls_VarianceSpec variance;
    ls_ScheduleSpec schedule;
    ls_Say say;
} ls_Directive;

typedef struct {
    char *path;
    char lang[8];            /* the folder's name: "en", "ko" */
    int number;              /* NN of the file name */
    char *slug;              /* "04-attention" */
    char *title;             /* the # heading */
    ls_Page *pages;
    int n_pages;
    ls_Directive *dirs;
    int n_dirs;
} ls_Lesson;

typedef struct {
    char lang[8];
    ls_Lesson *lessons;      /* by number */
    int n;
} ls_Set;

const char *ls_view_name(ls_View v);
const char *ls_attn_name(ls_Attn a);
const char *ls_side_name(ls_Side s);
/* Token i of a side: the trace's source or decoder-input tokens, or the target vocabulary
 * (NULL when out of range). */
const char *ls_side_word(const tf_Trace *tr, ls_Side s, const tf_Vocab *tv, int i);
const char *ls_dir_kind_name(ls_DirKind k);
const char *ls_answer_op_name(ls_AnswerOp op);
/* Whether a directive key holds text for the learner (quiz, options, right, wrong, explain, try):
 * such values differ between languages, all others must be equal. */
bool ls_key_is_text(const char *key);

/* Parses one lesson held in memory. Problems go to d with the file and line; the result is
 * usable (bad directives are dropped) unless TF_ERR_FORMAT is returned. */
tf_Status ls_lesson_parse(const char *path, const char *text, size_t len, ls_Lesson *out,
                          ls_Diags *d);
tf_Status ls_lesson_load(const char *path, ls_Lesson *out, ls_Diags *d);
void ls_lesson_free(ls_Lesson *l);

/* Every NN-slug.md of DIR/LANG, sorted by number. */
tf_Status ls_set_load(const char *dir, const char *lang, ls_Set *out, ls_Diags *d);
void ls_set_free(ls_Set *s);
const ls_Lesson *ls_set_find(const ls_Set *s, int number);  /* NULL when absent */

/* The lessons folder: $TFSCOPE_LESSONS, else $TFSCOPE_DATA/lessons, else the source tree's. */
const char *ls_default_dir(void);

/* The lesson as plain text, for a terminal: pages, paragraphs, lists, and directives summarised
 * ("[quiz] …", "[try] …"); the sentences of say blocks with their values measured by c (NULL:
 * "…" in their place). page -1 prints every page. */
typedef struct ls_Checker ls_Checker;
void ls_lesson_print(const ls_Lesson *l, int page, struct ls_Checker *c, void *file /* FILE* */);

/* --- evaluation against a trace (the window and the checker share these) -------------------- */

/* The scene in force on page p: every directive of pages 0..p folded in order. */
void ls_scene_at(const ls_Lesson *l, int page, ls_Scene *out);
/* The scene in force after directive i (0..n_dirs-1) of the lesson. */
void ls_scene_after(const ls_Lesson *l, int dir, ls_Scene *out);
/* Folds src's keys over dst (both point into the lesson's strings; nothing is allocated). */
void ls_scene_merge(ls_Scene *dst, const ls_Scene *src);
/* The sentence a scene runs: its own, or the Figure 3 sentence. */
const char *ls_scene_sentence(const ls_Scene *s);
/* The snapshot folder a scene shows: $TFSCOPE_SNAPSHOTS when set (a learner's own training run),
 * else the lesson's; NULL when the scene shows no snapshot. */
const char *ls_scene_snapshots(const ls_Scene *s);

typedef struct {
    char tensor[TF_NAME_MAX];
    int head, row, col;      /* head -1 for a 2-D tensor */
} ls_Cell;

/* A scene in terms of one trace: indices instead of names and words. */
typedef struct {
    int node;                /* trace node of the step shown, -1 = leave as is */
    ls_View view;            /* NONE = leave as is */
    ls_Attn attn;            /* the attention the lines/grid views show (NONE when none) */
    int layer;
    bool heads_set;
    uint64_t heads;
    ls_Side token_side;      /* NONE = leave as is */
    int token;               /* -1 = no selection */
    bool token_set;
    bool position_set;
    int position;
    bool position_overridden; /* a decoder token is selected: it, not `position`, is the position */
    ls_Cell highlight[LS_HIGHLIGHT_MAX];
    int n_highlight;
    int snapshot;            /* as in ls_Scene, when snapshots are set; -2 otherwise */
    unsigned failed;         /* after a failure: the LS_SET_* key at fault (0 = none known) */
} ls_Resolved;

/* tv: the model's target vocabulary, for words on vocabulary columns (logits, probs); NULL when
 * there is no model (such columns are then named by #index only). */
tf_Status ls_scene_resolve(const ls_Scene *s, const tf_Trace *tr, const tf_Vocab *tv,
                           ls_Resolved *out, tf_Err *err);

/* The meaning of a tensor's rows and columns (source tokens, target tokens, vocabulary, plain
 * index) and its heads (0 for a 2-D tensor). False when the trace has no such tensor. */
bool ls_tensor_axes(const tf_Trace *tr, const char *name, ls_Side *rows, ls_Side *cols,
                    int *heads);
/* A token reference on a side of a trace: its position, or TF_ERR_NOTFOUND / TF_ERR_INPUT with
 * the reason ("'makin' is not a source token", "'the' occurs 2 times: the(1) … the(2)"). */
tf_Status ls_token_resolve(const ls_TokRef *t, ls_Side side, const tf_Trace *tr,
                           const tf_Vocab *tv, int *pos, tf_Err *err);
/* A cell reference (tensor defaulting to dflt): head, row and column in range. */
tf_Status ls_cell_resolve(const ls_CellRef *c, const char *dflt, const tf_Trace *tr,
                          const tf_Vocab *tv, ls_Cell *out, tf_Err *err);

/* --- quizzes -------------------------------------------------------------------------------- */

typedef enum {
    LS_ANSWER_TOKEN,    /* a token position on `side`: click it (or a cell in its row/column) */
    LS_ANSWER_VOCAB,    /* a target-vocabulary entry: type it, or click an output token equal to it */
    LS_ANSWER_HEAD,     /* click a head chip or press its digit */
    LS_ANSWER_NUMBER,   /* type a number; side INDEX: a column (row) index of a plain axis, in
                         * items — typed, or a click on a cell of the fixed row (column) */
    LS_ANSWER_CHOICE,   /* press 1..n or click an option */
    LS_ANSWER_KIND_COUNT
} ls_AnswerKind;

typedef struct {
    ls_AnswerKind kind;
    ls_Side side;            /* TOKEN: SRC or TGT; VOCAB; NUMBER: INDEX for an index answer */
    int items[LS_ANSWER_MAX];/* TOKEN, INDEX: positions; VOCAB: vocabulary ids; HEAD: heads;
                              * CHOICE: 1-based option */
    int n_items;
    char vocab[LS_NAME_MAX]; /* VOCAB */
    double number, tol;      /* NUMBER; also the value behind an argmax/argmin/maxhead */
    char tensor[TF_NAME_MAX];/* TOKEN from a tensor: the cell a click may land on */
    int head, fixed;         /* its head and the row (or column, by_col) the question fixes */
    bool by_col;
    int n_choices;           /* CHOICE: options; HEAD: heads of the model */
    char text[512];          /* the answer in words: "difficult (#24)", "3", "0.42" */
} ls_Answer;

typedef enum { LS_RESP_TOKEN, LS_RESP_CELL, LS_RESP_HEAD, LS_RESP_NUMBER, LS_RESP_TEXT,
               LS_RESP_CHOICE, LS_RESP_COUNT } ls_RespKind;

typedef struct {
    ls_RespKind kind;
    ls_Side side;            /* TOKEN */
    int index;               /* TOKEN: position; HEAD: head; CHOICE: 1-based */
    int head, row, col;      /* CELL */
    char tensor[TF_NAME_MAX];/* CELL */
    double number;           /* NUMBER */
    char text[LS_NAME_MAX];  /* TEXT: a typed word (vocabulary answers) or number */
} ls_Response;

/* The answer of a quiz on this trace. Fails (with the reason) when it cannot be computed. */
tf_Status ls_quiz_answer(const ls_Quiz *q, const tf_Trace *tr, const tf_Vocab *tv, ls_Answer *out,
                         tf_Err *err);
bool ls_answer_check(const ls_Answer *a, const ls_Response *r, const tf_Trace *tr);
/* A response that is right, and one that is wrong (false when every response is right). For
 * tests and for "show me". */
void ls_answer_right(const ls_Answer *a, const tf_Trace *tr, ls_Response *out);
bool ls_answer_wrong(const ls_Answer *a, const tf_Trace *tr, ls_Response *out);
/* text with {answer} replaced by the answer in words (into out, cap bytes): a->text, except that
 * heads read "2번 헤드" when lang is "ko" (the lesson's language). */
void ls_format(const char *text, const ls_Answer *a, const char *lang, char *out, size_t cap);

/* --- numbers the lessons show -------------------------------------------------------------- */

/* The paper's Table 1 for sequence length n, dimension d, kernel k, neighbourhood r. Names are
 * en/ko; counts are the O() expressions evaluated without their constants. */
typedef struct {
    const char *name_en, *name_ko;
    const char *complexity, *sequential, *path;  /* the O() formulas */
    double ops, seq, path_len;
} ls_Table1Row;
void ls_table1(int n, int d, int k, int r, ls_Table1Row out[4]);

typedef struct {
    int dk;
    double mean, var;        /* of q·k */
    double var_scaled;       /* of q·k/√dₖ */
} ls_VarianceRow;
/* q, k with independent N(0, 1) components: sample mean and variance of q·k (fixed seed, so the
 * same numbers every run). */
void ls_dot_variance(int dk, int samples, uint64_t seed, ls_VarianceRow *out);
/* The same measured on a trace: q·k = scores·√dₖ over every head, query and key of PREFIX
 * ("enc.0.self_attn"; causally masked pairs excluded). */
tf_Status ls_trace_dot_variance(const tf_Trace *tr, const char *prefix, ls_VarianceRow *out,
                                tf_Err *err);
/* The paper's rate: d^-0.5 · min(step^-0.5, step · warmup^-1.5). */
double ls_schedule_lr(int d_model, int warmup, int step);

/* --- checking lessons (ls_check.c; the checker that runs their sentences: ls_checker.h) ---- */

/* Every directive of l resolves: sentences tokenise and fit, tensors exist, layers, heads and
 * tokens are in range, every quiz has an answer, suggestions run, snapshots load. Returns the
 * number of errors added to d. */
int ls_check_lesson(ls_Checker *c, const ls_Lesson *l, ls_Diags *d);
/* Two languages of one lesson have the same pages and the same directives in the same order
 * (text keys may differ, everything else must be equal). */
int ls_check_pair(const ls_Lesson *a, const ls_Lesson *b, ls_Diags *d);
/* Both sets have the same lesson numbers and slugs, and each pair passes ls_check_pair. */
int ls_check_sets(const ls_Set *a, const ls_Set *b, ls_Diags *d);
/* The course as a whole (the lessons of one language in folder dir): at least a third of its
 * quizzes are compute-and-check. A warning (an error with --strict): a teacher may check one
 * lesson on its own. Returns the number of warnings added. */
int ls_check_course(const ls_Set *s, const char *dir, ls_Diags *d);

/* --- the command ----------------------------------------------------------------------------- */

/* `tfscope lesson list | N | check` (argv[0] is "lesson"); returns the exit code. */
int ls_lesson_cmd(int argc, char **argv);
/* What `tfscope lesson N` runs to open the window: `tfscope view`'s argv ("view", "--lesson", N,
 * ...). The executable sets it (the window lives in the drawing module); NULL (in-process tests):
 * the lesson is printed as text, as with --text. */
extern int (*ls_window_runner)(int argc, char **argv);

#include "ls_claim.h"

#endif

/* ls_claim.h — the model's numbers behind a lesson's sentences and exercises: claims (`say`
 * blocks: quantities measured on the page's trace and compared with what the text states, filled
 * into the sentence) and compute-and-check answers (one step of the forward pass redone by the
 * learner, worked out here with the window's digits and the usual slips). Included by ls_lesson.h.
 *
 *     ls_Value vals[8];
 *     bool all;
 *     int n = ls_say_values(checker, lesson, dir, vals, 8, &all);   // a say block's values
 *     ls_say_fill(dv->say.text, dv->say.items, vals, n, out, sizeof out);
 *
 *     ls_Calc k;
 *     ls_calc_eval(&quiz->answer, trace, model, NULL, &k, &err);   // compute answers
 *     // k.exact, k.recorded, k.shown, k.slips[…]
 */
#ifndef TF_LS_CLAIM_H
#define TF_LS_CLAIM_H

#include "ls_lesson.h"

/* --- claims ---------------------------------------------------------------------------------- */

/* The winner along the free axis of a cell reference (row R: its columns; col C: its rows;
 * over_heads: the heads at cell R, C), masked cells left out. */
typedef struct {
    double best, second, worst;
    int index;               /* the winner's position (or head) */
    int n_best;              /* how many share the best value */
    int n;                   /* positions compared */
    double lead;             /* best − runner-up: 0 for a tie, -1 with one position */
} ls_Rank;
tf_Status ls_rank(const ls_CellRef *ref, bool by_col, bool over_heads, bool maxi, const tf_Trace *tr,
                  const tf_Vocab *tv, ls_Rank *out, tf_Err *err);

typedef enum { LS_VAL_NUMBER, LS_VAL_INT, LS_VAL_WORD, LS_VAL_HEAD, LS_VAL_TEXT, LS_VAL_ROW,
               LS_VAL_KIND_COUNT } ls_ValKind;

typedef struct {
    ls_ValKind kind;
    double number;           /* NUMBER, INT, HEAD (the head) */
    double best;             /* argmax, argmin, maxhead: the winner's value */
    double lead;             /* … its lead over the runner-up (see ls_Rank) */
    int n_best, index;
    char text[512];          /* WORD, TEXT (an output: tokens joined by spaces); INT, HEAD as digits */
    const float *row;        /* ROW: into the trace, until the next claim is evaluated */
    int n;
} ls_Value;

const char *ls_quant_name(ls_QuantOp op);
const char *ls_cmp_name(ls_CmpOp op);
/* "QUANTITY COMPARISON" (a claim) or "QUANTITY" (show). False with the reason in why. */
bool ls_parse_claim(const char *s, bool show, ls_Claim *out, char *why, size_t cap);
void ls_claim_free(ls_Claim *c);
/* A quantity measured for the page whose scene is sc: on its trace, another decoding of its
 * sentence or a training snapshot (the checker runs and caches what is needed). */
tf_Status ls_quantity_eval(ls_Checker *c, const ls_Scene *sc, const ls_Quantity *q, ls_Value *out,
                           tf_Err *err);
/* A claim's value and whether the claim holds (why: what was found when it does not). A show
 * always holds. Fails when the quantity cannot be measured. */
tf_Status ls_claim_eval(ls_Checker *c, const ls_Scene *sc, const ls_Claim *cl, ls_Value *val,
                        bool *holds, char *why, size_t cap, tf_Err *err);
/* A say text with {k} (and {k:d}, d decimals) replaced by vals[k-1] (n values); vals NULL: "…". */
void ls_say_fill(const char *text, const ls_Claim *items, const ls_Value *vals, int n, char *out,
                 size_t cap);
/* False (why) when a {k} of text names no claim or show of the n. */
bool ls_say_check_placeholders(const char *text, int n, char *why, size_t cap);
/* The values of the claims and shows of say directive dir of l (at most cap), measured on the
 * page's scene; all_hold (when not NULL) tells whether every claim holds. -1 when one cannot be
 * measured. */
int ls_say_values(ls_Checker *c, const ls_Lesson *l, int dir, ls_Value *vals, int cap, bool *all_hold);
/* The plain cross-entropy of a trace: the mean over decoder rows of −ln p(the next token). */
tf_Status ls_trace_loss(const tf_Trace *tr, const tf_Vocab *tv, double *out, tf_Err *err);

/* --- compute-and-check quizzes -------------------------------------------------------------- */

#define LS_CALC_SLIPS 4
#define LS_CALC_NEEDS 4

typedef struct {
    const char *what;        /* "not dividing by √dₖ" */
    double v;                /* what that slip gives */
} ls_Slip;

/* One compute answer worked out on a trace. */
typedef struct {
    double exact;            /* the formula in double on the trace's float inputs */
    double recorded;         /* the model's own number for it; NaN when not recorded (loss, smoothing) */
    double shown;            /* the formula on the inputs as the window prints them */
    ls_Slip slips[LS_CALC_SLIPS];
    int n_slips;
    char tensor[TF_NAME_MAX], also[TF_NAME_MAX];  /* where the answer stands ("" none) */
    int head, row, col;
    char inputs[2][TF_NAME_MAX];                  /* the trace tensors the learner reads */
    int n_inputs;
    ls_Quantity needs[LS_CALC_NEEDS];             /* what the page must show (a norm's mean, γ …) */
    int n_needs;
} ls_Calc;

const char *ls_calc_name(ls_CalcKind k);
int ls_calc_from_name(const char *s);     /* -1 when unknown */
/* A value as the window prints it (five significant digits). */
double ls_shown(double v);
/* m (for γ, β and the embedding) and tv (for words) may be NULL: what needs them then falls back to
 * the recorded number. */
tf_Status ls_calc_eval(const ls_AnswerExpr *e, const tf_Trace *tr, const tf_Model *m, const tf_Vocab *tv,
                       ls_Calc *out, tf_Err *err);

#endif

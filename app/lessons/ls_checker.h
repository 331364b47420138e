/* ls_checker.h — the checker: what `tfscope lesson check`, the claims and the lesson panel run a
 * lesson's sentences with. It owns a cache of traces (greedy or beam decodes, with the
 * interventions a page asks for), evaluations on the task's test split and the traces of training
 * snapshots, each computed once and kept for the lessons that follow. Not the checks themselves
 * (ls_check_lesson and the rest, ls_lesson.h / ls_check.c) and no drawing.
 *
 *     ls_Checker *c = ls_checker_new(model);
 *     const tf_Trace *tr = ls_checker_trace(c, sentence, 1, &err);  // run once, then cached
 *     ls_check_lesson(c, lesson, &diags);
 *     ls_checker_free(c);
 */
#ifndef TF_LS_CHECKER_H
#define TF_LS_CHECKER_H

#include "ls_lesson.h"

/* A checker runs the lessons' sentences through m (not owned). */
ls_Checker *ls_checker_new(const tf_Model *m);
void ls_checker_free(ls_Checker *c);
/* Drops the traces kept for later use once they pass 128 MB (they are run again when needed).
 * Call only where no trace the checker handed out is still in use. */
void ls_checker_trim(ls_Checker *c);
/* From now on, ls_check_lesson prints every quiz's computed answer to file (FILE*; NULL: quiet). */
void ls_checker_log(ls_Checker *c, void *file);
/* The file ls_checker_log set (FILE*), or NULL. */
void *ls_checker_logfile(const ls_Checker *c);
/* The trace of a sentence (cached: it stays valid until ls_checker_trim or ls_checker_free); NULL
 * with err filled when it cannot be run. */
const tf_Trace *ls_checker_trace(ls_Checker *c, const char *sentence, int beam, tf_Err *err);
/* A run of a sentence: its decoding, the interventions of the model (an ablation spec as
 * `tfscope translate --ablate` takes it, LS_RUN_* switches; no-mask traces the translation written
 * without it), and prefix > 0 to feed the decoder only the first `prefix` tokens of the translation
 * (<bos> and prefix − 1 more): what it has computed when it writes token prefix. */
typedef struct {
    const char *sentence;
    int beam;
    int prefix;
    const char *ablate;      /* NULL or "" = none */
    unsigned flags;          /* LS_RUN_* */
} ls_Run;
const tf_Trace *ls_checker_run(ls_Checker *c, const ls_Run *r, tf_Err *err);
/* Exact match (a fraction) and corpus BLEU (0-100) on the first n pairs of the task's test split
 * (seed 1), decoded with a run's beam and interventions (its sentence and prefix are ignored);
 * cached. */
tf_Status ls_checker_eval(ls_Checker *c, const ls_Run *r, int n, double *exact, double *bleu,
                          tf_Err *err);
/* The trace a scene is shown on: the training snapshot it names, or its sentence through the
 * model. *no_snapshots (when not NULL) is set when the scene names a snapshot but the folder has
 * none; the sentence's trace is returned then. NULL with err filled on failure. */
const tf_Trace *ls_checker_scene_trace(ls_Checker *c, const ls_Scene *s, bool *no_snapshots,
                                       tf_Err *err);
/* The model the checker runs (ls_checker_new's m). */
const tf_Model *ls_checker_model(const ls_Checker *c);
/* Snapshot k of the folder dir (-1: the last) or, with step > 0, the snapshot of that training
 * step (file step-NNNNNN.safetensors). NULL with err filled when there is none. */
const tf_Trace *ls_checker_snapshot(ls_Checker *c, const char *dir, int k, int step, tf_Err *err);
/* The training steps of the snapshots of dir, from their names, in order; returns the count, or
 * -1 with err filled when the folder holds more than TF_MAX_SNAPSHOTS. */
int ls_checker_snapshot_steps(ls_Checker *c, const char *dir, int *steps, int cap, tf_Err *err);

#endif

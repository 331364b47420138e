/* lesson_fixture.h — what the lesson suites share: the models lessons run on (an untrained model of
 * the default shape built in-process, the trained default model when it is there) and the real
 * lessons of a language; and the `lessons` suite's own fixture, set up once for its two files
 * (test_lessons.c, test_lessons_checker.c).
 *
 *     tf_Model m;
 *     if (!lf_default_model(&m)) lf_untrained_model(&m, 3);
 *     ls_Set set;
 *     lf_real_lessons("ko", &set);    // lessons/ko/NN-*.md, asserted to load without error
 *
 * The real lessons name Korean words of the trained model's own translation: checking them needs
 * the default model (assets/model.safetensors or $TFSCOPE_MODEL). */
#ifndef TF_LESSON_FIXTURE_H
#define TF_LESSON_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "ls_lesson.h"

/* An untrained model of the default shape (D=64, 8 heads, 2+2 layers, post-LN, tied) over the
 * task's vocabularies, its weights drawn from seed. */
void lf_untrained_model(tf_Model *m, uint64_t seed);
/* The trained default model into m; false (m untouched) when it is missing or does not load. */
bool lf_default_model(tf_Model *m);
/* The real lessons of lang from TF_SOURCE_LESSONS, asserted to load without error. */
void lf_real_lessons(const char *lang, ls_Set *set);

/* --- the lessons suite: cmocka group setup and teardown, and what they set up ----------------- */

int lf_setup(void **state);
int lf_teardown(void **state);
const tf_Model *lf_random(void);     /* untrained, seed 7 */
const tf_Model *lf_default(void);    /* the trained default model; NULL when it is missing */
const char *lf_random_path(void);    /* lf_random() saved, for the command-line tests */
void lf_print_diags_on_failure(const ls_Diags *d);

#endif

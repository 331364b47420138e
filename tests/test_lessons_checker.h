/* test_lessons_checker.h — the cases of test_lessons_checker.c (the lesson checker), which main()
 * in test_lessons.c runs in the same group as its own. */
#ifndef TF_TEST_LESSONS_CHECKER_H
#define TF_TEST_LESSONS_CHECKER_H

void real_lessons_fit_the_default_model(void **state);
void every_real_quiz_is_answered_right_and_wrong(void **state);
void every_kind_of_answer_is_computed_and_checked(void **state);
void pages_fold_into_one_scene(void **state);
void widgets_compute_the_papers_numbers(void **state);

#endif

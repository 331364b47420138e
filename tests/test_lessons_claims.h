/* test_lessons_claims.h — the cases of test_lessons_claims.c (claims, compute-and-check answers,
 * rules that need the model's numbers), run by main() in test_lessons.c. */
#ifndef TF_TEST_LESSONS_CLAIMS_H
#define TF_TEST_LESSONS_CLAIMS_H

void claims_hold_or_fail_on_the_numbers(void **state);
void claims_fill_their_sentence(void **state);
void claims_report_what_is_wrong(void **state);
void quiz_claims_are_checked(void **state);
void page_interventions_hold_for_their_page(void **state);
void compute_answers_redo_the_forward_pass(void **state);
void rules_see_the_answer_head_and_an_idle_beam(void **state);

#endif

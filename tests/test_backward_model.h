/* test_backward_model.h — the cases of test_backward_model.c (whole tiny models), which main() in
 * test_backward.c runs after the kernels, in the same group. */
#ifndef TF_TEST_BACKWARD_MODEL_H
#define TF_TEST_BACKWARD_MODEL_H

void tied_model_gradients_match_differences(void **state);
void untied_model_with_norms_gradients_match_differences(void **state);
void source_word_objective_gradients_match_differences(void **state);
void shared_embeddings_with_dropout_gradients_match_differences(void **state);
void gradients_are_the_same_bits_on_any_thread_count(void **state);
void padding_contents_change_nothing(void **state);
void uniform_model_costs_log_v(void **state);
void bad_batches_and_pre_ln_models_are_refused(void **state);

#endif

/* test_window_frame.h — the cases of test_window_frame.c (the window as a whole), which main() in
 * test_window.c runs in the same group as its own. */
#ifndef TF_TEST_WINDOW_FRAME_H
#define TF_TEST_WINDOW_FRAME_H

void test_resizing_from_tiny_to_4k_and_focus_changes(void **state);
void test_export_keys_write_png(void **state);
void test_screenshots_leave_the_toast_out(void **state);
void test_first_start_hint_is_shown_once(void **state);
void test_window_title_names_model_and_sentence(void **state);
void test_interface_strings_in_english_and_korean(void **state);
void test_snapshots_scrub_through_training_time(void **state);
void test_scripts_drive_the_window_and_report_bad_lines(void **state);
void test_frames_match_golden_images(void **state);

#endif

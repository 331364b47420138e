/* testutil.h — what the test programs share: reading files, loading a fixture model or reference,
 * comparing tensors with a message that names the tensor and its largest difference, and
 * comparing pictures with a golden image's tolerance. */
#ifndef TF_TESTUTIL_H
#define TF_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forward.h"

/* The whole file, malloc'd (a byte more, for a terminator); NULL when it cannot all be read. */
uint8_t *tu_try_read(const char *path, size_t *len);
uint8_t *tu_read(const char *path, size_t *len);        /* aborts the test when missing */
void tu_load_model(const char *path, tf_Model *m);       /* asserts it loads */
/* Paths of every fixture case file tests/fixtures/ref/<cfg>.case<k>.ref.safetensors (malloc'd). */
char **tu_fixture_cases(int *n);
/* The same for the runs with interventions, <cfg>.interv<k>.ref.safetensors. */
char **tu_fixture_interv_cases(int *n);
void tu_free_strings(char **s, int n);
/* A case: its model, source ids and decoder input ids (with <bos>), its interventions. */
typedef struct {
    tf_Model model;
    tf_St ref;
    uint8_t *ref_bytes;
    int *src, S, *tgt, T;
    tf_Interv iv;  /* none for a plain case */
} tu_Case;
void tu_case_load(const char *ref_path, tu_Case *c);
/* Loads every case of a list (tu_fixture_cases or tu_fixture_interv_cases) in turn and calls
 * check on it. */
void tu_each_case(char **(*list)(int *n), void (*check)(tu_Case *c));
void tu_case_free(tu_Case *c);
/* A safetensors file (bytes, len) again with metadata key set to value (added when absent; NULL
 * removes it), everything else as it was. malloc'd. */
uint8_t *tu_with_meta(const uint8_t *bytes, size_t len, const char *key, const char *value,
                      size_t *out_len);
/* Runs run(n / 16) and run(n) three times each (run returns the seconds its work took; the
 * shortest of each size counts) and fails unless size n took less than 64 times as long as n / 16:
 * linear work takes about 16 times as long, quadratic work 256 times. */
void tu_assert_linear(const char *what, double (*run)(int n), int n);
/* Removes dir and everything below it (links are removed, not followed); what a test made in its
 * temporary folder goes with it. Returns false when something could not be removed. */
bool tu_remove_tree(const char *dir);
/* The process's peak resident memory so far, in MB (getrusage). */
double tu_peak_rss_mb(void);
/* Largest |a - b| / max(1, max|b|), printing name and difference when over tol. */
double tu_rel_diff(const char *name, const float *a, const double *b, size_t n, double tol);
/* The fraction of n_px RGBA pixels of a and b that differ by more than tol in one of their first
 * `channels` channels (3: colour only, 4: alpha too). */
double tu_px_differ(const uint8_t *a, const uint8_t *b, size_t n_px, int channels, int tol);

#endif

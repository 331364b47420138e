/* testutil.h — what the test programs share: fixture paths, loading a fixture model or reference,
 * and comparing tensors with a message that names the tensor and its largest difference. */
#ifndef TF_TESTUTIL_H
#define TF_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forward.h"

uint8_t *tu_read(const char *path, size_t *len);        /* aborts the test when missing */
void tu_load_model(const char *path, tf_Model *m);       /* asserts it loads */
/* Paths of every fixture case file tests/fixtures/ref/<cfg>.case<k>.ref.safetensors (malloc'd). */
char **tu_fixture_cases(int *n);
void tu_free_strings(char **s, int n);
/* A case: its model, source ids and decoder input ids (with <bos>). */
typedef struct {
    tf_Model model;
    tf_St ref;
    uint8_t *ref_bytes;
    int *src, S, *tgt, T;
} tu_Case;
void tu_case_load(const char *ref_path, tu_Case *c);
void tu_case_free(tu_Case *c);
/* Largest |a - b| / max(1, max|b|), printing name and difference when over tol. */
double tu_rel_diff(const char *name, const float *a, const double *b, size_t n, double tol);

#endif

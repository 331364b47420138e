/* fuzz.h — the fuzz targets, callable as plain functions. Each harness file defines one of them
 * and, unless TF_FUZZ_NO_MAIN is defined, the libFuzzer entry point that calls it; the malformed-
 * file test defines TF_FUZZ_NO_MAIN and replays the grown corpora through the same functions, so
 * every corpus file is re-run under ASan/UBSan by the ordinary suite.
 *
 * A target returns 0. A broken invariant (a model that saves but does not load back, say) aborts,
 * which is what both libFuzzer and the test runner report as a failure. */
#ifndef TF_FUZZ_H
#define TF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int tf_fuzz_model(const uint8_t *data, size_t size);      /* bytes as a model file */
int tf_fuzz_tokenizer(const uint8_t *data, size_t size);  /* bytes as source text */
int tf_fuzz_trace(const uint8_t *data, size_t size);      /* bytes as a trace file */
int tf_fuzz_checkpoint(const uint8_t *data, size_t size); /* bytes as a training checkpoint */
int tf_fuzz_snapshot(const uint8_t *data, size_t size);   /* bytes as a snapshot: trace or model */
int tf_fuzz_lesson(const uint8_t *data, size_t size);     /* bytes as a lesson (en or ko) */
int tf_fuzz_script(const uint8_t *data, size_t size);     /* bytes as a window script */

#endif

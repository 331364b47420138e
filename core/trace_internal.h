/* trace_internal.h — what trace.c, trace_load.c and trace_beam.c share about the trace file.
 * Not part of the public API. */
#ifndef TF_TRACE_INTERNAL_H
#define TF_TRACE_INTERNAL_H

#include "trace.h"

tf_Status tf_config_from_meta(const tf_St *st, tf_Config *cfg, tf_Err *err);
/* The beam log's metadata value (malloc'd), and back into tr->beam (tr->cfg read first). */
char *tf_trace_beam_json(const tf_Trace *tr);
tf_Status tf_trace_beam_from_json(tf_Trace *tr, const char *json, tf_Err *err);
void tf_trace_beam_free(tf_Trace *tr);

#endif

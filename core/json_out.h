/* json_out.h — JSON text written straight into a growing buffer, byte for byte as
 * cJSON_PrintUnformatted prints the same values (so files stay as they were), without building a
 * cJSON tree first: a trace header's hundreds of small objects cost a malloc each that way.
 * Writing only; cJSON remains the one JSON parser.
 *
 * Usage:
 *     tf_JsonOut j = {0};
 *     tf_jo_raw(&j, "{");  tf_jo_str(&j, "name");  tf_jo_raw(&j, ":");  tf_jo_int(&j, 42);
 *     tf_jo_raw(&j, "}");                      // j.s = {"name":42}, j.len bytes, malloc'd
 *     free(j.s);
 */
#ifndef TF_JSON_OUT_H
#define TF_JSON_OUT_H

#include "tf_base.h"

typedef struct {
    char *s;      /* NUL-terminated */
    size_t len, cap;
} tf_JsonOut;

void tf_jo_raw(tf_JsonOut *j, const char *text);
/* A string in quotes, escaped as cJSON escapes: \" \\ \b \f \n \r \t, other bytes below 0x20 as
 * \u00XX, everything else (UTF-8 included) as it is. NULL prints as "". */
void tf_jo_str(tf_JsonOut *j, const char *s);
/* A whole number as cJSON prints one below 1e15. */
void tf_jo_int(tf_JsonOut *j, long long v);

#endif

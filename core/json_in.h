/* json_in.h — JSON text from a file parsed with cJSON after its values have been counted, so that
 * a short text of many tiny values ("[0,0,0,…]": two bytes a value, about 100 bytes a parse-tree
 * node) cannot make a tree many times the size of the file. cJSON stays the one JSON parser; this
 * is only the gate in front of it. Not a validator of what the values mean.
 *
 * Usage:
 *     cJSON *root;
 *     if (tf_json_parse(text, strlen(text), TF_MAX_JSON_VALUES, "metadata 'steps'", &root, &err))
 *         return ...;           // err: "metadata 'steps' holds more than … values" or "is not JSON"
 *     ...
 *     cJSON_Delete(root);
 */
#ifndef TF_JSON_IN_H
#define TF_JSON_IN_H

#include <cjson/cJSON.h>

#include "tf_base.h"
#include "tf_limits.h"

/* An upper bound of the number of values in text (len bytes): 1 + commas + opened containers,
 * counted outside strings. */
size_t tf_json_count_values(const char *text, size_t len);
/* Parses text (len bytes, no NUL needed) into *out when it holds at most max_values values and is
 * valid JSON; otherwise *out is NULL and err names `what` and the problem (TF_ERR_FORMAT). */
tf_Status tf_json_parse(const char *text, size_t len, size_t max_values, const char *what,
                        cJSON **out, tf_Err *err);

#endif

/* json_in.c — counting a JSON text's values before cJSON parses it (json_in.h). */
#include "json_in.h"

size_t tf_json_count_values(const char *text, size_t len)
{
    size_t n = 1;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == ',' || c == '[' || c == '{') {
            n++;
        }
    }
    return n;
}

tf_Status tf_json_parse(const char *text, size_t len, size_t max_values, const char *what,
                        cJSON **out, tf_Err *err)
{
    *out = NULL;
    size_t n = tf_json_count_values(text, len);
    if (n > max_values)
        return tf_fail(err, TF_ERR_FORMAT, "%s holds %zu JSON values; the limit is %zu", what, n,
                       max_values);
    *out = cJSON_ParseWithLength(text, len);
    if (!*out) return tf_fail(err, TF_ERR_FORMAT, "%s is not valid JSON", what);
    return TF_OK;
}

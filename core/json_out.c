/* json_out.c — the JSON writer of json_out.h. */
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *room(tf_JsonOut *j, size_t n)
{
    if (j->len + n + 1 > j->cap) {
        while (j->len + n + 1 > j->cap) j->cap = j->cap ? 2 * j->cap : 4096;
        j->s = realloc(j->s, j->cap);
        TF_ASSERT(j->s);
    }
    return j->s + j->len;
}

static void put(tf_JsonOut *j, const char *text, size_t n)
{
    memcpy(room(j, n), text, n);
    j->len += n;
    j->s[j->len] = '\0';
}

void tf_jo_raw(tf_JsonOut *j, const char *text) { put(j, text, strlen(text)); }

void tf_jo_str(tf_JsonOut *j, const char *s)
{
    static const char SHORT[32] = {['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
                                   ['\t'] = 't'};
    size_t n = s ? strlen(s) : 0, need = n + 2;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        need += c == '"' || c == '\\' || (c < 32 && SHORT[c]) ? 1 : c < 32 ? 5 : 0;
    }
    /* room for exactly this (not 6 bytes a character): a long value, like a trace's steps, would
     * otherwise ask for a block six times its size */
    char *o = room(j, need);
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c >= 32) {
            *o++ = (char)c;
        } else if (SHORT[c]) {
            *o++ = '\\';
            *o++ = SHORT[c];
        } else {
            snprintf(o, 7, "\\u%04x", c);
            o += 6;
        }
    }
    *o++ = '"';
    j->len = (size_t)(o - j->s);
    j->s[j->len] = '\0';
}

void tf_jo_int(tf_JsonOut *j, long long v)
{
    char buf[24];
    TF_ASSERT(v > -1000000000000000LL && v < 1000000000000000LL);
    put(j, buf, (size_t)snprintf(buf, sizeof buf, "%lld", v));
}

/* utf8.c — UTF-8 decoding by one rule (utf8.h). */
#include "utf8.h"

static int cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

int tf_utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t dummy;
    if (!cp) cp = &dummy;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return c ? 1 : 0;
    }
    /* the lead byte gives the length and the range of the second byte (which excludes overlong
     * forms, surrogates and code points above U+10FFFF) */
    int n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *cp = TF_UTF8_REPLACEMENT;
        return 1;
    }
    if (s[1] < lo || s[1] > hi) {
        *cp = TF_UTF8_REPLACEMENT;
        return 1;
    }
    uint32_t v = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if (!cont(s[i])) {  /* also stops at the NUL */
            *cp = TF_UTF8_REPLACEMENT;
            return 1;
        }
        v = v << 6 | (s[i] & 0x3Fu);
    }
    *cp = v;
    return n;
}

size_t tf_utf8_next(const char *s, size_t i)
{
    return i + (size_t)tf_utf8_decode(s + i, NULL);
}

size_t tf_utf8_prev(const char *s, size_t i)
{
    if (i == 0) return 0;
    /* a lead byte 2..4 bytes back whose character ends at i, else the byte before i */
    for (size_t k = 4; k >= 2; k--)
        if (k <= i && (size_t)tf_utf8_decode(s + i - k, NULL) == k) return i - k;
    return i - 1;
}

size_t tf_utf8_floor(const char *s, size_t i)
{
    for (size_t k = 1; k <= 3 && k <= i; k++) {
        size_t j = i - k;
        int n = tf_utf8_decode(s + j, NULL);
        if ((size_t)n > k) return j;  /* the character at j runs past i */
        if (!cont((unsigned char)s[j])) break;
    }
    return i;
}

size_t tf_utf8_count(const char *s)
{
    size_t n = 0;
    for (size_t i = 0; s[i]; i = tf_utf8_next(s, i)) n++;
    return n;
}

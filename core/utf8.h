/* utf8.h — UTF-8 text, read by one rule everywhere: a character is a well-formed sequence of
 * RFC 3629 (no overlong forms, no surrogates, nothing above U+10FFFF); any other byte is a
 * character of its own, one byte long, read as U+FFFD. The end of the string (its NUL) ends every
 * sequence, so nothing here reads past it. */
#ifndef TF_UTF8_H
#define TF_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define TF_UTF8_REPLACEMENT 0xFFFDu

/* The length of the character at s (1..4; 1 for a stray byte, whose *cp is U+FFFD), 0 at the
 * end of the string (*cp = 0). cp may be NULL. */
int tf_utf8_decode(const char *s, uint32_t *cp);
/* Where the character after the one at byte i starts (i itself at the end of the string). */
size_t tf_utf8_next(const char *s, size_t i);
/* Where the character that ends at byte i starts (0 for i = 0). */
size_t tf_utf8_prev(const char *s, size_t i);
/* The largest character boundary <= i: how many bytes of s to keep, at most i, so that no
 * character is cut (s must hold at least i bytes before its NUL). */
size_t tf_utf8_floor(const char *s, size_t i);
/* The number of characters of s. */
size_t tf_utf8_count(const char *s);

#endif

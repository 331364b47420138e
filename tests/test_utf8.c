/* test_utf8.c — the one UTF-8 rule (core/utf8.h): well-formed sequences decode to their code
 * points; overlong forms, surrogates, code points above U+10FFFF, stray continuation bytes and
 * sequences cut by the end of the string are one byte each, read as U+FFFD; stepping forwards
 * and backwards meets the same boundaries; cutting never splits a character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static void decodes(const char *s, int len, uint32_t cp)
{
    uint32_t got = 1234;
    assert_int_equal(tf_utf8_decode(s, &got), len);
    assert_int_equal(got, cp);
}

static void test_well_formed_sequences_decode(void **state)
{
    (void)state;
    decodes("", 0, 0);
    decodes("A", 1, 'A');
    decodes("\xC2\x80", 2, 0x80);
    decodes("\xDF\xBF", 2, 0x7FF);
    decodes("\xE0\xA0\x80", 3, 0x800);
    decodes("가", 3, 0xAC00);
    decodes("\xEF\xBF\xBD", 3, 0xFFFD);  /* U+FFFD written out is a character like any other */
    decodes("\xF0\x90\x80\x80", 4, 0x10000);
    decodes("😀", 4, 0x1F600);
    decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
    assert_int_equal(tf_utf8_decode("가", NULL), 3);
}

static void test_ill_formed_bytes_are_one_replacement_each(void **state)
{
    (void)state;
    const char *bad[] = {
        "\x80",             /* a continuation byte alone */
        "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\x80",     /* overlong */
        "\xE0\x9F\xBF",     /* overlong */
        "\xED\xA0\x80",     /* a surrogate */
        "\xF0\x80\x80\x80", /* overlong */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", "\xFF", "\xE2\x80", /* cut by the end of the string */
        "\xE2\x80" "A",     /* cut by an ASCII byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) decodes(bad[i], 1, TF_UTF8_REPLACEMENT);
    /* a stray byte is one character, and the text after it is read as it is */
    assert_int_equal(tf_utf8_count("\xFF" "a\xE2\x80" "가"), 5);  /* FF a E2 80 가 */
}

static void test_steps_meet_the_same_boundaries(void **state)
{
    (void)state;
    const char *s = "a가\xFF😀\xE2\x80" "b\xC3\xA9\x80Z";
    size_t fwd[32], n = 0, len = strlen(s);
    for (size_t i = 0; i < len; i = tf_utf8_next(s, i)) fwd[n++] = i;
    assert_int_equal(n, tf_utf8_count(s));
    assert_int_equal(n, 10);  /* a 가 FF 😀 E2 80 b é 80 Z */
    assert_int_equal(tf_utf8_next(s, len), len);
    size_t i = len;
    for (size_t k = n; k-- > 0;) {
        i = tf_utf8_prev(s, i);
        assert_int_equal(i, fwd[k]);
    }
    assert_int_equal(tf_utf8_prev(s, 0), 0);
}

static void test_floor_never_cuts_a_character(void **state)
{
    (void)state;
    const char *s = "가나😀";  /* 3 + 3 + 4 bytes */
    size_t want[] = {0, 0, 0, 3, 3, 3, 6, 6, 6, 6, 10};
    for (size_t i = 0; i <= 10; i++) assert_int_equal(tf_utf8_floor(s, i), want[i]);
    /* stray bytes are whole characters: cutting after one keeps it */
    assert_int_equal(tf_utf8_floor("a\x80\x80", 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed_sequences_decode),
        cmocka_unit_test(test_ill_formed_bytes_are_one_replacement_each),
        cmocka_unit_test(test_steps_meet_the_same_boundaries),
        cmocka_unit_test(test_floor_never_cuts_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

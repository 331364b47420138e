/* test_vocab.c — vocabularies and the tokenizer: exact tokens, the lower-case/punctuation
 * fallback, unknown words named in the error, empty text, specials required. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vocab.h"

static const char *TOKS[] = {"<pad>", "<unk>", "<bos>", "<eos>", "it", "is", ".", "making",
                             "more", "difficult", "2009", ",", "학교", "에"};

static void tokenizes_exact_lowercase_and_punctuation(void **state)
{
    (void)state;
    tf_Vocab v;
    assert_int_equal(tf_vocab_from_list(&v, TOKS, 14, "vocab", NULL), TF_OK);
    int *ids, n;
    assert_int_equal(tf_tokenize(&v, "  It is MAKING more difficult, 2009.\n", &ids, &n, NULL), TF_OK);
    int want[] = {4, 5, 7, 8, 9, 11, 10, 6};
    assert_int_equal(n, 8);
    assert_memory_equal(ids, want, sizeof want);
    free(ids);
    assert_int_equal(tf_tokenize(&v, "학교 에", &ids, &n, NULL), TF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], 12);
    free(ids);
    tf_vocab_free(&v);
}

static void unknown_words_are_named(void **state)
{
    (void)state;
    tf_Vocab v;
    tf_Err err;
    assert_int_equal(tf_vocab_from_list(&v, TOKS, 14, "vocab", NULL), TF_OK);
    int *ids = NULL, n = 0;
    assert_int_equal(tf_tokenize(&v, "it is zebra more quokka", &ids, &n, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "'zebra'"));
    assert_non_null(strstr(err.msg, "'quokka'"));
    assert_non_null(strstr(err.msg, "2 unknown words"));
    assert_int_equal(tf_tokenize(&v, " \t ", &ids, &n, &err), TF_ERR_INPUT);
    assert_non_null(strstr(err.msg, "empty"));
    tf_vocab_free(&v);
}

static void vocab_requires_specials_and_unique_tokens(void **state)
{
    (void)state;
    tf_Vocab v;
    tf_Err err;
    const char *no_bos[] = {"<pad>", "<unk>", "<eos>", "a"};
    assert_int_equal(tf_vocab_from_list(&v, no_bos, 4, "src_vocab", &err), TF_ERR_MODEL);
    assert_non_null(strstr(err.msg, "<bos>"));
    const char *dup[] = {"<pad>", "<unk>", "<bos>", "<eos>", "a", "a"};
    assert_int_equal(tf_vocab_from_list(&v, dup, 6, "src_vocab", &err), TF_ERR_MODEL);
    assert_non_null(strstr(err.msg, "twice"));
    assert_int_equal(tf_vocab_from_json(&v, "[\"<pad>\", 3]", "tgt_vocab", &err), TF_ERR_MODEL);
    assert_int_equal(tf_vocab_from_json(&v, "{", "tgt_vocab", &err), TF_ERR_MODEL);
    assert_non_null(strstr(err.msg, "tgt_vocab"));
    assert_int_equal(tf_vocab_from_json(&v, "[\"<pad>\",\"<unk>\",\"<bos>\",\"<eos>\",\"x\"]",
                                        "tgt_vocab", &err), TF_OK);
    assert_int_equal(tf_vocab_find(&v, "x"), 4);
    assert_int_equal(tf_vocab_find(&v, "y"), -1);
    assert_int_equal(v.eos, 3);
    tf_vocab_free(&v);
}

/* A vocabulary of two million tiny values ("[0,0,…]", 4 MB) is refused by its count before
 * cJSON builds a tree a hundred times its size. */
static void a_vocab_of_too_many_values_is_refused_by_count(void **state)
{
    (void)state;
    enum { N = 2000000 };
    char *json = malloc(2 * (size_t)N + 2);
    assert_non_null(json);
    json[0] = '[';
    for (int i = 0; i < N; i++) memcpy(json + 1 + 2 * i, "0,", 2);
    json[2 * N] = ']';
    json[2 * N + 1] = 0;
    tf_Vocab v;
    tf_Err err = {{0}};
    assert_int_equal(tf_vocab_from_json(&v, json, "metadata 'src_vocab'", &err), TF_ERR_MODEL);
    assert_non_null(strstr(err.msg, "metadata 'src_vocab' holds 2000001 JSON values; the limit"));
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenizes_exact_lowercase_and_punctuation),
        cmocka_unit_test(unknown_words_are_named),
        cmocka_unit_test(vocab_requires_specials_and_unique_tokens),
        cmocka_unit_test(a_vocab_of_too_many_values_is_refused_by_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

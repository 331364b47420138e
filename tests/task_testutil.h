/* task_testutil.h — helpers of test_task.c and test_task_grammar.c. */
#ifndef TF_TASK_TESTUTIL_H
#define TF_TASK_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "task.h"

#define TT_N_MANY 20000

/* Whether a side (tgt_side 1: Korean) of a pair holds the token. */
int tt_has_token(const tf_Pair *p, int tgt_side, const char *tok);
/* The first index of an English token, or -1. */
int tt_src_index(const tf_Pair *p, const char *tok);
/* Final consonant index (0 = none, 8 = ㄹ, 20 = ㅆ) of the last syllable of a token. */
int tt_jong(const char *tok);
/* Whether text holds one of the n syllables. */
int tt_contains_syllable(const char *text, const char *const *syl, int n);
/* The last word of the written Korean before ".", and the word before it. */
void tt_last_words(const tf_Pair *p, char *last, char *prev, size_t cap);
/* The first n pairs of a split (malloc'd); tt_free_all frees them. */
tf_Pair *tt_draw(uint64_t seed, tf_Split split, int n);
void tt_free_all(tf_Pair *p, int n);

#endif

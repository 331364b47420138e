/* task_testutil.c — what the task's two test programs share: drawing many pairs, finding
 * tokens, and a Hangul decoder of the tests' own (the final consonant of a syllable) so that
 * particles and tenses are checked on written Korean without trusting the generator's tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "task_testutil.h"

int tt_has_token(const tf_Pair *p, int tgt_side, const char *tok)
{
    int n = tgt_side ? p->n_tgt : p->n_src;
    char **t = tgt_side ? p->tgt : p->src;
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i], tok)) return 1;
    return 0;
}

int tt_src_index(const tf_Pair *p, const char *tok)
{
    for (int i = 0; i < p->n_src; i++)
        if (!strcmp(p->src[i], tok)) return i;
    return -1;
}

/* Decodes one UTF-8 code point at s; returns its length. */
static int utf8(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xE0) == 0xC0) {
        *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
        return 2;
    }
    *cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return 3;
}

/* Final consonant index (0 = none, 8 = ㄹ, 20 = ㅆ) of the last syllable of a token. */
int tt_jong(const char *tok)
{
    unsigned cp = 0, last = 0;
    for (const char *s = tok; *s;) {
        s += utf8(s, &cp);
        last = cp;
    }
    assert_true(last >= 0xAC00 && last <= 0xD7A3);
    return (int)((last - 0xAC00) % 28);
}

int tt_contains_syllable(const char *text, const char *const *syl, int n)
{
    for (int i = 0; i < n; i++)
        if (strstr(text, syl[i])) return 1;
    return 0;
}

/* The last word of the written Korean before ".", and the word before it. */
void tt_last_words(const tf_Pair *p, char *last, char *prev, size_t cap)
{
    char *w = tf_pair_korean_written(p);
    size_t n = strlen(w);
    assert_true(n > 1 && w[n - 1] == '.');
    w[n - 1] = 0;
    char *sp = strrchr(w, ' ');
    snprintf(last, cap, "%s", sp ? sp + 1 : w);
    prev[0] = 0;
    if (sp) {
        *sp = 0;
        char *sp2 = strrchr(w, ' ');
        snprintf(prev, cap, "%s", sp2 ? sp2 + 1 : w);
    }
    free(w);
}

tf_Pair *tt_draw(uint64_t seed, tf_Split split, int n)
{
    tf_Pair *p = malloc((size_t)n * sizeof *p);
    assert_non_null(p);
    for (int i = 0; i < n; i++) tf_task_pair(seed, split, (uint64_t)i, &p[i]);
    return p;
}

void tt_free_all(tf_Pair *p, int n)
{
    for (int i = 0; i < n; i++) tf_pair_free(&p[i]);
    free(p);
}

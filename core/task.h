/* task.h — the synthetic English→Korean translation task that tfscope's model learns: a seeded
 * generator of sentence pairs from a small grammar, with the gold word alignment and the gold
 * long-distance dependencies of every pair, so that attention can be scored.
 * Not a tokenizer, not a data loader: pairs come out already tokenised, nothing is read or
 * written, and the grammar is fixed in code (task_lexicon.c, task_grammar.c, task_figure3.c,
 * task_figure4.c).
 *
 * Usage:
 *     tf_Pair p;
 *     for (uint64_t i = 0; i < n; i++) {
 *         tf_task_pair(seed, TF_SPLIT_TRAIN, i, &p);      // the i-th training pair
 *         use(p.src, p.n_src, p.tgt, p.n_tgt);
 *         tf_pair_free(&p);
 *     }
 *
 * The task in short (the full account is in task_grammar.c):
 * - English: lower-case ASCII, punctuation as tokens, 3 to 31 tokens (Korean: 5 to 36).
 * - Korean: SOV, modifiers before their head, particles (이/가, 을/를, 은/는, 와/과, 이나/나,
 *   으로/로, 에, 에서, 에게, 께, 께서, 의, 보다) as tokens of their own chosen by the final
 *   consonant of the word before. A predicate is split so that joining its tokens gives the
 *   written word: a lexical token (the stem, or a stem fused with its ending where Korean fuses
 *   them, "썼") followed by tense/honorific pieces and the final ending:
 *   읽|었|다, 읽|으셨|다, 읽|을|것이다, 공부|했|다, 쓴|다, 어렵|게, 어려웠|다.
 * - The translation is a function of the English sentence (no synonyms on the target side).
 * - Splits are fixed by a hash of the English sentence, so a sentence belongs to exactly one
 *   split whatever the seed; the seed only changes which sentences are drawn.
 */
#ifndef TF_TASK_H
#define TF_TASK_H

#include <stdint.h>

#include "tf_base.h"

typedef enum { TF_SPLIT_TRAIN, TF_SPLIT_DEV, TF_SPLIT_TEST, TF_SPLIT_COUNT } tf_Split;

/* Why a dependent word's Korean form depends on its governor. */
typedef enum {
    TF_DEP_ADJ_FORM,  /* adjective → the verb that picks -게 ("make … more ADJ") or -다 ("is") */
    TF_DEP_TENSE,     /* verb/adjective → the time word that fixes its tense ending */
    TF_DEP_HONORIFIC, /* verb → the honoured subject that adds -시- */
    TF_DEP_VERB,      /* "make"/"making" → the adjective that picks its Korean verb: 더 어렵게
                         만들다, but one causative verb for others (강화하다, 높이다 …) */
    TF_DEP_ANAPHORA,  /* "its"/"their" → its antecedent, which Korean repeats (법 의 적용) */
    TF_DEP_COUNT
} tf_DepKind;

typedef enum {
    TF_CONS_CLAUSE,   /* "yesterday the teacher read a book in the library ." */
    TF_CONS_COMPARE,  /* "the test is more difficult than the homework ." */
    TF_CONS_MAKE,     /* "the rain made the roads more dangerous ." */
    TF_CONS_FIGURE3,  /* the family of the paper's Figure 3 sentence */
    TF_CONS_IDENTITY, /* "my grandfather was a doctor ." */
    TF_CONS_ANAPHORA, /* the family of the paper's Figure 4 sentence: "its" → its antecedent */
    TF_CONS_COUNT
} tf_Construction;

typedef struct {
    int n_src, n_tgt;
    char **src;               /* (n_src) English tokens, the last one "." */
    char **tgt;               /* (n_tgt) Korean tokens, the last one "." */
    int *align;               /* (n_tgt) index of the source token it translates, or -1 */
    unsigned char *content;   /* (n_tgt) 1 for content tokens: exactly those with align >= 0 */
    unsigned char *glue;      /* (n_tgt) 1 if written Korean joins it to the token before */
    int n_deps;
    int (*deps)[2];           /* (n_deps) {dependent, governor} source indices */
    unsigned char *dep_kind;  /* (n_deps) tf_DepKind */
    tf_Construction construction;
    int making;               /* Figure 3 family: the index of "making", else -1 */
    int compl_first, compl_last; /* …and of its complement ("more difficult", "higher") */
    void *block;              /* the one allocation behind all the arrays above */
} tf_Pair;

/* The probe sentence of the paper's Figure 3, as the task tokenises it. */
#define TF_TASK_FIGURE3_SRC                                                                  \
    "it is in this spirit that a majority of american governments have passed new laws "     \
    "since 2009 making the registration or voting process more difficult ."

/* The probe sentence of the paper's Figure 4, as the task tokenises it. */
#define TF_TASK_FIGURE4_SRC                                                                  \
    "the law will never be perfect , but its application should be just - this is what we "  \
    "are missing , in my opinion ."

/* The index-th pair of a split for a seed: the same arguments give the same pair, on every
 * machine. Pairs of one split never occur in another. */
void tf_task_pair(uint64_t seed, tf_Split split, uint64_t index, tf_Pair *out);
/* The Figure 3 sentence (TF_TASK_FIGURE3_SRC) and its translation. */
void tf_task_figure3(tf_Pair *out);
/* The Figure 4 sentence (TF_TASK_FIGURE4_SRC) and its translation. */
void tf_task_figure4(tf_Pair *out);
void tf_pair_free(tf_Pair *p);

/* The split an English sentence belongs to (tokens as in tf_Pair.src). */
tf_Split tf_task_split_of(const char *const *src, int n_src);

/* Every token the grammar can produce on each side, sorted by bytes, without the specials
 * <pad> <unk> <bos> <eos>. *tokens is a malloc'd array (free it) of static strings. */
int tf_task_src_vocab(const char ***tokens);
int tf_task_tgt_vocab(const char ***tokens);

/* Malloc'd text of a pair: tokens joined by spaces, or (korean_written) Korean as it is
 * written, particles and endings joined to their word: "선생님께서 책을 읽으셨다." */
char *tf_pair_src_text(const tf_Pair *p);
char *tf_pair_tgt_text(const tf_Pair *p);
char *tf_pair_korean_written(const tf_Pair *p);

const char *tf_split_name(tf_Split s);
tf_Status tf_split_parse(const char *name, tf_Split *out, tf_Err *err);
const char *tf_dep_kind_name(tf_DepKind k);
const char *tf_construction_name(tf_Construction c);

#endif

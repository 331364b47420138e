/* task_internal.h — what the task's files share: the lexicon's types and tables
 * (task_lexicon.c), the sentence builder and its tools (task_build.c) and the grammar's entry
 * points (task_grammar.c with its phrases in task_phrase.c, task_figure3.c, task_figure4.c).
 * Not public API: callers use task.h. */
#ifndef TF_TASK_INTERNAL_H
#define TF_TASK_INTERNAL_H

#include <stdint.h>

#include "task.h"

/* One Korean word form as tokens, NULL-terminated: {"읽", "었", "다"}. The first token is the
 * lexical one (aligned to the English word); the others are endings. */
#define TK_KO_MAX 4
typedef struct {
    const char *t[TK_KO_MAX];
} tf_TkKo;

/* Noun flags: what a noun is and which slots of the grammar it may fill. */
#define TK_PERSON (1ull << 0)   /* a person that can be a subject */
#define TK_HON (1ull << 1)      /* honoured: 께서, -시- */
#define TK_FAMILY (1ull << 2)   /* only with "my"/"our" (우리) */
#define TK_MASS (1ull << 3)     /* no article "a", no plural */
#define TK_BARE (1ull << 4)     /* no determiner at all (names, school subjects) */
#define TK_ESUBJ (1ull << 5)    /* subject of "X is a doctor" */
#define TK_PROF (1ull << 6)     /* predicate of "X is a doctor" */
#define TK_PRED (1ull << 7)     /* predicate-only entry (교사 for "teacher") */
#define TK_READ (1ull << 8)
#define TK_WRITE (1ull << 9)
#define TK_FOOD (1ull << 10)
#define TK_DRINK (1ull << 11)
#define TK_BUY (1ull << 12)
#define TK_FIND (1ull << 13)
#define TK_OPEN (1ull << 14)
#define TK_CLEAN (1ull << 15)
#define TK_SEE (1ull << 16)
#define TK_MAKE (1ull << 17)
#define TK_SUBJECT (1ull << 18) /* school subject: learn, teach, study */
#define TK_SEND (1ull << 19)
#define TK_PUT (1ull << 20)
#define TK_VISIT (1ull << 21)
#define TK_FIX (1ull << 22)
#define TK_SONG (1ull << 24)
#define TK_PLANT (1ull << 25)
#define TK_CONC (1ull << 26)    /* concrete thing: takes new/old/small/big/red */
#define TK_TASK (1ull << 27)    /* test, rule, process …: difficult, fair … */
#define TK_WORK (1ull << 28)    /* book, movie, trip …: interesting, famous … */
#define TK_PLACE (1ull << 29)   /* road, city, room …: dangerous, beautiful … */
#define TK_CAUSE (1ull << 30)   /* subject of "X made Y more ADJ" */
#define TK_OWNER (1ull << 31)   /* owns rules, plans …: "the rules of the school" */
#define TK_INST (1ull << 32)    /* governments, countries, cities (Figure 3 subjects) */
#define TK_LAW (1ull << 33)     /* laws, rules, policies … (Figure 3 objects) */
#define TK_PMOD (1ull << 34)    /* registration, voting … ("the voting process") */
#define TK_PHEAD (1ull << 35)   /* process, system, procedure */
#define TK_BENEF (1ull << 36)   /* "for many voters" */
#define TK_COMFY (1ull << 37)   /* bed, chair, room …: comfortable */
#define TK_POSS (1ull << 38)    /* takes "my"/"our": my friend, not my farmer */
#define TK_YOUNG (1ull << 39)   /* child, boy, girl: "is a student", no other profession */
#define TK_OWNER_PLACE (1ull << 40) /* owns roads, parks …: "the parks of the city" */
#define TK_PERIOD (1ull << 41)  /* Figure 3 objects: "the registration period" (longer, shorter) */
#define TK_FEE (1ull << 42)     /* "the application fee", "the voting age" (higher, lower) */
#define TK_ANT_LAW (1ull << 43) /* Figure 4 antecedents: laws, rules … ("its application") */
#define TK_ANT_INST (1ull << 44) /* …and institutions ("its decision") */

typedef struct {
    const char *sg, *pl; /* pl NULL: no plural */
    tf_TkKo ko;          /* the noun (one or two tokens, all aligned to it) */
    uint64_t f;
} tf_TkNoun;

enum { TK_PRES, TK_PAST, TK_FUT, TK_TENSES };
enum { TK_FRAME_TRANS, TK_FRAME_INTRANS, TK_FRAME_SEND, TK_FRAME_PUT };
#define TK_LOC_IN 1u   /* library, kitchen … */
#define TK_LOC_OUT 2u  /* park, garden, market */
#define TK_LOC_CITY 4u /* seoul, london … */

typedef struct {
    const char *base, *s3, *past, *ing;
    tf_TkKo fin[2][TK_TENSES]; /* [honorific][tense] declarative forms */
    tf_TkKo stem, hstem;       /* before -지 (negation) and -고 (progressive); hstem when honoured */
    int frame;
    uint64_t obj;              /* the object must have one of these flags */
    unsigned loc;              /* TK_LOC_* places it may happen at */
    int ambig;                 /* past == base ("read", "put"): tense must come from elsewhere */
} tf_TkVerb;

#define TK_ADJ_PRED 1u /* "X is more ADJ", "make X more ADJ" */
#define TK_ADJ_PROC 2u /* Figure 3 family: "making the process more ADJ" */
#define TK_ADJ_LAW 4u  /* "strict new laws" */
#define TK_ADJ_CMP 8u  /* a comparative of its own ("higher"): no "more" or "less" before it */

typedef struct {
    const char *en;
    tf_TkKo pred[TK_TENSES]; /* "-다" forms */
    tf_TkKo adv;             /* "-게" */
    tf_TkKo attr;            /* before a noun */
    uint64_t pred_nouns;     /* nouns it may be said of */
    uint64_t attr_nouns;     /* nouns it may modify */
    unsigned use;
    /* "make X more ADJ" / "make X less ADJ" as one causative verb ("more strict" → 강화하다,
     * "less strict" → 완화하다, "higher" → 높이다); NULL: ADJ-게 만들다 */
    const tf_TkVerb *caus[2];
} tf_TkAdj;

/* A time phrase: English words, Korean tokens, which English word each Korean token aligns to,
 * and which English word decides the tense (the governor of the tense dependency). */
#define TK_POS_FRONT 1u
#define TK_POS_END 2u
#define TK_POS_MID 4u /* between subject and verb: "always", "often" */
enum { TK_T_PRES, TK_T_PAST, TK_T_FUT, TK_T_NOW };
typedef struct {
    const char *en[2];
    const char *ko[2];
    int ko_align[2];
    int gov;
    int tense;     /* TK_T_* */
    unsigned pos;
    int ko_e;      /* a noun of time: written with 에 after it ("작년에") */
} tf_TkTime;

/* "on the table" → 탁자 위 에 */
typedef struct {
    const char *prep[2], *noun, *ko_noun, *ko_rel;
} tf_TkPutLoc;

/* "in the library" → 도서관 에서 */
typedef struct {
    const char *prep;
    int the;
    const char *noun, *ko;
    unsigned cls;
} tf_TkLoc;

/* Figure 3 verbs: "passed" → 통과 시켜 (the -어 connective form) */
typedef struct {
    const char *base, *s3, *past, *ppart;
    tf_TkKo conn;
} tf_TkDVerb;

extern const tf_TkNoun tf_tk_nouns[];
extern const int tf_tk_n_nouns;
extern const tf_TkVerb tf_tk_verbs[];
extern const int tf_tk_n_verbs;
extern const tf_TkVerb tf_tk_make;      /* 만들다, for "make X more ADJ" */
extern const tf_TkVerb tf_tk_not;       /* 않다, which carries tense after -지 */
extern const tf_TkVerb tf_tk_caus[];    /* causative verbs: 강화하다, 높이다 … (Korean only) */
extern const int tf_tk_n_caus;
extern const tf_TkAdj tf_tk_adjs[];
extern const int tf_tk_n_adjs;
extern const tf_TkTime tf_tk_times[];
extern const int tf_tk_n_times;
extern const tf_TkPutLoc tf_tk_putlocs[];
extern const int tf_tk_n_putlocs;
extern const tf_TkLoc tf_tk_locs[];
extern const int tf_tk_n_locs;
extern const tf_TkDVerb tf_tk_dverbs[];
extern const int tf_tk_n_dverbs;
extern const char *const tf_tk_nats[][2];     /* {"american", "미국"} */
extern const int tf_tk_n_nats;
extern const char *const tf_tk_years[];        /* "2000" … "2020" */
extern const int tf_tk_n_years;

/* Figure 4 family: what an antecedent has ("its application" → 법 의 적용), for antecedents with
 * one of the flags `of`; and the adjectives of its two clauses ("perfect", "just"), all -하다. */
typedef struct {
    const char *en, *ko;
    uint64_t of;
} tf_TkPoss;
extern const tf_TkPoss tf_tk_poss[];
extern const int tf_tk_n_poss;
typedef struct {
    const char *en, *ko;
} tf_TkWord;
extern const tf_TkWord tf_tk_ana_adjs[];
extern const int tf_tk_n_ana_adjs;
/* "the government changed the rules": past verbs, Korean {stem or fused past, endings} */
typedef struct {
    const char *past;
    tf_TkKo ko;
} tf_TkAnaVerb;
extern const tf_TkAnaVerb tf_tk_ana_verbs[];
extern const int tf_tk_n_ana_verbs;
/* Tokens the grammar writes literally, for the vocabulary lists. */
extern const char *const tf_tk_src_words[];
extern const int tf_tk_n_src_words;
extern const char *const tf_tk_tgt_words[];
extern const int tf_tk_n_tgt_words;

const tf_TkNoun *tf_tk_noun(const char *sg);
const tf_TkAdj *tf_tk_adj(const char *en);
const tf_TkDVerb *tf_tk_dverb(const char *past);

/* The sentence under construction. Tokens point to static strings until tf_Pair is filled. */
#define TK_MAX_SRC 48
#define TK_MAX_TGT 64
#define TK_MAX_DEPS 8
typedef struct {
    const char *src[TK_MAX_SRC];
    int n_src;
    const char *tgt[TK_MAX_TGT];
    int align[TK_MAX_TGT];
    unsigned char glue[TK_MAX_TGT];
    int n_tgt;
    int deps[TK_MAX_DEPS][2];
    unsigned char dep_kind[TK_MAX_DEPS];
    int n_deps;
    tf_Construction cons;
    int making, compl_first, compl_last; /* tf_Pair's, -1 when none */
} tf_TkBuild;

typedef struct {
    uint64_t s;
} tf_TkRng;

uint64_t tf_tk_rng_next(tf_TkRng *r);

/* task_build.c: random choices */
int tf_tk_rnd(tf_TkRng *r, int n);                    /* 0 … n-1 */
int tf_tk_pct(tf_TkRng *r, int p);                    /* true with probability p % */
int tf_tk_weighted(tf_TkRng *r, const int *w, int n); /* index i with weight w[i] */

/* task_build.c: writing. en returns the token's index; ko takes the index of the English token
 * it translates (-1: none) and whether written Korean joins it to the token before. */
void tf_tk_reset(tf_TkBuild *b);
int tf_tk_en(tf_TkBuild *b, const char *w);
void tf_tk_ko(tf_TkBuild *b, const char *t, int align, int glue);
void tf_tk_ko_form(tf_TkBuild *b, const tf_TkKo *f, int align); /* word aligned, endings -1 */
void tf_tk_ko_noun(tf_TkBuild *b, const tf_TkNoun *n, int align);
void tf_tk_dep(tf_TkBuild *b, int dependent, int governor, tf_DepKind kind);

/* task_build.c: degree words before an adjective: more → 더, less → 덜, very → 매우 */
enum { TK_DEG_NONE, TK_DEG_MORE, TK_DEG_LESS, TK_DEG_VERY };
int tf_tk_en_degree(tf_TkBuild *b, int deg);         /* index of the word, -1 for none */
void tf_tk_ko_degree(tf_TkBuild *b, int deg, int i);

/* task_figure3.c: the complement of "make X …": a degree and an adjective, which Korean writes
 * as ADJ-게 before 만들다 or, for some, as one causative verb in place of 만들다. */
typedef struct {
    int deg;                 /* TK_DEG_* (TK_DEG_NONE for a comparative like "higher") */
    const tf_TkAdj *adj;
    int i_deg, i_adj;        /* English indices, once written */
} tf_TkCompl;
/* The causative verb of a complement, or NULL for ADJ-게 만들다. */
const tf_TkVerb *tf_tk_compl_verb(const tf_TkCompl *c);
/* Whether an adjective takes the degree deg in "make X … ADJ". */
int tf_tk_compl_ok(const tf_TkAdj *a, int deg);
void tf_tk_en_compl(tf_TkBuild *b, tf_TkCompl *c);
/* The Korean of complement and verb: 더 어렵 게 만들 었 다 or 강화 했 다, the verb aligned to
 * i_make; and the dependencies: verb → adjective, and adjective → verb when it ends in -게. */
void tf_tk_ko_make(tf_TkBuild *b, const tf_TkCompl *c, int hon, int tense, int i_make);

/* task_build.c: particles, by the final consonant of the last Korean token */
enum { TK_PT_SUBJ, TK_PT_OBJ, TK_PT_TOPIC, TK_PT_AND, TK_PT_OR, TK_PT_INSTR };
int tf_tk_final_consonant(const char *tok); /* jongseong index: 0 none, 8 ㄹ, 20 ㅆ … */
void tf_tk_particle(tf_TkBuild *b, int kind);

/* task_build.c: picking words. A noun with all flags of all, one of any (when not 0), none of
 * none, and not not. An adjective of a use said of nouns m1 (and m2), or one that may stand
 * before a noun with flags f (NULL when none fits). */
const tf_TkNoun *tf_tk_pick_noun(tf_TkRng *r, uint64_t all, uint64_t any, uint64_t none,
                                 const tf_TkNoun *not);
int tf_tk_count_nouns(uint64_t any);
const tf_TkAdj *tf_tk_pick_adj(tf_TkRng *r, unsigned use, uint64_t m1, uint64_t m2);
const tf_TkAdj *tf_tk_pick_attr(tf_TkRng *r, uint64_t f);
const char *tf_tk_article(const char *next); /* "a" or "an" before next */

/* task_phrase.c: the phrases the constructions are written with. A noun phrase is drawn first
 * (tf_tk_pick_*), then written in English (its indices recorded) and then in Korean. */
enum { TK_DET_NONE, TK_DET_THE, TK_DET_A, TK_DET_THIS, TK_DET_THAT, TK_DET_MY, TK_DET_OUR };
typedef struct {
    const tf_TkNoun *n;
    int pl, det;
    const tf_TkAdj *adj;  /* attributive, before the noun in both languages */
    const tf_TkNoun *of;  /* "the rules of the school" → 학교 의 규칙 */
    int i_det, i_adj, i_noun, i_of;
} tf_TkNP;
/* A person (flags all; honoured ones when allow_hon), the object of v (not the noun not), or a
 * topic one can call difficult, dangerous … (one of the flags any; allow_of: "the rules of …"). */
void tf_tk_pick_person(tf_TkRng *r, tf_TkNP *np, uint64_t all, int allow_hon);
void tf_tk_pick_object(tf_TkRng *r, tf_TkNP *np, const tf_TkVerb *v, const tf_TkNoun *not);
void tf_tk_pick_topic(tf_TkRng *r, tf_TkNP *np, uint64_t any, const tf_TkNoun *not, int allow_of);
void tf_tk_en_np(tf_TkBuild *b, tf_TkNP *np);
void tf_tk_ko_np(tf_TkBuild *b, const tf_TkNP *np);
/* The subject with 이/가 or, honoured, 께서; n objects joined by "and" (or_: "or"), with 을/를. */
void tf_tk_ko_subject(tf_TkBuild *b, const tf_TkNP *s);
void tf_tk_en_nps(tf_TkBuild *b, tf_TkNP *np, int n, int or_);
void tf_tk_ko_objects(tf_TkBuild *b, const tf_TkNP *np, int n, int or_);
/* Half the time, "the roads or the bridges" → "the roads or bridges". */
void tf_tk_share_the(tf_TkRng *r, tf_TkNP *o);

/* A time phrase: drawn for a tense, written where English puts it (pos) and where Korean does. */
typedef struct {
    const tf_TkTime *t; /* NULL with year < 0: no time phrase */
    int year;           /* "in 2009" */
    unsigned pos;
    int idx[2];         /* English indices, once written */
} tf_TkTimePhrase;
#define TK_NO_TIME ((tf_TkTimePhrase){.t = NULL, .year = -1})
void tf_tk_pick_time(tf_TkRng *r, tf_TkTimePhrase *tc, int tense, unsigned pos_mask,
                     int allow_year, int (*ok)(const tf_TkTime *));
void tf_tk_pick_copula_time(tf_TkRng *r, tf_TkTimePhrase *tc, int p, int tense,
                            int (*ok)(const tf_TkTime *));
int tf_tk_has_time(const tf_TkTimePhrase *tc);
int tf_tk_time_gov(const tf_TkTimePhrase *tc);  /* the English word that decides the tense */
void tf_tk_en_time_at(tf_TkBuild *b, tf_TkTimePhrase *tc, unsigned pos); /* if it stands at pos */
void tf_tk_ko_time_at(tf_TkBuild *b, const tf_TkTimePhrase *tc, int front);
/* "is"/"was"/"will be" and the like: the index of the word that carries the tense. */
int tf_tk_en_tensed(tf_TkBuild *b, int tense, const char *pres, const char *past,
                    const char *base);

/* Draws one sentence pair of any construction into b (reset first). */
void tf_tk_generate(tf_TkRng *r, tf_TkBuild *b);
void tf_tk_gen_figure3(tf_TkRng *r, tf_TkBuild *b); /* task_figure3.c */
void tf_tk_figure3(tf_TkBuild *b);                  /* the sentence itself */
void tf_tk_gen_figure4(tf_TkRng *r, tf_TkBuild *b); /* task_figure4.c */
void tf_tk_figure4(tf_TkBuild *b);

#endif

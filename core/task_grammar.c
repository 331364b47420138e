/* task_grammar.c — the grammar of the translation task. A sentence is drawn as a set of choices
 * (subject, verb, tense, time phrase …) and written twice, in English order and in Korean order;
 * each Korean token records the English token it translates as it is written, and each
 * construction records its long-distance dependencies. Not a general grammar of either
 * language: five constructions, chosen so that a small model can learn them exactly and so that
 * its attention has something to show.
 *
 *  1 clause    [time] SUBJ [often] VERB [OBJ [and OBJ]] [to PERSON | on the table | in PLACE] [time] .
 *              어제 선생님 께서 도서관 에서 책 을 읽 으셨 다 .
 *              The tense ending comes from the time word ("the students read books yesterday"
 *              has no tense of its own: "read" is past and present alike); an honoured subject
 *              adds -시- (읽|으셨|다) and takes 께서; negation moves tense onto 않다 (읽|지 않|았|다);
 *              "now" gives the progressive (읽|고 있|다, honoured 읽|고 계신|다).
 *  2 compare   THING is/was/will be [more|less|very] ADJ [than THING] [time] .
 *              시험 이 숙제 보다 더 어렵 다 .            the adjective ends in -다
 *  3 make      SUBJ makes/made/will make THING [and THING] [more|less|very] ADJ [time] .
 *              비 가 도로 를 더 위험 하 게 만들 었 다 .   the distant "make" turns -다 into -게
 *  4 figure 3  [it is in this spirit that] GOVERNMENTS have passed LAWS since 2009
 *              making the X or Y process more ADJ [for many voters] .
 *              바로 이 정신 으로 … 새로운 법 을 통과 시켜 등록 이나 투표 과정 을 더 어렵 게 만들 었 다 .
 *  5 identity  PERSON is/was/will be a PROFESSION [time] .
 *              우리 할아버지 께서 는 의사 이셨 다 .       topic 은/는, copula after the noun
 *
 * Alignment: content tokens (nouns, stems, adverbs, numbers, determiners, 않 for "not") carry
 * the index of the English word they translate; particles, endings, 들, 년, 바로, the copula
 * and "." carry -1. Dependencies are (dependent, governor) source index pairs: the word whose
 * Korean form changes, and the word that decides the change. */
#include <string.h>

#include "task_internal.h"

static int rnd(tf_TkRng *r, int n)
{
    return (int)(tf_tk_rng_next(r) % (uint64_t)n);
}

static int pct(tf_TkRng *r, int p)
{
    return rnd(r, 100) < p;
}

static int weighted(tf_TkRng *r, const int *w, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) sum += w[i];
    int x = rnd(r, sum);
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    TF_ASSERT(!"weights sum");
    return 0;
}

/* ---- writing tokens ---- */

static int en(tf_TkBuild *b, const char *w)
{
    TF_ASSERT(b->n_src < TK_MAX_SRC);
    b->src[b->n_src] = w;
    return b->n_src++;
}

static void ko(tf_TkBuild *b, const char *t, int align, int glue)
{
    TF_ASSERT(b->n_tgt < TK_MAX_TGT);
    b->tgt[b->n_tgt] = t;
    b->align[b->n_tgt] = align;
    b->glue[b->n_tgt] = (unsigned char)glue;
    b->n_tgt++;
}

/* The first token is the word (aligned), the rest are endings joined to it; 것이다 stands apart
 * ("읽을 것이다"). */
static void ko_form(tf_TkBuild *b, const tf_TkKo *f, int align)
{
    TF_ASSERT(f->t[0]);
    ko(b, f->t[0], align, 0);
    for (int k = 1; k < TK_KO_MAX && f->t[k]; k++) ko(b, f->t[k], -1, strcmp(f->t[k], "것이다") != 0);
}

static void dep(tf_TkBuild *b, int dependent, int governor, tf_DepKind kind)
{
    TF_ASSERT(b->n_deps < TK_MAX_DEPS && dependent >= 0 && governor >= 0);
    b->deps[b->n_deps][0] = dependent;
    b->deps[b->n_deps][1] = governor;
    b->dep_kind[b->n_deps] = (unsigned char)kind;
    b->n_deps++;
}

/* ---- particles: the form depends on whether the word before ends in a consonant ---- */

/* The final consonant (jongseong) of the last syllable: 0 none, 8 ㄹ, … */
static int final_consonant(const char *tok)
{
    size_t n = strlen(tok);
    TF_ASSERT(n >= 3);
    const unsigned char *s = (const unsigned char *)tok + n - 3;
    TF_ASSERT((s[0] & 0xF0) == 0xE0);
    unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    TF_ASSERT(cp >= 0xAC00 && cp <= 0xD7A3);
    return (int)((cp - 0xAC00) % 28);
}

enum { PT_SUBJ, PT_OBJ, PT_TOPIC, PT_AND, PT_OR, PT_INSTR };

static void particle(tf_TkBuild *b, int kind)
{
    int j = final_consonant(b->tgt[b->n_tgt - 1]);
    static const char *const FORMS[][2] = {
        {"가", "이"}, {"를", "을"}, {"는", "은"}, {"와", "과"}, {"나", "이나"}, {"로", "으로"},
    };
    int consonant = kind == PT_INSTR ? (j != 0 && j != 8) : j != 0; /* ㄹ takes 로 */
    ko(b, FORMS[kind][consonant], -1, 1);
}

/* ---- choosing words ---- */

static const tf_TkNoun *pick_noun(tf_TkRng *r, uint64_t all, uint64_t any, uint64_t none,
                                  const tf_TkNoun *not)
{
    const tf_TkNoun *c[256];
    int n = 0;
    TF_ASSERT(tf_tk_n_nouns <= 256);
    for (int i = 0; i < tf_tk_n_nouns; i++) {
        uint64_t f = tf_tk_nouns[i].f;
        if ((f & all) != all || (any && !(f & any)) || (f & none) || &tf_tk_nouns[i] == not)
            continue;
        c[n++] = &tf_tk_nouns[i];
    }
    TF_ASSERT(n > 0);
    return c[rnd(r, n)];
}

static int count_nouns(uint64_t any)
{
    int n = 0;
    for (int i = 0; i < tf_tk_n_nouns; i++) n += (tf_tk_nouns[i].f & any) != 0;
    return n;
}

/* An adjective of the given use that may be said of nouns with flags m1 (and m2, when not 0);
 * NULL when none fits. */
static const tf_TkAdj *pick_adj(tf_TkRng *r, unsigned use, uint64_t m1, uint64_t m2)
{
    const tf_TkAdj *c[64];
    int n = 0;
    for (int i = 0; i < tf_tk_n_adjs; i++) {
        const tf_TkAdj *a = &tf_tk_adjs[i];
        if (!(a->use & use) || (m1 && !(a->pred_nouns & m1)) || (m2 && !(a->pred_nouns & m2)))
            continue;
        c[n++] = a;
    }
    return n ? c[rnd(r, n)] : NULL;
}

/* An adjective that may stand before a noun with flags f, or NULL. */
static const tf_TkAdj *pick_attr(tf_TkRng *r, uint64_t f)
{
    const tf_TkAdj *c[64];
    int n = 0;
    for (int i = 0; i < tf_tk_n_adjs; i++)
        if (tf_tk_adjs[i].attr_nouns & f) c[n++] = &tf_tk_adjs[i];
    return n ? c[rnd(r, n)] : NULL;
}

/* ---- noun phrases ---- */

enum { DET_NONE, DET_THE, DET_A, DET_THIS, DET_THAT, DET_MY, DET_OUR };

typedef struct {
    const tf_TkNoun *n;
    int pl, det;
    const tf_TkAdj *adj;  /* attributive, before the noun in both languages */
    const tf_TkNoun *of;  /* "the rules of the school" → 학교 의 규칙 */
    int i_det, i_adj, i_noun, i_of;
} NP;

static int pick_det(tf_TkRng *r, const int (*w)[2], int n)
{
    int ws[8];
    for (int i = 0; i < n; i++) ws[i] = w[i][1];
    return w[weighted(r, ws, n)][0];
}

static const char *article(const char *next)
{
    char c = next[0];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o') return "an";
    if (c == 'u' && strncmp(next, "use", 3) && strncmp(next, "uni", 3)) return "an";
    return "a";
}

static void pick_person(tf_TkRng *r, NP *np, uint64_t all, int allow_hon)
{
    memset(np, 0, sizeof *np);
    np->n = pick_noun(r, TK_PERSON | all, 0, allow_hon ? 0 : TK_HON, NULL);
    uint64_t f = np->n->f;
    if (f & TK_FAMILY) {
        np->det = pct(r, 75) ? DET_MY : DET_OUR;
        return;
    }
    np->pl = np->n->pl && pct(r, (f & TK_HON) ? 20 : 35);
    static const int HON_SG[][2] = {{DET_THE, 70}, {DET_OUR, 20}, {DET_MY, 10}};
    static const int HON_PL[][2] = {{DET_THE, 70}, {DET_OUR, 30}};
    static const int SG[][2] = {{DET_THE, 50}, {DET_MY, 20}, {DET_A, 15}, {DET_THIS, 15}};
    static const int PL[][2] = {{DET_NONE, 30}, {DET_THE, 40}, {DET_MY, 20}, {DET_OUR, 10}};
    static const int SG_NOPOSS[][2] = {{DET_THE, 60}, {DET_A, 20}, {DET_THIS, 20}};
    static const int PL_NOPOSS[][2] = {{DET_NONE, 40}, {DET_THE, 60}};
    if (f & TK_HON) np->det = np->pl ? pick_det(r, HON_PL, 2) : pick_det(r, HON_SG, 3);
    else if (f & TK_POSS) np->det = np->pl ? pick_det(r, PL, 4) : pick_det(r, SG, 4);
    else np->det = np->pl ? pick_det(r, PL_NOPOSS, 2) : pick_det(r, SG_NOPOSS, 3);
}

/* A thing as the object of a verb of the first construction. */
static void pick_thing(tf_TkRng *r, NP *np, const tf_TkNoun *n)
{
    static const int MASS[][2] = {{DET_NONE, 60}, {DET_THE, 25}, {DET_MY, 15}};
    static const int SG[][2] = {{DET_A, 45}, {DET_THE, 30}, {DET_THIS, 10}, {DET_THAT, 5}, {DET_MY, 10}};
    static const int PL[][2] = {{DET_NONE, 50}, {DET_THE, 30}, {DET_MY, 10}, {DET_OUR, 10}};
    memset(np, 0, sizeof *np);
    np->n = n;
    if (n->f & TK_BARE) return;
    if (n->f & TK_MASS) {
        np->det = pick_det(r, MASS, 3);
        return;
    }
    np->pl = n->pl && pct(r, 30);
    np->det = np->pl ? pick_det(r, PL, 4) : pick_det(r, SG, 5);
    if (pct(r, 20)) np->adj = pick_attr(r, n->f);
}

/* A thing one can call difficult, dangerous …: subject of "is more ADJ", object of "make". */
static void pick_topic(tf_TkRng *r, NP *np, uint64_t any, const tf_TkNoun *not, int allow_of)
{
    static const int SG[][2] = {{DET_THE, 60}, {DET_THIS, 20}, {DET_THAT, 20}};
    memset(np, 0, sizeof *np);
    np->n = pick_noun(r, 0, any, TK_PERSON | TK_PRED, not);
    np->pl = np->n->pl && pct(r, 25);
    np->det = np->pl ? (pct(r, 70) ? DET_THE : DET_NONE) : pick_det(r, SG, 3);
    if (allow_of && np->det == DET_THE && (np->n->f & (TK_TASK | TK_PLACE)) && pct(r, 20))
        np->of = pick_noun(r, TK_OWNER, 0, 0, np->n);
}

static void en_np(tf_TkBuild *b, NP *np)
{
    static const char *const DET[] = {NULL, "the", NULL, "this", "that", "my", "our"};
    const char *noun = np->pl ? np->n->pl : np->n->sg;
    np->i_det = np->i_adj = np->i_of = -1;
    TF_ASSERT(!np->pl || (np->det != DET_A && np->det != DET_THIS && np->det != DET_THAT));
    if (np->det == DET_A) np->i_det = en(b, article(np->adj ? np->adj->en : noun));
    else if (np->det != DET_NONE) np->i_det = en(b, DET[np->det]);
    if (np->adj) np->i_adj = en(b, np->adj->en);
    np->i_noun = en(b, noun);
    if (np->of) {
        en(b, "of");
        en(b, "the");
        np->i_of = en(b, np->of->sg);
    }
}

static void ko_noun(tf_TkBuild *b, const tf_TkNoun *n, int i)
{
    for (int k = 0; k < TK_KO_MAX && n->ko.t[k]; k++) ko(b, n->ko.t[k], i, 0);
}

static void ko_np(tf_TkBuild *b, const NP *np)
{
    if (np->of) {
        ko_noun(b, np->of, np->i_of);
        ko(b, "의", -1, 1);
    }
    switch (np->det) {
    case DET_THIS: ko(b, "이", np->i_det, 0); break;
    case DET_THAT: ko(b, "그", np->i_det, 0); break;
    case DET_MY: ko(b, (np->n->f & TK_HON) ? "우리" : "내", np->i_det, 0); break; /* 우리 할머니 */
    case DET_OUR: ko(b, "우리", np->i_det, 0); break;
    default: break;
    }
    if (np->adj) ko_form(b, &np->adj->attr, np->i_adj);
    ko_noun(b, np->n, np->i_noun);
    if (np->pl && (np->n->f & (TK_PERSON | TK_BENEF))) ko(b, "들", -1, 1); /* 학생 들; not 책 들 */
}

/* ---- time phrases ---- */

typedef struct {
    const tf_TkTime *t; /* NULL with year < 0: no time phrase */
    int year;           /* "in 2009" */
    unsigned pos;
    int idx[2], gov;
} TimeC;

/* Draws a time phrase of the given tense (TK_T_*) at one of the positions allowed; ok, when
 * not NULL, narrows the table further. */
static void pick_time(tf_TkRng *r, TimeC *tc, int tense, unsigned pos_mask, int allow_year,
                      int (*ok)(const tf_TkTime *))
{
    const tf_TkTime *c[32];
    int n = 0;
    for (int i = 0; i < tf_tk_n_times; i++) {
        const tf_TkTime *t = &tf_tk_times[i];
        if (t->tense == tense && (t->pos & pos_mask) && (!ok || ok(t))) c[n++] = t;
    }
    memset(tc, 0, sizeof *tc);
    tc->year = -1;
    int k = rnd(r, n + (allow_year ? 2 : 0)); /* "in 2009" weighs as two entries */
    unsigned pos = TK_POS_FRONT | TK_POS_END;
    if (k < n) {
        tc->t = c[k];
        pos = c[k]->pos & pos_mask;
    } else {
        tc->year = rnd(r, tf_tk_n_years);
    }
    if (pos & TK_POS_MID) tc->pos = TK_POS_MID;
    else tc->pos = (pos & TK_POS_FRONT) && pct(r, 40) ? TK_POS_FRONT : TK_POS_END;
}

static int has_time(const TimeC *tc)
{
    return tc->t || tc->year >= 0;
}

static void en_time(tf_TkBuild *b, TimeC *tc)
{
    if (tc->year >= 0) {
        tc->idx[0] = en(b, "in");
        tc->idx[1] = en(b, tf_tk_years[tc->year]);
        tc->gov = tc->idx[1];
        return;
    }
    for (int k = 0; k < 2 && tc->t->en[k]; k++) tc->idx[k] = en(b, tc->t->en[k]);
    tc->gov = tc->idx[tc->t->gov];
}

static void ko_time(tf_TkBuild *b, const TimeC *tc)
{
    if (tc->year >= 0) {
        ko(b, tf_tk_years[tc->year], tc->idx[1], 0);
        ko(b, "년", -1, 1);
        ko(b, "에", -1, 1);
        return;
    }
    for (int k = 0; k < 2 && tc->t->ko[k]; k++) ko(b, tc->t->ko[k], tc->idx[tc->t->ko_align[k]], 0);
    if (tc->t->ko_e) ko(b, "에", -1, 1);
}

static void at(tf_TkBuild *b, TimeC *tc, unsigned pos)
{
    if (has_time(tc) && tc->pos == pos) en_time(b, tc);
}

/* Korean puts a time phrase first when English does, else right after the subject. */
static void ko_at(tf_TkBuild *b, const TimeC *tc, int front)
{
    if (has_time(tc) && (tc->pos == TK_POS_FRONT) == front) ko_time(b, tc);
}

static void ko_subject(tf_TkBuild *b, const NP *s)
{
    ko_np(b, s);
    if (s->n->f & TK_HON) ko(b, "께서", -1, 1);
    else particle(b, PT_SUBJ);
}

enum { DEG_NONE, DEG_MORE, DEG_LESS, DEG_VERY };

static int en_degree(tf_TkBuild *b, int deg)
{
    static const char *const W[] = {NULL, "more", "less", "very"};
    return deg == DEG_NONE ? -1 : en(b, W[deg]);
}

static void ko_degree(tf_TkBuild *b, int deg, int i)
{
    static const char *const W[] = {NULL, "더", "덜", "매우"};
    if (deg != DEG_NONE) ko(b, W[deg], i, 0);
}

/* ---- 1 clause ---- */

enum { A_PRES, A_PAST, A_FUT, A_PROG };

static void ko_verb(tf_TkBuild *b, const tf_TkVerb *v, int tense, int neg, int hon, int i_v, int i_not)
{
    const tf_TkKo *stem = hon ? &v->hstem : &v->stem;
    if (tense == A_PROG) { /* 읽|고 있|다, 읽|고 계신|다 */
        ko_form(b, stem, i_v);
        ko(b, "고", -1, 1);
        ko(b, hon ? "계신" : "있", -1, 0);
        ko(b, "다", -1, 1);
    } else if (neg) { /* 읽|지 않|았|다 */
        ko_form(b, stem, i_v);
        ko(b, "지", -1, 1);
        ko_form(b, &tf_tk_not.fin[hon][tense], i_not);
    } else {
        ko_form(b, &v->fin[hon][tense], i_v);
    }
}

static void pick_object(tf_TkRng *r, NP *np, const tf_TkVerb *v, const tf_TkNoun *not)
{
    if (v->obj & TK_PERSON) {
        do pick_person(r, np, 0, 0);
        while (np->n == not);
    } else {
        pick_thing(r, np, pick_noun(r, 0, v->obj, TK_PERSON | TK_PRED, not));
    }
}

static void gen_clause(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_CLAUSE;
    const tf_TkVerb *v = &tf_tk_verbs[rnd(r, tf_tk_n_verbs)];
    NP s, o[2], rc;
    pick_person(r, &s, 0, 1);
    int hon = (s.n->f & TK_HON) != 0, sg3 = !s.pl;
    static const int TW[] = {25, 35, 20, 20};
    int tense = weighted(r, TW, 4);
    int neg = tense != A_PROG && pct(r, 15);
    /* "the students read books" could be past or present: only a time word can tell */
    int must_time = v->ambig && s.pl && !neg && (tense == A_PRES || tense == A_PAST);
    TimeC tc = {NULL, -1, 0, {0, 0}, 0};
    if (must_time || pct(r, 55)) {
        static const int TT[] = {TK_T_PRES, TK_T_PAST, TK_T_FUT, TK_T_NOW};
        unsigned pm = TK_POS_FRONT | TK_POS_END | (neg ? 0 : TK_POS_MID);
        pick_time(r, &tc, TT[tense], pm, tense == A_PAST, NULL);
    }
    int n_obj = 0;
    if (v->frame != TK_FRAME_INTRANS) {
        pick_object(r, &o[0], v, NULL);
        n_obj = 1;
        if (pct(r, 12) && ((v->obj & TK_PERSON) || count_nouns(v->obj) > 1))
            pick_object(r, &o[n_obj++], v, o[0].n);
    }
    const tf_TkPutLoc *put = NULL;
    const tf_TkLoc *loc = NULL;
    if (v->frame == TK_FRAME_SEND) pick_person(r, &rc, 0, 1);
    if (v->frame == TK_FRAME_PUT) {
        do put = &tf_tk_putlocs[rnd(r, tf_tk_n_putlocs)];
        while (!strcmp(put->noun, o[0].n->sg) || (n_obj > 1 && !strcmp(put->noun, o[1].n->sg)));
    }
    if (v->loc && pct(r, 35)) {
        do loc = &tf_tk_locs[rnd(r, tf_tk_n_locs)];
        while (!(loc->cls & v->loc));
    }

    at(b, &tc, TK_POS_FRONT);
    en_np(b, &s);
    at(b, &tc, TK_POS_MID);
    int i_v, i_not = -1;
    switch (tense) {
    case A_PRES:
        if (neg) {
            en(b, sg3 ? "does" : "do");
            i_not = en(b, "not");
            i_v = en(b, v->base);
        } else {
            i_v = en(b, sg3 ? v->s3 : v->base);
        }
        break;
    case A_PAST:
        if (neg) {
            en(b, "did");
            i_not = en(b, "not");
            i_v = en(b, v->base);
        } else {
            i_v = en(b, v->past);
        }
        break;
    case A_FUT:
        en(b, "will");
        if (neg) i_not = en(b, "not");
        i_v = en(b, v->base);
        break;
    default:
        en(b, sg3 ? "is" : "are");
        i_v = en(b, v->ing);
        break;
    }
    for (int k = 0; k < n_obj; k++) {
        if (k) en(b, "and");
        en_np(b, &o[k]);
    }
    int i_prep = -1, i_place = -1;
    if (v->frame == TK_FRAME_SEND) {
        en(b, "to");
        en_np(b, &rc);
    } else if (put) {
        i_prep = en(b, put->prep[0]);
        if (put->prep[1]) en(b, put->prep[1]);
        en(b, "the");
        i_place = en(b, put->noun);
    }
    if (loc) {
        en(b, loc->prep);
        if (loc->the) en(b, "the");
        i_place = en(b, loc->noun);
    }
    at(b, &tc, TK_POS_END);
    en(b, ".");

    ko_at(b, &tc, 1);
    ko_subject(b, &s);
    ko_at(b, &tc, 0);
    if (loc) {
        ko(b, loc->ko, i_place, 0);
        ko(b, "에서", -1, 1);
    }
    if (v->frame == TK_FRAME_SEND) {
        ko_np(b, &rc);
        ko(b, (rc.n->f & TK_HON) ? "께" : "에게", -1, 1); /* 선생님 께, 친구 에게 */
    } else if (put) {
        ko(b, put->ko_noun, i_place, 0);
        ko(b, put->ko_rel, i_prep, 0);
        ko(b, "에", -1, 1);
    }
    for (int k = 0; k < n_obj; k++) {
        if (k) particle(b, PT_AND);
        ko_np(b, &o[k]);
    }
    if (n_obj) particle(b, PT_OBJ);
    ko_verb(b, v, tense, neg, hon, i_v, i_not);
    ko(b, ".", -1, 1);

    if (has_time(&tc)) dep(b, i_v, tc.gov, TF_DEP_TENSE);
    if (hon) dep(b, i_v, s.i_noun, TF_DEP_HONORIFIC);
}

/* ---- 2 compare ---- */

#define TOPIC_CLASSES (TK_TASK | TK_WORK | TK_PLACE | TK_COMFY)

static void gen_compare(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_COMPARE;
    NP s, t;
    pick_topic(r, &s, TOPIC_CLASSES, NULL, 1);
    const tf_TkAdj *a = pick_adj(r, TK_ADJ_PRED, s.n->f, 0);
    TF_ASSERT(a);
    static const int TW[] = {45, 30, 25}, DW[] = {25, 45, 10, 20};
    int tense = weighted(r, TW, 3), deg = weighted(r, DW, 4);
    int than = (deg == DEG_MORE || deg == DEG_LESS) && pct(r, 40);
    if (than) pick_topic(r, &t, s.n->f & a->pred_nouns & TOPIC_CLASSES, s.n, 0);
    TimeC tc = {NULL, -1, 0, {0, 0}, 0};
    if (pct(r, 35)) {
        static const int TT[] = {TK_T_NOW, TK_T_PAST, TK_T_FUT};
        pick_time(r, &tc, TT[tense], TK_POS_FRONT | TK_POS_END, tense == TK_PAST, NULL);
    }

    at(b, &tc, TK_POS_FRONT);
    en_np(b, &s);
    int i_cop;
    if (tense == TK_PRES) i_cop = en(b, s.pl ? "are" : "is");
    else if (tense == TK_PAST) i_cop = en(b, s.pl ? "were" : "was");
    else {
        en(b, "will");
        i_cop = en(b, "be");
    }
    int i_deg = en_degree(b, deg);
    int i_adj = en(b, a->en);
    if (than) {
        en(b, "than");
        en_np(b, &t);
    }
    at(b, &tc, TK_POS_END);
    en(b, ".");

    ko_at(b, &tc, 1);
    ko_np(b, &s);
    particle(b, PT_SUBJ);
    ko_at(b, &tc, 0);
    if (than) {
        ko_np(b, &t);
        ko(b, "보다", -1, 1);
    }
    ko_degree(b, deg, i_deg);
    ko_form(b, &a->pred[tense], i_adj);
    ko(b, ".", -1, 1);

    dep(b, i_adj, i_cop, TF_DEP_ADJ_FORM);
    if (has_time(&tc)) dep(b, i_adj, tc.gov, TF_DEP_TENSE);
}

/* ---- 3 make ---- */

static void gen_make(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_MAKE;
    NP s, o[2];
    if (pct(r, 40)) {
        pick_person(r, &s, 0, 1);
    } else {
        memset(&s, 0, sizeof s);
        s.n = pick_noun(r, TK_CAUSE, 0, 0, NULL);
        s.pl = s.n->pl && pct(r, 20);
        s.det = s.pl || (s.n->f & TK_MASS) || pct(r, 70) ? DET_THE : DET_THIS;
        if (!(s.n->f & TK_MASS) && pct(r, 25)) s.adj = pick_attr(r, s.n->f);
    }
    int hon = (s.n->f & TK_HON) != 0, sg3 = !s.pl;
    pick_topic(r, &o[0], TOPIC_CLASSES, s.n, 1);
    int n_obj = 1;
    if (pct(r, 12)) pick_topic(r, &o[n_obj++], o[0].n->f & TOPIC_CLASSES, o[0].n, 0);
    const tf_TkAdj *a = pick_adj(r, TK_ADJ_PRED, o[0].n->f, n_obj > 1 ? o[1].n->f : 0);
    if (!a) { /* no adjective fits both: keep the first object only */
        n_obj = 1;
        a = pick_adj(r, TK_ADJ_PRED, o[0].n->f, 0);
    }
    static const int TW[] = {30, 45, 25}, DW[] = {25, 50, 10, 15};
    int tense = weighted(r, TW, 3), deg = weighted(r, DW, 4);
    TimeC tc = {NULL, -1, 0, {0, 0}, 0};
    if (pct(r, 40)) {
        static const int TT[] = {TK_T_PRES, TK_T_PAST, TK_T_FUT};
        pick_time(r, &tc, TT[tense], TK_POS_FRONT | TK_POS_END | TK_POS_MID, tense == TK_PAST, NULL);
    }

    at(b, &tc, TK_POS_FRONT);
    en_np(b, &s);
    at(b, &tc, TK_POS_MID);
    int i_make;
    if (tense == TK_PRES) i_make = en(b, sg3 ? "makes" : "make");
    else if (tense == TK_PAST) i_make = en(b, "made");
    else {
        en(b, "will");
        i_make = en(b, "make");
    }
    for (int k = 0; k < n_obj; k++) {
        if (k) en(b, "and");
        en_np(b, &o[k]);
    }
    int i_deg = en_degree(b, deg);
    int i_adj = en(b, a->en);
    at(b, &tc, TK_POS_END);
    en(b, ".");

    ko_at(b, &tc, 1);
    ko_subject(b, &s);
    ko_at(b, &tc, 0);
    for (int k = 0; k < n_obj; k++) {
        if (k) particle(b, PT_AND);
        ko_np(b, &o[k]);
    }
    particle(b, PT_OBJ);
    ko_degree(b, deg, i_deg);
    ko_form(b, &a->adv, i_adj);
    ko_form(b, &tf_tk_make.fin[hon][tense], i_make);
    ko(b, ".", -1, 1);

    dep(b, i_adj, i_make, TF_DEP_ADJ_FORM);
    if (has_time(&tc)) dep(b, i_make, tc.gov, TF_DEP_TENSE);
    if (hon) dep(b, i_make, s.i_noun, TF_DEP_HONORIFIC);
}

/* ---- 4 the family of Figure 3 ---- */

enum { Q_MAJORITY, Q_MANY, Q_SOME, Q_MOST, Q_THE };
enum { DT_NONE, DT_SINCE, DT_IN, DT_LAST, DT_EVERY, DT_NEXT };
enum { DV_PERF, DV_PAST, DV_PRES, DV_FUT };

typedef struct {
    int cleft;                   /* -1 none, 0 "in this spirit", 1 "for this reason" */
    int quant, nat;              /* nat -1: none */
    const tf_TkNoun *inst;
    const tf_TkDVerb *verb;
    int vt, time, year;
    const tf_TkAdj *law_adj[2];
    int n_law_adj;
    const tf_TkNoun *law;
    int law_pl;
    const tf_TkNoun *mod[2];
    int n_mod;
    const tf_TkNoun *head;       /* NULL: "life" */
    const tf_TkNoun *benef;      /* NULL: no "for …" */
    int many, less;
    const tf_TkAdj *adj;
} DChoice;

static void pick_figure3(tf_TkRng *r, DChoice *c)
{
    memset(c, 0, sizeof *c);
    c->cleft = pct(r, 50) ? rnd(r, 2) : -1;
    static const int QW[] = {35, 25, 15, 10, 15};
    c->quant = weighted(r, QW, 5);
    c->inst = c->quant == Q_THE ? tf_tk_noun("government") : pick_noun(r, TK_INST, 0, 0, NULL);
    /* american, european, korean, local (tf_tk_nats), as each noun takes them: "local
     * governments", "korean cities", "european countries", but not "korean countries" */
    static const int NAT_GOVS[] = {0, 1, 3}, NAT_GOV[] = {0, 2, 3}, NAT_CITY[] = {0, 1, 2},
                     NAT_COUNTRY[] = {1};
    const int *nats = NAT_COUNTRY;
    int n_nats = 1;
    if (!strcmp(c->inst->sg, "government")) {
        nats = c->quant == Q_THE ? NAT_GOV : NAT_GOVS;
        n_nats = 3;
    } else if (!strcmp(c->inst->sg, "city")) {
        nats = NAT_CITY;
        n_nats = 3;
    }
    c->nat = pct(r, 70) ? nats[rnd(r, n_nats)] : -1;
    c->verb = &tf_tk_dverbs[rnd(r, tf_tk_n_dverbs)];
    static const int TW[] = {20, 35, 15, 10, 10, 10};
    c->time = weighted(r, TW, 6);
    static const int VT_OF[] = {-1, DV_PERF, DV_PAST, DV_PAST, DV_PRES, DV_FUT};
    static const int VW[] = {30, 30, 10, 30};
    c->vt = c->time == DT_NONE ? weighted(r, VW, 4) : VT_OF[c->time];
    c->year = rnd(r, tf_tk_n_years);
    c->law = pick_noun(r, TK_LAW, 0, 0, NULL);
    c->law_pl = pct(r, 80);
    int k = rnd(r, 100);
    const tf_TkAdj *first = pick_adj(r, TK_ADJ_LAW, 0, 0);
    if (k < 55) c->law_adj[c->n_law_adj++] = tf_tk_adj("new");
    else if (k < 75) {
        c->law_adj[c->n_law_adj++] = first;
        c->law_adj[c->n_law_adj++] = tf_tk_adj("new");
    } else if (k < 90) {
        c->law_adj[c->n_law_adj++] = first;
    }
    if (!pct(r, 10)) {
        c->head = pick_noun(r, TK_PHEAD, 0, 0, NULL);
        static const int MW[] = {10, 55, 35};
        c->n_mod = weighted(r, MW, 3);
        for (int m = 0; m < c->n_mod; m++)
            c->mod[m] = pick_noun(r, TK_PMOD, 0, 0, m ? c->mod[0] : NULL);
    }
    if (pct(r, 30)) {
        c->benef = pick_noun(r, TK_BENEF, 0, 0, NULL);
        c->many = pct(r, 50);
    }
    c->less = pct(r, 15);
    c->adj = pick_adj(r, TK_ADJ_PROC, 0, 0);
}

static void render_figure3(tf_TkBuild *b, const DChoice *c)
{
    b->cons = TF_CONS_FIGURE3;
    int i_this = -1, i_cl = -1, i_q = -1, i_nat = -1, i_inst, i_v, i_t = -1, i_y = -1, gov = -1;
    int i_ladj[2] = {-1, -1}, i_law, i_mod[2] = {-1, -1}, i_head, i_deg, i_adj, i_many = -1, i_ben = -1;
    if (c->cleft >= 0) {
        en(b, "it");
        en(b, "is");
        en(b, c->cleft ? "for" : "in");
        i_this = en(b, "this");
        i_cl = en(b, c->cleft ? "reason" : "spirit");
        en(b, "that");
    }
    static const char *const Q[] = {"majority", "many", "some", "most"};
    if (c->quant == Q_MAJORITY) en(b, "a");
    if (c->quant == Q_THE) en(b, "the");
    else i_q = en(b, Q[c->quant]);
    if (c->quant == Q_MAJORITY) en(b, "of");
    if (c->nat >= 0) i_nat = en(b, tf_tk_nats[c->nat][0]);
    int plural = c->quant != Q_THE;
    i_inst = en(b, plural ? c->inst->pl : c->inst->sg);
    switch (c->vt) {
    case DV_PERF: en(b, plural ? "have" : "has"); i_v = en(b, c->verb->ppart); break;
    case DV_PAST: i_v = en(b, c->verb->past); break;
    case DV_PRES: i_v = en(b, plural ? c->verb->base : c->verb->s3); break;
    default: en(b, "will"); i_v = en(b, c->verb->base); break;
    }
    const char *law = c->law_pl ? c->law->pl : c->law->sg;
    if (!c->law_pl) en(b, article(c->n_law_adj ? c->law_adj[0]->en : law));
    for (int k = 0; k < c->n_law_adj; k++) i_ladj[k] = en(b, c->law_adj[k]->en);
    i_law = en(b, law);
    switch (c->time) {
    case DT_SINCE: gov = i_t = en(b, "since"); i_y = en(b, tf_tk_years[c->year]); break;
    case DT_IN: en(b, "in"); gov = i_y = en(b, tf_tk_years[c->year]); break;
    case DT_LAST: gov = i_t = en(b, "last"); en(b, "year"); break;
    case DT_EVERY: gov = i_t = en(b, "every"); en(b, "year"); break;
    case DT_NEXT: gov = i_t = en(b, "next"); en(b, "year"); break;
    default: break;
    }
    int i_make = en(b, "making");
    if (c->head) {
        en(b, "the");
        for (int m = 0; m < c->n_mod; m++) {
            if (m) en(b, "or");
            i_mod[m] = en(b, c->mod[m]->sg);
        }
        i_head = en(b, c->head->sg);
    } else {
        i_head = en(b, "life");
    }
    i_deg = en(b, c->less ? "less" : "more");
    i_adj = en(b, c->adj->en);
    if (c->benef) {
        en(b, "for");
        if (c->many) i_many = en(b, "many");
        i_ben = en(b, c->benef->pl);
    }
    en(b, ".");

    if (c->cleft >= 0) { /* "it is … that" is emphasis: 바로 */
        ko(b, "바로", -1, 0);
        ko(b, "이", i_this, 0);
        ko(b, c->cleft ? "이유" : "정신", i_cl, 0);
        particle(b, PT_INSTR);
    }
    if (c->quant == Q_MANY) ko(b, "많은", i_q, 0);
    if (c->quant == Q_SOME) ko(b, "일부", i_q, 0);
    if (c->quant == Q_MOST) {
        ko(b, "대부분", i_q, 0);
        ko(b, "의", -1, 1);
    }
    if (c->nat >= 0) ko(b, tf_tk_nats[c->nat][1], i_nat, 0);
    ko_noun(b, c->inst, i_inst);
    if (c->quant == Q_MAJORITY) { /* 미국 정부 의 과반수 */
        ko(b, "의", -1, 1);
        ko(b, "과반수", i_q, 0);
    }
    particle(b, PT_SUBJ);
    switch (c->time) {
    case DT_SINCE:
        ko(b, tf_tk_years[c->year], i_y, 0);
        ko(b, "년", -1, 1);
        ko(b, "이후", i_t, 0);
        break;
    case DT_IN:
        ko(b, tf_tk_years[c->year], i_y, 0);
        ko(b, "년", -1, 1);
        ko(b, "에", -1, 1);
        break;
    case DT_LAST: ko(b, "작년", i_t, 0); ko(b, "에", -1, 1); break;
    case DT_EVERY: ko(b, "매년", i_t, 0); break;
    case DT_NEXT: ko(b, "내년", i_t, 0); ko(b, "에", -1, 1); break;
    default: break;
    }
    for (int k = 0; k < c->n_law_adj; k++) ko_form(b, &c->law_adj[k]->attr, i_ladj[k]);
    ko_noun(b, c->law, i_law);
    particle(b, PT_OBJ);
    ko_form(b, &c->verb->conn, i_v);
    if (c->benef) {
        if (c->many) ko(b, "많은", i_many, 0);
        ko_noun(b, c->benef, i_ben);
        ko(b, "들", -1, 1);
        ko(b, "에게", -1, 1);
    }
    if (c->head) {
        for (int m = 0; m < c->n_mod; m++) {
            if (m) particle(b, PT_OR);
            ko_noun(b, c->mod[m], i_mod[m]);
        }
        ko_noun(b, c->head, i_head);
    } else {
        ko(b, "삶", i_head, 0);
    }
    particle(b, PT_OBJ);
    ko(b, c->less ? "덜" : "더", i_deg, 0);
    ko_form(b, &c->adj->adv, i_adj);
    int kt = c->vt == DV_PRES ? TK_PRES : c->vt == DV_FUT ? TK_FUT : TK_PAST;
    ko_form(b, &tf_tk_make.fin[0][kt], i_make);
    ko(b, ".", -1, 1);

    dep(b, i_adj, i_make, TF_DEP_ADJ_FORM);
    if (gov >= 0) dep(b, i_make, gov, TF_DEP_TENSE);
}

/* ---- 5 identity ---- */

static int long_span(const tf_TkTime *t)
{
    return t->tense == TK_T_NOW || !strcmp(t->en[0], "soon") || (t->en[1] && !strcmp(t->en[1], "year"));
}

static void gen_identity(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_IDENTITY;
    NP s;
    pick_person(r, &s, TK_ESUBJ, 1);
    int hon = (s.n->f & TK_HON) != 0;
    const tf_TkNoun *p = (s.n->f & TK_YOUNG) ? tf_tk_noun("student") : pick_noun(r, TK_PROF, 0, 0, s.n);
    static const int TW[] = {40, 40, 20};
    int tense = weighted(r, TW, 3);
    TimeC tc = {NULL, -1, 0, {0, 0}, 0};
    if (pct(r, 30)) {
        static const int TT[] = {TK_T_NOW, TK_T_PAST, TK_T_FUT};
        pick_time(r, &tc, TT[tense], TK_POS_FRONT | TK_POS_END, tense == TK_PAST, long_span);
    }

    at(b, &tc, TK_POS_FRONT);
    en_np(b, &s);
    int i_cop;
    if (tense == TK_PRES) i_cop = en(b, s.pl ? "are" : "is");
    else if (tense == TK_PAST) i_cop = en(b, s.pl ? "were" : "was");
    else {
        en(b, "will");
        i_cop = en(b, "be");
    }
    if (!s.pl) en(b, article(p->sg));
    int i_p = en(b, s.pl ? p->pl : p->sg);
    at(b, &tc, TK_POS_END);
    en(b, ".");

    ko_at(b, &tc, 1);
    ko_np(b, &s);
    if (hon) {
        ko(b, "께서", -1, 1);
        ko(b, "는", -1, 1);
    } else {
        particle(b, PT_TOPIC);
    }
    ko_at(b, &tc, 0);
    ko_noun(b, p, i_p);
    if (tense == TK_PRES) {
        if (hon) {
            ko(b, "이시", -1, 1);
            ko(b, "다", -1, 1);
        } else {
            ko(b, "이다", -1, 1);
        }
    } else if (tense == TK_PAST) {
        ko(b, hon ? "이셨" : final_consonant(b->tgt[b->n_tgt - 1]) ? "이었" : "였", -1, 1);
        ko(b, "다", -1, 1);
    } else { /* "will be a doctor": 의사 가 될 것이다 */
        particle(b, PT_SUBJ);
        ko(b, hon ? "되실" : "될", -1, 0);
        ko(b, "것이다", -1, 0);
    }
    ko(b, ".", -1, 1);

    if (hon) dep(b, i_cop, s.i_noun, TF_DEP_HONORIFIC);
    if (has_time(&tc)) dep(b, i_cop, tc.gov, TF_DEP_TENSE);
}

/* ---- entry points ---- */

static void reset(tf_TkBuild *b)
{
    b->n_src = b->n_tgt = b->n_deps = 0;
}

void tf_tk_generate(tf_TkRng *r, tf_TkBuild *b)
{
    reset(b);
    static const int CW[TF_CONS_COUNT] = {34, 14, 18, 24, 10};
    switch (weighted(r, CW, TF_CONS_COUNT)) {
    case TF_CONS_CLAUSE: gen_clause(r, b); break;
    case TF_CONS_COMPARE: gen_compare(r, b); break;
    case TF_CONS_MAKE: gen_make(r, b); break;
    case TF_CONS_FIGURE3: {
        DChoice c;
        pick_figure3(r, &c);
        render_figure3(b, &c);
        break;
    }
    default: gen_identity(r, b); break;
    }
}

void tf_tk_figure3(tf_TkBuild *b)
{
    reset(b);
    DChoice c = {0};
    c.cleft = 0;
    c.quant = Q_MAJORITY;
    c.nat = 0; /* american */
    c.inst = tf_tk_noun("government");
    c.verb = tf_tk_dverb("passed");
    c.vt = DV_PERF;
    c.time = DT_SINCE;
    c.year = 9; /* 2009 */
    c.law_adj[c.n_law_adj++] = tf_tk_adj("new");
    c.law = tf_tk_noun("law");
    c.law_pl = 1;
    c.mod[c.n_mod++] = tf_tk_noun("registration");
    c.mod[c.n_mod++] = tf_tk_noun("voting");
    c.head = tf_tk_noun("process");
    c.adj = tf_tk_adj("difficult");
    render_figure3(b, &c);
}

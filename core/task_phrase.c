/* task_phrase.c — the phrases the constructions of task_grammar.c are written with: noun phrases
 * (a person, a thing, a topic, with determiner, adjective and "of" phrase) in English and in
 * Korean, time phrases and where each language puts them, subjects and joined objects with their
 * particles, and an English verb in a tense. Each draws its choices from the generator in a fixed
 * order, so the sentences of a seed depend on the order of these calls. Not the constructions
 * themselves (task_grammar.c, task_figure3.c, task_figure4.c) and not the words (task_lexicon.c). */
#include <string.h>

#include "task_internal.h"

/* ---- noun phrases ---- */

static int pick_det(tf_TkRng *r, const int (*w)[2], int n)
{
    int ws[8];
    for (int i = 0; i < n; i++) ws[i] = w[i][1];
    return w[tf_tk_weighted(r, ws, n)][0];
}

void tf_tk_pick_person(tf_TkRng *r, tf_TkNP *np, uint64_t all, int allow_hon)
{
    memset(np, 0, sizeof *np);
    np->n = tf_tk_pick_noun(r, TK_PERSON | all, 0, allow_hon ? 0 : TK_HON, NULL);
    uint64_t f = np->n->f;
    if (f & TK_FAMILY) {
        np->det = tf_tk_pct(r, 75) ? TK_DET_MY : TK_DET_OUR;
        return;
    }
    np->pl = np->n->pl && tf_tk_pct(r, (f & TK_HON) ? 20 : 35);
    static const int HON_SG[][2] = {{TK_DET_THE, 70}, {TK_DET_OUR, 20}, {TK_DET_MY, 10}};
    static const int HON_PL[][2] = {{TK_DET_THE, 70}, {TK_DET_OUR, 30}};
    static const int SG[][2] = {{TK_DET_THE, 50}, {TK_DET_MY, 20}, {TK_DET_A, 15}, {TK_DET_THIS, 15}};
    static const int PL[][2] = {{TK_DET_NONE, 30}, {TK_DET_THE, 40}, {TK_DET_MY, 20}, {TK_DET_OUR, 10}};
    static const int SG_NOPOSS[][2] = {{TK_DET_THE, 60}, {TK_DET_A, 20}, {TK_DET_THIS, 20}};
    static const int PL_NOPOSS[][2] = {{TK_DET_NONE, 40}, {TK_DET_THE, 60}};
    if (f & TK_HON) np->det = np->pl ? pick_det(r, HON_PL, 2) : pick_det(r, HON_SG, 3);
    else if (f & TK_POSS) np->det = np->pl ? pick_det(r, PL, 4) : pick_det(r, SG, 4);
    else np->det = np->pl ? pick_det(r, PL_NOPOSS, 2) : pick_det(r, SG_NOPOSS, 3);
}

/* A thing as the object of a verb of the first construction. */
static void pick_thing(tf_TkRng *r, tf_TkNP *np, const tf_TkNoun *n)
{
    static const int MASS[][2] = {{TK_DET_NONE, 60}, {TK_DET_THE, 25}, {TK_DET_MY, 15}};
    static const int SG[][2] = {
        {TK_DET_A, 45}, {TK_DET_THE, 30}, {TK_DET_THIS, 10}, {TK_DET_THAT, 5}, {TK_DET_MY, 10},
    };
    static const int PL[][2] = {{TK_DET_NONE, 50}, {TK_DET_THE, 30}, {TK_DET_MY, 10}, {TK_DET_OUR, 10}};
    memset(np, 0, sizeof *np);
    np->n = n;
    if (n->f & TK_BARE) return;
    if (n->f & TK_MASS) {
        np->det = pick_det(r, MASS, 3);
        return;
    }
    np->pl = n->pl && tf_tk_pct(r, 30);
    np->det = np->pl ? pick_det(r, PL, 4) : pick_det(r, SG, 5);
    if (tf_tk_pct(r, 20)) np->adj = tf_tk_pick_attr(r, n->f);
}

/* The object of v (not the noun not): a person or a thing. */
void tf_tk_pick_object(tf_TkRng *r, tf_TkNP *np, const tf_TkVerb *v, const tf_TkNoun *not)
{
    if (v->obj & TK_PERSON) {
        do tf_tk_pick_person(r, np, 0, 0);
        while (np->n == not);
    } else {
        pick_thing(r, np, tf_tk_pick_noun(r, 0, v->obj, TK_PERSON | TK_PRED, not));
    }
}

/* A thing one can call difficult, dangerous …: subject of "is more ADJ", object of "make". */
void tf_tk_pick_topic(tf_TkRng *r, tf_TkNP *np, uint64_t any, const tf_TkNoun *not, int allow_of)
{
    static const int SG[][2] = {{TK_DET_THE, 60}, {TK_DET_THIS, 20}, {TK_DET_THAT, 20}};
    TF_ASSERT(any);
    memset(np, 0, sizeof *np);
    np->n = tf_tk_pick_noun(r, 0, any, TK_PERSON | TK_PRED, not);
    np->pl = np->n->pl && tf_tk_pct(r, 25);
    np->det = np->pl ? (tf_tk_pct(r, 70) ? TK_DET_THE : TK_DET_NONE) : pick_det(r, SG, 3);
    if (allow_of && np->det == TK_DET_THE && (np->n->f & (TK_TASK | TK_PLACE)) &&
        !(np->n->f & (TK_OWNER | TK_OWNER_PLACE)) && tf_tk_pct(r, 20))
        np->of = tf_tk_pick_noun(r, (np->n->f & TK_TASK) ? TK_OWNER : TK_OWNER_PLACE, 0, 0, np->n);
}

void tf_tk_en_np(tf_TkBuild *b, tf_TkNP *np)
{
    static const char *const DET[] = {NULL, "the", NULL, "this", "that", "my", "our"};
    const char *noun = np->pl ? np->n->pl : np->n->sg;
    np->i_det = np->i_adj = np->i_of = -1;
    TF_ASSERT(!np->pl || (np->det != TK_DET_A && np->det != TK_DET_THIS && np->det != TK_DET_THAT));
    if (np->det == TK_DET_A) np->i_det = tf_tk_en(b, tf_tk_article(np->adj ? np->adj->en : noun));
    else if (np->det != TK_DET_NONE) np->i_det = tf_tk_en(b, DET[np->det]);
    if (np->adj) np->i_adj = tf_tk_en(b, np->adj->en);
    np->i_noun = tf_tk_en(b, noun);
    if (np->of) {
        tf_tk_en(b, "of");
        tf_tk_en(b, "the");
        np->i_of = tf_tk_en(b, np->of->sg);
    }
}

void tf_tk_ko_np(tf_TkBuild *b, const tf_TkNP *np)
{
    if (np->of) {
        tf_tk_ko_noun(b, np->of, np->i_of);
        tf_tk_ko(b, "의", -1, 1);
    }
    switch (np->det) {
    case TK_DET_THIS: tf_tk_ko(b, "이", np->i_det, 0); break;
    case TK_DET_THAT: tf_tk_ko(b, "그", np->i_det, 0); break;
    case TK_DET_MY: tf_tk_ko(b, (np->n->f & TK_HON) ? "우리" : "내", np->i_det, 0); break; /* 우리 할머니 */
    case TK_DET_OUR: tf_tk_ko(b, "우리", np->i_det, 0); break;
    default: break;
    }
    if (np->adj) tf_tk_ko_form(b, &np->adj->attr, np->i_adj);
    tf_tk_ko_noun(b, np->n, np->i_noun);
    if (np->pl && (np->n->f & (TK_PERSON | TK_BENEF))) tf_tk_ko(b, "들", -1, 1); /* 학생 들; not 책 들 */
}

/* ---- time phrases ---- */

/* Draws a time phrase of the given tense (TK_T_*) at one of the positions allowed; ok, when
 * not NULL, narrows the table further. */
void tf_tk_pick_time(tf_TkRng *r, tf_TkTimePhrase *tc, int tense, unsigned pos_mask,
                     int allow_year, int (*ok)(const tf_TkTime *))
{
    const tf_TkTime *c[32];
    int n = 0;
    for (int i = 0; i < tf_tk_n_times; i++) {
        const tf_TkTime *t = &tf_tk_times[i];
        if (t->tense == tense && (t->pos & pos_mask) && (!ok || ok(t))) c[n++] = t;
    }
    *tc = TK_NO_TIME;
    int k = tf_tk_rnd(r, n + (allow_year ? 2 : 0)); /* "in 2009" weighs as two entries */
    unsigned pos = TK_POS_FRONT | TK_POS_END;
    if (k < n) {
        tc->t = c[k];
        pos = c[k]->pos & pos_mask;
    } else {
        tc->year = tf_tk_rnd(r, tf_tk_n_years);
    }
    if (pos & TK_POS_MID) tc->pos = TK_POS_MID;
    else tc->pos = (pos & TK_POS_FRONT) && tf_tk_pct(r, 40) ? TK_POS_FRONT : TK_POS_END;
}

/* With probability p %, a time phrase for "is"/"was"/"will be" (TK_PRES …) at the front or the
 * end; else none. A present copula goes with "now", not with habits ("every day"). */
void tf_tk_pick_copula_time(tf_TkRng *r, tf_TkTimePhrase *tc, int p, int tense,
                            int (*ok)(const tf_TkTime *))
{
    static const int TT[] = {TK_T_NOW, TK_T_PAST, TK_T_FUT};
    *tc = TK_NO_TIME;
    if (tf_tk_pct(r, p))
        tf_tk_pick_time(r, tc, TT[tense], TK_POS_FRONT | TK_POS_END, tense == TK_PAST, ok);
}

int tf_tk_has_time(const tf_TkTimePhrase *tc)
{
    return tc->t || tc->year >= 0;
}

static void en_time(tf_TkBuild *b, tf_TkTimePhrase *tc)
{
    if (tc->year >= 0) {
        tc->idx[0] = tf_tk_en(b, "in");
        tc->idx[1] = tf_tk_en(b, tf_tk_years[tc->year]);
        return;
    }
    for (int k = 0; k < 2 && tc->t->en[k]; k++) tc->idx[k] = tf_tk_en(b, tc->t->en[k]);
}

/* The English word that decides the tense: the year of "in 2009", else as the table says. */
int tf_tk_time_gov(const tf_TkTimePhrase *tc)
{
    return tc->idx[tc->year >= 0 ? 1 : tc->t->gov];
}

static void ko_time(tf_TkBuild *b, const tf_TkTimePhrase *tc)
{
    if (tc->year >= 0) {
        tf_tk_ko(b, tf_tk_years[tc->year], tc->idx[1], 0);
        tf_tk_ko(b, "년", -1, 1);
        tf_tk_ko(b, "에", -1, 1);
        return;
    }
    for (int k = 0; k < 2 && tc->t->ko[k]; k++)
        tf_tk_ko(b, tc->t->ko[k], tc->idx[tc->t->ko_align[k]], 0);
    if (tc->t->ko_e) tf_tk_ko(b, "에", -1, 1);
}

void tf_tk_en_time_at(tf_TkBuild *b, tf_TkTimePhrase *tc, unsigned pos)
{
    if (tf_tk_has_time(tc) && tc->pos == pos) en_time(b, tc);
}

/* Korean puts a time phrase first when English does, else right after the subject. */
void tf_tk_ko_time_at(tf_TkBuild *b, const tf_TkTimePhrase *tc, int front)
{
    if (tf_tk_has_time(tc) && (tc->pos == TK_POS_FRONT) == front) ko_time(b, tc);
}

/* ---- subjects and objects ---- */

void tf_tk_ko_subject(tf_TkBuild *b, const tf_TkNP *s)
{
    tf_tk_ko_np(b, s);
    if (s->n->f & TK_HON) tf_tk_ko(b, "께서", -1, 1);
    else tf_tk_particle(b, TK_PT_SUBJ);
}

/* Objects joined by "and" or (or_) "or"; in Korean, in the same order, joined by 와/과 or
 * 이나/나 and followed by 을/를. Both orders of every pair of nouns occur, so the order can only
 * be copied, not guessed from the nouns. */
void tf_tk_en_nps(tf_TkBuild *b, tf_TkNP *np, int n, int or_)
{
    for (int k = 0; k < n; k++) {
        if (k) tf_tk_en(b, or_ ? "or" : "and");
        tf_tk_en_np(b, &np[k]);
    }
}

void tf_tk_ko_objects(tf_TkBuild *b, const tf_TkNP *np, int n, int or_)
{
    if (!n) return;
    for (int k = 0; k < n; k++) {
        if (k) tf_tk_particle(b, or_ ? TK_PT_OR : TK_PT_AND);
        tf_tk_ko_np(b, &np[k]);
    }
    tf_tk_particle(b, TK_PT_OBJ);
}

/* "the roads or the bridges" or, half the time, "the roads or bridges": then, as in "the
 * registration or voting process", the second noun follows the conjunction itself. */
void tf_tk_share_the(tf_TkRng *r, tf_TkNP *o)
{
    if (o[0].det == TK_DET_THE && o[1].det == TK_DET_THE && !o[1].adj && tf_tk_pct(r, 50))
        o[1].det = TK_DET_NONE;
}

/* ---- verbs ---- */

/* A verb in TK_PRES, TK_PAST or TK_FUT ("will" base); returns the index of the word that
 * carries the tense. */
int tf_tk_en_tensed(tf_TkBuild *b, int tense, const char *pres, const char *past,
                    const char *base)
{
    if (tense == TK_PRES) return tf_tk_en(b, pres);
    if (tense == TK_PAST) return tf_tk_en(b, past);
    tf_tk_en(b, "will");
    return tf_tk_en(b, base);
}

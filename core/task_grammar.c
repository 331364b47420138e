/* task_grammar.c — the grammar of the translation task. A sentence is drawn as a set of choices
 * (subject, verb, tense, time phrase …) and written twice, in English order and in Korean order;
 * each Korean token records the English token it translates as it is written, and each
 * construction records its long-distance dependencies. Not a general grammar of either
 * language: five constructions, chosen so that a small model can learn them exactly and so that
 * its attention has something to show. The fourth, the family of Figure 3, is in task_figure3.c.
 *
 *  1 clause    [time] SUBJ [often] VERB [OBJ [and|or OBJ]] [to PERSON | on the table | in PLACE]
 *              [time] .
 *              어제 선생님 께서 도서관 에서 책 을 읽 으셨 다 .
 *              The tense ending comes from the time word ("the students read books yesterday"
 *              has no tense of its own: "read" is past and present alike); an honoured subject
 *              adds -시- (읽|으셨|다) and takes 께서; negation moves tense onto 않다 (읽|지 않|았|다);
 *              "now" gives the progressive (읽|고 있|다, honoured 읽|고 계신|다).
 *  2 compare   THING is/was/will be [more|less|very] ADJ [than THING] [time] .
 *              시험 이 숙제 보다 더 어렵 다 .            the adjective ends in -다
 *  3 make      SUBJ makes/made/will make THING [and|or THING] [more|less|very] ADJ [time] .
 *              비 가 도로 를 더 위험 하 게 만들 었 다 .   the distant "make" turns -다 into -게
 *  4 figure 3  [it is in this spirit that] GOVERNMENTS have passed LAWS since 2009
 *              making the X or Y process more ADJ [for many voters] .
 *              바로 이 정신 으로 … 새로운 법 을 통과 시켜 등록 이나 투표 과정 을 더 어렵 게 만들 었 다 .
 *  5 identity  PERSON is/was/will be a PROFESSION [time] .
 *              우리 할아버지 께서 는 의사 이셨 다 .       topic 은/는, copula after the noun
 *
 * Two nouns joined by "and" or "or" keep their English order in Korean (와/과, 이나/나), in all
 * three constructions that have them and in both orders of every pair, so that the order must be
 * copied ("the registration or voting process" → 등록 이나 투표 과정).
 * Korean puts a time phrase first when English does, else right after the subject; obliques
 * (에서, 에게/께, 위 에) come before the object; modifiers and "of" phrases before their noun.
 * Alignment: content tokens (nouns, stems, adverbs, numbers, determiners, 않 for "not") carry
 * the index of the English word they translate; particles, endings, 들, 년, 바로, the copula
 * and "." carry -1. Dependencies are (dependent, governor) source index pairs: the word whose
 * Korean form changes, and the word that decides the change:
 *   adj-form   adjective → "make"/"making" (-게) or "is"/"was"/"be" (-다)
 *   tense      verb (adjective in 2, copula in 5) → yesterday, last, next, every, now, a year …
 *   honorific  verb (copula in 5) → the honoured subject noun
 * Only sentences that fix their Korean are drawn: "the students read books" (past or present?)
 * always gets a time word. The phrases the constructions are written with (noun phrases, time
 * phrases, objects) are in task_phrase.c. */
#include <string.h>

#include "task_internal.h"


/* How often a sentence that can take two objects takes them (percent); "or" joins half. */
#define TWO_OBJECTS 45
/* ---- 1 clause ---- */

enum { A_PRES, A_PAST, A_FUT, A_PROG };

/* reads, does not read, read, did not read, will (not) read, is reading: returns the verb's
 * index and sets *i_not to that of "not" (-1 without). */
static int en_verb(tf_TkBuild *b, const tf_TkVerb *v, int tense, int neg, int sg3, int *i_not)
{
    *i_not = -1;
    switch (tense) {
    case A_PROG: tf_tk_en(b, sg3 ? "is" : "are"); return tf_tk_en(b, v->ing);
    case A_FUT: tf_tk_en(b, "will"); break;
    default:
        if (!neg) return tf_tk_en(b, tense == A_PAST ? v->past : sg3 ? v->s3 : v->base);
        tf_tk_en(b, tense == A_PAST ? "did" : sg3 ? "does" : "do");
        break;
    }
    if (neg) *i_not = tf_tk_en(b, "not");
    return tf_tk_en(b, v->base);
}

static void ko_verb(tf_TkBuild *b, const tf_TkVerb *v, int tense, int neg, int hon, int i_v,
                    int i_not)
{
    const tf_TkKo *stem = hon ? &v->hstem : &v->stem;
    if (tense == A_PROG) { /* 읽|고 있|다, 읽|고 계신|다 */
        tf_tk_ko_form(b, stem, i_v);
        tf_tk_ko(b, "고", -1, 1);
        tf_tk_ko(b, hon ? "계신" : "있", -1, 0);
        tf_tk_ko(b, "다", -1, 1);
    } else if (neg) { /* 읽|지 않|았|다 */
        tf_tk_ko_form(b, stem, i_v);
        tf_tk_ko(b, "지", -1, 1);
        tf_tk_ko_form(b, &tf_tk_not.fin[hon][tense], i_not);
    } else {
        tf_tk_ko_form(b, &v->fin[hon][tense], i_v);
    }
}

static void gen_clause(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_CLAUSE;
    const tf_TkVerb *v = &tf_tk_verbs[tf_tk_rnd(r, tf_tk_n_verbs)];
    tf_TkNP s, o[2], rc;
    tf_tk_pick_person(r, &s, 0, 1);
    int hon = (s.n->f & TK_HON) != 0, sg3 = !s.pl;
    static const int TW[] = {25, 35, 20, 20};
    int tense = tf_tk_weighted(r, TW, 4);
    int neg = tense != A_PROG && tf_tk_pct(r, 15);
    /* "the students read books" could be past or present: only a time word can tell */
    int must_time = v->ambig && s.pl && !neg && (tense == A_PRES || tense == A_PAST);
    tf_TkTimePhrase tc = TK_NO_TIME;
    if (must_time || tf_tk_pct(r, 55)) {
        static const int TT[] = {TK_T_PRES, TK_T_PAST, TK_T_FUT, TK_T_NOW};
        unsigned pm = TK_POS_FRONT | TK_POS_END | (neg ? 0 : TK_POS_MID);
        tf_tk_pick_time(r, &tc, TT[tense], pm, tense == A_PAST, NULL);
    }
    int n_obj = 0, or_ = 0;
    if (v->frame != TK_FRAME_INTRANS) {
        tf_tk_pick_object(r, &o[0], v, NULL);
        n_obj = 1;
        if (tf_tk_pct(r, TWO_OBJECTS) && ((v->obj & TK_PERSON) || tf_tk_count_nouns(v->obj) > 1)) {
            tf_tk_pick_object(r, &o[n_obj++], v, o[0].n);
            or_ = tf_tk_pct(r, 50);
            tf_tk_share_the(r, o);
        }
    }
    const tf_TkPutLoc *put = NULL;
    const tf_TkLoc *loc = NULL;
    if (v->frame == TK_FRAME_SEND) tf_tk_pick_person(r, &rc, 0, 1);
    if (v->frame == TK_FRAME_PUT) {
        do put = &tf_tk_putlocs[tf_tk_rnd(r, tf_tk_n_putlocs)];
        while (!strcmp(put->noun, o[0].n->sg) || (n_obj > 1 && !strcmp(put->noun, o[1].n->sg)));
    }
    if (v->loc && tf_tk_pct(r, 35)) {
        do loc = &tf_tk_locs[tf_tk_rnd(r, tf_tk_n_locs)];
        while (!(loc->cls & v->loc));
    }

    tf_tk_en_time_at(b, &tc, TK_POS_FRONT);
    tf_tk_en_np(b, &s);
    tf_tk_en_time_at(b, &tc, TK_POS_MID);
    int i_not, i_v = en_verb(b, v, tense, neg, sg3, &i_not);
    tf_tk_en_nps(b, o, n_obj, or_);
    int i_prep = -1, i_place = -1;
    if (v->frame == TK_FRAME_SEND) {
        tf_tk_en(b, "to");
        tf_tk_en_np(b, &rc);
    } else if (put) {
        i_prep = tf_tk_en(b, put->prep[0]);
        if (put->prep[1]) tf_tk_en(b, put->prep[1]);
        tf_tk_en(b, "the");
        i_place = tf_tk_en(b, put->noun);
    }
    if (loc) {
        tf_tk_en(b, loc->prep);
        if (loc->the) tf_tk_en(b, "the");
        i_place = tf_tk_en(b, loc->noun);
    }
    tf_tk_en_time_at(b, &tc, TK_POS_END);
    tf_tk_en(b, ".");

    tf_tk_ko_time_at(b, &tc, 1);
    tf_tk_ko_subject(b, &s);
    tf_tk_ko_time_at(b, &tc, 0);
    if (loc) {
        tf_tk_ko(b, loc->ko, i_place, 0);
        tf_tk_ko(b, "에서", -1, 1);
    }
    if (v->frame == TK_FRAME_SEND) {
        tf_tk_ko_np(b, &rc);
        tf_tk_ko(b, (rc.n->f & TK_HON) ? "께" : "에게", -1, 1); /* 선생님 께, 친구 에게 */
    } else if (put) {
        tf_tk_ko(b, put->ko_noun, i_place, 0);
        tf_tk_ko(b, put->ko_rel, i_prep, 0);
        tf_tk_ko(b, "에", -1, 1);
    }
    tf_tk_ko_objects(b, o, n_obj, or_);
    ko_verb(b, v, tense, neg, hon, i_v, i_not);
    tf_tk_ko(b, ".", -1, 1);

    if (tf_tk_has_time(&tc)) tf_tk_dep(b, i_v, tf_tk_time_gov(&tc), TF_DEP_TENSE);
    if (hon) tf_tk_dep(b, i_v, s.i_noun, TF_DEP_HONORIFIC);
}

/* ---- 2 compare ---- */

#define TOPIC_CLASSES (TK_TASK | TK_WORK | TK_PLACE | TK_COMFY)

static void gen_compare(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_COMPARE;
    tf_TkNP s, t;
    tf_tk_pick_topic(r, &s, TOPIC_CLASSES, NULL, 1);
    const tf_TkAdj *a = tf_tk_pick_adj(r, TK_ADJ_PRED, s.n->f, 0);
    TF_ASSERT(a);
    static const int TW[] = {45, 30, 25}, DW[] = {25, 45, 10, 20};
    int tense = tf_tk_weighted(r, TW, 3), deg = tf_tk_weighted(r, DW, 4);
    int than = (deg == TK_DEG_MORE || deg == TK_DEG_LESS) && tf_tk_pct(r, 40);
    /* the thing compared with, as apt for the adjective */
    if (than) tf_tk_pick_topic(r, &t, s.n->f & a->pred_nouns, s.n, 0);
    tf_TkTimePhrase tc;
    tf_tk_pick_copula_time(r, &tc, 35, tense, NULL);

    tf_tk_en_time_at(b, &tc, TK_POS_FRONT);
    tf_tk_en_np(b, &s);
    int i_cop = tf_tk_en_tensed(b, tense, s.pl ? "are" : "is", s.pl ? "were" : "was", "be");
    int i_deg = tf_tk_en_degree(b, deg);
    int i_adj = tf_tk_en(b, a->en);
    if (than) {
        tf_tk_en(b, "than");
        tf_tk_en_np(b, &t);
    }
    tf_tk_en_time_at(b, &tc, TK_POS_END);
    tf_tk_en(b, ".");

    tf_tk_ko_time_at(b, &tc, 1);
    tf_tk_ko_np(b, &s);
    tf_tk_particle(b, TK_PT_SUBJ);
    tf_tk_ko_time_at(b, &tc, 0);
    if (than) {
        tf_tk_ko_np(b, &t);
        tf_tk_ko(b, "보다", -1, 1);
    }
    tf_tk_ko_degree(b, deg, i_deg);
    tf_tk_ko_form(b, &a->pred[tense], i_adj);
    tf_tk_ko(b, ".", -1, 1);

    tf_tk_dep(b, i_adj, i_cop, TF_DEP_ADJ_FORM);
    if (tf_tk_has_time(&tc)) tf_tk_dep(b, i_adj, tf_tk_time_gov(&tc), TF_DEP_TENSE);
}

/* ---- 3 make ---- */

static void gen_make(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_MAKE;
    tf_TkNP s, o[2];
    if (tf_tk_pct(r, 40)) {
        tf_tk_pick_person(r, &s, 0, 1);
    } else {
        memset(&s, 0, sizeof s);
        s.n = tf_tk_pick_noun(r, TK_CAUSE, 0, 0, NULL);
        s.pl = s.n->pl && tf_tk_pct(r, 20);
        s.det = s.pl || (s.n->f & TK_MASS) || tf_tk_pct(r, 70) ? TK_DET_THE : TK_DET_THIS;
        if (!(s.n->f & TK_MASS) && tf_tk_pct(r, 25)) s.adj = tf_tk_pick_attr(r, s.n->f);
    }
    int hon = (s.n->f & TK_HON) != 0, sg3 = !s.pl;
    tf_tk_pick_topic(r, &o[0], TOPIC_CLASSES, s.n, 1);
    int n_obj = 1, or_ = 0;
    if (tf_tk_pct(r, TWO_OBJECTS)) {
        tf_tk_pick_topic(r, &o[n_obj++], o[0].n->f & TOPIC_CLASSES, o[0].n, 0);
        or_ = tf_tk_pct(r, 50);
        tf_tk_share_the(r, o);
    }
    tf_TkCompl cp = {0};
    cp.adj = tf_tk_pick_adj(r, TK_ADJ_PRED, o[0].n->f, n_obj > 1 ? o[1].n->f : 0);
    if (!cp.adj) { /* no adjective fits both: keep the first object only */
        n_obj = 1;
        cp.adj = tf_tk_pick_adj(r, TK_ADJ_PRED, o[0].n->f, 0);
    }
    static const int TW[] = {30, 45, 25}, DW[] = {25, 50, 10, 15};
    int tense = tf_tk_weighted(r, TW, 3);
    cp.deg = tf_tk_weighted(r, DW, 4);
    tf_TkTimePhrase tc = TK_NO_TIME;
    if (tf_tk_pct(r, 40)) {
        static const int TT[] = {TK_T_PRES, TK_T_PAST, TK_T_FUT};
        unsigned pm = TK_POS_FRONT | TK_POS_END | TK_POS_MID;
        tf_tk_pick_time(r, &tc, TT[tense], pm, tense == TK_PAST, NULL);
    }

    tf_tk_en_time_at(b, &tc, TK_POS_FRONT);
    tf_tk_en_np(b, &s);
    tf_tk_en_time_at(b, &tc, TK_POS_MID);
    int i_make = tf_tk_en_tensed(b, tense, sg3 ? "makes" : "make", "made", "make");
    tf_tk_en_nps(b, o, n_obj, or_);
    tf_tk_en_compl(b, &cp);
    tf_tk_en_time_at(b, &tc, TK_POS_END);
    tf_tk_en(b, ".");

    tf_tk_ko_time_at(b, &tc, 1);
    tf_tk_ko_subject(b, &s);
    tf_tk_ko_time_at(b, &tc, 0);
    tf_tk_ko_objects(b, o, n_obj, or_);
    tf_tk_ko_make(b, &cp, hon, tense, i_make);
    tf_tk_ko(b, ".", -1, 1);

    if (tf_tk_has_time(&tc)) tf_tk_dep(b, i_make, tf_tk_time_gov(&tc), TF_DEP_TENSE);
    if (hon) tf_tk_dep(b, i_make, s.i_noun, TF_DEP_HONORIFIC);
}

/* ---- 5 identity ---- */

static int long_span(const tf_TkTime *t)
{
    return t->tense == TK_T_NOW || !strcmp(t->en[0], "soon") ||
           (t->en[1] && !strcmp(t->en[1], "year"));
}

static void gen_identity(tf_TkRng *r, tf_TkBuild *b)
{
    b->cons = TF_CONS_IDENTITY;
    tf_TkNP s;
    tf_tk_pick_person(r, &s, TK_ESUBJ, 1);
    if (s.det == TK_DET_A) s.det = TK_DET_THE; /* "the girl is a student", not "a girl is …" */
    int hon = (s.n->f & TK_HON) != 0;
    const tf_TkNoun *p = (s.n->f & TK_YOUNG) ? tf_tk_noun("student")
                                             : tf_tk_pick_noun(r, TK_PROF, 0, 0, s.n);
    static const int TW[] = {40, 40, 20};
    int tense = tf_tk_weighted(r, TW, 3);
    tf_TkTimePhrase tc;
    tf_tk_pick_copula_time(r, &tc, 30, tense, long_span);

    tf_tk_en_time_at(b, &tc, TK_POS_FRONT);
    tf_tk_en_np(b, &s);
    int i_cop = tf_tk_en_tensed(b, tense, s.pl ? "are" : "is", s.pl ? "were" : "was", "be");
    if (!s.pl) tf_tk_en(b, tf_tk_article(p->sg));
    int i_p = tf_tk_en(b, s.pl ? p->pl : p->sg);
    tf_tk_en_time_at(b, &tc, TK_POS_END);
    tf_tk_en(b, ".");

    tf_tk_ko_time_at(b, &tc, 1);
    tf_tk_ko_np(b, &s);
    if (hon) {
        tf_tk_ko(b, "께서", -1, 1);
        tf_tk_ko(b, "는", -1, 1);
    } else {
        tf_tk_particle(b, TK_PT_TOPIC);
    }
    tf_tk_ko_time_at(b, &tc, 0);
    tf_tk_ko_noun(b, p, i_p);
    if (tense == TK_FUT) { /* "will be a doctor": 의사 가 될 것이다 */
        tf_tk_particle(b, TK_PT_SUBJ);
        tf_tk_ko(b, hon ? "되실" : "될", -1, 0);
        tf_tk_ko(b, "것이다", -1, 0);
    } else if (tense == TK_PRES && !hon) {
        tf_tk_ko(b, "이다", -1, 1);
    } else { /* 이시|다, 이셨|다; past: 이었|다 after a consonant, else 였|다 */
        const char *last = b->tgt[b->n_tgt - 1];
        tf_tk_ko(b, hon ? (tense == TK_PRES ? "이시" : "이셨")
                        : tf_tk_final_consonant(last) ? "이었" : "였", -1, 1);
        tf_tk_ko(b, "다", -1, 1);
    }
    tf_tk_ko(b, ".", -1, 1);

    if (hon) tf_tk_dep(b, i_cop, s.i_noun, TF_DEP_HONORIFIC);
    if (tf_tk_has_time(&tc)) tf_tk_dep(b, i_cop, tf_tk_time_gov(&tc), TF_DEP_TENSE);
}

/* ---- entry points ---- */

void tf_tk_generate(tf_TkRng *r, tf_TkBuild *b)
{
    tf_tk_reset(b);
    static const int CW[TF_CONS_COUNT] = {28, 10, 14, 26, 8, 14};
    switch (tf_tk_weighted(r, CW, TF_CONS_COUNT)) {
    case TF_CONS_CLAUSE: gen_clause(r, b); break;
    case TF_CONS_COMPARE: gen_compare(r, b); break;
    case TF_CONS_MAKE: gen_make(r, b); break;
    case TF_CONS_FIGURE3: tf_tk_gen_figure3(r, b); break;
    case TF_CONS_IDENTITY: gen_identity(r, b); break;
    default: tf_tk_gen_figure4(r, b); break;
    }
}

/* task_figure4.c — the sixth construction of the task: the family of the sentence of the
 * paper's Figure 4, "the law will never be perfect , but its application should be just - this
 * is what we are missing , in my opinion .", whose Korean says "its" by repeating the noun it
 * stands for:
 *   법 은 결코 완벽 하 지 않 을 것이다 , 하지만 법 의 적용 은 공정 해야 한다
 *   - 내 생각 에 는 이것 이 우리 가 놓치 고 있 는 것이다 .
 * So translating "its" needs its antecedent. Most sentences have two or three candidates, as
 * subject, object and "of" noun ("the government changed the rules of the city , but its goal
 * …"), singular or plural in any mix; "its" (or "their") stands for the nearest one before it
 * that agrees with it in number: 도시 의 목표 here, 정부 의 목표 for "… the rules of the cities
 * , but its goal", 규칙 의 목표 for "… , but their goal". So neither position nor number alone
 * says which noun it is: the antecedent is the first, second or third candidate about equally
 * often. The gold dependency runs from the pronoun to its antecedent. Not the other
 * constructions (task_grammar.c, task_figure3.c). */
#include <string.h>

#include "task_internal.h"

enum { F_NEVER, F_NOT, F_WAS_NEVER }; /* one candidate: "will never be", "is not", "was never" */
enum { S_SHOULD, S_IS, S_WAS_NOT };   /* "its X should be", "is", "was not" */
enum { OP_NONE, OP_FRONT, OP_END };   /* "in my opinion": before the sentence or after it */

typedef struct {
    const tf_TkNoun *n[3];       /* candidates: subject (or the only one), object, "of" noun */
    int n_cand, pl[3];
    int ant;                     /* which candidate "its"/"their" stands for */
    int first;                   /* F_* with one candidate */
    const tf_TkAnaVerb *verb;    /* with two or three: "changed" */
    const tf_TkWord *adj1, *adj2;
    const tf_TkPoss *poss;
    int second;                  /* S_* */
    int missing, opinion;        /* "- this is what we are missing", OP_* */
} AChoice;

static const tf_TkWord *pick_word(tf_TkRng *r, const tf_TkWord *w, int n)
{
    return &w[tf_tk_rnd(r, n)];
}

static void pick_figure4(tf_TkRng *r, AChoice *c)
{
    memset(c, 0, sizeof *c);
    static const int NW[] = {30, 35, 35};
    c->n_cand = 1 + tf_tk_weighted(r, NW, 3);
    if (c->n_cand == 1) {
        c->n[0] = tf_tk_pick_noun(r, 0, TK_ANT_LAW | TK_ANT_INST, 0, NULL);
        static const int FW[] = {50, 30, 20};
        c->first = tf_tk_weighted(r, FW, 3);
        c->adj1 = pick_word(r, tf_tk_ana_adjs, tf_tk_n_ana_adjs);
    } else { /* an institution did something to a law (of another institution) */
        c->n[0] = tf_tk_pick_noun(r, TK_ANT_INST, 0, 0, NULL);
        c->n[1] = tf_tk_pick_noun(r, TK_ANT_LAW, 0, 0, NULL);
        if (c->n_cand == 3) c->n[2] = tf_tk_pick_noun(r, TK_ANT_INST, 0, 0, c->n[0]);
        c->verb = &tf_tk_ana_verbs[tf_tk_rnd(r, tf_tk_n_ana_verbs)];
    }
    /* the antecedent agrees with the pronoun; the candidates after it (nearer to the pronoun)
     * do not, those before it may */
    c->ant = tf_tk_rnd(r, c->n_cand);
    int their = tf_tk_pct(r, 35);
    for (int k = 0; k < c->n_cand; k++)
        c->pl[k] = k == c->ant ? their : k > c->ant ? !their : tf_tk_pct(r, 50);
    /* what the antecedent has: with several candidates, a word that fits any of them */
    uint64_t need = c->n_cand > 1 ? TK_ANT_LAW | TK_ANT_INST
                                  : c->n[0]->f & (TK_ANT_LAW | TK_ANT_INST);
    do c->poss = &tf_tk_poss[tf_tk_rnd(r, tf_tk_n_poss)];
    while ((c->poss->of & need) != need);
    static const int SW[] = {55, 25, 20};
    c->second = tf_tk_weighted(r, SW, 3);
    c->adj2 = pick_word(r, tf_tk_ana_adjs, tf_tk_n_ana_adjs);
    c->missing = tf_tk_pct(r, 30);
    static const int OW[] = {60, 20, 20};
    c->opinion = tf_tk_weighted(r, OW, 3);
}

/* "is"/"are" …: the copula of a noun phrase of number pl in tense t (0 pres, 1 past) */
static void en_be(tf_TkBuild *b, int pl, int past)
{
    tf_tk_en(b, past ? (pl ? "were" : "was") : (pl ? "are" : "is"));
}

static void ko_opinion(tf_TkBuild *b, int i_my, int i_op)
{
    tf_tk_ko(b, "내", i_my, 0);
    tf_tk_ko(b, "생각", i_op, 0);
    tf_tk_ko(b, "에", -1, 1);
    tf_tk_ko(b, "는", -1, 1);
}

/* ADJ 하 지 않 …: the negated -하다 adjective, 않 aligned to "not" (or to nothing) */
static void ko_not_adj(tf_TkBuild *b, const char *adj, int i_adj, int i_not)
{
    tf_tk_ko(b, adj, i_adj, 0);
    tf_tk_ko(b, "하", -1, 1);
    tf_tk_ko(b, "지", -1, 1);
    tf_tk_ko(b, "않", i_not, 0);
}

static void render_figure4(tf_TkBuild *b, const AChoice *c)
{
    b->cons = TF_CONS_ANAPHORA;
    int i_n[3] = {-1, -1, -1}, i_never = -1, i_not = -1, i_adj1 = -1, i_v = -1, i_my = -1, i_op = -1;
    if (c->opinion == OP_FRONT) {
        tf_tk_en(b, "in");
        i_my = tf_tk_en(b, "my");
        i_op = tf_tk_en(b, "opinion");
        tf_tk_en(b, ",");
    }
    tf_tk_en(b, "the");
    i_n[0] = tf_tk_en(b, c->pl[0] ? c->n[0]->pl : c->n[0]->sg);
    if (c->n_cand > 1) {
        i_v = tf_tk_en(b, c->verb->past);
        tf_tk_en(b, "the");
        i_n[1] = tf_tk_en(b, c->pl[1] ? c->n[1]->pl : c->n[1]->sg);
        if (c->n_cand > 2) {
            tf_tk_en(b, "of");
            tf_tk_en(b, "the");
            i_n[2] = tf_tk_en(b, c->pl[2] ? c->n[2]->pl : c->n[2]->sg);
        }
    } else {
        if (c->first == F_NEVER) {
            tf_tk_en(b, "will");
            i_never = tf_tk_en(b, "never");
            tf_tk_en(b, "be");
        } else {
            en_be(b, c->pl[0], c->first == F_WAS_NEVER);
            if (c->first == F_NOT) i_not = tf_tk_en(b, "not");
            else i_never = tf_tk_en(b, "never");
        }
        i_adj1 = tf_tk_en(b, c->adj1->en);
    }
    tf_tk_en(b, ",");
    int i_but = tf_tk_en(b, "but");
    int i_its = tf_tk_en(b, c->pl[c->ant] ? "their" : "its");
    int i_poss = tf_tk_en(b, c->poss->en), i_not2 = -1;
    if (c->second == S_SHOULD) {
        tf_tk_en(b, "should");
        tf_tk_en(b, "be");
    } else {
        en_be(b, 0, c->second == S_WAS_NOT);
        if (c->second == S_WAS_NOT) i_not2 = tf_tk_en(b, "not");
    }
    int i_adj2 = tf_tk_en(b, c->adj2->en), i_this = -1, i_we = -1, i_miss = -1, i_what = -1;
    if (c->missing) {
        tf_tk_en(b, "-");
        i_this = tf_tk_en(b, "this");
        tf_tk_en(b, "is");
        i_what = tf_tk_en(b, "what");
        i_we = tf_tk_en(b, "we");
        tf_tk_en(b, "are");
        i_miss = tf_tk_en(b, "missing");
    }
    if (c->opinion == OP_END) {
        tf_tk_en(b, ",");
        tf_tk_en(b, "in");
        i_my = tf_tk_en(b, "my");
        i_op = tf_tk_en(b, "opinion");
    }
    tf_tk_en(b, ".");

    /* "in my opinion" leads the clause it is about: the last one when there is a "- this …" */
    if (c->opinion == OP_FRONT || (c->opinion == OP_END && !c->missing)) ko_opinion(b, i_my, i_op);
    tf_tk_ko_noun(b, c->n[0], i_n[0]);
    if (c->n_cand > 1) {
        tf_tk_particle(b, TK_PT_SUBJ);
        if (c->n_cand > 2) { /* the rules of the city: 도시 의 규칙 */
            tf_tk_ko_noun(b, c->n[2], i_n[2]);
            tf_tk_ko(b, "의", -1, 1);
        }
        tf_tk_ko_noun(b, c->n[1], i_n[1]);
        tf_tk_particle(b, TK_PT_OBJ);
        tf_tk_ko_form(b, &c->verb->ko, i_v);
    } else {
        tf_tk_particle(b, TK_PT_TOPIC);
        if (i_never >= 0) tf_tk_ko(b, "결코", i_never, 0);
        ko_not_adj(b, c->adj1->ko, i_adj1, i_not);
        if (c->first == F_NEVER) {
            tf_tk_ko(b, "을", -1, 1);
            tf_tk_ko(b, "것이다", -1, 0);
        } else {
            if (c->first == F_WAS_NEVER) tf_tk_ko(b, "았", -1, 1);
            tf_tk_ko(b, "다", -1, 1);
        }
    }
    tf_tk_ko(b, ",", -1, 1);
    tf_tk_ko(b, "하지만", i_but, 0);
    tf_tk_ko_noun(b, c->n[c->ant], i_its); /* "its" is said by repeating the antecedent */
    tf_tk_ko(b, "의", -1, 1);
    tf_tk_ko(b, c->poss->ko, i_poss, 0);
    tf_tk_particle(b, TK_PT_TOPIC);
    if (c->second == S_SHOULD) {
        tf_tk_ko(b, c->adj2->ko, i_adj2, 0);
        tf_tk_ko(b, "해야", -1, 1);
        tf_tk_ko(b, "한다", -1, 0);
    } else if (c->second == S_IS) {
        tf_tk_ko(b, c->adj2->ko, i_adj2, 0);
        tf_tk_ko(b, "하", -1, 1);
        tf_tk_ko(b, "다", -1, 1);
    } else {
        ko_not_adj(b, c->adj2->ko, i_adj2, i_not2);
        tf_tk_ko(b, "았", -1, 1);
        tf_tk_ko(b, "다", -1, 1);
    }
    if (c->missing) {
        tf_tk_ko(b, "-", -1, 0);
        if (c->opinion == OP_END) ko_opinion(b, i_my, i_op);
        tf_tk_ko(b, "이것", i_this, 0);
        tf_tk_particle(b, TK_PT_SUBJ);
        tf_tk_ko(b, "우리", i_we, 0);
        tf_tk_particle(b, TK_PT_SUBJ);
        tf_tk_ko(b, "놓치", i_miss, 0);
        tf_tk_ko(b, "고", -1, 1);
        tf_tk_ko(b, "있", -1, 0);
        tf_tk_ko(b, "는", -1, 1);
        tf_tk_ko(b, "것이다", i_what, 0);
    }
    tf_tk_ko(b, ".", -1, 1);

    tf_tk_dep(b, i_its, i_n[c->ant], TF_DEP_ANAPHORA);
}

void tf_tk_gen_figure4(tf_TkRng *r, tf_TkBuild *b)
{
    AChoice c;
    pick_figure4(r, &c);
    render_figure4(b, &c);
}

static const tf_TkWord *ana_adj(const char *en)
{
    for (int i = 0; i < tf_tk_n_ana_adjs; i++)
        if (!strcmp(tf_tk_ana_adjs[i].en, en)) return &tf_tk_ana_adjs[i];
    TF_ASSERT(!"adjective in lexicon");
    return NULL;
}

void tf_tk_figure4(tf_TkBuild *b)
{
    tf_tk_reset(b);
    AChoice c = {0};
    c.n_cand = 1;
    c.n[0] = tf_tk_noun("law");
    c.first = F_NEVER;
    c.adj1 = ana_adj("perfect");
    c.poss = &tf_tk_poss[0]; /* application */
    TF_ASSERT(!strcmp(c.poss->en, "application"));
    c.second = S_SHOULD;
    c.adj2 = ana_adj("just");
    c.missing = 1;
    c.opinion = OP_END;
    render_figure4(b, &c);
}

/* task_figure3.c — the fourth construction of the task: the family of the sentence of the
 * paper's Figure 3, "it is in this spirit that a majority of american governments have passed
 * new laws since 2009 making the registration or voting process more difficult .", whose
 * Korean puts "making" last and chooses -게 for "difficult" because of it:
 *   바로 이 정신 으로 미국 정부 의 과반수 가 2009 년 이후 새로운 법 을 통과 시켜
 *   등록 이나 투표 과정 을 더 어렵 게 만들 었 다 .
 * Every part varies: the cleft, the quantifier and nationality of the subject, the verb and
 * its tense, the time phrase, the adjectives of the laws, the process, "for many voters", the
 * degree and the adjective. What Korean says for "making" depends on the adjective, several
 * words later: ADJ-게 만들다 for some ("more difficult" → 더 어렵게 만들었다), one causative verb
 * for others ("more strict" → 강화했다, "less strict" → 완화했다, "higher" → 높였다, "longer" →
 * 늘렸다), so that the encoder has a reason to bring the adjective to "making", as in the
 * paper's figure. The complement's rules are shared with "make X more ADJ" (task_grammar.c).
 * Not the other constructions (task_grammar.c). */
#include <string.h>

#include "task_internal.h"

/* ---- the complement of "make X …", shared with task_grammar.c ---- */

const tf_TkVerb *tf_tk_compl_verb(const tf_TkCompl *c)
{
    if (c->adj->use & TK_ADJ_CMP) return c->adj->caus[0];
    if (c->deg == TK_DEG_MORE || c->deg == TK_DEG_LESS) return c->adj->caus[c->deg == TK_DEG_LESS];
    return NULL;
}

int tf_tk_compl_ok(const tf_TkAdj *a, int deg)
{
    if (a->use & TK_ADJ_CMP) return deg == TK_DEG_NONE;
    if (deg == TK_DEG_LESS) return a->caus[1] || (!a->caus[0] && a->adv.t[0]);
    return a->adv.t[0] || (deg == TK_DEG_MORE && a->caus[0]);
}

void tf_tk_en_compl(tf_TkBuild *b, tf_TkCompl *c)
{
    TF_ASSERT(tf_tk_compl_ok(c->adj, c->deg));
    c->i_deg = tf_tk_en_degree(b, c->deg);
    c->i_adj = tf_tk_en(b, c->adj->en);
}

void tf_tk_ko_make(tf_TkBuild *b, const tf_TkCompl *c, int hon, int tense, int i_make)
{
    const tf_TkVerb *v = tf_tk_compl_verb(c);
    if (v) {
        tf_tk_ko_form(b, &v->fin[hon][tense], i_make);
    } else {
        tf_tk_ko_degree(b, c->deg, c->i_deg);
        tf_tk_ko_form(b, &c->adj->adv, c->i_adj);
        tf_tk_ko_form(b, &tf_tk_make.fin[hon][tense], i_make);
        tf_tk_dep(b, c->i_adj, i_make, TF_DEP_ADJ_FORM);
    }
    tf_tk_dep(b, i_make, c->i_adj, TF_DEP_VERB);
}

/* ---- the family ---- */

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
    int many;
    tf_TkCompl compl;
} DChoice;

/* The modifiers a head takes: "the voting age", not "the election age". */
static int mod_fits(const tf_TkNoun *head, const tf_TkNoun *mod)
{
    static const char *const FIT[][2] = {
        {"period", "registration voting application admission election"},
        {"fee", "registration application admission license visa citizenship"},
        {"age", "voting admission"},
    };
    for (size_t i = 0; i < sizeof FIT / sizeof FIT[0]; i++)
        if (!strcmp(head->sg, FIT[i][0])) return strstr(FIT[i][1], mod->sg) != NULL;
    return 1;
}

/* The adjective and degree of "making X …" for a head (NULL: "life"): more (85 %) or less. */
static void pick_compl(tf_TkRng *r, tf_TkCompl *c, const tf_TkNoun *head)
{
    do c->adj = tf_tk_pick_adj(r, TK_ADJ_PROC, head ? head->f : TK_TASK, 0);
    while (!head && c->adj->caus[0]); /* "making life more difficult", not "… more strict" */
    c->deg = tf_tk_pct(r, 15) ? TK_DEG_LESS : TK_DEG_MORE;
    if (c->adj->use & TK_ADJ_CMP) c->deg = TK_DEG_NONE;
    else if (!tf_tk_compl_ok(c->adj, c->deg)) c->deg = TK_DEG_MORE;
}

static void pick_figure3(tf_TkRng *r, DChoice *c)
{
    memset(c, 0, sizeof *c);
    c->cleft = tf_tk_pct(r, 50) ? tf_tk_rnd(r, 2) : -1;
    static const int QW[] = {35, 25, 15, 10, 15};
    c->quant = tf_tk_weighted(r, QW, 5);
    c->inst = c->quant == Q_THE ? tf_tk_noun("government")
                                : tf_tk_pick_noun(r, TK_INST, 0, 0, NULL);
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
    c->nat = tf_tk_pct(r, 70) ? nats[tf_tk_rnd(r, n_nats)] : -1;
    c->verb = &tf_tk_dverbs[tf_tk_rnd(r, tf_tk_n_dverbs)];
    static const int TW[] = {20, 35, 15, 10, 10, 10};
    c->time = tf_tk_weighted(r, TW, 6);
    static const int VT_OF[] = {-1, DV_PERF, DV_PAST, DV_PAST, DV_PRES, DV_FUT};
    static const int VW[] = {30, 30, 10, 30};
    c->vt = c->time == DT_NONE ? tf_tk_weighted(r, VW, 4) : VT_OF[c->time];
    c->year = tf_tk_rnd(r, tf_tk_n_years);
    c->law = tf_tk_pick_noun(r, TK_LAW, 0, 0, NULL);
    c->law_pl = tf_tk_pct(r, 80);
    int k = tf_tk_rnd(r, 100);
    const tf_TkAdj *first = tf_tk_pick_adj(r, TK_ADJ_LAW, 0, 0);
    if (k < 55) c->law_adj[c->n_law_adj++] = tf_tk_adj("new");
    else if (k < 75) {
        c->law_adj[c->n_law_adj++] = first;
        c->law_adj[c->n_law_adj++] = tf_tk_adj("new");
    } else if (k < 90) {
        c->law_adj[c->n_law_adj++] = first;
    }
    if (!tf_tk_pct(r, 10)) {
        static const int HW[] = {65, 35}; /* a process, system … or a period, fee, age */
        c->head = tf_tk_pick_noun(r, 0, tf_tk_weighted(r, HW, 2) ? TK_PERIOD | TK_FEE : TK_PHEAD,
                                  0, NULL);
        static const int MW[] = {5, 20, 75}; /* one modifier or "X or Y", in both orders */
        c->n_mod = tf_tk_weighted(r, MW, 3);
        if (!c->n_mod && !(c->head->f & TK_PHEAD)) c->n_mod = 1; /* "the voting age" */
        for (int m = 0; m < c->n_mod; m++)
            do c->mod[m] = tf_tk_pick_noun(r, TK_PMOD, 0, 0, m ? c->mod[0] : NULL);
            while (!mod_fits(c->head, c->mod[m]));
    }
    if (tf_tk_pct(r, 30)) {
        c->benef = tf_tk_pick_noun(r, TK_BENEF, 0, 0, NULL);
        c->many = tf_tk_pct(r, 50);
    }
    pick_compl(r, &c->compl, c->head);
}

static void render_figure3(tf_TkBuild *b, const DChoice *c)
{
    b->cons = TF_CONS_FIGURE3;
    int i_this = -1, i_cl = -1, i_q = -1, i_nat = -1, i_inst, i_v, i_t = -1, i_y = -1, gov = -1;
    int i_ladj[2] = {-1, -1}, i_law, i_mod[2] = {-1, -1}, i_head;
    int i_many = -1, i_ben = -1;
    if (c->cleft >= 0) {
        tf_tk_en(b, "it");
        tf_tk_en(b, "is");
        tf_tk_en(b, c->cleft ? "for" : "in");
        i_this = tf_tk_en(b, "this");
        i_cl = tf_tk_en(b, c->cleft ? "reason" : "spirit");
        tf_tk_en(b, "that");
    }
    static const char *const Q[] = {"majority", "many", "some", "most"};
    if (c->quant == Q_MAJORITY) tf_tk_en(b, "a");
    if (c->quant == Q_THE) tf_tk_en(b, "the");
    else i_q = tf_tk_en(b, Q[c->quant]);
    if (c->quant == Q_MAJORITY) tf_tk_en(b, "of");
    if (c->nat >= 0) i_nat = tf_tk_en(b, tf_tk_nats[c->nat][0]);
    int plural = c->quant != Q_THE;
    i_inst = tf_tk_en(b, plural ? c->inst->pl : c->inst->sg);
    switch (c->vt) {
    case DV_PERF: tf_tk_en(b, plural ? "have" : "has"); i_v = tf_tk_en(b, c->verb->ppart); break;
    case DV_PAST: i_v = tf_tk_en(b, c->verb->past); break;
    case DV_PRES: i_v = tf_tk_en(b, plural ? c->verb->base : c->verb->s3); break;
    default: tf_tk_en(b, "will"); i_v = tf_tk_en(b, c->verb->base); break;
    }
    const char *law = c->law_pl ? c->law->pl : c->law->sg;
    if (!c->law_pl) tf_tk_en(b, tf_tk_article(c->n_law_adj ? c->law_adj[0]->en : law));
    for (int k = 0; k < c->n_law_adj; k++) i_ladj[k] = tf_tk_en(b, c->law_adj[k]->en);
    i_law = tf_tk_en(b, law);
    switch (c->time) {
    case DT_SINCE: gov = i_t = tf_tk_en(b, "since"); i_y = tf_tk_en(b, tf_tk_years[c->year]); break;
    case DT_IN: tf_tk_en(b, "in"); gov = i_y = tf_tk_en(b, tf_tk_years[c->year]); break;
    case DT_LAST: gov = i_t = tf_tk_en(b, "last"); tf_tk_en(b, "year"); break;
    case DT_EVERY: gov = i_t = tf_tk_en(b, "every"); tf_tk_en(b, "year"); break;
    case DT_NEXT: gov = i_t = tf_tk_en(b, "next"); tf_tk_en(b, "year"); break;
    default: break;
    }
    int i_make = tf_tk_en(b, "making");
    if (c->head) {
        tf_tk_en(b, "the");
        for (int m = 0; m < c->n_mod; m++) {
            if (m) tf_tk_en(b, "or");
            i_mod[m] = tf_tk_en(b, c->mod[m]->sg);
        }
        i_head = tf_tk_en(b, c->head->sg);
    } else {
        i_head = tf_tk_en(b, "life");
    }
    tf_TkCompl cp = c->compl;
    tf_tk_en_compl(b, &cp);
    b->making = i_make;
    b->compl_first = cp.i_deg >= 0 ? cp.i_deg : cp.i_adj;
    b->compl_last = cp.i_adj;
    if (c->benef) {
        tf_tk_en(b, "for");
        if (c->many) i_many = tf_tk_en(b, "many");
        i_ben = tf_tk_en(b, c->benef->pl);
    }
    tf_tk_en(b, ".");

    if (c->cleft >= 0) { /* "it is … that" is emphasis: 바로 */
        tf_tk_ko(b, "바로", -1, 0);
        tf_tk_ko(b, "이", i_this, 0);
        tf_tk_ko(b, c->cleft ? "이유" : "정신", i_cl, 0);
        tf_tk_particle(b, TK_PT_INSTR);
    }
    if (c->quant == Q_MANY) tf_tk_ko(b, "많은", i_q, 0);
    if (c->quant == Q_SOME) tf_tk_ko(b, "일부", i_q, 0);
    if (c->quant == Q_MOST) {
        tf_tk_ko(b, "대부분", i_q, 0);
        tf_tk_ko(b, "의", -1, 1);
    }
    if (c->nat >= 0) tf_tk_ko(b, tf_tk_nats[c->nat][1], i_nat, 0);
    tf_tk_ko_noun(b, c->inst, i_inst);
    if (c->quant == Q_MAJORITY) { /* 미국 정부 의 과반수 */
        tf_tk_ko(b, "의", -1, 1);
        tf_tk_ko(b, "과반수", i_q, 0);
    }
    tf_tk_particle(b, TK_PT_SUBJ);
    switch (c->time) {
    case DT_SINCE:
        tf_tk_ko(b, tf_tk_years[c->year], i_y, 0);
        tf_tk_ko(b, "년", -1, 1);
        tf_tk_ko(b, "이후", i_t, 0);
        break;
    case DT_IN:
        tf_tk_ko(b, tf_tk_years[c->year], i_y, 0);
        tf_tk_ko(b, "년", -1, 1);
        tf_tk_ko(b, "에", -1, 1);
        break;
    case DT_LAST: tf_tk_ko(b, "작년", i_t, 0); tf_tk_ko(b, "에", -1, 1); break;
    case DT_EVERY: tf_tk_ko(b, "매년", i_t, 0); break;
    case DT_NEXT: tf_tk_ko(b, "내년", i_t, 0); tf_tk_ko(b, "에", -1, 1); break;
    default: break;
    }
    for (int k = 0; k < c->n_law_adj; k++) tf_tk_ko_form(b, &c->law_adj[k]->attr, i_ladj[k]);
    tf_tk_ko_noun(b, c->law, i_law);
    tf_tk_particle(b, TK_PT_OBJ);
    tf_tk_ko_form(b, &c->verb->conn, i_v);
    if (c->benef) {
        if (c->many) tf_tk_ko(b, "많은", i_many, 0);
        tf_tk_ko_noun(b, c->benef, i_ben);
        tf_tk_ko(b, "들", -1, 1);
        tf_tk_ko(b, "에게", -1, 1);
    }
    if (c->head) {
        for (int m = 0; m < c->n_mod; m++) {
            if (m) tf_tk_particle(b, TK_PT_OR);
            tf_tk_ko_noun(b, c->mod[m], i_mod[m]);
        }
        tf_tk_ko_noun(b, c->head, i_head);
    } else {
        tf_tk_ko(b, "삶", i_head, 0);
    }
    tf_tk_particle(b, TK_PT_OBJ);
    int kt = c->vt == DV_PRES ? TK_PRES : c->vt == DV_FUT ? TK_FUT : TK_PAST;
    tf_tk_ko_make(b, &cp, 0, kt, i_make);
    tf_tk_ko(b, ".", -1, 1);

    if (gov >= 0) tf_tk_dep(b, i_make, gov, TF_DEP_TENSE);
}

void tf_tk_gen_figure3(tf_TkRng *r, tf_TkBuild *b)
{
    DChoice c;
    pick_figure3(r, &c);
    render_figure3(b, &c);
}

void tf_tk_figure3(tf_TkBuild *b)
{
    tf_tk_reset(b);
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
    c.compl.deg = TK_DEG_MORE;
    c.compl.adj = tf_tk_adj("difficult");
    render_figure3(b, &c);
}

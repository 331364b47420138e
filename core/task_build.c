/* task_build.c — the tools every construction of the task's grammar writes with: random
 * choices, writing an English or a Korean token with its alignment, particles chosen by the final
 * consonant of the word before, and picking words from the lexicon by their flags. Not the
 * grammar (task_grammar.c, task_figure3.c) and not the words (task_lexicon.c). */
#include <string.h>

#include "task_internal.h"
#include "utf8.h"

int tf_tk_rnd(tf_TkRng *r, int n)
{
    return (int)(tf_tk_rng_next(r) % (uint64_t)n);
}

int tf_tk_pct(tf_TkRng *r, int p)
{
    return tf_tk_rnd(r, 100) < p;
}

int tf_tk_weighted(tf_TkRng *r, const int *w, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) sum += w[i];
    int x = tf_tk_rnd(r, sum);
    for (int i = 0; i < n; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    TF_ASSERT(!"weights sum");
    return 0;
}

/* ---- writing tokens ---- */

void tf_tk_reset(tf_TkBuild *b)
{
    b->n_src = b->n_tgt = b->n_deps = 0;
    b->making = b->compl_first = b->compl_last = -1;
}

int tf_tk_en(tf_TkBuild *b, const char *w)
{
    TF_ASSERT(b->n_src < TK_MAX_SRC);
    b->src[b->n_src] = w;
    return b->n_src++;
}

void tf_tk_ko(tf_TkBuild *b, const char *t, int align, int glue)
{
    TF_ASSERT(b->n_tgt < TK_MAX_TGT);
    b->tgt[b->n_tgt] = t;
    b->align[b->n_tgt] = align;
    b->glue[b->n_tgt] = (unsigned char)glue;
    b->n_tgt++;
}

/* The first token is the word (aligned), the rest are endings joined to it; 것이다 stands apart
 * ("읽을 것이다"). */
void tf_tk_ko_form(tf_TkBuild *b, const tf_TkKo *f, int align)
{
    TF_ASSERT(f->t[0]);
    tf_tk_ko(b, f->t[0], align, 0);
    for (int k = 1; k < TK_KO_MAX && f->t[k]; k++)
        tf_tk_ko(b, f->t[k], -1, strcmp(f->t[k], "것이다") != 0);
}

void tf_tk_dep(tf_TkBuild *b, int dependent, int governor, tf_DepKind kind)
{
    TF_ASSERT(b->n_deps < TK_MAX_DEPS && dependent >= 0 && governor >= 0);
    b->deps[b->n_deps][0] = dependent;
    b->deps[b->n_deps][1] = governor;
    b->dep_kind[b->n_deps] = (unsigned char)kind;
    b->n_deps++;
}

int tf_tk_en_degree(tf_TkBuild *b, int deg)
{
    static const char *const W[] = {NULL, "more", "less", "very"};
    return deg == TK_DEG_NONE ? -1 : tf_tk_en(b, W[deg]);
}

void tf_tk_ko_degree(tf_TkBuild *b, int deg, int i)
{
    static const char *const W[] = {NULL, "더", "덜", "매우"};
    if (deg != TK_DEG_NONE) tf_tk_ko(b, W[deg], i, 0);
}

/* ---- particles: the form depends on whether the word before ends in a consonant ---- */

/* The final consonant (jongseong) of the last syllable: 0 none, 8 ㄹ, … */
int tf_tk_final_consonant(const char *tok)
{
    uint32_t cp;
    tf_utf8_decode(tok + tf_utf8_prev(tok, strlen(tok)), &cp);
    TF_ASSERT(cp >= 0xAC00 && cp <= 0xD7A3);
    return (int)((cp - 0xAC00) % 28);
}

void tf_tk_particle(tf_TkBuild *b, int kind)
{
    int j = tf_tk_final_consonant(b->tgt[b->n_tgt - 1]);
    static const char *const FORMS[][2] = {
        {"가", "이"}, {"를", "을"}, {"는", "은"}, {"와", "과"}, {"나", "이나"}, {"로", "으로"},
    };
    int consonant = kind == TK_PT_INSTR ? (j != 0 && j != 8) : j != 0; /* ㄹ takes 로 */
    tf_tk_ko(b, FORMS[kind][consonant], -1, 1);
}

/* ---- choosing words ---- */

const tf_TkNoun *tf_tk_pick_noun(tf_TkRng *r, uint64_t all, uint64_t any, uint64_t none,
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
    return c[tf_tk_rnd(r, n)];
}

int tf_tk_count_nouns(uint64_t any)
{
    int n = 0;
    for (int i = 0; i < tf_tk_n_nouns; i++) n += (tf_tk_nouns[i].f & any) != 0;
    return n;
}

/* An adjective of the given use that may be said of nouns with flags m1 (and m2, when not 0);
 * NULL when none fits. */
const tf_TkAdj *tf_tk_pick_adj(tf_TkRng *r, unsigned use, uint64_t m1, uint64_t m2)
{
    const tf_TkAdj *c[64];
    int n = 0;
    for (int i = 0; i < tf_tk_n_adjs; i++) {
        const tf_TkAdj *a = &tf_tk_adjs[i];
        if (!(a->use & use) || (m1 && !(a->pred_nouns & m1)) || (m2 && !(a->pred_nouns & m2)))
            continue;
        c[n++] = a;
    }
    return n ? c[tf_tk_rnd(r, n)] : NULL;
}

/* An adjective that may stand before a noun with flags f, or NULL. */
const tf_TkAdj *tf_tk_pick_attr(tf_TkRng *r, uint64_t f)
{
    const tf_TkAdj *c[64];
    int n = 0;
    for (int i = 0; i < tf_tk_n_adjs; i++)
        if (tf_tk_adjs[i].attr_nouns & f) c[n++] = &tf_tk_adjs[i];
    return n ? c[tf_tk_rnd(r, n)] : NULL;
}

const char *tf_tk_article(const char *next)
{
    char c = next[0];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o') return "an";
    if (c == 'u' && strncmp(next, "use", 3) && strncmp(next, "uni", 3)) return "an";
    return "a";
}

void tf_tk_ko_noun(tf_TkBuild *b, const tf_TkNoun *n, int i)
{
    for (int k = 0; k < TK_KO_MAX && n->ko.t[k]; k++) tf_tk_ko(b, n->ko.t[k], i, 0);
}

/* task.c — the task's public face: seeded drawing of the index-th pair of a split, the split a
 * sentence belongs to, the vocabulary lists and the pair's memory. The grammar itself is in
 * task_grammar.c (its phrases in task_phrase.c), task_figure3.c and task_figure4.c, the words in
 * task_lexicon.c. */
#include <stdlib.h>
#include <string.h>

#include "task_internal.h"

/* splitmix64: small, fast and the same on every platform, unlike rand() */
uint64_t tf_tk_rng_next(tf_TkRng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t x)
{
    tf_TkRng r = {x};
    return tf_tk_rng_next(&r);
}

/* The split depends on the sentence alone (FNV-1a of its tokens), never on the seed, so that
 * no seed can draw a test sentence for training. 90 / 5 / 5. */
tf_Split tf_task_split_of(const char *const *src, int n_src)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (int i = 0; i < n_src; i++) {
        for (const unsigned char *p = (const unsigned char *)src[i]; *p; p++) {
            h ^= *p;
            h *= 0x100000001B3ull;
        }
        h ^= ' ';
        h *= 0x100000001B3ull;
    }
    unsigned bucket = (unsigned)(mix64(h) % 100);
    return bucket < 90 ? TF_SPLIT_TRAIN : bucket < 95 ? TF_SPLIT_DEV : TF_SPLIT_TEST;
}

static void fill_pair(const tf_TkBuild *b, tf_Pair *p)
{
    size_t chars = 0;
    for (int i = 0; i < b->n_src; i++) chars += strlen(b->src[i]) + 1;
    for (int i = 0; i < b->n_tgt; i++) chars += strlen(b->tgt[i]) + 1;
    size_t n_ptr = (size_t)(b->n_src + b->n_tgt);
    size_t n_int = (size_t)b->n_tgt + 2 * (size_t)b->n_deps;
    size_t n_byte = 2 * (size_t)b->n_tgt + (size_t)b->n_deps;
    char *m = tf_xmalloc(n_ptr * sizeof(char *) + n_int * sizeof(int) + n_byte + chars);
    memset(p, 0, sizeof *p);
    p->block = m;
    p->n_src = b->n_src;
    p->n_tgt = b->n_tgt;
    p->n_deps = b->n_deps;
    p->construction = b->cons;
    p->making = b->making;
    p->compl_first = b->compl_first;
    p->compl_last = b->compl_last;
    p->src = (char **)m;
    p->tgt = p->src + b->n_src;
    p->align = (int *)(p->tgt + b->n_tgt);
    p->deps = (int(*)[2])(p->align + b->n_tgt);
    p->content = (unsigned char *)(p->deps + b->n_deps);
    p->glue = p->content + b->n_tgt;
    p->dep_kind = p->glue + b->n_tgt;
    char *s = (char *)(p->dep_kind + b->n_deps);
    for (int i = 0; i < b->n_src; i++) {
        size_t n = strlen(b->src[i]) + 1;
        p->src[i] = memcpy(s, b->src[i], n);
        s += n;
    }
    for (int i = 0; i < b->n_tgt; i++) {
        size_t n = strlen(b->tgt[i]) + 1;
        p->tgt[i] = memcpy(s, b->tgt[i], n);
        s += n;
        p->align[i] = b->align[i];
        p->content[i] = b->align[i] >= 0;
        p->glue[i] = b->glue[i];
    }
    for (int i = 0; i < b->n_deps; i++) {
        p->deps[i][0] = b->deps[i][0];
        p->deps[i][1] = b->deps[i][1];
        p->dep_kind[i] = b->dep_kind[i];
    }
}

void tf_task_pair(uint64_t seed, tf_Split split, uint64_t index, tf_Pair *out)
{
    TF_ASSERT(split >= 0 && split < TF_SPLIT_COUNT);
    tf_TkRng r = {mix64(mix64(seed ^ 0x7466736370655F31ull) + index) ^
                  ((uint64_t)split + 1) * 0xD1B54A32D192ED03ull};
    tf_TkBuild b;
    do tf_tk_generate(&r, &b); /* rejection: about 1.1 draws for train, 20 for dev and test */
    while (tf_task_split_of(b.src, b.n_src) != split);
    fill_pair(&b, out);
}

void tf_task_figure3(tf_Pair *out)
{
    tf_TkBuild b;
    tf_tk_figure3(&b);
    fill_pair(&b, out);
}

void tf_task_figure4(tf_Pair *out)
{
    tf_TkBuild b;
    tf_tk_figure4(&b);
    fill_pair(&b, out);
}

void tf_pair_free(tf_Pair *p)
{
    free(p->block);
    memset(p, 0, sizeof *p);
}

/* ---- vocabularies ---- */

typedef struct {
    const char **t;
    int n, cap;
} List;

static void add(List *l, const char *s)
{
    if (!s) return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 512;
        const char **t = tf_xmalloc((size_t)l->cap * sizeof *t);
        if (l->n) memcpy(t, l->t, (size_t)l->n * sizeof *t);
        free(l->t);
        l->t = t;
    }
    l->t[l->n++] = s;
}

static void add_ko(List *l, const tf_TkKo *f)
{
    for (int k = 0; k < TK_KO_MAX && f->t[k]; k++) add(l, f->t[k]);
}

/* The four English forms of a verb: base, -s, past, and -ing or the past participle. */
static void add_en_verb(List *l, const char *base, const char *s3, const char *past,
                        const char *part)
{
    add(l, base);
    add(l, s3);
    add(l, past);
    add(l, part);
}

static void add_ko_verb(List *l, const tf_TkVerb *v)
{
    for (int h = 0; h < 2; h++)
        for (int t = 0; t < TK_TENSES; t++) add_ko(l, &v->fin[h][t]);
    add_ko(l, &v->stem);
    add_ko(l, &v->hstem);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int finish(List *l, const char ***tokens)
{
    qsort(l->t, (size_t)l->n, sizeof *l->t, cmp_str);
    int n = 0;
    for (int i = 0; i < l->n; i++)
        if (!n || strcmp(l->t[n - 1], l->t[i])) l->t[n++] = l->t[i];
    *tokens = l->t;
    return n;
}

int tf_task_src_vocab(const char ***tokens)
{
    List l = {0};
    for (int i = 0; i < tf_tk_n_nouns; i++) {
        if (tf_tk_nouns[i].f != TK_BENEF) add(&l, tf_tk_nouns[i].sg); /* "for voters" only */
        add(&l, tf_tk_nouns[i].pl);
    }
    for (int i = 0; i < tf_tk_n_verbs; i++) {
        const tf_TkVerb *v = &tf_tk_verbs[i];
        add_en_verb(&l, v->base, v->s3, v->past, v->ing);
    }
    for (int i = 0; i < tf_tk_n_adjs; i++) add(&l, tf_tk_adjs[i].en);
    for (int i = 0; i < tf_tk_n_times; i++) {
        add(&l, tf_tk_times[i].en[0]);
        add(&l, tf_tk_times[i].en[1]);
    }
    for (int i = 0; i < tf_tk_n_putlocs; i++) {
        add(&l, tf_tk_putlocs[i].prep[0]);
        add(&l, tf_tk_putlocs[i].prep[1]);
        add(&l, tf_tk_putlocs[i].noun);
    }
    for (int i = 0; i < tf_tk_n_locs; i++) {
        add(&l, tf_tk_locs[i].prep);
        add(&l, tf_tk_locs[i].noun);
    }
    for (int i = 0; i < tf_tk_n_dverbs; i++) {
        const tf_TkDVerb *v = &tf_tk_dverbs[i];
        add_en_verb(&l, v->base, v->s3, v->past, v->ppart);
    }
    for (int i = 0; i < tf_tk_n_nats; i++) add(&l, tf_tk_nats[i][0]);
    for (int i = 0; i < tf_tk_n_years; i++) add(&l, tf_tk_years[i]);
    for (int i = 0; i < tf_tk_n_poss; i++) add(&l, tf_tk_poss[i].en);
    for (int i = 0; i < tf_tk_n_ana_adjs; i++) add(&l, tf_tk_ana_adjs[i].en);
    for (int i = 0; i < tf_tk_n_ana_verbs; i++) add(&l, tf_tk_ana_verbs[i].past);
    for (int i = 0; i < tf_tk_n_src_words; i++) add(&l, tf_tk_src_words[i]);
    add(&l, tf_tk_make.s3);
    return finish(&l, tokens);
}

int tf_task_tgt_vocab(const char ***tokens)
{
    List l = {0};
    for (int i = 0; i < tf_tk_n_nouns; i++) add_ko(&l, &tf_tk_nouns[i].ko);
    for (int i = 0; i < tf_tk_n_verbs; i++) add_ko_verb(&l, &tf_tk_verbs[i]);
    add_ko_verb(&l, &tf_tk_make);
    add_ko_verb(&l, &tf_tk_not);
    for (int i = 0; i < tf_tk_n_caus; i++) add_ko_verb(&l, &tf_tk_caus[i]);
    for (int i = 0; i < tf_tk_n_adjs; i++) {
        const tf_TkAdj *a = &tf_tk_adjs[i];
        if (a->use & TK_ADJ_PRED)
            for (int t = 0; t < TK_TENSES; t++) add_ko(&l, &a->pred[t]);
        if (a->use & (TK_ADJ_PRED | TK_ADJ_PROC)) add_ko(&l, &a->adv);
        if (a->attr_nouns || (a->use & TK_ADJ_LAW)) add_ko(&l, &a->attr);
    }
    for (int i = 0; i < tf_tk_n_times; i++) {
        add(&l, tf_tk_times[i].ko[0]);
        add(&l, tf_tk_times[i].ko[1]);
    }
    for (int i = 0; i < tf_tk_n_putlocs; i++) {
        add(&l, tf_tk_putlocs[i].ko_noun);
        add(&l, tf_tk_putlocs[i].ko_rel);
    }
    for (int i = 0; i < tf_tk_n_locs; i++) add(&l, tf_tk_locs[i].ko);
    for (int i = 0; i < tf_tk_n_dverbs; i++) add_ko(&l, &tf_tk_dverbs[i].conn);
    for (int i = 0; i < tf_tk_n_nats; i++) add(&l, tf_tk_nats[i][1]);
    for (int i = 0; i < tf_tk_n_years; i++) add(&l, tf_tk_years[i]);
    for (int i = 0; i < tf_tk_n_poss; i++) add(&l, tf_tk_poss[i].ko);
    for (int i = 0; i < tf_tk_n_ana_adjs; i++) add(&l, tf_tk_ana_adjs[i].ko);
    for (int i = 0; i < tf_tk_n_ana_verbs; i++) add_ko(&l, &tf_tk_ana_verbs[i].ko);
    for (int i = 0; i < tf_tk_n_tgt_words; i++) add(&l, tf_tk_tgt_words[i]);
    return finish(&l, tokens);
}

/* ---- text ---- */

static char *join(char *const *t, int n, const unsigned char *glue)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(t[i]) + 1;
    char *s = tf_xmalloc(len), *w = s;
    for (int i = 0; i < n; i++) {
        if (i && !(glue && glue[i])) *w++ = ' ';
        size_t k = strlen(t[i]);
        memcpy(w, t[i], k);
        w += k;
    }
    *w = 0;
    return s;
}

char *tf_pair_src_text(const tf_Pair *p)
{
    return join(p->src, p->n_src, NULL);
}

char *tf_pair_tgt_text(const tf_Pair *p)
{
    return join(p->tgt, p->n_tgt, NULL);
}

char *tf_pair_korean_written(const tf_Pair *p)
{
    return join(p->tgt, p->n_tgt, p->glue);
}

/* ---- names ---- */

static const char *const SPLIT_NAMES[TF_SPLIT_COUNT] = {"train", "dev", "test"};
static const char *const DEP_NAMES[TF_DEP_COUNT] = {"adj-form", "tense", "honorific", "verb",
                                                   "anaphora"};
static const char *const CONS_NAMES[TF_CONS_COUNT] = {"clause", "compare", "make", "figure3",
                                                      "identity", "anaphora"};

const char *tf_split_name(tf_Split s)
{
    return s >= 0 && s < TF_SPLIT_COUNT ? SPLIT_NAMES[s] : "?";
}

tf_Status tf_split_parse(const char *name, tf_Split *out, tf_Err *err)
{
    for (int i = 0; i < TF_SPLIT_COUNT; i++)
        if (!strcmp(name, SPLIT_NAMES[i])) {
            *out = (tf_Split)i;
            return TF_OK;
        }
    return tf_fail(err, TF_ERR_INPUT, "unknown split '%s' (train, dev or test)", name);
}

const char *tf_dep_kind_name(tf_DepKind k)
{
    return k >= 0 && k < TF_DEP_COUNT ? DEP_NAMES[k] : "?";
}

const char *tf_construction_name(tf_Construction c)
{
    return c >= 0 && c < TF_CONS_COUNT ? CONS_NAMES[c] : "?";
}

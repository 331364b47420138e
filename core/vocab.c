/* vocab.c — vocabularies (token <-> id) and the whitespace tokenizer with its one fallback:
 * lower-case ASCII and split leading/trailing punctuation off a word the vocabulary lacks.
 * Not a subword tokenizer and not Unicode case folding (Hangul has no case). */
#include "vocab.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_in.h"

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;  /* FNV-1a */
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

int tf_vocab_find(const tf_Vocab *v, const char *tok)
{
    if (!v->cap) return -1;
    for (uint32_t i = hash_str(tok) & (uint32_t)(v->cap - 1);; i = (i + 1) & (uint32_t)(v->cap - 1)) {
        int id = v->table[i];
        if (id < 0) return -1;
        if (!strcmp(v->tokens[id], tok)) return id;
    }
}

static const char *SPECIALS[4] = {"<pad>", "<unk>", "<bos>", "<eos>"};

tf_Status tf_vocab_from_list(tf_Vocab *v, const char *const *tokens, int n, const char *field,
                             tf_Err *err)
{
    memset(v, 0, sizeof *v);
    if (n <= 0) return tf_fail(err, TF_ERR_MODEL, "%s is empty", field);
    v->n = n;
    v->tokens = tf_xcalloc((size_t)n, sizeof *v->tokens);
    v->cap = 16;
    while (v->cap < 2 * n) v->cap *= 2;
    v->table = tf_xmalloc((size_t)v->cap * sizeof *v->table);
    for (int i = 0; i < v->cap; i++) v->table[i] = -1;
    for (int id = 0; id < n; id++) {
        v->tokens[id] = tf_xstrdup(tokens[id]);
        if (!tokens[id][0]) {
            tf_vocab_free(v);
            return tf_fail(err, TF_ERR_MODEL, "%s: token %d is the empty string", field, id);
        }
        if (tf_vocab_find(v, tokens[id]) >= 0) {
            tf_Status s = tf_fail(err, TF_ERR_MODEL, "%s: token '%s' appears twice", field,
                                  tokens[id]);
            tf_vocab_free(v);
            return s;
        }
        uint32_t i = hash_str(tokens[id]) & (uint32_t)(v->cap - 1);
        while (v->table[i] >= 0) i = (i + 1) & (uint32_t)(v->cap - 1);
        v->table[i] = id;
    }
    int *ids[4] = {&v->pad, &v->unk, &v->bos, &v->eos};
    for (int k = 0; k < 4; k++) {
        *ids[k] = tf_vocab_find(v, SPECIALS[k]);
        if (*ids[k] < 0) {
            tf_vocab_free(v);
            return tf_fail(err, TF_ERR_MODEL, "%s lacks the special token %s", field, SPECIALS[k]);
        }
    }
    return TF_OK;
}

tf_Status tf_vocab_from_json(tf_Vocab *v, const char *json, const char *field, tf_Err *err)
{
    memset(v, 0, sizeof *v);
    size_t len = strlen(json), values = tf_json_count_values(json, len);
    if (values > TF_MAX_JSON_VALUES)
        return tf_fail(err, TF_ERR_MODEL, "%s holds %zu JSON values; the limit is %u", field,
                       values, TF_MAX_JSON_VALUES);
    cJSON *arr = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return tf_fail(err, TF_ERR_MODEL, "%s is not a JSON array of strings", field);
    }
    int n = cJSON_GetArraySize(arr);
    const char **toks = tf_xcalloc((size_t)n, sizeof *toks);
    int i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (!cJSON_IsString(e)) {
            free(toks);
            cJSON_Delete(arr);
            return tf_fail(err, TF_ERR_MODEL, "%s: entry %d is not a string", field, i);
        }
        toks[i++] = e->valuestring;
    }
    tf_Status s = tf_vocab_from_list(v, toks, n, field, err);
    free(toks);
    cJSON_Delete(arr);
    return s;
}

void tf_vocab_copy(tf_Vocab *dst, const tf_Vocab *src)
{
    tf_Status s = tf_vocab_from_list(dst, (const char *const *)src->tokens, src->n, "vocab", NULL);
    TF_ASSERT(s == TF_OK);
}

char *tf_vocab_to_json(const tf_Vocab *v)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < v->n; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(v->tokens[i]));
    char *s = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    TF_ASSERT(s);
    return s;
}

void tf_vocab_free(tf_Vocab *v)
{
    if (v->tokens)
        for (int i = 0; i < v->n; i++) free(v->tokens[i]);
    free(v->tokens);
    free(v->table);
    memset(v, 0, sizeof *v);
}

/* ---- tokenizer ---- */

typedef struct {
    int *ids;
    int n, cap;
    char unknown[400];  /* the unknown words, quoted, comma separated */
    int n_unknown;
} Toks;

static void push(Toks *t, int id)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->ids = realloc(t->ids, (size_t)t->cap * sizeof *t->ids);
        TF_ASSERT(t->ids);
    }
    t->ids[t->n++] = id;
}

static void note_unknown(Toks *t, const char *w)
{
    size_t used = strlen(t->unknown);
    if (used + strlen(w) + 8 < sizeof t->unknown)
        snprintf(t->unknown + used, sizeof t->unknown - used, "%s'%s'", t->n_unknown ? ", " : "", w);
    else if (used + 6 < sizeof t->unknown && !strstr(t->unknown, ", ..."))
        strcat(t->unknown, ", ...");
    t->n_unknown++;
}

static int is_punct(char c) { return c > 0 && ispunct((unsigned char)c) && c != '<' && c != '>'; }

/* One whitespace-separated word: exact match, else lower-cased with punctuation split off. */
static void tokenize_word(const tf_Vocab *v, char *w, Toks *t)
{
    int id = tf_vocab_find(v, w);
    if (id >= 0) {
        push(t, id);
        return;
    }
    for (char *p = w; *p; p++) *p = (char)tolower((unsigned char)*p);
    char *start = w, *end = w + strlen(w);
    int lead = 0;
    while (start < end && is_punct(*start)) start++, lead++;
    char *core_end = end;
    while (core_end > start && is_punct(core_end[-1])) core_end--;
    for (int i = 0; i < lead; i++) {
        char p[2] = {w[i], 0};
        int pid = tf_vocab_find(v, p);
        if (pid < 0) note_unknown(t, p);
        else push(t, pid);
    }
    if (core_end > start) {
        char saved = *core_end;
        *core_end = 0;
        int cid = tf_vocab_find(v, start);
        if (cid < 0) note_unknown(t, start);
        else push(t, cid);
        *core_end = saved;
    }
    for (char *p = core_end; p < end; p++) {
        char s[2] = {*p, 0};
        int pid = tf_vocab_find(v, s);
        if (pid < 0) note_unknown(t, s);
        else push(t, pid);
    }
}

tf_Status tf_tokenize(const tf_Vocab *v, const char *text, int **ids, int *n, tf_Err *err)
{
    Toks t = {0};
    char *buf = tf_xstrdup(text);
    for (char *save = NULL, *w = strtok_r(buf, " \t\r\n\v\f", &save); w;
         w = strtok_r(NULL, " \t\r\n\v\f", &save))
        tokenize_word(v, w, &t);
    free(buf);
    if (t.n_unknown) {
        free(t.ids);
        return tf_fail(err, TF_ERR_INPUT, "%d unknown word%s: %s", t.n_unknown,
                       t.n_unknown > 1 ? "s" : "", t.unknown);
    }
    if (t.n == 0) {
        free(t.ids);
        return tf_fail(err, TF_ERR_INPUT, "the text is empty");
    }
    *ids = t.ids;
    *n = t.n;
    return TF_OK;
}

/* vocab.h — token vocabularies and the tokenizer. Text is split on whitespace; a word that is not
 * in the vocabulary is retried lower-cased with leading/trailing punctuation split off as tokens
 * of their own. Words still unknown are an error that names them. Not a subword tokenizer. */
#ifndef TF_VOCAB_H
#define TF_VOCAB_H

#include "tf_base.h"

typedef struct {
    char **tokens;   /* (V) */
    int n;
    int *table;      /* open-addressing hash of token -> id, size cap */
    int cap;
    int pad, unk, bos, eos;
} tf_Vocab;

/* Builds from a JSON array of strings (as stored in the model metadata). field names it in err. */
tf_Status tf_vocab_from_json(tf_Vocab *v, const char *json, const char *field, tf_Err *err);
tf_Status tf_vocab_from_list(tf_Vocab *v, const char *const *tokens, int n, const char *field,
                             tf_Err *err);
void tf_vocab_copy(tf_Vocab *dst, const tf_Vocab *src);
char *tf_vocab_to_json(const tf_Vocab *v);  /* malloc'd */
void tf_vocab_free(tf_Vocab *v);
int tf_vocab_find(const tf_Vocab *v, const char *tok);  /* -1 if absent */

/* Tokenizes text into ids (malloc'd *ids, *n). On unknown words returns TF_ERR_INPUT and lists
 * them in err. Empty text gives TF_ERR_INPUT too. */
tf_Status tf_tokenize(const tf_Vocab *v, const char *text, int **ids, int *n, tf_Err *err);

#endif

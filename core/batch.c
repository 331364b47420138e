/* batch.c — training batches of similar-length sentences from the task. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

void tf_task_vocabs(tf_Vocab *src, tf_Vocab *tgt)
{
    static const char *SPECIALS[4] = {"<pad>", "<unk>", "<bos>", "<eos>"};
    const char **toks;
    for (int side = 0; side < 2; side++) {
        int n = side ? tf_task_tgt_vocab(&toks) : tf_task_src_vocab(&toks);
        const char **all = tf_xmalloc((size_t)(n + 4) * sizeof *all);
        memcpy(all, SPECIALS, sizeof SPECIALS);
        memcpy(all + 4, toks, (size_t)n * sizeof *toks);
        tf_Status s = tf_vocab_from_list(side ? tgt : src, all, n + 4, side ? "tgt_vocab" : "src_vocab",
                                         NULL);
        TF_ASSERT(s == TF_OK);
        free(all);
        free(toks);
    }
}

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

typedef struct {
    int n_src, n_tgt, index;
} Key;

static int cmp_key(const void *a, const void *b)
{
    const Key *x = a, *y = b;
    if (x->n_src != y->n_src) return x->n_src - y->n_src;
    if (x->n_tgt != y->n_tgt) return x->n_tgt - y->n_tgt;
    return x->index - y->index;
}

/* Which pair indices (within the chunk's range) form batch j of chunk c, in order. */
static void chunk_batch(uint64_t seed, uint64_t c, int j, int size, uint64_t *idx)
{
    int n = TF_BATCHES_PER_CHUNK * size;
    Key *keys = tf_xmalloc((size_t)n * sizeof *keys);
    uint64_t base = c * (uint64_t)n;
    for (int i = 0; i < n; i++) {
        tf_Pair p;
        tf_task_pair(seed, TF_SPLIT_TRAIN, base + (uint64_t)i, &p);
        keys[i] = (Key){p.n_src, p.n_tgt, i};
        tf_pair_free(&p);
    }
    qsort(keys, (size_t)n, sizeof *keys, cmp_key);
    /* batch order within the chunk: a permutation fixed by (seed, c) */
    int order[TF_BATCHES_PER_CHUNK];
    for (int i = 0; i < TF_BATCHES_PER_CHUNK; i++) order[i] = i;
    uint64_t r = mix(seed ^ (c * 0x2545f4914f6cdd1dull));
    for (int i = TF_BATCHES_PER_CHUNK - 1; i > 0; i--) {
        r = mix(r);
        int k = (int)(r % (uint64_t)(i + 1)), t = order[i];
        order[i] = order[k];
        order[k] = t;
    }
    for (int i = 0; i < size; i++) idx[i] = base + (uint64_t)keys[order[j] * size + i].index;
    free(keys);
}

/* For each source position, the first target token aligned to it (ids y), or −1. */
static void src_targets(int *out, const tf_Pair *p, const int *y, int S)
{
    for (int s = 0; s < S; s++) out[s] = -1;
    for (int t = 0; t < p->n_tgt; t++)
        if (p->align[t] >= 0 && out[p->align[t]] < 0) out[p->align[t]] = y[t];
}

void tf_task_batch(const tf_Model *m, uint64_t seed, uint64_t k, int size, tf_TrainBatch *out)
{
    memset(out, 0, sizeof *out);
    uint64_t *idx = tf_xmalloc((size_t)size * sizeof *idx);
    chunk_batch(seed, k / TF_BATCHES_PER_CHUNK, (int)(k % TF_BATCHES_PER_CHUNK), size, idx);
    tf_Pair *pairs = tf_xcalloc((size_t)size, sizeof *pairs);
    int S = 1, T = 1;
    for (int i = 0; i < size; i++) {
        tf_task_pair(seed, TF_SPLIT_TRAIN, idx[i], &pairs[i]);
        S = pairs[i].n_src > S ? pairs[i].n_src : S;
        T = pairs[i].n_tgt + 1 > T ? pairs[i].n_tgt + 1 : T;
    }
    out->src = tf_xmalloc((size_t)size * S * sizeof(int));
    out->tgt_in = tf_xmalloc((size_t)size * T * sizeof(int));
    out->tgt_out = tf_xmalloc((size_t)size * T * sizeof(int));
    out->src_len = tf_xmalloc((size_t)size * sizeof(int));
    out->tgt_len = tf_xmalloc((size_t)size * sizeof(int));
    out->src_target = tf_xmalloc((size_t)size * S * sizeof(int));
    for (int i = 0; i < size; i++) {
        const tf_Pair *p = &pairs[i];
        for (int s = 0; s < S; s++) {
            int id = s < p->n_src ? tf_vocab_find(&m->src_vocab, p->src[s]) : m->src_vocab.pad;
            out->src[(size_t)i * S + s] = id < 0 ? m->src_vocab.unk : id;
        }
        for (int t = 0; t < T; t++) {
            int y = t < p->n_tgt ? tf_vocab_find(&m->tgt_vocab, p->tgt[t]) : m->tgt_vocab.eos;
            y = y < 0 ? m->tgt_vocab.unk : y;
            out->tgt_in[(size_t)i * T + t] = t == 0 ? m->tgt_vocab.bos
                                           : t <= p->n_tgt ? out->tgt_out[(size_t)i * T + t - 1]
                                                           : m->tgt_vocab.pad;
            out->tgt_out[(size_t)i * T + t] = t <= p->n_tgt ? y : -1;
        }
        src_targets(out->src_target + (size_t)i * S, p, out->tgt_out + (size_t)i * T, S);
        out->src_len[i] = p->n_src;
        out->tgt_len[i] = p->n_tgt + 1;
        out->n_tokens += p->n_tgt + 1;
        tf_pair_free(&pairs[i]);
    }
    free(pairs);
    free(idx);
    out->b = (tf_Batch){.B = size, .S = S, .T = T, .src = out->src, .tgt = out->tgt_in,
                        .src_len = out->src_len, .tgt_len = out->tgt_len,
                        .src_target = out->src_target};
}

void tf_train_batch_free(tf_TrainBatch *b)
{
    free(b->src);
    free(b->tgt_in);
    free(b->tgt_out);
    free(b->src_len);
    free(b->tgt_len);
    free(b->src_target);
    memset(b, 0, sizeof *b);
}

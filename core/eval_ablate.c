/* eval_ablate.c — which heads matter: the task's exact match and BLEU with each attention head
 * ablated in turn (tf_eval_ablate_each in eval.h). Each head is one task on the pool: it decodes
 * every pair with that head off and keeps its own tallies, so the numbers are the same for any
 * number of threads. Not the attention scores of eval.c. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

typedef struct {
    const tf_Model *m;
    int n, beam;
    int **src, **tgt;     /* (n) ids of each pair, NULL when the pair is left out */
    const tf_Pair *pairs; /* (n) */
    tf_AblateResult *out;
    atomic_int done;
    void (*progress)(int done, int n, void *user);
    void *user;
} Job;

/* Task 0: nothing ablated; task 1 + i: head i. */
static void head_task(void *ctx, int task)
{
    Job *j = ctx;
    tf_Interv *iv = tf_xcalloc(1, sizeof *iv);
    if (task > 0) {
        const tf_Head *h = &j->out->heads[task - 1];
        tf_interv_set_head(iv, h->kind, h->layer, h->head, true);
    }
    tf_Bleu bleu = {0};
    long long exact = 0;
    for (int i = 0; i < j->n; i++) {
        if (!j->src[i]) continue;
        int *hyp, n = j->pairs[i].n_tgt;
        int nh = tf_eval_decode(j->m, iv, j->src[i], j->pairs[i].n_src, j->beam, &hyp);
        tf_bleu_add(&bleu, hyp, nh, j->tgt[i] + 1, n);
        exact += nh == n && !memcmp(hyp, j->tgt[i] + 1, (size_t)n * sizeof *hyp);
        free(hyp);
    }
    double b = tf_bleu_score(&bleu), e = (double)exact / (double)j->out->n_pairs;
    if (task == 0) {
        j->out->bleu = b;
        j->out->exact = e;
    } else {
        j->out->head_bleu[task - 1] = b;
        j->out->head_exact[task - 1] = e;
    }
    free(iv);
    int done = atomic_fetch_add(&j->done, 1) + 1;
    if (j->progress) j->progress(done, j->out->n_heads + 1, j->user);
}

tf_Status tf_eval_ablate_each(const tf_Model *m, uint64_t seed, tf_Split split, int n, int beam,
                              tf_Pool *pool, void (*progress)(int done, int n, void *user),
                              void *user, tf_AblateResult *out, tf_Err *err)
{
    memset(out, 0, sizeof *out);
    if (n < 1) return tf_fail(err, TF_ERR_INPUT, "the number of pairs must be at least 1");
    const tf_Config *c = &m->cfg;
    tf_Pair *pairs = tf_xcalloc((size_t)n, sizeof *pairs);
    Job j = {m, n, beam, tf_xcalloc((size_t)n, sizeof(int *)), tf_xcalloc((size_t)n, sizeof(int *)),
             pairs, out, 0, progress, user};
    for (int i = 0; i < n; i++) {
        tf_task_pair(seed, split, (uint64_t)i, &pairs[i]);
        out->n_pairs += tf_eval_pair_ids(m, &pairs[i], &j.src[i], &j.tgt[i]);
    }
    tf_Status s = TF_OK;
    if (out->n_pairs == 0) {
        s = tf_fail(err, TF_ERR_MODEL, "none of the %d pairs fits the model's vocabularies: is "
                    "it a model of this task?", n);
    } else {
        static const tf_AttnKind KINDS[3] = {TF_ATTN_ENC, TF_ATTN_DEC, TF_ATTN_CROSS};
        out->n_heads = (c->n_enc + 2 * c->n_dec) * c->nhead;
        out->heads = tf_xmalloc((size_t)out->n_heads * sizeof *out->heads);
        out->head_bleu = tf_xcalloc((size_t)out->n_heads, sizeof *out->head_bleu);
        out->head_exact = tf_xcalloc((size_t)out->n_heads, sizeof *out->head_exact);
        int k = 0;
        for (int a = 0; a < 3; a++)
            for (int l = 0; l < (KINDS[a] == TF_ATTN_ENC ? c->n_enc : c->n_dec); l++)
                for (int h = 0; h < c->nhead; h++) out->heads[k++] = (tf_Head){KINDS[a], l, h};
        tf_pool_run(pool, head_task, &j, out->n_heads + 1);
    }
    for (int i = 0; i < n; i++) {
        free(j.src[i]), free(j.tgt[i]);
        tf_pair_free(&pairs[i]);
    }
    free(j.src), free(j.tgt), free(pairs);
    return s;
}

void tf_ablate_free(tf_AblateResult *r)
{
    free(r->heads), free(r->head_bleu), free(r->head_exact);
    memset(r, 0, sizeof *r);
}

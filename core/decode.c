/* decode.c — greedy decoding, one new position at a time. The decoder's buffers are declared for
 * every position up to the length limit; each step computes one more row, reading the keys and
 * values of earlier rows from those buffers (the cache). Because each row is computed by the same
 * code as in the teacher-forced pass, the two agree bit for bit. Beam search is not here yet. */
#include <stdlib.h>
#include <string.h>

#include "forward_internal.h"

static int argmax(const float *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

int tf_greedy_decode(const tf_Model *m, const int *src, int S, int max_out, int **out,
                     float **step_logits)
{
    const tf_Config *c = &m->cfg;
    int T = max_out < c->max_len ? max_out : c->max_len;  /* decoder positions */
    TF_ASSERT(T >= 1 && S >= 1 && S <= c->max_len);
    int *ids = tf_xcalloc((size_t)T, sizeof *ids);
    int *res = tf_xcalloc((size_t)T, sizeof *res);
    float *logits_out = step_logits ? tf_xmalloc((size_t)T * c->tgt_vocab * sizeof(float)) : NULL;
    tf_Trace tr;
    /* rows past the last decoded position are never read: nothing is touched up front */
    tf_trace_init_lazy(&tr, 1, tf_forward_trace_floats(c, 1, S, T), tf_forward_trace_nodes(c));
    Pass p;
    fw_pass_init(&p, m, &tr, NULL, 1, S, T);
    p.src = src;
    p.tgt = ids;
    const char *mem_name;
    const float *mem = fw_encode(&p, &mem_name);
    EmbedBufs e;
    fw_embed_declare(&p, &e, 0);
    LayerBufs *L = tf_xcalloc((size_t)c->n_dec, sizeof *L);
    char names[2][TF_NAME_MAX];
    const char *x_name = "tgt.x";
    for (int l = 0; l < c->n_dec; l++) {
        fw_dec_declare(&p, l, &L[l], x_name, mem_name);
        fw_attn_kv(&p, &L[l].ca, &m->w.dec[l].cross_attn, mem, 0, S);
        x_name = fw_dec_out_name(c, l, names[l % 2]);
    }
    OutBufs o;
    fw_out_declare(&p, &o, x_name);
    ids[0] = m->tgt_vocab.bos;
    int n = 0;
    for (int t = 0; t < T; t++) {
        fw_embed_run(&p, &e, 0, t, t + 1);
        const float *x = e.x;
        for (int l = 0; l < c->n_dec; l++) x = fw_dec_run(&p, l, &L[l], x, t, t + 1, t + 1);
        fw_out_run(&p, &o, x, t, t + 1, 0);
        const float *row = o.logits + (size_t)t * c->tgt_vocab;
        if (logits_out) memcpy(logits_out + (size_t)t * c->tgt_vocab, row, (size_t)c->tgt_vocab * sizeof(float));
        int next = argmax(row, c->tgt_vocab);
        res[n++] = next;
        if (next == m->tgt_vocab.eos) break;
        if (t + 1 < T) ids[t + 1] = next;
    }
    fw_pass_free(&p);
    free(L);
    free(ids);
    tf_trace_free(&tr);
    *out = res;
    if (step_logits) *step_logits = logits_out;
    return n;
}

/* forward.c — the entry points of the forward pass: sizes, the teacher-forced pass over a batch,
 * the trace of one sentence and the checks on its input. The pass itself is declared and run by
 * forward_stack.c: every layer is declared (its tensors recorded, in execution order) and then
 * run over a range of rows. The teacher-forced pass runs all rows at once; greedy decoding
 * (decode.c) runs one new row at a time against the same buffers, which hold the keys and values
 * of earlier positions — so both compute every row with the same code, bit for bit.
 * Not training: backward passes live elsewhere. */
#include "forward.h"

#include <string.h>

#include "forward_internal.h"

/* The declarations themselves, run on a counting trace, give the sizes. */
static void count(const tf_Config *c, int B, int S, int T, size_t *floats, int *nodes)
{
    tf_Trace tr;
    Pass p;
    tf_trace_init_count(&tr, B);
    fw_pass_init(&p, c, NULL, &tr, NULL, B, S, T);
    fw_declare(&p);
    fw_pass_free(&p);
    *floats = tr.arena_used;
    *nodes = tr.n_nodes;
}

size_t tf_forward_trace_floats(const tf_Config *c, int B, int S, int T)
{
    size_t floats;
    int nodes;
    count(c, B, S, T, &floats, &nodes);
    return floats;
}

int tf_forward_trace_nodes(const tf_Config *c)
{
    size_t floats;
    int nodes;
    count(c, 1, 1, 1, &floats, &nodes);
    return nodes;
}

void tf_forward_trace_alloc(tf_Trace *tr, const tf_Config *cfg, int B, int S, int T)
{
    size_t floats;
    int nodes;
    count(cfg, B, S, T, &floats, &nodes);
    tf_trace_init(tr, B, floats, nodes);
}

void fw_forward(const tf_Model *m, const tf_Interv *iv, tf_Trace *tr, const tf_Batch *b,
                tf_Pool *pool, float dropout, uint64_t seed, int with_probs)
{
    Pass p;
    tf_trace_reset(tr);
    TF_ASSERT(tr->batch == b->B);
    fw_pass_init(&p, &m->cfg, m, tr, pool, b->B, b->S, b->T);
    p.iv = tf_interv_any(iv) ? iv : NULL;
    p.src = b->src;
    p.tgt = b->tgt;
    p.src_len = b->src_len;
    p.tgt_len = b->tgt_len;
    p.dropout = dropout;
    p.drop_seed = seed;
    p.with_probs = with_probs;
    fw_declare(&p);
    fw_run_encoder(&p);
    fw_run_decoder(&p, 0, p.T, p.T);
    fw_pass_free(&p);
}

void tf_forward(const tf_Model *m, tf_Trace *tr, const tf_Batch *b, tf_Pool *pool)
{
    fw_forward(m, NULL, tr, b, pool, 0.0f, 0, 1);
}

void tf_forward_with(const tf_Model *m, const tf_Interv *iv, tf_Trace *tr, const tf_Batch *b,
                     tf_Pool *pool)
{
    fw_forward(m, iv, tr, b, pool, 0.0f, 0, 1);
    if (tf_interv_any(iv)) tr->interv = *iv;
    else memset(&tr->interv, 0, sizeof tr->interv);
}

tf_Status tf_check_sequence(const tf_Model *m, const int *ids, int n, int is_target, tf_Err *err)
{
    const char *what = is_target ? "target (with <bos>)" : "source";
    int V = is_target ? m->cfg.tgt_vocab : m->cfg.src_vocab;
    if (n < 1) return tf_fail(err, TF_ERR_INPUT, "the %s is empty", what);
    if (n > m->cfg.max_len)
        return tf_fail(err, TF_ERR_INPUT, "the %s has %d tokens; this model accepts at most %d "
                       "(max_len)", what, n, m->cfg.max_len);
    for (int i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= V)
            return tf_fail(err, TF_ERR_INPUT, "%s token %d has id %d, outside the vocabulary of %d",
                           what, i, ids[i], V);
    if (!is_target) {
        int T = n + TF_DECODE_EXTRA < m->cfg.max_len ? n + TF_DECODE_EXTRA : m->cfg.max_len;
        double bytes = (double)tf_forward_trace_floats(&m->cfg, 1, n, T) * sizeof(float);
        if (bytes > (double)TF_MAX_TRACE_BYTES)
            return tf_fail(err, TF_ERR_INPUT, "a source of %d tokens would need %.0f MB to trace "
                           "with this model; the limit is %zu MB (TF_MAX_TRACE_BYTES)", n,
                           bytes / 1048576.0, TF_MAX_TRACE_BYTES >> 20);
    }
    return TF_OK;
}

tf_Status tf_trace_sentence(const tf_Model *m, const int *src, int S, const int *tgt_in, int T,
                            tf_Pool *pool, tf_Trace *tr, tf_Err *err)
{
    return tf_trace_sentence_with(m, NULL, src, S, tgt_in, T, pool, tr, err);
}

tf_Status tf_trace_sentence_with(const tf_Model *m, const tf_Interv *iv, const int *src, int S,
                                 const int *tgt_in, int T, tf_Pool *pool, tf_Trace *tr,
                                 tf_Err *err)
{
    tf_Status s = tf_check_sequence(m, src, S, 0, err);
    if (!s) s = tf_check_sequence(m, tgt_in, T, 1, err);
    if (s) return s;
    double bytes = (double)tf_forward_trace_floats(&m->cfg, 1, S, T) * sizeof(float);
    if (bytes > (double)TF_MAX_TRACE_BYTES)
        return tf_fail(err, TF_ERR_INPUT, "%d source and %d target tokens would need %.0f MB to "
                       "trace with this model; the limit is %zu MB (TF_MAX_TRACE_BYTES)", S, T,
                       bytes / 1048576.0, TF_MAX_TRACE_BYTES >> 20);
    tf_forward_trace_alloc(tr, &m->cfg, 1, S, T);
    tf_Batch b = {1, S, T, src, tgt_in, NULL, NULL, NULL};
    tf_forward_with(m, iv, tr, &b, pool);
    tf_trace_set_tokens(tr, &m->src_vocab, src, S, &m->tgt_vocab, tgt_in, T);
    return TF_OK;
}

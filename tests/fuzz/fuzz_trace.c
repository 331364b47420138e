/* fuzz_trace.c — libFuzzer target: arbitrary bytes as a trace file. The reader must refuse them
 * with a message or accept them; what it accepts is read in full (every float of every node, as
 * a viewer would), found again by name, and saved and read back. */
#include <stdio.h>
#include <stdlib.h>

#include "forward.h"
#include "fuzz.h"

static void must(int ok, const char *what, const tf_Err *err)
{
    if (ok) return;
    fprintf(stderr, "fuzz_trace: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
    abort();
}

/* Reads every value the way a view would, so that ASan sees any node that points past its data. */
static void walk(const tf_Trace *tr)
{
    volatile float sink = 0;
    for (int i = 0; i < tr->n_nodes; i++) {
        const tf_Node *n = &tr->nodes[i];
        int64_t numel = 1;
        for (int d = 0; d < n->ndim; d++) {
            must(n->shape[d] >= 0, "node dimensions are not negative", NULL);
            numel *= n->shape[d];
        }
        must(numel == n->numel, "a node's numel is the product of its shape", NULL);
        for (int64_t k = 0; k < n->numel; k++) sink += n->data[k];
        must(tf_trace_get(tr, n->name) == n, "every node is found by its name", NULL);
        for (int k = 0; k < n->n_inputs; k++)
            must(n->in[k] >= 0 && n->in[k] < i, "inputs are earlier nodes", NULL);
        int layers = n->site.stack == TF_STACK_ENCODER ? tr->cfg.n_enc : tr->cfg.n_dec;
        must(n->site.layer >= -1 && n->site.layer < layers, "a site's layer is in the model", NULL);
    }
    for (int i = 0; i < tr->n_src; i++) sink += (float)tr->src_tokens[i][0];
    for (int i = 0; i < tr->n_tgt; i++) sink += (float)tr->tgt_tokens[i][0];
    (void)sink;
}

int tf_fuzz_trace(const uint8_t *data, size_t size)
{
    tf_Trace tr, back;
    tf_Err err = {{0}};
    if (tf_trace_load(data, size, &tr, &err) != TF_OK) {
        must(err.msg[0] != 0, "a refused trace comes with a message", NULL);
        return 0;
    }
    walk(&tr);
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    must(tf_trace_load(bytes, len, &back, &err) == TF_OK, "a saved trace loads back", &err);
    must(back.n_nodes == tr.n_nodes, "a saved trace keeps its steps", NULL);
    tf_trace_free(&back);
    free(bytes);
    tf_trace_free(&tr);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_trace(data, size); }
#endif

/* forward_internal.h — what forward.c, forward_stack.c and decode.c share: the state of one pass
 * and the buffers of an attention block. Not part of the public API. */
#ifndef TF_FORWARD_INTERNAL_H
#define TF_FORWARD_INTERNAL_H

#include "forward.h"

typedef struct {
    const tf_Model *m;
    tf_Trace *tr;
    tf_Pool *pool;
    int B, S, T;         /* T: decoder rows declared (the cap, when decoding one row at a time) */
    const int *src;      /* (B, S) */
    const int *tgt;      /* (B, T) */
    const int *src_len;  /* (B) or NULL: all S */
    const int *tgt_len;  /* (B) or NULL: all T */
    float *scratch;      /* (B, max(S, T), max(2D, F)) */
    float dropout;       /* training mode when > 0: see fw_forward */
    uint64_t drop_seed;
} Pass;

typedef struct {
    float *q, *k, *v;        /* (B, H, Tq|Tk, Dk) */
    float *scores, *weights; /* (B, H, Tq, Tk) */
    float *context;          /* (B, H, Tq, Dk) */
    float *out;              /* (B, Tq, D) */
    int Tq, Tk;
} AttnBufs;

typedef struct {
    AttnBufs sa, ca;
    float *add1, *norm1, *add2, *norm2, *hidden, *ffn_out, *add3, *norm3;  /* (B, rows, D|F) */
} LayerBufs;

typedef struct {
    float *embed, *pos, *x;  /* (B, rows, D) */
} EmbedBufs;

float *fw_node(Pass *p, const char *name, tf_Op op, int ndim, const int *shape, const char *in0,
               const char *in1, const char *note);
void fw_linear(Pass *p, float *out, const float *x, const float *wt, int ldw, const float *b, int M,
               int K, int N);
void fw_attn_declare(Pass *p, AttnBufs *a, const char *pfx, const char *xq, const char *xkv,
                     int Tq, int Tk, tf_Mask mask);
void fw_attn_kv(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *x, int r0, int r1);
void fw_attn_run(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *xq, int r0, int r1,
                 int n_keys, int causal, const int *key_len);

void fw_pass_init(Pass *p, const tf_Model *m, tf_Trace *tr, tf_Pool *pool, int B, int S, int T);
/* B when rows [r0, r1) are all rows_all rows (the B sequences form one block of contiguous rows),
 * else 1 (a range of rows, sequence by sequence) */
int fw_seqs_per_block(const Pass *p, int rows_all, int r0, int r1);
void fw_pass_free(Pass *p);
/* Encoder: declares and runs everything up to the memory; returns it, (B, S, D). */
const float *fw_encode(Pass *p, const char **mem_name);
void fw_embed_declare(Pass *p, EmbedBufs *e, int src_side);
void fw_embed_run(Pass *p, const EmbedBufs *e, int src_side, int r0, int r1);
void fw_dec_declare(Pass *p, int l, LayerBufs *L, const char *x_name, const char *mem_name);
/* Rows [r0, r1) of decoder layer l; keys of self-attention: the first n_keys rows. Returns the
 * layer's output buffer (B, T, D). */
const float *fw_dec_run(Pass *p, int l, const LayerBufs *L, const float *x, int r0, int r1,
                        int n_keys);
const char *fw_dec_out_name(const tf_Config *c, int l, char *buf);

typedef struct {
    float *norm;           /* (B, T, D) or NULL without a final decoder norm */
    float *logits, *probs; /* (B, T, Vt) */
} OutBufs;
void fw_out_declare(Pass *p, OutBufs *o, const char *x_name);
void fw_out_run(Pass *p, const OutBufs *o, const float *x, int r0, int r1, int with_probs);

/* tf_forward with the training mode (train.h): dropout > 0 applies the paper's residual dropout
 * to every sub-layer output before its residual add and to embedding + position, with masks
 * drawn from seed; with_probs = 0 leaves "probs" unwritten (the loss works from the logits). */
void fw_forward(const tf_Model *m, tf_Trace *tr, const tf_Batch *b, tf_Pool *pool, float dropout,
                uint64_t seed, int with_probs);

#endif

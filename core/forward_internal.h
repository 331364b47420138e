/* forward_internal.h — what forward.c, forward_attn.c, forward_stack.c, decode.c and the backward
 * pass share: the state of one pass and the buffers of its layers. Not part of the public API.
 *
 * A pass is declared, then run. Declaring records every tensor of the graph into the trace, in
 * execution order, each buffer a pointer into the trace's arena; running computes a range of rows
 * into those buffers. Declared on a counting trace (tf_trace_init_count), the same declarations
 * give the arena size and node count a pass needs, so nothing counts by hand.
 *
 * Dimension letters as in tf_base.h; here also Tq, Tk: the query and key rows of an attention
 * block (S or T), and rows: S in the encoder, T in the decoder. */
#ifndef TF_FORWARD_INTERNAL_H
#define TF_FORWARD_INTERNAL_H

#include "forward.h"

typedef struct {
    float *q, *k, *v;        /* (B, H, Tq|Tk, Dk) */
    float *scores, *weights; /* (B, H, Tq, Tk) */
    float *context;          /* (B, H, Tq, Dk) */
    float *out;              /* (B, Tq, D) */
    int Tq, Tk;
    tf_AttnKind kind;
    int layer;
} AttnBufs;

typedef enum { SUB_SELF_ATTN, SUB_CROSS_ATTN, SUB_FFN } SubKind;

/* One sub-layer: its body (attention or FFN), the residual sum and its LayerNorm — of the
 * sub-layer's input (pre-LN) or of the sum (post-LN, as in the paper). */
typedef struct {
    SubKind kind;
    int k;                   /* 1-based place in the layer: it names add{k}, norm{k} */
    AttnBufs a;              /* attention sub-layers */
    float *hidden;           /* (B, rows, F) FFN, after ReLU */
    float *ffn_out;          /* (B, rows, D) FFN */
    float *norm;             /* (B, rows, D) */
    float *add;              /* (B, rows, D) input + body */
    int out;                 /* node index of the output: norm (post-LN) or add (pre-LN) */
} SubBufs;

/* Encoder layers: self-attention, FFN. Decoder layers: self-attention, cross-attention, FFN. */
typedef struct {
    SubBufs sub[3];
    int n_sub;
} LayerBufs;

typedef struct {
    float *embed, *pos, *x;  /* (B, rows, D) */
    int out;                 /* node index of x */
} EmbedBufs;

typedef struct {
    float *norm;             /* (B, T, D) or NULL without a final decoder norm */
    float *logits, *probs;   /* (B, T, Vt) */
} OutBufs;

typedef struct {
    const tf_Config *c;
    const tf_Model *m;   /* NULL when only declaring (counting) */
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
    int with_probs;      /* 0: "probs" is declared but not computed */
    const tf_Interv *iv; /* what the run changes, or NULL */
    /* the declared graph */
    EmbedBufs src_e, tgt_e;
    LayerBufs *enc, *dec;  /* (n_enc), (n_dec) */
    float *enc_norm;       /* (B, S, D) or NULL without a final encoder norm */
    const float *mem;      /* (B, S, D) the encoder's output */
    int mem_node;
    OutBufs o;
} Pass;

/* m NULL: a pass that only declares (no scratch), for counting. */
void fw_pass_init(Pass *p, const tf_Config *c, const tf_Model *m, tf_Trace *tr, tf_Pool *pool,
                  int B, int S, int T);
void fw_pass_free(Pass *p);
/* Declares the whole graph into p->tr: source, encoder layers, final encoder norm, target,
 * decoder layers, final decoder norm, logits, probs. */
void fw_declare(Pass *p);
/* Runs every row of the encoder, then each decoder layer's cross-attention keys and values of
 * the memory (they do not depend on decoder rows). */
void fw_run_encoder(Pass *p);
/* Runs decoder rows [r0, r1) through the target embedding, the layers and the output layer;
 * self-attention attends to the first n_keys rows. */
void fw_run_decoder(Pass *p, int r0, int r1, int n_keys);

/* B when rows [r0, r1) are all rows_all rows (the B sequences form one block of contiguous rows),
 * else 1 (a range of rows, sequence by sequence) */
int fw_seqs_per_block(const Pass *p, int rows_all, int r0, int r1);
/* Declares a node at site (named from it) with inputs in0, in1 (node indices, -1 for none);
 * returns its index and points *buf at its data (NULL when counting). */
int fw_node(Pass *p, float **buf, tf_Site site, tf_Op op, int ndim, const int *shape, int in0,
            int in1, const char *note);
void fw_linear(Pass *p, float *out, const float *x, const float *wt, int ldw, const float *b, int M,
               int K, int N);

/* Attention block (forward_attn.c): queries from node xq, keys and values from node xkv. */
int fw_attn_declare(Pass *p, AttnBufs *a, tf_AttnKind kind, int layer, int xq, int xkv, int Tq,
                    int Tk);
void fw_attn_kv(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *x, int r0, int r1);
void fw_attn_run(Pass *p, const AttnBufs *a, const tf_Attn *w, const float *xq, int r0, int r1,
                 int n_keys);

/* The name of decoder layer l's output node (norm3 post-LN, add3 pre-LN), for the backward pass. */
const char *fw_dec_out_name(const tf_Config *c, int l, char *buf);

/* tf_forward with the training mode (train.h): dropout > 0 applies the paper's residual dropout
 * to every sub-layer output before its residual add and to embedding + position, with masks
 * drawn from seed; with_probs = 0 leaves "probs" unwritten (the loss works from the logits). */
void fw_forward(const tf_Model *m, const tf_Interv *iv, tf_Trace *tr, const tf_Batch *b,
                tf_Pool *pool, float dropout, uint64_t seed, int with_probs);

#endif

/* trace.h — the record of one forward pass: every intermediate tensor, named as in DESIGN.md, in
 * execution order, each with the op that produced it, the names of its inputs and a one-line
 * note. Like a ggml graph, but filled eagerly: the forward pass computes straight into the
 * buffers it asks the trace for, so recording costs no copy.
 *
 * The arena is sized before the pass (tf_forward_trace_size) and never moves, so node data
 * pointers stay valid for the life of the trace.
 *
 * Usage:
 *     const tf_Node *n = tf_trace_get(&tr, "enc.0.self_attn.weights");   // shape (H, S, S)
 *     float w = n->data[(h * n->shape[1] + i) * n->shape[2] + j];
 */
#ifndef TF_TRACE_H
#define TF_TRACE_H

#include "model.h"

#define TF_NAME_MAX 64
#define TF_MAX_INPUTS 4
#define TF_TRACE_DIMS 4

typedef enum {
    TF_OP_EMBED,       /* table lookup × √D */
    TF_OP_POSENC,      /* sinusoidal positional encoding */
    TF_OP_ADD,         /* elementwise sum (embedding + position, residuals) */
    TF_OP_PROJECT,     /* x·Wᵀ + b, split into heads: q, k, v */
    TF_OP_SCORES,      /* Q·Kᵀ/√Dk */
    TF_OP_SOFTMAX,     /* row softmax after the mask */
    TF_OP_CONTEXT,     /* weights·V */
    TF_OP_LINEAR,      /* x·Wᵀ + b */
    TF_OP_LINEAR_RELU, /* max(0, x·Wᵀ + b) */
    TF_OP_LAYERNORM,
    TF_OP_COUNT
} tf_Op;

const char *tf_op_name(tf_Op op);
tf_Op tf_op_from_name(const char *name);  /* TF_OP_COUNT when unknown */

typedef enum {
    TF_MASK_NONE,
    TF_MASK_CAUSAL,  /* key j > query i is masked (decoder self-attention) */
    TF_MASK_COUNT
} tf_Mask;

const char *tf_mask_name(tf_Mask m);

typedef struct {
    char name[TF_NAME_MAX];
    tf_Op op;
    int ndim;
    int shape[TF_TRACE_DIMS];
    int64_t numel;              /* per batch item */
    float *data;                /* (B, shape...) in the arena */
    int n_inputs;
    char inputs[TF_MAX_INPUTS][TF_NAME_MAX];
    char note[160];
    tf_Mask mask;               /* for attention scores/weights */
} tf_Node;

typedef struct {
    int batch;                  /* B: 1 for a trace that is saved or viewed */
    int lazy;                   /* buffers are not zeroed: the caller writes every row it reads */
    tf_Node *nodes;
    int n_nodes, cap_nodes;
    float *arena;
    size_t arena_used, arena_cap;   /* in floats */
    /* what the pass ran on */
    tf_Config cfg;
    char **src_tokens;  int n_src;  /* S */
    char **tgt_tokens;  int n_tgt;  /* T: decoder input, starts with <bos> */
    char *model_name, *model_sha256;
    tf_StMeta *extra_meta;  int n_extra_meta;  /* metadata of a loaded trace beyond the above */
} tf_Trace;

void tf_trace_init(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes);
/* The same for a trace whose buffers are written row by row and read only where written
 * (greedy decoding): nothing is zeroed or touched up front, so unused rows cost no memory. */
void tf_trace_init_lazy(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes);
void tf_trace_free(tf_Trace *tr);
/* Forgets the nodes, keeps the arena: the next pass reuses it. */
void tf_trace_reset(tf_Trace *tr);
/* Appends a node and returns its (zeroed) buffer of batch × numel floats. inputs ends at NULL. */
float *tf_trace_add(tf_Trace *tr, const char *name, tf_Op op, int ndim, const int *shape,
                    const char *const *inputs, const char *note);
const tf_Node *tf_trace_get(const tf_Trace *tr, const char *name);
int tf_trace_index(const tf_Trace *tr, const char *name);  /* -1 if absent */

/* Token lists and provenance stored with the trace (copied). */
void tf_trace_set_tokens(tf_Trace *tr, const tf_Vocab *sv, const int *src, int S,
                         const tf_Vocab *tv, const int *tgt, int T);
void tf_trace_set_model(tf_Trace *tr, const char *name, const char *sha256);

/* A trace file: the tensors in execution order, the metadata of DESIGN.md (steps graph included).
 * Only batch-1 traces are saved. */
void tf_trace_save(const tf_Trace *tr, uint8_t **out, size_t *out_len);
tf_Status tf_trace_load(const uint8_t *buf, size_t len, tf_Trace *tr, tf_Err *err);

#endif

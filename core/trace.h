/* trace.h — the record of one forward pass: every intermediate tensor, named as in DESIGN.md, in
 * execution order, each with the op that produced it, its site in the model (stack, layer,
 * sub-layer, attention block, part), its inputs (indices of earlier nodes) and a one-line note. Like a ggml graph, but filled eagerly: the forward pass computes straight into the
 * buffers it asks the trace for, so recording costs no copy.
 *
 * The arena is sized before the pass (tf_forward_trace_floats) and never moves, so node data
 * pointers stay valid for the life of the trace. Nodes lie in it one after the other, in order.
 *
 * Usage:
 *     const tf_Node *n = tf_trace_get(&tr, "enc.0.self_attn.weights");   // shape (H, S, S)
 *     float w = n->data[(h * n->shape[1] + i) * n->shape[2] + j];
 *     if (n->site.attn == TF_ATTN_ENC) printf("layer %d\n", n->site.layer);
 *     const tf_Node *scores = &tr.nodes[n->in[0]];
 */
#ifndef TF_TRACE_H
#define TF_TRACE_H

#include "interv.h"

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

/* Where a tensor sits in the model: filled by the code that declares it (forward pass), or, for a
 * trace read from a file, derived once from its name (tf_site_parse). Viewers ask the site
 * instead of reading names. */
typedef enum {
    TF_STACK_SOURCE,   /* src.*: the source's embedding and position */
    TF_STACK_ENCODER,  /* enc.L.*, enc.norm */
    TF_STACK_TARGET,   /* tgt.*: the decoder input's embedding and position */
    TF_STACK_DECODER,  /* dec.L.*, dec.norm */
    TF_STACK_OUTPUT,   /* logits, probs, and names tfscope does not know */
    TF_STACK_COUNT
} tf_Stack;

typedef enum {
    TF_PART_EMBED, TF_PART_POS, TF_PART_X,        /* embedding·√D, positional encoding, their sum */
    TF_PART_Q, TF_PART_K, TF_PART_V,              /* an attention block's heads */
    TF_PART_SCORES, TF_PART_WEIGHTS, TF_PART_CONTEXT,
    TF_PART_ATTN_OUT,                             /* concat(heads)·W_Oᵀ + b_O */
    TF_PART_FFN_HIDDEN, TF_PART_FFN_OUT,
    TF_PART_ADD,                                  /* a residual sum */
    TF_PART_NORM,                                 /* a sub-layer's LayerNorm, or a stack's final one */
    TF_PART_LOGITS, TF_PART_PROBS,
    TF_PART_OTHER,                                /* a name tfscope does not know */
    TF_PART_COUNT
} tf_Part;

typedef struct {
    tf_Stack stack;
    int layer;         /* within the encoder or decoder stack, from 0; -1 outside the layers */
    int sublayer;      /* within the layer, from 1: 1 self-attention, 2 cross-attention (decoder)
                        * or FFN (encoder), 3 FFN (decoder); its add and norm included; 0 outside */
    tf_AttnKind attn;  /* the attention block the tensor is part of (q … out); NONE elsewhere */
    tf_Part part;
} tf_Site;

const char *tf_stack_name(tf_Stack s);  /* "source", "encoder", … */
const char *tf_part_name(tf_Part p);    /* "q", "weights", "ffn.hidden", … */
/* The site's tensor name as DESIGN.md spells it ("dec.1.cross_attn.weights"); the inverse of
 * tf_site_parse. buf holds TF_NAME_MAX. */
const char *tf_site_name(tf_Site site, char *buf);
/* The site of a DESIGN.md name; a name it does not know gets part TF_PART_OTHER, layer -1 and the
 * stack its prefix says (src./enc./tgt./dec., else output). The one parser of traced names. */
tf_Site tf_site_parse(const char *name);
/* The site of a part of attention block `a` in `layer` (its stack and sub-layer follow from a). */
tf_Site tf_site_attn(tf_AttnKind a, int layer, tf_Part part);
bool tf_site_equal(tf_Site a, tf_Site b);

typedef struct {
    char name[TF_NAME_MAX];
    tf_Op op;
    tf_Site site;
    int ndim;
    int shape[TF_TRACE_DIMS];
    int64_t numel;              /* per batch item */
    float *data;                /* (B, shape...) in the arena */
    int n_inputs;
    int in[TF_MAX_INPUTS];      /* the inputs: indices of earlier nodes */
    char inputs[TF_MAX_INPUTS][TF_NAME_MAX];  /* their names (nodes[in[k]].name) */
    char note[160];
    tf_Mask mask;               /* for attention scores/weights */
} tf_Node;

/* A beam search as it went (issue 12 §5): at each step the K best candidates — extensions of the
 * live hypotheses by one token — which go on (kept) or end (finished: <eos>, or the length
 * limit), and the K runners-up (pruned). Greedy decoding is K = 1. */
typedef enum { TF_BEAM_KEPT, TF_BEAM_FINISHED, TF_BEAM_PRUNED, TF_BEAM_FATE_COUNT } tf_BeamFate;

const char *tf_beam_fate_name(tf_BeamFate f);  /* "kept", "finished", "pruned" */

typedef struct {
    int step;          /* its last token is output position step, from 0 */
    int parent;        /* the log entry of the hypothesis it extends; -1 at step 0 */
    int token;         /* target vocabulary id */
    double logp;       /* log P(token | the parent's tokens) */
    double score;      /* the sum of its tokens' log-probabilities */
    double norm;       /* score / lp(step + 1): how finished hypotheses are compared */
    tf_BeamFate fate;
} tf_BeamCand;

typedef struct {
    int K;
    double alpha;      /* of the length penalty lp(n) = ((5 + n)/6)^alpha */
    int n, cap;
    tf_BeamCand *c;    /* (n) step by step, best first within a step */
    int best;          /* the chosen hypothesis, a finished entry (-1: none); its path: parents */
    char **text;       /* (n) the tokens as text, in a trace's copy of the log (else NULL) */
} tf_BeamLog;

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
    tf_Interv interv;   /* what the run changed (interv.h): nothing when all zero */
    tf_BeamLog beam;    /* how the decoder input was found, when recorded (n = 0: not) */
    tf_StMeta *extra_meta;  int n_extra_meta;  /* metadata of a loaded trace beyond the above */
} tf_Trace;

void tf_trace_init(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes);
/* The same for a trace whose buffers are written row by row and read only where written
 * (greedy decoding): nothing is zeroed or touched up front, so unused rows cost no memory. */
void tf_trace_init_lazy(tf_Trace *tr, int batch, size_t arena_floats, int max_nodes);
/* A trace that only counts: tf_trace_add stores nothing and grows n_nodes and arena_used, so that
 * running a pass's declarations on it gives the sizes that pass needs. */
void tf_trace_init_count(tf_Trace *tr, int batch);
void tf_trace_free(tf_Trace *tr);
/* Forgets the nodes, keeps the arena: the next pass reuses it. */
void tf_trace_reset(tf_Trace *tr);
/* What a node is, for tf_trace_add: inputs are indices of earlier nodes. */
typedef struct {
    const char *name;
    tf_Op op;
    tf_Site site;
    int ndim;
    int shape[TF_TRACE_DIMS];
    int n_inputs;
    int in[TF_MAX_INPUTS];
    tf_Mask mask;
    const char *note;
} tf_NodeDecl;
/* Appends a node and returns its index; its buffer of batch × numel floats (zeroed unless the
 * trace is lazy) is tr->nodes[i].data. In a counting trace nothing is stored. */
int tf_trace_add(tf_Trace *tr, const tf_NodeDecl *d);
const tf_Node *tf_trace_get(const tf_Trace *tr, const char *name);
int tf_trace_index(const tf_Trace *tr, const char *name);  /* -1 if absent */
/* The node at a site, e.g. tf_site_attn(TF_ATTN_CROSS, 1, TF_PART_WEIGHTS); -1 if absent. */
int tf_trace_find(const tf_Trace *tr, tf_Site site);

/* Token lists and provenance stored with the trace (copied). */
void tf_trace_set_tokens(tf_Trace *tr, const tf_Vocab *sv, const int *src, int S,
                         const tf_Vocab *tv, const int *tgt, int T);
void tf_trace_set_model(tf_Trace *tr, const char *name, const char *sha256);
/* Keeps a copy of a beam search's log (tokens as text from tv), saved as metadata "beam". */
void tf_trace_set_beam(tf_Trace *tr, const tf_BeamLog *log, const tf_Vocab *tv);

/* A trace file: the tensors in execution order, the metadata of DESIGN.md (steps graph included).
 * Only batch-1 traces are saved. */
void tf_trace_save(const tf_Trace *tr, uint8_t **out, size_t *out_len);
/* The same file without a copy of the tensors: its header (malloc'd) and then its data, which is
 * the trace's arena itself (nodes lie in it one after the other): write head, then data. */
void tf_trace_save_parts(const tf_Trace *tr, uint8_t **head, size_t *head_len, const void **data,
                         size_t *data_len);
tf_Status tf_trace_load(const uint8_t *buf, size_t len, tf_Trace *tr, tf_Err *err);

#endif

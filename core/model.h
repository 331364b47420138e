/* model.h — a Transformer's configuration, vocabularies and weights, loaded from a safetensors
 * file with the tensor names of torch.nn.Transformer's state_dict (see DESIGN.md).
 * Not the forward pass (forward.h) and not file access: bytes in, model out.
 *
 * Config, weights and vocabularies are separate structs; weights live in one allocation.
 * Linear weights are kept transposed, (in, out), so that the kernels can sweep output columns
 * contiguously while every sum still runs over the input index in order.
 */
#ifndef TF_MODEL_H
#define TF_MODEL_H

#include <stdbool.h>

#include "safetensors.h"
#include "vocab.h"

#define TF_DEFAULT_MAX_LEN 256

typedef struct {
    int d_model;          /* D */
    int nhead;            /* H */
    int n_enc, n_dec;     /* layers */
    int d_ff;             /* F */
    float ln_eps;
    bool norm_first;      /* false: post-LN, as in the paper */
    int max_len;
    bool has_enc_norm, has_dec_norm;
    bool tied_generator;  /* generator.weight absent: logits use tgt_embed.weight */
    bool has_gen_bias;
    int src_vocab, tgt_vocab;  /* Vs, Vt */
} tf_Config;

typedef struct {
    float *wt;  /* (in, out) transposed PyTorch weight */
    float *b;   /* (out) */
} tf_Linear;

typedef struct {
    float *g, *b;  /* (D) */
} tf_Norm;

typedef struct {
    tf_Linear in_proj;   /* (D, 3D): columns W_Q | W_K | W_V */
    tf_Linear out_proj;  /* (D, D) */
} tf_Attn;

typedef struct {
    tf_Attn self_attn;
    tf_Attn cross_attn;  /* decoder layers only */
    tf_Linear ff1;       /* (D, F) */
    tf_Linear ff2;       /* (F, D) */
    tf_Norm norm1, norm2, norm3;  /* norm3: decoder only */
} tf_Layer;

typedef struct {
    float *mem;          /* the one allocation everything below points into */
    size_t n_floats;
    float *src_embed;    /* (Vs, D) */
    float *tgt_embed;    /* (Vt, D) */
    tf_Linear generator; /* wt (D, Vt); b NULL when absent */
    tf_Layer *enc, *dec; /* n_enc, n_dec */
    tf_Norm enc_norm, dec_norm;  /* g NULL when absent */
} tf_Weights;

typedef struct {
    tf_Config cfg;
    tf_Weights w;
    tf_Vocab src_vocab, tgt_vocab;
    tf_StMeta *extra_meta;  /* metadata beyond the config keys, kept and shown */
    int n_extra_meta;
} tf_Model;

/* Parses and validates a model file held in memory. err names the tensor or field at fault. */
tf_Status tf_model_load(const uint8_t *buf, size_t len, tf_Model *m, tf_Err *err);
tf_Status tf_model_from_st(const tf_St *st, tf_Model *m, tf_Err *err);
void tf_model_free(tf_Model *m);

/* Builds a model with the given config and vocabularies and zeroed weights (norm gains 1). */
void tf_model_init(tf_Model *m, const tf_Config *cfg, const tf_Vocab *src, const tf_Vocab *tgt);
/* Fresh weights for training, the same for the same seed on every machine: linear weights
 * Xavier-uniform (as nn.Transformer initialises them), embeddings N(0, 1/D) (so that ×√D gives
 * unit variance), biases 0, norm gains 1. */
void tf_model_randomize(tf_Model *m, uint64_t seed);
/* After the target embedding changed: refresh the transposed copy the tied generator uses. */
void tf_model_sync_tied(tf_Model *m);

/* Serialises to safetensors bytes with PyTorch names and layouts (malloc'd). extra metadata kept. */
void tf_model_save(const tf_Model *m, uint8_t **out, size_t *out_len);

/* One parameter tensor: its PyTorch name and shape and where it lives in a weights block. */
typedef struct {
    char name[192];  /* as long as the model file's entry names */
    float *data;
    int rows, cols;    /* PyTorch shape; cols = 0 for a vector */
    bool transposed;   /* stored (cols, rows), as linear weights are */
} tf_Param;
/* The parameter tensors of a model with config c, pointing into w (the model's weights, or a
 * block laid out like them: st.grad, st.adam_m …): every tensor of the model file, in file
 * order; a tied generator is not one. Writes up to cap entries, returns the count. */
int tf_params(const tf_Config *c, const tf_Weights *w, tf_Param *out, int cap);

/* Floats in the weights block of a model with config c (tf_Weights.n_floats): every tensor,
 * optional ones included, whether the config has them or not. */
size_t tf_weights_floats(const tf_Config *c);
/* The first field in which a and b differ, as "d_model 32, not 64" (a's value first), into buf;
 * false when they describe the same model. */
bool tf_config_differs(const tf_Config *a, const tf_Config *b, char *buf, size_t cap);

/* Adds the config keys (d_model, nhead, ...) of cfg to a writer's metadata. */
void tf_config_to_meta(const tf_Config *cfg, tf_StWriter *w);

#endif

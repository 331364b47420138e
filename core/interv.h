/* interv.h — what a run changes in the model to see what matters (issue 12): attention heads
 * ablated, positional encoding off, the decoder's mask off, the √dₖ scaling off. The forward pass
 * and decoding apply them exactly (forward.h, the *_with entry points); a trace records which
 * were in force. Not a way to edit weights: the model is never touched.
 *
 * Usage:
 *     tf_Interv iv = {0};                                     // nothing changed
 *     if (tf_interv_parse_ablate(&iv, &model.cfg, "enc.0.3,cross.1.0", &err)) ...;
 *     iv.no_pos = true;
 *     tf_interv_set_head(&iv, TF_ATTN_DEC, 1, 2, true);       // the window's toggle
 *     char what[256];
 *     tf_interv_describe(&iv, what, sizeof what);             // "ablate enc.0.3 cross.1.0 dec.1.2; no-pos"
 *     tf_trace_sentence_with(&model, &iv, src, S, tgt, T, NULL, &tr, &err);
 */
#ifndef TF_INTERV_H
#define TF_INTERV_H

#include "model.h"

/* The attention blocks, as the trace's sites name them (trace.h). */
typedef enum {
    TF_ATTN_NONE,
    TF_ATTN_ENC,    /* encoder self-attention */
    TF_ATTN_DEC,    /* decoder self-attention, causal */
    TF_ATTN_CROSS,  /* encoder-decoder attention: decoder queries, keys and values of the memory */
    TF_ATTN_COUNT
} tf_AttnKind;

/* "enc", "dec", "cross" (the spec's words), "none" */
const char *tf_attn_kind_name(tf_AttnKind k);

typedef struct {
    tf_AttnKind kind;
    int layer, head;  /* from 0 */
} tf_Head;

#define TF_MAX_ABLATED 1024

typedef struct {
    bool no_pos;    /* no positional encoding on either side: src.pos and tgt.pos are zeros */
    bool no_mask;   /* the decoder's self-attention sees every position (teacher-forced only) */
    bool no_scale;  /* scores are Q·Kᵀ, not divided by √dₖ */
    int n_ablated;  /* heads whose context (weights·V) is zero before the output projection */
    tf_Head ablated[TF_MAX_ABLATED];  /* in the order they were added, no repeats */
} tf_Interv;

/* Adds the heads of a spec "KIND.L.H[,KIND.L.H…]" (KIND enc, dec or cross; layers and heads from
 * 0) to iv, checked against the model; err names the bad item and the valid range. */
tf_Status tf_interv_parse_ablate(tf_Interv *iv, const tf_Config *c, const char *spec,
                                 tf_Err *err);
bool tf_interv_head(const tf_Interv *iv, tf_AttnKind kind, int layer, int head);
/* Ablates (on) or restores (off) one head; false when on and TF_MAX_ABLATED are already off. */
bool tf_interv_set_head(tf_Interv *iv, tf_AttnKind kind, int layer, int head, bool on);
bool tf_interv_any(const tf_Interv *iv);
bool tf_interv_equal(const tf_Interv *a, const tf_Interv *b);
/* A line for people: "ablate enc.0.3 cross.1.0; no-pos; no-mask; no-scale", or "none". */
void tf_interv_describe(const tf_Interv *iv, char *buf, size_t cap);
/* The trace metadata's "interventions" value, a JSON object (malloc'd):
 * {"ablate":["enc.0.3"],"no_pos":true,"no_mask":false,"no_scale":false}, and back. */
char *tf_interv_to_json(const tf_Interv *iv);
tf_Status tf_interv_from_json(tf_Interv *iv, const tf_Config *c, const char *json, tf_Err *err);

#endif

/* eval.h — how well a model does the synthetic task: corpus BLEU-4, exact match, whether
 * cross-attention follows the gold word alignment, which encoder heads follow the gold
 * long-distance dependencies, and the two pictures of the paper: how many heads of one encoder
 * layer attend from "making" to "more difficult" (Figure 3), and whether a head attends from
 * "its" to its antecedent (Figure 4). Not training, not the task itself (task.h).
 *
 * Usage:
 *     tf_Bleu b = {0};
 *     tf_bleu_add(&b, hyp, n_hyp, ref, n_ref);   // token ids or any ints, one sentence
 *     double score = tf_bleu_score(&b);           // 0..100
 */
#ifndef TF_EVAL_H
#define TF_EVAL_H

#include "forward.h"
#include "pool.h"
#include "task.h"

/* Corpus BLEU-4 (Papineni et al. 2002): clipped n-gram precisions for n = 1..4 summed over the
 * corpus, their geometric mean, times the brevity penalty exp(1 - r/c) when c < r. */
typedef struct {
    long long match[4], total[4];
    long long hyp_len, ref_len;
} tf_Bleu;

void tf_bleu_add(tf_Bleu *b, const int *hyp, int n_hyp, const int *ref, int n_ref);
double tf_bleu_score(const tf_Bleu *b);

/* The Figure 3 and Figure 4 scores' thresholds: a head "attends from making to its complement"
 * when it puts at least TF_EVAL_FIG3_MIN of the row of "making" on "more" + the adjective, and
 * "from its to its antecedent" when it puts at least TF_EVAL_ANA_MIN of the row of "its" on it. */
#define TF_EVAL_FIG3_MIN 0.3f
#define TF_EVAL_ANA_MIN 0.5f

typedef struct {
    int n_pairs;
    double bleu;               /* 0..100 */
    double exact;              /* fraction of hypotheses equal to the reference */
    double align_acc;          /* fraction of content target tokens whose head-averaged
                                  last-layer cross-attention argmax is their gold source word */
    long long align_total;
    int n_heads;               /* n_enc × H */
    double *dep_score;         /* (n_enc, H): fraction of gold dependency pairs a head follows */
    long long dep_total;
    int best_layer, best_head;
    /* Figure 3: per sentence of the family, the heads of a layer that attend from "making" to
     * its complement; fig3_median[l] is the median over sentences for layer l, and fig3_layer
     * the layer with the highest median (ties: the higher mean, then the lower layer). */
    int fig3_n;
    double *fig3_median, *fig3_mean;  /* (n_enc) */
    int fig3_layer;
    /* Figure 4: of the "its" (fig. 4 family), the share for which some encoder head attends to
     * the antecedent (ana_any) and, per head, the share for which that head does (ana_score) */
    long long ana_total;
    double ana_any;
    double *ana_score;         /* (n_enc, H) */
    int ana_layer, ana_head;
    double unk_rate;           /* fraction of pairs with a token outside the model's vocabulary */
} tf_EvalResult;

/* Evaluates on the first n pairs of a split (drawn with seed); beam = 1 is greedy.
 * progress (may be NULL) is called every few pairs with (done, n, user). */
tf_Status tf_eval_task(const tf_Model *m, uint64_t seed, tf_Split split, int n, int beam,
                       void (*progress)(int done, int n, void *user), void *user,
                       tf_EvalResult *out, tf_Err *err);
void tf_eval_free(tf_EvalResult *r);
/* The same with interventions (interv.h; no_mask not allowed: the pairs are decoded). */
tf_Status tf_eval_task_with(const tf_Model *m, const tf_Interv *iv, uint64_t seed, tf_Split split,
                            int n, int beam, void (*progress)(int done, int n, void *user),
                            void *user, tf_EvalResult *out, tf_Err *err);

/* Which heads matter (issue 12 §6): exact match and BLEU on the first n pairs of a split with
 * nothing ablated, then with each attention head ablated on its own. Heads are listed encoder
 * self-attention, decoder self-attention, then cross-attention, layer by layer, head by head;
 * the drop of a head is the plain score minus its own. pool (may be NULL) runs heads in parallel;
 * the numbers do not depend on it. */
typedef struct {
    int n_pairs;              /* pairs scored: those with a token outside the model's
                                 vocabularies are left out */
    double bleu, exact;       /* with nothing ablated; BLEU 0..100, exact a fraction */
    int n_heads;              /* (n_enc + 2 n_dec) × H */
    tf_Head *heads;           /* (n_heads) */
    double *head_bleu, *head_exact;  /* (n_heads) with that head ablated */
} tf_AblateResult;

tf_Status tf_eval_ablate_each(const tf_Model *m, uint64_t seed, tf_Split split, int n, int beam,
                              tf_Pool *pool, void (*progress)(int done, int n, void *user),
                              void *user, tf_AblateResult *out, tf_Err *err);
void tf_ablate_free(tf_AblateResult *r);

/* A pair's ids in the model's vocabularies: src (n_src), tgt = <bos> + target (n_tgt + 1),
 * malloc'd; false (nothing allocated) when a token is unknown or a side is too long. */
bool tf_eval_pair_ids(const tf_Model *m, const tf_Pair *p, int **src, int **tgt);
/* The model's translation of src, greedy (beam 1) or beam search, without its final <eos>. */
int tf_eval_decode(const tf_Model *m, const tf_Interv *iv, const int *src, int S, int beam,
                   int **hyp);

/* The attention scores of teacher-forced traces, summed pair by pair (tf_eval_attention) and
 * turned into tf_EvalResult's attention fields (tf_eval_tally_result). Exposed for tests. */
typedef struct {
    int n_enc, nhead;
    long long align_hit, align_total;
    long long *dep_hit, dep_total;       /* (n_enc·H) */
    int *fig3_heads, fig3_n, fig3_cap;   /* (fig3_n, n_enc): heads per layer, per sentence */
    long long *ana_hit, ana_total, ana_any; /* (n_enc·H) */
} tf_EvalTally;

void tf_eval_tally_init(tf_EvalTally *t, int n_enc, int nhead);
void tf_eval_tally_free(tf_EvalTally *t);
void tf_eval_attention(const tf_Trace *tr, const tf_Pair *p, tf_EvalTally *t);
/* Fills the attention fields of r (alignment, dependencies, Figure 3, Figure 4). */
void tf_eval_tally_result(const tf_EvalTally *t, tf_EvalResult *r);

#endif

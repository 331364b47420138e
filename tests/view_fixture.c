/* view_fixture.c — hand-made traces for tests (see view_fixture.h). Deterministic: a fixed
 * xorshift generator and float arithmetic in a fixed order. */
#include "view_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 512

static const char *FIGURE3[] = {
    "It", "is", "in", "this", "spirit", "that", "a", "majority", "of", "American",
    "governments", "have", "passed", "new", "laws", "since", "2009", "making", "the",
    "registration", "or", "voting", "process", "more", "difficult", ".", "<eos>"};

const char *vf_sentence(int n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    int total = (int)(sizeof FIGURE3 / sizeof FIGURE3[0]);
    for (int i = 0; i < n; i++) {
        const char *w = i < total ? FIGURE3[i] : "<pad>";
        int k = snprintf(buf + used, cap - used, "%s%s", i ? " " : "", w);
        if (k < 0 || (size_t)k >= cap - used) break;
        used += (size_t)k;
    }
    return buf;
}

static uint32_t rng = 2463534242u;

static float frand(void)  /* in [-1, 1) */
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (float)(rng >> 8) / 8388608.0f - 1.0f;
}

static int split(char *text, char **words)
{
    int n = 0;
    for (char *t = strtok(text, " "); t && n < MAX_WORDS; t = strtok(NULL, " ")) words[n++] = t;
    return n;
}

static void fill(float *x, int64_t n, float amp)
{
    for (int64_t i = 0; i < n; i++) x[i] = amp * frand();
}

/* A node without inputs, at the site its name says (as a trace read from a file gets it). */
static float *add(tf_Trace *tr, const char *name, tf_Op op, int ndim, const int *shape,
                  const char *note)
{
    tf_NodeDecl d = {name, op, tf_site_parse(name), ndim, {0}, 0, {0}, TF_MASK_NONE, note};
    memcpy(d.shape, shape, (size_t)ndim * sizeof *shape);
    return tr->nodes[tf_trace_add(tr, &d)].data;
}

/* Scores with a per-head pattern and their softmax after the mask. */
static void attention(tf_Trace *tr, const char *pre, int H, int Q, int K, int Dk, bool causal)
{
    char name[TF_NAME_MAX];
    int qs[3] = {H, Q, Dk}, ks[3] = {H, K, Dk}, ss[3] = {H, Q, K};
    const char *parts[3] = {"q", "k", "v"};
    for (int p = 0; p < 3; p++) {
        snprintf(name, sizeof name, "%s.%s", pre, parts[p]);
        fill(add(tr, name, TF_OP_PROJECT, 3, p ? ks : qs, "projection"), (int64_t)H * (p ? K : Q) * Dk, 1.5f);
    }
    snprintf(name, sizeof name, "%s.scores", pre);
    float *sc = add(tr, name, TF_OP_SCORES, 3, ss, "Q·Kᵀ/√Dk, before any mask");
    for (int h = 0; h < H; h++)
        for (int i = 0; i < Q; i++)
            for (int j = 0; j < K; j++) {
                int target = h % 4 == 0 ? i : h % 4 == 1 ? (i + 1) % K : h % 4 == 2 ? K - 1 : (i * 3 + h) % K;
                sc[((int64_t)h * Q + i) * K + j] = (j == target ? 4.0f : 0.0f) + 1.2f * frand();
            }
    snprintf(name, sizeof name, "%s.weights", pre);
    float *w = add(tr, name, TF_OP_SOFTMAX, 3, ss, "softmax after the mask");
    tr->nodes[tr->n_nodes - 1].mask = causal ? TF_MASK_CAUSAL : TF_MASK_NONE;
    if (causal) tr->nodes[tr->n_nodes - 2].mask = TF_MASK_CAUSAL;
    for (int h = 0; h < H; h++)
        for (int i = 0; i < Q; i++) {
            const float *s = sc + ((int64_t)h * Q + i) * K;
            float *o = w + ((int64_t)h * Q + i) * K, mx = -INFINITY, sum = 0;
            int lim = causal ? (i + 1 < K ? i + 1 : K) : K;
            for (int j = 0; j < lim; j++) mx = fmaxf(mx, s[j]);
            for (int j = 0; j < lim; j++) sum += (o[j] = expf(s[j] - mx));
            for (int j = 0; j < lim; j++) o[j] /= sum;
        }
    snprintf(name, sizeof name, "%s.context", pre);
    fill(add(tr, name, TF_OP_CONTEXT, 3, qs, "weights·V"), (int64_t)H * Q * Dk, 1.0f);
}

static void block(tf_Trace *tr, const char *side, int i, int n, const vf_Shape *sh, int S, bool dec)
{
    char name[TF_NAME_MAX], pre[40];
    int D = sh->d_model, H = sh->nhead, Dk = D / H;
    int nd[2] = {n, D}, nf[2] = {n, sh->d_ff};
    snprintf(pre, sizeof pre, "%s.%d.self_attn", side, i);
    attention(tr, pre, H, n, n, Dk, dec);
    snprintf(name, sizeof name, "%s.out", pre);
    fill(add(tr, name, TF_OP_LINEAR, 2, nd, "concat(heads)·W_Oᵀ + b_O"), (int64_t)n * D, 2.0f);
    const char *rest[] = {"add1", "norm1", "add2", "norm2", "add3", "norm3"};
    int k = 0;
    for (int r = 0; r < 2; r++, k++) {
        snprintf(name, sizeof name, "%s.%d.%s", side, i, rest[k]);
        fill(add(tr, name, r ? TF_OP_LAYERNORM : TF_OP_ADD, 2, nd, r ? "layer norm" : "residual sum"),
             (int64_t)n * D, 2.5f);
    }
    if (dec) {
        snprintf(pre, sizeof pre, "%s.%d.cross_attn", side, i);
        attention(tr, pre, H, n, S, Dk, false);
        snprintf(name, sizeof name, "%s.out", pre);
        fill(add(tr, name, TF_OP_LINEAR, 2, nd, "concat(heads)·W_Oᵀ + b_O"), (int64_t)n * D, 2.0f);
        for (int r = 0; r < 2; r++, k++) {
            snprintf(name, sizeof name, "%s.%d.%s", side, i, rest[k]);
            fill(add(tr, name, r ? TF_OP_LAYERNORM : TF_OP_ADD, 2, nd, r ? "layer norm" : "residual sum"),
                 (int64_t)n * D, 2.5f);
        }
    }
    snprintf(name, sizeof name, "%s.%d.ffn.hidden", side, i);
    float *hdn = add(tr, name, TF_OP_LINEAR_RELU, 2, nf, "max(0, x·W1ᵀ + b1)");
    fill(hdn, (int64_t)n * sh->d_ff, 2.0f);
    for (int64_t j = 0; j < (int64_t)n * sh->d_ff; j++) hdn[j] = fmaxf(hdn[j], 0);
    snprintf(name, sizeof name, "%s.%d.ffn.out", side, i);
    fill(add(tr, name, TF_OP_LINEAR, 2, nd, "hidden·W2ᵀ + b2"), (int64_t)n * D, 2.0f);
    for (int r = 0; r < 2; r++, k++) {
        snprintf(name, sizeof name, "%s.%d.%s", side, i, rest[k]);
        fill(add(tr, name, r ? TF_OP_LAYERNORM : TF_OP_ADD, 2, nd, r ? "layer norm" : "residual sum"),
             (int64_t)n * D, 2.5f);
    }
}

static void vocab_of(char **words, int n, tf_Vocab *v, int *ids, int extra)
{
    const char **list = malloc((size_t)(n + extra + 4) * sizeof *list);
    char (*names)[16] = malloc((size_t)(extra > 0 ? extra : 1) * sizeof *names);
    int V = 0;
    const char *special[4] = {"<pad>", "<unk>", "<bos>", "<eos>"};
    for (int i = 0; i < 4; i++) list[V++] = special[i];
    for (int i = 0; i < n; i++) {
        int id = -1;
        for (int j = 0; j < V; j++)
            if (!strcmp(list[j], words[i])) id = j;
        if (id < 0) list[id = V++] = words[i];
        ids[i] = id;
    }
    for (int i = 0; i < extra; i++) {
        snprintf(names[i], sizeof names[i], "w%d", i);
        list[V++] = names[i];
    }
    tf_Err err;
    if (tf_vocab_from_list(v, list, V, "fixture", &err) != TF_OK) {
        fprintf(stderr, "view_fixture: %s\n", err.msg);
        abort();
    }
    free(list);
    free(names);
}

void vf_make_trace(tf_Trace *tr, const char *src, const char *tgt, const vf_Shape *sh)
{
    rng = 2463534242u;
    char sbuf[4096], tbuf[4096];
    char *sw[MAX_WORDS], *tw[MAX_WORDS + 1];
    snprintf(sbuf, sizeof sbuf, "%s", src);
    snprintf(tbuf, sizeof tbuf, "<bos> %s", tgt);
    int S = split(sbuf, sw), T = split(tbuf, tw);
    tf_Vocab sv, tv;
    int sid[MAX_WORDS], tid[MAX_WORDS + 1];
    vocab_of(sw, S, &sv, sid, 0);
    vocab_of(tw, T, &tv, tid, sh->vocab_extra);
    int D = sh->d_model, V = tv.n, L = sh->n_enc > sh->n_dec ? sh->n_enc : sh->n_dec;
    int n = S > T ? S : T;
    size_t floats = (size_t)(L * 30 + 10) * ((size_t)n * (D > sh->d_ff ? D : sh->d_ff) * 2 +
                                             (size_t)sh->nhead * n * n * 2) + (size_t)T * V * 2 + 4096;
    tf_trace_init(tr, 1, floats, L * 60 + 20);
    tr->cfg = (tf_Config){.d_model = D, .nhead = sh->nhead, .n_enc = sh->n_enc,
                          .n_dec = sh->n_dec, .d_ff = sh->d_ff, .ln_eps = 1e-5f,
                          .max_len = 256, .tied_generator = true, .src_vocab = sv.n,
                          .tgt_vocab = V};
    tf_trace_set_tokens(tr, &sv, sid, S, &tv, tid, T);
    tf_trace_set_model(tr, "fixture.safetensors", "0000000000000000000000000000000000000000000000000000000000000000");
    int sd[2] = {S, D}, td[2] = {T, D}, tv2[2] = {T, V};
    const char *emb[3] = {"embed", "pos", "x"};
    for (int k = 0; k < 3; k++) {
        char name[TF_NAME_MAX];
        snprintf(name, sizeof name, "src.%s", emb[k]);
        fill(add(tr, name, k == 0 ? TF_OP_EMBED : k == 1 ? TF_OP_POSENC : TF_OP_ADD, 2, sd, emb[k]), (int64_t)S * D, 1.0f);
    }
    for (int i = 0; i < sh->n_enc; i++) block(tr, "enc", i, S, sh, S, false);
    for (int k = 0; k < 3; k++) {
        char name[TF_NAME_MAX];
        snprintf(name, sizeof name, "tgt.%s", emb[k]);
        fill(add(tr, name, k == 0 ? TF_OP_EMBED : k == 1 ? TF_OP_POSENC : TF_OP_ADD, 2, td, emb[k]), (int64_t)T * D, 1.0f);
    }
    for (int i = 0; i < sh->n_dec; i++) block(tr, "dec", i, T, sh, S, true);
    float *lg = add(tr, "logits", TF_OP_LINEAR, 2, tv2, "x·W_genᵀ");
    fill(lg, (int64_t)T * V, 6.0f);
    float *pr = add(tr, "probs", TF_OP_SOFTMAX, 2, tv2, "softmax over the vocabulary");
    for (int t = 0; t < T; t++) {
        float mx = -INFINITY, sum = 0;
        for (int j = 0; j < V; j++) mx = fmaxf(mx, lg[(int64_t)t * V + j]);
        for (int j = 0; j < V; j++) sum += (pr[(int64_t)t * V + j] = expf(lg[(int64_t)t * V + j] - mx));
        for (int j = 0; j < V; j++) pr[(int64_t)t * V + j] /= sum;
    }
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
}

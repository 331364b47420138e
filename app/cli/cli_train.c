/* cli_train.c — `tfscope train`: trains a model on the synthetic English→Korean task with the
 * paper's recipe, printing progress, writing atomic checkpoints (resumable after Ctrl-C or a
 * kill) and, on request, a trace of the Figure 3 sentence every N steps. The same options give
 * the same model file, bit for bit, whatever the thread count. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "batch.h"
#include "checkpoint.h"
#include "cli.h"
#include "eval.h"

static const char *USAGE =
    "usage: tfscope train --task en-ko --out FILE [--steps N] [--seed S] [--threads K]\n"
    "                     [--batch B] [--d-model D] [--heads H] [--layers L] [--ff F]\n"
    "                     [--warmup W] [--lr-scale X] [--src-words X]\n"
    "                     [--snapshot-every N --snapshot-dir DIR]\n"
    "                     [--checkpoint FILE] [--checkpoint-every N] [--resume] [--eval-n N]\n\n"
    "Trains a Transformer on the synthetic English→Korean task (tfscope task) with the paper's\n"
    "recipe: Adam (β1 0.9, β2 0.98, ε 1e-9), the warm-up learning-rate schedule, label smoothing\n"
    "0.1, dropout 0.1 on sub-layer outputs and on embeddings + positions. Source and target\n"
    "vocabularies differ (English and Korean), so their embeddings are separate; the output layer\n"
    "shares the target embedding, as in the paper.\n\n"
    "  --steps N            updates (default 3000)\n"
    "  --seed S             data order, dropout and initial weights (default 1)\n"
    "  --threads K          worker threads (default 2); the model is identical for every K\n"
    "  --batch B            sentences per batch, of similar length (default 32)\n"
    "  --d-model D --heads H --layers L --ff F   model size (default 64, 8, 2 + 2, 256)\n"
    "  --warmup W --lr-scale X   lr = X · D^-0.5 · min(step^-0.5, step · W^-1.5)\n"
    "                       (default W 400, X 1; the paper: 4000 and 1)\n"
    "  --src-words X        weight of a second objective (default 0, off; the paper has none):\n"
    "                       the encoder's output at each English word, through the output\n"
    "                       layer, also predicts the Korean word aligned to it, so a word whose\n"
    "                       translation depends on another (\"making\" on its adjective, \"its\"\n"
    "                       on its noun) gathers it in the encoder. Not a loss on attention.\n"
    "  --snapshot-every N --snapshot-dir DIR\n"
    "                       every N steps, the trace of the Figure 3 sentence into\n"
    "                       DIR/step-NNNNNN.safetensors, to watch attention form\n"
    "  --checkpoint FILE    where to keep the checkpoint (default FILE.ckpt beside --out);\n"
    "  --checkpoint-every N written every N steps (default 100) and on Ctrl-C / kill\n"
    "  --resume             continue from the checkpoint; ends with the same model as an\n"
    "                       uninterrupted run\n"
    "  --eval-n N           test pairs to evaluate at the end, recorded in the model (default\n"
    "                       500; 0 skips)\n\n"
    "Exit codes: 0 done, 1 usage, 2 bad input or file, 130 interrupted (checkpoint written).\n";

static volatile sig_atomic_t g_stop;
static void on_signal(int sig) { g_stop = sig; }

typedef struct {
    const char *out, *ckpt, *snap_dir;
    int steps, seed, threads, batch, d_model, heads, layers, ff, warmup, snap_every, ckpt_every,
        eval_n;
    double lr_scale, src_words;
    bool resume;
} Opts;

static bool parse(int argc, char **argv, Opts *o, bool *help)
{
    const char *task = NULL, *v[16] = {0}, *resume = NULL;
    cli_Opt opts[] = {
        {"task", true, &task},         {"out", true, &o->out},          {"steps", true, &v[0]},
        {"seed", true, &v[1]},         {"threads", true, &v[2]},        {"batch", true, &v[3]},
        {"d-model", true, &v[4]},      {"heads", true, &v[5]},          {"layers", true, &v[6]},
        {"ff", true, &v[7]},           {"warmup", true, &v[8]},         {"lr-scale", true, &v[9]},
        {"snapshot-every", true, &v[10]}, {"snapshot-dir", true, &o->snap_dir},
        {"checkpoint", true, &o->ckpt}, {"checkpoint-every", true, &v[11]},
        {"resume", false, &resume},    {"eval-n", true, &v[12]},
        {"src-words", true, &v[13]}};
    const char *pos[1];
    int n_pos;
    *o = (Opts){.steps = 3000, .seed = 1, .threads = 2, .batch = 32, .d_model = 64, .heads = 8,
                .layers = 2, .ff = 256, .warmup = 400, .ckpt_every = 100, .eval_n = 500,
                .lr_scale = 1.0};
    if (!cli_parse_opts(argc, argv, opts, (int)(sizeof opts / sizeof opts[0]), pos, 0, &n_pos,
                        help))
        return false;
    if (*help) return true;
    o->resume = resume != NULL;
    if (!task || strcmp(task, "en-ko")) {
        fprintf(stderr, "tfscope train: --task en-ko is required (the one task tfscope has)\n");
        return false;
    }
    if (!o->out) {
        fprintf(stderr, "tfscope train: --out FILE is required\n");
        return false;
    }
    struct { int idx; const char *name; int lo, hi; int *dst; } ints[] = {
        {0, "steps", 1, 10000000, &o->steps},     {1, "seed", 0, 2147483647, &o->seed},
        {2, "threads", 1, 256, &o->threads},      {3, "batch", 1, 4096, &o->batch},
        {4, "d-model", 8, 1024, &o->d_model},     {5, "heads", 1, 64, &o->heads},
        {6, "layers", 1, 12, &o->layers},         {7, "ff", 8, 8192, &o->ff},
        {8, "warmup", 1, 1000000, &o->warmup},    {10, "snapshot-every", 1, 10000000, &o->snap_every},
        {11, "checkpoint-every", 1, 10000000, &o->ckpt_every}, {12, "eval-n", 0, 100000, &o->eval_n}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (v[ints[i].idx] &&
            !cli_parse_int(ints[i].name, v[ints[i].idx], ints[i].lo, ints[i].hi, ints[i].dst))
            return false;
    if (v[9]) {
        char *end;
        o->lr_scale = strtod(v[9], &end);
        if (*end || !(o->lr_scale > 0 && o->lr_scale <= 100)) {
            fprintf(stderr, "tfscope train: --lr-scale: '%s' is not a number in (0, 100]\n", v[9]);
            return false;
        }
    }
    if (v[13]) {
        char *end;
        o->src_words = strtod(v[13], &end);
        if (*end || !(o->src_words >= 0 && o->src_words <= 100)) {
            fprintf(stderr, "tfscope train: --src-words: '%s' is not a number in [0, 100]\n",
                    v[13]);
            return false;
        }
    }
    if (o->d_model % o->heads) {
        fprintf(stderr, "tfscope train: --heads %d does not divide --d-model %d\n", o->heads, o->d_model);
        return false;
    }
    if (!!o->snap_dir != !!o->snap_every) {
        fprintf(stderr, "tfscope train: --snapshot-every and --snapshot-dir go together\n");
        return false;
    }
    return true;
}

static void recipe(const Opts *o, tf_TrainConfig *tc)
{
    tf_train_config_default(tc);
    tc->warmup = o->warmup;
    tc->lr_scale = (float)o->lr_scale;
    tc->src_words = (float)o->src_words;
    tc->seed = (uint64_t)o->seed;
    tc->share_embeddings = false;  /* English and Korean have different vocabularies */
}

/* The model the options describe, with the task's vocabularies (the caller frees them). */
static tf_Config command_config(const Opts *o, tf_Vocab *sv, tf_Vocab *tv)
{
    tf_task_vocabs(sv, tv);
    return (tf_Config){.d_model = o->d_model, .nhead = o->heads, .n_enc = o->layers,
                       .n_dec = o->layers, .d_ff = o->ff, .ln_eps = 1e-5f, .norm_first = false,
                       .max_len = 64, .tied_generator = true, .src_vocab = sv->n,
                       .tgt_vocab = tv->n};
}

static void fresh_model(const Opts *o, const tf_TrainConfig *tc, tf_Model *m)
{
    tf_Vocab sv, tv;
    tf_Config c = command_config(o, &sv, &tv);
    tf_model_init(m, &c, &sv, &tv);
    tf_weights_init(m, (uint64_t)o->seed, tc->share_embeddings);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
}

/* The command that rebuilds this model, without what does not change it (paths, threads). */
static void canonical_command(const Opts *o, char *buf, size_t n)
{
    char sw[48] = "";
    if (o->src_words > 0) snprintf(sw, sizeof sw, " --src-words %g", o->src_words);
    snprintf(buf, n, "tfscope train --task en-ko --steps %d --seed %d --batch %d --d-model %d "
             "--heads %d --layers %d --ff %d --warmup %d --lr-scale %g%s --out FILE", o->steps,
             o->seed, o->batch, o->d_model, o->heads, o->layers, o->ff, o->warmup, o->lr_scale,
             sw);
}

static bool write_checkpoint(const Opts *o, const tf_Model *m, const tf_TrainState *st)
{
    char cmd[512];
    canonical_command(o, cmd, sizeof cmd);
    tf_StMeta meta[] = {{"training_command", cmd}};
    uint8_t *bytes;
    size_t len;
    tf_checkpoint_save(m, st, meta, 1, &bytes, &len);
    bool ok = cli_write_atomic(o->ckpt, bytes, len);
    free(bytes);
    return ok;
}

static bool resume(const Opts *o, const tf_TrainConfig *tc, tf_Model *m, tf_TrainState *st)
{
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(o->ckpt, &buf, &len)) return false;
    tf_Err err;
    tf_St meta;
    tf_Status s = tf_checkpoint_load(buf, len, tc, m, st, &meta, &err);
    cli_free_file(buf, len);
    /* read to be continued: the run rewrites it on purpose */
    cli_output_forget_read(o->ckpt);
    tf_Vocab sv, tv;
    tf_Config want = command_config(o, &sv, &tv);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
    if (!s && (s = tf_checkpoint_check(m, st, &want, o->steps, &err))) {
        tf_st_free(&meta);
        tf_train_free(st);
        tf_model_free(m);
    }
    if (s) {
        fprintf(stderr, "tfscope train: %s: %s\n", o->ckpt, err.msg);
        return false;
    }
    char cmd[512];
    canonical_command(o, cmd, sizeof cmd);
    const char *was = tf_st_meta(&meta, "training_command");
    bool same = was && !strcmp(was, cmd);
    if (!same)
        fprintf(stderr, "tfscope train: %s was written by a different run:\n  %s\nnot\n  %s\n",
                o->ckpt, was ? was : "(unknown)", cmd);
    tf_st_free(&meta);
    if (!same) {
        tf_train_free(st);
        tf_model_free(m);
    }
    return same;
}

static void add_meta(tf_StMeta **meta, int *n, const char *key, const char *value)
{
    *meta = realloc(*meta, (size_t)(*n + 1) * sizeof **meta);
    TF_ASSERT(*meta);
    (*meta)[*n].key = tf_xstrdup(key);
    (*meta)[*n].value = tf_xstrdup(value);
    (*n)++;
}

static bool write_snapshot(const Opts *o, const tf_Model *m, int64_t step, double loss)
{
    tf_Pair p;
    tf_task_figure3(&p);
    int *src = tf_xmalloc((size_t)p.n_src * sizeof *src), *tgt = tf_xmalloc((size_t)(p.n_tgt + 1) * sizeof *tgt);
    for (int i = 0; i < p.n_src; i++) src[i] = tf_vocab_find(&m->src_vocab, p.src[i]);
    tgt[0] = m->tgt_vocab.bos;
    for (int i = 0; i < p.n_tgt; i++) tgt[i + 1] = tf_vocab_find(&m->tgt_vocab, p.tgt[i]);
    tf_Trace tr;
    tf_Status s = tf_trace_sentence(m, src, p.n_src, tgt, p.n_tgt + 1, NULL, &tr, NULL);
    TF_ASSERT(s == TF_OK);
    char name[64], v[64];
    snprintf(name, sizeof name, "training step %lld", (long long)step);
    tf_trace_set_model(&tr, name, "");
    snprintf(v, sizeof v, "%lld", (long long)step);
    add_meta(&tr.extra_meta, &tr.n_extra_meta, "train_step", v);
    snprintf(v, sizeof v, "%.6f", loss);
    add_meta(&tr.extra_meta, &tr.n_extra_meta, "train_loss", v);
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&tr, &bytes, &len);
    char path[4096];
    snprintf(path, sizeof path, "%s/step-%06lld.safetensors", o->snap_dir, (long long)step);
    bool ok = cli_write_atomic(path, bytes, len);
    free(bytes);
    tf_trace_free(&tr);
    tf_pair_free(&p);
    free(src);
    free(tgt);
    return ok;
}

static void clock_str(char *buf, size_t n, double s)
{
    int t = (int)(s + 0.5);
    if (t >= 3600) snprintf(buf, n, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
    double t0, last_print, loss_sum;
    int64_t first_step, tokens, loss_n;
} Progress;

static void progress(const Opts *o, const tf_TrainState *st, Progress *p, bool force)
{
    double t = now_s();
    if (!force && t - p->last_print < 2.0) return;
    double el = t - p->t0, done = (double)(st->step - p->first_step);
    char e[32], eta[32];
    clock_str(e, sizeof e, el);
    clock_str(eta, sizeof eta, done > 0 ? el / done * (double)(o->steps - st->step) : 0);
    fprintf(stderr, "step %6lld/%d  loss %.4f  lr %.2e  %6.0f tok/s  elapsed %s  ETA %s\n",
            (long long)st->step, o->steps, p->loss_n ? p->loss_sum / (double)p->loss_n : 0.0,
            (double)tf_learning_rate(&st->cfg, o->d_model, st->step), el > 0 ? (double)p->tokens / el : 0.0,
            e, eta);
    p->last_print = t;
    p->loss_sum = 0;
    p->loss_n = 0;
}

/* Runs updates until o->steps or a signal; returns false on a failed write. */
static bool train_loop(const Opts *o, tf_Model *m, tf_TrainState *st, tf_Pool *pool)
{
    Progress p = {now_s(), 0, 0, st->step, 0, 0};
    while (st->step < o->steps && !g_stop) {
        tf_TrainBatch tb;
        tf_task_batch(m, (uint64_t)o->seed, (uint64_t)st->step, o->batch, &tb);
        tf_LossStats ls;
        tf_Err err;
        tf_Status s = tf_train_step(m, st, &tb.b, pool, &ls, &err);
        TF_ASSERT(s == TF_OK);
        p.tokens += tb.n_tokens;
        p.loss_sum += ls.loss;
        p.loss_n++;
        tf_train_batch_free(&tb);
        progress(o, st, &p, st->step == o->steps);
        if (o->snap_every && st->step % o->snap_every == 0 &&
            !write_snapshot(o, m, st->step, ls.loss))
            return false;
        if (st->step % o->ckpt_every == 0 && st->step < o->steps && !write_checkpoint(o, m, st))
            return false;
    }
    return true;
}

static void record_eval(tf_Model *m, int n)
{
    tf_EvalResult r;
    tf_Err err;
    fprintf(stderr, "evaluating on %d test pairs...\n", n);
    if (tf_eval_task(m, 1, TF_SPLIT_TEST, n, 1, NULL, NULL, &r, &err) != TF_OK) {
        fprintf(stderr, "tfscope train: evaluation failed: %s\n", err.msg);
        return;
    }
    char v[128];
    snprintf(v, sizeof v, "%d", r.n_pairs);
    add_meta(&m->extra_meta, &m->n_extra_meta, "eval_pairs", v);
    snprintf(v, sizeof v, "%.2f", r.bleu);
    add_meta(&m->extra_meta, &m->n_extra_meta, "eval_bleu", v);
    snprintf(v, sizeof v, "%.4f", r.exact);
    add_meta(&m->extra_meta, &m->n_extra_meta, "eval_exact_match", v);
    snprintf(v, sizeof v, "%.4f", r.align_acc);
    add_meta(&m->extra_meta, &m->n_extra_meta, "eval_alignment_accuracy", v);
    snprintf(v, sizeof v, "layer %d head %d: %.4f", r.best_layer, r.best_head,
             r.dep_score[r.best_layer * m->cfg.nhead + r.best_head]);
    add_meta(&m->extra_meta, &m->n_extra_meta, "eval_best_dependency_head", v);
    fprintf(stderr, "BLEU %.2f  exact match %.1f %%  alignment %.1f %%  best head %s\n", r.bleu,
            100 * r.exact, 100 * r.align_acc, v);
    tf_eval_free(&r);
}

static bool finish(const Opts *o, tf_Model *m)
{
    char cmd[512], v[32];
    canonical_command(o, cmd, sizeof cmd);
    add_meta(&m->extra_meta, &m->n_extra_meta, "task", "en-ko: tfscope's synthetic English→Korean translation");
    add_meta(&m->extra_meta, &m->n_extra_meta, "training_command", cmd);
    snprintf(v, sizeof v, "%d", o->steps);
    add_meta(&m->extra_meta, &m->n_extra_meta, "training_steps", v);
    snprintf(v, sizeof v, "%d", o->seed);
    add_meta(&m->extra_meta, &m->n_extra_meta, "training_seed", v);
    char rec[160];
    snprintf(rec, sizeof rec, "Adam(0.9, 0.98, 1e-9), warm-up schedule, label smoothing 0.1, "
             "dropout 0.1%s", o->src_words > 0 ? ", source-word objective" : "");
    if (o->src_words > 0) snprintf(rec + strlen(rec), sizeof rec - strlen(rec), " %g", o->src_words);
    add_meta(&m->extra_meta, &m->n_extra_meta, "training_recipe", rec);
    if (o->eval_n > 0) record_eval(m, o->eval_n);
    uint8_t *bytes;
    size_t len;
    tf_model_save(m, &bytes, &len);
    bool ok = cli_write_atomic(o->out, bytes, len);
    free(bytes);
    if (ok) {
        remove(o->ckpt);
        printf("%s: trained for %d steps\n", o->out, o->steps);
    }
    return ok;
}

/* OUT.ckpt beside OUT, its name kept within NAME_MAX (a long OUT loses the end of its name). */
static void default_checkpoint(const char *out, char *buf, size_t cap)
{
    const char *slash = strrchr(out, '/'), *name = slash ? slash + 1 : out;
    size_t dir = (size_t)(name - out), keep = strlen(name);
    if (keep > NAME_MAX - 5) keep = NAME_MAX - 5;
    snprintf(buf, cap, "%.*s%.*s.ckpt", (int)dir, out, (int)keep, name);
}

static bool is_snapshot_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return !strncmp(slash ? slash + 1 : path, "step-", 5);
}

/* The model, the checkpoint and the snapshot folder are three different files, and neither the
 * model nor the checkpoint is a snapshot's name in that folder: all checked before any work. */
static int check_outputs(const Opts *o)
{
    cli_Path outs[] = {{"--out", o->out, 0}, {"--checkpoint", o->ckpt, 0},
                       {"--snapshot-dir", o->snap_dir, CLI_PATH_DIR}};
    int rc = cli_output_check("train", outs, 3, NULL, 0);
    for (int i = 0; i < 2 && !rc && o->snap_dir; i++)
        if (is_snapshot_name(outs[i].path) && cli_output_in_folder(outs[i].path, o->snap_dir)) {
            fprintf(stderr, "tfscope train: %s %s: a snapshot of --snapshot-dir %s would "
                    "replace it\n", outs[i].opt, outs[i].path, o->snap_dir);
            rc = CLI_EXIT_USAGE;
        }
    return rc;
}

int cli_train_cmd(int argc, char **argv)
{
    Opts o;
    bool help;
    if (!parse(argc, argv, &o, &help)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return CLI_EXIT_OK;
    }
    char ckpt[4096];
    if (!o.ckpt) {
        default_checkpoint(o.out, ckpt, sizeof ckpt);
        o.ckpt = ckpt;
    }
    int rc = check_outputs(&o);
    if (rc) return rc;
    if (o.snap_dir && mkdir(o.snap_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "tfscope train: --snapshot-dir %s: %s\n", o.snap_dir, strerror(errno));
        return CLI_EXIT_BAD_INPUT;
    }
    tf_TrainConfig tc;
    recipe(&o, &tc);
    tf_Model m;
    tf_TrainState st;
    if (o.resume) {
        if (!resume(&o, &tc, &m, &st)) return CLI_EXIT_BAD_INPUT;
        fprintf(stderr, "resuming %s at step %lld\n", o.ckpt, (long long)st.step);
    } else {
        fresh_model(&o, &tc, &m);
        tf_Err err;
        if (tf_train_init(&st, &m, &tc, &err) != TF_OK) {
            fprintf(stderr, "tfscope train: %s\n", err.msg);
            tf_model_free(&m);
            return CLI_EXIT_USAGE;
        }
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    tf_Pool *pool = tf_pool_new(o.threads);
    bool ok = train_loop(&o, &m, &st, pool);
    int code = CLI_EXIT_OK;
    if (ok && g_stop) {
        ok = write_checkpoint(&o, &m, &st);
        fprintf(stderr, "interrupted at step %lld; checkpoint %s; continue with the same command "
                "and --resume\n", (long long)st.step, o.ckpt);
        code = 130;
    } else if (ok) {
        ok = finish(&o, &m);
    }
    tf_pool_free(pool);
    tf_train_free(&st);
    tf_model_free(&m);
    return ok ? code : CLI_EXIT_BAD_INPUT;
}

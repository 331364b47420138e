/* win_run.c — the window state's model runs: attaching a model or trace, checking the words of
 * the sentence field, running greedy or beam decoding, and training snapshots (read here, so a
 * bad file becomes a message on screen). Part of ui_state (see win_state.h). */
#include "win_state.h"

#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tf_limits.h"

#include "win_budget.h"
#include "win_state_int.h"
#include "win_strings.h"
#include "win_whatif.h"

static double clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}


/* --- running the model -------------------------------------------------------------------- */

/* After the trace on screen changed: the same step (by name), position and selection where they
 * still exist. */
static void keep_place(win_State *st, const char *name)
{
    const tf_Trace *tr = win_trace(st);
    st->generation++;
    st->hover[0] = '\0';
    st->hover_panel = st->hover_head = st->hover_row = st->hover_col = -1;
    if (!tr || tr->n_nodes == 0) {
        st->node = 0;
        win_changed(st);
        return;
    }
    int i = name && name[0] ? tf_trace_index(tr, name) : -1;
    if (i >= 0) st->node = i;
    else if (st->node >= tr->n_nodes) st->node = tr->n_nodes - 1;
    if (st->out_pos >= tr->n_tgt) st->out_pos = tr->n_tgt - 1;
    if (st->sel_src >= tr->n_src) st->sel_src = -1;
    win_changed(st);
}

static void current_name(const win_State *st, char *out, size_t cap)
{
    const tf_Node *n = win_node(st);
    snprintf(out, cap, "%s", n ? n->name : "");
}

void win_attach_model(win_State *st, const tf_Model *m, const char *name, const char *sha256)
{
    st->model = m;
    snprintf(st->model_name, sizeof st->model_name, "%s", name ? name : "");
    snprintf(st->model_sha, sizeof st->model_sha, "%s", sha256 ? sha256 : "");
    win_changed(st);
}

void win_attach_trace(win_State *st, tf_Trace *tr, const char *name)
{
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (st->have_main) tf_trace_free(&st->main);
    st->main = *tr;
    memset(tr, 0, sizeof *tr);
    st->have_main = true;
    if (!st->model) {
        snprintf(st->model_name, sizeof st->model_name, "%s",
                 st->main.model_name ? st->main.model_name : name ? name : "");
        /* the sentence of a trace file, so that the field shows what is on screen */
        cli_join_tokens(st->main.src_tokens, st->main.n_src, st->input, sizeof st->input);
        st->cursor = (int)strlen(st->input);
        st->sel_anchor = -1;
    }
    keep_place(st, keep);
}

static void suggest(const tf_Vocab *v, const char *word, win_Unknown *u)
{
    char low[64];
    size_t n = 0;
    for (; word[n] && n + 1 < sizeof low; n++) low[n] = (char)tolower((unsigned char)word[n]);
    low[n] = '\0';
    int best[WIN_SUGGEST_MAX], bd[WIN_SUGGEST_MAX];
    u->n_suggest = 0;
    for (int i = 0; i < v->n; i++) {
        const char *t = v->tokens[i];
        if (t[0] == '<' && t[strlen(t) - 1] == '>') continue;  /* specials */
        int d = cli_edit_distance(low, t);
        int k = u->n_suggest < WIN_SUGGEST_MAX ? u->n_suggest++ : WIN_SUGGEST_MAX;
        if (k == WIN_SUGGEST_MAX) {
            if (d >= bd[WIN_SUGGEST_MAX - 1]) continue;
            k = WIN_SUGGEST_MAX - 1;
        }
        while (k > 0 && bd[k - 1] > d) {
            best[k] = best[k - 1];
            bd[k] = bd[k - 1];
            k--;
        }
        best[k] = i;
        bd[k] = d;
    }
    for (int k = 0; k < u->n_suggest; k++)
        snprintf(u->suggest[k], sizeof u->suggest[k], "%s", v->tokens[best[k]]);
}

void win_check_words(win_State *st)
{
    st->n_unknown = 0;
    win_changed(st);
    if (!st->model) return;
    const tf_Vocab *v = &st->model->src_vocab;
    const char *s = st->input;
    for (int i = 0; s[i] && st->n_unknown < WIN_UNKNOWN_MAX;) {
        if (win_edit_is_space(s[i])) {
            i++;
            continue;
        }
        int start = i;
        while (s[i] && !win_edit_is_space(s[i])) i++;
        char word[256];
        int len = i - start;
        if (len >= (int)sizeof word) len = (int)sizeof word - 1;
        memcpy(word, s + start, (size_t)len);
        word[len] = '\0';
        int *ids = NULL, n = 0;
        tf_Err err;
        if (tf_tokenize(v, word, &ids, &n, &err) == TF_OK) {
            free(ids);
            continue;
        }
        win_Unknown *u = &st->unknown[st->n_unknown++];
        u->start = start;
        u->len = i - start;
        suggest(v, word, u);
    }
}

void win_set_beam(win_State *st, bool beam)
{
    st->beam = beam;
    win_changed(st);
    if (st->model && st->have_main) win_run(st);
}

/* The decoder input for src: <bos> + the decoded tokens without the final <eos> (as
 * cli_trace_text does), greedy or beam, with the interventions of given. With log, the search is
 * recorded there for the beam view (greedy as a beam search with K = 1, which gives the greedy
 * result). */
static int decode(const win_State *st, const tf_Model *m, const tf_Interv *given, const int *src,
                  int S, int **tgt, tf_BeamLog *log)
{
    int *toks = NULL;
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    *iv = *given;
    iv->no_mask = false;
    int n = st->beam || log ? tf_beam_decode_with(m, iv, src, S, m->cfg.max_len,
                                                  st->beam ? st->beam_k : 1, 0.6, &toks, log)
                            : tf_greedy_decode_with(m, iv, src, S, m->cfg.max_len, &toks, NULL);
    free(iv);
    if (n > 0 && toks[n - 1] == m->tgt_vocab.eos) n--;
    if (n >= m->cfg.max_len) n = m->cfg.max_len - 1;
    if (n < 0) n = 0;
    *tgt = tf_xmalloc((size_t)(n + 1) * sizeof **tgt);
    (*tgt)[0] = m->tgt_vocab.bos;
    if (n) memcpy(*tgt + 1, toks, (size_t)n * sizeof *toks);
    free(toks);
    return n + 1;
}

/* The field's sentence through model m changed by iv into tr, with the search that found its
 * decoder input when search; a message says why when it cannot. */
static bool run_model(win_State *st, const tf_Model *m, const tf_Interv *iv, bool search,
                      tf_Trace *tr, const char *name, const char *sha)
{
    int *src = NULL, *tgt = NULL, S = 0;
    tf_Err err;
    if (tf_tokenize(&m->src_vocab, st->input, &src, &S, &err) != TF_OK ||
        tf_check_sequence(m, src, S, 0, &err) != TF_OK) {
        free(src);
        win_message(st, WIN_MSG_ERROR, 8, win_str(st->lang, S_MSG_CANNOT_RUN), err.msg);
        return false;
    }
    size_t need = win_budget_run(&m->cfg, S);
    if (!win_budget_room(st, need)) {
        free(src);
        win_budget_refuse(st, need);
        return false;
    }
    tf_BeamLog log = {0};
    int T = decode(st, m, iv, src, S, &tgt, search ? &log : NULL);
    memset(tr, 0, sizeof *tr);
    tf_Status s = tf_trace_sentence_with(m, iv, src, S, tgt, T, NULL, tr, &err);
    free(src);
    free(tgt);
    if (s == TF_OK && log.n) tf_trace_set_beam(tr, &log, &m->tgt_vocab);
    tf_beam_log_free(&log);
    if (s != TF_OK) {
        tf_trace_free(tr);
        win_message(st, WIN_MSG_ERROR, 8, win_str(st->lang, S_MSG_CANNOT_RUN), err.msg);
        return false;
    }
    tf_trace_set_model(tr, name, sha);
    return true;
}

bool win_run(win_State *st)
{
    if (!st->model) {
        win_message(st, WIN_MSG_ERROR, 8, "%s", win_str(st->lang, S_MSG_NO_MODEL));
        return false;
    }
    win_check_words(st);
    if (strspn(st->input, " \t\r\n") == strlen(st->input)) {
        win_message(st, WIN_MSG_ERROR, 8, "%s", win_str(st->lang, S_MSG_EMPTY));
        return false;
    }
    if (st->n_unknown) {
        char list[512] = "";
        for (int k = 0; k < st->n_unknown && strlen(list) + 80 < sizeof list; k++) {
            const win_Unknown *u = &st->unknown[k];
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s'%.*s'", k ? ", " : "", u->len > 40 ? 40 : u->len,
                     st->input + u->start);
            if (u->n_suggest) {
                n = strlen(list);
                snprintf(list + n, sizeof list - n, " (%s %s?)", win_str(st->lang, S_MSG_SUGGEST),
                         u->suggest[0]);
            }
        }
        win_message(st, WIN_MSG_ERROR, 10, win_str(st->lang, S_MSG_UNKNOWN), list);
        return false;
    }
    double t0 = clock_ms();
    tf_Trace tr;
    if (!run_model(st, st->model, &st->interv, true, &tr, st->model_name, st->model_sha))
        return false;
    st->last_run_ms = clock_ms() - t0;
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (st->have_main && !win_whatif_retire(st, &tr)) tf_trace_free(&st->main);
    st->main = tr;
    st->have_main = true;
    /* a new sentence is shown as it is now, not as an old snapshot saw it */
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    st->snap_loaded = -1;
    st->snap_index = -1;
    win_whatif_sync(st);
    keep_place(st, keep);
    win_message(st, WIN_MSG_INFO, 4, win_str(st->lang, S_MSG_RAN), st->last_run_ms,
                win_str(st->lang, st->beam ? S_BEAM : S_GREEDY));
    return true;
}

bool win_run_unchanged(win_State *st, tf_Trace *tr)
{
    static const tf_Interv none;
    return st->model && run_model(st, st->model, &none, false, tr, st->model_name, st->model_sha);
}

bool win_set_sentence(win_State *st, const char *text)
{
    win_field_set(st, text);
    return win_run(st);
}

/* --- training snapshots ------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

/* The value of "key":"…" in a header's text, as a number; false when absent. */
static bool header_number(const char *h, const char *key, double *out)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(h, pat);
    if (!p) return false;
    char *end;
    *out = strtod(p + strlen(pat), &end);
    return end != p + strlen(pat);
}

/* A snapshot's training step and loss: the train_step and train_loss that `tfscope train`
 * records in its header, else the digits of its name (step-000400); only the header is read. */
static void snapshot_meta(const char *path, long long *step, double *loss)
{
    *step = -1;
    *loss = NAN;
    FILE *f = fopen(path, "rb");
    unsigned char len8[8];
    if (f && fread(len8, 1, 8, f) == 8) {
        uint64_t n = 0;
        for (int i = 7; i >= 0; i--) n = n << 8 | len8[i];
        char *h = n > 0 && n < (64u << 20) ? malloc((size_t)n + 1) : NULL;
        if (h && fread(h, 1, (size_t)n, f) == (size_t)n) {
            h[n] = '\0';
            double v;
            if (header_number(h, "train_step", &v) && v >= 0) *step = (long long)v;
            if (header_number(h, "train_loss", &v)) *loss = v;
        }
        free(h);
    }
    if (f) fclose(f);
    if (*step < 0) {
        const char *b = strrchr(path, '/'), *d = b ? b + 1 : path;
        while (*d && (*d < '0' || *d > '9')) d++;
        if (*d) *step = strtoll(d, NULL, 10);
    }
}

float win_snapshot_pos(const win_State *st, int i)
{
    int n = st->n_snaps;
    if (i < 0 || i >= n) return 1.0f;
    bool logs = n > 1 && st->snap_step;
    for (int k = 0; logs && k < n; k++) logs = st->snap_step[k] > 0;
    if (logs) {
        double lo = log((double)st->snap_step[0]), hi = log((double)st->snap_step[n - 1]);
        if (hi > lo) return (float)(0.88 * (log((double)st->snap_step[i]) - lo) / (hi - lo));
    }
    return n > 1 ? 0.88f * (float)i / (float)(n - 1) : 0.0f;
}

void win_snapshot_step(win_State *st, int dir)
{
    int n = st->n_snaps, i = st->snap_index;
    if (!n) return;
    if (dir > 0) {
        if (i >= 0) win_goto_snapshot(st, i + 1 < n ? i + 1 : -1);
    } else {
        if (i < 0) win_goto_snapshot(st, n - 1);
        else if (i > 0) win_goto_snapshot(st, i - 1);
    }
}

bool win_open_snapshots(win_State *st, const char *dir)
{
    DIR *d = opendir(dir);
    char **paths = NULL;
    int n = 0, cap = 0;
    bool too_many = false;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || !ends_with(e->d_name, ".safetensors")) continue;
            if (n == TF_MAX_SNAPSHOTS) {
                too_many = true;
                break;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                paths = realloc(paths, (size_t)cap * sizeof *paths);
                TF_ASSERT(paths != NULL);
            }
            size_t len = strlen(dir) + strlen(e->d_name) + 2;
            paths[n] = tf_xmalloc(len);
            snprintf(paths[n], len, "%s/%s", dir, e->d_name);
            n++;
        }
        closedir(d);
    }
    if (n == 0 || too_many) {
        for (int i = 0; i < n; i++) free(paths[i]);
        free(paths);
        if (too_many)
            win_message(st, WIN_MSG_ERROR, 10, win_str(st->lang, S_MSG_SNAP_MANY), dir,
                        TF_MAX_SNAPSHOTS);
        else
            win_message(st, WIN_MSG_ERROR, 10, win_str(st->lang, S_MSG_SNAP_NONE), dir);
        return false;
    }
    qsort(paths, (size_t)n, sizeof *paths, cmp_str);
    for (int i = 0; i < st->n_snaps; i++) free(st->snap_paths[i]);
    free(st->snap_paths);
    free(st->snap_step);
    free(st->snap_loss);
    st->snap_paths = paths;
    st->n_snaps = n;
    st->snap_step = tf_xmalloc((size_t)n * sizeof *st->snap_step);
    st->snap_loss = tf_xmalloc((size_t)n * sizeof *st->snap_loss);
    for (int i = 0; i < n; i++) snapshot_meta(paths[i], &st->snap_step[i], &st->snap_loss[i]);
    win_goto_snapshot(st, 0);
    return true;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

void win_goto_snapshot(win_State *st, int index)
{
    char keep[TF_NAME_MAX];
    current_name(st, keep, sizeof keep);
    if (index < 0 || st->n_snaps == 0) {
        if (!st->have_main) return;  /* nothing else to show */
        st->snap_index = -1;
        keep_place(st, keep);
        return;
    }
    if (index >= st->n_snaps) index = st->n_snaps - 1;
    if (index == st->snap_loaded) {
        st->snap_index = index;
        keep_place(st, keep);
        return;
    }
    const char *path = st->snap_paths[index];
    char why[600] = "";
    size_t len = 0;
    uint8_t *buf = NULL;
    if (!cli_read_file_max(path, SIZE_MAX, &buf, &len, why, sizeof why)) buf = NULL;
    tf_Trace tr;
    bool ok = false;
    if (buf) {
        tf_Err err, merr;
        memset(&tr, 0, sizeof tr);
        if (!win_budget_room(st, len)) {  /* a trace or model takes about its file's size */
            cli_free_file(buf, len);
            win_budget_refuse(st, len);
            return;
        }
        if (tf_trace_load(buf, len, &tr, &err) == TF_OK) {
            ok = true;
        } else {
            /* a model snapshot: run the sentence on screen through it */
            tf_Model m;
            if (tf_model_load(buf, len, &m, &merr) == TF_OK) {
                ok = run_model(st, &m, &st->interv, true, &tr, base_name(path), "");
                tf_model_free(&m);
                if (!ok) {
                    cli_free_file(buf, len);
                    return;  /* run_model said why */
                }
            } else {
                snprintf(why, sizeof why, "%s", err.msg);
            }
        }
        cli_free_file(buf, len);
    }
    if (!ok) {
        win_message(st, WIN_MSG_ERROR, 8, win_str(st->lang, S_MSG_SNAP_BAD), base_name(path), why);
        return;
    }
    if (st->snap_loaded >= 0) tf_trace_free(&st->snap);
    st->snap = tr;
    st->snap_loaded = index;
    st->snap_index = index;
    keep_place(st, keep);
}


/* win_views.c — what the window's views need beyond the trace (see win_views.h): the logit lens of
 * the trace on screen, and the words for one of its cells. */
#include "win_views.h"

#include <stdio.h>
#include <string.h>

#include "win_budget.h"
#include "win_state_int.h"
#include "win_strings.h"

#define LENS_TOP 5  /* top tokens kept per point and position */

void win_views_free(win_State *st)
{
    if (st->have_lens) tf_lens_free(&st->lens);
    st->have_lens = false;
}

/* The lens of the trace on screen through the attached model; false with st->lens_err. */
static bool compute_lens(win_State *st)
{
    const tf_Trace *tr = win_trace(st);
    tf_Err err;
    if (!st->model) {
        snprintf(st->lens_err, sizeof st->lens_err, "%s", win_str(st->lang, S_MSG_LENS_NO_MODEL));
        return false;
    }
    if (tr != &st->main) {
        /* a snapshot's stream through the final model's output layer would say nothing true */
        snprintf(st->lens_err, sizeof st->lens_err, "%s", win_str(st->lang, S_MSG_LENS_SNAPSHOT));
        return false;
    }
    if (tr->model_sha256 && tr->model_sha256[0] && st->model_sha[0] &&
        strcmp(tr->model_sha256, st->model_sha)) {
        snprintf(st->lens_err, sizeof st->lens_err, "%s", win_str(st->lang, S_MSG_LENS_OTHER_MODEL));
        return false;
    }
    size_t need = win_budget_lens(&st->model->cfg, tr->n_tgt, LENS_TOP);
    if (!win_budget_room(st, need)) {
        win_budget_say(st, need, st->lens_err, sizeof st->lens_err);
        return false;
    }
    if (tf_lens_compute(st->model, tr, LENS_TOP, &st->lens, &err) != TF_OK) {
        snprintf(st->lens_err, sizeof st->lens_err, "%s", err.msg);
        return false;
    }
    return true;
}

void win_views_prepare(win_State *st)
{
    if (st->mode != WIN_MODE_LENS || !win_trace(st)) return;
    if (st->lens_generation == st->generation && (st->have_lens || st->lens_err[0])) return;
    win_views_free(st);
    st->lens_err[0] = '\0';
    st->lens_generation = st->generation;
    st->have_lens = compute_lens(st);
    if (!st->have_lens) win_message(st, WIN_MSG_ERROR, 8, "%s", st->lens_err);
}

const tf_Lens *win_views_lens(const win_State *st)
{
    return st->have_lens && st->lens_generation == st->generation ? &st->lens : NULL;
}

const char *win_views_lens_error(const win_State *st)
{
    return st->lens_generation == st->generation ? st->lens_err : "";
}

static const char *tok(const win_State *st, int id)
{
    const tf_Vocab *v = st->model ? &st->model->tgt_vocab : NULL;
    return v && id >= 0 && id < v->n ? v->tokens[id] : "?";
}

void win_views_describe_lens(const win_State *st, int point, int pos, char *out, size_t cap)
{
    const tf_Lens *L = win_views_lens(st);
    const tf_Trace *tr = win_trace(st);
    out[0] = '\0';
    if (!L || !tr || point < 0 || point >= L->n_points || pos < 0 || pos >= L->T) return;
    size_t used = (size_t)snprintf(out, cap, "%s, %d '%s' → '%s':", tr->nodes[L->points[point].node].name,
                                   pos, pos < tr->n_tgt ? tr->tgt_tokens[pos] : "?",
                                   tok(st, L->final_tok[pos]));
    for (int k = 0; k < L->k && used < cap; k++) {
        int64_t at = ((int64_t)point * L->T + pos) * L->k + k;
        used += (size_t)snprintf(out + used, cap - used, " %s %.4f", tok(st, L->top[at]),
                                 (double)L->top_p[at]);
    }
    int64_t fp = (int64_t)point * L->T + pos;
    if (used < cap)
        snprintf(out + used, cap - used, win_str(st->lang, S_LENS_FINAL), (double)L->final_p[fp],
                 L->final_rank[fp] + 1);
}

void win_views_describe_beam(const win_State *st, int e, char *out, size_t cap)
{
    const tf_Trace *tr = win_trace(st);
    out[0] = '\0';
    if (!tr || e < 0 || e >= tr->beam.n) return;
    const tf_BeamLog *g = &tr->beam;
    const tf_BeamCand *c = &g->c[e];
    static const win_StrId fate[TF_BEAM_FATE_COUNT] = {S_BEAM_KEPT, S_BEAM_FINISHED, S_BEAM_PRUNED};
    const char *word = g->text ? g->text[e] : "?";
    size_t used = (size_t)snprintf(out, cap, win_str(st->lang, S_BEAM_ENTRY), c->step, word, c->logp,
                                   c->score, c->norm, win_str(st->lang, fate[c->fate]));
    /* the hypothesis: the tokens of its parents, first to last */
    int chain[512], n = 0;
    for (int k = e; k >= 0 && k < g->n && n < 512; k = g->c[k].parent) chain[n++] = k;
    for (int i = n - 1; i >= 0 && used < cap; i--)
        used += (size_t)snprintf(out + used, cap - used, " %s", g->text ? g->text[chain[i]] : "?");
}

/* rd_export_cmd.c — `tfscope export`: one figure of one trace, headless, to PNG, SVG or CSV.
 * Every option value is checked against the trace before anything is drawn, and a bad one is
 * answered with what would have been valid (the tensor names close to the one given, the layer
 * or head range, the sentence's tokens). Output goes through cli_write_atomic: no partial file.
 * Not a trace writer (cli_trace.c) and not the window. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "fig_kit.h"
#include "rd_export.h"
#include "task.h"

static const char *USAGE =
    "usage: tfscope export [--trace FILE | [--model M] [--src TEXT] [--tgt TEXT]]\n"
    "                      [--view matrix|lines|grid|arch|diff|lens|beam] [--tensor NAME]\n"
    "                      [--trace-b FILE] [--beam K] [--format png|svg|csv]\n"
    "                      [--attn enc|dec|cross]\n"
    "                      [--layer L] [--head H|all|H,H,..] [--token WORD|INDEX]\n"
    "                      [--orientation horizontal|vertical] [--style lines|heatmap]\n"
    "                      [--width W] [--height H] [--scale S] --out FILE.png|FILE.svg|FILE.csv\n"
    "                      [--ablate SPEC] [--no-pos] [--no-mask] [--no-scale]\n\n"
    "Draws one figure of a forward pass without opening a window (no display needed).\n\n"
    "  --trace FILE     a trace written by `tfscope trace`\n"
    "  --model M --src TEXT [--tgt TEXT]\n"
    "                   or run a sentence now (default model: the bundled one; default sentence:\n"
    "                   the paper's Figure 3 sentence; without --tgt the model's greedy\n"
    "                   translation is the decoder input)\n"
    "  --view V         matrix: heatmap of any tensor (default when --tensor is given); lines:\n"
    "                   attention lines as in the paper's Figure 3 (default otherwise); grid:\n"
    "                   every layer and head of one attention; arch: the model (Figure 1);\n"
    "                   diff: A − B of one tensor of two traces (A: --trace or the sentence,\n"
    "                   B: --trace-b), diverging colours on a scale symmetric about zero;\n"
    "                   lens: the logit lens, what the decoder would output after each of its\n"
    "                   sub-layers, per position (needs the model: --model, default the bundled\n"
    "                   one, also with --trace; CSV: the top 5 tokens of every point);\n"
    "                   beam: the search that found the translation, as a tree (a trace made\n"
    "                   with `tfscope trace --beam K`, or a sentence run now with --beam K)\n"
    "  --tensor NAME    the tensor to show (matrix), the attention weights to draw (lines, e.g.\n"
    "                   dec.1.cross_attn.weights), or the step to highlight (arch)\n"
    "  --trace-b FILE   diff: the trace B to subtract (its tensor at the same place in the\n"
    "                   model; shapes must agree: `tfscope compare A B` lists them)\n"
    "  --beam K         beam: for a sentence run now, decode by beam search of K (default 1:\n"
    "                   greedy) and keep the search\n"
    "  --attn KIND      lines and grid: enc (encoder self-attention, default), dec (decoder\n"
    "                   self-attention) or cross (encoder-decoder attention)\n"
    "  --layer L        layer, from 0 (default: the last)\n"
    "  --head H         one head, a comma list, or all (default)\n"
    "  --token T        the query token to show alone, as a word of the sentence (its first\n"
    "                   occurrence) or a position from 0\n"
    "  --orientation O  lines: horizontal (two rows, as in the paper; default) or vertical\n"
    "  --style S        grid: lines (default) or heatmap thumbnails\n"
    "  --width W --height H   size in layout pixels (default 1600×900; arch 1000×1100)\n"
    "  --scale S        pixel density: the file is W·S × H·S pixels (default 1)\n"
    "  --out FILE       .png (with metadata), .svg (text stays text) or .csv (the numbers of\n"
    "                   the shown matrix, with token headers); - for standard output\n"
    "  --format F       png, svg or csv whatever the name of --out (needed with --out -)\n\n"
    "Bad values exit with status 2 and say what is valid. The same inputs give the same bytes.\n\n";

/* The colours, after USAGE: the window's F5 and F4 as options. */
static const char *COLOURS =
    "Colours (the window's F5 and F4):\n"
    "  --palette P      the heads' colours: standard (Paul Tol's muted set, default) or cb (Okabe\n"
    "                   and Ito's); both keep 8 heads apart for colour-blind eyes\n"
    "  --projector      the palette of stronger contrast: black ink, darker secondary text\n\n";

/* The examples, after USAGE (one string literal would pass the 4095 bytes C99 promises). */
static const char *EXAMPLES =
    "The paper's Figure 3 (\"making\", a colour per head; our model draws it in layer 2):\n"
    "  tfscope export --view lines --layer 2 --token making --orientation horizontal --out fig3.png\n\n"
    "What ablating head 1 of encoder layer 0 changes in the last encoder layer:\n"
    "  tfscope trace --src \"my neighbors closed the window .\" --out a.safetensors\n"
    "  tfscope trace --src \"my neighbors closed the window .\" --ablate enc.0.1 --out b.safetensors\n"
    "  tfscope export --view diff --trace a.safetensors --trace-b b.safetensors \\\n"
    "      --tensor enc.1.norm2 --out diff.png\n\n"
    "Interventions, for a sentence run now (a --trace keeps its own):\n";

typedef struct {
    const char *trace, *model, *src, *tgt, *view, *tensor, *attn, *layer, *head, *token,
        *orient, *style, *width, *height, *scale, *out, *trace_b, *beam, *format, *palette,
        *projector;
    cli_IntervArgs ia;
} Opts;

typedef enum { OUT_PNG, OUT_SVG, OUT_CSV } OutKind;

static int fail(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "tfscope export: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return CLI_EXIT_BAD_INPUT;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[n - k + i]) != suffix[i]) return false;
    return true;
}

static int pick(const char *opt, const char *v, const char *const *names, int n, int *out);

static int out_kind(const Opts *o, OutKind *k)
{
    static const char *const formats[] = {"png", "svg", "csv"};
    const char *path = o->out;
    if (o->format) {
        int f;
        int rc = pick("format", o->format, formats, 3, &f);
        *k = (OutKind)f;
        return rc;
    }
    if (ends_with(path, ".png")) *k = OUT_PNG;
    else if (ends_with(path, ".svg")) *k = OUT_SVG;
    else if (ends_with(path, ".csv")) *k = OUT_CSV;
    else return fail("--out %s: unknown file type%s; valid extensions: .png .svg .csv", path, "");
    return CLI_EXIT_OK;
}

static int pick(const char *opt, const char *v, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return CLI_EXIT_OK;
        }
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n) strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    fprintf(stderr, "tfscope export: --%s: unknown value '%s'; valid: %s\n", opt, v, list);
    return CLI_EXIT_BAD_INPUT;
}

/* Edit distance, for suggesting tensor names. */
static int unknown_tensor(const tf_Trace *tr, const char *name)
{
    fprintf(stderr, "tfscope export: --tensor: no tensor '%s' in the trace; closest:", name);
    bool used[4096] = {false};
    int shown = 0;
    for (int k = 0; k < 8 && k < tr->n_nodes; k++) {
        int best = -1, bd = 1 << 30;
        for (int i = 0; i < tr->n_nodes && i < 4096; i++) {
            int d = cli_edit_distance(name, tr->nodes[i].name);
            if (!used[i] && d < bd) bd = d, best = i;
        }
        if (best < 0) break;
        used[best] = true;
        fprintf(stderr, "%s %s", shown++ ? "," : "", tr->nodes[best].name);
    }
    fprintf(stderr, "\n  (`tfscope inspect` lists all %d tensors of a trace)\n", tr->n_nodes);
    return CLI_EXIT_BAD_INPUT;
}

static int list_tokens(const char *word, char *const *toks, int n, const char *which)
{
    fprintf(stderr, "tfscope export: --token: '%s' is not a %s token; valid: a position 0..%d or "
                    "one of:", word, which, n - 1);
    for (int i = 0; i < n; i++) fprintf(stderr, " %d:%s", i, toks[i]);
    fputc('\n', stderr);
    return CLI_EXIT_BAD_INPUT;
}

static int resolve_token(const char *v, char *const *toks, int n, const char *which, int *out)
{
    char *end;
    long idx = strtol(v, &end, 10);
    if (*v && !*end) {
        if (idx >= 0 && idx < n) {
            *out = (int)idx;
            return CLI_EXIT_OK;
        }
        return list_tokens(v, toks, n, which);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (pass ? !strcasecmp(v, toks[i]) : !strcmp(v, toks[i])) {
                *out = i;
                return CLI_EXIT_OK;
            }
    return list_tokens(v, toks, n, which);
}

static int resolve_heads(const char *v, int H, fig_View *s)
{
    if (!v || !strcmp(v, "all")) {
        s->heads = ~(uint64_t)0;
        s->head = -1;
        return CLI_EXIT_OK;
    }
    uint64_t set = 0;
    int count = 0, last = -1;
    for (const char *p = v; *p;) {
        char *end;
        long h = strtol(p, &end, 10);
        if (end == p || h < 0 || h >= H || h >= 64 || (*end && *end != ',')) {
            char range[64];
            snprintf(range, sizeof range, "%d", H - 1);
            return fail("--head: '%s' is not a head; valid: 0..%s, a comma list, or all", v, range);
        }
        set |= (uint64_t)1 << h;
        count++;
        last = (int)h;
        p = *end ? end + 1 : end;
    }
    s->heads = set;
    s->head = count == 1 ? last : -1;
    return CLI_EXIT_OK;
}

static int resolve_layer(const char *v, int n_layers, const char *what, int *out)
{
    if (!v) {
        *out = n_layers - 1;
        return CLI_EXIT_OK;
    }
    char *end;
    long L = strtol(v, &end, 10);
    if (!*v || *end || L < 0 || L >= n_layers) {
        char range[96];
        snprintf(range, sizeof range, "the %s has layers 0..%d", what, n_layers - 1);
        return fail("--layer: '%s' is out of range; %s", v, range);
    }
    *out = (int)L;
    return CLI_EXIT_OK;
}

/* --view, --attn, --tensor and --layer together: which tensor and layer the view shows. */
static int resolve_what(const Opts *o, const tf_Trace *tr, fig_View *s)
{
    const char *views[FIG_VIEW_COUNT], *attns[FIG_ATTN_COUNT];
    for (int i = 0; i < FIG_VIEW_COUNT; i++) views[i] = fig_view_kind_name((fig_ViewKind)i);
    for (int i = 0; i < FIG_ATTN_COUNT; i++) attns[i] = fig_view_attn_name((fig_Attn)i);
    int k = FIG_VIEW_LINES, a = FIG_ATTN_ENC, rc;
    fig_Attn pa;
    int pl = -1;
    tf_Site site = o->tensor ? tf_site_parse(o->tensor) : (tf_Site){TF_STACK_OUTPUT, -1, 0, 0, TF_PART_OTHER};
    bool is_attn = fig_view_attn_of(site, &pa, &pl);
    if (o->view && (rc = pick("view", o->view, views, FIG_VIEW_COUNT, &k))) return rc;
    if (k == FIG_VIEW_LENS || k == FIG_VIEW_BEAM) {
        s->kind = (fig_ViewKind)k;
        if (o->tensor || o->attn || o->layer)
            return fail(k == FIG_VIEW_LENS ? "--view lens reads every point of the decoder's stream; "
                                             "it takes no %s%s"
                                           : "--view beam draws the search; it takes no %s%s",
                        o->tensor ? "--tensor" : o->attn ? "--attn" : "--layer", "");
        if (k == FIG_VIEW_BEAM && !tr->beam.n)
            return fail("--view beam: %s holds no beam search; make one with `tfscope trace --beam "
                        "K` (K = 1: greedy)%s", o->trace ? o->trace : "the trace", "");
        return CLI_EXIT_OK;
    }
    /* a tensor named without a view is a heatmap of it; lines are for --attn/--layer */
    if (!o->view && o->tensor) k = FIG_VIEW_MATRIX;
    if (is_attn && (k == FIG_VIEW_LINES || k == FIG_VIEW_GRID) && site.part != TF_PART_WEIGHTS)
        return fail("--tensor: the %s view draws attention weights; '%s' is not (try --view matrix)",
                    views[k], o->tensor);
    s->kind = (fig_ViewKind)k;
    if (o->attn && (rc = pick("attn", o->attn, attns, FIG_ATTN_COUNT, &a))) return rc;
    s->attn = is_attn && !o->attn ? pa : (fig_Attn)a;
    const char *what = s->attn == FIG_ATTN_ENC ? "encoder" : "decoder";
    if (s->kind == FIG_VIEW_ARCH) {
        if (o->tensor && !tf_trace_get(tr, o->tensor)) return unknown_tensor(tr, o->tensor);
        snprintf(s->step, sizeof s->step, "%s", o->tensor ? o->tensor : "");
        return CLI_EXIT_OK;
    }
    if (o->tensor && !tf_trace_get(tr, o->tensor)) return unknown_tensor(tr, o->tensor);
    if (s->kind != FIG_VIEW_MATRIX && s->kind != FIG_VIEW_DIFF && o->tensor && !is_attn)
        return fail("--tensor: '%s' is not attention; the %s view needs "
                    "enc|dec.L.self_attn|cross_attn.weights (or --attn and --layer)",
                    o->tensor, views[k]);
    int layers = fig_view_attn_layers(&tr->cfg, s->attn);
    if (layers <= 0) return fail("the model has no %s layers%s", what, "");
    if (is_attn && !o->layer) s->layer = pl;
    else if ((rc = resolve_layer(o->layer, layers, what, &s->layer))) return rc;
    if (s->kind == FIG_VIEW_MATRIX || s->kind == FIG_VIEW_DIFF) {
        if (o->tensor) snprintf(s->tensor, sizeof s->tensor, "%s", o->tensor);
        else fig_view_attn_tensor(s->attn, s->layer, s->tensor, sizeof s->tensor);
    }
    char name[TF_NAME_MAX];
    fig_view_attn_tensor(s->attn, s->layer, name, sizeof name);
    if (s->kind == FIG_VIEW_LINES && !tf_trace_get(tr, name)) return unknown_tensor(tr, name);
    return CLI_EXIT_OK;
}

/* --head and --token, once the tensor is known. */
static int resolve_selection(const Opts *o, const tf_Trace *tr, fig_View *s)
{
    int H = tr->cfg.nhead, rc;
    bool rows_src = s->attn == FIG_ATTN_ENC && s->kind != FIG_VIEW_LENS;
    if ((s->kind == FIG_VIEW_LENS || s->kind == FIG_VIEW_BEAM) && o->head)
        return fail("--head: the %s view has no heads%s", fig_view_kind_name(s->kind), "");
    if (s->kind == FIG_VIEW_BEAM && o->token)
        return fail("--token: the beam view has no tokens to select%s%s", "", "");
    if (s->kind == FIG_VIEW_MATRIX || s->kind == FIG_VIEW_DIFF) {
        const tf_Node *n = tf_trace_get(tr, s->tensor);
        fig_Matrix mx;
        if (!fig_view_matrix_of(tr, n, s, &mx))
            return fail("--tensor: '%s' cannot be drawn%s", s->tensor, "");
        H = n->ndim == 3 ? n->shape[0] : 1;
        if (o->head && n->ndim != 3) return fail("--head: '%s' has no heads%s", s->tensor, "");
        rows_src = mx.row_axis.kind == FIG_AX_SRC;
        if (o->token && mx.row_axis.kind != FIG_AX_SRC && mx.row_axis.kind != FIG_AX_TGT)
            return fail("--token: the rows of '%s' are not tokens%s", s->tensor, "");
    }
    if ((rc = resolve_heads(o->head, H, s))) return rc;
    if ((s->kind == FIG_VIEW_MATRIX || s->kind == FIG_VIEW_DIFF) && o->head && strchr(o->head, ','))
        return fail("--head: the matrix view shows one head or all, not '%s'%s", o->head, "");
    if (!o->token) return CLI_EXIT_OK;
    if (s->kind == FIG_VIEW_ARCH)
        return fail("--token: the arch view has no tokens to select%s%s", "", "");
    return rows_src ? resolve_token(o->token, tr->src_tokens, tr->n_src, "source", &s->token)
                    : resolve_token(o->token, tr->tgt_tokens, tr->n_tgt, "target", &s->token);
}

/* diff: B's tensor at the same place, of the same shape. */
static int resolve_other(const tf_Trace *tr, const fig_View *s)
{
    if (s->kind != FIG_VIEW_DIFF) return CLI_EXIT_OK;
    const tf_Node *a = tf_trace_get(tr, s->tensor), *b = fig_diff_partner(s->other, a);
    if (!b) return fail("--trace-b: trace B has no tensor '%s'%s", s->tensor, "");
    if (fig_diff_positions(tr, s->other, a, b) < 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "A has %d source and %d target tokens, B has %d and %d",
                 tr->n_src, tr->n_tgt, s->other->n_src, s->other->n_tgt);
        return fail("--tensor %s: A and B differ in shape (%s); the difference needs the same "
                    "source length (decoder inputs of other lengths are drawn over the positions "
                    "both have; `tfscope compare A B` lists every step)", s->tensor, msg);
    }
    return CLI_EXIT_OK;
}

/* lens: the model (loaded now when the trace came from a file) and the logit lens of the trace. */
static int lens_of(const Opts *o, const tf_Trace *tr, tf_Model *model, bool *have_model,
                   tf_Lens *lens)
{
    const char *path = o->model ? o->model : cli_default_model();
    if (!*have_model && !(*have_model = cli_load_model(path, model, NULL))) return CLI_EXIT_BAD_INPUT;
    tf_Err err = {0};
    if (tf_lens_compute(model, tr, 5, lens, &err) != TF_OK)
        return fail("--view lens: %s: %s", o->trace ? o->trace : path, err.msg);
    return CLI_EXIT_OK;
}

/* Runs the sentence through the model; the model stays loaded (m) for its vocabulary. */
static int trace_text(const Opts *o, tf_Model *mp, tf_Trace *tr)
{
    const char *path = o->model ? o->model : cli_default_model();
    tf_Model m;
    cli_Digest digest;
    if (!cli_load_model_digest(path, &m, &digest)) return CLI_EXIT_BAD_INPUT;
    int rc = CLI_EXIT_BAD_INPUT;
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    cli_Run how = {iv, 0};
    bool beam_view = o->view && !strcmp(o->view, "beam");
    if (beam_view && !o->tgt) how.beam = 1;
    if (o->beam && !cli_parse_int("beam", o->beam, 1, 64, &how.beam)) goto done;
    if (!cli_interv_build("export", &o->ia, &m.cfg, false, iv) ||
        !cli_trace_text("export", &m, path, &digest, o->src, o->tgt, &how, NULL, tr))
        goto done;
    rc = CLI_EXIT_OK;
done:
    cli_digest_end(&digest);
    free(iv);
    if (rc == CLI_EXIT_OK) *mp = m;
    else tf_model_free(&m);
    return rc;
}

static int sizes(const Opts *o, const fig_View *s, int *w, int *h, float *scale)
{
    bool vertical = s->kind == FIG_VIEW_LINES && s->orient == FIG_VERTICAL;
    *w = s->kind == FIG_VIEW_ARCH ? 1000 : vertical ? 900 : 1600;
    *h = s->kind == FIG_VIEW_ARCH ? 1100 : vertical ? 1100 : 900;
    *scale = 1.0f;
    if (o->width && !cli_parse_int("width", o->width, 64, 16384, w)) return CLI_EXIT_BAD_INPUT;
    if (o->height && !cli_parse_int("height", o->height, 64, 16384, h)) return CLI_EXIT_BAD_INPUT;
    if (o->scale) {
        char *end;
        double v = strtod(o->scale, &end);
        if (!*o->scale || *end || !(v >= 0.25 && v <= 8))
            return fail("--scale: '%s' is not a number in [0.25, 8]%s", o->scale, "");
        *scale = (float)v;
    }
    double px = (double)*w * *scale * (double)*h * *scale;
    if (px > 64.0 * 1024 * 1024)
        return fail("--width × --height × --scale²: the image would exceed 64 megapixels%s%s", "", "");
    return CLI_EXIT_OK;
}

static int write_out(const Opts *o, OutKind kind, const fig_View *s, const tf_Trace *tr, int w,
                     int h)
{
    char err[512];
    void *bytes = NULL;
    size_t len = 0;
    bool ok = true;
    if (kind == OUT_CSV) {
        ok = rd_export_csv(s, tr, (char **)&bytes, &len, err, sizeof err);
    } else {
        rd_Fonts *fonts = rd_fonts_open(NULL, err, sizeof err);
        if (!fonts) return fail("%s%s", err, "");
        rd_ExportMeta meta;
        rd_export_meta(s, tr, &meta);
        ok = kind == OUT_PNG
            ? rd_export_png(s, tr, fonts, w, h, &meta, (uint8_t **)&bytes, &len, err, sizeof err)
            : rd_export_svg(s, tr, fonts, w, h, &meta, (char **)&bytes, &len, err, sizeof err);
        rd_fonts_close(fonts);
    }
    if (!ok) return fail("%s%s", err, "");
    ok = cli_write_atomic(o->out, bytes, len);
    free(bytes);
    return ok ? CLI_EXIT_OK : CLI_EXIT_BAD_INPUT;
}

static int run(const Opts *o)
{
    OutKind kind;
    int rc = out_kind(o, &kind), w, h;
    if (rc) return rc;
    tf_Trace tr = {0};
    tf_Model model;
    bool have_model = false;
    if (o->trace) {
        rc = cli_load_trace(o->trace, &tr) ? CLI_EXIT_OK : CLI_EXIT_BAD_INPUT;
    } else {
        rc = trace_text(o, &model, &tr);
        have_model = rc == CLI_EXIT_OK;
    }
    if (rc) return rc;
    fig_View s;
    fig_view_state_default(&s);
    tf_Lens lens = {0};
    if (o->view && !strcmp(o->view, "lens")) {
        rc = lens_of(o, &tr, &model, &have_model, &lens);
        s.lens = &lens;
    }
    if (have_model) {  /* logits and probs get the vocabulary as column labels */
        s.tgt_vocab = (const char *const *)model.tgt_vocab.tokens;
        s.n_tgt_vocab = model.tgt_vocab.n;
    }
    tf_Trace trb = {0};
    if (o->trace_b && !cli_load_trace(o->trace_b, &trb)) rc = CLI_EXIT_BAD_INPUT;
    s.other = o->trace_b ? &trb : NULL;
    float scale;
    static const char *const orients[] = {"horizontal", "vertical"};
    static const char *const styles[] = {"lines", "heatmap"};
    int orient = 0, style = 0;
    if (!rc && !(rc = resolve_what(o, &tr, &s)) && !(rc = resolve_selection(o, &tr, &s)) &&
        !(rc = resolve_other(&tr, &s)) &&
        !(rc = o->orient ? pick("orientation", o->orient, orients, 2, &orient) : 0) &&
        !(rc = o->style ? pick("style", o->style, styles, 2, &style) : 0)) {
        s.orient = (fig_Orient)orient;
        s.grid_heatmap = style == 1;
        if (!(rc = sizes(o, &s, &w, &h, &scale))) {
            s.scale = scale;
            rc = write_out(o, kind, &s, &tr, (int)(w * scale + 0.5f), (int)(h * scale + 0.5f));
        }
    }
    tf_lens_free(&lens);
    tf_trace_free(&tr);
    tf_trace_free(&trb);
    if (have_model) tf_model_free(&model);
    return rc;
}

int rd_export_cmd(int argc, char **argv)
{
    Opts o = {0};
    cli_Opt opts[] = {
        {"trace", true, &o.trace},   {"model", true, &o.model},   {"src", true, &o.src},
        {"tgt", true, &o.tgt},       {"view", true, &o.view},     {"tensor", true, &o.tensor},
        {"attn", true, &o.attn},     {"layer", true, &o.layer},   {"head", true, &o.head},
        {"token", true, &o.token},   {"orientation", true, &o.orient},
        {"style", true, &o.style},   {"width", true, &o.width},   {"height", true, &o.height},
        {"scale", true, &o.scale},   {"out", true, &o.out},       {"trace-b", true, &o.trace_b},
        {"beam", true, &o.beam},
        CLI_INTERV_OPTS(o.ia),
        {"format", true, &o.format}, {"palette", true, &o.palette},
        {"projector", false, &o.projector},
    };
    const char *pos[1];
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, (int)(sizeof opts / sizeof opts[0]), pos, 0, &n_pos,
                        &help))
        return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s%s%s", USAGE, COLOURS, EXAMPLES, CLI_INTERV_USAGE);
        return CLI_EXIT_OK;
    }
    fig_HeadColors heads = FIG_HEADS_TOL;
    if (o.palette && !fig_palette_parse(o.palette, &heads)) {
        fprintf(stderr, "tfscope export: --palette: '%s' is not standard or cb\n", o.palette);
        return CLI_EXIT_USAGE;
    }
    fig_palette_use(o.projector ? FIG_THEME_PROJECTOR : FIG_THEME_STANDARD, heads);
    bool interv = cli_interv_asked(&o.ia);
    if (o.trace && interv) {
        fprintf(stderr, "tfscope export: interventions apply to a sentence run now, not to "
                "--trace (a trace keeps those it was made with)\n");
        return CLI_EXIT_USAGE;
    }
    bool diff = o.view && !strcmp(o.view, "diff");
    if (diff != (o.trace_b != NULL)) {
        fprintf(stderr, "tfscope export: %s\n", diff ? "--view diff needs --trace-b FILE (trace B)"
                                                       : "--trace-b is for --view diff");
        return CLI_EXIT_USAGE;
    }
    if (o.beam && (o.trace || o.tgt)) {
        fprintf(stderr, "tfscope export: --beam decodes a sentence run now; it does not go with %s\n",
                o.trace ? "--trace (a trace keeps the search it was made with)" : "--tgt");
        return CLI_EXIT_USAGE;
    }
    int beam;
    if (o.beam && !cli_parse_int("beam", o.beam, 1, 64, &beam)) return CLI_EXIT_USAGE;
    /* no sentence given: the paper's Figure 3 sentence, as the window opens on */
    if (!o.trace && !o.src) o.src = TF_TASK_FIGURE3_SRC;
    const char *missing = !o.out ? "--out" : NULL;
    bool lens = o.view && !strcmp(o.view, "lens");
    if (missing || (o.trace && (o.src || (o.model && !lens) || o.tgt))) {
        fprintf(stderr, "tfscope export: %s\n\n%s",
                missing ? "missing option" : "give --trace or --model/--src, not both", USAGE);
        if (missing) fprintf(stderr, "(missing: %s)\n", missing);
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(o.out, "-") && !o.format) {
        fprintf(stderr, "tfscope export: --out - (standard output) needs --format png, svg or "
                "csv\n");
        return CLI_EXIT_USAGE;
    }
    cli_Path out = {"--out", o.out, CLI_PATH_STDOUT};
    cli_Path in[] = {{"--trace", o.trace, 0}, {"--trace-b", o.trace_b, 0},
                     {"--model", o.model ? o.model : cli_default_model(), 0}};
    int rc = cli_output_check("export", &out, 1, in, 3);
    return rc ? rc : run(&o);
}

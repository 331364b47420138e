/* test_export.c — figures as files, rendered offscreen with no display: every view compared with
 * its golden PNG in tests/golden/, PNG bytes identical across runs, PNG metadata readable, SVG
 * well-formed (xmllint) whatever the tokens hold, CSV headers and numbers, and `tfscope export`
 * answering bad options with exit 2, a message naming what is valid, and no file.
 *
 * Golden tolerance: a pixel counts as different when a channel differs by more than 16; at most
 * 0.2% of the pixels may differ (room for another FreeType's glyph edges, nothing more).
 * On this machine the images match exactly. TFSCOPE_UPDATE_GOLDEN=1 rewrites the goldens;
 * a failing comparison leaves NAME.actual.png in the working folder. */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "lens.h"
#include "rd_export.h"
#include "testutil.h"
#include "view_fixture.h"

#ifndef TF_TESTS_DIR
#define TF_TESTS_DIR "tests"
#endif

#define TOL_CHANNEL 16
#define TOL_FRACTION 0.002

static rd_Fonts *fonts;
static tf_Trace trace, trace_b;  /* B: the same shapes, another sentence (the diff view) */
static tf_Lens lens;             /* a logit lens of `trace` made up by hand (the lens view) */
static const char *const VOCAB[] = {"<pad>", "<unk>", "<bos>", "<eos>", "그", "것", "은", "이",
                                    "정신", "이다", "바로", "에서"};
#define N_VOCAB ((int)(sizeof VOCAB / sizeof VOCAB[0]))

/* Points tgt.x and dec.L.norm1..3; each position's final token is the next decoder input (then
 * <eos>); the top token is right from a point on that moves with the position, and the final
 * token's probability grows with the point. */
/* A beam search of K = 2 over three steps, made up by hand and kept in `trace` (the beam view):
 * each step's two best go on or finish, two runners-up are pruned; the chosen path is 그 것 <eos>. */
static void make_beam(tf_Trace *tr)
{
    static const struct { int step, parent; const char *text; double logp; tf_BeamFate fate; } E[] = {
        {0, -1, "그", -0.1, TF_BEAM_KEPT},       {0, -1, "이", -1.2, TF_BEAM_KEPT},
        {0, -1, "것", -2.0, TF_BEAM_PRUNED},     {0, -1, "은", -2.5, TF_BEAM_PRUNED},
        {1, 0, "것", -0.2, TF_BEAM_KEPT},        {1, 1, "<eos>", -0.4, TF_BEAM_FINISHED},
        {1, 0, "은", -2.2, TF_BEAM_PRUNED},      {1, 1, "정신", -2.9, TF_BEAM_PRUNED},
        {2, 4, "<eos>", -0.05, TF_BEAM_FINISHED}, {2, 4, "이다", -1.5, TF_BEAM_FINISHED},
        {2, 4, "은", -3.1, TF_BEAM_PRUNED},      {2, 4, "이", -3.3, TF_BEAM_PRUNED},
    };
    int n = (int)(sizeof E / sizeof E[0]);
    tr->beam = (tf_BeamLog){2, 0.6, n, n, tf_xcalloc((size_t)n, sizeof(tf_BeamCand)), 8,
                            tf_xcalloc((size_t)n, sizeof(char *))};
    for (int e = 0; e < n; e++) {
        double score = E[e].logp + (E[e].parent >= 0 ? tr->beam.c[E[e].parent].score : 0);
        double lp = pow((5.0 + E[e].step + 1) / 6.0, 0.6);
        tr->beam.c[e] = (tf_BeamCand){E[e].step, E[e].parent, e % tr->cfg.tgt_vocab, E[e].logp, score,
                                      score / lp, E[e].fate};
        tr->beam.text[e] = tf_xstrdup(E[e].text);
    }
}

static void make_lens(const tf_Trace *tr, tf_Lens *L)
{
    int P = 1 + 3 * tr->cfg.n_dec, T = tr->n_tgt, k = 2;
    *L = (tf_Lens){P, T, k, tf_xcalloc((size_t)P, sizeof *L->points),
                   tf_xcalloc((size_t)(P * T * k), sizeof *L->top),
                   tf_xcalloc((size_t)(P * T * k), sizeof *L->top_p),
                   tf_xcalloc((size_t)T, sizeof *L->final_tok),
                   tf_xcalloc((size_t)(P * T), sizeof *L->final_p),
                   tf_xcalloc((size_t)(P * T), sizeof *L->final_rank)};
    for (int p = 0; p < P; p++) {
        char name[TF_NAME_MAX];
        if (p == 0) snprintf(name, sizeof name, "tgt.x");
        else snprintf(name, sizeof name, "dec.%d.norm%d", (p - 1) / 3, (p - 1) % 3 + 1);
        L->points[p].node = tf_trace_index(tr, name);
        assert_true(L->points[p].node >= 0);
        L->points[p].site = tr->nodes[L->points[p].node].site;
    }
    for (int t = 0; t < T; t++) {
        L->final_tok[t] = 4 + (t % 8);
        if (t == T - 1) L->final_tok[t] = 3;
        for (int p = 0; p < P; p++) {
            bool right = p >= 1 + (t % P);
            float pf = right ? 0.3f + 0.7f * p / (P - 1) : 0.05f * p;
            int at = (p * T + t) * k;
            L->top[at] = right ? L->final_tok[t] : 4 + ((t + 3) % 8);
            L->top[at + 1] = right ? 4 + ((t + 3) % 8) : L->final_tok[t];
            L->top_p[at] = right ? pf : 0.6f;
            L->top_p[at + 1] = right ? 0.1f : pf;
            L->final_p[p * T + t] = pf;
            L->final_rank[p * T + t] = right ? 0 : 1;
        }
    }
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    fonts = rd_fonts_open(NULL, err, sizeof err);
    if (!fonts) {
        fprintf(stderr, "test_export: %s\n", err);
        return -1;
    }
    vf_Shape shape = {32, 4, 2, 2, 64, 0};
    vf_make_trace(&trace, "It is in this spirit that a majority <eos>", "그 것 은 이 정신 이다",
                  &shape);
    vf_make_trace(&trace_b, "It is in this spirit that a minority <eos>", "그 것 은 이 정신 이다",
                  &shape);
    /* the fixture's values do not depend on the words: B's are A's, each scaled by a known
     * factor in [0.9, 1.1], so that A − B has both signs */
    for (int n = 0; n < trace_b.n_nodes; n++)
        for (int64_t i = 0; i < trace_b.nodes[n].numel; i++)
            trace_b.nodes[n].data[i] *= 1.0f + 0.1f * sinf(0.37f * (float)i);
    make_lens(&trace, &lens);
    make_beam(&trace);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_trace_free(&trace);
    tf_trace_free(&trace_b);
    tf_lens_free(&lens);
    rd_fonts_close(fonts);
    return 0;
}

static void write_all(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

typedef struct {
    const char *name;
    fig_ViewKind kind;
    const char *tensor;
    fig_Attn attn;
    int layer, head, token;
    uint64_t heads;
    fig_Orient orient;
    bool heatmap;
} Golden;

static const Golden GOLDEN[] = {
    {"matrix_2d", FIG_VIEW_MATRIX, "enc.0.norm1", FIG_ATTN_ENC, 0, -1, -1, ~0ull, FIG_HORIZONTAL,
     false},
    {"matrix_head", FIG_VIEW_MATRIX, "dec.0.self_attn.weights", FIG_ATTN_ENC, 0, 1, 3, ~0ull,
     FIG_HORIZONTAL, false},
    {"matrix_heads", FIG_VIEW_MATRIX, "enc.1.self_attn.weights", FIG_ATTN_ENC, 0, -1, -1, ~0ull,
     FIG_HORIZONTAL, false},
    {"lines_enc", FIG_VIEW_LINES, "", FIG_ATTN_ENC, 1, -1, 4, ~0ull, FIG_HORIZONTAL, false},
    {"lines_dec", FIG_VIEW_LINES, "", FIG_ATTN_DEC, 0, -1, -1, ~0ull, FIG_VERTICAL, false},
    {"lines_cross", FIG_VIEW_LINES, "", FIG_ATTN_CROSS, 1, -1, -1, 0x9ull, FIG_HORIZONTAL, false},
    {"grid", FIG_VIEW_GRID, "", FIG_ATTN_ENC, 1, -1, -1, ~0ull, FIG_HORIZONTAL, false},
    {"grid_heatmap", FIG_VIEW_GRID, "", FIG_ATTN_DEC, 0, -1, -1, ~0ull, FIG_HORIZONTAL, true},
    {"arch", FIG_VIEW_ARCH, "enc.1.ffn.hidden", FIG_ATTN_ENC, 0, -1, -1, ~0ull, FIG_HORIZONTAL,
     false},
    {"diff", FIG_VIEW_DIFF, "enc.1.self_attn.weights", FIG_ATTN_ENC, 0, -1, -1, ~0ull,
     FIG_HORIZONTAL, false},
    {"diff_2d", FIG_VIEW_DIFF, "enc.0.norm1", FIG_ATTN_ENC, 0, -1, -1, ~0ull, FIG_HORIZONTAL, false},
    {"lens", FIG_VIEW_LENS, "", FIG_ATTN_ENC, 0, -1, 2, ~0ull, FIG_HORIZONTAL, false},
    {"beam", FIG_VIEW_BEAM, "", FIG_ATTN_ENC, 0, -1, -1, ~0ull, FIG_HORIZONTAL, false},
};

static void state_of(const Golden *g, fig_View *s)
{
    fig_view_state_default(s);
    s->kind = g->kind;
    s->attn = g->attn;
    s->layer = g->layer;
    s->head = g->head;
    s->token = g->token;
    s->heads = g->heads;
    s->orient = g->orient;
    s->grid_heatmap = g->heatmap;
    snprintf(s->tensor, sizeof s->tensor, "%s", g->tensor);
    snprintf(s->step, sizeof s->step, "%s", g->tensor);
    if (g->kind == FIG_VIEW_DIFF) s->other = &trace_b;
    if (g->kind == FIG_VIEW_LENS) {
        s->lens = &lens;
        s->tgt_vocab = VOCAB;
        s->n_tgt_vocab = N_VOCAB;
    }
}

static void render(const Golden *g, int w, int h, uint8_t **png, size_t *len)
{
    fig_View s;
    state_of(g, &s);
    rd_ExportMeta meta;
    rd_export_meta(&s, &trace, &meta);
    char err[256];
    if (!rd_export_png(&s, &trace, fonts, w, h, &meta, png, len, err, sizeof err))
        fail_msg("%s: %s", g->name, err);
}

static void test_views_match_golden_images(void **state)
{
    (void)state;
    bool update = getenv("TFSCOPE_UPDATE_GOLDEN") && getenv("TFSCOPE_UPDATE_GOLDEN")[0] == '1';
    int failures = 0;
    for (size_t i = 0; i < sizeof GOLDEN / sizeof GOLDEN[0]; i++) {
        const Golden *g = &GOLDEN[i];
        uint8_t *png, *want = NULL, *a, *b;
        size_t len, want_len = 0;
        int w = g->kind == FIG_VIEW_ARCH ? 600 : 800, h = g->kind == FIG_VIEW_ARCH ? 660 : 500;
        render(g, w, h, &png, &len);
        char path[1024], err[256];
        snprintf(path, sizeof path, "%s/golden/%s.png", TF_TESTS_DIR, g->name);
        if (update) {
            write_all(path, png, len);
            free(png);
            continue;
        }
        if (!(want = tu_try_read(path, &want_len))) fail_msg("%s: cannot read %s", g->name, path);
        int aw, ah, bw, bh;
        assert_true(rd_png_decode(png, len, &a, &aw, &ah, NULL, NULL, err, sizeof err));
        assert_true(rd_png_decode(want, want_len, &b, &bw, &bh, NULL, NULL, err, sizeof err));
        double frac = aw == bw && ah == bh ? tu_px_differ(a, b, (size_t)aw * ah, 4, TOL_CHANNEL) : 1.0;
        if (frac > TOL_FRACTION) {
            snprintf(path, sizeof path, "%s.actual.png", g->name);
            write_all(path, png, len);
            fprintf(stderr, "%s: %.3f%% of pixels differ from the golden image (allowed %.1f%%); "
                            "see %s\n", g->name, frac * 100, TOL_FRACTION * 100, path);
            failures++;
        }
        free(png);
        free(want);
        free(a);
        free(b);
    }
    assert_int_equal(failures, 0);
}

static void test_png_bytes_identical_across_runs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof GOLDEN / sizeof GOLDEN[0]; i += 3) {
        uint8_t *p1, *p2;
        size_t n1, n2;
        render(&GOLDEN[i], 640, 400, &p1, &n1);
        render(&GOLDEN[i], 640, 400, &p2, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(p1, p2, n1);
        free(p1);
        free(p2);
    }
}

static const char *meta_value(const rd_PngText *t, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(t[i].key, key)) return t[i].value;
    fail_msg("no '%s' text chunk", key);
    return NULL;
}

static void test_png_metadata_is_readable(void **state)
{
    (void)state;
    uint8_t *png, *px;
    size_t len;
    render(&GOLDEN[3], 640, 400, &png, &len);
    rd_PngText *t;
    int n, w, h;
    char err[256];
    assert_true(rd_png_decode(png, len, &px, &w, &h, &t, &n, err, sizeof err));
    assert_string_equal(meta_value(t, n, "Sentence"), "It is in this spirit that a majority <eos>");
    assert_string_equal(meta_value(t, n, "Target"), "<bos> 그 것 은 이 정신 이다");  /* iTXt */
    assert_string_equal(meta_value(t, n, "View"), "lines");
    assert_string_equal(meta_value(t, n, "Tensor"), "enc.1.self_attn.weights");
    assert_string_equal(meta_value(t, n, "Layer"), "1");
    assert_string_equal(meta_value(t, n, "Heads"), "all");
    assert_string_equal(meta_value(t, n, "Token"), "4 spirit");
    assert_string_equal(meta_value(t, n, "Model"), "fixture.safetensors");
    assert_int_equal(strlen(meta_value(t, n, "Model SHA-256")), 64);
    assert_string_equal(meta_value(t, n, "Software"), "tfscope " CLI_VERSION_STRING);
    /* no tIME chunk: nothing in the file depends on when it was made */
    for (size_t i = 0; i + 4 <= len; i++) assert_false(!memcmp(png + i, "tIME", 4));
    rd_png_free_text(t, n);
    free(px);
    free(png);
}

/* A selected decoder position is named by the token it reads and the one it predicts (the most
 * probable of its logits), not by the source token at the same index. */
static void test_selected_target_token_names_what_it_predicts(void **state)
{
    (void)state;
    const tf_Node *lg = tf_trace_get(&trace, "logits");
    assert_non_null(lg);
    int V = lg->shape[1];
    char **vocab = malloc((size_t)V * sizeof *vocab);
    for (int i = 0; i < V; i++) {
        vocab[i] = malloc(16);
        snprintf(vocab[i], 16, "w%d", i);
    }
    fig_View s;
    fig_view_state_default(&s);
    s.kind = FIG_VIEW_MATRIX;
    s.token = 3;
    snprintf(s.tensor, sizeof s.tensor, "dec.0.self_attn.weights");
    int best = 0;
    const float *row = lg->data + 3 * V;
    for (int j = 1; j < V; j++)
        if (row[j] > row[best]) best = j;
    char want[64];
    rd_ExportMeta meta;
    /* without a vocabulary: what it reads */
    rd_export_meta(&s, &trace, &meta);
    bool found = false;
    for (int i = 0; i < meta.n; i++)
        if (!strcmp(meta.items[i].key, "Token")) {
            snprintf(want, sizeof want, "3 %s", trace.tgt_tokens[3]);
            assert_string_equal(meta.items[i].value, want);
            found = true;
        }
    assert_true(found);
    /* with one: and what it predicts */
    s.tgt_vocab = (const char *const *)vocab;
    s.n_tgt_vocab = V;
    rd_export_meta(&s, &trace, &meta);
    for (int i = 0; i < meta.n; i++)
        if (!strcmp(meta.items[i].key, "Token")) {
            snprintf(want, sizeof want, "3 %s → w%d", trace.tgt_tokens[3], best);
            assert_string_equal(meta.items[i].value, want);
        }
    /* the row labels of the view say the same */
    fig_Matrix mx;
    assert_true(fig_view_matrix_of(&trace, tf_trace_get(&trace, s.tensor), &s, &mx));
    char label[64];
    fig_view_axis_label(&mx.row_axis, &trace, &s, 3, label, sizeof label);
    assert_string_equal(label, want);
    fig_view_axis_label(&mx.col_axis, &trace, &s, 3, label, sizeof label);
    snprintf(want, sizeof want, "3 %s", trace.tgt_tokens[3]);
    assert_string_equal(label, want);   /* keys: what they read */
    for (int i = 0; i < V; i++) free(vocab[i]);
    free(vocab);
}

static bool have_xmllint(void)
{
    return system("xmllint --version >/dev/null 2>&1") == 0;
}

static void test_svg_is_well_formed_and_keeps_text(void **state)
{
    (void)state;
    if (!have_xmllint()) fail_msg("xmllint is needed to check SVG files: apt-get install libxml2-utils");
    /* tokens with markup characters, a control character, stray bytes (F5-FF) and code points
     * XML 1.0 forbids though UTF-8 can spell them: U+FFFF, U+FFFE, a surrogate, an overlong
     * form, past U+10FFFF */
    tf_Trace nasty;
    vf_Shape shape = {16, 2, 1, 1, 32, 0};
    vf_make_trace(&nasty, "a&b <x> \"q\" 'y' \x01z \xff]]> \xf5\x80 \xef\xbf\xbf \xef\xbf\xbe "
                  "\xed\xa0\x80 \xe0\x80\x80 \xf4\x90\x80\x80", "<eos>", &shape);
    for (size_t i = 0; i < sizeof GOLDEN / sizeof GOLDEN[0]; i++) {
        for (int which = 0; which < 2; which++) {
            fig_View s;
            state_of(&GOLDEN[i], &s);
            if (which && s.kind != FIG_VIEW_GRID && s.kind != FIG_VIEW_ARCH) s.attn = FIG_ATTN_ENC;
            if (which && s.kind == FIG_VIEW_MATRIX)
                snprintf(s.tensor, sizeof s.tensor, "enc.0.self_attn.weights");
            if (which && s.kind != FIG_VIEW_ARCH) s.layer = 0;
            if (which && s.kind == FIG_VIEW_LINES) s.attn = FIG_ATTN_ENC;
            if (which && s.kind == FIG_VIEW_DIFF) s.other = &nasty;  /* A − A: zeros, drawn */
            if (which && s.kind == FIG_VIEW_LENS) s.lens = NULL;  /* not of this trace: a message */
            const tf_Trace *tr = which ? &nasty : &trace;
            rd_ExportMeta meta;
            rd_export_meta(&s, tr, &meta);
            char *svg, err[256], path[256], cmd[512];
            size_t len;
            assert_true(rd_export_svg(&s, tr, fonts, 640, 400, &meta, &svg, &len, err, sizeof err));
            assert_non_null(strstr(svg, "<text"));
            if (which && s.kind != FIG_VIEW_ARCH && s.kind != FIG_VIEW_GRID && s.kind != FIG_VIEW_LENS &&
                s.kind != FIG_VIEW_BEAM)
                assert_non_null(strstr(svg, "a&amp;b"));
            snprintf(path, sizeof path, "svg_check_%zu_%d.svg", i, which);
            write_all(path, svg, len);
            snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
            if (system(cmd) != 0) fail_msg("%s does not parse as XML", path);
            remove(path);
            free(svg);
        }
    }
    tf_trace_free(&nasty);
}

static void test_csv_has_token_headers_and_numbers(void **state)
{
    (void)state;
    fig_View s;
    state_of(&GOLDEN[1], &s);  /* dec.0.self_attn.weights, head 1 */
    char *csv, err[256];
    size_t len;
    assert_true(rd_export_csv(&s, &trace, &csv, &len, err, sizeof err));
    const char *want = "head,query (target token → prediction) \\ key (target token),0 <bos>,1 그,2 것,";
    assert_memory_equal(csv, want, strlen(want));
    int lines = 0;
    for (size_t i = 0; i < len; i++) lines += csv[i] == '\n';
    assert_int_equal(lines, 1 + trace.n_tgt);
    /* the first value is weights[1][0][0] = 1 (the first query sees only itself) */
    assert_non_null(strstr(csv, "\r\n1,0 <bos>,1,0,"));
    free(csv);
    state_of(&GOLDEN[8], &s);
    assert_false(rd_export_csv(&s, &trace, &csv, &len, err, sizeof err));
    assert_non_null(strstr(err, "--view matrix, lines or grid"));
}

/* Runs `tfscope export ARGS` in-process; returns its exit code, stderr in err. */
static int run_export(char *err, size_t cap, const char *first, ...)
{
    char *argv[40] = {"export"};
    int argc = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 39; a = va_arg(ap, const char *)) argv[argc++] = (char *)a;
    va_end(ap);
    fflush(stderr);
    int saved = dup(2), fd = open("export_stderr.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    dup2(fd, 2);
    int rc = rd_export_cmd(argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(fd);
    close(saved);
    uint8_t *buf;
    size_t len;
    err[0] = '\0';
    if ((buf = tu_try_read("export_stderr.txt", &len))) {
        snprintf(err, cap, "%.*s", (int)len, (char *)buf);
        free(buf);
    }
    remove("export_stderr.txt");
    return rc;
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void expect_bad(const char *out, const char *hint, const char *a, const char *b,
                       const char *c, const char *d)
{
    char err[4096];
    remove(out);
    int rc = run_export(err, sizeof err, "--trace", "export_test.trace", "--out", out, a, b, c, d,
                        NULL);
    if (rc != CLI_EXIT_BAD_INPUT) fail_msg("%s %s: exit %d, expected 2; stderr: %s", a, b, rc, err);
    if (!strstr(err, hint)) fail_msg("%s %s: message lacks '%s': %s", a, b, hint, err);
    if (exists(out)) fail_msg("%s %s: %s was written", a, b, out);
}

static void test_bad_options_exit_2_and_say_what_is_valid(void **state)
{
    (void)state;
    uint8_t *bytes;
    size_t len;
    tf_trace_save(&trace, &bytes, &len);
    write_all("export_test.trace", bytes, len);
    free(bytes);
    expect_bad("bad.png", "enc.1.self_attn.weights", "--view", "matrix", "--tensor", "enc.1.self_attn.weightz");
    expect_bad("bad.png", "closest", "--tensor", "nonsense", NULL, NULL);
    expect_bad("bad.png", "layers 0..1", "--layer", "2", NULL, NULL);
    expect_bad("bad.png", "0..3", "--head", "4", NULL, NULL);
    expect_bad("bad.png", "0:It", "--token", "banana", NULL, NULL);
    expect_bad("bad.png", "0:<bos>", "--attn", "dec", "--token", "It");
    expect_bad("bad.gif", ".png .svg .csv", NULL, NULL, NULL, NULL);
    expect_bad("bad.png", "matrix, lines, grid, arch", "--view", "pie", NULL, NULL);
    expect_bad("bad.png", "horizontal, vertical", "--orientation", "diagonal", NULL, NULL);
    expect_bad("bad.png", "enc, dec, cross", "--attn", "sideways", NULL, NULL);
    expect_bad("bad.csv", "lines or grid", "--view", "arch", NULL, NULL);
    expect_bad("no/such/folder/x.png", "no/such/folder", NULL, NULL, NULL, NULL);
    /* a usage error is exit 1 */
    char err[4096];
    assert_int_equal(run_export(err, sizeof err, "--trace", "export_test.trace", NULL),
                     CLI_EXIT_USAGE);
    /* and the good case writes the file */
    remove("good.png");
    assert_int_equal(run_export(err, sizeof err, "--trace", "export_test.trace", "--token",
                                "spirit", "--out", "good.png", NULL), CLI_EXIT_OK);
    assert_true(exists("good.png"));
    remove("good.png");
    remove("export_test.trace");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_views_match_golden_images),
        cmocka_unit_test(test_png_bytes_identical_across_runs),
        cmocka_unit_test(test_png_metadata_is_readable),
        cmocka_unit_test(test_selected_target_token_names_what_it_predicts),
        cmocka_unit_test(test_svg_is_well_formed_and_keeps_text),
        cmocka_unit_test(test_csv_has_token_headers_and_numbers),
        cmocka_unit_test(test_bad_options_exit_2_and_say_what_is_valid),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

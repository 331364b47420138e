/* lesson.c — reading lessons: CommonMark (through cmark) into pages of styled blocks, and the
 * text of `tfscope` blocks (key: value lines, or one JSON object) into typed directives, every
 * problem reported with its file and line (plain-text output: lesson_print.c).
 * Not evaluation against a trace (lesson_eval.c) and not the checker (lesson_check.c): nothing
 * here needs a model. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmark.h>

#include "lesson.h"

#ifndef TF_SOURCE_LESSONS
#define TF_SOURCE_LESSONS "lessons"
#endif

/* --- diagnostics ---------------------------------------------------------------------------- */

void ls_diag(ls_Diags *d, const char *file, int line, bool warning, const char *fmt, ...)
{
    if (!d) return;
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        d->items = realloc(d->items, (size_t)d->cap * sizeof *d->items);
        TF_ASSERT(d->items);
    }
    ls_Diag *g = &d->items[d->n++];
    g->file = tf_xstrdup(file ? file : "?");
    g->line = line;
    g->warning = warning;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->msg, sizeof g->msg, fmt, ap);
    va_end(ap);
    if (warning) d->n_warnings++;
    else d->n_errors++;
}

void ls_diags_free(ls_Diags *d)
{
    for (int i = 0; i < d->n; i++) free(d->items[i].file);
    free(d->items);
    memset(d, 0, sizeof *d);
}

void ls_diags_print(const ls_Diags *d, void *file)
{
    FILE *f = file;
    for (int i = 0; i < d->n; i++) {
        const ls_Diag *g = &d->items[i];
        if (g->line > 0) fprintf(f, "%s:%d: %s%s\n", g->file, g->line, g->warning ? "warning: " : "", g->msg);
        else fprintf(f, "%s: %s%s\n", g->file, g->warning ? "warning: " : "", g->msg);
    }
}

/* --- names ---------------------------------------------------------------------------------- */

static const char *VIEW_NAMES[LS_VIEW_COUNT] = {"none", "step", "matrix", "lines", "grid", "arch"};
static const char *ATTN_NAMES[LS_ATTN_COUNT] = {"none", "enc", "dec", "cross"};
static const char *SIDE_NAMES[LS_SIDE_COUNT] = {"none", "src", "tgt", "vocab", "index"};
static const char *DIR_NAMES[LS_DIR_COUNT] = {"scene", "quiz", "try", "table1", "variance",
                                              "schedule"};
static const char *ANS_NAMES[LS_ANS_COUNT] = {"argmax", "argmin", "masked", "visible", "maxhead",
                                              "value", "distance", "length", "cheaper", "choice"};

const char *ls_view_name(ls_View v) { return v >= 0 && v < LS_VIEW_COUNT ? VIEW_NAMES[v] : "?"; }
const char *ls_attn_name(ls_Attn a) { return a >= 0 && a < LS_ATTN_COUNT ? ATTN_NAMES[a] : "?"; }
const char *ls_side_name(ls_Side s) { return s >= 0 && s < LS_SIDE_COUNT ? SIDE_NAMES[s] : "?"; }
const char *ls_dir_kind_name(ls_DirKind k) { return k >= 0 && k < LS_DIR_COUNT ? DIR_NAMES[k] : "?"; }
const char *ls_answer_op_name(ls_AnswerOp op)
{
    return op >= 0 && op < LS_ANS_COUNT ? ANS_NAMES[op] : "?";
}

/* --- small string helpers -------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

static char *strndup_(const char *s, size_t n)
{
    char *r = tf_xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

/* Appends s to the malloc'd *buf. */
static void append(char **buf, const char *s)
{
    size_t a = *buf ? strlen(*buf) : 0, b = strlen(s);
    char *r = realloc(*buf, a + b + 1);
    TF_ASSERT(r);
    memcpy(r + a, s, b + 1);
    *buf = r;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || v != v) return false;
    *out = v;
    return true;
}

/* Splits s (modified in place) at whitespace into at most max words. */
static int split_words(char *s, char **w, int max)
{
    int n = 0;
    char *p = s;
    while (*p) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        if (n == max) return max + 1;
        w[n++] = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        if (*p) *p++ = 0;
    }
    return n;
}

/* --- the parts of a lesson --------------------------------------------------------------------- */

static void spans_free(ls_Span *sp, int n)
{
    for (int i = 0; i < n; i++) {
        free(sp[i].text);
        free(sp[i].url);
    }
    free(sp);
}

static void directive_free(ls_Directive *d)
{
    for (int i = 0; i < d->n_fields; i++) {
        free(d->fields[i].key);
        free(d->fields[i].value);
    }
    free(d->fields);
    free(d->scene.sentence);
    free(d->scene.snapshots);
    free(d->quiz.question);
    free(d->quiz.answer_src);
    for (int i = 0; i < d->quiz.n_options; i++) free(d->quiz.options[i]);
    free(d->quiz.options);
    free(d->quiz.right);
    free(d->quiz.wrong);
    free(d->quiz.explain);
    free(d->try_.prompt);
    for (int i = 0; i < d->try_.n_suggest; i++) free(d->try_.suggest[i]);
    free(d->try_.suggest);
}

void ls_lesson_free(ls_Lesson *l)
{
    for (int p = 0; p < l->n_pages; p++) {
        ls_Page *pg = &l->pages[p];
        for (int b = 0; b < pg->n_blocks; b++) {
            spans_free(pg->blocks[b].spans, pg->blocks[b].n_spans);
            free(pg->blocks[b].code);
            free(pg->blocks[b].info);
        }
        free(pg->blocks);
        free(pg->title);
    }
    free(l->pages);
    for (int i = 0; i < l->n_dirs; i++) directive_free(&l->dirs[i]);
    free(l->dirs);
    free(l->path);
    free(l->slug);
    free(l->title);
    memset(l, 0, sizeof *l);
}

static ls_Page *add_page(ls_Lesson *l, const char *title, int line)
{
    l->pages = realloc(l->pages, (size_t)(l->n_pages + 1) * sizeof *l->pages);
    TF_ASSERT(l->pages);
    ls_Page *p = &l->pages[l->n_pages++];
    memset(p, 0, sizeof *p);
    p->title = tf_xstrdup(title);
    p->line = line;
    return p;
}

static ls_Block *add_block(ls_Page *p, ls_BlockKind kind, int line)
{
    p->blocks = realloc(p->blocks, (size_t)(p->n_blocks + 1) * sizeof *p->blocks);
    TF_ASSERT(p->blocks);
    ls_Block *b = &p->blocks[p->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = line;
    b->dir = -1;
    return b;
}

/* --- inline content ---------------------------------------------------------------------------- */

typedef struct {
    const char *path;   /* the lesson file, for resolving image paths */
    ls_Diags *d;
    ls_Lesson *l;
    ls_Page *page;      /* NULL before the first page */
    int quote;
    bool *tried;        /* per page: a directive was written there (even one that failed) */
    int n_tried;
} Ctx;

/* Grows cx->tried to one flag per page, the new ones false. */
static void grow_tried(Ctx *cx)
{
    int n = cx->l->n_pages;
    if (n <= cx->n_tried) return;
    cx->tried = realloc(cx->tried, (size_t)n * sizeof *cx->tried);
    TF_ASSERT(cx->tried);
    memset(cx->tried + cx->n_tried, 0, (size_t)(n - cx->n_tried) * sizeof *cx->tried);
    cx->n_tried = n;
}

static void add_span(ls_Block *b, ls_SpanKind kind, unsigned style, const char *text,
                     const char *url)
{
    /* adjacent text of one style becomes one span */
    if (kind == LS_SPAN_TEXT && b->n_spans) {
        ls_Span *last = &b->spans[b->n_spans - 1];
        if (last->kind == LS_SPAN_TEXT && last->style == style &&
            ((!last->url && !url) || (last->url && url && !strcmp(last->url, url)))) {
            append(&last->text, text);
            return;
        }
    }
    b->spans = realloc(b->spans, (size_t)(b->n_spans + 1) * sizeof *b->spans);
    TF_ASSERT(b->spans);
    ls_Span *s = &b->spans[b->n_spans++];
    s->kind = kind;
    s->style = style;
    s->text = tf_xstrdup(text ? text : "");
    s->url = url ? tf_xstrdup(url) : NULL;
}

/* The text of an image's alt (its children, flattened). */
static void plain_text(cmark_node *n, char **out)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) append(out, cmark_node_get_literal(c));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) append(out, " ");
        else plain_text(c, out);
    }
}

/* A path written in the lesson, relative to the lesson file's folder (as Markdown readers
 * resolve it), unless absolute or a URL. */
static char *resolve_path(const char *lesson_path, const char *p)
{
    if (!p || !*p || p[0] == '/' || strstr(p, "://")) return tf_xstrdup(p ? p : "");
    const char *slash = strrchr(lesson_path, '/');
    if (!slash) return tf_xstrdup(p);
    size_t n = (size_t)(slash - lesson_path) + 1 + strlen(p) + 1;
    char *r = tf_xmalloc(n);
    snprintf(r, n, "%.*s/%s", (int)(slash - lesson_path), lesson_path, p);
    return r;
}

static void inlines(Ctx *cx, cmark_node *n, ls_Block *b, unsigned style, const char *url)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        switch (cmark_node_get_type(c)) {
        case CMARK_NODE_TEXT: add_span(b, LS_SPAN_TEXT, style, cmark_node_get_literal(c), url); break;
        case CMARK_NODE_SOFTBREAK: add_span(b, LS_SPAN_TEXT, style, " ", url); break;
        case CMARK_NODE_LINEBREAK: add_span(b, LS_SPAN_BREAK, style, "", NULL); break;
        case CMARK_NODE_CODE: add_span(b, LS_SPAN_CODE, style, cmark_node_get_literal(c), url); break;
        case CMARK_NODE_EMPH: inlines(cx, c, b, style | LS_EMPH, url); break;
        case CMARK_NODE_STRONG: inlines(cx, c, b, style | LS_STRONG, url); break;
        case CMARK_NODE_LINK: inlines(cx, c, b, style | LS_LINK, cmark_node_get_url(c)); break;
        case CMARK_NODE_IMAGE: {
            char *alt = NULL;
            plain_text(c, &alt);
            char *path = resolve_path(cx->path, cmark_node_get_url(c));
            add_span(b, LS_SPAN_IMAGE, style, alt ? alt : "", path);
            free(alt);
            free(path);
            break;
        }
        case CMARK_NODE_HTML_INLINE: break;   /* comments and tags are not shown */
        default: inlines(cx, c, b, style, url); break;
        }
    }
}

/* --- directive syntax ---------------------------------------------------------------------------- */

typedef enum { K_SCENE, K_QUIZ, K_TRY, K_TABLE1, K_VARIANCE, K_SCHEDULE } KeyGroup;

typedef struct {
    const char *name;
    KeyGroup group;
    bool repeatable;
    bool text;          /* written for the learner: may differ between languages */
} KeyInfo;

static const KeyInfo KEYS[] = {
    {"sentence", K_SCENE, false, false},  {"decode", K_SCENE, false, false},
    {"tensor", K_SCENE, false, false},    {"step", K_SCENE, false, false},
    {"view", K_SCENE, false, false},      {"attention", K_SCENE, false, false},
    {"layer", K_SCENE, false, false},     {"heads", K_SCENE, false, false},
    {"token", K_SCENE, false, false},     {"position", K_SCENE, false, false},
    {"highlight", K_SCENE, true, false},  {"snapshots", K_SCENE, false, false},
    {"snapshot", K_SCENE, false, false},
    {"quiz", K_QUIZ, false, true},        {"answer", K_QUIZ, false, false},
    {"options", K_QUIZ, false, true},     {"right", K_QUIZ, false, true},
    {"wrong", K_QUIZ, false, true},       {"explain", K_QUIZ, false, true},
    {"try", K_TRY, false, true},          {"suggest", K_TRY, true, false},
    {"table1", K_TABLE1, false, false},   {"variance", K_VARIANCE, false, false},
    {"schedule", K_SCHEDULE, false, false},
};
#define N_KEYS (int)(sizeof KEYS / sizeof KEYS[0])

static const KeyInfo *key_info(const char *k)
{
    for (int i = 0; i < N_KEYS; i++)
        if (!strcmp(KEYS[i].name, k)) return &KEYS[i];
    return NULL;
}

bool ls_key_is_text(const char *key)
{
    const KeyInfo *k = key_info(key);
    return k && k->text;
}

/* The closest known key, for "did you mean". */
static const char *closest_key(const char *k)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < N_KEYS; i++) {
        const char *a = k, *b = KEYS[i].name;
        int la = (int)strlen(a), lb = (int)strlen(b);
        if (la > 40 || lb > 40) continue;
        int row[41];
        for (int j = 0; j <= lb; j++) row[j] = j;
        for (int x = 1; x <= la; x++) {
            int prev = row[0];
            row[0] = x;
            for (int j = 1; j <= lb; j++) {
                int cur = row[j];
                int sub = prev + (a[x - 1] != b[j - 1]);
                int v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
                row[j] = v < sub ? v : sub;
                prev = cur;
            }
        }
        if (row[lb] < best_d) {
            best_d = row[lb];
            best = b;
        }
    }
    return best;
}

static void add_field(ls_Directive *dv, const char *key, const char *value, int line)
{
    dv->fields = realloc(dv->fields, (size_t)(dv->n_fields + 1) * sizeof *dv->fields);
    TF_ASSERT(dv->fields);
    ls_Field *f = &dv->fields[dv->n_fields++];
    f->key = tf_xstrdup(key);
    f->value = tf_xstrdup(value);
    f->line = line;
}

/* key: value lines; an indented line continues the value above; # starts a comment line. */
static bool fields_from_lines(Ctx *cx, ls_Directive *dv, const char *text, int first_line)
{
    bool ok = true;
    const char *p = text;
    int line = first_line;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *raw = strndup_(p, n);
        char *s = trim(raw);
        bool indented = n && (p[0] == ' ' || p[0] == '\t');
        if (!*s || s[0] == '#') {
            /* blank or comment */
        } else if (indented && dv->n_fields) {
            ls_Field *f = &dv->fields[dv->n_fields - 1];
            append(&f->value, " ");
            append(&f->value, s);
        } else {
            char *colon = strchr(s, ':');
            if (!colon) {
                ls_diag(cx->d, cx->path, line, false,
                        "'%s': a directive line is 'key: value' (keys: sentence, tensor, view, "
                        "heads, token, quiz, answer, try, … — see lessons/README.md)", s);
                ok = false;
            } else {
                *colon = 0;
                char *k = trim(s), *v = trim(colon + 1);
                for (char *q = k; *q; q++) *q = (char)tolower((unsigned char)*q);
                add_field(dv, k, v, line);
            }
        }
        free(raw);
        line++;
        if (!e) break;
        p = e + 1;
    }
    return ok;
}

/* The line of a JSON key in the block, for messages (the block's first line if not found). */
static int json_key_line(const char *text, const char *key, int first_line)
{
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *at = strstr(text, pat);
    if (!at) return first_line;
    int line = first_line;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') line++;
    return line;
}

static bool json_scalar(const cJSON *v, char *out, size_t cap)
{
    if (cJSON_IsString(v)) snprintf(out, cap, "%s", v->valuestring);
    else if (cJSON_IsNumber(v)) {
        if (v->valuedouble == (double)(long long)v->valuedouble)
            snprintf(out, cap, "%lld", (long long)v->valuedouble);
        else snprintf(out, cap, "%.17g", v->valuedouble);
    } else if (cJSON_IsBool(v)) snprintf(out, cap, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else return false;
    return true;
}

/* One JSON object: {"tensor": "...", "heads": [5, 6], "highlight": ["...", "..."]}. Arrays of a
 * repeatable key give one field each; other arrays are joined with commas (heads, dk lists). */
static bool fields_from_json(Ctx *cx, ls_Directive *dv, const char *text, int first_line)
{
    cJSON *root = cJSON_Parse(text);
    if (!root || !cJSON_IsObject(root)) {
        ls_diag(cx->d, cx->path, first_line, false,
                "this directive starts with '{' but is not a JSON object%s",
                root ? "" : " (a syntax error)");
        cJSON_Delete(root);
        return false;
    }
    bool ok = true;
    char buf[4096];
    for (cJSON *it = root->child; it; it = it->next) {
        int line = json_key_line(text, it->string, first_line);
        if (cJSON_IsArray(it)) {
            const KeyInfo *k = key_info(it->string);
            char joined[4096] = "";
            for (cJSON *e = it->child; e; e = e->next) {
                if (!json_scalar(e, buf, sizeof buf)) {
                    ls_diag(cx->d, cx->path, line, false, "\"%s\": array items must be strings or numbers",
                            it->string);
                    ok = false;
                    break;
                }
                if (k && k->repeatable) add_field(dv, it->string, buf, line);
                else {
                    if (*joined) strncat(joined, ",", sizeof joined - strlen(joined) - 1);
                    strncat(joined, buf, sizeof joined - strlen(joined) - 1);
                }
            }
            if (!(k && k->repeatable)) add_field(dv, it->string, joined, line);
        } else if (json_scalar(it, buf, sizeof buf)) {
            add_field(dv, it->string, buf, line);
        } else {
            ls_diag(cx->d, cx->path, line, false, "\"%s\": values are strings, numbers or arrays",
                    it->string);
            ok = false;
        }
    }
    cJSON_Delete(root);
    return ok;
}

/* --- typed values ------------------------------------------------------------------------- */

/* "#17", "the(2)", "making", optionally after "src "/"tgt " when allow_side. */
static bool parse_tokref(const char *s0, bool allow_side, ls_TokRef *t, char *why, size_t cap)
{
    memset(t, 0, sizeof *t);
    t->index = -1;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s0);
    char *s = trim(buf);
    if (allow_side) {
        if (!strncmp(s, "src ", 4)) t->side = LS_SIDE_SRC, s = trim(s + 4);
        else if (!strncmp(s, "tgt ", 4)) t->side = LS_SIDE_TGT, s = trim(s + 4);
    }
    if (!*s || strchr(s, ' ')) {
        snprintf(why, cap, "'%s' is not a token: write a word, word(k) for its k-th occurrence, or #N",
                 s0);
        return false;
    }
    t->set = true;
    if (s[0] == '#' && s[1]) {
        if (!parse_int(s + 1, 0, 1 << 20, &t->index)) {
            snprintf(why, cap, "'%s': #N is a position, N a whole number from 0", s);
            return false;
        }
        return true;
    }
    size_t n = strlen(s);
    t->occurrence = 1;
    if (n > 3 && s[n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (open && open > s) {
            s[n - 1] = 0;
            if (!parse_int(open + 1, 1, 1 << 20, &t->occurrence)) {
                snprintf(why, cap, "'%s': word(k) counts occurrences from 1", s0);
                return false;
            }
            *open = 0;
        }
    }
    if (strlen(s) >= LS_NAME_MAX) {
        snprintf(why, cap, "'%s' is too long for a token", s);
        return false;
    }
    snprintf(t->word, sizeof t->word, "%s", s);
    return true;
}

/* "[TENSOR] [head H] [row R] [col C] [tol X]" */
static bool parse_cellref(const char *s0, ls_CellRef *c, double *tol, char *why, size_t cap)
{
    memset(c, 0, sizeof *c);
    c->head = -1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s0);
    char *w[16];
    int n = split_words(buf, w, 15);
    if (n > 15) {
        snprintf(why, cap, "'%s' has too many words", s0);
        return false;
    }
    int i = 0;
    if (i < n && strcmp(w[i], "head") && strcmp(w[i], "row") && strcmp(w[i], "col")) {
        if (strlen(w[i]) >= TF_NAME_MAX) {
            snprintf(why, cap, "'%s' is too long for a tensor name", w[i]);
            return false;
        }
        snprintf(c->tensor, sizeof c->tensor, "%s", w[i++]);
    }
    while (i < n) {
        const char *k = w[i];
        if (i + 1 >= n) {
            snprintf(why, cap, "'%s' needs a value after it", k);
            return false;
        }
        const char *v = w[i + 1];
        if (!strcmp(k, "head")) {
            if (!parse_int(v, 0, 63, &c->head)) {
                snprintf(why, cap, "head '%s': a head number from 0", v);
                return false;
            }
        } else if (!strcmp(k, "row") || !strcmp(k, "col")) {
            ls_TokRef *t = k[0] == 'r' ? &c->row : &c->col;
            if (t->set) {
                snprintf(why, cap, "'%s' is given twice", k);
                return false;
            }
            if (!parse_tokref(v, false, t, why, cap)) return false;
        } else if (!strcmp(k, "tol") && tol) {
            if (!parse_double(v, tol) || *tol < 0) {
                snprintf(why, cap, "tol '%s': a number >= 0", v);
                return false;
            }
        } else {
            snprintf(why, cap, "'%s': expected head H, row R, col C%s", k, tol ? " or tol X" : "");
            return false;
        }
        i += 2;
    }
    return true;
}

/* "n=26 d=64" style pairs into a small table; returns false on a malformed pair. */
typedef struct {
    char key[16];
    char val[128];
} KV;

static int parse_kv(const char *s, KV *kv, int max, char *why, size_t cap)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *w[16];
    int n = split_words(buf, w, 15);
    if (n > max || n > 15) {
        snprintf(why, cap, "too many settings in '%s'", s);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char *eq = strchr(w[i], '=');
        if (!eq || eq == w[i] || !eq[1] || (size_t)(eq - w[i]) >= sizeof kv[i].key) {
            snprintf(why, cap, "'%s': settings are name=value", w[i]);
            return -1;
        }
        *eq = 0;
        snprintf(kv[i].key, sizeof kv[i].key, "%s", w[i]);
        snprintf(kv[i].val, sizeof kv[i].val, "%s", eq + 1);
    }
    return n;
}

static bool parse_heads(const char *s, ls_Scene *sc, char *why, size_t cap)
{
    if (!strcmp(s, "all")) {
        sc->heads_all = true;
        sc->heads = ~(uint64_t)0;
        return true;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    uint64_t m = 0;
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        int a, b;
        char *dash = strchr(tok, '-');
        if (dash) {
            *dash = 0;
            if (!parse_int(tok, 0, 63, &a) || !parse_int(dash + 1, 0, 63, &b) || b < a) goto bad;
        } else if (!parse_int(tok, 0, 63, &a)) goto bad;
        else b = a;
        for (int h = a; h <= b; h++) m |= (uint64_t)1 << h;
    }
    if (!m) goto bad;
    sc->heads_all = false;
    sc->heads = m;
    return true;
bad:
    snprintf(why, cap, "heads '%s': write all, a head (5), a list (0,3,5) or a range (0-3)", s);
    return false;
}

static bool parse_answer(const char *s, ls_AnswerExpr *a, char *why, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->tol = -1;
    a->ref.head = -1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *sp = buf;
    while (*sp && !isspace((unsigned char)*sp)) sp++;
    char *rest = *sp ? (*sp = 0, trim(sp + 1)) : sp;
    int op = -1;
    for (int i = 0; i < LS_ANS_COUNT; i++)
        if (!strcmp(buf, ANS_NAMES[i])) op = i;
    if (op < 0) {
        snprintf(why, cap, "answer '%s': starts with one of argmax, argmin, masked, visible, maxhead, "
                 "value, distance, length, cheaper, choice", s);
        return false;
    }
    a->op = (ls_AnswerOp)op;
    switch (a->op) {
    case LS_ANS_ARGMAX: case LS_ANS_ARGMIN: case LS_ANS_MASKED: case LS_ANS_VISIBLE:
    case LS_ANS_MAXHEAD: case LS_ANS_VALUE: {
        double tol = -1;
        if (!parse_cellref(rest, &a->ref, a->op == LS_ANS_VALUE ? &tol : NULL, why, cap)) return false;
        a->tol = tol;
        bool r = a->ref.row.set, c = a->ref.col.set;
        if ((a->op == LS_ANS_ARGMAX || a->op == LS_ANS_ARGMIN) && r == c) {
            snprintf(why, cap, "%s: give either row R (which column is largest) or col C (which row)",
                     ANS_NAMES[op]);
            return false;
        }
        if ((a->op == LS_ANS_MASKED || a->op == LS_ANS_VISIBLE) && r == c) {
            snprintf(why, cap, "%s: give either row R (which keys that query sees) or col C (which "
                     "queries see that key)", ANS_NAMES[op]);
            return false;
        }
        if ((a->op == LS_ANS_MAXHEAD || a->op == LS_ANS_VALUE) && (!r || !c)) {
            snprintf(why, cap, "%s: give both row R and col C", ANS_NAMES[op]);
            return false;
        }
        if (a->op == LS_ANS_MAXHEAD && a->ref.head >= 0) {
            snprintf(why, cap, "maxhead: the head is the answer, do not give one");
            return false;
        }
        a->by_col = c && !r;
        return true;
    }
    case LS_ANS_DISTANCE: {
        char *w[4];
        int n = split_words(rest, w, 3);
        if (n != 2) {
            snprintf(why, cap, "distance: two source tokens, e.g. distance making difficult");
            return false;
        }
        return parse_tokref(w[0], false, &a->a, why, cap) && parse_tokref(w[1], false, &a->b, why, cap);
    }
    case LS_ANS_LENGTH:
        if (!strcmp(rest, "src")) a->side = LS_SIDE_SRC;
        else if (!strcmp(rest, "tgt")) a->side = LS_SIDE_TGT;
        else {
            snprintf(why, cap, "length: src or tgt");
            return false;
        }
        return true;
    case LS_ANS_CHEAPER: {
        KV kv[4];
        int n = parse_kv(rest, kv, 4, why, cap);
        if (n < 0) return false;
        a->n = a->d = 0;
        for (int i = 0; i < n; i++) {
            int *dst = !strcmp(kv[i].key, "n") ? &a->n : !strcmp(kv[i].key, "d") ? &a->d : NULL;
            if (!dst || !parse_int(kv[i].val, 1, 100000000, dst)) {
                snprintf(why, cap, "cheaper: n=N d=D with whole numbers from 1");
                return false;
            }
        }
        if (!a->n || !a->d || a->n == a->d) {
            snprintf(why, cap, "cheaper: needs n=N and d=D, and n ≠ d");
            return false;
        }
        return true;
    }
    case LS_ANS_CHOICE:
        if (!parse_int(rest, 1, 9, &a->choice)) {
            snprintf(why, cap, "choice: the number (1-9) of the right option");
            return false;
        }
        return true;
    case LS_ANS_COUNT: break;
    }
    return false;
}

/* Splits "A | B | C" into options. */
static int parse_options(const char *s, char ***out)
{
    char *buf = tf_xstrdup(s);
    int n = 0;
    char **o = NULL;
    char *p = buf;
    for (;;) {
        char *bar = strchr(p, '|');
        if (bar) *bar = 0;
        o = realloc(o, (size_t)(n + 1) * sizeof *o);
        TF_ASSERT(o);
        o[n++] = tf_xstrdup(trim(p));
        if (!bar) break;
        p = bar + 1;
    }
    free(buf);
    *out = o;
    return n;
}

static bool parse_dk_list(const char *s, ls_VarianceSpec *v)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    v->n_dk = 0;
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        if (v->n_dk == LS_VARIANCE_MAX || !parse_int(trim(t), 1, 4096, &v->dk[v->n_dk])) return false;
        v->n_dk++;
    }
    return v->n_dk > 0;
}

/* *dst = a copy of v; a key given twice (reported) keeps its last value without leaking. */
static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = tf_xstrdup(v);
}

/* Interprets the fields of one block. Returns false (after reporting) when it is unusable. */
static bool interpret(Ctx *cx, ls_Directive *dv, bool fields_ok)
{
    char why[400];
    bool ok = true;
    bool groups[6] = {0};
    ls_Scene *sc = &dv->scene;
    sc->snapshot = -2;
    sc->position = -1;
    sc->beam = 1;
    dv->schedule.warmup = 0;
    for (int i = 0; i < dv->n_fields; i++) {
        const ls_Field *f = &dv->fields[i];
        const KeyInfo *k = key_info(f->key);
        if (!k) {
            const char *near = closest_key(f->key);
            ls_diag(cx->d, cx->path, f->line, false, "unknown key '%s'%s%s%s", f->key,
                    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            ok = false;
            continue;
        }
        groups[k->group] = true;
        if (!k->repeatable) {
            for (int j = 0; j < i; j++) {
                bool same = !strcmp(dv->fields[j].key, f->key) ||
                            ((!strcmp(f->key, "step") || !strcmp(f->key, "tensor")) &&
                             (!strcmp(dv->fields[j].key, "step") || !strcmp(dv->fields[j].key, "tensor")));
                if (same) {
                    ls_diag(cx->d, cx->path, f->line, false, "'%s' is given twice in this block (first on line %d)",
                            f->key, dv->fields[j].line);
                    ok = false;
                }
            }
        }
        const char *v = f->value;
        if (!*v) {
            ls_diag(cx->d, cx->path, f->line, false, "'%s' has no value", f->key);
            ok = false;
            continue;
        }
        bool good = true;
        why[0] = 0;
        if (!strcmp(f->key, "sentence")) {
            sc->set |= LS_SET_SENTENCE;
            free(sc->sentence);
            sc->sentence = strcmp(v, "figure3") ? tf_xstrdup(v) : NULL;
        } else if (!strcmp(f->key, "decode")) {
            sc->set |= LS_SET_DECODE;
            if (!strcmp(v, "greedy")) sc->beam = 1;
            else if (!strncmp(v, "beam ", 5)) good = parse_int(v + 5, 1, 16, &sc->beam);
            else good = false;
            if (!good) snprintf(why, sizeof why, "decode '%s': greedy or beam K (K 1-16)", v);
        } else if (!strcmp(f->key, "tensor") || !strcmp(f->key, "step")) {
            sc->set |= LS_SET_TENSOR;
            good = strlen(v) < TF_NAME_MAX && !strchr(v, ' ');
            if (good) snprintf(sc->tensor, sizeof sc->tensor, "%s", v);
            else snprintf(why, sizeof why, "'%s' is not a tensor name (e.g. enc.1.self_attn.weights)", v);
        } else if (!strcmp(f->key, "view")) {
            sc->set |= LS_SET_VIEW;
            good = false;
            for (int j = 1; j < LS_VIEW_COUNT; j++)
                if (!strcmp(v, VIEW_NAMES[j])) sc->view = (ls_View)j, good = true;
            if (!good) snprintf(why, sizeof why, "view '%s': step, matrix, lines, grid or arch", v);
        } else if (!strcmp(f->key, "attention")) {
            sc->set |= LS_SET_ATTN;
            good = false;
            for (int j = 1; j < LS_ATTN_COUNT; j++)
                if (!strcmp(v, ATTN_NAMES[j])) sc->attn = (ls_Attn)j, good = true;
            if (!good) snprintf(why, sizeof why, "attention '%s': enc, dec or cross", v);
        } else if (!strcmp(f->key, "layer")) {
            sc->set |= LS_SET_LAYER;
            good = parse_int(v, 0, 63, &sc->layer);
            if (!good) snprintf(why, sizeof why, "layer '%s': a layer number from 0", v);
        } else if (!strcmp(f->key, "heads")) {
            sc->set |= LS_SET_HEADS;
            good = parse_heads(v, sc, why, sizeof why);
        } else if (!strcmp(f->key, "token")) {
            sc->set |= LS_SET_TOKEN;
            if (strcmp(v, "none")) good = parse_tokref(v, true, &sc->token, why, sizeof why);
            else memset(&sc->token, 0, sizeof sc->token);
        } else if (!strcmp(f->key, "position")) {
            sc->set |= LS_SET_POSITION;
            if (!strcmp(v, "all")) sc->position = -1;
            else good = parse_int(v, 0, 1 << 20, &sc->position);
            if (!good) snprintf(why, sizeof why, "position '%s': all, or a decoder position from 0", v);
        } else if (!strcmp(f->key, "highlight")) {
            sc->set |= LS_SET_HIGHLIGHT;
            if (!strcmp(v, "none")) sc->n_highlight = 0;
            else if (sc->n_highlight == LS_HIGHLIGHT_MAX) {
                good = false;
                snprintf(why, sizeof why, "at most %d highlighted cells", LS_HIGHLIGHT_MAX);
            } else {
                ls_CellRef *c = &sc->highlight[sc->n_highlight];
                good = parse_cellref(v, c, NULL, why, sizeof why);
                if (good && (!c->row.set || !c->col.set)) {
                    good = false;
                    snprintf(why, sizeof why, "highlight '%s': a cell needs row R and col C", v);
                }
                if (good) sc->n_highlight++;
            }
        } else if (!strcmp(f->key, "snapshots")) {
            sc->set |= LS_SET_SNAPSHOTS;
            free(sc->snapshots);
            sc->snapshots = resolve_path(cx->path, v);
            if (sc->snapshot == -2) sc->snapshot = 0;
        } else if (!strcmp(f->key, "snapshot")) {
            sc->set |= LS_SET_SNAPSHOT;
            if (!strcmp(v, "first")) sc->snapshot = 0;
            else if (!strcmp(v, "none")) sc->snapshot = -2;
            else if (!strcmp(v, "last")) sc->snapshot = -1;
            else good = parse_int(v, 0, 1 << 20, &sc->snapshot);
            if (!good) snprintf(why, sizeof why, "snapshot '%s': first, last, none or an index from 0", v);
        } else if (!strcmp(f->key, "quiz")) {
            set_str(&dv->quiz.question, v);
        } else if (!strcmp(f->key, "answer")) {
            set_str(&dv->quiz.answer_src, v);
            good = parse_answer(v, &dv->quiz.answer, why, sizeof why);
        } else if (!strcmp(f->key, "options")) {
            for (int j = 0; j < dv->quiz.n_options; j++) free(dv->quiz.options[j]);
            free(dv->quiz.options);
            dv->quiz.n_options = parse_options(v, &dv->quiz.options);
            for (int j = 0; j < dv->quiz.n_options; j++)
                if (!*dv->quiz.options[j]) {
                    good = false;
                    snprintf(why, sizeof why, "options: option %d is empty (options are A | B | C)", j + 1);
                }
        } else if (!strcmp(f->key, "right")) {
            set_str(&dv->quiz.right, v);
        } else if (!strcmp(f->key, "wrong")) {
            set_str(&dv->quiz.wrong, v);
        } else if (!strcmp(f->key, "explain")) {
            set_str(&dv->quiz.explain, v);
        } else if (!strcmp(f->key, "try")) {
            set_str(&dv->try_.prompt, v);
        } else if (!strcmp(f->key, "suggest")) {
            ls_Try *t = &dv->try_;
            t->suggest = realloc(t->suggest, (size_t)(t->n_suggest + 1) * sizeof *t->suggest);
            TF_ASSERT(t->suggest);
            t->suggest[t->n_suggest++] = tf_xstrdup(v);
        } else if (!strcmp(f->key, "table1")) {
            KV kv[4];
            int n = parse_kv(v, kv, 4, why, sizeof why);
            ls_Table1Spec *t = &dv->table1;
            t->n = t->d = 0;
            t->k = 3;
            t->r = 4;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "n") && !strcmp(vv, "src")) t->n = -1;
                else if (!strcmp(kk, "d") && !strcmp(vv, "model")) t->d = -1;
                else if (!strcmp(kk, "n")) good = parse_int(vv, 1, 1000000, &t->n);
                else if (!strcmp(kk, "d")) good = parse_int(vv, 1, 1000000, &t->d);
                else if (!strcmp(kk, "k")) good = parse_int(vv, 2, 1000, &t->k);
                else if (!strcmp(kk, "r")) good = parse_int(vv, 1, 1000000, &t->r);
                else good = false;
                if (!good) snprintf(why, sizeof why, "table1 '%.15s=%.100s': n=N|src, d=D|model, k=K (≥2), r=R", kk, vv);
            }
            if (good && (!t->n || !t->d)) {
                good = false;
                snprintf(why, sizeof why, "table1: needs n= and d= (n=src and d=model take them from the model)");
            }
        } else if (!strcmp(f->key, "variance")) {
            KV kv[4];
            int n = parse_kv(v, kv, 4, why, sizeof why);
            ls_VarianceSpec *s = &dv->variance;
            s->samples = 4000;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "dk")) good = parse_dk_list(vv, s);
                else if (!strcmp(kk, "samples")) good = parse_int(vv, 100, 1000000, &s->samples);
                else if (!strcmp(kk, "from")) {
                    good = strlen(vv) < sizeof s->from;
                    if (good) memcpy(s->from, vv, strlen(vv) + 1);
                } else good = false;
                if (!good)
                    snprintf(why, sizeof why, "variance '%.15s=%.100s': dk=1,4,16,… (1-4096, at most %d), "
                             "samples=N (100-1000000), from=enc.L.self_attn", kk, vv, LS_VARIANCE_MAX);
            }
            if (good && !s->n_dk) {
                good = false;
                snprintf(why, sizeof why, "variance: needs dk=… (the dₖ values of the table)");
            }
        } else if (!strcmp(f->key, "schedule")) {
            KV kv[4];
            int n = parse_kv(v, kv, 4, why, sizeof why);
            ls_ScheduleSpec *s = &dv->schedule;
            s->steps = 0;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "warmup")) good = parse_int(vv, 1, 100000000, &s->warmup);
                else if (!strcmp(kk, "d") && !strcmp(vv, "model")) s->d_model = 0;
                else if (!strcmp(kk, "d")) good = parse_int(vv, 1, 1000000, &s->d_model);
                else if (!strcmp(kk, "steps")) good = parse_int(vv, 1, 100000000, &s->steps);
                else good = false;
                if (!good) snprintf(why, sizeof why, "schedule '%.15s=%.100s': warmup=W, d=D|model, steps=N", kk, vv);
            }
            if (good && !s->warmup) {
                good = false;
                snprintf(why, sizeof why, "schedule: needs warmup=W");
            }
            if (good && !s->steps) s->steps = 10 * s->warmup;
        }
        if (!good) {
            ls_diag(cx->d, cx->path, f->line, false, "%s", why[0] ? why : "bad value");
            ok = false;
        }
    }
    /* what kind of block this is */
    int kinds = groups[K_QUIZ] + groups[K_TRY] + groups[K_TABLE1] + groups[K_VARIANCE] + groups[K_SCHEDULE];
    if (kinds > 1) {
        ls_diag(cx->d, cx->path, dv->line, false,
                "one block holds at most one of quiz, try, table1, variance, schedule: split it");
        return false;
    }
    dv->kind = groups[K_QUIZ] ? LS_DIR_QUIZ : groups[K_TRY] ? LS_DIR_TRY : groups[K_TABLE1] ? LS_DIR_TABLE1
             : groups[K_VARIANCE] ? LS_DIR_VARIANCE : groups[K_SCHEDULE] ? LS_DIR_SCHEDULE : LS_DIR_SCENE;
    if (dv->kind == LS_DIR_QUIZ) {
        ls_Quiz *q = &dv->quiz;
        if (!q->question) {
            ls_diag(cx->d, cx->path, dv->line, false, "answer/options/right/wrong/explain belong to a quiz: add 'quiz: QUESTION'");
            ok = false;
        }
        if (!q->answer_src) {
            ls_diag(cx->d, cx->path, dv->line, false, "the quiz has no 'answer:' (e.g. answer: argmax enc.1.self_attn.weights head 5 row making)");
            ok = false;
        }
        if (!q->explain) {
            ls_diag(cx->d, cx->path, dv->line, false, "the quiz has no 'explain:' (said after any answer)");
            ok = false;
        }
        bool needs_options = q->answer_src &&
                             (q->answer.op == LS_ANS_CHOICE || q->answer.op == LS_ANS_CHEAPER);
        if (needs_options && q->answer.op == LS_ANS_CHEAPER && q->n_options != 2) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "'answer: cheaper' needs 'options: SELF-ATTENTION | RECURRENT' (two, in that order)");
            ok = false;
        } else if (needs_options && q->answer.op == LS_ANS_CHOICE && q->answer.choice > q->n_options) {
            ls_diag(cx->d, cx->path, dv->line, false, "'answer: choice %d' but the quiz has %d option%s",
                    q->answer.choice, q->n_options, q->n_options == 1 ? "" : "s");
            ok = false;
        } else if (!needs_options && q->n_options) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "options: only for 'answer: choice K' or 'answer: cheaper …' (other answers are picked in the view)");
            ok = false;
        }
    }
    if (dv->kind == LS_DIR_TRY && !dv->try_.prompt) {
        ls_diag(cx->d, cx->path, dv->line, false, "'suggest:' belongs to a try-it: add 'try: PROMPT'");
        ok = false;
    }
    if (dv->kind == LS_DIR_SCENE && !dv->n_fields && fields_ok) {
        ls_diag(cx->d, cx->path, dv->line, false, "empty tfscope block");
        ok = false;
    }
    return ok;
}

static void add_directive(Ctx *cx, const char *text, int fence_line)
{
    grow_tried(cx);
    cx->tried[cx->l->n_pages - 1] = true;
    ls_Directive dv;
    memset(&dv, 0, sizeof dv);
    dv.line = fence_line;
    dv.page = cx->l->n_pages - 1;
    const char *p = text;
    while (*p && isspace((unsigned char)*p)) p++;
    bool ok = *p == '{' ? fields_from_json(cx, &dv, text, fence_line + 1)
                        : fields_from_lines(cx, &dv, text, fence_line + 1);
    ok = interpret(cx, &dv, ok) && ok;
    if (!ok) {
        directive_free(&dv);
        return;
    }
    ls_Lesson *l = cx->l;
    l->dirs = realloc(l->dirs, (size_t)(l->n_dirs + 1) * sizeof *l->dirs);
    TF_ASSERT(l->dirs);
    l->dirs[l->n_dirs] = dv;
    ls_Block *b = add_block(cx->page, LS_BLOCK_DIRECTIVE, fence_line);
    b->dir = l->n_dirs++;
}

/* --- blocks ------------------------------------------------------------------------------------ */

static ls_Page *page_for(Ctx *cx, int line)
{
    if (!cx->page) cx->page = add_page(cx->l, cx->l->title ? cx->l->title : "", line);
    return cx->page;
}

static void blocks(Ctx *cx, cmark_node *parent, int depth, int single);

static void item_blocks(Ctx *cx, cmark_node *list, int depth)
{
    bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int num = cmark_node_get_list_start(list);
    char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
    for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it), num++) {
        bool first = true;
        for (cmark_node *c = cmark_node_first_child(it); c; c = cmark_node_next(c)) {
            int line = cmark_node_get_start_line(c);
            if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
                ls_Block *b = add_block(page_for(cx, line), LS_BLOCK_ITEM, line);
                b->depth = depth;
                b->quote = cx->quote;
                if (first) {
                    if (ordered) snprintf(b->marker, sizeof b->marker, "%d%c", num, delim);
                    else snprintf(b->marker, sizeof b->marker, "•");
                }
                inlines(cx, c, b, 0, NULL);
            } else if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
                item_blocks(cx, c, depth + 1);
            } else {
                /* code blocks, directives, quotes inside an item: as at the top level */
                blocks(cx, c, depth, 1);
            }
            first = false;
        }
    }
}

static void block_node(Ctx *cx, cmark_node *c, int depth)
{
    int line = cmark_node_get_start_line(c);
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_HEADING: {
        int level = cmark_node_get_heading_level(c);
        char *txt = NULL;
        plain_text(c, &txt);
        char *t = txt ? trim(txt) : (char *)"";
        if (level == 1 && !cx->l->title && !cx->page && !cx->quote && !depth) {
            cx->l->title = tf_xstrdup(t);
        } else if (level == 1) {
            ls_diag(cx->d, cx->path, line, false, "a lesson has one '#' title, at the top; pages start with '##'");
        } else if (level == 2 && !cx->quote && !depth) {
            if (!*t) ls_diag(cx->d, cx->path, line, false, "a page heading needs a title");
            cx->page = add_page(cx->l, t, line);
        } else {
            ls_Block *b = add_block(page_for(cx, line), LS_BLOCK_HEADING, line);
            b->level = level;
            b->quote = cx->quote;
            inlines(cx, c, b, 0, NULL);
        }
        free(txt);
        break;
    }
    case CMARK_NODE_PARAGRAPH: {
        ls_Block *b = add_block(page_for(cx, line), LS_BLOCK_PARAGRAPH, line);
        b->quote = cx->quote;
        b->depth = depth;
        inlines(cx, c, b, 0, NULL);
        break;
    }
    case CMARK_NODE_LIST: item_blocks(cx, c, depth + 1); break;
    case CMARK_NODE_BLOCK_QUOTE:
        cx->quote++;
        blocks(cx, c, depth, 0);
        cx->quote--;
        break;
    case CMARK_NODE_CODE_BLOCK: {
        const char *info = cmark_node_get_fence_info(c);
        const char *lit = cmark_node_get_literal(c);
        char ib[64];
        snprintf(ib, sizeof ib, "%s", info ? info : "");
        char *first = trim(ib);
        char *sp = first;
        while (*sp && !isspace((unsigned char)*sp)) sp++;
        *sp = 0;
        page_for(cx, line);
        if (!strcmp(first, "tfscope")) {
            if (cx->quote || depth)
                ls_diag(cx->d, cx->path, line, true, "a tfscope block inside a list or quote is still a directive of this page");
            add_directive(cx, lit ? lit : "", line);
        } else {
            ls_Block *b = add_block(cx->page, LS_BLOCK_CODE, line);
            b->quote = cx->quote;
            b->depth = depth;
            b->code = tf_xstrdup(lit ? lit : "");
            size_t n = strlen(b->code);
            if (n && b->code[n - 1] == '\n') b->code[n - 1] = 0;
            b->info = tf_xstrdup(info ? info : "");
        }
        break;
    }
    case CMARK_NODE_THEMATIC_BREAK: {
        ls_Block *b = add_block(page_for(cx, line), LS_BLOCK_RULE, line);
        b->quote = cx->quote;
        break;
    }
    case CMARK_NODE_HTML_BLOCK: break;   /* comments for lesson writers; not shown */
    default: break;
    }
}

/* One block node (single = 1) or the children of parent (single = 0). */
static void blocks(Ctx *cx, cmark_node *parent, int depth, int single)
{
    if (single) {
        block_node(cx, parent, depth);
        return;
    }
    for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
        block_node(cx, c, depth);
}

/* --- files --------------------------------------------------------------------------------------- */

/* "lessons/ko/04-attention.md" → number 4, slug "04-attention", lang "ko". */
static bool name_parts(const char *path, int *number, char **slug, char lang[8])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n < 7 || strcmp(base + n - 3, ".md") || !isdigit((unsigned char)base[0]) ||
        !isdigit((unsigned char)base[1]) || base[2] != '-')
        return false;
    *number = (base[0] - '0') * 10 + (base[1] - '0');
    *slug = strndup_(base, n - 3);
    lang[0] = 0;
    if (base > path + 1) {
        const char *end = base - 1, *start = end;
        while (start > path && start[-1] != '/') start--;
        size_t ln = (size_t)(end - start);
        if (ln && ln < 8) {
            memcpy(lang, start, ln);
            lang[ln] = 0;
        }
    }
    return true;
}

tf_Status ls_lesson_parse(const char *path, const char *text, size_t len, ls_Lesson *out,
                          ls_Diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = tf_xstrdup(path);
    if (!name_parts(path, &out->number, &out->slug, out->lang)) {
        out->slug = tf_xstrdup("");
        ls_diag(d, path, 0, false, "a lesson file is named NN-slug.md (e.g. 04-attention.md)");
    }
    if (memchr(text, 0, len)) {
        ls_diag(d, path, 0, false, "not a text file (it holds a NUL byte)");
        return TF_ERR_FORMAT;
    }
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_VALIDATE_UTF8);
    if (!doc) {
        ls_diag(d, path, 0, false, "cmark could not parse the file");
        return TF_ERR_FORMAT;
    }
    Ctx cx = {.path = path, .d = d, .l = out, .page = NULL, .quote = 0, .tried = NULL, .n_tried = 0};
    blocks(&cx, doc, 0, 0);
    cmark_node_free(doc);
    grow_tried(&cx);
    if (!out->title) {
        ls_diag(d, path, 1, false, "a lesson starts with its title: '# Title'");
        out->title = tf_xstrdup(out->slug);
    }
    if (!out->n_pages) ls_diag(d, path, 1, false, "the lesson has no pages ('## Page title' starts one)");
    for (int p = 0; p < out->n_pages; p++)
        if (!out->pages[p].n_blocks && !cx.tried[p])
            ls_diag(d, path, out->pages[p].line, false, "page '%s' is empty", out->pages[p].title);
    free(cx.tried);
    return TF_OK;
}

tf_Status ls_lesson_load(const char *path, ls_Lesson *out, ls_Diags *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        memset(out, 0, sizeof *out);
        ls_diag(d, path, 0, false, "%s", strerror(errno));
        return TF_ERR_IO;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            if (cap > (size_t)16 << 20) {
                fclose(f);
                free(buf);
                memset(out, 0, sizeof *out);
                ls_diag(d, path, 0, false, "larger than 16 MB: not a lesson");
                return TF_ERR_FORMAT;
            }
            buf = realloc(buf, cap);
            TF_ASSERT(buf);
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (!got) break;
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        memset(out, 0, sizeof *out);
        ls_diag(d, path, 0, false, "read failed");
        return TF_ERR_IO;
    }
    tf_Status s = ls_lesson_parse(path, buf, len, out, d);
    free(buf);
    return s;
}

static int cmp_lesson(const void *a, const void *b)
{
    const ls_Lesson *x = a, *y = b;
    return x->number - y->number;
}

tf_Status ls_set_load(const char *dir, const char *lang, ls_Set *out, ls_Diags *d)
{
    memset(out, 0, sizeof *out);
    snprintf(out->lang, sizeof out->lang, "%s", lang);
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/%s", dir, lang);
    DIR *dp = opendir(folder);
    if (!dp) {
        ls_diag(d, folder, 0, false, "%s", strerror(errno));
        return TF_ERR_IO;
    }
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") || e->d_name[0] == '.') continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        ls_Lesson l;
        if (ls_lesson_load(path, &l, d) != TF_OK) {
            ls_lesson_free(&l);
            continue;
        }
        out->lessons = realloc(out->lessons, (size_t)(out->n + 1) * sizeof *out->lessons);
        TF_ASSERT(out->lessons);
        out->lessons[out->n++] = l;
    }
    closedir(dp);
    qsort(out->lessons, (size_t)out->n, sizeof *out->lessons, cmp_lesson);
    for (int i = 1; i < out->n; i++)
        if (out->lessons[i].number == out->lessons[i - 1].number)
            ls_diag(d, out->lessons[i].path, 0, false, "lesson number %02d is also used by %s",
                    out->lessons[i].number, out->lessons[i - 1].path);
    if (!out->n) ls_diag(d, folder, 0, false, "no lessons (NN-slug.md files) here");
    return TF_OK;
}

void ls_set_free(ls_Set *s)
{
    for (int i = 0; i < s->n; i++) ls_lesson_free(&s->lessons[i]);
    free(s->lessons);
    memset(s, 0, sizeof *s);
}

const ls_Lesson *ls_set_find(const ls_Set *s, int number)
{
    for (int i = 0; i < s->n; i++)
        if (s->lessons[i].number == number) return &s->lessons[i];
    return NULL;
}

const char *ls_default_dir(void)
{
    const char *env = getenv("TFSCOPE_LESSONS");
    if (env && *env) return env;
    static char path[4096];
    const char *data = getenv("TFSCOPE_DATA");
    if (data && *data) {
        snprintf(path, sizeof path, "%s/lessons", data);
        DIR *dp = opendir(path);
        if (dp) {
            closedir(dp);
            return path;
        }
    }
    return TF_SOURCE_LESSONS;
}

/* ls_lesson.c — reading lessons: CommonMark (through cmark) into pages of styled blocks, every
 * problem reported with its file and line. The `tfscope` blocks are read by ls_directive.c
 * (their values by ls_values.c), files and folders by ls_files.c, plain-text output by
 * ls_print.c.
 * Not evaluation against a trace (ls_eval.c) and not the checker (ls_check.c): nothing
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

#include "ls_lesson.h"
#include "ls_lesson_int.h"
#include "tf_limits.h"


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
                                              "schedule", "say"};
static const char *ANS_NAMES[LS_ANS_COUNT] = {"argmax", "argmin", "masked", "visible", "maxhead",
                                              "value", "distance", "length", "cheaper", "choice",
                                              "compute"};

const char *ls_view_name(ls_View v) { return v >= 0 && v < LS_VIEW_COUNT ? VIEW_NAMES[v] : "?"; }
const char *ls_attn_name(ls_Attn a) { return a >= 0 && a < LS_ATTN_COUNT ? ATTN_NAMES[a] : "?"; }
const char *ls_side_name(ls_Side s) { return s >= 0 && s < LS_SIDE_COUNT ? SIDE_NAMES[s] : "?"; }
const char *ls_dir_kind_name(ls_DirKind k) { return k >= 0 && k < LS_DIR_COUNT ? DIR_NAMES[k] : "?"; }
const char *ls_answer_op_name(ls_AnswerOp op)
{
    return op >= 0 && op < LS_ANS_COUNT ? ANS_NAMES[op] : "?";
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

void ls_directive_free(ls_Directive *d)
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
    free(d->say.text);
    spans_free(d->say.spans, d->say.n_spans);
    for (int i = 0; i < d->say.n; i++) ls_claim_free(&d->say.items[i]);
    free(d->say.items);
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
    for (int i = 0; i < l->n_dirs; i++) ls_directive_free(&l->dirs[i]);
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

ls_Block *ls_add_block(ls_Page *p, ls_BlockKind kind, int line)
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


/* Grows cx->tried to one flag per page, the new ones false. */
void ls_grow_tried(Ctx *cx)
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
char *ls_resolve_path(const char *lesson_path, const char *p)
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
            char *path = ls_resolve_path(cx->path, cmark_node_get_url(c));
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

/* How deeply the tree's nodes nest (the root is 0), walked without recursion: the readers of the
 * tree below recurse, so a tree deeper than TF_MAX_LESSON_DEPTH is refused before them. */
static int tree_depth(cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    int depth = -1, max = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev == CMARK_EVENT_EXIT) {
            depth--;
            continue;
        }
        if (++depth > max) max = depth;
        /* cmark's leaves (by type) get an ENTER event only; every other node an EXIT too */
        switch (cmark_node_get_type(cmark_iter_get_node(it))) {
        case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_THEMATIC_BREAK: case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
        case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE: depth--; break;
        default: break;
        }
    }
    cmark_iter_free(it);
    return max;
}

void ls_inline_spans(Ctx *cx, const char *text, ls_Span **spans, int *n)
{
    ls_Block tmp;
    memset(&tmp, 0, sizeof tmp);
    cmark_node *doc = cmark_parse_document(text, strlen(text), CMARK_OPT_VALIDATE_UTF8);
    if (doc && tree_depth(doc) > TF_MAX_LESSON_DEPTH) {
        /* the sentence of a say: line; the block's reader reported nothing, so say it here */
        ls_diag(cx->d, cx->path, 0, false, "a sentence's Markdown nests deeper than %d "
                "(TF_MAX_LESSON_DEPTH)", TF_MAX_LESSON_DEPTH);
        cmark_node_free(doc);
        doc = NULL;
    }
    for (cmark_node *c = doc ? cmark_node_first_child(doc) : NULL; c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH) continue;
        if (tmp.n_spans) add_span(&tmp, LS_SPAN_TEXT, 0, " ", NULL);
        inlines(cx, c, &tmp, 0, NULL);
    }
    if (doc) cmark_node_free(doc);
    *spans = tmp.spans;
    *n = tmp.n_spans;
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
                ls_Block *b = ls_add_block(page_for(cx, line), LS_BLOCK_ITEM, line);
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
            ls_Block *b = ls_add_block(page_for(cx, line), LS_BLOCK_HEADING, line);
            b->level = level;
            b->quote = cx->quote;
            inlines(cx, c, b, 0, NULL);
        }
        free(txt);
        break;
    }
    case CMARK_NODE_PARAGRAPH: {
        ls_Block *b = ls_add_block(page_for(cx, line), LS_BLOCK_PARAGRAPH, line);
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
            ls_add_directive(cx, lit ? lit : "", line);
        } else {
            ls_Block *b = ls_add_block(cx->page, LS_BLOCK_CODE, line);
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
        ls_Block *b = ls_add_block(page_for(cx, line), LS_BLOCK_RULE, line);
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
    int depth = tree_depth(doc);
    if (depth > TF_MAX_LESSON_DEPTH) {
        ls_diag(d, path, 0, false, "block quotes, lists, emphasis or links nest %d deep; the "
                "limit is %d (TF_MAX_LESSON_DEPTH)", depth, TF_MAX_LESSON_DEPTH);
        cmark_node_free(doc);
        return TF_ERR_FORMAT;
    }
    Ctx cx = {.path = path, .d = d, .l = out, .page = NULL, .quote = 0, .tried = NULL, .n_tried = 0};
    blocks(&cx, doc, 0, 0);
    cmark_node_free(doc);
    ls_grow_tried(&cx);
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

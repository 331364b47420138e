/* test_lessons.c — the lessons: Markdown into pages and directives, the real lessons of both
 * languages checked against the default model, every quiz answered right and wrong through the
 * checker API, broken lessons (tests/lessons_bad) reported with file and line, the numbers the
 * widgets show, and `tfscope lesson` exit codes.
 *
 * The real lessons name Korean words of the model's own translation, so checking them needs the
 * trained default model (assets/model.safetensors or $TFSCOPE_MODEL); without it those two tests
 * are skipped. Everything else runs on an untrained model of the default shape built in-process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "batch.h"
#include "lesson.h"
#include "task.h"

#ifndef TF_TESTS_DIR
#define TF_TESTS_DIR "tests"
#endif

/* --- models ------------------------------------------------------------------------------------ */

static tf_Model g_random;        /* default shape, untrained */
static tf_Model g_default;       /* the trained default model, when present */
static bool g_have_default;
static char g_random_path[256];  /* g_random saved, for the command-line tests */

static int setup(void **state)
{
    (void)state;
    tf_Vocab sv, tv;
    tf_task_vocabs(&sv, &tv);
    tf_Config c = {.d_model = 64, .nhead = 8, .n_enc = 2, .n_dec = 2, .d_ff = 256, .ln_eps = 1e-5f,
                   .norm_first = false, .max_len = 64, .tied_generator = true};
    tf_model_init(&g_random, &c, &sv, &tv);
    tf_model_randomize(&g_random, 7);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
    uint8_t *bytes;
    size_t len;
    tf_model_save(&g_random, &bytes, &len);
    snprintf(g_random_path, sizeof g_random_path, "/tmp/tfscope-test-lessons-%ld.safetensors",
             (long)getpid());
    FILE *f = fopen(g_random_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    struct stat st;
    const char *path = app_default_model();
    g_have_default = stat(path, &st) == 0 && app_load_model(path, &g_default, NULL);
    if (!g_have_default) fprintf(stderr, "[ note ] no default model at %s\n", path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_model_free(&g_random);
    if (g_have_default) tf_model_free(&g_default);
    remove(g_random_path);
    return 0;
}

static void print_diags_on_failure(const ls_Diags *d)
{
    if (d->n_errors) ls_diags_print(d, stderr);
}

/* --- Markdown ------------------------------------------------------------------------------------ */

static const char *DEMO =
    "# Demo lesson\n"                                          /* 1 */
    "\n"
    "Before the first page.\n"                                 /* 3 */
    "\n"
    "## First page\n"                                          /* 5 */
    "\n"
    "Some *emphasis*, **strong**, `code` and a [link](https://example.org).\n" /* 7 */
    "Soft break here.  \n"                                     /* 8 */
    "After a hard break.\n"
    "\n"
    "- item one\n"                                             /* 11 */
    "  - nested *two*\n"                                       /* 12 */
    "1. first\n"                                               /* 13 */
    "2. second\n"
    "\n"
    "> quoted\n"                                               /* 16 */
    "\n"
    "---\n"                                                    /* 18 */
    "\n"
    "![the architecture](../../assets/arch.png)\n"             /* 20 */
    "\n"
    "```\n"                                                    /* 22 */
    "  dk   var\n"
    "```\n"
    "\n"
    "### A sub-heading\n"                                      /* 26 */
    "\n"
    "<!-- a note for writers -->\n"
    "\n"
    "```tfscope\n"                                             /* 30 */
    "tensor: src.x\n"
    "```\n"
    "\n"
    "## Second page\n"                                         /* 34 */
    "\n"
    "softmax(QKᵀ/√dₖ)·V\n";

static void markdown_becomes_pages_blocks_and_spans(void **state)
{
    (void)state;
    ls_Diags d = {0};
    ls_Lesson l;
    assert_int_equal(ls_lesson_parse("/x/lessons/en/07-demo.md", DEMO, strlen(DEMO), &l, &d), TF_OK);
    print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(l.number, 7);
    assert_string_equal(l.slug, "07-demo");
    assert_string_equal(l.lang, "en");
    assert_string_equal(l.title, "Demo lesson");
    assert_int_equal(l.n_pages, 3);
    assert_string_equal(l.pages[0].title, "Demo lesson");   /* text before the first ## */
    assert_string_equal(l.pages[1].title, "First page");
    assert_int_equal(l.pages[1].line, 5);
    assert_string_equal(l.pages[2].title, "Second page");

    const ls_Page *p = &l.pages[1];
    ls_BlockKind want[] = {LS_BLOCK_PARAGRAPH, LS_BLOCK_ITEM, LS_BLOCK_ITEM, LS_BLOCK_ITEM,
                           LS_BLOCK_ITEM, LS_BLOCK_PARAGRAPH, LS_BLOCK_RULE, LS_BLOCK_PARAGRAPH,
                           LS_BLOCK_CODE, LS_BLOCK_HEADING, LS_BLOCK_DIRECTIVE};
    int lines[] = {7, 11, 12, 13, 14, 16, 18, 20, 22, 26, 30};
    assert_int_equal(p->n_blocks, 11);
    for (int i = 0; i < 11; i++) {
        assert_int_equal(p->blocks[i].kind, want[i]);
        assert_int_equal(p->blocks[i].line, lines[i]);
    }
    /* inline styles */
    const ls_Block *b = &p->blocks[0];
    bool emph = false, strong = false, code = false, link = false, brk = false;
    for (int i = 0; i < b->n_spans; i++) {
        const ls_Span *s = &b->spans[i];
        if (s->kind == LS_SPAN_TEXT && (s->style & LS_EMPH) && !strcmp(s->text, "emphasis")) emph = true;
        if (s->kind == LS_SPAN_TEXT && (s->style & LS_STRONG) && !strcmp(s->text, "strong")) strong = true;
        if (s->kind == LS_SPAN_CODE && !strcmp(s->text, "code")) code = true;
        if ((s->style & LS_LINK) && !strcmp(s->url, "https://example.org")) link = true;
        if (s->kind == LS_SPAN_BREAK) brk = true;
    }
    assert_true(emph && strong && code && link && brk);
    /* lists: depth and markers */
    assert_string_equal(p->blocks[1].marker, "•");
    assert_int_equal(p->blocks[1].depth, 1);
    assert_int_equal(p->blocks[2].depth, 2);
    assert_string_equal(p->blocks[3].marker, "1.");
    assert_string_equal(p->blocks[4].marker, "2.");
    assert_int_equal(p->blocks[5].quote, 1);
    /* images resolve from the lesson file's folder */
    assert_int_equal(p->blocks[7].spans[0].kind, LS_SPAN_IMAGE);
    assert_string_equal(p->blocks[7].spans[0].text, "the architecture");
    assert_string_equal(p->blocks[7].spans[0].url, "/x/lessons/en/../../assets/arch.png");
    assert_string_equal(p->blocks[8].code, "  dk   var");
    assert_int_equal(p->blocks[9].level, 3);
    /* the directive */
    const ls_Directive *dv = &l.dirs[p->blocks[10].dir];
    assert_int_equal(dv->kind, LS_DIR_SCENE);
    assert_int_equal(dv->line, 30);
    assert_int_equal(dv->page, 1);
    assert_string_equal(dv->scene.tensor, "src.x");
    assert_int_equal(dv->fields[0].line, 31);
    /* Unicode formulas pass through untouched */
    assert_string_equal(l.pages[2].blocks[0].spans[0].text, "softmax(QKᵀ/√dₖ)·V");
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

static void directives_as_lines_or_json_mean_the_same(void **state)
{
    (void)state;
    const char *a =
        "# A\n\n## P\n\n"
        "```tfscope\n"
        "# a comment\n"
        "Tensor: enc.1.self_attn.weights\n"
        "heads: 0,3-5\n"
        "token: tgt the(2)\n"
        "highlight: head 3 row #1 col making\n"
        "highlight: head 4 row #2 col making\n"
        "quiz: A long question\n"
        "  that goes on.\n"
        "answer: argmax enc.1.self_attn.weights head 3 row making\n"
        "explain: {answer}\n"
        "```\n";
    const char *b =
        "# A\n\n## P\n\n"
        "```tfscope\n"
        "{\"tensor\": \"enc.1.self_attn.weights\", \"heads\": [\"0\", \"3-5\"], \"token\": \"tgt the(2)\",\n"
        " \"highlight\": [\"head 3 row #1 col making\", \"head 4 row #2 col making\"],\n"
        " \"quiz\": \"A long question that goes on.\",\n"
        " \"answer\": \"argmax enc.1.self_attn.weights head 3 row making\", \"explain\": \"{answer}\"}\n"
        "```\n";
    ls_Diags d = {0};
    ls_Lesson la, lb;
    ls_lesson_parse("en/01-a.md", a, strlen(a), &la, &d);
    ls_lesson_parse("ko/01-a.md", b, strlen(b), &lb, &d);
    print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(la.n_dirs, 1);
    assert_int_equal(lb.n_dirs, 1);
    const ls_Directive *x = &la.dirs[0], *y = &lb.dirs[0];
    assert_int_equal(x->kind, LS_DIR_QUIZ);
    assert_int_equal(y->kind, LS_DIR_QUIZ);
    assert_string_equal(x->quiz.question, "A long question that goes on.");
    assert_string_equal(y->quiz.question, x->quiz.question);
    assert_true(x->scene.heads == ((1u << 0) | (1u << 3) | (1u << 4) | (1u << 5)));
    assert_true(y->scene.heads == x->scene.heads);
    assert_int_equal(x->scene.token.side, LS_SIDE_TGT);
    assert_string_equal(x->scene.token.word, "the");
    assert_int_equal(x->scene.token.occurrence, 2);
    assert_int_equal(x->scene.n_highlight, 2);
    assert_int_equal(y->scene.n_highlight, 2);
    assert_int_equal(x->scene.highlight[1].row.index, 2);
    assert_int_equal(x->quiz.answer.op, LS_ANS_ARGMAX);
    assert_int_equal(x->quiz.answer.ref.head, 3);
    /* the JSON block keeps its keys' lines */
    assert_int_equal(y->fields[0].line, 6);
    assert_int_equal(ls_check_pair(&la, &lb, &d), 0);
    ls_lesson_free(&la);
    ls_lesson_free(&lb);
    ls_diags_free(&d);
}

/* --- the real lessons --------------------------------------------------------------------------- */

static void real_lessons_parse_and_agree_across_languages(void **state)
{
    (void)state;
    ls_Diags d = {0};
    ls_Set en, ko;
    assert_int_equal(ls_set_load(TF_SOURCE_LESSONS, "en", &en, &d), TF_OK);
    assert_int_equal(ls_set_load(TF_SOURCE_LESSONS, "ko", &ko, &d), TF_OK);
    ls_check_sets(&en, &ko, &d);
    print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(en.n, 13);
    assert_int_equal(ko.n, 13);
    bool variance = false, table1 = false, snapshots = false, schedule = false, figure3 = false;
    for (int i = 0; i < en.n; i++) {
        const ls_Lesson *l = &en.lessons[i];
        assert_int_equal(l->number, i + 1);
        assert_true(l->n_pages >= 4);
        int interactive = 0;
        for (int k = 0; k < l->n_dirs; k++) {
            const ls_Directive *dv = &l->dirs[k];
            interactive += dv->kind == LS_DIR_QUIZ || dv->kind == LS_DIR_TRY;
            variance |= l->number == 4 && dv->kind == LS_DIR_VARIANCE && dv->variance.from[0];
            table1 |= l->number == 11 && dv->kind == LS_DIR_TABLE1;
            snapshots |= l->number == 12 && (dv->scene.set & LS_SET_SNAPSHOTS);
            schedule |= l->number == 12 && dv->kind == LS_DIR_SCHEDULE;
            figure3 |= l->number == 13 && dv->kind == LS_DIR_QUIZ &&
                       dv->quiz.answer.op == LS_ANS_MAXHEAD &&
                       !strcmp(dv->quiz.answer.ref.row.word, "making") &&
                       !strcmp(dv->quiz.answer.ref.col.word, "difficult");
        }
        assert_true(interactive >= 1);
    }
    assert_true(variance && table1 && snapshots && schedule && figure3);
    ls_set_free(&en);
    ls_set_free(&ko);
    ls_diags_free(&d);
}

static void real_lessons_fit_the_default_model(void **state)
{
    (void)state;
    if (!g_have_default) fail_msg("the bundled model (assets/model.safetensors or $TFSCOPE_MODEL) is missing");
    ls_Checker *c = ls_checker_new(&g_default);
    ls_Diags d = {0};
    const char *langs[] = {"en", "ko"};
    for (int k = 0; k < 2; k++) {
        ls_Set s;
        ls_set_load(TF_SOURCE_LESSONS, langs[k], &s, &d);
        for (int i = 0; i < s.n; i++) ls_check_lesson(c, &s.lessons[i], &d);
        ls_set_free(&s);
    }
    print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    ls_diags_free(&d);
    ls_checker_free(c);
}

/* Answers every quiz of a set right and wrong in every way a learner can respond. Returns the
 * number of quizzes. */
static int answer_quizzes(const ls_Set *s, const tf_Model *m)
{
    ls_Checker *c = ls_checker_new(m);
    int n = 0;
    for (int i = 0; i < s->n; i++) {
        const ls_Lesson *l = &s->lessons[i];
        for (int k = 0; k < l->n_dirs; k++) {
            const ls_Directive *dv = &l->dirs[k];
            if (dv->kind != LS_DIR_QUIZ) continue;
            ls_Scene sc;
            ls_scene_after(l, k, &sc);
            tf_Err err;
            const tf_Trace *tr = ls_checker_scene_trace(c, &sc, NULL, &err);
            if (!tr) fail_msg("%s:%d: %s", l->path, dv->line, err.msg);
            ls_Answer a;
            if (ls_quiz_answer(&dv->quiz, tr, &m->tgt_vocab, &a, &err) != TF_OK)
                fail_msg("%s:%d: %s", l->path, dv->line, err.msg);
            ls_Response r;
            ls_answer_right(&a, tr, &r);
            if (!ls_answer_check(&a, &r, tr)) fail_msg("%s:%d: the right answer is refused", l->path, dv->line);
            if (!ls_answer_wrong(&a, tr, &r)) fail_msg("%s:%d: no wrong answer exists", l->path, dv->line);
            if (ls_answer_check(&a, &r, tr)) fail_msg("%s:%d: a wrong answer is accepted", l->path, dv->line);
            if (a.kind == LS_ANSWER_TOKEN) {
                /* a click on the answer's cell, and the word typed */
                ls_Response cell = {.kind = LS_RESP_CELL, .head = a.head};
                snprintf(cell.tensor, sizeof cell.tensor, "%s", a.tensor);
                cell.row = a.by_col ? a.items[0] : a.fixed;
                cell.col = a.by_col ? a.fixed : a.items[0];
                if (a.fixed >= 0 && !ls_answer_check(&a, &cell, tr))
                    fail_msg("%s:%d: a click on the right cell is refused", l->path, dv->line);
                ls_Response typed = {.kind = LS_RESP_TEXT};
                const char *w = a.side == LS_SIDE_SRC ? tr->src_tokens[a.items[0]] : tr->tgt_tokens[a.items[0]];
                snprintf(typed.text, sizeof typed.text, "%s", w);
                if (!ls_answer_check(&a, &typed, tr)) fail_msg("%s:%d: the typed word is refused", l->path, dv->line);
            }
            char text[1024];
            ls_format(dv->quiz.explain, &a, l->lang, text, sizeof text);
            assert_null(strstr(text, "{answer}"));
            if (a.kind == LS_ANSWER_HEAD && !strcmp(l->lang, "ko")) assert_non_null(strstr(text, "번 헤드"));
            n++;
        }
    }
    ls_checker_free(c);
    return n;
}

static void every_real_quiz_is_answered_right_and_wrong(void **state)
{
    (void)state;
    if (!g_have_default) fail_msg("the bundled model (assets/model.safetensors or $TFSCOPE_MODEL) is missing");
    ls_Diags d = {0};
    const char *langs[] = {"en", "ko"};
    int counts[2];
    for (int k = 0; k < 2; k++) {
        ls_Set s;
        ls_set_load(TF_SOURCE_LESSONS, langs[k], &s, &d);
        counts[k] = answer_quizzes(&s, &g_default);
        ls_set_free(&s);
    }
    assert_true(counts[0] >= 26);
    assert_int_equal(counts[0], counts[1]);
    ls_diags_free(&d);
}

/* --- every kind of answer, on the untrained model --------------------------------------------- */

static const char *ANSWERS =
    "# Answers\n\n## P\n\n"
    "```tfscope\nquiz: q\nanswer: argmax enc.0.self_attn.weights head 1 row making\nexplain: {answer}\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmin enc.0.self_attn.scores head 2 col difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: masked dec.0.self_attn.weights head 0 row #2\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: masked dec.0.self_attn.weights head 0 col #4\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: visible dec.1.self_attn.weights head 7 row #2\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: maxhead enc.1.self_attn.weights row making col difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: value src.pos row #1 col 0 tol 0.01\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: distance making difficult\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: length src\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: sa | rnn\nanswer: cheaper n=26 d=64\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: sa | rnn\nanswer: cheaper n=1000 d=64\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\noptions: a | b | c\nanswer: choice 3\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax probs row <bos>\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax enc.0.ffn.hidden row making\nexplain: e\n```\n\n"
    "```tfscope\nquiz: q\nanswer: argmax dec.1.cross_attn.weights head 3 col governments\nexplain: e\n```\n";

static void every_kind_of_answer_is_computed_and_checked(void **state)
{
    (void)state;
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-answers.md", ANSWERS, strlen(ANSWERS), &l, &d);
    print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(l.n_dirs, 15);
    ls_Checker *c = ls_checker_new(&g_random);
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, TF_TASK_FIGURE3_SRC, 1, &err);
    assert_non_null(tr);
    assert_int_equal(tr->n_src, 26);
    int T = tr->n_tgt;
    assert_true(T >= 6);
    ls_Answer a[15];
    for (int i = 0; i < 15; i++) {
        if (ls_quiz_answer(&l.dirs[i].quiz, tr, &g_random.tgt_vocab, &a[i], &err) != TF_OK)
            fail_msg("quiz %d: %s", i, err.msg);
        ls_Response r;
        ls_answer_right(&a[i], tr, &r);
        assert_true(ls_answer_check(&a[i], &r, tr));
        if (ls_answer_wrong(&a[i], tr, &r)) assert_false(ls_answer_check(&a[i], &r, tr));
    }
    /* argmax over a row: a source token; the cell of another column is wrong */
    assert_int_equal(a[0].kind, LS_ANSWER_TOKEN);
    assert_int_equal(a[0].side, LS_SIDE_SRC);
    assert_int_equal(a[0].fixed, 17);
    const tf_Node *w = tf_trace_get(tr, "enc.0.self_attn.weights");
    for (int j = 0; j < 26; j++)
        assert_true(w->data[(1 * 26 + 17) * 26 + j] <= w->data[(1 * 26 + 17) * 26 + a[0].items[0]]);
    char text[600];
    ls_format(l.dirs[0].quiz.explain, &a[0], "en", text, sizeof text);
    assert_non_null(strstr(text, tr->src_tokens[a[0].items[0]]));
    /* argmin over a column: rows are source tokens too */
    assert_true(a[1].by_col);
    assert_int_equal(a[1].fixed, 24);
    /* the causal mask: position 2 cannot see 3..T-1; 0..3 cannot see 4 */
    assert_int_equal(a[2].kind, LS_ANSWER_TOKEN);
    assert_int_equal(a[2].side, LS_SIDE_TGT);
    assert_int_equal(a[2].n_items, T - 3);
    assert_int_equal(a[2].items[0], 3);
    assert_int_equal(a[3].n_items, 4);
    assert_int_equal(a[3].items[3], 3);
    ls_Response r = {.kind = LS_RESP_TOKEN, .side = LS_SIDE_TGT, .index = 4};
    assert_false(ls_answer_check(&a[3], &r, tr));
    r.index = 0;
    assert_true(ls_answer_check(&a[3], &r, tr));
    r.side = LS_SIDE_SRC;
    assert_false(ls_answer_check(&a[3], &r, tr));       /* the wrong side */
    assert_int_equal(a[4].n_items, 3);
    /* maxhead: a head chip, or a cell in that head's panel */
    assert_int_equal(a[5].kind, LS_ANSWER_HEAD);
    ls_Response cell = {.kind = LS_RESP_CELL, .head = a[5].items[0], .row = 17, .col = 24};
    snprintf(cell.tensor, sizeof cell.tensor, "enc.1.self_attn.weights");
    assert_true(ls_answer_check(&a[5], &cell, tr));
    /* a value read from the heatmap: sin(1) */
    assert_int_equal(a[6].kind, LS_ANSWER_NUMBER);
    assert_true(a[6].number > 0.84 && a[6].number < 0.842);
    ls_Response typed = {.kind = LS_RESP_TEXT, .text = "0.84"};
    assert_true(ls_answer_check(&a[6], &typed, tr));
    snprintf(typed.text, sizeof typed.text, "0.8");
    assert_false(ls_answer_check(&a[6], &typed, tr));
    snprintf(typed.text, sizeof typed.text, "zero");
    assert_false(ls_answer_check(&a[6], &typed, tr));
    assert_true(a[7].number == 7);
    assert_true(a[8].number == 26);
    assert_int_equal(a[9].items[0], 1);
    assert_int_equal(a[10].items[0], 2);
    assert_int_equal(a[11].items[0], 3);
    assert_string_equal(a[11].text, "c");
    /* a vocabulary answer: typed, or the output token that greedy decoding picked from this row */
    assert_int_equal(a[12].kind, LS_ANSWER_VOCAB);
    assert_string_equal(a[12].vocab, tr->tgt_tokens[1]);
    ls_Response out = {.kind = LS_RESP_TOKEN, .side = LS_SIDE_TGT, .index = 1};
    assert_true(ls_answer_check(&a[12], &out, tr));
    /* an index axis: the column number, typed or clicked */
    assert_int_equal(a[13].kind, LS_ANSWER_NUMBER);
    assert_int_equal(a[13].side, LS_SIDE_INDEX);
    ls_Response num = {.kind = LS_RESP_NUMBER, .number = a[13].items[0]};
    assert_true(ls_answer_check(&a[13], &num, tr));
    ls_Response hc = {.kind = LS_RESP_CELL, .head = -1, .row = 17, .col = a[13].items[0]};
    snprintf(hc.tensor, sizeof hc.tensor, "enc.0.ffn.hidden");
    assert_true(ls_answer_check(&a[13], &hc, tr));
    hc.row = 16;
    assert_false(ls_answer_check(&a[13], &hc, tr));      /* the right column in another row */
    /* cross-attention by column: rows are Korean decoder positions */
    assert_int_equal(a[14].side, LS_SIDE_TGT);
    ls_checker_free(c);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

static void pages_fold_into_one_scene(void **state)
{
    (void)state;
    const char *t =
        "# S\n\n"
        "## One\n\n```tfscope\nsentence: the chair is more comfortable .\ntensor: enc.0.self_attn.weights\n"
        "token: chair\nhighlight: head 0 row chair col is\n```\n\n"
        "## Two\n\n```tfscope\nview: lines\nheads: 2\n```\n\n"
        "```tfscope\nhighlight: head 2 row #0 col #1\n```\n\n```tfscope\nhighlight: head 2 row #1 col #1\n```\n\n"
        "## Three\n\n```tfscope\nsentence: figure3\nattention: cross\nlayer: 1\n```\n";
    ls_Diags d = {0};
    ls_Lesson l;
    ls_lesson_parse("en/01-s.md", t, strlen(t), &l, &d);
    assert_int_equal(d.n_errors, 0);
    ls_Scene s;
    ls_scene_at(&l, 1, &s);
    assert_string_equal(ls_scene_sentence(&s), "the chair is more comfortable .");
    assert_string_equal(s.tensor, "enc.0.self_attn.weights");
    assert_int_equal(s.view, LS_VIEW_LINES);
    assert_true(s.heads == 1u << 2);
    assert_string_equal(s.token.word, "chair");
    assert_int_equal(s.n_highlight, 2);   /* page one's highlight is gone, page two's add up */
    ls_scene_at(&l, 2, &s);
    assert_string_equal(ls_scene_sentence(&s), TF_TASK_FIGURE3_SRC);
    assert_string_equal(s.tensor, "dec.1.cross_attn.weights");
    assert_false(s.token.set);            /* a new sentence drops the selection */
    assert_int_equal(s.n_highlight, 0);
    ls_Checker *c = ls_checker_new(&g_random);
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, ls_scene_sentence(&s), 1, &err);
    ls_Resolved r;
    assert_int_equal(ls_scene_resolve(&s, tr, &g_random.tgt_vocab, &r, &err), TF_OK);
    assert_int_equal(r.node, tf_trace_index(tr, "dec.1.cross_attn.weights"));
    assert_int_equal(r.attn, LS_ATTN_CROSS);
    assert_int_equal(r.layer, 1);
    assert_int_equal(r.view, LS_VIEW_LINES);
    ls_scene_at(&l, 0, &s);
    tr = ls_checker_trace(c, ls_scene_sentence(&s), 1, &err);
    assert_int_equal(ls_scene_resolve(&s, tr, &g_random.tgt_vocab, &r, &err), TF_OK);
    assert_int_equal(r.token_side, LS_SIDE_SRC);
    assert_int_equal(r.token, 1);
    assert_int_equal(r.n_highlight, 1);
    assert_int_equal(r.highlight[0].row, 1);
    assert_int_equal(r.highlight[0].col, 2);
    ls_checker_free(c);
    ls_lesson_free(&l);
    ls_diags_free(&d);
}

/* --- broken lessons -------------------------------------------------------------------------------- */

typedef struct {
    char file[512];
    int line;
    char text[400];
    bool seen;
} Expect;

/* The "<!-- expect LINE: TEXT -->" notes of a file. */
static int read_expectations(const char *path, Expect *out, int cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[1024];
    int n = 0;
    while (fgets(buf, sizeof buf, f)) {
        const char *p = strstr(buf, "<!-- expect ");
        if (!p) continue;
        const char *end = strstr(p, " -->");
        assert_non_null(end);
        assert_true(n < cap);
        Expect *e = &out[n++];
        snprintf(e->file, sizeof e->file, "%s", path);
        char *colon;
        e->line = (int)strtol(p + 12, &colon, 10);
        assert_true(*colon == ':');
        snprintf(e->text, sizeof e->text, "%.*s", (int)(end - colon - 2), colon + 2);
        e->seen = false;
    }
    fclose(f);
    return n;
}

static void broken_lessons_name_file_and_line(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/lessons_bad", TF_TESTS_DIR);
    ls_Diags d = {0};
    ls_Set en, ko;
    ls_set_load(dir, "en", &en, &d);
    ls_set_load(dir, "ko", &ko, &d);
    ls_Checker *c = ls_checker_new(&g_random);
    for (int i = 0; i < en.n; i++) ls_check_lesson(c, &en.lessons[i], &d);
    for (int i = 0; i < ko.n; i++) ls_check_lesson(c, &ko.lessons[i], &d);
    ls_check_sets(&en, &ko, &d);
    static Expect ex[128];
    int n = 0;
    const ls_Set *sets[] = {&en, &ko};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < sets[k]->n; i++) n += read_expectations(sets[k]->lessons[i].path, ex + n, 128 - n);
    assert_true(n >= 30);
    int unexpected = 0;
    for (int i = 0; i < d.n; i++) {
        const ls_Diag *g = &d.items[i];
        if (g->warning) continue;
        bool found = false;
        for (int k = 0; k < n && !found; k++)
            if (!strcmp(ex[k].file, g->file) && ex[k].line == g->line && strstr(g->msg, ex[k].text))
                found = ex[k].seen = true;
        if (!found) {
            fprintf(stderr, "unexpected: %s:%d: %s\n", g->file, g->line, g->msg);
            unexpected++;
        }
    }
    int missing = 0;
    for (int k = 0; k < n; k++)
        if (!ex[k].seen) {
            fprintf(stderr, "missing: %s:%d: %s\n", ex[k].file, ex[k].line, ex[k].text);
            missing++;
        }
    assert_int_equal(unexpected, 0);
    assert_int_equal(missing, 0);
    ls_checker_free(c);
    ls_set_free(&en);
    ls_set_free(&ko);
    ls_diags_free(&d);
}

static void bad_files_and_names_are_reported(void **state)
{
    (void)state;
    ls_Diags d = {0};
    ls_Lesson l;
    assert_int_equal(ls_lesson_load("/nonexistent/en/01-x.md", &l, &d), TF_ERR_IO);
    assert_int_equal(d.n_errors, 1);
    ls_lesson_free(&l);
    const char nul[] = "# T\n\n## P\n\nx\0y\n";
    assert_int_equal(ls_lesson_parse("en/02-nul.md", nul, sizeof nul - 1, &l, &d), TF_ERR_FORMAT);
    ls_lesson_free(&l);
    const char *untitled = "## Page\n\ntext\n";
    ls_lesson_parse("en/lesson.md", untitled, strlen(untitled), &l, &d);
    ls_lesson_free(&l);
    /* a NUL byte, a bad name, a missing title */
    assert_int_equal(d.n_errors, 4);
    assert_non_null(strstr(d.items[2].msg, "NN-slug.md"));
    assert_non_null(strstr(d.items[3].msg, "# Title"));
    ls_diags_free(&d);
}

/* --- numbers --------------------------------------------------------------------------------------- */

static void widgets_compute_the_papers_numbers(void **state)
{
    (void)state;
    ls_Table1Row t[4];
    ls_table1(26, 64, 3, 4, t);
    assert_true(t[0].ops == 26.0 * 26 * 64);
    assert_true(t[1].ops == 26.0 * 64 * 64);
    assert_true(t[1].seq == 26 && t[1].path_len == 26);
    assert_true(t[0].seq == 1 && t[0].path_len == 1);
    assert_true(t[2].path_len == 3);                   /* ⌈log₃ 26⌉ */
    assert_true(t[3].path_len == 7);                   /* ⌈26/4⌉ */
    /* variance of q·k grows like dₖ; scaled, it stays near 1 */
    ls_VarianceRow v1, v64, v512, again;
    ls_dot_variance(1, 4000, 1, &v1);
    ls_dot_variance(64, 4000, 1, &v64);
    ls_dot_variance(512, 4000, 1, &v512);
    ls_dot_variance(64, 4000, 1, &again);
    assert_true(again.var == v64.var);                 /* the same numbers every run */
    assert_true(v64.var > 50 && v64.var < 78);
    assert_true(v512.var > 440 && v512.var < 580);
    assert_true(v1.var_scaled > 0.85 && v1.var_scaled < 1.15);
    assert_true(v512.var_scaled > 0.85 && v512.var_scaled < 1.15);
    /* the schedule peaks at the end of the warm-up */
    assert_true(ls_schedule_lr(64, 400, 400) > ls_schedule_lr(64, 400, 399));
    assert_true(ls_schedule_lr(64, 400, 400) > ls_schedule_lr(64, 400, 401));
    assert_true(ls_schedule_lr(512, 4000, 4000) > 6.98e-4 && ls_schedule_lr(512, 4000, 4000) < 7.0e-4);
    /* the same measurement on a trace */
    ls_Checker *c = ls_checker_new(&g_random);
    tf_Err err;
    const tf_Trace *tr = ls_checker_trace(c, TF_TASK_FIGURE3_SRC, 1, &err);
    ls_VarianceRow r;
    assert_int_equal(ls_trace_dot_variance(tr, "enc.0.self_attn", &r, &err), TF_OK);
    assert_int_equal(r.dk, 8);
    assert_true(r.var > 0);
    assert_int_equal(ls_trace_dot_variance(tr, "enc.9.self_attn", &r, &err), TF_ERR_NOTFOUND);
    ls_checker_free(c);
}

/* --- the command ----------------------------------------------------------------------------------- */

static int run(const char *first, ...)
{
    char *argv[16];
    int argc = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 15; a = va_arg(ap, const char *)) argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    return cmd_lesson(argc, argv);
}

static void lesson_command_exit_codes(void **state)
{
    (void)state;
    char bad[600];
    snprintf(bad, sizeof bad, "%s/lessons_bad", TF_TESTS_DIR);
    assert_int_equal(run("lesson", "list", "--dir", TF_SOURCE_LESSONS, "--lang", "ko", NULL), EXIT_OK);
    assert_int_equal(run("lesson", "4", "--page", "3", "--dir", TF_SOURCE_LESSONS, "--lang", "en", NULL), EXIT_OK);
    assert_int_equal(run("lesson", "99", "--dir", TF_SOURCE_LESSONS, NULL), EXIT_BAD_INPUT);
    assert_int_equal(run("lesson", "4", "--page", "99", "--dir", TF_SOURCE_LESSONS, NULL), EXIT_USAGE);
    assert_int_equal(run("lesson", "sideways", NULL), EXIT_USAGE);
    assert_int_equal(run("lesson", "check", "--lang", "fr", NULL), EXIT_USAGE);
    assert_int_equal(run("lesson", NULL), EXIT_USAGE);
    assert_int_equal(run("lesson", "--help", NULL), EXIT_OK);
    assert_int_equal(run("lesson", "check", "--dir", bad, "--model", g_random_path, NULL), EXIT_BAD_INPUT);
    assert_int_equal(run("lesson", "check", "--model", "/nonexistent.safetensors", NULL), EXIT_BAD_INPUT);
    if (g_have_default)
        assert_int_equal(run("lesson", "check", "--dir", TF_SOURCE_LESSONS, NULL), EXIT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown_becomes_pages_blocks_and_spans),
        cmocka_unit_test(directives_as_lines_or_json_mean_the_same),
        cmocka_unit_test(real_lessons_parse_and_agree_across_languages),
        cmocka_unit_test(real_lessons_fit_the_default_model),
        cmocka_unit_test(every_real_quiz_is_answered_right_and_wrong),
        cmocka_unit_test(every_kind_of_answer_is_computed_and_checked),
        cmocka_unit_test(pages_fold_into_one_scene),
        cmocka_unit_test(broken_lessons_name_file_and_line),
        cmocka_unit_test(bad_files_and_names_are_reported),
        cmocka_unit_test(widgets_compute_the_papers_numbers),
        cmocka_unit_test(lesson_command_exit_codes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_lessons.c — the lessons: Markdown into pages and directives, the real lessons of both
 * languages parsed and agreeing across languages, broken lessons (tests/lessons_bad) reported with
 * file and line, and `tfscope lesson` exit codes. The checker — the real lessons against the
 * default model, every quiz answered right and wrong, scenes and the widgets' numbers — is in
 * test_lessons_checker.c, run by main() here; the models are set up in lesson_fixture.c.
 *
 * The real lessons name Korean words of the model's own translation, so checking them needs the
 * trained default model (assets/model.safetensors or $TFSCOPE_MODEL); without it those tests
 * fail, saying so. Everything else runs on an untrained model of the default shape built
 * in-process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "lesson_fixture.h"
#include "ls_lesson.h"
#include "ls_checker.h"
#include "test_lessons_checker.h"
#include "test_lessons_claims.h"

#ifndef TF_TESTS_DIR
#define TF_TESTS_DIR "tests"
#endif

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
    lf_print_diags_on_failure(&d);
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
    lf_print_diags_on_failure(&d);
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
    lf_print_diags_on_failure(&d);
    assert_int_equal(d.n_errors, 0);
    assert_true(en.n >= 19);
    assert_int_equal(ko.n, en.n);
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
            /* the head that ties the phrase "making … difficult", read from either end */
            figure3 |= l->number == 13 && dv->kind == LS_DIR_QUIZ &&
                       dv->quiz.answer.op == LS_ANS_MAXHEAD &&
                       ((!strcmp(dv->quiz.answer.ref.row.word, "making") &&
                         !strcmp(dv->quiz.answer.ref.col.word, "difficult")) ||
                        (!strcmp(dv->quiz.answer.ref.row.word, "difficult") &&
                         !strcmp(dv->quiz.answer.ref.col.word, "making")));
        }
        assert_true(interactive >= 1);
    }
    assert_true(variance && table1 && snapshots && schedule && figure3);
    /* at least a third of the course's quizzes make the learner compute */
    int quizzes = 0, computed = 0;
    for (int i = 0; i < en.n; i++)
        for (int k = 0; k < en.lessons[i].n_dirs; k++) {
            const ls_Directive *dv = &en.lessons[i].dirs[k];
            quizzes += dv->kind == LS_DIR_QUIZ;
            computed += dv->kind == LS_DIR_QUIZ && dv->quiz.answer.op == LS_ANS_COMPUTE;
        }
    assert_true(3 * computed >= quizzes);
    ls_set_free(&en);
    ls_set_free(&ko);
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
    ls_Checker *c = ls_checker_new(lf_random());
    for (int i = 0; i < en.n; i++) ls_check_lesson(c, &en.lessons[i], &d);
    for (int i = 0; i < ko.n; i++) ls_check_lesson(c, &ko.lessons[i], &d);
    ls_check_sets(&en, &ko, &d);
    /* the broken Korean lessons ask no compute question: the course rule warns */
    int warnings = d.n_warnings;
    assert_int_equal(ls_check_course(&ko, dir, &d), 1);
    assert_int_equal(d.n_warnings, warnings + 1);
    assert_non_null(strstr(d.items[d.n - 1].msg, "compute-and-check: at least a third"));
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
    return ls_lesson_cmd(argc, argv);
}

/* Terminal columns of a line up to byte `to`: Hangul syllables take two. */
static int cols_of(const char *s, size_t to)
{
    int n = 0;
    for (size_t i = 0; i < to && s[i];) {
        unsigned char c = (unsigned char)s[i];
        int k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        n += k == 3 && c >= 0xEA && c <= 0xED ? 2 : 1;  /* U+AC00..U+D7A3 start 0xEA..0xED */
        i += (size_t)k;
    }
    return n;
}

/* `lesson list` has a header in the lesson's language and its columns line up on screen in
 * Korean as in English: every line ends at the same terminal column. */
static void lesson_list_columns_line_up(void **state)
{
    (void)state;
    const char *langs[] = {"en", "ko"};
    for (int k = 0; k < 2; k++) {
        char path[] = "/tmp/tfscope-list-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        fflush(stdout);
        int saved = dup(1);
        dup2(fd, 1);
        int rc = run("lesson", "list", "--dir", TF_SOURCE_LESSONS, "--lang", langs[k], NULL);
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        close(fd);
        assert_int_equal(rc, CLI_EXIT_OK);
        FILE *f = fopen(path, "r");
        char line[512];
        int end = -1, lines = 0;
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            int c = cols_of(line, strlen(line));
            if (end < 0) end = c;
            if (c != end) fail_msg("%s: '%s' ends at column %d, the header at %d", langs[k], line, c, end);
            if (!lines) assert_non_null(strstr(line, k ? "레슨" : "Lesson"));
            lines++;
        }
        fclose(f);
        remove(path);
        assert_true(lines > 5);
    }
}

static void lesson_command_exit_codes(void **state)
{
    (void)state;
    char bad[600];
    snprintf(bad, sizeof bad, "%s/lessons_bad", TF_TESTS_DIR);
    assert_int_equal(run("lesson", "list", "--dir", TF_SOURCE_LESSONS, "--lang", "ko", NULL),
                     CLI_EXIT_OK);
    assert_int_equal(
        run("lesson", "4", "--page", "3", "--dir", TF_SOURCE_LESSONS, "--lang", "en", NULL),
        CLI_EXIT_OK);
    assert_int_equal(run("lesson", "99", "--dir", TF_SOURCE_LESSONS, NULL), CLI_EXIT_BAD_INPUT);
    assert_int_equal(run("lesson", "4", "--page", "99", "--dir", TF_SOURCE_LESSONS, NULL),
                     CLI_EXIT_USAGE);
    assert_int_equal(run("lesson", "sideways", NULL), CLI_EXIT_USAGE);
    assert_int_equal(run("lesson", "check", "--lang", "fr", NULL), CLI_EXIT_USAGE);
    assert_int_equal(run("lesson", NULL), CLI_EXIT_USAGE);
    assert_int_equal(run("lesson", "--help", NULL), CLI_EXIT_OK);
    assert_int_equal(run("lesson", "check", "--dir", bad, "--model", lf_random_path(), NULL),
                     CLI_EXIT_BAD_INPUT);
    assert_int_equal(run("lesson", "check", "--model", "/nonexistent.safetensors", NULL),
                     CLI_EXIT_BAD_INPUT);
    if (lf_default())
        assert_int_equal(run("lesson", "check", "--dir", TF_SOURCE_LESSONS, NULL), CLI_EXIT_OK);
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
        cmocka_unit_test(lesson_list_columns_line_up),
        cmocka_unit_test(claims_hold_or_fail_on_the_numbers),
        cmocka_unit_test(claims_fill_their_sentence),
        cmocka_unit_test(claims_report_what_is_wrong),
        cmocka_unit_test(quiz_claims_are_checked),
        cmocka_unit_test(page_interventions_hold_for_their_page),
        cmocka_unit_test(compute_answers_redo_the_forward_pass),
        cmocka_unit_test(rules_see_the_answer_head_and_an_idle_beam),
    };
    return cmocka_run_group_tests(tests, lf_setup, lf_teardown);
}

/* ls_lesson_cmd.c — `tfscope lesson`: list the guided lessons, show one, or check that every lesson
 * (both languages) still fits the model: directives resolve, quizzes have answers, languages agree.
 * `lesson N` opens the window with the lesson panel (tfscope view --lesson N); --text prints it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ls_lesson.h"
#include "ls_checker.h"

static const char *USAGE =
    "usage: tfscope lesson list [--lang en|ko] [--dir DIR]\n"
    "       tfscope lesson N [--page P] [--lang en|ko] [--dir DIR] [--text]\n"
    "       tfscope lesson check [--lang en|ko] [--dir DIR] [--model M] [--strict] [--answers]\n\n"
    "Guided lessons that follow \"Attention Is All You Need\" on the live numbers of the model.\n"
    "Lessons are Markdown files, DIR/LANG/NN-slug.md (lessons/README.md says how to write one).\n\n"
    "list       the lessons: number, title, pages, quizzes\n"
    "N          lesson N (1-99) in the window, beside the views it explains: N / P (or the\n"
    "           buttons) turn pages, R returns to the page's view; reopening a lesson without\n"
    "           --page resumes where it was left ($XDG_STATE_HOME/tfscope/progress).\n"
    "           --text prints its pages instead (page P only with --page)\n"
    "check      every directive of every lesson against the model: sentences tokenise, tensors\n"
    "           exist, layers, heads and tokens are in range, every quiz has a computable answer\n"
    "           that a right pick gets and a wrong pick does not, try-it sentences run, training\n"
    "           snapshots load; without --lang, also that en and ko have the same lessons, pages\n"
    "           and directives. Problems print as FILE:LINE: what is wrong.\n\n"
    "  --lang L    en or ko (default: ko when $LANG starts with ko; check: both)\n"
    "  --dir DIR   the lessons folder (default: $TFSCOPE_LESSONS, else the bundled lessons)\n"
    "  --model M   check against this model (default: the bundled model)\n"
    "  --strict    warnings (such as missing training snapshots) count as errors\n"
    "  --answers   print every quiz with the answer computed on the model\n\n"
    "Exit codes: 0 success, 1 usage error, 2 a lesson or file is bad.\n";

static const char *default_lang(void)
{
    const char *l = getenv("LANG");
    return l && !strncmp(l, "ko", 2) ? "ko" : "en";
}

static int count_quizzes(const ls_Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->n_dirs; i++) n += l->dirs[i].kind == LS_DIR_QUIZ;
    return n;
}

/* The columns a terminal gives s: two for Hangul and other wide characters, one otherwise. */
static int columns(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = *p;
        int k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (k > 1) {
            c &= 0x3Fu >> (k - 1);
            for (int i = 1; i < k && p[i]; i++) c = c << 6 | (p[i] & 0x3F);
        }
        n += (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                     (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                     (c >= 0xFF00 && c <= 0xFF60)
                 ? 2
                 : 1;
        for (int i = 0; i < k && *p; i++) p++;
    }
    return n;
}

static void print_padded(const char *s, int cols)
{
    printf("%s%*s", s, cols - columns(s) > 0 ? cols - columns(s) : 1, "");
}

static int do_list(const char *dir, const char *lang)
{
    ls_Diags d = {0};
    ls_Set set;
    ls_set_load(dir, lang, &set, &d);
    ls_diags_print(&d, stderr);
    int rc = d.n_errors ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
    bool ko = !strcmp(lang, "ko");
    /* columns counted on screen (a Hangul syllable takes two), as wide as the longest title */
    int title_cols = 20;
    for (int i = 0; i < set.n; i++)
        if (columns(set.lessons[i].title) + 1 > title_cols) title_cols = columns(set.lessons[i].title) + 1;
    print_padded(ko ? " #  레슨" : " #  Lesson", title_cols + 4);
    printf("%s\n", ko ? " 쪽수     퀴즈" : "pages  quizzes");
    for (int i = 0; i < set.n; i++) {
        const ls_Lesson *l = &set.lessons[i];
        printf("%2d  ", l->number);
        print_padded(l->title, title_cols);
        printf("%5d  %7d\n", l->n_pages, count_quizzes(l));
    }
    ls_set_free(&set);
    ls_diags_free(&d);
    return rc;
}

int (*ls_window_runner)(int argc, char **argv);

/* The lesson in the window's panel (or as text with --text, or when there is no window). */
static int show_lesson(const ls_Lesson *l, int page, const char *dir, bool text)
{
    if (text || !ls_window_runner) {
        /* the say sentences carry the model's numbers: measure them when the model loads */
        tf_Model m;
        bool have = cli_load_model(cli_default_model(), &m, NULL);
        ls_Checker *c = have ? ls_checker_new(&m) : NULL;
        ls_lesson_print(l, page, c, stdout);
        ls_checker_free(c);
        if (have) tf_model_free(&m);
        return CLI_EXIT_OK;
    }
    char num[16], pg[16];
    snprintf(num, sizeof num, "%d", l->number);
    snprintf(pg, sizeof pg, "%d", page + 1);
    char *argv[12];
    int argc = 0;
    argv[argc++] = "view";
    argv[argc++] = "--lesson";
    argv[argc++] = num;
    argv[argc++] = "--lang";
    argv[argc++] = (char *)l->lang;
    argv[argc++] = "--lesson-dir";
    argv[argc++] = (char *)dir;
    if (page >= 0) {
        argv[argc++] = "--page";
        argv[argc++] = pg;
    }
    argv[argc] = NULL;
    int rc = ls_window_runner(argc, argv);
    if (rc == CLI_EXIT_BAD_INPUT)
        fprintf(stderr, "tfscope lesson: `tfscope lesson %d --text` prints the lesson instead\n", l->number);
    return rc;
}

static int do_show(const char *dir, const char *lang, int number, const char *page_s, bool text)
{
    ls_Diags d = {0};
    ls_Set set;
    ls_set_load(dir, lang, &set, &d);
    const ls_Lesson *l = ls_set_find(&set, number);
    int rc = CLI_EXIT_OK, page = -1;
    if (!l) {
        ls_diags_print(&d, stderr);
        fprintf(stderr, "tfscope lesson: there is no lesson %d in %s/%s (tfscope lesson list)\n", number,
                dir, lang);
        rc = CLI_EXIT_BAD_INPUT;
    } else if (page_s && !cli_parse_int("page", page_s, 1, l->n_pages, &page)) {
        rc = CLI_EXIT_USAGE;
    } else {
        int errors = 0;
        for (int i = 0; i < d.n; i++)
            if (!strcmp(d.items[i].file, l->path)) {
                ls_Diags one = {.items = &d.items[i], .n = 1};
                ls_diags_print(&one, stderr);
                errors += !d.items[i].warning;
            }
        rc = show_lesson(l, page_s ? page - 1 : -1, dir, text);
        /* shown as far as it could be read, but a lesson with errors is not a success */
        if (!rc && errors) rc = CLI_EXIT_BAD_INPUT;
    }
    ls_set_free(&set);
    ls_diags_free(&d);
    return rc;
}

static void summary(const ls_Set *s, const char *dir)
{
    int pages = 0, dirs = 0, quizzes = 0, computed = 0, claims = 0;
    for (int i = 0; i < s->n; i++) {
        const ls_Lesson *l = &s->lessons[i];
        pages += l->n_pages;
        dirs += l->n_dirs;
        quizzes += count_quizzes(l);
        for (int k = 0; k < l->n_dirs; k++) {
            computed += l->dirs[k].kind == LS_DIR_QUIZ && l->dirs[k].quiz.answer.op == LS_ANS_COMPUTE;
            for (int c = 0; l->dirs[k].kind == LS_DIR_SAY && c < l->dirs[k].say.n; c++)
                claims += l->dirs[k].say.items[c].cmp != LS_CMP_NONE;
        }
    }
    printf("%s/%s: %d lessons, %d pages, %d directives, %d quizzes (%d compute-and-check), %d claims\n", dir,
           s->lang, s->n, pages, dirs, quizzes, computed, claims);
}

static int do_check(const char *dir, const char *lang, const char *model_path, bool strict,
                    bool answers)
{
    tf_Model m;
    const char *path = model_path ? model_path : cli_default_model();
    if (!cli_load_model(path, &m, NULL)) return CLI_EXIT_BAD_INPUT;
    const char *langs[2] = {"en", "ko"};
    int n_langs = 2;
    if (lang) {
        langs[0] = lang;
        n_langs = 1;
    }
    ls_Diags d = {0};
    ls_Set sets[2];
    ls_Checker *c = ls_checker_new(&m);
    if (answers) ls_checker_log(c, stdout);
    for (int k = 0; k < n_langs; k++) {
        ls_set_load(dir, langs[k], &sets[k], &d);
        for (int i = 0; i < sets[k].n; i++) ls_check_lesson(c, &sets[k].lessons[i], &d);
        ls_check_course(&sets[k], dir, &d);
    }
    if (n_langs == 2) ls_check_sets(&sets[0], &sets[1], &d);
    ls_diags_print(&d, stderr);
    for (int k = 0; k < n_langs; k++) summary(&sets[k], dir);
    int errors = d.n_errors + (strict ? d.n_warnings : 0);
    if (errors) printf("%d problem%s (model %s)\n", errors, errors == 1 ? "" : "s", path);
    else printf("all lessons fit the model %s%s\n", path, d.n_warnings ? " (with warnings)" : "");
    for (int k = 0; k < n_langs; k++) ls_set_free(&sets[k]);
    ls_checker_free(c);
    ls_diags_free(&d);
    tf_model_free(&m);
    return errors ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
}

int ls_lesson_cmd(int argc, char **argv)
{
    const char *lang = NULL, *dir = NULL, *model = NULL, *page = NULL, *strict = NULL,
               *answers = NULL, *text = NULL;
    cli_Opt opts[] = {{"lang", true, &lang}, {"dir", true, &dir}, {"model", true, &model},
                      {"page", true, &page}, {"strict", false, &strict}, {"answers", false, &answers},
                      {"text", false, &text}};
    const char *pos[2];
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 7, pos, 2, &n_pos, &help)) return CLI_EXIT_USAGE;
    if (help) {
        fputs(USAGE, stdout);
        return CLI_EXIT_OK;
    }
    if (lang && strcmp(lang, "en") && strcmp(lang, "ko")) {
        fprintf(stderr, "tfscope lesson: --lang: en or ko, not '%s'\n", lang);
        return CLI_EXIT_USAGE;
    }
    if (n_pos != 1) {
        fputs(USAGE, stderr);
        return CLI_EXIT_USAGE;
    }
    if (!dir) dir = ls_default_dir();
    const char *what = pos[0];
    bool check = !strcmp(what, "check");
    if ((model || strict || answers) && !check) {
        fprintf(stderr, "tfscope lesson: --model, --strict and --answers go with 'check'\n");
        return CLI_EXIT_USAGE;
    }
    if (page && (check || !strcmp(what, "list"))) {
        fprintf(stderr, "tfscope lesson: --page goes with a lesson number\n");
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(what, "list")) return do_list(dir, lang ? lang : default_lang());
    if (check) return do_check(dir, lang, model, strict != NULL, answers != NULL);
    int n;
    if (!cli_parse_int("lesson number", what, 1, 99, &n)) return CLI_EXIT_USAGE;
    return do_show(dir, lang ? lang : default_lang(), n, page, text != NULL);
}

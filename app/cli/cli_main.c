/* cli_main.c — the tfscope executable: dispatches git-style subcommands. The only place that
 * decides the process's exit code. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command COMMANDS[] = {
    {"trace", cli_trace_cmd, "run one sentence through the model and save every tensor"},
    {"translate", cli_translate_cmd, "translate sentences (argument or stdin lines)"},
    {"view", cli_gui_view, "the window: step through a forward pass (default command)"},
    {"export", cli_gui_export, "draw a figure of a trace as PNG or SVG, or its numbers as CSV"},
    {"compare", cli_compare_cmd, "two traces step by step: each step's max |A - B|, the first that differs"},
    {"inspect", cli_inspect_cmd, "list a model's config and tensors, or a trace's steps"},
    {"lesson", cli_gui_lesson, "guided lessons: list, show one, or check them against the model"},
    {"task", cli_task_cmd, "print pairs of the English→Korean training task"},
    {"train", cli_train_cmd, "train a model on the English→Korean task with the paper's recipe"},
    {"eval", cli_eval_cmd, "BLEU, exact match and attention scores on the task; which heads matter"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "tfscope %s — a Transformer you can see through\n\n"
            "usage: tfscope [<command> [options]]   (tfscope <command> --help for details)\n"
            "       tfscope alone opens the window on the bundled model\n\n"
            "commands:\n",
            CLI_VERSION_STRING);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nWhat if: trace, translate, export, eval and view take --ablate KIND.LAYER.HEAD,...,\n"
               "--no-pos, --no-mask (teacher-forced runs only) and --no-scale. Compare two runs\n"
               "with `compare A B` and `export --view diff`; `export --view lens` draws the logit\n"
               "lens, `export --view beam` the beam search (trace --beam K keeps it).\n");
    fprintf(f, "\nExit codes: 0 success, 1 usage error, 2 bad input or file.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        char *view_argv[] = {"view", NULL};
        return cli_gui_view(1, view_argv);
    }
    /* options alone (tfscope --model M --src TEXT) are options of the window */
    if (argv[1][0] == '-' && strcmp(argv[1], "--help") && strcmp(argv[1], "-h") &&
        strcmp(argv[1], "--version")) {
        argv[0] = "view";
        return cli_gui_view(argc, argv);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("tfscope %s\n", CLI_VERSION_STRING);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "tfscope: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}

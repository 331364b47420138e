/* main.c — the tfscope executable: dispatches git-style subcommands. The only place that decides
 * the process's exit code. */
#include <stdio.h>
#include <string.h>

#include "app.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command COMMANDS[] = {
    {"trace", cmd_trace, "run one sentence through the model and save every tensor"},
    {"translate", cmd_translate, "translate sentences (argument or stdin lines)"},
    {"view", cmd_view_gui, "the window: step through a forward pass (default command)"},
    {"export", cmd_export_gui, "draw a figure of a trace as PNG or SVG, or its numbers as CSV"},
    {"inspect", cmd_inspect, "list a model's config and tensors, or a trace's steps"},
    {"lesson", cmd_lesson_gui, "guided lessons: list, show one, or check them against the model"},
    {"task", cmd_task, "print pairs of the English→Korean training task"},
    {"train", cmd_train, "train a model on the English→Korean task with the paper's recipe"},
    {"eval", cmd_eval, "BLEU, exact match and attention scores on the task"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "tfscope %s — a Transformer you can see through\n\n"
            "usage: tfscope [<command> [options]]   (tfscope <command> --help for details)\n"
            "       tfscope alone opens the window on the bundled model\n\n"
            "commands:\n",
            TF_VERSION_STRING);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\nExit codes: 0 success, 1 usage error, 2 bad input or file.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        char *view_argv[] = {"view", NULL};
        return cmd_view_gui(1, view_argv);
    }
    /* options alone (tfscope --model M --src TEXT) are options of the window */
    if (argv[1][0] == '-' && strcmp(argv[1], "--help") && strcmp(argv[1], "-h") &&
        strcmp(argv[1], "--version")) {
        argv[0] = "view";
        return cmd_view_gui(argc, argv);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("tfscope %s\n", TF_VERSION_STRING);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "tfscope: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}

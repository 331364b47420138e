/* cli_gui_loader.c — the commands that draw (view, export) and the lessons live in a loadable
 * module, tfscope-gui.so, with SDL, SDL_ttf, libpng, cmark and their many libraries. Loading it
 * only for those commands keeps every other command (translate, trace, train, …) starting in
 * milliseconds.
 * The module is looked for beside the executable, then where `meson install` puts it;
 * $TFSCOPE_GUI_MODULE overrides both. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MODULE_NAME "tfscope-gui.so"

static void *open_module(char *tried, size_t cap)
{
    const char *env = getenv("TFSCOPE_GUI_MODULE");
    if (env && *env) {
        snprintf(tried, cap, "%s", env);
        return dlopen(env, RTLD_NOW | RTLD_LOCAL);
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            char path[PATH_MAX + 32];
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - exe), exe, MODULE_NAME);
            void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
            if (h) return h;
            snprintf(tried, cap, "%s", path);
        }
    }
    void *h = dlopen(TF_GUI_MODULE_INSTALLED, RTLD_NOW | RTLD_LOCAL);
    if (!h) snprintf(tried + strlen(tried), cap - strlen(tried), "%s%s", *tried ? ", " : "",
                     TF_GUI_MODULE_INSTALLED);
    return h;
}

int cli_gui_run(const char *cmd, int argc, char **argv)
{
    char tried[2 * PATH_MAX + 64] = "";
    void *h = open_module(tried, sizeof tried);
    if (!h) {
        fprintf(stderr, "tfscope %s: the drawing module could not be loaded (%s; tried %s)\n", cmd,
                dlerror(), tried);
        return CLI_EXIT_BAD_INPUT;
    }
    int (*entry)(const char *, int, char **);
    *(void **)&entry = dlsym(h, "tfscope_gui_main");
    if (!entry) {
        fprintf(stderr, "tfscope %s: %s is not tfscope's drawing module\n", cmd, tried);
        dlclose(h);
        return CLI_EXIT_BAD_INPUT;
    }
    /* not closed: the process ends soon after, and libraries the module loaded (SDL's drivers)
     * may still have exit handlers that point into it */
    return entry(cmd, argc, argv);
}

int cli_gui_export(int argc, char **argv) { return cli_gui_run("export", argc, argv); }
int cli_gui_view(int argc, char **argv) { return cli_gui_run("view", argc, argv); }
int cli_gui_lesson(int argc, char **argv) { return cli_gui_run("lesson", argc, argv); }

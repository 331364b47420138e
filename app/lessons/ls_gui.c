/* ls_gui.c — the one symbol of tfscope-gui.so: runs a drawing command or `lesson` (see
 * cli_gui_loader.c). */
#include <string.h>

#include "cli.h"
#include "ls_lesson.h"
#include "ls_panel.h"
#include "rd_export.h"

__attribute__((visibility("default"))) int tfscope_gui_main(const char *cmd, int argc, char **argv);

int tfscope_gui_main(const char *cmd, int argc, char **argv)
{
    if (!strcmp(cmd, "export")) return rd_export_cmd(argc, argv);
    if (!strcmp(cmd, "view")) return ls_view_cmd(argc, argv);
    if (!strcmp(cmd, "lesson")) {
        ls_window_runner = ls_view_cmd; /* `tfscope lesson N` opens the window */
        return ls_lesson_cmd(argc, argv);
    }
    return CLI_EXIT_USAGE;
}

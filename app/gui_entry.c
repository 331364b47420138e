/* gui_entry.c — the one symbol of tfscope-gui.so: runs a drawing command or `lesson` (see
 * gui_loader.c). */
#include <string.h>

#include "app.h"
#include "export.h"
#include "lesson.h"

int cmd_view(int argc, char **argv);

__attribute__((visibility("default"))) int tfscope_gui_main(const char *cmd, int argc, char **argv);

int tfscope_gui_main(const char *cmd, int argc, char **argv)
{
    if (!strcmp(cmd, "export")) return cmd_export(argc, argv);
    if (!strcmp(cmd, "view")) return cmd_view(argc, argv);
    if (!strcmp(cmd, "lesson")) {
        ls_window_runner = cmd_view; /* `tfscope lesson N` opens the window */
        return cmd_lesson(argc, argv);
    }
    return EXIT_USAGE;
}

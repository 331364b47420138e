/* ls_view_cmd.c — `tfscope view` (and `tfscope` with no arguments): the window on a model and a
 * sentence, or on a trace file; also scripted sessions, screenshots and the frame-time benchmark.
 * Files named on the command line that cannot be used end the command with status 2 and a message
 * naming them; everything that goes wrong later is said on screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "ls_lesson.h"
#include "ls_panel.h"
#include "task.h"
#include "win_sdl.h"
#include "win_state.h"

static const char *USAGE =
    "usage: tfscope view [--model M] [--src TEXT | --trace FILE] [--lang en|ko]\n"
    "                    [--ablate SPEC] [--no-pos] [--no-mask] [--no-scale]\n"
    "                    [--snapshots DIR] [--size WxH] [--software]\n"
    "                    [--script FILE] [--screenshot FILE] [--bench-frames N]\n"
    "                    [--lesson N [--page P] [--lesson-dir DIR]] [--export-dir DIR]\n"
    "                    [--layout-report] [--projector] [--palette standard|cb]\n\n"
    "Opens the window: step through a forward pass of the Transformer, tensor by tensor.\n"
    "`tfscope` with no arguments is `tfscope view` on the bundled model and the paper's\n"
    "Figure 3 sentence.\n\n"
    "  --model M        model file (default: the bundled model); with --trace, the model that\n"
    "                   runs new sentences typed in the window\n"
    "  --src TEXT       the English sentence (default: the Figure 3 sentence)\n"
    "  --trace FILE     show a trace written by `tfscope trace` instead of running the model\n"
    "  --lang L         interface language: en or ko (default: ko when $LANG starts with ko)\n"
    "  --snapshots DIR  training snapshots (*.safetensors traces or models, in name order, as\n"
    "                   `tfscope train --snapshot-dir` writes them): scrub with [ and ]\n"
    "  --lesson N       open guided lesson N in a panel beside the views (--lang picks its\n"
    "                   language); without --page, where the learner left it last time;\n"
    "                   --lesson last: the lesson (and language) the learner had open last\n"
    "                   (progress is kept in $XDG_STATE_HOME/tfscope/progress)\n"
    "  --page P         start the lesson at page P (1-based)\n"
    "  --lesson-dir DIR the lessons folder (default: $TFSCOPE_LESSONS, else the bundled lessons)\n"
    "  --size WxH       window size in points (default 1280x800)\n"
    "  --software       draw with SDL's software renderer\n"
    "  --script FILE    run the events of FILE, one per line, then exit:\n"
    "                     key NAME          key Right, key shift+Right, key PageDown, key F1,\n"
    "                                       key ctrl+s, key Return, key slash, key l\n"
    "                     text STRING       type into the sentence field\n"
    "                     click X Y         left click at window point X Y (dclick: double)\n"
    "                     rclick X Y        right click (on a head: switch it off or on)\n"
    "                     move X Y          move the mouse (hover)\n"
    "                     drag X1 Y1 X2 Y2  press, move, release\n"
    "                     wheel DY          mouse wheel (positive zooms in)\n"
    "                     resize W H        resize the window\n"
    "                     wait MS           let MS milliseconds pass (playback, messages)\n"
    "                     focus out|in      the window loses or regains the focus\n"
    "                     screenshot PATH   write the frame as PNG\n"
    "                   (# starts a comment). Time moves only by `wait`, so a script gives the\n"
    "                   same frames on every run.\n"
    "  --screenshot F   write the final frame (after --script, or the first frame) as PNG\n"
    "  --layout-report  print each text of the frame (after --script) that was shortened with\n"
    "                   '…', clipped or drawn over another, then the counts, and exit\n"
    "  --projector      projector mode: larger type, stronger contrast (F4 switches it)\n"
    "  --palette P      the heads' colours: standard (Paul Tol's muted set) or cb (Okabe and\n"
    "                   Ito's); both keep 8 heads apart for colour-blind eyes (F5 switches)\n"
    "  --export-dir D   the folder Ctrl+S writes the view to, and the export dialog\n"
    "                   (Ctrl+Shift+S: folder, name, PNG, SVG or CSV) starts in (default:\n"
    "                   $TFSCOPE_EXPORT_DIR, else the working directory)\n"
    "  --bench-frames N draw N frames at 1920x1080 with the software renderer while stepping\n"
    "                   and hovering, print the frame-time distribution, then time re-running\n"
    "                   the model after editing a 25-word sentence and after switching each\n"
    "                   head off and on (wall and CPU time)\n\n"
    "Keys: F1 in the window lists them all. Without a display, `tfscope export` draws the same\n"
    "figures to PNG and SVG.\n";

static bool exists(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0;
}

typedef struct {
    const char *model, *src, *trace, *lang, *snapshots, *size, *software, *script, *screenshot,
        *bench, *lesson, *page, *lesson_dir, *export_dir, *layout_report, *projector, *palette;
    cli_IntervArgs ia;
} Opts;

static int parse_size(const char *s, int *w, int *h)
{
    if (!s) return CLI_EXIT_OK;
    char x;
    if (sscanf(s, "%d%c%d", w, &x, h) != 3 || (x != 'x' && x != 'X') || *w < 1 || *h < 1 ||
        *w > 16384 || *h > 16384) {
        fprintf(stderr, "tfscope view: --size: '%s' is not WxH (e.g. 1280x800)\n", s);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static int run(const Opts *o)
{
    win_Opts wo;
    win_opts_default(&wo);
    int rc = parse_size(o->size, &wo.width, &wo.height), bench = 0;
    if (rc) return rc;
    if (o->bench && !cli_parse_int("bench-frames", o->bench, 1, 1000000, &bench))
        return CLI_EXIT_USAGE;
    win_Lang lang = WIN_LANG_EN;
    const char *env = getenv("LANG");
    if (env && !strncmp(env, "ko", 2)) lang = WIN_LANG_KO;
    if (o->lang) {
        if (!strcmp(o->lang, "en")) lang = WIN_LANG_EN;
        else if (!strcmp(o->lang, "ko")) lang = WIN_LANG_KO;
        else {
            fprintf(stderr, "tfscope view: --lang: '%s' is not en or ko\n", o->lang);
            return CLI_EXIT_USAGE;
        }
    }
    fig_HeadColors heads = FIG_HEADS_TOL;
    if (o->palette && !fig_palette_parse(o->palette, &heads)) {
        fprintf(stderr, "tfscope view: --palette: '%s' is not standard or cb\n", o->palette);
        return CLI_EXIT_USAGE;
    }
    wo.software = o->software != NULL || bench > 0;
    wo.export_dir = o->export_dir;
    wo.virtual_clock =
        o->script != NULL || o->screenshot != NULL || o->layout_report != NULL || bench > 0;
    wo.interactive = !wo.virtual_clock;

    tf_Model model;
    char sha[65] = "";
    bool have_model = false;
    tf_Trace trace = {0};
    bool have_trace = false;
    if (o->trace) {
        if (!cli_load_trace(o->trace, &trace)) return CLI_EXIT_BAD_INPUT;
        have_trace = true;
    }
    const char *mpath = o->model ? o->model : cli_default_model();
    if (o->model || !o->trace) {
        if (!o->model && !exists(mpath)) {
            fprintf(stderr,
                    "tfscope: no model at %s — the default model is not installed.\n"
                    "  Open another model:  tfscope view --model FILE\n"
                    "  or a saved trace:    tfscope view --trace FILE\n",
                    mpath);
            if (have_trace) tf_trace_free(&trace);
            return CLI_EXIT_BAD_INPUT;
        }
        if (!cli_load_model(mpath, &model, sha)) {
            if (have_trace) tf_trace_free(&trace);
            return CLI_EXIT_BAD_INPUT;
        }
        have_model = true;
    }
    win_State st;
    win_init(&st, lang);
    st.projector = o->projector != NULL;
    st.head_colors = heads;
    if (have_model) {
        const char *base = strrchr(mpath, '/');
        win_attach_model(&st, &model, base ? base + 1 : mpath, sha);
        if (!cli_interv_build("view", &o->ia, &model.cfg, false, &st.interv)) {
            win_free(&st);
            tf_model_free(&model);
            return CLI_EXIT_BAD_INPUT;
        }
    }
    if (have_trace) {
        win_attach_trace(&st, &trace, o->trace);
    } else {
        /* a sentence that cannot run is said on screen, where it can be fixed */
        win_set_sentence(&st, o->src ? o->src : TF_TASK_FIGURE3_SRC);
    }
    rc = CLI_EXIT_OK;
    if (o->snapshots && !win_open_snapshots(&st, o->snapshots)) {
        fprintf(stderr, "tfscope view: --snapshots: %s\n", st.msg);
        rc = CLI_EXIT_BAD_INPUT;
    }
    win_Window *w = NULL;
    char err[1024];
    ls_Panel *panel = NULL;
    if (!rc && o->lesson) {
        int n = 0, page = 0, saved_page = 0;
        char saved_lang[8] = "";
        bool last = !strcmp(o->lesson, "last");
        char why[300];
        if (last && !ls_panel_progress_load(NULL, &n, &saved_page, saved_lang, why, sizeof why)) {
            if (why[0]) fprintf(stderr, "tfscope view: --lesson last: %s\n", why);
            else fprintf(stderr, "tfscope view: --lesson last: no lesson has been opened yet "
                                 "(tfscope lesson list)\n");
            rc = CLI_EXIT_BAD_INPUT;
        } else if ((!last && !cli_parse_int("lesson number", o->lesson, 1, 99, &n)) ||
            (o->page && !cli_parse_int("page", o->page, 1, 999, &page))) {
            rc = CLI_EXIT_USAGE;
        } else {
            const char *dir = o->lesson_dir ? o->lesson_dir : ls_default_dir();
            const char *ll = lang == WIN_LANG_KO ? "ko" : "en";
            if (last && !o->lang && (!strcmp(saved_lang, "en") || !strcmp(saved_lang, "ko"))) {
                ll = saved_lang;
                win_set_lang(&st, !strcmp(ll, "ko") ? WIN_LANG_KO : WIN_LANG_EN);
            }
            panel = ls_panel_open(&st, dir, ll, n, o->page ? page - 1 : -1, NULL, err, sizeof err);
            if (!panel) {
                fprintf(stderr, "tfscope view: --lesson: %s\n", err);
                rc = CLI_EXIT_BAD_INPUT;
            }
        }
    }
    if (!rc && !(w = win_open(&st, &wo, err, sizeof err))) {
        fprintf(stderr, "tfscope view: %s\n", err);
        rc = CLI_EXIT_BAD_INPUT;
    }
    if (w && panel) st.hint = false;   /* the lesson says what to do */
    if (!rc) {
        if (bench) {
            win_bench(w, bench, stdout);
        } else if (o->script || o->screenshot || o->layout_report) {
            if (o->script && !win_run_script(w, o->script, err, sizeof err)) {
                fprintf(stderr, "tfscope view: --script %s\n", err);
                rc = CLI_EXIT_BAD_INPUT;
            }
            if (!rc && o->screenshot && !win_screenshot(w, o->screenshot, err, sizeof err)) {
                fprintf(stderr, "tfscope view: --screenshot: %s\n", err);
                rc = CLI_EXIT_BAD_INPUT;
            }
            if (!rc && o->layout_report) {
                win_LayoutCounts counts;
                win_draw(w);
                win_layout_report(win_frame(w), &counts, stdout);
            }
        } else {
            rc = win_loop(w);
        }
    }
    win_close(w);
    ls_panel_close(panel, &st);
    win_free(&st);
    if (have_model) tf_model_free(&model);
    return rc;
}

int ls_view_cmd(int argc, char **argv)
{
    Opts o = {0};
    cli_Opt opts[] = {
        {"model", true, &o.model},         {"src", true, &o.src},
        {"trace", true, &o.trace},         {"lang", true, &o.lang},
        {"snapshots", true, &o.snapshots}, {"size", true, &o.size},
        {"software", false, &o.software},  {"script", true, &o.script},
        {"screenshot", true, &o.screenshot}, {"bench-frames", true, &o.bench},
        {"lesson", true, &o.lesson},       {"page", true, &o.page},
        {"lesson-dir", true, &o.lesson_dir}, {"export-dir", true, &o.export_dir},
        {"layout-report", false, &o.layout_report}, {"projector", false, &o.projector},
        {"palette", true, &o.palette},
        CLI_INTERV_OPTS(o.ia),
    };
    const char *pos[1];
    int n_pos;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, (int)(sizeof opts / sizeof opts[0]), pos, 0, &n_pos,
                        &help))
        return CLI_EXIT_USAGE;
    if (help) {
        printf("%s\nInterventions, for every run of the model in the window:\n%s", USAGE,
               CLI_INTERV_USAGE);
        return CLI_EXIT_OK;
    }
    if (o.trace && cli_interv_asked(&o.ia)) {
        fprintf(stderr, "tfscope view: interventions apply to sentences run now, not to --trace "
                "(a trace keeps those it was made with)\n");
        return CLI_EXIT_USAGE;
    }
    if (o.trace && o.src) {
        fprintf(stderr, "tfscope view: give --src or --trace, not both\n\n%s", USAGE);
        return CLI_EXIT_USAGE;
    }
    if ((o.page || o.lesson_dir) && !o.lesson) {
        fprintf(stderr, "tfscope view: --page and --lesson-dir go with --lesson\n");
        return CLI_EXIT_USAGE;
    }
    return run(&o);
}

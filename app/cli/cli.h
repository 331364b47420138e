/* cli.h — what the subcommands of the tfscope executable share: exit codes, file access
 * (whole-file reads, atomic writes), model/trace loading with messages that name the file, and
 * a small option parser. Not SDL: window and rendering code live in their own files. */
#ifndef TF_CLI_H
#define TF_CLI_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "forward.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_USAGE = 1, CLI_EXIT_BAD_INPUT = 2 };

#define CLI_VERSION_STRING "0.1.0"

/* Subcommands: argv[0] is the subcommand's name. Each returns an exit code. */
int cli_trace_cmd(int argc, char **argv);
int cli_translate_cmd(int argc, char **argv);
int cli_inspect_cmd(int argc, char **argv);
int cli_task_cmd(int argc, char **argv);
int cli_eval_cmd(int argc, char **argv);
int cli_train_cmd(int argc, char **argv);
int cli_compare_cmd(int argc, char **argv);
/* The drawing commands and the lessons, run from the loadable module tfscope-gui.so
 * (cli_gui_loader.c). */
int cli_gui_run(const char *cmd, int argc, char **argv);
int cli_gui_export(int argc, char **argv);
int cli_gui_view(int argc, char **argv);
int cli_gui_lesson(int argc, char **argv);

/* Reads a whole file (into huge pages when it is big: see tf_alloc_big); on failure prints
 * "tfscope: PATH: reason" and returns false. Free the buffer with cli_free_file. */
bool cli_read_file(const char *path, uint8_t **buf, size_t *len);
void cli_free_file(uint8_t *buf, size_t len);
/* Like cli_read_file, quietly and with a size limit: a FIFO or a device is opened without
 * blocking and refused, as is a file over max_bytes; why gets the reason ("not a regular file",
 * "N bytes; the limit is M", the system's error). */
bool cli_read_file_max(const char *path, size_t max_bytes, uint8_t **buf, size_t *len, char *why,
                       size_t why_cap);

/* ---- output files (cli_output.c): every file a command writes goes through these ---- */
enum {
    CLI_PATH_DIR = 1,     /* a folder (made when absent), not a file */
    CLI_PATH_STDOUT = 2,  /* "-" is standard output */
};
typedef struct {
    const char *opt;      /* the option that named it, for messages: "--out" */
    const char *path;     /* NULL: not given (skipped) */
    int flags;
} cli_Path;
/* Before any work: an output that is the same file as an input or as another output (device and
 * inode, or the folder and name of a file not there yet, whatever the spelling: hard links, ./x,
 * d/../x, symlinks), or "-" where standard output is not allowed, is refused (exit 1); an output
 * that cannot be written (a folder where a file is wanted, a socket, a missing folder) too
 * (exit 2). Prints "tfscope CMD: OPT PATH: ..." and returns the exit code (0: go ahead). */
int cli_output_check(const char *cmd, const cli_Path *outs, int n_out, const cli_Path *ins,
                     int n_in);
/* Writes a file: a regular file (or the target of a symlink) is replaced atomically (temporary
 * in the same folder, fsync, rename; its mode kept), a FIFO or device written through, "-" is
 * standard output. A failure leaves no partial file and the old one as it was; a file this
 * process has read is never replaced. Prints the reason on failure. */
bool cli_write_atomic(const char *path, const void *data, size_t len);
/* The same, quietly: the reason of a failure ("PATH: cannot write: ...") goes into why. */
bool cli_write_atomic_why(const char *path, const void *data, size_t len, char *why, size_t cap);
/* The same for a file made of n pieces written one after the other, e.g. a trace's header and
 * its arena, without joining them first. */
bool cli_write_atomic_parts(const char *path, const void *const *data, const size_t *len, int n);
/* Remembers a file read by this process (cli_read_file does it), so that no write replaces it;
 * forgets one that the command reads and then rewrites on purpose (train's checkpoint). */
void cli_output_note_read(const char *path, dev_t dev, ino_t ino);
void cli_output_forget_read(const char *path);
/* Whether path (its symlinks followed) would be a file in folder dir. */
bool cli_output_in_folder(const char *path, const char *dir);
/* Loads and validates a model file; prints "tfscope: PATH: problem" on failure. sha256_hex gets
 * the file's digest (65 bytes) when not NULL, computed on a second thread meanwhile. */
bool cli_load_model(const char *path, tf_Model *m, char *sha256_hex);
/* The SHA-256 of a model file's bytes as loaded, computed on a second thread while the caller
 * goes on (runs the sentence): cli_load_model_digest starts it, cli_digest_hex waits for it and
 * gives the hex digest, cli_digest_end only waits (both may be called again). On a failed load
 * there is nothing to wait for. */
typedef struct {
    uint8_t *buf;
    size_t len;
    atomic_int users;  /* of buf: the parse and the digest; the last one frees it */
    pthread_t th;
    bool running;
    char hex[65];
} cli_Digest;
bool cli_load_model_digest(const char *path, tf_Model *m, cli_Digest *d);
const char *cli_digest_hex(cli_Digest *d);
void cli_digest_end(cli_Digest *d);
bool cli_load_trace(const char *path, tf_Trace *tr);
/* The default model: $TFSCOPE_MODEL, else assets/model.safetensors beside the source tree or
 * the installed data folder. */
const char *cli_default_model(void);

/* The tokens joined by single spaces into out (cut at cap, always terminated): a trace's
 * sentence as text. */
void cli_join_tokens(char *const *toks, int n, char *out, size_t cap);
/* How a sentence is run (NULL: plainly): its interventions (NULL: none), and how its decoder input
 * is found without a target: greedy (beam 0), or a beam search of `beam` (1 = greedy) whose log
 * the trace keeps. */
typedef struct {
    const tf_Interv *iv;
    int beam;
} cli_Run;
/* The sentence src_text through the model into tr (decoder input: <bos> + tgt_text, or the
 * model's translation when tgt_text is NULL), the model's digest waited for (when not NULL) once
 * the pass has run. Prints "tfscope CMD: ..." on failure. */
bool cli_trace_text(const char *cmd, const tf_Model *m, const char *model_path,
                    cli_Digest *digest, const char *src_text, const char *tgt_text,
                    const cli_Run *run, tf_Pool *pool, tf_Trace *tr);

void cli_sha256_hex(const uint8_t *data, size_t len, char out[65]);

/* Option parsing: "--name value" and "--name=value". */
typedef struct {
    const char *name;     /* without the dashes */
    bool takes_value;
    const char **value;   /* set to the value, or to "" for a flag that is present */
} cli_Opt;
/* Parses argv[1..]; positional arguments are collected in pos (at most max_pos).
 * Returns false after printing a usage message on unknown options or missing values.
 * "--help"/"-h" sets *help. */
bool cli_parse_opts(int argc, char **argv, cli_Opt *opts, int n_opts, const char **pos,
                    int max_pos, int *n_pos, bool *help);
bool cli_parse_int(const char *opt, const char *s, int lo, int hi, int *out);

/* The interventions of issue 12, the same options on every command that runs the model:
 *     cli_IntervArgs ia = {0};
 *     cli_Opt opts[] = {{"model", true, &model}, CLI_INTERV_OPTS(ia)};
 *     ... load the model ...
 *     tf_Interv iv;
 *     if (!cli_interv_build("trace", &ia, &m.cfg, false, &iv)) return CLI_EXIT_BAD_INPUT; */
typedef struct {
    const char *ablate, *no_pos, *no_mask, *no_scale;
} cli_IntervArgs;
#define CLI_INTERV_OPTS(a)                                                                       \
    {"ablate", true, &(a).ablate}, {"no-pos", false, &(a).no_pos},                               \
        {"no-mask", false, &(a).no_mask}, {"no-scale", false, &(a).no_scale}
#define CLI_N_INTERV_OPTS 4
/* The lines of --help that describe them. */
extern const char CLI_INTERV_USAGE[];
/* The interventions the options ask for, checked against the model; a command that decodes
 * refuses --no-mask. Prints "tfscope CMD: ..." and returns false when they cannot be (exit 2). */
bool cli_interv_build(const char *cmd, const cli_IntervArgs *a, const tf_Config *c, bool decodes,
                      tf_Interv *iv);
/* Whether any of the options was given. */
bool cli_interv_asked(const cli_IntervArgs *a);
/* Levenshtein distance of two short strings (bytes), for "did you mean" suggestions; strings
 * over 120 bytes count as far from everything. */
int cli_edit_distance(const char *a, const char *b);

#endif

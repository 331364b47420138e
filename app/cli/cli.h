/* cli.h — what the subcommands of the tfscope executable share: exit codes, file access
 * (whole-file reads, atomic writes), model/trace loading with messages that name the file, and
 * a small option parser. Not SDL: window and rendering code live in their own files. */
#ifndef TF_CLI_H
#define TF_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* Writes through a temporary file in the same folder and renames it into place, so a failure
 * never leaves a partial file. Prints the reason on failure. */
bool cli_write_atomic(const char *path, const void *data, size_t len);
/* Loads and validates a model file; prints "tfscope: PATH: problem" on failure. sha256_hex gets
 * the file's digest (65 bytes) when not NULL. */
bool cli_load_model(const char *path, tf_Model *m, char *sha256_hex);
bool cli_load_trace(const char *path, tf_Trace *tr);
/* The default model: $TFSCOPE_MODEL, else assets/model.safetensors beside the source tree or
 * the installed data folder. */
const char *cli_default_model(void);

/* The sentence src_text through the model into tr (decoder input: <bos> + tgt_text, or the
 * model's greedy translation when tgt_text is NULL). Prints "tfscope CMD: ..." on failure. */
/* The tokens joined by single spaces into out (cut at cap, always terminated): a trace's
 * sentence as text. */
void cli_join_tokens(char *const *toks, int n, char *out, size_t cap);
bool cli_trace_text(const char *cmd, const tf_Model *m, const char *model_path,
                    const char *sha256, const char *src_text, const char *tgt_text,
                    tf_Pool *pool, tf_Trace *tr);

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
/* Levenshtein distance of two short strings (bytes), for "did you mean" suggestions; strings
 * over 120 bytes count as far from everything. */
int cli_edit_distance(const char *a, const char *b);

#endif

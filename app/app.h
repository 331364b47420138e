/* app.h — what the subcommands of the tfscope executable share: exit codes, file access
 * (whole-file reads, atomic writes), model/trace loading with messages that name the file, and
 * a small option parser. Not SDL: window and rendering code live in their own files. */
#ifndef TF_APP_H
#define TF_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forward.h"

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_BAD_INPUT = 2 };

#define TF_VERSION_STRING "0.1.0"

/* Subcommands: argv[0] is the subcommand's name. Each returns an exit code. */
int cmd_trace(int argc, char **argv);
int cmd_translate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_task(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_lesson(int argc, char **argv);  /* in the module: lessons need cmark */
/* The drawing commands and the lessons, run from the loadable module tfscope-gui.so
 * (gui_loader.c). */
int app_run_gui(const char *cmd, int argc, char **argv);
int cmd_export_gui(int argc, char **argv);
int cmd_view_gui(int argc, char **argv);
int cmd_lesson_gui(int argc, char **argv);

/* Reads a whole file (into huge pages when it is big: see tf_alloc_big); on failure prints
 * "tfscope: PATH: reason" and returns false. Free the buffer with app_free_file. */
bool app_read_file(const char *path, uint8_t **buf, size_t *len);
void app_free_file(uint8_t *buf, size_t len);
/* Writes through a temporary file in the same folder and renames it into place, so a failure
 * never leaves a partial file. Prints the reason on failure. */
bool app_write_atomic(const char *path, const void *data, size_t len);
/* Loads and validates a model file; prints "tfscope: PATH: problem" on failure. sha256_hex gets
 * the file's digest (65 bytes) when not NULL. */
bool app_load_model(const char *path, tf_Model *m, char *sha256_hex);
bool app_load_trace(const char *path, tf_Trace *tr);
/* The default model: $TFSCOPE_MODEL, else assets/model.safetensors beside the source tree or
 * the installed data folder. */
const char *app_default_model(void);

/* The sentence src_text through the model into tr (decoder input: <bos> + tgt_text, or the
 * model's greedy translation when tgt_text is NULL). Prints "tfscope CMD: ..." on failure. */
/* The tokens joined by single spaces into out (cut at cap, always terminated): a trace's
 * sentence as text. */
void app_join_tokens(char *const *toks, int n, char *out, size_t cap);
bool app_trace_text(const char *cmd, const tf_Model *m, const char *model_path,
                    const char *sha256, const char *src_text, const char *tgt_text,
                    tf_Pool *pool, tf_Trace *tr);

void app_sha256_hex(const uint8_t *data, size_t len, char out[65]);

/* Option parsing: "--name value" and "--name=value". */
typedef struct {
    const char *name;     /* without the dashes */
    bool takes_value;
    const char **value;   /* set to the value, or to "" for a flag that is present */
} app_Opt;
/* Parses argv[1..]; positional arguments are collected in pos (at most max_pos).
 * Returns false after printing a usage message on unknown options or missing values.
 * "--help"/"-h" sets *help. */
bool app_parse_opts(int argc, char **argv, app_Opt *opts, int n_opts, const char **pos,
                    int max_pos, int *n_pos, bool *help);
bool app_parse_int(const char *opt, const char *s, int lo, int hi, int *out);
/* Levenshtein distance of two short strings (bytes), for "did you mean" suggestions; strings
 * over 120 bytes count as far from everything. */
int app_edit_distance(const char *a, const char *b);

#endif

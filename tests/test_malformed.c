/* test_malformed.c — bad model files are refused with a message that says what is wrong, and
 * nothing a fuzzer has produced crashes the readers. tests/malformed/ holds real malformed files
 * (made by make_malformed.py, plus fuzzer reproducers), each listed in EXPECTED.tsv with a
 * substring its message must contain. The corpora the fuzzers grew, tests/fuzz/corpus/<target>/,
 * are replayed through the fuzz targets themselves (tests/fuzz/fuzz_*.c), so under ASan/UBSan this
 * suite re-runs everything the fuzzers ever kept. Not a test of the command line
 * (test_cli_bad_input.sh) or of valid files (test_safetensors.c). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "forward.h"
#include "fuzz/fuzz.h"

#define MALFORMED_DIR TF_TESTS_DIR "/malformed"
#define CORPUS_DIR TF_TESTS_DIR "/fuzz/corpus"

/* The whole file in a buffer of exactly its size, so that ASan sees a read one byte too far. */
static uint8_t *read_exact(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    struct stat st;
    assert_int_equal(fstat(fileno(f), &st), 0);
    *len = (size_t)st.st_size;
    uint8_t *b = malloc(*len ? *len : 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

typedef struct {
    char file[256];
    char substring[512];
} Expected;

static Expected *read_expected(int *n)
{
    FILE *f = fopen(MALFORMED_DIR "/EXPECTED.tsv", "r");
    if (!f) fail_msg("cannot open %s", MALFORMED_DIR "/EXPECTED.tsv");
    Expected *e = NULL;
    char line[256];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab || !tab[1]) fail_msg("EXPECTED.tsv: no <TAB>substring in line '%s'", line);
        *tab = 0;
        e = realloc(e, (size_t)(*n + 1) * sizeof *e);
        assert_non_null(e);
        snprintf(e[*n].file, sizeof e[*n].file, "%s", line);
        snprintf(e[*n].substring, sizeof e[*n].substring, "%s", tab + 1);
        (*n)++;
    }
    fclose(f);
    return e;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files of a folder, sorted, as malloc'd full paths; a missing folder gives none. */
static char **list_files(const char *dir, int *n)
{
    char **out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    for (struct dirent *e; (e = readdir(d));) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        out = realloc(out, (size_t)(*n + 1) * sizeof *out);
        assert_non_null(out);
        out[(*n)++] = strdup(path);
    }
    closedir(d);
    if (*n) qsort(out, (size_t)*n, sizeof *out, cmp_str);
    return out;
}

static void free_list(char **s, int n)
{
    for (int i = 0; i < n; i++) free(s[i]);
    free(s);
}

static void every_malformed_file_is_refused_with_its_message(void **state)
{
    (void)state;
    int n, failures = 0;
    Expected *e = read_expected(&n);
    assert_true(n >= 20);
    for (int i = 0; i < n; i++) {
        char path[sizeof MALFORMED_DIR + sizeof e[i].file + 1];
        snprintf(path, sizeof path, "%s/%s", MALFORMED_DIR, e[i].file);
        size_t len;
        uint8_t *buf = read_exact(path, &len);
        tf_Model m;
        tf_Err err = {{0}};
        tf_Status s = tf_model_load(buf, len, &m, &err);
        free(buf);
        if (s == TF_OK) {
            print_error("%s: loads, but must be refused with a message containing \"%s\"\n",
                        e[i].file, e[i].substring);
            tf_model_free(&m);
            failures++;
        } else if (!strstr(err.msg, e[i].substring)) {
            print_error("%s: message \"%s\" does not contain \"%s\"\n", e[i].file, err.msg,
                        e[i].substring);
            failures++;
        }
    }
    free(e);
    assert_int_equal(failures, 0);
}

static void every_file_in_the_malformed_folder_is_listed(void **state)
{
    (void)state;
    int n_exp, n_files, failures = 0;
    Expected *e = read_expected(&n_exp);
    char **files = list_files(MALFORMED_DIR, &n_files);
    for (int i = 0; i < n_files; i++) {
        const char *base = strrchr(files[i], '/') + 1;
        if (!strcmp(base, "EXPECTED.tsv") || strstr(base, ".py")) continue;
        int listed = 0;
        for (int k = 0; k < n_exp && !listed; k++) listed = !strcmp(e[k].file, base);
        if (!listed) {
            print_error("%s is in tests/malformed/ but not in EXPECTED.tsv\n", base);
            failures++;
        }
    }
    free_list(files, n_files);
    free(e);
    assert_int_equal(failures, 0);
}

/* Every file through a fuzz target; a crash or an abort is the failure. Returns the count. */
static int replay(const char *dir, int (*target)(const uint8_t *, size_t))
{
    int n;
    char **files = list_files(dir, &n);
    for (int i = 0; i < n; i++) {
        size_t len;
        uint8_t *buf = read_exact(files[i], &len);
        target(buf, len);
        free(buf);
    }
    free_list(files, n);
    return n;
}

static void fuzz_corpora_replay_without_a_crash(void **state)
{
    (void)state;
    int model = replay(CORPUS_DIR "/model", tf_fuzz_model);
    int tokenizer = replay(CORPUS_DIR "/tokenizer", tf_fuzz_tokenizer);
    int trace = replay(CORPUS_DIR "/trace", tf_fuzz_trace);
    int checkpoint = replay(CORPUS_DIR "/checkpoint", tf_fuzz_checkpoint);
    int snapshot = replay(CORPUS_DIR "/snapshot", tf_fuzz_snapshot);
    print_message("replayed corpora: model %d, tokenizer %d, trace %d, checkpoint %d, snapshot %d "
                  "files\n", model, tokenizer, trace, checkpoint, snapshot);
    assert_true(model > 0 && tokenizer > 0 && trace > 0 && checkpoint > 0 && snapshot > 0);
}

static void malformed_files_crash_no_reader(void **state)
{
    (void)state;
    int n = replay(MALFORMED_DIR, tf_fuzz_model);
    assert_int_equal(replay(MALFORMED_DIR, tf_fuzz_trace), n);
    assert_int_equal(replay(MALFORMED_DIR, tf_fuzz_tokenizer), n);
    assert_int_equal(replay(MALFORMED_DIR, tf_fuzz_checkpoint), n);
    assert_int_equal(replay(MALFORMED_DIR, tf_fuzz_snapshot), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_malformed_file_is_refused_with_its_message),
        cmocka_unit_test(every_file_in_the_malformed_folder_is_listed),
        cmocka_unit_test(malformed_files_crash_no_reader),
        cmocka_unit_test(fuzz_corpora_replay_without_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fuzz_app.c — the corpora the lesson and window-script fuzzers grew (tests/fuzz/corpus/
 * lesson/ and script/, seeded from lessons/ and the tests' scripts) replayed through the fuzz
 * targets themselves, so that under ASan/UBSan every input a fuzzer kept, and every crash it
 * found (kept there as a regression), runs again with the ordinary suite. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/fuzz.h"

#define CORPUS_DIR TF_TESTS_DIR "/fuzz/corpus"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of dir through target, in name order; returns the count. */
static int replay(const char *dir, int (*target)(const uint8_t *, size_t))
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        names = realloc(names, (size_t)(n + 1) * sizeof *names);
        assert_non_null(names);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        assert_non_null(names[n]);
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n > 1) qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(names[i], "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *buf = malloc((size_t)len + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        target(buf, (size_t)len);
        free(buf);
        free(names[i]);
    }
    free(names);
    return n;
}

static void lesson_corpus_replays(void **state)
{
    (void)state;
    int n = replay(CORPUS_DIR "/lesson", tf_fuzz_lesson);
    print_message("replayed %d lesson inputs\n", n);
    assert_true(n > 0);
}

static void script_corpus_replays(void **state)
{
    (void)state;
    int n = replay(CORPUS_DIR "/script", tf_fuzz_script);
    print_message("replayed %d script inputs\n", n);
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lesson_corpus_replays),
        cmocka_unit_test(script_corpus_replays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* lesson_fixture.c — models and lessons for the lesson suites (see lesson_fixture.h). */
#include "lesson_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch.h"
#include "cli.h"

void lf_untrained_model(tf_Model *m, uint64_t seed)
{
    tf_Vocab sv, tv;
    tf_task_vocabs(&sv, &tv);
    tf_Config c = {.d_model = 64, .nhead = 8, .n_enc = 2, .n_dec = 2, .d_ff = 256, .ln_eps = 1e-5f,
                   .norm_first = false, .max_len = 64, .tied_generator = true};
    tf_model_init(m, &c, &sv, &tv);
    tf_model_randomize(m, seed);
    tf_vocab_free(&sv);
    tf_vocab_free(&tv);
}

bool lf_default_model(tf_Model *m)
{
    struct stat st;
    const char *path = cli_default_model();
    return stat(path, &st) == 0 && cli_load_model(path, m, NULL);
}

void lf_real_lessons(const char *lang, ls_Set *set)
{
    ls_Diags d = {0};
    ls_set_load(TF_SOURCE_LESSONS, lang, set, &d);
    assert_int_equal(d.n_errors, 0);
    ls_diags_free(&d);
}

/* --- the lessons suite ------------------------------------------------------------------------ */

static tf_Model g_random;        /* default shape, untrained */
static tf_Model g_default;       /* the trained default model, when present */
static bool g_have_default;
static char g_random_path[256];  /* g_random saved, for the command-line tests */

int lf_setup(void **state)
{
    (void)state;
    lf_untrained_model(&g_random, 7);
    uint8_t *bytes;
    size_t len;
    tf_model_save(&g_random, &bytes, &len);
    snprintf(g_random_path, sizeof g_random_path, "/tmp/tfscope-test-lessons-%ld.safetensors",
             (long)getpid());
    FILE *f = fopen(g_random_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    free(bytes);
    g_have_default = lf_default_model(&g_default);
    if (!g_have_default) fprintf(stderr, "[ note ] no default model at %s\n", cli_default_model());
    return 0;
}

int lf_teardown(void **state)
{
    (void)state;
    tf_model_free(&g_random);
    if (g_have_default) tf_model_free(&g_default);
    remove(g_random_path);
    return 0;
}

const tf_Model *lf_random(void)
{
    return &g_random;
}

const tf_Model *lf_default(void)
{
    return g_have_default ? &g_default : NULL;
}

const char *lf_random_path(void)
{
    return g_random_path;
}

void lf_print_diags_on_failure(const ls_Diags *d)
{
    if (d->n_errors) ls_diags_print(d, stderr);
}

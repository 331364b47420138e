/* testutil.c — fixture loading and tensor comparison for the tests. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

uint8_t *tu_try_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    size_t got = b ? fread(b, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!b || got != (size_t)n) {
        free(b);
        return NULL;
    }
    *len = got;
    return b;
}

uint8_t *tu_read(const char *path, size_t *len)
{
    uint8_t *b = tu_try_read(path, len);
    if (!b) fail_msg("cannot read %s", path);
    return b;
}

void tu_load_model(const char *path, tf_Model *m)
{
    size_t len;
    uint8_t *b = tu_read(path, &len);
    tf_Err err;
    if (tf_model_load(b, len, m, &err) != TF_OK) fail_msg("%s: %s", path, err.msg);
    free(b);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **cases_of(const char *kind, int *n, int at_least)
{
    const char *dir = TF_TESTS_DIR "/fixtures/ref";
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **out = NULL;
    *n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".ref.safetensors") || !strstr(e->d_name, kind)) continue;
        out = realloc(out, (size_t)(*n + 1) * sizeof *out);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        out[*n] = malloc(len);
        snprintf(out[*n], len, "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    qsort(out, (size_t)*n, sizeof *out, cmp_str);
    assert_true(*n >= at_least);
    return out;
}

char **tu_fixture_cases(int *n)
{
    return cases_of(".case", n, 20);
}

char **tu_fixture_interv_cases(int *n)
{
    return cases_of(".interv", n, 16);
}

void tu_free_strings(char **s, int n)
{
    for (int i = 0; i < n; i++) free(s[i]);
    free(s);
}

void tu_case_load(const char *ref_path, tu_Case *c)
{
    memset(c, 0, sizeof *c);
    size_t len;
    c->ref_bytes = tu_read(ref_path, &len);
    tf_Err err;
    if (tf_st_parse(c->ref_bytes, len, &c->ref, &err) != TF_OK) fail_msg("%s: %s", ref_path, err.msg);
    const char *model = tf_st_meta(&c->ref, "model"), *src = tf_st_meta(&c->ref, "src"),
               *tgt = tf_st_meta(&c->ref, "tgt");
    assert_non_null(model);
    assert_non_null(src);
    assert_non_null(tgt);
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/ref/%s", TF_TESTS_DIR, model);
    tu_load_model(path, &c->model);
    if (tf_tokenize(&c->model.src_vocab, src, &c->src, &c->S, &err) != TF_OK)
        fail_msg("%s: src: %s", ref_path, err.msg);
    int *t = NULL, nt = 0;
    if (*tgt && tf_tokenize(&c->model.tgt_vocab, tgt, &t, &nt, &err) != TF_OK)
        fail_msg("%s: tgt: %s", ref_path, err.msg);
    c->T = nt + 1;
    c->tgt = malloc((size_t)c->T * sizeof *c->tgt);
    c->tgt[0] = c->model.tgt_vocab.bos;
    if (nt) memcpy(c->tgt + 1, t, (size_t)nt * sizeof *t);
    free(t);
    const char *iv = tf_st_meta(&c->ref, "interventions");
    if (iv && tf_interv_from_json(&c->iv, &c->model.cfg, iv, &err) != TF_OK)
        fail_msg("%s: %s", ref_path, err.msg);
}

void tu_each_case(char **(*list)(int *n), void (*check)(tu_Case *c))
{
    int n;
    char **cases = list(&n);
    for (int i = 0; i < n; i++) {
        tu_Case c;
        tu_case_load(cases[i], &c);
        check(&c);
        tu_case_free(&c);
    }
    tu_free_strings(cases, n);
}

void tu_case_free(tu_Case *c)
{
    tf_model_free(&c->model);
    tf_st_free(&c->ref);
    free(c->ref_bytes);
    free(c->src);
    free(c->tgt);
}

double tu_rel_diff(const char *name, const float *a, const double *b, size_t n, double tol)
{
    double mx = 0, scale = 1;
    for (size_t i = 0; i < n; i++) scale = fmax(scale, fabs(b[i]));
    for (size_t i = 0; i < n; i++) mx = fmax(mx, fabs((double)a[i] - b[i]));
    if (!(mx / scale <= tol))
        print_error("%s: max |diff| = %.3g, scale %.3g, relative %.3g > %.1g\n", name, mx, scale,
                    mx / scale, tol);
    return mx / scale;
}

double tu_px_differ(const uint8_t *a, const uint8_t *b, size_t n_px, int channels, int tol)
{
    size_t bad = 0;
    for (size_t i = 0; i < n_px * 4; i += 4)
        for (int c = 0; c < channels; c++)
            if (abs((int)a[i + c] - (int)b[i + c]) > tol) {
                bad++;
                break;
            }
    return (double)bad / (double)n_px;
}

uint8_t *tu_with_meta(const uint8_t *bytes, size_t len, const char *key, const char *value,
                      size_t *out_len)
{
    tf_St st;
    tf_Err err;
    if (tf_st_parse(bytes, len, &st, &err) != TF_OK) fail_msg("tu_with_meta: %s", err.msg);
    tf_StWriter *w = tf_stw_new();
    for (int i = 0; i < st.n_meta; i++)
        if (strcmp(st.meta[i].key, key)) tf_stw_meta(w, st.meta[i].key, st.meta[i].value);
    if (value) tf_stw_meta(w, key, value);
    for (int i = 0; i < st.n_tensors; i++) {
        const tf_StTensor *t = &st.tensors[i];
        tf_stw_add(w, t->name, t->dtype, t->ndim, t->shape, t->data);
    }
    uint8_t *out;
    tf_stw_finish(w, &out, out_len);
    tf_st_free(&st);
    return out;
}

bool tu_remove_tree(const char *dir)
{
    struct stat s;
    if (lstat(dir, &s) != 0) return false;
    if (!S_ISDIR(s.st_mode)) return unlink(dir) == 0;
    DIR *d = opendir(dir);
    if (!d) return false;
    bool ok = true;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) {
            ok = false;
            continue;
        }
        ok = tu_remove_tree(path) && ok;
    }
    closedir(d);
    return rmdir(dir) == 0 && ok;
}

double tu_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

void tu_assert_linear(const char *what, double (*run)(int n), int n)
{
    /* n/16 against n, the best of three each: linear work takes 16 times as long, quadratic 256
     * times; the bound of 64 leaves room for caches and a busy machine and still fails the latter. */
    double t[2] = {1e9, 1e9};
    for (int rep = 0; rep < 3; rep++)
        for (int k = 0; k < 2; k++) {
            double dt = run(k ? n : n / 16);
            if (dt < t[k]) t[k] = dt;
        }
    print_message("%s: %d in %.3f s, %d in %.3f s\n", what, n / 16, t[0], n, t[1]);
    if (t[1] > 64 * t[0] + 0.05)
        fail_msg("%s: 16 times as many took %.1f times as long", what, t[1] / t[0]);
}

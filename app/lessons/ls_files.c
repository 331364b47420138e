/* ls_files.c — lessons from files and folders: one lesson from a path, the set of a
 * language's lessons in number order, and where the bundled lessons are. */
#include "ls_lesson_int.h"

#include "tf_limits.h"

#include "cli.h"

#ifndef TF_SOURCE_LESSONS
#define TF_SOURCE_LESSONS "lessons"
#endif

tf_Status ls_lesson_load(const char *path, ls_Lesson *out, ls_Diags *d)
{
    /* a lesson is untrusted input: a FIFO or a device is refused without blocking, and a file
     * over TF_MAX_LESSON_BYTES before it is read */
    uint8_t *buf;
    size_t len;
    char why[300];
    if (!cli_read_file_max(path, TF_MAX_LESSON_BYTES, &buf, &len, why, sizeof why)) {
        memset(out, 0, sizeof *out);
        ls_diag(d, path, 0, false, "%s%s", why, strstr(why, "the limit") ? " (TF_MAX_LESSON_BYTES)" : "");
        return errno == ENOENT ? TF_ERR_IO : TF_ERR_FORMAT;
    }
    tf_Status s = ls_lesson_parse(path, (const char *)buf, len, out, d);
    cli_free_file(buf, len);
    return s;
}

static int cmp_lesson(const void *a, const void *b)
{
    const ls_Lesson *x = a, *y = b;
    return x->number - y->number;
}

tf_Status ls_set_load(const char *dir, const char *lang, ls_Set *out, ls_Diags *d)
{
    memset(out, 0, sizeof *out);
    snprintf(out->lang, sizeof out->lang, "%s", lang);
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/%s", dir, lang);
    DIR *dp = opendir(folder);
    if (!dp) {
        ls_diag(d, folder, 0, false, "%s", strerror(errno));
        return TF_ERR_IO;
    }
    struct dirent *e;
    int seen = 0;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".md") || e->d_name[0] == '.') continue;
        if (++seen > TF_MAX_LESSONS) {
            ls_diag(d, folder, 0, false, "more than %d lesson files (TF_MAX_LESSONS): the rest are "
                    "not read", TF_MAX_LESSONS);
            break;
        }
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        ls_Lesson l;
        if (ls_lesson_load(path, &l, d) != TF_OK) {
            ls_lesson_free(&l);
            continue;
        }
        out->lessons = realloc(out->lessons, (size_t)(out->n + 1) * sizeof *out->lessons);
        TF_ASSERT(out->lessons);
        out->lessons[out->n++] = l;
    }
    closedir(dp);
    if (out->n > 1) qsort(out->lessons, (size_t)out->n, sizeof *out->lessons, cmp_lesson);
    for (int i = 1; i < out->n; i++)
        if (out->lessons[i].number == out->lessons[i - 1].number)
            ls_diag(d, out->lessons[i].path, 0, false, "lesson number %02d is also used by %s",
                    out->lessons[i].number, out->lessons[i - 1].path);
    if (!out->n) ls_diag(d, folder, 0, false, "no lessons (NN-slug.md files) here");
    return TF_OK;
}

void ls_set_free(ls_Set *s)
{
    for (int i = 0; i < s->n; i++) ls_lesson_free(&s->lessons[i]);
    free(s->lessons);
    memset(s, 0, sizeof *s);
}

const ls_Lesson *ls_set_find(const ls_Set *s, int number)
{
    for (int i = 0; i < s->n; i++)
        if (s->lessons[i].number == number) return &s->lessons[i];
    return NULL;
}

const char *ls_default_dir(void)
{
    const char *env = getenv("TFSCOPE_LESSONS");
    if (env && *env) return env;
    static char path[4096];
    const char *data = getenv("TFSCOPE_DATA");
    if (data && *data) {
        snprintf(path, sizeof path, "%s/lessons", data);
        DIR *dp = opendir(path);
        if (dp) {
            closedir(dp);
            return path;
        }
    }
    return TF_SOURCE_LESSONS;
}

/* cli_files.c — the app's contact with the file system: whole-file reads, atomic writes (temporary
 * file + rename, so no partial output is ever left), and loading models and traces with messages
 * that name the file. Not parsing: that is core's job. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

bool cli_read_file(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "tfscope: %s: %s\n", path, strerror(errno));
        if (f) fclose(f);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "tfscope: %s: not a regular file\n", path);
        fclose(f);
        return false;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *b = tf_alloc_big_untouched(n);
    if (!b || fread(b, 1, n, f) != n) {
        fprintf(stderr, "tfscope: %s: %s\n", path, b ? "read failed" : "file too large for memory");
        tf_free_big(b, n);
        fclose(f);
        return false;
    }
    fclose(f);
    *buf = b;
    *len = n;
    return true;
}

bool cli_write_atomic(const char *path, const void *data, size_t len)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) return false;
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "tfscope: %s: cannot write: %s\n", path, strerror(errno));
        free(tmp);
        return false;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "tfscope: %s: cannot write: %s\n", path, strerror(errno));
        remove(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    return true;
}

void cli_free_file(uint8_t *buf, size_t len)
{
    tf_free_big(buf, len);
}

bool cli_load_model(const char *path, tf_Model *m, char *sha256_hex)
{
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(path, &buf, &len)) return false;
    tf_Err err;
    tf_Status s = tf_model_load(buf, len, m, &err);
    if (s == TF_OK && sha256_hex) cli_sha256_hex(buf, len, sha256_hex);
    cli_free_file(buf, len);
    if (s != TF_OK) {
        fprintf(stderr, "tfscope: %s: %s\n", path, err.msg);
        return false;
    }
    return true;
}

bool cli_load_trace(const char *path, tf_Trace *tr)
{
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(path, &buf, &len)) return false;
    tf_Err err;
    tf_Status s = tf_trace_load(buf, len, tr, &err);
    cli_free_file(buf, len);
    if (s != TF_OK) {
        fprintf(stderr, "tfscope: %s: %s\n", path, err.msg);
        return false;
    }
    return true;
}

const char *cli_default_model(void)
{
    const char *env = getenv("TFSCOPE_MODEL");
    if (env && *env) return env;
    static char path[4096];
    const char *data = getenv("TFSCOPE_DATA");
    snprintf(path, sizeof path, "%s/model.safetensors", data && *data ? data : TF_SOURCE_ASSETS);
    return path;
}

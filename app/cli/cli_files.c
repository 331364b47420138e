/* cli_files.c — the app's contact with the file system: whole-file reads, atomic writes (temporary
 * file + rename, so no partial output is ever left), and loading models and traces with messages
 * that name the file. Not parsing: that is core's job. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
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
    return cli_write_atomic_parts(path, (const void *[]){data}, (size_t[]){len}, 1);
}

/* All of n pieces, however many calls writev needs. */
static bool write_all(int fd, const void *const *data, const size_t *len, int n)
{
    struct iovec iov[8];
    TF_ASSERT(n <= 8);
    for (int i = 0; i < n; i++) iov[i] = (struct iovec){(void *)data[i], len[i]};
    struct iovec *v = iov;
    while (n > 0) {
        ssize_t w = writev(fd, v, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return false;
        for (; n > 0 && (size_t)w >= v->iov_len; v++, n--) w -= (ssize_t)v->iov_len;
        if (n > 0) {
            v->iov_base = (char *)v->iov_base + w;
            v->iov_len -= (size_t)w;
        }
    }
    return true;
}

bool cli_write_atomic_parts(const char *path, const void *const *data, const size_t *len, int n)
{
    size_t cap = strlen(path) + 32;
    char *tmp = malloc(cap);
    if (!tmp) return false;
    snprintf(tmp, cap, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "tfscope: %s: cannot write: %s\n", path, strerror(errno));
        free(tmp);
        return false;
    }
    bool ok = write_all(fd, data, len, n);
    ok = (close(fd) == 0) && ok;
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

typedef struct {
    const uint8_t *buf;
    size_t len;
    char *hex;
} Digest;

static void *digest_thread(void *arg)
{
    Digest *d = arg;
    cli_sha256_hex(d->buf, d->len, d->hex);
    return NULL;
}

bool cli_load_model(const char *path, tf_Model *m, char *sha256_hex)
{
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(path, &buf, &len)) return false;
    tf_Err err;
    /* the digest on a second thread while this one reads the model: both only read the bytes */
    Digest d = {buf, len, sha256_hex};
    pthread_t th;
    bool threaded = sha256_hex && pthread_create(&th, NULL, digest_thread, &d) == 0;
    if (sha256_hex && !threaded) digest_thread(&d);
    tf_Status s = tf_model_load(buf, len, m, &err);
    if (threaded) pthread_join(th, NULL);
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

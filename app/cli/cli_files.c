/* cli_files.c — reading files: whole-file reads that refuse what is not a regular file (without
 * blocking on a FIFO) and what is over a limit, and loading models and traces with messages that
 * name the file. Not writing (cli_output.c) and not parsing: that is core's job. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

bool cli_read_file_max(const char *path, size_t max_bytes, uint8_t **buf, size_t *len, char *why,
                       size_t why_cap)
{
    /* O_NONBLOCK: a FIFO without a writer would block the open itself */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, why_cap, "%s", strerror(errno));
        if (fd >= 0) close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_cap, "not a regular file (%s)", S_ISDIR(st.st_mode) ? "a folder"
                 : S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                 ? "a device" : "a socket");
        close(fd);
        return false;
    }
    if ((uint64_t)st.st_size > max_bytes) {
        snprintf(why, why_cap, "%lld bytes; the limit is %zu", (long long)st.st_size, max_bytes);
        close(fd);
        return false;
    }
    cli_output_note_read(path, st.st_dev, st.st_ino);
    size_t n = (size_t)st.st_size, got = 0;
    uint8_t *b = tf_alloc_big_untouched(n);
    while (b && got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (!b || got != n) {
        snprintf(why, why_cap, "%s", !b ? "file too large for memory" : "read failed (the file "
                 "changed while it was read)");
        tf_free_big(b, n);
        return false;
    }
    *buf = b;
    *len = n;
    return true;
}

bool cli_read_file(const char *path, uint8_t **buf, size_t *len)
{
    char why[256];
    if (cli_read_file_max(path, SIZE_MAX, buf, len, why, sizeof why)) return true;
    fprintf(stderr, "tfscope: %s: %s\n", path, why);
    return false;
}

void cli_free_file(uint8_t *buf, size_t len)
{
    tf_free_big(buf, len);
}

/* The file's bytes have two users, the parse and the digest; the one that finishes last lets go of
 * them, so that the next big block (the trace's arena) reuses their huge page when it can. */
static void release(cli_Digest *d)
{
    if (atomic_fetch_sub(&d->users, 1) == 1) cli_free_file(d->buf, d->len);
}

static void *digest_thread(void *arg)
{
    cli_Digest *d = arg;
    cli_sha256_hex(d->buf, d->len, d->hex);
    release(d);
    return NULL;
}

/* Reads and parses the model file; with d, its bytes are hashed on a second thread meanwhile (or
 * here first, when no thread can be made). */
static bool load_model(const char *path, tf_Model *m, cli_Digest *d)
{
    uint8_t *buf;
    size_t len;
    if (!cli_read_file(path, &buf, &len)) return false;
    if (d) {
        d->buf = buf;
        d->len = len;
        atomic_init(&d->users, 2);
        d->running = pthread_create(&d->th, NULL, digest_thread, d) == 0;
        if (!d->running) digest_thread(d);
    }
    tf_Err err;
    tf_Status s = tf_model_load(buf, len, m, &err);
    if (d) release(d);
    else cli_free_file(buf, len);
    if (s != TF_OK) {
        if (d) cli_digest_end(d);
        fprintf(stderr, "tfscope: %s: %s\n", path, err.msg);
        return false;
    }
    return true;
}

bool cli_load_model_digest(const char *path, tf_Model *m, cli_Digest *d)
{
    return load_model(path, m, d);
}

const char *cli_digest_hex(cli_Digest *d)
{
    cli_digest_end(d);
    return d->hex;
}

void cli_digest_end(cli_Digest *d)
{
    if (d->running) pthread_join(d->th, NULL);
    d->running = false;
}

bool cli_load_model(const char *path, tf_Model *m, char *sha256_hex)
{
    cli_Digest d;
    if (!load_model(path, m, sha256_hex ? &d : NULL)) return false;
    if (sha256_hex) memcpy(sha256_hex, cli_digest_hex(&d), sizeof d.hex);
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

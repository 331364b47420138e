/* cli_output.c — every file tfscope writes goes through here, so that no output destroys
 * anything, however its path is spelled:
 *   - before any work, a command's outputs are checked against its inputs and against each other
 *     as files (device and inode, or, for a file not there yet, the folder it would be made in
 *     and its name there): hard links, ./x, dir/../x and symlinks are the same file;
 *   - a symlink is followed, and its target is written;
 *   - a regular file is replaced atomically: a fresh temporary (mkstemp: O_EXCL, a random name
 *     within NAME_MAX) in the target's own folder, the data, fsync, rename, fsync of the folder;
 *     a replaced file keeps its mode (and, where allowed, its owner), a new one gets 0666 less
 *     the umask; SIGINT, SIGTERM or SIGHUP that would end the process remove the temporary first;
 *   - a FIFO or a device is written through directly, and "-" is standard output where the
 *     command allows it; anything else (a folder, a socket) is refused.
 * Not reading (cli_files.c), except that every file read is remembered here, so that a write
 * that would replace one is refused even where a command forgot to check. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"

/* ---- what a path names ---- */

/* A file as the file system knows it: the file itself when it exists, else the folder it would be
 * made in and its name there. */
typedef struct {
    bool exists;
    mode_t mode;
    dev_t dev;
    ino_t ino;
    char name[NAME_MAX + 1];  /* when it does not exist */
} Ident;

static bool same_ident(const Ident *a, const Ident *b)
{
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           (a->exists || !strcmp(a->name, b->name));
}

static char *join(const char *dir, size_t dir_len, const char *name)
{
    size_t n = strlen(name);
    char *p = tf_xmalloc(dir_len + n + 2);
    memcpy(p, dir, dir_len);
    p[dir_len] = '/';
    memcpy(p + dir_len + 1, name, n + 1);
    return p;
}

/* path with its symlinks followed to the last one: a path whose last component is not a symlink
 * (it may not exist: a dangling link names the file to make). malloc'd; NULL with errno set. */
static char *follow_links(const char *path)
{
    char *p = tf_xstrdup(path);
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0) {
            if (errno == ENOENT) return p;
            free(p);
            return NULL;
        }
        if (!S_ISLNK(st.st_mode)) return p;
        char target[PATH_MAX];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0) {
            free(p);
            return NULL;
        }
        target[n] = 0;
        char *slash = strrchr(p, '/');
        char *next = target[0] == '/' || !slash ? tf_xstrdup(target)
                                                : join(p, (size_t)(slash - p), target);
        free(p);
        p = next;
    }
    free(p);
    errno = ELOOP;
    return NULL;
}

/* Splits path into its folder ("." when it has none) and its last name (trailing slashes are not
 * a name). malloc'd folder; false when there is no name. */
static bool split(const char *path, char **dir, const char **name)
{
    size_t n = strlen(path);
    *dir = NULL;
    if (!n || path[n - 1] == '/') return false;
    const char *slash = strrchr(path, '/');
    *name = slash ? slash + 1 : path;
    if (!slash) *dir = tf_xstrdup(".");
    else if (slash == path) *dir = tf_xstrdup("/");
    else {
        *dir = tf_xmalloc((size_t)(slash - path) + 1);
        memcpy(*dir, path, (size_t)(slash - path));
        (*dir)[slash - path] = 0;
    }
    return strcmp(*name, ".") && strcmp(*name, "..");
}

/* The file a path names; false with why filled when the path cannot name one. */
static bool ident_of(const char *path, Ident *id, char *why, size_t cap)
{
    memset(id, 0, sizeof *id);
    struct stat st;
    if (!strcmp(path, "-") ? fstat(STDOUT_FILENO, &st) == 0 : stat(path, &st) == 0) {
        *id = (Ident){true, st.st_mode, st.st_dev, st.st_ino, ""};
        return true;
    }
    if (errno != ENOENT) {
        snprintf(why, cap, "%s", strerror(errno));
        return false;
    }
    char *final = follow_links(path), *dir = NULL;
    const char *name;
    bool ok = final && split(final, &dir, &name);
    if (!final) snprintf(why, cap, "%s", strerror(errno));
    else if (!ok) snprintf(why, cap, "does not name a file");
    else if (strlen(name) > NAME_MAX) snprintf(why, cap, "%s", strerror(ENAMETOOLONG)), ok = false;
    else if (stat(dir, &st) != 0) snprintf(why, cap, "%s: %s", dir, strerror(errno)), ok = false;
    else if (!S_ISDIR(st.st_mode)) snprintf(why, cap, "%s is not a folder", dir), ok = false;
    if (ok) {
        *id = (Ident){false, 0, st.st_dev, st.st_ino, ""};
        snprintf(id->name, sizeof id->name, "%s", name);
    }
    free(final);
    free(dir);
    return ok;
}

/* ---- the files this process has read ---- */

enum { READ_MAX = 256 };
static struct {
    dev_t dev;
    ino_t ino;
    char path[256];
} g_read[READ_MAX];
static int g_n_read;

void cli_output_note_read(const char *path, dev_t dev, ino_t ino)
{
    for (int i = 0; i < g_n_read; i++)
        if (g_read[i].dev == dev && g_read[i].ino == ino) return;
    if (g_n_read == READ_MAX) return;
    g_read[g_n_read].dev = dev;
    g_read[g_n_read].ino = ino;
    snprintf(g_read[g_n_read].path, sizeof g_read[g_n_read].path, "%s", path);
    g_n_read++;
}

void cli_output_forget_read(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return;
    for (int i = 0; i < g_n_read; i++)
        if (g_read[i].dev == st.st_dev && g_read[i].ino == st.st_ino) g_read[i] = g_read[--g_n_read];
}

static const char *read_as(dev_t dev, ino_t ino)
{
    for (int i = 0; i < g_n_read; i++)
        if (g_read[i].dev == dev && g_read[i].ino == ino) return g_read[i].path;
    return NULL;
}

/* ---- the check before any work ---- */

static bool writable_kind(mode_t m, bool dir)
{
    return dir ? S_ISDIR(m) : S_ISREG(m) || S_ISFIFO(m) || S_ISCHR(m) || S_ISBLK(m);
}

static int refuse(const char *cmd, const cli_Path *p, int code, const char *fmt, const char *a,
                  const char *b)
{
    fprintf(stderr, "tfscope %s: %s %s: ", cmd, p->opt, p->path);
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return code;
}

int cli_output_check(const char *cmd, const cli_Path *outs, int n_out, const cli_Path *ins,
                     int n_in)
{
    Ident *oid = tf_xcalloc((size_t)n_out, sizeof *oid);
    int code = CLI_EXIT_OK;
    char why[512];
    for (int i = 0; i < n_out && !code; i++) {
        const cli_Path *o = &outs[i];
        bool dir = o->flags & CLI_PATH_DIR;
        if (!o->path) continue;
        if (!o->path[0]) code = refuse(cmd, o, CLI_EXIT_USAGE, "an empty path%s%s", "", "");
        else if (!strcmp(o->path, "-") && !(o->flags & CLI_PATH_STDOUT))
            code = refuse(cmd, o, CLI_EXIT_USAGE, "this command cannot write to standard "
                          "output; name a file%s%s", "", "");
        else if (!ident_of(o->path, &oid[i], why, sizeof why))
            code = refuse(cmd, o, CLI_EXIT_BAD_INPUT, "cannot be written: %s%s", why, "");
        else if (oid[i].exists && !writable_kind(oid[i].mode, dir))
            code = refuse(cmd, o, CLI_EXIT_BAD_INPUT, "%s%s", S_ISDIR(oid[i].mode)
                          ? "is a folder, not a file" : dir ? "is not a folder"
                          : "is neither a regular file nor a FIFO or a device", "");
        for (int k = 0; k < i && !code; k++)
            if (outs[k].path && same_ident(&oid[i], &oid[k]))
                code = refuse(cmd, o, CLI_EXIT_USAGE, "is the same file as %s %s: each output "
                              "needs a file of its own", outs[k].opt, outs[k].path);
        for (int k = 0; k < n_in && !code; k++) {
            Ident in;
            if (ins[k].path && ident_of(ins[k].path, &in, why, sizeof why) && in.exists &&
                same_ident(&oid[i], &in))
                code = refuse(cmd, o, CLI_EXIT_USAGE, "is the same file as the input %s %s: "
                              "writing it would destroy it", ins[k].opt, ins[k].path);
        }
    }
    free(oid);
    return code;
}

bool cli_output_in_folder(const char *path, const char *dir)
{
    char *final = follow_links(path), *parent = NULL;
    const char *name;
    struct stat st, ds;
    bool in = final && split(final, &parent, &name) && stat(parent, &st) == 0 &&
              stat(dir, &ds) == 0 && st.st_dev == ds.st_dev && st.st_ino == ds.st_ino;
    free(parent);
    free(final);
    return in;
}

/* ---- writing ---- */

/* The temporary being written, for the signal handler: the template mkstemp fills in place, so
 * that it holds the file's name from the moment the file exists. One write at a time: the app
 * writes from its main thread only. */
static char g_tmp[PATH_MAX];
static struct sigaction g_old[3];
static const int SIGNALS[3] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < 3; i++) {
        if (SIGNALS[i] != sig) continue;
        /* a command that handles the signal (train: stop, then checkpoint) gets it, and the
         * write finishes; only a signal that ends the process takes the temporary with it */
        if (g_old[i].sa_flags & SA_SIGINFO) {
            g_old[i].sa_sigaction(sig, NULL, NULL);
            break;
        }
        void (*old)(int) = g_old[i].sa_handler;
        if (old == SIG_IGN) break;
        if (old != SIG_DFL) {
            old(sig);
            break;
        }
        if (g_tmp[0]) unlink(g_tmp);
        sigaction(sig, &g_old[i], NULL);
        raise(sig);
    }
    errno = saved;
}

static void guard(bool on)
{
    for (int i = 0; i < 3; i++) {
        if (on) {
            struct sigaction sa = {0};
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(SIGNALS[i], &sa, &g_old[i]);
        } else {
            sigaction(SIGNALS[i], &g_old[i], NULL);
        }
    }
}

/* All of n pieces, eight at a time, however many calls writev needs. */
static bool write_all(int fd, const void *const *data, const size_t *len, int n)
{
    for (int at = 0; at < n; at += 8) {
        struct iovec iov[8], *v = iov;
        int k = n - at < 8 ? n - at : 8;
        for (int i = 0; i < k; i++) iov[i] = (struct iovec){(void *)data[at + i], len[at + i]};
        while (k > 0 && v->iov_len == 0) v++, k--;
        while (k > 0) {
            ssize_t w = writev(fd, v, k);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return false;
            for (; k > 0 && (size_t)w >= v->iov_len; v++, k--) w -= (ssize_t)v->iov_len;
            if (k > 0) {
                v->iov_base = (char *)v->iov_base + w;
                v->iov_len -= (size_t)w;
            }
        }
    }
    return true;
}

static mode_t umask_now(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

/* A write's failure: into why when the caller wants it (the window shows it), else on stderr
 * as "tfscope: PATH: ...". */
static void say(char *why, size_t cap, const char *fmt, ...)
{
    char buf[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (why && cap) snprintf(why, cap, "%s", buf);
    else fprintf(stderr, "tfscope: %s\n", buf);
}

/* final: a path whose last component is not a symlink; old: the file it replaces, or NULL. */
static bool replace(const char *path, const char *final, const struct stat *old,
                    const void *const *data, const size_t *len, int n, char *why, size_t cap)
{
    char *dir;
    const char *name;
    if (!split(final, &dir, &name)) {
        say(why, cap, "%s: does not name a file", path);
        free(dir);
        return false;
    }
    size_t keep = strlen(name) > NAME_MAX - 16 ? NAME_MAX - 16 : strlen(name);
    int k = snprintf(g_tmp, sizeof g_tmp, "%s/.%.*s.XXXXXX", dir, (int)keep, name);
    if (k < 0 || (size_t)k >= sizeof g_tmp) {
        say(why, cap, "%s: %s", path, strerror(ENAMETOOLONG));
        g_tmp[0] = 0;
        free(dir);
        return false;
    }
    guard(true);
    int fd = mkstemp(g_tmp), err = 0;
    if (fd < 0) {
        err = errno;
        g_tmp[0] = 0;
    } else {
        if (old && (old->st_uid != geteuid() || old->st_gid != getegid())) {
            /* only root may give a file away: otherwise it is ours now, as an editor leaves it */
            int r = fchown(fd, old->st_uid, old->st_gid);
            (void)r;
        }
        errno = 0;
        if (fchmod(fd, old ? old->st_mode & 07777 : 0666 & ~umask_now()) != 0 ||
            !write_all(fd, data, len, n) || fsync(fd) != 0)
            err = errno ? errno : EIO;
        if (close(fd) != 0 && !err) err = errno;
        if (!err && rename(g_tmp, final) != 0) err = errno;
        if (err) unlink(g_tmp);
        g_tmp[0] = 0;
    }
    guard(false);
    if (!err) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);  /* the rename itself is durable; some file systems cannot, and say so */
            close(dfd);
        }
    }
    free(dir);
    if (err) say(why, cap, "%s: cannot write: %s", path, strerror(err));
    return !err;
}

static bool write_parts(const char *path, const void *const *data, const size_t *len, int n,
                        char *why, size_t cap)
{
    if (!strcmp(path, "-")) {
        if (write_all(STDOUT_FILENO, data, len, n)) return true;
        say(why, cap, "standard output: cannot write: %s", strerror(errno));
        return false;
    }
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT) {
        say(why, cap, "%s: cannot write: %s", path, strerror(errno));
        return false;
    }
    const char *was = exists ? read_as(st.st_dev, st.st_ino) : NULL;
    if (was) {
        say(why, cap, "%s: is the same file as %s, which this run read; not replaced", path,
            was);
        return false;
    }
    if (exists && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        bool ok = fd >= 0 && write_all(fd, data, len, n);
        int err = errno;
        if (fd >= 0 && close(fd) != 0 && ok) ok = false, err = errno;
        if (!ok) say(why, cap, "%s: cannot write: %s", path, strerror(err));
        return ok;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        say(why, cap, "%s: cannot write: %s", path, S_ISDIR(st.st_mode)
                ? "it is a folder" : "it is neither a regular file nor a FIFO or a device");
        return false;
    }
    char *final = follow_links(path);
    if (!final) {
        say(why, cap, "%s: cannot write: %s", path, strerror(errno));
        return false;
    }
    bool ok = replace(path, final, exists ? &st : NULL, data, len, n, why, cap);
    free(final);
    return ok;
}

bool cli_write_atomic_parts(const char *path, const void *const *data, const size_t *len, int n)
{
    return write_parts(path, data, len, n, NULL, 0);
}

bool cli_write_atomic(const char *path, const void *data, size_t len)
{
    return write_parts(path, &data, &len, 1, NULL, 0);
}

bool cli_write_atomic_why(const char *path, const void *data, size_t len, char *why, size_t cap)
{
    return write_parts(path, &data, &len, 1, why, cap);
}

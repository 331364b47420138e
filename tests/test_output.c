/* test_output.c — the files tfscope reads and writes (cli_output.c, cli_files.c), under their
 * other spellings: an output that is an input is refused whether it is named as it is, as ./x,
 * d/../x, a hard link, a symlink or an absolute path; outputs that are one file are refused even
 * before the file exists; a symlink is followed and its target replaced (its mode kept); a FIFO
 * and a device are written through; a folder or a socket is refused; a 255-byte name is written;
 * no temporary is left behind, not even by SIGTERM in the middle of a write; a FIFO given as an
 * input is refused without blocking. Not the commands (test_hostile.sh runs them). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"

static char g_dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s/tfscope-output.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(g_dir)) return -1;
    return chdir(g_dir);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* Files in the test folder whose name starts with '.', other than . and ..: temporaries. */
static int temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static int check1(const char *out, int flags, const char *in)
{
    cli_Path o = {"--out", out, flags}, i = {"--model", in, 0};
    return cli_output_check("test", &o, 1, &i, in ? 1 : 0);
}

static void an_input_is_refused_under_every_spelling(void **state)
{
    (void)state;
    put("m.st", "model");
    assert_int_equal(mkdir("d", 0755), 0);
    assert_int_equal(link("m.st", "hard.st"), 0);
    assert_int_equal(symlink("m.st", "sym.st"), 0);
    assert_int_equal(symlink("sym.st", "sym2.st"), 0);
    char abs[512];
    snprintf(abs, sizeof abs, "%s/m.st", g_dir);
    const char *spellings[] = {"m.st", "./m.st", "d/../m.st", "hard.st", "sym.st", "sym2.st",
                               abs, ".//m.st"};
    for (size_t k = 0; k < sizeof spellings / sizeof spellings[0]; k++) {
        if (check1(spellings[k], 0, "m.st") != CLI_EXIT_USAGE)
            fail_msg("--out %s is not refused as the input m.st", spellings[k]);
        if (check1("m.st", 0, spellings[k]) != CLI_EXIT_USAGE)
            fail_msg("--out m.st is not refused as the input %s", spellings[k]);
    }
    assert_int_equal(check1("other.st", 0, "m.st"), CLI_EXIT_OK);
    assert_string_equal(get("m.st"), "model");
}

static void outputs_that_are_one_file_are_refused_before_it_exists(void **state)
{
    (void)state;
    assert_int_equal(symlink("new.st", "dangling.st"), 0);
    const char *pairs[][2] = {{"new.st", "new.st"}, {"new.st", "./new.st"},
                              {"d/../new.st", "new.st"}, {"dangling.st", "new.st"}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        cli_Path o[2] = {{"--out", pairs[k][0], 0}, {"--checkpoint", pairs[k][1], 0}};
        if (cli_output_check("test", o, 2, NULL, 0) != CLI_EXIT_USAGE)
            fail_msg("--out %s --checkpoint %s is not refused", pairs[k][0], pairs[k][1]);
    }
    cli_Path o[2] = {{"--out", "new.st", 0}, {"--snapshot-dir", "new.st", CLI_PATH_DIR}};
    assert_int_equal(cli_output_check("test", o, 2, NULL, 0), CLI_EXIT_USAGE);
    cli_Path ok[2] = {{"--out", "new.st", 0}, {"--checkpoint", "new.st.ckpt", 0}};
    assert_int_equal(cli_output_check("test", ok, 2, NULL, 0), CLI_EXIT_OK);
    assert_int_equal(check1("-", 0, NULL), CLI_EXIT_USAGE);
    assert_int_equal(check1("", 0, NULL), CLI_EXIT_USAGE);
    assert_int_equal(check1("no/such/folder/x.st", 0, NULL), CLI_EXIT_BAD_INPUT);
    assert_int_equal(check1("d", 0, NULL), CLI_EXIT_BAD_INPUT);
    assert_int_equal(check1("d/", 0, NULL), CLI_EXIT_BAD_INPUT);
}

static void a_symlink_is_followed_and_the_mode_kept(void **state)
{
    (void)state;
    put("target.st", "old");
    assert_int_equal(chmod("target.st", 0640), 0);
    assert_int_equal(symlink("target.st", "link.st"), 0);
    assert_true(cli_write_atomic("link.st", "new", 3));
    struct stat st;
    assert_int_equal(lstat("link.st", &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat("target.st", &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_string_equal(get("target.st"), "new");
    /* a dangling symlink names the file to make */
    assert_int_equal(mkdir("sub", 0755), 0);
    assert_int_equal(symlink("sub/made.st", "to-made.st"), 0);
    assert_true(cli_write_atomic("to-made.st", "made", 4));
    assert_string_equal(get("sub/made.st"), "made");
    assert_int_equal(temporaries("."), 0);
    assert_int_equal(temporaries("sub"), 0);
}

static void a_new_file_honours_the_umask(void **state)
{
    (void)state;
    mode_t old = umask(027);
    assert_true(cli_write_atomic("fresh.st", "x", 1));
    umask(old);
    struct stat st;
    assert_int_equal(stat("fresh.st", &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
}

static void *drain(void *path)
{
    static char buf[64];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    buf[n > 0 ? n : 0] = 0;
    if (fd >= 0) close(fd);
    return buf;
}

static void fifos_and_devices_are_written_through(void **state)
{
    (void)state;
    assert_int_equal(mkfifo("pipe", 0644), 0);
    assert_int_equal(check1("pipe", 0, NULL), CLI_EXIT_OK);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, drain, "pipe"), 0);
    assert_true(cli_write_atomic("pipe", "through", 7));
    void *got;
    pthread_join(t, &got);
    assert_string_equal(got, "through");
    struct stat st;
    assert_int_equal(stat("pipe", &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(check1("/dev/null", 0, NULL), CLI_EXIT_OK);
    assert_true(cli_write_atomic("/dev/null", "x", 1));
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void folders_and_sockets_are_refused(void **state)
{
    (void)state;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "sock");
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(check1("sock", 0, NULL), CLI_EXIT_BAD_INPUT);
    assert_false(cli_write_atomic("sock", "x", 1));
    close(s);
    assert_int_equal(mkdir("folder", 0755), 0);
    assert_int_equal(check1("folder", 0, NULL), CLI_EXIT_BAD_INPUT);
    assert_false(cli_write_atomic("folder", "x", 1));
    struct stat st;
    assert_int_equal(stat("folder", &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    /* a file where the folder of the output should be: nothing written, nothing left */
    put("plain", "p");
    assert_false(cli_write_atomic("plain/x.st", "x", 1));
    assert_int_equal(temporaries("."), 0);
}

static void a_255_byte_name_is_written_and_a_256_byte_one_refused(void **state)
{
    (void)state;
    char name[NAME_MAX + 2];
    memset(name, 'a', NAME_MAX);
    name[NAME_MAX] = 0;
    assert_int_equal(check1(name, 0, NULL), CLI_EXIT_OK);
    assert_true(cli_write_atomic(name, "long", 4));
    assert_true(cli_write_atomic(name, "longer", 6));
    assert_string_equal(get(name), "longer");
    assert_int_equal(temporaries("."), 0);
    memset(name, 'b', NAME_MAX + 1);
    name[NAME_MAX + 1] = 0;
    assert_int_equal(check1(name, 0, NULL), CLI_EXIT_BAD_INPUT);
}

static void a_file_this_process_read_is_never_replaced(void **state)
{
    (void)state;
    put("input.st", "precious");
    uint8_t *buf;
    size_t len;
    assert_true(cli_read_file("input.st", &buf, &len));
    cli_free_file(buf, len);
    assert_int_equal(link("input.st", "alias.st"), 0);
    assert_false(cli_write_atomic("alias.st", "x", 1));
    assert_string_equal(get("input.st"), "precious");
    cli_output_forget_read("input.st");
    assert_true(cli_write_atomic("input.st", "rewritten", 9));
    assert_string_equal(get("input.st"), "rewritten");
}

static void inputs_that_are_not_regular_files_are_refused_without_blocking(void **state)
{
    (void)state;
    assert_int_equal(mkfifo("in-pipe", 0644), 0);
    uint8_t *buf;
    size_t len;
    char why[256];
    time_t t0 = time(NULL);
    assert_false(cli_read_file_max("in-pipe", 1 << 20, &buf, &len, why, sizeof why));
    assert_non_null(strstr(why, "not a regular file (a FIFO)"));
    assert_false(cli_read_file_max("/dev/zero", 1 << 20, &buf, &len, why, sizeof why));
    assert_non_null(strstr(why, "not a regular file (a device)"));
    assert_true(time(NULL) - t0 < 5);
    put("big", "0123456789");
    assert_false(cli_read_file_max("big", 9, &buf, &len, why, sizeof why));
    assert_non_null(strstr(why, "10 bytes; the limit is 9"));
    assert_true(cli_read_file_max("big", 10, &buf, &len, why, sizeof why));
    assert_int_equal(len, 10);
    cli_free_file(buf, len);
}

static void noted(int sig) { (void)sig; }

/* A child writes 256 MB (the same block 16 times) and is sent SIGTERM once its temporary is
 * there: it dies of the signal, and neither the temporary nor the output is left. With a handler
 * of the command's own (train stops and checkpoints), the write finishes instead. */
static void sigterm_in_the_middle_of_a_write_leaves_nothing(void **state)
{
    (void)state;
    assert_int_equal(mkdir("sig", 0755), 0);
    for (int handled = 0; handled < 2; handled++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (handled) signal(SIGTERM, noted);
            enum { BLOCK = 16 << 20, N = 16 };
            void *block = calloc(1, BLOCK);
            const void *data[N];
            size_t len[N];
            for (int i = 0; i < N; i++) data[i] = block, len[i] = BLOCK;
            _exit(cli_write_atomic_parts("sig/out.st", data, len, N) ? 0 : 3);
        }
        bool seen = false;
        for (int i = 0; i < 20000 && !seen; i++) {
            seen = temporaries("sig") > 0;
            if (!seen) usleep(100);
        }
        assert_true(seen);
        kill(pid, SIGTERM);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!handled) {
            assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
            assert_int_equal(access("sig/out.st", F_OK), -1);
        } else {
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            assert_int_equal(access("sig/out.st", F_OK), 0);
            unlink("sig/out.st");
        }
        assert_int_equal(temporaries("sig"), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_input_is_refused_under_every_spelling),
        cmocka_unit_test(outputs_that_are_one_file_are_refused_before_it_exists),
        cmocka_unit_test(a_symlink_is_followed_and_the_mode_kept),
        cmocka_unit_test(a_new_file_honours_the_umask),
        cmocka_unit_test(fifos_and_devices_are_written_through),
        cmocka_unit_test(folders_and_sockets_are_refused),
        cmocka_unit_test(a_255_byte_name_is_written_and_a_256_byte_one_refused),
        cmocka_unit_test(a_file_this_process_read_is_never_replaced),
        cmocka_unit_test(inputs_that_are_not_regular_files_are_refused_without_blocking),
        cmocka_unit_test(sigterm_in_the_middle_of_a_write_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

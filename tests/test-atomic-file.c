/* test-atomic-file.c — the one way libsteepest and the CLI write files
 * (lib/core/atomic-file.c): complete or not at all.  A full disk is
 * simulated with RLIMIT_FSIZE (SIGXFSZ ignored, so write() fails with EFBIG
 * as it would with ENOSPC); each test runs in its own forked process. */
#include <check.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "check-run.h"
#include "core/atomic-file.h"

static char *dir;

static void
setup(void)
{
    dir = g_dir_make_tmp("steepest-atomic-XXXXXX", NULL);
    ck_assert_ptr_nonnull(dir);
}

/* The directory holds exactly `expected` entries (no temporary left over). */
static void
assert_entries(guint expected)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    const char *name;
    GString *names = g_string_new(NULL);
    while ((name = g_dir_read_name(d)) != NULL) {
        n++;
        g_string_append_printf(names, " %s", name);
    }
    g_dir_close(d);
    ck_assert_msg(n == expected, "%u entries, expected %u:%s", n, expected, names->str);
    g_string_free(names, TRUE);
}

static char *
contents(const char *path)
{
    char *text = NULL;
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static void
limit_file_size(rlim_t bytes)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = { bytes, bytes };
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

START_TEST(a_complete_write_replaces_the_file)
{
    char *path = g_build_filename(dir, "out.csv", NULL);
    ck_assert(g_file_set_contents(path, "old\n", -1, NULL));
    mode_t mask = umask(022);
    SteepestAtomicFile *f = steepest_atomic_file_open(path, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(steepest_atomic_file_path(f), path);
    fprintf(steepest_atomic_file_stream(f), "a,b\n1,2\n");
    assert_entries(2); /* the old file and the temporary one */
    char *old = contents(path);
    ck_assert_str_eq(old, "old\n"); /* nothing visible before the commit */
    g_free(old);
    GError *error = NULL;
    ck_assert(steepest_atomic_file_commit(f, &error));
    ck_assert_ptr_null(error);
    char *now = contents(path);
    ck_assert_str_eq(now, "a,b\n1,2\n");
    g_free(now);
    assert_entries(1);
    /* the mode a plain fopen() gives, not mkstemp's 0600 */
    GStatBuf st;
    ck_assert_int_eq(g_stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    umask(mask);
    ck_assert(steepest_atomic_file_write(path, "x", 1, NULL));
    now = contents(path);
    ck_assert_str_eq(now, "x");
    g_free(now);
    g_free(path);
}
END_TEST

/* The disk fills up: commit fails naming the file and the reason; the old
 * file is intact and no temporary file is left. */
START_TEST(a_full_disk_leaves_the_old_file)
{
    char *path = g_build_filename(dir, "figure.svg", NULL);
    ck_assert(g_file_set_contents(path, "old contents\n", -1, NULL));
    limit_file_size(4096);
    SteepestAtomicFile *f = steepest_atomic_file_open(path, NULL);
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 2000; i++)
        fprintf(steepest_atomic_file_stream(f), "<line %d/>\n", i);
    GError *error = NULL;
    ck_assert(!steepest_atomic_file_commit(f, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error->message, path) != NULL && strstr(error->message, g_strerror(EFBIG)) != NULL,
                  "%s", error->message);
    g_clear_error(&error);
    char *now = contents(path);
    ck_assert_str_eq(now, "old contents\n");
    g_free(now);
    assert_entries(1);

    /* no old file: none afterwards either */
    char *fresh = g_build_filename(dir, "fresh.png", NULL);
    char big[8192];
    memset(big, 'x', sizeof big);
    ck_assert(!steepest_atomic_file_write(fresh, big, sizeof big, &error));
    ck_assert_msg(strstr(error->message, "fresh.png") != NULL &&
                      strstr(error->message, g_strerror(EFBIG)) != NULL,
                  "%s", error->message);
    g_clear_error(&error);
    ck_assert(!g_file_test(fresh, G_FILE_TEST_EXISTS));
    assert_entries(1);
    g_free(fresh);
    g_free(path);
}
END_TEST

START_TEST(failures_to_open_or_rename_are_reported)
{
    GError *error = NULL;
    char *missing = g_build_filename(dir, "no-such-dir", "out.csv", NULL);
    ck_assert_ptr_null(steepest_atomic_file_open(missing, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error->message, missing) != NULL, "%s", error->message);
    g_clear_error(&error);
    g_free(missing);

    /* the target is a directory: the rename fails, the temporary goes */
    char *target = g_build_filename(dir, "taken", NULL);
    ck_assert_int_eq(g_mkdir(target, 0755), 0);
    ck_assert(!steepest_atomic_file_write(target, "data", 4, &error));
    ck_assert_ptr_nonnull(strstr(error->message, "taken"));
    g_clear_error(&error);
    ck_assert(g_file_test(target, G_FILE_TEST_IS_DIR));
    assert_entries(1);
    g_rmdir(target);
    g_free(target);

    /* abort leaves nothing; NULL is allowed */
    char *path = g_build_filename(dir, "given-up.json", NULL);
    SteepestAtomicFile *f = steepest_atomic_file_open(path, NULL);
    fputs("{", steepest_atomic_file_stream(f));
    steepest_atomic_file_abort(f);
    steepest_atomic_file_abort(NULL);
    assert_entries(0);
    g_free(path);
}
END_TEST

/* A target that is no regular file is written, never renamed over: a
 * rename onto /dev/null once turned it into a plain file.  A FIFO stands in
 * for the device here (with its reader open, writing it does not block). */
START_TEST(devices_are_written_not_replaced)
{
    char *fifo = g_build_filename(dir, "pipe", NULL);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    int reader = g_open(fifo, O_RDONLY | O_NONBLOCK, 0);
    ck_assert_int_ge(reader, 0);
    GError *error = NULL;
    ck_assert_msg(steepest_atomic_file_write(fifo, "abc", 3, &error), "%s", error ? error->message : "");
    GStatBuf st;
    ck_assert_int_eq(g_stat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    char buf[8] = { 0 };
    ck_assert_int_eq(read(reader, buf, sizeof buf), 3);
    ck_assert_str_eq(buf, "abc");
    close(reader);
    assert_entries(1);
    g_unlink(fifo);
    g_free(fifo);

    /* a symbolic link stays a link; the file it names gets the data */
    char *real = g_build_filename(dir, "real.csv", NULL);
    char *link = g_build_filename(dir, "link.csv", NULL);
    ck_assert(g_file_set_contents(real, "old", -1, NULL));
    ck_assert_int_eq(symlink(real, link), 0);
    ck_assert(steepest_atomic_file_write(link, "new", 3, NULL));
    ck_assert(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
    char *text = contents(real);
    ck_assert_str_eq(text, "new");
    g_free(text);
    assert_entries(2);
    g_unlink(link);
    g_unlink(real);
    g_free(link);
    g_free(real);
}
END_TEST

/* A device that refuses every write (/dev/full): the error is reported with
 * the device's reason, whether the write itself fails (more than a buffer) or
 * only the flush at commit; nothing is renamed over it.  A stream whose error
 * flag is set without a failed flush (here by a read from the write-only
 * stream) is not committed either: the temporary goes, the old file stays. */
START_TEST(write_errors_on_devices_and_streams_are_reported)
{
    GError *error = NULL;
    static char big[1 << 16];
    memset(big, 'y', sizeof big);
    ck_assert(!steepest_atomic_file_write("/dev/full", big, sizeof big, &error));
    ck_assert_msg(strstr(error->message, "cannot write '/dev/full'") != NULL &&
                      strstr(error->message, g_strerror(ENOSPC)) != NULL,
                  "%s", error->message);
    g_clear_error(&error);
    SteepestAtomicFile *f = steepest_atomic_file_open("/dev/full", &error);
    ck_assert_ptr_nonnull(f);
    fputs("short", steepest_atomic_file_stream(f)); /* buffered: fails at the flush */
    ck_assert(!steepest_atomic_file_commit(f, &error));
    ck_assert_msg(strstr(error->message, g_strerror(ENOSPC)) != NULL, "%s", error->message);
    g_clear_error(&error);
    GStatBuf st;
    ck_assert_int_eq(g_stat("/dev/full", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));

    char *path = g_build_filename(dir, "flagged.csv", NULL);
    ck_assert(g_file_set_contents(path, "old\n", -1, NULL));
    f = steepest_atomic_file_open(path, NULL);
    FILE *s = steepest_atomic_file_stream(f);
    fputs("new\n", s);
    ck_assert_int_eq(fgetc(s), EOF);
    ck_assert(ferror(s));
    ck_assert(!steepest_atomic_file_commit(f, &error));
    ck_assert_msg(strstr(error->message, "flagged.csv") != NULL &&
                      strstr(error->message, g_strerror(EIO)) != NULL,
                  "%s", error->message);
    g_clear_error(&error);
    char *text = contents(path);
    ck_assert_str_eq(text, "old\n");
    g_free(text);
    assert_entries(1);
    g_unlink(path);
    g_free(path);
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("atomic-file");
    TCase *tc = tcase_create("atomic-file");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_complete_write_replaces_the_file);
    tcase_add_test(tc, a_full_disk_leaves_the_old_file);
    tcase_add_test(tc, failures_to_open_or_rename_are_reported);
    tcase_add_test(tc, devices_are_written_not_replaced);
    tcase_add_test(tc, write_errors_on_devices_and_streams_are_reported);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    /* RLIMIT_FSIZE must not outlive a test: always fork. */
    return steepest_check_run(suite(), 1);
}

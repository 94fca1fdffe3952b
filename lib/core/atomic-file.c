/* atomic-file.c — write to a temporary file, rename into place when complete
 * (see atomic-file.h). */
#include "core/atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct SteepestAtomicFile {
    char *path; /* the target */
    char *temp; /* ".NAME.XXXXXX" beside the target; NULL when writing it directly */
    char *real; /* what the rename replaces: the target, or the file a link names */
    FILE *stream;
};

/* Creates a new file "DIR/.BASE.XXXXXXXX" (random hex): hidden, never a name
 * a reader of the directory would take for the result, and with the mode a
 * plain fopen() gives (0666 less the umask, which open() applies — unlike
 * mkstemp's 0600, and without touching the process-wide umask). */
static int
create_temp(const char *path, char **temp_out)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    for (int attempt = 0; attempt < 100; attempt++) {
        char *temp = g_strdup_printf("%s%s.%s.%08x", dir, G_DIR_SEPARATOR_S, base, g_random_int());
        int fd = g_open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *temp_out = temp;
            return fd;
        }
        g_free(temp);
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

/* Only a regular file can be replaced by a rename.  Anything else that
 * exists — /dev/null, a FIFO, a terminal — is written as it is: renaming over
 * it would turn the device into a plain file.  A symbolic link to a regular
 * file keeps being a link: the temporary file goes beside the file it names. */
static FILE *
open_direct(const char *path, GError **error)
{
    FILE *stream = fopen(path, "wb");
    if (stream == NULL) {
        int saved = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "cannot write '%s': %s", path,
                    g_strerror(saved));
    }
    return stream;
}

SteepestAtomicFile *
steepest_atomic_file_open(const char *path, GError **error)
{
    GStatBuf st;
    if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        FILE *stream = open_direct(path, error);
        if (stream == NULL)
            return NULL;
        SteepestAtomicFile *file = g_new0(SteepestAtomicFile, 1);
        file->path = g_strdup(path);
        file->stream = stream;
        return file;
    }
    char *resolved = realpath(path, NULL); /* NULL: the target does not exist yet */
    char *real = g_strdup(resolved != NULL ? resolved : path);
    free(resolved);
    char *temp = NULL;
    int fd = create_temp(real, &temp);
    if (fd < 0) {
        int saved = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "cannot write '%s': %s", path,
                    g_strerror(saved));
        g_free(real);
        return NULL;
    }
    FILE *stream = fdopen(fd, "wb");
    if (stream == NULL) {
        int saved = errno;
        close(fd);
        g_unlink(temp);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "cannot write '%s': %s", path,
                    g_strerror(saved));
        g_free(temp);
        g_free(real);
        return NULL;
    }
    SteepestAtomicFile *file = g_new0(SteepestAtomicFile, 1);
    file->path = g_strdup(path);
    file->temp = temp;
    file->real = real;
    file->stream = stream;
    return file;
}

FILE *
steepest_atomic_file_stream(SteepestAtomicFile *file)
{
    return file->stream;
}

const char *
steepest_atomic_file_path(const SteepestAtomicFile *file)
{
    return file->path;
}

static void
file_free(SteepestAtomicFile *file)
{
    g_free(file->path);
    g_free(file->temp);
    g_free(file->real);
    g_free(file);
}

gboolean
steepest_atomic_file_commit(SteepestAtomicFile *file, GError **error)
{
    errno = 0;
    /* Each step runs only if the one before succeeded; errno says why the
     * first failure happened (ferror alone keeps no reason: EIO then). */
    gboolean ok = fflush(file->stream) == 0;
    int saved = errno;
    if (ok && ferror(file->stream)) {
        ok = FALSE;
        saved = EIO;
    }
    if (ok && file->temp != NULL && fsync(fileno(file->stream)) != 0) {
        ok = FALSE;
        saved = errno;
    }
    if (fclose(file->stream) != 0 && ok) {
        ok = FALSE;
        saved = errno;
    }
    if (ok && file->temp != NULL && g_rename(file->temp, file->real) != 0) {
        ok = FALSE;
        saved = errno;
    }
    if (!ok) {
        if (file->temp != NULL)
            g_unlink(file->temp);
        if (saved == 0)
            saved = EIO;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "cannot write '%s': %s", file->path,
                    g_strerror(saved));
    }
    file_free(file);
    return ok;
}

void
steepest_atomic_file_abort(SteepestAtomicFile *file)
{
    if (file == NULL)
        return;
    fclose(file->stream);
    if (file->temp != NULL)
        g_unlink(file->temp);
    file_free(file);
}

gboolean
steepest_atomic_file_write(const char *path, const void *data, size_t len, GError **error)
{
    SteepestAtomicFile *file = steepest_atomic_file_open(path, error);
    if (file == NULL)
        return FALSE;
    if (len > 0 && fwrite(data, 1, len, file->stream) != len) {
        int saved = errno; /* commit would only see the error flag, not why */
        steepest_atomic_file_abort(file);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "cannot write '%s': %s", path,
                    g_strerror(saved));
        return FALSE;
    }
    return steepest_atomic_file_commit(file, error);
}

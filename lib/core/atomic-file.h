/* atomic-file.h — write a file completely or not at all.
 *
 * Every file libsteepest or the `steepest` program writes (CSV, PNG, SVG,
 * JSON, traces) goes through this: the data goes to a temporary file in the
 * target's own directory (so the final rename stays on one file system), is
 * flushed, fsync()ed and closed with every error checked, and only then
 * renamed over the target.  On any failure the temporary file is removed:
 * the target keeps its old contents, or stays absent — never half written,
 * as on a full disk.  A target that exists but is no regular file (/dev/null,
 * a FIFO, a terminal) is written directly, since a rename would replace the
 * device; a symbolic link stays a link, and the file it names is replaced.
 *
 * GLib only, no other part of the library: the CLI compiles this file too
 * (the library exports only its public API).
 */
#ifndef STEEPEST_ATOMIC_FILE_H
#define STEEPEST_ATOMIC_FILE_H

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct SteepestAtomicFile SteepestAtomicFile;

/* Creates the temporary file next to `path`.  NULL with *error (naming the
 * path and the reason) if that directory cannot take it. */
SteepestAtomicFile *steepest_atomic_file_open(const char *path, GError **error);

/* The stream to write to; write errors are collected and reported by commit. */
FILE *steepest_atomic_file_stream(SteepestAtomicFile *file);

/* The target path given to open. */
const char *steepest_atomic_file_path(const SteepestAtomicFile *file);

/* Flushes, syncs and closes the data, then renames it onto the target.
 * TRUE on success; else FALSE with *error, the temporary file removed and the
 * target untouched.  Frees `file` either way. */
gboolean steepest_atomic_file_commit(SteepestAtomicFile *file, GError **error);

/* Gives up: closes and removes the temporary file, frees `file`.  NULL is
 * allowed. */
void steepest_atomic_file_abort(SteepestAtomicFile *file);

/* Writes `len` bytes to `path` atomically (the whole of steepest_atomic_file_*). */
gboolean steepest_atomic_file_write(const char *path, const void *data, size_t len, GError **error);

G_END_DECLS

#endif /* STEEPEST_ATOMIC_FILE_H */

/* registry.c — the norm class registry and the plugin loader.
 *
 * Plugins are opened with GModule (G_MODULE_BIND_LOCAL so their symbols never
 * clash), by absolute path only.  Each class a module enumerates is validated
 * before any of its methods is called: ABI major version first (nothing else
 * is read from a class of another major version), then struct size, name,
 * required methods, parameter declarations and defaults, and uniqueness.
 * A rejected class is recorded with the file and the reason; the rest of the
 * registry keeps working.
 *
 * The search path works like PATH, LV2_PATH or GStreamer's: the first module
 * found for a name wins, and a later module's class of the same name is
 * *shadowed* — recorded with both paths, never a failure — so a directory in
 * STEEPEST_PLUGIN_PATH can override an installed plugin, and the same plugins
 * installed and in the path are no error.  Files and directories are known by
 * their real path and device/inode, so one reached twice (a symlink, a
 * repeated entry) is loaded once.
 */
#include "core/steepest-private.h"
#include "induced/matrix-private.h"

#include <glib/gstdio.h>
#include <gmodule.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *path;
    int status;
    char *reason;
} Failure;

typedef struct {
    char *name;   /* the class name */
    char *path;   /* the module whose class was not used */
    char *winner; /* the source of the class registered under that name */
} Shadowed;

/* Recursive: a plugin's entry function or create() may call back into the
 * registry (to list norms, say) while a load holds the lock. */
static GRecMutex registry_lock;
static gboolean registry_scanned;
static GPtrArray *registry_classes; /* SteepestNormClass*, sorted by name */
static GArray *registry_failures;   /* Failure */
static GHashTable *registry_files;  /* real path -> 1 + index of its first failure, or 0 */
static GArray *registry_shadowed;   /* Shadowed */
static GHashTable *registry_dirs;   /* "dev:inode" of each directory scanned -> DirResult */

/* A scanned directory's answer, given again when it is reached again. */
typedef struct {
    int status;    /* the first failure among its files, or STEEPEST_OK */
    char *message; /* that failure's message, or NULL */
} DirResult;

static void
dir_result_free(gpointer p)
{
    DirResult *r = p;
    g_free(r->message);
    g_free(r);
}

/* ---- the host table ---- */

static void
host_set_error(const char *message)
{
    steepest_set_error(STEEPEST_ERROR_PLUGIN_FAILED, message);
}

static void *
host_alloc(size_t size)
{
    return g_try_malloc(size);
}

static void
host_free(void *p)
{
    g_free(p);
}

static const SteepestArgValue *
find_arg(const SteepestPluginArgs *args, const char *name, uint32_t type)
{
    if (args == NULL || name == NULL)
        return NULL;
    for (guint i = 0; i < args->n_values; i++) {
        const SteepestArgValue *v = &args->values[i];
        if (strcmp(v->decl->name, name) == 0)
            return (v->set && (type == 0 || v->decl->type == type)) ? v : NULL;
    }
    return NULL;
}

static int
host_arg_is_set(const SteepestPluginArgs *args, const char *name)
{
    return find_arg(args, name, 0) != NULL;
}

static int
host_arg_int(const SteepestPluginArgs *args, const char *name, int64_t *value)
{
    const SteepestArgValue *v = find_arg(args, name, STEEPEST_PARAM_INT);
    if (v == NULL || value == NULL)
        return STEEPEST_PLUGIN_E_INVALID;
    *value = v->int_value;
    return STEEPEST_PLUGIN_OK;
}

static int
host_arg_double(const SteepestPluginArgs *args, const char *name, double *value)
{
    const SteepestArgValue *v = find_arg(args, name, 0);
    if (v == NULL || value == NULL ||
        (v->decl->type != STEEPEST_PARAM_INT && v->decl->type != STEEPEST_PARAM_DOUBLE))
        return STEEPEST_PLUGIN_E_INVALID;
    *value = v->double_value;
    return STEEPEST_PLUGIN_OK;
}

static int
host_arg_int_list(const SteepestPluginArgs *args, const char *name, const int64_t **values, size_t *count)
{
    const SteepestArgValue *v = find_arg(args, name, STEEPEST_PARAM_INT_LIST);
    if (v == NULL || values == NULL || count == NULL)
        return STEEPEST_PLUGIN_E_INVALID;
    *values = (const int64_t *) (const void *) v->int_list->data;
    *count = v->int_list->len;
    return STEEPEST_PLUGIN_OK;
}

static int
host_arg_double_list(const SteepestPluginArgs *args, const char *name, const double **values, size_t *count)
{
    const SteepestArgValue *v = find_arg(args, name, STEEPEST_PARAM_DOUBLE_LIST);
    if (v == NULL || values == NULL || count == NULL)
        return STEEPEST_PLUGIN_E_INVALID;
    *values = (const double *) (const void *) v->double_list->data;
    *count = v->double_list->len;
    return STEEPEST_PLUGIN_OK;
}

static int
host_arg_string(const SteepestPluginArgs *args, const char *name, const char **value)
{
    const SteepestArgValue *v = find_arg(args, name, STEEPEST_PARAM_STRING);
    if (v == NULL || value == NULL)
        return STEEPEST_PLUGIN_E_INVALID;
    *value = v->string_value;
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginHost host_table = {
    .struct_size = sizeof(SteepestPluginHost),
    .abi_version = STEEPEST_PLUGIN_ABI_VERSION,
    .set_error = host_set_error,
    .alloc = host_alloc,
    .free = host_free,
    .arg_is_set = host_arg_is_set,
    .arg_int = host_arg_int,
    .arg_double = host_arg_double,
    .arg_int_list = host_arg_int_list,
    .arg_double_list = host_arg_double_list,
    .matrix_spectral_norm = steepest_host_matrix_spectral_norm,
    .matrix_inf1 = steepest_host_matrix_inf1,
    .matrix_block_induced = steepest_host_matrix_block_induced,
    .matrix_sym_eigenvalues = steepest_host_matrix_sym_eigenvalues,
    .matrix_lsep = steepest_host_matrix_lsep,
    .arg_string = host_arg_string,
};

const SteepestPluginHost *
steepest_host(void)
{
    return &host_table;
}

/* More classes than this in one module means a broken entry function. */
#define MAX_CLASSES_PER_MODULE 1024u

/* ---- failures ---- */

/* Records a rejection (lock held) and sets the thread's error; returns status. */
static int record_failure(const char *path, int status, const char *format, ...) G_GNUC_PRINTF(3, 4);

static int
record_failure(const char *path, int status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *reason = g_strdup_vprintf(format, ap);
    va_end(ap);
    Failure f = { g_strdup(path), status, reason };
    g_array_append_val(registry_failures, f);
    return steepest_fail(status, "%s: %s", path, reason);
}

/* ---- validation ---- */

/* NULL if `text` is valid UTF-8 without control characters (C0, DEL or C1),
 * else a description of the first bad byte (newly allocated).  Plugin text is
 * printed by listings as is: a newline could forge a line of the listing and
 * an ESC or CSI could drive the terminal. */
static char *
text_problem(const char *text)
{
    const char *end = NULL;
    if (!g_utf8_validate(text, -1, &end))
        return g_strdup_printf("is not valid UTF-8 (byte 0x%02x at offset %td)", (guchar) *end, end - text);
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || (c >= 0x7f && c < 0xa0))
            return g_strdup_printf("contains the control character U+%04X at offset %td", c, p - text);
    }
    return NULL;
}

/* Rejects a class whose free text (dual_name, summary, parameter docs)
 * contains control characters; lock held. */
static int
check_texts(const SteepestPluginNormClass *c, const char *source)
{
    const char *what[2] = { "dual_name", "summary" };
    const char *text[2] = { c->dual_name, c->summary };
    for (int i = 0; i < 2; i++) {
        g_autofree char *why = text_problem(text[i]);
        if (why != NULL)
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': %s %s; plugin text must be printable", c->name, what[i], why);
    }
    for (const SteepestPluginParam *const *pp = c->params; pp != NULL && *pp != NULL; pp++) {
        g_autofree char *why = (*pp)->doc ? text_problem((*pp)->doc) : NULL;
        if (why != NULL)
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': the doc of parameter '%s' %s; plugin text must be printable",
                                  c->name, (*pp)->name, why);
    }
    return STEEPEST_OK;
}

#define METHOD_OFFSET_END(field) \
    (offsetof(SteepestPluginNormClass, field) + sizeof(((SteepestPluginNormClass *) 0)->field))

/* Validates a class and copies it into a registry entry; lock held.
 * `index` names the class in messages while its own name is not yet trusted.
 * A module's class whose name another source already registered is shadowed:
 * recorded, not registered, and *shadowed set (the call still succeeds). */
static int
validate_and_add(const SteepestPluginNormClass *c, const char *source, guint index, gboolean *shadowed)
{
    if (c->abi_version == 0 && c->struct_size == 0)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                              "class %u: abi_version and struct_size are 0 (uninitialized struct)", index);
    /* Nothing but abi_version is trusted until the major version matches. */
    if (STEEPEST_PLUGIN_ABI_MAJOR_OF(c->abi_version) != STEEPEST_PLUGIN_ABI_MAJOR)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_ABI,
                              "class %u: built for plugin ABI %u.%u, this library speaks %u.x", index,
                              STEEPEST_PLUGIN_ABI_MAJOR_OF(c->abi_version), c->abi_version & 0xffffu,
                              STEEPEST_PLUGIN_ABI_MAJOR);
    if (c->struct_size < STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                              "class %u: struct_size %u is shorter than the %zu bytes of the required fields",
                              index, c->struct_size, (size_t) STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE);
    if (!steepest_spec_valid_identifier(c->name)) {
        g_autofree char *shown = c->name ? g_strescape(c->name, NULL) : g_strdup("(NULL)");
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                              "class %u: invalid name '%.64s' (must match [a-z][a-z0-9_]*, at most 63 bytes)",
                              index, shown);
    }
    const char *name = c->name;
    if (c->norm == NULL || c->dual_norm == NULL || c->duality_map == NULL)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID, "norm '%s': required method %s is NULL",
                              name,
                              c->norm == NULL        ? "norm"
                              : c->dual_norm == NULL ? "dual_norm"
                                                     : "duality_map");
    if (c->dual_name == NULL || c->summary == NULL)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID, "norm '%s': %s is NULL", name,
                              c->dual_name == NULL ? "dual_name" : "summary");
    guint n_params = 0;
    for (const SteepestPluginParam *const *pp = c->params; pp != NULL && *pp != NULL; pp++, n_params++) {
        const SteepestPluginParam *p = *pp;
        if (n_params >= 64)
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': more than 64 parameters (is the list NULL-terminated?)", name);
        if (p->struct_size < offsetof(SteepestPluginParam, max) + sizeof(double))
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': parameter %u has struct_size %u, too short", name, n_params,
                                  p->struct_size);
        if (!steepest_spec_valid_identifier(p->name))
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': parameter %u has an invalid name", name, n_params);
        if (p->type < STEEPEST_PARAM_INT || p->type > STEEPEST_PARAM_STRING)
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': parameter '%s' has unknown type %u", name, p->name, p->type);
        if (isnan(p->min) || isnan(p->max) || p->min > p->max)
            return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                  "norm '%s': parameter '%s' has an empty or NaN range", name, p->name);
        for (guint q = 0; q < n_params; q++)
            if (strcmp(c->params[q]->name, p->name) == 0)
                return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                                      "norm '%s': parameter '%s' is declared twice", name, p->name);
    }
    int text_rc = check_texts(c, source);
    if (text_rc != STEEPEST_OK)
        return text_rc;
    /* Defaults must parse, or every instance would fail later. */
    SteepestPluginArgs *args = NULL;
    if (steepest_spec_parse_args(name, c->params, NULL, &args) != STEEPEST_OK)
        return record_failure(source, STEEPEST_ERROR_PLUGIN_INVALID,
                              "norm '%s': a default value is invalid: %s", name, steepest_last_error());
    steepest_spec_args_free(args);

    for (guint i = 0; i < registry_classes->len; i++) {
        const SteepestNormClass *k = g_ptr_array_index(registry_classes, i);
        if (strcmp(k->methods.name, name) != 0)
            continue;
        /* Two classes of one name in one module, or a second one from memory,
         * is the author's mistake; a later module on the path is shadowed. */
        if (shadowed == NULL || strcmp(k->source, source) == 0)
            return record_failure(source, STEEPEST_ERROR_DUPLICATE, "norm '%s' is already registered from %s",
                                  name, k->source);
        Shadowed sh = { g_strdup(name), g_strdup(source), g_strdup(k->source) };
        g_array_append_val(registry_shadowed, sh);
        *shadowed = TRUE;
        return STEEPEST_OK;
    }

    SteepestNormClass *k = g_new0(SteepestNormClass, 1);
    /* Copy only what the plugin declared; later fields stay NULL. */
    memcpy(&k->methods, c, MIN((size_t) c->struct_size, sizeof(SteepestPluginNormClass)));
    k->methods.struct_size = sizeof(SteepestPluginNormClass);
    k->original = c;
    k->source = g_strdup(source);
    k->n_params = n_params;
    g_ptr_array_add(registry_classes, k);
    return STEEPEST_OK;
}

static gint
compare_class_names(gconstpointer a, gconstpointer b)
{
    const SteepestNormClass *ka = *(SteepestNormClass *const *) a;
    const SteepestNormClass *kb = *(SteepestNormClass *const *) b;
    return strcmp(ka->methods.name, kb->methods.name);
}

/* Opens one module and registers its classes; lock held. */
/* The key a file is known by: its real path (symlinks resolved), or the
 * canonical spelling of a path that does not exist. */
static char *
file_key(const char *path)
{
    char *real = realpath(path, NULL);
    if (real == NULL)
        return g_canonicalize_filename(path, NULL);
    char *key = g_strdup(real);
    free(real);
    return key;
}

static int
load_plugin_locked(const char *path)
{
    char *canonical = file_key(path);
    gpointer seen;
    if (g_hash_table_lookup_extended(registry_files, canonical, NULL, &seen)) {
        g_free(canonical);
        /* Loading twice is a no-op that gives the first answer again. */
        guint failed = GPOINTER_TO_UINT(seen);
        if (failed == 0)
            return STEEPEST_OK;
        const Failure *f = &g_array_index(registry_failures, Failure, failed - 1);
        return steepest_fail(f->status, "%s: %s", f->path, f->reason);
    }
    /* Remember the file before trying it: a broken file is not retried. */
    g_hash_table_insert(registry_files, canonical, GUINT_TO_POINTER(registry_failures->len + 1));

    GModule *module = g_module_open(path, G_MODULE_BIND_LOCAL | G_MODULE_BIND_LAZY);
    if (module == NULL)
        return record_failure(path, STEEPEST_ERROR_PLUGIN_LOAD, "cannot open: %s", g_module_error());
    gpointer sym = NULL;
    if (!g_module_symbol(module, STEEPEST_PLUGIN_ENTRY_NAME, &sym) || sym == NULL) {
        g_module_close(module);
        return record_failure(path, STEEPEST_ERROR_PLUGIN_LOAD, "no entry symbol '%s'",
                              STEEPEST_PLUGIN_ENTRY_NAME);
    }
    SteepestPluginEntry entry;
    memcpy(&entry, &sym, sizeof entry); /* object to function pointer, as dlsym() requires */
    int first_error = STEEPEST_OK;
    guint first_failure = registry_failures->len;
    guint added = 0;
    GPtrArray *returned = g_ptr_array_new(); /* the classes seen so far */
    for (uint32_t i = 0;; i++) {
        const SteepestPluginNormClass *c = entry(&host_table, i);
        if (c == NULL)
            break;
        /* An entry function that never returns NULL would otherwise fill the
         * failure list with the same class again and again. */
        int rc = STEEPEST_OK;
        if (g_ptr_array_find(returned, c, NULL))
            rc = record_failure(path, STEEPEST_ERROR_PLUGIN_INVALID,
                                "entry function returned the same class again at index %u; it must return "
                                "NULL after the last class",
                                i);
        else if (i == MAX_CLASSES_PER_MODULE)
            rc = record_failure(path, STEEPEST_ERROR_PLUGIN_INVALID,
                                "entry function returned %u classes without a NULL; the rest are ignored", i);
        if (rc != STEEPEST_OK) {
            if (first_error == STEEPEST_OK)
                first_error = rc;
            break;
        }
        g_ptr_array_add(returned, (gpointer) c);
        gboolean shadowed = FALSE;
        rc = validate_and_add(c, path, i, &shadowed);
        if (rc == STEEPEST_OK && !shadowed)
            added++;
        else if (first_error == STEEPEST_OK)
            first_error = rc;
    }
    g_ptr_array_free(returned, TRUE);
    if (added > 0)
        g_module_make_resident(module); /* classes point into it for good */
    else
        g_module_close(module);
    g_ptr_array_sort(registry_classes, compare_class_names);
    if (first_error != STEEPEST_OK) { /* report the first rejection, not the last */
        const Failure *f = &g_array_index(registry_failures, Failure, first_failure);
        steepest_fail(first_error, "%s: %s", f->path, f->reason);
    } else {
        /* canonical is the table's key; insert keeps it and frees the copy */
        g_hash_table_insert(registry_files, g_strdup(canonical), GUINT_TO_POINTER(0));
    }
    return first_error;
}

/* g_ptr_array_sort passes pointers to the elements. */
static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static gboolean
has_module_suffix(const char *name)
{
    return g_str_has_suffix(name, "." G_MODULE_SUFFIX);
}

/* The key a directory is known by: device and inode, so a symlink to it or
 * a repeated entry is the same directory; NULL if it cannot be stat()ed. */
static char *
dir_key(const char *dir)
{
    GStatBuf st;
    if (g_stat(dir, &st) != 0)
        return NULL;
    return g_strdup_printf("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
}

static int
scan_dir_locked(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d == NULL)
        return STEEPEST_OK; /* a missing directory is no error: nothing installed there */
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL)
        if (has_module_suffix(name))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_strings);
    int first_error = STEEPEST_OK;
    char *first_message = NULL;
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
        int rc = load_plugin_locked(path);
        if (first_error == STEEPEST_OK && rc != STEEPEST_OK) {
            first_error = rc;
            first_message = g_strdup(steepest_last_error());
        }
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    if (first_error != STEEPEST_OK) /* the message that goes with the status returned */
        steepest_fail(first_error, "%s", first_message);
    g_free(first_message);
    return first_error;
}

/* Scans a directory once; reached again (by any path), it gives its first
 * answer again without reading it.  Lock held. */
static int
load_dir_locked(const char *dir)
{
    char *key = dir_key(dir);
    if (key == NULL)
        return STEEPEST_OK; /* missing or unreadable: nothing installed there */
    const DirResult *seen = g_hash_table_lookup(registry_dirs, key);
    if (seen != NULL) {
        g_free(key);
        return seen->status == STEEPEST_OK ? STEEPEST_OK : steepest_fail(seen->status, "%s", seen->message);
    }
    DirResult *r = g_new0(DirResult, 1);
    g_hash_table_insert(registry_dirs, key, r); /* before the scan: a reentrant load sees it */
    r->status = scan_dir_locked(dir);
    if (r->status != STEEPEST_OK)
        r->message = g_strdup(steepest_last_error());
    return r->status;
}

static void
ensure_tables_locked(void)
{
    if (registry_classes != NULL)
        return;
    registry_classes = g_ptr_array_new();
    registry_failures = g_array_new(FALSE, FALSE, sizeof(Failure));
    registry_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    registry_shadowed = g_array_new(FALSE, FALSE, sizeof(Shadowed));
    registry_dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, dir_result_free);
}

/* Loads each absolute directory of a ':'-separated list, in order; a
 * relative entry is listed as a failure and skipped.  Lock held. */
static void
load_path_locked(const char *variable, const char *list)
{
    char **dirs = g_strsplit(list, G_SEARCHPATH_SEPARATOR_S, -1);
    for (char **d = dirs; *d != NULL; d++) {
        if (**d == '\0')
            continue;
        if (!g_path_is_absolute(*d)) {
            record_failure(*d, STEEPEST_ERROR_INVALID_ARGUMENT, "%s entry is not absolute; ignored",
                           variable);
            continue;
        }
        load_dir_locked(*d);
    }
    g_strfreev(dirs);
}

/* Loads STEEPEST_PLUGIN_PATH then the installed directory, once.
 * STEEPEST_PLUGIN_SYSTEM_PATH, when set, replaces the installed directory
 * (empty: none), as GST_PLUGIN_SYSTEM_PATH does: the test suite sets it so
 * that only the build tree's plugins load, whatever is installed. */
static void
ensure_scanned(void)
{
    g_rec_mutex_lock(&registry_lock);
    ensure_tables_locked();
    if (!registry_scanned) {
        registry_scanned = TRUE;
        /* The product norm composes instances, so it is built in rather than a
         * plugin; first, so that it shadows any plugin of the same name. */
        validate_and_add(&steepest_product_class, "(memory)", 0, NULL);
        const char *env = g_getenv("STEEPEST_PLUGIN_PATH");
        if (env != NULL)
            load_path_locked("STEEPEST_PLUGIN_PATH", env);
        const char *system = g_getenv("STEEPEST_PLUGIN_SYSTEM_PATH");
        if (system != NULL)
            load_path_locked("STEEPEST_PLUGIN_SYSTEM_PATH", system);
        else
            load_dir_locked(steepest_plugin_dir());
        steepest_clear_error(); /* scanning failures are listed, not the caller's error */
    }
    g_rec_mutex_unlock(&registry_lock);
}

/* ---- public ---- */

const char *
steepest_plugin_dir(void)
{
    return STEEPEST_PLUGIN_DIR;
}

int
steepest_registry_load_plugin(const char *path)
{
    if (path == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "plugin path is NULL");
    if (!g_path_is_absolute(path))
        return steepest_fail(
            STEEPEST_ERROR_INVALID_ARGUMENT,
            "plugin path '%s' is not absolute (plugins are never loaded relative to the current directory)",
            path);
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    int rc = load_plugin_locked(path);
    g_rec_mutex_unlock(&registry_lock);
    return rc;
}

int
steepest_registry_load_dir(const char *dir)
{
    if (dir == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "plugin directory is NULL");
    if (!g_path_is_absolute(dir))
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "plugin directory '%s' is not absolute", dir);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        return steepest_fail(STEEPEST_ERROR_IO, "plugin directory '%s' does not exist", dir);
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    int rc = load_dir_locked(dir);
    g_rec_mutex_unlock(&registry_lock);
    return rc;
}

int
steepest_registry_add_class(const SteepestPluginNormClass *klass)
{
    if (klass == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "norm class is NULL");
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    int rc = validate_and_add(klass, "(memory)", 0, NULL);
    g_ptr_array_sort(registry_classes, compare_class_names);
    g_rec_mutex_unlock(&registry_lock);
    return rc;
}

size_t
steepest_registry_count(void)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    size_t n = registry_classes->len;
    g_rec_mutex_unlock(&registry_lock);
    return n;
}

const SteepestNormClass *
steepest_registry_get(size_t i)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    const SteepestNormClass *k = i < registry_classes->len ? g_ptr_array_index(registry_classes, i) : NULL;
    g_rec_mutex_unlock(&registry_lock);
    return k;
}

const SteepestNormClass *
steepest_registry_lookup(const char *name)
{
    if (name == NULL)
        return NULL;
    ensure_scanned();
    const SteepestNormClass *found = NULL;
    g_rec_mutex_lock(&registry_lock);
    for (guint i = 0; i < registry_classes->len && found == NULL; i++) {
        const SteepestNormClass *k = g_ptr_array_index(registry_classes, i);
        if (strcmp(k->methods.name, name) == 0)
            found = k;
    }
    g_rec_mutex_unlock(&registry_lock);
    return found;
}

size_t
steepest_registry_failure_count(void)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    size_t n = registry_failures->len;
    g_rec_mutex_unlock(&registry_lock);
    return n;
}

int
steepest_registry_failure(size_t i, const char **path, int *status, const char **reason)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    int rc = STEEPEST_OK;
    if (i >= registry_failures->len) {
        rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "failure index %zu out of range (%u failures)", i,
                           registry_failures->len);
    } else {
        const Failure *f = &g_array_index(registry_failures, Failure, i);
        if (path)
            *path = f->path;
        if (status)
            *status = f->status;
        if (reason)
            *reason = f->reason;
    }
    g_rec_mutex_unlock(&registry_lock);
    return rc;
}

size_t
steepest_registry_shadowed_count(void)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    size_t n = registry_shadowed->len;
    g_rec_mutex_unlock(&registry_lock);
    return n;
}

int
steepest_registry_shadowed(size_t i, const char **name, const char **path, const char **winner)
{
    ensure_scanned();
    g_rec_mutex_lock(&registry_lock);
    int rc = STEEPEST_OK;
    if (i >= registry_shadowed->len) {
        rc = steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "shadowed index %zu out of range (%u shadowed)",
                           i, registry_shadowed->len);
    } else {
        const Shadowed *sh = &g_array_index(registry_shadowed, Shadowed, i);
        if (name)
            *name = sh->name;
        if (path)
            *path = sh->path;
        if (winner)
            *winner = sh->winner;
    }
    g_rec_mutex_unlock(&registry_lock);
    return rc;
}

/* ---- class accessors ---- */

const char *
steepest_norm_class_get_name(const SteepestNormClass *klass)
{
    return klass ? klass->methods.name : NULL;
}

const char *
steepest_norm_class_get_dual_name(const SteepestNormClass *klass)
{
    return klass ? klass->methods.dual_name : NULL;
}

const char *
steepest_norm_class_get_summary(const SteepestNormClass *klass)
{
    return klass ? klass->methods.summary : NULL;
}

const char *
steepest_norm_class_get_source(const SteepestNormClass *klass)
{
    return klass ? klass->source : NULL;
}

int
steepest_norm_class_has_induced_norm(const SteepestNormClass *klass)
{
    return klass != NULL && klass->methods.induced_norm != NULL;
}

size_t
steepest_norm_class_get_param_count(const SteepestNormClass *klass)
{
    return klass ? klass->n_params : 0;
}

int
steepest_norm_class_get_param(const SteepestNormClass *klass, size_t j, const char **name, int *type,
                              const char **doc, const char **default_value, double *min, double *max)
{
    if (klass == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "norm class is NULL");
    if (j >= klass->n_params)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "norm '%s' has %u parameters, asked for number %zu", klass->methods.name,
                             klass->n_params, j);
    const SteepestPluginParam *p = klass->methods.params[j];
    if (name)
        *name = p->name;
    if (type)
        *type = (int) p->type;
    if (doc)
        *doc = p->doc ? p->doc : "";
    if (default_value)
        *default_value = p->default_value;
    if (min)
        *min = p->min;
    if (max)
        *max = p->max;
    return STEEPEST_OK;
}

const char *
steepest_param_type_name(int type)
{
    switch (type) {
    case STEEPEST_PARAM_INT:
        return "int";
    case STEEPEST_PARAM_DOUBLE:
        return "double";
    case STEEPEST_PARAM_INT_LIST:
        return "int list";
    case STEEPEST_PARAM_DOUBLE_LIST:
        return "double list";
    case STEEPEST_PARAM_STRING:
        return "string";
    default:
        return "unknown";
    }
}

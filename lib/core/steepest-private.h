/* steepest-private.h — declarations shared inside libsteepest only. */
#ifndef STEEPEST_PRIVATE_H
#define STEEPEST_PRIVATE_H

#include <glib.h>
#include <stdatomic.h>
#include <stdint.h>
#include <steepest/steepest.h>

G_BEGIN_DECLS

/* ---- errors (status.c) ---- */

/* Sets the thread's last error (printf-style) and returns `status`, so a
 * failure path reads `return steepest_fail(STEEPEST_ERROR_X, "...", ...);`. */
int steepest_fail(int status, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* The status for a nonzero LAPACKE return: NO_MEMORY when LAPACKE could not
 * allocate its work array (LAPACK_WORK_MEMORY_ERROR, -1010) or the transposed
 * copy a row-major call makes (LAPACK_TRANSPOSE_MEMORY_ERROR, -1011), else
 * LINALG. */
static inline int
steepest_lapack_status(int info)
{
    return info == -1010 || info == -1011 ? STEEPEST_ERROR_NO_MEMORY : STEEPEST_ERROR_LINALG;
}

/* Checks a vector for NaN/Inf; on finding one, fails with
 * STEEPEST_ERROR_NOT_FINITE naming `what` and the index. */
int steepest_check_finite(const char *what, size_t n, const double *v);

/* A process-wide clock that ticks whenever any thread sets an error; each
 * thread's error remembers the tick it was set at.  A wrapper reads the clock
 * before calling a plugin (one relaxed load: cheaper than a thread-local on the
 * hot path) and after a failure asks whether this thread's message is newer,
 * i.e. set during the call, rather than stale. */
extern atomic_uint_fast64_t steepest_error_clock;

static inline uint64_t
steepest_error_clock_now(void)
{
    return atomic_load_explicit(&steepest_error_clock, memory_order_relaxed);
}

/* TRUE if this thread's error was set after `since` (a clock reading). */
gboolean steepest_error_set_since(uint64_t since);

/* ---- spec strings (spec.c) ---- */

typedef struct {
    const SteepestPluginParam *decl;
    gboolean set;   /* given in the spec or defaulted */
    gboolean given; /* given in the spec */
    int64_t int_value;
    double double_value;
    GArray *int_list;    /* of int64_t */
    GArray *double_list; /* of double */
    char *string_value;  /* STEEPEST_PARAM_STRING */
} SteepestArgValue;

struct SteepestPluginArgs {
    guint n_values;
    SteepestArgValue *values;
};

/* Splits "name:rest" into the class name; fails with STEEPEST_ERROR_SPEC. */
int steepest_spec_split_name(const char *spec, char name[64], const char **rest);
/* Parses the parameter part against the class's declarations. */
int steepest_spec_parse_args(const char *class_name, const SteepestPluginParam *const *params,
                             const char *rest, SteepestPluginArgs **out);
void steepest_spec_args_free(SteepestPluginArgs *args);
/* The normalized spec text of a parsed instance, newly allocated. */
char *steepest_spec_format(const char *class_name, const SteepestPluginArgs *args);
/* s[0..len) escaped, quoted and cut at 40 bytes, for messages; newly allocated. */
char *steepest_spec_quote(const char *s, size_t len);
/* Appends the shortest text that reads back as exactly v. */
void steepest_spec_append_double(GString *s, double v);
/* 1 if `s` matches [a-z][a-z0-9_]* and is at most 63 bytes. */
gboolean steepest_spec_valid_identifier(const char *s);

/* ---- registry (registry.c) ---- */

struct SteepestNormClass {
    SteepestPluginNormClass methods; /* copy of the plugin's struct, zero-padded to our size */
    const SteepestPluginNormClass *original;
    char *source; /* plugin path or "(memory)" */
    guint n_params;
};

const SteepestPluginHost *steepest_host(void);

/* ---- norms (norm.c) ---- */

struct SteepestNorm {
    const SteepestNormClass *klass;
    void *state;
    size_t dim;
    char *spec;
    GMutex error_lock;
    char *last_error;
};

/* Records the thread's last error on the norm too; returns status. */
int steepest_norm_record(const SteepestNorm *norm, int status);

/* s(z) through the class's unit_direction, or z♯/‖z‖* when it has none; no
 * argument checks (the product norm calls its parts through it). */
int steepest_norm_raw_unit_direction(const SteepestNorm *norm, size_t n, const double *z, double *s,
                                     double *dual);

/* ---- the product norm (product.c, product-spec.c) ---- */

typedef struct {
    size_t n_parts;
    SteepestNorm **parts; /* owned */
    double *weights;      /* w_i > 0 */
    size_t *start;        /* part i is [start[i], start[i+1]); n_parts + 1 entries */
    unsigned depth;       /* 1 + the deepest product among the parts */
    gboolean fused;       /* every part has scaled_direction */
} SteepestProduct;

/* Products nest at most this deep, so the spec parser's recursion is bounded. */
#define STEEPEST_PRODUCT_MAX_DEPTH 8

/* The in-memory class, registered before any plugin. */
extern const SteepestPluginNormClass steepest_product_class;

/* Builds the product norm from parts it takes over (freed on failure too);
 * weights may be NULL (all 1).  Checks the weights and the depth. */
int steepest_product_new_owned(size_t n_parts, SteepestNorm **parts, const double *weights,
                               SteepestNorm **out);

/* Parses the text after "product:" (NULL if none) for dimension dim. */
int steepest_product_new_from_spec(const char *rest, size_t dim, SteepestNorm **out);

/* Refuses, naming part `index` (1-based), a class that declares its own
 * 'dim' parameter: the spec form reserves dim for the part's dimension. */
int steepest_product_check_part_class(size_t index, const char *name);

/* The product state of a norm, or NULL if it is not a product. */
const SteepestProduct *steepest_product_of(const SteepestNorm *norm);

G_END_DECLS

#endif /* STEEPEST_PRIVATE_H */

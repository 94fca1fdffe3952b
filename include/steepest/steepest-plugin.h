/** @file steepest-plugin.h
 * steepest-plugin.h — the norm plugin ABI of libsteepest.
 *
 * This header stands alone: it needs only <stddef.h> and <stdint.h>, compiles
 * as C99 and as C++, and is everything a third party needs to write a norm
 * plugin.  docs/plugins.md walks through writing one.
 *
 * A plugin is a shared module exporting one function, STEEPEST_PLUGIN_ENTRY,
 * that the host calls with index 0, 1, 2, ... until it returns NULL (the
 * LADSPA / LV2 enumeration pattern); each call returns one norm class.
 *
 * ABI rules (they are what lets a plugin built today load in a host built
 * years from now, and the other way round):
 *
 *  - Every struct that crosses the boundary starts with its own size
 *    (struct_size) and, for norm classes, the ABI version.  The host rejects a
 *    class of another ABI *major* version before reading anything else, and
 *    never reads a field that lies past the struct_size the plugin declared.
 *  - Fields are only ever appended.  A plugin compiled against an older minor
 *    version simply declares a smaller struct_size; the host treats the
 *    missing optional fields as NULL.
 *  - Likewise a plugin must not read fields of SteepestPluginHost (or of any
 *    struct the host passes in) past the struct_size the host declared:
 *    use STEEPEST_PLUGIN_HAS_FIELD().
 *  - Callbacks return a status code (0 on success, one of the
 *    STEEPEST_PLUGIN_E_* codes on failure) and never abort, exit or print.
 *    A failing callback may describe the failure with host->set_error().
 *  - Vectors are contiguous arrays of n doubles; matrices are dense,
 *    row-major, n x n.
 *  - Lifetime: a module that registers at least one class is never unloaded,
 *    and the host keeps pointers to the class's strings, parameter
 *    declarations and user_data: give them static storage.  (The class struct
 *    itself is copied at load time.)  A module none of whose classes is
 *    accepted is closed again.
 *  - Threads: the host calls a class's methods from any thread, and several
 *    threads may call methods on the same instance state at once; keep the
 *    state read-only after create() (scratch space on the stack), or lock.
 *    create() too may run in several threads at once, so it must not write
 *    any global (not even the same value each time: that is still a data
 *    race); the entry function runs with the host's registry lock held and
 *    is the place to store the host pointer.  Both may call back into the
 *    library (to list norms, say).
 *  - Termination is the plugin's responsibility: every callback must return,
 *    in time proportional to its input (induced_norm: honour the query's
 *    time budget and progress callback).  The host calls the plugin on the
 *    caller's thread and cannot interrupt it — C has no safe way to stop a
 *    thread that holds locks or memory — so a create(), method or entry
 *    function that never returns hangs the caller (and, for the entry
 *    function or a create() that waits on the registry, every thread that
 *    loads plugins).  No watchdog can fix that from outside; do not block
 *    on I/O, other processes or locks another thread might hold forever.
 *  - The host checks what it cheaply can of the results and refuses one
 *    that breaks the contract with STEEPEST_ERROR_PLUGIN_CONTRACT, naming
 *    the plugin, the method and the value: a norm that is negative, or NaN
 *    for finite input; a map the host sweeps anyway (the derived unit
 *    direction and steps) that is not finite for finite input; induced
 *    bounds with lower > upper.  It does not sweep output vectors it would
 *    not otherwise read, so a plugin's own fused kernels are trusted.
 *  - Text (dual_name, summary, parameter docs) is printed by listings: it
 *    must be valid UTF-8 without control characters (no newline, ESC or
 *    C1 code), or the class is rejected at load time.
 */
#ifndef STEEPEST_PLUGIN_H
#define STEEPEST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions and the entry symbol ------------------------------------ */

/** Major ABI version: bumped only by an incompatible change; a host loads
 * only plugins of its own major version. */
#define STEEPEST_PLUGIN_ABI_MAJOR 1
/** Minor ABI version: bumped when fields are appended (1.1: host matrix
 * services; 1.2: scaled_direction, string parameters, direction_error). */
#define STEEPEST_PLUGIN_ABI_MINOR 2
/** The value a plugin stores in SteepestPluginNormClass.abi_version. */
#define STEEPEST_PLUGIN_ABI_VERSION \
    (((uint32_t) STEEPEST_PLUGIN_ABI_MAJOR << 16) | (uint32_t) STEEPEST_PLUGIN_ABI_MINOR)
/** Extracts the major version from an abi_version value. */
#define STEEPEST_PLUGIN_ABI_MAJOR_OF(v) ((uint32_t) (v) >> 16)

/** Name of the one symbol a plugin module exports (see SteepestPluginEntry). */
#define STEEPEST_PLUGIN_ENTRY steepest_plugin_norm_class
/** STEEPEST_PLUGIN_ENTRY as a string, for dlsym() and the loader's messages. */
#define STEEPEST_PLUGIN_ENTRY_NAME "steepest_plugin_norm_class"

/** Marks the entry function as exported even when the plugin is compiled
 * with -fvisibility=hidden. */
#if defined(_WIN32) || defined(__CYGWIN__)
#define STEEPEST_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define STEEPEST_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define STEEPEST_PLUGIN_EXPORT
#endif

/** True when a struct whose declared size is `s->struct_size` contains
 * `field` entirely.  Use it before reading any field that was appended after
 * the first version of a struct. */
#define STEEPEST_PLUGIN_HAS_FIELD(s, type, field) \
    ((s) != NULL && (size_t) (s)->struct_size >= offsetof(type, field) + sizeof(((type *) 0)->field))

/* ---- status codes ------------------------------------------------------- */

/* The values a plugin callback returns.  They equal the library's
 * SteepestStatus codes of the same meaning (steepest-status.h). */
/** Success. */
#define STEEPEST_PLUGIN_OK 0
#define STEEPEST_PLUGIN_E_INVALID (-1)        /**< an argument is invalid */
#define STEEPEST_PLUGIN_E_NOMEM (-2)          /**< out of memory */
#define STEEPEST_PLUGIN_E_DIMENSION (-3)      /**< dimension not supported / inconsistent */
#define STEEPEST_PLUGIN_E_PARAMETER (-7)      /**< a parameter value is unacceptable */
#define STEEPEST_PLUGIN_E_FAILED (-12)        /**< any other failure */
#define STEEPEST_PLUGIN_E_UNSUPPORTED (-13)   /**< the request is not supported */
#define STEEPEST_PLUGIN_E_CANCELLED (-15)     /**< stopped by the caller's progress callback */
#define STEEPEST_PLUGIN_E_NOT_FINITE (-4)     /**< NaN or Inf where a finite number is needed */
#define STEEPEST_PLUGIN_E_LINALG (-17)        /**< a LAPACK routine failed */
#define STEEPEST_PLUGIN_E_NOT_SYMMETRIC (-18) /**< a matrix that must be symmetric is not */
#define STEEPEST_PLUGIN_E_NOT_PSD (-19)       /**< a matrix that must be PSD is not */

/* ---- declared parameters -------------------------------------------------- */

/** Type of a declared parameter, as written in a spec string. */
typedef enum {
    STEEPEST_PARAM_INT = 1,         /**< a 64-bit integer: `size=4` */
    STEEPEST_PARAM_DOUBLE = 2,      /**< a finite double: `p=3.5` */
    STEEPEST_PARAM_INT_LIST = 3,    /**< integers joined by '+': `sizes=3+3+6` */
    STEEPEST_PARAM_DOUBLE_LIST = 4, /**< doubles joined by '+': `w=1+0.5+2` */
    /** ABI 1.2: a word of 1 to 63 bytes from [A-Za-z0-9_.+-], e.g.
     * `polar=polar-express` or `scale=0.5`; min and max are not used.  The
     * host passes the text on (host->arg_string) and the class checks it,
     * naming the words it accepts in its error message and doc line.  A host
     * older than 1.2 rejects a class declaring one. */
    STEEPEST_PARAM_STRING = 5
} SteepestParamType;

/** One parameter a norm class accepts.  A class lists them in a
 * NULL-terminated array of pointers, so this struct can grow. */
typedef struct SteepestPluginParam {
    uint32_t struct_size;      /**< sizeof(SteepestPluginParam); the host rejects
                                    a class whose declaration is shorter than
                                    the 1.0 struct (through max) */
    uint32_t type;             /**< a SteepestParamType; any other value gets the
                                    class rejected */
    const char *name;          /**< [a-z][a-z0-9_]*, at most 63 bytes, unique
                                    within the class */
    const char *doc;           /**< one line for listings and --help; may be NULL */
    const char *default_value; /**< spec text used when the parameter is absent, or
                                    NULL: then it is simply absent (create() can
                                    ask with host->arg_is_set).  It must parse
                                    as the type and lie in [min, max], or the
                                    class is rejected at load time */
    double min;                /**< inclusive lower limit of the value (of each
                                    element, for lists); -INFINITY for none */
    double max;                /**< inclusive upper limit; INFINITY for none.
                                    min > max or a NaN limit gets the class
                                    rejected */
} SteepestPluginParam;

/** Opaque: the parsed parameter values handed to create(), valid only during
 * that call.  Read them with the host's arg_* functions.  Every declared
 * parameter that was given or has a default is set, already checked against
 * its type and range. */
typedef struct SteepestPluginArgs SteepestPluginArgs;

/* ---- the host table ------------------------------------------------------ */

struct SteepestPluginInducedQuery; /* below, with the induced-norm method */
struct SteepestPluginInducedResult;

/** Services the host offers a plugin.  Passed to the entry function and to
 * create(); valid for the whole life of the process. */
typedef struct SteepestPluginHost {
    uint32_t struct_size; /**< size the host filled in; check before using later fields */
    uint32_t abi_version; /**< STEEPEST_PLUGIN_ABI_VERSION of the host */

    /** Sets the calling thread's error message (copied).  A callback that
     * returns a failure code should call this first with a message that says
     * what was wrong, e.g. "block sizes sum to 11 but the dimension is 12". */
    void (*set_error)(const char *message);

    /** malloc-like: returns NULL when out of memory (report
     * STEEPEST_PLUGIN_E_NOMEM).  The memory may be released with host->free
     * or with free(). */
    void *(*alloc)(size_t size);
    /** Releases memory from alloc (or malloc); NULL is ignored. */
    void (*free)(void *ptr);

    /** 1 if the parameter was given in the spec or has a default, else 0. */
    int (*arg_is_set)(const SteepestPluginArgs *args, const char *name);
    /** Value of an INT parameter.  Returns STEEPEST_PLUGIN_E_INVALID if the
     * class declares no such INT parameter or it is unset. */
    int (*arg_int)(const SteepestPluginArgs *args, const char *name, int64_t *value);
    /** Value of a DOUBLE parameter (INT parameters convert); E_INVALID as above. */
    int (*arg_double)(const SteepestPluginArgs *args, const char *name, double *value);
    /** Elements of an INT_LIST parameter (at least one); the array belongs to
     * args and lives until create() returns.  E_INVALID if the class declares
     * no such INT_LIST parameter or it is unset. */
    int (*arg_int_list)(const SteepestPluginArgs *args, const char *name, const int64_t **values,
                        size_t *count);
    /** Elements of a DOUBLE_LIST parameter (finite doubles), likewise. */
    int (*arg_double_list)(const SteepestPluginArgs *args, const char *name, const double **values,
                           size_t *count);

    /* ---- appended in ABI 1.1: dense linear algebra for induced_norm ----
     * Check each with STEEPEST_PLUGIN_HAS_FIELD(host, SteepestPluginHost, f).
     * The induced-norm services answer a query exactly as steepest_norm_induced
     * would (mode, budget, threads, seed, progress) and fill *result (lower,
     * upper, exact, method); H is finite, n x n row-major.  They return
     * STEEPEST_PLUGIN_OK or a failure code (E_UNSUPPORTED, E_CANCELLED,
     * E_LINALG, ...) after setting the thread's error message.  query may be
     * NULL (defaults: AUTO mode); the caller sets result->struct_size, and the
     * host writes no further than that.  A plugin's induced_norm may simply
     * pass its own query and result on. */

    /** ‖H‖₂ = sup_{‖x‖₂<=1} ‖Hx‖₂, exact (eigenvalues or singular values). */
    int (*matrix_spectral_norm)(size_t n, const double *H, const struct SteepestPluginInducedQuery *query,
                                struct SteepestPluginInducedResult *result);
    /** ‖H‖_{∞,1} = max_{x ∈ {±1}^n} ‖Hx‖₁: Gray-code enumeration or certified bounds. */
    int (*matrix_inf1)(size_t n, const double *H, const struct SteepestPluginInducedQuery *query,
                       struct SteepestPluginInducedResult *result);
    /** The norm induced by max_b ‖x_b‖₂ with contiguous blocks [start[b],
     * start[b+1]), b < n_blocks (start has n_blocks + 1 entries, from 0 to n). */
    int (*matrix_block_induced)(size_t n, const double *H, size_t n_blocks, const size_t *start,
                                const struct SteepestPluginInducedQuery *query,
                                struct SteepestPluginInducedResult *result);
    /** Eigenvalues of symmetric H, ascending, into eigenvalues[0..n). */
    int (*matrix_sym_eigenvalues)(size_t n, const double *H, double *eigenvalues);
    /** L_sep(H) = min Σl_i s.t. H ⪯ diag(l) for symmetric PSD H, with default
     * settings: *primal (certified upper bound), *dual (lower bound), l (may be
     * NULL) a feasible l.  See steepest_matrix_lsep() in steepest-matrix.h. */
    int (*matrix_lsep)(size_t n, const double *H, double *primal, double *dual, double *l);

    /* ---- appended in ABI 1.2 ---- */

    /** Text of a STRING parameter (a NUL-terminated word that lives until
     * create() returns).  E_INVALID if the class declares no such STRING
     * parameter or it is unset. */
    int (*arg_string)(const SteepestPluginArgs *args, const char *name, const char **value);
} SteepestPluginHost;

/* ---- induced matrix norms -------------------------------------------------- */

/** What a caller wants from an induced matrix norm computation. */
typedef enum {
    STEEPEST_INDUCED_AUTO = 0,  /**< exact when within the budget, else bounds */
    STEEPEST_INDUCED_EXACT = 1, /**< exact or fail (STEEPEST_PLUGIN_E_UNSUPPORTED); a method
                                      that stops at time_budget (branch and bound
                                      for PSD ℓ∞) returns its certified interval
                                      with exact = 0 instead */
    STEEPEST_INDUCED_BOUNDS = 2 /**< cheap certified bounds only */
} SteepestInducedMode;

/** A request for ‖H‖ = sup_{‖x‖≤1} ‖Hx‖*. */
typedef struct SteepestPluginInducedQuery {
    uint32_t struct_size;   /**< sizeof as filled in by whoever made the query
                                   (the host, for induced_norm); read fields past
                                   mode only after STEEPEST_PLUGIN_HAS_FIELD */
    uint32_t mode;          /**< a SteepestInducedMode */
    uint32_t max_exact_dim; /**< AUTO: exact (exponential) methods only up to this n */
    uint32_t threads;       /**< worker threads; 0 = one per core */
    double time_budget;     /**< AUTO: seconds an exact method may take; EXACT: when
                                   branch and bound stops; <= 0: no limit */
    uint64_t seed;          /**< seed for randomized bounds (local search restarts) */
    uint32_t restarts;      /**< restarts of randomized bounds; 0 = the method's default */
    uint32_t reserved0;     /**< padding; 0, ignored */
    /** Called now and then with the fraction done, from any thread; a nonzero
     * return cancels the computation (STEEPEST_PLUGIN_E_CANCELLED).  May be NULL. */
    int (*progress)(void *user_data, double fraction);
    void *user_data; /**< passed to progress */
} SteepestPluginInducedQuery;

/** The answer: lower <= ‖H‖ <= upper; exact means lower == upper is ‖H‖ up to
 * rounding.  method names what was done ("eigenvalues", "gray-code enumeration",
 * "local search + sum |H_ij|", ...); a static string. */
typedef struct SteepestPluginInducedResult {
    uint32_t struct_size; /**< set by the caller (the host, for induced_norm):
                                   write no field that ends past it */
    uint32_t exact;       /**< 1 if lower == upper is the norm, else 0 */
    double lower;         /**< certified lower bound, >= 0 */
    double upper;         /**< certified upper bound, >= lower */
    const char *method;   /**< static string, never NULL on success */
} SteepestPluginInducedResult;

/* ---- the norm class ------------------------------------------------------- */

/** A norm class: what a plugin exports, one per norm.  Methods receive the
 * instance state made by create() (or the class's user_data when create is
 * NULL) and the dimension n the instance was made for.
 *
 * Conventions every method follows (they are what docs/theory.md fixes):
 *   - NaN in an input vector makes the returned norm NaN; ±Inf (without NaN)
 *     makes it +Inf.  Never hide either.
 *   - sign(0) = 0; a zero vector maps to the zero vector; nothing divides by zero.
 *   - Outputs may alias inputs only where stated.
 */
typedef struct SteepestPluginNormClass {
    uint32_t abi_version; /**< STEEPEST_PLUGIN_ABI_VERSION */
    uint32_t struct_size; /**< sizeof(SteepestPluginNormClass) as compiled */

    const char *name;      /**< spec name, [a-z][a-z0-9_]*, at most 63 bytes,
                                 unique among all loaded classes.  Required */
    const char *dual_name; /**< name of the dual norm, for listings ("l1");
                                 free text.  Required (non-NULL) */
    const char *summary;   /**< one line: "max_i |x_i| (sign gradient descent)".
                                 Required (non-NULL) */
    /** NULL-terminated array of at most 64 parameter declarations, or NULL for
     * none. */
    const SteepestPluginParam *const *params;
    /** Passed as the state to every method when create is NULL. */
    void *user_data;

    /** Makes instance state for dimension n >= 1 from parsed parameters;
     * may be NULL.  Stores the state in *state and returns STEEPEST_PLUGIN_OK;
     * or returns E_PARAMETER (values the declarations cannot rule out, e.g.
     * sizes that do not sum to n), E_DIMENSION, E_NOMEM or E_FAILED after
     * host->set_error(), having freed whatever it allocated: destroy() is not
     * called for a failed create(). */
    int (*create)(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state);
    /** Frees what create() made, once per successful create(); may be NULL.
     * Never called when create is NULL. */
    void (*destroy)(void *state);

    /* The methods below get n equal to the instance's dimension and non-NULL
     * vectors and outputs (dual_value included): the host checks both before
     * calling. */

    /** *value = ‖x‖.  Required. */
    int (*norm)(void *state, size_t n, const double *x, double *value);
    /** *value = ‖z‖*.  Required. */
    int (*dual_norm)(void *state, size_t n, const double *z, double *value);
    /** zsharp = z♯ (argmax <z,y> − ½‖y‖²), *dual_value = ‖z‖*.  zsharp does not
     * alias z.  Required. */
    int (*duality_map)(void *state, size_t n, const double *z, double *zsharp, double *dual_value);

    /* --- optional from here on: may be NULL; the host derives them --- */

    /** s = s(z), a unit-norm maximizer of <z, s> (0 for z = 0), *dual_value = ‖z‖*.
     * Derived as z♯ / ‖z‖* when NULL. */
    int (*unit_direction)(void *state, size_t n, const double *z, double *s, double *dual_value);
    /** Scaled step: x_out = x − alpha z♯ ; *dual_value = ‖z‖*.  x_out may equal
     * x.  If z is not finite the kernel may stop early but must then return
     * with *dual_value NaN or Inf. */
    int (*step_scaled)(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
                       double *dual_value);
    /** Normalized step: x_out = x − alpha s(z) ; *dual_value = ‖z‖*; as above. */
    int (*step_normalized)(void *state, size_t n, const double *x, const double *z, double alpha,
                           double *x_out, double *dual_value);
    /** Induced matrix norm ‖H‖ = sup_{‖x‖≤1} ‖Hx‖* of the n x n row-major H
     * (finite: the host checks), answered per the query. */
    int (*induced_norm)(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
                        SteepestPluginInducedResult *result);

    /* --- appended in ABI 1.2 (optional; a shorter struct_size leaves it NULL) --- */

    /** out = c · s(z) for a z whose dual norm the caller has already computed
     * with this class's dual_norm: dual = ‖z‖* (finite, >= 0), c finite.
     * One pass, no second evaluation of ‖z‖*: composite norms (the product
     * norm) compute every part's dual norm first and then write each part's
     * share c_i s_i(z_i) of the map directly.  z finite; out does not alias z.
     * May be NULL: the host then uses unit_direction and scales. */
    int (*scaled_direction)(void *state, size_t n, const double *z, double dual, double c, double *out);

    /** For classes whose unit direction is an approximation by design (an
     * iterative polar factor, say): *error = how far the direction this
     * instance computes for z is from an exact one, in the class's own
     * measure, which its summary or documentation states (for `spectral`:
     * max_i |σ_i(s(z))/κ − 1| over the nonzero singular values of z, and the
     * largest σ_i(s(z))/κ over the others).  0 for an exact direction, also
     * for z = 0.  NULL for classes whose directions are exact (the host then
     * reports 0). */
    int (*direction_error)(void *state, size_t n, const double *z, double *error);
} SteepestPluginNormClass;

/** The offset past the last required field: a class whose struct_size is
 * smaller is rejected as too short. */
#define STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE \
    (offsetof(SteepestPluginNormClass, duality_map) + sizeof(void (*)(void)))

/** The entry function's type.  Returns class number `index`, or NULL past the
 * last.  Must be cheap and side-effect free: the host may call it again. */
typedef const SteepestPluginNormClass *(*SteepestPluginEntry)(const SteepestPluginHost *host, uint32_t index);

/** The entry function a plugin defines (declared here so the compiler checks
 * the definition's signature):
 *
 * Sample context: static const SteepestPluginNormClass my_class;
 * @code{.c}
 * STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
 * STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
 * {
 *     return index == 0 ? &my_class : NULL;
 * }
 * @endcode
 */
STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host,
                                                                            uint32_t index);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_PLUGIN_H */

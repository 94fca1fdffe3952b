/** @file steepest-norm.h
 * steepest-norm.h — norm instances, the norm registry and plugin loading.
 *
 * A norm *class* (ℓ2, ℓ∞, ℓ1, block, or one a plugin brings) becomes a norm
 * *instance* — class + parameters + dimension — through a spec string:
 *
 * @code{.c}
 * SteepestNorm *norm;
 * if (steepest_norm_new("block:sizes=3+3+6", 12, &norm) != STEEPEST_OK)
 *     fprintf(stderr, "%s\n", steepest_last_error());
 * @endcode
 *
 * Spec grammar: NAME [ ':' KEY '=' VALUE { ',' KEY '=' VALUE } ], NAME and KEY
 * matching [a-z][a-z0-9_]*, list values joined by '+'.  No white space.
 * The product norm nests specs, each part with its dimension:
 * "product:parts=[l2:dim=10|linf:dim=64],weights=1+0.5" (docs/norms.md; see
 * steepest_norm_product_new()).
 *
 * Classes come from plugins found in the installed plugin directory
 * (steepest_plugin_dir()) and in the absolute directories listed in
 * STEEPEST_PLUGIN_PATH (':'-separated, searched first), loaded the first
 * time any registry function or steepest_norm_new() runs.  Relative entries
 * and the current directory are never searched.  A broken plugin is skipped
 * and listed by steepest_registry_failure_count() / _failure().
 *
 * As with PATH, the first module found for a name wins: a later module's
 * class of the same name is *shadowed* — not registered, not a failure, and
 * listed by steepest_registry_shadowed_count() / _shadowed().  A file or
 * directory reached twice (a symlink, a repeated entry) is loaded once.
 * STEEPEST_PLUGIN_SYSTEM_PATH, when set, replaces the installed directory by
 * its own ':'-separated list (empty: no installed plugins at all), so a test
 * suite can load the build tree's plugins only, whatever is installed.
 *
 * Thread safety: registry functions may be called from any thread.  A norm
 * instance may be used by several threads at once for evaluation (the built-in
 * plugins keep no scratch space in their state), but must not be freed while
 * in use.
 *
 * NaN and Inf: the evaluation functions follow docs/theory.md — NaN in gives NaN out,
 * ±Inf gives +Inf — and then return STEEPEST_ERROR_NOT_FINITE with a message
 * naming the first offending index, after writing their outputs, so nothing
 * is hidden and nothing passes for a success.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_NORM_H
#define STEEPEST_NORM_H

#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A norm instance: class, parameters and dimension.  Opaque. */
typedef struct SteepestNorm SteepestNorm;

/** A registered norm class.  Opaque; lives until the process ends. */
typedef struct SteepestNormClass SteepestNormClass;

/* ---- instances ---------------------------------------------------------- */

/** Creates the norm named by `spec` for vectors of dimension `dim` (>= 1).
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (spec or out is NULL),
 * STEEPEST_ERROR_SPEC (syntax), STEEPEST_ERROR_UNKNOWN_NORM,
 * STEEPEST_ERROR_PARAMETER (unknown, mistyped, out of range, or rejected by
 * the class, e.g. block sizes that do not sum to dim), STEEPEST_ERROR_DIMENSION
 * (dim is 0, or the class refuses it), STEEPEST_ERROR_NO_MEMORY and
 * STEEPEST_ERROR_PLUGIN_FAILED (the class's create() failed).  On failure
 * *out is NULL (when out is not).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_new(const char *spec, size_t dim, SteepestNorm **out);

/** Frees a norm; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_norm_free(SteepestNorm *norm);

/** The class name ("block").  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_get_name(const SteepestNorm *norm);
/** The normalized spec: the name plus the parameters given, in declaration
 * order, e.g. "block:size=4"; it reads back to the same norm.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_get_spec(const SteepestNorm *norm);
/** The dimension the norm was made for.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_norm_get_dim(const SteepestNorm *norm);
/** The class the norm is an instance of.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const SteepestNormClass *steepest_norm_get_class(const SteepestNorm *norm);

/* The evaluation functions below share their failures:
 *   STEEPEST_ERROR_INVALID_ARGUMENT  norm, an input or an output is NULL; an
 *                                    output overlaps an input it must not;
 *                                    a step's alpha is NaN or infinite
 *   STEEPEST_ERROR_DIMENSION         n is not the norm's dimension
 *   STEEPEST_ERROR_NOT_FINITE        the input vector (z for the steps)
 *                                    holds NaN or Inf (the message names the
 *                                    first index), or a finite result
 *                                    overflows; the outputs are written
 *   STEEPEST_ERROR_PLUGIN_FAILED     the plugin method failed (or the
 *                                    plugin's own code, when it is one of
 *                                    steepest-status.h)
 * When the library refuses the arguments (the first two) it calls no plugin
 * method and writes no output.  Every failure on a non-NULL norm also sets
 * the norm's last error (steepest_norm_last_error()). */

/** *value = ‖x‖.  n must equal the norm's dimension (STEEPEST_ERROR_DIMENSION).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_norm(const SteepestNorm *norm, size_t n, const double *x,
                                                 double *value);
/** *value = ‖z‖*.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_dual_norm(const SteepestNorm *norm, size_t n, const double *z,
                                                      double *value);
/** zsharp = z♯ = argmax_y <z,y> − ½‖y‖² (docs/theory.md); *dual_value = ‖z‖* (may be
 * NULL).  zsharp must not overlap z.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_duality_map(const SteepestNorm *norm, size_t n, const double *z,
                                                        double *zsharp, double *dual_value);
/** s = s(z), unit-norm steepest direction (0 for z = 0); *dual_value = ‖z‖*
 * (may be NULL).  s must not overlap z.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_unit_direction(const SteepestNorm *norm, size_t n,
                                                           const double *z, double *s, double *dual_value);
/** The scaled step of the paper: x_out = x − alpha z♯; *dual_value = ‖z‖* (may
 * be NULL).  x_out may be x itself; otherwise it must not overlap x or z.
 * If z is not finite: STEEPEST_ERROR_NOT_FINITE, and when x_out != x, x is
 * untouched.  Uses the plugin's fused kernel when it has one.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_step_scaled(const SteepestNorm *norm, size_t n, const double *x,
                                                        const double *z, double alpha, double *x_out,
                                                        double *dual_value);
/** The normalized step: x_out = x − alpha s(z) (for ℓ∞ the sign step
 * x − alpha sign(z)); as steepest_norm_step_scaled otherwise.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_step_normalized(const SteepestNorm *norm, size_t n,
                                                            const double *x, const double *z, double alpha,
                                                            double *x_out, double *dual_value);

/** How far the unit direction this norm computes for z is from an exact one,
 * for classes whose directions are approximations by design (`spectral` with
 * polar=ns5 or polar=polar-express: max_i |σ_i(s(z))/κ − 1| over the nonzero
 * singular values of z, and the largest σ_i(s(z))/κ over the others; see
 * docs/norms.md).  *error = 0 for classes whose directions are exact and for
 * z = 0.  Costs about a unit direction plus a singular value decomposition.
 * Fails as the evaluation functions above (NOT_FINITE for NaN or Inf in z,
 * with *error NaN or Inf).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_norm_direction_error(const SteepestNorm *norm, size_t n,
                                                            const double *z, double *error);

/** Message of the most recent failure of a call on this norm ("" if none;
 * "" for NULL).  The string is the calling thread's own copy, valid until
 * that thread calls steepest_norm_last_error() again; later failures on the
 * norm do not change it.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_last_error(const SteepestNorm *norm);

/* ---- the product norm ---------------------------------------------------- */

/** Creates the product (composite) norm over consecutive parts,
 *     ‖x‖ = max_i w_i ‖x_i‖_(i),   ‖z‖* = Σ_i ‖z_i‖*_(i) / w_i,
 *     s(z)_i = s_i(z_i)/w_i,       z♯_i = (‖z‖* / w_i) s_i(z_i),
 * where x_i is the run of parts[i]'s dimension after those of the parts
 * before it (docs/theory.md proves Lemma 3 for it).  Its dimension is the sum
 * of the parts' dimensions, its spec the nested form of docs/norms.md
 * ("product:parts=[l2:dim=3|linf:dim=2],weights=1+0.5"), which
 * steepest_norm_new() reads back to the same norm.
 *
 * Ownership: the parts are copied (each made again from its spec and
 * dimension), so the caller keeps its parts and may free them at once; the
 * product frees its copies.  Parts may be any norms, products included, up
 * to 8 levels of nesting.  weights has n_parts entries, each finite and > 0,
 * or is NULL for all 1.
 *
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (out or parts NULL, n_parts 0, a
 * part NULL), STEEPEST_ERROR_PARAMETER (a weight that is not finite and > 0,
 * products nested deeper than 8), STEEPEST_ERROR_DIMENSION (the dimensions
 * overflow), or what steepest_norm_new() returns when copying a part fails;
 * messages name the part ("product: part 2 (linf): ...").  On failure *out
 * is NULL.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_norm_product_new(size_t n_parts, const SteepestNorm *const *parts,
                                                        const double *weights, SteepestNorm **out);

/** Number of parts of a product norm; 0 for any other norm or NULL.
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_norm_product_get_n_parts(const SteepestNorm *norm);

/** Part i of a product norm (owned by the product), with its weight and the
 * index of its first coordinate (either may be NULL); NULL if norm is not a
 * product or i >= the number of parts (the outputs are then not touched).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 const SteepestNorm *steepest_norm_product_get_part(const SteepestNorm *norm,
                                                                             size_t i, double *weight,
                                                                             size_t *offset);

/* ---- classes ------------------------------------------------------------ */

/** Number of registered norm classes (loading plugins if not done yet).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_registry_count(void);
/** Class number i in name order, or NULL if i >= count.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const SteepestNormClass *steepest_registry_get(size_t i);
/** The class of that name, or NULL.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const SteepestNormClass *steepest_registry_lookup(const char *name);

/** The class's spec name ("block"); NULL for a NULL class.  The strings a
 * class returns live as long as the process.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_class_get_name(const SteepestNormClass *klass);
/** The name of the dual norm, for listings ("l1" for linf).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_class_get_dual_name(const SteepestNormClass *klass);
/** One line saying what the norm is and which method it gives.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_class_get_summary(const SteepestNormClass *klass);
/** Absolute path of the plugin file, or "(memory)" for a class registered with
 * steepest_registry_add_class().  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_norm_class_get_source(const SteepestNormClass *klass);
/** 1 if the class has a method of its own for the induced matrix norm.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_class_has_induced_norm(const SteepestNormClass *klass);
/** Number of declared parameters.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_norm_class_get_param_count(const SteepestNormClass *klass);
/** Parameter j: name, a SteepestParamType, doc line ("" if none), default
 * spec text (NULL if none), inclusive range.  Any output pointer may be NULL.
 * Returns STEEPEST_ERROR_INVALID_ARGUMENT if klass is NULL or j is out of
 * range (the outputs are then not touched).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_norm_class_get_param(const SteepestNormClass *klass, size_t j,
                                                            const char **name, int *type, const char **doc,
                                                            const char **default_value, double *min,
                                                            double *max);
/** "int", "double", "int list", "double list", "string".  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_param_type_name(int type);

/* ---- registration and loading -------------------------------------------- */

/** Registers a norm class that lives in memory (a binding's norm written in
 * another language, or a norm compiled into the application).  The class is
 * validated exactly like a plugin's; the struct and everything it points to
 * must stay valid until the process ends.  Errors:
 * STEEPEST_ERROR_INVALID_ARGUMENT (klass is NULL), STEEPEST_ERROR_PLUGIN_ABI,
 * STEEPEST_ERROR_PLUGIN_INVALID, STEEPEST_ERROR_DUPLICATE; a rejected class
 * is listed among the failures with the source "(memory)".  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_registry_add_class(const SteepestPluginNormClass *klass);

/** Loads the plugin at an absolute path now and registers its classes.
 * Loading a file again (by any path that resolves to it) does nothing and
 * returns its first answer again.  A class whose name is already registered
 * from another source is shadowed (see steepest_registry_shadowed()), which
 * is no error.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL or relative
 * path), PLUGIN_LOAD, PLUGIN_ABI, PLUGIN_INVALID, DUPLICATE (two classes of
 * one name in this file) — the first failure; classes of the file that are
 * fine are registered even then, and every rejected one is listed among the
 * failures.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_registry_load_plugin(const char *path);

/** Loads every plugin file (name ending in ".so") in an absolute directory,
 * in name order, not recursively.  Errors: STEEPEST_ERROR_INVALID_ARGUMENT
 * (NULL or relative path), STEEPEST_ERROR_IO (not an existing directory),
 * else the first failure of steepest_registry_load_plugin() on its files —
 * the other files are loaded even then.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_registry_load_dir(const char *dir);

/** Number of rejected plugins / classes so far.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 size_t steepest_registry_failure_count(void);
/** Failure i (0 = oldest): the file (or "(memory)", or the ignored
 * STEEPEST_PLUGIN_PATH entry), the status and the reason; strings live until
 * the process ends.  Any output pointer may be NULL.  Returns
 * STEEPEST_ERROR_INVALID_ARGUMENT if i >= steepest_registry_failure_count()
 * (the outputs are then not touched).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_registry_failure(size_t i, const char **path, int *status,
                                                        const char **reason);

/** Number of shadowed classes so far: classes of a module that were not
 * registered because a module found earlier (or a class from memory) already
 * provides that name.  Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 size_t steepest_registry_shadowed_count(void);
/** Shadowed class i (0 = oldest): its name, the module that provides it but
 * was not used, and the source of the class registered under that name (a
 * path or "(memory)").  Strings live until the process ends; any output
 * pointer may be NULL.  Returns STEEPEST_ERROR_INVALID_ARGUMENT if
 * i >= steepest_registry_shadowed_count() (the outputs are then not touched).
 * Since: 0.2 */
STEEPEST_AVAILABLE_IN_0_2 int steepest_registry_shadowed(size_t i, const char **name, const char **path,
                                                         const char **winner);

/** The installed plugin directory of this library's ABI,
 * e.g. /usr/lib/x86_64-linux-gnu/steepest-1/plugins.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_plugin_dir(void);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_NORM_H */

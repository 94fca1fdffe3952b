/** @file steepest-foreign.h
 * steepest-foreign.h — objectives exported by any shared library, called
 * through libffi with a signature given at run time.
 *
 * A function that computes f(x) and ∇f(x) in C, Fortran, or anything with a
 * C calling convention becomes a SteepestObjectiveFn without glue code:
 *
 * Sample context: double x[10];
 * @code{.c}
 * SteepestForeign *fn;
 * if (steepest_foreign_new("/opt/lib/libmodel.so", "rosen_fg",
 *                          "double(x, g, n:size_t)", &fn) != STEEPEST_OK)
 *     fprintf(stderr, "%s\n", steepest_last_error());
 * // then pass steepest_foreign_evaluate as the objective and fn as its user data
 * double f, g[10];
 * steepest_foreign_evaluate(fn, 10, x, &f, g);
 * steepest_foreign_free(fn);
 * @endcode
 *
 * Signature grammar (white space allowed between tokens, at most 1024 bytes
 * and 16 arguments):
 *
 *     signature := return '(' [ argument { ',' argument } ] ')'
 *     return    := 'double'   the function returns f(x)
 *                | 'void'     it returns nothing; f comes back through an 'f' argument
 *                | 'int'      it returns a status, 0 for success; f through an 'f' argument
 *     argument  := 'x'                   const double *: the point, n entries
 *                | 'g'                   double *: where to write ∇f(x), n entries
 *                | 'f'                   double *: where to write f(x)
 *                | 'n' [ ':' inttype ] [ '*' ]
 *                                        the dimension, by value, or by reference with '*';
 *                                        the type defaults to size_t
 *                | 'null'                a pointer passed as NULL (e.g. NLopt's void *data)
 *     inttype   := 'int' | 'unsigned' | 'long' | 'ulong' | 'size_t'
 *                | 'int32' | 'uint32' | 'int64' | 'uint64'
 *
 * Rules: exactly one 'x'; at most one each of 'g', 'f' and 'n'; 'f' exactly
 * when the return is not 'double', except that 'int(...)' with 'g' may omit
 * 'f' (Since: 0.2): a product out = A·in such as a Hessian-vector product,
 * 'x' the vector in, 'g' the result, the status returned, f reported as 0 —
 * SteepestHvpFn is "int(null, n, x, g)".  Without 'g' the objective cannot give
 * gradients (asking for one fails with STEEPEST_ERROR_UNSUPPORTED); without
 * 'n' the function is assumed to know its dimension.  Examples:
 *
 *     double f(const double *x, double *g, size_t n)         double(x, g, n)
 *     double f(int n, const double *x, double *g)            double(n:int, x, g)
 *     NLopt: double f(unsigned n, const double *x,
 *                     double *grad, void *data)               double(n:unsigned, x, g, null)
 *     Fortran: subroutine fg(n, x, f, g)  (integer n)        void(n:int*, x, f, g)
 *     int f(const double *x, long n, double *f, double *g)   int(x, n:long, f, g)
 *
 * When the caller asks only for f (grad NULL) and the signature has 'g', the
 * function still receives a valid scratch gradient buffer, so functions that
 * never check for NULL are safe.  A handle holds no mutable state after
 * creation: several threads may evaluate through it at once if the foreign
 * function allows it.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_FOREIGN_H
#define STEEPEST_FOREIGN_H

#include <stddef.h>
#include <steepest/steepest-export.h>
#include <steepest/steepest-objective.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A foreign objective: an opened library, a resolved symbol, a prepared call.  Opaque. */
typedef struct SteepestForeign SteepestForeign;

/** Checks a signature string without loading anything.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL), STEEPEST_ERROR_SIGNATURE with a
 * message naming the 1-based column and what was expected there.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_foreign_signature_check(const char *signature);

/** Opens the shared library at `library` — a path with a '/', absolute or
 * explicitly relative like "./libf.so"; the search path is never used — with
 * GModule (G_MODULE_BIND_LOCAL), resolves `symbol`, parses `signature` and
 * prepares the libffi call.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL argument, a library name
 * without '/', an empty symbol), STEEPEST_ERROR_SIGNATURE (naming the column),
 * STEEPEST_ERROR_PLUGIN_LOAD (the file cannot be loaded; the message names the
 * file and the loader's reason), STEEPEST_ERROR_SYMBOL (the library has no such
 * symbol; names both), STEEPEST_ERROR_NO_MEMORY, STEEPEST_ERROR_UNSUPPORTED
 * (libffi cannot prepare the call).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_foreign_new(const char *library, const char *symbol,
                                                   const char *signature, SteepestForeign **out);

/** Closes the library and frees the handle; NULL is ignored.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_foreign_free(SteepestForeign *foreign);

/** The SteepestObjectiveFn of a foreign objective: pass it with the handle as
 * user data.  Calls the function at x (length n) and stores f(x) in *value and,
 * when grad is not NULL, ∇f(x) in grad.
 * Errors: STEEPEST_ERROR_INVALID_ARGUMENT (NULL handle, x or value),
 * STEEPEST_ERROR_DIMENSION (n = 0, or n does not fit the declared type of 'n'),
 * STEEPEST_ERROR_UNSUPPORTED (grad requested but the signature has no 'g'),
 * STEEPEST_ERROR_CALLBACK (an 'int' return was nonzero; the message has it),
 * STEEPEST_ERROR_NO_MEMORY.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_foreign_evaluate(void *foreign, size_t n, const double *x,
                                                        double *value, double *grad);

/** steepest_foreign_evaluate as a function pointer, for bindings that cannot
 * take the address of a library function directly.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 SteepestObjectiveFn steepest_foreign_objective(void);

/** 1 if the signature has a 'g' argument, else 0 (also for NULL).  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_foreign_has_gradient(const SteepestForeign *foreign);

/** The signature in normal form, e.g. "double(n:unsigned, x, g, null)".  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_foreign_get_signature(const SteepestForeign *foreign);

/** The library path and the symbol, as given.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_foreign_get_library(const SteepestForeign *foreign);
/** The symbol, as given.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_foreign_get_symbol(const SteepestForeign *foreign);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_FOREIGN_H */

/** @file steepest-status.h
 * steepest-status.h — status codes and error messages.
 *
 * Every fallible function returns a SteepestStatus: 0 on success, a positive
 * value for a successful solver stop (which criterion ended the run), a
 * negative value for a failure.  Each cause has its own code; the codes are
 * part of the ABI and never change meaning.  When a function fails it also
 * leaves a human-readable message for the calling thread
 * (steepest_last_error()).  The library never aborts, exits or prints.
 */
#if !defined(STEEPEST_H_INSIDE) && !defined(STEEPEST_COMPILATION)
#error "Only <steepest/steepest.h> can be included directly."
#endif

#ifndef STEEPEST_STATUS_H
#define STEEPEST_STATUS_H

#include <steepest/steepest-export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What every fallible function returns: 0 for success, positive stop
 * reasons of a solver run, negative failures, one code per cause. */
typedef enum {
    STEEPEST_OK = 0,

    /* Successful solver stops (steepest-solver.h): why the run ended. */
    STEEPEST_STOP_STATIONARY = 1, /**< the gradient is exactly zero */
    STEEPEST_STOP_GRAD_TOL = 2,   /**< ‖g‖* <= the gradient tolerance */
    STEEPEST_STOP_FTOL_REL = 3,   /**< relative change of f below tolerance */
    STEEPEST_STOP_FTOL_ABS = 4,   /**< absolute change of f below tolerance */
    STEEPEST_STOP_XTOL = 5,       /**< ‖x_{t+1} − x_t‖ below tolerance */
    STEEPEST_STOP_MAX_ITER = 6,   /**< iteration limit reached */
    STEEPEST_STOP_MAX_EVAL = 7,   /**< evaluation limit reached */
    STEEPEST_STOP_MAX_TIME = 8,   /**< time limit reached */
    STEEPEST_STOP_USER = 9,       /**< the iteration callback asked to stop */
    STEEPEST_STOP_CYCLE = 10,     /**< the iterates repeat (e.g. the fixed-step sign 2-cycle) */
    STEEPEST_STOP_F_TARGET = 11,  /**< f reached the caller's target value */

    /* Failures. */
    STEEPEST_ERROR_INVALID_ARGUMENT = -1, /**< NULL pointer, zero size, bad enum value */
    STEEPEST_ERROR_NO_MEMORY = -2,        /**< an allocation failed */
    STEEPEST_ERROR_DIMENSION = -3,        /**< mismatched or unsupported dimension */
    STEEPEST_ERROR_NOT_FINITE = -4,       /**< NaN or Inf where a finite number is needed */
    STEEPEST_ERROR_SPEC = -5,             /**< a norm spec string does not parse */
    STEEPEST_ERROR_UNKNOWN_NORM = -6,     /**< no loaded norm class has that name */
    STEEPEST_ERROR_PARAMETER = -7,        /**< a parameter is unknown, mistyped or out of range */
    STEEPEST_ERROR_PLUGIN_LOAD = -8,      /**< a plugin file cannot be opened or lacks the entry symbol */
    STEEPEST_ERROR_PLUGIN_ABI = -9,       /**< a plugin was built for another ABI major version */
    STEEPEST_ERROR_PLUGIN_INVALID = -10,  /**< a class is malformed: short struct, NULL method, bad name */
    STEEPEST_ERROR_DUPLICATE = -11,       /**< a norm of that name is already registered */
    STEEPEST_ERROR_PLUGIN_FAILED = -12,   /**< a plugin method reported a failure */
    STEEPEST_ERROR_UNSUPPORTED = -13,     /**< the norm does not offer this operation */
    STEEPEST_ERROR_IO = -14,              /**< a file cannot be read or written */
    STEEPEST_ERROR_CANCELLED = -15,       /**< a progress callback cancelled the work */
    STEEPEST_ERROR_CALLBACK = -16,        /**< the objective callback returned a failure */
    STEEPEST_ERROR_LINALG = -17,          /**< a LAPACK routine failed */
    STEEPEST_ERROR_NOT_SYMMETRIC = -18,   /**< a matrix that must be symmetric is not */
    STEEPEST_ERROR_NOT_PSD = -19,         /**< a matrix that must be positive semidefinite is not */
    STEEPEST_ERROR_LINE_SEARCH = -20,     /**< the line search found no sufficient decrease */
    STEEPEST_ERROR_STATE = -21,           /**< the call is not valid in the object's current state */
    STEEPEST_ERROR_SIGNATURE = -22,       /**< a foreign-function signature string does not parse */
    STEEPEST_ERROR_SYMBOL = -23,          /**< a shared library does not export the named symbol */
    STEEPEST_ERROR_PLUGIN_CONTRACT = -24, /**< a plugin returned a result its contract forbids (a negative
                                               or NaN norm, a non-finite map of finite input, lower > upper) */
    STEEPEST_ERROR_FORMAT = -25, /**< a file or state buffer is malformed, or of another format or version */
    STEEPEST_ERROR_DISTRIBUTED = -26 /**< the ranks of a distributed run disagree, or a collective failed */
} SteepestStatus;

/** The enum constant's name without prefix, e.g. "ERROR_SPEC"; "UNKNOWN" for
 * a value that is not a status.  Static string.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_status_name(int status);

/** A one-line description of the code ("a norm spec string does not parse").
 * Static string.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_status_describe(int status);

/** The calling thread's message for the most recent failure, or "" if there
 * was none.  Valid until the thread's next libsteepest call.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 const char *steepest_last_error(void);

/** The code that went with steepest_last_error(); STEEPEST_OK if none.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 int steepest_last_status(void);

/** Forgets the calling thread's last error.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_clear_error(void);

/** Sets the calling thread's last error.  For bindings and norms defined in
 * memory, whose callbacks report failures this way.  Since: 0.1 */
STEEPEST_AVAILABLE_IN_0_1 void steepest_set_error(int status, const char *message);

#ifdef __cplusplus
}
#endif

#endif /* STEEPEST_STATUS_H */

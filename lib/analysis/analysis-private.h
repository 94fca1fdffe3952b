/* analysis-private.h — glue shared by the analysis-*.c files only. */
#ifndef STEEPEST_ANALYSIS_PRIVATE_H
#define STEEPEST_ANALYSIS_PRIVATE_H

#include "core/steepest-private.h"

#include <steepest/steepest.h>

G_BEGIN_DECLS

/* Turns a callback's nonzero return r into STEEPEST_ERROR_CALLBACK with a
 * message naming fn, the value, where it happened and the callback's own
 * message when it left one with steepest_set_error() (callers clear the
 * thread's error before calling back). */
int steepest_analysis_callback_failed(const char *fn, int r, const char *where);

/* Calls a gradient callback, clearing the thread's error first so a message
 * the callback leaves can be told from a stale one; checks the result for
 * NaN/Inf. */
int steepest_analysis_call_gradient(const char *fn, SteepestGradientFn grad, void *user_data, size_t n,
                                    const double *x, double *g, const char *where);

G_END_DECLS

#endif /* STEEPEST_ANALYSIS_PRIVATE_H */

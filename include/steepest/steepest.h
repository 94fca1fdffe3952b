/** @file steepest.h
 * steepest.h — the umbrella header of libsteepest.
 *
 * libsteepest does steepest descent with respect to any norm — gradient
 * descent (ℓ2), sign gradient descent (ℓ∞), coordinate descent (ℓ1),
 * block-normalized gradient descent, or a norm a plugin brings — plus the
 * analysis that says which geometry suits a problem.  Include only this
 * header; link with `pkg-config --libs steepest`.  The other headers refuse
 * to be included on their own (a preprocessor error), except steepest-plugin.h, which a
 * norm plugin includes alone, and steepest-mpi.h, libsteepest-mpi's header,
 * which includes this one.
 *
 * Every function names the release that added it (STEEPEST_AVAILABLE_IN_0_1,
 * "Since: 0.1" in its documentation); define STEEPEST_VERSION_MAX_ALLOWED to
 * be warned about newer API (steepest-version-macros.h).
 */
#ifndef STEEPEST_H
#define STEEPEST_H

#define STEEPEST_H_INSIDE
#include <steepest/steepest-export.h>
#include <steepest/steepest-version.h>
#include <steepest/steepest-version-macros.h>
#include <steepest/steepest-status.h>
#include <steepest/steepest-plugin.h>
#include <steepest/steepest-norm.h>
#include <steepest/steepest-objective.h>
#include <steepest/steepest-induced.h>
#include <steepest/steepest-optimizer.h>
#include <steepest/steepest-solver.h>
#include <steepest/steepest-problems.h>
#include <steepest/steepest-matrix.h>
#include <steepest/steepest-experiments.h>
#include <steepest/steepest-foreign.h>
#include <steepest/steepest-analysis.h>
#include <steepest/steepest-operator.h>
#undef STEEPEST_H_INSIDE

#endif /* STEEPEST_H */

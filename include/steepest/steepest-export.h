/** @file steepest-export.h
 * steepest-export.h — symbol export and deprecation macros. */
#ifndef STEEPEST_EXPORT_H
#define STEEPEST_EXPORT_H

/* Everything is hidden by default (-fvisibility=hidden); STEEPEST_API marks the
 * public functions, which lib/steepest.map also lists.  Headers do not use it
 * directly: each prototype names its release, STEEPEST_AVAILABLE_IN_x_y. */
#if defined(_WIN32) || defined(__CYGWIN__)
#ifdef STEEPEST_COMPILATION
#define STEEPEST_API __declspec(dllexport)
#else
#define STEEPEST_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define STEEPEST_API __attribute__((visibility("default")))
#else
#define STEEPEST_API
#endif

/* The release macros (STEEPEST_AVAILABLE_IN_x_y) and the deprecation macros
 * (STEEPEST_DEPRECATED, STEEPEST_DEPRECATED_FOR(f), STEEPEST_DEPRECATED_IN_x_y)
 * build on STEEPEST_API; they live in steepest-version-macros.h, with
 * STEEPEST_VERSION_MIN_REQUIRED and STEEPEST_VERSION_MAX_ALLOWED. */
#include <steepest/steepest-version-macros.h>

#endif /* STEEPEST_EXPORT_H */

/** @file steepest-export.h
 * steepest-export.h — symbol export and deprecation macros. */
#ifndef STEEPEST_EXPORT_H
#define STEEPEST_EXPORT_H

/* Everything is hidden by default (-fvisibility=hidden); STEEPEST_API marks the
 * public functions, which lib/steepest.map also lists. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  ifdef STEEPEST_COMPILATION
#    define STEEPEST_API __declspec(dllexport)
#  else
#    define STEEPEST_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define STEEPEST_API __attribute__((visibility("default")))
#else
#  define STEEPEST_API
#endif

#if defined(__GNUC__)
#  define STEEPEST_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define STEEPEST_WARN_UNUSED
#endif

#endif /* STEEPEST_EXPORT_H */

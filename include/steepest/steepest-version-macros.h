/** @file steepest-version-macros.h
 * steepest-version-macros.h — which release each function appeared in, and
 * compile-time checks of the API a program may use.
 *
 * Every public function is declared with the macro of the release that added
 * it, STEEPEST_AVAILABLE_IN_0_1 or STEEPEST_AVAILABLE_IN_0_2, and its
 * documentation says the same with "Since: 0.1" or "Since: 0.2".  A program
 * that must also build against an older libsteepest defines, before it
 * includes <steepest/steepest.h>:
 *
 *  - STEEPEST_VERSION_MAX_ALLOWED: the newest release whose API it may use,
 *    e.g. `-DSTEEPEST_VERSION_MAX_ALLOWED=STEEPEST_VERSION_0_1`.  Calling a
 *    function added after it warns (-Wdeprecated-declarations: "Not available
 *    before 0.2"), so the dependency on a newer release is found at compile
 *    time, not by the users of an older system.
 *  - STEEPEST_VERSION_MIN_REQUIRED: the oldest release it supports.  Functions
 *    deprecated in that release or earlier warn; those deprecated later do not
 *    (the program may still need them for the older releases).
 *
 * Both default to the release of these headers (STEEPEST_VERSION_CUR_STABLE).
 * Deprecated functions are declared with STEEPEST_DEPRECATED_IN_x_y or
 * STEEPEST_DEPRECATED_IN_x_y_FOR(replacement).  Each release also has a linker
 * version node (lib/steepest.map): release 0.1 is STEEPEST_1.0, release 0.2
 * STEEPEST_1.1.
 *
 * Included by steepest-export.h; include <steepest/steepest.h>, not this.
 */

/* steepest-version.h supplies the version numbers this header tests, and
 * includes this header back once they are defined; hence outside the guard. */
#include <steepest/steepest-version.h>

#ifndef STEEPEST_VERSION_MACROS_H
#define STEEPEST_VERSION_MACROS_H

#include <steepest/steepest-export.h>

/** A release major.minor as one comparable number. */
#define STEEPEST_ENCODE_VERSION(major, minor) (((major) << 16) | ((minor) << 8))

/** Release 0.1, for STEEPEST_VERSION_MIN_REQUIRED and _MAX_ALLOWED. */
#define STEEPEST_VERSION_0_1 (STEEPEST_ENCODE_VERSION(0, 1))
/** Release 0.2, for STEEPEST_VERSION_MIN_REQUIRED and _MAX_ALLOWED. */
#define STEEPEST_VERSION_0_2 (STEEPEST_ENCODE_VERSION(0, 2))

/** The release of these headers. */
#define STEEPEST_VERSION_CUR_STABLE \
    (STEEPEST_ENCODE_VERSION(STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR))

#ifndef STEEPEST_VERSION_MIN_REQUIRED
/** The oldest release the program supports (default: these headers'). */
#  define STEEPEST_VERSION_MIN_REQUIRED (STEEPEST_VERSION_CUR_STABLE)
#endif

#ifndef STEEPEST_VERSION_MAX_ALLOWED
/** The newest release whose API the program may use (default: these headers'). */
#  define STEEPEST_VERSION_MAX_ALLOWED (STEEPEST_VERSION_CUR_STABLE)
#endif

#if STEEPEST_VERSION_MAX_ALLOWED < STEEPEST_VERSION_MIN_REQUIRED
#  error "STEEPEST_VERSION_MAX_ALLOWED must be >= STEEPEST_VERSION_MIN_REQUIRED"
#endif
#if STEEPEST_VERSION_MIN_REQUIRED < STEEPEST_VERSION_0_1
#  error "STEEPEST_VERSION_MIN_REQUIRED must be >= STEEPEST_VERSION_0_1"
#endif

#if defined(__GNUC__) || defined(__clang__)
/** Marks a deprecated public function. */
#  define STEEPEST_DEPRECATED STEEPEST_API __attribute__((__deprecated__))
/** Marks a deprecated public function and names its replacement f. */
#  define STEEPEST_DEPRECATED_FOR(f) \
    STEEPEST_API __attribute__((__deprecated__("Use '" #f "' instead")))
/** Marks a function added after STEEPEST_VERSION_MAX_ALLOWED. */
#  define STEEPEST_UNAVAILABLE(major, minor) \
    STEEPEST_API __attribute__((__deprecated__("Not available before " #major "." #minor)))
#elif defined(_MSC_VER)
#  define STEEPEST_DEPRECATED STEEPEST_API __declspec(deprecated)
#  define STEEPEST_DEPRECATED_FOR(f) \
    STEEPEST_API __declspec(deprecated("is deprecated. Use '" #f "' instead"))
#  define STEEPEST_UNAVAILABLE(major, minor) \
    STEEPEST_API __declspec(deprecated("is not available before " #major "." #minor))
#else
#  define STEEPEST_DEPRECATED STEEPEST_API
#  define STEEPEST_DEPRECATED_FOR(f) STEEPEST_API
#  define STEEPEST_UNAVAILABLE(major, minor) STEEPEST_API
#endif

/** Declares a function of release 0.1 (linker node STEEPEST_1.0). */
#define STEEPEST_AVAILABLE_IN_0_1 STEEPEST_API

#if STEEPEST_VERSION_MAX_ALLOWED < STEEPEST_VERSION_0_2
#  define STEEPEST_AVAILABLE_IN_0_2 STEEPEST_UNAVAILABLE(0, 2)
#else
/** Declares a function of release 0.2 (linker node STEEPEST_1.1); warns
 * when STEEPEST_VERSION_MAX_ALLOWED is older. */
#  define STEEPEST_AVAILABLE_IN_0_2 STEEPEST_API
#endif

#if STEEPEST_VERSION_MIN_REQUIRED >= STEEPEST_VERSION_0_2
/** Declares a function deprecated in release 0.2; warns when
 * STEEPEST_VERSION_MIN_REQUIRED is 0.2 or newer. */
#  define STEEPEST_DEPRECATED_IN_0_2 STEEPEST_DEPRECATED
/** As STEEPEST_DEPRECATED_IN_0_2, naming the replacement f. */
#  define STEEPEST_DEPRECATED_IN_0_2_FOR(f) STEEPEST_DEPRECATED_FOR(f)
#else
#  define STEEPEST_DEPRECATED_IN_0_2 STEEPEST_API
#  define STEEPEST_DEPRECATED_IN_0_2_FOR(f) STEEPEST_API
#endif

#endif /* STEEPEST_VERSION_MACROS_H */

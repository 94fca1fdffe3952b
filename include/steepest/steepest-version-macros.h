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
 * MAX_ALLOWED defaults to the release of these headers
 * (STEEPEST_VERSION_CUR_STABLE), MIN_REQUIRED to MAX_ALLOWED; MAX_ALLOWED
 * older than MIN_REQUIRED is an error.
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
#define STEEPEST_VERSION_CUR_STABLE (STEEPEST_ENCODE_VERSION(STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR))

#ifndef STEEPEST_VERSION_MIN_REQUIRED
#ifdef STEEPEST_VERSION_MAX_ALLOWED
/** The oldest release the program supports (default: MAX_ALLOWED when that
 * is defined, else these headers' release). */
#define STEEPEST_VERSION_MIN_REQUIRED (STEEPEST_VERSION_MAX_ALLOWED)
#else
/** The oldest release the program supports (default: MAX_ALLOWED when that
 * is defined, else these headers' release). */
#define STEEPEST_VERSION_MIN_REQUIRED (STEEPEST_VERSION_CUR_STABLE)
#endif
#endif

#ifndef STEEPEST_VERSION_MAX_ALLOWED
/** The newest release whose API the program may use (default: these headers'). */
#define STEEPEST_VERSION_MAX_ALLOWED (STEEPEST_VERSION_CUR_STABLE)
#endif

#if STEEPEST_VERSION_MAX_ALLOWED < STEEPEST_VERSION_MIN_REQUIRED
#error "STEEPEST_VERSION_MAX_ALLOWED must be >= STEEPEST_VERSION_MIN_REQUIRED"
#endif
#if STEEPEST_VERSION_MIN_REQUIRED < STEEPEST_VERSION_0_1
#error "STEEPEST_VERSION_MIN_REQUIRED must be >= STEEPEST_VERSION_0_1"
#endif

/* The compiler's deprecation attribute, which carries the message. */
#if defined(__GNUC__) || defined(__clang__)
/** The compiler's deprecation attribute with a message (internal). */
#define STEEPEST_DEPRECATION_(message) __attribute__((__deprecated__(message)))
#elif defined(_MSC_VER)
/** The compiler's deprecation attribute with a message (internal). */
#define STEEPEST_DEPRECATION_(message) __declspec(deprecated(message))
#else
/** The compiler's deprecation attribute with a message (internal; none here). */
#define STEEPEST_DEPRECATION_(message)
#endif

/** Marks a deprecated public function. */
#define STEEPEST_DEPRECATED STEEPEST_API STEEPEST_DEPRECATION_("deprecated in libsteepest")
/** Marks a deprecated public function and names its replacement f. */
#define STEEPEST_DEPRECATED_FOR(f) STEEPEST_API STEEPEST_DEPRECATION_("Use '" #f "' instead")
/** Marks a function added in release major.minor, after STEEPEST_VERSION_MAX_ALLOWED. */
#define STEEPEST_UNAVAILABLE(major, minor) \
    STEEPEST_API STEEPEST_DEPRECATION_("Not available before " #major "." #minor)

/** Declares a function of release 0.1 (linker node STEEPEST_1.0). */
#define STEEPEST_AVAILABLE_IN_0_1 STEEPEST_API

#if STEEPEST_VERSION_MAX_ALLOWED < STEEPEST_VERSION_0_2
/** Declares a function of release 0.2 (linker node STEEPEST_1.1); warns
 * here, as STEEPEST_VERSION_MAX_ALLOWED is older. */
#define STEEPEST_AVAILABLE_IN_0_2 STEEPEST_UNAVAILABLE(0, 2)
#else
/** Declares a function of release 0.2 (linker node STEEPEST_1.1); warns
 * when STEEPEST_VERSION_MAX_ALLOWED is older. */
#define STEEPEST_AVAILABLE_IN_0_2 STEEPEST_API
#endif

#if STEEPEST_VERSION_MIN_REQUIRED >= STEEPEST_VERSION_0_2
/** Declares a function deprecated in release 0.2; warns when
 * STEEPEST_VERSION_MIN_REQUIRED is 0.2 or newer. */
#define STEEPEST_DEPRECATED_IN_0_2 STEEPEST_DEPRECATED
/** As STEEPEST_DEPRECATED_IN_0_2, naming the replacement f. */
#define STEEPEST_DEPRECATED_IN_0_2_FOR(f) STEEPEST_DEPRECATED_FOR(f)
#else
/** Declares a function deprecated in release 0.2; no warning here, as
 * STEEPEST_VERSION_MIN_REQUIRED is older (the program still needs it). */
#define STEEPEST_DEPRECATED_IN_0_2 STEEPEST_API
/** As STEEPEST_DEPRECATED_IN_0_2, naming the replacement f. */
#define STEEPEST_DEPRECATED_IN_0_2_FOR(f) STEEPEST_API
#endif

#endif /* STEEPEST_VERSION_MACROS_H */

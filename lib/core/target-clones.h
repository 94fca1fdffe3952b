/* STEEPEST_CLONES_AVX2: compile a hot kernel twice (AVX2 and baseline) and
 * pick one at load time.
 *
 * target_clones dispatches through an ifunc, whose resolver runs while the
 * dynamic loader relocates the library — before any sanitizer runtime is
 * ready (ThreadSanitizer crashes in it, and check-symbols refuses IRELATIVE
 * relocations in sanitizer builds).  So no clones in any sanitizer build: the
 * build system says so with STEEPEST_SANITIZED, and the compilers' own macros
 * catch -fsanitize given by hand (gcc has none for UBSan alone).  Every
 * kernel that wants clones uses this one macro, so no file can forget a
 * sanitizer. */
#ifndef STEEPEST_TARGET_CLONES_H
#define STEEPEST_TARGET_CLONES_H

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||  \
    __has_feature(memory_sanitizer) || __has_feature(dataflow_sanitizer) || \
    __has_feature(undefined_behavior_sanitizer)
#define STEEPEST_CLONES_OFF 1
#endif
#endif
#if defined(STEEPEST_SANITIZED) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STEEPEST_CLONES_OFF 1
#endif

#if defined(__x86_64__) && defined(__has_attribute) && !defined(STEEPEST_CLONES_OFF)
#if __has_attribute(target_clones)
#define STEEPEST_CLONES_AVX2 __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef STEEPEST_CLONES_AVX2
#define STEEPEST_CLONES_AVX2
#endif

#endif

/* tsan-glib-mutex.c — makes GLib's mutexes visible to ThreadSanitizer.
 *
 * libglib-2.0.so is not instrumented, and TSan misreads both of its mutexes:
 *  - GMutex is atomics and futex() on Linux: TSan sees neither lock nor
 *    unlock, so everything a GMutex protects would be reported as raced on;
 *  - GRecMutex is a pthread mutex that GLib mallocs on first lock and
 *    publishes with an atomic compare-and-exchange inside GLib, which TSan
 *    does not see: the first locks of two threads are reported as a race on
 *    the 40 bytes of the pthread_mutex_t itself.
 * Preloaded into the TSan stage's tests (scripts/ci/65-tsan.sh), this module
 * interposes GLib's mutex functions, calls GLib's own, and describes each
 * lock and unlock to TSan with its public mutex annotations (which also make
 * TSan ignore what happens inside the real call).  The locking stays GLib's;
 * TSan checks every access of the library and the tests against it, and no
 * report needs suppressing.  Built only with -Db_sanitize=thread. */
#include <dlfcn.h>
#include <glib.h>
#include <sanitizer/tsan_interface.h>
#include <stdlib.h>
#include <string.h>

typedef void (*MutexFn)(GMutex *);
typedef gboolean (*TryFn)(GMutex *);
typedef void (*RecFn)(GRecMutex *);
typedef gboolean (*RecTryFn)(GRecMutex *);

static MutexFn real_init, real_clear, real_lock, real_unlock;
static TryFn real_trylock;
static RecFn real_rec_init, real_rec_clear, real_rec_lock, real_rec_unlock;
static RecTryFn real_rec_trylock;

/* GLib's own function (the next definition after this module). */
static void
resolve(const char *name, void *fn, size_t size)
{
    void *p = dlsym(RTLD_NEXT, name);
    if (p == NULL)
        abort();          /* a GLib without it: nothing could be checked */
    memcpy(fn, &p, size); /* ISO C has no cast from void * to a function pointer */
}

/* Resolved once, before main and before any thread. */
__attribute__((constructor)) static void
resolve_all(void)
{
    resolve("g_mutex_init", &real_init, sizeof real_init);
    resolve("g_mutex_clear", &real_clear, sizeof real_clear);
    resolve("g_mutex_lock", &real_lock, sizeof real_lock);
    resolve("g_mutex_unlock", &real_unlock, sizeof real_unlock);
    resolve("g_mutex_trylock", &real_trylock, sizeof real_trylock);
    resolve("g_rec_mutex_init", &real_rec_init, sizeof real_rec_init);
    resolve("g_rec_mutex_clear", &real_rec_clear, sizeof real_rec_clear);
    resolve("g_rec_mutex_lock", &real_rec_lock, sizeof real_rec_lock);
    resolve("g_rec_mutex_unlock", &real_rec_unlock, sizeof real_rec_unlock);
    resolve("g_rec_mutex_trylock", &real_rec_trylock, sizeof real_rec_trylock);
}

void g_mutex_init(GMutex *mutex);
void g_mutex_clear(GMutex *mutex);
void g_mutex_lock(GMutex *mutex);
gboolean g_mutex_trylock(GMutex *mutex);
void g_mutex_unlock(GMutex *mutex);
void g_rec_mutex_init(GRecMutex *mutex);
void g_rec_mutex_clear(GRecMutex *mutex);
void g_rec_mutex_lock(GRecMutex *mutex);
gboolean g_rec_mutex_trylock(GRecMutex *mutex);
void g_rec_mutex_unlock(GRecMutex *mutex);

void
g_mutex_init(GMutex *mutex)
{
    real_init(mutex);
    __tsan_mutex_create(mutex, 0);
}

void
g_mutex_clear(GMutex *mutex)
{
    __tsan_mutex_destroy(mutex, 0);
    real_clear(mutex);
}

void
g_mutex_lock(GMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, 0);
    real_lock(mutex);
    __tsan_mutex_post_lock(mutex, 0, 0);
}

gboolean
g_mutex_trylock(GMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, __tsan_mutex_try_lock);
    gboolean locked = real_trylock(mutex);
    __tsan_mutex_post_lock(mutex, locked ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0);
    return locked;
}

void
g_mutex_unlock(GMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    real_unlock(mutex);
    __tsan_mutex_post_unlock(mutex, 0);
}

void
g_rec_mutex_init(GRecMutex *mutex)
{
    real_rec_init(mutex);
    __tsan_mutex_create(mutex, 0);
}

void
g_rec_mutex_clear(GRecMutex *mutex)
{
    __tsan_mutex_destroy(mutex, 0);
    real_rec_clear(mutex);
}

/* Recursion is counted by TSan per lock, like pthread's recursive mutexes. */
void
g_rec_mutex_lock(GRecMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, 0);
    real_rec_lock(mutex);
    __tsan_mutex_post_lock(mutex, 0, 0);
}

gboolean
g_rec_mutex_trylock(GRecMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, __tsan_mutex_try_lock);
    gboolean locked = real_rec_trylock(mutex);
    __tsan_mutex_post_lock(mutex, locked ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0);
    return locked;
}

void
g_rec_mutex_unlock(GRecMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    real_rec_unlock(mutex);
    __tsan_mutex_post_unlock(mutex, 0);
}

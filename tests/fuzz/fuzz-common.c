/* fuzz-common.c — see fuzz-common.h. */
#include "fuzz-common.h"

#include <sanitizer/allocator_interface.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd = -1;
static char path[64];

void
fuzz_fail(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    fputs("contract broken: ", stderr);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

const char *
fuzz_as_file(const uint8_t *data, size_t size)
{
    if (memfd < 0) {
        memfd = memfd_create("fuzz-input", MFD_CLOEXEC);
        if (memfd < 0)
            fuzz_fail("memfd_create failed");
        snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
    }
    if (ftruncate(memfd, 0) != 0)
        fuzz_fail("cannot truncate the input memfd");
    for (size_t done = 0; done < size;) {
        ssize_t w = pwrite(memfd, data + done, size - done, (off_t) done);
        if (w <= 0)
            fuzz_fail("cannot write the input memfd");
        done += (size_t) w;
    }
    return path;
}

static int
is_separator(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ',';
}

size_t
fuzz_count_tokens(const uint8_t *data, size_t size)
{
    size_t count = 0;
    for (size_t i = 0; i < size; i++)
        count += !is_separator(data[i]) && (i == 0 || is_separator(data[i - 1]));
    return count;
}

size_t
fuzz_allocated_size(const void *p)
{
    return p != NULL ? __sanitizer_get_allocated_size(p) : 0;
}

/* fuzz-common.h — what the file-reader harnesses share: the input as a file
 * the readers can open, the message the reader reported, and an independent
 * bound on how many numbers the text can hold. */
#ifndef STEEPEST_FUZZ_COMMON_H
#define STEEPEST_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "harness: what" and the input's size to stderr and aborts: a
 * broken contract, which libFuzzer reports as a crash with the input. */
void fuzz_fail(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A path that reads back exactly data[0..size): a memfd, rewritten on each
 * call, so no file is left behind and nothing touches the disk.  Aborts if the
 * memfd cannot be written (the harness cannot test anything then). */
const char *fuzz_as_file(const uint8_t *data, size_t size);

/* The last message the reader passed to cli_failure() (tools/cli.h), which
 * fuzz-cli.c defines in place of the program's stderr writer; "" before the
 * first failure.  fuzz_clear_message() empties it. */
const char *fuzz_message(void);
void fuzz_clear_message(void);

/* Maximal runs of bytes other than white space and ',' in data: every number
 * a text reader returns came from one of them, so a reader that returns more
 * values than this invented some. */
size_t fuzz_count_tokens(const uint8_t *data, size_t size);

/* The bytes the allocator gave the block p (0 for NULL): an over-read of a
 * short array is caught even where the allocator rounded the block up. */
size_t fuzz_allocated_size(const void *p);

#endif /* STEEPEST_FUZZ_COMMON_H */

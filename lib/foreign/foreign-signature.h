/* foreign-signature.h — the parsed form of a foreign-function signature
 * (grammar in steepest-foreign.h); internal to libsteepest. */
#ifndef STEEPEST_FOREIGN_SIGNATURE_H
#define STEEPEST_FOREIGN_SIGNATURE_H

#include <stddef.h>

#define FOREIGN_MAX_ARGS 16
#define FOREIGN_MAX_SIGNATURE 1024

typedef enum { FOREIGN_RET_DOUBLE, FOREIGN_RET_VOID, FOREIGN_RET_INT } ForeignReturn;

typedef enum { FOREIGN_ARG_X, FOREIGN_ARG_G, FOREIGN_ARG_F, FOREIGN_ARG_N, FOREIGN_ARG_NULL } ForeignRole;

typedef enum {
    FOREIGN_INT_INT,
    FOREIGN_INT_UNSIGNED,
    FOREIGN_INT_LONG,
    FOREIGN_INT_ULONG,
    FOREIGN_INT_SIZE_T,
    FOREIGN_INT_INT32,
    FOREIGN_INT_UINT32,
    FOREIGN_INT_INT64,
    FOREIGN_INT_UINT64
} ForeignIntType;

typedef struct {
    ForeignRole role;
    ForeignIntType int_type; /* role N only */
    int by_reference;        /* role N only */
} ForeignArg;

typedef struct {
    ForeignReturn ret;
    unsigned n_args;
    ForeignArg args[FOREIGN_MAX_ARGS];
    int has_gradient;
} ForeignSignature;

/* Parses `text`; on failure sets the thread error (STEEPEST_ERROR_SIGNATURE,
 * naming the column) and returns it. */
int steepest_foreign_signature_parse(const char *text, ForeignSignature *out);

/* The normal form, newly allocated with g_malloc. */
char *steepest_foreign_signature_format(const ForeignSignature *sig);

/* Names of an integer type ("size_t"). */
const char *steepest_foreign_int_type_name(ForeignIntType t);

#endif /* STEEPEST_FOREIGN_SIGNATURE_H */

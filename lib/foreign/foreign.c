/* foreign.c — foreign objectives: a function exported by a shared library,
 * called through libffi with the argument layout its signature string gives
 * (steepest-foreign.h).  The call interface is prepared once at creation;
 * each evaluation only fills argument slots on the stack. */
#include "core/steepest-private.h"
#include "foreign/foreign-signature.h"

#include <ffi.h>
#include <gmodule.h>
#include <limits.h>
#include <string.h>

struct SteepestForeign {
    ForeignSignature sig;
    char *signature_text; /* normal form */
    char *library;
    char *symbol;
    GModule *module;
    void (*fn)(void);
    ffi_cif cif;
    ffi_type *arg_types[FOREIGN_MAX_ARGS];
};

static ffi_type *
int_ffi_type(ForeignIntType t)
{
    switch (t) {
    case FOREIGN_INT_INT:
        return &ffi_type_sint;
    case FOREIGN_INT_UNSIGNED:
        return &ffi_type_uint;
    case FOREIGN_INT_LONG:
        return &ffi_type_slong;
    case FOREIGN_INT_ULONG:
        return &ffi_type_ulong;
    case FOREIGN_INT_SIZE_T:
        return sizeof(size_t) == 8 ? &ffi_type_uint64 : &ffi_type_uint32;
    case FOREIGN_INT_INT32:
        return &ffi_type_sint32;
    case FOREIGN_INT_UINT32:
        return &ffi_type_uint32;
    case FOREIGN_INT_INT64:
        return &ffi_type_sint64;
    case FOREIGN_INT_UINT64:
        return &ffi_type_uint64;
    }
    return &ffi_type_void;
}

int
steepest_foreign_new(const char *library, const char *symbol, const char *signature, SteepestForeign **out)
{
    static const char fn[] = "steepest_foreign_new";
    if (library == NULL || symbol == NULL || signature == NULL || out == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                             library == NULL     ? "library"
                             : symbol == NULL    ? "symbol"
                             : signature == NULL ? "signature"
                                                 : "out");
    *out = NULL;
    if (strchr(library, '/') == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT,
                             "%s: library '%s' is not a path (write ./%s for a file in the current "
                             "directory; the search path is never used)",
                             fn, library, library);
    if (symbol[0] == '\0')
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "%s: empty symbol name", fn);

    SteepestForeign *self = g_new0(SteepestForeign, 1);
    int status = steepest_foreign_signature_parse(signature, &self->sig);
    if (status != STEEPEST_OK) {
        g_free(self);
        return status;
    }
    self->signature_text = steepest_foreign_signature_format(&self->sig);
    self->library = g_strdup(library);
    self->symbol = g_strdup(symbol);

    self->module = g_module_open(library, G_MODULE_BIND_LOCAL);
    if (self->module == NULL) {
        status = steepest_fail(STEEPEST_ERROR_PLUGIN_LOAD, "cannot load library '%s': %s", library,
                               g_module_error());
        goto fail;
    }
    gpointer address = NULL;
    if (!g_module_symbol(self->module, symbol, &address) || address == NULL) {
        status = steepest_fail(STEEPEST_ERROR_SYMBOL, "library '%s' has no symbol '%s'", library, symbol);
        goto fail;
    }
    /* Object pointer to function pointer: the POSIX dlsym idiom. */
    memcpy(&self->fn, &address, sizeof self->fn);

    for (unsigned i = 0; i < self->sig.n_args; i++) {
        const ForeignArg *a = &self->sig.args[i];
        self->arg_types[i] =
            (a->role == FOREIGN_ARG_N && !a->by_reference) ? int_ffi_type(a->int_type) : &ffi_type_pointer;
    }
    ffi_type *rtype = self->sig.ret == FOREIGN_RET_DOUBLE ? &ffi_type_double
                      : self->sig.ret == FOREIGN_RET_INT  ? &ffi_type_sint
                                                          : &ffi_type_void;
    if (ffi_prep_cif(&self->cif, FFI_DEFAULT_ABI, self->sig.n_args, rtype, self->arg_types) != FFI_OK) {
        status = steepest_fail(STEEPEST_ERROR_UNSUPPORTED, "libffi cannot prepare a call of '%s' as %s",
                               symbol, self->signature_text);
        goto fail;
    }
    *out = self;
    return STEEPEST_OK;

fail:
    steepest_foreign_free(self);
    return status;
}

void
steepest_foreign_free(SteepestForeign *foreign)
{
    if (foreign == NULL)
        return;
    if (foreign->module != NULL)
        g_module_close(foreign->module);
    g_free(foreign->signature_text);
    g_free(foreign->library);
    g_free(foreign->symbol);
    g_free(foreign);
}

typedef union {
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    size_t z;
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
} IntSlot;

/* Stores n in the slot as the declared type; FALSE if it does not fit. */
static gboolean
store_dim(ForeignIntType t, size_t n, IntSlot *slot)
{
    switch (t) {
    case FOREIGN_INT_INT:
        if (n > INT_MAX)
            return FALSE;
        slot->i = (int) n;
        return TRUE;
    case FOREIGN_INT_UNSIGNED:
        if (n > UINT_MAX)
            return FALSE;
        slot->u = (unsigned) n;
        return TRUE;
    case FOREIGN_INT_LONG:
        if (n > LONG_MAX)
            return FALSE;
        slot->l = (long) n;
        return TRUE;
    case FOREIGN_INT_ULONG:
        if (n > ULONG_MAX)
            return FALSE;
        slot->ul = (unsigned long) n;
        return TRUE;
    case FOREIGN_INT_SIZE_T:
        slot->z = n;
        return TRUE;
    case FOREIGN_INT_INT32:
        if (n > INT32_MAX)
            return FALSE;
        slot->i32 = (int32_t) n;
        return TRUE;
    case FOREIGN_INT_UINT32:
        if (n > UINT32_MAX)
            return FALSE;
        slot->u32 = (uint32_t) n;
        return TRUE;
    case FOREIGN_INT_INT64:
        if (n > INT64_MAX)
            return FALSE;
        slot->i64 = (int64_t) n;
        return TRUE;
    case FOREIGN_INT_UINT64:
        slot->u64 = n;
        return TRUE;
    }
    return FALSE;
}

int
steepest_foreign_evaluate(void *user_data, size_t n, const double *x, double *value, double *grad)
{
    SteepestForeign *self = user_data;
    if (self == NULL || x == NULL || value == NULL)
        return steepest_fail(STEEPEST_ERROR_INVALID_ARGUMENT, "foreign objective: %s is NULL",
                             self == NULL ? "the handle"
                             : x == NULL  ? "x"
                                          : "value");
    if (n == 0)
        return steepest_fail(STEEPEST_ERROR_DIMENSION, "foreign objective '%s': dimension 0", self->symbol);
    if (grad != NULL && !self->sig.has_gradient)
        return steepest_fail(STEEPEST_ERROR_UNSUPPORTED,
                             "foreign objective '%s': signature %s has no 'g' argument, so no gradient",
                             self->symbol, self->signature_text);

    /* n must fit the declared type before anything is allocated for it. */
    IntSlot dim;
    for (unsigned i = 0; i < self->sig.n_args; i++) {
        const ForeignArg *a = &self->sig.args[i];
        if (a->role == FOREIGN_ARG_N && !store_dim(a->int_type, n, &dim))
            return steepest_fail(STEEPEST_ERROR_DIMENSION,
                                 "foreign objective '%s': dimension %zu does not fit n:%s", self->symbol, n,
                                 steepest_foreign_int_type_name(a->int_type));
    }

    /* A scratch gradient when the caller wants none: the function may not check for NULL. */
    double small[64];
    double *scratch = NULL;
    double *g = grad;
    if (g == NULL && self->sig.has_gradient) {
        if (n <= G_N_ELEMENTS(small)) {
            g = small;
        } else {
            scratch = g_try_new(double, n);
            if (scratch == NULL)
                return steepest_fail(STEEPEST_ERROR_NO_MEMORY, "foreign objective: out of memory");
            g = scratch;
        }
    }

    void *dim_ref = &dim;
    const double *x_arg = x;
    double *g_arg = g;
    double f_out = 0.0;
    double *f_arg = &f_out;
    void *null_arg = NULL;
    void *values[FOREIGN_MAX_ARGS];
    for (unsigned i = 0; i < self->sig.n_args; i++) {
        const ForeignArg *a = &self->sig.args[i];
        switch (a->role) {
        case FOREIGN_ARG_X:
            values[i] = &x_arg;
            break;
        case FOREIGN_ARG_G:
            values[i] = &g_arg;
            break;
        case FOREIGN_ARG_F:
            values[i] = &f_arg;
            break;
        case FOREIGN_ARG_NULL:
            values[i] = &null_arg;
            break;
        case FOREIGN_ARG_N:
            store_dim(a->int_type, n, &dim); /* checked above */
            values[i] = a->by_reference ? (void *) &dim_ref : (void *) &dim;
            break;
        }
    }

    union {
        ffi_arg i;
        double d;
    } rv;
    memset(&rv, 0, sizeof rv);
    ffi_call(&self->cif, self->fn, &rv, self->sig.n_args > 0 ? values : NULL);
    g_free(scratch);

    switch (self->sig.ret) {
    case FOREIGN_RET_DOUBLE:
        *value = rv.d;
        break;
    case FOREIGN_RET_INT: {
        int code = (int) rv.i;
        if (code != 0)
            return steepest_fail(STEEPEST_ERROR_CALLBACK, "foreign objective '%s' returned status %d",
                                 self->symbol, code);
        *value = f_out;
        break;
    }
    case FOREIGN_RET_VOID:
        *value = f_out;
        break;
    }
    return STEEPEST_OK;
}

SteepestObjectiveFn
steepest_foreign_objective(void)
{
    return steepest_foreign_evaluate;
}

int
steepest_foreign_has_gradient(const SteepestForeign *foreign)
{
    return foreign != NULL && foreign->sig.has_gradient;
}

const char *
steepest_foreign_get_signature(const SteepestForeign *foreign)
{
    return foreign != NULL ? foreign->signature_text : NULL;
}

const char *
steepest_foreign_get_library(const SteepestForeign *foreign)
{
    return foreign != NULL ? foreign->library : NULL;
}

const char *
steepest_foreign_get_symbol(const SteepestForeign *foreign)
{
    return foreign != NULL ? foreign->symbol : NULL;
}

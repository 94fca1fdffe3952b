/* plugin-abi.c — the plugin ABI's layout, frozen: the offset, size and type
 * of every field of every struct in steepest-plugin.h, and the values of its
 * constants.  Compiled as a build target (tests/headers/meson.build), so a
 * change to any of them breaks the build.  Appending a field to a struct is
 * the only change that still compiles — the rule of the ABI (a plugin built
 * against an older minor version passes a smaller struct_size, and the
 * host reads no field beyond it).  When a field is appended, add its line.
 *
 * The numbers are those of an LP64 target (8-byte pointers, doubles and
 * 64-bit integers aligned on 8), which every platform CI builds on is; other
 * data models are not checked here. */
#include <stddef.h>
#include <stdint.h>
#include <steepest/steepest-plugin.h>

#define FIELD(type, field, offset, size)                                                       \
    _Static_assert(offsetof(type, field) == (offset) && sizeof(((type *) 0)->field) == (size), \
                   #type "." #field " moved or changed size: the plugin ABI only appends")
/* Appending makes a struct larger, never smaller. */
#define END(type, size) _Static_assert(sizeof(type) >= (size), #type " lost a field")
/* The field's type, exactly (_Generic does not evaluate the expression). */
#define TYPE(type, field, ...)                                                  \
    _Static_assert(_Generic(((type *) 0)->field, __VA_ARGS__ : 1, default : 0), \
                   #type "." #field " changed type: the plugin ABI only appends")
#define VALUE(name, value) _Static_assert((name) == (value), #name " changed value")

#if defined(__LP64__) || defined(_LP64)
FIELD(SteepestPluginParam, struct_size, 0, 4);
FIELD(SteepestPluginParam, type, 4, 4);
FIELD(SteepestPluginParam, name, 8, 8);
FIELD(SteepestPluginParam, doc, 16, 8);
FIELD(SteepestPluginParam, default_value, 24, 8);
FIELD(SteepestPluginParam, min, 32, 8);
FIELD(SteepestPluginParam, max, 40, 8);
END(SteepestPluginParam, 48);
FIELD(SteepestPluginHost, struct_size, 0, 4);
FIELD(SteepestPluginHost, abi_version, 4, 4);
FIELD(SteepestPluginHost, set_error, 8, 8);
FIELD(SteepestPluginHost, alloc, 16, 8);
FIELD(SteepestPluginHost, free, 24, 8);
FIELD(SteepestPluginHost, arg_is_set, 32, 8);
FIELD(SteepestPluginHost, arg_int, 40, 8);
FIELD(SteepestPluginHost, arg_double, 48, 8);
FIELD(SteepestPluginHost, arg_int_list, 56, 8);
FIELD(SteepestPluginHost, arg_double_list, 64, 8);
FIELD(SteepestPluginHost, matrix_spectral_norm, 72, 8);
FIELD(SteepestPluginHost, matrix_inf1, 80, 8);
FIELD(SteepestPluginHost, matrix_block_induced, 88, 8);
FIELD(SteepestPluginHost, matrix_sym_eigenvalues, 96, 8);
FIELD(SteepestPluginHost, matrix_lsep, 104, 8);
END(SteepestPluginHost, 112);
FIELD(SteepestPluginInducedQuery, struct_size, 0, 4);
FIELD(SteepestPluginInducedQuery, mode, 4, 4);
FIELD(SteepestPluginInducedQuery, max_exact_dim, 8, 4);
FIELD(SteepestPluginInducedQuery, threads, 12, 4);
FIELD(SteepestPluginInducedQuery, time_budget, 16, 8);
FIELD(SteepestPluginInducedQuery, seed, 24, 8);
FIELD(SteepestPluginInducedQuery, restarts, 32, 4);
FIELD(SteepestPluginInducedQuery, reserved0, 36, 4);
FIELD(SteepestPluginInducedQuery, progress, 40, 8);
FIELD(SteepestPluginInducedQuery, user_data, 48, 8);
END(SteepestPluginInducedQuery, 56);
FIELD(SteepestPluginInducedResult, struct_size, 0, 4);
FIELD(SteepestPluginInducedResult, exact, 4, 4);
FIELD(SteepestPluginInducedResult, lower, 8, 8);
FIELD(SteepestPluginInducedResult, upper, 16, 8);
FIELD(SteepestPluginInducedResult, method, 24, 8);
END(SteepestPluginInducedResult, 32);
FIELD(SteepestPluginNormClass, abi_version, 0, 4);
FIELD(SteepestPluginNormClass, struct_size, 4, 4);
FIELD(SteepestPluginNormClass, name, 8, 8);
FIELD(SteepestPluginNormClass, dual_name, 16, 8);
FIELD(SteepestPluginNormClass, summary, 24, 8);
FIELD(SteepestPluginNormClass, params, 32, 8);
FIELD(SteepestPluginNormClass, user_data, 40, 8);
FIELD(SteepestPluginNormClass, create, 48, 8);
FIELD(SteepestPluginNormClass, destroy, 56, 8);
FIELD(SteepestPluginNormClass, norm, 64, 8);
FIELD(SteepestPluginNormClass, dual_norm, 72, 8);
FIELD(SteepestPluginNormClass, duality_map, 80, 8);
FIELD(SteepestPluginNormClass, unit_direction, 88, 8);
FIELD(SteepestPluginNormClass, step_scaled, 96, 8);
FIELD(SteepestPluginNormClass, step_normalized, 104, 8);
FIELD(SteepestPluginNormClass, induced_norm, 112, 8);
FIELD(SteepestPluginNormClass, scaled_direction, 120, 8); /* ABI 1.2 */
END(SteepestPluginNormClass, 128);
/* The smallest class a host accepts: through duality_map. */
VALUE(STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE, 88);
#endif

/* Types hold on any data model. */
TYPE(SteepestPluginParam, struct_size, uint32_t);
TYPE(SteepestPluginParam, type, uint32_t);
TYPE(SteepestPluginParam, name, const char *);
TYPE(SteepestPluginParam, doc, const char *);
TYPE(SteepestPluginParam, default_value, const char *);
TYPE(SteepestPluginParam, min, double);
TYPE(SteepestPluginParam, max, double);
TYPE(SteepestPluginHost, struct_size, uint32_t);
TYPE(SteepestPluginHost, abi_version, uint32_t);
TYPE(SteepestPluginHost, set_error, void (*)(const char *message));
TYPE(SteepestPluginHost, alloc, void *(*) (size_t size));
TYPE(SteepestPluginHost, free, void (*)(void *ptr));
TYPE(SteepestPluginHost, arg_is_set, int (*)(const SteepestPluginArgs *args, const char *name));
TYPE(SteepestPluginHost, arg_int, int (*)(const SteepestPluginArgs *args, const char *name, int64_t *value));
TYPE(SteepestPluginHost, arg_double,
     int (*)(const SteepestPluginArgs *args, const char *name, double *value));
TYPE(SteepestPluginHost, arg_int_list,
     int (*)(const SteepestPluginArgs *args, const char *name, const int64_t **values, size_t *count));
TYPE(SteepestPluginHost, arg_double_list,
     int (*)(const SteepestPluginArgs *args, const char *name, const double **values, size_t *count));
TYPE(SteepestPluginHost, matrix_spectral_norm,
     int (*)(size_t n, const double *H, const struct SteepestPluginInducedQuery *query,
             struct SteepestPluginInducedResult *result));
TYPE(SteepestPluginHost, matrix_inf1,
     int (*)(size_t n, const double *H, const struct SteepestPluginInducedQuery *query,
             struct SteepestPluginInducedResult *result));
TYPE(SteepestPluginHost, matrix_block_induced,
     int (*)(size_t n, const double *H, size_t n_blocks, const size_t *start,
             const struct SteepestPluginInducedQuery *query, struct SteepestPluginInducedResult *result));
TYPE(SteepestPluginHost, matrix_sym_eigenvalues, int (*)(size_t n, const double *H, double *eigenvalues));
TYPE(SteepestPluginHost, matrix_lsep,
     int (*)(size_t n, const double *H, double *primal, double *dual, double *l));
TYPE(SteepestPluginInducedQuery, struct_size, uint32_t);
TYPE(SteepestPluginInducedQuery, mode, uint32_t);
TYPE(SteepestPluginInducedQuery, max_exact_dim, uint32_t);
TYPE(SteepestPluginInducedQuery, threads, uint32_t);
TYPE(SteepestPluginInducedQuery, time_budget, double);
TYPE(SteepestPluginInducedQuery, seed, uint64_t);
TYPE(SteepestPluginInducedQuery, restarts, uint32_t);
TYPE(SteepestPluginInducedQuery, reserved0, uint32_t);
TYPE(SteepestPluginInducedQuery, progress, int (*)(void *user_data, double fraction));
TYPE(SteepestPluginInducedQuery, user_data, void *);
TYPE(SteepestPluginInducedResult, struct_size, uint32_t);
TYPE(SteepestPluginInducedResult, exact, uint32_t);
TYPE(SteepestPluginInducedResult, lower, double);
TYPE(SteepestPluginInducedResult, upper, double);
TYPE(SteepestPluginInducedResult, method, const char *);
TYPE(SteepestPluginNormClass, abi_version, uint32_t);
TYPE(SteepestPluginNormClass, struct_size, uint32_t);
TYPE(SteepestPluginNormClass, name, const char *);
TYPE(SteepestPluginNormClass, dual_name, const char *);
TYPE(SteepestPluginNormClass, summary, const char *);
TYPE(SteepestPluginNormClass, params, const SteepestPluginParam *const *);
TYPE(SteepestPluginNormClass, user_data, void *);
TYPE(SteepestPluginNormClass, create,
     int (*)(const SteepestPluginHost *host, const SteepestPluginArgs *args, size_t n, void **state));
TYPE(SteepestPluginNormClass, destroy, void (*)(void *state));
TYPE(SteepestPluginNormClass, norm, int (*)(void *state, size_t n, const double *x, double *value));
TYPE(SteepestPluginNormClass, dual_norm, int (*)(void *state, size_t n, const double *z, double *value));
TYPE(SteepestPluginNormClass, duality_map,
     int (*)(void *state, size_t n, const double *z, double *zsharp, double *dual_value));
TYPE(SteepestPluginNormClass, unit_direction,
     int (*)(void *state, size_t n, const double *z, double *s, double *dual_value));
TYPE(SteepestPluginNormClass, step_scaled,
     int (*)(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
             double *dual_value));
TYPE(SteepestPluginNormClass, step_normalized,
     int (*)(void *state, size_t n, const double *x, const double *z, double alpha, double *x_out,
             double *dual_value));
TYPE(SteepestPluginNormClass, induced_norm,
     int (*)(void *state, size_t n, const double *H, const SteepestPluginInducedQuery *query,
             SteepestPluginInducedResult *result));
TYPE(SteepestPluginNormClass, scaled_direction,
     int (*)(void *state, size_t n, const double *z, double dual, double c, double *out));

VALUE(STEEPEST_PLUGIN_ABI_MAJOR, 1);
VALUE(STEEPEST_PLUGIN_ABI_VERSION >> 16, STEEPEST_PLUGIN_ABI_MAJOR);
VALUE(STEEPEST_PLUGIN_OK, 0);
VALUE(STEEPEST_PLUGIN_E_INVALID, -1);
VALUE(STEEPEST_PLUGIN_E_NOMEM, -2);
VALUE(STEEPEST_PLUGIN_E_DIMENSION, -3);
VALUE(STEEPEST_PLUGIN_E_NOT_FINITE, -4);
VALUE(STEEPEST_PLUGIN_E_PARAMETER, -7);
VALUE(STEEPEST_PLUGIN_E_FAILED, -12);
VALUE(STEEPEST_PLUGIN_E_UNSUPPORTED, -13);
VALUE(STEEPEST_PLUGIN_E_CANCELLED, -15);
VALUE(STEEPEST_PLUGIN_E_LINALG, -17);
VALUE(STEEPEST_PLUGIN_E_NOT_SYMMETRIC, -18);
VALUE(STEEPEST_PLUGIN_E_NOT_PSD, -19);
VALUE(STEEPEST_PARAM_INT, 1);
VALUE(STEEPEST_PARAM_DOUBLE, 2);
VALUE(STEEPEST_PARAM_INT_LIST, 3);
VALUE(STEEPEST_PARAM_DOUBLE_LIST, 4);
VALUE(STEEPEST_INDUCED_AUTO, 0);
VALUE(STEEPEST_INDUCED_EXACT, 1);
VALUE(STEEPEST_INDUCED_BOUNDS, 2);

/* An ISO C translation unit may not be empty of declarations. */
extern const int steepest_plugin_abi_layout_checked;
const int steepest_plugin_abi_layout_checked = 1;

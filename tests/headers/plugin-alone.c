/* steepest-plugin.h stands alone: a plugin compiles against it with nothing
 * else from libsteepest, as strict C99.  Built once as C and once as C++
 * (plugin-alone.cpp includes this file). */
#include <steepest/steepest-plugin.h>

#ifdef STEEPEST_NORM_H
#error "steepest-plugin.h must not pull in the library's own headers"
#endif
#ifdef STEEPEST_STATUS_H
#error "steepest-plugin.h must not pull in the library's own headers"
#endif

static int
check_norm(void *state, size_t n, const double *x, double *value)
{
    (void) state;
    (void) x;
    *value = (double) n;
    return STEEPEST_PLUGIN_OK;
}

static int
check_map(void *state, size_t n, const double *z, double *zsharp, double *dual)
{
    (void) state;
    for (size_t i = 0; i < n; i++)
        zsharp[i] = z[i];
    *dual = 0.0;
    return STEEPEST_PLUGIN_OK;
}

static const SteepestPluginParam check_param = {
    sizeof(SteepestPluginParam), STEEPEST_PARAM_INT_LIST, "sizes", "doc", NULL, 1.0, 1e15
};
static const SteepestPluginParam *const check_params[] = { &check_param, NULL };

static SteepestPluginNormClass check_class;

STEEPEST_PLUGIN_EXPORT const SteepestPluginNormClass *
STEEPEST_PLUGIN_ENTRY(const SteepestPluginHost *host, uint32_t index)
{
    check_class.abi_version = STEEPEST_PLUGIN_ABI_VERSION;
    check_class.struct_size = (uint32_t) sizeof(SteepestPluginNormClass);
    check_class.name = "header_check";
    check_class.dual_name = "header_check";
    check_class.summary = "compiles";
    check_class.params = check_params;
    check_class.norm = check_norm;
    check_class.dual_norm = check_norm;
    check_class.duality_map = check_map;
    if (host != NULL && !STEEPEST_PLUGIN_HAS_FIELD(host, SteepestPluginHost, arg_double_list))
        return NULL;
    if (sizeof(SteepestPluginNormClass) < STEEPEST_PLUGIN_NORM_CLASS_MIN_SIZE)
        return NULL;
    return index == 0 ? &check_class : NULL;
}

/* The umbrella header compiles as strict C99 (-std=c99 -pedantic -Werror):
 * applications are not obliged to use C11. */
#include <steepest/steepest.h>

int steepest_header_check_c99(void);

int
steepest_header_check_c99(void)
{
    SteepestNorm *norm = 0;
    int rc = steepest_norm_new("l2", 3, &norm);
    steepest_norm_free(norm);
    return rc + (STEEPEST_CHECK_VERSION(0, 1, 0) ? 0 : 1) +
           (int) STEEPEST_PLUGIN_ABI_MAJOR_OF(STEEPEST_PLUGIN_ABI_VERSION);
}

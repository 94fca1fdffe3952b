// The umbrella header compiles as C++ (extern "C", no C-only constructs).
#include <steepest/steepest.h>

int steepest_header_check_cpp(void);

int
steepest_header_check_cpp(void)
{
    SteepestNorm *norm = nullptr;
    int rc = steepest_norm_new("l2", 3, &norm);
    steepest_norm_free(norm);
    return rc == STEEPEST_OK ? 0 : 1;
}

// steepest-plugin.h alone, compiled as C++.
#include "plugin-alone.c"

/* version.c — the run-time version of the loaded library. */
#include "core/steepest-private.h"

const char *
steepest_version(void)
{
    return STEEPEST_VERSION_STRING;
}

unsigned
steepest_version_number(void)
{
    return STEEPEST_VERSION_MAJOR * 10000u + STEEPEST_VERSION_MINOR * 100u + STEEPEST_VERSION_MICRO;
}

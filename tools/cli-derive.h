/* cli-derive.h — instances `steepest check-plugin` builds by itself for a
 * class whose parameters have no default (block needs size or sizes,
 * spectral rows and cols): spec candidates made from the parameter
 * declarations (type and range) and the dimension, tried in turn. */
#ifndef STEEPEST_CLI_DERIVE_H
#define STEEPEST_CLI_DERIVE_H

#include <glib.h>
#include <steepest/steepest.h>

/* TRUE if some parameter of the class has no default. */
gboolean cli_derive_needed(const SteepestNormClass *klass);

/* The first candidate spec ("block:size=2") that steepest_norm_new accepts
 * at dimension d, with the instance in *norm; NULL (and *norm NULL) when
 * none is.  *tried counts the candidates given to steepest_norm_new. */
char *cli_derive_instance(const SteepestNormClass *klass, size_t d, SteepestNorm **norm, size_t *tried);

/* "NAME:a=…,b=…" over the parameters without a default: the shape of the
 * --spec a user has to give when no candidate is accepted. */
char *cli_derive_spec_hint(const SteepestNormClass *klass);

#endif /* STEEPEST_CLI_DERIVE_H */

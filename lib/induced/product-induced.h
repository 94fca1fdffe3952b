/* product-induced.h — the induced matrix norm of the product norm (its
 * class's induced_norm method; product-induced.c). */
#ifndef STEEPEST_PRODUCT_INDUCED_H
#define STEEPEST_PRODUCT_INDUCED_H

#include "core/steepest-private.h"

G_BEGIN_DECLS

int steepest_product_induced_norm(void *state, size_t n, const double *H,
                                  const SteepestPluginInducedQuery *query,
                                  SteepestPluginInducedResult *result);

G_END_DECLS

#endif /* STEEPEST_PRODUCT_INDUCED_H */

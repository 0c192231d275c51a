/* The int8 (qs8) kernels for portable C:
 * kernels/tmpl/ge_qs8_*_tmpl.h over ge_simdq_scalar.h. */
#include "engine/kernels/scalar/ge_simdq_scalar.h"
#include "engine/kernels/tmpl/ge_qs8_kernels_tmpl.h"

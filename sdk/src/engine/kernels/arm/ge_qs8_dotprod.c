/* The int8 (qs8) kernels for aarch64 NEON with SDOT (-march=armv8.2-a+dotprod):
 * kernels/tmpl/ge_qs8_*_tmpl.h over ge_simdq_dotprod.h. */
#include "engine/kernels/arm/ge_simdq_dotprod.h"
#include "engine/kernels/tmpl/ge_qs8_kernels_tmpl.h"

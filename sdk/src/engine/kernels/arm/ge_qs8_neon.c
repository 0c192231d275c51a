/* The int8 (qs8) kernels for aarch64 NEON (SMLAL):
 * kernels/tmpl/ge_qs8_*_tmpl.h over ge_simdq_neon.h. */
#include "engine/kernels/arm/ge_simdq_neon.h"
#include "engine/kernels/tmpl/ge_qs8_kernels_tmpl.h"

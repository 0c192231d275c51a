/* The f32 kernels for aarch64 NEON: the templates in kernels/tmpl/ over ge_simd_neon.h. */
#include "engine/kernels/arm/ge_simd_neon.h"
#include "engine/kernels/tmpl/ge_f32_kernels_tmpl.h"

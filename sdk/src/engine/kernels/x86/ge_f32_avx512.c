/* The f32 kernels for x86-64 with AVX-512 F/BW/VL/DQ (compiled with those flags; run only
 * when ge_isa says so):
 * the templates in kernels/tmpl/ over ge_simd_avx512.h. */
#include "engine/kernels/x86/ge_simd_avx512.h"
#include "engine/kernels/tmpl/ge_f32_kernels_tmpl.h"

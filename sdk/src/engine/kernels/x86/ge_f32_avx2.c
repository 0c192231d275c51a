/* The f32 kernels for x86-64 with AVX2 + FMA (compiled with -mavx2 -mfma; run only when
 * ge_isa says so):
 * the templates in kernels/tmpl/ over ge_simd_avx2.h. */
#include "engine/kernels/x86/ge_simd_avx2.h"
#include "engine/kernels/tmpl/ge_f32_kernels_tmpl.h"

/* The f32 kernels for portable C, every build: the templates in kernels/tmpl/ over ge_simd_scalar.h. */
#include "engine/kernels/scalar/ge_simd_scalar.h"
#include "engine/kernels/tmpl/ge_f32_kernels_tmpl.h"

/* The f32 kernels for WebAssembly SIMD128 (built with -msimd128):
 * the templates in kernels/tmpl/ over ge_simd_wasm.h. */
#include "engine/kernels/wasm/ge_simd_wasm.h"
#include "engine/kernels/tmpl/ge_f32_kernels_tmpl.h"

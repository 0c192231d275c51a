/* The int8 (qs8) kernels for WebAssembly SIMD128 (i32x4.dot_i16x8):
 * kernels/tmpl/ge_qs8_*_tmpl.h over ge_simdq_wasm.h. */
#include "engine/kernels/wasm/ge_simdq_wasm.h"
#include "engine/kernels/tmpl/ge_qs8_kernels_tmpl.h"

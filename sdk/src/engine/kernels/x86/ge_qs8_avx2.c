/* The int8 (qs8) kernels for x86-64 with AVX2 (VPMADDWD):
 * kernels/tmpl/ge_qs8_*_tmpl.h over ge_simdq_avx2.h. */
#include "engine/kernels/x86/ge_simdq_avx2.h"
#include "engine/kernels/tmpl/ge_qs8_kernels_tmpl.h"

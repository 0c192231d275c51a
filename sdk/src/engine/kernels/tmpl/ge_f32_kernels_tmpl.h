/*
 * All f32 kernels of one ISA and their table (ge_cpu_f32_kernels_<isa>), in preference order:
 * the specialised kernel of an op before its general one. An ISA file defines the vector
 * primitives (ge_simd_<isa>.h) and includes this.
 */
#include "engine/kernels/tmpl/ge_f32_gemm_tmpl.h"
#include "engine/kernels/tmpl/ge_f32_dwconv_tmpl.h"
#include "engine/kernels/tmpl/ge_f32_eltwise_tmpl.h"

#define VX_KNAME(base) VX_STR(VX_CAT2(base, VX_ISA))

const ge_cpu_kernel VX_FN(ge_cpu_f32_kernels)[] = {
    {VX_KNAME(ge_f32_conv1x1), GE_OP_CONV2D, VX_ISA_BITS, VX_FN(conv1x1_supports), VX_FN(conv_prepare),
     VX_FN(conv1x1_run)},
    {VX_KNAME(ge_f32_conv2d), GE_OP_CONV2D, VX_ISA_BITS, VX_FN(conv2d_supports), VX_FN(conv_prepare),
     VX_FN(conv2d_run)},
    {VX_KNAME(ge_f32_dwconv3x3), GE_OP_DEPTHWISE_CONV2D, VX_ISA_BITS, VX_FN(dw3x3_supports), VX_FN(dw_prepare),
     VX_FN(dw3x3_run)},
    {VX_KNAME(ge_f32_dwconv5x5), GE_OP_DEPTHWISE_CONV2D, VX_ISA_BITS, VX_FN(dw5x5_supports), VX_FN(dw_prepare),
     VX_FN(dw5x5_run)},
    {VX_KNAME(ge_f32_dwconv), GE_OP_DEPTHWISE_CONV2D, VX_ISA_BITS, VX_FN(dw_supports_any), VX_FN(dw_prepare),
     VX_FN(dw_any_run)},
    {VX_KNAME(ge_f32_fc), GE_OP_FULLY_CONNECTED, VX_ISA_BITS, VX_FN(fc_supports), VX_FN(fc_prepare), VX_FN(fc_run)},
    {VX_KNAME(ge_f32_add), GE_OP_ADD, VX_ISA_BITS, VX_FN(bin_supports), VX_FN(bin_prepare), VX_FN(bin_run)},
    {VX_KNAME(ge_f32_sub), GE_OP_SUB, VX_ISA_BITS, VX_FN(bin_supports), VX_FN(bin_prepare), VX_FN(bin_run)},
    {VX_KNAME(ge_f32_mul), GE_OP_MUL, VX_ISA_BITS, VX_FN(bin_supports), VX_FN(bin_prepare), VX_FN(bin_run)},
    {VX_KNAME(ge_f32_prelu), GE_OP_PRELU, VX_ISA_BITS, VX_FN(prelu_supports), VX_FN(prelu_prepare), VX_FN(prelu_run)},
};
const int32_t VX_CAT2(VX_FN(ge_cpu_f32_kernels), count) =
    (int32_t)(sizeof(VX_FN(ge_cpu_f32_kernels)) / sizeof(ge_cpu_kernel));

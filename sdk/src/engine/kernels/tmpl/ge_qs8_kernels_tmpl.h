/*
 * All int8 (qs8) kernels of one ISA and their table (ge_cpu_qs8_kernels_<isa>), specialised
 * kernels before general ones. An ISA file includes its ge_simdq_<isa>.h, then this.
 */
#include "engine/kernels/tmpl/ge_qs8_gemm_tmpl.h"
#include "engine/kernels/tmpl/ge_qs8_dwconv_tmpl.h"
#include "engine/kernels/tmpl/ge_qs8_eltwise_tmpl.h"
#include "engine/kernels/tmpl/ge_qs8_misc_tmpl.h"

#define VQ_KNAME(base) VX_STR(VX_CAT2(base, VQ_ISA))

const ge_cpu_kernel VQ_FN(ge_cpu_qs8_kernels)[] = {
    {VQ_KNAME(ge_qs8_conv1x1), GE_OP_CONV2D, VQ_ISA_BITS, VQ_FN(qconv1x1_supports), VQ_FN(qconv_prepare),
     VQ_FN(qconv1x1_run)},
    {VQ_KNAME(ge_qs8_conv2d), GE_OP_CONV2D, VQ_ISA_BITS, VQ_FN(qconv2d_supports), VQ_FN(qconv_prepare),
     VQ_FN(qconv2d_run)},
    {VQ_KNAME(ge_qs8_dwconv3x3), GE_OP_DEPTHWISE_CONV2D, VQ_ISA_BITS, VQ_FN(qdw3x3_supports), VQ_FN(qdw_prepare),
     VQ_FN(qdw3x3_run)},
    {VQ_KNAME(ge_qs8_dwconv5x5), GE_OP_DEPTHWISE_CONV2D, VQ_ISA_BITS, VQ_FN(qdw5x5_supports), VQ_FN(qdw_prepare),
     VQ_FN(qdw5x5_run)},
    {VQ_KNAME(ge_qs8_dwconv), GE_OP_DEPTHWISE_CONV2D, VQ_ISA_BITS, VQ_FN(qdw_supports_any), VQ_FN(qdw_prepare),
     VQ_FN(qdw_any_run)},
    {VQ_KNAME(ge_qs8_fc), GE_OP_FULLY_CONNECTED, VQ_ISA_BITS, VQ_FN(qfc_supports), VQ_FN(qfc_prepare),
     VQ_FN(qfc_run)},
    {VQ_KNAME(ge_qs8_add), GE_OP_ADD, VQ_ISA_BITS, VQ_FN(qbin_supports), VQ_FN(qbin_prepare), VQ_FN(qbin_run)},
    {VQ_KNAME(ge_qs8_mul), GE_OP_MUL, VQ_ISA_BITS, VQ_FN(qbin_supports), VQ_FN(qbin_prepare), VQ_FN(qbin_run)},
    {VQ_KNAME(ge_qs8_quantize), GE_OP_QUANTIZE, VQ_ISA_BITS, VQ_FN(quantize_supports), VQ_FN(qconvert_prepare),
     VQ_FN(quantize_run)},
    {VQ_KNAME(ge_qs8_dequantize), GE_OP_DEQUANTIZE, VQ_ISA_BITS, VQ_FN(dequantize_supports), VQ_FN(qconvert_prepare),
     VQ_FN(dequantize_run)},
    {VQ_KNAME(ge_qs8_maxpool), GE_OP_MAX_POOL2D, VQ_ISA_BITS, VQ_FN(qmaxpool_supports), VQ_FN(qmaxpool_prepare),
     VQ_FN(qmaxpool_run)},
    {VQ_KNAME(ge_qs8_mean), GE_OP_MEAN, VQ_ISA_BITS, VQ_FN(qmean_supports), VQ_FN(qmean_prepare),
     VQ_FN(qmean_run)},
    {VQ_KNAME(ge_qs8_prelu), GE_OP_PRELU, VQ_ISA_BITS, VQ_FN(qprelu_supports), VQ_FN(qprelu_prepare),
     VQ_FN(qprelu_run)},
};
const int32_t VX_CAT2(VQ_FN(ge_cpu_qs8_kernels), count) =
    (int32_t)(sizeof(VQ_FN(ge_cpu_qs8_kernels)) / sizeof(ge_cpu_kernel));

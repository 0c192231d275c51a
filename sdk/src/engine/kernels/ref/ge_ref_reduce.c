/*
 * MEAN over the axes in axes_mask, f32 in and out, summed in double. Each output element
 * walks its own reduced sub-block, so no scratch memory is needed.
 */
#include "engine/kernels/ref/ge_ref.h"

void ge_f32_mean_ref(const ge_reduce_params* p, const ge_view* x, const ge_view* y) {
    const int32_t rank = x->shape.rank;
    int64_t stride[GE_MAX_RANK];
    int64_t s = 1;
    for (int32_t d = rank - 1; d >= 0; d--) {
        stride[d] = s;
        s *= x->shape.dim[d];
    }
    /* Split the input dims into kept (walked by the output) and reduced (walked per output). */
    int64_t kdim[GE_MAX_RANK], kstride[GE_MAX_RANK], rdim[GE_MAX_RANK], rstride[GE_MAX_RANK];
    int32_t nk = 0, nr = 0;
    int64_t count = 1;
    for (int32_t d = 0; d < rank; d++) {
        if (p->axes_mask & (1u << d)) {
            rdim[nr] = x->shape.dim[d];
            rstride[nr++] = stride[d];
            count *= x->shape.dim[d];
        } else {
            kdim[nk] = x->shape.dim[d];
            kstride[nk++] = stride[d];
        }
    }
    const float* in = x->data;
    float* out = y->data;
    int64_t outputs = 1;
    for (int32_t d = 0; d < nk; d++) outputs *= kdim[d];

    int64_t kidx[GE_MAX_RANK] = {0};
    int64_t base = 0;
    for (int64_t o = 0; o < outputs; o++) {
        double sum = 0.0;
        int64_t ridx[GE_MAX_RANK] = {0};
        int64_t off = base;
        for (int64_t i = 0; i < count; i++) {
            sum += in[off];
            for (int32_t d = nr - 1; d >= 0; d--) {
                off += rstride[d];
                if (++ridx[d] < rdim[d]) break;
                off -= rstride[d] * rdim[d];
                ridx[d] = 0;
            }
        }
        out[o] = (float)(sum / (double)count);
        for (int32_t d = nk - 1; d >= 0; d--) {
            base += kstride[d];
            if (++kidx[d] < kdim[d]) break;
            base -= kstride[d] * kdim[d];
            kidx[d] = 0;
        }
    }
}

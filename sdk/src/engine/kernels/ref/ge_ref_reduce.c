/*
 * MEAN over the axes in axes_mask, f32 in and out, summed in double. Each output element
 * walks its own reduced sub-block, so no scratch memory is needed.
 */
#include "engine/kernels/ref/ge_ref.h"

void ge_f32_mean_ref(const ge_reduce_params* p, const ge_view* x, const ge_view* y) {
    ge_ref_walk kept, reduced;
    ge_ref_reduce_walks(p->axes_mask, &x->shape, &kept, &reduced);
    const float* in = x->data;
    float* out = y->data;
    for (int64_t o = 0; o < kept.count; o++) {
        double sum = 0.0;
        for (int64_t i = 0; i < reduced.count; i++) {
            sum += in[kept.off + reduced.off];
            ge_ref_walk_next(&reduced);
        }
        out[o] = (float)(sum / (double)reduced.count);
        ge_ref_walk_next(&kept);
    }
}

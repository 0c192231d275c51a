/* FULLY_CONNECTED, f32: y[b, u] = act(bias[u] + sum_i x[b, i] * w[u, i]); x flattened to [rows, depth]. */
#include "engine/kernels/ref/ge_ref.h"

void ge_f32_fully_connected_ref(const ge_fc_params* p, const ge_view* x, const ge_view* w, const ge_view* bias,
                                const ge_view* y) {
    const int32_t units = w->shape.dim[0], depth = w->shape.dim[1];
    const int64_t rows = ge_view_elements(x) / depth;
    const float* in = x->data;
    const float* wt = w->data;
    const float* bs = bias ? bias->data : NULL;
    float* out = y->data;
    for (int64_t r = 0; r < rows; r++) {
        const float* xr = in + r * depth;
        for (int32_t u = 0; u < units; u++) {
            float acc = ge_ref_dot(xr, wt + (int64_t)u * depth, depth);
            if (bs) acc += bs[u];
            out[r * units + u] = ge_ref_act(acc, p->act);
        }
    }
}

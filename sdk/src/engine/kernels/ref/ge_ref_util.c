/* Helpers shared by the reference kernels: activations, the dot product, broadcast iteration. */
#include <string.h>

#include "engine/kernels/ref/ge_ref.h"

void ge_ref_act_inplace(float* x, int64_t n, ge_activation act) {
    switch (act) {
    case GE_ACT_NONE: return;
    case GE_ACT_RELU:
        for (int64_t i = 0; i < n; i++) x[i] = x[i] < 0.0f ? 0.0f : x[i];
        return;
    case GE_ACT_RELU6:
        for (int64_t i = 0; i < n; i++) x[i] = x[i] < 0.0f ? 0.0f : (x[i] > 6.0f ? 6.0f : x[i]);
        return;
    case GE_ACT_RELU_N1_TO_1:
        for (int64_t i = 0; i < n; i++) x[i] = x[i] < -1.0f ? -1.0f : (x[i] > 1.0f ? 1.0f : x[i]);
        return;
    case GE_ACT_TANH:
    case GE_ACT_SIGMOID:
        for (int64_t i = 0; i < n; i++) x[i] = ge_ref_act(x[i], act);
        return;
    }
}

/*
 * Eight interleaved partial sums: element i goes to sum i % 8; the sums are combined pairwise
 * at the end, then the tail is added in order. Independent sums let the compiler vectorise and
 * avoid a serial add chain, and the order is the same on every machine.
 */
float ge_ref_dot(const float* a, const float* b, int64_t n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) acc[j] += a[i + j] * b[i + j];
    float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; i < n; i++) s += a[i] * b[i];
    return s;
}

void ge_bcast_init(ge_bcast* b, const ge_shape* out, const ge_shape* const* inputs, int32_t num_inputs) {
    memset(b, 0, sizeof(*b));
    b->num_operands = 1 + num_inputs;
    const ge_shape* ops[GE_BCAST_MAX_OPERANDS];
    ops[0] = out;
    for (int32_t k = 0; k < num_inputs; k++) ops[k + 1] = inputs[k];

    /* Per operand: right-aligned dims and contiguous strides in the output's coordinates. */
    int64_t dim[GE_MAX_RANK], st[GE_BCAST_MAX_OPERANDS][GE_MAX_RANK];
    int32_t r = 0;
    const int32_t R = out->rank;
    for (int32_t d = 0; d < R; d++) {
        if (out->dim[d] == 1) continue; /* size-1 dims do not move any pointer */
        dim[r] = out->dim[d];
        for (int32_t k = 0; k < b->num_operands; k++) {
            const ge_shape* s = ops[k];
            int32_t sd = d - (R - s->rank); /* the operand's own dim index */
            int64_t od = sd >= 0 ? s->dim[sd] : 1;
            int64_t stride = 0; /* a stretched (or missing) dim does not move */
            if (od != 1) {
                stride = 1;
                for (int32_t e = sd + 1; e < s->rank; e++) stride *= s->dim[e];
            }
            st[k][r] = stride;
        }
        r++;
    }
    if (r == 0) { /* every dim is 1: a single element */
        b->rank = 1;
        b->dim[0] = 1;
        return;
    }
    /* Merge dim j into the previous kept dim when every operand is contiguous across both. */
    int32_t m = 0;
    b->dim[0] = dim[0];
    for (int32_t k = 0; k < b->num_operands; k++) b->stride[k][0] = st[k][0];
    for (int32_t j = 1; j < r; j++) {
        bool merge = true;
        for (int32_t k = 0; k < b->num_operands; k++) merge &= b->stride[k][m] == st[k][j] * dim[j];
        if (merge) {
            b->dim[m] *= dim[j];
            for (int32_t k = 0; k < b->num_operands; k++) b->stride[k][m] = st[k][j];
        } else {
            m++;
            b->dim[m] = dim[j];
            for (int32_t k = 0; k < b->num_operands; k++) b->stride[k][m] = st[k][j];
        }
    }
    b->rank = m + 1;
}

void ge_bcast_run(const ge_bcast* b, ge_bcast_row_fn row, void* ctx) {
    const int32_t last = b->rank - 1;
    int64_t idx[GE_MAX_RANK] = {0};
    int64_t off[GE_BCAST_MAX_OPERANDS] = {0};
    int64_t inner_stride[GE_BCAST_MAX_OPERANDS];
    for (int32_t k = 0; k < b->num_operands; k++) inner_stride[k] = b->stride[k][last];
    int64_t rows = 1;
    for (int32_t d = 0; d < last; d++) rows *= b->dim[d];
    for (int64_t r = 0; r < rows; r++) {
        row(ctx, off, b->dim[last], inner_stride);
        for (int32_t d = last - 1; d >= 0; d--) {
            idx[d]++;
            for (int32_t k = 0; k < b->num_operands; k++) off[k] += b->stride[k][d];
            if (idx[d] < b->dim[d]) break;
            for (int32_t k = 0; k < b->num_operands; k++) off[k] -= b->stride[k][d] * b->dim[d];
            idx[d] = 0;
        }
    }
}

void ge_ref_taps_inside(int64_t start, int32_t dilation, int32_t k, int32_t in, int32_t* out_lo, int32_t* out_hi) {
    int32_t a = 0, b = k;
    while (a < b && start + (int64_t)a * dilation < 0) a++;
    while (b > a && start + (int64_t)(b - 1) * dilation >= in) b--;
    *out_lo = a;
    *out_hi = b;
}

void ge_ref_reduce_walks(uint32_t axes_mask, const ge_shape* x, ge_ref_walk* out_kept, ge_ref_walk* out_reduced) {
    memset(out_kept, 0, sizeof(*out_kept));
    memset(out_reduced, 0, sizeof(*out_reduced));
    out_kept->count = out_reduced->count = 1;
    int64_t stride = 1;
    for (int32_t d = x->rank - 1; d >= 0; d--) { /* innermost first, then reversed below */
        ge_ref_walk* w = (axes_mask & (1u << d)) ? out_reduced : out_kept;
        w->dim[w->n] = x->dim[d];
        w->stride[w->n++] = stride;
        w->count *= x->dim[d];
        stride *= x->dim[d];
    }
    ge_ref_walk* walks[2] = {out_kept, out_reduced};
    for (int k = 0; k < 2; k++)
        for (int32_t i = 0, j = walks[k]->n - 1; i < j; i++, j--) {
            const int64_t td = walks[k]->dim[i], ts = walks[k]->stride[i];
            walks[k]->dim[i] = walks[k]->dim[j], walks[k]->stride[i] = walks[k]->stride[j];
            walks[k]->dim[j] = td, walks[k]->stride[j] = ts;
        }
}

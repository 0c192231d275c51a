/*
 * ge_ref: the reference kernels, one function per op and dtype family (private to the engine).
 *
 * Naive and obviously correct: plain loops, float accumulation (double where cheap), no SIMD
 * intrinsics. They are the oracle later SIMD kernels and GPU shaders are tested against, so
 * clarity wins over speed; loop orders still keep the inner loop over contiguous channels so
 * the compiler can vectorise and whole models stay usable in CI.
 *
 * Preconditions (established by ge_graph_infer_shapes and checked by ge_ref_supports): views
 * have consistent shapes and the dtypes the function names. Kernels still resolve SAME/VALID
 * padding and negative axes themselves (via ge_shape.h), so hand-built ops in tests work.
 * Data that is only known at run time (gather indices) or comes straight from the file (CSR
 * arrays) is bounds-checked here; those kernels return a glint_result.
 *
 * Naming: ge_<dtype>_<op>_ref; "any" marks kernels that move elements of any dtype by bytes.
 */
#ifndef GE_REF_H
#define GE_REF_H

#include <math.h>

#include "engine/ge_kernels.h"
#include "engine/ge_shape.h"

/* ---- shared helpers (ge_ref_util.c) ---- */

static inline float ge_ref_act(float x, ge_activation act) {
    switch (act) {
    case GE_ACT_RELU: return x < 0.0f ? 0.0f : x;
    case GE_ACT_RELU6: return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
    case GE_ACT_RELU_N1_TO_1: return x < -1.0f ? -1.0f : (x > 1.0f ? 1.0f : x);
    case GE_ACT_TANH: return tanhf(x);
    case GE_ACT_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case GE_ACT_NONE: break;
    }
    return x;
}
/* Applies act to n floats in place (a separate loop per activation, so clamps vectorise). */
void ge_ref_act_inplace(float* x, int64_t n, ge_activation act);

/* Dot product of n floats with 8 independent partial sums (a fixed, documented order). */
float ge_ref_dot(const float* a, const float* b, int64_t n);

static inline int64_t ge_view_elements(const ge_view* v) {
    return ge_shape_elements(&v->shape);
}

/*
 * Broadcast iteration over up to 3 inputs and one output (numpy rules, rank <= 6). Operand 0
 * is the output. Size-1 output dims are dropped and dims that stay contiguous for every
 * operand are merged, so same-shape operands become one long row.
 */
#define GE_BCAST_MAX_OPERANDS 4
typedef struct ge_bcast {
    int32_t rank; /* >= 1 */
    int32_t num_operands;
    int64_t dim[GE_MAX_RANK];
    int64_t stride[GE_BCAST_MAX_OPERANDS][GE_MAX_RANK]; /* elements; 0 where broadcast */
} ge_bcast;
void ge_bcast_init(ge_bcast* b, const ge_shape* out, const ge_shape* const* inputs, int32_t num_inputs);
/* Calls row(ctx, offsets, n, strides) for every innermost row: offsets/strides per operand, in elements. */
typedef void (*ge_bcast_row_fn)(void* ctx, const int64_t* offsets, int64_t n, const int64_t* strides);
void ge_bcast_run(const ge_bcast* b, ge_bcast_row_fn row, void* ctx);

/* Of a window of k taps, `dilation` apart, whose tap 0 is at input coordinate start (stride *
 * output - pad), the taps [lo, hi) inside [0, in): convolutions and pools skip the others. */
void ge_ref_taps_inside(int64_t start, int32_t dilation, int32_t k, int32_t in, int32_t* out_lo, int32_t* out_hi);

/*
 * MEAN's walk over x: the dims split into kept ones (one output each) and reduced ones (summed
 * per output), each an odometer over element offsets. A full cycle of ge_ref_walk_next brings
 * a walk back to offset 0.
 */
typedef struct ge_ref_walk {
    int32_t n;
    int64_t dim[GE_MAX_RANK], stride[GE_MAX_RANK], idx[GE_MAX_RANK];
    int64_t off;   /* element offset of the current index */
    int64_t count; /* positions in a cycle */
} ge_ref_walk;
void ge_ref_reduce_walks(uint32_t axes_mask, const ge_shape* x, ge_ref_walk* out_kept, ge_ref_walk* out_reduced);
static inline void ge_ref_walk_next(ge_ref_walk* w) {
    for (int32_t d = w->n - 1; d >= 0; d--) {
        w->off += w->stride[d];
        if (++w->idx[d] < w->dim[d]) return;
        w->off -= w->stride[d] * w->dim[d];
        w->idx[d] = 0;
    }
}

/* Copies one element of `size` bytes (1, 2, 4 or 8). */
static inline void ge_ref_copy_elem(void* dst, const void* src, size_t size) {
    switch (size) {
    case 1: *(uint8_t*)dst = *(const uint8_t*)src; break;
    case 2: *(uint16_t*)dst = *(const uint16_t*)src; break;
    case 4: *(uint32_t*)dst = *(const uint32_t*)src; break;
    default: *(uint64_t*)dst = *(const uint64_t*)src; break;
    }
}

/* ---- convolution family (ge_ref_conv.c, ge_ref_fc.c, ge_ref_pool.c) ---- */

void ge_f32_conv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                       const ge_view* y);
void ge_f32_dwconv2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* filter, const ge_view* bias,
                         const ge_view* y);
void ge_f32_fully_connected_ref(const ge_fc_params* p, const ge_view* x, const ge_view* w, const ge_view* bias,
                                const ge_view* y);
void ge_f32_max_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y);
void ge_f32_avg_pool2d_ref(const ge_conv_params* p, const ge_view* x, const ge_view* y);

/* ---- reductions (ge_ref_reduce.c) ---- */

void ge_f32_mean_ref(const ge_reduce_params* p, const ge_view* x, const ge_view* y);

/* ---- elementwise (ge_ref_binary.c, ge_ref_unary.c, ge_ref_convert.c) ---- */

/* ADD .. EQUAL with broadcasting; comparisons write BOOL. act applies to arithmetic results. */
void ge_f32_binary_ref(ge_op_type type, ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y);
/* Integer semantics: wrap-around arithmetic, DIV truncates, FLOOR_DIV floors (toward -inf),
 * division by zero gives 0 (defined, instead of a trap). act: RELU/RELU6/RELU_N1_TO_1 clamps. */
void ge_i32_binary_ref(ge_op_type type, ge_activation act, const ge_view* a, const ge_view* b, const ge_view* y);
void ge_f32_prelu_ref(const ge_view* x, const ge_view* alpha, const ge_view* y);
/* RELU .. FLOOR on f32; NEG and ABS also on i32 (ge_i32_unary_ref). */
void ge_f32_unary_ref(ge_op_type type, const ge_view* x, const ge_view* y);
void ge_i32_unary_ref(ge_op_type type, const ge_view* x, const ge_view* y);
/* CAST between f32/f16/i32/i64/i16/i8/u8/bool. float->int truncates toward zero and saturates
 * (NaN -> 0); int->int wraps (two's complement); anything->bool is (x != 0). */
void ge_any_cast_ref(const ge_view* x, const ge_view* y);
/* f16 -> f32, or i8/u8/i16 with x->quant (per tensor or per channel) -> f32: scale * (q - zero_point). */
void ge_f32_dequantize_ref(const ge_view* x, const ge_view* y);
/* f32 -> i8/u8/i16 with y->quant: round(x / scale) half away from zero, + zero_point, saturated. */
void ge_f32_quantize_ref(const ge_view* x, const ge_view* y);

/* ---- data movement (ge_ref_layout.c, ge_ref_slice.c, ge_ref_resize.c) ---- */

void ge_any_copy_ref(const ge_view* x, const ge_view* y); /* RESHAPE */
void ge_any_transpose_ref(const ge_transpose_params* p, const ge_view* x, const ge_view* y);
void ge_any_concat_ref(int32_t axis, const ge_view* inputs, int32_t num_inputs, const ge_view* y);
void ge_any_split_ref(int32_t axis, const ge_view* x, const ge_view* outputs, int32_t num_outputs);
void ge_any_tile_ref(const ge_tile_params* p, const ge_view* x, const ge_view* y);
/* Constant padding with p->value converted to the dtype (f16 rounded, integers truncated). */
void ge_any_pad_ref(const ge_pad_params* p, const ge_view* x, const ge_view* y);
void ge_any_strided_slice_ref(const ge_slice_params* p, const ge_view* x, const ge_view* y);
/* DCR order as TF/TFLite: out[n, h*b+i, w*b+j, c] = in[n, h, w, (i*b+j)*C_out + c]. */
void ge_any_depth_to_space_ref(int32_t block, const ge_view* x, const ge_view* y);
/* TFLite reference source coordinates (align_corners / half_pixel_centers), float math. */
void ge_f32_resize_bilinear_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y);
void ge_any_resize_nearest_ref(const ge_resize_params* p, const ge_view* x, const ge_view* y);

/* ---- indexing (ge_ref_index.c, ge_ref_densify.c) ---- */

glint_result ge_any_gather_ref(const ge_axis_params* p, const ge_view* x, const ge_view* indices, const ge_view* y,
                               glint_error* err);
glint_result ge_any_gather_nd_ref(const ge_view* x, const ge_view* indices, const ge_view* y, glint_error* err);
/* f32 or i32 input, i32 or i64 output; ties pick the lowest index. */
void ge_any_arg_max_ref(int32_t axis, const ge_view* x, const ge_view* y);
/* f32 or i32; along the last dim, sorted descending, ties by lower index. indices may be NULL. */
void ge_any_topk_ref(int32_t k, const ge_view* x, const ge_view* values, const ge_view* indices);
void ge_any_select_ref(const ge_view* cond, const ge_view* a, const ge_view* b, const ge_view* y);
/* CSR values -> dense (zero-filled), any dtype; validates the whole CSR description first. */
glint_result ge_any_densify_ref(const ge_densify_params* p, const ge_view* x, const ge_view* y, glint_error* err);

#endif /* GE_REF_H */

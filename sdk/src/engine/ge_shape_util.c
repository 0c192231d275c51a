/*
 * Small shape and dtype helpers declared in ge_graph.h (sizes, names, formatting) and the
 * shared shape arithmetic of ge_shape.h (convolution geometry, broadcasting, strided slices).
 */
#include <stdio.h>
#include <string.h>

#include "engine/ge_graph.h"
#include "engine/ge_shape.h"

size_t ge_dtype_size(ge_dtype dtype) {
    switch (dtype) {
    case GE_DTYPE_F32: return 4;
    case GE_DTYPE_F16: return 2;
    case GE_DTYPE_I32: return 4;
    case GE_DTYPE_I64: return 8;
    case GE_DTYPE_I8: return 1;
    case GE_DTYPE_U8: return 1;
    case GE_DTYPE_I16: return 2;
    case GE_DTYPE_BOOL: return 1;
    case GE_DTYPE_UNKNOWN:
    case GE_DTYPE_COUNT: break;
    }
    return 0;
}

const char* ge_dtype_name(ge_dtype dtype) {
    switch (dtype) {
    case GE_DTYPE_UNKNOWN: return "unknown";
    case GE_DTYPE_F32: return "f32";
    case GE_DTYPE_F16: return "f16";
    case GE_DTYPE_I32: return "i32";
    case GE_DTYPE_I64: return "i64";
    case GE_DTYPE_I8: return "i8";
    case GE_DTYPE_U8: return "u8";
    case GE_DTYPE_I16: return "i16";
    case GE_DTYPE_BOOL: return "bool";
    case GE_DTYPE_COUNT: break;
    }
    return "invalid";
}

int64_t ge_dims_product(const int32_t* dims, int32_t n) {
    int64_t p = 1;
    bool overflow = false;
    for (int32_t i = 0; i < n; i++) {
        if (dims[i] < 0) return -1;
        if (dims[i] == 0) return 0;
        if (overflow || p > INT64_MAX / dims[i])
            overflow = true; /* keep scanning: an unknown dim still wins */
        else
            p *= dims[i];
    }
    return overflow ? INT64_MAX : p;
}

int64_t ge_shape_elements(const ge_shape* s) {
    if (s->rank < 0 || s->rank > GE_MAX_RANK) return -1;
    return ge_dims_product(s->dim, s->rank);
}

bool ge_shape_equal(const ge_shape* a, const ge_shape* b) {
    if (a->rank != b->rank) return false;
    for (int32_t i = 0; i < a->rank && i < GE_MAX_RANK; i++)
        if (a->dim[i] != b->dim[i]) return false;
    return true;
}

void ge_shape_format(const ge_shape* s, char* buf, size_t size) {
    if (!buf || size == 0) return;
    buf[0] = '\0';
    if (s->rank == 0) {
        snprintf(buf, size, "scalar");
        return;
    }
    if (s->rank < 0 || s->rank > GE_MAX_RANK) {
        snprintf(buf, size, "<rank %d>", (int)s->rank);
        return;
    }
    size_t used = 0;
    for (int32_t i = 0; i < s->rank && used < size; i++) {
        int n = snprintf(buf + used, size - used, i ? "x%d" : "%d", (int)s->dim[i]);
        if (n < 0) break;
        used += (size_t)n;
    }
}

const char* ge_op_name(ge_op_type type) {
    switch (type) {
    case GE_OP_NONE: return "NONE";
    case GE_OP_CONV2D: return "CONV2D";
    case GE_OP_DEPTHWISE_CONV2D: return "DEPTHWISE_CONV2D";
    case GE_OP_FULLY_CONNECTED: return "FULLY_CONNECTED";
    case GE_OP_MAX_POOL2D: return "MAX_POOL2D";
    case GE_OP_AVERAGE_POOL2D: return "AVERAGE_POOL2D";
    case GE_OP_MEAN: return "MEAN";
    case GE_OP_ADD: return "ADD";
    case GE_OP_SUB: return "SUB";
    case GE_OP_MUL: return "MUL";
    case GE_OP_DIV: return "DIV";
    case GE_OP_FLOOR_DIV: return "FLOOR_DIV";
    case GE_OP_SQUARED_DIFFERENCE: return "SQUARED_DIFFERENCE";
    case GE_OP_MAXIMUM: return "MAXIMUM";
    case GE_OP_MINIMUM: return "MINIMUM";
    case GE_OP_GREATER: return "GREATER";
    case GE_OP_LESS: return "LESS";
    case GE_OP_EQUAL: return "EQUAL";
    case GE_OP_RELU: return "RELU";
    case GE_OP_RELU6: return "RELU6";
    case GE_OP_LOGISTIC: return "LOGISTIC";
    case GE_OP_TANH: return "TANH";
    case GE_OP_EXP: return "EXP";
    case GE_OP_SQRT: return "SQRT";
    case GE_OP_RSQRT: return "RSQRT";
    case GE_OP_NEG: return "NEG";
    case GE_OP_ABS: return "ABS";
    case GE_OP_FLOOR: return "FLOOR";
    case GE_OP_CAST: return "CAST";
    case GE_OP_PRELU: return "PRELU";
    case GE_OP_DEQUANTIZE: return "DEQUANTIZE";
    case GE_OP_QUANTIZE: return "QUANTIZE";
    case GE_OP_RESHAPE: return "RESHAPE";
    case GE_OP_TRANSPOSE: return "TRANSPOSE";
    case GE_OP_CONCAT: return "CONCAT";
    case GE_OP_SPLIT: return "SPLIT";
    case GE_OP_PAD: return "PAD";
    case GE_OP_STRIDED_SLICE: return "STRIDED_SLICE";
    case GE_OP_DEPTH_TO_SPACE: return "DEPTH_TO_SPACE";
    case GE_OP_RESIZE_BILINEAR: return "RESIZE_BILINEAR";
    case GE_OP_RESIZE_NEAREST: return "RESIZE_NEAREST";
    case GE_OP_TILE: return "TILE";
    case GE_OP_GATHER: return "GATHER";
    case GE_OP_GATHER_ND: return "GATHER_ND";
    case GE_OP_ARG_MAX: return "ARG_MAX";
    case GE_OP_TOPK: return "TOPK";
    case GE_OP_SELECT: return "SELECT";
    case GE_OP_DENSIFY: return "DENSIFY";
    case GE_OP_COUNT: break;
    }
    return "INVALID_OP";
}

/* ---- convolution geometry ---- */

bool ge_conv_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, ge_padding padding,
                  int64_t pad_before, int64_t pad_after, int64_t* out_size, int32_t* out_pad_before,
                  int32_t* out_pad_after) {
    *out_size = 0;
    *out_pad_before = *out_pad_after = 0;
    if (in < 1 || kernel < 1 || stride < 1 || dilation < 1) return false;
    if (in > INT32_MAX || kernel > INT32_MAX || stride > INT32_MAX || dilation > INT32_MAX) return false;
    int64_t effective = (kernel - 1) * dilation + 1; /* < 2^62: no overflow */
    int64_t out;
    switch (padding) {
    case GE_PADDING_SAME: {
        out = (in + stride - 1) / stride;
        int64_t total = (out - 1) * stride + effective - in;
        if (total < 0) total = 0;
        pad_before = total / 2;
        pad_after = total - pad_before;
        break;
    }
    case GE_PADDING_VALID:
        pad_before = pad_after = 0;
        out = -1;
        break;
    case GE_PADDING_EXPLICIT:
        if (pad_before < 0 || pad_after < 0 || pad_before > INT32_MAX || pad_after > INT32_MAX) return false;
        out = -1;
        break;
    default: return false;
    }
    if (pad_before > INT32_MAX || pad_after > INT32_MAX) return false;
    if (out < 0) {
        int64_t span = in + pad_before + pad_after;
        if (span < effective) return false;
        out = (span - effective) / stride + 1;
    }
    *out_size = out;
    *out_pad_before = (int32_t)pad_before;
    *out_pad_after = (int32_t)pad_after;
    return true;
}

bool ge_conv_geometry(const ge_conv_params* p, int32_t in_h, int32_t in_w, int32_t kh, int32_t kw,
                      ge_conv_geom* g) {
    memset(g, 0, sizeof(*g));
    g->stride_h = p->stride_h;
    g->stride_w = p->stride_w;
    g->dilation_h = p->dilation_h ? p->dilation_h : 1;
    g->dilation_w = p->dilation_w ? p->dilation_w : 1;
    g->kernel_h = kh;
    g->kernel_w = kw;
    int64_t oh, ow;
    if (!ge_conv_axis(in_h, kh, p->stride_h, g->dilation_h, p->padding, p->pad_top, p->pad_bottom, &oh, &g->pad_top,
                      &g->pad_bottom))
        return false;
    if (!ge_conv_axis(in_w, kw, p->stride_w, g->dilation_w, p->padding, p->pad_left, p->pad_right, &ow, &g->pad_left,
                      &g->pad_right))
        return false;
    /* Saturate rather than fail: shape inference then reports the size against GE_MAX_DIM. */
    g->out_h = oh > INT32_MAX ? INT32_MAX : (int32_t)oh;
    g->out_w = ow > INT32_MAX ? INT32_MAX : (int32_t)ow;
    return true;
}

/* ---- broadcasting and axes ---- */

bool ge_broadcast_shape(const ge_shape* a, const ge_shape* b, ge_shape* out) {
    if (a->rank < 0 || a->rank > GE_MAX_RANK || b->rank < 0 || b->rank > GE_MAX_RANK) return false;
    ge_shape r;
    memset(&r, 0, sizeof(r));
    r.rank = a->rank > b->rank ? a->rank : b->rank;
    for (int32_t i = 0; i < r.rank; i++) {
        /* i counts from the right */
        int32_t da = i < a->rank ? a->dim[a->rank - 1 - i] : 1;
        int32_t db = i < b->rank ? b->dim[b->rank - 1 - i] : 1;
        int32_t d;
        if (da == db)
            d = da;
        else if (da == 1)
            d = db;
        else if (db == 1)
            d = da;
        else
            return false;
        r.dim[r.rank - 1 - i] = d;
    }
    *out = r;
    return true;
}

bool ge_axis_normalize(int32_t axis, int32_t rank, int32_t* out_axis) {
    if (axis < -rank || axis >= rank) return false;
    *out_axis = axis < 0 ? axis + rank : axis;
    return true;
}

/* ---- strided slice (TF semantics) ---- */

enum { SLICE_NEW_AXIS = -1, SLICE_SHRINK = -2 };

static int popcount32(uint32_t x) {
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

bool ge_slice_resolve(const ge_slice_params* p, const ge_shape* in, ge_slice_plan* plan, const char** why) {
    static const char* unused_why;
    if (!why) why = &unused_why;
    memset(plan, 0, sizeof(*plan));
    if (p->num_axes < 0 || p->num_axes > GE_MAX_RANK) {
        *why = "num_axes out of range";
        return false;
    }
    if (in->rank < 0 || in->rank > GE_MAX_RANK) {
        *why = "input rank out of range";
        return false;
    }
    int32_t sparse_dims = p->num_axes;
    uint32_t valid = (1u << sparse_dims) - 1u; /* mask bits past num_axes mean nothing */
    uint32_t ellipsis = p->ellipsis_mask & valid;
    uint32_t new_axis = p->new_axis_mask & valid;
    if (popcount32(ellipsis) > 1) {
        *why = "more than one ellipsis";
        return false;
    }
    int32_t add_after_ellipsis = 0;
    bool seen = false;
    for (int32_t i = 0; i < sparse_dims; i++) {
        if (seen && (new_axis & (1u << i))) add_after_ellipsis++;
        if (ellipsis & (1u << i)) seen = true;
    }
    /* No ellipsis: TF appends an implicit one, so trailing dims are taken whole. */
    if (!seen) ellipsis |= 1u << sparse_dims++;

    const int32_t dense_dims = in->rank;
    int64_t begin[GE_MAX_RANK] = {0}, end[GE_MAX_RANK] = {0}, stride[GE_MAX_RANK] = {0};
    uint32_t begin_mask = 0, end_mask = 0, shrink = 0;
    int32_t final_src[2 * GE_MAX_RANK + 1];
    int32_t num_final = 0;
    int32_t full = 0;
    for (int32_t i = 0; i < sparse_dims; i++) {
        if (ellipsis & (1u << i)) {
            int32_t next = dense_dims - (sparse_dims - i) + 1 + add_after_ellipsis;
            if (next > dense_dims) next = dense_dims;
            for (; full < next; full++) {
                begin[full] = end[full] = 0;
                stride[full] = 1;
                begin_mask |= 1u << full;
                end_mask |= 1u << full;
                final_src[num_final++] = full;
            }
        } else if (new_axis & (1u << i)) {
            final_src[num_final++] = SLICE_NEW_AXIS;
        } else {
            if (full >= dense_dims) {
                *why = "more slice indices than input dimensions";
                return false;
            }
            begin[full] = p->begin[i];
            end[full] = p->end[i];
            stride[full] = p->strides[i];
            if (p->begin_mask & (1u << i)) begin_mask |= 1u << full;
            if (p->end_mask & (1u << i)) end_mask |= 1u << full;
            if (p->shrink_axis_mask & (1u << i)) {
                shrink |= 1u << full;
                final_src[num_final++] = SLICE_SHRINK;
            } else {
                final_src[num_final++] = full;
            }
            full++;
        }
        if (num_final > 2 * GE_MAX_RANK) {
            *why = "too many output dimensions";
            return false;
        }
    }

    plan->rank = dense_dims;
    for (int32_t i = 0; i < dense_dims; i++) {
        const int64_t dim = in->dim[i];
        const int64_t s = stride[i];
        if (s == 0) {
            *why = "stride is 0";
            return false;
        }
        if (shrink & (1u << i)) {
            /* A plain index: begin is the index (mask ignored), one element. */
            if (s < 0) {
                *why = "a shrunk (indexed) axis needs a positive stride";
                return false;
            }
            int64_t x = begin[i] < 0 ? dim + begin[i] : begin[i];
            if (x < 0 || x >= dim) {
                *why = "slice index out of bounds";
                return false;
            }
            plan->begin[i] = x;
            plan->stride[i] = 1;
            plan->size[i] = 1;
            continue;
        }
        /* Canonical [begin, end) clamped to the valid range for the stride's direction. */
        const int64_t lo = s > 0 ? 0 : -1;
        const int64_t hi = s > 0 ? dim : dim - 1;
        int64_t b, e;
        if (begin_mask & (1u << i)) {
            b = s > 0 ? lo : hi;
        } else {
            b = begin[i] < 0 ? dim + begin[i] : begin[i];
            b = b < lo ? lo : (b > hi ? hi : b);
        }
        if (end_mask & (1u << i)) {
            e = s > 0 ? hi : lo;
        } else {
            e = end[i] < 0 ? dim + end[i] : end[i];
            e = e < lo ? lo : (e > hi ? hi : e);
        }
        int64_t len = e - b;
        int64_t size;
        if (len == 0 || ((len < 0) != (s < 0)))
            size = 0;
        else
            size = len / s + (len % s != 0 ? 1 : 0);
        plan->begin[i] = b;
        plan->stride[i] = s;
        plan->size[i] = size;
    }

    ge_shape out;
    memset(&out, 0, sizeof(out));
    for (int32_t k = 0; k < num_final; k++) {
        if (final_src[k] == SLICE_SHRINK) continue;
        if (out.rank >= GE_MAX_RANK) {
            *why = "output rank above GE_MAX_RANK";
            return false;
        }
        out.dim[out.rank++] = final_src[k] == SLICE_NEW_AXIS ? 1 : (int32_t)plan->size[final_src[k]];
    }
    plan->out = out;
    return true;
}

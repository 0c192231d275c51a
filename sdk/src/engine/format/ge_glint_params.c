/*
 * Op params <-> a flat list of i32 words for the .glint file, field by field per op family
 * (never the in-memory union: its padding and pointers are not a file format). Floats are
 * stored as their IEEE bits. Decoding checks the word count and every enum and flag.
 */
#include <string.h>

#include "engine/format/ge_glint_format.h"
#include "util/gu_error.h"

typedef enum family {
    FAM_NONE,
    FAM_CONV,
    FAM_FC,
    FAM_ELTWISE,
    FAM_AXIS,
    FAM_REDUCE,
    FAM_PAD,
    FAM_TRANSPOSE,
    FAM_SLICE,
    FAM_RESIZE,
    FAM_BLOCK,
    FAM_TOPK,
    FAM_TILE,
    FAM_UNSUPPORTED,
} family;

static family family_of(ge_op_type t) {
    switch (t) {
    case GE_OP_CONV2D:
    case GE_OP_DEPTHWISE_CONV2D:
    case GE_OP_MAX_POOL2D:
    case GE_OP_AVERAGE_POOL2D: return FAM_CONV;
    case GE_OP_FULLY_CONNECTED: return FAM_FC;
    case GE_OP_ADD:
    case GE_OP_SUB:
    case GE_OP_MUL:
    case GE_OP_DIV:
    case GE_OP_FLOOR_DIV:
    case GE_OP_SQUARED_DIFFERENCE:
    case GE_OP_MAXIMUM:
    case GE_OP_MINIMUM:
    case GE_OP_GREATER:
    case GE_OP_LESS:
    case GE_OP_EQUAL: return FAM_ELTWISE;
    case GE_OP_CONCAT:
    case GE_OP_SPLIT:
    case GE_OP_GATHER:
    case GE_OP_ARG_MAX: return FAM_AXIS;
    case GE_OP_MEAN: return FAM_REDUCE;
    case GE_OP_PAD: return FAM_PAD;
    case GE_OP_TRANSPOSE: return FAM_TRANSPOSE;
    case GE_OP_STRIDED_SLICE: return FAM_SLICE;
    case GE_OP_RESIZE_BILINEAR:
    case GE_OP_RESIZE_NEAREST: return FAM_RESIZE;
    case GE_OP_DEPTH_TO_SPACE: return FAM_BLOCK;
    case GE_OP_TOPK: return FAM_TOPK;
    case GE_OP_TILE: return FAM_TILE;
    case GE_OP_DENSIFY: return FAM_UNSUPPORTED; /* folded at load; never written */
    default: return FAM_NONE;
    }
}

static int32_t f32_bits(float f) {
    int32_t w;
    memcpy(&w, &f, 4);
    return w;
}

static float bits_f32(int32_t w) {
    float f;
    memcpy(&f, &w, 4);
    return f;
}

int32_t ge_glint_params_encode(const ge_op* op, int32_t* w, glint_error* err) {
    const ge_op_params* p = &op->params;
    int32_t n = 0;
    switch (family_of(op->type)) {
    case FAM_NONE: break;
    case FAM_CONV: {
        const ge_conv_params* c = &p->conv;
        const int32_t v[] = {c->stride_h,   c->stride_w,   c->dilation_h, c->dilation_w, c->filter_h,
                             c->filter_w,   (int32_t)c->padding,          c->pad_top,    c->pad_left,
                             c->pad_bottom, c->pad_right,  c->depth_multiplier,          (int32_t)c->act};
        memcpy(w, v, sizeof(v));
        n = (int32_t)(sizeof(v) / sizeof(v[0]));
        break;
    }
    case FAM_FC:
        w[n++] = (int32_t)p->fc.act;
        w[n++] = p->fc.keep_num_dims;
        break;
    case FAM_ELTWISE: w[n++] = (int32_t)p->eltwise.act; break;
    case FAM_AXIS:
        w[n++] = p->axis.axis;
        w[n++] = (int32_t)p->axis.act;
        w[n++] = p->axis.num_splits;
        w[n++] = p->axis.batch_dims;
        w[n++] = p->axis.split_sizes ? 1 : 0;
        if (p->axis.split_sizes) {
            if (op->num_outputs > (int32_t)GE_GLINT_MAX_PARAMS - 5)
                return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "glint write: op '%s' has too many splits", op->name);
            for (int32_t i = 0; i < op->num_outputs; i++) w[n++] = p->axis.split_sizes[i];
        }
        break;
    case FAM_REDUCE:
        w[n++] = (int32_t)p->reduce.axes_mask;
        w[n++] = p->reduce.keep_dims;
        break;
    case FAM_PAD:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = p->pad.before[i];
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = p->pad.after[i];
        w[n++] = f32_bits(p->pad.value);
        break;
    case FAM_TRANSPOSE:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = p->transpose.perm[i];
        break;
    case FAM_SLICE: {
        const ge_slice_params* s = &p->slice;
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = s->begin[i];
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = s->end[i];
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = s->strides[i];
        w[n++] = s->num_axes;
        w[n++] = (int32_t)s->begin_mask;
        w[n++] = (int32_t)s->end_mask;
        w[n++] = (int32_t)s->ellipsis_mask;
        w[n++] = (int32_t)s->new_axis_mask;
        w[n++] = (int32_t)s->shrink_axis_mask;
        break;
    }
    case FAM_RESIZE:
        w[n++] = p->resize.out_h;
        w[n++] = p->resize.out_w;
        w[n++] = p->resize.align_corners;
        w[n++] = p->resize.half_pixel_centers;
        break;
    case FAM_BLOCK: w[n++] = p->block.block_size; break;
    case FAM_TOPK: w[n++] = p->topk.k; break;
    case FAM_TILE:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) w[n++] = p->tile.multiples[i];
        break;
    case FAM_UNSUPPORTED:
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "glint write: op '%s' (%s) cannot be stored", op->name,
                         ge_op_name(op->type));
    }
    return n;
}

static bool act_ok(int32_t a) {
    return a >= GE_ACT_NONE && a <= GE_ACT_SIGMOID;
}
static bool flag_ok(int32_t f) {
    return f == 0 || f == 1;
}

static glint_result bad(glint_error* err, ge_op_type type, const char* what) {
    return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "glint file: %s op has %s", ge_op_name(type), what);
}

glint_result ge_glint_params_decode(ge_op_type type, int32_t num_outputs, const int32_t* w, uint32_t count,
                                    gu_arena* arena, ge_op_params* out, glint_error* err) {
    memset(out, 0, sizeof(*out));
    uint32_t need = 0;
    const family fam = family_of(type);
    switch (fam) {
    case FAM_NONE: need = 0; break;
    case FAM_CONV: need = 13; break;
    case FAM_FC: need = 2; break;
    case FAM_ELTWISE: need = 1; break;
    case FAM_AXIS: need = 5; break;
    case FAM_REDUCE: need = 2; break;
    case FAM_PAD: need = 2 * GE_MAX_RANK + 1; break;
    case FAM_TRANSPOSE: need = GE_MAX_RANK; break;
    case FAM_SLICE: need = 3 * GE_MAX_RANK + 6; break;
    case FAM_RESIZE: need = 4; break;
    case FAM_BLOCK:
    case FAM_TOPK: need = 1; break;
    case FAM_TILE: need = GE_MAX_RANK; break;
    case FAM_UNSUPPORTED: return bad(err, type, "no file form");
    }
    if (fam == FAM_AXIS && count >= 5 && w[4] == 1) need += (uint32_t)num_outputs;
    if (count != need) return bad(err, type, "the wrong number of parameter words");
    switch (fam) {
    case FAM_NONE:
    case FAM_UNSUPPORTED: break;
    case FAM_CONV: {
        ge_conv_params* c = &out->conv;
        c->stride_h = w[0], c->stride_w = w[1], c->dilation_h = w[2], c->dilation_w = w[3];
        c->filter_h = w[4], c->filter_w = w[5];
        if (w[6] < GE_PADDING_EXPLICIT || w[6] > GE_PADDING_VALID) return bad(err, type, "an unknown padding");
        c->padding = (ge_padding)w[6];
        c->pad_top = w[7], c->pad_left = w[8], c->pad_bottom = w[9], c->pad_right = w[10];
        c->depth_multiplier = w[11];
        if (!act_ok(w[12])) return bad(err, type, "an unknown activation");
        c->act = (ge_activation)w[12];
        break;
    }
    case FAM_FC:
        if (!act_ok(w[0]) || !flag_ok(w[1])) return bad(err, type, "bad params");
        out->fc.act = (ge_activation)w[0];
        out->fc.keep_num_dims = w[1] != 0;
        break;
    case FAM_ELTWISE:
        if (!act_ok(w[0])) return bad(err, type, "an unknown activation");
        out->eltwise.act = (ge_activation)w[0];
        break;
    case FAM_AXIS:
        if (!act_ok(w[1]) || !flag_ok(w[4])) return bad(err, type, "bad params");
        out->axis.axis = w[0];
        out->axis.act = (ge_activation)w[1];
        out->axis.num_splits = w[2];
        out->axis.batch_dims = w[3];
        if (w[4]) {
            if (type != GE_OP_SPLIT || num_outputs < 1) return bad(err, type, "split sizes");
            int32_t* s = gu_arena_alloc(arena, (size_t)num_outputs * sizeof(int32_t));
            if (!s) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "glint file: out of memory");
            memcpy(s, w + 5, (size_t)num_outputs * sizeof(int32_t));
            out->axis.split_sizes = s;
        }
        break;
    case FAM_REDUCE:
        if (!flag_ok(w[1])) return bad(err, type, "bad params");
        out->reduce.axes_mask = (uint32_t)w[0];
        out->reduce.keep_dims = w[1] != 0;
        break;
    case FAM_PAD:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) {
            out->pad.before[i] = w[i];
            out->pad.after[i] = w[GE_MAX_RANK + i];
        }
        out->pad.value = bits_f32(w[2 * GE_MAX_RANK]);
        break;
    case FAM_TRANSPOSE:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) out->transpose.perm[i] = w[i];
        break;
    case FAM_SLICE: {
        ge_slice_params* s = &out->slice;
        for (int32_t i = 0; i < GE_MAX_RANK; i++) {
            s->begin[i] = w[i];
            s->end[i] = w[GE_MAX_RANK + i];
            s->strides[i] = w[2 * GE_MAX_RANK + i];
        }
        const int32_t* m = w + 3 * GE_MAX_RANK;
        if (m[0] < 0 || m[0] > GE_MAX_RANK) return bad(err, type, "a bad axis count");
        s->num_axes = m[0];
        s->begin_mask = (uint32_t)m[1], s->end_mask = (uint32_t)m[2], s->ellipsis_mask = (uint32_t)m[3];
        s->new_axis_mask = (uint32_t)m[4], s->shrink_axis_mask = (uint32_t)m[5];
        break;
    }
    case FAM_RESIZE:
        if (!flag_ok(w[2]) || !flag_ok(w[3])) return bad(err, type, "bad flags");
        out->resize.out_h = w[0];
        out->resize.out_w = w[1];
        out->resize.align_corners = w[2] != 0;
        out->resize.half_pixel_centers = w[3] != 0;
        break;
    case FAM_BLOCK: out->block.block_size = w[0]; break;
    case FAM_TOPK: out->topk.k = w[0]; break;
    case FAM_TILE:
        for (int32_t i = 0; i < GE_MAX_RANK; i++) out->tile.multiples[i] = w[i];
        break;
    }
    return GLINT_SUCCESS;
}

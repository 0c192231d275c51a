/*
 * CAST, DEQUANTIZE, QUANTIZE: every dtype pair on values all of them can hold, then literal
 * edge cases (truncation toward zero, saturation, NaN, integer wrap-around, f16 rounding and
 * overflow) and quantisation rounding (half away from zero as TFLite, saturating, per channel).
 */
#include "test_ref_util.h"
#include "util/gu_fp16.h"

static const ge_dtype all_dtypes[] = {GE_DTYPE_F32, GE_DTYPE_F16, GE_DTYPE_I32, GE_DTYPE_I64,
                                      GE_DTYPE_I8,  GE_DTYPE_U8,  GE_DTYPE_I16, GE_DTYPE_BOOL};

/* Writes the integer v (small, non-negative) as element i of a buffer of dtype t. */
static void put(void* p, ge_dtype t, int i, int v) {
    switch (t) {
    case GE_DTYPE_F32: ((float*)p)[i] = (float)v; break;
    case GE_DTYPE_F16: ((uint16_t*)p)[i] = gu_f32_to_f16((float)v); break;
    case GE_DTYPE_I32: ((int32_t*)p)[i] = v; break;
    case GE_DTYPE_I64: ((int64_t*)p)[i] = v; break;
    case GE_DTYPE_I8: ((int8_t*)p)[i] = (int8_t)v; break;
    case GE_DTYPE_U8: ((uint8_t*)p)[i] = (uint8_t)v; break;
    case GE_DTYPE_I16: ((int16_t*)p)[i] = (int16_t)v; break;
    case GE_DTYPE_BOOL: ((uint8_t*)p)[i] = v != 0; break;
    default: break;
    }
}

static void test_cast_matrix(void) {
    const int values[6] = {0, 1, 2, 5, 100, 127};
    for (size_t s = 0; s < 8; s++)
        for (size_t d = 0; d < 8; d++) {
            const ge_dtype src = all_dtypes[s], dst = all_dtypes[d];
            char name[64];
            snprintf(name, sizeof(name), "cast %s -> %s", ge_dtype_name(src), ge_dtype_name(dst));
            tv_op t = tv_op_new(GE_OP_CAST, 1, 1);
            t.in[0] = tv_new(src, SHAPE(2, 3));
            for (int i = 0; i < 6; i++) put(t.in[0].data, src, i, values[i]);
            t.out[0].dtype = dst; /* the importer sets CAST's target dtype */
            if (!tv_infer_run(name, &t)) continue;
            CHECK_MSG(t.out[0].dtype == dst, "%s: output dtype %s", name, ge_dtype_name(t.out[0].dtype));
            uint8_t want[6 * 8];
            for (int i = 0; i < 6; i++) put(want, dst, i, src == GE_DTYPE_BOOL ? values[i] != 0 : values[i]);
            tv_check_bytes(name, &t.out[0], want, 6);
        }
}

static tv_op cast_op(ge_dtype src, ge_shape shape, const void* values, ge_dtype dst) {
    tv_op t = tv_op_new(GE_OP_CAST, 1, 1);
    t.in[0] = tv_new(src, shape);
    memcpy(t.in[0].data, values, (size_t)ge_shape_elements(&shape) * ge_dtype_size(src));
    t.out[0].dtype = dst;
    return t;
}

static void test_cast_literals(void) {
    const float f[7] = {-2.7f, -0.5f, 0.5f, 2.7f, 1e10f, -1e10f, NAN};
    tv_op t = cast_op(GE_DTYPE_F32, SHAPE(7), f, GE_DTYPE_I32);
    if (tv_infer_run("f32->i32", &t)) {
        const int32_t want[7] = {-2, 0, 0, 2, INT32_MAX, INT32_MIN, 0};
        tv_check_i32("f32->i32 truncates, saturates, NaN->0", &t.out[0], want, 7);
    }
    const float fu[5] = {-1, 0.9f, 255.5f, 300, 17.99f};
    t = cast_op(GE_DTYPE_F32, SHAPE(5), fu, GE_DTYPE_U8);
    if (tv_infer_run("f32->u8", &t)) {
        const uint8_t want[5] = {0, 0, 255, 255, 17};
        tv_check_bytes("f32->u8 saturates", &t.out[0], want, 5);
    }
    const float fi8[3] = {-200, -128.9f, 127.9f};
    t = cast_op(GE_DTYPE_F32, SHAPE(3), fi8, GE_DTYPE_I8);
    if (tv_infer_run("f32->i8", &t)) {
        const int8_t want[3] = {-128, -128, 127};
        tv_check_bytes("f32->i8", &t.out[0], want, 3);
    }
    const float fb[4] = {0, -0.0f, 0.1f, NAN};
    t = cast_op(GE_DTYPE_F32, SHAPE(4), fb, GE_DTYPE_BOOL);
    if (tv_infer_run("f32->bool", &t)) {
        const uint8_t want[4] = {0, 0, 1, 1};
        tv_check_bytes("f32->bool", &t.out[0], want, 4);
    }
    const int32_t i[4] = {16777217, -3, 263, -1};
    t = cast_op(GE_DTYPE_I32, SHAPE(4), i, GE_DTYPE_F32);
    if (tv_infer_run("i32->f32", &t)) {
        const float want[4] = {16777216.0f, -3, 263, -1};
        tv_check_f32("i32->f32 rounds to nearest", &t.out[0], want, 4, 0);
    }
    t = cast_op(GE_DTYPE_I32, SHAPE(4), i, GE_DTYPE_U8);
    if (tv_infer_run("i32->u8", &t)) {
        const uint8_t want[4] = {1, 253, 7, 255};
        tv_check_bytes("i32->u8 wraps", &t.out[0], want, 4);
    }
    t = cast_op(GE_DTYPE_I32, SHAPE(4), i, GE_DTYPE_I64);
    if (tv_infer_run("i32->i64", &t)) {
        const int64_t want[4] = {16777217, -3, 263, -1};
        tv_check_bytes("i32->i64 sign-extends", &t.out[0], want, 4);
    }
    const int64_t l[2] = {(INT64_C(1) << 32) + 5, -(INT64_C(1) << 40) - 2};
    t = cast_op(GE_DTYPE_I64, SHAPE(2), l, GE_DTYPE_I32);
    if (tv_infer_run("i64->i32", &t)) {
        const int32_t want[2] = {5, -2};
        tv_check_i32("i64->i32 wraps", &t.out[0], want, 2);
    }
    const float h[4] = {1.0f, 65504.0f, 1e6f, 1.0f / 3.0f};
    t = cast_op(GE_DTYPE_F32, SHAPE(4), h, GE_DTYPE_F16);
    if (tv_infer_run("f32->f16", &t)) {
        const uint16_t want[4] = {0x3c00, 0x7bff, 0x7c00, 0x3555};
        tv_check_bytes("f32->f16 (max, overflow to inf, rounding)", &t.out[0], want, 4);
    }
    const uint16_t hh[3] = {0x3555, 0xc000, 0x0001};
    t = cast_op(GE_DTYPE_F16, SHAPE(3), hh, GE_DTYPE_F32);
    if (tv_infer_run("f16->f32", &t)) {
        const float want[3] = {0.333251953125f, -2.0f, 5.9604644775390625e-8f};
        tv_check_f32("f16->f32 (incl. subnormal)", &t.out[0], want, 3, 0);
    }
    const uint16_t h5[2] = {0x4580, 0xc580}; /* 5.5, -5.5 */
    t = cast_op(GE_DTYPE_F16, SHAPE(2), h5, GE_DTYPE_I32);
    if (tv_infer_run("f16->i32", &t)) {
        const int32_t want[2] = {5, -5};
        tv_check_i32("f16->i32 truncates", &t.out[0], want, 2);
    }
}

static void test_dequantize(void) {
    const uint16_t h[4] = {0x3c00, 0xbc00, 0x3555, 0x7bff};
    tv_op t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_F16, SHAPE(2, 2));
    memcpy(t.in[0].data, h, sizeof(h));
    if (tv_infer_run("dequantize f16", &t)) {
        const float want[4] = {1, -1, 0.333251953125f, 65504};
        CHECK(t.out[0].dtype == GE_DTYPE_F32);
        tv_check_f32("dequantize f16", &t.out[0], want, 4, 0);
    }
    /* int8 per tensor: 0.5 * (q - (-3)) */
    static const float s1[1] = {0.5f};
    static const int32_t z1[1] = {-3};
    static const ge_quant q1 = {-1, 1, s1, z1};
    const int8_t q8[4] = {-128, -3, 0, 127};
    t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(4));
    memcpy(t.in[0].data, q8, 4);
    t.in[0].quant = &q1;
    if (tv_infer_run("dequantize i8", &t)) {
        const float want[4] = {-62.5f, 0, 1.5f, 65};
        tv_check_f32("dequantize i8", &t.out[0], want, 4, 0);
    }
    /* uint8: 0.1 * (q - 128) */
    static const float s2[1] = {0.1f};
    static const int32_t z2[1] = {128};
    static const ge_quant q2 = {-1, 1, s2, z2};
    const uint8_t qu[3] = {0, 128, 255};
    t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_U8, SHAPE(3));
    memcpy(t.in[0].data, qu, 3);
    t.in[0].quant = &q2;
    if (tv_infer_run("dequantize u8", &t)) {
        const float want[3] = {-12.8f, 0, 12.7f};
        tv_check_f32("dequantize u8", &t.out[0], want, 3, 1e-6);
    }
    /* int8 per channel along axis 1 of [2,3]. */
    static const float s3[3] = {1, 0.5f, 0.25f};
    static const int32_t z3[3] = {0, 1, -1};
    static const ge_quant q3 = {1, 3, s3, z3};
    const int8_t qc[6] = {4, 4, 4, -4, -4, -4};
    t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(2, 3));
    memcpy(t.in[0].data, qc, 6);
    t.in[0].quant = &q3;
    if (tv_infer_run("dequantize per channel", &t)) {
        const float want[6] = {4, 1.5f, 1.25f, -4, -2.5f, -0.75f};
        tv_check_f32("dequantize per channel", &t.out[0], want, 6, 0);
    }
    /* No quantisation parameters: shape inference refuses. */
    t = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
    t.in[0] = tv_new(GE_DTYPE_I8, SHAPE(2));
    CHECK(tv_infer(&t) == GLINT_ERROR_MODEL_FORMAT);
}

static void test_quantize(test_rng* rng) {
    static const float s1[1] = {0.5f};
    static const int32_t z1[1] = {1};
    static const ge_quant q1 = {-1, 1, s1, z1};
    const float x[8] = {0.25f, -0.25f, 0.75f, -0.75f, 100, -100, 1.0f, NAN};
    tv_op t = tv_op_new(GE_OP_QUANTIZE, 1, 1);
    t.in[0] = tv_f32(SHAPE(8), x);
    t.out[0].dtype = GE_DTYPE_I8;
    t.out[0].quant = &q1;
    if (tv_infer_run("quantize i8", &t)) {
        /* x/0.5: 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -1.5 -> -2 (half away from zero), then +1, saturate */
        const int8_t want[8] = {2, 0, 3, -1, 127, -128, 3, 1};
        tv_check_bytes("quantize i8 rounding", &t.out[0], want, 8);
    }
    static const float s2[1] = {0.5f};
    static const int32_t z2[1] = {10};
    static const ge_quant q2 = {-1, 1, s2, z2};
    const float xu[4] = {-5.25f, 0.25f, 200, -4.75f};
    t = tv_op_new(GE_OP_QUANTIZE, 1, 1);
    t.in[0] = tv_f32(SHAPE(4), xu);
    t.out[0].dtype = GE_DTYPE_U8;
    t.out[0].quant = &q2;
    if (tv_infer_run("quantize u8", &t)) {
        const uint8_t want[4] = {0, 11, 255, 0};
        tv_check_bytes("quantize u8", &t.out[0], want, 4);
    }
    static const float s3[2] = {1, 2};
    static const int32_t z3[2] = {0, 0};
    static const ge_quant q3 = {0, 2, s3, z3};
    const float xc[4] = {1.5f, -2.5f, 3, -5};
    t = tv_op_new(GE_OP_QUANTIZE, 1, 1);
    t.in[0] = tv_f32(SHAPE(2, 2), xc);
    t.out[0].dtype = GE_DTYPE_I8;
    t.out[0].quant = &q3;
    if (tv_infer_run("quantize per channel", &t)) {
        const int8_t want[4] = {2, -3, 2, -3};
        tv_check_bytes("quantize per channel", &t.out[0], want, 4);
    }
    /* Round trip: |dequantize(quantize(x)) - x| <= scale / 2 inside the representable range. */
    static const float s4[1] = {0.037f};
    static const int32_t z4[1] = {-7};
    static const ge_quant q4 = {-1, 1, s4, z4};
    t = tv_op_new(GE_OP_QUANTIZE, 1, 1);
    t.in[0] = tv_rand_f32(rng, SHAPE(1000), -4.4f, 4.9f);
    t.out[0].dtype = GE_DTYPE_I8;
    t.out[0].quant = &q4;
    if (tv_infer_run("quantize round trip", &t)) {
        tv_op d = tv_op_new(GE_OP_DEQUANTIZE, 1, 1);
        d.in[0] = t.out[0];
        if (tv_infer_run("dequantize round trip", &d)) {
            double* want = tv_alloc(1000 * sizeof(double));
            for (int i = 0; i < 1000; i++) want[i] = ((float*)t.in[0].data)[i];
            tv_check_close("quantize/dequantize round trip", d.out[0].data, want, NULL, 0.037 / 2 + 1e-6, 1000);
        }
    }
}

int main(void) {
    test_rng rng = {0xca57ull};
    test_cast_matrix();
    test_cast_literals();
    test_dequantize();
    test_quantize(&rng);
    tv_free_all();
    return test_finish();
}

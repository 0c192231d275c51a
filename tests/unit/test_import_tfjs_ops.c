/*
 * TF.js importer, op by op: tiny hand-written graphs are imported, run on the reference
 * kernels and compared with results computed here directly from TF's definitions (HWIO conv
 * filters, [H,W,C,M] depthwise filters, [K,N] MatMul weights, StridedSlice masks, the
 * composite lowerings of GreaterEqual / LogicalAnd / Sum / Max / Pack / Unpack, the folding of
 * Shape arithmetic). Weights go through a real shard with float16 and float32 entries.
 */
#include <math.h>

#include "test_import_tfjs_util.h"
#include "util/gu_fp16.h"

static float xval(int i) { return (float)((i * 7) % 24) - 11.5f; } /* distinct values */

/* ---- convolutions and matrix products ---- */

static void naive_conv(const float* x, int H, int W, int C, const float* f, int KH, int KW, int O, const float* bias,
                       int stride, int dil, int pad_t, int pad_l, int OH, int OW, bool depthwise, int M, int act,
                       float* out) {
    int OC = depthwise ? C * M : O;
    for (int oy = 0; oy < OH; oy++)
        for (int ox = 0; ox < OW; ox++)
            for (int oc = 0; oc < OC; oc++) {
                double acc = bias ? bias[oc] : 0;
                for (int ky = 0; ky < KH; ky++)
                    for (int kx = 0; kx < KW; kx++) {
                        int iy = oy * stride - pad_t + ky * dil, ix = ox * stride - pad_l + kx * dil;
                        if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
                        if (depthwise) {
                            int c = oc / M, m = oc % M;
                            acc += x[(iy * W + ix) * C + c] * f[((ky * KW + kx) * C + c) * M + m]; /* HWCM */
                        } else {
                            for (int c = 0; c < C; c++)
                                acc += x[(iy * W + ix) * C + c] * f[((ky * KW + kx) * C + c) * O + oc]; /* HWIO */
                        }
                    }
                float v = (float)acc;
                if (act >= 1 && v < 0) v = 0;
                if (act == 2 && v > 6) v = 6;
                out[(oy * OW + ox) * OC + oc] = v;
            }
}

static void test_conv_family(void) {
    tj_reset();
    enum { H = 6, W = 5, C = 3, O = 4, M = 2 };
    float x[H * W * C], f[3 * 3 * C * O], fd[3 * 3 * C * M], b[O], bd[C * M], w[6 * 4], wb[4];
    test_rng rng = {12345};
    for (int i = 0; i < H * W * C; i++) x[i] = test_rng_float(&rng, -1, 1);
    for (int i = 0; i < 3 * 3 * C * O; i++) f[i] = test_rng_float(&rng, -1, 1);
    for (int i = 0; i < 3 * 3 * C * M; i++) fd[i] = test_rng_float(&rng, -1, 1);
    for (int i = 0; i < O; i++) b[i] = test_rng_float(&rng, -0.5f, 0.5f);
    for (int i = 0; i < C * M; i++) bd[i] = test_rng_float(&rng, -0.5f, 0.5f);
    for (int i = 0; i < 24; i++) w[i] = test_rng_float(&rng, -1, 1);
    for (int i = 0; i < 4; i++) wb[i] = test_rng_float(&rng, -1, 1);

    /* The conv filter and bias live in a shard (filter fp16, bias raw f32); the rest inline. */
    uint8_t shard[3 * 3 * C * O * 2 + O * 4];
    float f16[3 * 3 * C * O]; /* what the model really holds after fp16 rounding */
    for (int i = 0; i < 3 * 3 * C * O; i++) {
        uint16_t h = gu_f32_to_f16(f[i]);
        shard[2 * i] = (uint8_t)h;
        shard[2 * i + 1] = (uint8_t)(h >> 8);
        f16[i] = gu_f16_to_f32(h);
    }
    memcpy(shard + sizeof(f16) / 2, b, sizeof(b)); /* host is little-endian in CI */
    const char* manifest = tj_fmt(
        "[{'paths':['w.bin'],'weights':[{'name':'f','shape':[3,3,%d,%d],'dtype':'float32','quantization':{'dtype':"
        "'float16','original_dtype':'float32'}},{'name':'b','shape':[%d],'dtype':'float32'}]}]",
        C, O, O);
    const char* same_strides = "'strides':{'list':{'i':['1','2','2','1']}},'padding':{'s':'U0FNRQ=='}";
    const char* nodes[] = {
        tj_placeholder("x", "DT_FLOAT", "1,6,5,3"),
        tj_const_manifest("f", "DT_FLOAT", "3,3,3,4"),
        tj_const_manifest("b", "DT_FLOAT", "4"),
        tj_const_f32("fd", "3,3,3,2", tj_floats(fd, 3 * 3 * C * M)),
        tj_const_f32("bd", "6", tj_floats(bd, C * M)),
        /* 1: SAME, stride 2, BiasAdd + Relu */
        tj_node("conv", "_FusedConv2D", "'x','f','b'",
                tj_fmt("%s,'fused_ops':{'list':{'s':['Qmlhc0FkZA==','UmVsdQ==']}},'num_args':{'i':'1'},"
                       "'data_format':{'s':'TkhXQw=='},'dilations':{'list':{'i':['1','1','1','1']}}",
                       same_strides)),
        /* 2: plain Conv2D, EXPLICIT padding (top 2, bottom 0, left 1, right 1), no bias */
        tj_node("conv_explicit", "Conv2D", "'x','f'",
                "'strides':{'list':{'i':['1','1','1','1']}},'padding':{'s':'RVhQTElDSVQ='},"
                "'explicit_paddings':{'list':{'i':['0','0','2','0','1','1','0','0']}}"),
        /* 3: depthwise, multiplier 2, VALID, dilation 2 */
        tj_node("dw", "DepthwiseConv2dNative", "'x','fd'",
                "'strides':{'list':{'i':['1','1','1','1']}},'padding':{'s':'VkFMSUQ='},"
                "'dilations':{'list':{'i':['1','2','2','1']}}"),
        /* 4: fused depthwise, SAME stride 2, BiasAdd + Relu6 */
        tj_node("dw_fused", "FusedDepthwiseConv2dNative", "'x','fd','bd'",
                tj_fmt("%s,'fused_ops':{'list':{'s':['Qmlhc0FkZA==','UmVsdTY=']}},'num_args':{'i':'1'}", same_strides)),
        NULL,
    };
    const char* json = tj_model(manifest, NULL, nodes);
    const float* inputs[1] = {x};
    tj_outputs o;
    glint_error err = {0};
    glint_result r = tj_run(json, shard, sizeof(shard), inputs, &o, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "conv graph: %s", err.message);
    if (r == GLINT_SUCCESS) {
        CHECK(o.count == 4);
        float e[6 * 5 * 6];
        naive_conv(x, H, W, C, f16, 3, 3, O, b, 2, 1, 0, 1, 3, 3, false, 0, 1, e); /* SAME: top 0, left 1 */
        tj_expect(&o, 0, "_FusedConv2D SAME/2 + bias + relu", e, 3 * 3 * O, 1e-5f);
        naive_conv(x, H, W, C, f16, 3, 3, O, NULL, 1, 1, 2, 1, 6, 5, false, 0, 0, e); /* (6+2-3)+1 = 6 rows */
        tj_expect(&o, 1, "Conv2D EXPLICIT", e, 6 * 5 * O, 1e-5f);
        naive_conv(x, H, W, C, fd, 3, 3, 0, NULL, 1, 2, 0, 0, 2, 1, true, M, 0, e);
        tj_expect(&o, 2, "DepthwiseConv2dNative VALID dilation 2", e, 2 * 1 * C * M, 1e-5f);
        naive_conv(x, H, W, C, fd, 3, 3, 0, bd, 2, 1, 0, 1, 3, 3, true, M, 2, e);
        tj_expect(&o, 3, "FusedDepthwiseConv2dNative SAME/2 + bias + relu6", e, 3 * 3 * C * M, 1e-5f);
    }
    tj_outputs_free(&o);

    /* MatMul: [2,6] x [6,4] (+ bias, relu6) and with transpose_b ([4,6] weights). */
    float a[12];
    for (int i = 0; i < 12; i++) a[i] = test_rng_float(&rng, -2, 2);
    float wt[24]; /* w transposed: [4,6] */
    for (int k = 0; k < 6; k++)
        for (int n = 0; n < 4; n++) wt[n * 6 + k] = w[k * 4 + n];
    const char* mm_nodes[] = {
        tj_placeholder("a", "DT_FLOAT", "2,6"),
        tj_const_f32("w", "6,4", tj_floats(w, 24)),
        tj_const_f32("wt", "4,6", tj_floats(wt, 24)),
        tj_const_f32("wb", "4", tj_floats(wb, 4)),
        tj_node("mm", "_FusedMatMul", "'a','w','wb'",
                "'fused_ops':{'list':{'s':['Qmlhc0FkZA==','UmVsdTY=']}},'num_args':{'i':'1'},'transpose_a':{'b':false},"
                "'transpose_b':{'b':false}"),
        tj_node("mm_t", "MatMul", "'a','wt'", "'transpose_b':{'b':true}"),
        NULL,
    };
    inputs[0] = a;
    r = tj_run(tj_model(NULL, NULL, mm_nodes), NULL, 0, inputs, &o, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "matmul graph: %s", err.message);
    if (r == GLINT_SUCCESS) {
        float e1[8], e2[8];
        for (int m = 0; m < 2; m++)
            for (int n = 0; n < 4; n++) {
                double acc = 0;
                for (int k = 0; k < 6; k++) acc += a[m * 6 + k] * w[k * 4 + n];
                e2[m * 4 + n] = (float)acc;
                float v = (float)(acc + wb[n]);
                e1[m * 4 + n] = v < 0 ? 0 : v > 6 ? 6 : v;
            }
        tj_expect(&o, 0, "_FusedMatMul + bias + relu6", e1, 8, 1e-5f);
        tj_expect(&o, 1, "MatMul transpose_b", e2, 8, 1e-5f);
    }
    tj_outputs_free(&o);
}

/* ---- comparisons, logic, arithmetic rewrites ---- */

static void test_elementwise(void) {
    tj_reset();
    const float x[6] = {1, 2, NAN, 4, -5, 2};
    const float c[3] = {2, 2, 2};
    const char* nodes[] = {
        tj_placeholder("x", "DT_FLOAT", "2,3"),
        tj_const_f32("c", "3", "2,2,2"),
        tj_const_f32("lo", "", "0"),
        tj_node("ge", "GreaterEqual", "'x','c'", ""),
        tj_node("le", "LessEqual", "'x','c'", ""),
        tj_node("ne", "NotEqual", "'x','c'", ""),
        tj_node("gt0", "Greater", "'x','lo'", ""),
        tj_node("lt", "Less", "'x','c'", ""),
        tj_node("and", "LogicalAnd", "'gt0','lt'", ""),
        tj_node("or", "LogicalOr", "'gt0','lt'", ""),
        tj_node("not", "LogicalNot", "'gt0'", ""),
        tj_node("o_ge", "Cast", "'ge'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("o_le", "Cast", "'le'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("o_ne", "Cast", "'ne'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("o_and", "Cast", "'and'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("o_or", "Cast", "'or'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("o_not", "Cast", "'not'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("recip", "Reciprocal", "'x'", ""),
        tj_node("square", "Square", "'x'", ""),
        tj_node("addn", "AddN", "'x','x','x'", "'N':{'i':'3'}"),
        tj_node("floordiv", "FloorDiv", "'x','c'", ""),
        tj_node("sqdiff", "SquaredDifference", "'x','c'", ""),
        tj_placeholder("xi", "DT_INT32", "2,3"),
        tj_const_i32("ci", "", "3"),
        tj_node("idiv", "FloorDiv", "'xi','ci'", ""),
        tj_node("o_idiv", "Cast", "'idiv'", "'DstT':{'type':'DT_FLOAT'}"),
        NULL,
    };
    const float xi[6] = {7, -7, 0, 5, -5, 9};
    const float* inputs[2] = {x, xi};
    tj_outputs o;
    glint_error err = {0};
    glint_result r = tj_run(tj_model(NULL, NULL, nodes), NULL, 0, inputs, &o, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "elementwise graph: %s", err.message);
    if (r == GLINT_SUCCESS) {
        float e[6];
        for (int i = 0; i < 6; i++) e[i] = x[i] >= c[i % 3];
        tj_expect(&o, 0, "GreaterEqual (NaN -> false)", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = x[i] <= c[i % 3];
        tj_expect(&o, 1, "LessEqual", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = x[i] != c[i % 3];
        tj_expect(&o, 2, "NotEqual (NaN -> true)", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = x[i] > 0 && x[i] < 2;
        tj_expect(&o, 3, "LogicalAnd", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = x[i] > 0 || x[i] < 2;
        tj_expect(&o, 4, "LogicalOr", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = !(x[i] > 0);
        tj_expect(&o, 5, "LogicalNot", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = 1.0f / x[i];
        tj_expect(&o, 6, "Reciprocal", e, 6, 1e-6f);
        for (int i = 0; i < 6; i++) e[i] = x[i] * x[i];
        tj_expect(&o, 7, "Square", e, 6, 1e-6f);
        for (int i = 0; i < 6; i++) e[i] = x[i] + x[i] + x[i];
        tj_expect(&o, 8, "AddN", e, 6, 1e-6f);
        for (int i = 0; i < 6; i++) e[i] = floorf(x[i] / c[i % 3]);
        tj_expect(&o, 9, "FloorDiv float", e, 6, 0);
        for (int i = 0; i < 6; i++) e[i] = (x[i] - c[i % 3]) * (x[i] - c[i % 3]);
        tj_expect(&o, 10, "SquaredDifference", e, 6, 1e-6f);
        const float idiv[6] = {2, -3, 0, 1, -2, 3}; /* floor semantics for negatives */
        tj_expect(&o, 11, "FloorDiv int32", idiv, 6, 0);
    }
    tj_outputs_free(&o);
}

/* ---- layout, reductions, folding ---- */

static void test_layout(void) {
    tj_reset();
    float x[24];
    for (int i = 0; i < 24; i++) x[i] = xval(i);
#define X(i, j, k) x[((i)*3 + (j)) * 4 + (k)]
    const char* nodes[] = {
        tj_placeholder("x", "DT_FLOAT", "2,3,4"),
        /* 0..2: Unpack along axis 1 -> three [2,4] */
        tj_node("un", "Unpack", "'x'", "'num':{'i':'3'},'axis':{'i':'1'}"),
        tj_node("un0", "Identity", "'un'", ""),
        tj_node("un1", "Identity", "'un:1'", ""),
        tj_node("un2", "Identity", "'un:2'", ""),
        /* 3: Pack them on axis 2 -> [2,4,3] */
        tj_node("pk", "Pack", "'un','un:1','un:2'", "'axis':{'i':'2'},'N':{'i':'3'}"),
        /* 4: x[1, 0:3:2, -1::-1] (shrink axis 0, end_mask on axis 2) -> [2,4] */
        tj_const_i32("b0", "3", "1,0,-1"),
        tj_const_i32("e0", "3", "2,3,0"),
        tj_const_i32("s0", "3", "1,2,-1"),
        tj_node("ss", "StridedSlice", "'x','b0','e0','s0'",
                "'begin_mask':{'i':'0'},'end_mask':{'i':'4'},'shrink_axis_mask':{'i':'1'},'ellipsis_mask':{'i':'0'},"
                "'new_axis_mask':{'i':'0'}"),
        /* 5: x[..., None, 1:3] -> [2,3,1,2] */
        tj_const_i32("b1", "3", "0,0,1"),
        tj_const_i32("e1", "3", "0,0,3"),
        tj_const_i32("s1", "3", "1,1,1"),
        tj_node("ss2", "StridedSlice", "'x','b1','e1','s1'", "'ellipsis_mask':{'i':'1'},'new_axis_mask':{'i':'2'}"),
        /* 6: Max over axes 1,2 keep_dims -> [2,1,1]; 7: Min over axis 0 -> [3,4]; 8: Sum over -1 -> [2,3] */
        tj_const_i32("ax12", "2", "1,2"),
        tj_const_i32("ax0", "1", "0"),
        tj_const_i32("axm1", "", "-1"),
        tj_node("mx", "Max", "'x','ax12'", "'keep_dims':{'b':true}"),
        tj_node("mn", "Min", "'x','ax0'", "'keep_dims':{'b':false}"),
        tj_node("sm", "Sum", "'x','axm1'", "'keep_dims':{'b':false}"),
        /* 9: Reshape(x, Pack(2, Shape(x)[1] * 4)) -> [2,12] (all folded at import) */
        tj_node("shp", "Shape", "'x'", "'out_type':{'type':'DT_INT32'}"),
        tj_const_i32("one_b", "1", "1"),
        tj_const_i32("two_e", "1", "2"),
        tj_const_i32("one_s", "1", "1"),
        tj_node("d1", "StridedSlice", "'shp','one_b','two_e','one_s'", "'shrink_axis_mask':{'i':'1'}"),
        tj_const_i32("four", "", "4"),
        tj_const_i32("two", "", "2"),
        tj_node("d1x4", "Mul", "'d1','four'", ""),
        tj_node("newshape", "Pack", "'two','d1x4'", "'axis':{'i':'0'},'N':{'i':'2'}"),
        tj_node("rs", "Reshape", "'x','newshape'", ""),
        tj_node("rs_out", "Identity", "'rs'", ""),
        /* 10: Transpose [2,0,1] -> [4,2,3] */
        tj_const_i32("perm", "3", "2,0,1"),
        tj_node("tr", "Transpose", "'x','perm'", ""),
        /* 11: Tile [1,2,1] -> [2,6,4] */
        tj_const_i32("mult", "3", "1,2,1"),
        tj_node("tl", "Tile", "'x','mult'", ""),
        /* 12: x * Fill([2,3,4], 0.5) + Range(0, 4, 1) */
        tj_const_i32("dims", "3", "2,3,4"),
        tj_const_f32("half", "", "0.5"),
        tj_node("fill", "Fill", "'dims','half'", ""),
        tj_const_f32("r0", "", "0"),
        tj_const_f32("r4", "", "4"),
        tj_const_f32("r1", "", "1"),
        tj_node("rng", "Range", "'r0','r4','r1'", "'Tidx':{'type':'DT_FLOAT'}"),
        tj_node("xf", "Mul", "'x','fill'", ""),
        tj_node("xfr", "AddV2", "'xf','rng'", ""),
        /* 13: Select v1 with a rank-1 condition: row 0 from x, row 1 from zeros_like */
        tj_const_bool("cond", "2", "true,false"),
        tj_node("zl", "ZerosLike", "'x'", ""),
        tj_node("sel", "Select", "'cond','x','zl'", ""),
        /* 14, 15: TopKV2(k=3) on [2,12] */
        tj_const_i32("k", "", "3"),
        tj_node("topk", "TopKV2", "'rs','k'", "'sorted':{'b':true}"),
        tj_node("topv", "Identity", "'topk'", ""),
        tj_node("topi", "Cast", "'topk:1'", "'DstT':{'type':'DT_FLOAT'}"),
        /* 16: GatherNd with indices [[0,1],[1,2]] -> [2,4] */
        tj_const_i32("gi", "2,2", "0,1,1,2"),
        tj_node("gnd", "GatherNd", "'x','gi'", ""),
        /* 17: ArgMax over axis 2 -> [2,3] */
        tj_const_i32("am_axis", "", "2"),
        tj_node("am", "ArgMax", "'x','am_axis'", "'output_type':{'type':'DT_INT32'}"),
        tj_node("amf", "Cast", "'am'", "'DstT':{'type':'DT_FLOAT'}"),
        /* 18: ExpandDims(-1) then Squeeze(axis 3) then ConcatV2 with x on axis -1 -> [2,3,8] */
        tj_const_i32("m1", "", "-1"),
        tj_node("ed", "ExpandDims", "'x','m1'", ""),
        tj_node("sq", "Squeeze", "'ed'", "'squeeze_dims':{'list':{'i':['3']}}"),
        tj_node("cat", "ConcatV2", "'sq','x','m1'", "'N':{'i':'2'}"),
        /* 19, 20: Split axis 2 into 2 */
        tj_const_i32("two_ax", "", "2"),
        tj_node("sp", "Split", "'two_ax','x'", "'num_split':{'i':'2'}"),
        tj_node("sp0", "Identity", "'sp'", ""),
        tj_node("sp1", "Identity", "'sp:1'", ""),
        /* 21: Mean over 0,2 keep_dims -> [1,3,1] */
        tj_const_i32("ax02", "2", "0,2"),
        tj_node("mean", "Mean", "'x','ax02'", "'keep_dims':{'b':true}"),
        NULL,
    };
    /* Outputs = nodes nobody reads, in file order. Consumed nodes (un, shp, ...) are not outputs. */
    const float* inputs[1] = {x};
    tj_outputs o;
    glint_error err = {0};
    glint_result r = tj_run(tj_model(NULL, NULL, nodes), NULL, 0, inputs, &o, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "layout graph: %s", err.message);
    if (r != GLINT_SUCCESS) return;
    float e[64];
    int k = 0;
    for (int j = 0; j < 3; j++) { /* un0..un2 */
        k = 0;
        for (int i = 0; i < 2; i++)
            for (int c = 0; c < 4; c++) e[k++] = X(i, j, c);
        tj_expect(&o, j, "Unpack", e, 8, 0);
    }
    k = 0;
    for (int i = 0; i < 2; i++)
        for (int c = 0; c < 4; c++)
            for (int j = 0; j < 3; j++) e[k++] = X(i, j, c);
    tj_expect(&o, 3, "Pack axis 2", e, 24, 0);
    k = 0;
    for (int j = 0; j < 3; j += 2)
        for (int c = 3; c >= 0; c--) e[k++] = X(1, j, c);
    tj_expect(&o, 4, "StridedSlice shrink + negative stride + end_mask", e, 8, 0);
    CHECK(o.shape[4].rank == 2 && o.shape[4].dim[0] == 2 && o.shape[4].dim[1] == 4);
    k = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int c = 1; c < 3; c++) e[k++] = X(i, j, c);
    tj_expect(&o, 5, "StridedSlice ellipsis + new axis", e, 12, 0);
    CHECK(o.shape[5].rank == 4 && o.shape[5].dim[2] == 1 && o.shape[5].dim[3] == 2);
    for (int i = 0; i < 2; i++) {
        float m = -1e30f;
        for (int j = 0; j < 12; j++) m = fmaxf(m, x[i * 12 + j]);
        e[i] = m;
    }
    tj_expect(&o, 6, "Max over 1,2", e, 2, 0);
    for (int j = 0; j < 12; j++) e[j] = fminf(x[j], x[12 + j]);
    tj_expect(&o, 7, "Min over 0", e, 12, 0);
    for (int i = 0; i < 6; i++) e[i] = x[i * 4] + x[i * 4 + 1] + x[i * 4 + 2] + x[i * 4 + 3];
    tj_expect(&o, 8, "Sum over -1", e, 6, 1e-6f);
    tj_expect(&o, 9, "Reshape to folded Pack(2, Shape[1]*4)", x, 24, 0);
    CHECK(o.shape[9].rank == 2 && o.shape[9].dim[1] == 12);
    k = 0;
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) e[k++] = X(i, j, c);
    tj_expect(&o, 10, "Transpose", e, 24, 0);
    k = 0;
    for (int i = 0; i < 2; i++)
        for (int t = 0; t < 6; t++)
            for (int c = 0; c < 4; c++) e[k++] = X(i, t % 3, c);
    tj_expect(&o, 11, "Tile", e, 48, 0);
    for (int i = 0; i < 24; i++) e[i] = x[i] * 0.5f + (float)(i % 4);
    tj_expect(&o, 12, "Fill and Range", e, 24, 0);
    for (int i = 0; i < 24; i++) e[i] = i < 12 ? x[i] : 0;
    tj_expect(&o, 13, "Select with a row condition", e, 24, 0);
    float iv[6];
    for (int i = 0; i < 2; i++) { /* top 3 of each row of 12 */
        bool used[12] = {false};
        for (int t = 0; t < 3; t++) {
            int best = -1;
            for (int j = 0; j < 12; j++)
                if (!used[j] && (best < 0 || x[i * 12 + j] > x[i * 12 + best])) best = j;
            used[best] = true;
            e[i * 3 + t] = x[i * 12 + best];
            iv[i * 3 + t] = (float)best;
        }
    }
    tj_expect(&o, 14, "TopKV2 values", e, 6, 0);
    tj_expect(&o, 15, "TopKV2 indices", iv, 6, 0);
    for (int c = 0; c < 4; c++) e[c] = X(0, 1, c), e[4 + c] = X(1, 2, c);
    tj_expect(&o, 16, "GatherNd", e, 8, 0);
    for (int i = 0; i < 6; i++) {
        int best = 0;
        for (int c = 1; c < 4; c++)
            if (x[i * 4 + c] > x[i * 4 + best]) best = c;
        e[i] = (float)best;
    }
    tj_expect(&o, 17, "ArgMax", e, 6, 0);
    k = 0;
    for (int i = 0; i < 6; i++) {
        for (int c = 0; c < 4; c++) e[k++] = x[i * 4 + c];
        for (int c = 0; c < 4; c++) e[k++] = x[i * 4 + c];
    }
    tj_expect(&o, 18, "ExpandDims + Squeeze + ConcatV2", e, 48, 0);
    for (int half = 0; half < 2; half++) {
        k = 0;
        for (int i = 0; i < 6; i++)
            for (int c = 0; c < 2; c++) e[k++] = x[i * 4 + half * 2 + c];
        tj_expect(&o, 19 + half, "Split", e, 12, 0);
    }
    for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int i = 0; i < 2; i++)
            for (int c = 0; c < 4; c++) s += X(i, j, c);
        e[j] = (float)(s / 8);
    }
    tj_expect(&o, 21, "Mean keep_dims", e, 3, 1e-6f);
    CHECK(o.count == 22);
    tj_outputs_free(&o);
#undef X
}

/* Signature outputs name the graph outputs; Identity renames; the override sets free dims. */
static void test_io(void) {
    tj_reset();
    const char* nodes[] = {
        tj_placeholder("img", "DT_INT32", "1,-1,-1,3"),
        tj_node("f", "Cast", "'img'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("Identity_1", "Sigmoid", "'f'", ""),
        tj_node("Identity", "Identity", "'f'", ""),
        tj_node("Identity_10", "Identity", "'f'", ""), /* same tensor twice: needs a copy */
        NULL,
    };
    const char* sig =
        "{'inputs':{'img:0':{'name':'img:0','dtype':'DT_INT32','tensorShape':{'dim':[{'size':'1'},{'size':'8'},"
        "{'size':'8'},{'size':'3'}]}}},'outputs':{'Identity_10:0':{'name':'Identity_10:0'},'Identity_1:0':{'name':"
        "'Identity_1:0'},'Identity:0':{'name':'Identity:0'}}}";
    const char* sig_json = tj_fmt("%s", sig);
    const char* json = tj_model(NULL, sig_json, nodes);
    ge_graph g;
    glint_error err = {0};
    CHECK(tj_import(&g, json, NULL, 0, NULL, &err) == GLINT_SUCCESS);
    CHECK(g.num_inputs == 1 && g.num_outputs == 3);
    if (g.num_inputs == 1 && g.num_outputs == 3) {
        char b[64];
        ge_shape_format(&g.tensors[g.inputs[0]].shape, b, sizeof(b));
        CHECK_MSG(strcmp(b, "1x8x8x3") == 0, "input from the signature: %s", b);
        /* natural order: Identity, Identity_1, Identity_10 */
        CHECK_MSG(strcmp(g.tensors[g.outputs[0]].name, "Identity") == 0, "%s", g.tensors[g.outputs[0]].name);
        CHECK_MSG(strcmp(g.tensors[g.outputs[1]].name, "Identity_1") == 0, "%s", g.tensors[g.outputs[1]].name);
        CHECK_MSG(strcmp(g.tensors[g.outputs[2]].name, "Identity_10") == 0, "%s", g.tensors[g.outputs[2]].name);
        CHECK(g.outputs[0] != g.outputs[2]);
    }
    ge_graph_free(&g);
    ge_shape ov = {4, {1, 64, 32, 3}};
    CHECK(tj_import(&g, json, NULL, 0, &ov, &err) == GLINT_SUCCESS);
    CHECK(g.num_inputs == 1 && ge_shape_equal(&g.tensors[g.inputs[0]].shape, &ov));
    ge_graph_free(&g);
    ge_shape bad = {4, {2, 64, 32, 3}}; /* the graph fixes the batch to 1 */
    CHECK(tj_import(&g, json, NULL, 0, &bad, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK_MSG(strstr(err.message, "fixes dimension 0"), "%s", err.message);
    ge_graph_free(&g);
    ge_shape bad_rank = {3, {64, 32, 3}};
    CHECK(tj_import(&g, json, NULL, 0, &bad_rank, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    ge_graph_free(&g);

    /* Without a signature the free dims stay free: refused with a hint. */
    const char* json2 = tj_model(NULL, NULL, nodes);
    CHECK(tj_import(&g, json2, NULL, 0, NULL, &err) == GLINT_ERROR_MODEL_UNSUPPORTED);
    CHECK_MSG(strstr(err.message, "override"), "%s", err.message);
    ge_graph_free(&g);
}

/* Every weightsManifest encoding: uint8 / uint16 affine, float16, raw int32 and bool, with a
 * weight that straddles two shards of one group. */
static void test_manifest_encodings(void) {
    tj_reset();
    /* group 0: a uint8[4] (scale 0.5, min -1), b uint16[2] (scale 0.25, min 2), h float16[2];
     * group 1: i int32[3], t bool[2]; group 0 is split 3 + 9 bytes, so b straddles shards. */
    const uint8_t g0[4 + 4 + 4] = {0, 1, 2, 255, 4, 0, 0x10, 0x27, 0x00, 0x3c, 0x00, 0xc0};
    const uint8_t g1[12 + 2] = {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x39, 0x30, 0, 0, 0, 7};
    const char* manifest =
        "[{'paths':['a.bin','b.bin'],'weights':["
        "{'name':'a','shape':[4],'dtype':'float32','quantization':{'dtype':'uint8','scale':0.5,'min':-1}},"
        "{'name':'b','shape':[2],'dtype':'float32','quantization':{'dtype':'uint16','scale':0.25,'min':2}},"
        "{'name':'h','shape':[2],'dtype':'float32','quantization':{'dtype':'float16','original_dtype':'float32'}}]},"
        "{'paths':['c.bin'],'weights':[{'name':'i','shape':[3],'dtype':'int32'},{'name':'t','shape':[2],'dtype':"
        "'bool'}]}]";
    const char* nodes[] = {
        tj_placeholder("z", "DT_FLOAT", "1"),
        tj_const_manifest("a", "DT_FLOAT", "4"),
        tj_const_manifest("b", "DT_FLOAT", "2"),
        tj_const_manifest("h", "DT_FLOAT", "2"),
        tj_const_manifest("i", "DT_INT32", "3"),
        tj_const_manifest("t", "DT_BOOL", "2"),
        tj_node("oa", "AddV2", "'z','a'", ""),
        tj_node("ob", "AddV2", "'z','b'", ""),
        tj_node("oh", "AddV2", "'z','h'", ""),
        tj_node("if", "Cast", "'i'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("oi", "AddV2", "'z','if'", ""),
        tj_node("tf", "Cast", "'t'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_node("ot", "AddV2", "'z','tf'", ""),
        NULL,
    };
    const char* json = tj_model(tj_fmt("%s", manifest), NULL, nodes);
    ge_graph g;
    ge_graph_init(&g, &tj_alloc);
    const void* shards[3] = {g0, g0 + 3, g1};
    const size_t sizes[3] = {3, sizeof(g0) - 3, sizeof(g1)};
    glint_error err = {0};
    glint_result r = ge_import_tfjs_memory(&g, json, strlen(json), shards, sizes, 3, NULL, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "encodings: %s", err.message);
    if (r == GLINT_SUCCESS) {
        const struct {
            const char* name;
            float v[4];
            int n;
        } want[] = {
            {"a", {-1.0f, -0.5f, 0.0f, 126.5f}, 4},
            {"b", {3.0f, 2502.0f}, 2}, /* 4 * 0.25 + 2, 10000 * 0.25 + 2 */
            {"h", {1.0f, -2.0f}, 2},
            {"i", {1, -1, 12345}, 3},
            {"t", {0, 1}, 2},
        };
        for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
            int32_t t = ge_graph_find_tensor(&g, want[k].name);
            CHECK_MSG(t >= 0 && g.tensors[t].data, "constant %s", want[k].name);
            if (t < 0 || !g.tensors[t].data) continue;
            for (int e = 0; e < want[k].n; e++) {
                float got = g.tensors[t].dtype == GE_DTYPE_F32   ? ((const float*)g.tensors[t].data)[e]
                            : g.tensors[t].dtype == GE_DTYPE_I32 ? (float)((const int32_t*)g.tensors[t].data)[e]
                                                                 : (float)((const uint8_t*)g.tensors[t].data)[e];
                CHECK_MSG(got == want[k].v[e], "%s[%d] = %g, expected %g", want[k].name, e, (double)got,
                          (double)want[k].v[e]);
            }
        }
    }
    ge_graph_free(&g);
    /* The same shards in one piece per group would be a different shard count: refused. */
    ge_graph_init(&g, &tj_alloc);
    CHECK(ge_import_tfjs_memory(&g, json, strlen(json), shards, sizes, 2, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    ge_graph_free(&g);
}

int main(void) {
    gu_allocator_init(&tj_alloc, NULL);
    test_manifest_encodings();
    test_conv_family();
    test_elementwise();
    test_layout();
    test_io();
    CHECK(tj_alloc.live_allocations == 0);
    return test_finish();
}

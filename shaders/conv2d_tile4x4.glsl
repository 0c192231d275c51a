// CONV2D, f32, NHWC input, OHWI filter, any kernel, stride, dilation and padding (taps outside
// the input contribute nothing). Each invocation computes 4 output channels for 4 consecutive
// output pixels of one row, so every weight it loads serves 4 pixels (register blocking).
// x: output-channel blocks, y: blocks of 4 output columns, z: n * OH + oy.
#include "gv_common.glsl"

#define GV_CONV_OUT_CHANNELS 1
#include "gv_conv_geom.glsl"
layout(constant_id = 17) const int ACT = 0;
layout(constant_id = 18) const bool HAS_BIAS = false;
layout(constant_id = 19) const uint NOH = 1; // N * OH

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };
#if GV_F16W
layout(set = 0, binding = 2) readonly buffer W { float16_t w[]; }; // f16 weights, exact (see gv_ops.c)
#define LDW(i) float(w[i])
#else
layout(set = 0, binding = 2) readonly buffer W { float w[]; };
#define LDW(i) w[i]
#endif
layout(set = 0, binding = 3) readonly buffer Bias { float bias[]; };

void main() {
    const uint o0 = gl_GlobalInvocationID.x * 4;
    const uint ox0 = gl_GlobalInvocationID.y * 4;
    const uint nz = gl_GlobalInvocationID.z;
    if (o0 >= O || ox0 >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    const uint xo = gv_off1(1), wo = (GV_F16W != 0) ? pc.off[2] >> 1 : gv_off1(2);
    // Filter rows of the 4 output channels (a missing channel repeats the last one; not stored).
    uint wrow[4];
    [[unroll]] for (uint j = 0; j < 4; j++) wrow[j] = wo + min(o0 + j, O - 1) * (KH * KW * C);
    vec4 b = vec4(0.0);
    if (HAS_BIAS) {
        const uint bo = gv_off1(3);
        b = vec4(bias[bo + min(o0, O - 1)], bias[bo + min(o0 + 1, O - 1)], bias[bo + min(o0 + 2, O - 1)],
                 bias[bo + min(o0 + 3, O - 1)]);
    }
    vec4 acc[4] = vec4[4](b, b, b, b);
    for (uint ky = 0; ky < KH; ky++) {
        const int iy = int(oy) * SH - PT + int(ky) * DH;
        if (iy < 0 || iy >= int(IH)) continue;
        const uint row = xo + (n * IH + uint(iy)) * IW * C;
        for (uint kx = 0; kx < KW; kx++) {
            int ix[4];
            bool ok[4];
            [[unroll]] for (uint p = 0; p < 4; p++) {
                ix[p] = int(ox0 + p) * SW - PL + int(kx) * DW;
                ok[p] = ix[p] >= 0 && ix[p] < int(IW) && ox0 + p < OW;
            }
            const uint wk = (ky * KW + kx) * C;
            for (uint c = 0; c < C; c++) {
                const vec4 wv = vec4(LDW(wrow[0] + wk + c), LDW(wrow[1] + wk + c), LDW(wrow[2] + wk + c), LDW(wrow[3] + wk + c));
                [[unroll]] for (uint p = 0; p < 4; p++)
                    if (ok[p]) acc[p] += x[row + uint(ix[p]) * C + c] * wv;
            }
        }
    }
    const uint yo = gv_off1(0);
    [[unroll]] for (uint p = 0; p < 4; p++) {
        if (ox0 + p >= OW) break;
        const uint base = yo + ((n * OH + oy) * OW + ox0 + p) * O + o0;
        const vec4 v = gv_act4(acc[p], ACT);
        y[base] = v.x;
        if (o0 + 1 < O) y[base + 1] = v.y;
        if (o0 + 2 < O) y[base + 2] = v.z;
        if (o0 + 3 < O) y[base + 3] = v.w;
    }
}

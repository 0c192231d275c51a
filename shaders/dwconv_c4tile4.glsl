// DEPTHWISE_CONV2D, f32, depth multiplier 1, channels a multiple of 4: each invocation computes
// 4 channels (a vec4) for 4 consecutive output columns; taps outside the input contribute nothing.
// x: channel blocks of 4, y: blocks of 4 output columns, z: n * OH + oy.
#include "gv_common.glsl"

#define GV_CONV_C C4
#include "gv_conv_geom.glsl"
layout(constant_id = 16) const int ACT = 0;
layout(constant_id = 17) const bool HAS_BIAS = false;
layout(constant_id = 18) const uint NOH = 1;

layout(set = 0, binding = 0) writeonly buffer Y { vec4 y[]; };
layout(set = 0, binding = 1) readonly buffer X { vec4 x[]; };
#if GV_F16W
layout(set = 0, binding = 2) readonly buffer W { f16vec4 w[]; }; // f16 weights, exact (see gv_ops.c)
#define LDW4(i) vec4(w[i])
#else
layout(set = 0, binding = 2) readonly buffer W { vec4 w[]; };
#define LDW4(i) w[i]
#endif
layout(set = 0, binding = 3) readonly buffer Bias { vec4 bias[]; };

void main() {
    const uint c4 = gl_GlobalInvocationID.x;
    const uint ox0 = gl_GlobalInvocationID.y * 4;
    const uint nz = gl_GlobalInvocationID.z;
    if (c4 >= C4 || ox0 >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    const uint xo = gv_off4(1), wo = (GV_F16W != 0) ? pc.off[2] >> 3 : gv_off4(2);
    const vec4 b = HAS_BIAS ? bias[gv_off4(3) + c4] : vec4(0.0);
    vec4 acc[4] = vec4[4](b, b, b, b);
    [[unroll]] for (uint ky = 0; ky < KH; ky++) {
        const int iy = int(oy) * SH - PT + int(ky) * DH;
        if (iy < 0 || iy >= int(IH)) continue;
        const uint row = xo + (n * IH + uint(iy)) * IW * C4 + c4;
        [[unroll]] for (uint kx = 0; kx < KW; kx++) {
            const vec4 wv = LDW4(wo + (ky * KW + kx) * C4 + c4);
            [[unroll]] for (uint p = 0; p < 4; p++) {
                const int ix = int(ox0 + p) * SW - PL + int(kx) * DW;
                if (ix >= 0 && ix < int(IW) && ox0 + p < OW) acc[p] += x[row + uint(ix) * C4] * wv;
            }
        }
    }
    const uint yo = gv_off4(0) + ((n * OH + oy) * OW + ox0) * C4 + c4;
    [[unroll]] for (uint p = 0; p < 4; p++)
        if (ox0 + p < OW) y[yo + p * C4] = gv_act4(acc[p], ACT);
}

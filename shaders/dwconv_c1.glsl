// DEPTHWISE_CONV2D, f32, any channel count and depth multiplier M: one output element per
// invocation (output channel co reads input channel co / M).
// x: output channels, y: output columns, z: n * OH + oy.
#include "gv_common.glsl"

#include "gv_conv_geom.glsl"
layout(constant_id = 16) const int ACT = 0;
layout(constant_id = 17) const bool HAS_BIAS = false;
layout(constant_id = 18) const uint NOH = 1;
layout(constant_id = 19) const uint M = 1;

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
    const uint CO = C * M;
    const uint co = gl_GlobalInvocationID.x;
    const uint ox = gl_GlobalInvocationID.y;
    const uint nz = gl_GlobalInvocationID.z;
    if (co >= CO || ox >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH, ic = co / M;
    const uint xo = gv_off1(1), wo = (GV_F16W != 0) ? pc.off[2] >> 1 : gv_off1(2);
    float acc = HAS_BIAS ? bias[gv_off1(3) + co] : 0.0;
    for (uint ky = 0; ky < KH; ky++) {
        const int iy = int(oy) * SH - PT + int(ky) * DH;
        if (iy < 0 || iy >= int(IH)) continue;
        for (uint kx = 0; kx < KW; kx++) {
            const int ix = int(ox) * SW - PL + int(kx) * DW;
            if (ix < 0 || ix >= int(IW)) continue;
            acc += x[xo + ((n * IH + uint(iy)) * IW + uint(ix)) * C + ic] * LDW(wo + (ky * KW + kx) * CO + co);
        }
    }
    y[gv_off1(0) + ((n * OH + oy) * OW + ox) * CO + co] = gv_act(acc, ACT);
}

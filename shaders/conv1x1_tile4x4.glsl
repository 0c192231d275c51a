// CONV2D 1x1, stride 1, no padding, f32, channels in and out multiples of 4: a GEMM of the
// [pixels, Cin] input with the [Cout, Cin] filter. Each invocation computes a 4 pixel x 4
// output channel tile from vec4 loads (16 dot products per 8 loads).
// x: output-channel blocks of 4, y: blocks of 4 pixels (all of N*H*W).
#include "gv_common.glsl"

layout(constant_id = 3) const uint P = 1;  // pixels: N * H * W
layout(constant_id = 4) const uint C4 = 1; // input channels / 4
layout(constant_id = 5) const uint O4 = 1; // output channels / 4
layout(constant_id = 6) const int ACT = 0;
layout(constant_id = 7) const bool HAS_BIAS = false;

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
    const uint o4 = gl_GlobalInvocationID.x;
    const uint p0 = gl_GlobalInvocationID.y * 4;
    if (o4 >= O4 || p0 >= P) return;
    const uint xo = gv_off4(1), wo = ((GV_F16W != 0) ? pc.off[2] >> 3 : gv_off4(2)) + o4 * 4 * C4;
    uint xrow[4];
    [[unroll]] for (uint j = 0; j < 4; j++) xrow[j] = xo + min(p0 + j, P - 1) * C4;
    const vec4 b = HAS_BIAS ? bias[gv_off4(3) + o4] : vec4(0.0);
    vec4 acc[4] = vec4[4](b, b, b, b);
    for (uint k = 0; k < C4; k++) {
        const vec4 w0 = LDW4(wo + k), w1 = LDW4(wo + C4 + k), w2 = LDW4(wo + 2 * C4 + k), w3 = LDW4(wo + 3 * C4 + k);
        [[unroll]] for (uint j = 0; j < 4; j++) {
            const vec4 v = x[xrow[j] + k];
            acc[j] += vec4(dot(v, w0), dot(v, w1), dot(v, w2), dot(v, w3));
        }
    }
    const uint yo = gv_off4(0);
    [[unroll]] for (uint j = 0; j < 4; j++)
        if (p0 + j < P) y[yo + (p0 + j) * O4 + o4] = gv_act4(acc[j], ACT);
}

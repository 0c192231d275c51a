#version 450
// MAX_POOL2D / AVERAGE_POOL2D, f32, NHWC. Only taps inside the input count (padding never wins
// a max and is left out of the average's divisor); a window with no tap inside gives 0.
// x: channels, y: output columns, z: n * OH + oy.
#include "gv_common.glsl"

layout(constant_id = 3) const uint IH = 1;
layout(constant_id = 4) const uint IW = 1;
layout(constant_id = 5) const uint C = 1;
layout(constant_id = 6) const uint OH = 1;
layout(constant_id = 7) const uint OW = 1;
layout(constant_id = 8) const int KH = 1;
layout(constant_id = 9) const int KW = 1;
layout(constant_id = 10) const int SH = 1;
layout(constant_id = 11) const int SW = 1;
layout(constant_id = 12) const int PT = 0;
layout(constant_id = 13) const int PL = 0;
layout(constant_id = 14) const int ACT = 0;
layout(constant_id = 15) const bool IS_MAX = true;
layout(constant_id = 16) const uint NOH = 1;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };

void main() {
    const uint c = gl_GlobalInvocationID.x, ox = gl_GlobalInvocationID.y, nz = gl_GlobalInvocationID.z;
    if (c >= C || ox >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    const int iy0 = int(oy) * SH - PT, ix0 = int(ox) * SW - PL;
    const int fy0 = max(-iy0, 0), fy1 = min(KH, int(IH) - iy0);
    const int fx0 = max(-ix0, 0), fx1 = min(KW, int(IW) - ix0);
    const uint xo = gv_off1(1);
    float acc = 0.0;
    bool first = true;
    for (int fy = fy0; fy < fy1; fy++) {
        for (int fx = fx0; fx < fx1; fx++) {
            const float v = x[xo + ((n * IH + uint(iy0 + fy)) * IW + uint(ix0 + fx)) * C + c];
            if (first) acc = v;
            else if (IS_MAX) acc = v > acc ? v : acc;
            else acc += v;
            first = false;
        }
    }
    if (!first && !IS_MAX) acc /= float((fy1 - fy0) * (fx1 - fx0));
    y[gv_off1(0) + ((n * OH + oy) * OW + ox) * C + c] = gv_act(acc, ACT);
}

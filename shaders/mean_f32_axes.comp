#version 450
// MEAN over one contiguous run of axes: the input is viewed as [OUTER, R, INNER] and
// y[o, i] = sum_r x[o, r, i] / R. One output per invocation; x: inner, y: outer.
#include "gv_common.glsl"

layout(constant_id = 3) const uint OUTER = 1;
layout(constant_id = 4) const uint R = 1;
layout(constant_id = 5) const uint INNER = 1;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };

void main() {
    const uint i = gl_GlobalInvocationID.x, o = gl_GlobalInvocationID.y;
    if (i >= INNER || o >= OUTER) return;
    const uint base = gv_off1(1) + o * R * INNER + i;
    vec4 s = vec4(0.0); // four partial sums: shorter add chains, closer to the CPU's double sum
    uint r = 0;
    for (; r + 4 <= R; r += 4)
        s += vec4(x[base + r * INNER], x[base + (r + 1) * INNER], x[base + (r + 2) * INNER], x[base + (r + 3) * INNER]);
    float acc = (s.x + s.z) + (s.y + s.w);
    for (; r < R; r++) acc += x[base + r * INNER];
    y[gv_off1(0) + o * INNER + i] = acc / float(R);
}

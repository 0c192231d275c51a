#version 450
// Binary element-wise ops on f32, four elements per invocation: either both operands have the
// output's shape (B_PERIOD4 = 0), or b repeats along the innermost dim with B_PERIOD4 vec4s
// (per-channel operands: PRELU's alpha, a bias). Needs the element counts to be multiples of 4.
#include "gv_common.glsl"

layout(constant_id = 3) const int OP = 0; // as binary_f32_bcast
layout(constant_id = 4) const int ACT = 0;
layout(constant_id = 5) const uint TOTAL4 = 1;
layout(constant_id = 6) const uint B_PERIOD4 = 0;

layout(set = 0, binding = 0) writeonly buffer Y { vec4 y[]; };
layout(set = 0, binding = 1) readonly buffer A { vec4 a[]; };
layout(set = 0, binding = 2) readonly buffer B { vec4 b[]; };

vec4 binary(vec4 x, vec4 v) {
    if (OP == 0) return x + v;
    if (OP == 1) return x - v;
    if (OP == 2) return x * v;
    if (OP == 3) return x / v;
    if (OP == 4) return mix(v, x, greaterThan(x, v));
    if (OP == 5) return mix(v, x, lessThan(x, v));
    if (OP == 6) { vec4 d = x - v; return d * d; }
    if (OP == 7) return mix(x * v, x, greaterThanEqual(x, vec4(0.0)));
    return floor(x / v);
}

void main() {
    uint i = gv_linear_id();
    if (i >= TOTAL4) return;
    uint ib = B_PERIOD4 == 0 ? i : i % B_PERIOD4;
    y[gv_off4(0) + i] = gv_act4(binary(a[gv_off4(1) + i], b[gv_off4(2) + ib]), ACT);
}

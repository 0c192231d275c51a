#version 450
// Unary element-wise ops on f32, one element per invocation.
#include "gv_common.glsl"

layout(constant_id = 3) const int OP = 0; // gv_unary_code: 0 relu 1 relu6 2 logistic 3 tanh 4 exp 5 sqrt 6 rsqrt 7 neg 8 abs 9 floor
layout(constant_id = 4) const uint TOTAL = 1;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };

float unary(float v) {
    if (OP == 0) return max(v, 0.0);
    if (OP == 1) return min(max(v, 0.0), 6.0);
    if (OP == 2) return 1.0 / (1.0 + exp(-v));
    if (OP == 3) return tanh(clamp(v, -10.0, 10.0));
    if (OP == 4) return exp(v);
    if (OP == 5) return sqrt(v);
    if (OP == 6) return 1.0 / sqrt(v);
    if (OP == 7) return -v;
    if (OP == 8) return abs(v);
    return floor(v);
}

void main() {
    uint i = gv_linear_id();
    if (i >= TOTAL) return;
    y[gv_off1(0) + i] = unary(x[gv_off1(1) + i]);
}

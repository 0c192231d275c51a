#version 450
// Binary element-wise ops on f32 with numpy broadcasting, one output element per invocation.
// The host merges dims (ge_bcast_init) into at most 4, given innermost first with each
// operand's element strides (0 where it is broadcast).
#include "gv_common.glsl"

layout(constant_id = 3) const int OP = 0; // gv_binary_code: 0 add 1 sub 2 mul 3 div 4 max 5 min 6 sqdiff 7 prelu 8 floordiv
layout(constant_id = 4) const int ACT = 0;
layout(constant_id = 5) const uint TOTAL = 1;
layout(constant_id = 6) const uint N0 = 1;
layout(constant_id = 7) const uint N1 = 1;
layout(constant_id = 8) const uint N2 = 1;
layout(constant_id = 9) const uint SA0 = 0;
layout(constant_id = 10) const uint SA1 = 0;
layout(constant_id = 11) const uint SA2 = 0;
layout(constant_id = 12) const uint SA3 = 0;
layout(constant_id = 13) const uint SB0 = 0;
layout(constant_id = 14) const uint SB1 = 0;
layout(constant_id = 15) const uint SB2 = 0;
layout(constant_id = 16) const uint SB3 = 0;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer A { float a[]; };
layout(set = 0, binding = 2) readonly buffer B { float b[]; };

float binary(float x, float v) {
    if (OP == 0) return x + v;
    if (OP == 1) return x - v;
    if (OP == 2) return x * v;
    if (OP == 3) return x / v;
    if (OP == 4) return x > v ? x : v;
    if (OP == 5) return x < v ? x : v;
    if (OP == 6) { float d = x - v; return d * d; }
    if (OP == 7) return x >= 0.0 ? x : x * v;
    return floor(x / v);
}

void main() {
    uint i = gv_linear_id();
    if (i >= TOTAL) return;
    uint i0 = i % N0;
    uint r = i / N0;
    uint i1 = r % N1;
    r /= N1;
    uint i2 = r % N2;
    uint i3 = r / N2;
    uint ia = i0 * SA0 + i1 * SA1 + i2 * SA2 + i3 * SA3;
    uint ib = i0 * SB0 + i1 * SB1 + i2 * SB2 + i3 * SB3;
    y[gv_off1(0) + i] = gv_act(binary(a[gv_off1(1) + ia], b[gv_off1(2) + ib]), ACT);
}

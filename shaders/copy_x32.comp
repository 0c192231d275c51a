#version 450
// A copy of 4-byte words (RESHAPE when input and output do not share storage).
#include "gv_common.glsl"

layout(constant_id = 3) const uint TOTAL = 1;

layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };

void main() {
    const uint i = gv_linear_id();
    if (i < TOTAL) y[gv_off1(0) + i] = x[gv_off1(1) + i];
}

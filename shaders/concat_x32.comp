#version 450
// CONCAT of up to 7 inputs along one axis, any 4-byte dtype, in one dispatch. Viewed as
// [OUTER, chunk]: input j contributes CHUNKj contiguous elements per outer index. The optional
// fused activation (f32 only) is applied on the way.
#include "gv_common.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint OUT_CHUNK = 1;
layout(constant_id = 5) const uint NUM = 1;
layout(constant_id = 6) const uint CH0 = 0;
layout(constant_id = 7) const uint CH1 = 0;
layout(constant_id = 8) const uint CH2 = 0;
layout(constant_id = 9) const uint CH3 = 0;
layout(constant_id = 10) const uint CH4 = 0;
layout(constant_id = 11) const uint CH5 = 0;
layout(constant_id = 12) const uint CH6 = 0;
layout(constant_id = 13) const int ACT = 0;

layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X0 { uint x0[]; };
layout(set = 0, binding = 2) readonly buffer X1 { uint x1[]; };
layout(set = 0, binding = 3) readonly buffer X2 { uint x2[]; };
layout(set = 0, binding = 4) readonly buffer X3 { uint x3[]; };
layout(set = 0, binding = 5) readonly buffer X4 { uint x4[]; };
layout(set = 0, binding = 6) readonly buffer X5 { uint x5[]; };
layout(set = 0, binding = 7) readonly buffer X6 { uint x6[]; };

void main() {
    const uint i = gv_linear_id();
    if (i >= TOTAL) return;
    const uint o = i / OUT_CHUNK;
    uint k = i % OUT_CHUNK;
    uint v;
    // Bindings are not indexable by a variable: walk the inputs in order.
    if (k < CH0) v = x0[gv_off1(1) + o * CH0 + k];
    else if ((k -= CH0) < CH1 || NUM < 3) v = x1[gv_off1(2) + o * CH1 + k];
    else if ((k -= CH1) < CH2 || NUM < 4) v = x2[gv_off1(3) + o * CH2 + k];
    else if ((k -= CH2) < CH3 || NUM < 5) v = x3[gv_off1(4) + o * CH3 + k];
    else if ((k -= CH3) < CH4 || NUM < 6) v = x4[gv_off1(5) + o * CH4 + k];
    else if ((k -= CH4) < CH5 || NUM < 7) v = x5[gv_off1(6) + o * CH5 + k];
    else v = x6[gv_off1(7) + o * CH6 + (k - CH5)];
    if (ACT != ACT_NONE) v = floatBitsToUint(gv_act(uintBitsToFloat(v), ACT));
    y[gv_off1(0) + i] = v;
}

#version 450
// SPLIT into up to 7 outputs along one axis, any 4-byte dtype, in one dispatch (the mirror of
// concat_x32): one input element per invocation goes to output j.
#include "gv_common.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint IN_CHUNK = 1;
layout(constant_id = 5) const uint NUM = 1;
layout(constant_id = 6) const uint CH0 = 0;
layout(constant_id = 7) const uint CH1 = 0;
layout(constant_id = 8) const uint CH2 = 0;
layout(constant_id = 9) const uint CH3 = 0;
layout(constant_id = 10) const uint CH4 = 0;
layout(constant_id = 11) const uint CH5 = 0;
layout(constant_id = 12) const uint CH6 = 0;

layout(set = 0, binding = 0) writeonly buffer Y0 { uint y0[]; };
layout(set = 0, binding = 1) writeonly buffer Y1 { uint y1[]; };
layout(set = 0, binding = 2) writeonly buffer Y2 { uint y2[]; };
layout(set = 0, binding = 3) writeonly buffer Y3 { uint y3[]; };
layout(set = 0, binding = 4) writeonly buffer Y4 { uint y4[]; };
layout(set = 0, binding = 5) writeonly buffer Y5 { uint y5[]; };
layout(set = 0, binding = 6) writeonly buffer Y6 { uint y6[]; };
layout(set = 0, binding = 7) readonly buffer X { uint x[]; }; // binding NUM in use; 7 declared

void main() {
    const uint i = gv_linear_id();
    if (i >= TOTAL) return;
    const uint o = i / IN_CHUNK;
    uint k = i % IN_CHUNK;
    const uint v = x[gv_off1(7) + i];
    if (k < CH0) y0[gv_off1(0) + o * CH0 + k] = v;
    else if ((k -= CH0) < CH1 || NUM < 3) y1[gv_off1(1) + o * CH1 + k] = v;
    else if ((k -= CH1) < CH2 || NUM < 4) y2[gv_off1(2) + o * CH2 + k] = v;
    else if ((k -= CH2) < CH3 || NUM < 5) y3[gv_off1(3) + o * CH3 + k] = v;
    else if ((k -= CH3) < CH4 || NUM < 6) y4[gv_off1(4) + o * CH4 + k] = v;
    else if ((k -= CH4) < CH5 || NUM < 7) y5[gv_off1(5) + o * CH5 + k] = v;
    else y6[gv_off1(6) + o * CH6 + (k - CH5)] = v;
}

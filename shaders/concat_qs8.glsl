// CONCAT on int8 of up to 6 inputs along one axis, viewed as [OUTER, chunk] (ge_ref_qs8.h): an
// input with the output's parameters is copied (clamped by the fused activation), another is
// requantised: clamp(zy + requant(x - zx, sx / sy)). Binding 7: per input ivec4(same, zx, M, s).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint OUT_CHUNK = 1;
layout(constant_id = 5) const uint NUM = 1;
layout(constant_id = 6) const uint CH0 = 0;
layout(constant_id = 7) const uint CH1 = 0;
layout(constant_id = 8) const uint CH2 = 0;
layout(constant_id = 9) const uint CH3 = 0;
layout(constant_id = 10) const uint CH4 = 0;
layout(constant_id = 11) const uint CH5 = 0;
layout(constant_id = 12) const int ZY = 0;
layout(constant_id = 13) const int LO = -128;
layout(constant_id = 14) const int HI = 127;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X0, x0);
GV_IN8(2, X1, x1);
GV_IN8(3, X2, x2);
GV_IN8(4, X3, x3);
GV_IN8(5, X4, x4);
GV_IN8(6, X5, x5);
layout(set = 0, binding = 7) readonly buffer Q { ivec4 q[]; };

int element(uint i) {
    const uint o = i / OUT_CHUNK;
    uint k = i % OUT_CHUNK;
    int v;
    uint j;
    if (k < CH0) { v = GV_LD8(x0, 1, o * CH0 + k); j = 0; }
    else if ((k -= CH0) < CH1 || NUM < 3) { v = GV_LD8(x1, 2, o * CH1 + k); j = 1; }
    else if ((k -= CH1) < CH2 || NUM < 4) { v = GV_LD8(x2, 3, o * CH2 + k); j = 2; }
    else if ((k -= CH2) < CH3 || NUM < 5) { v = GV_LD8(x3, 4, o * CH3 + k); j = 3; }
    else if ((k -= CH3) < CH4 || NUM < 6) { v = GV_LD8(x4, 5, o * CH4 + k); j = 4; }
    else { v = GV_LD8(x5, 6, o * CH5 + (k - CH4)); j = 5; }
    const ivec4 p = q[(pc.off[7] >> 4) + j];
    return p.x != 0 ? clamp(v, LO, HI) : gv_requant_out(v - p.y, p.z, p.w, ZY, LO, HI);
}

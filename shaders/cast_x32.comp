#version 450
// CAST between i32 and f32 (the MoveNet input): MODE 0 i32 -> f32 (rounded to nearest, as C),
// MODE 1 f32 -> i32 truncating toward zero, saturating, NaN -> 0 (as the CPU reference).
#include "gv_common.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const int MODE = 0;

layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };

void main() {
    const uint i = gv_linear_id();
    if (i >= TOTAL) return;
    const uint v = x[gv_off1(1) + i];
    uint r;
    if (MODE == 0) {
        r = floatBitsToUint(float(int(v)));
    } else {
        const float f = uintBitsToFloat(v);
        int q;
        if (isnan(f)) q = 0;
        else if (f >= 2147483648.0) q = 2147483647;
        else if (f <= -2147483648.0) q = -2147483647 - 1;
        else q = int(f);
        r = uint(q);
    }
    y[gv_off1(0) + i] = r;
}

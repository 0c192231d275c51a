// DEQUANTIZE int8 -> f32, per tensor: y = float(q - zp) * scale, which is the CPU's
// (float)((double)scale * (q - zp)) exactly (the product of a float and a small integer is
// exact in double, then rounded once; here rounded once by the f32 multiply).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const int ZP = 0;
layout(constant_id = 5) const float SCALE = 1.0;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
#if GV_I8
layout(set = 0, binding = 1) readonly buffer X { int8_t x[]; };
int ldx(uint i) { return int(x[pc.off[1] + i]); }
#else
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };
int ldx(uint i) { const uint b = pc.off[1] + i; return gv_byte(x[b >> 2], b); }
#endif

void main() {
    const uint i = gv_linear_id();
    if (i >= TOTAL) return;
    precise float v = float(ldx(i) - ZP) * SCALE;
    y[gv_off1(0) + i] = v;
}

// DEPTHWISE_CONV2D on int8 (ge_ref_qs8.h), any depth multiplier M: output channel co reads
// input channel co / M; acc = bias[co] + sum over taps inside the input of (x - zx) * w,
// y = clamp(zy + requant(acc, M[co], s[co])). Each invocation: 4 output channels of one
// pixel. x: channel blocks, y: output columns, z: n * OH + oy. Binding 3: ivec4(bias, M, s, 0).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint IH = 1;
layout(constant_id = 4) const uint IW = 1;
layout(constant_id = 5) const uint C = 1;
layout(constant_id = 6) const uint OH = 1;
layout(constant_id = 7) const uint OW = 1;
layout(constant_id = 8) const uint KH = 1;
layout(constant_id = 9) const uint KW = 1;
layout(constant_id = 10) const int SH = 1;
layout(constant_id = 11) const int SW = 1;
layout(constant_id = 12) const int DH = 1;
layout(constant_id = 13) const int DW = 1;
layout(constant_id = 14) const int PT = 0;
layout(constant_id = 15) const int PL = 0;
layout(constant_id = 16) const uint NOH = 1;
layout(constant_id = 17) const uint M = 1;
layout(constant_id = 18) const int ZX = 0;
layout(constant_id = 19) const int ZY = 0;
layout(constant_id = 20) const int LO = -128;
layout(constant_id = 21) const int HI = 127;

#if GV_I8
layout(set = 0, binding = 0) writeonly buffer Y { int8_t y[]; };
layout(set = 0, binding = 1) readonly buffer X { int8_t x[]; };
layout(set = 0, binding = 2) readonly buffer W { int8_t w[]; };
int ldx(uint i) { return int(x[pc.off[1] + i]); }
int ldw(uint i) { return int(w[pc.off[2] + i]); }
#else
layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };
layout(set = 0, binding = 2) readonly buffer W { uint w[]; };
int ldx(uint i) { const uint b = pc.off[1] + i; return gv_byte(x[b >> 2], b); }
int ldw(uint i) { const uint b = pc.off[2] + i; return gv_byte(w[b >> 2], b); }
#endif
layout(set = 0, binding = 3) readonly buffer Q { ivec4 q[]; };

void main() {
    const uint CO = C * M;
    const uint c0 = gl_GlobalInvocationID.x * 4, ox = gl_GlobalInvocationID.y, nz = gl_GlobalInvocationID.z;
    if (c0 >= CO || ox >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    const uint qo = pc.off[3] >> 4;
    uint co[4];
    [[unroll]] for (uint j = 0; j < 4; j++) co[j] = min(c0 + j, CO - 1);
    ivec4 acc = ivec4(q[qo + co[0]].x, q[qo + co[1]].x, q[qo + co[2]].x, q[qo + co[3]].x);
    for (uint ky = 0; ky < KH; ky++) {
        const int iy = int(oy) * SH - PT + int(ky) * DH;
        if (iy < 0 || iy >= int(IH)) continue;
        for (uint kx = 0; kx < KW; kx++) {
            const int ix = int(ox) * SW - PL + int(kx) * DW;
            if (ix < 0 || ix >= int(IW)) continue;
            const uint xb = ((n * IH + uint(iy)) * IW + uint(ix)) * C;
            const uint wb = (ky * KW + kx) * CO;
            [[unroll]] for (uint j = 0; j < 4; j++) acc[j] += (ldx(xb + co[j] / M) - ZX) * ldw(wb + co[j]);
        }
    }
    ivec4 v;
    [[unroll]] for (uint j = 0; j < 4; j++) v[j] = gv_requant_out(acc[j], q[qo + co[j]].y, q[qo + co[j]].z, ZY, LO, HI);
    const uint base = ((n * OH + oy) * OW + ox) * CO + c0;
#if GV_I8
    [[unroll]] for (uint j = 0; j < 4; j++)
        if (c0 + j < CO) y[pc.off[0] + base + j] = int8_t(v[j]);
#else
    y[(pc.off[0] + base) >> 2] = gv_pack8(v); // CO % 4 == 0
#endif
}

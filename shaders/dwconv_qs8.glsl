// DEPTHWISE_CONV2D on int8 (ge_ref_qs8.h), any depth multiplier M: output channel co reads
// input channel co / M; acc = bias[co] + sum over taps inside the input of (x - zx) * w,
// y = clamp(zy + requant(acc, M[co], s[co])). Each invocation: 4 output channels of one
// pixel. x: channel blocks, y: output columns, z: n * OH + oy. Binding 3: ivec4(bias, M, s, 0).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

#include "gv_conv_geom.glsl"
layout(constant_id = 16) const uint NOH = 1;
layout(constant_id = 17) const uint M = 1;
layout(constant_id = 18) const int ZX = 0;
layout(constant_id = 19) const int ZY = 0;
layout(constant_id = 20) const int LO = -128;
layout(constant_id = 21) const int HI = 127;

#include "gv_qs8_yxwq.glsl"

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

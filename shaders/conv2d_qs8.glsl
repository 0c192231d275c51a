// CONV2D on int8 (ge_ref_qs8.h): acc = bias[c] + sum over taps inside the input of
// (x - zx) * w, then y = clamp(zy + requant(acc, M[c], s[c])). Each invocation: 4 output
// channels of one output pixel. x: channel blocks, y: output columns, z: n * OH + oy.
// Binding 3 holds per output channel ivec4(bias, M, s, 0).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

#define GV_CONV_OUT_CHANNELS 1
#include "gv_conv_geom.glsl"
layout(constant_id = 17) const uint NOH = 1;
layout(constant_id = 18) const int ZX = 0;
layout(constant_id = 19) const int ZY = 0;
layout(constant_id = 20) const int LO = -128;
layout(constant_id = 21) const int HI = 127;

#include "gv_qs8_yxwq.glsl"

void main() {
    const uint o0 = gl_GlobalInvocationID.x * 4, ox = gl_GlobalInvocationID.y, nz = gl_GlobalInvocationID.z;
    if (o0 >= O || ox >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    const uint qo = pc.off[3] >> 4;
    uint oc[4];
    [[unroll]] for (uint j = 0; j < 4; j++) oc[j] = min(o0 + j, O - 1); // a missing channel repeats the last: not stored
    ivec4 acc = ivec4(q[qo + oc[0]].x, q[qo + oc[1]].x, q[qo + oc[2]].x, q[qo + oc[3]].x);
    for (uint ky = 0; ky < KH; ky++) {
        const int iy = int(oy) * SH - PT + int(ky) * DH;
        if (iy < 0 || iy >= int(IH)) continue;
        for (uint kx = 0; kx < KW; kx++) {
            const int ix = int(ox) * SW - PL + int(kx) * DW;
            if (ix < 0 || ix >= int(IW)) continue;
            const uint xb = ((n * IH + uint(iy)) * IW + uint(ix)) * C;
            const uint wk = (ky * KW + kx) * C;
#if GV_DOT
            // C % 4 == 0: whole words of 4 channels; sum (x - zx) w = sdot(x, w) - zx * sdot(1, w)
            for (uint c = 0; c < C; c += 4) {
                const uint xv = x[(pc.off[1] + xb + c) >> 2];
                [[unroll]] for (uint j = 0; j < 4; j++) {
                    const uint wv = w[(pc.off[2] + oc[j] * KH * KW * C + wk + c) >> 2];
                    acc[j] += gv_sdot4(xv, wv) - ZX * gv_sdot4(0x01010101u, wv);
                }
            }
#else
            for (uint c = 0; c < C; c++) {
                const int xv = ldx(xb + c) - ZX;
                [[unroll]] for (uint j = 0; j < 4; j++) acc[j] += xv * ldw(oc[j] * KH * KW * C + wk + c);
            }
#endif
        }
    }
    ivec4 v;
    [[unroll]] for (uint j = 0; j < 4; j++) v[j] = gv_requant_out(acc[j], q[qo + oc[j]].y, q[qo + oc[j]].z, ZY, LO, HI);
    const uint base = ((n * OH + oy) * OW + ox) * O + o0;
#if GV_I8
    [[unroll]] for (uint j = 0; j < 4; j++)
        if (o0 + j < O) y[pc.off[0] + base + j] = int8_t(v[j]);
#else
    y[(pc.off[0] + base) >> 2] = gv_pack8(v); // O % 4 == 0
#endif
}

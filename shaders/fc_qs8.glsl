// FULLY_CONNECTED on int8 (ge_ref_qs8.h): y[r, u] = clamp(zy + requant(bias[u] +
// sum_i (x[r, i] - zx) * w[u, i], M[u], s[u])). Each invocation: 4 units of one row.
// x: unit blocks, y: rows. Binding 3: ivec4(bias, M, s, 0) per unit.
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint DEPTH = 1;
layout(constant_id = 4) const uint UNITS = 1;
layout(constant_id = 5) const uint ROWS = 1;
layout(constant_id = 6) const int ZX = 0;
layout(constant_id = 7) const int ZY = 0;
layout(constant_id = 8) const int LO = -128;
layout(constant_id = 9) const int HI = 127;

#include "gv_qs8_yxwq.glsl"

void main() {
    const uint u0 = gl_GlobalInvocationID.x * 4, r = gl_GlobalInvocationID.y;
    if (u0 >= UNITS || r >= ROWS) return;
    const uint qo = pc.off[3] >> 4;
    uint u[4];
    [[unroll]] for (uint j = 0; j < 4; j++) u[j] = min(u0 + j, UNITS - 1);
    ivec4 acc = ivec4(q[qo + u[0]].x, q[qo + u[1]].x, q[qo + u[2]].x, q[qo + u[3]].x);
#if GV_DOT
    for (uint i = 0; i < DEPTH; i += 4) { // DEPTH % 4 == 0
        const uint xv = x[(pc.off[1] + r * DEPTH + i) >> 2];
        [[unroll]] for (uint j = 0; j < 4; j++) {
            const uint wv = w[(pc.off[2] + u[j] * DEPTH + i) >> 2];
            acc[j] += gv_sdot4(xv, wv) - ZX * gv_sdot4(0x01010101u, wv);
        }
    }
#else
    for (uint i = 0; i < DEPTH; i++) {
        const int xv = ldx(r * DEPTH + i) - ZX;
        [[unroll]] for (uint j = 0; j < 4; j++) acc[j] += xv * ldw(u[j] * DEPTH + i);
    }
#endif
    ivec4 v;
    [[unroll]] for (uint j = 0; j < 4; j++) v[j] = gv_requant_out(acc[j], q[qo + u[j]].y, q[qo + u[j]].z, ZY, LO, HI);
#if GV_I8
    [[unroll]] for (uint j = 0; j < 4; j++)
        if (u0 + j < UNITS) y[pc.off[0] + r * UNITS + u0 + j] = int8_t(v[j]);
#else
    y[(pc.off[0] + r * UNITS + u0) >> 2] = gv_pack8(v); // UNITS % 4 == 0
#endif
}

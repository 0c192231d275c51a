// PRELU on int8 (ge_ref_qs8.h), alpha broadcast over up to 4 merged dims (innermost first, as
// binary_f32_bcast): x >= zx: clamp(zy + requant(x - zx, sx / sy)); else
// clamp(zy + requant((x - zx) * (a - za[c]), sx * sa[c] / sy)), c = alpha element's channel.
// Binding 3: per alpha channel ivec4(M, s, za, 0).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint N0 = 1;
layout(constant_id = 5) const uint N1 = 1;
layout(constant_id = 6) const uint N2 = 1;
layout(constant_id = 7) const uint SX0 = 0;
layout(constant_id = 8) const uint SX1 = 0;
layout(constant_id = 9) const uint SX2 = 0;
layout(constant_id = 10) const uint SX3 = 0;
layout(constant_id = 11) const uint SA0 = 0;
layout(constant_id = 12) const uint SA1 = 0;
layout(constant_id = 13) const uint SA2 = 0;
layout(constant_id = 14) const uint SA3 = 0;
layout(constant_id = 15) const int ZX = 0;
layout(constant_id = 16) const int ZY = 0;
layout(constant_id = 17) const int POS_M = 0;
layout(constant_id = 18) const int POS_S = 1;
layout(constant_id = 19) const uint ALPHA_CHANNELS = 1; // 1: per tensor
layout(constant_id = 20) const uint ALPHA_LAST = 1;     // alpha's last dim

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);
GV_IN8(2, A, alpha);
layout(set = 0, binding = 3) readonly buffer Q { ivec4 q[]; };

int element(uint i) {
    const uint i0 = i % N0;
    uint r = i / N0;
    const uint i1 = r % N1;
    r /= N1;
    const uint i2 = r % N2, i3 = r / N2;
    const uint ix = i0 * SX0 + i1 * SX1 + i2 * SX2 + i3 * SX3;
    const uint ia = i0 * SA0 + i1 * SA1 + i2 * SA2 + i3 * SA3;
    const int v = GV_LD8(x, 1, ix) - ZX;
    if (v >= 0) return gv_requant_out(v, POS_M, POS_S, ZY, -128, 127);
    const ivec4 m = q[(pc.off[3] >> 4) + (ALPHA_CHANNELS > 1 ? ia % ALPHA_LAST : 0)];
    return gv_requant_out(v * (GV_LD8(alpha, 2, ia) - m.z), m.x, m.y, ZY, -128, 127);
}

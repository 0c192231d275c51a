// ADD and MUL on int8 (ge_quant_math.h ge_q_add / ge_q_mul) with numpy broadcasting over up to
// 4 merged dims (innermost first, element strides as in binary_f32_bcast).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const int OP = 0; // 0 ADD, 1 MUL
layout(constant_id = 4) const uint TOTAL = 1;
layout(constant_id = 5) const uint N0 = 1;
layout(constant_id = 6) const uint N1 = 1;
layout(constant_id = 7) const uint N2 = 1;
layout(constant_id = 8) const uint SA0 = 0;
layout(constant_id = 9) const uint SA1 = 0;
layout(constant_id = 10) const uint SA2 = 0;
layout(constant_id = 11) const uint SA3 = 0;
layout(constant_id = 12) const uint SB0 = 0;
layout(constant_id = 13) const uint SB1 = 0;
layout(constant_id = 14) const uint SB2 = 0;
layout(constant_id = 15) const uint SB3 = 0;
layout(constant_id = 16) const int ZA = 0;
layout(constant_id = 17) const int ZB = 0;
layout(constant_id = 18) const int ZY = 0;
layout(constant_id = 19) const int LO = -128;
layout(constant_id = 20) const int HI = 127;
layout(constant_id = 21) const int MA = 0; // ADD: input rescales; MUL: unused
layout(constant_id = 22) const int SHA = 1;
layout(constant_id = 23) const int MB = 0;
layout(constant_id = 24) const int SHB = 1;
layout(constant_id = 25) const int MO = 0; // output multiplier
layout(constant_id = 26) const int SHO = 1;

const int ADD_LEFT_SHIFT = 20; // GE_Q_ADD_LEFT_SHIFT

#include "gv_qs8_elem.glsl"
GV_IN8(1, A, a);
GV_IN8(2, B, b);

int element(uint i) {
    const uint i0 = i % N0;
    uint r = i / N0;
    const uint i1 = r % N1;
    r /= N1;
    const uint i2 = r % N2, i3 = r / N2;
    const int va = GV_LD8(a, 1, i0 * SA0 + i1 * SA1 + i2 * SA2 + i3 * SA3);
    const int vb = GV_LD8(b, 2, i0 * SB0 + i1 * SB1 + i2 * SB2 + i3 * SB3);
    if (OP == 0) {
        const int ra = gv_requant((va - ZA) * (1 << ADD_LEFT_SHIFT), MA, SHA);
        const int rb = gv_requant((vb - ZB) * (1 << ADD_LEFT_SHIFT), MB, SHB);
        return gv_requant_out(ra + rb, MO, SHO, ZY, LO, HI);
    }
    return gv_requant_out((va - ZA) * (vb - ZB), MO, SHO, ZY, LO, HI);
}

// MEAN on int8 over one contiguous run of axes, viewed as [OUTER, R, INNER]:
// y = clamp(zy + requant(sum_r (x - zx), sx / (sy * R))) (ge_ref_qs8.h).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint R = 1;
layout(constant_id = 5) const uint INNER = 1;
layout(constant_id = 6) const int ZX = 0;
layout(constant_id = 7) const int ZY = 0;
layout(constant_id = 8) const int MULT = 0;
layout(constant_id = 9) const int SHIFT = 1;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);

int element(uint i) {
    const uint base = (i / INNER) * R * INNER + i % INNER;
    int acc = 0;
    for (uint r = 0; r < R; r++) acc += GV_LD8(x, 1, base + r * INNER) - ZX;
    return gv_requant_out(acc, MULT, SHIFT, ZY, -128, 127);
}

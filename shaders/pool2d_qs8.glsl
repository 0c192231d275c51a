// MAX_POOL2D / AVERAGE_POOL2D on int8 (ge_ref_qs8.h): taps inside the input only; max:
// clamp(zy + requant(max - zx, sx / sy)); average over n taps: clamp(zy + requant(sum(x - zx),
// sx / (sy * n))), (M, s) per n from binding 2 (ivec2 per tap count); no tap: clamp(zy).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint IH = 1;
layout(constant_id = 5) const uint IW = 1;
layout(constant_id = 6) const uint C = 1;
layout(constant_id = 7) const uint OH = 1;
layout(constant_id = 8) const uint OW = 1;
layout(constant_id = 9) const int KH = 1;
layout(constant_id = 10) const int KW = 1;
layout(constant_id = 11) const int SH = 1;
layout(constant_id = 12) const int SW = 1;
layout(constant_id = 13) const int PT = 0;
layout(constant_id = 14) const int PL = 0;
layout(constant_id = 15) const bool IS_MAX = true;
layout(constant_id = 16) const int ZX = 0;
layout(constant_id = 17) const int ZY = 0;
layout(constant_id = 18) const int LO = -128;
layout(constant_id = 19) const int HI = 127;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);
layout(set = 0, binding = 2) readonly buffer Q { ivec2 q[]; }; // [0]: max; [n]: average of n taps

int element(uint i) {
    const uint c = i % C, ox = (i / C) % OW, r = i / (C * OW);
    const uint oy = r % OH, n = r / OH;
    const int iy0 = int(oy) * SH - PT, ix0 = int(ox) * SW - PL;
    const int fy0 = max(-iy0, 0), fy1 = min(KH, int(IH) - iy0);
    const int fx0 = max(-ix0, 0), fx1 = min(KW, int(IW) - ix0);
    const int taps = max(fy1 - fy0, 0) * max(fx1 - fx0, 0);
    if (taps == 0) return clamp(ZY, LO, HI);
    int acc = IS_MAX ? -128 : 0;
    for (int fy = fy0; fy < fy1; fy++)
        for (int fx = fx0; fx < fx1; fx++) {
            const int v = GV_LD8(x, 1, ((n * IH + uint(iy0 + fy)) * IW + uint(ix0 + fx)) * C + c);
            acc = IS_MAX ? max(acc, v) : acc + (v - ZX);
        }
    const uint qo = pc.off[2] >> 3;
    const ivec2 m = q[qo + (IS_MAX ? 0 : uint(taps))];
    return gv_requant_out(IS_MAX ? acc - ZX : acc, m.x, m.y, ZY, LO, HI);
}

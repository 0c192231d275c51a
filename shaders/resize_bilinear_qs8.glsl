// RESIZE_BILINEAR on int8 in exact integer arithmetic (ge_ref_qs8.h, ge_qs8_resize_source):
// the source coordinate of output index o is the rational N / D; weights have 11 fraction bits;
// y = floor((sum of x[corner] * wy * wx + 2^21) / 2^22).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const int IH = 1;
layout(constant_id = 5) const int IW = 1;
layout(constant_id = 6) const uint C = 1;
layout(constant_id = 7) const int OH = 1;
layout(constant_id = 8) const int OW = 1;
layout(constant_id = 9) const bool ALIGN = false;
layout(constant_id = 10) const bool HALF_PIXEL = false;

const int FRAC = 11;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);

int floor_div(int a, int b) { // b > 0
    const int q = a / b; // truncates toward zero
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// lo, hi, weight of output index o along an axis in -> out
ivec3 source(int o, int in_size, int out_size) {
    int num, den;
    if (HALF_PIXEL) { num = (2 * o + 1) * in_size - out_size; den = 2 * out_size; }
    else if (ALIGN && out_size > 1) { num = o * (in_size - 1); den = out_size - 1; }
    else { num = o * in_size; den = out_size; }
    const int fl = floor_div(num, den);
    const int cl = fl * den == num ? fl : fl + 1;
    const int lo = max(fl, 0), hi = min(cl, in_size - 1);
    const int rem = num - lo * den;
    const int w = clamp(floor_div(rem * (2 << FRAC) + den, 2 * den), 0, 1 << FRAC);
    return ivec3(lo, max(hi, lo), w);
}

int element(uint i) {
    const uint c = i % C;
    const int ox = int((i / C) % uint(OW));
    const uint r = i / (C * uint(OW));
    const int oy = int(r % uint(OH));
    const uint n = r / uint(OH);
    const ivec3 sy = source(oy, IH, OH), sx = source(ox, IW, OW);
    const int one = 1 << FRAC;
    const int w00 = (one - sy.z) * (one - sx.z), w01 = (one - sy.z) * sx.z;
    const int w10 = sy.z * (one - sx.z), w11 = sy.z * sx.z;
    const uint base = n * uint(IH * IW) * C + c;
    const int acc = GV_LD8(x, 1, base + uint(sy.x * IW + sx.x) * C) * w00 + GV_LD8(x, 1, base + uint(sy.x * IW + sx.y) * C) * w01 +
                    GV_LD8(x, 1, base + uint(sy.y * IW + sx.x) * C) * w10 + GV_LD8(x, 1, base + uint(sy.y * IW + sx.y) * C) * w11;
    return (acc + (1 << (2 * FRAC - 1))) >> (2 * FRAC);
}

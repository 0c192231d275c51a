// PAD on int8, rank <= 4 (right-aligned into 4 dims), input and output sharing their
// parameters: the fill is the quantized pad value (the zero point for 0).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint O1 = 1;
layout(constant_id = 5) const uint O2 = 1;
layout(constant_id = 6) const uint O3 = 1;
layout(constant_id = 7) const uint I0 = 1;
layout(constant_id = 8) const uint I1 = 1;
layout(constant_id = 9) const uint I2 = 1;
layout(constant_id = 10) const uint I3 = 1;
layout(constant_id = 11) const int B0 = 0;
layout(constant_id = 12) const int B1 = 0;
layout(constant_id = 13) const int B2 = 0;
layout(constant_id = 14) const int B3 = 0;
layout(constant_id = 15) const int FILL = 0;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);

int element(uint i) {
    uint r = i;
    const int d3 = int(r % O3) - B3;
    r /= O3;
    const int d2 = int(r % O2) - B2;
    r /= O2;
    const int d1 = int(r % O1) - B1;
    const int d0 = int(r / O1) - B0;
    if (d0 < 0 || d0 >= int(I0) || d1 < 0 || d1 >= int(I1) || d2 < 0 || d2 >= int(I2) || d3 < 0 || d3 >= int(I3))
        return FILL;
    return GV_LD8(x, 1, ((uint(d0) * I1 + uint(d1)) * I2 + uint(d2)) * I3 + uint(d3));
}

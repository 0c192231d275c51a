// DEPTH_TO_SPACE (DCR) on 1-byte elements (int8: input and output share their parameters).
#include "gv_common.glsl"
#include "gv_qs8.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint IH = 1;
layout(constant_id = 5) const uint IW = 1;
layout(constant_id = 6) const uint BS = 1;
layout(constant_id = 7) const uint CO = 1;

#include "gv_qs8_elem.glsl"
GV_IN8(1, X, x);

int element(uint i) {
    const uint OW = IW * BS, OH = IH * BS;
    uint r = i;
    const uint c = r % CO;
    r /= CO;
    const uint ox = r % OW;
    r /= OW;
    const uint oy = r % OH, n = r / OH;
    return GV_LD8(x, 1, ((n * IH + oy / BS) * IW + ox / BS) * (CO * BS * BS) + ((oy % BS) * BS + ox % BS) * CO + c);
}

#version 450
// DEPTH_TO_SPACE (DCR order, as TF/TFLite), any 4-byte dtype:
// y[n, h*B + i, w*B + j, c] = x[n, h, w, (i*B + j)*CO + c]. One output element per invocation.
#include "gv_common.glsl"

layout(constant_id = 3) const uint TOTAL = 1;
layout(constant_id = 4) const uint IH = 1;
layout(constant_id = 5) const uint IW = 1;
layout(constant_id = 6) const uint BS = 1;
layout(constant_id = 7) const uint CO = 1; // output channels

layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };

void main() {
    const uint i = gv_linear_id();
    if (i >= TOTAL) return;
    const uint OW = IW * BS, OH = IH * BS;
    uint r = i;
    const uint c = r % CO; r /= CO;
    const uint ox = r % OW; r /= OW;
    const uint oy = r % OH;
    const uint n = r / OH;
    const uint ic = ((oy % BS) * BS + ox % BS) * CO + c;
    y[gv_off1(0) + i] = x[gv_off1(1) + ((n * IH + oy / BS) * IW + ox / BS) * (CO * BS * BS) + ic];
}

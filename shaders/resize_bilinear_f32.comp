#version 450
// RESIZE_BILINEAR, f32, NHWC, with TFLite's source coordinates in the same float operations
// and order as the CPU reference (engine/kernels/ref/ge_ref_resize.c); `precise` keeps the
// compiler from fusing them, so the result matches it bit for bit.
// x: channels, y: output columns, z: n * OH + oy.
#include "gv_common.glsl"

layout(constant_id = 3) const uint IH = 1;
layout(constant_id = 4) const uint IW = 1;
layout(constant_id = 5) const uint C = 1;
layout(constant_id = 6) const uint OH = 1;
layout(constant_id = 7) const uint OW = 1;
layout(constant_id = 8) const float SCALE_H = 1.0;
layout(constant_id = 9) const float SCALE_W = 1.0;
layout(constant_id = 10) const bool HALF_PIXEL = false;
layout(constant_id = 11) const uint NOH = 1;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };

void source(uint dst, float scale, uint size, out float v, out uint lo, out uint hi) {
    precise float s;
    if (HALF_PIXEL) s = (float(dst) + 0.5) * scale - 0.5;
    else s = float(dst) * scale;
    v = s;
    lo = uint(max(int(floor(s)), 0));
    hi = uint(min(int(ceil(s)), int(size) - 1));
}

void main() {
    const uint c = gl_GlobalInvocationID.x, ox = gl_GlobalInvocationID.y, nz = gl_GlobalInvocationID.z;
    if (c >= C || ox >= OW || nz >= NOH) return;
    const uint n = nz / OH, oy = nz % OH;
    float fy, fx;
    uint y0, y1, x0, x1;
    source(oy, SCALE_H, IH, fy, y0, y1);
    source(ox, SCALE_W, IW, fx, x0, x1);
    precise float dy = fy - float(y0);
    precise float dx = fx - float(x0);
    const uint base = gv_off1(1) + n * IH * IW * C + c;
    const float p00 = x[base + (y0 * IW + x0) * C], p10 = x[base + (y1 * IW + x0) * C];
    const float p01 = x[base + (y0 * IW + x1) * C], p11 = x[base + (y1 * IW + x1) * C];
    precise float v = p00 * (1.0 - dy) * (1.0 - dx) + p10 * dy * (1.0 - dx) + p01 * (1.0 - dy) * dx + p11 * dy * dx;
    y[gv_off1(0) + ((n * OH + oy) * OW + ox) * C + c] = v;
}

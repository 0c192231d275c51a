// FULLY_CONNECTED, f32: y[r, u] = act(bias[u] + sum_i x[r, i] * w[u, i]).
// One output per invocation; x: units, y: rows.
#include "gv_common.glsl"

layout(constant_id = 3) const uint DEPTH = 1;
layout(constant_id = 4) const uint UNITS = 1;
layout(constant_id = 5) const uint ROWS = 1;
layout(constant_id = 6) const int ACT = 0;
layout(constant_id = 7) const bool HAS_BIAS = false;

layout(set = 0, binding = 0) writeonly buffer Y { float y[]; };
layout(set = 0, binding = 1) readonly buffer X { float x[]; };
#if GV_F16W
layout(set = 0, binding = 2) readonly buffer W { float16_t w[]; }; // f16 weights, exact (see gv_ops.c)
#define LDW(i) float(w[i])
#else
layout(set = 0, binding = 2) readonly buffer W { float w[]; };
#define LDW(i) w[i]
#endif
layout(set = 0, binding = 3) readonly buffer Bias { float bias[]; };

void main() {
    const uint u = gl_GlobalInvocationID.x, r = gl_GlobalInvocationID.y;
    if (u >= UNITS || r >= ROWS) return;
    const uint xr = gv_off1(1) + r * DEPTH, wr = ((GV_F16W != 0) ? pc.off[2] >> 1 : gv_off1(2)) + u * DEPTH;
    vec4 s = vec4(0.0);
    uint i = 0;
    for (; i + 4 <= DEPTH; i += 4)
        s += vec4(x[xr + i], x[xr + i + 1], x[xr + i + 2], x[xr + i + 3]) *
             vec4(LDW(wr + i), LDW(wr + i + 1), LDW(wr + i + 2), LDW(wr + i + 3));
    float acc = (s.x + s.z) + (s.y + s.w);
    for (; i < DEPTH; i++) acc += x[xr + i] * LDW(wr + i);
    if (HAS_BIAS) acc += bias[gv_off1(3) + u];
    y[gv_off1(0) + r * UNITS + u] = gv_act(acc, ACT);
}

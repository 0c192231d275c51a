// The main() of the int8 shaders that compute each output element on its own (pools, mean,
// PRELU, table lookups, pad, concat, resize, broadcasting ADD / MUL): the includer defines
// `int element(uint i)`, the int8 value of output element i (flat NHWC index), and TOTAL.
// GV_I8: one element per invocation into an int8_t array. Packed: four consecutive elements
// per invocation, written as one word (TOTAL % 4 == 0; tensors start on 64-byte boundaries).
//
// Inputs are declared with GV_IN8(binding, Block, name) and read with GV_LD8(name, binding, i).

#if GV_I8
#define GV_IN8(b, B, n) layout(set = 0, binding = b) readonly buffer B { int8_t n[]; }
#define GV_LD8(n, b, i) int(n[pc.off[b] + (i)])
layout(set = 0, binding = 0) writeonly buffer Y { int8_t y[]; };
#else
#define GV_IN8(b, B, n) layout(set = 0, binding = b) readonly buffer B { uint n[]; }
#define GV_LD8(n, b, i) gv_byte(n[(pc.off[b] + (i)) >> 2], pc.off[b] + (i))
layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
#endif

int element(uint i);

void main() {
    const uint i = gv_linear_id();
#if GV_I8
    if (i >= TOTAL) return;
    y[pc.off[0] + i] = int8_t(element(i));
#else
    if (i >= TOTAL / 4) return;
    ivec4 v;
    [[unroll]] for (uint k = 0; k < 4; k++) v[k] = element(4 * i + k);
    y[(pc.off[0] >> 2) + i] = gv_pack8(v);
#endif
}

// The bindings of the int8 shaders with weights (conv2d_qs8, dwconv_qs8, fc_qs8):
// 0 y (written), 1 x, 2 w, 3 per output channel ivec4(bias, M, s, 0); ldx / ldw read one
// byte as an int at a byte index relative to the binding's offset, from 8-bit storage
// (GV_I8) or from packed words.
#if GV_I8
layout(set = 0, binding = 0) writeonly buffer Y { int8_t y[]; };
layout(set = 0, binding = 1) readonly buffer X { int8_t x[]; };
layout(set = 0, binding = 2) readonly buffer W { int8_t w[]; };
int ldx(uint i) { return int(x[pc.off[1] + i]); }
int ldw(uint i) { return int(w[pc.off[2] + i]); }
#else
layout(set = 0, binding = 0) writeonly buffer Y { uint y[]; };
layout(set = 0, binding = 1) readonly buffer X { uint x[]; };
layout(set = 0, binding = 2) readonly buffer W { uint w[]; };
int ldx(uint i) { const uint b = pc.off[1] + i; return gv_byte(x[b >> 2], b); }
int ldw(uint i) { const uint b = pc.off[2] + i; return gv_byte(w[b >> 2], b); }
#endif
layout(set = 0, binding = 3) readonly buffer Q { ivec4 q[]; };

// int8 arithmetic shared by the qs8 shaders: the one definition of requantisation is
// sdk/src/engine/ge_quant_math.h (ge_q_requant), reproduced here bit for bit with 32-bit
// integer operations only.
//
// Variants (one body, compiled several ways; gv_ops.c picks one from the device's features):
//   GV_I8   8-bit storage: tensors are int8_t arrays; any shape.
//   else    packed words: tensors are uint arrays, bytes extracted with bitfieldExtract and
//           written four at a time (whole words), so outputs need a multiple of 4 elements
//           per invocation's row.
//   GV_DOT  (packed only) 4-element dot products with OpSDot (SPV_KHR_integer_dot_product),
//           declared through GL_EXT_spirv_intrinsics because this glslang cannot compile
//           GL_EXT_integer_dot_product.

#if GV_DOT
#extension GL_EXT_spirv_intrinsics : require
// OpSDot (4450) on two 4 x int8 packed words (PackedVectorFormat4x8Bit = 0); capabilities
// DotProduct (6019) and DotProductInput4x8BitPacked (6018).
spirv_instruction(extensions = ["SPV_KHR_integer_dot_product"], capabilities = [6019, 6018], id = 4450)
int gv_sdot_packed(uint a, uint b, spirv_literal int format);
int gv_sdot4(uint a, uint b) { return gv_sdot_packed(a, b, 0); }
#endif

// floor((acc * M + 2^(s-1)) / 2^s), saturated to int32; s in [1, 62] (ge_q_requant).
int gv_requant(int acc, int M, int s) {
    int hi, lo;
    imulExtended(acc, M, hi, lo); // the exact 64-bit product (hi:lo)
    uint ulo = uint(lo);
    if (s <= 32) {
        uint carry;
        ulo = uaddCarry(ulo, 1u << uint(s - 1), carry);
        hi += int(carry);
    } else {
        hi += 1 << (s - 33);
    }
    if (s >= 32) return hi >> (s - 32); // arithmetic shifts: floor
    const int rhi = hi >> s;
    const int r = int((ulo >> uint(s)) | (uint(hi) << uint(32 - s)));
    if (rhi != (r >> 31)) return rhi < 0 ? int(0x80000000u) : 0x7fffffff; // does not fit in int32
    return r;
}

// zy + r clamped to [lo, hi] (a subset of [-128, 127]), without int32 overflow.
int gv_requant_out(int acc, int M, int s, int zy, int lo, int hi) {
    return clamp(clamp(gv_requant(acc, M, s), -65536, 65536) + zy, lo, hi);
}

uint gv_pack8(ivec4 v) {
    return uint(v.x & 255) | (uint(v.y & 255) << 8) | (uint(v.z & 255) << 16) | (uint(v.w & 255) << 24);
}

int gv_byte(uint word, uint byte_index) { // signed byte (0..3) of a word
    return bitfieldExtract(int(word), int((byte_index & 3u) << 3), 8);
}

#version 450
// The weights are stored as f16 (16-bit storage): used when every weight is exactly an f16
// (fp16 models), so the results are those of the f32 shader with half the weight traffic.
#extension GL_EXT_shader_16bit_storage : require
#define GV_F16W 1
#include "conv2d_tile4x4.glsl"

#version 450
#define GV_F16W 0
#include "conv2d_tile4x4.glsl"

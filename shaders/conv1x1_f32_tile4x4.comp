#version 450
#define GV_F16W 0
#include "conv1x1_tile4x4.glsl"

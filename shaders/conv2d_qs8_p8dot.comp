#version 450
#define GV_I8 0
#define GV_DOT 1
#include "conv2d_qs8.glsl"

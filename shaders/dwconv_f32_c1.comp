#version 450
#define GV_F16W 0
#include "dwconv_c1.glsl"

#version 450
#define GV_I8 0
#define GV_DOT 0
#include "lut_qs8.glsl"

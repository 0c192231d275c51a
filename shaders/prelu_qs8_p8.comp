#version 450
#define GV_I8 0
#define GV_DOT 0
#include "prelu_qs8.glsl"

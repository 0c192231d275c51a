#version 450
#define GV_I8 0
#define GV_DOT 0
#include "concat_qs8.glsl"

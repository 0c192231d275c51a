#version 450
#define GV_I8 0
#define GV_DOT 0
#include "depth_to_space_x8.glsl"

#version 450
#extension GL_EXT_shader_8bit_storage : require
#define GV_I8 1
#define GV_DOT 0
#include "pad_qs8.glsl"

#version 450
#define GV_F16W 0
#include "fc_rows.glsl"

// Shared by every glint compute shader (included after #version).
//
// Conventions (sdk/src/engine/vulkan/gv_ops.h builds the dispatches):
//  * Workgroup size from specialization constants 0, 1, 2; shader constants from id 3 up.
//  * Bindings 0.. are the op's tensors, each bound with its own descriptor (so validation sees
//    exactly what each dispatch reads and writes). A descriptor starts at an offset aligned to
//    the device's minStorageBufferOffsetAlignment; pc.off[b] is the byte offset of the
//    tensor inside binding b (0 on most devices), always a multiple of 16.
//  * 1D element loops use gv_linear_id(): dispatches larger than 65535 groups wrap into y.
#extension GL_EXT_control_flow_attributes : enable

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

layout(push_constant) uniform GvPush {
    uint off[8]; // byte offset of the tensor inside binding i
    int arg[8];  // shader-specific
} pc;

// Activations: same numbering as ge_activation (engine/ge_graph.h).
const int ACT_NONE = 0;
const int ACT_RELU = 1;
const int ACT_RELU6 = 2;
const int ACT_RELU_N1_TO_1 = 3;
const int ACT_TANH = 4;
const int ACT_SIGMOID = 5;

float gv_act(float x, int act) {
    if (act == ACT_RELU) return max(x, 0.0);
    if (act == ACT_RELU6) return min(max(x, 0.0), 6.0);
    if (act == ACT_RELU_N1_TO_1) return min(max(x, -1.0), 1.0);
    if (act == ACT_TANH) return tanh(clamp(x, -10.0, 10.0)); // |x| > 10 is +-1 in f32; avoids exp overflow
    if (act == ACT_SIGMOID) return 1.0 / (1.0 + exp(-x));
    return x;
}

vec4 gv_act4(vec4 x, int act) {
    if (act == ACT_RELU) return max(x, vec4(0.0));
    if (act == ACT_RELU6) return min(max(x, vec4(0.0)), vec4(6.0));
    if (act == ACT_RELU_N1_TO_1) return min(max(x, vec4(-1.0)), vec4(1.0));
    if (act == ACT_TANH) return tanh(clamp(x, -10.0, 10.0)); // |x| > 10 is +-1 in f32; avoids exp overflow
    if (act == ACT_SIGMOID) return vec4(1.0) / (vec4(1.0) + exp(-x));
    return x;
}

uint gv_linear_id() {
    return gl_GlobalInvocationID.y * (gl_NumWorkGroups.x * gl_WorkGroupSize.x) + gl_GlobalInvocationID.x;
}

// Element offset of binding b for 4-byte elements / vec4 elements.
uint gv_off1(int b) { return pc.off[b] >> 2; }
uint gv_off4(int b) { return pc.off[b] >> 4; }

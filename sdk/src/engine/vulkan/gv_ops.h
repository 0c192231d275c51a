/*
 * gv_ops: how one graph op becomes one compute dispatch (shader, bindings, specialization
 * constants, workgroups). Pure host logic: no Vulkan calls, so it is also what decides which
 * ops run on the GPU and which stay on the CPU.
 *
 * Every supported op is exactly one dispatch (concat and split bind all their inputs or outputs
 * at once), or none: a RESHAPE whose output shares the input's storage. Shapes, strides and
 * op parameters are specialization constants, so the driver compiles each distinct layer
 * shape into straight-line code; identical layers share one pipeline.
 */
#ifndef GV_OPS_H
#define GV_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/ge_graph.h"
#include "engine/vulkan/gv_fault.h"
#include "util/gu_alloc.h"

#define GV_MAX_BINDINGS 8
#define GV_MAX_SPEC 32
#define GV_PUSH_BYTES 64 /* uint off[8] + int arg[8], see shaders/gv_common.glsl */
#define GV_MAX_AUX 2
/* A binding that reads auxiliary constant k of the dispatch (not a graph tensor). */
#define GV_AUX(k) (-2 - (k))

/* What the device offers that the lowering depends on (a subset of gv_features, so tests can
 * lower ops without a device). The features pick shader variants:
 *   f16_storage  f32 conv / depthwise / FC weights stored as f16 when every weight is exactly an
 *                f16 (fp16 models): the results do not change, the weight traffic halves
 *   i8_storage   int8 tensors as int8_t arrays (any shape); without it packed 32-bit words,
 *                written four bytes at a time (the output's channel count a multiple of 4)
 *   int_dot      int8 dot products of 4 channels with OpSDot (packed words, C % 4 == 0)
 */
typedef struct gv_device_limits {
    uint32_t max_storage_range;
    uint32_t max_workgroup_count[3];
    uint32_t max_workgroup_invocations;
    bool f16_storage, i8_storage, int_dot;
} gv_device_limits;

/* Constant data a dispatch needs besides graph tensors (f16 weights, per-channel int8
 * requantisation parameters); allocated in the arena given to gv_ops_lower. */
typedef struct gv_aux {
    const void* data;
    uint32_t bytes;
} gv_aux;

typedef struct gv_dispatch {
    const char* shader;    /* NULL: nothing to run (an in-place reshape) */
    int32_t num_bindings;  /* bindings the shader declares (the pipeline layout) */
    int32_t tensor[GV_MAX_BINDINGS]; /* graph tensor at each binding; -1: unused by this op (a dummy is
                                        bound); GV_AUX(k): auxiliary constant k */
    bool write[GV_MAX_BINDINGS];     /* the shader writes this binding */
    int32_t num_spec;                /* constant_id 0..num_spec-1 are set */
    uint32_t spec[GV_MAX_SPEC];      /* 0..2: workgroup size */
    uint32_t groups[3];
    gv_aux aux[GV_MAX_AUX];
    int32_t num_aux;
} gv_dispatch;

/* Fills *d for op o of g. Returns false, with the reason, when no shader runs it on this device.
 * arena receives the auxiliary constants (NULL: ops that need some are refused). */
bool gv_ops_lower(const ge_graph* g, int32_t o, const gv_device_limits* lim, const gv_faults* faults,
                  gu_arena* arena, gv_dispatch* d, char* why, size_t why_size);

#endif /* GV_OPS_H */

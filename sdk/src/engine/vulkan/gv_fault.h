/*
 * gv_fault: failures injected on purpose, so tests can prove every fallback path.
 *
 * Each fault makes the backend behave as if the machine had that problem; the model must then
 * run on the CPU (the whole graph, or the affected ops) and say so, without crashing or
 * leaking. Set from a test with gv_fault_set(), or for any program (glint-model, glint-bench)
 * with the environment variable GLINT_VK_FAULT, a comma-separated list:
 *
 *   no_loader        dlopen of the Vulkan loader fails
 *   no_device        the instance reports no physical device
 *   no_fp16          the device lacks 16-bit storage and float16 arithmetic
 *   no_int8          the device lacks 8-bit storage and int8 arithmetic (packed words are used)
 *   no_int_dot       the device lacks integer dot product (plain int arithmetic is used)
 *   oom              device memory allocations fail with VK_ERROR_OUT_OF_DEVICE_MEMORY
 *   device_lost:N    the N-th GPU submission (1-based) of a model reports VK_ERROR_DEVICE_LOST
 *   unsupported:OP   ops of this type (ge_op_name, e.g. CONV2D) have no shader
 *   storage_range:N  the device's maxStorageBufferRange is N bytes (ops with bigger tensors
 *                    stay on the CPU: a device limit, like a missing feature)
 *
 * Faults set by gv_fault_set() take precedence over the environment. Not thread-safe: tests
 * set them before loading models.
 */
#ifndef GV_FAULT_H
#define GV_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/ge_graph.h"

typedef enum gv_fault_bits {
    GV_FAULT_NO_LOADER = 1u << 0,
    GV_FAULT_NO_DEVICE = 1u << 1,
    GV_FAULT_NO_FP16 = 1u << 2,
    GV_FAULT_NO_INT8 = 1u << 3,
    GV_FAULT_NO_INT_DOT = 1u << 4,
    GV_FAULT_OOM = 1u << 5,
    GV_FAULT_DEVICE_LOST = 1u << 6,
    GV_FAULT_UNSUPPORTED_OP = 1u << 7,
    GV_FAULT_STORAGE_RANGE = 1u << 8,
} gv_fault_bits;

typedef struct gv_faults {
    uint32_t bits;
    int32_t device_lost_at;   /* GV_FAULT_DEVICE_LOST: 1-based submission index */
    ge_op_type unsupported_op; /* GV_FAULT_UNSUPPORTED_OP */
    uint32_t storage_range;    /* GV_FAULT_STORAGE_RANGE */
} gv_faults;

/* Overrides the environment; NULL goes back to GLINT_VK_FAULT. */
void gv_fault_set(const gv_faults* faults);

/* The faults in effect now (the override, else the parsed environment). */
gv_faults gv_fault_get(void);

/* Parses the GLINT_VK_FAULT syntax; false (and *out cleared) on an unknown entry. */
bool gv_fault_parse(const char* text, gv_faults* out);

#endif /* GV_FAULT_H */

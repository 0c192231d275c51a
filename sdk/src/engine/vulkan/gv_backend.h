/*
 * gv_backend: runs a planned graph on a Vulkan device, with the CPU as the fallback.
 *
 * At creation every op is lowered to a shader (gv_ops) or left on the CPU (no shader, a
 * feature or limit the device lacks, or a small op fed only by CPU ops); the op list becomes
 * segments that alternate GPU and CPU. Each GPU segment is recorded once into a command
 * buffer: uploads of the tensors it needs from the host, its dispatches with a barrier only
 * where a dispatch touches memory an earlier one in the same batch wrote (or writes memory it
 * read), downloads of what the CPU or the caller reads, and timestamps per op. A run submits
 * the recorded buffers; it records and allocates nothing.
 *
 * The device's activation buffer mirrors the CPU arena byte for byte (same memory plan), so
 * tensors move between host and device by plain copies of their ranges. The host arena of the
 * executor stays the source of truth between segments and for the caller: inputs are read
 * from it and outputs written back to it.
 *
 * Without Vulkan in the build (GLINT_HAVE_VULKAN unset) creation fails with
 * GLINT_ERROR_BACKEND_UNAVAILABLE.
 */
#ifndef GV_BACKEND_H
#define GV_BACKEND_H

#include "engine/ge_exec.h"
#include "engine/ge_graph.h"

typedef struct gv_backend gv_backend;

typedef struct gv_backend_options {
    const char* device;  /* index or name substring; NULL: $GLINT_VK_DEVICE, else automatic */
    bool validation;     /* Khronos validation + synchronization validation ($GLINT_VK_VALIDATION=1 too) */
    bool force_staging;  /* staging copies even with unified memory ($GLINT_VK_STAGING=1 too) */
    bool no_disk_cache;  /* no pipeline cache file ($GLINT_VK_NO_DISK_CACHE=1 too) */
    bool gpu_only;       /* refuse a device of type CPU (lavapipe) */
    glint_logger logger;
} gv_backend_options;

typedef struct gv_backend_stats {
    int32_t gpu_ops;        /* ops that run as dispatches (or are free aliases) on the device */
    int32_t cpu_ops;        /* ops left on the CPU */
    int32_t segments;       /* GPU and CPU segments in a run */
    int32_t gpu_segments;   /* of which GPU: submissions per run */
    int32_t pipelines;      /* distinct pipelines (shader + constants) */
    int32_t submissions;    /* GPU submissions so far */
    double gpu_ms;          /* device time of the last run (timestamps), 0 if unknown */
    char device[256];       /* "llvmpipe (LLVM 15.0.6, 256 bits) (CPU, Vulkan 1.3)" */
    bool software_device;   /* VK_PHYSICAL_DEVICE_TYPE_CPU: a Vulkan driver running on the CPU */
    char cpu_reason[200];   /* why the first CPU op is not on the GPU, "" if none */
} gv_backend_stats;

/* True when this build has the Vulkan backend. */
bool gv_backend_built(void);

glint_result gv_backend_create(const ge_graph* g, const gv_backend_options* opt, gu_allocator* allocator,
                               gv_backend** out_backend, glint_error* err);
void gv_backend_destroy(gv_backend* b);

/*
 * One run: inputs from ex's arena, outputs (and every tensor CPU ops need) back into it; CPU
 * segments run through ge_exec_run_op. When ex->op_ms is set, it gets each op's time (device
 * time for GPU ops). On failure (VK_ERROR_DEVICE_LOST, a timeout, ...) the graph inputs in the
 * arena are restored, so the caller can run the same frame on the CPU, and the backend must
 * not be used again.
 */
glint_result gv_backend_run(gv_backend* b, ge_exec* ex, glint_error* err);

void gv_backend_get_stats(const gv_backend* b, gv_backend_stats* out);

/* True if op o runs on the device. */
bool gv_backend_op_on_gpu(const gv_backend* b, int32_t o);
/* The shader that runs op o ("conv1x1_f32_tile4x4", "alias" for a free reshape), NULL if on the CPU. */
const char* gv_backend_op_shader(const gv_backend* b, int32_t o);

#endif /* GV_BACKEND_H */

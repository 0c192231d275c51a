/* gv_backend internals shared by gv_backend.c (create, run), gv_plan.c (partition, transfers)
 * and gv_record.c (pipelines, descriptors, command buffers). */
#ifndef GV_BACKEND_INTERNAL_H
#define GV_BACKEND_INTERNAL_H

#include "engine/vulkan/gv_backend.h"
#include "engine/vulkan/gv_buffer.h"
#include "engine/vulkan/gv_context.h"
#include "engine/vulkan/gv_ops.h"

typedef struct gv_op_plan {
    bool gpu;
    gv_dispatch d;        /* when gpu; d.shader NULL: an alias, nothing to dispatch */
    int32_t pipeline;     /* index into pipelines, -1 for none */
    VkDescriptorSet set;
    int32_t query;        /* timestamp written after this op, -1 for none */
    int64_t aux_offset[GV_MAX_AUX]; /* where d.aux[k] lives in consts */
} gv_op_plan;

/* One tensor copied between the host arena and the device (through staging, or in place). */
typedef struct gv_xfer {
    int32_t tensor;
    VkDeviceSize arena_offset; /* same offset on host and device */
    VkDeviceSize bytes;
    VkDeviceSize staging_offset;
} gv_xfer;

typedef struct gv_segment {
    bool gpu;
    int32_t first, end; /* ops [first, end) */
    int32_t first_upload, num_uploads;     /* into xfers */
    int32_t first_download, num_downloads; /* into xfers */
    VkCommandBuffer cmd;
    int32_t first_query, num_queries;
} gv_segment;

typedef struct gv_pipeline {
    const char* shader;
    int32_t num_bindings;
    int32_t num_spec;
    uint32_t spec[GV_MAX_SPEC];
    VkPipeline pipeline;
} gv_pipeline;

struct gv_backend {
    gu_allocator* allocator;
    glint_logger logger;
    const ge_graph* g;
    gv_context* ctx;
    bool unified; /* activations in host-visible device memory: no staging */

    gv_op_plan* ops;          /* num_ops */
    int32_t gpu_ops, cpu_ops;
    char cpu_reason[200];
    gv_segment* segs;
    int32_t num_segs;
    gv_xfer* xfers;
    int32_t num_xfers;
    int64_t* const_offset;    /* per tensor: offset in consts, -1 if not on the device */
    VkDeviceSize const_bytes;
    VkDeviceSize staging_bytes;
    VkDeviceSize bind_align;  /* descriptor offset alignment */

    gv_buffer arena, consts, staging, dummy;
    gu_arena aux;             /* the dispatches' auxiliary constants (host copies) */

    VkDescriptorSetLayout set_layout[GV_MAX_BINDINGS + 1]; /* by binding count */
    VkPipelineLayout pipe_layout[GV_MAX_BINDINGS + 1];
    gv_pipeline* pipelines;
    int32_t num_pipelines, cap_pipelines;
    VkDescriptorPool pool;
    VkCommandPool cmd_pool;
    VkFence fence;
    VkQueryPool queries;
    int32_t num_queries;
    bool timestamps_recorded;

    uint8_t* input_save; /* graph inputs at the start of a run, restored on failure */
    size_t input_save_bytes;
    int32_t submissions;
    double last_gpu_ms;
    uint64_t timeout_ns;      /* per frame */
    uint64_t load_timeout_ns; /* weight upload and the first run at load */
};

/* gv_plan.c: op placement, segments, transfers, constant layout (host logic only). */
glint_result gv_plan_build(gv_backend* b, glint_error* err);

/* gv_record.c */
glint_result gv_record_create_objects(gv_backend* b, glint_error* err); /* layouts, pipelines, sets, pools */
glint_result gv_record_all(gv_backend* b, bool timestamps, glint_error* err);
void gv_record_destroy_objects(gv_backend* b);

#endif /* GV_BACKEND_INTERNAL_H */

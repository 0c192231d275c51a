/*
 * glint_model: load one network and run it (the engine's public face).
 *
 * The tracker (glint.h) uses the same engine; this API is for tools and for apps that run
 * a model themselves. A model file is a TFLite flatbuffer (.tflite), a TF.js graph model
 * (model.json next to its weight shards) or glint's own compact format (.glint).
 *
 * Thread safety: one glint_model may be used by one thread at a time. Different models are
 * independent.
 */
#ifndef GLINT_MODEL_H
#define GLINT_MODEL_H

#include <stdbool.h>

#include "glint/glint_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GLINT_MAX_RANK 6

typedef struct glint_model glint_model; /* opaque */

/*
 * Where a model runs. The tracker (glint.h) uses the same values per stage.
 *  AUTO    for glint_model: the CPU, unless $GLINT_BACKEND is "vulkan" (the tracker's planner
 *          measures both and picks per stage; a single model has no such measurement).
 *  CPU     the CPU kernels.
 *  VULKAN  the Vulkan compute backend, with automatic fallback to the CPU: if there is no
 *          Vulkan loader, driver or usable device, too little device memory, or the device is
 *          lost in the middle of a stream, the model runs on the CPU from then on, and
 *          glint_model_get_backend says so and why. Ops without a shader on this device run on
 *          the CPU inside a GPU run (the graph is split).
 */
typedef enum glint_backend {
    GLINT_BACKEND_AUTO = 0,
    GLINT_BACKEND_CPU = 1,
    GLINT_BACKEND_VULKAN = 2,
} glint_backend;

typedef enum glint_dtype { /* same values as the engine's ge_dtype */
    GLINT_DTYPE_UNKNOWN = 0,
    GLINT_DTYPE_F32 = 1,
    GLINT_DTYPE_F16 = 2,
    GLINT_DTYPE_I32 = 3,
    GLINT_DTYPE_I64 = 4,
    GLINT_DTYPE_I8 = 5,
    GLINT_DTYPE_U8 = 6,
    GLINT_DTYPE_I16 = 7,
    GLINT_DTYPE_BOOL = 8,
} glint_dtype;

typedef struct glint_tensor_info {
    const char* name;  /* owned by the model */
    glint_dtype dtype;
    int32_t rank;
    int32_t shape[GLINT_MAX_RANK];
    size_t bytes;      /* elements x element size */
    /* Value range the network expects for an image input, when the model is one glint knows
     * (pinned sha256): [0,1], [-1,1] or [0,255]. Both 0 when unknown. */
    float range_min, range_max;
} glint_tensor_info;

typedef struct glint_model_desc {
    const char* path;   /* a .tflite, model.json or .glint file; or NULL and data/size */
    const void* data;   /* in-memory .tflite or .glint (copied as needed) */
    size_t size;
    /* Optional override of the first input's shape (models with free H and W, e.g. MoveNet
     * MultiPose). input_rank 0 means "as in the file". */
    int32_t input_rank;
    int32_t input_shape[GLINT_MAX_RANK];
    /* Optional: make these tensors (by name) the outputs and drop every op they do not need,
     * e.g. MoveNet's four heads, to decode in C instead of running the in-graph decode. */
    const char* const* output_names;
    int32_t num_output_names;
    size_t max_arena_bytes; /* refuse models needing more activation memory; 0: 1 GiB */
    glint_allocator allocator;
    glint_logger logger;
    glint_backend backend; /* 0 = AUTO (see glint_backend) */
    /* Vulkan device: a decimal index in enumeration order or a case-insensitive part of the
     * name; NULL = $GLINT_VK_DEVICE, else the first discrete, then integrated, virtual, CPU device. */
    const char* device;
    /* Leave out a Vulkan driver that runs on the CPU (lavapipe, SwiftShader): the model runs on
     * glint's CPU kernels instead, found at device choice, before any pipeline is compiled. */
    bool vulkan_gpu_only;
    /* CPU threads the kernels may use (the calling thread is one of them); 0 or 1: the calling
     * thread only, with no synchronisation at all. */
    int32_t num_threads;
} glint_model_desc;

GLINT_API glint_result glint_model_load(const glint_model_desc* desc, glint_model** out_model,
                                        glint_error* out_error);
GLINT_API void glint_model_destroy(glint_model* model);

GLINT_API int32_t glint_model_input_count(const glint_model* model);
GLINT_API int32_t glint_model_output_count(const glint_model* model);
GLINT_API glint_result glint_model_input_info(const glint_model* model, int32_t index, glint_tensor_info* out_info);
GLINT_API glint_result glint_model_output_info(const glint_model* model, int32_t index, glint_tensor_info* out_info);

/* Copies bytes (exactly the input's size, in its dtype, NHWC) into the input. */
GLINT_API glint_result glint_model_set_input(glint_model* model, int32_t index, const void* data, size_t bytes);
GLINT_API glint_result glint_model_run(glint_model* model, glint_error* out_error);
/* The output in its own dtype; valid until the next run or destroy. */
GLINT_API glint_result glint_model_output(const glint_model* model, int32_t index, const void** out_data,
                                          size_t* out_bytes);

typedef struct glint_model_stats {
    int64_t params;            /* elements of every constant tensor */
    int64_t macs;              /* conv, depthwise and fully-connected multiply-accumulates */
    size_t activation_bytes;   /* the static arena: peak activation memory */
    size_t constant_bytes;
    int32_t num_ops;
    double load_ms;            /* wall time of glint_model_load */
} glint_model_stats;
GLINT_API glint_result glint_model_get_stats(const glint_model* model, glint_model_stats* out_stats);

/* Which backend runs the model, and why not the one asked for. */
typedef struct glint_model_backend_info {
    glint_backend requested; /* desc.backend after resolving AUTO */
    glint_backend active;    /* where the next run goes: CPU or VULKAN */
    glint_backend last_run;  /* where the last run went (AUTO before the first run) */
    int32_t gpu_ops;         /* ops on the GPU in a Vulkan run (0 on the CPU) */
    int32_t cpu_ops;         /* ops on the CPU in a Vulkan run (all of them on the CPU) */
    int32_t gpu_segments;    /* GPU submissions per Vulkan run (the graph alternates GPU / CPU) */
    int32_t fallbacks;       /* times the model moved from Vulkan to the CPU (0 or 1) */
    glint_result reason;     /* why VULKAN was asked but CPU is active; GLINT_SUCCESS otherwise */
    char message[256];       /* details of reason, or of the first op left on the CPU */
    char device[256];        /* the Vulkan device, "" without one */
    bool software_device;    /* it is a Vulkan driver that runs on the CPU (lavapipe, SwiftShader) */
    double gpu_ms;           /* device time of the last Vulkan run, 0 if unknown */
} glint_model_backend_info;
GLINT_API glint_result glint_model_get_backend(const glint_model* model, glint_model_backend_info* out_info);

#ifdef __cplusplus
}
#endif

#endif /* GLINT_MODEL_H */

/*
 * gv_context: one Vulkan device ready for compute.
 *
 * Creation: open the loader (gv_loader), create an instance (with the Khronos validation layer,
 * synchronization validation and a debug-utils messenger when asked), pick a physical device
 * (gv_device_pick), probe its features, create a logical device with one compute queue and
 * open the on-disk pipeline cache (gv_pcache). Each step that fails returns
 * GLINT_ERROR_BACKEND_UNAVAILABLE (or OUT_OF_MEMORY) with the reason, and the caller runs the
 * model on the CPU.
 *
 * One context per loaded model (models may run on different threads; a context's queue is
 * used by one thread at a time).
 */
#ifndef GV_CONTEXT_H
#define GV_CONTEXT_H

#include <stdint.h>

#include "engine/vulkan/gv_fault.h"
#include "engine/vulkan/gv_vk.h"
#include "glint/glint_types.h"
#include "util/gu_alloc.h"

/* What the device can do; selects shader variants. */
typedef struct gv_features {
    uint32_t api_version;
    VkPhysicalDeviceType type;
    uint32_t vendor_id, device_id, driver_version;
    uint8_t pipeline_cache_uuid[VK_UUID_SIZE];
    char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
    /* precision */
    bool storage_16bit;  /* storageBuffer16BitAccess */
    bool storage_8bit;   /* storageBuffer8BitAccess */
    bool float16;        /* shaderFloat16 */
    bool int8;           /* shaderInt8 */
    bool int16;          /* shaderInt16 */
    bool int_dot;        /* shaderIntegerDotProduct (VK_KHR_shader_integer_dot_product / 1.3) */
    bool int_dot_4x8_accelerated;
    /* subgroups */
    uint32_t subgroup_size;
    bool subgroup_arithmetic; /* in compute shaders */
    /* limits */
    uint32_t min_storage_offset_align;
    uint32_t max_storage_range;
    uint32_t max_push_constants;
    uint32_t max_workgroup_invocations;
    uint32_t max_workgroup_size[3];
    uint32_t max_workgroup_count[3];
    uint32_t max_shared_bytes;
    uint64_t non_coherent_atom;
    float timestamp_period_ns; /* 0: no timestamps on the compute queue */
    uint32_t timestamp_valid_bits;
    /* memory */
    uint64_t device_local_bytes;  /* largest DEVICE_LOCAL heap */
    uint64_t host_visible_bytes;  /* largest heap with a HOST_VISIBLE type */
    bool unified_memory; /* integrated / CPU device with DEVICE_LOCAL | HOST_VISIBLE | HOST_COHERENT memory */
} gv_features;

typedef struct gv_context_options {
    const char* device;     /* index or name substring; NULL: $GLINT_VK_DEVICE, else automatic */
    bool validation;        /* Khronos validation + synchronization validation; also $GLINT_VK_VALIDATION=1 */
    bool force_staging;     /* copy through staging buffers even with unified memory; also $GLINT_VK_STAGING=1 */
    bool no_disk_cache;     /* do not read or write the pipeline cache file; also $GLINT_VK_NO_DISK_CACHE=1 */
    bool gpu_only;          /* refuse a device of type CPU (lavapipe): BACKEND_UNAVAILABLE */
    glint_logger logger;
} gv_context_options;

typedef struct gv_context {
    gu_allocator* allocator;
    glint_logger logger;
    gv_faults faults;
    void* loader; /* dlopen handle */
    gv_fns fn;
    VkInstance instance;
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice physical;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family;
    gv_features feat;
    VkPhysicalDeviceMemoryProperties memory;
    bool validation;
    bool force_staging;
    bool no_disk_cache;
    VkPipelineCache pipeline_cache;
    int32_t pcache_status;     /* gv_pcache_status */
    size_t pcache_bytes;       /* size of the data read from the file */
    uint32_t validation_messages; /* warnings and errors reported by the layers to this context */
} gv_context;

/* Creates everything described above; *out_ctx is NULL on failure. */
glint_result gv_context_create(const gv_context_options* opt, gu_allocator* allocator, gv_context** out_ctx,
                               glint_error* err);
/* Writes the pipeline cache file (when dirty) and destroys everything. NULL is fine. */
void gv_context_destroy(gv_context* ctx);

/* Memory type index with all of `required` (and as many of `preferred` as possible), or -1. */
int32_t gv_memory_type(const gv_context* ctx, uint32_t type_bits, VkMemoryPropertyFlags required,
                       VkMemoryPropertyFlags preferred);

/* Validation messages (warnings, errors) seen by all contexts of this process, and the last one. */
uint32_t gv_validation_message_total(void);
const char* gv_validation_last_message(void);

/* Fails with GLINT_ERROR_BACKEND_UNAVAILABLE naming what returned r; DEVICE_LOST for a lost device,
 * OUT_OF_MEMORY for the out-of-memory results. */
glint_result gv_check(VkResult r, glint_error* err, const char* what);

#endif /* GV_CONTEXT_H */

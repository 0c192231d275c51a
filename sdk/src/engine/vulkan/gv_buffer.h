/*
 * gv_buffer: a VkBuffer with its own memory, chosen by use:
 *   DEVICE    device-local, not mapped (activations and weights on a discrete GPU)
 *   UNIFIED   device-local and host-visible, coherent, mapped (integrated / CPU devices:
 *             the host writes inputs and reads outputs in place, no staging copies)
 *   UPLOAD    host-visible, mapped, coherent preferred (staging towards the device)
 *   READBACK  host-visible, mapped, cached preferred (staging back to the host)
 * Non-coherent memory is flushed / invalidated by gv_buffer_flush / gv_buffer_invalidate.
 * The injected fault "oom" makes every creation fail with VK_ERROR_OUT_OF_DEVICE_MEMORY.
 */
#ifndef GV_BUFFER_H
#define GV_BUFFER_H

#include "engine/vulkan/gv_context.h"

typedef enum gv_memory_use {
    GV_MEM_DEVICE = 0,
    GV_MEM_UNIFIED,
    GV_MEM_UPLOAD,
    GV_MEM_READBACK,
} gv_memory_use;

typedef struct gv_buffer {
    VkBuffer buffer;
    VkDeviceMemory memory;
    VkDeviceSize size;
    uint8_t* mapped; /* NULL for DEVICE */
    bool coherent;
} gv_buffer;

glint_result gv_buffer_create(gv_context* ctx, VkDeviceSize size, VkBufferUsageFlags usage, gv_memory_use use,
                              gv_buffer* out, glint_error* err);
void gv_buffer_destroy(gv_context* ctx, gv_buffer* b);

/* Make host writes of [offset, offset + size) visible to the device / device writes visible to the host. */
void gv_buffer_flush(gv_context* ctx, const gv_buffer* b, VkDeviceSize offset, VkDeviceSize size);
void gv_buffer_invalidate(gv_context* ctx, const gv_buffer* b, VkDeviceSize offset, VkDeviceSize size);

#endif /* GV_BUFFER_H */

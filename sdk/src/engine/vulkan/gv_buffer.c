/* gv_buffer: buffers and their memory (see gv_buffer.h). */
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_buffer.h"

#include <string.h>

#include "util/gu_error.h"

glint_result gv_buffer_create(gv_context* ctx, VkDeviceSize size, VkBufferUsageFlags usage, gv_memory_use use,
                              gv_buffer* out, glint_error* err) {
    memset(out, 0, sizeof(*out));
    if (ctx->faults.bits & GV_FAULT_OOM)
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY,
                         "vulkan: allocating %llu bytes of device memory failed: VK_ERROR_OUT_OF_DEVICE_MEMORY "
                         "(injected fault)", (unsigned long long)size);
    if (size == 0) size = 64;
    VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    VkResult r = ctx->fn.vkCreateBuffer(ctx->device, &info, NULL, &out->buffer);
    if (r != VK_SUCCESS) {
        out->buffer = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateBuffer");
    }
    VkMemoryRequirements req;
    ctx->fn.vkGetBufferMemoryRequirements(ctx->device, out->buffer, &req);
    const VkMemoryPropertyFlags local = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    const VkMemoryPropertyFlags visible = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
    const VkMemoryPropertyFlags coherent = VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    const VkMemoryPropertyFlags cached = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
    int32_t type = -1;
    switch (use) {
    case GV_MEM_DEVICE: type = gv_memory_type(ctx, req.memoryTypeBits, 0, local); break;
    case GV_MEM_UNIFIED: type = gv_memory_type(ctx, req.memoryTypeBits, local | visible | coherent, cached); break;
    case GV_MEM_UPLOAD: type = gv_memory_type(ctx, req.memoryTypeBits, visible, coherent); break;
    case GV_MEM_READBACK: type = gv_memory_type(ctx, req.memoryTypeBits, visible, cached | coherent); break;
    }
    if (type < 0) {
        gv_buffer_destroy(ctx, out);
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no suitable memory type for a buffer");
    }
    VkMemoryAllocateInfo alloc = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = (uint32_t)type;
    r = ctx->fn.vkAllocateMemory(ctx->device, &alloc, NULL, &out->memory);
    if (r != VK_SUCCESS) {
        out->memory = VK_NULL_HANDLE;
        gv_buffer_destroy(ctx, out);
        return gv_check(r, err, "vkAllocateMemory");
    }
    r = ctx->fn.vkBindBufferMemory(ctx->device, out->buffer, out->memory, 0);
    if (r != VK_SUCCESS) {
        gv_buffer_destroy(ctx, out);
        return gv_check(r, err, "vkBindBufferMemory");
    }
    out->size = size;
    const VkMemoryPropertyFlags flags = ctx->memory.memoryTypes[type].propertyFlags;
    out->coherent = (flags & coherent) != 0;
    if (use != GV_MEM_DEVICE) {
        void* p = NULL;
        r = ctx->fn.vkMapMemory(ctx->device, out->memory, 0, VK_WHOLE_SIZE, 0, &p);
        if (r != VK_SUCCESS) {
            gv_buffer_destroy(ctx, out);
            return gv_check(r, err, "vkMapMemory");
        }
        out->mapped = p;
    }
    return GLINT_SUCCESS;
}

void gv_buffer_destroy(gv_context* ctx, gv_buffer* b) {
    if (b->mapped) ctx->fn.vkUnmapMemory(ctx->device, b->memory);
    if (b->buffer) ctx->fn.vkDestroyBuffer(ctx->device, b->buffer, NULL);
    if (b->memory) ctx->fn.vkFreeMemory(ctx->device, b->memory, NULL);
    memset(b, 0, sizeof(*b));
}

/* [offset, offset + size) widened to nonCoherentAtomSize, clipped to the allocation. */
static VkMappedMemoryRange range_of(const gv_context* ctx, const gv_buffer* b, VkDeviceSize offset, VkDeviceSize size) {
    const VkDeviceSize atom = ctx->feat.non_coherent_atom ? ctx->feat.non_coherent_atom : 1;
    VkDeviceSize lo = offset / atom * atom;
    VkDeviceSize hi = (offset + size + atom - 1) / atom * atom;
    VkMappedMemoryRange r = {.sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE};
    r.memory = b->memory;
    r.offset = lo;
    r.size = hi >= b->size ? VK_WHOLE_SIZE : hi - lo;
    return r;
}

void gv_buffer_flush(gv_context* ctx, const gv_buffer* b, VkDeviceSize offset, VkDeviceSize size) {
    if (b->coherent || !b->mapped || size == 0) return;
    VkMappedMemoryRange r = range_of(ctx, b, offset, size);
    ctx->fn.vkFlushMappedMemoryRanges(ctx->device, 1, &r);
}

void gv_buffer_invalidate(gv_context* ctx, const gv_buffer* b, VkDeviceSize offset, VkDeviceSize size) {
    if (b->coherent || !b->mapped || size == 0) return;
    VkMappedMemoryRange r = range_of(ctx, b, offset, size);
    ctx->fn.vkInvalidateMappedMemoryRanges(ctx->device, 1, &r);
}
#else
typedef int gv_buffer_unused; /* built without Vulkan */
#endif

/*
 * gv_vk: the Vulkan API as the backend sees it, without linking libvulkan.
 *
 * The loader is opened at run time (gv_loader.c: dlopen of libvulkan.so.1), so a machine
 * without Vulkan runs everything on the CPU instead of failing to start. Every entry point
 * is a function pointer in gv_fns, filled level by level: global (before an instance),
 * instance, device. The headers come from the build machine (Vulkan::Headers) with
 * VK_NO_PROTOTYPES, so nothing here refers to a libvulkan symbol.
 */
#ifndef GV_VK_H
#define GV_VK_H

#ifndef VK_NO_PROTOTYPES
#define VK_NO_PROTOTYPES
#endif
#include <vulkan/vulkan.h>

#include <stdbool.h>

/* X-macro lists: F(name). Optional entries may stay NULL (checked where used). */
#define GV_GLOBAL_FNS(F)                     \
    F(vkCreateInstance)                      \
    F(vkEnumerateInstanceExtensionProperties) \
    F(vkEnumerateInstanceLayerProperties)

#define GV_GLOBAL_OPTIONAL_FNS(F) F(vkEnumerateInstanceVersion)

#define GV_INSTANCE_FNS(F)                       \
    F(vkDestroyInstance)                         \
    F(vkEnumeratePhysicalDevices)                \
    F(vkGetPhysicalDeviceProperties)             \
    F(vkGetPhysicalDeviceProperties2)            \
    F(vkGetPhysicalDeviceFeatures2)              \
    F(vkGetPhysicalDeviceMemoryProperties)       \
    F(vkGetPhysicalDeviceQueueFamilyProperties)  \
    F(vkEnumerateDeviceExtensionProperties)      \
    F(vkCreateDevice)                            \
    F(vkGetDeviceProcAddr)

#define GV_INSTANCE_OPTIONAL_FNS(F)       \
    F(vkCreateDebugUtilsMessengerEXT)     \
    F(vkDestroyDebugUtilsMessengerEXT)

#define GV_DEVICE_FNS(F)                  \
    F(vkDestroyDevice)                    \
    F(vkGetDeviceQueue)                   \
    F(vkDeviceWaitIdle)                   \
    F(vkCreateBuffer)                     \
    F(vkDestroyBuffer)                    \
    F(vkGetBufferMemoryRequirements)      \
    F(vkAllocateMemory)                   \
    F(vkFreeMemory)                       \
    F(vkBindBufferMemory)                 \
    F(vkMapMemory)                        \
    F(vkUnmapMemory)                      \
    F(vkFlushMappedMemoryRanges)          \
    F(vkInvalidateMappedMemoryRanges)     \
    F(vkCreateShaderModule)               \
    F(vkDestroyShaderModule)              \
    F(vkCreatePipelineCache)              \
    F(vkDestroyPipelineCache)             \
    F(vkGetPipelineCacheData)             \
    F(vkCreateComputePipelines)           \
    F(vkDestroyPipeline)                  \
    F(vkCreatePipelineLayout)             \
    F(vkDestroyPipelineLayout)            \
    F(vkCreateDescriptorSetLayout)        \
    F(vkDestroyDescriptorSetLayout)       \
    F(vkCreateDescriptorPool)             \
    F(vkDestroyDescriptorPool)            \
    F(vkAllocateDescriptorSets)           \
    F(vkUpdateDescriptorSets)             \
    F(vkCreateCommandPool)                \
    F(vkDestroyCommandPool)               \
    F(vkAllocateCommandBuffers)           \
    F(vkFreeCommandBuffers)               \
    F(vkBeginCommandBuffer)               \
    F(vkEndCommandBuffer)                 \
    F(vkCmdBindPipeline)                  \
    F(vkCmdBindDescriptorSets)            \
    F(vkCmdPushConstants)                 \
    F(vkCmdDispatch)                      \
    F(vkCmdPipelineBarrier)               \
    F(vkCmdCopyBuffer)                    \
    F(vkCmdFillBuffer)                    \
    F(vkCmdWriteTimestamp)                \
    F(vkCmdResetQueryPool)                \
    F(vkCreateQueryPool)                  \
    F(vkDestroyQueryPool)                 \
    F(vkGetQueryPoolResults)              \
    F(vkCreateFence)                      \
    F(vkDestroyFence)                     \
    F(vkResetFences)                      \
    F(vkWaitForFences)                    \
    F(vkQueueSubmit)

#define GV_DECLARE_FN(name) PFN_##name name;

typedef struct gv_fns {
    PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr;
    GV_GLOBAL_FNS(GV_DECLARE_FN)
    GV_GLOBAL_OPTIONAL_FNS(GV_DECLARE_FN)
    GV_INSTANCE_FNS(GV_DECLARE_FN)
    GV_INSTANCE_OPTIONAL_FNS(GV_DECLARE_FN)
    GV_DEVICE_FNS(GV_DECLARE_FN)
} gv_fns;

/* "VK_ERROR_DEVICE_LOST", ... for messages. */
const char* gv_result_name(VkResult r);

#endif /* GV_VK_H */

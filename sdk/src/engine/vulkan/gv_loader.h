/*
 * gv_loader: opens the Vulkan loader at run time and fills gv_fns level by level.
 *
 * Library: $GLINT_VK_LOADER when set (a path or a soname), else libvulkan.so.1, then
 * libvulkan.so. Failure to open it is the "no Vulkan" case: GLINT_ERROR_BACKEND_UNAVAILABLE.
 */
#ifndef GV_LOADER_H
#define GV_LOADER_H

#include "engine/vulkan/gv_vk.h"
#include "glint/glint_types.h"

glint_result gv_loader_open(void** out_handle, gv_fns* fns, glint_error* err);
void gv_loader_close(void* handle);

/* Instance- and device-level entry points; a missing required one is an error. */
glint_result gv_loader_instance(gv_fns* fns, VkInstance instance, glint_error* err);
glint_result gv_loader_device(gv_fns* fns, VkDevice device, glint_error* err);

#endif /* GV_LOADER_H */

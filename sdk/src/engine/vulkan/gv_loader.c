/* gv_loader: dlopen the Vulkan loader, resolve entry points (see gv_loader.h). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* dlopen under -std=c11 */
#endif
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_loader.h"

#include <stdlib.h>
#include <string.h>

#include "engine/vulkan/gv_fault.h"
#include "util/gu_error.h"

#if defined(_WIN32)
/* Windows is not a target yet: behave as a machine without Vulkan. */
static void* open_lib(const char* name) { (void)name; return NULL; }
static void* lib_sym(void* h, const char* name) { (void)h; (void)name; return NULL; }
static void close_lib(void* h) { (void)h; }
#else
#include <dlfcn.h>
static void* open_lib(const char* name) { return dlopen(name, RTLD_NOW | RTLD_LOCAL); }
static void* lib_sym(void* h, const char* name) { return dlsym(h, name); }
static void close_lib(void* h) { dlclose(h); }
#endif

glint_result gv_loader_open(void** out_handle, gv_fns* fns, glint_error* err) {
    *out_handle = NULL;
    memset(fns, 0, sizeof(*fns));
    if (gv_fault_get().bits & GV_FAULT_NO_LOADER)
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no Vulkan loader (injected fault)");
    const char* env = getenv("GLINT_VK_LOADER");
#if defined(__APPLE__)
    const char* names[] = {env, "libvulkan.1.dylib", "libvulkan.dylib", "libMoltenVK.dylib"};
#else
    const char* names[] = {env, "libvulkan.so.1", "libvulkan.so", NULL};
#endif
    void* h = NULL;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++) {
        if (!names[i] || !*names[i]) continue;
        h = open_lib(names[i]);
        if (env && *env) break; /* an explicit loader is the only one tried */
    }
    if (!h)
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: cannot open the Vulkan loader (%s)",
                         env && *env ? env : "libvulkan.so.1");
    void* sym = lib_sym(h, "vkGetInstanceProcAddr");
    if (!sym) {
        close_lib(h);
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: the loader has no vkGetInstanceProcAddr");
    }
    /* POSIX guarantees data and function pointers convert; memcpy keeps -Wpedantic quiet. */
    memcpy(&fns->vkGetInstanceProcAddr, &sym, sizeof(sym));
#define LOAD_GLOBAL(name) fns->name = (PFN_##name)fns->vkGetInstanceProcAddr(NULL, #name);
    GV_GLOBAL_FNS(LOAD_GLOBAL)
    GV_GLOBAL_OPTIONAL_FNS(LOAD_GLOBAL)
#undef LOAD_GLOBAL
#define CHECK_GLOBAL(name)                                                                                   \
    if (!fns->name) {                                                                                        \
        close_lib(h);                                                                                        \
        memset(fns, 0, sizeof(*fns));                                                                        \
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: the loader lacks %s", #name);        \
    }
    GV_GLOBAL_FNS(CHECK_GLOBAL)
#undef CHECK_GLOBAL
    *out_handle = h;
    return GLINT_SUCCESS;
}

void gv_loader_close(void* handle) {
    if (handle) close_lib(handle);
}

glint_result gv_loader_instance(gv_fns* fns, VkInstance instance, glint_error* err) {
#define LOAD_INSTANCE(name) fns->name = (PFN_##name)fns->vkGetInstanceProcAddr(instance, #name);
    GV_INSTANCE_FNS(LOAD_INSTANCE)
    GV_INSTANCE_OPTIONAL_FNS(LOAD_INSTANCE)
#undef LOAD_INSTANCE
#define CHECK_INSTANCE(name) \
    if (!fns->name) return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no instance function %s", #name);
    GV_INSTANCE_FNS(CHECK_INSTANCE)
#undef CHECK_INSTANCE
    return GLINT_SUCCESS;
}

glint_result gv_loader_device(gv_fns* fns, VkDevice device, glint_error* err) {
#define LOAD_DEVICE(name) fns->name = (PFN_##name)fns->vkGetDeviceProcAddr(device, #name);
    GV_DEVICE_FNS(LOAD_DEVICE)
#undef LOAD_DEVICE
#define CHECK_DEVICE(name) \
    if (!fns->name) return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no device function %s", #name);
    GV_DEVICE_FNS(CHECK_DEVICE)
#undef CHECK_DEVICE
    return GLINT_SUCCESS;
}

const char* gv_result_name(VkResult r) {
    switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_INCOMPLETE: return "VK_INCOMPLETE";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
    case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
    case VK_ERROR_FORMAT_NOT_SUPPORTED: return "VK_ERROR_FORMAT_NOT_SUPPORTED";
    case VK_ERROR_FRAGMENTED_POOL: return "VK_ERROR_FRAGMENTED_POOL";
    case VK_ERROR_OUT_OF_POOL_MEMORY: return "VK_ERROR_OUT_OF_POOL_MEMORY";
    case VK_ERROR_INVALID_SHADER_NV: return "VK_ERROR_INVALID_SHADER_NV";
    default: return "VkResult (other)";
    }
}
#else
typedef int gv_loader_unused; /* built without Vulkan */
#endif

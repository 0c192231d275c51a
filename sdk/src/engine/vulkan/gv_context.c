/* gv_context: instance, validation, device choice, feature probe, device and queue (see gv_context.h). */
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_context.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/vulkan/gv_device_pick.h"
#include "engine/vulkan/gv_loader.h"
#include "engine/vulkan/gv_pcache.h"
#include "util/gu_error.h"
#include "util/gu_log.h"

#define GV_VALIDATION_LAYER "VK_LAYER_KHRONOS_validation"
#define GV_MAX_DEVICES 16
#define GV_MAX_EXTENSIONS 512

static atomic_uint g_validation_total;
static char g_validation_last[1024];

uint32_t gv_validation_message_total(void) { return atomic_load(&g_validation_total); }
const char* gv_validation_last_message(void) { return g_validation_last; }

glint_result gv_check(VkResult r, glint_error* err, const char* what) {
    if (r == VK_SUCCESS) return GLINT_SUCCESS;
    glint_result code = GLINT_ERROR_BACKEND_UNAVAILABLE;
    if (r == VK_ERROR_DEVICE_LOST) code = GLINT_ERROR_DEVICE_LOST;
    if (r == VK_ERROR_OUT_OF_DEVICE_MEMORY || r == VK_ERROR_OUT_OF_HOST_MEMORY) code = GLINT_ERROR_OUT_OF_MEMORY;
    return gu_errorf(err, code, "vulkan: %s failed: %s", what, gv_result_name(r));
}

static bool env_flag(const char* name) {
    const char* v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

/* Every warning and error of the validation layers is a bug in glint: count it, keep the text, log it. */
static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                 VkDebugUtilsMessageTypeFlagsEXT types,
                                                 const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    gv_context* ctx = user;
    const char* msg = data && data->pMessage ? data->pMessage : "(no message)";
    /* GENERAL messages come from the loader (e.g. "Found no drivers!" when there are none): the
     * environment, logged only. VALIDATION and PERFORMANCE ones are about glint's API use. */
    const bool about_us = (types & (VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT)) != 0;
    if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT && about_us) {
        atomic_fetch_add(&g_validation_total, 1u);
        snprintf(g_validation_last, sizeof(g_validation_last), "%s", msg);
        if (ctx) {
            ctx->validation_messages++;
            gu_log(&ctx->logger, GLINT_LOG_ERROR, "vulkan validation: %s", msg);
        }
        /* GLINT_VK_VALIDATION is a developer switch: say it even without a logger. */
        if (!ctx || !ctx->logger.func) fprintf(stderr, "glint vulkan validation: %s\n", msg);
    } else if (ctx) {
        gu_log(&ctx->logger, severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT ? GLINT_LOG_WARN : GLINT_LOG_DEBUG,
               "vulkan: %s", msg);
    }
    return VK_FALSE;
}

static void messenger_info(gv_context* ctx, VkDebugUtilsMessengerCreateInfoEXT* info) {
    memset(info, 0, sizeof(*info));
    info->sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
    info->messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    info->messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                        VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    info->pfnUserCallback = on_message;
    info->pUserData = ctx;
}

static bool has_extension(const VkExtensionProperties* ext, uint32_t n, const char* name) {
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(ext[i].extensionName, name)) return true;
    return false;
}

/* Instance extensions of the loader + implicit layers (layer NULL) or of one layer. */
static uint32_t instance_extensions(gv_context* ctx, const char* layer, VkExtensionProperties* out, uint32_t cap) {
    uint32_t n = 0;
    if (ctx->fn.vkEnumerateInstanceExtensionProperties(layer, &n, NULL) != VK_SUCCESS) return 0;
    if (n > cap) n = cap;
    if (ctx->fn.vkEnumerateInstanceExtensionProperties(layer, &n, out) < 0) return 0;
    return n;
}

static bool layer_present(gv_context* ctx, const char* name) {
    uint32_t n = 0;
    if (ctx->fn.vkEnumerateInstanceLayerProperties(&n, NULL) != VK_SUCCESS || n == 0) return false;
    VkLayerProperties* layers = gu_calloc(ctx->allocator, n, sizeof(*layers));
    if (!layers) return false;
    bool found = false;
    if (ctx->fn.vkEnumerateInstanceLayerProperties(&n, layers) >= 0)
        for (uint32_t i = 0; i < n && !found; i++) found = !strcmp(layers[i].layerName, name);
    gu_free(ctx->allocator, layers);
    return found;
}

static glint_result create_instance(gv_context* ctx, glint_error* err) {
    uint32_t version = VK_API_VERSION_1_0;
    if (ctx->fn.vkEnumerateInstanceVersion) ctx->fn.vkEnumerateInstanceVersion(&version);
    if (VK_API_VERSION_MAJOR(version) == 1 && VK_API_VERSION_MINOR(version) < 1)
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: the loader is Vulkan 1.0; 1.1 is needed");
    if (version > VK_API_VERSION_1_3) version = VK_API_VERSION_1_3;

    VkExtensionProperties* ext = gu_calloc(ctx->allocator, GV_MAX_EXTENSIONS, sizeof(*ext));
    if (!ext) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    uint32_t n_ext = instance_extensions(ctx, NULL, ext, GV_MAX_EXTENSIONS);
    const char* enabled[4];
    uint32_t n_enabled = 0;
    VkInstanceCreateFlags flags = 0;
    if (has_extension(ext, n_ext, VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        enabled[n_enabled++] = VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME; /* lists MoltenVK-like drivers */
        flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
    }
    const char* layers[1];
    uint32_t n_layers = 0;
    VkValidationFeatureEnableEXT sync = VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
    VkValidationFeaturesEXT features = {.sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT};
    VkDebugUtilsMessengerCreateInfoEXT messenger;
    messenger_info(ctx, &messenger);
    const void* chain = NULL;
    if (ctx->validation) {
        if (!layer_present(ctx, GV_VALIDATION_LAYER)) {
            gu_free(ctx->allocator, ext);
            return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE,
                             "vulkan: validation was requested but %s is not installed", GV_VALIDATION_LAYER);
        }
        layers[n_layers++] = GV_VALIDATION_LAYER;
        uint32_t n_lext = instance_extensions(ctx, GV_VALIDATION_LAYER, ext, GV_MAX_EXTENSIONS);
        bool debug_utils = has_extension(ext, n_lext, VK_EXT_DEBUG_UTILS_EXTENSION_NAME) ||
                           has_extension(ext, instance_extensions(ctx, NULL, ext, GV_MAX_EXTENSIONS),
                                         VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
        n_lext = instance_extensions(ctx, GV_VALIDATION_LAYER, ext, GV_MAX_EXTENSIONS);
        bool validation_features = has_extension(ext, n_lext, VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);
        if (!debug_utils || !validation_features) {
            gu_free(ctx->allocator, ext);
            return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE,
                             "vulkan: the validation layer lacks %s", !debug_utils ? "VK_EXT_debug_utils"
                                                                                    : "VK_EXT_validation_features");
        }
        enabled[n_enabled++] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
        enabled[n_enabled++] = VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME;
        features.enabledValidationFeatureCount = 1;
        features.pEnabledValidationFeatures = &sync;
        features.pNext = &messenger; /* also reports problems of vkCreateInstance / vkDestroyInstance */
        chain = &features;
    }
    gu_free(ctx->allocator, ext);

    VkApplicationInfo app = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "glint";
    app.pEngineName = "glint";
    app.apiVersion = version;
    VkInstanceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pNext = chain;
    info.flags = flags;
    info.pApplicationInfo = &app;
    info.enabledLayerCount = n_layers;
    info.ppEnabledLayerNames = layers;
    info.enabledExtensionCount = n_enabled;
    info.ppEnabledExtensionNames = enabled;
    VkResult r = ctx->fn.vkCreateInstance(&info, NULL, &ctx->instance);
    if (r != VK_SUCCESS) {
        ctx->instance = VK_NULL_HANDLE;
        /* VK_ERROR_INCOMPATIBLE_DRIVER: a loader but no driver (ICD) */
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: vkCreateInstance failed: %s%s",
                         gv_result_name(r), r == VK_ERROR_INCOMPATIBLE_DRIVER ? " (no Vulkan driver installed)" : "");
    }
    ctx->feat.api_version = version; /* lowered to the device's below */
    glint_result gr = gv_loader_instance(&ctx->fn, ctx->instance, err);
    if (gr < 0) return gr;
    if (ctx->validation) {
        if (!ctx->fn.vkCreateDebugUtilsMessengerEXT)
            return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no vkCreateDebugUtilsMessengerEXT");
        messenger.pNext = NULL;
        r = ctx->fn.vkCreateDebugUtilsMessengerEXT(ctx->instance, &messenger, NULL, &ctx->messenger);
        if (r != VK_SUCCESS) return gv_check(r, err, "vkCreateDebugUtilsMessengerEXT");
    }
    return GLINT_SUCCESS;
}

/* The queue family to use: compute without graphics (a dedicated compute queue) if any, else compute. */
static int32_t compute_family(gv_context* ctx, VkPhysicalDevice pd, uint32_t* out_ts_bits) {
    VkQueueFamilyProperties q[32];
    uint32_t n = 32;
    ctx->fn.vkGetPhysicalDeviceQueueFamilyProperties(pd, &n, q);
    int32_t best = -1;
    for (uint32_t i = 0; i < n; i++) {
        if (!(q[i].queueFlags & VK_QUEUE_COMPUTE_BIT) || q[i].queueCount == 0) continue;
        bool dedicated = !(q[i].queueFlags & VK_QUEUE_GRAPHICS_BIT);
        if (best < 0 || (dedicated && (q[best].queueFlags & VK_QUEUE_GRAPHICS_BIT))) best = (int32_t)i;
    }
    if (best >= 0 && out_ts_bits) *out_ts_bits = q[best].timestampValidBits;
    return best;
}

static glint_result pick_device(gv_context* ctx, const char* override, bool gpu_only, glint_error* err) {
    VkPhysicalDevice devs[GV_MAX_DEVICES];
    uint32_t n = GV_MAX_DEVICES;
    VkResult r = ctx->fn.vkEnumeratePhysicalDevices(ctx->instance, &n, devs);
    if (r < 0) return gv_check(r, err, "vkEnumeratePhysicalDevices");
    if (ctx->faults.bits & GV_FAULT_NO_DEVICE) n = 0;
    gv_device_candidate cand[GV_MAX_DEVICES];
    VkPhysicalDeviceProperties props[GV_MAX_DEVICES];
    for (uint32_t i = 0; i < n; i++) {
        ctx->fn.vkGetPhysicalDeviceProperties(devs[i], &props[i]);
        cand[i].name = props[i].deviceName;
        cand[i].kind = (gv_device_kind)props[i].deviceType;
        cand[i].api_version = props[i].apiVersion;
        cand[i].has_compute_queue = compute_family(ctx, devs[i], NULL) >= 0;
    }
    char why[160];
    int32_t idx = gv_device_pick(cand, (int32_t)n, override, why, sizeof(why));
    if (idx < 0) return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: %s", why);
    if (gpu_only && cand[idx].kind == GV_DEVICE_CPU)
        return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: %s runs on the CPU (a GPU was asked for)",
                         props[idx].deviceName);
    ctx->physical = devs[idx];
    gu_log(&ctx->logger, GLINT_LOG_INFO, "vulkan: device %d of %u: %s (%s)", (int)idx, n, props[idx].deviceName,
           gv_device_kind_name(cand[idx].kind));
    return GLINT_SUCCESS;
}

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* Device extensions, for features that are extensions before they became core. */
typedef struct device_ext {
    bool f16_i8, storage_8bit, int_dot;
} device_ext;

static void probe(gv_context* ctx, device_ext* need) {
    gv_features* f = &ctx->feat;
    VkPhysicalDeviceProperties p;
    ctx->fn.vkGetPhysicalDeviceProperties(ctx->physical, &p);
    f->api_version = min_u32(f->api_version, p.apiVersion);
    f->type = p.deviceType;
    f->vendor_id = p.vendorID;
    f->device_id = p.deviceID;
    f->driver_version = p.driverVersion;
    memcpy(f->pipeline_cache_uuid, p.pipelineCacheUUID, VK_UUID_SIZE);
    snprintf(f->name, sizeof(f->name), "%s", p.deviceName);
    f->min_storage_offset_align = (uint32_t)p.limits.minStorageBufferOffsetAlignment;
    f->max_storage_range = p.limits.maxStorageBufferRange;
    f->max_push_constants = p.limits.maxPushConstantsSize;
    f->max_workgroup_invocations = p.limits.maxComputeWorkGroupInvocations;
    for (int i = 0; i < 3; i++) {
        f->max_workgroup_size[i] = p.limits.maxComputeWorkGroupSize[i];
        f->max_workgroup_count[i] = p.limits.maxComputeWorkGroupCount[i];
    }
    f->max_shared_bytes = p.limits.maxComputeSharedMemorySize;
    f->non_coherent_atom = p.limits.nonCoherentAtomSize;

    VkExtensionProperties* ext = gu_calloc(ctx->allocator, GV_MAX_EXTENSIONS, sizeof(*ext));
    uint32_t n_ext = 0;
    if (ext) {
        n_ext = GV_MAX_EXTENSIONS;
        if (ctx->fn.vkEnumerateDeviceExtensionProperties(ctx->physical, NULL, &n_ext, ext) < 0) n_ext = 0;
    }
    const bool v12 = f->api_version >= VK_API_VERSION_1_2, v13 = f->api_version >= VK_API_VERSION_1_3;
    const bool has_f16_i8 = v12 || has_extension(ext, n_ext, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
    const bool has_8bit = v12 || has_extension(ext, n_ext, VK_KHR_8BIT_STORAGE_EXTENSION_NAME);
    const bool has_dot = v13 || has_extension(ext, n_ext, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    gu_free(ctx->allocator, ext);

    /* features */
    VkPhysicalDevice16BitStorageFeatures s16 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES};
    VkPhysicalDevice8BitStorageFeatures s8 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES};
    VkPhysicalDeviceShaderFloat16Int8Features fi = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES};
    VkPhysicalDeviceFeatures2 f2 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    void** tail = &f2.pNext;
    *tail = &s16;
    tail = &s16.pNext;
    if (has_8bit) *tail = &s8, tail = &s8.pNext;
    if (has_f16_i8) *tail = &fi, tail = &fi.pNext;
    if (has_dot) *tail = &dot, tail = &dot.pNext;
    ctx->fn.vkGetPhysicalDeviceFeatures2(ctx->physical, &f2);
    f->storage_16bit = s16.storageBuffer16BitAccess;
    f->storage_8bit = has_8bit && s8.storageBuffer8BitAccess;
    f->float16 = has_f16_i8 && fi.shaderFloat16;
    f->int8 = has_f16_i8 && fi.shaderInt8;
    f->int16 = f2.features.shaderInt16;
    f->int_dot = has_dot && dot.shaderIntegerDotProduct;

    /* properties */
    VkPhysicalDeviceSubgroupProperties sg = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceShaderIntegerDotProductProperties dotp = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES};
    VkPhysicalDeviceProperties2 p2 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    p2.pNext = &sg;
    if (has_dot) sg.pNext = &dotp;
    ctx->fn.vkGetPhysicalDeviceProperties2(ctx->physical, &p2);
    f->subgroup_size = sg.subgroupSize;
    f->subgroup_arithmetic = (sg.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                             (sg.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);
    f->int_dot_4x8_accelerated = f->int_dot && dotp.integerDotProduct4x8BitPackedSignedAccelerated;

    /* injected faults: the device "lacks" these */
    if (ctx->faults.bits & GV_FAULT_NO_FP16) f->storage_16bit = f->float16 = false;
    if (ctx->faults.bits & GV_FAULT_NO_INT8) f->storage_8bit = f->int8 = false;
    if (ctx->faults.bits & GV_FAULT_NO_INT_DOT) f->int_dot = f->int_dot_4x8_accelerated = false;
    if ((ctx->faults.bits & GV_FAULT_STORAGE_RANGE) && ctx->faults.storage_range < f->max_storage_range)
        f->max_storage_range = ctx->faults.storage_range;

    /* memory */
    ctx->fn.vkGetPhysicalDeviceMemoryProperties(ctx->physical, &ctx->memory);
    const VkMemoryPropertyFlags uma_flags =
        VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    bool uma_type = false;
    for (uint32_t i = 0; i < ctx->memory.memoryTypeCount; i++) {
        const VkMemoryType* t = &ctx->memory.memoryTypes[i];
        uint64_t heap = ctx->memory.memoryHeaps[t->heapIndex].size;
        if ((t->propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) && heap > f->device_local_bytes)
            f->device_local_bytes = heap;
        if ((t->propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && heap > f->host_visible_bytes)
            f->host_visible_bytes = heap;
        if ((t->propertyFlags & uma_flags) == uma_flags) uma_type = true;
    }
    /* Only where device memory is system memory: a discrete GPU's small host-visible window is
     * not where its activations should live. */
    f->unified_memory = uma_type && (f->type == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU ||
                                     f->type == VK_PHYSICAL_DEVICE_TYPE_CPU);
    need->f16_i8 = has_f16_i8 && !v12 && (f->float16 || f->int8);
    need->storage_8bit = has_8bit && !v12 && f->storage_8bit;
    need->int_dot = has_dot && !v13 && f->int_dot;
}

static glint_result create_device(gv_context* ctx, const device_ext* need, glint_error* err) {
    uint32_t ts_bits = 0;
    int32_t family = compute_family(ctx, ctx->physical, &ts_bits);
    if (family < 0) return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no compute queue");
    ctx->queue_family = (uint32_t)family;
    VkPhysicalDeviceProperties p;
    ctx->fn.vkGetPhysicalDeviceProperties(ctx->physical, &p);
    ctx->feat.timestamp_valid_bits = ts_bits;
    ctx->feat.timestamp_period_ns = ts_bits ? p.limits.timestampPeriod : 0.0f;

    const gv_features* f = &ctx->feat;
    VkPhysicalDevice16BitStorageFeatures s16 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES};
    VkPhysicalDevice8BitStorageFeatures s8 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES};
    VkPhysicalDeviceShaderFloat16Int8Features fi = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot = {
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES};
    VkPhysicalDeviceFeatures2 f2 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    f2.features.shaderInt16 = f->int16;
    void** tail = &f2.pNext;
    s16.storageBuffer16BitAccess = f->storage_16bit;
    *tail = &s16;
    tail = &s16.pNext;
    if (f->storage_8bit) {
        s8.storageBuffer8BitAccess = VK_TRUE;
        *tail = &s8;
        tail = &s8.pNext;
    }
    if (f->float16 || f->int8) {
        fi.shaderFloat16 = f->float16;
        fi.shaderInt8 = f->int8;
        *tail = &fi;
        tail = &fi.pNext;
    }
    if (f->int_dot) {
        dot.shaderIntegerDotProduct = VK_TRUE;
        *tail = &dot;
        tail = &dot.pNext;
    }
    const char* ext[4];
    uint32_t n_ext = 0;
    if (need->f16_i8) ext[n_ext++] = VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME;
    if (need->storage_8bit) ext[n_ext++] = VK_KHR_8BIT_STORAGE_EXTENSION_NAME;
    if (need->int_dot) ext[n_ext++] = VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME;

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo q = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    q.queueFamilyIndex = ctx->queue_family;
    q.queueCount = 1;
    q.pQueuePriorities = &priority;
    VkDeviceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    info.pNext = &f2;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &q;
    info.enabledExtensionCount = n_ext;
    info.ppEnabledExtensionNames = ext;
    VkResult r = ctx->fn.vkCreateDevice(ctx->physical, &info, NULL, &ctx->device);
    if (r != VK_SUCCESS) {
        ctx->device = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateDevice");
    }
    glint_result gr = gv_loader_device(&ctx->fn, ctx->device, err);
    if (gr < 0) return gr;
    ctx->fn.vkGetDeviceQueue(ctx->device, ctx->queue_family, 0, &ctx->queue);
    return GLINT_SUCCESS;
}

int32_t gv_memory_type(const gv_context* ctx, uint32_t type_bits, VkMemoryPropertyFlags required,
                       VkMemoryPropertyFlags preferred) {
    int32_t best = -1, best_score = -1;
    for (uint32_t i = 0; i < ctx->memory.memoryTypeCount; i++) {
        if (!(type_bits & (1u << i))) continue;
        VkMemoryPropertyFlags fl = ctx->memory.memoryTypes[i].propertyFlags;
        if ((fl & required) != required) continue;
        int32_t score = 0;
        for (VkMemoryPropertyFlags m = fl & preferred; m; m &= m - 1) score++;
        if (score > best_score) best = (int32_t)i, best_score = score; /* ties: the lower index, as the spec orders them */
    }
    return best;
}

glint_result gv_context_create(const gv_context_options* opt, gu_allocator* allocator, gv_context** out_ctx,
                               glint_error* err) {
    *out_ctx = NULL;
    gv_context* ctx = gu_calloc(allocator, 1, sizeof(*ctx));
    if (!ctx) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    ctx->allocator = allocator;
    ctx->logger = opt ? opt->logger : (glint_logger){0};
    ctx->faults = gv_fault_get();
    ctx->validation = (opt && opt->validation) || env_flag("GLINT_VK_VALIDATION");
    ctx->force_staging = (opt && opt->force_staging) || env_flag("GLINT_VK_STAGING");
    ctx->no_disk_cache = (opt && opt->no_disk_cache) || env_flag("GLINT_VK_NO_DISK_CACHE");
    const char* override = opt && opt->device && *opt->device ? opt->device : getenv("GLINT_VK_DEVICE");

    device_ext need = {0};
    glint_result r = gv_loader_open(&ctx->loader, &ctx->fn, err);
    if (r >= 0) r = create_instance(ctx, err);
    if (r >= 0) r = pick_device(ctx, override, opt && opt->gpu_only, err);
    if (r >= 0) probe(ctx, &need);
    if (r >= 0) r = create_device(ctx, &need, err);
    if (r >= 0) r = gv_pcache_open(ctx, err);
    if (r < 0) {
        gv_context_destroy(ctx);
        return r;
    }
    *out_ctx = ctx;
    return GLINT_SUCCESS;
}

void gv_context_destroy(gv_context* ctx) {
    if (!ctx) return;
    if (ctx->device) {
        ctx->fn.vkDeviceWaitIdle(ctx->device);
        gv_pcache_close(ctx);
        ctx->fn.vkDestroyDevice(ctx->device, NULL);
    }
    if (ctx->messenger && ctx->fn.vkDestroyDebugUtilsMessengerEXT)
        ctx->fn.vkDestroyDebugUtilsMessengerEXT(ctx->instance, ctx->messenger, NULL);
    if (ctx->instance) ctx->fn.vkDestroyInstance(ctx->instance, NULL);
    gv_loader_close(ctx->loader);
    gu_allocator* a = ctx->allocator;
    gu_free(a, ctx);
}
#else
typedef int gv_context_unused; /* built without Vulkan */
#endif

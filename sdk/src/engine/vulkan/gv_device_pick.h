/*
 * gv_device_pick: which physical device the backend uses. Pure logic on a list of candidates,
 * so it is tested without any GPU.
 *
 * Automatic order: discrete GPU, integrated GPU, virtual GPU, CPU implementation (lavapipe,
 * SwiftShader), other; ties go to the lower index. A candidate must have a compute queue and
 * Vulkan 1.1. An override (the model desc's `device`, else $GLINT_VK_DEVICE) is either a
 * decimal index into the enumeration order or a case-insensitive substring of the device name;
 * an override that matches no usable device is an error (the caller falls back to the CPU)
 * rather than a silent change of device.
 */
#ifndef GV_DEVICE_PICK_H
#define GV_DEVICE_PICK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum gv_device_kind { /* same order as VkPhysicalDeviceType */
    GV_DEVICE_OTHER = 0,
    GV_DEVICE_INTEGRATED = 1,
    GV_DEVICE_DISCRETE = 2,
    GV_DEVICE_VIRTUAL = 3,
    GV_DEVICE_CPU = 4,
} gv_device_kind;

typedef struct gv_device_candidate {
    const char* name;
    gv_device_kind kind;
    uint32_t api_version; /* VK_MAKE_API_VERSION layout */
    bool has_compute_queue;
} gv_device_candidate;

/* Preference rank of a kind: higher is better. */
int gv_device_kind_rank(gv_device_kind kind);
const char* gv_device_kind_name(gv_device_kind kind);

/*
 * Picks a device. Returns its index, or -1 with a reason in why (at least 1 byte; may be NULL):
 * no devices, none usable, or an override that matches none.
 */
int32_t gv_device_pick(const gv_device_candidate* list, int32_t count, const char* override, char* why,
                       size_t why_size);

#endif /* GV_DEVICE_PICK_H */

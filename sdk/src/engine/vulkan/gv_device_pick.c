/* gv_device_pick: device preference and the index / name override (see gv_device_pick.h). */
#include "engine/vulkan/gv_device_pick.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GV_MIN_API ((1u << 22) | (1u << 12)) /* Vulkan 1.1, VK_MAKE_API_VERSION(0, 1, 1, 0) */

int gv_device_kind_rank(gv_device_kind kind) {
    switch (kind) {
    case GV_DEVICE_DISCRETE: return 4;
    case GV_DEVICE_INTEGRATED: return 3;
    case GV_DEVICE_VIRTUAL: return 2;
    case GV_DEVICE_CPU: return 1;
    default: return 0;
    }
}

const char* gv_device_kind_name(gv_device_kind kind) {
    switch (kind) {
    case GV_DEVICE_DISCRETE: return "discrete GPU";
    case GV_DEVICE_INTEGRATED: return "integrated GPU";
    case GV_DEVICE_VIRTUAL: return "virtual GPU";
    case GV_DEVICE_CPU: return "CPU";
    default: return "other";
    }
}

static bool usable(const gv_device_candidate* c) {
    /* the variant bits (top 3) are ignored: only major.minor matter */
    return c->has_compute_queue && (c->api_version & 0x1FFFFFFFu) >= GV_MIN_API;
}

static bool contains_nocase(const char* hay, const char* needle) {
    size_t n = strlen(needle);
    if (n == 0) return false;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
        if (i == n) return true;
    }
    return false;
}

static bool all_digits(const char* s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

static int32_t fail(char* why, size_t size, const char* fmt, const char* arg) {
    if (why && size) snprintf(why, size, fmt, arg);
    return -1;
}

int32_t gv_device_pick(const gv_device_candidate* list, int32_t count, const char* override, char* why,
                       size_t why_size) {
    if (why && why_size) why[0] = '\0';
    if (count <= 0 || !list) return fail(why, why_size, "no Vulkan physical device%s", "");
    if (override && *override) {
        if (all_digits(override)) {
            long idx = strtol(override, NULL, 10);
            if (idx >= count) return fail(why, why_size, "device override '%s' is past the last device", override);
            if (!usable(&list[idx]))
                return fail(why, why_size, "device override '%s' has no compute queue or lacks Vulkan 1.1", override);
            return (int32_t)idx;
        }
        for (int32_t i = 0; i < count; i++)
            if (list[i].name && contains_nocase(list[i].name, override) && usable(&list[i])) return i;
        return fail(why, why_size, "no usable Vulkan device name contains '%s'", override);
    }
    int32_t best = -1;
    for (int32_t i = 0; i < count; i++) {
        if (!usable(&list[i])) continue;
        if (best < 0 || gv_device_kind_rank(list[i].kind) > gv_device_kind_rank(list[best].kind)) best = i;
    }
    if (best < 0) return fail(why, why_size, "no Vulkan device with a compute queue and Vulkan 1.1%s", "");
    return best;
}

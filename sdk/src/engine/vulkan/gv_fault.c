/* gv_fault: the injected-failure switches (see gv_fault.h). Plain C, built with or without Vulkan. */
#include "engine/vulkan/gv_fault.h"

#include <stdlib.h>
#include <string.h>

static bool g_override_set = false;
static gv_faults g_override;

void gv_fault_set(const gv_faults* faults) {
    g_override_set = faults != NULL;
    if (faults) g_override = *faults;
}

static bool starts_with(const char* s, size_t n, const char* prefix) {
    size_t m = strlen(prefix);
    return n >= m && memcmp(s, prefix, m) == 0;
}

static bool parse_entry(const char* s, size_t n, gv_faults* f) {
    char buf[64];
    if (n == 0) return true;
    if (n >= sizeof(buf)) return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (!strcmp(buf, "no_loader")) f->bits |= GV_FAULT_NO_LOADER;
    else if (!strcmp(buf, "no_device")) f->bits |= GV_FAULT_NO_DEVICE;
    else if (!strcmp(buf, "no_fp16")) f->bits |= GV_FAULT_NO_FP16;
    else if (!strcmp(buf, "no_int8")) f->bits |= GV_FAULT_NO_INT8;
    else if (!strcmp(buf, "no_int_dot")) f->bits |= GV_FAULT_NO_INT_DOT;
    else if (!strcmp(buf, "oom")) f->bits |= GV_FAULT_OOM;
    else if (starts_with(buf, n, "device_lost:")) {
        char* end = NULL;
        long at = strtol(buf + 12, &end, 10);
        if (!end || *end || at < 1 || at > 1000000) return false;
        f->bits |= GV_FAULT_DEVICE_LOST;
        f->device_lost_at = (int32_t)at;
    } else if (starts_with(buf, n, "storage_range:")) {
        char* end = NULL;
        long bytes = strtol(buf + 14, &end, 10);
        if (!end || *end || bytes < 1 || bytes > 0x7fffffffL) return false;
        f->bits |= GV_FAULT_STORAGE_RANGE;
        f->storage_range = (uint32_t)bytes;
    } else if (starts_with(buf, n, "unsupported:")) {
        for (int32_t t = 1; t < GE_OP_COUNT; t++) {
            if (!strcmp(ge_op_name((ge_op_type)t), buf + 12)) {
                f->bits |= GV_FAULT_UNSUPPORTED_OP;
                f->unsupported_op = (ge_op_type)t;
                return true;
            }
        }
        return false;
    } else {
        return false;
    }
    return true;
}

bool gv_fault_parse(const char* text, gv_faults* out) {
    memset(out, 0, sizeof(*out));
    if (!text) return true;
    const char* s = text;
    while (*s) {
        const char* comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        if (!parse_entry(s, n, out)) {
            memset(out, 0, sizeof(*out));
            return false;
        }
        s += n;
        if (*s == ',') s++;
    }
    return true;
}

gv_faults gv_fault_get(void) {
    if (g_override_set) return g_override;
    gv_faults f;
    gv_fault_parse(getenv("GLINT_VK_FAULT"), &f); /* an unknown entry injects nothing */
    return f;
}

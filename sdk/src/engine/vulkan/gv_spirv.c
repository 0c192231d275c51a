/* gv_spirv_find: lookup in the embedded table (sorted by name: binary search). */
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_spirv.h"

#include <string.h>

const gv_spirv_module* gv_spirv_find(const char* name) {
    int32_t lo = 0, hi = gv_spirv_module_count - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(gv_spirv_modules[mid].name, name);
        if (c == 0) return &gv_spirv_modules[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}
#else
typedef int gv_spirv_unused; /* built without Vulkan */
#endif

/* gv_pcache: pipeline cache file, validated and written atomically (see gv_pcache.h). */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkdir, getpid under -std=c11 */
#endif
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_pcache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "engine/vulkan/gv_spirv.h"
#include "util/gu_error.h"
#include "util/gu_file.h"
#include "util/gu_log.h"
#include "util/gu_sha256.h"

#define MAGIC "GLNTVKPC"
#define FORMAT 1u
#define HEADER_BYTES (8 + 4 * 4 + VK_UUID_SIZE + 32 + 8 + 32)
#define MAX_FILE_BYTES ((size_t)256 << 20)

static void put_u32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put_u64(uint8_t* p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get_u32(const uint8_t* p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get_u64(const uint8_t* p) {
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* One digest of every embedded shader: a rebuilt shader set invalidates old caches. */
static void shaders_digest(uint8_t out[GU_SHA256_BYTES]) {
    gu_sha256 h;
    gu_sha256_init(&h);
    for (int32_t i = 0; i < gv_spirv_module_count; i++) {
        const gv_spirv_module* m = &gv_spirv_modules[i];
        gu_sha256_update(&h, m->name, strlen(m->name) + 1);
        gu_sha256_update(&h, m->code, (size_t)m->words * 4);
    }
    gu_sha256_final(&h, out);
}

bool gv_pcache_path(const gv_features* f, char* out, size_t size) {
    const char* xdg = getenv("XDG_CACHE_HOME");
    const char* home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(out, size, "%s/glint/vulkan-pipelines-%04x-%04x.bin", xdg, f->vendor_id, f->device_id);
    else if (home && *home)
        n = snprintf(out, size, "%s/.cache/glint/vulkan-pipelines-%04x-%04x.bin", home, f->vendor_id, f->device_id);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

static void header_for(const gv_features* f, const uint8_t shaders[32], uint8_t* h) {
    memcpy(h, MAGIC, 8);
    put_u32(h + 8, FORMAT);
    put_u32(h + 12, f->vendor_id);
    put_u32(h + 16, f->device_id);
    put_u32(h + 20, f->driver_version);
    memcpy(h + 24, f->pipeline_cache_uuid, VK_UUID_SIZE);
    memcpy(h + 24 + VK_UUID_SIZE, shaders, 32);
}

/* Checks the file; on success *out_data / *out_size point into it. */
static gv_pcache_status validate(const gv_features* f, const uint8_t* file, size_t size, const uint8_t** out_data,
                                 size_t* out_size) {
    if (size < HEADER_BYTES || memcmp(file, MAGIC, 8) != 0) return GV_PCACHE_CORRUPT;
    uint8_t shaders[32], expect[HEADER_BYTES];
    shaders_digest(shaders);
    header_for(f, shaders, expect);
    if (get_u32(file + 8) != FORMAT) return GV_PCACHE_STALE;
    if (memcmp(file, expect, 24 + VK_UUID_SIZE + 32) != 0) return GV_PCACHE_STALE;
    const uint8_t* p = file + 24 + VK_UUID_SIZE + 32;
    uint64_t bytes = get_u64(p);
    if (bytes != size - HEADER_BYTES) return GV_PCACHE_CORRUPT;
    uint8_t digest[32];
    gu_sha256_bytes(file + HEADER_BYTES, (size_t)bytes, digest);
    if (memcmp(digest, p + 8, 32) != 0) return GV_PCACHE_CORRUPT;
    /* The driver's own header (VkPipelineCacheHeaderVersionOne): length, version, vendor, device, uuid. */
    const uint8_t* d = file + HEADER_BYTES;
    if (bytes < 16 + VK_UUID_SIZE) return GV_PCACHE_CORRUPT;
    if (get_u32(d) < 16 + VK_UUID_SIZE || get_u32(d) > bytes || get_u32(d + 4) != VK_PIPELINE_CACHE_HEADER_VERSION_ONE)
        return GV_PCACHE_CORRUPT;
    if (get_u32(d + 8) != f->vendor_id || get_u32(d + 12) != f->device_id ||
        memcmp(d + 16, f->pipeline_cache_uuid, VK_UUID_SIZE) != 0)
        return GV_PCACHE_STALE;
    *out_data = d;
    *out_size = (size_t)bytes;
    return GV_PCACHE_LOADED;
}

static const char* status_name(gv_pcache_status s) {
    switch (s) {
    case GV_PCACHE_MISSING: return "none yet";
    case GV_PCACHE_LOADED: return "loaded";
    case GV_PCACHE_STALE: return "stale (other device, driver or shaders), discarded";
    case GV_PCACHE_CORRUPT: return "corrupt, discarded";
    default: return "off";
    }
}

glint_result gv_pcache_open(gv_context* ctx, glint_error* err) {
    char path[1024];
    void* file = NULL;
    size_t file_size = 0;
    const uint8_t* data = NULL;
    size_t data_size = 0;
    gv_pcache_status status = GV_PCACHE_OFF;
    if (!ctx->no_disk_cache && gv_pcache_path(&ctx->feat, path, sizeof(path))) {
        glint_error ferr;
        if (gu_file_read(path, ctx->allocator, MAX_FILE_BYTES, &file, &file_size, &ferr) < 0) {
            status = GV_PCACHE_MISSING;
        } else {
            status = validate(&ctx->feat, file, file_size, &data, &data_size);
        }
        gu_log(&ctx->logger, GLINT_LOG_INFO, "vulkan: pipeline cache %s: %s", path, status_name(status));
    }
    VkPipelineCacheCreateInfo info = {.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
    if (status == GV_PCACHE_LOADED) {
        info.initialDataSize = data_size;
        info.pInitialData = data;
    }
    VkResult r = ctx->fn.vkCreatePipelineCache(ctx->device, &info, NULL, &ctx->pipeline_cache);
    if (r != VK_SUCCESS && status == GV_PCACHE_LOADED) {
        status = GV_PCACHE_CORRUPT; /* the driver refused the data: start empty */
        info.initialDataSize = 0;
        info.pInitialData = NULL;
        r = ctx->fn.vkCreatePipelineCache(ctx->device, &info, NULL, &ctx->pipeline_cache);
    }
    if (file) gu_free_aligned(ctx->allocator, file);
    ctx->pcache_status = (int32_t)status;
    ctx->pcache_bytes = status == GV_PCACHE_LOADED ? data_size : 0;
    if (r != VK_SUCCESS) {
        ctx->pipeline_cache = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreatePipelineCache");
    }
    return GLINT_SUCCESS;
}

/* mkdir -p of the folder part of path (which ends in a file name). */
static bool make_parent_dirs(char* path) {
    for (char* p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST) return false;
    }
    return true;
}

static void save(gv_context* ctx) {
    char path[1024], tmp[1100];
    if (ctx->no_disk_cache || !gv_pcache_path(&ctx->feat, path, sizeof(path))) return;
    size_t size = 0;
    if (ctx->fn.vkGetPipelineCacheData(ctx->device, ctx->pipeline_cache, &size, NULL) != VK_SUCCESS || size == 0)
        return;
    /* Nothing new since the file was read: leave it alone (no rewrite per model load). */
    if (ctx->pcache_status == GV_PCACHE_LOADED && size == ctx->pcache_bytes) return;
    if (size > MAX_FILE_BYTES - HEADER_BYTES) return;
    uint8_t* buf = gu_malloc(ctx->allocator, HEADER_BYTES + size);
    if (!buf) return;
    VkResult r = ctx->fn.vkGetPipelineCacheData(ctx->device, ctx->pipeline_cache, &size, buf + HEADER_BYTES);
    if (r == VK_SUCCESS) {
        uint8_t shaders[32];
        shaders_digest(shaders);
        header_for(&ctx->feat, shaders, buf);
        put_u64(buf + 24 + VK_UUID_SIZE + 32, size);
        gu_sha256_bytes(buf + HEADER_BYTES, size, buf + 24 + VK_UUID_SIZE + 32 + 8);
        snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
        FILE* fp = make_parent_dirs(path) ? fopen(tmp, "wb") : NULL;
        bool ok = fp && fwrite(buf, 1, HEADER_BYTES + size, fp) == HEADER_BYTES + size;
        if (fp) ok = fclose(fp) == 0 && ok;
        if (ok) ok = rename(tmp, path) == 0;
        if (!ok) remove(tmp);
        gu_log(&ctx->logger, ok ? GLINT_LOG_INFO : GLINT_LOG_WARN, "vulkan: pipeline cache %s %s (%zu bytes)", path,
               ok ? "written" : "could not be written", size);
    }
    gu_free(ctx->allocator, buf);
}

void gv_pcache_close(gv_context* ctx) {
    if (!ctx->pipeline_cache) return;
    save(ctx);
    ctx->fn.vkDestroyPipelineCache(ctx->device, ctx->pipeline_cache, NULL);
    ctx->pipeline_cache = VK_NULL_HANDLE;
}

gv_pcache_status gv_pcache_last_status(const gv_context* ctx) { return (gv_pcache_status)ctx->pcache_status; }
#else
typedef int gv_pcache_unused; /* built without Vulkan */
#endif

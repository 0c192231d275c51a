/*
 * gv_pcache: the VkPipelineCache, persisted between runs so that pipelines are compiled once
 * per device and driver instead of at every model load (most of a cold Vulkan start).
 *
 * File: $XDG_CACHE_HOME/glint/vulkan-pipelines-<vendor>-<device>.bin, or ~/.cache/glint/...
 * Layout (little-endian):
 *   "GLNTVKPC"  u32 format (1)  u32 vendorID  u32 deviceID  u32 driverVersion
 *   u8 pipelineCacheUUID[16]  u8 shaders_sha256[32]  u64 data_bytes  u8 data_sha256[32]
 *   data (what vkGetPipelineCacheData returned)
 * It is used only if every field matches this device, driver and build of the shaders, the
 * data hash is right and the driver's own header inside the data agrees; otherwise it is
 * discarded (stale or corrupt) and rewritten at close. Writes go to a temporary file that is
 * renamed over the old one, so a crash never leaves half a file.
 */
#ifndef GV_PCACHE_H
#define GV_PCACHE_H

#include "engine/vulkan/gv_context.h"

typedef enum gv_pcache_status {
    GV_PCACHE_OFF = 0,    /* no disk cache (disabled, or no cache folder) */
    GV_PCACHE_MISSING,    /* no file yet */
    GV_PCACHE_LOADED,     /* file read and handed to the driver */
    GV_PCACHE_STALE,      /* another device, driver or shader build: discarded */
    GV_PCACHE_CORRUPT,    /* truncated, bad hash or bad header: discarded */
} gv_pcache_status;

/* Creates ctx->pipeline_cache, seeded from the file when it is valid. */
glint_result gv_pcache_open(gv_context* ctx, glint_error* err);
/* Writes the file if the cache grew, then destroys ctx->pipeline_cache. */
void gv_pcache_close(gv_context* ctx);

/* The file path for this device; false if there is no cache folder ($XDG_CACHE_HOME, $HOME unset). */
bool gv_pcache_path(const gv_features* f, char* out, size_t size);

/* What gv_pcache_open found (for tests and logs). */
gv_pcache_status gv_pcache_last_status(const gv_context* ctx);

#endif /* GV_PCACHE_H */

/* gv_backend: create, run and destroy the Vulkan backend of one model (see gv_backend.h). */
#if GLINT_HAVE_VULKAN
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/vulkan/gv_backend_internal.h"
#include "util/gu_error.h"
#include "util/gu_log.h"
#include "util/gu_time.h"

/* A frame that takes longer is treated as a hung device (drivers usually report
 * VK_ERROR_DEVICE_LOST themselves well before). Load (first use, pipeline compilation on some
 * drivers) gets longer. $GLINT_VK_TIMEOUT_MS overrides the frame limit. */
#define GV_DEFAULT_TIMEOUT_MS 10000
#define GV_LOAD_TIMEOUT_MS 600000

bool gv_backend_built(void) { return true; }

static VkDeviceSize max_sz(VkDeviceSize a, VkDeviceSize b) { return a > b ? a : b; }

static glint_result submit_wait(gv_backend* b, VkCommandBuffer cmd, uint64_t timeout_ns, const char* what,
                                glint_error* err) {
    gv_context* ctx = b->ctx;
    VkSubmitInfo si = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO};
    si.commandBufferCount = 1;
    si.pCommandBuffers = &cmd;
    VkResult r = ctx->fn.vkQueueSubmit(ctx->queue, 1, &si, b->fence);
    if (r != VK_SUCCESS) return gv_check(r, err, what);
    r = ctx->fn.vkWaitForFences(ctx->device, 1, &b->fence, VK_TRUE, timeout_ns);
    if (r == VK_TIMEOUT)
        return gu_errorf(err, GLINT_ERROR_DEVICE_LOST, "vulkan: %s: the GPU did not finish within %llu ms", what,
                         (unsigned long long)(timeout_ns / 1000000ull));
    if (r != VK_SUCCESS) return gv_check(r, err, what);
    r = ctx->fn.vkResetFences(ctx->device, 1, &b->fence);
    return r == VK_SUCCESS ? GLINT_SUCCESS : gv_check(r, err, "vkResetFences");
}

/*
 * Device memory at load: activations zeroed (deterministic, like the CPU arena) and the weights
 * copied in once, in place with unified memory, else through a staging buffer.
 */
static glint_result init_device_memory(gv_backend* b, glint_error* err) {
    gv_context* ctx = b->ctx;
    const ge_graph* g = b->g;
    glint_result r = GLINT_SUCCESS;
    gv_buffer stage = {0};
    uint8_t* dst = b->consts.mapped;
    if (b->const_bytes && !dst) {
        r = gv_buffer_create(ctx, b->const_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, GV_MEM_UPLOAD, &stage, err);
        if (r < 0) return r;
        dst = stage.mapped;
    }
    for (int32_t t = 0; t < g->num_tensors && b->const_bytes; t++)
        if (b->const_offset[t] >= 0) memcpy(dst + b->const_offset[t], g->tensors[t].data, g->tensors[t].nbytes);
    for (int32_t o = 0; o < g->num_ops && b->const_bytes; o++) {
        const gv_op_plan* p = &b->ops[o];
        if (p->gpu && p->d.shader)
            for (int32_t k = 0; k < p->d.num_aux; k++) memcpy(dst + p->aux_offset[k], p->d.aux[k].data, p->d.aux[k].bytes);
    }
    if (stage.buffer) gv_buffer_flush(ctx, &stage, 0, b->const_bytes);
    if (b->arena.mapped) memset(b->arena.mapped, 0, (size_t)b->arena.size);
    if (b->staging.mapped) memset(b->staging.mapped, 0, (size_t)b->staging.size);
    if (b->arena.mapped && !stage.buffer) return GLINT_SUCCESS; /* nothing for the device to do */

    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkCommandBufferAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = b->cmd_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VkResult vr = ctx->fn.vkAllocateCommandBuffers(ctx->device, &ai, &cmd);
    if (vr == VK_SUCCESS) {
        VkCommandBufferBeginInfo bi = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vr = ctx->fn.vkBeginCommandBuffer(cmd, &bi);
    }
    if (vr == VK_SUCCESS) {
        if (!b->arena.mapped) ctx->fn.vkCmdFillBuffer(cmd, b->arena.buffer, 0, VK_WHOLE_SIZE, 0);
        if (stage.buffer) {
            VkBufferCopy region = {0, 0, b->const_bytes};
            ctx->fn.vkCmdCopyBuffer(cmd, stage.buffer, b->consts.buffer, 1, &region);
        }
        vr = ctx->fn.vkEndCommandBuffer(cmd);
    }
    r = vr == VK_SUCCESS ? submit_wait(b, cmd, b->load_timeout_ns, "uploading the weights", err)
                         : gv_check(vr, err, "recording the weight upload");
    if (cmd) ctx->fn.vkFreeCommandBuffers(ctx->device, b->cmd_pool, 1, &cmd);
    gv_buffer_destroy(ctx, &stage);
    return r;
}

/* One run of every GPU segment at load: drivers that compile pipelines at first use (lavapipe)
 * do it now, inside glint_model_load, instead of in the first frame. */
static glint_result warm_up(gv_backend* b, glint_error* err) {
    for (int32_t s = 0; s < b->num_segs; s++) {
        if (!b->segs[s].gpu) continue;
        glint_result r = submit_wait(b, b->segs[s].cmd, b->load_timeout_ns, "the first run", err);
        if (r < 0) return r;
    }
    return GLINT_SUCCESS;
}

static glint_result create_buffers(gv_backend* b, glint_error* err) {
    gv_context* ctx = b->ctx;
    const VkBufferUsageFlags usage =
        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    /* slack past the last tensor: descriptor ranges are rounded up to whole words */
    glint_result r = gv_buffer_create(ctx, max_sz(b->g->activation_bytes, 64) + 256, usage,
                                      b->unified ? GV_MEM_UNIFIED : GV_MEM_DEVICE, &b->arena, err);
    if (r >= 0)
        r = gv_buffer_create(ctx, (VkDeviceSize)(b->g->num_ops + 1) * b->bind_align, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                             GV_MEM_DEVICE, &b->dummy, err);
    if (r >= 0 && b->const_bytes)
        r = gv_buffer_create(ctx, b->const_bytes, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             b->unified ? GV_MEM_UNIFIED : GV_MEM_DEVICE, &b->consts, err);
    if (r >= 0 && !b->unified && b->staging_bytes)
        r = gv_buffer_create(ctx, b->staging_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             GV_MEM_READBACK, &b->staging, err);
    return r;
}

static glint_result input_save_alloc(gv_backend* b, glint_error* err) {
    size_t total = 0;
    for (int32_t i = 0; i < b->g->num_inputs; i++) {
        const ge_tensor* t = &b->g->tensors[b->g->inputs[i]];
        total += (size_t)ge_shape_elements(&t->shape) * ge_dtype_size(t->dtype);
    }
    b->input_save_bytes = total;
    b->input_save = gu_malloc(b->allocator, total ? total : 1);
    return b->input_save ? GLINT_SUCCESS : gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
}

glint_result gv_backend_create(const ge_graph* g, const gv_backend_options* opt, gu_allocator* allocator,
                               gv_backend** out_backend, glint_error* err) {
    *out_backend = NULL;
    gv_backend* b = gu_calloc(allocator, 1, sizeof(*b));
    if (!b) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    b->allocator = allocator;
    b->g = g;
    gu_arena_init(&b->aux, allocator, 0);
    b->logger = opt ? opt->logger : (glint_logger){0};
    const char* tmo = getenv("GLINT_VK_TIMEOUT_MS");
    long ms = tmo && *tmo ? strtol(tmo, NULL, 10) : GV_DEFAULT_TIMEOUT_MS;
    b->timeout_ns = (uint64_t)(ms > 0 ? ms : GV_DEFAULT_TIMEOUT_MS) * 1000000ull;
    b->load_timeout_ns = (uint64_t)GV_LOAD_TIMEOUT_MS * 1000000ull;

    gv_context_options co = {0};
    if (opt) {
        co.device = opt->device;
        co.validation = opt->validation;
        co.force_staging = opt->force_staging;
        co.no_disk_cache = opt->no_disk_cache;
        co.gpu_only = opt->gpu_only;
        co.logger = opt->logger;
    }
    glint_result r = gv_context_create(&co, allocator, &b->ctx, err);
    if (r >= 0) {
        b->unified = b->ctx->feat.unified_memory && !b->ctx->force_staging;
        b->bind_align = max_sz(64, b->ctx->feat.min_storage_offset_align);
        r = gv_plan_build(b, err);
    }
    if (r >= 0) r = create_buffers(b, err);
    if (r >= 0) r = gv_record_create_objects(b, err);
    if (r >= 0) r = init_device_memory(b, err);
    if (r >= 0) r = gv_record_all(b, false, err);
    if (r >= 0) r = warm_up(b, err);
    if (r >= 0) r = input_save_alloc(b, err);
    if (r < 0) {
        gv_backend_destroy(b);
        return r;
    }
    gu_log(&b->logger, GLINT_LOG_INFO, "vulkan: %d ops on %s, %d on the CPU, %d segments, %d pipelines%s%s",
           (int)b->gpu_ops, b->ctx->feat.name, (int)b->cpu_ops, (int)b->num_segs, (int)b->num_pipelines,
           b->cpu_ops ? "; first CPU op: " : "", b->cpu_reason);
    *out_backend = b;
    return GLINT_SUCCESS;
}

void gv_backend_destroy(gv_backend* b) {
    if (!b) return;
    if (b->ctx && b->ctx->device) {
        b->ctx->fn.vkDeviceWaitIdle(b->ctx->device);
        gv_record_destroy_objects(b);
        gv_buffer_destroy(b->ctx, &b->arena);
        gv_buffer_destroy(b->ctx, &b->consts);
        gv_buffer_destroy(b->ctx, &b->staging);
        gv_buffer_destroy(b->ctx, &b->dummy);
    }
    gv_context_destroy(b->ctx);
    gu_free(b->allocator, b->ops);
    gu_free(b->allocator, b->segs);
    gu_free(b->allocator, b->xfers);
    gu_free(b->allocator, b->const_offset);
    gu_free(b->allocator, b->input_save);
    gu_arena_free(&b->aux);
    gu_allocator* a = b->allocator;
    gu_free(a, b);
}

static void save_inputs(gv_backend* b, ge_exec* ex, bool restore) {
    size_t off = 0;
    for (int32_t i = 0; i < b->g->num_inputs; i++) {
        const int32_t t = b->g->inputs[i];
        const ge_tensor* ts = &b->g->tensors[t];
        const size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
        uint8_t* host = ge_exec_tensor_data(ex, t);
        if (host && !ts->data) {
            if (restore) memcpy(host, b->input_save + off, n);
            else memcpy(b->input_save + off, host, n);
        }
        off += n;
    }
}

/* Host side of the copies: host arena -> staging (or the mapped device arena) and back. */
static void host_copies(gv_backend* b, ge_exec* ex, const gv_segment* seg, bool upload) {
    const int32_t first = upload ? seg->first_upload : seg->first_download;
    const int32_t n = upload ? seg->num_uploads : seg->num_downloads;
    const gv_buffer* dev = b->unified ? &b->arena : &b->staging;
    for (int32_t i = 0; i < n; i++) {
        const gv_xfer* x = &b->xfers[first + i];
        const VkDeviceSize off = b->unified ? x->arena_offset : x->staging_offset;
        uint8_t* host = ex->arena + x->arena_offset;
        if (upload) {
            memcpy(dev->mapped + off, host, x->bytes);
            gv_buffer_flush(b->ctx, dev, off, x->bytes);
        } else {
            gv_buffer_invalidate(b->ctx, dev, off, x->bytes);
            memcpy(host, dev->mapped + off, x->bytes);
        }
    }
}

static glint_result submit(gv_backend* b, const gv_segment* seg, glint_error* err) {
    gv_context* ctx = b->ctx;
    b->submissions++;
    if ((ctx->faults.bits & GV_FAULT_DEVICE_LOST) && b->submissions >= ctx->faults.device_lost_at)
        return gu_errorf(err, GLINT_ERROR_DEVICE_LOST, "vulkan: vkQueueSubmit failed: VK_ERROR_DEVICE_LOST "
                         "(injected fault, submission %d)", (int)b->submissions);
    return submit_wait(b, seg->cmd, b->timeout_ns, "running the graph", err);
}

/* Per-op device times of one segment from its timestamps. */
static double read_times(gv_backend* b, const gv_segment* seg, double* op_ms) {
    uint64_t ts[1024];
    if (!b->timestamps_recorded || seg->num_queries > 1024) return 0.0;
    VkResult r = b->ctx->fn.vkGetQueryPoolResults(b->ctx->device, b->queries, (uint32_t)seg->first_query,
                                                  (uint32_t)seg->num_queries, sizeof(ts), ts, sizeof(uint64_t),
                                                  VK_QUERY_RESULT_64_BIT);
    if (r != VK_SUCCESS) return 0.0;
    const uint64_t mask = b->ctx->feat.timestamp_valid_bits >= 64 ? ~0ull
                                                                  : ((1ull << b->ctx->feat.timestamp_valid_bits) - 1);
    const double scale = (double)b->ctx->feat.timestamp_period_ns * 1e-6;
    for (int32_t i = 1; i < seg->num_queries; i++) {
        const double ms = (double)((ts[i] - ts[i - 1]) & mask) * scale;
        if (op_ms) op_ms[seg->first + i - 1] = ms;
    }
    return (double)((ts[seg->num_queries - 1] - ts[0]) & mask) * scale;
}

glint_result gv_backend_run(gv_backend* b, ge_exec* ex, glint_error* err) {
    if (!b || !ex || ex->graph != b->g) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "vulkan: bad run arguments");
    if (ex->op_ms && !b->timestamps_recorded && b->queries) {
        glint_result r = gv_record_all(b, true, err); /* first profiled run: record timestamps too */
        if (r < 0) return r;
    }
    save_inputs(b, ex, false);
    double gpu_ms = 0.0;
    for (int32_t s = 0; s < b->num_segs; s++) {
        const gv_segment* seg = &b->segs[s];
        if (seg->gpu) {
            host_copies(b, ex, seg, true);
            glint_result r = submit(b, seg, err);
            if (r < 0) {
                save_inputs(b, ex, true);
                return r;
            }
            host_copies(b, ex, seg, false);
            gpu_ms += read_times(b, seg, ex->op_ms);
        } else {
            for (int32_t o = seg->first; o < seg->end; o++) {
                const int64_t t0 = ex->op_ms ? gu_time_ns() : 0;
                glint_result r = ge_exec_run_op(ex, o, err);
                if (r < 0) return r; /* a CPU kernel error is not a GPU problem: no fallback */
                if (ex->op_ms) ex->op_ms[o] = (double)(gu_time_ns() - t0) * 1e-6;
            }
        }
    }
    b->last_gpu_ms = gpu_ms;
    return GLINT_SUCCESS;
}

void gv_backend_get_stats(const gv_backend* b, gv_backend_stats* out) {
    memset(out, 0, sizeof(*out));
    if (!b) return;
    out->gpu_ops = b->gpu_ops;
    out->cpu_ops = b->cpu_ops;
    out->segments = b->num_segs;
    for (int32_t s = 0; s < b->num_segs; s++) out->gpu_segments += b->segs[s].gpu;
    out->pipelines = b->num_pipelines;
    out->submissions = b->submissions;
    out->gpu_ms = b->last_gpu_ms;
    const gv_features* f = &b->ctx->feat;
    out->software_device = f->type == VK_PHYSICAL_DEVICE_TYPE_CPU;
    const char* kind = f->type == VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU     ? "discrete GPU"
                       : f->type == VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU ? "integrated GPU"
                       : f->type == VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU    ? "virtual GPU"
                       : f->type == VK_PHYSICAL_DEVICE_TYPE_CPU            ? "CPU"
                                                                           : "other";
    snprintf(out->device, sizeof(out->device), "%.180s (%s, Vulkan %u.%u)", f->name, kind,
             VK_API_VERSION_MAJOR(f->api_version), VK_API_VERSION_MINOR(f->api_version));
    snprintf(out->cpu_reason, sizeof(out->cpu_reason), "%s", b->cpu_reason);
}

bool gv_backend_op_on_gpu(const gv_backend* b, int32_t o) {
    return b && o >= 0 && o < b->g->num_ops && b->ops[o].gpu;
}

const char* gv_backend_op_shader(const gv_backend* b, int32_t o) {
    if (!gv_backend_op_on_gpu(b, o)) return NULL;
    return b->ops[o].d.shader ? b->ops[o].d.shader : "alias";
}
#else
#include <string.h>

#include "engine/vulkan/gv_backend.h"
#include "util/gu_error.h"

bool gv_backend_built(void) { return false; }

glint_result gv_backend_create(const ge_graph* g, const gv_backend_options* opt, gu_allocator* allocator,
                               gv_backend** out_backend, glint_error* err) {
    (void)g, (void)opt, (void)allocator;
    *out_backend = NULL;
    return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: this build has no Vulkan backend");
}
void gv_backend_destroy(gv_backend* b) { (void)b; }
glint_result gv_backend_run(gv_backend* b, ge_exec* ex, glint_error* err) {
    (void)b, (void)ex;
    return gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: this build has no Vulkan backend");
}
void gv_backend_get_stats(const gv_backend* b, gv_backend_stats* out) {
    (void)b;
    memset(out, 0, sizeof(*out));
}
bool gv_backend_op_on_gpu(const gv_backend* b, int32_t o) {
    (void)b, (void)o;
    return false;
}
const char* gv_backend_op_shader(const gv_backend* b, int32_t o) {
    (void)b, (void)o;
    return NULL;
}
#endif

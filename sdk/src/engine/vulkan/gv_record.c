/*
 * gv_record: the Vulkan objects of a backend (descriptor set and pipeline layouts, pipelines,
 * descriptor sets, command buffers, query pool) and the recording of each GPU segment with
 * the barriers it needs.
 *
 * Barriers: dispatches (and copies) since the last barrier form a batch that may run
 * concurrently. A command gets a barrier in front of it only when one of its ranges of the
 * activation buffer overlaps a range the batch wrote, or it writes a range the batch read
 * (RAW, WAW, WAR); the barrier then starts a new batch. Weights are never written after the
 * one upload at load. Each segment starts with a barrier against everything submitted before
 * (the previous segment or frame) and ends with one that makes its writes visible to the host.
 */
#if GLINT_HAVE_VULKAN
#include <string.h>

#include "engine/vulkan/gv_backend_internal.h"
#include "engine/vulkan/gv_spirv.h"
#include "util/gu_error.h"

#define ALL_STAGES (VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT)
#define ALL_WRITES (VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
#define ALL_ACCESS                                                                                           \
    (VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |                  \
     VK_ACCESS_TRANSFER_WRITE_BIT)

static VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

static VkDeviceSize tensor_bytes(const ge_graph* g, int32_t t) {
    return (VkDeviceSize)ge_shape_elements(&g->tensors[t].shape) * ge_dtype_size(g->tensors[t].dtype);
}

/* ---- layouts and pipelines ---- */

static glint_result layouts(gv_backend* b, int32_t n, glint_error* err) {
    gv_context* ctx = b->ctx;
    if (b->pipe_layout[n]) return GLINT_SUCCESS;
    VkDescriptorSetLayoutBinding bind[GV_MAX_BINDINGS];
    for (int32_t i = 0; i < n; i++) {
        memset(&bind[i], 0, sizeof(bind[i]));
        bind[i].binding = (uint32_t)i;
        bind[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        bind[i].descriptorCount = 1;
        bind[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo si = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    si.bindingCount = (uint32_t)n;
    si.pBindings = bind;
    VkResult r = ctx->fn.vkCreateDescriptorSetLayout(ctx->device, &si, NULL, &b->set_layout[n]);
    if (r != VK_SUCCESS) {
        b->set_layout[n] = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateDescriptorSetLayout");
    }
    VkPushConstantRange push = {VK_SHADER_STAGE_COMPUTE_BIT, 0, GV_PUSH_BYTES};
    VkPipelineLayoutCreateInfo pi = {.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pi.setLayoutCount = 1;
    pi.pSetLayouts = &b->set_layout[n];
    pi.pushConstantRangeCount = 1;
    pi.pPushConstantRanges = &push;
    r = ctx->fn.vkCreatePipelineLayout(ctx->device, &pi, NULL, &b->pipe_layout[n]);
    if (r != VK_SUCCESS) {
        b->pipe_layout[n] = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreatePipelineLayout");
    }
    return GLINT_SUCCESS;
}

typedef struct module_cache {
    const char* name[64];
    VkShaderModule module[64];
    int32_t count;
} module_cache;

static glint_result module_for(gv_backend* b, module_cache* mc, const char* name, VkShaderModule* out,
                               glint_error* err) {
    for (int32_t i = 0; i < mc->count; i++)
        if (!strcmp(mc->name[i], name)) {
            *out = mc->module[i];
            return GLINT_SUCCESS;
        }
    const gv_spirv_module* spv = gv_spirv_find(name);
    if (!spv) return gu_errorf(err, GLINT_ERROR_INTERNAL, "vulkan: shader %s is not in this build", name);
    if (mc->count == 64) return gu_errorf(err, GLINT_ERROR_INTERNAL, "vulkan: too many shader modules");
    VkShaderModuleCreateInfo info = {.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    info.codeSize = (size_t)spv->words * 4;
    info.pCode = spv->code;
    VkResult r = b->ctx->fn.vkCreateShaderModule(b->ctx->device, &info, NULL, out);
    if (r != VK_SUCCESS) return gv_check(r, err, "vkCreateShaderModule");
    mc->name[mc->count] = name;
    mc->module[mc->count++] = *out;
    return GLINT_SUCCESS;
}

static glint_result pipeline_for(gv_backend* b, module_cache* mc, const gv_dispatch* d, int32_t* out,
                                 glint_error* err) {
    for (int32_t i = 0; i < b->num_pipelines; i++) {
        const gv_pipeline* p = &b->pipelines[i];
        if (p->num_bindings == d->num_bindings && p->num_spec == d->num_spec && !strcmp(p->shader, d->shader) &&
            !memcmp(p->spec, d->spec, sizeof(uint32_t) * (size_t)d->num_spec)) {
            *out = i;
            return GLINT_SUCCESS;
        }
    }
    if (b->num_pipelines == b->cap_pipelines) return gu_errorf(err, GLINT_ERROR_INTERNAL, "vulkan: pipeline table full");
    glint_result gr = layouts(b, d->num_bindings, err);
    VkShaderModule module = VK_NULL_HANDLE;
    if (gr >= 0) gr = module_for(b, mc, d->shader, &module, err);
    if (gr < 0) return gr;
    VkSpecializationMapEntry map[GV_MAX_SPEC];
    for (int32_t i = 0; i < d->num_spec; i++) {
        map[i].constantID = (uint32_t)i;
        map[i].offset = (uint32_t)(i * 4);
        map[i].size = 4;
    }
    VkSpecializationInfo si = {(uint32_t)d->num_spec, map, (size_t)d->num_spec * 4, d->spec};
    VkComputePipelineCreateInfo info = {.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = &si;
    info.layout = b->pipe_layout[d->num_bindings];
    gv_pipeline* p = &b->pipelines[b->num_pipelines];
    VkResult r = b->ctx->fn.vkCreateComputePipelines(b->ctx->device, b->ctx->pipeline_cache, 1, &info, NULL,
                                                     &p->pipeline);
    if (r != VK_SUCCESS) {
        p->pipeline = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateComputePipelines");
    }
    p->shader = d->shader;
    p->num_bindings = d->num_bindings;
    p->num_spec = d->num_spec;
    memcpy(p->spec, d->spec, sizeof(p->spec));
    *out = b->num_pipelines++;
    return GLINT_SUCCESS;
}

/* ---- descriptors ---- */

/* Where binding i of op o points: buffer, offset (aligned for the descriptor) and the byte
 * remainder the shader adds (pc.off[i]). */
static void binding_target(const gv_backend* b, int32_t o, int32_t i, VkDescriptorBufferInfo* out, uint32_t* rem) {
    const gv_dispatch* d = &b->ops[o].d;
    const int32_t t = d->tensor[i];
    *rem = 0;
    if (t == -1) { /* a dummy: one slot per op, never accessed at run time */
        out->buffer = b->dummy.buffer;
        out->offset = (VkDeviceSize)o * b->bind_align;
        out->range = b->bind_align;
        return;
    }
    if (t <= GV_AUX(0)) { /* an auxiliary constant of this dispatch */
        const int32_t k = GV_AUX(0) - t;
        out->buffer = b->consts.buffer;
        out->offset = (VkDeviceSize)b->ops[o].aux_offset[k];
        out->range = align_up(d->aux[k].bytes ? d->aux[k].bytes : 4, 4);
        return;
    }
    const ge_tensor* ts = &b->g->tensors[t];
    const VkDeviceSize bytes = align_up(tensor_bytes(b->g, t), 4);
    if (ts->data) {
        out->buffer = b->consts.buffer;
        out->offset = (VkDeviceSize)b->const_offset[t];
        out->range = bytes;
        return;
    }
    const VkDeviceSize off = (VkDeviceSize)ts->arena_offset;
    const VkDeviceSize align = b->ctx->feat.min_storage_offset_align ? b->ctx->feat.min_storage_offset_align : 1;
    out->buffer = b->arena.buffer;
    out->offset = off / align * align;
    *rem = (uint32_t)(off - out->offset);
    out->range = *rem + bytes;
}

static glint_result descriptor_sets(gv_backend* b, glint_error* err) {
    gv_context* ctx = b->ctx;
    uint32_t sets = 0, descriptors = 0;
    for (int32_t o = 0; o < b->g->num_ops; o++)
        if (b->ops[o].gpu && b->ops[o].d.shader) sets++, descriptors += (uint32_t)b->ops[o].d.num_bindings;
    if (!sets) return GLINT_SUCCESS;
    VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, descriptors};
    VkDescriptorPoolCreateInfo pi = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pi.maxSets = sets;
    pi.poolSizeCount = 1;
    pi.pPoolSizes = &size;
    VkResult r = ctx->fn.vkCreateDescriptorPool(ctx->device, &pi, NULL, &b->pool);
    if (r != VK_SUCCESS) {
        b->pool = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateDescriptorPool");
    }
    for (int32_t o = 0; o < b->g->num_ops; o++) {
        gv_op_plan* p = &b->ops[o];
        if (!p->gpu || !p->d.shader) continue;
        VkDescriptorSetAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        ai.descriptorPool = b->pool;
        ai.descriptorSetCount = 1;
        ai.pSetLayouts = &b->set_layout[p->d.num_bindings];
        r = ctx->fn.vkAllocateDescriptorSets(ctx->device, &ai, &p->set);
        if (r != VK_SUCCESS) return gv_check(r, err, "vkAllocateDescriptorSets");
        VkDescriptorBufferInfo info[GV_MAX_BINDINGS];
        VkWriteDescriptorSet w[GV_MAX_BINDINGS];
        for (int32_t i = 0; i < p->d.num_bindings; i++) {
            uint32_t rem;
            binding_target(b, o, i, &info[i], &rem);
            memset(&w[i], 0, sizeof(w[i]));
            w[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
            w[i].dstSet = p->set;
            w[i].dstBinding = (uint32_t)i;
            w[i].descriptorCount = 1;
            w[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            w[i].pBufferInfo = &info[i];
        }
        ctx->fn.vkUpdateDescriptorSets(ctx->device, (uint32_t)p->d.num_bindings, w, 0, NULL);
    }
    return GLINT_SUCCESS;
}

glint_result gv_record_create_objects(gv_backend* b, glint_error* err) {
    gv_context* ctx = b->ctx;
    b->cap_pipelines = b->gpu_ops ? b->gpu_ops : 1;
    b->pipelines = gu_calloc(b->allocator, (size_t)b->cap_pipelines, sizeof(gv_pipeline));
    if (!b->pipelines) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    module_cache mc;
    mc.count = 0;
    glint_result gr = GLINT_SUCCESS;
    for (int32_t o = 0; o < b->g->num_ops && gr >= 0; o++) {
        gv_op_plan* p = &b->ops[o];
        if (p->gpu && p->d.shader) gr = pipeline_for(b, &mc, &p->d, &p->pipeline, err);
    }
    for (int32_t i = 0; i < mc.count; i++) ctx->fn.vkDestroyShaderModule(ctx->device, mc.module[i], NULL);
    if (gr >= 0) gr = descriptor_sets(b, err);
    if (gr < 0) return gr;

    VkCommandPoolCreateInfo ci = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    ci.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    ci.queueFamilyIndex = ctx->queue_family;
    VkResult r = ctx->fn.vkCreateCommandPool(ctx->device, &ci, NULL, &b->cmd_pool);
    if (r != VK_SUCCESS) {
        b->cmd_pool = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateCommandPool");
    }
    int32_t queries = 0;
    for (int32_t s = 0; s < b->num_segs; s++) {
        gv_segment* seg = &b->segs[s];
        if (!seg->gpu) continue;
        VkCommandBufferAllocateInfo ai = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        ai.commandPool = b->cmd_pool;
        ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        ai.commandBufferCount = 1;
        r = ctx->fn.vkAllocateCommandBuffers(ctx->device, &ai, &seg->cmd);
        if (r != VK_SUCCESS) {
            seg->cmd = VK_NULL_HANDLE;
            return gv_check(r, err, "vkAllocateCommandBuffers");
        }
        seg->first_query = queries;
        seg->num_queries = 1 + (seg->end - seg->first);
        queries += seg->num_queries;
    }
    VkFenceCreateInfo fi = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    r = ctx->fn.vkCreateFence(ctx->device, &fi, NULL, &b->fence);
    if (r != VK_SUCCESS) {
        b->fence = VK_NULL_HANDLE;
        return gv_check(r, err, "vkCreateFence");
    }
    if (ctx->feat.timestamp_period_ns > 0.0f && queries > 0) {
        VkQueryPoolCreateInfo qi = {.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
        qi.queryCount = (uint32_t)queries;
        r = ctx->fn.vkCreateQueryPool(ctx->device, &qi, NULL, &b->queries);
        if (r != VK_SUCCESS) b->queries = VK_NULL_HANDLE; /* profiling without device times */
        else b->num_queries = queries;
    }
    return GLINT_SUCCESS;
}

void gv_record_destroy_objects(gv_backend* b) {
    gv_context* ctx = b->ctx;
    if (!ctx || !ctx->device) return;
    if (b->queries) ctx->fn.vkDestroyQueryPool(ctx->device, b->queries, NULL);
    if (b->fence) ctx->fn.vkDestroyFence(ctx->device, b->fence, NULL);
    if (b->cmd_pool) ctx->fn.vkDestroyCommandPool(ctx->device, b->cmd_pool, NULL); /* frees the buffers */
    if (b->pool) ctx->fn.vkDestroyDescriptorPool(ctx->device, b->pool, NULL);
    for (int32_t i = 0; i < b->num_pipelines; i++) ctx->fn.vkDestroyPipeline(ctx->device, b->pipelines[i].pipeline, NULL);
    for (int32_t n = 0; n <= GV_MAX_BINDINGS; n++) {
        if (b->pipe_layout[n]) ctx->fn.vkDestroyPipelineLayout(ctx->device, b->pipe_layout[n], NULL);
        if (b->set_layout[n]) ctx->fn.vkDestroyDescriptorSetLayout(ctx->device, b->set_layout[n], NULL);
    }
    gu_free(b->allocator, b->pipelines);
    b->pipelines = NULL;
    b->num_pipelines = 0;
}

/* ---- recording ---- */

typedef struct access {
    VkDeviceSize lo, hi;
    bool write;
} access;

typedef struct batch {
    access* acc;
    int32_t n, cap;
    int32_t barriers;
} batch;

static void barrier(const gv_backend* b, VkCommandBuffer cmd, VkPipelineStageFlags src, VkAccessFlags src_access,
                    VkPipelineStageFlags dst, VkAccessFlags dst_access) {
    VkMemoryBarrier mb = {.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask = src_access;
    mb.dstAccessMask = dst_access;
    b->ctx->fn.vkCmdPipelineBarrier(cmd, src, dst, 0, 1, &mb, 0, NULL, 0, NULL);
}

static bool conflicts(const batch* bt, const access* a, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < bt->n; j++) {
            const access* p = &bt->acc[j];
            if ((a[i].write || p->write) && a[i].lo < p->hi && p->lo < a[i].hi) return true;
        }
    return false;
}

/* Adds a command's accesses to the batch, with a barrier first if they conflict with it. */
static void order(const gv_backend* b, VkCommandBuffer cmd, batch* bt, const access* a, int32_t n) {
    if (conflicts(bt, a, n) || bt->n + n > bt->cap) {
        barrier(b, cmd, ALL_STAGES, ALL_WRITES, ALL_STAGES, ALL_ACCESS);
        bt->n = 0;
        bt->barriers++;
    }
    for (int32_t i = 0; i < n; i++) bt->acc[bt->n++] = a[i];
}

static void copies(const gv_backend* b, VkCommandBuffer cmd, batch* bt, const gv_segment* seg, bool upload) {
    const int32_t first = upload ? seg->first_upload : seg->first_download;
    const int32_t n = upload ? seg->num_uploads : seg->num_downloads;
    for (int32_t i = 0; i < n; i++) {
        const gv_xfer* x = &b->xfers[first + i];
        access a = {x->arena_offset, x->arena_offset + x->bytes, upload};
        order(b, cmd, bt, &a, 1);
        VkBufferCopy region;
        region.srcOffset = upload ? x->staging_offset : x->arena_offset;
        region.dstOffset = upload ? x->arena_offset : x->staging_offset;
        region.size = x->bytes;
        b->ctx->fn.vkCmdCopyBuffer(cmd, upload ? b->staging.buffer : b->arena.buffer,
                                   upload ? b->arena.buffer : b->staging.buffer, 1, &region);
    }
}

static void dispatch(gv_backend* b, VkCommandBuffer cmd, batch* bt, int32_t o) {
    gv_context* ctx = b->ctx;
    const gv_op_plan* p = &b->ops[o];
    const gv_dispatch* d = &p->d;
    access a[GV_MAX_BINDINGS];
    int32_t n = 0;
    uint32_t push[GV_PUSH_BYTES / 4];
    memset(push, 0, sizeof(push));
    for (int32_t i = 0; i < d->num_bindings; i++) {
        VkDescriptorBufferInfo info;
        binding_target(b, o, i, &info, &push[i]);
        const int32_t t = d->tensor[i];
        if (t < 0 || b->g->tensors[t].data) continue; /* dummies, weights, aux constants never conflict */
        const VkDeviceSize off = (VkDeviceSize)b->g->tensors[t].arena_offset;
        a[n].lo = off;
        a[n].hi = off + tensor_bytes(b->g, t);
        a[n].write = d->write[i];
        n++;
    }
    order(b, cmd, bt, a, n);
    const gv_pipeline* pl = &b->pipelines[p->pipeline];
    ctx->fn.vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pl->pipeline);
    ctx->fn.vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, b->pipe_layout[d->num_bindings], 0, 1, &p->set,
                                    0, NULL);
    ctx->fn.vkCmdPushConstants(cmd, b->pipe_layout[d->num_bindings], VK_SHADER_STAGE_COMPUTE_BIT, 0, GV_PUSH_BYTES,
                               push);
    ctx->fn.vkCmdDispatch(cmd, d->groups[0], d->groups[1], d->groups[2]);
}

static glint_result record_segment(gv_backend* b, gv_segment* seg, bool timestamps, batch* bt, glint_error* err) {
    gv_context* ctx = b->ctx;
    VkCommandBuffer cmd = seg->cmd;
    VkCommandBufferBeginInfo bi = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    VkResult r = ctx->fn.vkBeginCommandBuffer(cmd, &bi);
    if (r != VK_SUCCESS) return gv_check(r, err, "vkBeginCommandBuffer");
    const bool ts = timestamps && b->queries;
    if (ts) ctx->fn.vkCmdResetQueryPool(cmd, b->queries, (uint32_t)seg->first_query, (uint32_t)seg->num_queries);
    /* against everything submitted earlier: the previous segment and the previous frame */
    barrier(b, cmd, ALL_STAGES, ALL_WRITES, ALL_STAGES, ALL_ACCESS);
    bt->n = 0;
    if (!b->unified) copies(b, cmd, bt, seg, true);
    if (ts) ctx->fn.vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, b->queries, (uint32_t)seg->first_query);
    for (int32_t o = seg->first; o < seg->end; o++) {
        if (b->ops[o].d.shader) dispatch(b, cmd, bt, o);
        b->ops[o].query = ts ? seg->first_query + 1 + (o - seg->first) : -1;
        if (ts)
            ctx->fn.vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, b->queries,
                                        (uint32_t)b->ops[o].query);
    }
    if (!b->unified) copies(b, cmd, bt, seg, false);
    barrier(b, cmd, ALL_STAGES, ALL_WRITES, VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    r = ctx->fn.vkEndCommandBuffer(cmd);
    if (r != VK_SUCCESS) return gv_check(r, err, "vkEndCommandBuffer");
    return GLINT_SUCCESS;
}

glint_result gv_record_all(gv_backend* b, bool timestamps, glint_error* err) {
    batch bt = {0};
    bt.cap = GV_MAX_BINDINGS * 64;
    bt.acc = gu_calloc(b->allocator, (size_t)bt.cap, sizeof(access));
    if (!bt.acc) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    glint_result r = GLINT_SUCCESS;
    for (int32_t s = 0; s < b->num_segs && r >= 0; s++)
        if (b->segs[s].gpu) r = record_segment(b, &b->segs[s], timestamps, &bt, err);
    gu_free(b->allocator, bt.acc);
    if (r >= 0) b->timestamps_recorded = timestamps && b->queries;
    return r;
}
#else
typedef int gv_record_unused; /* built without Vulkan */
#endif

/*
 * gv_plan_build: which op runs where, the segments, the host <-> device copies and the layout
 * of the constants on the device. Host logic only (no Vulkan calls).
 */
#if GLINT_HAVE_VULKAN
#include <stdio.h>
#include <string.h>

#include "engine/vulkan/gv_backend_internal.h"
#include "util/gu_error.h"

/* An op this small whose inputs all come from CPU ops stays on the CPU: a GPU round trip for a
 * few thousand elements costs more than the op (MoveNet's decode tail). */
#define GV_SMALL_OP_ELEMENTS 16384

static VkDeviceSize align_up(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }

static bool is_const(const ge_graph* g, int32_t t) { return g->tensors[t].data != NULL; }

static int64_t max_output_elements(const ge_graph* g, const ge_op* op) {
    int64_t m = 0;
    for (int32_t i = 0; i < op->num_outputs; i++) {
        int64_t e = ge_shape_elements(&g->tensors[op->outputs[i]].shape);
        if (e > m) m = e;
    }
    return m;
}

/* Every activation a dispatch binds must have a place in the arena. */
static bool bindings_planned(const ge_graph* g, const gv_dispatch* d) {
    for (int32_t i = 0; i < d->num_bindings; i++) {
        int32_t t = d->tensor[i];
        if (t >= 0 && !is_const(g, t) && g->tensors[t].arena_offset < 0) return false;
    }
    return true;
}

static void place_ops(gv_backend* b, const int32_t* producer) {
    const ge_graph* g = b->g;
    const gv_features* f = &b->ctx->feat;
    gv_device_limits lim = {f->max_storage_range,
                            {f->max_workgroup_count[0], f->max_workgroup_count[1], f->max_workgroup_count[2]},
                            f->max_workgroup_invocations,
                            f->storage_16bit,
                            f->storage_8bit,
                            f->int_dot};
    char why[160];
    for (int32_t o = 0; o < g->num_ops; o++) {
        gv_op_plan* p = &b->ops[o];
        p->pipeline = -1;
        p->query = -1;
        p->gpu = gv_ops_lower(g, o, &lim, &b->ctx->faults, &b->aux, &p->d, why, sizeof(why));
        if (p->gpu && !bindings_planned(g, &p->d)) {
            p->gpu = false;
            snprintf(why, sizeof(why), "%s: a tensor has no arena place", ge_op_name(g->ops[o].type));
        }
        if (p->gpu) {
            /* small and fed only by CPU ops (not graph inputs, not constants): keep it there */
            const ge_op* op = &g->ops[o];
            bool cpu_fed = false, gpu_fed = false;
            for (int32_t i = 0; i < op->num_inputs; i++) {
                int32_t t = op->inputs[i];
                if (t < 0 || is_const(g, t)) continue;
                if (producer[t] < 0 || b->ops[producer[t]].gpu) gpu_fed = true;
                else cpu_fed = true;
            }
            if (cpu_fed && !gpu_fed && max_output_elements(g, op) <= GV_SMALL_OP_ELEMENTS) {
                p->gpu = false;
                snprintf(why, sizeof(why), "%s: small op fed by CPU ops", ge_op_name(op->type));
            }
        }
        if (p->gpu) {
            b->gpu_ops++;
        } else {
            b->cpu_ops++;
            if (!b->cpu_reason[0]) snprintf(b->cpu_reason, sizeof(b->cpu_reason), "op %d %s", (int)o, why);
        }
    }
}

/* A GPU stretch between CPU ops that does no convolution and moves little data costs a
 * submission and a round trip for microseconds of work (MoveNet's decode): run it on the CPU. */
#define GV_TAIL_ELEMENTS 65536

static bool heavy(const ge_op* op) {
    return op->type == GE_OP_CONV2D || op->type == GE_OP_DEPTHWISE_CONV2D || op->type == GE_OP_FULLY_CONNECTED;
}

static void merge_light_stretches(gv_backend* b) {
    const ge_graph* g = b->g;
    bool seen_cpu = false;
    int32_t o = 0;
    while (o < g->num_ops) {
        if (!b->ops[o].gpu) {
            seen_cpu = true;
            o++;
            continue;
        }
        int32_t end = o;
        bool light = true;
        while (end < g->num_ops && b->ops[end].gpu) {
            light = light && !heavy(&g->ops[end]) && max_output_elements(g, &g->ops[end]) <= GV_TAIL_ELEMENTS;
            end++;
        }
        if (seen_cpu && light) {
            for (int32_t k = o; k < end; k++) {
                b->ops[k].gpu = false;
                b->gpu_ops--, b->cpu_ops++;
            }
        }
        o = end;
    }
}

static glint_result build_segments(gv_backend* b, glint_error* err) {
    const ge_graph* g = b->g;
    int32_t n = 0;
    for (int32_t o = 0; o < g->num_ops; o++)
        if (o == 0 || b->ops[o].gpu != b->ops[o - 1].gpu) n++;
    b->segs = gu_calloc(b->allocator, (size_t)(n ? n : 1), sizeof(gv_segment));
    if (!b->segs) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    for (int32_t o = 0; o < g->num_ops; o++) {
        if (o == 0 || b->ops[o].gpu != b->ops[o - 1].gpu) {
            gv_segment* s = &b->segs[b->num_segs++];
            s->gpu = b->ops[o].gpu;
            s->first = o;
        }
        b->segs[b->num_segs - 1].end = o + 1;
    }
    return GLINT_SUCCESS;
}

static void add_xfer(gv_backend* b, int32_t t) {
    const ge_tensor* ts = &b->g->tensors[t];
    gv_xfer* x = &b->xfers[b->num_xfers++];
    x->tensor = t;
    x->arena_offset = (VkDeviceSize)ts->arena_offset;
    x->bytes = (VkDeviceSize)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
    x->staging_offset = b->staging_bytes;
    b->staging_bytes = align_up(b->staging_bytes + x->bytes, 256); /* >= any nonCoherentAtomSize */
}

static glint_result build_transfers(gv_backend* b, const int32_t* producer, glint_error* err) {
    const ge_graph* g = b->g;
    const int32_t nt = g->num_tensors;
    uint8_t* flags = gu_calloc(b->allocator, (size_t)(nt ? nt : 1), 1);
    /* At most one upload and one download per tensor. */
    b->xfers = gu_calloc(b->allocator, (size_t)(2 * nt + 1), sizeof(gv_xfer));
    if (!flags || !b->xfers) {
        gu_free(b->allocator, flags);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    }
    enum { ON_DEVICE = 1, CPU_READS = 2, IS_OUTPUT = 4 };
    for (int32_t o = 0; o < g->num_ops; o++) {
        if (b->ops[o].gpu) continue;
        const ge_op* op = &g->ops[o];
        for (int32_t i = 0; i < op->num_inputs; i++)
            if (op->inputs[i] >= 0) flags[op->inputs[i]] |= CPU_READS;
    }
    for (int32_t i = 0; i < g->num_outputs; i++) flags[g->outputs[i]] |= IS_OUTPUT;
    for (int32_t s = 0; s < b->num_segs; s++) {
        gv_segment* seg = &b->segs[s];
        if (!seg->gpu) continue;
        seg->first_upload = b->num_xfers;
        for (int32_t o = seg->first; o < seg->end; o++) {
            const ge_op* op = &g->ops[o];
            for (int32_t i = 0; i < op->num_inputs; i++) {
                int32_t t = op->inputs[i];
                if (t < 0 || is_const(g, t) || (flags[t] & ON_DEVICE)) continue;
                if (producer[t] >= 0 && b->ops[producer[t]].gpu) continue; /* made on the device */
                add_xfer(b, t);
                flags[t] |= ON_DEVICE;
            }
            for (int32_t i = 0; i < op->num_outputs; i++) flags[op->outputs[i]] |= ON_DEVICE;
        }
        seg->num_uploads = b->num_xfers - seg->first_upload;
        seg->first_download = b->num_xfers;
        for (int32_t o = seg->first; o < seg->end; o++) {
            const ge_op* op = &g->ops[o];
            for (int32_t i = 0; i < op->num_outputs; i++) {
                int32_t t = op->outputs[i];
                if (flags[t] & (CPU_READS | IS_OUTPUT)) add_xfer(b, t);
            }
        }
        seg->num_downloads = b->num_xfers - seg->first_download;
    }
    gu_free(b->allocator, flags);
    return GLINT_SUCCESS;
}

static void layout_constants(gv_backend* b) {
    const ge_graph* g = b->g;
    for (int32_t t = 0; t < g->num_tensors; t++) b->const_offset[t] = -1;
    for (int32_t o = 0; o < g->num_ops; o++) {
        gv_op_plan* p = &b->ops[o];
        if (!p->gpu || !p->d.shader) continue;
        for (int32_t k = 0; k < p->d.num_aux; k++) {
            p->aux_offset[k] = (int64_t)b->const_bytes;
            b->const_bytes = align_up(b->const_bytes + p->d.aux[k].bytes, b->bind_align);
        }
        for (int32_t i = 0; i < p->d.num_bindings; i++) {
            int32_t t = p->d.tensor[i];
            if (t < 0 || !is_const(g, t) || b->const_offset[t] >= 0) continue;
            b->const_offset[t] = (int64_t)b->const_bytes;
            b->const_bytes = align_up(b->const_bytes + g->tensors[t].nbytes, b->bind_align);
        }
    }
}

glint_result gv_plan_build(gv_backend* b, glint_error* err) {
    const ge_graph* g = b->g;
    b->ops = gu_calloc(b->allocator, (size_t)(g->num_ops ? g->num_ops : 1), sizeof(gv_op_plan));
    b->const_offset = gu_calloc(b->allocator, (size_t)(g->num_tensors ? g->num_tensors : 1), sizeof(int64_t));
    int32_t* producer = gu_calloc(b->allocator, (size_t)(g->num_tensors ? g->num_tensors : 1), sizeof(int32_t));
    if (!b->ops || !b->const_offset || !producer) {
        gu_free(b->allocator, producer);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "vulkan: out of memory");
    }
    for (int32_t t = 0; t < g->num_tensors; t++) producer[t] = -1;
    for (int32_t o = 0; o < g->num_ops; o++)
        for (int32_t i = 0; i < g->ops[o].num_outputs; i++) producer[g->ops[o].outputs[i]] = o;
    place_ops(b, producer);
    merge_light_stretches(b);
    glint_result r = GLINT_SUCCESS;
    if (b->gpu_ops == 0)
        r = gu_errorf(err, GLINT_ERROR_BACKEND_UNAVAILABLE, "vulkan: no op of this graph runs on the GPU (%s)",
                      b->cpu_reason);
    if (r >= 0) r = build_segments(b, err);
    if (r >= 0) r = build_transfers(b, producer, err);
    if (r >= 0) layout_constants(b);
    gu_free(b->allocator, producer);
    return r;
}
#else
typedef int gv_plan_unused; /* built without Vulkan */
#endif

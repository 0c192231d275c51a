/* gv_model: backend choice and CPU fallback for one model (see gv_model.h). Built with or without Vulkan. */
#include "engine/vulkan/gv_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gu_error.h"
#include "util/gu_log.h"

static glint_backend resolve(glint_backend asked) {
    if (asked == GLINT_BACKEND_CPU || asked == GLINT_BACKEND_VULKAN) return asked;
    const char* env = getenv("GLINT_BACKEND");
    if (env && (!strcmp(env, "vulkan") || !strcmp(env, "VULKAN"))) return GLINT_BACKEND_VULKAN;
    return GLINT_BACKEND_CPU;
}

void gv_model_init(gv_model_state* s, const glint_model_desc* desc, const ge_graph* g, gu_allocator* allocator) {
    memset(s, 0, sizeof(*s));
    s->logger = desc->logger;
    s->requested = resolve(desc->backend);
    if (s->requested != GLINT_BACKEND_VULKAN) return;
    gv_backend_options opt = {0};
    opt.device = desc->device;
    opt.gpu_only = desc->vulkan_gpu_only;
    opt.logger = desc->logger;
    glint_result r = gv_backend_create(g, &opt, allocator, &s->vk, &s->reason);
    if (r < 0) {
        s->vk = NULL;
        gu_log(&s->logger, GLINT_LOG_WARN, "model: Vulkan unavailable, running on the CPU: %s", s->reason.message);
        return;
    }
    gv_backend_stats st;
    gv_backend_get_stats(s->vk, &st);
    snprintf(s->device, sizeof(s->device), "%s", st.device);
    s->software_device = st.software_device;
}

void gv_model_free(gv_model_state* s) {
    gv_backend_destroy(s->vk);
    s->vk = NULL;
}

glint_result gv_model_run(gv_model_state* s, ge_exec* ex, glint_error* err) {
    if (s->vk) {
        glint_error verr;
        gu_error_clear(&verr);
        glint_result r = gv_backend_run(s->vk, ex, &verr);
        if (r >= 0) {
            s->last_run = GLINT_BACKEND_VULKAN;
            return r;
        }
        if (r != GLINT_ERROR_DEVICE_LOST && r != GLINT_ERROR_BACKEND_UNAVAILABLE && r != GLINT_ERROR_OUT_OF_MEMORY) {
            /* a CPU segment's kernel failed: the same error on the CPU path, report it */
            if (err) *err = verr;
            return r;
        }
        /* The device failed: this frame and every later one run on the CPU. */
        s->reason = verr;
        s->fallbacks++;
        gu_log(&s->logger, GLINT_LOG_WARN, "model: Vulkan failed, moving to the CPU: %s", verr.message);
        gv_backend_destroy(s->vk);
        s->vk = NULL;
    }
    glint_result r = ge_exec_run(ex, err);
    if (r >= 0) s->last_run = GLINT_BACKEND_CPU;
    return r;
}

void gv_model_info(const gv_model_state* s, const ge_graph* g, glint_model_backend_info* out) {
    memset(out, 0, sizeof(*out));
    out->requested = s->requested;
    out->active = s->vk ? GLINT_BACKEND_VULKAN : GLINT_BACKEND_CPU;
    out->last_run = s->last_run;
    out->fallbacks = s->fallbacks;
    snprintf(out->device, sizeof(out->device), "%s", s->device);
    out->software_device = s->software_device;
    if (s->vk) {
        gv_backend_stats st;
        gv_backend_get_stats(s->vk, &st);
        out->gpu_ops = st.gpu_ops;
        out->cpu_ops = st.cpu_ops;
        out->gpu_segments = st.gpu_segments;
        out->gpu_ms = st.gpu_ms;
        snprintf(out->message, sizeof(out->message), "%s", st.cpu_reason);
    } else {
        out->cpu_ops = g->num_ops;
        if (s->requested == GLINT_BACKEND_VULKAN) {
            out->reason = s->reason.code < 0 ? s->reason.code : GLINT_ERROR_BACKEND_UNAVAILABLE;
            snprintf(out->message, sizeof(out->message), "%s", s->reason.message);
        }
    }
}

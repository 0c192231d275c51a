/* The per-backend copies of one stage's model (see gt_stage_models.h). */
#include "gt_stage_models.h"

#include <stdlib.h>
#include <string.h>

#include "util/gu_log.h"

#if defined(GLINT_HAVE_VULKAN) && GLINT_HAVE_VULKAN
#define GT_VULKAN_BUILT 1
#else
#define GT_VULKAN_BUILT 0
#endif

/* $GLINT_TRACKER_SOFTWARE_VULKAN=1: AUTO measures a CPU Vulkan driver too (tests, curiosity). */
static bool software_vulkan_wanted(void) {
    const char* v = getenv("GLINT_TRACKER_SOFTWARE_VULKAN");
    return v && v[0] == '1';
}

static glint_backend active_backend(const glint_model* m) {
    glint_model_backend_info bi;
    if (!m || glint_model_get_backend(m, &bi) < 0) return GLINT_BACKEND_CPU;
    return bi.active;
}

glint_result gt_stage_models_load(gt_stage_models* sm, const glint_model_desc* desc, uint32_t* io_backends,
                                  glint_error* err) {
    memset(sm, 0, sizeof(*sm));
    uint32_t want = *io_backends & GT_BACKENDS_BOTH;
    glint_model_desc d = *desc;
    if (want == GT_BACKEND_BIT(GLINT_BACKEND_VULKAN)) {
        /* The caller asked for Vulkan: the engine falls back to the CPU by itself. */
        d.backend = GLINT_BACKEND_VULKAN;
        return glint_model_load(&d, &sm->copy[GLINT_BACKEND_VULKAN], err);
    }
    d.backend = GLINT_BACKEND_CPU;
    glint_result r = glint_model_load(&d, &sm->copy[GLINT_BACKEND_CPU], err);
    if (r < 0 || want != GT_BACKENDS_BOTH) return r;
    if (!GT_VULKAN_BUILT) {
        /* Nothing to measure: loading a copy would only re-parse the file to fall back. */
        *io_backends &= ~GT_BACKEND_BIT(GLINT_BACKEND_VULKAN);
        return GLINT_SUCCESS;
    }
    /* The extra copy is quiet: "no Vulkan here" is not a problem when the CPU copy exists. */
    d.backend = GLINT_BACKEND_VULKAN;
    /* A Vulkan driver on the CPU (lavapipe, SwiftShader) runs the same work on the same cores as
     * glint's CPU kernels, 10-100x slower, and costs a driver context per model: AUTO refuses it
     * at device choice, before any pipeline is compiled. An explicit VULKAN still uses it. */
    d.vulkan_gpu_only = !software_vulkan_wanted();
    memset(&d.logger, 0, sizeof(d.logger));
    glint_error verr;
    glint_model* vk = NULL;
    if (glint_model_load(&d, &vk, &verr) < 0) {
        gu_log(&desc->logger, GLINT_LOG_INFO, "tracker: no Vulkan copy of %s: %s", desc->path ? desc->path : "model",
               verr.message);
        return GLINT_SUCCESS;
    }
    glint_model_backend_info bi;
    if (glint_model_get_backend(vk, &bi) >= 0 && bi.active == GLINT_BACKEND_VULKAN) {
        sm->copy[GLINT_BACKEND_VULKAN] = vk;
        gu_log(&desc->logger, GLINT_LOG_INFO, "tracker: %s also on Vulkan (%s: %d ops on the GPU, %d on the CPU)",
               desc->path ? desc->path : "model", bi.device, (int)bi.gpu_ops, (int)bi.cpu_ops);
        return GLINT_SUCCESS;
    }
    gu_log(&desc->logger, GLINT_LOG_INFO, "tracker: %s on the CPU only: %s", desc->path ? desc->path : "model",
           bi.message);
    /* No loader, driver or device is the same for every stage; out of device memory may not be. */
    if (bi.reason == GLINT_ERROR_BACKEND_UNAVAILABLE) *io_backends &= ~GT_BACKEND_BIT(GLINT_BACKEND_VULKAN);
    glint_model_destroy(vk);
    return GLINT_SUCCESS;
}

void gt_stage_models_free(gt_stage_models* sm) {
    if (!sm) return;
    for (int b = 0; b < 3; b++) glint_model_destroy(sm->copy[b]);
    memset(sm, 0, sizeof(*sm));
}

glint_model* gt_stage_models_pick(const gt_stage_models* sm, glint_backend want) {
    if ((int)want > 0 && (int)want < 3 && sm->copy[want]) return sm->copy[want];
    return sm->copy[GLINT_BACKEND_CPU] ? sm->copy[GLINT_BACKEND_CPU] : sm->copy[GLINT_BACKEND_VULKAN];
}

uint32_t gt_stage_models_usable(const gt_stage_models* sm) {
    uint32_t bits = 0;
    if (sm->copy[GLINT_BACKEND_CPU]) bits |= GT_BACKEND_BIT(GLINT_BACKEND_CPU);
    if (sm->copy[GLINT_BACKEND_VULKAN])
        bits |= GT_BACKEND_BIT(active_backend(sm->copy[GLINT_BACKEND_VULKAN]));
    return bits;
}

glint_backend gt_model_last_backend(const glint_model* model) {
    glint_model_backend_info bi;
    if (!model || glint_model_get_backend(model, &bi) < 0) return GLINT_BACKEND_AUTO;
    return bi.last_run;
}

/*
 * gt_stage_models: the copies of one tracker stage's model, one per backend it may run on.
 *
 * The engine decides nothing about the tracker: a glint_model is loaded for one backend
 * (glint_model_desc.backend) and, on Vulkan, falls back to the CPU by itself. The tracker's
 * planner wants to measure a stage on both backends and pick per stage, so a stage may hold
 * two models of the same file: a CPU copy and a Vulkan copy. Both have the same inputs and
 * outputs (same file, same output_names), so tensor indices found on one hold for the other.
 *
 * Loading (`backends`, bits 1 << glint_backend):
 *   CPU (or 0)     one CPU copy.
 *   VULKAN         one Vulkan copy; if Vulkan is unavailable it runs on the CPU (the engine's
 *                  fallback), so this never fails for Vulkan reasons.
 *   CPU | VULKAN   a CPU copy, plus a Vulkan copy only when the library has the Vulkan backend
 *                  and the copy really got a device: a copy that fell back at load would be a
 *                  second CPU model for nothing and is freed at once. A missing loader or
 *                  device clears the VULKAN bit of *io_backends, so the next stage does not
 *                  pay for the same discovery.
 * Memory: a Vulkan copy holds its own host graph, weights and arena (the CPU fallback needs
 * them) plus the device buffers, so CPU | VULKAN costs a stage's host memory twice plus its
 * device memory. After a mid-stream fallback the engine frees the device side; the host copy
 * stays until the stage is freed.
 */
#ifndef GT_STAGE_MODELS_H
#define GT_STAGE_MODELS_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint_model.h"

#define GT_BACKEND_BIT(b) (1u << (unsigned)(b))
#define GT_BACKENDS_BOTH (GT_BACKEND_BIT(GLINT_BACKEND_CPU) | GT_BACKEND_BIT(GLINT_BACKEND_VULKAN))

typedef struct gt_stage_models {
    glint_model* copy[3]; /* by glint_backend: [CPU], [VULKAN]; NULL: not loaded; [AUTO] unused */
} gt_stage_models;

/* Loads the copies *io_backends asks for (see above); desc->backend is ignored. An error only
 * when the CPU copy (or the only copy) cannot be loaded: nothing is left loaded then. */
glint_result gt_stage_models_load(gt_stage_models* sm, const glint_model_desc* desc, uint32_t* io_backends,
                                  glint_error* out_error);
void gt_stage_models_free(gt_stage_models* sm);

/* The copy for backend `want`, else the copy there is (CPU first). */
glint_model* gt_stage_models_pick(const gt_stage_models* sm, glint_backend want);

/* Where the stage can really run now: the CPU bit when any copy can run on the CPU (a Vulkan
 * copy that fell back does), the VULKAN bit while the Vulkan copy is still on its device. */
uint32_t gt_stage_models_usable(const gt_stage_models* sm);

/* Where the last run of model went (CPU or VULKAN; AUTO before its first run). */
glint_backend gt_model_last_backend(const glint_model* model);

#endif /* GT_STAGE_MODELS_H */

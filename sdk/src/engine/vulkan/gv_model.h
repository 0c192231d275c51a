/*
 * gv_model: the backend choice of one glint_model (ge_model.c holds one gv_model_state).
 *
 * Resolves desc.backend (AUTO -> $GLINT_BACKEND, else CPU), creates the Vulkan backend when
 * asked, and runs each frame on it, falling back to the CPU for good, in the same frame, when
 * it fails. Nothing here fails a model load: a Vulkan problem only leaves the model on the
 * CPU with the reason recorded for glint_model_get_backend.
 */
#ifndef GV_MODEL_H
#define GV_MODEL_H

#include "engine/ge_exec.h"
#include "engine/vulkan/gv_backend.h"
#include "glint/glint_model.h"

typedef struct gv_model_state {
    glint_backend requested;
    glint_backend last_run;
    gv_backend* vk;     /* NULL: CPU */
    int32_t fallbacks;
    glint_error reason; /* why not Vulkan (code GLINT_SUCCESS when it is, or CPU was asked) */
    glint_logger logger;
    char device[256];
    bool software_device;
} gv_model_state;

/* After the executor exists. Never fails. */
void gv_model_init(gv_model_state* s, const glint_model_desc* desc, const ge_graph* g, gu_allocator* allocator);
void gv_model_free(gv_model_state* s);

/* One frame on the active backend; a Vulkan failure moves the model to the CPU and reruns the frame there. */
glint_result gv_model_run(gv_model_state* s, ge_exec* ex, glint_error* err);

void gv_model_info(const gv_model_state* s, const ge_graph* g, glint_model_backend_info* out);

#endif /* GV_MODEL_H */

#include "glint-model/gm_image_input.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/gs_image.h"
#include "glint-model/gm.h"
#include "image/gi_prepare.h"

int gm_set_image_input(glint_model* model, int32_t index, const char* path) {
    glint_tensor_info ti;
    glint_model_input_info(model, index, &ti);
    if (ti.rank != 4 || ti.shape[0] != 1 || ti.shape[3] != 3) {
        char shape[64];
        gm_format_shape(&ti, shape, sizeof(shape));
        fprintf(stderr, "glint-model: input '%s' is %s, not an image (1xHxWx3)\n", ti.name, shape);
        return 1;
    }
    gi_range range;
    if (!gi_range_from_bounds(ti.range_min, ti.range_max, &range)) {
        range = ti.dtype == GLINT_DTYPE_F32 ? GI_RANGE_0_1 : GI_RANGE_0_255;
        fprintf(stderr, "glint-model: warning: '%s' is not a model glint knows; feeding %s\n", ti.name,
                gi_range_name(range));
    }
    gi_prep_desc desc = gi_prep_desc_letterbox(ti.shape[2], ti.shape[1], range, ti.dtype);
    gs_image img;
    const char* reason = NULL;
    if (gs_image_load(path, &img, &reason) != 0) {
        fprintf(stderr, "glint-model: cannot decode '%s': %s\n", path, reason ? reason : "unknown reason");
        return 1;
    }
    gi_image view = gs_image_view(&img);
    void* tensor = malloc(ti.bytes);
    glint_error err;
    glint_result r = tensor ? gi_prepare_tensor(&view, &desc, tensor, ti.bytes, NULL, &err) : GLINT_ERROR_OUT_OF_MEMORY;
    if (r >= 0) r = glint_model_set_input(model, index, tensor, ti.bytes);
    if (r < 0) fprintf(stderr, "glint-model: cannot prepare '%s': %s\n", path, glint_result_string(r));
    free(tensor);
    gs_image_free(&img);
    return r < 0 ? 1 : 0;
}

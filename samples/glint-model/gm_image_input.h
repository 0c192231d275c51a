/* gm_image_input: a photo as a model input, letterboxed and normalised as the model expects. */
#ifndef GM_IMAGE_INPUT_H
#define GM_IMAGE_INPUT_H

#include "glint/glint_model.h"

/*
 * Letterboxes the image at path into input `index` (its H x W), in the value range the model
 * expects: known models (pinned sha256) say it; otherwise float inputs get [0,1] and integer
 * inputs 0..255, with a warning. Returns 0 on success, prints the reason otherwise.
 */
int gm_set_image_input(glint_model* model, int32_t index, const char* path);

#endif /* GM_IMAGE_INPUT_H */

/* What the tracker tests share: the model folder and the photo of one open right hand. */
#ifndef GLINT_TEST_TRACKER_UTIL_H
#define GLINT_TEST_TRACKER_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include "common/gs_image.h"
#include "test_util.h"

/* Fills model_dir with $GLINT_CACHE_DIR/models and loads images/hand_right_open_palm.png;
 * false when the hand landmark model or the photo is missing (set-up not run). */
static inline bool test_load_hand_photo(char* model_dir, size_t model_dir_size, gs_image* out_photo) {
    char path[1200];
    snprintf(model_dir, model_dir_size, "%s/models", test_cache_dir());
    snprintf(path, sizeof(path), "%s/mediapipe/hand_landmark_lite.tflite", model_dir);
    FILE* f = fopen(path, "rb");
    if (!f) return false;
    fclose(f);
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", test_cache_dir());
    return gs_image_load(path, out_photo, NULL) == 0;
}

#endif /* GLINT_TEST_TRACKER_UTIL_H */

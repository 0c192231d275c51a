/*
 * ge_known_models: the pretrained model files glint is pinned to, recognised by sha256.
 *
 * The MediaPipe .tflite files carry no normalisation metadata (models.md 3.1), so the value
 * range an input expects, and how a frame must be cropped for it, are facts glint has to know
 * per file. This table holds them for the files of models.md section 2.2; glint_model_load
 * looks the file up by the sha256 of its bytes (for a TF.js model, of model.json itself)
 * to fill glint_tensor_info.range_min/max. A file that is not in the table is "unknown",
 * which is fine: the range is then 0, 0.
 */
#ifndef GE_KNOWN_MODELS_H
#define GE_KNOWN_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "glint/glint_model.h"

typedef enum ge_model_kind {
    GE_MODEL_KIND_UNKNOWN = 0,
    GE_MODEL_KIND_PALM_DETECTION,
    GE_MODEL_KIND_HAND_LANDMARK,
    GE_MODEL_KIND_POSE_DETECTION,
    GE_MODEL_KIND_POSE_LANDMARK,
    GE_MODEL_KIND_MOVENET_SINGLEPOSE,
    GE_MODEL_KIND_MOVENET_MULTIPOSE,
    GE_MODEL_KIND_HAND_LANDMARK_TFJS,
} ge_model_kind;

/* How a camera frame becomes this model's input (models.md 3.6). */
typedef enum ge_input_prep {
    GE_INPUT_PREP_LETTERBOX = 0, /* whole frame, aspect kept, centred, black bars */
    GE_INPUT_PREP_ROI_CROP = 1,  /* rotated square ROI from a detector or the previous frame */
} ge_input_prep;

typedef struct ge_known_model {
    const char* name;           /* "palm_detection_lite", "movenet-lightning", ... */
    const char* file;           /* path under the cache's models/ folder */
    const char* sha256;         /* of the file (model.json for TF.js), lower-case hex */
    uint64_t file_bytes;
    const char* weights_file;   /* TF.js weight shard under models/, else NULL */
    const char* weights_sha256;
    ge_model_kind kind;
    glint_dtype input_dtype;
    int32_t input_height, input_width; /* as in the file; MultiPose takes any multiple of 32 */
    float range_min, range_max;        /* input value range: [0,1], [-1,1] or [0,255] */
    ge_input_prep prep;
} ge_known_model;

/* Number of entries and the i-th one (NULL when out of range), for tests and listings. */
int32_t ge_known_model_count(void);
const ge_known_model* ge_known_model_at(int32_t index);

/* The entry with this digest, or NULL. */
const ge_known_model* ge_known_model_find(const uint8_t digest[32]);
/* The entry with this hex digest (either case), or NULL. */
const ge_known_model* ge_known_model_by_hex(const char* sha256_hex);
/* Hashes the bytes and looks them up (a .tflite file, or a model.json's text). */
const ge_known_model* ge_known_model_identify(const void* data, size_t size);

/* "palm_detection", "hand_landmark", ...; "unknown". */
const char* ge_model_kind_name(ge_model_kind kind);

#endif /* GE_KNOWN_MODELS_H */

#include "ge_known_models.h"

#include <string.h>

#include "util/gu_sha256.h"

/* Facts from docs models.md section 2.2 (files, sizes, hashes) and 3.x (inputs). */
#define TFLITE(name, sha, bytes, kind, h, w, lo, hi, prep) \
    {name, "mediapipe/" name ".tflite", sha, bytes, NULL, NULL, kind, GLINT_DTYPE_F32, h, w, lo, hi, prep}
#define TFJS(name, sha, bytes, wsha, kind, dtype, h, w, lo, hi, prep) \
    {name, "tfjs/" name ".json", sha, bytes, "tfjs/" name ".bin", wsha, kind, dtype, h, w, lo, hi, prep}

static const ge_known_model k_models[] = {
    TFLITE("palm_detection_lite", "e9a4aaddf90dda56a87235303cf00e4c2d3fb28725f68fd88772997dac905c18", 1985440,
           GE_MODEL_KIND_PALM_DETECTION, 192, 192, 0.0f, 1.0f, GE_INPUT_PREP_LETTERBOX),
    TFLITE("palm_detection_full", "2f25e740121983f68ffc05f99991d524dc0ea812134f6316a26125816941ee85", 2341280,
           GE_MODEL_KIND_PALM_DETECTION, 192, 192, 0.0f, 1.0f, GE_INPUT_PREP_LETTERBOX),
    TFLITE("hand_landmark_lite", "d7fde8ac11f8ce03f8663775bfc323f4fc9f2a38062b4f4efa142874ef5b2a48", 2071408,
           GE_MODEL_KIND_HAND_LANDMARK, 224, 224, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    TFLITE("hand_landmark_full", "8c026882c9ec059ce0f8e75266bee5a9a23c341a40e0000df755374d3d1b9b68", 5478688,
           GE_MODEL_KIND_HAND_LANDMARK, 224, 224, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    TFLITE("pose_detection", "a63c614bef30d35947f13be361820b1e4e3bec9cfeebf4d11216a18373108e85", 2962288,
           GE_MODEL_KIND_POSE_DETECTION, 224, 224, -1.0f, 1.0f, GE_INPUT_PREP_LETTERBOX),
    TFLITE("pose_landmark_lite", "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61", 2819824,
           GE_MODEL_KIND_POSE_LANDMARK, 256, 256, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    TFLITE("pose_landmark_full", "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f", 6440512,
           GE_MODEL_KIND_POSE_LANDMARK, 256, 256, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    TFLITE("pose_landmark_heavy", "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe", 27709200,
           GE_MODEL_KIND_POSE_LANDMARK, 256, 256, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    /* MoveNet casts its int32 0..255 input and normalises it in the graph (models.md 4.2). */
    TFJS("movenet-lightning", "df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9", 161813,
         "bf97bc10d9c8a11200b0190ed64ce039b6252f1aff7cb552aca99b3d191c2f34", GE_MODEL_KIND_MOVENET_SINGLEPOSE,
         GLINT_DTYPE_I32, 192, 192, 0.0f, 255.0f, GE_INPUT_PREP_LETTERBOX),
    TFJS("movenet-thunder", "7ac4e2a8449fc279f71b8b0ba52f7c5daafc124ce9b6bf7549289ca432e342b6", 161923,
         "a2925747fccaf737c0f20eacdeff919efd5d514e90242397002a0de349dff18c", GE_MODEL_KIND_MOVENET_SINGLEPOSE,
         GLINT_DTYPE_I32, 256, 256, 0.0f, 255.0f, GE_INPUT_PREP_LETTERBOX),
    TFJS("movenet-multipose", "3c76e18669efc50148b28d0be97db491dc055cb2be292d248ec129031c5aa5de", 240464,
         "19828492d4a69c2e08915916c70f4d22c421c3b59152dfa5601834fc54f54118", GE_MODEL_KIND_MOVENET_MULTIPOSE,
         GLINT_DTYPE_I32, 256, 256, 0.0f, 255.0f, GE_INPUT_PREP_LETTERBOX),
    /* The MediaPipe hand landmark weights converted to TF.js (models.md 4.4): same input. */
    TFJS("handlandmark-lite", "8478ec3224129957f1436194738ad26ac78bbac8ea3be1730399ccad6964a27f", 83013,
         "3dbf92db39720eac7f88aff322a24d3f4ed3ba1f54aa7a8a37b704f14cb76c0e", GE_MODEL_KIND_HAND_LANDMARK_TFJS,
         GLINT_DTYPE_F32, 224, 224, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
    TFJS("handlandmark-full", "127cac529c6cd506d0e61261961c35e19635f4f2defa424a53aec8fb3cd28943", 82231,
         "da938c486ad6b69ae46cfba38fdd9d34542a1cd4bd0e009e1f45fe711f276108", GE_MODEL_KIND_HAND_LANDMARK_TFJS,
         GLINT_DTYPE_F32, 224, 224, 0.0f, 1.0f, GE_INPUT_PREP_ROI_CROP),
};

#define COUNT ((int32_t)(sizeof(k_models) / sizeof(k_models[0])))

int32_t ge_known_model_count(void) { return COUNT; }

const ge_known_model* ge_known_model_at(int32_t index) {
    return index >= 0 && index < COUNT ? &k_models[index] : NULL;
}

const ge_known_model* ge_known_model_find(const uint8_t digest[32]) {
    if (!digest) return NULL;
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_to_hex(digest, hex);
    for (int32_t i = 0; i < COUNT; i++)
        if (memcmp(k_models[i].sha256, hex, GU_SHA256_HEX_CHARS) == 0) return &k_models[i];
    return NULL;
}

const ge_known_model* ge_known_model_by_hex(const char* sha256_hex) {
    uint8_t digest[GU_SHA256_BYTES];
    if (!gu_sha256_from_hex(sha256_hex, digest)) return NULL;
    return ge_known_model_find(digest);
}

const ge_known_model* ge_known_model_identify(const void* data, size_t size) {
    if (!data && size) return NULL;
    uint8_t digest[GU_SHA256_BYTES];
    gu_sha256_bytes(data, size, digest);
    return ge_known_model_find(digest);
}

const char* ge_model_kind_name(ge_model_kind kind) {
    switch (kind) {
    case GE_MODEL_KIND_PALM_DETECTION: return "palm_detection";
    case GE_MODEL_KIND_HAND_LANDMARK: return "hand_landmark";
    case GE_MODEL_KIND_POSE_DETECTION: return "pose_detection";
    case GE_MODEL_KIND_POSE_LANDMARK: return "pose_landmark";
    case GE_MODEL_KIND_MOVENET_SINGLEPOSE: return "movenet_singlepose";
    case GE_MODEL_KIND_MOVENET_MULTIPOSE: return "movenet_multipose";
    case GE_MODEL_KIND_HAND_LANDMARK_TFJS: return "hand_landmark_tfjs";
    default: return "unknown";
    }
}

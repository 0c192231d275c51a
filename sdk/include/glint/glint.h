/*
 * glint: hand tracking, hand gestures and body pose from a camera, on the device, inside a
 * frame budget.
 *
 *   glint_tracker_desc desc = {0};            // every 0 is a documented default
 *   desc.model_dir = "/data/glint/models";
 *   desc.features = GLINT_FEATURE_HANDS | GLINT_FEATURE_BODY;
 *   desc.budget_ms = 8.0f;
 *   glint_tracker* tracker;
 *   if (glint_tracker_create(&desc, &tracker) < 0) ...
 *   glint_frame frame;
 *   glint_tracker_process(tracker, &image, camera_timestamp_ns, &frame);
 *   ... frame.hands[i].keypoints, frame.body, frame.stages ...
 *   glint_tracker_destroy(tracker);
 *
 * Thread safety: a glint_tracker is used by one thread at a time (calls on the same tracker
 * must be serialised by the caller; glint_tracker_predict is const and may run concurrently
 * with other glint_tracker_predict calls, but not with glint_tracker_process). Different
 * trackers are independent and may run on different threads. The SDK has no global state.
 *
 * Memory: glint_tracker_process allocates nothing after the first frame; every buffer is
 * sized at create time (or on the first frame for the input resolution).
 *
 * Coordinates: image keypoints are in pixels of the image given to process (x right, y
 * down), z is MediaPipe's relative depth (same scale as x, wrist = 0, negative = closer to
 * the camera; z / image width is the normalised z MediaPipe reports). World keypoints are
 * metres, origin near the hand's centre, in the camera's axes (x right, y down, z forward).
 */
#ifndef GLINT_H
#define GLINT_H

#include <stdbool.h>

#include "glint/glint_model.h"
#include "glint/glint_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GLINT_MAX_HANDS 2
#define GLINT_HAND_KEYPOINTS 21
#define GLINT_BODY_KEYPOINTS 17

typedef struct glint_tracker glint_tracker; /* opaque */

/* ---- input images ---- */

typedef enum glint_pixel_format {
    GLINT_PIXEL_FORMAT_UNKNOWN = 0,
    GLINT_PIXEL_FORMAT_RGBA8 = 1,
    GLINT_PIXEL_FORMAT_RGB8 = 2,
    GLINT_PIXEL_FORMAT_BGRA8 = 3,
    GLINT_PIXEL_FORMAT_GRAY8 = 4,
    GLINT_PIXEL_FORMAT_NV12 = 5, /* Y plane, then interleaved U,V (Cb,Cr) */
    GLINT_PIXEL_FORMAT_NV21 = 6, /* Y plane, then interleaved V,U: Android camera default */
} glint_pixel_format;

typedef struct glint_image {
    glint_pixel_format format;
    int32_t width, height;
    int32_t stride;      /* bytes per row of data; 0 = packed */
    const void* data;    /* pixels, or the Y plane */
    const void* uv;      /* NV12/NV21 chroma plane; NULL = right after the Y plane */
    int32_t uv_stride;   /* 0 = same as stride */
} glint_image;

/* ---- configuration ---- */

typedef enum glint_feature {
    GLINT_FEATURE_HANDS = 1u << 0,
    GLINT_FEATURE_BODY = 1u << 1,
} glint_feature;

/*
 * glint_tracker_desc.backend (glint_backend, defined in glint_model.h): where the models run.
 *  CPU     every stage's model on the CPU.
 *  VULKAN  every stage's model on the Vulkan compute backend, each with the engine's own CPU
 *          fallback: without a Vulkan loader, driver or usable device, or out of device
 *          memory, create still succeeds and the stage runs on the CPU; a device lost in the
 *          middle of a stream moves that stage to the CPU from that frame on.
 *  AUTO    (0) when the library was built with Vulkan and a device works, each stage's model
 *          is loaded twice, for the CPU and for Vulkan, and the planner measures both (four
 *          runs each, taking turns, the first as a warm-up), then runs each stage where its
 *          measured wall time is lowest, re-measuring the other backend now and then (about
 *          2 % of the stage's time) so that a change in cost is noticed. A stage whose Vulkan
 *          model fell back is never planned on Vulkan again. Without Vulkan, or when the
 *          device is a Vulkan driver running on the CPU (lavapipe, SwiftShader: the same cores
 *          as glint's CPU kernels, much slower; refused at device choice with
 *          glint_model_desc.vulkan_gpu_only, so it costs no pipeline compile), as CPU;
 *          $GLINT_TRACKER_SOFTWARE_VULKAN=1 measures such a driver anyway.
 *          Cost: with a device, AUTO holds every model twice in host memory (the Vulkan copy
 *          keeps its own weights and activations for the CPU fallback) plus the Vulkan side
 *          (device buffers, one driver context per model), and create loads both. Measured
 *          with hands + body (lite models) on lavapipe (GLINT_TRACKER_SOFTWARE_VULKAN=1):
 *          resident after create CPU 56 MiB,
 *          VULKAN 297 MiB, AUTO 348 MiB; create 0.09 s, 2.0 s, 1.7 s. Ask for CPU or VULKAN
 *          when the choice is known (e.g. measured once on the target device).
 * Whatever was asked, frame.stages[i].backend says where each stage really ran that frame.
 */

typedef enum glint_model_variant {
    GLINT_MODEL_VARIANT_DEFAULT = 0, /* hands: lite; body: MoveNet Lightning */
    GLINT_MODEL_VARIANT_LITE = 1,    /* hands: *_lite.tflite; body: MoveNet Lightning (192) */
    GLINT_MODEL_VARIANT_FULL = 2,    /* hands: *_full.tflite; body: MoveNet Thunder (256) */
} glint_model_variant;

/* One Euro filter (Casiez et al. 2012) on every keypoint. 0 fields take the defaults. */
typedef struct glint_filter_desc {
    bool disabled;
    float min_cutoff; /* Hz at rest (jitter vs lag when still) */
    float beta;       /* speed coefficient (lag when moving fast) */
    float d_cutoff;   /* Hz of the speed estimate */
} glint_filter_desc;

typedef struct glint_camera_intrinsics { /* pixels; all 0 = unknown */
    float fx, fy, cx, cy;
} glint_camera_intrinsics;

typedef struct glint_tracker_desc {
    const char* model_dir;      /* folder with mediapipe/ and tfjs/ (or the files directly);
                                   NULL: $GLINT_MODEL_DIR, else "models" */
    uint32_t features;          /* glint_feature bits; 0 = hands */
    int32_t max_hands;          /* 1..GLINT_MAX_HANDS; 0 = 2 */
    float budget_ms;            /* per-frame compute budget; 0 = unlimited */
    glint_backend backend;      /* 0 = auto: measured per stage (see above) */
    bool mirrored;              /* the image is a mirrored selfie view (front camera) */
    glint_camera_intrinsics intrinsics;
    glint_model_variant hand_model;
    glint_model_variant body_model;
    float min_detection_score;  /* palm detector threshold; 0 = 0.5 */
    float min_presence_score;   /* hand landmark presence to keep tracking; 0 = 0.5 */
    int32_t redetect_interval;  /* while a hand slot is free, run the palm detector on every
                                   N-th frame (counted from its last run); 0 = every frame
                                   with a free slot. Right after a hand is lost it runs on
                                   the next frame regardless. */
    glint_filter_desc filter;
    int32_t num_threads;        /* 0 = 1 */
    glint_allocator allocator;
    glint_logger logger;
} glint_tracker_desc;

/* ---- results ---- */

typedef struct glint_vec3 {
    float x, y, z;
} glint_vec3;

/* Which hand of the person it is. glint's convention: the hand landmark model's handedness
 * output is read as the probability of a RIGHT hand in a non-mirrored image (a rear or
 * head-mounted camera), as MediaPipe Tasks (tasks-vision 0.10.21) labels it; this gives the
 * true side on photos of known hands (tests pin it). With glint_tracker_desc.mirrored (a
 * selfie view) the sides are swapped. handedness_score is the probability of the side given. */
typedef enum glint_handedness {
    GLINT_HANDEDNESS_LEFT = 0, /* the person's left hand */
    GLINT_HANDEDNESS_RIGHT = 1,
} glint_handedness;

typedef enum glint_track_state {
    GLINT_TRACK_NEW = 0,     /* found by the detector this frame */
    GLINT_TRACK_TRACKED = 1, /* followed from the previous frame without detection */
    GLINT_TRACK_PREDICTED = 2, /* not measured this frame (budget): extrapolated */
    GLINT_TRACK_LOST = 3,    /* reported once when a hand disappears */
} glint_track_state;

typedef enum glint_gesture {
    GLINT_GESTURE_NONE = 0,
    GLINT_GESTURE_CLOSED_FIST,
    GLINT_GESTURE_OPEN_PALM,
    GLINT_GESTURE_POINTING_UP,
    GLINT_GESTURE_THUMB_DOWN,
    GLINT_GESTURE_THUMB_UP,
    GLINT_GESTURE_VICTORY,
    GLINT_GESTURE_ILOVEYOU,
    GLINT_GESTURE_COUNT
} glint_gesture;

typedef enum glint_finger {
    GLINT_FINGER_INDEX = 0,
    GLINT_FINGER_MIDDLE,
    GLINT_FINGER_RING,
    GLINT_FINGER_LITTLE,
    GLINT_FINGER_COUNT
} glint_finger;

typedef struct glint_hand {
    uint32_t id;                /* stable while tracked */
    glint_track_state state;
    glint_handedness handedness;
    float handedness_score;     /* 0..1, confidence in `handedness` */
    float presence;             /* landmark model's hand presence 0..1 */
    glint_vec3 keypoints[GLINT_HAND_KEYPOINTS]; /* image pixels x, y; relative z */
    glint_vec3 world[GLINT_HAND_KEYPOINTS];     /* metres around the hand centre */
    glint_gesture gesture;
    float gesture_score;
    float pinch[GLINT_FINGER_COUNT]; /* 0 open .. 1 finger tip touches thumb tip */
    bool aim_valid;
    glint_vec3 aim_origin;      /* world, metres (relative to the hand centre) */
    glint_vec3 aim_direction;   /* unit vector, world axes */
} glint_hand;

typedef struct glint_body {
    bool valid;
    float score;
    glint_vec3 keypoints[GLINT_BODY_KEYPOINTS]; /* COCO order (MoveNet): x, y pixels, z = score */
} glint_body;

typedef enum glint_stage {
    GLINT_STAGE_PALM_DETECTION = 0,
    GLINT_STAGE_HAND_LANDMARKS,
    GLINT_STAGE_BODY,
    GLINT_STAGE_POSTPROCESS, /* gestures, filtering, prediction */
    GLINT_STAGE_COUNT
} glint_stage;

typedef enum glint_stage_status {
    GLINT_STAGE_NOT_NEEDED = 0, /* nothing to do (feature off, no hand to track) */
    GLINT_STAGE_RAN,
    GLINT_STAGE_SKIPPED,        /* needed, but did not fit the remaining budget */
    GLINT_STAGE_PREDICTED,      /* skipped, results extrapolated from earlier frames */
} glint_stage_status;

typedef struct glint_stage_report {
    glint_stage_status status;
    int32_t runs;           /* model invocations (e.g. landmarks for 2 hands = 2) */
    float ms;               /* measured wall time this frame */
    float estimate_ms;      /* the planner's cost estimate before running */
    glint_backend backend;  /* where it ran (CPU or VULKAN); when it did not run: where it
                               was planned */
} glint_stage_report;

typedef struct glint_frame {
    int64_t timestamp_ns;
    int32_t width, height;
    int32_t num_hands;
    glint_hand hands[GLINT_MAX_HANDS];
    glint_body body;
    glint_stage_report stages[GLINT_STAGE_COUNT];
    float budget_ms;        /* 0 = unlimited */
    float used_ms;
    bool deadline_missed;   /* used_ms > budget_ms */
} glint_frame;

/* ---- functions ---- */

GLINT_API glint_result glint_tracker_create(const glint_tracker_desc* desc, glint_tracker** out_tracker);
GLINT_API void glint_tracker_destroy(glint_tracker* tracker);

/* Tracks one camera frame. timestamp_ns: capture time, monotonic, increasing. On an error
 * (bad image, ...) out_frame holds no hands and the tracker stays usable. */
GLINT_API glint_result glint_tracker_process(glint_tracker* tracker, const glint_image* image, int64_t timestamp_ns,
                                             glint_frame* out_frame);

/* The latest result extrapolated to display_time_ns (e.g. XrFrameState::predictedDisplayTime
 * converted to the camera clock). */
GLINT_API glint_result glint_tracker_predict(const glint_tracker* tracker, int64_t display_time_ns,
                                             glint_frame* out_frame);

/* Forgets every tracked hand and the body (keeps the measured stage costs): for a camera
 * switch or a sequence of unrelated images. Timestamps may start over afterwards. */
GLINT_API glint_result glint_tracker_reset(glint_tracker* tracker);

/* The message of the last error on this tracker ("" if none). */
GLINT_API const char* glint_tracker_last_error(const glint_tracker* tracker);

GLINT_API const char* glint_gesture_name(glint_gesture gesture); /* "Open_Palm", ... */
GLINT_API const char* glint_stage_name(glint_stage stage);       /* "palm_detection", ... */

#ifdef __cplusplus
}
#endif

#endif /* GLINT_H */

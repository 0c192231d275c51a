/*
 * glint-quantize: makes the int8 or fp16 variant of a model from real images and writes it as
 * a .glint file, with an accuracy report against the float model.
 *
 *   gq_data.c    what kind of model it is, the images, the model inputs made from them
 *                (hand crops as the tracker makes them; letterboxes; augmentations)
 *   gq_eval.c    accuracy of the written file against the float model, per model kind
 *   gq_report.c  the JSON report
 *   gq_main.c    arguments and the run
 */
#ifndef GQ_H
#define GQ_H

#include <stdbool.h>
#include <stdio.h>

#include "common/gs_image.h"
#include "engine/calib/ge_calib_data.h"
#include "engine/calib/ge_ptq.h"
#include "glint/glint_model.h"
#include "image/gi_prepare.h"

typedef enum gq_kind {
    GQ_GENERIC = 0,    /* letterboxed whole frames, output SQNR only */
    GQ_HAND_LANDMARK,  /* 224 hand crops from the palm detector + landmark ROI */
    GQ_PALM,           /* palm detector: 192 letterbox */
    GQ_MOVENET,        /* MoveNet SinglePose cut at its four heads */
} gq_kind;

const char* gq_kind_name(gq_kind kind);

/* One photo and the crops the model sees in it (one per hand for the landmark model). */
#define GQ_MAX_CROPS 4
typedef struct gq_image {
    char name[128];
    gs_image image;
    gi_prep_desc crop[GQ_MAX_CROPS];
    int32_t num_crops;
} gq_image;

typedef struct gq_options {
    const char* model;
    const char* calib_dir;
    const char* eval_dir;     /* default: calib_dir */
    const char* out;
    const char* report;
    const char* palm;         /* palm detector for hand crops (default: next to the model) */
    ge_ptq_options ptq;
    int32_t augment;          /* augmented samples per crop */
    int32_t max_images;
    uint64_t seed;
    bool quiet;
} gq_options;

typedef struct gq_data {
    gq_kind kind;
    gi_prep_desc input;       /* size, range, dtype of the model input */
    gq_image* images;
    int32_t num_images;
    char palm_path[1024];
} gq_data;

/* Output names MoveNet is cut at (the tracker's heads, gt_movenet.h), in the tracker's order. */
extern const char* const gq_movenet_heads[4];

/* Loads the model (fp32); MoveNet with its heads as outputs. Prints errors. */
glint_model* gq_load(const char* path, gq_kind kind);
/* The model's kind from its graph (after a plain load). */
gq_kind gq_detect_kind(const glint_model* model);
/* Loads the photos of dir and finds the crops of each (hand crops need data->palm_path). */
int gq_data_load(gq_data* data, const char* dir, const gq_options* opt, glint_model* model);
void gq_data_free(gq_data* data);
/* Adds the calibration samples: every crop, identity first, then `augment` random variants. */
int gq_data_add_samples(const gq_data* data, ge_calib* calib, int32_t augment, uint64_t seed, bool quiet);

/* Accuracy of the quantized file against the float model on the eval crops. */
typedef struct gq_eval {
    int32_t items;              /* crops (hands, people, frames) compared */
    /* hand landmark */
    double lm_err_px_mean, lm_err_px_max; /* image pixels */
    double nme_mean, nme_max;   /* mean keypoint distance / wrist-to-middle-MCP */
    double presence_delta_max, handedness_delta_max;
    /* MoveNet */
    double kp_err_px_mean, kp_err_px_max; /* at the model's input resolution */
    double kp_err_px_mean_visible;        /* keypoints the float model scores >= 0.3 */
    int32_t kp_visible;
    int32_t person_flips;                 /* photos where the two chose different people (left out) */
    double kp_score_delta_max;
    /* palm */
    double palm_center_err_px_max, palm_size_err_px_max, palm_score_delta_max;
    int32_t palm_count_mismatch;
    /* every model */
    double load_ms_float, load_ms_quant;
    double run_ms_float, run_ms_quant; /* median of the eval runs, this machine's CPU path */
} gq_eval;

int gq_evaluate(const gq_data* data, const char* float_model, const char* quant_file, gq_eval* out);

int gq_write_report(const char* path, const gq_options* opt, const gq_data* data, const ge_ptq_result* res,
                    const ge_graph* src, const gq_eval* eval, long float_bytes, long quant_bytes);

#endif /* GQ_H */

/*
 * ge_ptq: post-training quantization of one fp32 graph, end to end (the library path of
 * glint-quantize): calibrate (ge_calib), rewrite (ge_quant), measure, optionally keep the most
 * sensitive layers in fp32.
 *
 * Measures, all against the fp32 graph on the calibration samples (or the first
 * sensitivity_samples of them):
 *  - output SQNR in dB per graph output (10 log10(sum ref^2 / sum (ref - q)^2)), and its
 *    mean over the outputs as the model's score;
 *  - per-layer sensitivity (int8): for every conv / depthwise / fully-connected op, the score
 *    of the graph in which only that op is int8. The --keep-fp32 N option keeps the N layers
 *    with the lowest score in fp32 (cheap ops that follow them stay fp32 too, since an int8
 *    region only starts at a heavy op).
 *  - auto observer: every observer is tried and the one with the best score wins.
 * Before quantizing to int8, the graph is cross-layer equalized (ge_quant_equalize: channel
 * ranges balanced between consecutive conv layers, same function) from the calibration's
 * per-channel statistics, then calibrated again; the result is the equalized graph's. After
 * quantizing, the mean output error of every int8 conv layer is measured on the calibration
 * samples and removed from its int32 bias (ge_ptq_bias_correct), unless that lowers the score by
 * more than 1 dB.
 */
#ifndef GE_PTQ_H
#define GE_PTQ_H

#include "engine/calib/ge_calib.h"

typedef enum ge_precision {
    GE_PRECISION_INT8 = 0,
    GE_PRECISION_FP16 = 1,
} ge_precision;

typedef void (*ge_ptq_progress_fn)(void* ctx, const char* stage, int32_t done, int32_t total);

typedef struct ge_ptq_options {
    ge_precision precision;
    ge_observer observer;
    bool auto_observer;          /* try every observer, keep the best score (int8) */
    int32_t keep_fp32;           /* N most sensitive layers kept in fp32 (int8) */
    bool sensitivity;            /* compute the per-layer report even when keep_fp32 is 0 */
    int32_t sensitivity_samples; /* samples per sensitivity run; 0: min(8, all) */
    bool quantize_output_ops;    /* see ge_quant_options */
    bool no_equalize;            /* skip cross-layer equalization (ge_quant_equalize) */
    bool no_bias_correction;     /* skip the empirical bias correction (ge_ptq_bias_correct) */
    int32_t bias_samples;        /* samples it measures on; 0: min(16, all) */
    float equalize_alpha;        /* 0: 0.5 */
    ge_ptq_progress_fn progress;
    void* progress_ctx;
} ge_ptq_options;

typedef struct ge_ptq_layer {
    int32_t op;        /* index in the source graph */
    int64_t macs;
    double score_db;   /* mean output SQNR with only this op in int8 */
    bool kept_fp32;
} ge_ptq_layer;

typedef struct ge_ptq_result {
    gu_allocator* allocator;
    ge_graph graph;            /* the rewritten graph (analysed, shapes inferred, not planned) */
    ge_quant_stats stats;
    ge_observer observer;      /* the one used */
    ge_tensor_range* ranges;   /* per source tensor (int8) */
    ge_ptq_layer* layers;      /* sensitivity, in op order (NULL when not computed) */
    int32_t num_layers;
    double* output_sqnr_db;    /* per graph output (f32 outputs; others 0) */
    int32_t num_outputs;
    double score_db;           /* mean of output_sqnr_db */
    double observer_score_db[3]; /* auto observer: score of each observer (0 when not tried) */
    int32_t equalized_pairs;   /* producer/consumer pairs rescaled before quantization */
    int32_t bias_corrected;    /* int8 layers whose bias was corrected */
} ge_ptq_result;

/* calib holds the samples (ge_calib_add_sample done). out is initialised here. */
glint_result ge_ptq_run(const ge_graph* src, ge_calib* calib, const ge_ptq_options* opt, ge_ptq_result* out,
                        glint_error* err);
void ge_ptq_result_free(ge_ptq_result* r);

/*
 * Empirical bias correction (ge_bias_correct.c): q is the int8 rewrite of src (tensor names
 * shared), calib holds src's samples; layer by layer in graph order, the mean error of each
 * output channel over the first `samples` samples is removed from the int32 bias.
 */
glint_result ge_ptq_bias_correct(ge_graph* q, const ge_graph* src, ge_calib* calib, int32_t samples,
                                 int32_t* out_corrected, glint_error* err);

#endif /* GE_PTQ_H */

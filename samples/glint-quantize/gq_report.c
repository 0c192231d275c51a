/*
 * glint-quantize: the JSON report (--report): settings, file sizes, what became int8, output
 * SQNR, the per-layer sensitivity table, and the accuracy against the float model.
 */
#include <stdio.h>
#include <string.h>

#include "glint-quantize/gq.h"

static void jstr(FILE* f, const char* s) {
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

int gq_write_report(const char* path, const gq_options* opt, const gq_data* data, const ge_ptq_result* res,
                    const ge_graph* src, const gq_eval* ev, long float_bytes, long quant_bytes) {
    FILE* f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "glint-quantize: cannot write the report '%s'\n", path);
        return -1;
    }
    const bool int8 = opt->ptq.precision == GE_PRECISION_INT8;
    int32_t crops = 0;
    for (int32_t i = 0; i < data->num_images; i++) crops += data->images[i].num_crops;
    fprintf(f, "{\n  \"model\": ");
    jstr(f, opt->model);
    fprintf(f, ",\n  \"kind\": \"%s\",\n  \"precision\": \"%s\",\n", gq_kind_name(data->kind), int8 ? "int8" : "fp16");
    if (int8) {
        fprintf(f, "  \"observer\": \"%s\",\n", ge_observer_name(res->observer));
        if (opt->ptq.auto_observer)
            fprintf(f, "  \"observer_scores_db\": {\"minmax\": %.2f, \"percentile\": %.2f, \"kl\": %.2f},\n",
                    res->observer_score_db[0], res->observer_score_db[1], res->observer_score_db[2]);
        fprintf(f, "  \"keep_fp32\": %d,\n  \"equalized_pairs\": %d,\n  \"bias_corrected_layers\": %d,\n",
                (int)opt->ptq.keep_fp32, (int)res->equalized_pairs, (int)res->bias_corrected);
    }
    fprintf(f, "  \"calibration\": {\"images\": %d, \"crops\": %d, \"augment_per_crop\": %d},\n",
            (int)data->num_images, (int)crops, (int)opt->augment);
    fprintf(f, "  \"file_bytes\": {\"float\": %ld, \"quantized\": %ld},\n", float_bytes, quant_bytes);
    const ge_quant_stats* st = &res->stats;
    const double macs = (double)(st->int8_macs + st->fp32_macs);
    fprintf(f,
            "  \"ops\": {\"int8\": %d, \"float\": %d, \"quantize\": %d, \"dequantize\": %d, \"int8_mac_fraction\": "
            "%.4f},\n",
            (int)st->int8_ops, (int)st->fp32_ops, (int)st->quantize_ops, (int)st->dequantize_ops,
            macs > 0 ? (double)st->int8_macs / macs : 0.0);
    fprintf(f, "  \"output_sqnr_db\": {");
    for (int32_t k = 0; k < res->num_outputs; k++) {
        fprintf(f, "%s", k ? ", " : "");
        jstr(f, src->tensors[src->outputs[k]].name);
        fprintf(f, ": %.2f", res->output_sqnr_db[k]);
    }
    fprintf(f, "},\n  \"score_db\": %.2f,\n", res->score_db);
    if (res->layers) {
        fprintf(f, "  \"layers\": [\n");
        for (int32_t i = 0; i < res->num_layers; i++) {
            const ge_ptq_layer* l = &res->layers[i];
            const ge_op* op = &src->ops[l->op];
            fprintf(f, "    {\"op\": ");
            jstr(f, op->name);
            fprintf(f, ", \"type\": \"%s\", \"macs\": %lld, \"sqnr_db\": %.2f, \"kept_fp32\": %s}%s\n",
                    ge_op_name(op->type), (long long)l->macs, l->score_db, l->kept_fp32 ? "true" : "false",
                    i + 1 < res->num_layers ? "," : "");
        }
        fprintf(f, "  ],\n");
    }
    fprintf(f, "  \"accuracy\": {\"items\": %d", (int)ev->items);
    switch (data->kind) {
    case GQ_HAND_LANDMARK:
        fprintf(f,
                ", \"landmark_err_px_mean\": %.4f, \"landmark_err_px_max\": %.4f, \"nme_mean\": %.5f, \"nme_max\": "
                "%.5f, \"presence_delta_max\": %.5f, \"handedness_delta_max\": %.5f",
                ev->lm_err_px_mean, ev->lm_err_px_max, ev->nme_mean, ev->nme_max, ev->presence_delta_max,
                ev->handedness_delta_max);
        break;
    case GQ_MOVENET:
        fprintf(f,
                ", \"keypoint_err_px_mean\": %.4f, \"keypoint_err_px_max\": %.4f, \"visible_keypoints\": %d, "
                "\"visible_keypoint_err_px_mean\": %.4f, \"score_delta_max\": %.5f, \"person_flips\": %d",
                ev->kp_err_px_mean, ev->kp_err_px_max, (int)ev->kp_visible, ev->kp_err_px_mean_visible,
                ev->kp_score_delta_max, (int)ev->person_flips);
        break;
    case GQ_PALM:
        fprintf(f,
                ", \"count_mismatches\": %d, \"center_err_px_max\": %.4f, \"size_err_px_max\": %.4f, "
                "\"score_delta_max\": %.5f",
                (int)ev->palm_count_mismatch, ev->palm_center_err_px_max, ev->palm_size_err_px_max,
                ev->palm_score_delta_max);
        break;
    default: break;
    }
    fprintf(f, "},\n  \"timing_ms\": {\"load_float\": %.2f, \"load_quantized\": %.2f, \"run_float\": %.3f, "
               "\"run_quantized\": %.3f}\n}\n",
            ev->load_ms_float, ev->load_ms_quant, ev->run_ms_float, ev->run_ms_quant);
    fclose(f);
    return 0;
}

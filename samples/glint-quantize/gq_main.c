/*
 * glint-quantize MODEL --calib DIR --out FILE [options]: post-training quantization of a
 * float model into glint's .glint file, calibrated on real photos (see gq.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/format/ge_glint_format.h"
#include "engine/ge_model.h"
#include "glint-quantize/gq.h"
#include "util/gu_file.h"
#include "util/gu_sha256.h"
#include "util/gu_time.h"

static void usage(void) {
    fprintf(stderr,
            "usage: glint-quantize MODEL --calib DIR --out FILE.glint [options]\n"
            "  MODEL                 a .tflite or TF.js model.json (float)\n"
            "  --calib DIR           photos (.png/.jpg) for calibration: hand models get the tracker's hand\n"
            "                        crops (palm detector + landmark ROI), others the letterboxed frame\n"
            "  --out FILE            the .glint file to write\n"
            "  --precision int8|fp16 int8 (default): int8 weights and activations; fp16: f16 weights\n"
            "  --observer minmax|percentile|kl|auto   activation ranges (default minmax; auto tries all\n"
            "                        three and keeps the best output SQNR)\n"
            "  --keep-fp32 N         keep the N most sensitive layers in float (implies --sensitivity)\n"
            "  --sensitivity         per-layer report: output SQNR with only that layer in int8\n"
            "  --no-equalize         skip cross-layer equalization of channel ranges before int8\n"
            "  --no-bias-correction  skip removing each int8 layer's mean output error from its bias\n"
            "  --report FILE.json    accuracy and quantization report\n"
            "  --eval DIR            photos for the accuracy report (default: the calibration photos,\n"
            "                        without augmentation)\n"
            "  --augment N           random variants per crop: rotation, scale, shift, brightness,\n"
            "                        contrast (default 8)\n"
            "  --max-images N        use at most N photos of DIR\n"
            "  --palm MODEL          palm detector for hand crops (default: palm_detection_{lite,full}.tflite\n"
            "                        next to MODEL)\n"
            "  --seed N              augmentation seed (default 1)\n"
            "  --quiet               no progress\n");
}

static void on_progress(void* ctx, const char* stage, int32_t done, int32_t total) {
    (void)ctx;
    fprintf(stderr, "\r%-12s %d/%d", stage, (int)done, (int)total);
    if (done == total) fprintf(stderr, "\n");
}

static long file_size(const char* path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int parse(int argc, char** argv, gq_options* o) {
    memset(o, 0, sizeof(*o));
    o->augment = 8;
    o->seed = 1;
    o->ptq.precision = GE_PRECISION_INT8;
    o->ptq.observer = GE_OBSERVER_MINMAX;
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (!strcmp(a, "--calib") && v) o->calib_dir = v;
        else if (!strcmp(a, "--out") && v) o->out = v;
        else if (!strcmp(a, "--report") && v) o->report = v;
        else if (!strcmp(a, "--eval") && v) o->eval_dir = v;
        else if (!strcmp(a, "--palm") && v) o->palm = v;
        else if (!strcmp(a, "--augment") && v) o->augment = atoi(v);
        else if (!strcmp(a, "--max-images") && v) o->max_images = atoi(v);
        else if (!strcmp(a, "--seed") && v) o->seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--keep-fp32") && v) o->ptq.keep_fp32 = atoi(v);
        else if (!strcmp(a, "--precision") && v) {
            if (!strcmp(v, "int8")) o->ptq.precision = GE_PRECISION_INT8;
            else if (!strcmp(v, "fp16")) o->ptq.precision = GE_PRECISION_FP16;
            else {
                fprintf(stderr, "glint-quantize: --precision int8 or fp16, not '%s'\n", v);
                return -1;
            }
        } else if (!strcmp(a, "--observer") && v) {
            if (!strcmp(v, "auto")) o->ptq.auto_observer = true;
            else if (!ge_observer_parse(v, &o->ptq.observer)) {
                fprintf(stderr, "glint-quantize: unknown observer '%s'\n", v);
                return -1;
            }
        } else {
            takes = false;
            if (!strcmp(a, "--sensitivity")) o->ptq.sensitivity = true;
            else if (!strcmp(a, "--quiet")) o->quiet = true;
            else if (!strcmp(a, "--no-equalize")) o->ptq.no_equalize = true;
            else if (!strcmp(a, "--no-bias-correction")) o->ptq.no_bias_correction = true;
            else if (a[0] != '-' && !o->model) o->model = a;
            else {
                fprintf(stderr, "glint-quantize: unexpected argument '%s'\n", a);
                return -1;
            }
        }
        if (takes) i++;
    }
    if (!o->model || !o->calib_dir || !o->out || o->augment < 0 || o->ptq.keep_fp32 < 0) return -1;
    if (!o->quiet) o->ptq.progress = on_progress;
    return 0;
}

static int source_hash(const char* path, uint8_t out[32]) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    void* data = NULL;
    size_t size = 0;
    glint_error err = {0};
    if (gu_file_read(path, &alloc, (size_t)1 << 30, &data, &size, &err) < 0) {
        fprintf(stderr, "glint-quantize: %s\n", err.message);
        return -1;
    }
    gu_sha256_bytes(data, size, out);
    gu_free_aligned(&alloc, data);
    return 0;
}

static void print_summary(const gq_options* o, const gq_data* d, const ge_ptq_result* res, const gq_eval* ev,
                          long fbytes, long qbytes) {
    const ge_quant_stats* st = &res->stats;
    const double macs = (double)(st->int8_macs + st->fp32_macs);
    printf("%s -> %s (%s, %s)\n", o->model, o->out, o->ptq.precision == GE_PRECISION_INT8 ? "int8" : "fp16",
           gq_kind_name(d->kind));
    if (o->ptq.precision == GE_PRECISION_INT8)
        printf("  observer %s, %d layer pairs equalized, %d biases corrected; %d int8 ops (%.1f %% of MACs), %d float, %d QUANTIZE, %d "
               "DEQUANTIZE\n",
               ge_observer_name(res->observer), (int)res->equalized_pairs, (int)res->bias_corrected, (int)st->int8_ops, macs > 0 ? 100.0 * st->int8_macs / macs : 0.0,
               (int)st->fp32_ops, (int)st->quantize_ops, (int)st->dequantize_ops);
    printf("  file %ld bytes (float model file %ld bytes); output SQNR %.1f dB\n", qbytes, fbytes, res->score_db);
    switch (d->kind) {
    case GQ_HAND_LANDMARK:
        printf("  %d hands: landmarks %.3f px mean, %.3f px max; NME %.5f mean, %.5f max; presence delta %.4f, "
               "handedness delta %.4f\n",
               (int)ev->items, ev->lm_err_px_mean, ev->lm_err_px_max, ev->nme_mean, ev->nme_max,
               ev->presence_delta_max, ev->handedness_delta_max);
        break;
    case GQ_MOVENET:
        printf("  %d photos: keypoints %.3f px mean (%d visible: %.3f px), %.3f px max (at the model input); score "
               "delta %.4f; %d photos with a different person chosen (left out)\n",
               (int)ev->items, ev->kp_err_px_mean, (int)ev->kp_visible, ev->kp_err_px_mean_visible, ev->kp_err_px_max,
               ev->kp_score_delta_max, (int)ev->person_flips);
        break;
    case GQ_PALM:
        printf("  %d photos: %d count mismatches; best box centre %.3f px, size %.3f px max (at 192); score delta "
               "%.4f\n",
               (int)ev->items, (int)ev->palm_count_mismatch, ev->palm_center_err_px_max, ev->palm_size_err_px_max,
               ev->palm_score_delta_max);
        break;
    default: break;
    }
    printf("  load %.1f ms (float %.1f ms); run %.2f ms (float %.2f ms)\n", ev->load_ms_quant, ev->load_ms_float,
           ev->run_ms_quant, ev->run_ms_float);
}

int main(int argc, char** argv) {
    gq_options o;
    if (argc < 2 || parse(argc, argv, &o) < 0) {
        usage();
        return 2;
    }
    glint_model* model = gq_load(o.model, GQ_GENERIC);
    if (!model) return 1;
    gq_kind kind = gq_detect_kind(model);
    if (kind == GQ_MOVENET) { /* the tracker runs MoveNet up to its heads: quantize that graph */
        glint_model_destroy(model);
        model = gq_load(o.model, GQ_MOVENET);
        if (!model) return 1;
    }
    gq_data calib_data, eval_data;
    if (gq_data_load(&calib_data, o.calib_dir, &o, model) < 0) return 1;
    calib_data.kind = kind;
    if (!o.quiet) {
        int32_t crops = 0;
        for (int32_t i = 0; i < calib_data.num_images; i++) crops += calib_data.images[i].num_crops;
        fprintf(stderr, "%s: %s, %d photos, %d crops, %d augmented variants each\n", o.model, gq_kind_name(kind),
                (int)calib_data.num_images, (int)crops, (int)o.augment);
    }
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    const ge_graph* src = ge_model_graph(model);
    ge_calib calib;
    glint_error err = {0};
    if (ge_calib_init(&calib, src, &alloc, &err) < 0) {
        fprintf(stderr, "glint-quantize: %s\n", err.message);
        return 1;
    }
    if (gq_data_add_samples(&calib_data, &calib, o.augment, o.seed, o.quiet) < 0) return 1;
    ge_ptq_result res;
    int64_t t0 = gu_time_ns();
    if (ge_ptq_run(src, &calib, &o.ptq, &res, &err) < 0) {
        fprintf(stderr, "glint-quantize: %s\n", err.message);
        return 1;
    }
    const double quant_s = (double)(gu_time_ns() - t0) * 1e-9;
    ge_glint_meta meta = {{0}, o.ptq.precision == GE_PRECISION_INT8 ? GE_GLINT_INT8 : GE_GLINT_FP16, ""};
    if (source_hash(o.model, meta.source_sha256) < 0) return 1;
    if (o.ptq.precision == GE_PRECISION_INT8)
        snprintf(meta.description, sizeof(meta.description), "int8 %s keep-fp32 %d", ge_observer_name(res.observer),
                 (int)o.ptq.keep_fp32);
    else
        snprintf(meta.description, sizeof(meta.description), "fp16 weights");
    if (ge_glint_write_file(o.out, &res.graph, &meta, &alloc, &err) < 0) {
        fprintf(stderr, "glint-quantize: %s\n", err.message);
        return 1;
    }
    if (!o.quiet) fprintf(stderr, "quantized in %.1f s; evaluating\n", quant_s);

    const gq_data* ev_data = &calib_data;
    if (o.eval_dir) {
        if (gq_data_load(&eval_data, o.eval_dir, &o, model) < 0) return 1;
        eval_data.kind = kind;
        ev_data = &eval_data;
    }
    gq_eval ev;
    if (gq_evaluate(ev_data, o.model, o.out, &ev) < 0) return 1;
    const long fbytes = file_size(o.model), qbytes = file_size(o.out);
    print_summary(&o, ev_data, &res, &ev, fbytes, qbytes);
    int rc = 0;
    if (o.report && gq_write_report(o.report, &o, ev_data, &res, src, &ev, fbytes, qbytes) < 0) rc = 1;
    if (o.eval_dir) gq_data_free(&eval_data);
    ge_ptq_result_free(&res);
    ge_calib_free(&calib);
    gq_data_free(&calib_data);
    glint_model_destroy(model);
    return rc;
}

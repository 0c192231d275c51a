/*
 * glint-quantize: accuracy of the written file against the float model, through the tracker's
 * own components (so the comparison includes exactly what the tracker does with the outputs):
 *
 *   hand landmark  gt_hand_landmark on every hand crop: keypoint error in image pixels, NME
 *                  (mean keypoint distance / wrist-to-middle-MCP distance of the float
 *                  result), presence and handedness score deltas.
 *   MoveNet        gt_movenet on the letterboxed photo: keypoint error in pixels of the model
 *                  input (192 for Lightning), over all 17 keypoints and over the ones the float
 *                  model scores >= 0.3 (visible); score deltas. Photos where the two pick a
 *                  different person (several people in view) are counted, not averaged.
 *   palm           gt_palm_detect on the photo: detection count, and for the best detection the
 *                  box centre and size error in pixels of the 192 input, score delta.
 * Timings: model load, and the median glint_model_run of the eval runs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "glint-quantize/gq.h"
#include "tracker/gt_hand_landmark.h"
#include "tracker/gt_movenet.h"
#include "tracker/gt_palm.h"
#include "util/gu_time.h"

#define MAX_RUNS 4096

static int cmp_double(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

static double median(double* v, int n) {
    if (n <= 0) return 0.0;
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return v[n / 2];
}

static double timed_run(glint_model* m) {
    glint_error err;
    int64_t t0 = gu_time_ns();
    glint_model_run(m, &err);
    return (double)(gu_time_ns() - t0) * 1e-6;
}

static double load_ms(const glint_model* m) {
    glint_model_stats st;
    return glint_model_get_stats(m, &st) >= 0 ? st.load_ms : 0.0;
}

static double max_d(double a, double b) {
    return a > b ? a : b;
}

static int eval_hands(const gq_data* data, const char* fpath, const char* qpath, gq_eval* out, double* tf,
                      double* tq, int* runs) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_hand_landmark hf, hq;
    glint_error err = {0};
    if (gt_hand_landmark_init(&hf, fpath, &alloc, NULL, &err) < 0 || gt_hand_landmark_init(&hq, qpath, &alloc, NULL, &err) < 0) {
        fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
        return -1;
    }
    out->load_ms_float = load_ms(hf.model);
    out->load_ms_quant = load_ms(hq.model);
    double err_sum = 0.0, nme_sum = 0.0;
    for (int32_t i = 0; i < data->num_images; i++) {
        const gq_image* im = &data->images[i];
        gi_image view = gs_image_view(&im->image);
        for (int32_t c = 0; c < im->num_crops; c++) {
            gt_hand_measurement a, b;
            if (gt_hand_landmark_run(&hf, &view, &im->crop[c].roi, &a, &err) < 0 ||
                gt_hand_landmark_run(&hq, &view, &im->crop[c].roi, &b, &err) < 0) {
                fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
                return -1;
            }
            if (*runs < MAX_RUNS) {
                tf[*runs] = timed_run(hf.model);
                tq[*runs] = timed_run(hq.model);
                (*runs)++;
            }
            double e = 0.0;
            for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
                double d = hypot(a.keypoints[k].x - b.keypoints[k].x, a.keypoints[k].y - b.keypoints[k].y);
                e += d / GLINT_HAND_KEYPOINTS;
                out->lm_err_px_max = max_d(out->lm_err_px_max, d);
            }
            const double size = hypot(a.keypoints[0].x - a.keypoints[9].x, a.keypoints[0].y - a.keypoints[9].y);
            const double nme = size > 0 ? e / size : 0.0;
            err_sum += e;
            nme_sum += nme;
            out->nme_max = max_d(out->nme_max, nme);
            out->presence_delta_max = max_d(out->presence_delta_max, fabs((double)a.presence - b.presence));
            out->handedness_delta_max =
                max_d(out->handedness_delta_max, fabs((double)a.handedness_raw - b.handedness_raw));
            out->items++;
        }
    }
    if (out->items) {
        out->lm_err_px_mean = err_sum / out->items;
        out->nme_mean = nme_sum / out->items;
    }
    gt_hand_landmark_free(&hf, &alloc);
    gt_hand_landmark_free(&hq, &alloc);
    return 0;
}

static int eval_movenet(const gq_data* data, const char* fpath, const char* qpath, gq_eval* out, double* tf,
                        double* tq, int* runs) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_movenet mf, mq;
    glint_error err = {0};
    if (gt_movenet_init(&mf, fpath, &alloc, NULL, &err) < 0 || gt_movenet_init(&mq, qpath, &alloc, NULL, &err) < 0) {
        fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
        return -1;
    }
    out->load_ms_float = load_ms(mf.model);
    out->load_ms_quant = load_ms(mq.model);
    double sum = 0.0, sum_visible = 0.0;
    int32_t n = 0;
    for (int32_t i = 0; i < data->num_images; i++) {
        const gq_image* im = &data->images[i];
        gi_image view = gs_image_view(&im->image);
        gt_movenet_pose a, b;
        if (gi_prepare_tensor(&view, &im->crop[0], mf.input, mf.input_bytes, NULL, &err) < 0) continue;
        memcpy(mq.input, mf.input, mf.input_bytes);
        if (gt_movenet_run_input(&mf, &a, &err) < 0 || gt_movenet_run_input(&mq, &b, &err) < 0) {
            fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
            return -1;
        }
        if (*runs < MAX_RUNS) {
            tf[*runs] = timed_run(mf.model);
            tq[*runs] = timed_run(mq.model);
            (*runs)++;
        }
        /* With several people in the photo, MoveNet SinglePose follows the strongest person
         * centre; when the two models pick different people the keypoint distance measures the
         * distance between people, not quantization: counted apart. */
        if (abs(a.center_row - b.center_row) > 1 || abs(a.center_col - b.center_col) > 1) {
            out->person_flips++;
            out->items++;
            continue;
        }
        for (int k = 0; k < GT_MOVENET_KEYPOINTS; k++) {
            const double d = hypot((double)a.keypoints[k].x - b.keypoints[k].x, (double)a.keypoints[k].y - b.keypoints[k].y) *
                             mf.size;
            sum += d;
            n++;
            if (a.keypoints[k].score >= 0.3f) {
                sum_visible += d;
                out->kp_visible++;
            }
            out->kp_err_px_max = max_d(out->kp_err_px_max, d);
            out->kp_score_delta_max =
                max_d(out->kp_score_delta_max, fabs((double)a.keypoints[k].score - b.keypoints[k].score));
        }
        out->items++;
    }
    if (n) out->kp_err_px_mean = sum / n;
    if (out->kp_visible) out->kp_err_px_mean_visible = sum_visible / out->kp_visible;
    gt_movenet_free(&mf, &alloc);
    gt_movenet_free(&mq, &alloc);
    return 0;
}

static int eval_palm(const gq_data* data, const char* fpath, const char* qpath, gq_eval* out, double* tf, double* tq,
                     int* runs) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_palm_detector pf, pq;
    glint_error err = {0};
    if (gt_palm_init(&pf, fpath, &alloc, NULL, &err) < 0 || gt_palm_init(&pq, qpath, &alloc, NULL, &err) < 0) {
        fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
        return -1;
    }
    out->load_ms_float = load_ms(pf.model);
    out->load_ms_quant = load_ms(pq.model);
    for (int32_t i = 0; i < data->num_images; i++) {
        const gq_image* im = &data->images[i];
        gi_image view = gs_image_view(&im->image);
        gt_detection a[8], b[8];
        int32_t na = 0, nb = 0;
        if (gt_palm_detect(&pf, &view, 0.5f, a, 8, &na, &err) < 0 || gt_palm_detect(&pq, &view, 0.5f, b, 8, &nb, &err) < 0) {
            fprintf(stderr, "glint-quantize: eval: %s\n", err.message);
            return -1;
        }
        if (*runs < MAX_RUNS) {
            tf[*runs] = timed_run(pf.model);
            tq[*runs] = timed_run(pq.model);
            (*runs)++;
        }
        out->palm_count_mismatch += na != nb;
        if (na > 0 && nb > 0) {
            const double to_input = 192.0 / (im->image.width > im->image.height ? im->image.width : im->image.height);
            const double cx = 0.5 * (a[0].xmin + a[0].xmax) - 0.5 * (b[0].xmin + b[0].xmax);
            const double cy = 0.5 * (a[0].ymin + a[0].ymax) - 0.5 * (b[0].ymin + b[0].ymax);
            const double sa = a[0].xmax - a[0].xmin, sb = b[0].xmax - b[0].xmin;
            out->palm_center_err_px_max = max_d(out->palm_center_err_px_max, hypot(cx, cy) * to_input);
            out->palm_size_err_px_max = max_d(out->palm_size_err_px_max, fabs(sa - sb) * to_input);
            out->palm_score_delta_max = max_d(out->palm_score_delta_max, fabs((double)a[0].score - b[0].score));
        }
        out->items++;
    }
    gt_palm_free(&pf, &alloc);
    gt_palm_free(&pq, &alloc);
    return 0;
}

static int eval_generic(const gq_data* data, const char* fpath, const char* qpath, gq_eval* out, double* tf,
                        double* tq, int* runs) {
    glint_model* mf = gq_load(fpath, data->kind);
    glint_model* mq = gq_load(qpath, data->kind);
    if (!mf || !mq) {
        glint_model_destroy(mf);
        glint_model_destroy(mq);
        return -1;
    }
    out->load_ms_float = load_ms(mf);
    out->load_ms_quant = load_ms(mq);
    const size_t bytes = gi_prep_tensor_bytes(&data->input);
    void* buf = malloc(bytes);
    glint_error err = {0};
    for (int32_t i = 0; buf && i < data->num_images && *runs < MAX_RUNS; i++) {
        gi_image view = gs_image_view(&data->images[i].image);
        if (gi_prepare_tensor(&view, &data->images[i].crop[0], buf, bytes, NULL, &err) < 0) continue;
        glint_model_set_input(mf, 0, buf, bytes);
        glint_model_set_input(mq, 0, buf, bytes);
        tf[*runs] = timed_run(mf);
        tq[*runs] = timed_run(mq);
        (*runs)++;
        out->items++;
    }
    free(buf);
    glint_model_destroy(mf);
    glint_model_destroy(mq);
    return 0;
}

int gq_evaluate(const gq_data* data, const char* float_model, const char* quant_file, gq_eval* out) {
    memset(out, 0, sizeof(*out));
    static double tf[MAX_RUNS], tq[MAX_RUNS];
    int runs = 0, r;
    switch (data->kind) {
    case GQ_HAND_LANDMARK: r = eval_hands(data, float_model, quant_file, out, tf, tq, &runs); break;
    case GQ_MOVENET: r = eval_movenet(data, float_model, quant_file, out, tf, tq, &runs); break;
    case GQ_PALM: r = eval_palm(data, float_model, quant_file, out, tf, tq, &runs); break;
    default: r = eval_generic(data, float_model, quant_file, out, tf, tq, &runs); break;
    }
    out->run_ms_float = median(tf, runs);
    out->run_ms_quant = median(tq, runs);
    return r;
}

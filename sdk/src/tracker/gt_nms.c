#include "gt_nms.h"

#include <stdbool.h>

float gt_box_iou(const gt_detection* a, const gt_detection* b) {
    float ix0 = a->xmin > b->xmin ? a->xmin : b->xmin;
    float iy0 = a->ymin > b->ymin ? a->ymin : b->ymin;
    float ix1 = a->xmax < b->xmax ? a->xmax : b->xmax;
    float iy1 = a->ymax < b->ymax ? a->ymax : b->ymax;
    if (!(ix1 > ix0) || !(iy1 > iy0)) return 0.0f;
    float inter = (ix1 - ix0) * (iy1 - iy0);
    float area_a = (a->xmax - a->xmin) * (a->ymax - a->ymin);
    float area_b = (b->xmax - b->xmin) * (b->ymax - b->ymin);
    float uni = area_a + area_b - inter;
    return uni > 0.0f ? inter / uni : 0.0f;
}

/* "a goes before b": higher score first, then lower index, so the order is total. */
static bool before(const gt_detection* dets, int32_t a, int32_t b) {
    if (dets[a].score != dets[b].score) return dets[a].score > dets[b].score;
    return a < b;
}

static void sift_down(const gt_detection* dets, int32_t* idx, int32_t root, int32_t n) {
    /* Max-heap on "goes after", so popping the top to the end leaves the best first. */
    for (;;) {
        int32_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && before(dets, idx[child], idx[child + 1])) child++;
        if (!before(dets, idx[root], idx[child])) return;
        int32_t t = idx[root];
        idx[root] = idx[child];
        idx[child] = t;
        root = child;
    }
}

void gt_sort_by_score(const gt_detection* dets, int32_t* idx, int32_t n) {
    for (int32_t i = n / 2 - 1; i >= 0; i--) sift_down(dets, idx, i, n);
    for (int32_t end = n - 1; end > 0; end--) {
        int32_t t = idx[0];
        idx[0] = idx[end];
        idx[end] = t;
        sift_down(dets, idx, 0, end);
    }
}

int32_t gt_nms_weighted(const gt_detection* dets, int32_t n, float iou_threshold, int32_t* scratch,
                        gt_detection* out, int32_t max_out) {
    if (!dets || !scratch || !out || n <= 0 || max_out <= 0) return 0;
    for (int32_t i = 0; i < n; i++) scratch[i] = i;
    gt_sort_by_score(dets, scratch, n);
    int32_t remaining = n, count = 0;
    while (remaining > 0 && count < max_out) {
        const gt_detection* best = &dets[scratch[0]];
        gt_detection w = *best;
        double sx0 = 0, sy0 = 0, sx1 = 0, sy1 = 0, total = 0;
        double kp[GT_DETECTION_MAX_KEYPOINTS][2] = {{0}};
        int32_t nk = best->num_keypoints;
        if (nk < 0) nk = 0;
        if (nk > GT_DETECTION_MAX_KEYPOINTS) nk = GT_DETECTION_MAX_KEYPOINTS;
        /* Split the remaining list (kept in score order) into the group and the rest. The best
         * one always joins its own group, even when its box is empty (IoU 0). */
        int32_t kept = 0;
        for (int32_t i = 0; i < remaining; i++) {
            const gt_detection* d = &dets[scratch[i]];
            if (i == 0 || gt_box_iou(d, best) > iou_threshold) {
                double s = d->score;
                total += s;
                sx0 += d->xmin * s;
                sy0 += d->ymin * s;
                sx1 += d->xmax * s;
                sy1 += d->ymax * s;
                for (int32_t k = 0; k < nk && k < d->num_keypoints; k++) {
                    kp[k][0] += d->kp[k][0] * s;
                    kp[k][1] += d->kp[k][1] * s;
                }
            } else {
                scratch[kept++] = scratch[i];
            }
        }
        if (total > 0.0) {
            w.xmin = (float)(sx0 / total);
            w.ymin = (float)(sy0 / total);
            w.xmax = (float)(sx1 / total);
            w.ymax = (float)(sy1 / total);
            for (int32_t k = 0; k < nk; k++) {
                w.kp[k][0] = (float)(kp[k][0] / total);
                w.kp[k][1] = (float)(kp[k][1] / total);
            }
        }
        out[count++] = w;
        remaining = kept;
    }
    return count;
}

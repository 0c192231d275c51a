/* MoveNet crop-region tracking (see gt_body_crop.h). */
#include "tracker/gt_body_crop.h"

#include <math.h>

enum { COCO_L_SHOULDER = 5, COCO_R_SHOULDER = 6, COCO_L_HIP = 11, COCO_R_HIP = 12 };

static double max2(double a, double b) { return a > b ? a : b; }

gt_body_crop gt_body_crop_full(int32_t image_w, int32_t image_h) {
    double side = max2(image_w, image_h);
    gt_body_crop c;
    c.x_min = (image_w - side) * 0.5;
    c.y_min = (image_h - side) * 0.5;
    c.x_max = c.x_min + side;
    c.y_max = c.y_min + side;
    return c;
}

gt_body_crop gt_body_crop_next(const glint_vec3 keypoints[GLINT_BODY_KEYPOINTS], int32_t image_w, int32_t image_h,
                               float min_score, bool* out_tracked) {
    if (out_tracked) *out_tracked = false;
    const glint_vec3* k = keypoints;
    bool hip = k[COCO_L_HIP].z > min_score || k[COCO_R_HIP].z > min_score;
    bool shoulder = k[COCO_L_SHOULDER].z > min_score || k[COCO_R_SHOULDER].z > min_score;
    if (!hip || !shoulder) return gt_body_crop_full(image_w, image_h);

    const double cx = 0.5 * ((double)k[COCO_L_HIP].x + k[COCO_R_HIP].x);
    const double cy = 0.5 * ((double)k[COCO_L_HIP].y + k[COCO_R_HIP].y);
    if (!isfinite(cx) || !isfinite(cy)) return gt_body_crop_full(image_w, image_h);
    /* The torso joints count whatever their score (the hips define the centre anyway);
     * the body range only counts keypoints the model is reasonably sure of. */
    static const int torso[4] = {COCO_L_SHOULDER, COCO_R_SHOULDER, COCO_L_HIP, COCO_R_HIP};
    double torso_x = 0, torso_y = 0, body_x = 0, body_y = 0;
    for (int i = 0; i < 4; i++) {
        torso_x = max2(torso_x, fabs(cx - k[torso[i]].x));
        torso_y = max2(torso_y, fabs(cy - k[torso[i]].y));
    }
    for (int i = 0; i < GLINT_BODY_KEYPOINTS; i++) {
        if (k[i].z < min_score) continue;
        body_x = max2(body_x, fabs(cx - k[i].x));
        body_y = max2(body_y, fabs(cy - k[i].y));
    }
    double half = max2(max2(torso_x * 1.9, torso_y * 1.9), max2(body_x * 1.2, body_y * 1.2));
    /* Never more than it takes to reach the farthest image border from the centre. */
    double reach = max2(max2(cx, image_w - cx), max2(cy, image_h - cy));
    if (half > reach) half = reach;
    double longer = max2(image_w, image_h);
    if (!(half <= longer * 0.5)) return gt_body_crop_full(image_w, image_h); /* also catches NaN */
    if (half < longer * GT_BODY_CROP_MIN_FRACTION * 0.5) half = longer * GT_BODY_CROP_MIN_FRACTION * 0.5;
    gt_body_crop c = {cx - half, cy - half, cx + half, cy + half};
    if (out_tracked) *out_tracked = true;
    return c;
}

gi_affine gt_body_crop_to_affine(const gt_body_crop* crop, int32_t size) {
    gi_affine a;
    a.m[0] = (crop->x_max - crop->x_min) / size;
    a.m[1] = 0.0;
    a.m[2] = crop->x_min;
    a.m[3] = 0.0;
    a.m[4] = (crop->y_max - crop->y_min) / size;
    a.m[5] = crop->y_min;
    return a;
}

static double smooth(double old, double now, double alpha) { return old + alpha * (now - old); }

gt_body_crop gt_body_crop_filter_apply(gt_body_crop_filter* filter, const gt_body_crop* crop, double alpha) {
    if (!filter->initialized) {
        filter->initialized = true;
        filter->value = *crop;
        return *crop;
    }
    gt_body_crop* v = &filter->value;
    v->x_min = smooth(v->x_min, crop->x_min, alpha);
    v->y_min = smooth(v->y_min, crop->y_min, alpha);
    v->x_max = smooth(v->x_max, crop->x_max, alpha);
    v->y_max = smooth(v->y_max, crop->y_max, alpha);
    return *v;
}

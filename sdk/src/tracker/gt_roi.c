#include "gt_roi.h"

#include <math.h>

double gt_normalize_radians(double angle) {
    return angle - 2.0 * GI_PI * floor((angle + GI_PI) / (2.0 * GI_PI));
}

double gt_rotation_from_points(double x0, double y0, double x1, double y1, double target) {
    return gt_normalize_radians(target - atan2(-(y1 - y0), x1 - x0));
}

gt_rect gt_rect_apply_transform(const gt_rect* rect, const gt_rect_transform* t) {
    gt_rect r = *rect;
    double c = cos(r.rotation), s = sin(r.rotation);
    /* The shift is along the rect's own axes: x_shift * w along R*(1,0), y_shift * h along R*(0,1). */
    double sx = r.w * t->shift_x, sy = r.h * t->shift_y;
    r.cx += sx * c - sy * s;
    r.cy += sx * s + sy * c;
    double w = r.w, h = r.h;
    if (t->square_long) {
        double l = w > h ? w : h;
        w = h = l;
    }
    r.w = w * t->scale_x;
    r.h = h * t->scale_y;
    return r;
}

gi_roi gt_rect_to_roi(const gt_rect* rect) {
    gi_roi roi;
    roi.cx = rect->cx;
    roi.cy = rect->cy;
    roi.side = rect->w > rect->h ? rect->w : rect->h;
    roi.rotation = rect->rotation;
    return roi;
}

gi_roi gt_roi_from_palm(const gt_detection* det) {
    gt_rect r;
    r.cx = 0.5 * ((double)det->xmin + det->xmax);
    r.cy = 0.5 * ((double)det->ymin + det->ymax);
    r.w = (double)det->xmax - det->xmin;
    r.h = (double)det->ymax - det->ymin;
    r.rotation = gt_rotation_from_points(det->kp[0][0], det->kp[0][1], det->kp[2][0], det->kp[2][1], 0.5 * GI_PI);
    gt_rect_transform t = {GT_PALM_ROI_SCALE, GT_PALM_ROI_SCALE, 0.0, GT_PALM_ROI_SHIFT_Y, true};
    gt_rect out = gt_rect_apply_transform(&r, &t);
    return gt_rect_to_roi(&out);
}

/* The landmarks HandLandmarksToRectCalculator looks at: wrist, thumb CMC/MCP/IP and the MCP and
 * PIP of each finger (the tips move too much to define a stable box). */
static const int32_t k_roi_landmarks[12] = {0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18};

gi_roi gt_roi_from_hand_landmarks(const glint_vec3 lm[GLINT_HAND_KEYPOINTS]) {
    /* Rotation: wrist -> the mean of (mean of index and ring MCP) and middle MCP. */
    double mx = 0.5 * (0.5 * ((double)lm[5].x + lm[13].x) + lm[9].x);
    double my = 0.5 * (0.5 * ((double)lm[5].y + lm[13].y) + lm[9].y);
    double rotation = gt_rotation_from_points(lm[0].x, lm[0].y, mx, my, 0.5 * GI_PI);

    /* Extent in the rotated frame, measured around the axis-aligned centre (as the calculator
     * does: the centre only anchors the projection; the result does not depend on it). */
    double ax0 = INFINITY, ay0 = INFINITY, ax1 = -INFINITY, ay1 = -INFINITY;
    for (int32_t i = 0; i < 12; i++) {
        const glint_vec3* p = &lm[k_roi_landmarks[i]];
        if (p->x < ax0) ax0 = p->x;
        if (p->x > ax1) ax1 = p->x;
        if (p->y < ay0) ay0 = p->y;
        if (p->y > ay1) ay1 = p->y;
    }
    double acx = 0.5 * (ax0 + ax1), acy = 0.5 * (ay0 + ay1);
    double c = cos(rotation), s = sin(rotation);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t i = 0; i < 12; i++) {
        const glint_vec3* p = &lm[k_roi_landmarks[i]];
        double dx = p->x - acx, dy = p->y - acy;
        /* R(-rotation) * d: image offsets into the rect's own frame. */
        double u = dx * c + dy * s;
        double v = -dx * s + dy * c;
        if (u < x0) x0 = u;
        if (u > x1) x1 = u;
        if (v < y0) y0 = v;
        if (v > y1) y1 = v;
    }
    double pcx = 0.5 * (x0 + x1), pcy = 0.5 * (y0 + y1);
    gt_rect r;
    r.cx = acx + pcx * c - pcy * s;
    r.cy = acy + pcx * s + pcy * c;
    r.w = x1 - x0;
    r.h = y1 - y0;
    r.rotation = rotation;
    gt_rect_transform t = {GT_TRACK_ROI_SCALE, GT_TRACK_ROI_SCALE, 0.0, GT_TRACK_ROI_SHIFT_Y, true};
    gt_rect out = gt_rect_apply_transform(&r, &t);
    return gt_rect_to_roi(&out);
}

void gt_roi_bounds(const gi_roi* roi, double* out_x0, double* out_y0, double* out_x1, double* out_y1) {
    /* Half extent of a square of side s turned by r: s/2 * (|cos r| + |sin r|) on both axes. */
    double e = 0.5 * roi->side * (fabs(cos(roi->rotation)) + fabs(sin(roi->rotation)));
    *out_x0 = roi->cx - e;
    *out_y0 = roi->cy - e;
    *out_x1 = roi->cx + e;
    *out_y1 = roi->cy + e;
}

double gt_roi_iou(const gi_roi* a, const gi_roi* b) {
    double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
    gt_roi_bounds(a, &ax0, &ay0, &ax1, &ay1);
    gt_roi_bounds(b, &bx0, &by0, &bx1, &by1);
    double ix0 = ax0 > bx0 ? ax0 : bx0, iy0 = ay0 > by0 ? ay0 : by0;
    double ix1 = ax1 < bx1 ? ax1 : bx1, iy1 = ay1 < by1 ? ay1 : by1;
    if (!(ix1 > ix0) || !(iy1 > iy0)) return 0.0;
    double inter = (ix1 - ix0) * (iy1 - iy0);
    double uni = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter;
    return uni > 0.0 ? inter / uni : 0.0;
}

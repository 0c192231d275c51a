#include "gi_affine.h"

#include <math.h>

gi_affine gi_affine_identity(void) {
    gi_affine a = {{1, 0, 0, 0, 1, 0}};
    return a;
}

void gi_affine_apply(const gi_affine* a, double x, double y, double* out_x, double* out_y) {
    double nx = a->m[0] * x + a->m[1] * y + a->m[2];
    double ny = a->m[3] * x + a->m[4] * y + a->m[5];
    *out_x = nx;
    *out_y = ny;
}

bool gi_affine_invert(const gi_affine* a, gi_affine* out) {
    const double* m = a->m;
    double det = m[0] * m[4] - m[1] * m[3];
    if (!(det != 0.0) || !isfinite(det)) return false;
    double inv = 1.0 / det;
    gi_affine r;
    r.m[0] = m[4] * inv;
    r.m[1] = -m[1] * inv;
    r.m[3] = -m[3] * inv;
    r.m[4] = m[0] * inv;
    r.m[2] = -(r.m[0] * m[2] + r.m[1] * m[5]);
    r.m[5] = -(r.m[3] * m[2] + r.m[4] * m[5]);
    for (int i = 0; i < 6; i++)
        if (!isfinite(r.m[i])) return false;
    *out = r;
    return true;
}

gi_affine gi_affine_compose(const gi_affine* a, const gi_affine* b) {
    const double* p = a->m;
    const double* q = b->m;
    gi_affine r = {{
        p[0] * q[0] + p[1] * q[3], p[0] * q[1] + p[1] * q[4], p[0] * q[2] + p[1] * q[5] + p[2],
        p[3] * q[0] + p[4] * q[3], p[3] * q[1] + p[4] * q[4], p[3] * q[2] + p[4] * q[5] + p[5],
    }};
    return r;
}

gi_affine gi_affine_letterbox(int32_t image_w, int32_t image_h, int32_t dst_w, int32_t dst_h) {
    /* k = image pixels per tensor pixel: the larger ratio, so the whole image fits. */
    double kx = (double)image_w / (double)dst_w;
    double ky = (double)image_h / (double)dst_h;
    double k = kx > ky ? kx : ky;
    gi_affine a = {{k, 0, 0.5 * image_w - k * 0.5 * dst_w, 0, k, 0.5 * image_h - k * 0.5 * dst_h}};
    return a;
}

gi_affine gi_affine_roi(const gi_roi* roi, int32_t dst_w, int32_t dst_h) {
    double short_side = dst_w < dst_h ? dst_w : dst_h;
    double k = roi->side / short_side;
    double c = cos(roi->rotation), s = sin(roi->rotation);
    /* At right angles cos or sin is 6e-17-ish instead of 0: make those exact, so the map (and
     * un-rotated outputs) carry no noise and libm differences cannot matter there. */
    if (fabs(c) < 1e-12) c = 0.0, s = s > 0 ? 1.0 : -1.0;
    if (fabs(s) < 1e-12) s = 0.0, c = c > 0 ? 1.0 : -1.0;
    double hw = 0.5 * dst_w, hh = 0.5 * dst_h;
    /* image = centre + k * R * (u - W/2, v - H/2) */
    gi_affine a = {{
        k * c, -k * s, roi->cx - k * (c * hw - s * hh),
        k * s, k * c, roi->cy - k * (s * hw + c * hh),
    }};
    return a;
}

gi_roi gi_roi_rotated_image(int32_t image_w, int32_t image_h, double rotation) {
    gi_roi r;
    r.cx = 0.5 * image_w;
    r.cy = 0.5 * image_h;
    r.side = image_w > image_h ? image_w : image_h;
    r.rotation = rotation;
    return r;
}

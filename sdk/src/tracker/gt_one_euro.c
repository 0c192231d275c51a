/* The One Euro filter; see gt_one_euro.h for the formula and the defaults' reasons. */
#include "tracker/gt_one_euro.h"

#include <math.h>
#include <string.h>

#include "tracker/gt_vec.h"

#define GT_TWO_PI 6.28318530717958647692

gt_one_euro_params gt_one_euro_params_pixels(void) {
    gt_one_euro_params p = {GT_ONE_EURO_PIXEL_MIN_CUTOFF, GT_ONE_EURO_PIXEL_BETA, GT_ONE_EURO_PIXEL_D_CUTOFF};
    return p;
}

gt_one_euro_params gt_one_euro_params_world(void) {
    gt_one_euro_params p = {GT_ONE_EURO_WORLD_MIN_CUTOFF, GT_ONE_EURO_WORLD_BETA, GT_ONE_EURO_WORLD_D_CUTOFF};
    return p;
}

static float positive_or(float v, float fallback) { return (v > 0.0f && isfinite(v)) ? v : fallback; }

gt_one_euro_params gt_one_euro_params_or(gt_one_euro_params p, gt_one_euro_params defaults) {
    gt_one_euro_params r;
    r.min_cutoff = positive_or(p.min_cutoff, defaults.min_cutoff);
    r.beta = positive_or(p.beta, defaults.beta);
    r.d_cutoff = positive_or(p.d_cutoff, defaults.d_cutoff);
    return r;
}

/* Smoothing factor of a first-order low-pass with cutoff fc (Hz) sampled after te seconds. */
static float smoothing_alpha(float fc, double te) {
    if (!(fc > 0.0f)) return 1.0f; /* no cutoff given: no smoothing rather than a frozen output */
    double tau = 1.0 / (GT_TWO_PI * (double)fc);
    return (float)(1.0 / (1.0 + tau / te));
}

/* Seconds between two timestamps; <= 0 when t does not advance. */
static double interval_s(int64_t t_prev_ns, int64_t t_ns) { return (double)(t_ns - t_prev_ns) * 1e-9; }

void gt_one_euro_reset(gt_one_euro* f) { memset(f, 0, sizeof(*f)); }

float gt_one_euro_filter(gt_one_euro* f, const gt_one_euro_params* p, float x, int64_t t_ns) {
    if (!isfinite(x)) return f->initialized ? f->x_prev : x; /* one bad sample must not poison the state */
    if (!f->initialized) {
        f->initialized = true;
        f->t_prev_ns = t_ns;
        f->x_prev = x;
        f->dx_prev = 0.0f;
        return x;
    }
    double te = interval_s(f->t_prev_ns, t_ns);
    if (!(te > 0.0)) return f->x_prev;
    float dx = (float)((double)(x - f->x_prev) / te);
    float a_d = smoothing_alpha(p->d_cutoff, te);
    float dx_hat = f->dx_prev + a_d * (dx - f->dx_prev);
    float fc = p->min_cutoff + p->beta * fabsf(dx_hat);
    float a = smoothing_alpha(fc, te);
    float x_hat = f->x_prev + a * (x - f->x_prev);
    f->t_prev_ns = t_ns;
    f->x_prev = x_hat;
    f->dx_prev = dx_hat;
    return x_hat;
}

void gt_one_euro3_reset(gt_one_euro3* f) { memset(f, 0, sizeof(*f)); }

glint_vec3 gt_one_euro3_filter(gt_one_euro3* f, const gt_one_euro_params* p, glint_vec3 x, int64_t t_ns) {
    if (!gt_v3_finite(x)) return f->initialized ? f->x_prev : x; /* one bad sample must not poison the state */
    if (!f->initialized) {
        f->initialized = true;
        f->t_prev_ns = t_ns;
        f->x_prev = x;
        f->dx_prev = gt_v3(0.0f, 0.0f, 0.0f);
        return x;
    }
    double te = interval_s(f->t_prev_ns, t_ns);
    if (!(te > 0.0)) return f->x_prev;
    glint_vec3 dx = gt_v3_scale(gt_v3_sub(x, f->x_prev), (float)(1.0 / te));
    float a_d = smoothing_alpha(p->d_cutoff, te);
    glint_vec3 dx_hat = gt_v3_lerp(f->dx_prev, dx, a_d);
    float fc = p->min_cutoff + p->beta * gt_v3_length(dx_hat);
    float a = smoothing_alpha(fc, te);
    glint_vec3 x_hat = gt_v3_lerp(f->x_prev, x, a);
    f->t_prev_ns = t_ns;
    f->x_prev = x_hat;
    f->dx_prev = dx_hat;
    return x_hat;
}

void gt_one_euro_points_reset(gt_one_euro_points* f) { memset(f, 0, sizeof(*f)); }

void gt_one_euro_points_filter(gt_one_euro_points* f, const gt_one_euro_params* p, const glint_vec3* in, int32_t n,
                               int64_t t_ns, glint_vec3* out) {
    if (n > GLINT_HAND_KEYPOINTS) n = GLINT_HAND_KEYPOINTS;
    for (int32_t i = 0; i < n; i++) out[i] = gt_one_euro3_filter(&f->point[i], p, in[i], t_ns);
}

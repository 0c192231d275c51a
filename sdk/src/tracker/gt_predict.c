/* Keypoint history, interpolation and damped extrapolation; see gt_predict.h. */
#include "tracker/gt_predict.h"

#include <math.h>
#include <string.h>

#include "tracker/gt_vec.h"

/* Index in the ring of the i-th newest sample (0 = newest). */
static int32_t slot(const gt_predict* p, int32_t i) {
    return (p->head - i + GT_PREDICT_HISTORY) % GT_PREDICT_HISTORY;
}

void gt_predict_reset(gt_predict* p, int32_t num_points) {
    memset(p, 0, sizeof(*p));
    if (num_points < 1) num_points = 1;
    if (num_points > GT_PREDICT_MAX_POINTS) num_points = GT_PREDICT_MAX_POINTS;
    p->num_points = num_points;
}

int64_t gt_predict_newest_ns(const gt_predict* p) { return p->count > 0 ? p->t_ns[p->head] : 0; }

glint_result gt_predict_push(gt_predict* p, int64_t t_ns, const glint_vec3* points) {
    if (!p || !points || p->num_points < 1 || p->num_points > GT_PREDICT_MAX_POINTS) return GLINT_ERROR_INVALID_ARGUMENT;
    if (p->count > 0) {
        int64_t newest = p->t_ns[p->head];
        if (t_ns < newest) return GLINT_ERROR_INVALID_ARGUMENT;
        if (t_ns > newest) {
            p->head = (p->head + 1) % GT_PREDICT_HISTORY;
            if (p->count < GT_PREDICT_HISTORY) p->count++;
        }
    } else {
        p->head = 0;
        p->count = 1;
    }
    p->t_ns[p->head] = t_ns;
    memcpy(p->points[p->head], points, (size_t)p->num_points * sizeof(glint_vec3));
    return GLINT_SUCCESS;
}

static int64_t or_default(int64_t v, int64_t fallback) { return v > 0 ? v : fallback; }

/* Effective seconds of travel at the current velocity for a horizon of h_ns (see the header). */
static double damped_travel_s(int64_t h_ns, const gt_predict_params* params) {
    int64_t linear = or_default(params ? params->linear_horizon_ns : 0, GT_PREDICT_DEFAULT_LINEAR_HORIZON_NS);
    int64_t max_h = or_default(params ? params->max_horizon_ns : 0, GT_PREDICT_DEFAULT_MAX_HORIZON_NS);
    int64_t decay = or_default(params ? params->decay_ns : 0, GT_PREDICT_DEFAULT_DECAY_NS);
    if (h_ns > max_h) h_ns = max_h;
    if (h_ns <= linear) return (double)h_ns * 1e-9;
    double tau = (double)decay * 1e-9;
    double extra = (double)(h_ns - linear) * 1e-9;
    return (double)linear * 1e-9 + tau * (1.0 - exp(-extra / tau));
}

/* Least-squares velocity (units/s) of every point over the recent samples. */
static void estimate_velocity(const gt_predict* p, const gt_predict_params* params, glint_vec3* out_v) {
    int64_t window = or_default(params ? params->velocity_window_ns : 0, GT_PREDICT_DEFAULT_VELOCITY_WINDOW_NS);
    int64_t newest = p->t_ns[p->head];
    int32_t n = 1;
    while (n < p->count && newest - p->t_ns[slot(p, n)] <= window) n++;
    if (n < 2 && p->count >= 2) n = 2; /* a slow camera: still use the previous frame */
    for (int32_t k = 0; k < p->num_points; k++) out_v[k] = gt_v3(0.0f, 0.0f, 0.0f);
    if (n < 2) return;
    /* Times relative to the newest sample, in seconds, keep the sums well conditioned. */
    double ts[GT_PREDICT_HISTORY], t_mean = 0.0;
    for (int32_t i = 0; i < n; i++) {
        ts[i] = (double)(p->t_ns[slot(p, i)] - newest) * 1e-9;
        t_mean += ts[i];
    }
    t_mean /= n;
    double stt = 0.0;
    for (int32_t i = 0; i < n; i++) stt += (ts[i] - t_mean) * (ts[i] - t_mean);
    if (!(stt > 0.0)) return;
    for (int32_t k = 0; k < p->num_points; k++) {
        double mx = 0.0, my = 0.0, mz = 0.0;
        for (int32_t i = 0; i < n; i++) {
            const glint_vec3* q = &p->points[slot(p, i)][k];
            mx += q->x;
            my += q->y;
            mz += q->z;
        }
        mx /= n;
        my /= n;
        mz /= n;
        double sx = 0.0, sy = 0.0, sz = 0.0;
        for (int32_t i = 0; i < n; i++) {
            const glint_vec3* q = &p->points[slot(p, i)][k];
            double dt = ts[i] - t_mean;
            sx += dt * (q->x - mx);
            sy += dt * (q->y - my);
            sz += dt * (q->z - mz);
        }
        out_v[k] = gt_v3((float)(sx / stt), (float)(sy / stt), (float)(sz / stt));
    }
}

glint_result gt_predict_at(const gt_predict* p, const gt_predict_params* params, int64_t t_ns,
                           glint_vec3* out_points, gt_predict_kind* out_kind) {
    if (!p || !out_points || p->count < 1 || p->num_points < 1 || p->num_points > GT_PREDICT_MAX_POINTS)
        return GLINT_ERROR_INVALID_ARGUMENT;
    size_t bytes = (size_t)p->num_points * sizeof(glint_vec3);
    const int64_t newest = p->t_ns[p->head];
    const int64_t oldest = p->t_ns[slot(p, p->count - 1)];
    gt_predict_kind kind;

    if (t_ns > newest) {
        glint_vec3 v[GT_PREDICT_MAX_POINTS];
        estimate_velocity(p, params, v);
        float travel = (float)damped_travel_s(t_ns - newest, params);
        const glint_vec3* base = p->points[p->head];
        for (int32_t k = 0; k < p->num_points; k++) out_points[k] = gt_v3_add(base[k], gt_v3_scale(v[k], travel));
        kind = GT_PREDICT_EXTRAPOLATED;
    } else if (t_ns < oldest) {
        memcpy(out_points, p->points[p->head], bytes);
        kind = GT_PREDICT_OLDER_THAN_HISTORY;
    } else {
        /* Walk back from the newest to the first sample at or before t. */
        int32_t i = 0;
        while (p->t_ns[slot(p, i)] > t_ns) i++;
        const int32_t s0 = slot(p, i);
        if (p->t_ns[s0] == t_ns) {
            memcpy(out_points, p->points[s0], bytes);
            kind = GT_PREDICT_EXACT;
        } else {
            const int32_t s1 = slot(p, i - 1); /* i >= 1 here since t < newest */
            double w = (double)(t_ns - p->t_ns[s0]) / (double)(p->t_ns[s1] - p->t_ns[s0]);
            for (int32_t k = 0; k < p->num_points; k++)
                out_points[k] = gt_v3_lerp(p->points[s0][k], p->points[s1][k], (float)w);
            kind = GT_PREDICT_INTERPOLATED;
        }
    }
    if (out_kind) *out_kind = kind;
    return GLINT_SUCCESS;
}

#include "gt_palm_decode.h"

#include <math.h>
#include <stddef.h>

gt_ssd_decode_options gt_palm_decode_options(float min_score) {
    gt_ssd_decode_options o;
    o.num_coords = GT_PALM_NUM_COORDS;
    o.num_keypoints = GT_PALM_NUM_KEYPOINTS;
    o.x_scale = o.y_scale = o.w_scale = o.h_scale = (float)GT_PALM_INPUT_SIZE;
    o.score_clip = GT_PALM_SCORE_CLIP;
    o.min_score = min_score;
    return o;
}

float gt_ssd_score(float logit, float clip) {
    if (clip > 0.0f) {
        if (logit < -clip) logit = -clip;
        if (logit > clip) logit = clip;
    }
    return 1.0f / (1.0f + expf(-logit));
}

int32_t gt_ssd_decode(const float* raw, const float* logits, const gt_anchor* anchors, int32_t num_anchors,
                      const gt_ssd_decode_options* o, gt_detection* out, int32_t capacity) {
    if (!raw || !logits || !anchors || !o || !out || num_anchors <= 0 || capacity <= 0) return 0;
    if (o->num_keypoints < 0 || o->num_keypoints > GT_DETECTION_MAX_KEYPOINTS) return 0;
    if (o->num_coords < 4 + 2 * o->num_keypoints) return 0;
    int32_t n = 0;
    for (int32_t i = 0; i < num_anchors && n < capacity; i++) {
        float logit = logits[i];
        if (logit != logit) continue; /* NaN never passes a threshold */
        float score = gt_ssd_score(logit, o->score_clip);
        if (!(score >= o->min_score)) continue;
        const float* r = raw + (size_t)i * (size_t)o->num_coords;
        const gt_anchor* a = &anchors[i];
        float cx = r[0] / o->x_scale * a->w + a->cx;
        float cy = r[1] / o->y_scale * a->h + a->cy;
        float w = r[2] / o->w_scale * a->w;
        float h = r[3] / o->h_scale * a->h;
        gt_detection* d = &out[n++];
        d->xmin = cx - 0.5f * w;
        d->ymin = cy - 0.5f * h;
        d->xmax = cx + 0.5f * w;
        d->ymax = cy + 0.5f * h;
        d->score = score;
        d->anchor = i;
        d->num_keypoints = o->num_keypoints;
        for (int32_t k = 0; k < o->num_keypoints; k++) {
            d->kp[k][0] = r[4 + 2 * k] / o->x_scale * a->w + a->cx;
            d->kp[k][1] = r[5 + 2 * k] / o->y_scale * a->h + a->cy;
        }
        for (int32_t k = o->num_keypoints; k < GT_DETECTION_MAX_KEYPOINTS; k++) d->kp[k][0] = d->kp[k][1] = 0.0f;
    }
    return n;
}

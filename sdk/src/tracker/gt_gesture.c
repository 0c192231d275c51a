/* Hand shape, gesture scores and hysteresis; the rules and their reasons are in gt_gesture.h. */
#include "tracker/gt_gesture.h"

#include <string.h>

#include "tracker/gt_vec.h"

#define RAD_TO_DEG 57.29577951308232f

/* Thresholds of the cues (gt_gesture.h explains each). */
#define RATIO_CURLED 0.9f
#define RATIO_EXTENDED 1.15f
#define BEND_CURLED_DEG 150.0f
#define BEND_EXTENDED_DEG 70.0f
#define THUMB_BEND_CURLED_DEG 70.0f
#define THUMB_BEND_EXTENDED_DEG 30.0f
#define THUMB_REACH_CURLED 0.3f
#define THUMB_REACH_EXTENDED 0.6f
#define PROTRUSION_IN 0.1f
#define PROTRUSION_OUT 0.3f
#define VERTICAL_LOW 0.4f
#define VERTICAL_HIGH 0.75f

static const glint_vec3 kUp = {0.0f, -1.0f, 0.0f}; /* image up: y points down */

/* Flexion at joint b between bones a->b and b->c, degrees. */
static float flexion_deg(glint_vec3 a, glint_vec3 b, glint_vec3 c) {
    return gt_v3_angle(gt_v3_sub(b, a), gt_v3_sub(c, b)) * RAD_TO_DEG;
}

static float cos_to_up(glint_vec3 from, glint_vec3 to) {
    glint_vec3 d;
    if (!gt_v3_normalize(gt_v3_sub(to, from), 0.0f, &d)) return 0.0f;
    return gt_v3_dot(d, kUp);
}

bool gt_gesture_shape(const glint_vec3 kp[GLINT_HAND_KEYPOINTS], gt_hand_shape* out) {
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < GLINT_HAND_KEYPOINTS; i++)
        if (!gt_v3_finite(kp[i])) return false;
    const glint_vec3 wrist = kp[0];
    const float size = gt_v3_distance(wrist, kp[9]);
    if (!(size > 0.0f) || !isfinite(size)) return false;

    for (int f = 1; f <= 4; f++) {
        const glint_vec3 mcp = kp[4 * f + 1], pip = kp[4 * f + 2], dip = kp[4 * f + 3], tip = kp[4 * f + 4];
        float bend = flexion_deg(wrist, mcp, pip) + flexion_deg(mcp, pip, dip) + flexion_deg(pip, dip, tip);
        float pip_reach = gt_v3_distance(pip, wrist);
        float ratio = pip_reach > 0.0f ? gt_v3_distance(tip, wrist) / pip_reach : 0.0f;
        out->bend_deg[f] = bend;
        out->ratio[f] = ratio;
        out->extension[f] = 0.5f * (gt_ramp(ratio, RATIO_CURLED, RATIO_EXTENDED) +
                                     gt_ramp(bend, BEND_CURLED_DEG, BEND_EXTENDED_DEG));
    }

    const glint_vec3 cmc = kp[1], t_mcp = kp[2], t_ip = kp[3], t_tip = kp[4];
    float thumb_bend = flexion_deg(cmc, t_mcp, t_ip) + flexion_deg(t_mcp, t_ip, t_tip);
    float reach = INFINITY;
    for (int i = 5; i < GLINT_HAND_KEYPOINTS; i++) {
        float d = gt_v3_distance(t_tip, kp[i]);
        if (d < reach) reach = d;
    }
    reach /= size;
    out->bend_deg[0] = thumb_bend;
    out->ratio[0] = reach;
    out->extension[0] = 0.5f * (gt_ramp(thumb_bend, THUMB_BEND_CURLED_DEG, THUMB_BEND_EXTENDED_DEG) +
                                gt_ramp(reach, THUMB_REACH_CURLED, THUMB_REACH_EXTENDED));

    /* How far the tip gets past the furthest finger point, along the thumb. */
    glint_vec3 thumb_dir;
    if (gt_v3_normalize(gt_v3_sub(t_tip, t_mcp), 1e-6f * size, &thumb_dir)) {
        float tip_along = gt_v3_dot(gt_v3_sub(t_tip, t_mcp), thumb_dir);
        float finger_max = -INFINITY;
        for (int i = 5; i < GLINT_HAND_KEYPOINTS; i++) {
            float along = gt_v3_dot(gt_v3_sub(kp[i], t_mcp), thumb_dir);
            if (along > finger_max) finger_max = along;
        }
        out->thumb_protrusion = (tip_along - finger_max) / size;
    } else {
        out->thumb_protrusion = -1.0f;
    }
    out->thumb_up = cos_to_up(t_mcp, t_tip);
    out->index_up = cos_to_up(kp[5], kp[8]);
    out->valid = true;
    return true;
}

gt_hand_shape gt_gesture_shape_mean(const gt_hand_shape* a, const gt_hand_shape* b) {
    gt_hand_shape m;
    memset(&m, 0, sizeof(m));
    m.valid = a->valid && b->valid;
    for (int i = 0; i < 5; i++) {
        m.extension[i] = 0.5f * (a->extension[i] + b->extension[i]);
        m.bend_deg[i] = 0.5f * (a->bend_deg[i] + b->bend_deg[i]);
        m.ratio[i] = 0.5f * (a->ratio[i] + b->ratio[i]);
    }
    m.thumb_protrusion = 0.5f * (a->thumb_protrusion + b->thumb_protrusion);
    m.thumb_up = 0.5f * (a->thumb_up + b->thumb_up);
    m.index_up = 0.5f * (a->index_up + b->index_up);
    return m;
}

static float min2(float a, float b) { return a < b ? a : b; }
static float max2(float a, float b) { return a > b ? a : b; }

void gt_gesture_scores(const gt_hand_shape* s, float out[GLINT_GESTURE_COUNT]) {
    for (int g = 0; g < GLINT_GESTURE_COUNT; g++) out[g] = 0.0f;
    if (!s->valid) {
        out[GLINT_GESTURE_NONE] = 1.0f;
        return;
    }
    const float t = s->extension[0];
    const float ei = s->extension[1], em = s->extension[2], er = s->extension[3], el = s->extension[4];
    const float ci = 1.0f - ei, cm = 1.0f - em, cr = 1.0f - er, cl = 1.0f - el;
    const float p = gt_ramp(s->thumb_protrusion, PROTRUSION_IN, PROTRUSION_OUT);
    const float up = gt_ramp(s->thumb_up, VERTICAL_LOW, VERTICAL_HIGH);
    const float down = gt_ramp(-s->thumb_up, VERTICAL_LOW, VERTICAL_HIGH);
    const float fist4 = min2(min2(ci, cm), min2(cr, cl));
    const float thumb_out = min2(t, p);

    out[GLINT_GESTURE_OPEN_PALM] = min2(min2(min2(ei, em), min2(er, el)), 0.6f + 0.4f * t);
    out[GLINT_GESTURE_CLOSED_FIST] = min2(fist4, 1.0f - min2(thumb_out, max2(up, down)));
    out[GLINT_GESTURE_THUMB_UP] = min2(min2(fist4, thumb_out), up);
    out[GLINT_GESTURE_THUMB_DOWN] = min2(min2(fist4, thumb_out), down);
    out[GLINT_GESTURE_POINTING_UP] = min2(min2(min2(ei, cm), min2(cr, cl)), gt_ramp(s->index_up, -0.5f, 0.0f));
    out[GLINT_GESTURE_VICTORY] = min2(min2(ei, em), min2(cr, cl));
    out[GLINT_GESTURE_ILOVEYOU] = min2(min2(min2(t, ei), min2(cm, cr)), el);

    float best = 0.0f;
    for (int g = 1; g < GLINT_GESTURE_COUNT; g++) best = max2(best, out[g]);
    out[GLINT_GESTURE_NONE] = 1.0f - best;
}

glint_gesture gt_gesture_best(const float scores[GLINT_GESTURE_COUNT], float* out_score) {
    int best = 0;
    for (int g = 1; g < GLINT_GESTURE_COUNT; g++)
        if (scores[g] > scores[best]) best = g;
    if (out_score) *out_score = scores[best];
    return (glint_gesture)best;
}

glint_gesture gt_gesture_classify(const glint_vec3* world, const glint_vec3* image, float out_scores[GLINT_GESTURE_COUNT],
                                  float* out_score) {
    gt_hand_shape sw, si, shape;
    bool have_w = world && gt_gesture_shape(world, &sw);
    bool have_i = image && gt_gesture_shape(image, &si);
    if (have_w && have_i) {
        shape = gt_gesture_shape_mean(&sw, &si);
    } else if (have_w) {
        shape = sw;
    } else if (have_i) {
        shape = si;
    } else {
        memset(&shape, 0, sizeof(shape));
    }
    float scores[GLINT_GESTURE_COUNT];
    gt_gesture_scores(&shape, scores);
    if (out_scores) memcpy(out_scores, scores, sizeof(scores));
    return gt_gesture_best(scores, out_score);
}

void gt_gesture_filter_reset(gt_gesture_filter* f) { memset(f, 0, sizeof(*f)); }

glint_gesture gt_gesture_filter_update(gt_gesture_filter* f, const gt_gesture_filter_params* params,
                                       const float scores[GLINT_GESTURE_COUNT], float* out_score) {
    float enter = (params && params->enter > 0.0f) ? params->enter : GT_GESTURE_ENTER;
    float exit = (params && params->exit > 0.0f) ? params->exit : GT_GESTURE_EXIT;
    int32_t min_frames = (params && params->min_frames > 0) ? params->min_frames : GT_GESTURE_MIN_FRAMES;
    float best_score;
    glint_gesture best = gt_gesture_best(scores, &best_score);

    if (!f->started) {
        f->started = true;
        f->current = best_score >= enter ? best : GLINT_GESTURE_NONE;
        f->candidate = f->current;
        f->candidate_frames = 0;
        f->weak_frames = 0;
    } else {
        /* A challenger must be the best label, strong, for min_frames frames in a row. */
        if (best != f->current && best_score >= enter) {
            if (best == f->candidate) {
                f->candidate_frames++;
            } else {
                f->candidate = best;
                f->candidate_frames = 1;
            }
        } else {
            f->candidate = f->current;
            f->candidate_frames = 0;
        }
        /* The current label fades to None after min_frames weak frames. */
        if (f->current != GLINT_GESTURE_NONE && scores[f->current] < exit) {
            f->weak_frames++;
        } else {
            f->weak_frames = 0;
        }
        if (f->candidate != f->current && f->candidate_frames >= min_frames) {
            f->current = f->candidate;
            f->candidate_frames = 0;
            f->weak_frames = 0;
        } else if (f->weak_frames >= min_frames) {
            f->current = GLINT_GESTURE_NONE;
            f->candidate = GLINT_GESTURE_NONE;
            f->candidate_frames = 0;
            f->weak_frames = 0;
        }
    }
    if (out_score) *out_score = scores[f->current];
    return f->current;
}

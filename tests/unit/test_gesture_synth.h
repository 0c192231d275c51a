/*
 * Synthetic hands for the post-processing tests: 21 MediaPipe keypoints built from a simple
 * skeleton (adult proportions in centimetres) and a pose, then turned, scaled and moved.
 *
 * Hand frame: a right hand, palm facing the camera, fingers up, in camera axes (x right,
 * y down, z forward): "up" is -y, the thumb side (radial) is +x, the palmar side is -z.
 * A left hand is the mirror image (x negated), so the same poses serve both hands.
 *
 * Fingers flex at MCP, PIP and DIP toward the palmar side; the thumb is given as the
 * direction of each of its three bones in the hand frame (the thumb moves in too many ways
 * for three angles to describe the poses simply).
 */
#ifndef TEST_GESTURE_SYNTH_H
#define TEST_GESTURE_SYNTH_H

#include <math.h>

#include "glint/glint.h"

#define SYN_DEG (3.14159265358979f / 180.0f)

typedef struct syn_pose {
    float flex[4][3];  /* index..little: MCP, PIP, DIP flexion, degrees */
    float thumb[3][3]; /* thumb bones CMC->MCP, MCP->IP, IP->tip: directions (normalised here) */
} syn_pose;

static glint_vec3 syn_v(float x, float y, float z) {
    glint_vec3 v = {x, y, z};
    return v;
}
static glint_vec3 syn_add_scaled(glint_vec3 a, glint_vec3 d, float s) {
    return syn_v(a.x + d.x * s, a.y + d.y * s, a.z + d.z * s);
}
static glint_vec3 syn_unit(glint_vec3 a) {
    float l = sqrtf(a.x * a.x + a.y * a.y + a.z * a.z);
    return syn_v(a.x / l, a.y / l, a.z / l);
}

/* Straight fingers (0 flexion) and curled ones (a fist). */
#define SYN_STRAIGHT {0, 0, 0}
#define SYN_CURLED {80, 100, 65}
#define SYN_HALF {45, 60, 30}

/* Thumb shapes: spread out to the side and up (open hand), tucked across the curled fingers
 * (fist), straight along the side of the curled index (a fist seen from the palm), and
 * sticking straight out of the fist along the radial side (thumbs up once turned). */
#define SYN_THUMB_SPREAD {{0.55f, -0.75f, -0.35f}, {0.6f, -0.8f, -0.1f}, {0.6f, -0.8f, 0.0f}}
#define SYN_THUMB_TUCKED {{0.1f, -0.8f, -0.6f}, {-0.5f, -0.6f, -0.6f}, {-0.9f, -0.2f, -0.3f}}
#define SYN_THUMB_ALONG {{0.1f, -0.5f, -0.85f}, {0.0f, -0.8f, -0.5f}, {0.0f, -0.8f, 0.2f}}
#define SYN_THUMB_OUT {{0.6f, -0.6f, -0.5f}, {0.85f, -0.3f, -0.4f}, {0.95f, -0.15f, -0.25f}}

static const syn_pose SYN_OPEN = {{SYN_STRAIGHT, SYN_STRAIGHT, SYN_STRAIGHT, SYN_STRAIGHT}, SYN_THUMB_SPREAD};
static const syn_pose SYN_FIST = {{SYN_CURLED, SYN_CURLED, SYN_CURLED, SYN_CURLED}, SYN_THUMB_TUCKED};
static const syn_pose SYN_FIST_ALONG = {{SYN_CURLED, SYN_CURLED, SYN_CURLED, SYN_CURLED}, SYN_THUMB_ALONG};
static const syn_pose SYN_POINT = {{SYN_STRAIGHT, SYN_CURLED, SYN_CURLED, SYN_CURLED}, SYN_THUMB_TUCKED};
static const syn_pose SYN_VICTORY = {{SYN_STRAIGHT, SYN_STRAIGHT, SYN_CURLED, SYN_CURLED}, SYN_THUMB_TUCKED};
static const syn_pose SYN_ILY = {{SYN_STRAIGHT, SYN_CURLED, SYN_CURLED, SYN_STRAIGHT}, SYN_THUMB_SPREAD};
static const syn_pose SYN_HORNS = {{SYN_STRAIGHT, SYN_CURLED, SYN_CURLED, SYN_STRAIGHT}, SYN_THUMB_TUCKED};
/* A thumbs-up before it is turned: thumb out along +x (radial), so a -90 degree in-plane turn
 * (x -> up) makes it point up and +90 makes it point down. */
static const syn_pose SYN_THUMB_FIST = {{SYN_CURLED, SYN_CURLED, SYN_CURLED, SYN_CURLED}, SYN_THUMB_OUT};
static const syn_pose SYN_CLAW = {{SYN_HALF, SYN_HALF, SYN_HALF, SYN_HALF}, SYN_THUMB_SPREAD};

/* Builds the 21 keypoints in the hand frame (centimetres, wrist at the origin). */
static void syn_hand_local(const syn_pose* pose, glint_vec3 out[21]) {
    static const float mcp[4][2] = {{2.5f, -8.5f}, {0.5f, -9.0f}, {-1.5f, -8.5f}, {-3.3f, -7.5f}};
    static const float bones[4][3] = {{4.0f, 2.4f, 2.0f}, {4.5f, 2.8f, 2.1f}, {4.2f, 2.7f, 2.0f}, {3.3f, 1.9f, 1.8f}};
    static const float spread_deg[4] = {8.0f, 0.0f, -6.0f, -15.0f};
    static const float thumb_len[3] = {4.5f, 3.2f, 2.7f};
    const glint_vec3 palmar = syn_v(0.0f, 0.0f, -1.0f);
    out[0] = syn_v(0.0f, 0.0f, 0.0f);
    out[1] = syn_v(2.2f, -2.2f, -0.8f);
    for (int b = 0; b < 3; b++)
        out[2 + b] = syn_add_scaled(out[1 + b], syn_unit(syn_v(pose->thumb[b][0], pose->thumb[b][1], pose->thumb[b][2])),
                                    thumb_len[b]);
    for (int f = 0; f < 4; f++) {
        float s = spread_deg[f] * SYN_DEG;
        glint_vec3 u = syn_v(sinf(s), -cosf(s), 0.0f); /* the straight finger's direction */
        glint_vec3 p = syn_v(mcp[f][0], mcp[f][1], 0.0f);
        out[5 + 4 * f] = p;
        float theta = 0.0f;
        for (int b = 0; b < 3; b++) {
            theta += pose->flex[f][b] * SYN_DEG;
            glint_vec3 d = syn_v(u.x * cosf(theta) + palmar.x * sinf(theta), u.y * cosf(theta) + palmar.y * sinf(theta),
                                 u.z * cosf(theta) + palmar.z * sinf(theta));
            p = syn_add_scaled(p, d, bones[f][b]);
            out[6 + 4 * f + b] = p;
        }
    }
}

/*
 * The posed hand: mirrored for a left hand, turned in the image plane by roll_deg (positive:
 * clockwise on screen, since y points down), then about the camera's vertical axis by yaw_deg
 * (the palm turns away from the camera; "up" stays up), scaled by `scale` units per
 * centimetre and moved by `offset`. For "world" keypoints use scale 0.01 (metres) and offset 0; for "image"
 * keypoints a pixel scale and the hand's position.
 */
static void syn_hand(const syn_pose* pose, bool left, float yaw_deg, float roll_deg, float scale, glint_vec3 offset,
                     glint_vec3 out[21]) {
    glint_vec3 local[21];
    syn_hand_local(pose, local);
    float cy = cosf(yaw_deg * SYN_DEG), sy = sinf(yaw_deg * SYN_DEG);
    float cr = cosf(roll_deg * SYN_DEG), sr = sinf(roll_deg * SYN_DEG);
    for (int i = 0; i < 21; i++) {
        glint_vec3 p = local[i];
        if (left) p.x = -p.x;
        glint_vec3 q = syn_v(cr * p.x - sr * p.y, sr * p.x + cr * p.y, p.z);
        glint_vec3 r = syn_v(cy * q.x + sy * q.z, q.y, -sy * q.x + cy * q.z);
        out[i] = syn_v(r.x * scale + offset.x, r.y * scale + offset.y, r.z * scale + offset.z);
    }
}

#endif /* TEST_GESTURE_SYNTH_H */

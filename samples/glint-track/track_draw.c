#include "track_draw.h"

#include <math.h>
#include <stdio.h>

#include "common/gs_track_json.h"

/* MediaPipe's 21 hand landmarks: 0 wrist; thumb 1-4; index 5-8; middle 9-12; ring 13-16;
 * little 17-20. Bones per finger, plus the palm (wrist to the index and little bases, and
 * across the finger bases). */
static const int k_hand_bones[][2] = {
    {0, 1},   {1, 2},   {2, 3},   {3, 4},    /* thumb */
    {5, 6},   {6, 7},   {7, 8},              /* index */
    {9, 10},  {10, 11}, {11, 12},            /* middle */
    {13, 14}, {14, 15}, {15, 16},            /* ring */
    {17, 18}, {18, 19}, {19, 20},            /* little */
    {0, 5},   {5, 9},   {9, 13},  {13, 17}, {0, 17}, /* palm */
};
static const gs_color k_finger_color[6] = {
    {255, 140, 0},   /* thumb */
    {255, 220, 0},   /* index */
    {60, 210, 60},   /* middle */
    {0, 190, 255},   /* ring */
    {200, 90, 255},  /* little */
    {235, 235, 235}, /* palm */
};
static int bone_finger(int bone) { return bone < 4 ? 0 : bone < 16 ? 1 + (bone - 4) / 3 : 5; }
static int joint_finger(int k) { return k == 0 ? 5 : (k - 1) / 4; }

/* COCO-17 (MoveNet order): 0 nose, 1/2 eyes, 3/4 ears, 5/6 shoulders, 7/8 elbows, 9/10 wrists,
 * 11/12 hips, 13/14 knees, 15/16 ankles (left first). */
static const int k_body_bones[][2] = {
    {0, 1}, {0, 2}, {1, 3}, {2, 4}, {5, 6}, {5, 7}, {7, 9}, {6, 8}, {8, 10},
    {5, 11}, {6, 12}, {11, 12}, {11, 13}, {13, 15}, {12, 14}, {14, 16},
};
#define BODY_MIN_SCORE 0.3f

static gs_color body_color(int a, int b) {
    /* The person's left side blue, right side red, the middle white. */
    int la = a > 0 && a % 2 == 1, lb = b > 0 && b % 2 == 1;
    int ra = a > 0 && a % 2 == 0, rb = b > 0 && b % 2 == 0;
    if (la && lb) return (gs_color){40, 150, 255};
    if (ra && rb) return (gs_color){255, 70, 70};
    return (gs_color){240, 240, 240};
}

static const gs_color k_white = {255, 255, 255}, k_black = {0, 0, 0}, k_red = {255, 60, 60},
                      k_gray = {160, 160, 160};

/* Sizes that read well from 320 to 4000 pixels. */
static float unit_of(const gs_canvas* c) {
    int32_t m = c->width < c->height ? c->width : c->height;
    float u = (float)m / 320.0f;
    return u < 1.0f ? 1.0f : u;
}
static int32_t text_scale_of(const gs_canvas* c) {
    int32_t m = c->width < c->height ? c->width : c->height;
    int32_t s = (m + 120) / 240;
    return s < 1 ? 1 : s;
}

static void label(gs_canvas* c, int32_t x, int32_t y, int32_t scale, const char* text, gs_color color) {
    int32_t w = gs_text_width(text, scale), h = GS_FONT_H * scale, pad = scale + 1;
    if (x + w + 2 * pad > c->width) x = c->width - w - 2 * pad;
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (y + h + 2 * pad > c->height) y = c->height - h - 2 * pad;
    gs_draw_box(c, x, y, w + 2 * pad, h + 2 * pad, k_black, 0.65f);
    gs_draw_text(c, x + pad, y + pad, scale, text, color);
}

static void draw_hand(gs_canvas* c, const glint_hand* h) {
    float u = unit_of(c);
    float alpha = h->state == GLINT_TRACK_PREDICTED || h->state == GLINT_TRACK_LOST ? 0.45f : 1.0f;
    const glint_vec3* k = h->keypoints;
    for (size_t i = 0; i < sizeof(k_hand_bones) / sizeof(k_hand_bones[0]); i++) {
        const glint_vec3 *a = &k[k_hand_bones[i][0]], *b = &k[k_hand_bones[i][1]];
        gs_draw_line(c, a->x, a->y, b->x, b->y, 2.0f * u + 2.0f, k_black, 0.5f * alpha);
        gs_draw_line(c, a->x, a->y, b->x, b->y, 2.0f * u, k_finger_color[bone_finger((int)i)], alpha);
    }
    for (int j = 0; j < GLINT_HAND_KEYPOINTS; j++) {
        gs_draw_disc(c, k[j].x, k[j].y, 2.5f * u + 1.0f, k_white, alpha);
        gs_draw_disc(c, k[j].x, k[j].y, 2.5f * u - 0.5f, k_finger_color[joint_finger(j)], alpha);
    }
    /* Label above the hand's box. */
    float minx = k[0].x, miny = k[0].y;
    for (int j = 1; j < GLINT_HAND_KEYPOINTS; j++) {
        if (k[j].x < minx) minx = k[j].x;
        if (k[j].y < miny) miny = k[j].y;
    }
    char text[128];
    int n = snprintf(text, sizeof(text), "%s %.2f  %s %.2f", h->handedness == GLINT_HANDEDNESS_LEFT ? "Left" : "Right",
                     (double)h->handedness_score, glint_gesture_name(h->gesture), (double)h->gesture_score);
    if (h->state != GLINT_TRACK_NEW && h->state != GLINT_TRACK_TRACKED)
        snprintf(text + n, sizeof(text) - (size_t)n, " (%s)", gs_track_state_name(h->state));
    int32_t s = text_scale_of(c);
    if (isfinite(minx) && isfinite(miny))
        label(c, (int32_t)minx, (int32_t)miny - (GS_FONT_H + 4) * s - 2, s, text, k_white);
}

static void draw_body(gs_canvas* c, const glint_body* b) {
    float u = unit_of(c);
    const glint_vec3* k = b->keypoints; /* z = score */
    for (size_t i = 0; i < sizeof(k_body_bones) / sizeof(k_body_bones[0]); i++) {
        int a = k_body_bones[i][0], e = k_body_bones[i][1];
        if (k[a].z < BODY_MIN_SCORE || k[e].z < BODY_MIN_SCORE) continue;
        gs_draw_line(c, k[a].x, k[a].y, k[e].x, k[e].y, 2.5f * u + 2.0f, k_black, 0.5f);
        gs_draw_line(c, k[a].x, k[a].y, k[e].x, k[e].y, 2.5f * u, body_color(a, e), 0.9f);
    }
    for (int j = 0; j < GLINT_BODY_KEYPOINTS; j++) {
        if (k[j].z < BODY_MIN_SCORE) continue;
        gs_draw_disc(c, k[j].x, k[j].y, 3.0f * u + 1.0f, k_white, 1.0f);
        gs_draw_disc(c, k[j].x, k[j].y, 3.0f * u - 0.5f, body_color(j, j), 1.0f);
    }
}

/* The bottom strip: one bar with each stage's measured time stacked in its colour, the budget
 * (or, without one, a 30 fps frame, 33.3 ms) as a white tick, and the numbers as text. */
static void draw_budget(gs_canvas* c, const glint_frame* f) {
    static const gs_color stage_color[GLINT_STAGE_COUNT] = {
        {255, 170, 0}, {60, 210, 60}, {40, 150, 255}, {200, 90, 255}};
    static const char* stage_short[GLINT_STAGE_COUNT] = {"det", "lm", "body", "post"};
    int32_t s = text_scale_of(c);
    int32_t pad = 2 * s, text_h = GS_FONT_H * s;
    int32_t bar_h = 3 * s + 2;
    int32_t strip_h = 2 * text_h + bar_h + 4 * pad;
    int32_t y0 = c->height - strip_h;
    gs_draw_box(c, 0, y0, c->width, strip_h, k_black, 0.7f);

    float reference = f->budget_ms > 0.0f ? f->budget_ms : 1000.0f / 30.0f;
    float full = f->used_ms > reference ? f->used_ms : reference; /* the bar's whole width */
    int32_t bx = pad, bw = c->width - 2 * pad, by = y0 + pad;
    gs_draw_box(c, bx, by, bw, bar_h, (gs_color){70, 70, 70}, 1.0f);
    float x = (float)bx;
    for (int st = 0; st < GLINT_STAGE_COUNT; st++) {
        float w = (float)bw * f->stages[st].ms / full;
        gs_draw_box(c, (int32_t)x, by, (int32_t)ceilf(w), bar_h, stage_color[st], 1.0f);
        x += w;
    }
    /* What is not in a stage (conversion, planning): gray up to used_ms. */
    float used_x = (float)bx + (float)bw * f->used_ms / full;
    if (used_x > x) gs_draw_box(c, (int32_t)x, by, (int32_t)ceilf(used_x - x), bar_h, k_gray, 1.0f);
    int32_t tick = bx + (int32_t)((float)bw * reference / full);
    gs_draw_box(c, tick - s / 2, by - pad / 2, s > 1 ? s : 1, bar_h + pad, f->deadline_missed ? k_red : k_white, 1.0f);

    char line[256];
    if (f->budget_ms > 0.0f)
        snprintf(line, sizeof(line), "used %.1f ms of %.1f ms budget%s", (double)f->used_ms, (double)f->budget_ms,
                 f->deadline_missed ? " - missed" : "");
    else
        snprintf(line, sizeof(line), "used %.1f ms (no budget; tick = 33.3 ms)", (double)f->used_ms);
    gs_draw_text(c, pad, by + bar_h + pad, s, line, f->deadline_missed ? k_red : k_white);

    int32_t tx = pad, ty = by + bar_h + 2 * pad + text_h;
    for (int st = 0; st < GLINT_STAGE_COUNT; st++) {
        const glint_stage_report* r = &f->stages[st];
        if (r->status == GLINT_STAGE_RAN)
            snprintf(line, sizeof(line), "%s %.1f", stage_short[st], (double)r->ms);
        else
            snprintf(line, sizeof(line), "%s %s", stage_short[st], gs_stage_status_name(r->status));
        tx += gs_draw_text(c, tx, ty, s, line, r->status == GLINT_STAGE_RAN ? stage_color[st] : k_gray);
        tx += 3 * s * (GS_FONT_W + 1) / 2;
    }
}

void track_draw_frame(gs_canvas* c, const glint_frame* f) {
    if (f->body.valid) draw_body(c, &f->body);
    for (int i = 0; i < f->num_hands; i++) draw_hand(c, &f->hands[i]);
    draw_budget(c, f);
}

/* Tracking under motion: a real hand photo moved and turned a little every frame (a synthetic
 * video). After the first frame the hand must be followed from the landmarks' own ROI, without
 * the palm detector, and the keypoints must follow the known motion. */
#include "common/gs_image.h"
#include "image/gi_warp.h"
#include "test_util.h"
#include "tracker/gt_hands.h"

#define CANVAS_W 420
#define CANVAS_H 320
#define FRAMES 12

/* Frame i: the photo turned by i * 5 degrees about its centre and moved by (4i, 3i) pixels,
 * its centre placed at the canvas centre on frame 0. Returns the photo -> frame map. */
static gi_affine frame_map(const gs_image* img, int i) {
    double a = i * 5.0 * GI_PI / 180.0, c = cos(a), s = sin(a);
    double cx = 0.5 * img->width, cy = 0.5 * img->height;
    double tx = 0.5 * CANVAS_W + 4.0 * i, ty = 0.5 * CANVAS_H + 3.0 * i;
    gi_affine m = {{c, -s, tx - (c * cx - s * cy), s, c, ty - (s * cx + c * cy)}};
    return m;
}

int main(void) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", test_cache_dir());
    gs_image img;
    if (gs_image_load(path, &img, NULL) != 0) {
        printf("skip: %s not found (run tools/setup.sh)\n", path);
        return test_finish();
    }
    char models[1024];
    snprintf(models, sizeof(models), "%s/models", test_cache_dir());
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gt_hands_desc d;
    memset(&d, 0, sizeof(d));
    d.model_dir = models;
    d.max_hands = 1;
    gt_hands* h = NULL;
    glint_error err;
    glint_result r = gt_hands_create(&d, &alloc, &h, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
    if (!h) return test_finish();

    static uint8_t canvas[CANVAS_W * CANVAS_H * 3];
    gi_image src = gs_image_view(&img);
    glint_vec3 base[21]; /* frame 0's keypoints, taken back to photo coordinates */
    int detections = 0, tracked = 0;
    double worst_mean = 0;
    for (int i = 0; i < FRAMES; i++) {
        gi_affine to_frame = frame_map(&img, i), to_photo;
        CHECK(gi_affine_invert(&to_frame, &to_photo));
        CHECK(gi_warp_affine_rgb8(&src, &to_photo, canvas, CANVAS_W, CANVAS_H, CANVAS_W * 3, &err) == GLINT_SUCCESS);
        gi_image view = gi_image_packed(canvas, CANVAS_W, CANVAS_H, GI_FORMAT_RGB8);
        gt_hands_result res;
        r = gt_hands_step(h, &view, i * 33333333LL, NULL, &res, &err);
        CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
        detections += res.detection_ran;
        CHECK_MSG(res.num_valid == 1, "frame %d: %d hands", i, (int)res.num_valid);
        if (res.num_valid != 1) continue;
        const glint_hand* hand = &res.slots[0].hand;
        CHECK(hand->id == 1);
        tracked += hand->state == GLINT_TRACK_TRACKED;
        if (i == 0) {
            for (int k = 0; k < 21; k++) {
                double x, y;
                gi_affine_apply(&to_photo, hand->keypoints[k].x, hand->keypoints[k].y, &x, &y);
                base[k] = (glint_vec3){(float)x, (float)y, 0};
            }
            continue;
        }
        /* Where frame 0's keypoints went under this frame's motion. */
        double sum = 0, worst = 0;
        for (int k = 0; k < 21; k++) {
            double x, y;
            gi_affine_apply(&to_frame, base[k].x, base[k].y, &x, &y);
            double e = hypot(hand->keypoints[k].x - x, hand->keypoints[k].y - y);
            sum += e;
            if (e > worst) worst = e;
        }
        printf("frame %2d: %s, ROI rotation %6.1f deg, keypoints vs moved frame 0: mean %.2f px, worst %.2f px\n", i,
               res.detection_ran ? "detected" : "tracked ", res.slots[0].roi.rotation * 180.0 / GI_PI, sum / 21, worst);
        if (sum / 21 > worst_mean) worst_mean = sum / 21;
        CHECK(sum / 21 < 4.0 && worst < 10.0);
    }
    printf("%d detector runs, %d of %d frames tracked without it\n", detections, tracked, FRAMES);
    CHECK(detections == 1);
    CHECK(tracked == FRAMES - 1);
    gt_hands_destroy(h);
    gs_image_free(&img);
    return test_finish();
}

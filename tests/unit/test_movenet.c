/*
 * MoveNet Lightning and Thunder cut at their heads + the C decode (gt_movenet), on the real
 * models and photos:
 *  - the decode's constants equal the model's own (weight map, 1/H scale, 1.8), bit for bit;
 *  - on five person photos (letterboxed), the C decode of the heads equals the full graph's own
 *    in-graph decode run by the engine: same cells, keypoints within 1e-4, same scores;
 *  - on the golden inputs (tests/golden/movenet-*), it agrees with TF.js's output.
 * Skips when the set-up cache is missing (unless GLINT_REQUIRE_MODELS is set).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ge_graph.h"
#include "engine/ge_model.h"
#include "common/gs_image.h"
#include "image/gi_prepare.h"
#include "test_util.h"
#include "tracker/gt_movenet.h"
#include "util/gu_alloc.h"
#include "util/gu_time.h"

static gu_allocator g_alloc;

static const char* const k_photos[] = {"person_messi5.png", "person_basketball1.png", "person_fireman_b.png",
                                       "person_cameraman.png", "person_astronaut.png"};

static bool have_file(const char* path) {
    FILE* f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static double now_ms(void) { return (double)gu_time_ns() * 1e-6; }

static const float* model_const(const glint_model* m, const char* name, int64_t count) {
    const ge_graph* g = ge_model_graph(m);
    int32_t t = ge_graph_find_tensor(g, name);
    CHECK_MSG(t >= 0, "no constant '%s'", name);
    if (t < 0) return NULL;
    const ge_tensor* ts = &g->tensors[t];
    CHECK_MSG(ts->data && ts->dtype == GE_DTYPE_F32 && ge_shape_elements(&ts->shape) == count,
              "'%s' is not a float32 constant of %lld values", name, (long long)count);
    return ts->data && ts->dtype == GE_DTYPE_F32 && ge_shape_elements(&ts->shape) == count ? ts->data : NULL;
}

static void check_constants(const glint_model* full, const gt_movenet_grid* grid) {
    int32_t cells = grid->height * grid->width;
    const float* w = model_const(full, "ConstantFolding/StatefulPartitionedCall/truediv_2_recip", cells);
    const float* scale = model_const(full, "StatefulPartitionedCall/Reshape_13", 2);
    const float* offset = model_const(full, "StatefulPartitionedCall/add_5/y", 1);
    if (w) {
        int32_t differ = 0;
        for (int32_t i = 0; i < cells; i++) differ += w[i] != grid->center_weight[i];
        CHECK_MSG(differ == 0, "%d of %d weight-map cells differ from the model's constant", differ, cells);
    }
    if (scale) CHECK(scale[0] == grid->scale_y && scale[1] == grid->scale_x);
    if (offset) CHECK(offset[0] == grid->distance_offset);
}

typedef struct compare_stats {
    double max_xy, max_score;
    int32_t cell_mismatches;
} compare_stats;

/* ref: 17 x (y, x, score). */
static void compare(const char* what, const gt_movenet_pose* p, const float* ref, double tol_xy, double tol_score,
                    compare_stats* st) {
    for (int32_t k = 0; k < GT_MOVENET_KEYPOINTS; k++) {
        double dy = fabs(p->keypoints[k].y - ref[3 * k]), dx = fabs(p->keypoints[k].x - ref[3 * k + 1]);
        double ds = fabs(p->keypoints[k].score - ref[3 * k + 2]);
        if (dy > st->max_xy) st->max_xy = dy;
        if (dx > st->max_xy) st->max_xy = dx;
        if (ds > st->max_score) st->max_score = ds;
        CHECK_MSG(dy <= tol_xy && dx <= tol_xy && ds <= tol_score,
                  "%s keypoint %d: C (%.6f, %.6f, %.6f) vs (%.6f, %.6f, %.6f)", what, (int)k, p->keypoints[k].y,
                  p->keypoints[k].x, p->keypoints[k].score, ref[3 * k], ref[3 * k + 1], ref[3 * k + 2]);
    }
}

static void run_model(const char* name, int32_t size, const char* golden_case, const char* golden_image) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/tfjs/%s.json", test_cache_dir(), name);
    if (!have_file(path)) {
        printf("skip %s: %s missing\n", name, path);
        CHECK(getenv("GLINT_REQUIRE_MODELS") == NULL);
        return;
    }
    glint_error err = {0};
    gt_movenet mn;
    glint_result r = gt_movenet_init(&mn, path, &g_alloc, NULL, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: %s", name, err.message);
    if (r < 0) return;
    CHECK(mn.size == size && mn.grid.height == size / 4 && mn.grid.width == size / 4);
    glint_model_desc desc = {0};
    desc.path = path;
    glint_model* full = NULL;
    r = glint_model_load(&desc, &full, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s full: %s", name, err.message);
    if (r < 0) {
        gt_movenet_free(&mn, &g_alloc);
        return;
    }
    check_constants(full, &mn.grid);

    compare_stats graph_st = {0}, golden_st = {0};
    double t_heads = 0, t_full = 0, t_decode = 0;
    int32_t runs = 0;
    for (size_t i = 0; i < sizeof(k_photos) / sizeof(k_photos[0]); i++) {
        snprintf(path, sizeof(path), "%s/images/%s", test_cache_dir(), k_photos[i]);
        gs_image img;
        if (gs_image_load(path, &img, NULL) != 0) {
            printf("skip %s: cannot load\n", path);
            CHECK(getenv("GLINT_REQUIRE_MODELS") == NULL);
            continue;
        }
        gi_image view = gs_image_view(&img);
        gi_prep_desc prep = gi_prep_desc_letterbox(size, size, GI_RANGE_0_255, GLINT_DTYPE_I32);
        CHECK(gi_prepare_tensor(&view, &prep, mn.input, mn.input_bytes, NULL, &err) == GLINT_SUCCESS);
        CHECK(glint_model_set_input(full, 0, mn.input, mn.input_bytes) == GLINT_SUCCESS);
        double t0 = now_ms();
        CHECK(glint_model_run(full, &err) == GLINT_SUCCESS);
        double t1 = now_ms();
        gt_movenet_pose pose;
        CHECK(gt_movenet_run_input(&mn, &pose, &err) == GLINT_SUCCESS);
        double t2 = now_ms();
        /* the decode alone, on the heads just computed */
        const void* heads[4];
        for (int32_t h = 0; h < 4; h++) glint_model_output(mn.model, h, &heads[h], NULL);
        gt_movenet_pose again;
        double t3 = now_ms();
        gt_movenet_decode(&mn.grid, heads[0], heads[1], heads[2], heads[3], &again);
        t_decode += now_ms() - t3;
        CHECK(memcmp(&again, &pose, sizeof(pose)) == 0);
        t_full += t1 - t0;
        t_heads += t2 - t1;
        runs++;
        const void* out = NULL;
        size_t bytes = 0;
        CHECK(glint_model_output(full, 0, &out, &bytes) == GLINT_SUCCESS && bytes == 17 * 3 * sizeof(float));
        char what[128];
        snprintf(what, sizeof(what), "%s %s vs in-graph decode", name, k_photos[i]);
        if (out) compare(what, &pose, out, 1e-4, 1e-6, &graph_st);
        gs_image_free(&img);
    }
    printf("%s: C decode vs the engine's in-graph decode on %d photos: max |dyx| %.3g, max |dscore| %.3g\n", name,
           (int)runs, graph_st.max_xy, graph_st.max_score);
    if (runs)
        printf("%s: full graph %.1f ms, heads only %.1f ms (incl. C decode), C decode %.3f ms\n", name, t_full / runs,
               t_heads / runs, t_decode / runs);

    /* TF.js's output on the golden input (tests/golden, made by tools/goldens from this prep). */
    snprintf(path, sizeof(path), "%s/golden/%s/Identity.f32", test_data_dir(), golden_case);
    FILE* f = fopen(path, "rb");
    char img_path[1024];
    snprintf(img_path, sizeof(img_path), "%s/images/%s", test_cache_dir(), golden_image);
    gs_image img;
    if (f && gs_image_load(img_path, &img, NULL) == 0) {
        float ref[51];
        CHECK(fread(ref, sizeof(float), 51, f) == 51);
        gi_image view = gs_image_view(&img);
        gi_prep_desc prep = gi_prep_desc_letterbox(size, size, GI_RANGE_0_255, GLINT_DTYPE_I32);
        CHECK(gi_prepare_tensor(&view, &prep, mn.input, mn.input_bytes, NULL, &err) == GLINT_SUCCESS);
        gt_movenet_pose pose;
        CHECK(gt_movenet_run_input(&mn, &pose, &err) == GLINT_SUCCESS);
        snprintf(img_path, sizeof(img_path), "%s vs TF.js golden", name);
        compare(img_path, &pose, ref, 1e-4, 1e-4, &golden_st);
        printf("%s: C decode vs TF.js (%s): max |dyx| %.3g, max |dscore| %.3g\n", name, golden_image, golden_st.max_xy,
               golden_st.max_score);
        gs_image_free(&img);
    } else {
        printf("skip golden %s\n", golden_case);
    }
    if (f) fclose(f);
    glint_model_destroy(full);
    gt_movenet_free(&mn, &g_alloc);
}

static void test_errors(void) {
    glint_error err = {0};
    gt_movenet mn;
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/tfjs/no-such-movenet.json", test_cache_dir());
    CHECK(gt_movenet_init(&mn, path, &g_alloc, NULL, &err) < 0);
    CHECK(strstr(err.message, "no-such-movenet") != NULL);
    /* A model without the heads (hand landmark) is refused with the missing name. */
    snprintf(path, sizeof(path), "%s/models/tfjs/handlandmark-lite.json", test_cache_dir());
    if (have_file(path)) {
        CHECK(gt_movenet_init(&mn, path, &g_alloc, NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
        CHECK(strstr(err.message, "center_0") != NULL);
    }
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    run_model("movenet-lightning", 192, "movenet-lightning", "person_messi5.png");
    run_model("movenet-thunder", 256, "movenet-thunder", "person_basketball1.png");
    test_errors();
    CHECK(g_alloc.live_allocations == 0);
    return test_finish();
}

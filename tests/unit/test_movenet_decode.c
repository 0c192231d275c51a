/*
 * MoveNet head decode on synthetic head tensors (no model needed):
 *  - the graph's constants: float16 1/48, 1.8 and the centre weight map, including the cells of
 *    Thunder's map whose float32 value is exactly a float16 tie (values read from the model files);
 *  - hand-made heads with known answers: centre choice, regression, the distance weighting
 *    that picks the heatmap peak nearest to the regressed point, sub-cell offsets, scores,
 *    argmax ties;
 *  - random heads against a naive transcription of the graph's ops (full intermediate arrays).
 */
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "tracker/gt_movenet_decode.h"

enum { K = GT_MOVENET_KEYPOINTS, MAXC = GT_MOVENET_MAX_GRID * GT_MOVENET_MAX_GRID };

static float g_center[MAXC], g_heat[MAXC * 17], g_reg[MAXC * 34], g_off[MAXC * 34];

static float logit(float p) { return logf(p / (1.0f - p)); }

static void test_constants(void) {
    static gt_movenet_grid g;
    glint_error err = {0};
    CHECK(gt_movenet_grid_init(&g, 48, 48, &err) == GLINT_SUCCESS);
    /* Values as stored (float16) in movenet-lightning.bin. */
    CHECK(g.scale_y == 0.0208282470703125f && g.scale_x == 0.0208282470703125f);
    CHECK(g.distance_offset == 1.7998046875f);
    CHECK(g.center_weight[0] == 0.027984619140625f);
    CHECK(g.center_weight[1] == 0.028533935546875f);
    CHECK(g.center_weight[24 * 48 + 24] == 0.5556640625f); /* the maximum, 1/1.8, at (H/2, W/2) */
    for (int32_t i = 0; i < 48 * 48; i++) CHECK(g.center_weight[i] <= g.center_weight[24 * 48 + 24]);
    CHECK(gt_movenet_grid_init(&g, 64, 64, &err) == GLINT_SUCCESS);
    CHECK(g.scale_y == 0.015625f);
    CHECK(g.center_weight[0] == 0.0212554931640625f);
    /* (2, 13): 1/(sqrt(30^2 + 19^2) + 1.8) is, in float32, exactly halfway between two float16
     * values; the model stores the upper one (ties away from zero, not to even). */
    CHECK(g.center_weight[2 * 64 + 13] == 0.0268096923828125f);
    CHECK(g.center_weight[62 * 64 + 51] == 0.0268096923828125f);
    /* rounding helper */
    CHECK(gt_movenet_round_f16(1.0f) == 1.0f);
    CHECK(gt_movenet_round_f16(1.0f + 1.0f / 2048.0f) == 1.0f + 1.0f / 1024.0f); /* tie -> away */
    CHECK(gt_movenet_round_f16(-(1.0f + 1.0f / 2048.0f)) == -(1.0f + 1.0f / 1024.0f));
    CHECK(gt_movenet_round_f16(1.0f + 1.0f / 4096.0f) == 1.0f);
    CHECK(gt_movenet_round_f16(2047.9f) == 2048.0f); /* carry into the exponent */
    CHECK(gt_movenet_round_f16(1e-8f) == 1e-8f);     /* outside the normal range: unchanged */
    /* bad sizes */
    CHECK(gt_movenet_grid_init(&g, 0, 48, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_movenet_grid_init(&g, 48, 65, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_movenet_grid_init(NULL, 48, 48, &err) == GLINT_ERROR_INVALID_ARGUMENT);
}

static void clear_heads(int32_t cells) {
    for (int32_t i = 0; i < cells; i++) g_center[i] = -8.0f;
    for (int32_t i = 0; i < cells * K; i++) g_heat[i] = -8.0f;
    memset(g_reg, 0, sizeof(float) * (size_t)cells * 34);
    memset(g_off, 0, sizeof(float) * (size_t)cells * 34);
}

static void test_known_answers(void) {
    static gt_movenet_grid g;
    glint_error err = {0};
    CHECK(gt_movenet_grid_init(&g, 48, 48, &err) == GLINT_SUCCESS);
    const int32_t W = 48, cells = 48 * 48;
    clear_heads(cells);
    /* The person's centre at (20, 30); a slightly stronger centre far off at (2, 2) loses to
     * the centre weighting. */
    g_center[20 * W + 30] = logit(0.8f);
    g_center[2 * W + 2] = logit(0.9f);
    /* Each keypoint k is regressed to (10 + k, 5 + 2k) from the centre. */
    for (int32_t k = 0; k < K; k++) {
        g_reg[(20 * W + 30) * 34 + 2 * k] = (float)(10 + k) - 20.0f;
        g_reg[(20 * W + 30) * 34 + 2 * k + 1] = (float)(5 + 2 * k) - 30.0f;
    }
    /* Heatmap: keypoint k peaks at its regressed cell with p = 0.6 and sub-cell offset (0.25, -0.5);
     * a stronger decoy (0.95) 20 cells away loses to the distance weighting. */
    for (int32_t k = 0; k < K; k++) {
        int32_t i = (10 + k) * W + (5 + 2 * k);
        g_heat[i * K + k] = logit(0.6f);
        g_off[i * 34 + 2 * k] = 0.25f;
        g_off[i * 34 + 2 * k + 1] = -0.5f;
        int32_t decoy = (10 + k) * W + (25 + k);
        g_heat[decoy * K + k] = logit(0.95f);
    }
    gt_movenet_pose p;
    gt_movenet_decode(&g, g_center, g_heat, g_reg, g_off, &p);
    CHECK(p.center_row == 20 && p.center_col == 30);
    for (int32_t k = 0; k < K; k++) {
        CHECK(p.cell_row[k] == 10 + k && p.cell_col[k] == 5 + 2 * k);
        CHECK_NEAR(p.keypoints[k].y, (10 + k + 0.25) * 0.0208282470703125, 1e-6);
        CHECK_NEAR(p.keypoints[k].x, (5 + 2 * k - 0.5) * 0.0208282470703125, 1e-6);
        CHECK_NEAR(p.keypoints[k].score, 0.6, 1e-6);
    }
    /* A decoy one cell away wins: 0.95 / (1 + 1.8) > 0.6 / 1.8. */
    g_heat[(10 * W + 6) * K + 0] = logit(0.95f);
    gt_movenet_decode(&g, g_center, g_heat, g_reg, g_off, &p);
    CHECK(p.cell_row[0] == 10 && p.cell_col[0] == 6);
    CHECK_NEAR(p.keypoints[0].score, 0.95, 1e-6);
    /* Exact ties (all logits equal): the lowest flattened index wins, as TF's ArgMax. */
    clear_heads(cells);
    gt_movenet_decode(&g, g_center, g_heat, g_reg, g_off, &p);
    CHECK(p.center_row == 24 && p.center_col == 24); /* the weight map alone decides */
    for (int32_t k = 0; k < K; k++) {
        /* regressed to (24, 24) itself: distance 0 there */
        CHECK(p.cell_row[k] == 24 && p.cell_col[k] == 24);
    }
    /* Regressed exactly between two cells: equal distances, the first in row-major order wins. */
    for (int32_t k = 0; k < K; k++) g_reg[(24 * W + 24) * 34 + 2 * k + 1] = 0.5f; /* x = 24.5 */
    gt_movenet_decode(&g, g_center, g_heat, g_reg, g_off, &p);
    for (int32_t k = 0; k < K; k++) CHECK(p.cell_row[k] == 24 && p.cell_col[k] == 24);
}

/* The graph's ops one by one, with full intermediate tensors (StatefulPartitionedCall/...). */
static void naive_decode(const gt_movenet_grid* g, gt_movenet_pose* out) {
    const int32_t h = g->height, w = g->width, cells = h * w;
    static float sig_center[MAXC], weighted[MAXC], sig_heat[MAXC * 17], ratio[MAXC * 17];
    for (int32_t i = 0; i < cells; i++) sig_center[i] = 1.0f / (1.0f + expf(-g_center[i])); /* Sigmoid_1 */
    for (int32_t i = 0; i < cells; i++) weighted[i] = sig_center[i] * g->center_weight[i];   /* truediv_2 */
    int32_t arg = 0; /* ArgMax */
    for (int32_t i = 1; i < cells; i++)
        if (weighted[i] > weighted[arg]) arg = i;
    int32_t row = arg / w, col = arg - (arg / w) * w; /* floordiv, mul, sub_4 */
    out->center_row = row;
    out->center_col = col;
    float ry[K], rx[K]; /* GatherNd, unstack_1, add_2, add_3 */
    for (int32_t k = 0; k < K; k++) {
        ry[k] = (float)row + g_reg[arg * 34 + 2 * k];
        rx[k] = (float)col + g_reg[arg * 34 + 2 * k + 1];
    }
    for (int32_t i = 0; i < cells * K; i++) sig_heat[i] = 1.0f / (1.0f + expf(-g_heat[i])); /* Sigmoid */
    for (int32_t y = 0; y < h; y++)
        for (int32_t x = 0; x < w; x++)
            for (int32_t k = 0; k < K; k++) {
                float a = ((float)y - ry[k]) * ((float)y - ry[k]); /* sub_5 */
                float b = ((float)x - rx[k]) * ((float)x - rx[k]); /* sub_6 */
                float d = sqrtf(a + b) + g->distance_offset;      /* add_4, Sqrt_1, add_5 */
                ratio[(y * w + x) * K + k] = sig_heat[(y * w + x) * K + k] / d; /* truediv_3 */
            }
    for (int32_t k = 0; k < K; k++) { /* ArgMax_1 over cells for each keypoint */
        int32_t a = 0;
        for (int32_t i = 1; i < cells; i++)
            if (ratio[i * K + k] > ratio[a * K + k]) a = i;
        int32_t r = a / w, c = a - r * w;
        out->cell_row[k] = r;
        out->cell_col[k] = c;
        out->keypoints[k].y = ((float)r + g_off[a * 34 + 2 * k]) * g->scale_y;
        out->keypoints[k].x = ((float)c + g_off[a * 34 + 2 * k + 1]) * g->scale_x;
        out->keypoints[k].score = sig_heat[a * K + k]; /* GatherNd_3 */
    }
}

static void test_random_against_naive(int32_t grid, int32_t rounds) {
    static gt_movenet_grid g;
    glint_error err = {0};
    CHECK(gt_movenet_grid_init(&g, grid, grid, &err) == GLINT_SUCCESS);
    test_rng rng = {0x5eed + (uint64_t)grid};
    const int32_t cells = grid * grid;
    int32_t mismatches = 0;
    for (int32_t round = 0; round < rounds; round++) {
        for (int32_t i = 0; i < cells; i++) g_center[i] = test_rng_float(&rng, -6.0f, 3.0f);
        for (int32_t i = 0; i < cells * K; i++) g_heat[i] = test_rng_float(&rng, -6.0f, 3.0f);
        for (int32_t i = 0; i < cells * 34; i++) g_reg[i] = test_rng_float(&rng, -20.0f, 20.0f);
        for (int32_t i = 0; i < cells * 34; i++) g_off[i] = test_rng_float(&rng, -1.0f, 1.0f);
        gt_movenet_pose a, b;
        gt_movenet_decode(&g, g_center, g_heat, g_reg, g_off, &a);
        naive_decode(&g, &b);
        bool same = a.center_row == b.center_row && a.center_col == b.center_col;
        for (int32_t k = 0; k < K; k++) {
            same = same && a.cell_row[k] == b.cell_row[k] && a.cell_col[k] == b.cell_col[k];
            same = same && a.keypoints[k].y == b.keypoints[k].y && a.keypoints[k].x == b.keypoints[k].x &&
                   a.keypoints[k].score == b.keypoints[k].score;
        }
        mismatches += !same;
    }
    printf("grid %d: %d random heads, %d differ from the op-by-op transcription\n", grid, rounds, mismatches);
    CHECK(mismatches == 0);
}

int main(void) {
    test_constants();
    test_known_answers();
    test_random_against_naive(48, 20);
    test_random_against_naive(64, 10);
    test_random_against_naive(7, 50);
    return test_finish();
}

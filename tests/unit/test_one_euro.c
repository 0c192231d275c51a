/*
 * One Euro filter (gt_one_euro.h): constant input passes unchanged, a step converges without
 * overshoot, jitter on a still point is reduced (variance ratio), a fast ramp lags less with
 * beta > 0 than with beta = 0, variable and bad timestamps, NaN samples, reset, the vec3
 * form's isotropy and the keypoint-set form.
 */
#include "test_util.h"
#include "tracker/gt_one_euro.h"

#define NS_PER_S 1000000000LL
#define FRAME_NS (NS_PER_S / 30)

static const double kPi = 3.14159265358979323846;

/* Standard normal from the fixed-seed generator (Box-Muller). */
static float gauss(test_rng* r) {
    float u1 = test_rng_float(r, 1e-7f, 1.0f), u2 = test_rng_float(r, 0.0f, 1.0f);
    return sqrtf(-2.0f * logf(u1)) * cosf((float)(2.0 * kPi) * u2);
}

static void test_constant(void) {
    gt_one_euro f;
    gt_one_euro_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    test_rng r = {7};
    int64_t t = 123456789;
    int exact = 1;
    for (int i = 0; i < 200; i++) {
        t += FRAME_NS + (int64_t)test_rng_int(&r, -5, 5) * 1000000; /* 28..38 ms frames */
        if (gt_one_euro_filter(&f, &p, 412.5f, t) != 412.5f) exact = 0;
    }
    CHECK_MSG(exact, "a constant signal must come out bit-identical");
}

static void test_step(void) {
    gt_one_euro f;
    gt_one_euro_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    int64_t t = 0;
    for (int i = 0; i < 30; i++, t += FRAME_NS) gt_one_euro_filter(&f, &p, 0.0f, t);
    float prev = 0.0f, y = 0.0f;
    int monotone = 1, frames_to_99 = -1;
    for (int i = 0; i < 60; i++, t += FRAME_NS) {
        y = gt_one_euro_filter(&f, &p, 100.0f, t);
        if (y < prev || y > 100.0f) monotone = 0;
        if (frames_to_99 < 0 && y >= 99.0f) frames_to_99 = i;
        prev = y;
    }
    CHECK_MSG(monotone, "a first-order filter rises monotonically, without overshoot");
    CHECK_NEAR(y, 100.0f, 1e-3);
    /* The speed term makes a 100 px jump settle fast: within half a second. */
    CHECK_MSG(frames_to_99 >= 0 && frames_to_99 <= 15, "reached 99%% after %d frames", frames_to_99);
    printf("step 0 -> 100 px: 99%% after %d frames (30 fps)\n", frames_to_99);
}

static double variance(const float* x, int n) {
    double m = 0.0, v = 0.0;
    for (int i = 0; i < n; i++) m += x[i];
    m /= n;
    for (int i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
    return v / n;
}

static void test_jitter(void) {
    enum { N = 600, SETTLE = 30 };
    static float in[N], out[N];
    gt_one_euro f;
    gt_one_euro_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    test_rng r = {42};
    for (int i = 0; i < N; i++) {
        in[i] = 320.0f + 2.0f * gauss(&r); /* a still keypoint with 2 px landmark noise */
        out[i] = gt_one_euro_filter(&f, &p, in[i], (int64_t)i * FRAME_NS);
    }
    double ratio = variance(out + SETTLE, N - SETTLE) / variance(in + SETTLE, N - SETTLE);
    printf("still point, 2 px noise, 30 fps: output/input variance %.3f (std %.2f -> %.2f px)\n", ratio,
           sqrt(variance(in + SETTLE, N - SETTLE)), sqrt(variance(out + SETTLE, N - SETTLE)));
    CHECK_MSG(ratio < 0.25, "jitter variance ratio %.3f", ratio);
}

/* Mean lag (true - filtered) over the second half of a 1000 px/s ramp. */
static double ramp_lag(float beta) {
    gt_one_euro f;
    gt_one_euro_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    p.beta = beta;
    double lag = 0.0;
    int n = 0;
    for (int i = 0; i < 60; i++) {
        float x = 1000.0f * (float)i / 30.0f;
        float y = gt_one_euro_filter(&f, &p, x, (int64_t)i * FRAME_NS);
        if (i >= 30) {
            lag += x - y;
            n++;
        }
    }
    return lag / n;
}

static void test_ramp(void) {
    double lag0 = ramp_lag(0.0f), lag = ramp_lag(GT_ONE_EURO_PIXEL_BETA);
    printf("ramp 1000 px/s: lag %.1f px with beta 0, %.1f px with beta %.3g\n", lag0, lag, (double)GT_ONE_EURO_PIXEL_BETA);
    CHECK(lag0 > 0.0 && lag > 0.0);
    CHECK_MSG(lag < 0.2 * lag0, "beta must cut the lag: %.1f vs %.1f", lag, lag0);
}

static void test_timestamps(void) {
    gt_one_euro f;
    gt_one_euro_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    CHECK(gt_one_euro_filter(&f, &p, 10.0f, 1000) == 10.0f); /* the first sample passes through */
    float y1 = gt_one_euro_filter(&f, &p, 20.0f, 1000 + FRAME_NS);
    CHECK(y1 > 10.0f && y1 < 20.0f);
    /* Duplicate and backwards timestamps change nothing. */
    CHECK(gt_one_euro_filter(&f, &p, 500.0f, 1000 + FRAME_NS) == y1);
    CHECK(gt_one_euro_filter(&f, &p, 500.0f, 1000) == y1);
    /* A NaN sample is ignored. */
    CHECK(gt_one_euro_filter(&f, &p, NAN, 1000 + 2 * FRAME_NS) == y1);
    /* A long gap: alpha -> 1, the filter jumps to the new value. */
    float y2 = gt_one_euro_filter(&f, &p, 50.0f, 1000 + 100 * NS_PER_S);
    CHECK_NEAR(y2, 50.0f, 0.1);
    /* Reset: the next sample passes through again. */
    gt_one_euro_reset(&f);
    CHECK(gt_one_euro_filter(&f, &p, -7.0f, 5) == -7.0f);

    /* Variable frame intervals: the same 300 px/s ramp sampled at 15..60 fps ends within the
     * lag of a regular 30 fps run (the filter uses the real interval, not a fixed rate). */
    gt_one_euro a, b;
    gt_one_euro_reset(&a);
    gt_one_euro_reset(&b);
    test_rng r = {3};
    int64_t t = 0;
    float ya = 0.0f, yb = 0.0f;
    while (t < 2 * NS_PER_S) {
        ya = gt_one_euro_filter(&a, &p, 300.0f * (float)t * 1e-9f, t);
        t += (int64_t)test_rng_int(&r, 16, 66) * 1000000;
    }
    float xa = 300.0f * (float)t * 1e-9f;
    ya = gt_one_euro_filter(&a, &p, xa, t);
    for (int64_t tb = 0; tb <= t; tb += FRAME_NS) yb = gt_one_euro_filter(&b, &p, 300.0f * (float)tb * 1e-9f, tb);
    float xb = 300.0f * (float)((t / FRAME_NS) * FRAME_NS) * 1e-9f;
    printf("variable intervals: lag %.2f px vs %.2f px at a steady 30 fps\n", xa - ya, xb - yb);
    CHECK(xa - ya > 0.0f);
    CHECK_NEAR(xa - ya, xb - yb, 0.5 * (xb - yb));
}

static void test_params(void) {
    gt_one_euro_params zero = {0.0f, 0.0f, 0.0f};
    gt_one_euro_params d = gt_one_euro_params_or(zero, gt_one_euro_params_pixels());
    CHECK(d.min_cutoff == GT_ONE_EURO_PIXEL_MIN_CUTOFF && d.beta == GT_ONE_EURO_PIXEL_BETA &&
          d.d_cutoff == GT_ONE_EURO_PIXEL_D_CUTOFF);
    gt_one_euro_params user = {3.0f, -1.0f, NAN};
    gt_one_euro_params u = gt_one_euro_params_or(user, gt_one_euro_params_world());
    CHECK(u.min_cutoff == 3.0f && u.beta == GT_ONE_EURO_WORLD_BETA && u.d_cutoff == GT_ONE_EURO_WORLD_D_CUTOFF);
}

static void test_vec3(void) {
    gt_one_euro_params p = gt_one_euro_params_pixels();
    /* The same speed along x and along a diagonal gives the same lag: one cutoff from the
     * speed vector's length. A diagonal path stays on its line. */
    gt_one_euro3 fx, fd;
    gt_one_euro3_reset(&fx);
    gt_one_euro3_reset(&fd);
    const float s = 600.0f, c = (float)(1.0 / sqrt(3.0));
    glint_vec3 yx = {0}, yd = {0};
    int on_line = 1;
    for (int i = 0; i < 45; i++) {
        float d = s * (float)i / 30.0f;
        glint_vec3 px = {d, 0.0f, 0.0f}, pd = {d * c, d * c, d * c};
        yx = gt_one_euro3_filter(&fx, &p, px, (int64_t)i * FRAME_NS);
        yd = gt_one_euro3_filter(&fd, &p, pd, (int64_t)i * FRAME_NS);
        if (fabsf(yd.x - yd.y) > 1e-3f || fabsf(yd.y - yd.z) > 1e-3f) on_line = 0;
    }
    float d_end = s * 44.0f / 30.0f;
    float lag_x = d_end - yx.x, lag_d = d_end - sqrtf(yd.x * yd.x + yd.y * yd.y + yd.z * yd.z);
    CHECK(on_line);
    CHECK_NEAR(lag_x, lag_d, 1e-2 * lag_x + 1e-3);

    /* Scalar and vec3 agree on a one-axis signal. */
    gt_one_euro f1;
    gt_one_euro3 f3;
    gt_one_euro_reset(&f1);
    gt_one_euro3_reset(&f3);
    test_rng r = {11};
    float max_diff = 0.0f;
    for (int i = 0; i < 100; i++) {
        float x = 100.0f * sinf((float)i * 0.2f) + test_rng_float(&r, -2.0f, 2.0f);
        glint_vec3 v = {x, 0.0f, 0.0f};
        float a = gt_one_euro_filter(&f1, &p, x, (int64_t)i * FRAME_NS);
        glint_vec3 b = gt_one_euro3_filter(&f3, &p, v, (int64_t)i * FRAME_NS);
        if (fabsf(a - b.x) > max_diff) max_diff = fabsf(a - b.x);
    }
    CHECK_MSG(max_diff < 1e-3f, "scalar vs vec3 differ by %g", (double)max_diff);

    /* A NaN component does not poison the state. */
    glint_vec3 bad = {NAN, 1.0f, 2.0f};
    glint_vec3 before = f3.x_prev;
    glint_vec3 got = gt_one_euro3_filter(&f3, &p, bad, 1000 * FRAME_NS);
    CHECK(got.x == before.x && got.y == before.y && got.z == before.z);
}

static void test_points(void) {
    gt_one_euro_points f;
    gt_one_euro_points_reset(&f);
    gt_one_euro_params p = gt_one_euro_params_pixels();
    glint_vec3 in[GLINT_HAND_KEYPOINTS], out[GLINT_HAND_KEYPOINTS];
    gt_one_euro3 ref[GLINT_HAND_KEYPOINTS];
    for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) gt_one_euro3_reset(&ref[k]);
    test_rng r = {5};
    int same = 1;
    for (int i = 0; i < 50; i++) {
        for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
            in[k].x = 10.0f * k + test_rng_float(&r, -3.0f, 3.0f) + 5.0f * i;
            in[k].y = 7.0f * k + test_rng_float(&r, -3.0f, 3.0f);
            in[k].z = test_rng_float(&r, -1.0f, 1.0f);
        }
        gt_one_euro_points_filter(&f, &p, in, GLINT_HAND_KEYPOINTS, (int64_t)i * FRAME_NS, out);
        for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
            glint_vec3 e = gt_one_euro3_filter(&ref[k], &p, in[k], (int64_t)i * FRAME_NS);
            if (e.x != out[k].x || e.y != out[k].y || e.z != out[k].z) same = 0;
        }
    }
    CHECK_MSG(same, "each point is filtered on its own, as a gt_one_euro3");
    /* In place works too. */
    gt_one_euro_points_filter(&f, &p, in, 17, 50 * FRAME_NS, in);
    CHECK(isfinite(in[0].x) && isfinite(in[16].y));
}

int main(void) {
    test_constant();
    test_step();
    test_jitter();
    test_ramp();
    test_timestamps();
    test_params();
    test_vec3();
    test_points();
    return test_finish();
}

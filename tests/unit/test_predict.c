/*
 * Keypoint prediction (gt_predict.h): exact for linear motion up to the linear horizon
 * (regular and irregular frame times), the damped and clamped tail, interpolation inside the
 * history, the newest sample for times older than the history, noise (the least-squares
 * velocity beats a two-frame difference), and the history's push rules.
 */
#include "test_util.h"
#include "tracker/gt_predict.h"

#define MS 1000000LL
#define FRAME_NS 33333333LL

static const double kPi = 3.14159265358979323846;

/* Point k of a set moving with constant velocity: p_k(t) = a_k + v_k t, t in seconds. */
static glint_vec3 linear_point(int k, double t_s) {
    glint_vec3 p = {(float)(100.0 + 10.0 * k + (200.0 + k) * t_s), (float)(50.0 + 3.0 * k - (120.0 - 2.0 * k) * t_s),
                    (float)(-5.0 + 0.5 * k + 15.0 * t_s)};
    return p;
}

static void linear_set(int n, int64_t t_ns, glint_vec3* out) {
    for (int k = 0; k < n; k++) out[k] = linear_point(k, (double)t_ns * 1e-9);
}

static float max_error(const glint_vec3* a, const glint_vec3* b, int n) {
    float e = 0.0f;
    for (int k = 0; k < n; k++) {
        float d = fmaxf(fabsf(a[k].x - b[k].x), fmaxf(fabsf(a[k].y - b[k].y), fabsf(a[k].z - b[k].z)));
        if (d > e) e = d;
    }
    return e;
}

static void test_linear_exact(void) {
    gt_predict p;
    gt_predict_reset(&p, GLINT_HAND_KEYPOINTS);
    glint_vec3 s[GLINT_HAND_KEYPOINTS], got[GLINT_HAND_KEYPOINTS], want[GLINT_HAND_KEYPOINTS];
    test_rng r = {9};
    int64_t t = 5 * 1000000000LL;
    for (int i = 0; i < 12; i++) { /* more than the history holds; irregular 20..50 ms frames */
        t += (int64_t)test_rng_int(&r, 20, 50) * MS;
        linear_set(GLINT_HAND_KEYPOINTS, t, s);
        CHECK(gt_predict_push(&p, t, s) == GLINT_SUCCESS);
    }
    CHECK(p.count == GT_PREDICT_HISTORY);
    CHECK(gt_predict_newest_ns(&p) == t);
    const int64_t ahead[] = {1 * MS, 16 * MS, 33 * MS, GT_PREDICT_DEFAULT_LINEAR_HORIZON_NS};
    for (size_t i = 0; i < sizeof(ahead) / sizeof(ahead[0]); i++) {
        gt_predict_kind kind;
        CHECK(gt_predict_at(&p, NULL, t + ahead[i], got, &kind) == GLINT_SUCCESS);
        CHECK(kind == GT_PREDICT_EXTRAPOLATED);
        linear_set(GLINT_HAND_KEYPOINTS, t + ahead[i], want);
        float e = max_error(got, want, GLINT_HAND_KEYPOINTS);
        CHECK_MSG(e < 2e-3f, "linear motion, %lld ms ahead: error %g", (long long)(ahead[i] / MS), (double)e);
    }
    /* Inside the history: interpolation is exact for linear motion too. */
    int64_t oldest = p.t_ns[(p.head + 1) % GT_PREDICT_HISTORY];
    for (int64_t q = oldest; q <= t; q += 7 * MS) {
        gt_predict_kind kind;
        CHECK(gt_predict_at(&p, NULL, q, got, &kind) == GLINT_SUCCESS);
        CHECK(kind == GT_PREDICT_INTERPOLATED || kind == GT_PREDICT_EXACT);
        linear_set(GLINT_HAND_KEYPOINTS, q, want);
        float e = max_error(got, want, GLINT_HAND_KEYPOINTS);
        CHECK_MSG(e < 2e-3f, "interpolation at %lld ms before the newest: error %g", (long long)((t - q) / MS), (double)e);
    }
}

static void test_damped_tail(void) {
    gt_predict p;
    gt_predict_reset(&p, 1);
    /* One point moving at 1000 units/s along x. */
    for (int i = 0; i < 5; i++) {
        glint_vec3 s = {(float)i * 1000.0f * (float)FRAME_NS * 1e-9f, 0.0f, 0.0f};
        gt_predict_push(&p, (int64_t)i * FRAME_NS, &s);
    }
    const int64_t t0 = 4 * FRAME_NS;
    const float x0 = 4.0f * 1000.0f * (float)FRAME_NS * 1e-9f;
    glint_vec3 a, b, c, d;
    gt_predict_at(&p, NULL, t0 + 50 * MS, &a, NULL);
    gt_predict_at(&p, NULL, t0 + 80 * MS, &b, NULL);
    gt_predict_at(&p, NULL, t0 + 100 * MS, &c, NULL);
    gt_predict_at(&p, NULL, t0 + 2000 * MS, &d, NULL);
    CHECK_NEAR(a.x - x0, 50.0f, 1e-2);
    /* 80 ms: 50 ms linear + tau (1 - e^(-30/50)) with tau = 50 ms. */
    double want_b = 50.0 + 50.0 * (1.0 - exp(-30.0 / 50.0));
    CHECK_NEAR(b.x - x0, want_b, 1e-2);
    CHECK(b.x - x0 < 80.0f); /* less than constant velocity would say */
    CHECK(c.x > b.x);
    CHECK(d.x == c.x); /* clamped at the maximum horizon */
    printf("1000 units/s: +50 ms -> %.1f, +80 ms -> %.1f, +100 ms -> %.1f, +2 s -> %.1f (undamped: 50, 80, 100, 2000)\n",
           (double)(a.x - x0), (double)(b.x - x0), (double)(c.x - x0), (double)(d.x - x0));

    /* Custom parameters: no linear part, a 10 ms horizon clamp. */
    gt_predict_params params = {1, 10 * MS, 5 * MS, 0};
    gt_predict_at(&p, &params, t0 + 40 * MS, &a, NULL);
    CHECK(a.x - x0 > 0.0f && a.x - x0 < 10.0f);
}

static void test_out_of_range(void) {
    gt_predict p;
    gt_predict_reset(&p, 3);
    glint_vec3 s[3], got[3];
    gt_predict_kind kind;
    CHECK(gt_predict_at(&p, NULL, 0, got, &kind) == GLINT_ERROR_INVALID_ARGUMENT); /* empty */
    for (int i = 0; i < 4; i++) {
        linear_set(3, 1000 * MS + i * FRAME_NS, s);
        gt_predict_push(&p, 1000 * MS + i * FRAME_NS, s);
    }
    /* Older than the oldest sample: the newest sample, not an extrapolation backwards. */
    CHECK(gt_predict_at(&p, NULL, 999 * MS, got, &kind) == GLINT_SUCCESS);
    CHECK(kind == GT_PREDICT_OLDER_THAN_HISTORY);
    CHECK(max_error(got, s, 3) == 0.0f);
    CHECK(gt_predict_at(&p, NULL, INT64_MIN, got, &kind) == GLINT_SUCCESS && kind == GT_PREDICT_OLDER_THAN_HISTORY);
    /* Exactly a stored time: that sample. */
    glint_vec3 second[3];
    linear_set(3, 1000 * MS + FRAME_NS, second);
    CHECK(gt_predict_at(&p, NULL, 1000 * MS + FRAME_NS, got, &kind) == GLINT_SUCCESS && kind == GT_PREDICT_EXACT);
    CHECK(max_error(got, second, 3) == 0.0f);
    /* Far future: finite, clamped. */
    CHECK(gt_predict_at(&p, NULL, INT64_MAX, got, &kind) == GLINT_SUCCESS && kind == GT_PREDICT_EXTRAPOLATED);
    CHECK(isfinite(got[0].x) && isfinite(got[2].z));
    /* One sample only: no velocity, the sample itself. */
    gt_predict one;
    gt_predict_reset(&one, 3);
    gt_predict_push(&one, 77, s);
    CHECK(gt_predict_at(&one, NULL, 77 + 40 * MS, got, &kind) == GLINT_SUCCESS && kind == GT_PREDICT_EXTRAPOLATED);
    CHECK(max_error(got, s, 3) == 0.0f);
}

static void test_push_rules(void) {
    gt_predict p;
    gt_predict_reset(&p, 100); /* clamped */
    CHECK(p.num_points == GT_PREDICT_MAX_POINTS);
    gt_predict_reset(&p, GLINT_BODY_KEYPOINTS);
    CHECK(p.num_points == GLINT_BODY_KEYPOINTS);
    glint_vec3 a[GLINT_BODY_KEYPOINTS], b[GLINT_BODY_KEYPOINTS], got[GLINT_BODY_KEYPOINTS];
    linear_set(GLINT_BODY_KEYPOINTS, 0, a);
    linear_set(GLINT_BODY_KEYPOINTS, FRAME_NS, b);
    CHECK(gt_predict_push(&p, 100, a) == GLINT_SUCCESS);
    CHECK(gt_predict_push(&p, 200, b) == GLINT_SUCCESS);
    CHECK(gt_predict_push(&p, 150, a) == GLINT_ERROR_INVALID_ARGUMENT); /* older: refused */
    CHECK(p.count == 2);
    CHECK(gt_predict_push(&p, 200, a) == GLINT_SUCCESS); /* same time: replaces the newest */
    CHECK(p.count == 2);
    gt_predict_at(&p, NULL, 200, got, NULL);
    CHECK(max_error(got, a, GLINT_BODY_KEYPOINTS) == 0.0f);
    CHECK(gt_predict_push(NULL, 300, a) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_predict_push(&p, 300, NULL) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gt_predict_at(&p, NULL, 300, NULL, NULL) == GLINT_ERROR_INVALID_ARGUMENT);
    /* The points beyond num_points are untouched in the output. */
    glint_vec3 wide[GT_PREDICT_MAX_POINTS];
    for (int k = 0; k < GT_PREDICT_MAX_POINTS; k++) wide[k].x = wide[k].y = wide[k].z = -1.0f;
    gt_predict_at(&p, NULL, 250, wide, NULL);
    CHECK(wide[GLINT_BODY_KEYPOINTS].x == -1.0f && wide[GT_PREDICT_MAX_POINTS - 1].z == -1.0f);
}

static float gauss(test_rng* r) {
    float u1 = test_rng_float(r, 1e-7f, 1.0f), u2 = test_rng_float(r, 0.0f, 1.0f);
    return sqrtf(-2.0f * logf(u1)) * cosf((float)(2.0 * kPi) * u2);
}

static void test_noise(void) {
    /* Linear motion plus 1 unit of noise per sample at 30 fps, predicted 33 ms ahead: the
     * least-squares velocity over the window is compared with a two-frame difference. */
    test_rng r = {1234};
    gt_predict p;
    gt_predict_reset(&p, 1);
    double se_pred = 0.0, se_naive = 0.0;
    int n = 0;
    glint_vec3 prev = {0}, cur = {0};
    for (int i = 0; i < 400; i++) {
        int64_t t = (int64_t)i * FRAME_NS;
        glint_vec3 s = linear_point(0, (double)t * 1e-9);
        s.x += gauss(&r);
        s.y += gauss(&r);
        prev = cur;
        cur = s;
        gt_predict_push(&p, t, &s);
        if (i < 4) continue;
        glint_vec3 got, want = linear_point(0, (double)(t + FRAME_NS) * 1e-9);
        gt_predict_at(&p, NULL, t + FRAME_NS, &got, NULL);
        float nx = 2.0f * cur.x - prev.x, ny = 2.0f * cur.y - prev.y; /* two-frame extrapolation */
        se_pred += (got.x - want.x) * (got.x - want.x) + (got.y - want.y) * (got.y - want.y);
        se_naive += (nx - want.x) * (nx - want.x) + (ny - want.y) * (ny - want.y);
        n++;
    }
    double rms_pred = sqrt(se_pred / (2 * n)), rms_naive = sqrt(se_naive / (2 * n));
    printf("noise 1.0 per axis, +33 ms: rms error %.2f (least squares, 100 ms window) vs %.2f (two frames)\n", rms_pred,
           rms_naive);
    CHECK(rms_pred < 0.8 * rms_naive);
    CHECK(rms_pred < 2.0);

    /* A still point with noise stays near the point. */
    gt_predict_reset(&p, 1);
    float worst = 0.0f;
    for (int i = 0; i < 200; i++) {
        glint_vec3 s = {50.0f + gauss(&r), 60.0f + gauss(&r), 0.0f};
        gt_predict_push(&p, (int64_t)i * FRAME_NS, &s);
        glint_vec3 got;
        gt_predict_at(&p, NULL, (int64_t)i * FRAME_NS + 100 * MS, &got, NULL);
        worst = fmaxf(worst, fmaxf(fabsf(got.x - 50.0f), fabsf(got.y - 60.0f)));
    }
    CHECK_MSG(worst < 12.0f, "still point, +100 ms: worst deviation %.2f", (double)worst);
}

int main(void) {
    test_linear_exact();
    test_damped_tail();
    test_out_of_range();
    test_push_rules();
    test_noise();
    return test_finish();
}

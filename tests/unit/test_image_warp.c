/* gi_warp: exact bytes on tiny hand-made images (identity, half-pixel shifts, black borders,
 * right-angle rotations as exact permutations, 2x downscale), a pinned digest of a general
 * warp (so every build and ISA is held to the same bytes), and rejected arguments. */
#include "image/gi_affine.h"
#include "image/gi_warp.h"
#include "test_util.h"
#include "util/gu_sha256.h"

#define PINNED_WARP_DIGEST "8cc5e0043436cc76f0045ef617710e111957ebfa093237d164aa58256d6e31d7"

/* W x H RGB8 image with a stride of 3W + pad; padding bytes hold 0xEE (must never be read into output). */
enum { MAXPX = 64 * 64 };
typedef struct test_img {
    uint8_t buf[MAXPX * 4 + 256];
    gi_image view;
} test_img;

static void make_rgb(test_img* t, int w, int h, int pad) {
    memset(t->buf, 0xEE, sizeof(t->buf));
    int stride = 3 * w + pad;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++) t->buf[y * stride + 3 * x + c] = (uint8_t)(10 * (y * w + x) + 3 * c + 1);
    t->view = gi_image_packed(t->buf, w, h, GI_FORMAT_RGB8);
    t->view.stride = stride;
}

static uint8_t src_px(const test_img* t, int x, int y, int c) { return t->buf[y * t->view.stride + 3 * x + c]; }

static void warp(const test_img* t, gi_affine a, uint8_t* out, int w, int h) {
    glint_error err;
    glint_result r = gi_warp_affine_rgb8(&t->view, &a, out, w, h, 3 * w, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s", err.message);
}

static void test_identity(void) {
    test_img t;
    make_rgb(&t, 5, 3, 7); /* odd width, odd padding */
    uint8_t out[5 * 3 * 3];
    warp(&t, gi_affine_identity(), out, 5, 3);
    int same = 1;
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 5; x++)
            for (int c = 0; c < 3; c++) same &= out[(y * 5 + x) * 3 + c] == src_px(&t, x, y, c);
    CHECK(same);
}

static void test_half_pixel_shift(void) {
    test_img t;
    make_rgb(&t, 4, 2, 1);
    uint8_t out[4 * 2 * 3];
    gi_affine a = {{1, 0, 0.5, 0, 1, 0}}; /* sample halfway between x and x + 1 */
    warp(&t, a, out, 4, 2);
    int ok = 1;
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 4; x++)
            for (int c = 0; c < 3; c++) {
                int p0 = src_px(&t, x, y, c);
                int p1 = x + 1 < 4 ? src_px(&t, x + 1, y, c) : 0; /* beyond the right edge: black */
                int want = (p0 + p1 + 1) >> 1;                    /* rounded half up */
                ok &= out[(y * 4 + x) * 3 + c] == want;
            }
    CHECK(ok);

    /* Quarter pixel in y: weights 192/64 of 256. */
    gi_affine q = {{1, 0, 0, 0, 1, 0.25}};
    warp(&t, q, out, 4, 2);
    ok = 1;
    for (int x = 0; x < 4; x++)
        for (int c = 0; c < 3; c++) {
            int want0 = (src_px(&t, x, 0, c) * 192 + src_px(&t, x, 1, c) * 64 + 128) >> 8;
            int want1 = (src_px(&t, x, 1, c) * 192 + 128) >> 8;
            ok &= out[x * 3 + c] == want0 && out[(4 + x) * 3 + c] == want1;
        }
    CHECK(ok);
}

static void test_out_of_bounds(void) {
    test_img t;
    make_rgb(&t, 3, 3, 0);
    uint8_t out[3 * 3 * 3];
    gi_affine far = {{1, 0, 100, 0, 1, -50}};
    warp(&t, far, out, 3, 3);
    int zero = 1;
    for (size_t i = 0; i < sizeof(out); i++) zero &= out[i] == 0;
    CHECK(zero);
    /* Exactly one pixel to the left: column 0 is black, the rest are the source shifted. */
    gi_affine left = {{1, 0, -1, 0, 1, 0}};
    warp(&t, left, out, 3, 3);
    int ok = 1;
    for (int y = 0; y < 3; y++)
        for (int x = 0; x < 3; x++)
            for (int c = 0; c < 3; c++) ok &= out[(y * 3 + x) * 3 + c] == (x == 0 ? 0 : src_px(&t, x - 1, y, c));
    CHECK(ok);
    /* Huge but finite coordinates far outside: still black, no overflow. */
    gi_affine huge = {{65536, 0, -1073741824.0, 0, -65536, 1073741824.0}};
    warp(&t, huge, out, 3, 3);
    zero = 1;
    for (size_t i = 0; i < sizeof(out); i++) zero &= out[i] == 0;
    CHECK(zero);
}

/* A right-angle rotation of a square image about its centre is an exact permutation. */
static void test_rotations(void) {
    test_img t;
    make_rgb(&t, 4, 4, 3);
    uint8_t out[4 * 4 * 3];
    for (int quarter = 0; quarter < 4; quarter++) {
        gi_roi roi = {2.0, 2.0, 4.0, quarter * (GI_PI / 2)};
        gi_affine a = gi_affine_roi(&roi, 4, 4);
        warp(&t, a, out, 4, 4);
        int ok = 1;
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < 4; i++) {
                /* image = c + R * (u - 2, v - 2): 90 deg -> src(3 - j, i); 180 -> src(3 - i, 3 - j); 270 -> src(j, 3 - i) */
                int sx = quarter == 0 ? i : quarter == 1 ? 3 - j : quarter == 2 ? 3 - i : j;
                int sy = quarter == 0 ? j : quarter == 1 ? i : quarter == 2 ? 3 - j : 3 - i;
                for (int c = 0; c < 3; c++) ok &= out[(j * 4 + i) * 3 + c] == src_px(&t, sx, sy, c);
            }
        CHECK_MSG(ok, "rotation by %d degrees", quarter * 90);
    }
    /* models.md 3.6: positive rotation turns content pointing along +x so it points up. The
     * rightmost column (x = 3) must become the top row. */
    gi_roi roi = {2.0, 2.0, 4.0, GI_PI / 2};
    gi_affine a = gi_affine_roi(&roi, 4, 4);
    warp(&t, a, out, 4, 4);
    int ok = 1;
    for (int i = 0; i < 4; i++)
        for (int c = 0; c < 3; c++) ok &= out[i * 3 + c] == src_px(&t, 3, i, c);
    CHECK(ok);
}

static void test_downscale(void) {
    test_img t;
    make_rgb(&t, 6, 4, 0);
    uint8_t out[3 * 2 * 3];
    gi_affine a = {{2, 0, 0, 0, 2, 0}}; /* each output pixel centre lands between 4 source pixels */
    warp(&t, a, out, 3, 2);
    int ok = 1;
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 3; x++)
            for (int c = 0; c < 3; c++) {
                int s = src_px(&t, 2 * x, 2 * y, c) + src_px(&t, 2 * x + 1, 2 * y, c) + src_px(&t, 2 * x, 2 * y + 1, c) +
                        src_px(&t, 2 * x + 1, 2 * y + 1, c);
                ok &= out[(y * 3 + x) * 3 + c] == (s + 2) >> 2;
            }
    CHECK(ok);
}

/* A general map (scale, rotation, shear, partly outside) on a pseudo-random image. The digest
 * is pinned: any compiler, flag or ISA that changed one byte would fail here. */
static void test_pinned_digest(void) {
    static uint8_t src[37 * 29 * 4];
    test_rng rng = {0x9E3779B97F4A7C15ull};
    for (size_t i = 0; i < sizeof(src); i++) src[i] = (uint8_t)(test_rng_next(&rng) >> 56);
    gi_image im = gi_image_packed(src, 37, 29, GI_FORMAT_RGBA8);
    gi_roi roi = {17.3, 12.9, 31.7, 0.61};
    gi_affine a = gi_affine_roi(&roi, 50, 40);
    a.m[1] += 0.05; /* a little shear */
    static uint8_t out[50 * 40 * 3];
    glint_error err;
    CHECK(gi_warp_affine_rgb8(&im, &a, out, 50, 40, 150, &err) == GLINT_SUCCESS);
    uint8_t d[GU_SHA256_BYTES];
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_bytes(out, sizeof(out), d);
    gu_sha256_to_hex(d, hex);
    printf("pinned warp digest %s\n", hex);
    CHECK_MSG(strcmp(hex, PINNED_WARP_DIGEST) == 0, "got %s", hex);
}

static void test_rejects(void) {
    test_img t;
    make_rgb(&t, 4, 4, 0);
    uint8_t out[4 * 4 * 3];
    glint_error err;
    gi_affine id = gi_affine_identity();
    gi_image bad = t.view;
    bad.stride = 11; /* < 3 * 4 */
    CHECK(gi_warp_affine_rgb8(&bad, &id, out, 4, 4, 12, &err) == GLINT_ERROR_IMAGE_FORMAT);
    bad = t.view;
    bad.width = 0;
    CHECK(gi_warp_affine_rgb8(&bad, &id, out, 4, 4, 12, &err) == GLINT_ERROR_IMAGE_FORMAT);
    bad = t.view;
    bad.data = NULL;
    CHECK(gi_warp_affine_rgb8(&bad, &id, out, 4, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gi_warp_affine_rgb8(&t.view, &id, out, 4, 4, 11, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gi_warp_affine_rgb8(&t.view, &id, out, 0, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gi_warp_affine_rgb8(&t.view, &id, NULL, 4, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    gi_affine nan = id;
    nan.m[2] = NAN;
    CHECK(gi_warp_affine_rgb8(&t.view, &nan, out, 4, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    gi_affine big = id;
    big.m[0] = 1e6;
    CHECK(gi_warp_affine_rgb8(&t.view, &big, out, 4, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    big = id;
    big.m[5] = 4e9;
    CHECK(gi_warp_affine_rgb8(&t.view, &big, out, 4, 4, 12, &err) == GLINT_ERROR_INVALID_ARGUMENT);
}

static void test_affine_helpers(void) {
    gi_affine lb = gi_affine_letterbox(200, 100, 192, 192);
    double x, y;
    gi_affine_apply(&lb, 0, 48, &x, &y); /* top-left of the picture inside the tensor */
    CHECK_NEAR(x, 0, 1e-9);
    CHECK_NEAR(y, 0, 1e-9);
    gi_affine_apply(&lb, 192, 144, &x, &y);
    CHECK_NEAR(x, 200, 1e-9);
    CHECK_NEAR(y, 100, 1e-9);
    gi_affine inv, both;
    CHECK(gi_affine_invert(&lb, &inv));
    both = gi_affine_compose(&lb, &inv);
    CHECK_NEAR(both.m[0], 1, 1e-12);
    CHECK_NEAR(both.m[1], 0, 1e-12);
    CHECK_NEAR(both.m[2], 0, 1e-9);
    CHECK_NEAR(both.m[5], 0, 1e-9);
    gi_affine sing = {{1, 2, 0, 2, 4, 0}};
    CHECK(!gi_affine_invert(&sing, &inv));
    /* ROI: the crop's top-left corner for rotation 0 and its centre for any rotation. */
    gi_roi roi = {100, 50, 40, 0.3};
    gi_affine r = gi_affine_roi(&roi, 224, 224);
    gi_affine_apply(&r, 112, 112, &x, &y);
    CHECK_NEAR(x, 100, 1e-9);
    CHECK_NEAR(y, 50, 1e-9);
    roi.rotation = 0;
    r = gi_affine_roi(&roi, 224, 224);
    gi_affine_apply(&r, 0, 0, &x, &y);
    CHECK_NEAR(x, 80, 1e-9);
    CHECK_NEAR(y, 30, 1e-9);
}

int main(void) {
    test_identity();
    test_half_pixel_shift();
    test_out_of_bounds();
    test_rotations();
    test_downscale();
    test_pinned_digest();
    test_rejects();
    test_affine_helpers();
    return test_finish();
}

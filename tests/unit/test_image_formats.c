/* gi_image formats: every camera format read through the warp gives the expected RGB bytes
 * (packed formats with odd strides, GRAY8, NV12/NV21 with BT.601 video-range integer math and
 * nearest chroma, odd sizes, separate or contiguous chroma planes); bad views are rejected. */
#include "image/gi_image.h"
#include "image/gi_pixel.h"
#include "image/gi_warp.h"
#include "test_util.h"

enum { W = 5, H = 3 }; /* odd on purpose: the chroma plane is 3 x 2 pairs */

static uint8_t rgb_at(int x, int y, int c) { return (uint8_t)(17 * (y * W + x) + 60 * c + 5); }

/* Identity warp of the view into W x H RGB8. */
static int read_all(const gi_image* im, uint8_t out[W * H * 3]) {
    glint_error err;
    gi_affine id = gi_affine_identity();
    glint_result r = gi_warp_affine_rgb8(im, &id, out, W, H, 3 * W, &err);
    if (r != GLINT_SUCCESS) fprintf(stderr, "warp: %s\n", err.message);
    return r == GLINT_SUCCESS;
}

static void test_packed(void) {
    uint8_t buf[H * 64];
    uint8_t out[W * H * 3];
    const gi_format fmts[3] = {GI_FORMAT_RGB8, GI_FORMAT_RGBA8, GI_FORMAT_BGRA8};
    for (int f = 0; f < 3; f++) {
        int bpp = gi_format_pixel_bytes(fmts[f]);
        int stride = W * bpp + 3; /* odd padding */
        memset(buf, 0xEE, sizeof(buf));
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                uint8_t* p = buf + y * stride + x * bpp;
                uint8_t r = rgb_at(x, y, 0), g = rgb_at(x, y, 1), b = rgb_at(x, y, 2);
                if (fmts[f] == GI_FORMAT_BGRA8) p[0] = b, p[1] = g, p[2] = r;
                else p[0] = r, p[1] = g, p[2] = b;
                if (bpp == 4) p[3] = 0x11; /* alpha is ignored */
            }
        gi_image im = {buf, W, H, stride, fmts[f], NULL, 0};
        CHECK(read_all(&im, out));
        int ok = 1;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int c = 0; c < 3; c++) ok &= out[(y * W + x) * 3 + c] == rgb_at(x, y, c);
        CHECK_MSG(ok, "format %s", gi_format_name(fmts[f]));
    }
    /* GRAY8: R = G = B = the byte. */
    memset(buf, 0xEE, sizeof(buf));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) buf[y * 8 + x] = rgb_at(x, y, 0);
    gi_image g = {buf, W, H, 8, GI_FORMAT_GRAY8, NULL, 0};
    CHECK(read_all(&g, out));
    int ok = 1;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < 3; c++) ok &= out[(y * W + x) * 3 + c] == rgb_at(x, y, 0);
    CHECK(ok);
}

static void test_yuv_formula(void) {
    uint8_t rgb[3];
    gi_yuv601v_to_rgb(16, 128, 128, rgb); /* video black */
    CHECK(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 0);
    gi_yuv601v_to_rgb(235, 128, 128, rgb); /* video white */
    CHECK(rgb[0] == 255 && rgb[1] == 255 && rgb[2] == 255);
    gi_yuv601v_to_rgb(126, 128, 128, rgb); /* (298 * 110 + 128) >> 8 = 128 */
    CHECK(rgb[0] == 128 && rgb[1] == 128 && rgb[2] == 128);
    gi_yuv601v_to_rgb(81, 90, 240, rgb); /* BT.601 video-range red */
    CHECK(rgb[0] == 255 && rgb[1] == 0 && rgb[2] == 0);
    gi_yuv601v_to_rgb(145, 54, 34, rgb); /* green */
    CHECK_MSG(rgb[0] == 0 && rgb[1] == 255 && rgb[2] == 1, "%d %d %d", rgb[0], rgb[1], rgb[2]);
    gi_yuv601v_to_rgb(41, 240, 110, rgb); /* blue */
    CHECK_MSG(rgb[0] == 0 && rgb[1] == 0 && rgb[2] == 255, "%d %d %d", rgb[0], rgb[1], rgb[2]);
    gi_yuv601v_to_rgb(0, 255, 0, rgb); /* out of the video range: clamped, no wrap-around */
    CHECK(rgb[0] == 0 && rgb[2] <= 255);
    gi_yuv601v_to_rgb(255, 0, 255, rgb);
    CHECK(rgb[0] == 255 && rgb[2] == 20); /* (298*239 + 128 - 516*128) >> 8 */
}

static void test_nv(void) {
    /* Y plane stride 7 (> W), then the chroma plane; separate copy with its own stride 9. */
    uint8_t contiguous[7 * H + 7 * 2];
    uint8_t y_only[7 * H];
    uint8_t uv12[9 * 2], uv21[9 * 2];
    memset(contiguous, 0xEE, sizeof(contiguous));
    memset(uv12, 0xEE, sizeof(uv12));
    memset(uv21, 0xEE, sizeof(uv21));
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) contiguous[y * 7 + x] = (uint8_t)(16 + 13 * (y * W + x));
    for (int cy = 0; cy < 2; cy++)
        for (int cx = 0; cx < 3; cx++) {
            uint8_t u = (uint8_t)(60 + 40 * cx + 7 * cy), v = (uint8_t)(200 - 50 * cx - 9 * cy);
            contiguous[7 * H + cy * 7 + 2 * cx] = u, contiguous[7 * H + cy * 7 + 2 * cx + 1] = v;
            uv12[cy * 9 + 2 * cx] = u, uv12[cy * 9 + 2 * cx + 1] = v;
            uv21[cy * 9 + 2 * cx] = v, uv21[cy * 9 + 2 * cx + 1] = u;
        }
    memcpy(y_only, contiguous, sizeof(y_only));

    uint8_t want[W * H * 3], out[W * H * 3];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) /* nearest chroma: pair (x/2, y/2) */
            gi_yuv601v_to_rgb(contiguous[y * 7 + x], uv12[(y / 2) * 9 + 2 * (x / 2)], uv12[(y / 2) * 9 + 2 * (x / 2) + 1],
                              want + (y * W + x) * 3);
    /* Spot-check one pixel by hand: (4, 2) uses Y = 16 + 13*14 = 198, pair (2, 1): U = 147, V = 91.
     * c = 298*182 + 128 = 54364; R = 54364 + 409*(-37) = 39231 >> 8 = 153;
     * G = 54364 - 100*19 + 208*37 = 60160 >> 8 = 235; B = 54364 + 516*19 = 64168 >> 8 = 250. */
    CHECK(want[(2 * W + 4) * 3 + 0] == 153 && want[(2 * W + 4) * 3 + 1] == 235 && want[(2 * W + 4) * 3 + 2] == 250);

    gi_image a = {contiguous, W, H, 7, GI_FORMAT_NV12, NULL, 0};
    CHECK(read_all(&a, out) && memcmp(out, want, sizeof(out)) == 0);
    gi_image b = {y_only, W, H, 7, GI_FORMAT_NV12, uv12, 9};
    CHECK(read_all(&b, out) && memcmp(out, want, sizeof(out)) == 0);
    gi_image c = {y_only, W, H, 7, GI_FORMAT_NV21, uv21, 9};
    CHECK(read_all(&c, out) && memcmp(out, want, sizeof(out)) == 0);
    CHECK(gi_image_min_bytes(&a) == sizeof(contiguous) - 7 + 6);
    CHECK(gi_image_min_bytes(&b) == 7 * 2 + 5);

    glint_error err;
    gi_image bad = b;
    bad.uv_stride = 5; /* < 2 * ceil(5 / 2) = 6 */
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
    bad = a;
    bad.uv_stride = 9; /* chroma after Y must share its stride */
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    bad = b;
    bad.uv_stride = -1;
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
}

static void test_validate(void) {
    uint8_t buf[64] = {0};
    glint_error err;
    gi_image ok = gi_image_packed(buf, 4, 4, GI_FORMAT_RGBA8);
    CHECK(gi_image_validate(&ok, &err) == GLINT_SUCCESS);
    CHECK(gi_image_min_bytes(&ok) == 64);
    gi_image bad = ok;
    bad.format = (gi_format)42;
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
    CHECK(gi_image_min_bytes(&bad) == 0);
    bad = ok;
    bad.height = -1;
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
    bad = ok;
    bad.width = GI_MAX_IMAGE_DIM + 1;
    bad.stride = 4 * bad.width;
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
    bad = ok;
    bad.stride = 15;
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_IMAGE_FORMAT);
    CHECK(strstr(err.message, "stride") != NULL);
    bad = ok;
    bad.uv = buf; /* chroma on a packed format */
    CHECK(gi_image_validate(&bad, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gi_image_validate(NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    /* A padded last row is not required: stride 20, 3 rows of 4 RGBA pixels = 2 * 20 + 16 bytes. */
    gi_image padded = ok;
    padded.stride = 20;
    padded.height = 3;
    CHECK(gi_image_min_bytes(&padded) == 56);
}

int main(void) {
    test_packed();
    test_yuv_formula();
    test_nv();
    test_validate();
    return test_finish();
}

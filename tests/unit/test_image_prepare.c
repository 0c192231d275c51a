/* gi_prepare / gi_normalize: letterbox and ROI tensors with exact expected values, every
 * dtype and range, the tensor -> image map, prep spec parsing, and wrong sizes rejected. */
#include "image/gi_prepare.h"
#include "image/gi_warp.h"
#include "test_util.h"

static float f32_at(const void* t, size_t i) {
    float v;
    memcpy(&v, (const uint8_t*)t + 4 * i, 4);
    return v;
}
static int32_t i32_at(const void* t, size_t i) {
    int32_t v;
    memcpy(&v, (const uint8_t*)t + 4 * i, 4);
    return v;
}

static void test_normalize(void) {
    gi_normalizer n;
    uint8_t in[4] = {0, 128, 255, 51};
    float f[4];
    CHECK(gi_normalizer_init(&n, GI_RANGE_0_1, GLINT_DTYPE_F32));
    gi_normalizer_run(&n, in, 4, f);
    CHECK(f[0] == 0.0f && f[2] == 1.0f && f[1] == 128.0f / 255.0f && f[3] == 0.2f);
    CHECK(gi_normalizer_init(&n, GI_RANGE_M1_1, GLINT_DTYPE_F32));
    gi_normalizer_run(&n, in, 4, f);
    CHECK(f[0] == -1.0f && f[2] == 1.0f);
    CHECK(f[1] == 128.0f / 127.5f - 1.0f && f[1] > 0.0f && f[1] < 0.0079f);
    CHECK(gi_normalizer_init(&n, GI_RANGE_0_255, GLINT_DTYPE_F32));
    gi_normalizer_run(&n, in, 4, f);
    CHECK(f[0] == 0.0f && f[1] == 128.0f && f[2] == 255.0f);
    int32_t i[4];
    CHECK(gi_normalizer_init(&n, GI_RANGE_0_255, GLINT_DTYPE_I32));
    gi_normalizer_run(&n, in, 4, i);
    CHECK(i[0] == 0 && i[1] == 128 && i[2] == 255 && i[3] == 51);
    uint8_t u[4];
    CHECK(gi_normalizer_init(&n, GI_RANGE_0_255, GLINT_DTYPE_U8));
    gi_normalizer_run(&n, in, 4, u);
    CHECK(memcmp(u, in, 4) == 0);
    CHECK(!gi_normalizer_init(&n, GI_RANGE_0_1, GLINT_DTYPE_I32));
    CHECK(!gi_normalizer_init(&n, GI_RANGE_M1_1, GLINT_DTYPE_U8));
    CHECK(!gi_normalizer_init(&n, GI_RANGE_0_1, GLINT_DTYPE_F16));
    gi_range r;
    CHECK(gi_range_from_bounds(-1.0f, 1.0f, &r) && r == GI_RANGE_M1_1);
    CHECK(gi_range_from_bounds(0.0f, 255.0f, &r) && r == GI_RANGE_0_255);
    CHECK(!gi_range_from_bounds(0.0f, 0.0f, &r));
}

/* 4 x 2 RGB image, pixel value = 10 * (y * 4 + x) + channel + 1. */
static uint8_t g_src[2 * 4 * 3];
static gi_image small_image(void) {
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 4; x++)
            for (int c = 0; c < 3; c++) g_src[(y * 4 + x) * 3 + c] = (uint8_t)(10 * (y * 4 + x) + c + 1);
    return gi_image_packed(g_src, 4, 2, GI_FORMAT_RGB8);
}

static void test_letterbox_exact(void) {
    gi_image im = small_image();
    /* 4x2 into 4x4: scale 1, one black row above and below. */
    gi_prep_desc d = gi_prep_desc_letterbox(4, 4, GI_RANGE_0_255, GLINT_DTYPE_I32);
    int32_t t[4 * 4 * 3];
    gi_affine to_image;
    glint_error err;
    CHECK(gi_prep_tensor_bytes(&d) == sizeof(t));
    CHECK(gi_prepare_tensor(&im, &d, t, sizeof(t), &to_image, &err) == GLINT_SUCCESS);
    int ok = 1;
    for (int v = 0; v < 4; v++)
        for (int u = 0; u < 4; u++)
            for (int c = 0; c < 3; c++) {
                int want = (v == 0 || v == 3) ? 0 : g_src[((v - 1) * 4 + u) * 3 + c];
                ok &= t[(v * 4 + u) * 3 + c] == want;
            }
    CHECK(ok);
    CHECK(to_image.m[0] == 1 && to_image.m[1] == 0 && to_image.m[2] == 0);
    CHECK(to_image.m[3] == 0 && to_image.m[4] == 1 && to_image.m[5] == -1);

    /* Same in [-1,1]: the bars are -1 (black before normalisation), pixels x / 127.5 - 1. */
    d.range = GI_RANGE_M1_1;
    d.dtype = GLINT_DTYPE_F32;
    float f[4 * 4 * 3];
    CHECK(gi_prepare_tensor(&im, &d, f, sizeof(f), NULL, &err) == GLINT_SUCCESS);
    CHECK(f[0] == -1.0f && f[3 * 4 * 3 + 5] == -1.0f);
    CHECK(f[(1 * 4 + 2) * 3 + 1] == (float)g_src[2 * 3 + 1] / 127.5f - 1.0f);

    /* 8x4 into 4x4: scale 2, bars of one tensor row; rows 1 and 2 are 2x2 averages. */
    uint8_t big[4 * 8 * 3];
    for (size_t k = 0; k < sizeof(big); k++) big[k] = (uint8_t)(k * 7 % 251);
    gi_image bim = gi_image_packed(big, 8, 4, GI_FORMAT_RGB8);
    gi_prep_desc d8 = gi_prep_desc_letterbox(4, 4, GI_RANGE_0_255, GLINT_DTYPE_U8);
    uint8_t o[4 * 4 * 3];
    CHECK(gi_prepare_tensor(&bim, &d8, o, sizeof(o), &to_image, &err) == GLINT_SUCCESS);
    ok = 1;
    for (int v = 0; v < 4; v++)
        for (int u = 0; u < 4; u++)
            for (int c = 0; c < 3; c++) {
                int want = 0;
                if (v == 1 || v == 2) {
                    int sy = 2 * (v - 1), sx = 2 * u, s = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) s += big[((sy + dy) * 8 + sx + dx) * 3 + c];
                    want = (s + 2) >> 2;
                }
                ok &= o[(v * 4 + u) * 3 + c] == want;
            }
    CHECK(ok);
    /* Un-letterbox: tensor (2, 2) is the image centre (4, 2). */
    double x, y;
    gi_affine_apply(&to_image, 2, 2, &x, &y);
    CHECK(x == 4 && y == 2);

    /* Tall image: bars left and right. */
    gi_image tall = gi_image_packed(g_src, 2, 4, GI_FORMAT_RGB8);
    CHECK(gi_prepare_tensor(&tall, &d8, o, sizeof(o), &to_image, &err) == GLINT_SUCCESS);
    CHECK(to_image.m[2] == -1 && to_image.m[5] == 0);
    CHECK(o[0] == 0 && o[3 * 3] == 0 && o[1 * 3] == g_src[0] && o[2 * 3 + 2] == g_src[5]);
}

static void test_roi_and_rotate(void) {
    uint8_t sq[4 * 4 * 3];
    for (size_t k = 0; k < sizeof(sq); k++) sq[k] = (uint8_t)(k * 5 + 3);
    gi_image im = gi_image_packed(sq, 4, 4, GI_FORMAT_RGB8);
    glint_error err;
    gi_prep_desc a, b, c;
    CHECK(gi_prep_spec_parse("size=4;range=0,255;dtype=u8;crop=rotate:90", &a, &err) == GLINT_SUCCESS);
    CHECK(gi_prep_spec_parse("size=4x4;range=0,255;dtype=u8;crop=roi:2,2,4,90", &b, &err) == GLINT_SUCCESS);
    CHECK(gi_prep_spec_parse("size=4;range=0,255;dtype=u8;crop=affine:0,-1,4,1,0,0", &c, &err) == GLINT_SUCCESS);
    uint8_t ta[48], tb[48], tc[48];
    CHECK(gi_prepare_tensor(&im, &a, ta, 48, NULL, &err) == GLINT_SUCCESS);
    CHECK(gi_prepare_tensor(&im, &b, tb, 48, NULL, &err) == GLINT_SUCCESS);
    CHECK(gi_prepare_tensor(&im, &c, tc, 48, NULL, &err) == GLINT_SUCCESS);
    CHECK(memcmp(ta, tb, 48) == 0 && memcmp(ta, tc, 48) == 0);
    int ok = 1;
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 3; k++) ok &= ta[(j * 4 + i) * 3 + k] == sq[(i * 4 + (3 - j)) * 3 + k];
    CHECK(ok);

    /* rotate on a non-square image: square of side max(w, h) about the centre. */
    gi_image wide = small_image(); /* 4 x 2 */
    gi_prep_desc r;
    CHECK(gi_prep_spec_parse("size=4;range=0,255;dtype=i32;crop=rotate:0", &r, &err) == GLINT_SUCCESS);
    int32_t t[48];
    gi_affine to_image;
    CHECK(gi_prepare_tensor(&wide, &r, t, sizeof(t), &to_image, &err) == GLINT_SUCCESS);
    CHECK(to_image.m[0] == 1 && to_image.m[2] == 0 && to_image.m[5] == -1); /* the letterbox here */
    CHECK(t[0] == 0 && t[(1 * 4 + 0) * 3] == g_src[0] && i32_at(t, (2 * 4 + 3) * 3 + 2) == g_src[(4 + 3) * 3 + 2]);
    /* ROI partly off the image: black outside. */
    gi_prep_desc off;
    CHECK(gi_prep_spec_parse("size=2;crop=roi:0,0,2,0", &off, &err) == GLINT_SUCCESS);
    float f[12];
    CHECK(gi_prepare_tensor(&wide, &off, f, sizeof(f), NULL, &err) == GLINT_SUCCESS);
    CHECK(f32_at(f, 0) == 0.0f && f32_at(f, 9) == (float)g_src[0] / 255.0f);
}

static void test_spec_parse(void) {
    gi_prep_desc d;
    glint_error err;
    CHECK(gi_prep_spec_parse("size=192x128;range=-1,1;crop=letterbox", &d, &err) == GLINT_SUCCESS);
    CHECK(d.width == 192 && d.height == 128 && d.range == GI_RANGE_M1_1 && d.dtype == GLINT_DTYPE_F32 &&
          d.crop == GI_CROP_LETTERBOX);
    CHECK(gi_prep_spec_parse("size=256;range=0,255;dtype=i32", &d, &err) == GLINT_SUCCESS);
    CHECK(d.width == 256 && d.height == 256 && d.dtype == GLINT_DTYPE_I32);
    CHECK(gi_prep_spec_parse("size=224;crop=roi:120.5,-3.25e1,1.5E2,-45", &d, &err) == GLINT_SUCCESS);
    CHECK(d.crop == GI_CROP_ROI && d.roi.cx == 120.5 && d.roi.cy == -32.5 && d.roi.side == 150.0);
    CHECK(d.roi.rotation == -45 * (GI_PI / 180.0));
    CHECK(gi_prep_spec_parse("size=224;range=0,1;crop=rotate:90", &d, &err) == GLINT_SUCCESS);
    CHECK(d.crop == GI_CROP_ROTATE && d.rotation == 90 * (GI_PI / 180.0));
    const char* bad[] = {
        "",                              /* no size */
        "range=0,1",                     /* no size */
        "size=0",                        /* zero */
        "size=40000",                    /* too big */
        "size=12x",                      /* missing height */
        "size=abc",                      /* not a number */
        "size=4;range=0,2",              /* unknown range */
        "size=4;dtype=f16",              /* unsupported dtype */
        "size=4;dtype=i32",              /* i32 needs 0,255 */
        "size=4;crop=roi:1,2,3",         /* three numbers */
        "size=4;crop=roi:1,2,0,0",       /* zero side */
        "size=4;crop=roi:1,2,3,4,5",     /* five numbers */
        "size=4;crop=rotate:",           /* no angle */
        "size=4;crop=rotate:1,5",        /* locale-style decimal comma */
        "size=4;crop=zoom",              /* unknown crop */
        "size=4;colour=rgb",             /* unknown key */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_MSG(gi_prep_spec_parse(bad[i], &d, &err) == GLINT_ERROR_INVALID_ARGUMENT, "'%s' accepted", bad[i]);
    CHECK(gi_prep_spec_parse(NULL, &d, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gi_dtype_from_name("u8") == GLINT_DTYPE_U8 && gi_dtype_from_name("x") == GLINT_DTYPE_UNKNOWN);
}

static void test_rejects(void) {
    gi_image im = small_image();
    gi_prep_desc d = gi_prep_desc_letterbox(4, 4, GI_RANGE_0_1, GLINT_DTYPE_F32);
    float t[48];
    glint_error err;
    CHECK(gi_prepare_tensor(&im, &d, t, sizeof(t) - 4, NULL, &err) == GLINT_ERROR_SHAPE_MISMATCH);
    CHECK(strstr(err.message, "1x4x4x3") != NULL);
    CHECK(gi_prepare_tensor(&im, &d, t, sizeof(t) + 4, NULL, &err) == GLINT_ERROR_SHAPE_MISMATCH);
    CHECK(gi_prepare_tensor(&im, &d, NULL, sizeof(t), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    gi_prep_desc bad = d;
    bad.width = 0;
    CHECK(gi_prep_tensor_bytes(&bad) == 0);
    CHECK(gi_prepare_tensor(&im, &bad, t, sizeof(t), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    bad = d;
    bad.dtype = GLINT_DTYPE_I32; /* with range 0,1 */
    CHECK(gi_prepare_tensor(&im, &bad, t, sizeof(t), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    bad = d;
    bad.crop = (gi_crop)9;
    CHECK(gi_prepare_tensor(&im, &bad, t, sizeof(t), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    bad = d;
    bad.crop = GI_CROP_AFFINE;
    bad.to_image.m[0] = NAN;
    CHECK(gi_prepare_tensor(&im, &bad, t, sizeof(t), NULL, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    gi_image bim = im;
    bim.stride = 5;
    CHECK(gi_prepare_tensor(&bim, &d, t, sizeof(t), NULL, &err) == GLINT_ERROR_IMAGE_FORMAT);
}

/* Wider than the internal row chunk (128 px), odd width: the chunked path equals one warp. */
static void test_wide_rows(void) {
    enum { SW = 300, SH = 7, TW = 301, TH = 3 };
    static uint8_t src[SW * SH * 4];
    for (size_t k = 0; k < sizeof(src); k++) src[k] = (uint8_t)(k * 13 + (k >> 7));
    gi_image im = gi_image_packed(src, SW, SH, GI_FORMAT_BGRA8);
    gi_prep_desc d;
    glint_error err;
    CHECK(gi_prep_spec_parse("size=301x3;range=0,255;dtype=u8;crop=roi:150,3.5,290,7", &d, &err) == GLINT_SUCCESS);
    static uint8_t a[TW * TH * 3], b[TW * TH * 3];
    gi_affine to_image;
    CHECK(gi_prepare_tensor(&im, &d, a, sizeof(a), &to_image, &err) == GLINT_SUCCESS);
    CHECK(gi_warp_affine_rgb8(&im, &to_image, b, TW, TH, 3 * TW, &err) == GLINT_SUCCESS);
    CHECK(memcmp(a, b, sizeof(a)) == 0);
}

int main(void) {
    test_normalize();
    test_letterbox_exact();
    test_roi_and_rotate();
    test_spec_parse();
    test_rejects();
    test_wide_rows();
    return test_finish();
}

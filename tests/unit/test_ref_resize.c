/*
 * RESIZE_BILINEAR / RESIZE_NEAREST: hand-computed values for the three coordinate modes
 * (default, align_corners, half_pixel_centers) in up- and down-scaling, then a table of sizes
 * and channel counts against a double-precision reference that states TFLite's source
 * coordinate rule independently.
 */
#include "test_ref_util.h"

static tv_op resize_op(ge_op_type type, ge_view x, int oh, int ow, bool align, bool half) {
    tv_op t = tv_op_new(type, 1, 1);
    t.in[0] = x;
    t.params.resize.out_h = oh;
    t.params.resize.out_w = ow;
    t.params.resize.align_corners = align;
    t.params.resize.half_pixel_centers = half;
    return t;
}

static void test_literals(void) {
    const float grid[4] = {0, 1, 2, 3}; /* f(y, x) = 2y + x */
    struct {
        const char* name;
        bool align, half;
        float want[16];
    } up[3] = {
        {"bilinear 2->4 default", false, false, {0, 0.5f, 1, 1, 1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 2, 2.5f, 3, 3}},
        {"bilinear 2->4 align_corners",
         true,
         false,
         {0, 1.f / 3, 2.f / 3, 1, 2.f / 3, 1, 4.f / 3, 5.f / 3, 4.f / 3, 5.f / 3, 2, 7.f / 3, 2, 7.f / 3, 8.f / 3, 3}},
        {"bilinear 2->4 half_pixel",
         false,
         true,
         {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3}},
    };
    for (int k = 0; k < 3; k++) {
        tv_op t = resize_op(GE_OP_RESIZE_BILINEAR, tv_f32(SHAPE(1, 2, 2, 1), grid), 4, 4, up[k].align, up[k].half);
        if (tv_infer_run(up[k].name, &t)) tv_check_f32(up[k].name, &t.out[0], up[k].want, 16, 1e-6);
    }
    /* Downscale 4x4 -> 2x2 with half-pixel centres samples block centres: f = 4y + x at 0.5, 2.5. */
    float g16[16];
    for (int i = 0; i < 16; i++) g16[i] = (float)i;
    tv_op t = resize_op(GE_OP_RESIZE_BILINEAR, tv_f32(SHAPE(1, 4, 4, 1), g16), 2, 2, false, true);
    if (tv_infer_run("bilinear 4->2 half_pixel", &t)) {
        const float want[4] = {2.5f, 4.5f, 10.5f, 12.5f};
        tv_check_f32("bilinear 4->2 half_pixel", &t.out[0], want, 4, 1e-6);
    }
    /* 1-D 3 -> 5 (a non-integer scale of 0.6) in every mode, bilinear and nearest. */
    const float row[3] = {10, 20, 30};
    struct {
        const char* name;
        ge_op_type type;
        bool align, half;
        float want[5];
    } w5[6] = {
        {"bilinear 3->5 default", GE_OP_RESIZE_BILINEAR, false, false, {10, 16, 22, 28, 30}},
        {"bilinear 3->5 align_corners", GE_OP_RESIZE_BILINEAR, true, false, {10, 15, 20, 25, 30}},
        {"bilinear 3->5 half_pixel", GE_OP_RESIZE_BILINEAR, false, true, {10, 14, 20, 26, 30}},
        {"nearest 3->5 default (floor)", GE_OP_RESIZE_NEAREST, false, false, {10, 10, 20, 20, 30}},
        {"nearest 3->5 align_corners (round half away)", GE_OP_RESIZE_NEAREST, true, false, {10, 20, 20, 30, 30}},
        {"nearest 3->5 half_pixel", GE_OP_RESIZE_NEAREST, false, true, {10, 10, 20, 30, 30}},
    };
    for (int k = 0; k < 6; k++) {
        t = resize_op(w5[k].type, tv_f32(SHAPE(1, 1, 3, 1), row), 1, 5, w5[k].align, w5[k].half);
        if (tv_infer_run(w5[k].name, &t)) tv_check_f32(w5[k].name, &t.out[0], w5[k].want, 5, 1e-5);
    }
    /* Nearest on i32 moves whole pixels. */
    const int32_t ir[3] = {7, 8, 9};
    t = resize_op(GE_OP_RESIZE_NEAREST, tv_i32(SHAPE(1, 1, 3, 1), ir), 2, 5, false, true);
    if (tv_infer_run("nearest i32", &t)) {
        const int32_t want[10] = {7, 7, 8, 9, 9, 7, 7, 8, 9, 9};
        tv_check_i32("nearest i32", &t.out[0], want, 10);
    }
    /* Both flags at once is invalid (TF / TFLite refuse it). */
    t = resize_op(GE_OP_RESIZE_BILINEAR, tv_f32(SHAPE(1, 2, 2, 1), grid), 4, 4, true, true);
    CHECK(tv_infer(&t) == GLINT_ERROR_MODEL_FORMAT);
}

/* TFLite's source coordinate, stated on its own in double. */
static double src_coord(int d, int in, int out, bool align, bool half) {
    double scale = (align && out > 1) ? (double)(in - 1) / (out - 1) : (double)in / out;
    return half ? (d + 0.5) * scale - 0.5 : d * scale;
}

typedef struct resize_case {
    int h, w, c, oh, ow;
    bool align, half;
} resize_case;

static void test_table(test_rng* rng) {
    const resize_case cases[] = {
        {6, 6, 17, 12, 12, false, false}, {12, 12, 3, 24, 24, false, true}, {7, 7, 5, 14, 14, true, false},
        {5, 9, 1, 11, 4, false, false},   {8, 6, 33, 3, 13, false, true},   {4, 5, 3, 9, 10, true, false},
        {1, 1, 3, 3, 2, false, false},    {3, 3, 2, 1, 1, true, false},     {48, 48, 1, 24, 96, false, true},
    };
    char name[128];
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const resize_case* rc = &cases[k];
        for (int nearest = 0; nearest < 2; nearest++) {
            snprintf(name, sizeof(name), "%s %dx%dx%d -> %dx%d%s%s", nearest ? "nearest" : "bilinear", rc->h, rc->w,
                     rc->c, rc->oh, rc->ow, rc->align ? " align_corners" : "", rc->half ? " half_pixel" : "");
            tv_op t = resize_op(nearest ? GE_OP_RESIZE_NEAREST : GE_OP_RESIZE_BILINEAR,
                                tv_rand_f32(rng, SHAPE(1, rc->h, rc->w, rc->c), -1, 1), rc->oh, rc->ow, rc->align,
                                rc->half);
            if (!tv_infer_run(name, &t)) continue;
            tv_check_shape(name, &t.out[0], SHAPE(1, rc->oh, rc->ow, rc->c));
            const float* x = t.in[0].data;
            const int64_t n = (int64_t)rc->oh * rc->ow * rc->c;
            double* want = tv_alloc((size_t)n * sizeof(double));
            for (int oy = 0; oy < rc->oh; oy++)
                for (int ox = 0; ox < rc->ow; ox++)
                    for (int c = 0; c < rc->c; c++) {
                        double sy = src_coord(oy, rc->h, rc->oh, rc->align, rc->half);
                        double sx = src_coord(ox, rc->w, rc->ow, rc->align, rc->half);
                        double v;
                        if (nearest) {
                            /* Index selection is discontinuous, so it is computed in float as the
                             * TFLite rule states it (a double would flip exact halves like 1.5*8/3). */
                            float fs_y = (rc->align && rc->oh > 1) ? (float)(rc->h - 1) / (float)(rc->oh - 1)
                                                                   : (float)rc->h / (float)rc->oh;
                            float fs_x = (rc->align && rc->ow > 1) ? (float)(rc->w - 1) / (float)(rc->ow - 1)
                                                                   : (float)rc->w / (float)rc->ow;
                            float off = rc->half ? 0.5f : 0.0f;
                            float ny = ((float)oy + off) * fs_y, nx = ((float)ox + off) * fs_x;
                            int iy = rc->align ? (int)roundf(ny) : (int)floorf(ny);
                            int ix = rc->align ? (int)roundf(nx) : (int)floorf(nx);
                            iy = iy > rc->h - 1 ? rc->h - 1 : (iy < 0 ? 0 : iy);
                            ix = ix > rc->w - 1 ? rc->w - 1 : (ix < 0 ? 0 : ix);
                            v = x[((size_t)iy * rc->w + ix) * rc->c + c];
                        } else {
                            /* clamp the coordinate into the image, then interpolate linearly */
                            double cy = sy < 0 ? 0 : (sy > rc->h - 1 ? rc->h - 1 : sy);
                            double cx = sx < 0 ? 0 : (sx > rc->w - 1 ? rc->w - 1 : sx);
                            int y0 = (int)floor(cy), x0 = (int)floor(cx);
                            int y1 = y0 + 1 < rc->h ? y0 + 1 : y0, x1 = x0 + 1 < rc->w ? x0 + 1 : x0;
                            double fy = cy - y0, fx = cx - x0;
#define PX(yy, xx) x[((size_t)(yy) * rc->w + (xx)) * rc->c + c]
                            v = (1 - fy) * ((1 - fx) * PX(y0, x0) + fx * PX(y0, x1)) +
                                fy * ((1 - fx) * PX(y1, x0) + fx * PX(y1, x1));
#undef PX
                        }
                        want[((size_t)oy * rc->ow + ox) * rc->c + c] = v;
                    }
            tv_check_close(name, t.out[0].data, want, NULL, 2e-5, n);
        }
    }
}

int main(void) {
    test_rng rng = {0x7e512eull};
    test_literals();
    test_table(&rng);
    tv_free_all();
    return test_finish();
}

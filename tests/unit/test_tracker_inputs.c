/*
 * glint-track's and glint-bench's inputs (samples/common): the y4m reader and writer (4:2:0
 * to NV12, 4:4:4 and full range to RGB, mono to gray, odd sizes, frame counts, bad files)
 * and gs_frames (images, videos and folders in order, sequences, sources, timestamps).
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/gs_draw.h"
#include "common/gs_frames.h"
#include "common/gs_image.h"
#include "common/gs_y4m.h"
#include "test_util.h"

static char g_dir[256];

static void path_in(char* out, size_t size, const char* name) { snprintf(out, size, "%s/%s", g_dir, name); }

/* A w x h picture: four flat quadrants (red, green, blue, gray) shifted by frame k. */
static void picture(uint8_t* rgb, int w, int h, int k) {
    static const uint8_t colours[4][3] = {{200, 40, 40}, {40, 180, 60}, {50, 60, 210}, {128, 128, 128}};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int q = ((x >= w / 2) + 2 * (y >= h / 2) + k) % 4;
            memcpy(rgb + ((size_t)y * w + x) * 3, colours[q], 3);
        }
}

static int write_clip(const char* path, int w, int h, int frames, gs_y4m_chroma chroma) {
    FILE* f = fopen(path, "wb");
    if (!f) return -1;
    uint8_t* rgb = malloc((size_t)w * h * 3);
    int rc = gs_y4m_write_header(f, w, h, 25, chroma);
    for (int k = 0; k < frames && rc == 0; k++) {
        picture(rgb, w, h, k);
        rc = gs_y4m_write_frame_rgb8(f, rgb, w, h, 3 * w, chroma);
    }
    free(rgb);
    fclose(f);
    return rc;
}

/* Worst channel difference between the frame (any format, through gs_image_to_rgb8) and the
 * picture, over pixels whose 2x2 chroma block is one colour (block edges mix colours). */
static int worst_diff(const glint_image* im, int k, bool skip_block_edges) {
    int w = im->width, h = im->height;
    uint8_t* got = gs_image_to_rgb8(im);
    uint8_t* want = malloc((size_t)w * h * 3);
    picture(want, w, h, k);
    int worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (skip_block_edges && ((x / 2 * 2 < w / 2 && x / 2 * 2 + 1 >= w / 2) || (y / 2 * 2 < h / 2 && y / 2 * 2 + 1 >= h / 2)))
                continue;
            for (int c = 0; c < 3; c++) {
                int d = abs((int)got[((size_t)y * w + x) * 3 + c] - (int)want[((size_t)y * w + x) * 3 + c]);
                if (d > worst) worst = d;
            }
        }
    free(got);
    free(want);
    return worst;
}

static void test_y4m_420(void) {
    char path[512], err[256];
    path_in(path, sizeof(path), "a420.y4m");
    const int w = 37, h = 21; /* odd: chroma planes of ceil(w/2) x ceil(h/2) */
    CHECK(write_clip(path, w, h, 3, GS_Y4M_420) == 0);
    gs_y4m y;
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0);
    CHECK(y.width == w && y.height == h && y.fps_num == 25 && y.fps_den == 1 && !y.full_range);
    CHECK(gs_y4m_frame_count(&y) == 3);
    glint_image im;
    for (int k = 0; k < 3; k++) {
        CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == 1);
        CHECK(im.format == GLINT_PIXEL_FORMAT_NV12 && im.width == w && im.height == h);
        CHECK(im.stride == w && im.uv_stride == 2 * ((w + 1) / 2) && im.uv != NULL);
        int d = worst_diff(&im, k, true);
        CHECK_MSG(d <= 3, "4:2:0 frame %d: worst channel difference %d", k, d);
    }
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == 0); /* end */
    gs_y4m_close(&y);
}

static void test_y4m_444_and_mono(void) {
    char path[512], err[256];
    path_in(path, sizeof(path), "a444.y4m");
    CHECK(write_clip(path, 16, 9, 2, GS_Y4M_444) == 0);
    gs_y4m y;
    glint_image im;
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0);
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == 1 && im.format == GLINT_PIXEL_FORMAT_RGB8);
    CHECK_MSG(worst_diff(&im, 0, false) <= 2, "4:4:4 worst %d", worst_diff(&im, 0, false));
    gs_y4m_close(&y);

    path_in(path, sizeof(path), "mono.y4m");
    CHECK(write_clip(path, 8, 4, 1, GS_Y4M_MONO) == 0);
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0);
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == 1 && im.format == GLINT_PIXEL_FORMAT_GRAY8);
    gs_y4m_close(&y);

    /* Full range (ffmpeg's XCOLORRANGE=FULL): Y 0 is black, 255 white, converted to RGB. */
    path_in(path, sizeof(path), "full.y4m");
    FILE* f = fopen(path, "wb");
    fputs("YUV4MPEG2 W2 H2 F30000:1001 C420mpeg2 XCOLORRANGE=FULL\nFRAME\n", f);
    const uint8_t planes[6] = {0, 255, 255, 0, 128, 128};
    fwrite(planes, 1, 6, f);
    fclose(f);
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0 && y.full_range && y.fps_den == 1001);
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == 1 && im.format == GLINT_PIXEL_FORMAT_RGB8);
    const uint8_t* p = im.data;
    CHECK(p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 255 && p[4] == 255 && p[5] == 255);
    gs_y4m_close(&y);
}

static void test_y4m_bad(void) {
    char path[512], err[256];
    const char* bad[] = {
        "P6\n2 2\n255\n",                        /* not y4m */
        "YUV4MPEG2 W0 H2 F30:1\n",               /* zero width */
        "YUV4MPEG2 W2 F30:1\n",                  /* no height */
        "YUV4MPEG2 W2 H2 F30:0\n",               /* zero rate */
        "YUV4MPEG2 W2 H2 C422\n",                /* unsupported chroma */
        "YUV4MPEG2 W2 H2 C420p10\n",             /* 10-bit */
    };
    const char* words[] = {"header", "W, H", "W, H", "W, H", "colour", "colour"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        path_in(path, sizeof(path), "bad.y4m");
        FILE* f = fopen(path, "wb");
        fputs(bad[i], f);
        fclose(f);
        gs_y4m y;
        err[0] = 0;
        CHECK_MSG(gs_y4m_open(path, &y, err, sizeof(err)) == -1 && strstr(err, words[i]), "case %zu: '%s'", i, err);
    }
    /* Truncated frame, and a broken FRAME line. */
    path_in(path, sizeof(path), "trunc.y4m");
    FILE* f = fopen(path, "wb");
    fputs("YUV4MPEG2 W4 H4 F30:1 C444\nFRAME\n", f);
    fwrite("abc", 1, 3, f);
    fclose(f);
    gs_y4m y;
    glint_image im;
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0);
    CHECK(gs_y4m_frame_count(&y) == -1);
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == -1 && strstr(err, "truncated"));
    gs_y4m_close(&y);
    f = fopen(path, "wb");
    fputs("YUV4MPEG2 W1 H1 F30:1 Cmono\nFRAMEX\nA", f);
    fclose(f);
    CHECK(gs_y4m_open(path, &y, err, sizeof(err)) == 0);
    CHECK(gs_y4m_read(&y, &im, err, sizeof(err)) == -1 && strstr(err, "FRAME"));
    gs_y4m_close(&y);
    CHECK(gs_y4m_open("/nonexistent/x.y4m", &y, err, sizeof(err)) == -1);
}

static void test_frames(void) {
    char img[512], clip[512], folder[512], a[600], b[600], err[256];
    path_in(img, sizeof(img), "single.png");
    path_in(clip, sizeof(clip), "clip.y4m");
    path_in(folder, sizeof(folder), "seq");
    mkdir(folder, 0777);
    snprintf(a, sizeof(a), "%s/b_002.png", folder);
    snprintf(b, sizeof(b), "%s/a_001.png", folder);
    uint8_t rgb[8 * 6 * 3];
    picture(rgb, 8, 6, 0);
    CHECK(gs_png_write_rgb8(img, rgb, 8, 6, 24) == 0);
    CHECK(gs_png_write_rgb8(a, rgb, 8, 6, 24) == 0);
    CHECK(gs_png_write_rgb8(b, rgb, 8, 6, 24) == 0);
    char junk[600];
    snprintf(junk, sizeof(junk), "%s/notes.txt", folder); /* not an image: ignored */
    FILE* f = fopen(junk, "w");
    fputs("x", f);
    fclose(f);
    CHECK(write_clip(clip, 10, 8, 2, GS_Y4M_420) == 0);

    const char* inputs[] = {img, clip, folder, img};
    gs_frames* fr = NULL;
    CHECK(gs_frames_open(inputs, 4, &fr, err, sizeof(err)) == 0);
    if (!fr) return;
    CHECK(gs_frames_total(fr) == 1 + 2 + 2 + 1);
    struct {
        const char* source_end;
        bool start;
        int64_t ts;
        int32_t w;
    } want[] = {
        {"single.png", true, 0, 8},
        {"clip.y4m#0", true, 33333333, 10},
        {"clip.y4m#1", false, 33333333 + 40000000, 10},
        {"seq/a_001.png", true, 33333333 + 80000000, 8},
        {"seq/b_002.png", false, 2 * 33333333 + 80000000, 8},
        {"single.png", true, 3 * 33333333 + 80000000, 8},
    };
    gs_frame fm;
    for (int i = 0; i < 6; i++) {
        CHECK(gs_frames_next(fr, &fm, err, sizeof(err)) == 1);
        size_t n = strlen(fm.source), m = strlen(want[i].source_end);
        CHECK_MSG(n >= m && strcmp(fm.source + n - m, want[i].source_end) == 0, "frame %d: source %s", i, fm.source);
        CHECK_MSG(fm.sequence_start == want[i].start, "frame %d: sequence_start %d", i, fm.sequence_start);
        CHECK_MSG(fm.timestamp_ns == want[i].ts, "frame %d: t %lld want %lld", i, (long long)fm.timestamp_ns,
                  (long long)want[i].ts);
        CHECK(fm.index == i && fm.image.width == want[i].w);
    }
    CHECK(gs_frames_next(fr, &fm, err, sizeof(err)) == 0);
    gs_frames_close(fr);

    /* Missing input, empty folder. */
    const char* missing[] = {"/nonexistent/photo.png"};
    CHECK(gs_frames_open(missing, 1, &fr, err, sizeof(err)) == -1 && strstr(err, "no such"));
    char empty[512];
    path_in(empty, sizeof(empty), "empty");
    mkdir(empty, 0777);
    const char* e[] = {empty};
    CHECK(gs_frames_open(e, 1, &fr, err, sizeof(err)) == -1 && strstr(err, "no image"));
    CHECK(gs_is_image_name("X.JPG") && gs_is_image_name("a.png") && !gs_is_image_name("a.y4m"));
}

int main(void) {
    snprintf(g_dir, sizeof(g_dir), "/tmp/glint_test_inputs_XXXXXX");
    if (!mkdtemp(g_dir)) {
        CHECK_MSG(false, "mkdtemp failed");
        return test_finish();
    }
    test_y4m_420();
    test_y4m_444_and_mono();
    test_y4m_bad();
    test_frames();
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return test_finish();
}

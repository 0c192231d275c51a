#include "bench_clip.h"

#include <math.h>

#include "image/gi_affine.h"
#include "image/gi_warp.h"

int bench_clip_frame(const gs_image* photo, int32_t i, uint8_t* rgb) {
    double t = (double)i / BENCH_CLIP_FPS;
    double phase = 2.0 * GI_PI * t / 2.0;         /* one period per 2 s */
    double angle = 0.25 * sin(phase);              /* +-14 degrees */
    double shift = 0.08 * BENCH_CLIP_W * sin(0.5 * phase + 0.3); /* +-51 px, slower */
    double scale = (double)BENCH_CLIP_H / (double)photo->height; /* clip pixels per photo pixel */
    /* clip -> photo: about the clip centre, undo the shift, the turn and the scale. */
    double c = cos(angle), s = sin(angle);
    double cx = 0.5 * BENCH_CLIP_W + shift, cy = 0.5 * BENCH_CLIP_H;
    gi_affine m;
    m.m[0] = c / scale, m.m[1] = s / scale;
    m.m[3] = -s / scale, m.m[4] = c / scale;
    m.m[2] = 0.5 * photo->width - (m.m[0] * cx + m.m[1] * cy);
    m.m[5] = 0.5 * photo->height - (m.m[3] * cx + m.m[4] * cy);
    gi_image src = gs_image_view(photo);
    return gi_warp_affine_rgb8(&src, &m, rgb, BENCH_CLIP_W, BENCH_CLIP_H, 3 * BENCH_CLIP_W, NULL) == GLINT_SUCCESS ? 0 : -1;
}

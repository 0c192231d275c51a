/*
 * bench_clip: the default benchmark clip, made from one real photo: a 640x480 camera-like
 * frame in which the photo (scaled to fill the height) drifts sideways and turns back and
 * forth, one period every 2 s at 30 fps. That is the motion the tracker is built for: the
 * hand stays in view and moves a little each frame, so after the first detection the hands
 * are followed from their own landmarks.
 */
#ifndef GLINT_BENCH_CLIP_H
#define GLINT_BENCH_CLIP_H

#include <stdint.h>

#include "common/gs_image.h"
#include "glint/glint.h"

#define BENCH_CLIP_W 640
#define BENCH_CLIP_H 480
#define BENCH_CLIP_FPS 30

/* Frame i of the clip made from photo, into rgb (BENCH_CLIP_W x BENCH_CLIP_H x 3). 0 or -1. */
int bench_clip_frame(const gs_image* photo, int32_t i, uint8_t* rgb);

#endif /* GLINT_BENCH_CLIP_H */

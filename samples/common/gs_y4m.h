/*
 * gs_y4m: reads YUV4MPEG2 (.y4m) video files, the uncompressed format ffmpeg writes with
 * `-f yuv4mpegpipe` (or an output name ending in .y4m), for the samples (not the SDK).
 *
 * Format: one header line "YUV4MPEG2 W<width> H<height> F<num>:<den> [I.] [A.] [C<space>]
 * [X<ext>]..." then per frame a line "FRAME[ params]" and the planes Y, U (Cb), V (Cr),
 * each row packed. Colour spaces read: 420jpeg, 420paldv, 420mpeg2, 420 (4:2:0; the default
 * when C is absent), 444 and mono. Range: video ("limited") unless the ffmpeg extension
 * XCOLORRANGE=FULL says full range.
 *
 * What a frame becomes:
 *   4:2:0, video range   NV12 (the Y plane as is, U and V interleaved): the camera format the
 *                        tracker converts itself (BT.601 video range, gi_pixel.h)
 *   4:2:0 full, 4:4:4    RGB8, converted here with BT.601 (video or full range)
 *   mono                 GRAY8
 */
#ifndef GS_Y4M_H
#define GS_Y4M_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "glint/glint.h"

typedef enum gs_y4m_chroma {
    GS_Y4M_420 = 0,
    GS_Y4M_444 = 1,
    GS_Y4M_MONO = 2,
} gs_y4m_chroma;

typedef struct gs_y4m {
    FILE* file;
    int32_t width, height;
    int32_t fps_num, fps_den; /* 30:1 when the header has none */
    gs_y4m_chroma chroma;
    bool full_range;
    size_t plane_bytes[3];    /* Y, U, V as stored */
    uint8_t* raw;             /* one stored frame */
    uint8_t* pixels;          /* the converted frame (see above) */
    int64_t frames_read;
    long data_start;          /* file offset of the first FRAME */
} gs_y4m;

/* Opens and parses the header. 0 on success; -1 with a message in err. */
int gs_y4m_open(const char* path, gs_y4m* out, char* err, size_t err_size);

/* The next frame as a view into y4m->pixels (valid until the next read or close).
 * 1: a frame, 0: end of file, -1: error (message in err). */
int gs_y4m_read(gs_y4m* y4m, glint_image* out_image, char* err, size_t err_size);

/* Frames in the file, counted from its size when every frame header is a bare "FRAME";
 * -1 when unknown. */
int64_t gs_y4m_frame_count(const gs_y4m* y4m);

void gs_y4m_close(gs_y4m* y4m);

/* Writing (test clips, glint-bench --save-clip): RGB8 frames stored as 4:2:0 ("420jpeg",
 * chroma averaged over each 2x2 block) or 4:4:4, BT.601 video range. 0 or -1. */
int gs_y4m_write_header(FILE* out, int32_t width, int32_t height, int32_t fps, gs_y4m_chroma chroma);
int gs_y4m_write_frame_rgb8(FILE* out, const uint8_t* rgb, int32_t width, int32_t height, int32_t stride,
                            gs_y4m_chroma chroma);

#endif /* GS_Y4M_H */

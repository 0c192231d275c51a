/*
 * gs_frames: the frames of a command line's inputs, one after the other, for glint-track and
 * glint-bench. An input is
 *   an image file (PNG, JPEG, ... through gs_image)   one frame, a sequence of its own
 *   a .y4m video (gs_y4m)                             its frames, one sequence
 *   a folder                                          its image files sorted by name (byte
 *                                                     order), one sequence, like a video
 * A sequence is what a tracker may follow from frame to frame; the first frame of each sets
 * sequence_start, so a tool can reset the tracker between unrelated inputs. Timestamps grow
 * monotonically over all inputs: by the video's frame duration (F in the y4m header), or
 * 1/30 s for images.
 */
#ifndef GS_FRAMES_H
#define GS_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "glint/glint.h"

typedef struct gs_frame {
    glint_image image;       /* valid until the next gs_frames_next or close */
    const char* path;        /* the file the frame came from */
    char source[1200];       /* path, or path#N for the Nth frame (from 0) of a video */
    int32_t index;           /* over all inputs, from 0 */
    bool sequence_start;
    int64_t timestamp_ns;
} gs_frame;

typedef struct gs_frames gs_frames; /* opaque */

/* Checks every input (exists; folders are listed now). 0 or -1 with a message in err. */
int gs_frames_open(const char* const* inputs, int32_t count, gs_frames** out, char* err, size_t err_size);

/* 1: a frame in *out; 0: no more; -1: error (message in err; the rest is not read). */
int gs_frames_next(gs_frames* frames, gs_frame* out, char* err, size_t err_size);

/* Frames in all inputs when known up front (videos: from the file size); -1 otherwise. */
int64_t gs_frames_total(const gs_frames* frames);

void gs_frames_close(gs_frames* frames);

/* True for names ending in an image extension gs_image reads (png, jpg, jpeg, bmp, tga, gif,
 * ppm, pgm, psd, hdr; any case). */
bool gs_is_image_name(const char* name);

#endif /* GS_FRAMES_H */

/*
 * gs_track_json: glint-track's JSON output, written frame by frame as the frames are tracked
 * (in samples/common so that tests can check the layout with the SDK's JSON parser).
 */
#ifndef GS_TRACK_JSON_H
#define GS_TRACK_JSON_H

#include <stdio.h>

#include "glint/glint.h"

typedef struct gs_track_json {
    FILE* out;
    int32_t frames; /* written so far */
} gs_track_json;

/* Writes `{"frames":[`. */
void gs_track_json_begin(gs_track_json* j, FILE* out);
/* One frame object (with a leading comma after the first). */
void gs_track_json_frame(gs_track_json* j, int32_t index, const char* source, const glint_frame* frame);
/* Writes `]}` and a newline. */
void gs_track_json_end(gs_track_json* j);

/* "new", "tracked", "predicted", "lost". */
const char* gs_track_state_name(glint_track_state state);
/* "not_needed", "ran", "skipped", "predicted". */
const char* gs_stage_status_name(glint_stage_status status);
/* "auto", "cpu", "vulkan". */
const char* gs_backend_name(glint_backend backend);

#endif /* GS_TRACK_JSON_H */

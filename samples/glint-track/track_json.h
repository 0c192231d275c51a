/* track_json: glint-track's JSON output, written frame by frame as the frames are tracked. */
#ifndef TRACK_JSON_H
#define TRACK_JSON_H

#include <stdio.h>

#include "glint/glint.h"

/* Writes `{"frames":[`. */
void track_json_begin(FILE* out);
/* One frame object (with a leading comma after the first). */
void track_json_frame(FILE* out, int32_t index, const char* source, const glint_frame* frame);
/* Writes `]}` and a newline. */
void track_json_end(FILE* out);

/* "new", "tracked", "predicted", "lost". */
const char* track_state_name(glint_track_state state);
/* "not_needed", "ran", "skipped", "predicted". */
const char* track_stage_status_name(glint_stage_status status);

#endif /* TRACK_JSON_H */

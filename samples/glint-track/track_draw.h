/* track_draw: glint-track's annotated picture of one tracked frame (--draw). */
#ifndef TRACK_DRAW_H
#define TRACK_DRAW_H

#include "common/gs_draw.h"
#include "glint/glint.h"

/* Draws onto c (the frame's own pixels): hand skeletons with joints, a label per hand
 * (handedness and score, gesture and score, state when not measured), the body skeleton, and
 * a budget bar along the bottom (stage times stacked against the budget). */
void track_draw_frame(gs_canvas* c, const glint_frame* frame);

#endif /* TRACK_DRAW_H */

/*
 * gs_draw: anti-aliased lines and discs, filled boxes and bitmap text on an RGB8 picture, for
 * the samples' annotated output (not part of the SDK).
 *
 * Lines and discs are drawn by distance: every pixel in the shape's bounding box gets a
 * coverage from its distance to the segment (or centre), 1 inside, fading to 0 over one
 * pixel at the edge, and is blended with that weight. Text uses gs_font's 5x7 glyphs, each
 * cell `scale` pixels square, one empty column between characters.
 */
#ifndef GS_DRAW_H
#define GS_DRAW_H

#include <stdint.h>

#include "glint/glint.h"

#define GS_FONT_W 5
#define GS_FONT_H 7

typedef struct gs_canvas {
    uint8_t* rgb;
    int32_t width, height, stride;
} gs_canvas;

typedef struct gs_color {
    uint8_t r, g, b;
} gs_color;

/* A packed RGB8 copy of any glint_image (for drawing on camera frames); free() it. NULL on
 * failure. */
uint8_t* gs_image_to_rgb8(const glint_image* image);

/* alpha: 0 transparent .. 1 opaque. */
void gs_draw_line(gs_canvas* c, float x0, float y0, float x1, float y1, float thickness, gs_color color, float alpha);
void gs_draw_disc(gs_canvas* c, float cx, float cy, float radius, gs_color color, float alpha);
void gs_draw_box(gs_canvas* c, int32_t x, int32_t y, int32_t w, int32_t h, gs_color color, float alpha);
/* Top-left corner at (x, y). Returns the width drawn in pixels. */
int32_t gs_draw_text(gs_canvas* c, int32_t x, int32_t y, int32_t scale, const char* text, gs_color color);
int32_t gs_text_width(const char* text, int32_t scale);

/* The rows of a glyph ('#' = ink); unknown characters give '?'. */
const char* const* gs_font_glyph(char c);

#endif /* GS_DRAW_H */

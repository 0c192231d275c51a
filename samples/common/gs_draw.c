#include "common/gs_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/gi_image.h"
#include "image/gi_pixel.h"

uint8_t* gs_image_to_rgb8(const glint_image* image) {
    gi_image v = {0};
    v.format = (gi_format)image->format; /* same values */
    v.data = image->data;
    v.width = image->width;
    v.height = image->height;
    v.stride = image->stride ? image->stride : image->width * gi_format_pixel_bytes(v.format);
    v.uv = image->uv;
    v.uv_stride = image->uv_stride ? image->uv_stride : (image->uv ? v.stride : 0);
    if (gi_image_validate(&v, NULL) != GLINT_SUCCESS) return NULL;
    uint8_t* out = malloc((size_t)v.width * (size_t)v.height * 3);
    if (!out) return NULL;
    for (int32_t y = 0; y < v.height; y++)
        for (int32_t x = 0; x < v.width; x++) gi_read_rgb(&v, x, y, out + ((size_t)y * v.width + x) * 3);
    return out;
}

static uint8_t mix(uint8_t under, uint8_t over, float a) {
    float v = (float)under + ((float)over - (float)under) * a + 0.5f;
    return (uint8_t)(v < 0.0f ? 0.0f : v > 255.0f ? 255.0f : v);
}

static void blend(gs_canvas* c, int32_t x, int32_t y, gs_color col, float a) {
    if (x < 0 || y < 0 || x >= c->width || y >= c->height || a <= 0.0f) return;
    if (a > 1.0f) a = 1.0f;
    uint8_t* p = c->rgb + (size_t)y * c->stride + (size_t)x * 3;
    p[0] = mix(p[0], col.r, a);
    p[1] = mix(p[1], col.g, a);
    p[2] = mix(p[2], col.b, a);
}

static int32_t clampi(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

void gs_draw_line(gs_canvas* c, float x0, float y0, float x1, float y1, float thickness, gs_color col, float alpha) {
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return;
    float r = 0.5f * thickness;
    float pad = r + 1.0f;
    int32_t bx0 = clampi((int32_t)floorf(fminf(x0, x1) - pad), 0, c->width - 1);
    int32_t bx1 = clampi((int32_t)ceilf(fmaxf(x0, x1) + pad), 0, c->width - 1);
    int32_t by0 = clampi((int32_t)floorf(fminf(y0, y1) - pad), 0, c->height - 1);
    int32_t by1 = clampi((int32_t)ceilf(fmaxf(y0, y1) + pad), 0, c->height - 1);
    float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    for (int32_t y = by0; y <= by1; y++)
        for (int32_t x = bx0; x <= bx1; x++) {
            float px = (float)x + 0.5f - x0, py = (float)y + 0.5f - y0;
            float t = len2 > 0.0f ? (px * dx + py * dy) / len2 : 0.0f;
            t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
            float ex = px - t * dx, ey = py - t * dy;
            float cover = r + 0.5f - sqrtf(ex * ex + ey * ey);
            if (cover > 0.0f) blend(c, x, y, col, alpha * (cover > 1.0f ? 1.0f : cover));
        }
}

void gs_draw_disc(gs_canvas* c, float cx, float cy, float radius, gs_color col, float alpha) {
    gs_draw_line(c, cx, cy, cx, cy, 2.0f * radius, col, alpha);
}

void gs_draw_box(gs_canvas* c, int32_t x, int32_t y, int32_t w, int32_t h, gs_color col, float alpha) {
    for (int32_t j = clampi(y, 0, c->height); j < clampi(y + h, 0, c->height); j++)
        for (int32_t i = clampi(x, 0, c->width); i < clampi(x + w, 0, c->width); i++) blend(c, i, j, col, alpha);
}

int32_t gs_text_width(const char* text, int32_t scale) {
    size_t n = strlen(text);
    return n ? (int32_t)n * (GS_FONT_W + 1) * scale - scale : 0;
}

int32_t gs_draw_text(gs_canvas* c, int32_t x, int32_t y, int32_t scale, const char* text, gs_color col) {
    int32_t x0 = x;
    for (const char* s = text; *s; s++) {
        const char* const* rows = gs_font_glyph(*s);
        for (int32_t r = 0; r < GS_FONT_H; r++)
            for (int32_t k = 0; k < GS_FONT_W; k++)
                if (rows[r][k] == '#') gs_draw_box(c, x + k * scale, y + r * scale, scale, scale, col, 1.0f);
        x += (GS_FONT_W + 1) * scale;
    }
    return x - x0;
}

#include "common/gs_y4m.h"

#include <stdlib.h>
#include <string.h>

#include "image/gi_pixel.h"

#define Y4M_MAGIC "YUV4MPEG2"
#define Y4M_MAX_LINE 4096

static int fail(char* err, size_t size, const char* msg, const char* detail) {
    if (err && size) snprintf(err, size, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
    return -1;
}

/* Reads one '\n'-terminated line (without the newline) of at most Y4M_MAX_LINE bytes. */
static int read_line(FILE* f, char* line, size_t size) {
    size_t n = 0;
    int c;
    while ((c = fgetc(f)) != EOF && c != '\n') {
        if (n + 1 >= size) return -1;
        line[n++] = (char)c;
    }
    line[n] = 0;
    if (c == EOF) return n ? -1 : 0;
    return 1;
}

static bool parse_int(const char* s, int32_t* out) {
    char* end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v <= 0 || v > 1000000) return false;
    *out = (int32_t)v;
    return true;
}

int gs_y4m_open(const char* path, gs_y4m* y, char* err, size_t err_size) {
    memset(y, 0, sizeof(*y));
    y->file = fopen(path, "rb");
    if (!y->file) return fail(err, err_size, "cannot open", path);
    char line[Y4M_MAX_LINE];
    if (read_line(y->file, line, sizeof(line)) != 1 || strncmp(line, Y4M_MAGIC " ", strlen(Y4M_MAGIC) + 1) != 0) {
        gs_y4m_close(y);
        return fail(err, err_size, "not a YUV4MPEG2 file (bad header)", path);
    }
    y->fps_num = 30;
    y->fps_den = 1;
    char colour[32] = "420jpeg";
    for (char* tok = strtok(line + strlen(Y4M_MAGIC), " "); tok; tok = strtok(NULL, " ")) {
        switch (tok[0]) {
        case 'W':
            if (!parse_int(tok + 1, &y->width)) goto bad_header;
            break;
        case 'H':
            if (!parse_int(tok + 1, &y->height)) goto bad_header;
            break;
        case 'F': {
            char* colon = strchr(tok, ':');
            if (!colon) goto bad_header;
            *colon = 0;
            if (!parse_int(tok + 1, &y->fps_num) || !parse_int(colon + 1, &y->fps_den)) goto bad_header;
            break;
        }
        case 'C': snprintf(colour, sizeof(colour), "%s", tok + 1); break;
        case 'X':
            if (strcmp(tok, "XCOLORRANGE=FULL") == 0) y->full_range = true;
            break;
        default: break; /* I (interlacing) and A (aspect) do not matter here */
        }
    }
    if (y->width <= 0 || y->height <= 0 || y->width > 16384 || y->height > 16384) goto bad_header;
    size_t w = (size_t)y->width, h = (size_t)y->height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    if (strncmp(colour, "420", 3) == 0 && (colour[3] == 0 || strcmp(colour + 3, "jpeg") == 0 ||
                                           strcmp(colour + 3, "paldv") == 0 || strcmp(colour + 3, "mpeg2") == 0)) {
        y->chroma = GS_Y4M_420;
        y->plane_bytes[0] = w * h, y->plane_bytes[1] = y->plane_bytes[2] = cw * ch;
    } else if (strcmp(colour, "444") == 0) {
        y->chroma = GS_Y4M_444;
        y->plane_bytes[0] = y->plane_bytes[1] = y->plane_bytes[2] = w * h;
    } else if (strcmp(colour, "mono") == 0) {
        y->chroma = GS_Y4M_MONO;
        y->plane_bytes[0] = w * h;
    } else {
        gs_y4m_close(y);
        return fail(err, err_size, "unsupported y4m colour space (420*, 444, mono)", colour);
    }
    size_t raw = y->plane_bytes[0] + y->plane_bytes[1] + y->plane_bytes[2];
    size_t converted = y->chroma == GS_Y4M_MONO ? w * h
                       : (y->chroma == GS_Y4M_420 && !y->full_range) ? w * h + 2 * cw * ch
                                                                       : w * h * 3;
    y->raw = malloc(raw);
    y->pixels = malloc(converted);
    if (!y->raw || !y->pixels) {
        gs_y4m_close(y);
        return fail(err, err_size, "out of memory", NULL);
    }
    y->data_start = ftell(y->file);
    return 0;

bad_header:
    gs_y4m_close(y);
    return fail(err, err_size, "bad YUV4MPEG2 header (W, H and F must be positive)", path);
}

/* BT.601 full range ("JPEG") YCbCr -> RGB, same fixed-point scheme as gi_pixel.h. */
static void yuv601f_to_rgb(int32_t yy, int32_t u, int32_t v, uint8_t rgb[3]) {
    int32_t c = 256 * yy + 128, d = u - 128, e = v - 128;
    rgb[0] = gi_clamp_u8_shift8(c + 359 * e);
    rgb[1] = gi_clamp_u8_shift8(c - 88 * d - 183 * e);
    rgb[2] = gi_clamp_u8_shift8(c + 454 * d);
}

static void convert(gs_y4m* y, glint_image* out) {
    int32_t w = y->width, h = y->height, cw = (w + 1) / 2;
    const uint8_t* Y = y->raw;
    const uint8_t* U = Y + y->plane_bytes[0];
    const uint8_t* V = U + y->plane_bytes[1];
    memset(out, 0, sizeof(*out));
    out->width = w;
    out->height = h;
    out->data = y->pixels;
    if (y->chroma == GS_Y4M_MONO) {
        memcpy(y->pixels, Y, y->plane_bytes[0]);
        out->format = GLINT_PIXEL_FORMAT_GRAY8;
        return;
    }
    if (y->chroma == GS_Y4M_420 && !y->full_range) {
        /* NV12: Y as is, then (U, V) pairs; the chroma rows are 2 * cw bytes, so the chroma
         * plane gets its own stride. */
        memcpy(y->pixels, Y, y->plane_bytes[0]);
        uint8_t* uv = y->pixels + y->plane_bytes[0];
        for (size_t i = 0; i < y->plane_bytes[1]; i++) uv[2 * i] = U[i], uv[2 * i + 1] = V[i];
        out->format = GLINT_PIXEL_FORMAT_NV12;
        out->stride = w;
        out->uv = uv;
        out->uv_stride = 2 * cw;
        return;
    }
    for (int32_t r = 0; r < h; r++)
        for (int32_t c = 0; c < w; c++) {
            size_t ci = y->chroma == GS_Y4M_444 ? (size_t)r * w + c : (size_t)(r / 2) * cw + c / 2;
            uint8_t* px = y->pixels + ((size_t)r * w + c) * 3;
            if (y->full_range)
                yuv601f_to_rgb(Y[(size_t)r * w + c], U[ci], V[ci], px);
            else
                gi_yuv601v_to_rgb(Y[(size_t)r * w + c], U[ci], V[ci], px);
        }
    out->format = GLINT_PIXEL_FORMAT_RGB8;
}

int gs_y4m_read(gs_y4m* y, glint_image* out, char* err, size_t err_size) {
    char line[Y4M_MAX_LINE];
    int r = read_line(y->file, line, sizeof(line));
    if (r == 0) return 0;
    if (r < 0 || strncmp(line, "FRAME", 5) != 0 || (line[5] != 0 && line[5] != ' '))
        return fail(err, err_size, "y4m: bad FRAME header", NULL);
    size_t total = y->plane_bytes[0] + y->plane_bytes[1] + y->plane_bytes[2];
    if (fread(y->raw, 1, total, y->file) != total) return fail(err, err_size, "y4m: truncated frame", NULL);
    convert(y, out);
    y->frames_read++;
    return 1;
}

int64_t gs_y4m_frame_count(const gs_y4m* y) {
    if (!y->file || y->data_start < 0) return -1;
    long here = ftell(y->file);
    if (here < 0 || fseek(y->file, 0, SEEK_END) != 0) return -1;
    long end = ftell(y->file);
    fseek(y->file, here, SEEK_SET);
    size_t per_frame = 6 + y->plane_bytes[0] + y->plane_bytes[1] + y->plane_bytes[2];
    if (end < y->data_start) return -1;
    size_t bytes = (size_t)(end - y->data_start);
    return bytes % per_frame == 0 ? (int64_t)(bytes / per_frame) : -1;
}

void gs_y4m_close(gs_y4m* y) {
    if (y->file) fclose(y->file);
    free(y->raw);
    free(y->pixels);
    memset(y, 0, sizeof(*y));
}

int gs_y4m_write_header(FILE* out, int32_t width, int32_t height, int32_t fps, gs_y4m_chroma chroma) {
    const char* c = chroma == GS_Y4M_444 ? "444" : chroma == GS_Y4M_MONO ? "mono" : "420jpeg";
    return fprintf(out, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C%s XCOLORRANGE=LIMITED\n", (int)width, (int)height, (int)fps,
                   c) > 0 ? 0 : -1;
}

/* BT.601 video range, the inverse of gi_pixel.h's matrix, rounded. */
static void rgb_to_yuv601v(const uint8_t* p, float* y, float* u, float* v) {
    float r = p[0], g = p[1], b = p[2];
    *y = 16.0f + (65.481f * r + 128.553f * g + 24.966f * b) / 255.0f;
    *u = 128.0f + (-37.797f * r - 74.203f * g + 112.0f * b) / 255.0f;
    *v = 128.0f + (112.0f * r - 93.786f * g - 18.214f * b) / 255.0f;
}

static uint8_t u8(float v) { return (uint8_t)(v < 0.0f ? 0 : v > 255.0f ? 255 : (int)(v + 0.5f)); }

int gs_y4m_write_frame_rgb8(FILE* out, const uint8_t* rgb, int32_t w, int32_t h, int32_t stride, gs_y4m_chroma chroma) {
    if (fputs("FRAME\n", out) < 0) return -1;
    size_t n = (size_t)w * (size_t)h;
    int32_t cw = chroma == GS_Y4M_420 ? (w + 1) / 2 : w, ch = chroma == GS_Y4M_420 ? (h + 1) / 2 : h;
    size_t cn = chroma == GS_Y4M_MONO ? 0 : (size_t)cw * (size_t)ch;
    uint8_t* planes = malloc(n + 2 * cn);
    if (!planes) return -1;
    uint8_t *Y = planes, *U = planes + n, *V = U + cn;
    for (int32_t r = 0; r < h; r++)
        for (int32_t c = 0; c < w; c++) {
            float y, u, v;
            rgb_to_yuv601v(rgb + (size_t)r * stride + 3 * (size_t)c, &y, &u, &v);
            Y[(size_t)r * w + c] = u8(y);
        }
    for (int32_t r = 0; r < ch && cn; r++)
        for (int32_t c = 0; c < cw; c++) {
            /* Mean chroma of the block (one pixel for 4:4:4); edge blocks use the pixels they have. */
            int32_t k = chroma == GS_Y4M_420 ? 2 : 1, count = 0;
            float su = 0.0f, sv = 0.0f;
            for (int32_t dy = 0; dy < k; dy++)
                for (int32_t dx = 0; dx < k; dx++) {
                    int32_t yy = r * k + dy, xx = c * k + dx;
                    if (yy >= h || xx >= w) continue;
                    float y, u, v;
                    rgb_to_yuv601v(rgb + (size_t)yy * stride + 3 * (size_t)xx, &y, &u, &v);
                    su += u, sv += v, count++;
                }
            U[(size_t)r * cw + c] = u8(su / (float)count);
            V[(size_t)r * cw + c] = u8(sv / (float)count);
        }
    size_t total = n + 2 * cn;
    int rc = fwrite(planes, 1, total, out) == total ? 0 : -1;
    free(planes);
    return rc;
}

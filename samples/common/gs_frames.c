#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* opendir, stat under -std=c11 */
#endif
#include "common/gs_frames.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/gs_image.h"
#include "common/gs_y4m.h"

typedef enum item_kind { ITEM_IMAGE, ITEM_Y4M } item_kind;

typedef struct item {
    char* path;
    item_kind kind;
    bool sequence_start; /* first item of an input */
} item;

struct gs_frames {
    item* items;
    int32_t count, capacity;
    int32_t next_item;   /* the item to open next */
    bool in_video;       /* y4m is open on items[next_item - 1] */
    gs_y4m y4m;
    gs_image image;
    int32_t index;
    int64_t clock_ns;    /* timestamp of the next frame */
    int64_t step_ns;     /* of the previous frame */
    bool started;
};

static bool ends_with_ci(const char* s, const char* suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return false;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)s[n - m + i]) != tolower((unsigned char)suffix[i])) return false;
    return true;
}

bool gs_is_image_name(const char* name) {
    static const char* ext[] = {".png", ".jpg", ".jpeg", ".bmp", ".tga", ".gif", ".ppm", ".pgm", ".psd", ".hdr"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
        if (ends_with_ci(name, ext[i])) return true;
    return false;
}

static int add_item(gs_frames* f, const char* path, item_kind kind, bool start) {
    if (f->count == f->capacity) {
        int32_t cap = f->capacity ? 2 * f->capacity : 16;
        item* grown = realloc(f->items, (size_t)cap * sizeof(item));
        if (!grown) return -1;
        f->items = grown;
        f->capacity = cap;
    }
    size_t len = strlen(path);
    char* copy = malloc(len + 1);
    if (!copy) return -1;
    memcpy(copy, path, len + 1);
    f->items[f->count++] = (item){copy, kind, start};
    return 0;
}

static int cmp_names(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static int add_folder(gs_frames* f, const char* dir, char* err, size_t err_size) {
    DIR* d = opendir(dir);
    if (!d) {
        snprintf(err, err_size, "cannot list folder %s", dir);
        return -1;
    }
    char** names = NULL;
    size_t n = 0, cap = 0;
    struct dirent* e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !gs_is_image_name(e->d_name)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char** grown = realloc(names, cap * sizeof(char*));
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = -1;
            break;
        }
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (rc == 0 && n == 0) {
        snprintf(err, err_size, "folder %s holds no image files", dir);
        rc = -1;
    }
    if (rc == 0) qsort(names, n, sizeof(char*), cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && add_item(f, names[i], ITEM_IMAGE, i == 0) != 0) rc = -1;
        free(names[i]);
    }
    free(names);
    if (rc != 0 && !err[0]) snprintf(err, err_size, "out of memory listing %s", dir);
    return rc;
}

int gs_frames_open(const char* const* inputs, int32_t count, gs_frames** out, char* err, size_t err_size) {
    *out = NULL;
    err[0] = 0;
    gs_frames* f = calloc(1, sizeof(gs_frames));
    if (!f) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    for (int32_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0) {
            snprintf(err, err_size, "%s: no such file or folder", inputs[i]);
            gs_frames_close(f);
            return -1;
        }
        int rc;
        if (S_ISDIR(st.st_mode))
            rc = add_folder(f, inputs[i], err, err_size);
        else
            rc = add_item(f, inputs[i], ends_with_ci(inputs[i], ".y4m") ? ITEM_Y4M : ITEM_IMAGE, true);
        if (rc != 0) {
            if (!err[0]) snprintf(err, err_size, "out of memory");
            gs_frames_close(f);
            return -1;
        }
    }
    *out = f;
    return 0;
}

int64_t gs_frames_total(const gs_frames* f) {
    int64_t total = 0;
    for (int32_t i = 0; i < f->count; i++) {
        if (f->items[i].kind == ITEM_IMAGE) {
            total++;
            continue;
        }
        gs_y4m y;
        char err[256];
        if (gs_y4m_open(f->items[i].path, &y, err, sizeof(err)) != 0) return -1;
        int64_t n = gs_y4m_frame_count(&y);
        gs_y4m_close(&y);
        if (n < 0) return -1;
        total += n;
    }
    return total;
}

int gs_frames_next(gs_frames* f, gs_frame* out, char* err, size_t err_size) {
    memset(out, 0, sizeof(*out));
    gs_image_free(&f->image);
    int64_t step = 0;
    for (;;) {
        if (f->in_video) {
            const item* it = &f->items[f->next_item - 1];
            int64_t n = f->y4m.frames_read;
            int r = gs_y4m_read(&f->y4m, &out->image, err, err_size);
            if (r < 0) return -1;
            if (r == 1) {
                out->path = it->path;
                snprintf(out->source, sizeof(out->source), "%s#%lld", it->path, (long long)n);
                out->sequence_start = it->sequence_start && n == 0;
                step = (int64_t)(1e9 * f->y4m.fps_den / f->y4m.fps_num);
                break;
            }
            gs_y4m_close(&f->y4m);
            f->in_video = false;
        }
        if (f->next_item >= f->count) return 0;
        const item* it = &f->items[f->next_item++];
        if (it->kind == ITEM_Y4M) {
            if (gs_y4m_open(it->path, &f->y4m, err, err_size) != 0) return -1;
            f->in_video = true;
            continue;
        }
        const char* reason = NULL;
        if (gs_image_load(it->path, &f->image, &reason) != 0) {
            snprintf(err, err_size, "%s: cannot read image (%s)", it->path, reason ? reason : "unknown reason");
            return -1;
        }
        out->image = (glint_image){GLINT_PIXEL_FORMAT_RGB8, f->image.width, f->image.height, 3 * f->image.width,
                                   f->image.rgb, NULL, 0};
        out->path = it->path;
        snprintf(out->source, sizeof(out->source), "%s", it->path);
        out->sequence_start = it->sequence_start;
        step = 1000000000LL / 30;
        break;
    }
    /* The clock advances by the previous frame's duration. */
    if (f->started) f->clock_ns += f->step_ns;
    f->started = true;
    f->step_ns = step;
    out->timestamp_ns = f->clock_ns;
    out->index = f->index++;
    return 1;
}

void gs_frames_close(gs_frames* f) {
    if (!f) return;
    if (f->in_video) gs_y4m_close(&f->y4m);
    gs_image_free(&f->image);
    for (int32_t i = 0; i < f->count; i++) free(f->items[i].path);
    free(f->items);
    free(f);
}

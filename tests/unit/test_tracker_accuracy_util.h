/*
 * Readers for the tracker goldens, tests/golden/tracker/{hands,body}.tsv (format in
 * tests/golden/README.md, section "Tracker goldens"; written by tools/goldens/regen.sh tracker).
 * Header-only, for the tracker accuracy tests.
 */
#ifndef TEST_TRACKER_ACCURACY_UTIL_H
#define TEST_TRACKER_ACCURACY_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glint/glint.h"
#include "test_util.h"

#define TT_MAX_ROWS 32
#define TT_LINE_MAX 16384

/* One hand MediaPipe Tasks found, or (hands == 0) a photo where it found none. */
typedef struct tt_hand_ref {
    char image[64];
    int width, height;
    int hands;              /* hands Tasks found in this photo */
    int hand;               /* index in Tasks' order; -1 for a photo without hands */
    int handedness;         /* GLINT_HANDEDNESS_LEFT / _RIGHT, -1 when none */
    float handedness_score;
    glint_vec3 keypoints[GLINT_HAND_KEYPOINTS]; /* x, y pixels; z Tasks' normalised depth */
    glint_vec3 world[GLINT_HAND_KEYPOINTS];
} tt_hand_ref;

typedef struct tt_body_ref {
    char image[64];
    int width, height;
    char model[32];         /* movenet-lightning / movenet-thunder */
    glint_vec3 keypoints[GLINT_BODY_KEYPOINTS]; /* x, y pixels, z = score */
} tt_body_ref;

static int tt_split(char* line, char** cols, int max) {
    int n = 0;
    char* p = line;
    char* nl = strpbrk(line, "\r\n");
    if (nl) *nl = 0;
    while (n < max) {
        cols[n++] = p;
        char* tab = strchr(p, '\t');
        if (!tab) break;
        *tab = 0;
        p = tab + 1;
    }
    return n;
}

/* count comma-separated floats into out (x, y, z triples); false on a short or bad list. */
static int tt_parse_points(const char* text, glint_vec3* out, int count) {
    const char* p = text;
    for (int i = 0; i < count * 3; i++) {
        char* end;
        double v = strtod(p, &end);
        if (end == p) return 0;
        float* dst = &out[i / 3].x + (i % 3);
        *dst = (float)v;
        p = end;
        if (i + 1 < count * 3) {
            if (*p != ',') return 0;
            p++;
        }
    }
    return *p == 0;
}

static void tt_copy(char* dst, size_t size, const char* src) {
    size_t n = strlen(src);
    if (n >= size) n = size - 1; /* a long field is cut; the lookups then fail loudly */
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* Reads <test data>/golden/tracker/<file>; returns the file or NULL (with a failed check). */
static FILE* tt_open(const char* file) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/tracker/%s", test_data_dir(), file);
    FILE* f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot open %s (committed golden; GLINT_TEST_DATA=%s)", path, test_data_dir());
    return f;
}

/* Returns the number of rows read (0 on any error, with failed checks). */
static int tt_load_hands(tt_hand_ref* out, int max) {
    FILE* f = tt_open("hands.tsv");
    if (!f) return 0;
    static char line[TT_LINE_MAX];
    int n = 0, lineno = 0, ok = 1;
    while (fgets(line, sizeof(line), f)) {
        if (lineno++ == 0) continue; /* header */
        char* c[16];
        int nc = tt_split(line, c, 16);
        if (nc != 10 || n >= max) {
            CHECK_MSG(0, "hands.tsv line %d: %d columns (want 10) or too many rows", lineno, nc);
            ok = 0;
            break;
        }
        tt_hand_ref* r = &out[n];
        memset(r, 0, sizeof(*r));
        tt_copy(r->image, sizeof(r->image), c[0]);
        r->width = atoi(c[1]);
        r->height = atoi(c[2]);
        r->hands = atoi(c[3]);
        r->hand = r->hands ? atoi(c[4]) : -1;
        r->handedness = !strcmp(c[5], "Left") ? GLINT_HANDEDNESS_LEFT : !strcmp(c[5], "Right") ? GLINT_HANDEDNESS_RIGHT : -1;
        r->handedness_score = (float)atof(c[6]);
        if (r->hands > 0 && (r->handedness < 0 || !tt_parse_points(c[7], r->keypoints, GLINT_HAND_KEYPOINTS) ||
                             !tt_parse_points(c[8], r->world, GLINT_HAND_KEYPOINTS))) {
            CHECK_MSG(0, "hands.tsv line %d: bad handedness or point list", lineno);
            ok = 0;
            break;
        }
        n++;
    }
    fclose(f);
    return ok ? n : 0;
}

static int tt_load_body(tt_body_ref* out, int max) {
    FILE* f = tt_open("body.tsv");
    if (!f) return 0;
    static char line[TT_LINE_MAX];
    int n = 0, lineno = 0, ok = 1;
    while (fgets(line, sizeof(line), f)) {
        if (lineno++ == 0) continue;
        char* c[16];
        int nc = tt_split(line, c, 16);
        if (nc != 8 || n >= max) {
            CHECK_MSG(0, "body.tsv line %d: %d columns (want 8) or too many rows", lineno, nc);
            ok = 0;
            break;
        }
        tt_body_ref* r = &out[n];
        memset(r, 0, sizeof(*r));
        tt_copy(r->image, sizeof(r->image), c[0]);
        r->width = atoi(c[1]);
        r->height = atoi(c[2]);
        tt_copy(r->model, sizeof(r->model), c[3]);
        if (!tt_parse_points(c[6], r->keypoints, GLINT_BODY_KEYPOINTS)) {
            CHECK_MSG(0, "body.tsv line %d: bad keypoint list", lineno);
            ok = 0;
            break;
        }
        n++;
    }
    fclose(f);
    return ok ? n : 0;
}

#endif /* TEST_TRACKER_ACCURACY_UTIL_H */

/*
 * glint-track's JSON (samples/common/gs_track_json): the exact layout of the issue, parsed back
 * with the SDK's strict JSON parser: frame, hand and body keys, 21 / 17 triples, names of
 * handedness, gestures, states and stage statuses, null for a missing body and for non-finite
 * numbers, escaped sources.
 */
#include <stdio.h>

#include "common/gs_track_json.h"
#include "test_util.h"
#include "util/gu_alloc.h"
#include "util/gu_json.h"

static bool same_keys(const gu_json* obj, const char* const* keys, size_t n) {
    if (!gu_json_is(obj, GU_JSON_OBJECT) || gu_json_count(obj) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(gu_json_key_at(obj, i), keys[i]) != 0) return false;
    return true;
}

static double num(const gu_json* v) {
    double d = NAN;
    gu_json_double(v, &d);
    return d;
}

static void check_triples(const gu_json* list, int n, const glint_vec3* want) {
    CHECK(gu_json_count(list) == (size_t)n);
    for (int i = 0; i < n && i < (int)gu_json_count(list); i++) {
        const gu_json* t = gu_json_at(list, (size_t)i);
        CHECK(gu_json_count(t) == 3);
        CHECK_NEAR(num(gu_json_at(t, 0)), want[i].x, 1e-3);
        CHECK_NEAR(num(gu_json_at(t, 1)), want[i].y, 1e-3);
        CHECK_NEAR(num(gu_json_at(t, 2)), want[i].z, 1e-6);
    }
}

int main(void) {
    glint_frame f;
    memset(&f, 0, sizeof(f));
    f.width = 640;
    f.height = 480;
    f.num_hands = 2;
    for (int h = 0; h < 2; h++) {
        glint_hand* hd = &f.hands[h];
        hd->handedness = h ? GLINT_HANDEDNESS_LEFT : GLINT_HANDEDNESS_RIGHT;
        hd->handedness_score = 0.9f;
        hd->presence = 0.99f;
        hd->state = h ? GLINT_TRACK_PREDICTED : GLINT_TRACK_NEW;
        hd->gesture = h ? GLINT_GESTURE_CLOSED_FIST : GLINT_GESTURE_OPEN_PALM;
        hd->gesture_score = 0.75f;
        for (int k = 0; k < GLINT_HAND_KEYPOINTS; k++) {
            hd->keypoints[k] = (glint_vec3){100.25f + k, 200.5f + h, -0.001f * k};
            hd->world[k] = (glint_vec3){0.01f * k, -0.02f, 0.003f};
        }
        for (int p = 0; p < GLINT_FINGER_COUNT; p++) hd->pinch[p] = 0.25f * p;
    }
    f.hands[1].presence = NAN; /* becomes null */
    f.stages[GLINT_STAGE_PALM_DETECTION] = (glint_stage_report){GLINT_STAGE_SKIPPED, 0, 0.0f, 12.5f, GLINT_BACKEND_CPU};
    f.stages[GLINT_STAGE_HAND_LANDMARKS] = (glint_stage_report){GLINT_STAGE_RAN, 1, 5.5f, 5.0f, GLINT_BACKEND_CPU};
    f.stages[GLINT_STAGE_BODY] = (glint_stage_report){GLINT_STAGE_PREDICTED, 0, 0.0f, 9.0f, GLINT_BACKEND_CPU};
    f.stages[GLINT_STAGE_POSTPROCESS] = (glint_stage_report){GLINT_STAGE_RAN, 1, 0.01f, 0.01f, GLINT_BACKEND_CPU};
    f.budget_ms = 8.0f;
    f.used_ms = 7.25f;

    glint_frame g = f; /* second frame: one hand fewer, a body */
    g.num_hands = 1;
    g.body.valid = true;
    g.body.score = 0.6f;
    for (int k = 0; k < GLINT_BODY_KEYPOINTS; k++) g.body.keypoints[k] = (glint_vec3){10.0f * k, 20.0f, 0.5f};

    FILE* tmp = tmpfile();
    gs_track_json w;
    gs_track_json_begin(&w, tmp);
    gs_track_json_frame(&w, 0, "photos/a \"quoted\"\\name.png", &f);
    gs_track_json_frame(&w, 1, "clip.y4m#1", &g);
    gs_track_json_end(&w);
    long size = ftell(tmp);
    rewind(tmp);
    char* text = malloc((size_t)size);
    CHECK(fread(text, 1, (size_t)size, tmp) == (size_t)size);
    fclose(tmp);

    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    gu_arena arena;
    gu_arena_init(&arena, &alloc, 0);
    const gu_json* root = NULL;
    glint_error err = {0};
    CHECK_MSG(gu_json_parse(&arena, text, (size_t)size, NULL, &root, &err) == GLINT_SUCCESS, "%s", err.message);
    const char* root_keys[] = {"frames"};
    CHECK(same_keys(root, root_keys, 1));
    const gu_json* frames = gu_json_get(root, "frames");
    CHECK(gu_json_count(frames) == 2);

    const char* frame_keys[] = {"index", "source", "width", "height", "hands", "body", "stages", "budget_ms", "used_ms"};
    const char* hand_keys_full[] = {"handedness", "handedness_score", "presence", "keypoints", "world",
                                    "gesture",    "gesture_score",    "pinch",    "state"};
    const char* stage_names[] = {"palm_detection", "hand_landmarks", "body", "postprocess"};
    const char* stage_keys[] = {"status", "runs", "ms", "estimate_ms", "backend"};

    const gu_json* f0 = gu_json_at(frames, 0);
    CHECK(same_keys(f0, frame_keys, 9));
    int64_t iv = -1;
    CHECK(gu_json_int64(gu_json_get(f0, "index"), &iv) && iv == 0);
    CHECK(strcmp(gu_json_string(gu_json_get(f0, "source"), NULL), "photos/a \"quoted\"\\name.png") == 0);
    CHECK(gu_json_int64(gu_json_get(f0, "width"), &iv) && iv == 640);
    CHECK(gu_json_int64(gu_json_get(f0, "height"), &iv) && iv == 480);
    CHECK(gu_json_is(gu_json_get(f0, "body"), GU_JSON_NULL));
    CHECK_NEAR(num(gu_json_get(f0, "budget_ms")), 8.0, 1e-6);
    CHECK_NEAR(num(gu_json_get(f0, "used_ms")), 7.25, 1e-6);
    const gu_json* hands = gu_json_get(f0, "hands");
    CHECK(gu_json_count(hands) == 2);
    for (int h = 0; h < 2; h++) {
        const gu_json* hj = gu_json_at(hands, (size_t)h);
        CHECK(same_keys(hj, hand_keys_full, 9));
        CHECK(strcmp(gu_json_string(gu_json_get(hj, "handedness"), NULL), h ? "Left" : "Right") == 0);
        CHECK(strcmp(gu_json_string(gu_json_get(hj, "gesture"), NULL), h ? "Closed_Fist" : "Open_Palm") == 0);
        CHECK(strcmp(gu_json_string(gu_json_get(hj, "state"), NULL), h ? "predicted" : "new") == 0);
        check_triples(gu_json_get(hj, "keypoints"), GLINT_HAND_KEYPOINTS, f.hands[h].keypoints);
        check_triples(gu_json_get(hj, "world"), GLINT_HAND_KEYPOINTS, f.hands[h].world);
        const gu_json* pinch = gu_json_get(hj, "pinch");
        CHECK(gu_json_count(pinch) == 4 && num(gu_json_at(pinch, 3)) == 0.75);
        CHECK_NEAR(num(gu_json_get(hj, "gesture_score")), 0.75, 1e-6);
    }
    CHECK(gu_json_is(gu_json_get(gu_json_at(hands, 1), "presence"), GU_JSON_NULL));
    const gu_json* stages = gu_json_get(f0, "stages");
    CHECK(same_keys(stages, stage_names, 4));
    const char* want_status[] = {"skipped", "ran", "predicted", "ran"};
    for (int s = 0; s < 4; s++) {
        const gu_json* sj = gu_json_at(stages, (size_t)s);
        CHECK(same_keys(sj, stage_keys, 5));
        CHECK(strcmp(gu_json_string(gu_json_get(sj, "status"), NULL), want_status[s]) == 0);
        CHECK(strcmp(gu_json_string(gu_json_get(sj, "backend"), NULL), "cpu") == 0);
    }
    CHECK_NEAR(num(gu_json_get(gu_json_at(stages, 0), "estimate_ms")), 12.5, 1e-6);

    const gu_json* f1 = gu_json_at(frames, 1);
    CHECK(same_keys(f1, frame_keys, 9));
    CHECK(gu_json_count(gu_json_get(f1, "hands")) == 1);
    const gu_json* body = gu_json_get(f1, "body");
    const char* body_keys[] = {"keypoints", "score"};
    CHECK(same_keys(body, body_keys, 2));
    check_triples(gu_json_get(body, "keypoints"), GLINT_BODY_KEYPOINTS, g.body.keypoints);
    CHECK_NEAR(num(gu_json_get(body, "score")), 0.6, 1e-6);

    /* No frames at all is still valid JSON. */
    tmp = tmpfile();
    gs_track_json_begin(&w, tmp);
    gs_track_json_end(&w);
    size = ftell(tmp);
    rewind(tmp);
    char empty[64] = {0};
    CHECK(fread(empty, 1, (size_t)size, tmp) == (size_t)size);
    fclose(tmp);
    CHECK(gu_json_parse(&arena, empty, (size_t)size, NULL, &root, &err) == GLINT_SUCCESS);
    CHECK(gu_json_count(gu_json_get(root, "frames")) == 0);

    gu_arena_free(&arena);
    free(text);
    return test_finish();
}

/*
 * The JSON layout (issue "The tracker", glint-track):
 * {"frames":[{"index":0,"source":"...","width":W,"height":H,
 *   "hands":[{"handedness":"Left|Right","handedness_score":s,"presence":p,
 *             "keypoints":[[x,y,z] x21],"world":[[x,y,z] x21],"gesture":"Open_Palm",
 *             "gesture_score":s,"pinch":[i,m,r,l],"state":"new|tracked|predicted|lost"}],
 *   "body":{"keypoints":[[x,y,score] x17],"score":s} or null,
 *   "stages":{"palm_detection":{"status":"ran","runs":1,"ms":m,"estimate_ms":e,"backend":"cpu"},...},
 *   "budget_ms":b,"used_ms":u}]}
 * Numbers are printed with 7 significant digits (float precision); a non-finite value becomes
 * null, since JSON has no NaN.
 */
#include "common/gs_track_json.h"

#include <math.h>

static void num(FILE* out, double v) {
    if (isfinite(v))
        fprintf(out, "%.7g", v);
    else
        fputs("null", out);
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void str(FILE* out, const char* s) {
    fputc('"', out);
    for (const unsigned char* p = (const unsigned char*)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void vec_list(FILE* out, const glint_vec3* v, int n) {
    fputc('[', out);
    for (int i = 0; i < n; i++) {
        fputs(i ? ",[" : "[", out);
        num(out, v[i].x);
        fputc(',', out);
        num(out, v[i].y);
        fputc(',', out);
        num(out, v[i].z);
        fputc(']', out);
    }
    fputc(']', out);
}

const char* gs_track_state_name(glint_track_state state) {
    switch (state) {
    case GLINT_TRACK_NEW: return "new";
    case GLINT_TRACK_TRACKED: return "tracked";
    case GLINT_TRACK_PREDICTED: return "predicted";
    case GLINT_TRACK_LOST: return "lost";
    default: return "unknown";
    }
}

const char* gs_stage_status_name(glint_stage_status status) {
    switch (status) {
    case GLINT_STAGE_NOT_NEEDED: return "not_needed";
    case GLINT_STAGE_RAN: return "ran";
    case GLINT_STAGE_SKIPPED: return "skipped";
    case GLINT_STAGE_PREDICTED: return "predicted";
    default: return "unknown";
    }
}

const char* gs_backend_name(glint_backend b) {
    switch (b) {
    case GLINT_BACKEND_CPU: return "cpu";
    case GLINT_BACKEND_VULKAN: return "vulkan";
    default: return "auto";
    }
}

void gs_track_json_begin(gs_track_json* j, FILE* out) {
    j->out = out;
    j->frames = 0;
    fputs("{\"frames\":[", out);
}

void gs_track_json_frame(gs_track_json* j, int32_t index, const char* source, const glint_frame* f) {
    FILE* out = j->out;
    fputs(j->frames++ ? ",\n{" : "\n{", out);
    fprintf(out, "\"index\":%d,\"source\":", (int)index);
    str(out, source);
    fprintf(out, ",\"width\":%d,\"height\":%d,\"hands\":[", (int)f->width, (int)f->height);
    for (int i = 0; i < f->num_hands; i++) {
        const glint_hand* h = &f->hands[i];
        fputs(i ? ",{" : "{", out);
        fprintf(out, "\"handedness\":\"%s\",\"handedness_score\":",
                h->handedness == GLINT_HANDEDNESS_LEFT ? "Left" : "Right");
        num(out, h->handedness_score);
        fputs(",\"presence\":", out);
        num(out, h->presence);
        fputs(",\"keypoints\":", out);
        vec_list(out, h->keypoints, GLINT_HAND_KEYPOINTS);
        fputs(",\"world\":", out);
        vec_list(out, h->world, GLINT_HAND_KEYPOINTS);
        fputs(",\"gesture\":", out);
        str(out, glint_gesture_name(h->gesture));
        fputs(",\"gesture_score\":", out);
        num(out, h->gesture_score);
        fputs(",\"pinch\":[", out);
        for (int k = 0; k < GLINT_FINGER_COUNT; k++) {
            if (k) fputc(',', out);
            num(out, h->pinch[k]);
        }
        fprintf(out, "],\"state\":\"%s\"}", gs_track_state_name(h->state));
    }
    fputs("],\"body\":", out);
    if (f->body.valid) {
        fputs("{\"keypoints\":", out);
        vec_list(out, f->body.keypoints, GLINT_BODY_KEYPOINTS);
        fputs(",\"score\":", out);
        num(out, f->body.score);
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(",\"stages\":{", out);
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
        const glint_stage_report* r = &f->stages[s];
        fprintf(out, "%s\"%s\":{\"status\":\"%s\",\"runs\":%d,\"ms\":", s ? "," : "", glint_stage_name((glint_stage)s),
                gs_stage_status_name(r->status), (int)r->runs);
        num(out, r->ms);
        fputs(",\"estimate_ms\":", out);
        num(out, r->estimate_ms);
        fprintf(out, ",\"backend\":\"%s\"}", gs_backend_name(r->backend));
    }
    fputs("},\"budget_ms\":", out);
    num(out, f->budget_ms);
    fputs(",\"used_ms\":", out);
    num(out, f->used_ms);
    fputc('}', out);
}

void gs_track_json_end(gs_track_json* j) { fputs("\n]}\n", j->out); }

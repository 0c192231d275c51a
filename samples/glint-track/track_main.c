/*
 * glint-track: hands, gestures and body pose on photos, y4m videos or folders of images,
 * through the public tracker API (glint.h) exactly as an app would use it.
 *
 *   glint-track INPUT... [--json OUT.json] [--draw OUTDIR] [--budget-ms N] [--mirrored]
 *               [--models DIR] [--body] [--no-hands] [--full] [--backend cpu|vulkan|auto]
 *               [--independent] [--quiet]
 *
 * Each image INPUT is a sequence of its own (the tracker is reset before it); a .y4m video or
 * a folder (its images sorted by name) is one sequence, tracked frame to frame.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkdir, isatty */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/gs_draw.h"
#include "common/gs_frames.h"
#include "common/gs_image.h"
#include "glint/glint.h"
#include "track_draw.h"
#include "common/gs_track_json.h"

static void usage(FILE* out) {
    fputs("usage: glint-track INPUT... [options]\n"
          "  INPUT               an image (png, jpg, ...), a .y4m video, or a folder of images\n"
          "  --json OUT.json     write every frame's result as JSON\n"
          "  --draw OUTDIR       write annotated PNGs (skeletons, labels, budget bar)\n"
          "  --budget-ms N       per-frame compute budget in ms (default 0: unlimited)\n"
          "  --mirrored          the input is a mirrored selfie view (swaps handedness)\n"
          "  --models DIR        model folder (default $GLINT_MODEL_DIR, else .cache/models)\n"
          "  --body              track the body pose too (MoveNet)\n"
          "  --no-hands          do not track hands\n"
          "  --full              the full hand models and MoveNet Thunder\n"
          "  --backend B         cpu, vulkan or auto (default: measured per stage; see glint.h)\n"
          "  --independent       reset the tracker before every frame (unrelated photos)\n"
          "  --quiet             no per-frame lines and no progress\n",
          out);
}

typedef struct options {
    const char** inputs;
    int32_t num_inputs;
    const char* json_path;
    const char* draw_dir;
    const char* model_dir;
    float budget_ms;
    glint_backend backend;
    bool mirrored, body, hands, full, independent, quiet;
} options;

/* "cpu", "vulkan" or "auto" -> *out; -1 otherwise. */
static int parse_backend(const char* s, glint_backend* out) {
    if (strcmp(s, "cpu") == 0) *out = GLINT_BACKEND_CPU;
    else if (strcmp(s, "vulkan") == 0) *out = GLINT_BACKEND_VULKAN;
    else if (strcmp(s, "auto") == 0) *out = GLINT_BACKEND_AUTO;
    else return -1;
    return 0;
}

static int parse_args(int argc, char** argv, options* o) {
    memset(o, 0, sizeof(*o));
    o->hands = true;
    o->inputs = calloc((size_t)argc, sizeof(char*));
    if (!o->inputs) return -1;
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--json") == 0 && has_value)
            o->json_path = argv[++i];
        else if (strcmp(a, "--draw") == 0 && has_value)
            o->draw_dir = argv[++i];
        else if (strcmp(a, "--models") == 0 && has_value)
            o->model_dir = argv[++i];
        else if (strcmp(a, "--backend") == 0 && has_value) {
            if (parse_backend(argv[++i], &o->backend) != 0) {
                fprintf(stderr, "glint-track: --backend wants cpu, vulkan or auto, got '%s'\n", argv[i]);
                return -1;
            }
        }
        else if (strcmp(a, "--budget-ms") == 0 && has_value) {
            char* end;
            o->budget_ms = strtof(argv[++i], &end);
            if (*end || !(o->budget_ms >= 0.0f)) {
                fprintf(stderr, "glint-track: --budget-ms wants a number >= 0, got '%s'\n", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "--mirrored") == 0)
            o->mirrored = true;
        else if (strcmp(a, "--body") == 0)
            o->body = true;
        else if (strcmp(a, "--no-hands") == 0)
            o->hands = false;
        else if (strcmp(a, "--full") == 0)
            o->full = true;
        else if (strcmp(a, "--independent") == 0)
            o->independent = true;
        else if (strcmp(a, "--quiet") == 0)
            o->quiet = true;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "glint-track: unknown option or missing value: %s\n", a);
            return -1;
        } else
            o->inputs[o->num_inputs++] = a;
    }
    if (o->num_inputs == 0) {
        fprintf(stderr, "glint-track: no INPUT given\n");
        return -1;
    }
    if (!o->hands && !o->body) {
        fprintf(stderr, "glint-track: --no-hands without --body leaves nothing to track\n");
        return -1;
    }
    if (o->draw_dir) {
        /* "out/" and "out" are the same folder; keep file names free of "//". */
        static char dir[1024];
        snprintf(dir, sizeof(dir), "%s", o->draw_dir);
        for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--) dir[n - 1] = 0;
        o->draw_dir = dir;
    }
    if (!o->model_dir) {
        const char* env = getenv("GLINT_MODEL_DIR");
        o->model_dir = env && env[0] ? env : ".cache/models";
    }
    return 0;
}

/* mkdir -p */
static int make_dirs(const char* path) {
    char buf[1024];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf)) return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != 0) continue;
        char c = buf[i];
        buf[i] = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        buf[i] = c;
    }
    return 0;
}

/* OUTDIR/<stem>.png for a photo, OUTDIR/<stem>_<frame>.png for a video frame. */
static void draw_path(const char* dir, const gs_frame* f, char* out, size_t size) {
    const char* base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    const char* dot = strrchr(base, '.');
    int stem = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    const char* hash = strrchr(f->source, '#');
    if (hash)
        snprintf(out, size, "%s/%.*s_%05d.png", dir, stem, base, atoi(hash + 1));
    else
        snprintf(out, size, "%s/%.*s.png", dir, stem, base);
}

/* Errors and warnings from the SDK go to stderr (the SDK itself is silent without a logger). */
static void log_to_stderr(glint_log_level level, const char* message, void* user) {
    (void)user;
    if (level <= GLINT_LOG_WARN) fprintf(stderr, "glint: %s\n", message);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void print_frame(const gs_frame* in, const glint_frame* f) {
    printf("frame %d %s %dx%d: %d hand%s", (int)in->index, in->source, (int)f->width, (int)f->height,
           (int)f->num_hands, f->num_hands == 1 ? "" : "s");
    for (int i = 0; i < f->num_hands; i++) {
        const glint_hand* h = &f->hands[i];
        printf("%s%s %.2f %s %.2f [%s]", i ? ", " : " (", h->handedness == GLINT_HANDEDNESS_LEFT ? "Left" : "Right",
               (double)h->handedness_score, glint_gesture_name(h->gesture), (double)h->gesture_score,
               gs_track_state_name(h->state));
    }
    if (f->num_hands) printf(")");
    if (f->stages[GLINT_STAGE_BODY].status != GLINT_STAGE_NOT_NEEDED)
        printf(", body %s", f->body.valid ? "found" : "none");
    printf(", %.1f ms [", (double)f->used_ms);
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
        const glint_stage_report* r = &f->stages[s];
        if (r->status == GLINT_STAGE_RAN && s != GLINT_STAGE_POSTPROCESS)
            printf("%s%s %.1f %s", s ? " " : "", glint_stage_name((glint_stage)s), (double)r->ms,
                   gs_backend_name(r->backend));
        else if (r->status == GLINT_STAGE_RAN)
            printf("%s%s %.1f", s ? " " : "", glint_stage_name((glint_stage)s), (double)r->ms);
        else
            printf("%s%s %s", s ? " " : "", glint_stage_name((glint_stage)s), gs_stage_status_name(r->status));
    }
    printf("]%s\n", f->deadline_missed ? " deadline missed" : "");
}

int main(int argc, char** argv) {
    options o;
    if (parse_args(argc, argv, &o) != 0) {
        usage(stderr);
        return 2;
    }
    char err[512] = "";
    gs_frames* frames = NULL;
    if (gs_frames_open(o.inputs, o.num_inputs, &frames, err, sizeof(err)) != 0) {
        fprintf(stderr, "glint-track: %s\n", err);
        return 1;
    }
    if (o.draw_dir && make_dirs(o.draw_dir) != 0) {
        fprintf(stderr, "glint-track: cannot create %s: %s\n", o.draw_dir, strerror(errno));
        return 1;
    }
    FILE* json = NULL;
    gs_track_json jw = {0};
    if (o.json_path) {
        json = fopen(o.json_path, "w");
        if (!json) {
            fprintf(stderr, "glint-track: cannot write %s: %s\n", o.json_path, strerror(errno));
            return 1;
        }
        gs_track_json_begin(&jw, json);
    }

    glint_tracker_desc desc = {0};
    desc.model_dir = o.model_dir;
    desc.features = (o.hands ? GLINT_FEATURE_HANDS : 0u) | (o.body ? GLINT_FEATURE_BODY : 0u);
    desc.budget_ms = o.budget_ms;
    desc.mirrored = o.mirrored;
    desc.backend = o.backend;
    desc.hand_model = o.full ? GLINT_MODEL_VARIANT_FULL : GLINT_MODEL_VARIANT_DEFAULT;
    desc.body_model = o.full ? GLINT_MODEL_VARIANT_FULL : GLINT_MODEL_VARIANT_DEFAULT;
    desc.logger.func = log_to_stderr;
    glint_tracker* tracker = NULL;
    double t_start = now_s();
    glint_result r = glint_tracker_create(&desc, &tracker);
    if (r < 0) {
        fprintf(stderr, "glint-track: cannot create the tracker (%s) with models from %s\n", glint_result_string(r),
                o.model_dir);
        fprintf(stderr, "  (run tools/setup.sh, or point --models / GLINT_MODEL_DIR at the models)\n");
        if (json) fclose(json);
        gs_frames_close(frames);
        return 1;
    }
    double load_s = now_s() - t_start;

    int64_t total = gs_frames_total(frames);
    bool progress = !o.quiet && (total < 0 || total > 20); /* short runs print a line per frame instead */
    double last_progress = now_s();
    int rc = 0, drawn = 0;
    int64_t done = 0;
    double sum_ms = 0.0;
    gs_frame in;
    int got;
    while ((got = gs_frames_next(frames, &in, err, sizeof(err))) == 1) {
        if ((in.sequence_start || o.independent) && in.index > 0) glint_tracker_reset(tracker);
        glint_frame f;
        r = glint_tracker_process(tracker, &in.image, in.timestamp_ns, &f);
        if (r < 0) {
            fprintf(stderr, "glint-track: %s: %s\n", in.source, glint_tracker_last_error(tracker));
            rc = 1;
            break;
        }
        done++;
        sum_ms += f.used_ms;
        if (json) gs_track_json_frame(&jw, in.index, in.source, &f);
        if (!o.quiet && (total >= 0 && total <= 20)) print_frame(&in, &f);
        if (o.draw_dir) {
            uint8_t* rgb = gs_image_to_rgb8(&in.image);
            char path[1400];
            draw_path(o.draw_dir, &in, path, sizeof(path));
            gs_canvas c = {rgb, in.image.width, in.image.height, 3 * in.image.width};
            if (rgb) track_draw_frame(&c, &f);
            if (!rgb || gs_png_write_rgb8(path, rgb, c.width, c.height, c.stride) != 0) {
                fprintf(stderr, "glint-track: cannot write %s\n", path);
                rc = 1;
            } else {
                drawn++;
            }
            free(rgb);
        }
        if (progress && now_s() - last_progress >= 1.0) {
            last_progress = now_s();
            if (total > 0)
                fprintf(stderr, "glint-track: %lld/%lld frames (%.0f%%), %.1f ms/frame\n", (long long)done,
                        (long long)total, 100.0 * (double)done / (double)total, sum_ms / (double)done);
            else
                fprintf(stderr, "glint-track: %lld frames, %.1f ms/frame\n", (long long)done, sum_ms / (double)done);
        }
    }
    if (got < 0) {
        fprintf(stderr, "glint-track: %s\n", err);
        rc = 1;
    }
    if (json) {
        gs_track_json_end(&jw);
        if (fclose(json) != 0) {
            fprintf(stderr, "glint-track: error writing %s\n", o.json_path);
            rc = 1;
        }
    }
    if (!o.quiet) {
        printf("%lld frame%s, %.1f ms per frame on average (models loaded in %.2f s)\n", (long long)done,
               done == 1 ? "" : "s", done ? sum_ms / (double)done : 0.0, load_s);
        if (json) printf("JSON: %s\n", o.json_path);
        if (o.draw_dir) printf("annotated PNGs: %d in %s/\n", drawn, o.draw_dir);
    }
    glint_tracker_destroy(tracker);
    gs_frames_close(frames);
    free(o.inputs);
    return rc;
}

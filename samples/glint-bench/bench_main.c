/*
 * glint-bench: how long the tracker takes per frame and per stage, and how much memory it
 * needs, on a real clip.
 *
 *   glint-bench [INPUT] [--frames N] [--budget-ms B] [--warmup K] [--body] [--no-hands]
 *               [--full] [--backend cpu|vulkan|auto] [--models DIR] [--json]
 *
 * INPUT is a .y4m video, an image or a folder of images (played in a loop until N frames);
 * without one, the clip is made from the photo .cache/images/hand_right_open_palm.png
 * (bench_clip.h). The first K frames (default 1: model warm-up and the planner's calibration
 * frame) are tracked but left out of the statistics. Reported: for every stage the frames it
 * ran, was skipped or predicted on, and p50/p95/p99/mean of its measured ms where it ran;
 * the same for the whole frame (used_ms); deadline misses; peak resident memory (VmHWM). Per
 * stage also where it ran (frame.stages[i].backend): on how many frames on each backend and
 * the mean ms there, which with --backend auto shows what the planner measured and chose
 * (with auto, the warm-up frames should cover its exploring: --warmup 9).
 *
 * Modes: this is the tracker benchmark. A per-model mode (--model MODEL --precision P
 * --threads T) is planned; options are parsed in one place (parse_args) to make room for it.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_clip.h"
#include "bench_stats.h"
#include "gb_model.h"
#include "gb_sha256.h"
#include "common/gs_frames.h"
#include "common/gs_draw.h"
#include "common/gs_image.h"
#include "common/gs_y4m.h"
#include "glint/glint.h"

typedef struct options {
    const char* input;
    int32_t frames;     /* 0 = the input's length (default clip: 90) */
    int32_t warmup;
    float budget_ms;
    glint_backend backend;
    bool json, body, hands, full;
    const char* model_dir;
    const char* save_clip;  /* also write the frames as a .y4m video */
} options;

static void usage(FILE* out) {
    fputs("usage: glint-bench [INPUT] [options]\n"
          "  INPUT            a .y4m video, an image or a folder (default: a clip made from\n"
          "                   $GLINT_CACHE_DIR/images/hand_right_open_palm.png, 640x480)\n"
          "  --frames N       frames to track (default: the input's length, 90 for the clip)\n"
          "  --warmup K       frames left out of the statistics (default 1)\n"
          "  --budget-ms B    per-frame budget (default 0: unlimited)\n"
          "  --body           track the body too; --no-hands: body only\n"
          "  --full           full hand models and MoveNet Thunder\n"
          "  --backend B      cpu, vulkan or auto (default auto: measured per stage, see glint.h)\n"
          "  --models DIR     model folder (default $GLINT_MODEL_DIR, else .cache/models)\n"
          "  --json           print the results as JSON\n"
          "  --save-clip OUT  also write the frames tracked to OUT (.y4m, 4:2:0)\n"
          "per-model mode: glint-bench --model MODEL [--precision fp32|fp16|int8] [--threads N] [--json]\n"
          "                (glint-bench --model x --help for its options)\n"
          "SHA-256 mode:   glint-bench --sha256 FILE... [--repeat N]   (MB/s of each hash path)\n",
          out);
}

static int parse_int_arg(const char* s, int32_t lo, int32_t* out) {
    char* end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > 1000000) return -1;
    *out = (int32_t)v;
    return 0;
}

static int parse_args(int argc, char** argv, options* o) {
    memset(o, 0, sizeof(*o));
    o->warmup = 1;
    o->hands = true;
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        bool v = i + 1 < argc;
        if (strcmp(a, "--frames") == 0 && v) {
            if (parse_int_arg(argv[++i], 1, &o->frames)) return -1;
        } else if (strcmp(a, "--warmup") == 0 && v) {
            if (parse_int_arg(argv[++i], 0, &o->warmup)) return -1;
        } else if (strcmp(a, "--budget-ms") == 0 && v) {
            char* end;
            o->budget_ms = strtof(argv[++i], &end);
            if (*end || !(o->budget_ms >= 0.0f)) return -1;
        } else if (strcmp(a, "--backend") == 0 && v) {
            const char* b = argv[++i];
            if (strcmp(b, "cpu") == 0) o->backend = GLINT_BACKEND_CPU;
            else if (strcmp(b, "vulkan") == 0) o->backend = GLINT_BACKEND_VULKAN;
            else if (strcmp(b, "auto") == 0) o->backend = GLINT_BACKEND_AUTO;
            else return -1;
        } else if (strcmp(a, "--save-clip") == 0 && v) {
            o->save_clip = argv[++i];
        } else if (strcmp(a, "--models") == 0 && v) {
            o->model_dir = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--body") == 0) {
            o->body = true;
        } else if (strcmp(a, "--no-hands") == 0) {
            o->hands = false;
        } else if (strcmp(a, "--full") == 0) {
            o->full = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "glint-bench: unknown option or missing value: %s\n", a);
            return -1;
        } else if (!o->input) {
            o->input = a;
        } else {
            fprintf(stderr, "glint-bench: one INPUT only\n");
            return -1;
        }
    }
    if (!o->hands && !o->body) return -1;
    if (!o->model_dir) {
        const char* env = getenv("GLINT_MODEL_DIR");
        o->model_dir = env && env[0] ? env : ".cache/models";
    }
    return 0;
}

/* Where the frames come from: the synthesised clip or gs_frames over INPUT (looped). */
typedef struct source {
    const options* o;
    gs_image photo;
    uint8_t* clip_rgb;
    gs_frames* frames;
    int32_t next;
} source;

static int source_open(source* s, const options* o, char* err, size_t size) {
    memset(s, 0, sizeof(*s));
    s->o = o;
    if (o->input) {
        const char* in[1] = {o->input};
        return gs_frames_open(in, 1, &s->frames, err, size);
    }
    const char* cache = getenv("GLINT_CACHE_DIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/images/hand_right_open_palm.png", cache && cache[0] ? cache : ".cache");
    const char* reason = NULL;
    if (gs_image_load(path, &s->photo, &reason) != 0) {
        snprintf(err, size, "cannot read %.300s (%s); run tools/setup.sh or give an INPUT", path, reason ? reason : "?");
        return -1;
    }
    s->clip_rgb = malloc((size_t)BENCH_CLIP_W * BENCH_CLIP_H * 3);
    return s->clip_rgb ? 0 : -1;
}

/* 1: a frame; 0: the input ended (and cannot loop); -1: error. */
static int source_next(source* s, glint_image* out, int64_t* out_ts, char* err, size_t size) {
    int32_t i = s->next++;
    *out_ts = (int64_t)i * 1000000000LL / BENCH_CLIP_FPS;
    if (s->clip_rgb) {
        if (bench_clip_frame(&s->photo, i, s->clip_rgb) != 0) return -1;
        *out = (glint_image){GLINT_PIXEL_FORMAT_RGB8, BENCH_CLIP_W, BENCH_CLIP_H, 0, s->clip_rgb, NULL, 0};
        return 1;
    }
    gs_frame f;
    int r = gs_frames_next(s->frames, &f, err, size);
    if (r == 0 && i > 0 && s->o->frames > 0) {
        /* Loop the input until --frames are done. */
        gs_frames_close(s->frames);
        const char* in[1] = {s->o->input};
        if (gs_frames_open(in, 1, &s->frames, err, size) != 0) return -1;
        r = gs_frames_next(s->frames, &f, err, size);
    }
    if (r != 1) return r;
    *out = f.image;
    return 1;
}

static void source_close(source* s) {
    gs_image_free(&s->photo);
    free(s->clip_rgb);
    gs_frames_close(s->frames);
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

typedef struct stage_stats {
    double* ms;         /* per frame where it ran */
    int32_t ran, skipped, predicted, not_needed;
    int64_t runs;
    int32_t ran_on[3];  /* frames it ran, by glint_backend (CPU, VULKAN) */
    double ms_on[3];    /* their summed ms */
} stage_stats;

/* "cpu", "vulkan" or "cpu 80, vulkan 9" (frames on each). */
static const char* backend_column(const stage_stats* s, char* buf, size_t size) {
    int32_t cpu = s->ran_on[GLINT_BACKEND_CPU], vk = s->ran_on[GLINT_BACKEND_VULKAN];
    if (vk == 0) snprintf(buf, size, "%s", cpu ? "cpu" : "-");
    else if (cpu == 0) snprintf(buf, size, "vulkan");
    else snprintf(buf, size, "cpu %d, vulkan %d", (int)cpu, (int)vk);
    return buf;
}

static double mean_on(const stage_stats* s, glint_backend b) {
    return s->ran_on[b] ? s->ms_on[b] / s->ran_on[b] : 0.0;
}


int main(int argc, char** argv) {
    if (gb_model_wanted(argc, argv)) return gb_model_main(argc, argv); /* per-model mode: gb_model.c */
    if (gb_sha256_wanted(argc, argv)) return gb_sha256_main(argc, argv); /* gb_sha256.c */
    options o;
    if (parse_args(argc, argv, &o) != 0) {
        usage(stderr);
        return 2;
    }
    char err[512] = "";
    source src;
    if (source_open(&src, &o, err, sizeof(err)) != 0) {
        fprintf(stderr, "glint-bench: %s\n", err);
        return 1;
    }
    int64_t known = o.input ? gs_frames_total(src.frames) : 90;
    int32_t frames = o.frames > 0 ? o.frames : (known > 0 ? (int32_t)known : 90);

    int64_t rss_before = bench_rss_kib();
    glint_tracker_desc desc = {0};
    desc.model_dir = o.model_dir;
    desc.features = (o.hands ? GLINT_FEATURE_HANDS : 0u) | (o.body ? GLINT_FEATURE_BODY : 0u);
    desc.budget_ms = o.budget_ms;
    desc.backend = o.backend;
    desc.hand_model = o.full ? GLINT_MODEL_VARIANT_FULL : GLINT_MODEL_VARIANT_DEFAULT;
    desc.body_model = o.full ? GLINT_MODEL_VARIANT_FULL : GLINT_MODEL_VARIANT_DEFAULT;
    glint_tracker* tracker = NULL;
    double t0 = now_ms();
    glint_result r = glint_tracker_create(&desc, &tracker);
    double load_ms = now_ms() - t0;
    if (r < 0) {
        fprintf(stderr, "glint-bench: cannot create the tracker (%s) with models from %s\n", glint_result_string(r),
                o.model_dir);
        source_close(&src);
        return 1;
    }
    int64_t rss_loaded = bench_rss_kib();

    stage_stats st[GLINT_STAGE_COUNT];
    memset(st, 0, sizeof(st));
    double* frame_ms = calloc((size_t)frames, sizeof(double));
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) st[s].ms = calloc((size_t)frames, sizeof(double));
    int32_t measured = 0, missed = 0, hand_frames = 0, tracked_hands = 0, new_hands = 0;
    double wall0 = 0.0;
    int rc = 0;
    FILE* clip = o.save_clip ? fopen(o.save_clip, "wb") : NULL;
    if (o.save_clip && !clip) fprintf(stderr, "glint-bench: cannot write %s\n", o.save_clip);
    for (int32_t i = 0; i < frames; i++) {
        glint_image im;
        int64_t ts;
        int got = source_next(&src, &im, &ts, err, sizeof(err));
        if (got < 0) {
            fprintf(stderr, "glint-bench: %s\n", err);
            rc = 1;
            break;
        }
        if (got == 0) break;
        if (clip) {
            uint8_t* rgb = gs_image_to_rgb8(&im);
            if (i == 0) gs_y4m_write_header(clip, im.width, im.height, BENCH_CLIP_FPS, GS_Y4M_420);
            if (!rgb || gs_y4m_write_frame_rgb8(clip, rgb, im.width, im.height, 3 * im.width, GS_Y4M_420) != 0)
                fprintf(stderr, "glint-bench: error writing %s\n", o.save_clip);
            free(rgb);
        }
        if (i == o.warmup) wall0 = now_ms();
        glint_frame f;
        r = glint_tracker_process(tracker, &im, ts, &f);
        if (r < 0) {
            fprintf(stderr, "glint-bench: frame %d: %s\n", (int)i, glint_tracker_last_error(tracker));
            rc = 1;
            break;
        }
        if (i < o.warmup) continue;
        frame_ms[measured++] = f.used_ms;
        missed += f.deadline_missed;
        hand_frames += f.num_hands > 0;
        for (int h = 0; h < f.num_hands; h++) {
            tracked_hands += f.hands[h].state == GLINT_TRACK_TRACKED;
            new_hands += f.hands[h].state == GLINT_TRACK_NEW;
        }
        for (int s = 0; s < GLINT_STAGE_COUNT; s++) {
            const glint_stage_report* rep = &f.stages[s];
            switch (rep->status) {
            case GLINT_STAGE_RAN:
                st[s].ms[st[s].ran++] = rep->ms;
                if (rep->backend == GLINT_BACKEND_CPU || rep->backend == GLINT_BACKEND_VULKAN) {
                    st[s].ran_on[rep->backend]++;
                    st[s].ms_on[rep->backend] += rep->ms;
                }
                break;
            case GLINT_STAGE_SKIPPED: st[s].skipped++; break;
            case GLINT_STAGE_PREDICTED: st[s].predicted++; break;
            default: st[s].not_needed++; break;
            }
            st[s].runs += rep->runs;
        }
        if (!o.json && (i + 1) % 30 == 0) fprintf(stderr, "glint-bench: %d/%d frames\n", (int)(i + 1), (int)frames);
    }
    double wall = measured ? now_ms() - wall0 : 0.0;
    if (clip) fclose(clip);
    int64_t peak = bench_peak_rss_kib();

    bench_summary whole = bench_summarize(frame_ms, measured);
    bench_summary per[GLINT_STAGE_COUNT];
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) per[s] = bench_summarize(st[s].ms, st[s].ran);
    const char* input = o.input ? o.input : "synthetic clip (hand_right_open_palm.png moved and turned, 640x480)";

    if (o.json) {
        printf("{\"input\":\"");
        for (const char* c = input; *c; c++) printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
        printf("\",\"frames\":%d,\"warmup\":%d,\"budget_ms\":%g,\"model_load_ms\":%.3f,\"stages\":{", (int)measured,
               (int)o.warmup, (double)o.budget_ms, load_ms);
        for (int s = 0; s < GLINT_STAGE_COUNT; s++)
            printf("%s\"%s\":{\"ran\":%d,\"skipped\":%d,\"predicted\":%d,\"not_needed\":%d,\"runs\":%lld,"
                   "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"mean_ms\":%.3f,"
                   "\"backend\":{\"cpu\":{\"ran\":%d,\"mean_ms\":%.3f},\"vulkan\":{\"ran\":%d,\"mean_ms\":%.3f}}}",
                   s ? "," : "", glint_stage_name((glint_stage)s), (int)st[s].ran, (int)st[s].skipped,
                   (int)st[s].predicted, (int)st[s].not_needed, (long long)st[s].runs, per[s].p50, per[s].p95,
                   per[s].p99, per[s].mean, (int)st[s].ran_on[GLINT_BACKEND_CPU], mean_on(&st[s], GLINT_BACKEND_CPU),
                   (int)st[s].ran_on[GLINT_BACKEND_VULKAN], mean_on(&st[s], GLINT_BACKEND_VULKAN));
        printf("},\"frame\":{\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"mean_ms\":%.3f,\"max_ms\":%.3f,"
               "\"fps\":%.3f},\"deadline_missed\":%d,\"frames_with_hands\":%d,\"hands_tracked\":%d,\"hands_new\":%d,"
               "\"rss_before_kib\":%lld,\"rss_after_load_kib\":%lld,\"peak_rss_kib\":%lld}\n",
               whole.p50, whole.p95, whole.p99, whole.mean, whole.max, wall > 0 ? 1e3 * measured / wall : 0.0,
               (int)missed, (int)hand_frames, (int)tracked_hands, (int)new_hands, (long long)rss_before,
               (long long)rss_loaded, (long long)peak);
    } else {
        printf("glint-bench: %s\n", input);
        printf("%d frames measured (+%d warm-up), budget %s, models loaded in %.1f ms\n", (int)measured,
               (int)o.warmup, o.budget_ms > 0 ? "" : "unlimited", load_ms);
        if (o.budget_ms > 0) printf("budget %.2f ms per frame\n", (double)o.budget_ms);
        printf("%-15s %5s %7s %9s %6s %9s %9s %9s %9s  %s\n", "stage", "ran", "skipped", "predicted", "runs",
               "p50 ms", "p95 ms", "p99 ms", "mean ms", "backend");
        char col[64];
        for (int s = 0; s < GLINT_STAGE_COUNT; s++)
            printf("%-15s %5d %7d %9d %6lld %9.2f %9.2f %9.2f %9.2f  %s\n", glint_stage_name((glint_stage)s),
                   (int)st[s].ran, (int)st[s].skipped, (int)st[s].predicted, (long long)st[s].runs, per[s].p50,
                   per[s].p95, per[s].p99, per[s].mean, backend_column(&st[s], col, sizeof(col)));
        for (int s = 0; s < GLINT_STAGE_COUNT; s++)
            if (st[s].ran_on[GLINT_BACKEND_CPU] && st[s].ran_on[GLINT_BACKEND_VULKAN])
                printf("  %s: mean %.2f ms on cpu, %.2f ms on vulkan\n", glint_stage_name((glint_stage)s),
                       mean_on(&st[s], GLINT_BACKEND_CPU), mean_on(&st[s], GLINT_BACKEND_VULKAN));
        printf("%-15s %5d %7s %9s %6s %9.2f %9.2f %9.2f %9.2f  (max %.2f, %.1f fps)\n", "whole frame", (int)measured,
               "", "", "", whole.p50, whole.p95, whole.p99, whole.mean, whole.max,
               wall > 0 ? 1e3 * measured / wall : 0.0);
        if (o.budget_ms > 0) printf("deadline missed on %d of %d frames\n", (int)missed, (int)measured);
        printf("hands: on %d of %d frames (%d tracked, %d new detections)\n", (int)hand_frames, (int)measured,
               (int)tracked_hands, (int)new_hands);
        printf("memory: %.1f MiB resident before create, %.1f MiB after, peak %.1f MiB\n", rss_before / 1024.0,
               rss_loaded / 1024.0, peak / 1024.0);
    }
    for (int s = 0; s < GLINT_STAGE_COUNT; s++) free(st[s].ms);
    free(frame_ms);
    glint_tracker_destroy(tracker);
    source_close(&src);
    return rc;
}

/*
 * Every real model against an independent reference runtime (TFLite's XNNPACK build via
 * tfjs-tflite, TF.js 4.22 in Node), on inputs made from real photos.
 *
 * tests/golden/cases.tsv (written by tools/goldens/regen.sh) lists each case: model file,
 * input name/dtype/shape, photo, prep spec and the sha256 of the input tensor. This test
 * rebuilds the input with the SDK's own gi_prepare_tensor, proves it is byte-identical to the
 * one the reference saw (sha256), runs glint's engine and compares every output:
 *   max |glint - reference| <= 1e-3 x (max - min of the reference output)
 * Outputs stored as fp16 (the big pose landmark maps) also allow the fp16 rounding of the
 * stored value. The table printed at the end is the accuracy report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/gs_image.h"
#include "glint/glint_model.h"
#include "image/gi_prepare.h"
#include "test_util.h"
#include "util/gu_fp16.h"
#include "util/gu_sha256.h"
#include "util/gu_time.h"

#define TOLERANCE 1e-3

typedef struct golden_case {
    char name[64], model[128], input_name[64], dtype[16], shape[64], image[128], spec[256], sha256[80];
} golden_case;

static int split_tabs(char* line, char** cols, int max) {
    int n = 0;
    char* p = line;
    while (n < max) {
        cols[n++] = p;
        char* tab = strchr(p, '\t');
        if (!tab) break;
        *tab = 0;
        p = tab + 1;
    }
    char* nl = strpbrk(cols[n - 1], "\r\n");
    if (nl) *nl = 0;
    return n;
}

static void copy_field(char* dst, size_t size, const char* src) {
    size_t n = strlen(src);
    if (n >= size) n = size - 1; /* long fields are truncated; the checks then fail loudly */
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void safe_name(const char* name, char* out, size_t size) {
    size_t n = 0;
    for (const char* p = name; *p && n + 1 < size; p++) out[n++] = (*p == '/' || *p == ':') ? '_' : *p;
    out[n] = 0;
}

static void* read_file(const char* path, size_t* out_size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void* buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *out_size = (size_t)(n > 0 ? n : 0);
    return buf;
}

/* The reference output as floats: <case>/<name>.f32, or .f16 (then *out_fp16 = 1). */
static float* load_reference(const golden_case* c, const char* output_name, size_t count, int* out_fp16) {
    char safe[128], path[1024];
    safe_name(output_name, safe, sizeof(safe));
    const char* names[2] = {output_name, safe};
    for (int k = 0; k < 2; k++) {
        for (int fp16 = 0; fp16 < 2; fp16++) {
            snprintf(path, sizeof(path), "%s/golden/%s/%s.%s", test_data_dir(), c->name, names[k], fp16 ? "f16" : "f32");
            size_t size;
            void* raw = read_file(path, &size);
            if (!raw) continue;
            size_t esize = fp16 ? 2 : 4;
            if (size != count * esize) {
                fprintf(stderr, "%s: %zu bytes, expected %zu\n", path, size, count * esize);
                free(raw);
                return NULL;
            }
            float* out = malloc(count * sizeof(float));
            for (size_t i = 0; i < count; i++) {
                if (fp16) {
                    uint16_t h;
                    memcpy(&h, (uint8_t*)raw + 2 * i, 2);
                    out[i] = gu_f16_to_f32(h);
                } else {
                    memcpy(&out[i], (uint8_t*)raw + 4 * i, 4);
                }
            }
            free(raw);
            *out_fp16 = fp16;
            return out;
        }
    }
    return NULL;
}

static float element(const void* data, glint_dtype dtype, size_t i) {
    if (dtype == GLINT_DTYPE_F32) return ((const float*)data)[i];
    if (dtype == GLINT_DTYPE_I32) return (float)((const int32_t*)data)[i];
    return 0.0f;
}

static void run_case(const golden_case* c, int require) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), c->model);
    FILE* probe = fopen(path, "rb");
    if (!probe) {
        printf("%-28s SKIP (no %s; run tools/setup.sh)\n", c->name, path);
        CHECK_MSG(!require, "model %s is missing and GLINT_REQUIRE_MODELS is set", path);
        return;
    }
    fclose(probe);

    glint_model_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.path = path;
    if (strstr(c->model, ".json")) { /* TF.js models may have free H, W: use the case's shape */
        const char* p = c->shape;
        while (*p && desc.input_rank < GLINT_MAX_RANK) {
            desc.input_shape[desc.input_rank++] = (int32_t)strtol(p, (char**)&p, 10);
            if (*p == 'x') p++;
            else break;
        }
    }
    glint_model* model = NULL;
    glint_error err;
    glint_result r = glint_model_load(&desc, &model, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: load failed: %s", c->name, err.message);
    if (r < 0) return;

    /* Rebuild the reference's input from the photo with the SDK's own preprocessing. */
    glint_tensor_info in;
    glint_model_input_info(model, 0, &in);
    gi_prep_desc prep;
    r = gi_prep_spec_parse(c->spec, &prep, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: bad prep spec '%s'", c->name, c->spec);
    prep.dtype = gi_dtype_from_name(c->dtype); /* the spec leaves the element type to its own column */
    snprintf(path, sizeof(path), "%s/images/%s", test_cache_dir(), c->image);
    gs_image img;
    const char* reason = NULL;
    int loaded = gs_image_load(path, &img, &reason) == 0;
    CHECK_MSG(loaded, "%s: cannot load %s: %s", c->name, path, reason ? reason : "?");
    if (r < 0 || !loaded) {
        glint_model_destroy(model);
        return;
    }
    void* tensor = malloc(in.bytes);
    gi_image view = gs_image_view(&img);
    r = gi_prepare_tensor(&view, &prep, tensor, in.bytes, NULL, &err);
    CHECK_MSG(r == GLINT_SUCCESS, "%s: prepare failed: %s", c->name, err.message);
    uint8_t digest[GU_SHA256_BYTES];
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_bytes(tensor, in.bytes, digest);
    gu_sha256_to_hex(digest, hex);
    CHECK_MSG(strcmp(hex, c->sha256) == 0, "%s: input tensor sha256 %s, the reference saw %s", c->name, hex,
              c->sha256);
    CHECK(glint_model_set_input(model, 0, tensor, in.bytes) == GLINT_SUCCESS);
    free(tensor);
    gs_image_free(&img);

    int64_t t0 = gu_time_ns();
    r = glint_model_run(model, &err);
    double ms = (double)(gu_time_ns() - t0) * 1e-6;
    CHECK_MSG(r == GLINT_SUCCESS, "%s: run failed: %s", c->name, err.message);
    glint_model_stats st;
    glint_model_get_stats(model, &st);
    for (int32_t o = 0; r == GLINT_SUCCESS && o < glint_model_output_count(model); o++) {
        glint_tensor_info oi;
        glint_model_output_info(model, o, &oi);
        size_t count = 1;
        for (int32_t d = 0; d < oi.rank; d++) count *= (size_t)oi.shape[d];
        int fp16 = 0;
        float* ref = load_reference(c, oi.name, count, &fp16);
        CHECK_MSG(ref != NULL, "%s: no golden for output '%s' (%zu values)", c->name, oi.name, count);
        if (!ref) continue;
        const void* data;
        glint_model_output(model, o, &data, NULL);
        float mn = ref[0], mx = ref[0];
        for (size_t i = 1; i < count; i++) {
            if (ref[i] < mn) mn = ref[i];
            if (ref[i] > mx) mx = ref[i];
        }
        double range = mx - mn > 1e-6 ? mx - mn : 1.0;
        double worst = 0, worst_rel = 0;
        size_t worst_at = 0;
        for (size_t i = 0; i < count; i++) {
            double v = element(data, oi.dtype, i);
            double e = fabs(v - ref[i]);
            /* fp16-stored references are rounded: allow half an fp16 ulp of the value. */
            double slack = fp16 ? fabs(ref[i]) * (1.0 / 2048.0) : 0.0;
            double rel = (e - slack > 0 ? e - slack : 0) / range;
            if (e > worst) worst = e;
            if (rel > worst_rel) {
                worst_rel = rel;
                worst_at = i;
            }
        }
        printf("%-28s %-16s %8zu values  range %-10.4g max|err| %-10.3g rel %-9.2e  %s\n", c->name, oi.name, count,
               range, worst, worst_rel, fp16 ? "(fp16 golden)" : "");
        CHECK_MSG(worst_rel <= TOLERANCE, "%s/%s: relative error %.3g at %zu (glint %g, reference %g)", c->name,
                  oi.name, worst_rel, worst_at, element(data, oi.dtype, worst_at), ref[worst_at]);
        free(ref);
    }
    printf("%-28s load %.1f ms, run %.1f ms, %.1f M MACs, peak activations %zu bytes\n", c->name, st.load_ms, ms,
           (double)st.macs * 1e-6, st.activation_bytes);
    glint_model_destroy(model);
}

int main(void) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/golden/cases.tsv", test_data_dir());
    FILE* f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot open %s", path);
    if (!f) return test_finish();
    int require = getenv("GLINT_REQUIRE_MODELS") != NULL;
    const char* only = getenv("GLINT_GOLDEN_CASE"); /* run one case while debugging */
    char line[4096];
    int cases = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n' || !strncmp(line, "case\t", 5)) continue;
        char* cols[16];
        int n = split_tabs(line, cols, 16);
        CHECK_MSG(n >= 8, "cases.tsv: a line has %d columns, want at least 8", n);
        if (n < 8) continue;
        golden_case c;
        copy_field(c.name, sizeof(c.name), cols[0]);
        copy_field(c.model, sizeof(c.model), cols[1]);
        copy_field(c.input_name, sizeof(c.input_name), cols[2]);
        copy_field(c.dtype, sizeof(c.dtype), cols[3]);
        copy_field(c.shape, sizeof(c.shape), cols[4]);
        copy_field(c.image, sizeof(c.image), cols[5]);
        copy_field(c.spec, sizeof(c.spec), cols[6]);
        copy_field(c.sha256, sizeof(c.sha256), cols[7]);
        if (only && strcmp(only, c.name) != 0) continue;
        run_case(&c, require);
        cases++;
    }
    fclose(f);
    CHECK_MSG(cases >= 11 || only, "only %d golden cases; want every model", cases);
    return test_finish();
}

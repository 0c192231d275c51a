/*
 * glint-model prep IMAGE --size S|WxH [--range 0,1|-1,1|0,255] [--dtype f32|i32|u8]
 *                  [--rotate DEG | --roi CX,CY,SIDE,DEG] --out OUT.raw
 *
 * Makes a model input tensor from a photo with the SDK's gi_prepare_tensor (the code path
 * the tracker and `glint-model run --input NAME=IMAGE` use), writes it raw (NHWC, RGB,
 * little-endian) and prints one JSON object on stdout: the prep spec (gi_prepare.h), the
 * tensor's shape, dtype and sha256, and the tensor -> image affine map, so outputs can be
 * mapped back to image pixels. tools/goldens/regen.sh records the spec and sha256 in
 * tests/golden/cases.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/gs_image.h"
#include "glint-model/gm.h"
#include "image/gi_prepare.h"
#include "util/gu_sha256.h"

static int usage(void) {
    fprintf(stderr,
            "usage: glint-model prep IMAGE --size S|WxH [--range 0,1|-1,1|0,255] [--dtype f32|i32|u8]\n"
            "                        [--rotate DEG | --roi CX,CY,SIDE,DEG | --spec SPEC] --out OUT.raw\n"
            "  default: letterbox (whole image, aspect kept, centred, black bars), range 0,1, f32.\n"
            "  --rotate DEG  square of side max(w,h) around the image centre, turned by DEG degrees\n"
            "                (90 puts a hand pointing right upright)\n"
            "  --roi ...     rotated square ROI in image pixels (centre, side, degrees)\n"
            "  --spec SPEC   a whole prep spec, e.g. 'size=224;range=0,1;crop=rotate:90'\n"
            "  Prints JSON: spec, shape, dtype, bytes, sha256, to_image (tensor -> image affine map).\n");
    return 2;
}

static int append(char* buf, size_t size, const char* key, const char* value) {
    size_t n = strlen(buf);
    int w = snprintf(buf + n, size - n, "%s%s%s", n ? ";" : "", key, value);
    return (w < 0 || (size_t)w >= size - n) ? -1 : 0;
}

int gm_cmd_prep(int argc, char** argv) {
    const char *image_path = NULL, *size = NULL, *range = NULL, *dtype = NULL, *rotate = NULL, *roi = NULL,
               *spec_arg = NULL, *out_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char* a = argv[i];
        const char** slot = NULL;
        if (!strcmp(a, "--size")) slot = &size;
        else if (!strcmp(a, "--range")) slot = &range;
        else if (!strcmp(a, "--dtype")) slot = &dtype;
        else if (!strcmp(a, "--rotate")) slot = &rotate;
        else if (!strcmp(a, "--roi")) slot = &roi;
        else if (!strcmp(a, "--spec")) slot = &spec_arg;
        else if (!strcmp(a, "--out")) slot = &out_path;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) return usage();
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "glint-model prep: unknown option '%s'\n", a);
            return usage();
        } else if (!image_path) {
            image_path = a;
            continue;
        } else {
            fprintf(stderr, "glint-model prep: unexpected argument '%s'\n", a);
            return usage();
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "glint-model prep: %s needs a value\n", a);
            return usage();
        }
        *slot = argv[++i];
    }
    if (!image_path || !out_path || (!size && !spec_arg)) return usage();
    if (rotate && roi) {
        fprintf(stderr, "glint-model prep: --rotate and --roi exclude each other\n");
        return 2;
    }

    /* Options become a prep spec, so that the printed spec reproduces this tensor exactly. */
    char spec[512] = {0};
    int bad = 0;
    if (spec_arg) bad |= append(spec, sizeof(spec), "", spec_arg);
    if (size) bad |= append(spec, sizeof(spec), "size=", size);
    if (range) bad |= append(spec, sizeof(spec), "range=", range);
    else if (dtype && strcmp(dtype, "f32") != 0 && !spec_arg) bad |= append(spec, sizeof(spec), "range=", "0,255");
    if (rotate) bad |= append(spec, sizeof(spec), "crop=rotate:", rotate);
    else if (roi) bad |= append(spec, sizeof(spec), "crop=roi:", roi);
    else if (!spec_arg) bad |= append(spec, sizeof(spec), "crop=", "letterbox");
    if (bad) {
        fprintf(stderr, "glint-model prep: arguments too long\n");
        return 2;
    }
    glint_error err = {0};
    gi_prep_desc desc;
    if (gi_prep_spec_parse(spec, &desc, &err) < 0) {
        fprintf(stderr, "glint-model prep: %s\n", err.message);
        return 2;
    }
    if (dtype) {
        desc.dtype = gi_dtype_from_name(dtype);
        if (desc.dtype == GLINT_DTYPE_UNKNOWN || !gi_normalize_supported(desc.range, desc.dtype)) {
            fprintf(stderr, "glint-model prep: --dtype %s does not go with range %s (i32 and u8 need 0,255)\n", dtype,
                    gi_range_name(desc.range));
            return 2;
        }
    }

    gs_image img;
    const char* reason = NULL;
    if (gs_image_load(image_path, &img, &reason) != 0) {
        fprintf(stderr, "glint-model prep: cannot read image '%s': %s\n", image_path, reason ? reason : "?");
        return 1;
    }
    size_t bytes = gi_prep_tensor_bytes(&desc);
    void* tensor = malloc(bytes);
    if (!tensor) {
        fprintf(stderr, "glint-model prep: out of memory (%zu bytes)\n", bytes);
        gs_image_free(&img);
        return 1;
    }
    gi_image view = gs_image_view(&img);
    gi_affine to_image;
    glint_result r = gi_prepare_tensor(&view, &desc, tensor, bytes, &to_image, &err);
    if (r < 0) {
        fprintf(stderr, "glint-model prep: %s (%s)\n", err.message, glint_result_string(r));
        free(tensor);
        gs_image_free(&img);
        return 1;
    }
    int rc = 0;
    FILE* f = fopen(out_path, "wb");
    if (!f || fwrite(tensor, 1, bytes, f) != bytes) {
        fprintf(stderr, "glint-model prep: cannot write '%s'\n", out_path);
        rc = 1;
    }
    if (f && fclose(f) != 0) rc = 1;

    if (rc == 0) {
        uint8_t digest[GU_SHA256_BYTES];
        char hex[GU_SHA256_HEX_CHARS + 1];
        gu_sha256_bytes(tensor, bytes, digest);
        gu_sha256_to_hex(digest, hex);
        /* The spec without dtype= (it is printed on its own) as cases.tsv stores it. */
        printf("{\"image\": ");
        gm_json_string(stdout, image_path);
        printf(", \"image_width\": %d, \"image_height\": %d, \"spec\": ", (int)img.width, (int)img.height);
        gm_json_string(stdout, spec);
        printf(", \"shape\": [1, %d, %d, 3], \"dtype\": \"%s\", \"range\": \"%s\", \"bytes\": %zu, \"sha256\": \"%s\",\n",
               (int)desc.height, (int)desc.width, gi_dtype_name(desc.dtype), gi_range_name(desc.range), bytes, hex);
        printf(" \"to_image\": [[%.17g, %.17g, %.17g], [%.17g, %.17g, %.17g]]}\n", to_image.m[0], to_image.m[1],
               to_image.m[2], to_image.m[3], to_image.m[4], to_image.m[5]);
    }
    free(tensor);
    gs_image_free(&img);
    return rc;
}

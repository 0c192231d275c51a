/* gm_input: --input NAME=FILE, where FILE is a raw tensor or a photo (.png/.jpg/.jpeg). */
#include "glint-model/gm_input.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glint-model/gm.h"
#include "glint-model/gm_image_input.h"

static int has_image_extension(const char* path) {
    const char* dot = strrchr(path, '.');
    if (!dot) return 0;
    char ext[8] = {0};
    for (int i = 0; i < 7 && dot[i + 1]; i++) ext[i] = (char)tolower((unsigned char)dot[i + 1]);
    return !strcmp(ext, "png") || !strcmp(ext, "jpg") || !strcmp(ext, "jpeg");
}

static int find_input(glint_model* model, const char* name, size_t name_len, int32_t* out_index) {
    for (int32_t i = 0; i < glint_model_input_count(model); i++) {
        glint_tensor_info ti;
        glint_model_input_info(model, i, &ti);
        /* TF.js names inputs "input:0" in signatures; accept the name with or without ":0". */
        size_t n = strlen(ti.name);
        if ((n == name_len && !strncmp(ti.name, name, name_len)) ||
            (name_len == n + 2 && !strncmp(ti.name, name, n) && !strncmp(name + n, ":0", 2))) {
            *out_index = i;
            return 0;
        }
    }
    return -1;
}

static int set_raw(glint_model* model, int32_t index, const char* path) {
    glint_tensor_info ti;
    glint_model_input_info(model, index, &ti);
    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "glint-model: cannot open input '%s'\n", path);
        return 1;
    }
    void* buf = malloc(ti.bytes + 1);
    size_t got = buf ? fread(buf, 1, ti.bytes + 1, f) : 0;
    fclose(f);
    if (got != ti.bytes) {
        char shape[64];
        gm_format_shape(&ti, shape, sizeof(shape));
        fprintf(stderr, "glint-model: input '%s' needs %zu bytes (%s %s), '%s' has %s%zu\n", ti.name, ti.bytes,
                gm_dtype_name(ti.dtype), shape, path, got > ti.bytes ? "more than " : "", got);
        free(buf);
        return 1;
    }
    glint_result r = glint_model_set_input(model, index, buf, ti.bytes);
    free(buf);
    if (r < 0) {
        fprintf(stderr, "glint-model: cannot set input '%s': %s\n", ti.name, glint_result_string(r));
        return 1;
    }
    return 0;
}

int gm_set_input_from_arg(glint_model* model, const char* arg) {
    const char* eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        fprintf(stderr, "glint-model: --input wants NAME=FILE, got '%s'\n", arg);
        return 1;
    }
    int32_t index;
    if (find_input(model, arg, (size_t)(eq - arg), &index) != 0) {
        fprintf(stderr, "glint-model: the model has no input named '%.*s'; it has:", (int)(eq - arg), arg);
        for (int32_t i = 0; i < glint_model_input_count(model); i++) {
            glint_tensor_info ti;
            glint_model_input_info(model, i, &ti);
            fprintf(stderr, " %s", ti.name);
        }
        fprintf(stderr, "\n");
        return 1;
    }
    return has_image_extension(eq + 1) ? gm_set_image_input(model, index, eq + 1) : set_raw(model, index, eq + 1);
}

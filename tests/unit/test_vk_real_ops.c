/*
 * Every shader against the CPU reference kernel on real tensors: the real models run op by op
 * on the CPU from a real photo, and the ops are taken out one at a time, with the exact
 * activations they see in the model, as single-op graphs run on Vulkan (validation on).
 * Up to CAP ops per shader and model (the rest are covered whole by test_vk_models).
 * Float ops must agree within 1e-5 of their largest output value; data movement and every
 * int8 op exactly. The int8 variants of two models are made here (min/max calibration on
 * photos, the quantization pass) and each int8 op runs three times: with all the device's
 * features, without integer dot product, and with packed words instead of 8-bit storage.
 */
#include "test_vk_util.h" /* first: it sets _POSIX_C_SOURCE */

#include "engine/calib/ge_calib.h"
#include "engine/ge_model.h"
#include "engine/ge_quant.h"
#include "engine/vulkan/gv_fault.h"
#include "engine/vulkan/gv_ops.h"

#define CAP 4
#define REL_TOL 1e-5

typedef struct real_case {
    const char* file;
    const char* photo;
    bool int8; /* its int8 variant, calibrated on photo and calib_photo */
    const char* calib_photo;
} real_case;

static const real_case k_models[] = {
    {"mediapipe/hand_landmark_lite.tflite", "hand_open_palm_a.png", false, NULL},
    {"mediapipe/palm_detection_full.tflite", "hand_right_open_palm.png", false, NULL},
    {"mediapipe/pose_detection.tflite", "person_messi5.png", false, NULL},
    {"mediapipe/pose_landmark_full.tflite", "person_cameraman.png", false, NULL},
    {"tfjs/movenet-lightning.json", "person_astronaut.png", false, NULL},
    {"mediapipe/hand_landmark_lite.tflite", "hand_open_palm_a.png", true, "hand_left_fist_palm.png"},
    {"mediapipe/palm_detection_lite.tflite", "hand_open_palm_b.png", true, "hand_right_fist_back.png"},
    {"mediapipe/pose_detection.tflite", "person_messi5.png", true, "person_fireman_b.png"},
};

static const char* const k_int8_faults[3] = {"", "no_int_dot", "no_int8"};

typedef struct tally {
    const char* shader;
    int32_t count;
    double worst; /* max over ops of max_abs / max(1, max_ref) */
} tally;

static tally g_tally[64];
static int32_t g_num_tally = 0;

static tally* tally_for(const char* shader) {
    for (int32_t i = 0; i < g_num_tally; i++)
        if (!strcmp(g_tally[i].shader, shader)) return &g_tally[i];
    if (g_num_tally == 64) return NULL;
    g_tally[g_num_tally].shader = shader;
    return &g_tally[g_num_tally++];
}

static bool exact_op(const char* shader) {
    return strstr(shader, "_x32") != NULL || strstr(shader, "_x8") != NULL || strstr(shader, "_qs8") != NULL ||
           !strcmp(shader, "resize_bilinear_f32") || !strcmp(shader, "pool2d_f32");
}

/* Op o of g as a graph of its own, inputs copied from ex, then compared CPU vs Vulkan. */
static void check_op(const ge_graph* g, ge_exec* ex, int32_t o, const char* shader, int* per_model) {
    const ge_op* op = &g->ops[o];
    vk_graph t;
    vkg_init(&t);
    int32_t in[GE_MAX_OP_INPUTS], out[GE_MAX_OP_OUTPUTS];
    void* data[8] = {0};
    for (int32_t i = 0; i < op->num_inputs; i++) {
        const int32_t ti = op->inputs[i];
        if (ti < 0) {
            in[i] = -1;
            continue;
        }
        const ge_tensor* ts = &g->tensors[ti];
        if (ts->data) {
            in[i] = vkg_const(&t, ts->dtype, ts->shape, ts->data);
            if (in[i] >= 0) t.g.tensors[in[i]].quant = ts->quant; /* the source graph outlives t */
        } else {
            if (t.num_inputs == 8) return;
            size_t n = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
            data[t.num_inputs] = malloc(n);
            memcpy(data[t.num_inputs], ge_exec_tensor_data(ex, ti), n);
            in[i] = vkg_input(&t, ts->dtype, ts->shape);
            if (in[i] >= 0) t.g.tensors[in[i]].quant = ts->quant;
        }
    }
    for (int32_t i = 0; i < op->num_outputs; i++) {
        const ge_tensor* ts = &g->tensors[op->outputs[i]];
        char name[32];
        snprintf(name, sizeof(name), "out%d", (int)i);
        out[i] = ge_graph_add_tensor(&t.g, name, ts->dtype, &ts->shape, &t.err);
        if (out[i] >= 0) t.g.tensors[out[i]].quant = ts->quant;
        t.outputs[t.num_outputs++] = out[i];
    }
    ge_graph_add_op(&t.g, op->type, op->name, in, op->num_inputs, out, op->num_outputs, &op->params, &t.err);
    vk_result r;
    bool ok = vk_compare(&t, data, NULL, &r);
    /* int8 ops again with the other variants (vk_compare has finalised the graph; run it again) */
    const bool int8 = strstr(shader, "_qs8") != NULL || strstr(shader, "_x8") != NULL;
    for (int f = 1; int8 && ok && r.ran && f < 3; f++) {
        gv_faults fl;
        gv_fault_parse(k_int8_faults[f], &fl);
        gv_fault_set(&fl);
        vk_result rv;
        ok = vk_rerun(&t, data, NULL, &rv);
        gv_fault_set(NULL);
        /* packed words write 4 bytes at a time: channel tails need 8-bit storage, else the CPU */
        const bool cpu_ok = !rv.ran && strstr(rv.why, "needs 8-bit storage") != NULL;
        CHECK_MSG(ok && (cpu_ok || (rv.ran && rv.exact)), "op %d %s (%s) with %s: %s exact %d", (int)o,
                  ge_op_name(op->type), op->name, k_int8_faults[f], rv.why, (int)rv.exact);
    }
    CHECK_MSG(ok && r.ran, "op %d %s (%s): %s %s", (int)o, ge_op_name(op->type), op->name, t.err.message, r.why);
    if (ok && r.ran) {
        const double rel = r.max_abs / (r.max_ref > 1.0 ? r.max_ref : 1.0);
        if (exact_op(shader)) CHECK_MSG(r.exact, "op %d %s (%s, %s): not bit-exact, max abs %g", (int)o,
                                        ge_op_name(op->type), op->name, shader, r.max_abs);
        else CHECK_MSG(rel <= REL_TOL, "op %d %s (%s, %s): max abs %g, max |ref| %g", (int)o, ge_op_name(op->type),
                       op->name, shader, r.max_abs, r.max_ref);
        tally* ty = tally_for(shader);
        if (ty) {
            ty->count++;
            if (rel > ty->worst) ty->worst = rel;
        }
        (*per_model)++;
    }
    vk_test_check_validation(op->name);
    for (int i = 0; i < 8; i++) free(data[i]);
    vkg_free(&t);
}

static void run_model(const real_case* c) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), c->file);
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = path;
    d.backend = GLINT_BACKEND_CPU;
    glint_model* m = NULL;
    glint_error err;
    if (glint_model_load(&d, &m, &err) < 0) {
        printf("%-40s SKIP (%s)\n", c->file, err.message);
        return;
    }
    const ge_graph* g = ge_model_graph(m);
    gu_allocator a;
    gu_allocator_init(&a, NULL);
    glint_tensor_info info;
    glint_model_input_info(m, 0, &info);
    ge_graph q8;
    ge_graph_init(&q8, &a);
    if (c->int8) { /* the int8 variant: calibrate on two photos, quantize, finalise */
        ge_calib cal;
        glint_result r = ge_calib_init(&cal, g, &a, &err);
        void* sample = malloc(info.bytes);
        const char* photos[2] = {c->photo, c->calib_photo};
        for (int i = 0; i < 2 && r >= 0; i++) {
            CHECK(vk_photo_input(&info, photos[i], sample, info.bytes));
            const void* ins[1] = {sample};
            r = ge_calib_add_sample(&cal, ins, &err);
        }
        free(sample);
        ge_tensor_range* ranges = calloc((size_t)g->num_tensors, sizeof(ge_tensor_range));
        if (r >= 0) r = ge_calib_compute(&cal, GE_OBSERVER_MINMAX, ranges, NULL, NULL, &err);
        ge_quant_options opt;
        memset(&opt, 0, sizeof(opt));
        opt.ranges = ranges;
        ge_quant_stats st;
        if (r >= 0) r = ge_quant_int8(g, &opt, &q8, &st, &err);
        if (r >= 0) r = ge_passes_run_default(&q8, &err);
        if (r >= 0) r = ge_plan_memory(&q8, (size_t)1 << 30, &err);
        free(ranges);
        ge_calib_free(&cal);
        CHECK_MSG(r >= 0, "%s int8: %s", c->file, err.message);
        if (r < 0) {
            ge_graph_free(&q8);
            glint_model_destroy(m);
            return;
        }
        g = &q8;
    }
    ge_exec ex;
    CHECK(ge_exec_init(&ex, g, &a, false, &err) == GLINT_SUCCESS);
    CHECK_MSG(vk_photo_input(&info, c->photo, ge_exec_tensor_data(&ex, g->inputs[0]), info.bytes), "%s: no input",
              c->photo);
    /* Which shader each op would get (generous limits: the device is checked by the run itself). */
    gv_device_limits lim = {UINT32_MAX, {65535, 65535, 65535}, 1024, true, true, true};
    gu_arena aux;
    gu_arena_init(&aux, &a, 0);
    int32_t per_shader[64] = {0};
    const char* names[64] = {0};
    int tested = 0;
    for (int32_t o = 0; o < g->num_ops; o++) {
        gv_dispatch dsp;
        char why[160];
        if (gv_ops_lower(g, o, &lim, NULL, &aux, &dsp, why, sizeof(why)) && dsp.shader) {
            int32_t k = 0;
            while (k < 64 && names[k] && strcmp(names[k], dsp.shader)) k++;
            if (k < 64) {
                names[k] = dsp.shader;
                if (per_shader[k]++ < CAP) check_op(g, &ex, o, dsp.shader, &tested);
            }
        }
        CHECK_MSG(ge_exec_run_op(&ex, o, &err) == GLINT_SUCCESS, "cpu op %d: %s", (int)o, err.message);
    }
    printf("%-40s %s %d ops checked on real tensors\n", c->file, c->int8 ? "int8" : "fp32", tested);
    gu_arena_free(&aux);
    ge_graph_free(&q8);
    ge_exec_free(&ex);
    glint_model_destroy(m);
}

int main(void) {
    if (!vk_test_available()) return test_finish();
    for (size_t i = 0; i < sizeof(k_models) / sizeof(k_models[0]); i++) run_model(&k_models[i]);
    printf("\n%-24s %5s %14s\n", "shader", "ops", "worst rel err");
    for (int32_t i = 0; i < g_num_tally; i++)
        printf("%-24s %5d %14.3g\n", g_tally[i].shader, (int)g_tally[i].count, g_tally[i].worst);
    vk_test_check_validation("end");
    return test_finish();
}

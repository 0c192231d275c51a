/*
 * ge_model: the public glint_model API (glint/glint_model.h) on top of the engine:
 * detect the file format, import, run the load passes, plan memory, execute.
 */
#include <string.h>

#include "engine/ge_exec.h"
#include "engine/ge_model.h"
#include "engine/ge_known_models.h"
#include "engine/ge_passes.h"
#include "engine/ge_plan.h"
#include "engine/format/ge_glint_format.h"
#include "engine/import/ge_import.h"
#include "engine/vulkan/gv_model.h"
#include "glint/glint_model.h"
#include "util/gu_error.h"
#include "util/gu_file.h"
#include "util/gu_log.h"
#include "util/gu_sha256.h"
#include "util/gu_time.h"

#define GE_MODEL_MAX_FILE_BYTES ((size_t)1 << 30)
#define GE_MODEL_DEFAULT_ARENA_BYTES ((size_t)1 << 30)

struct glint_model {
    gu_allocator allocator;
    glint_logger logger;
    ge_graph graph;
    ge_exec exec;
    gv_model_state backend; /* CPU or Vulkan, with fallback (engine/vulkan/gv_model.h) */
    float range_min, range_max; /* first input's expected range for known models */
    double load_ms;
};

static bool ends_with(const char* s, const char* suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void recognise_digest(glint_model* m, const uint8_t digest[GU_SHA256_BYTES]) {
    const ge_known_model* km = ge_known_model_find(digest);
    if (!km) return;
    m->range_min = km->range_min;
    m->range_max = km->range_max;
    gu_log(&m->logger, GLINT_LOG_INFO, "model: recognised %s", km->name);
}

static void recognise(glint_model* m, const void* data, size_t size) {
    uint8_t digest[GU_SHA256_BYTES];
    gu_sha256_bytes(data, size, digest);
    recognise_digest(m, digest);
}

static glint_result import_bytes(glint_model* m, const void* data, size_t size, glint_error* err) {
    if (size >= 8 && memcmp((const uint8_t*)data + 4, "TFL3", 4) == 0)
        return ge_import_tflite(&m->graph, data, size, err);
    if (ge_glint_detect(data, size)) { /* glint's own file: a known model is recognised by its source's hash */
        ge_glint_meta meta;
        glint_result r = ge_glint_read(&m->graph, data, size, &meta, err);
        if (r >= 0) recognise_digest(m, meta.source_sha256);
        return r;
    }
    return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                     "model: unknown file format (expected a TFLite flatbuffer with identifier TFL3, a .glint "
                     "file, or a TF.js model.json)");
}

static glint_result load(glint_model* m, const glint_model_desc* desc, glint_error* err) {
    ge_shape override = {0};
    if (desc->input_rank < 0 || desc->input_rank > GLINT_MAX_RANK)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "model: input_rank %d out of range", desc->input_rank);
    override.rank = desc->input_rank;
    for (int32_t i = 0; i < desc->input_rank; i++) override.dim[i] = desc->input_shape[i];

    glint_result r;
    void* file = NULL;
    size_t file_size = 0;
    if (desc->path && ends_with(desc->path, ".json")) {
        r = gu_file_read(desc->path, &m->allocator, GE_MODEL_MAX_FILE_BYTES, &file, &file_size, err);
        if (r < 0) return r;
        recognise(m, file, file_size);
        gu_free_aligned(&m->allocator, file);
        r = ge_import_tfjs(&m->graph, desc->path, override.rank ? &override : NULL, err);
        if (r < 0) return r;
    } else {
        const void* data = desc->data;
        size_t size = desc->size;
        if (desc->path) {
            r = gu_file_read(desc->path, &m->allocator, GE_MODEL_MAX_FILE_BYTES, &file, &file_size, err);
            if (r < 0) return r;
            data = file;
            size = file_size;
        } else if (!data || !size) {
            return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "model: desc has neither a path nor data");
        }
        if (!ge_glint_detect(data, size)) recognise(m, data, size); /* a .glint names its source's hash */
        r = import_bytes(m, data, size, err);
        gu_free_aligned(&m->allocator, file);
        if (r < 0) return r;
        if (override.rank) {
            if (m->graph.num_inputs < 1) return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "model: no inputs");
            /* TFLite files carry static shapes; accept an override only when it changes nothing. */
            if (!ge_shape_equal(&override, &m->graph.tensors[m->graph.inputs[0]].shape))
                return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT,
                                 "model: this TFLite model has a fixed input shape; the override differs");
        }
    }
    /* Output override (e.g. MoveNet's four heads): before the default passes, so that nothing
     * is folded or fused for ops that are about to disappear. */
    if (desc->num_output_names != 0) {
        r = ge_pass_select_outputs(&m->graph, desc->output_names, desc->num_output_names, NULL, err);
        if (r < 0) return r;
    }
    r = ge_passes_run_default(&m->graph, err);
    if (r < 0) return r;
    r = ge_plan_memory(&m->graph, desc->max_arena_bytes ? desc->max_arena_bytes : GE_MODEL_DEFAULT_ARENA_BYTES, err);
    if (r < 0) return r;
    const ge_exec_options exec_options = {false, desc->num_threads, false};
    r = ge_exec_init_ex(&m->exec, &m->graph, &m->allocator, &exec_options, err);
    if (r < 0) return r;
    gv_model_init(&m->backend, desc, &m->graph, &m->allocator);
    return GLINT_SUCCESS;
}

glint_result glint_model_load(const glint_model_desc* desc, glint_model** out_model, glint_error* out_error) {
    gu_error_clear(out_error);
    if (!desc || !out_model) return gu_errorf(out_error, GLINT_ERROR_INVALID_ARGUMENT, "model: NULL argument");
    *out_model = NULL;
    int64_t t0 = gu_time_ns();
    gu_allocator allocator;
    gu_allocator_init(&allocator, &desc->allocator);
    glint_model* m = gu_calloc(&allocator, 1, sizeof(glint_model));
    if (!m) return gu_errorf(out_error, GLINT_ERROR_OUT_OF_MEMORY, "model: out of memory");
    m->allocator = allocator;
    m->logger = desc->logger;
    ge_graph_init(&m->graph, &m->allocator);
    glint_result r = load(m, desc, out_error);
    if (r < 0) {
        gu_log(&m->logger, GLINT_LOG_ERROR, "%s", out_error ? out_error->message : "model load failed");
        glint_model_destroy(m);
        return r;
    }
    m->load_ms = (double)(gu_time_ns() - t0) * 1e-6;
    *out_model = m;
    return GLINT_SUCCESS;
}

void glint_model_destroy(glint_model* model) {
    if (!model) return;
    gv_model_free(&model->backend);
    ge_exec_free(&model->exec);
    ge_graph_free(&model->graph);
    gu_allocator allocator = model->allocator;
    gu_free(&allocator, model);
}

int32_t glint_model_input_count(const glint_model* model) { return model ? model->graph.num_inputs : 0; }
int32_t glint_model_output_count(const glint_model* model) { return model ? model->graph.num_outputs : 0; }

static void fill_info(const glint_model* m, int32_t t, glint_tensor_info* out) {
    const ge_tensor* ts = &m->graph.tensors[t];
    memset(out, 0, sizeof(*out));
    out->name = ts->name;
    out->dtype = (glint_dtype)ts->dtype;
    out->rank = ts->shape.rank;
    for (int32_t i = 0; i < ts->shape.rank; i++) out->shape[i] = ts->shape.dim[i];
    out->bytes = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
}

glint_result glint_model_input_info(const glint_model* model, int32_t index, glint_tensor_info* out_info) {
    if (!model || !out_info || index < 0 || index >= model->graph.num_inputs) return GLINT_ERROR_INVALID_ARGUMENT;
    fill_info(model, model->graph.inputs[index], out_info);
    if (index == 0) {
        out_info->range_min = model->range_min;
        out_info->range_max = model->range_max;
    }
    return GLINT_SUCCESS;
}

glint_result glint_model_output_info(const glint_model* model, int32_t index, glint_tensor_info* out_info) {
    if (!model || !out_info || index < 0 || index >= model->graph.num_outputs) return GLINT_ERROR_INVALID_ARGUMENT;
    fill_info(model, model->graph.outputs[index], out_info);
    return GLINT_SUCCESS;
}

glint_result glint_model_set_input(glint_model* model, int32_t index, const void* data, size_t bytes) {
    if (!model || !data || index < 0 || index >= model->graph.num_inputs) return GLINT_ERROR_INVALID_ARGUMENT;
    int32_t t = model->graph.inputs[index];
    const ge_tensor* ts = &model->graph.tensors[t];
    size_t need = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
    if (bytes != need) return GLINT_ERROR_SHAPE_MISMATCH;
    memcpy(ge_exec_tensor_data(&model->exec, t), data, bytes);
    return GLINT_SUCCESS;
}

glint_result glint_model_run(glint_model* model, glint_error* out_error) {
    gu_error_clear(out_error);
    if (!model) return gu_errorf(out_error, GLINT_ERROR_INVALID_ARGUMENT, "model: NULL");
    return gv_model_run(&model->backend, &model->exec, out_error);
}

glint_result glint_model_output(const glint_model* model, int32_t index, const void** out_data, size_t* out_bytes) {
    if (!model || !out_data || index < 0 || index >= model->graph.num_outputs) return GLINT_ERROR_INVALID_ARGUMENT;
    int32_t t = model->graph.outputs[index];
    const ge_tensor* ts = &model->graph.tensors[t];
    *out_data = ge_exec_tensor_data(&model->exec, t);
    if (out_bytes) *out_bytes = (size_t)ge_shape_elements(&ts->shape) * ge_dtype_size(ts->dtype);
    return GLINT_SUCCESS;
}

glint_result glint_model_get_stats(const glint_model* model, glint_model_stats* out_stats) {
    if (!model || !out_stats) return GLINT_ERROR_INVALID_ARGUMENT;
    ge_graph_stats s;
    ge_graph_stats_compute(&model->graph, &s);
    memset(out_stats, 0, sizeof(*out_stats));
    out_stats->params = s.params;
    out_stats->macs = s.macs;
    out_stats->activation_bytes = model->graph.activation_bytes;
    out_stats->constant_bytes = s.const_bytes;
    out_stats->num_ops = model->graph.num_ops;
    out_stats->load_ms = model->load_ms;
    return GLINT_SUCCESS;
}

glint_result glint_model_get_backend(const glint_model* model, glint_model_backend_info* out_info) {
    if (!model || !out_info) return GLINT_ERROR_INVALID_ARGUMENT;
    gv_model_info(&model->backend, &model->graph, out_info);
    return GLINT_SUCCESS;
}

const ge_graph* ge_model_graph(const glint_model* model) { return model ? &model->graph : NULL; }

const double* ge_model_op_ms(const glint_model* model) { return model ? model->exec.op_ms : NULL; }

glint_result ge_model_enable_profiling(glint_model* model, glint_error* err) {
    if (!model) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "model: NULL");
    if (model->exec.op_ms) return GLINT_SUCCESS;
    /* Re-create the executor with timing on; inputs set earlier are kept by copying the arena. */
    ge_exec ex;
    const ge_exec_options exec_options = {true, model->exec.threads, false};
    glint_result r = ge_exec_init_ex(&ex, &model->graph, &model->allocator, &exec_options, err);
    if (r < 0) return r;
    memcpy(ex.arena, model->exec.arena, model->graph.activation_bytes);
    ge_exec_free(&model->exec);
    model->exec = ex;
    return GLINT_SUCCESS;
}

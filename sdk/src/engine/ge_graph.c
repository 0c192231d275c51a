/* ge_graph: building, checking and compacting the graph IR (see ge_graph.h). */
#include "engine/ge_graph.h"

#include <string.h>

#include "util/gu_error.h"

glint_result ge_graph_init(ge_graph* g, gu_allocator* allocator) {
    memset(g, 0, sizeof(*g));
    g->allocator = allocator;
    gu_arena_init(&g->arena, allocator, 256 * 1024);
    return GLINT_SUCCESS;
}

void ge_graph_free(ge_graph* g) {
    if (!g || !g->allocator) return;
    gu_free(g->allocator, g->tensors);
    gu_free(g->allocator, g->ops);
    gu_free(g->allocator, g->inputs);
    gu_free(g->allocator, g->outputs);
    gu_arena_free(&g->arena);
    memset(g, 0, sizeof(*g));
}

/* Grows an array of elem_size items to hold at least need items (doubling). */
static bool grow(gu_allocator* a, void** items, int32_t* cap, int32_t need, size_t elem_size) {
    if (need <= *cap) return true;
    int32_t new_cap = *cap ? *cap : 64;
    while (new_cap < need) new_cap *= 2;
    size_t bytes;
    if (!gu_mul_size((size_t)new_cap, elem_size, &bytes)) return false;
    void* p = gu_malloc(a, bytes);
    if (!p) return false;
    if (*items) {
        memcpy(p, *items, (size_t)*cap * elem_size);
        gu_free(a, *items);
    }
    *items = p;
    *cap = new_cap;
    return true;
}

static bool shape_valid(const ge_shape* s) {
    if (s->rank < 0 || s->rank > GE_MAX_RANK) return false;
    for (int32_t i = 0; i < s->rank; i++)
        if (s->dim[i] < -1 || s->dim[i] > GE_MAX_DIM) return false; /* -1: unknown until inference */
    return true;
}

int32_t ge_graph_add_tensor(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape,
                            glint_error* err) {
    if (g->num_tensors >= GE_MAX_TENSORS)
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "graph: more than %d tensors", GE_MAX_TENSORS);
    if (shape && !shape_valid(shape))
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "graph: tensor '%s' has an invalid shape (rank %d)",
                         name ? name : "?", (int)shape->rank);
    if (!grow(g->allocator, (void**)&g->tensors, &g->cap_tensors, g->num_tensors + 1, sizeof(ge_tensor)))
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory adding a tensor");
    ge_tensor* t = &g->tensors[g->num_tensors];
    memset(t, 0, sizeof(*t));
    t->name = gu_arena_strdup(&g->arena, name ? name : "");
    if (!t->name) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory adding a tensor");
    t->dtype = dtype;
    if (shape) t->shape = *shape;
    t->producer = -1;
    t->arena_offset = -1;
    return g->num_tensors++;
}

int32_t ge_graph_add_const_uninit(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape,
                                  void** out_data, glint_error* err) {
    if (!shape || !shape_valid(shape))
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: constant '%s' has an invalid shape",
                         name ? name : "?");
    int64_t elems = 1;
    for (int32_t i = 0; i < shape->rank; i++) {
        if (shape->dim[i] < 0)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: constant '%s' has an unknown dimension",
                             name ? name : "?");
        elems *= shape->dim[i];
        if (elems > GE_MAX_TENSOR_ELEMENTS)
            return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "graph: constant '%s' has too many elements",
                             name ? name : "?");
    }
    size_t esize = ge_dtype_size(dtype);
    if (esize == 0)
        return gu_errorf(err, GLINT_ERROR_MODEL_UNSUPPORTED, "graph: constant '%s' has an unknown dtype",
                         name ? name : "?");
    int32_t idx = ge_graph_add_tensor(g, name, dtype, shape, err);
    if (idx < 0) return idx;
    size_t nbytes = (size_t)elems * esize;
    void* data = gu_arena_alloc(&g->arena, nbytes);
    if (!data) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory for constant '%s'", name);
    g->tensors[idx].data = data;
    g->tensors[idx].nbytes = nbytes;
    if (out_data) *out_data = data;
    return idx;
}

int32_t ge_graph_add_const(ge_graph* g, const char* name, ge_dtype dtype, const ge_shape* shape, const void* data,
                           size_t nbytes, glint_error* err) {
    void* dst = NULL;
    int32_t idx = ge_graph_add_const_uninit(g, name, dtype, shape, &dst, err);
    if (idx < 0) return idx;
    if (nbytes != g->tensors[idx].nbytes)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: constant '%s' has %zu bytes, its shape needs %zu",
                         name ? name : "?", nbytes, g->tensors[idx].nbytes);
    if (nbytes) memcpy(dst, data, nbytes);
    return idx;
}

static int32_t* copy_indices(ge_graph* g, const int32_t* src, int32_t n) {
    int32_t* dst = gu_arena_alloc(&g->arena, (size_t)(n ? n : 1) * sizeof(int32_t));
    if (dst && n) memcpy(dst, src, (size_t)n * sizeof(int32_t));
    return dst;
}

int32_t ge_graph_add_op(ge_graph* g, ge_op_type type, const char* name, const int32_t* inputs, int32_t num_inputs,
                        const int32_t* outputs, int32_t num_outputs, const ge_op_params* params, glint_error* err) {
    if (g->num_ops >= GE_MAX_OPS)
        return gu_errorf(err, GLINT_ERROR_LIMIT_EXCEEDED, "graph: more than %d ops", GE_MAX_OPS);
    if (type <= GE_OP_NONE || type >= GE_OP_COUNT)
        return gu_errorf(err, GLINT_ERROR_INTERNAL, "graph: invalid op type %d", (int)type);
    if (num_inputs < 0 || num_inputs > GE_MAX_OP_INPUTS || num_outputs < 1 || num_outputs > GE_MAX_OP_OUTPUTS)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op '%s' has %d inputs and %d outputs",
                         name ? name : "?", (int)num_inputs, (int)num_outputs);
    for (int32_t i = 0; i < num_inputs; i++)
        if (inputs[i] < -1 || inputs[i] >= g->num_tensors)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op '%s' input %d is tensor %d (of %d)",
                             name ? name : "?", (int)i, (int)inputs[i], (int)g->num_tensors);
    for (int32_t i = 0; i < num_outputs; i++)
        if (outputs[i] < 0 || outputs[i] >= g->num_tensors)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op '%s' output %d is tensor %d (of %d)",
                             name ? name : "?", (int)i, (int)outputs[i], (int)g->num_tensors);
    if (!grow(g->allocator, (void**)&g->ops, &g->cap_ops, g->num_ops + 1, sizeof(ge_op)))
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory adding an op");
    ge_op* op = &g->ops[g->num_ops];
    memset(op, 0, sizeof(*op));
    op->type = type;
    op->name = gu_arena_strdup(&g->arena, name ? name : "");
    op->inputs = copy_indices(g, inputs, num_inputs);
    op->outputs = copy_indices(g, outputs, num_outputs);
    if (!op->name || !op->inputs || !op->outputs)
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory adding an op");
    op->num_inputs = num_inputs;
    op->num_outputs = num_outputs;
    if (params) op->params = *params;
    return g->num_ops++;
}

static glint_result set_list(ge_graph* g, int32_t** dst, int32_t* count, const int32_t* src, int32_t n,
                             const char* what, glint_error* err) {
    if (n < 0 || n > GE_MAX_OP_INPUTS)
        return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: %d graph %s", (int)n, what);
    for (int32_t i = 0; i < n; i++)
        if (src[i] < 0 || src[i] >= g->num_tensors)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: %s %d is tensor %d (of %d)", what, (int)i,
                             (int)src[i], (int)g->num_tensors);
    int32_t* p = gu_malloc(g->allocator, (size_t)(n ? n : 1) * sizeof(int32_t));
    if (!p) return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory");
    if (n) memcpy(p, src, (size_t)n * sizeof(int32_t));
    gu_free(g->allocator, *dst);
    *dst = p;
    *count = n;
    return GLINT_SUCCESS;
}

glint_result ge_graph_set_io(ge_graph* g, const int32_t* inputs, int32_t num_inputs, const int32_t* outputs,
                             int32_t num_outputs, glint_error* err) {
    glint_result r = set_list(g, &g->inputs, &g->num_inputs, inputs, num_inputs, "input", err);
    if (r < 0) return r;
    return set_list(g, &g->outputs, &g->num_outputs, outputs, num_outputs, "output", err);
}

int32_t ge_graph_find_tensor(const ge_graph* g, const char* name) {
    for (int32_t i = 0; i < g->num_tensors; i++)
        if (strcmp(g->tensors[i].name, name) == 0) return i;
    return -1;
}

glint_result ge_graph_analyze(ge_graph* g, glint_error* err) {
    for (int32_t t = 0; t < g->num_tensors; t++) {
        g->tensors[t].producer = -1;
        g->tensors[t].num_consumers = 0;
    }
    for (int32_t i = 0; i < g->num_inputs; i++)
        if (g->tensors[g->inputs[i]].data)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: input '%s' is a constant",
                             g->tensors[g->inputs[i]].name);
    /* In op order, every input must already be available: a constant, a graph input or the
     * output of an earlier op. This rejects cycles and reads-before-writes in one pass. */
    for (int32_t o = 0; o < g->num_ops; o++) {
        ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) continue;
        for (int32_t i = 0; i < op->num_inputs; i++) {
            int32_t t = op->inputs[i];
            if (t < 0) continue;
            if (t >= g->num_tensors)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op %d '%s' reads tensor %d of %d", (int)o,
                                 op->name, (int)t, (int)g->num_tensors);
            ge_tensor* ts = &g->tensors[t];
            bool is_input = false;
            for (int32_t k = 0; k < g->num_inputs; k++) is_input |= g->inputs[k] == t;
            if (!ts->data && !is_input && ts->producer < 0)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                                 "graph: op %d '%s' (%s) reads tensor '%s' before any op produces it (cycle or "
                                 "missing producer)",
                                 (int)o, op->name, ge_op_name(op->type), ts->name);
            ts->num_consumers++;
        }
        for (int32_t i = 0; i < op->num_outputs; i++) {
            int32_t t = op->outputs[i];
            if (t < 0 || t >= g->num_tensors)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op %d '%s' writes tensor %d of %d", (int)o,
                                 op->name, (int)t, (int)g->num_tensors);
            ge_tensor* ts = &g->tensors[t];
            if (ts->data)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op %d '%s' writes constant '%s'", (int)o,
                                 op->name, ts->name);
            if (ts->producer >= 0)
                return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT,
                                 "graph: tensor '%s' is written by op %d and op %d", ts->name, (int)ts->producer,
                                 (int)o);
            for (int32_t k = 0; k < g->num_inputs; k++)
                if (g->inputs[k] == t)
                    return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: op %d '%s' writes graph input '%s'",
                                     (int)o, op->name, ts->name);
            ts->producer = o;
        }
    }
    for (int32_t i = 0; i < g->num_outputs; i++) {
        ge_tensor* ts = &g->tensors[g->outputs[i]];
        bool is_input = false;
        for (int32_t k = 0; k < g->num_inputs; k++) is_input |= g->inputs[k] == g->outputs[i];
        if (ts->producer < 0 && !ts->data && !is_input)
            return gu_errorf(err, GLINT_ERROR_MODEL_FORMAT, "graph: output '%s' is never produced", ts->name);
        ts->num_consumers++;
    }
    return GLINT_SUCCESS;
}

glint_result ge_graph_compact(ge_graph* g, glint_error* err) {
    /* Mark tensors still referenced. */
    uint8_t* used = gu_calloc(g->allocator, (size_t)(g->num_tensors ? g->num_tensors : 1), 1);
    int32_t* remap = gu_malloc(g->allocator, (size_t)(g->num_tensors ? g->num_tensors : 1) * sizeof(int32_t));
    if (!used || !remap) {
        gu_free(g->allocator, used);
        gu_free(g->allocator, remap);
        return gu_errorf(err, GLINT_ERROR_OUT_OF_MEMORY, "graph: out of memory compacting");
    }
    for (int32_t i = 0; i < g->num_inputs; i++) used[g->inputs[i]] = 1;
    for (int32_t i = 0; i < g->num_outputs; i++) used[g->outputs[i]] = 1;
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) continue;
        for (int32_t i = 0; i < op->num_inputs; i++)
            if (op->inputs[i] >= 0) used[op->inputs[i]] = 1;
        for (int32_t i = 0; i < op->num_outputs; i++) used[op->outputs[i]] = 1;
    }
    int32_t nt = 0;
    for (int32_t t = 0; t < g->num_tensors; t++) {
        remap[t] = used[t] ? nt : -1;
        if (used[t]) g->tensors[nt++] = g->tensors[t];
    }
    g->num_tensors = nt;
    int32_t no = 0;
    for (int32_t o = 0; o < g->num_ops; o++) {
        ge_op* op = &g->ops[o];
        if (op->type == GE_OP_NONE) continue;
        /* Index lists live in the arena and may be shared with nothing else: rewrite in place. */
        int32_t* in = (int32_t*)op->inputs;
        int32_t* out = (int32_t*)op->outputs;
        for (int32_t i = 0; i < op->num_inputs; i++)
            if (in[i] >= 0) in[i] = remap[in[i]];
        for (int32_t i = 0; i < op->num_outputs; i++) out[i] = remap[out[i]];
        g->ops[no++] = *op;
    }
    g->num_ops = no;
    for (int32_t i = 0; i < g->num_inputs; i++) g->inputs[i] = remap[g->inputs[i]];
    for (int32_t i = 0; i < g->num_outputs; i++) g->outputs[i] = remap[g->outputs[i]];
    gu_free(g->allocator, used);
    gu_free(g->allocator, remap);
    return ge_graph_analyze(g, err);
}

void ge_graph_stats_compute(const ge_graph* g, ge_graph_stats* out_stats) {
    memset(out_stats, 0, sizeof(*out_stats));
    for (int32_t t = 0; t < g->num_tensors; t++) {
        const ge_tensor* ts = &g->tensors[t];
        if (!ts->data) continue;
        out_stats->params += ge_shape_elements(&ts->shape);
        out_stats->const_bytes += ts->nbytes;
    }
    for (int32_t o = 0; o < g->num_ops; o++) {
        const ge_op* op = &g->ops[o];
        if (op->type <= GE_OP_NONE || op->type >= GE_OP_COUNT) continue;
        out_stats->op_counts[op->type]++;
        if (op->num_inputs < 2 || op->inputs[1] < 0) continue;
        const ge_shape* out = &g->tensors[op->outputs[0]].shape;
        const ge_shape* w = &g->tensors[op->inputs[1]].shape;
        int64_t out_elems = ge_shape_elements(out);
        if (op->type == GE_OP_CONV2D && w->rank == 4)
            out_stats->macs += out_elems * w->dim[1] * w->dim[2] * w->dim[3];
        else if (op->type == GE_OP_DEPTHWISE_CONV2D && w->rank == 4)
            out_stats->macs += out_elems * w->dim[1] * w->dim[2];
        else if (op->type == GE_OP_FULLY_CONNECTED && w->rank == 2)
            out_stats->macs += out_elems * w->dim[1];
    }
}

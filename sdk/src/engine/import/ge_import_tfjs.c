/*
 * TF.js graph-model importer: model.json (a TensorFlow GraphDef in JSON plus a weights
 * manifest) and its binary shards -> ge_graph. See ge_import_tfjs_internal.h for the parts.
 *
 * Steps: parse the JSON (strict, bounded) -> lay the manifest over the shards -> build the
 * node table (names, inputs "x", "x:1", control inputs "^x" dropped) -> pick graph inputs
 * (Placeholders) and outputs (signature.outputs, else nodes nobody reads) -> order the nodes
 * that feed the outputs depth-first (TF graphs need not be sorted; a cycle is an error) ->
 * lower each node -> name the graph outputs after their TF tensors -> analyse and infer shapes.
 */
#include <stdio.h>
#include <string.h>

#include "engine/import/ge_import.h"
#include "engine/import/ge_import_tfjs_internal.h"
#include "util/gu_error.h"
#include "util/gu_file.h"

/* ---- context ---- */

static glint_result ctx_init(tfjs_ctx* c, ge_graph* g, const char* what, const ge_shape* override, glint_error* err) {
    memset(c, 0, sizeof(*c));
    c->g = g;
    c->err = err;
    c->what = what;
    c->input_override = override;
    if (!g || !g->allocator) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tfjs: graph is not initialised");
    c->alloc = g->allocator;
    gu_arena_init(&c->scratch, c->alloc, 256 * 1024);
    return GLINT_SUCCESS;
}

static void ctx_free(tfjs_ctx* c) {
    if (!c->alloc) return;
    for (int32_t i = 0; i < c->num_group_copies; i++) gu_free(c->alloc, c->group_copies[i]);
    gu_free(c->alloc, c->f16_table);
    gu_arena_free(&c->scratch);
}

static glint_result parse_json(tfjs_ctx* c, const char* json, size_t len) {
    /* A real model.json has a few tens of thousands of values; 2 Mi bounds the DOM (~100 MB). */
    gu_json_limits limits = {.max_bytes = TFJS_MAX_JSON_BYTES, .max_depth = 64, .max_values = (size_t)2 << 20};
    glint_result r = gu_json_parse(&c->scratch, json, len, &limits, &c->root, c->err);
    if (r < 0) {
        char msg[sizeof(c->err->message)] = "";
        if (c->err) memcpy(msg, c->err->message, sizeof(msg));
        msg[sizeof(msg) - 1] = 0;
        return gu_errorf(c->err, r, "%s:%s", c->what, msg);
    }
    if (!gu_json_is(c->root, GU_JSON_OBJECT))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "the top level is not an object");
    const gu_json* format = gu_json_get(c->root, "format");
    if (format) {
        const char* f = gu_json_string(format, NULL);
        if (!f) return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "\"format\" is not a string");
        if (strcmp(f, "graph-model") != 0)
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_UNSUPPORTED, "format '%.32s' (only TF.js graph models)", f);
    }
    return GLINT_SUCCESS;
}

/* ---- node table ---- */

/* Splits "name:3" into name length and port (a suffix of digits); "name" is port 0. */
static bool split_tensor_name(const char* s, size_t len, size_t* out_name_len, int32_t* out_port) {
    size_t colon = len;
    while (colon > 0 && s[colon - 1] != ':') colon--;
    *out_name_len = len;
    *out_port = 0;
    if (colon == 0) return len > 0;
    size_t digits = len - colon;
    if (digits == 0 || digits > 6) return false;
    int32_t port = 0;
    for (size_t i = colon; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        port = port * 10 + (s[i] - '0');
    }
    *out_name_len = colon - 1;
    *out_port = port;
    return *out_name_len > 0;
}

static int32_t find_node(const tfjs_ctx* c, const char* name, size_t len) {
    return tfjs_map_find(&c->node_map, &c->nodes[0].name, sizeof(tfjs_node), name, len);
}

/* Resolves a tensor reference ("x", "x:1") to node and port. */
static glint_result resolve_tensor(tfjs_ctx* c, const tfjs_node* from, const char* ref, size_t len, int32_t* out_node,
                                   int32_t* out_port) {
    size_t name_len;
    int32_t port;
    int32_t idx = -1;
    if (split_tensor_name(ref, len, &name_len, &port)) idx = find_node(c, ref, name_len);
    if (idx < 0) {
        if (from) return tfjs_fail(c, from, GLINT_ERROR_MODEL_FORMAT, "input '%.80s' is not a node of the graph", ref);
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "'%.80s' is not a node of the graph", ref);
    }
    if (port >= c->nodes[idx].num_outputs)
        return tfjs_fail(c, from, GLINT_ERROR_MODEL_FORMAT, "'%.80s' refers to output %d of a node with %d outputs",
                         ref, (int)port, (int)c->nodes[idx].num_outputs);
    *out_node = idx;
    *out_port = port;
    return GLINT_SUCCESS;
}

static glint_result build_nodes(tfjs_ctx* c) {
    const gu_json* topo = gu_json_get(c->root, "modelTopology");
    const gu_json* list = gu_json_get(topo, "node");
    if (!gu_json_is(topo, GU_JSON_OBJECT) || !gu_json_is(list, GU_JSON_ARRAY))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "modelTopology.node is missing or not an array");
    size_t count = gu_json_count(list);
    if (count == 0) return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "the graph has no nodes");
    if (count > GE_MAX_OPS)
        return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "%zu nodes (limit %d)", count, GE_MAX_OPS);
    c->nodes = gu_arena_alloc(&c->scratch, count * sizeof(tfjs_node));
    if (!c->nodes) return tfjs_oom(c);
    c->num_nodes = (int32_t)count;
    for (size_t i = 0; i < count; i++) {
        tfjs_node* n = &c->nodes[i];
        const gu_json* j = gu_json_at(list, i);
        size_t name_len = 0;
        n->json = j;
        n->name = gu_json_string(gu_json_get(j, "name"), &name_len);
        n->op = gu_json_string(gu_json_get(j, "op"), NULL);
        n->attr = gu_json_get(j, "attr");
        if (!n->name || !n->op || name_len == 0 || strlen(n->name) != name_len || strchr(n->name, ':'))
            return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "node %zu lacks a valid \"name\" or \"op\"", i);
        if (n->attr && !gu_json_is(n->attr, GU_JSON_OBJECT))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "\"attr\" is not an object");
        glint_result r = tfjs_output_count(c, n, &n->num_outputs);
        if (r < 0) return r;
        n->outputs = gu_arena_alloc(&c->scratch, (size_t)(n->num_outputs ? n->num_outputs : 1) * sizeof(tfjs_value));
        if (!n->outputs) return tfjs_oom(c);
        for (int32_t k = 0; k < n->num_outputs; k++) {
            tfjs_value* v = &n->outputs[k];
            v->tensor = -1;
            if (k == 0) {
                v->name = n->name;
            } else {
                char* s = gu_arena_alloc(&c->scratch, name_len + 8);
                if (!s) return tfjs_oom(c);
                snprintf(s, name_len + 8, "%s:%d", n->name, (int)k);
                v->name = s;
            }
        }
    }
    int32_t dup = -1;
    glint_result r = tfjs_map_build(c, &c->node_map, &c->nodes[0].name, sizeof(tfjs_node), c->num_nodes, &dup);
    if (r < 0) return r;
    if (dup >= 0) return tfjs_fail(c, &c->nodes[dup], GLINT_ERROR_MODEL_FORMAT, "a second node has this name");
    for (int32_t i = 0; i < c->num_nodes; i++) {
        tfjs_node* n = &c->nodes[i];
        const gu_json* inputs = gu_json_get(n->json, "input");
        if (inputs && !gu_json_is(inputs, GU_JSON_ARRAY))
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "\"input\" is not an array");
        size_t ni = gu_json_count(inputs);
        if (ni > TFJS_MAX_NODE_INPUTS)
            return tfjs_fail(c, n, GLINT_ERROR_LIMIT_EXCEEDED, "%zu inputs (limit %d)", ni, TFJS_MAX_NODE_INPUTS);
        n->input_node = gu_arena_alloc(&c->scratch, (ni ? ni : 1) * sizeof(int32_t));
        n->input_port = gu_arena_alloc(&c->scratch, (ni ? ni : 1) * sizeof(int32_t));
        if (!n->input_node || !n->input_port) return tfjs_oom(c);
        for (size_t k = 0; k < ni; k++) {
            size_t len = 0;
            const char* s = gu_json_string(gu_json_at(inputs, k), &len);
            if (!s) return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "input %zu is not a string", k);
            if (len > 0 && s[0] == '^') { /* control dependency: ordering only, nothing to compute */
                size_t nl;
                int32_t port;
                if (!split_tensor_name(s + 1, len - 1, &nl, &port) || find_node(c, s + 1, nl) < 0)
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "control input '%.80s' is not a node", s);
                continue;
            }
            r = resolve_tensor(c, n, s, len, &n->input_node[n->num_inputs], &n->input_port[n->num_inputs]);
            if (r < 0) return r;
            n->num_inputs++;
        }
    }
    return GLINT_SUCCESS;
}

/* ---- graph inputs and outputs ---- */

typedef struct io_ref {
    const char* name; /* TF tensor name as written ("Identity:0") */
    int32_t node, port;
} io_ref;

/* Orders "x_2" before "x_10": digit runs compare by value. */
static int natural_compare(const char* a, const char* b) {
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            const char *ea = a, *eb = b;
            while (*a == '0') a++;
            while (*b == '0') b++;
            const char *da = a, *db = b;
            while (*a >= '0' && *a <= '9') a++;
            while (*b >= '0' && *b <= '9') b++;
            if (a - da != b - db) return (a - da) < (b - db) ? -1 : 1;
            int cmp = strncmp(da, db, (size_t)(a - da));
            if (cmp) return cmp;
            if ((da - ea) != (db - eb)) return (da - ea) < (db - eb) ? -1 : 1;
            continue;
        }
        if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static void sort_refs(io_ref* refs, int32_t n) { /* insertion sort: a handful of entries */
    for (int32_t i = 1; i < n; i++) {
        io_ref x = refs[i];
        int32_t j = i - 1;
        while (j >= 0 && natural_compare(refs[j].name, x.name) > 0) {
            refs[j + 1] = refs[j];
            j--;
        }
        refs[j + 1] = x;
    }
}

/* signature.<key> entries ({"name": "x:0", ...}), sorted by tensor name. */
static glint_result signature_refs(tfjs_ctx* c, const char* key, io_ref** out, int32_t* out_count) {
    *out = NULL;
    *out_count = 0;
    const gu_json* sig = gu_json_get(c->root, "signature");
    const gu_json* map = gu_json_get(sig, key);
    if (!map) return GLINT_SUCCESS;
    if (!gu_json_is(map, GU_JSON_OBJECT))
        return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "signature.%s is not an object", key);
    size_t count = gu_json_count(map);
    if (count > GE_MAX_OP_INPUTS)
        return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "signature.%s has %zu entries", key, count);
    io_ref* refs = gu_arena_alloc(&c->scratch, (count ? count : 1) * sizeof(io_ref));
    if (!refs) return tfjs_oom(c);
    for (size_t i = 0; i < count; i++) {
        const gu_json* e = gu_json_at(map, i);
        size_t len = 0;
        const char* name = gu_json_string(gu_json_get(e, "name"), &len);
        if (!name) { /* no "name": the key itself names the tensor */
            name = gu_json_key_at(map, i);
            len = strlen(name);
        }
        glint_result r = resolve_tensor(c, NULL, name, len, &refs[i].node, &refs[i].port);
        if (r < 0) return r;
        refs[i].name = name;
    }
    sort_refs(refs, (int32_t)count);
    *out = refs;
    *out_count = (int32_t)count;
    return GLINT_SUCCESS;
}

/* Without signature.outputs: every output of every node nobody reads (Const, Placeholder and
 * NoOp excepted), in file order. */
static glint_result sink_refs(tfjs_ctx* c, io_ref** out, int32_t* out_count) {
    uint8_t* read = gu_arena_alloc(&c->scratch, (size_t)c->num_nodes);
    if (!read) return tfjs_oom(c);
    for (int32_t i = 0; i < c->num_nodes; i++)
        for (int32_t k = 0; k < c->nodes[i].num_inputs; k++) read[c->nodes[i].input_node[k]] = 1;
    int32_t count = 0;
    for (int32_t i = 0; i < c->num_nodes; i++)
        if (!read[i] && strcmp(c->nodes[i].op, "Const") != 0 && strcmp(c->nodes[i].op, "Placeholder") != 0)
            count += c->nodes[i].num_outputs;
    if (count == 0) return tfjs_fail(c, NULL, GLINT_ERROR_MODEL_FORMAT, "the graph has no outputs");
    if (count > GE_MAX_OP_INPUTS) return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "%d graph outputs", (int)count);
    io_ref* refs = gu_arena_alloc(&c->scratch, (size_t)count * sizeof(io_ref));
    if (!refs) return tfjs_oom(c);
    int32_t k = 0;
    for (int32_t i = 0; i < c->num_nodes; i++) {
        const tfjs_node* n = &c->nodes[i];
        if (read[i] || strcmp(n->op, "Const") == 0 || strcmp(n->op, "Placeholder") == 0) continue;
        for (int32_t p = 0; p < n->num_outputs; p++) refs[k++] = (io_ref){n->outputs[p].name, i, p};
    }
    *out = refs;
    *out_count = count;
    return GLINT_SUCCESS;
}

/* ---- topological order ---- */

/* Depth-first post-order from the roots: every node after its inputs, only nodes the roots
 * need. A node met again while still on the stack closes a cycle. */
static glint_result order_nodes(tfjs_ctx* c, const int32_t* roots, int32_t num_roots, int32_t** out_order,
                                int32_t* out_count) {
    int32_t* order = gu_arena_alloc(&c->scratch, (size_t)c->num_nodes * sizeof(int32_t));
    int32_t* stack = gu_arena_alloc(&c->scratch, (size_t)c->num_nodes * sizeof(int32_t));
    int32_t* next = gu_arena_alloc(&c->scratch, (size_t)c->num_nodes * sizeof(int32_t));
    if (!order || !stack || !next) return tfjs_oom(c);
    int32_t count = 0;
    for (int32_t r = 0; r < num_roots; r++) {
        int32_t root = roots[r];
        if (c->nodes[root].state == 2) continue;
        int32_t depth = 0;
        stack[depth++] = root;
        next[root] = 0;
        c->nodes[root].state = 1;
        while (depth > 0) {
            int32_t cur = stack[depth - 1];
            tfjs_node* n = &c->nodes[cur];
            if (next[cur] < n->num_inputs) {
                int32_t in = n->input_node[next[cur]++];
                tfjs_node* m = &c->nodes[in];
                if (m->state == 1)
                    return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT,
                                     "the graph has a cycle through this node and '%.60s'", m->name);
                if (m->state == 0) {
                    m->state = 1;
                    next[in] = 0;
                    stack[depth++] = in;
                }
            } else {
                n->state = 2;
                order[count++] = cur;
                depth--;
            }
        }
    }
    *out_order = order;
    *out_count = count;
    return GLINT_SUCCESS;
}

/* ---- Placeholder and Const ---- */

static glint_result lower_placeholder(tfjs_ctx* c, tfjs_node* n) {
    ge_dtype dtype;
    glint_result r = tfjs_attr_type(c, n, "dtype", true, GE_DTYPE_UNKNOWN, &dtype);
    if (r < 0) return r;
    if (dtype != GE_DTYPE_F32 && dtype != GE_DTYPE_I32 && dtype != GE_DTYPE_U8 && dtype != GE_DTYPE_BOOL)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input dtype %s", ge_dtype_name(dtype));
    ge_shape shape = {0};
    bool unknown_rank = true;
    const gu_json* sa = gu_json_get(tfjs_attr(n, "shape"), "shape");
    if (sa && (r = tfjs_parse_shape(c, n, sa, &shape, &unknown_rank)) < 0) return r;
    const bool overridden = c->input_override && c->num_graph_inputs > 0 && &c->nodes[c->graph_inputs[0]] == n;
    if (overridden) {
        /* The override must agree with every dimension the graph itself fixes. */
        const ge_shape* o = c->input_override;
        if (o->rank < 0 || o->rank > GE_MAX_RANK)
            return tfjs_fail(c, n, GLINT_ERROR_INVALID_ARGUMENT, "the input shape override has rank %d", (int)o->rank);
        if (!unknown_rank && o->rank != shape.rank)
            return tfjs_fail(c, n, GLINT_ERROR_INVALID_ARGUMENT, "the override has rank %d but the input has rank %d",
                             (int)o->rank, (int)shape.rank);
        for (int32_t d = 0; d < o->rank; d++) {
            if (o->dim[d] < 1 || o->dim[d] > GE_MAX_DIM)
                return tfjs_fail(c, n, GLINT_ERROR_INVALID_ARGUMENT, "override dimension %d is %d", (int)d,
                                 (int)o->dim[d]);
            if (!unknown_rank && shape.dim[d] >= 0 && shape.dim[d] != o->dim[d])
                return tfjs_fail(c, n, GLINT_ERROR_INVALID_ARGUMENT,
                                 "the model fixes dimension %d to %d; the override asks for %d", (int)d,
                                 (int)shape.dim[d], (int)o->dim[d]);
        }
        shape = *o;
        unknown_rank = false;
    }
    /* Dimensions the graph leaves open may be fixed by the signature. */
    const gu_json* sig_map = overridden ? NULL : gu_json_get(gu_json_get(c->root, "signature"), "inputs");
    for (size_t i = 0; i < gu_json_count(sig_map); i++) {
        const gu_json* e = gu_json_at(sig_map, i);
        const char* name = gu_json_string(gu_json_get(e, "name"), NULL);
        size_t nl;
        int32_t port;
        if (!name || !split_tensor_name(name, strlen(name), &nl, &port) || nl != strlen(n->name) ||
            strncmp(name, n->name, nl) != 0 || port != 0)
            continue;
        const gu_json* ts = gu_json_get(e, "tensorShape");
        if (!ts) continue;
        ge_shape ss;
        bool sig_unknown;
        if ((r = tfjs_parse_shape(c, n, ts, &ss, &sig_unknown)) < 0) return r;
        if (sig_unknown) continue;
        if (unknown_rank) {
            shape = ss;
            unknown_rank = false;
        } else if (ss.rank == shape.rank) {
            for (int32_t d = 0; d < shape.rank; d++)
                if (shape.dim[d] < 0) shape.dim[d] = ss.dim[d];
        }
    }
    char buf[96];
    ge_shape_format(&shape, buf, sizeof(buf));
    if (unknown_rank)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "input of unknown rank: pass an input shape override");
    for (int32_t d = 0; d < shape.rank; d++)
        if (shape.dim[d] < 0)
            return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED,
                             "input has the free shape %s: pass an input shape override", buf);
    if ((r = tfjs_check_shape(c, n, &shape, "input")) < 0) return r;
    int32_t t;
    return tfjs_define_output(c, n, 0, dtype, &shape, &t);
}

static glint_result lower_const(tfjs_ctx* c, tfjs_node* n) {
    tfjs_weight* w;
    glint_result r = tfjs_weight_for_const(c, n, &w);
    if (r < 0) return r;
    tfjs_value* v = &n->outputs[0];
    v->dtype = w->dtype;
    v->shape = w->shape;
    v->tensor = -1;
    v->is_const = true;
    v->weight = w;
    v->host = w->encoding == TFJS_ENC_HOST ? w->host : NULL;
    return GLINT_SUCCESS;
}

static glint_result lower_node(tfjs_ctx* c, tfjs_node* n) {
    if (strcmp(n->op, "Placeholder") == 0) return lower_placeholder(c, n);
    if (strcmp(n->op, "Const") == 0) return lower_const(c, n);
    if (strcmp(n->op, "NoOp") == 0) return GLINT_SUCCESS;
    const tfjs_op_entry* e = tfjs_find_op(n->op);
    if (!e) return tfjs_fail(c, n, GLINT_ERROR_MODEL_UNSUPPORTED, "glint does not support the TF op '%.40s'", n->op);
    if (n->num_inputs < e->min_inputs || n->num_inputs > e->max_inputs)
        return tfjs_fail(c, n, GLINT_ERROR_MODEL_FORMAT, "has %d inputs (expected %d..%d)", (int)n->num_inputs,
                         (int)e->min_inputs, (int)e->max_inputs);
    tfjs_value* in[TFJS_MAX_NODE_INPUTS];
    for (int32_t i = 0; i < n->num_inputs; i++) {
        in[i] = &c->nodes[n->input_node[i]].outputs[n->input_port[i]];
        if (!in[i]->is_const && in[i]->tensor < 0)
            return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "input '%s' was not lowered", in[i]->name);
    }
    glint_result r = e->lower(c, n, in);
    if (r < 0) return r;
    for (int32_t k = 0; k < n->num_outputs; k++)
        if (!n->outputs[k].is_const && n->outputs[k].tensor < 0)
            return tfjs_fail(c, n, GLINT_ERROR_INTERNAL, "output %d was not defined", (int)k);
    return GLINT_SUCCESS;
}

/* ---- graph outputs ---- */

/* Graph output tensors named after the TF tensors: an aliased tensor (Identity) is renamed,
 * or copied when it is an input, a constant or already another output. */
static glint_result name_output(tfjs_ctx* c, const io_ref* ref, const int32_t* done, int32_t num_done, int32_t* out) {
    tfjs_node* n = &c->nodes[ref->node];
    tfjs_value* v = &n->outputs[ref->port];
    int32_t t;
    glint_result r = tfjs_tensor(c, n, v, &t);
    if (r < 0) return r;
    ge_tensor* ts = &c->g->tensors[t];
    if (strcmp(ts->name, v->name) != 0) {
        bool shared = ts->data != NULL;
        for (int32_t i = 0; i < c->num_graph_inputs; i++) shared |= c->nodes[c->graph_inputs[i]].outputs[0].tensor == t;
        for (int32_t i = 0; i < num_done; i++) shared |= done[i] == t;
        if (shared) {
            int32_t copy = ge_graph_add_tensor(c->g, v->name, ts->dtype, &ts->shape, c->err);
            if (copy < 0) return copy;
            if ((r = tfjs_emit(c, n, GE_OP_RESHAPE, &t, 1, &copy, 1, NULL)) < 0) return r;
            t = copy;
        } else {
            const char* name = gu_arena_strdup(&c->g->arena, v->name);
            if (!name) return tfjs_oom(c);
            c->g->tensors[t].name = name;
        }
    }
    *out = t;
    return GLINT_SUCCESS;
}

/* ---- driver ---- */

static glint_result import_graph(tfjs_ctx* c, const void* const* shards, const size_t* shard_sizes, int num_shards) {
    glint_result r = tfjs_weights_parse(c, gu_json_get(c->root, "weightsManifest"), shards, shard_sizes, num_shards);
    if (r < 0) return r;
    if ((r = build_nodes(c)) < 0) return r;

    io_ref *sig_in, *outs;
    int32_t num_sig_in, num_out;
    if ((r = signature_refs(c, "inputs", &sig_in, &num_sig_in)) < 0) return r;
    if ((r = signature_refs(c, "outputs", &outs, &num_out)) < 0) return r;
    if (num_out == 0 && (r = sink_refs(c, &outs, &num_out)) < 0) return r;

    /* Roots: signature inputs first (so they are inputs even if unused), then the outputs. */
    int32_t* roots = gu_arena_alloc(&c->scratch, (size_t)(num_sig_in + num_out) * sizeof(int32_t));
    if (!roots) return tfjs_oom(c);
    int32_t num_roots = 0;
    for (int32_t i = 0; i < num_sig_in; i++) {
        if (strcmp(c->nodes[sig_in[i].node].op, "Placeholder") != 0)
            return tfjs_fail(c, &c->nodes[sig_in[i].node], GLINT_ERROR_MODEL_FORMAT,
                             "signature input is not a Placeholder");
        roots[num_roots++] = sig_in[i].node;
    }
    for (int32_t i = 0; i < num_out; i++) roots[num_roots++] = outs[i].node;
    int32_t *order = NULL, num_order = 0;
    if ((r = order_nodes(c, roots, num_roots, &order, &num_order)) < 0) return r;

    /* Graph inputs: the signature's Placeholders in its order, then any other needed one. */
    c->graph_inputs = gu_arena_alloc(&c->scratch, (size_t)(num_order ? num_order : 1) * sizeof(int32_t));
    if (!c->graph_inputs) return tfjs_oom(c);
    for (int32_t i = 0; i < num_sig_in; i++) {
        bool dup = false;
        for (int32_t k = 0; k < c->num_graph_inputs; k++) dup |= c->graph_inputs[k] == sig_in[i].node;
        if (!dup) c->graph_inputs[c->num_graph_inputs++] = sig_in[i].node;
    }
    for (int32_t i = 0; i < c->num_nodes; i++) {
        if (c->nodes[i].state != 2 || strcmp(c->nodes[i].op, "Placeholder") != 0) continue;
        bool dup = false;
        for (int32_t k = 0; k < c->num_graph_inputs; k++) dup |= c->graph_inputs[k] == i;
        if (!dup) c->graph_inputs[c->num_graph_inputs++] = i;
    }
    if (c->num_graph_inputs > GE_MAX_OP_INPUTS)
        return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "%d graph inputs", (int)c->num_graph_inputs);
    if (c->input_override && c->num_graph_inputs == 0)
        return tfjs_fail(c, NULL, GLINT_ERROR_INVALID_ARGUMENT,
                         "an input shape override was given but the graph has no input");

    for (int32_t i = 0; i < num_order; i++) {
        tfjs_node* n = &c->nodes[order[i]];
        if ((r = lower_node(c, n)) < 0) return r;
        n->lowered = true;
    }

    /* Graph outputs share the op-input limit (ge_graph_set_io refuses more); check before the
     * fixed-size array below is filled. */
    if (num_out > GE_MAX_OP_INPUTS)
        return tfjs_fail(c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "%d graph outputs", (int)num_out);
    int32_t in_t[GE_MAX_OP_INPUTS], out_t[GE_MAX_OP_INPUTS];
    for (int32_t i = 0; i < c->num_graph_inputs; i++) in_t[i] = c->nodes[c->graph_inputs[i]].outputs[0].tensor;
    for (int32_t i = 0; i < num_out; i++)
        if ((r = name_output(c, &outs[i], out_t, i, &out_t[i])) < 0) return r;

    /* Stored constants that only fed shape arithmetic still belong to the model: keep them as
     * (unread) constants so parameter counts describe the file; compaction drops them. */
    for (int32_t i = 0; i < num_order; i++) {
        tfjs_node* n = &c->nodes[order[i]];
        if (strcmp(n->op, "Const") != 0 || n->outputs[0].weight->materialized) continue;
        int32_t t;
        if ((r = tfjs_tensor(c, n, &n->outputs[0], &t)) < 0) return r;
    }

    if ((r = ge_graph_set_io(c->g, in_t, c->num_graph_inputs, out_t, num_out, c->err)) < 0) return r;
    if ((r = ge_graph_analyze(c->g, c->err)) < 0) return r;
    return ge_graph_infer_shapes(c->g, c->err);
}

glint_result ge_import_tfjs_memory(ge_graph* g, const char* json, size_t json_len, const void* const* shards,
                                   const size_t* shard_sizes, int num_shards, const ge_shape* input_shape_override,
                                   glint_error* err) {
    tfjs_ctx c;
    glint_result r = ctx_init(&c, g, "model.json", input_shape_override, err);
    if (r < 0) return r;
    if (!json || num_shards < 0 || (num_shards > 0 && (!shards || !shard_sizes)))
        r = gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tfjs: NULL json or shard list");
    if (r >= 0) r = parse_json(&c, json, json_len);
    if (r >= 0) r = import_graph(&c, shards, shard_sizes, num_shards);
    ctx_free(&c);
    return r;
}

/* A shard path must name a file in model.json's folder: one plain path component. */
static bool safe_shard_name(const char* s, size_t len) {
    if (len == 0 || len > 255 || strlen(s) != len) return false;
    if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '/' || s[i] == '\\' || s[i] == ':' || (unsigned char)s[i] < 0x20) return false;
    return true;
}

glint_result ge_import_tfjs(ge_graph* g, const char* model_json_path, const ge_shape* input_shape_override,
                            glint_error* err) {
    if (!model_json_path) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "tfjs: model path is NULL");
    const char* base = model_json_path;
    for (const char* p = model_json_path; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    tfjs_ctx c;
    glint_result r = ctx_init(&c, g, base, input_shape_override, err);
    if (r < 0) return r;

    void* json = NULL;
    size_t json_size = 0;
    void** shards = NULL;
    size_t* sizes = NULL;
    int num_shards = 0;
    char* path = NULL;
    r = gu_file_read(model_json_path, c.alloc, TFJS_MAX_JSON_BYTES, &json, &json_size, err);
    if (r >= 0) r = parse_json(&c, json, json_size);

    /* Read every shard named by the manifest, in manifest order. */
    const gu_json* manifest = r >= 0 ? gu_json_get(c.root, "weightsManifest") : NULL;
    size_t total_paths = 0;
    for (size_t gi = 0; gi < gu_json_count(manifest); gi++)
        total_paths += gu_json_count(gu_json_get(gu_json_at(manifest, gi), "paths"));
    if (r >= 0 && total_paths > TFJS_MAX_SHARDS)
        r = tfjs_fail(&c, NULL, GLINT_ERROR_LIMIT_EXCEEDED, "weightsManifest names %zu shards", total_paths);
    if (r >= 0 && total_paths) {
        shards = gu_calloc(c.alloc, total_paths, sizeof(void*));
        sizes = gu_calloc(c.alloc, total_paths, sizeof(size_t));
        size_t dir_len = (size_t)(base - model_json_path);
        path = gu_malloc(c.alloc, dir_len + 257);
        if (!shards || !sizes || !path) r = tfjs_oom(&c);
        size_t total = 0;
        for (size_t gi = 0; r >= 0 && gi < gu_json_count(manifest); gi++) {
            const gu_json* paths = gu_json_get(gu_json_at(manifest, gi), "paths");
            for (size_t k = 0; r >= 0 && k < gu_json_count(paths); k++) {
                size_t len = 0;
                const char* name = gu_json_string(gu_json_at(paths, k), &len);
                if (!name || !safe_shard_name(name, len)) {
                    r = tfjs_fail(&c, NULL, GLINT_ERROR_MODEL_FORMAT,
                                  "weight shard path '%.80s' must be a plain file name next to model.json",
                                  name ? name : "(not a string)");
                    break;
                }
                memcpy(path, model_json_path, dir_len);
                memcpy(path + dir_len, name, len + 1);
                r = gu_file_read(path, c.alloc, TFJS_MAX_WEIGHT_BYTES - total, &shards[num_shards], &sizes[num_shards],
                                 err);
                if (r >= 0) total += sizes[num_shards++];
            }
        }
    }
    if (r >= 0) r = import_graph(&c, (const void* const*)shards, sizes, num_shards);

    for (int i = 0; i < num_shards; i++) gu_free_aligned(c.alloc, shards[i]);
    gu_free(c.alloc, shards);
    gu_free(c.alloc, sizes);
    gu_free(c.alloc, path);
    gu_free_aligned(c.alloc, json);
    ctx_free(&c);
    return r;
}

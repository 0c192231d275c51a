/*
 * TF.js importer against bad and hostile input: truncated model.json at many lengths,
 * truncated / oversized / missing shards, random bit flips, and hand-made hostile graphs
 * (huge shapes, byte-count mismatches, unknown ops, cycles, dangling inputs, path traversal
 * in shard paths, huge Fill / Range / Tile, ...). Every case must fail with a negative result
 * and a message, never crash; run it under ASan/UBSan too. Uses the real movenet-lightning
 * files when they are in the cache, a small synthetic model otherwise (and always).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_import_tfjs_util.h"
#include "util/gu_file.h"

/* A small valid model with a shard: conv (fp16 filter) + bias (f32) + decode-like ops. */
static const char* mini_json;
static uint8_t mini_shard[3 * 3 * 3 * 4 * 2 + 4 * 4];

static void build_mini(void) {
    tj_reset();
    for (size_t i = 0; i < sizeof(mini_shard); i++) mini_shard[i] = (uint8_t)(i * 37 % 61);
    const char* manifest =
        "[{'paths':['mini.bin'],'weights':[{'name':'f','shape':[3,3,3,4],'dtype':'float32','quantization':{'dtype':"
        "'float16','original_dtype':'float32'}},{'name':'b','shape':[4],'dtype':'float32'}]}]";
    const char* nodes[] = {
        tj_placeholder("x", "DT_INT32", "1,8,8,3"),
        tj_node("xf", "Cast", "'x'", "'DstT':{'type':'DT_FLOAT'}"),
        tj_const_manifest("f", "DT_FLOAT", "3,3,3,4"),
        tj_const_manifest("b", "DT_FLOAT", "4"),
        tj_node("conv", "_FusedConv2D", "'xf','f','b'",
                "'strides':{'list':{'i':['1','2','2','1']}},'padding':{'s':'U0FNRQ=='},'fused_ops':{'list':{'s':["
                "'Qmlhc0FkZA==','UmVsdQ==']}},'num_args':{'i':'1'}"),
        tj_const_i32("shape", "2", "1,-1"),
        tj_node("flat", "Reshape", "'conv','shape'", ""),
        tj_const_i32("ax", "", "1"),
        tj_node("am", "ArgMax", "'flat','ax'", "'output_type':{'type':'DT_INT32'}"),
        tj_node("Identity", "Identity", "'am'", ""),
        NULL,
    };
    const char* sig = "{'outputs':{'Identity:0':{'name':'Identity:0'}}}";
    mini_json = tj_model(tj_fmt("%s", manifest), tj_fmt("%s", sig), nodes);
}

static glint_result import_mem(const char* json, size_t len, const void* shard, size_t shard_size, glint_error* err) {
    ge_graph g;
    ge_graph_init(&g, &tj_alloc);
    const void* shards[1] = {shard};
    size_t sizes[1] = {shard_size};
    memset(err, 0, sizeof(*err));
    glint_result r = ge_import_tfjs_memory(&g, json, len, shards, sizes, 1, NULL, err);
    ge_graph_free(&g);
    return r;
}

/* Expects failure with code (or any error when code is 0) and a message containing needle. */
static void expect_error(const char* what, glint_result r, const glint_error* err, glint_result code,
                         const char* needle) {
    if (code)
        CHECK_MSG(r == code, "%s: result %d (%s), expected %d", what, (int)r, err->message, (int)code);
    else
        CHECK_MSG(r < 0, "%s: result %d, expected an error", what, (int)r);
    CHECK_MSG(err->message[0] != 0, "%s: empty message", what);
    if (needle)
        CHECK_MSG(strstr(err->message, needle) != NULL, "%s: message '%s' lacks '%s'", what, err->message, needle);
}

/* ---- truncation, shards, bit flips on a given model ---- */

static void test_damage(const char* label, const char* json, size_t json_len, const uint8_t* shard, size_t shard_size,
                        size_t step, int flip_trials) {
    glint_error err;
    CHECK_MSG(import_mem(json, json_len, shard, shard_size, &err) == GLINT_SUCCESS, "%s: %s", label, err.message);

    /* Every tested prefix of model.json fails cleanly (strict JSON: no prefix is a document). */
    int tried = 0;
    for (size_t len = 0; len < json_len; len += (len + step < json_len - 64 ? step : 1)) {
        glint_result r = import_mem(json, len, shard, shard_size, &err);
        CHECK_MSG(r == GLINT_ERROR_MODEL_FORMAT && err.message[0], "%s: prefix %zu gave %d (%s)", label, len, (int)r,
                  err.message);
        tried++;
    }
    printf("%s: %d truncated model.json lengths rejected\n", label, tried);

    /* Shards: one byte short, one byte long, empty. */
    uint8_t* longer = gu_malloc(&tj_alloc, shard_size + 1);
    memcpy(longer, shard, shard_size);
    longer[shard_size] = 0;
    expect_error("short shard", import_mem(json, json_len, shard, shard_size - 1, &err), &err, GLINT_ERROR_MODEL_FORMAT,
                 "shards hold");
    expect_error("long shard", import_mem(json, json_len, longer, shard_size + 1, &err), &err, GLINT_ERROR_MODEL_FORMAT,
                 "shards hold");
    expect_error("empty shard", import_mem(json, json_len, shard, 0, &err), &err, GLINT_ERROR_MODEL_FORMAT, NULL);
    gu_free(&tj_alloc, longer);
    ge_graph g;
    ge_graph_init(&g, &tj_alloc);
    expect_error("no shard", ge_import_tfjs_memory(&g, json, json_len, NULL, NULL, 0, NULL, &err), &err,
                 GLINT_ERROR_INVALID_ARGUMENT, "shard");
    ge_graph_free(&g);

    /* Random bit flips in model.json: any outcome but a crash; failures explain themselves. */
    char* copy = gu_malloc(&tj_alloc, json_len);
    test_rng rng = {0x5eed};
    int ok = 0, failed = 0;
    for (int trial = 0; trial < flip_trials; trial++) {
        memcpy(copy, json, json_len);
        int flips = test_rng_int(&rng, 1, 4);
        for (int f = 0; f < flips; f++) copy[test_rng_next(&rng) % json_len] ^= (char)(1u << test_rng_int(&rng, 0, 7));
        glint_result r = import_mem(copy, json_len, shard, shard_size, &err);
        if (r == GLINT_SUCCESS)
            ok++;
        else
            failed++;
        CHECK_MSG(r == GLINT_SUCCESS || (r < 0 && err.message[0]), "%s: flip trial %d: %d without a message", label,
                  trial, (int)r);
    }
    printf("%s: %d bit-flipped model.json: %d imported, %d rejected\n", label, flip_trials, ok, failed);
    gu_free(&tj_alloc, copy);

    /* Bit flips in the weights change values only: import still succeeds. */
    uint8_t* sh = gu_malloc(&tj_alloc, shard_size);
    for (int trial = 0; trial < 20; trial++) {
        memcpy(sh, shard, shard_size);
        for (int f = 0; f < 64; f++) sh[test_rng_next(&rng) % shard_size] ^= (uint8_t)(1u << test_rng_int(&rng, 0, 7));
        glint_result r = import_mem(json, json_len, sh, shard_size, &err);
        CHECK_MSG(r == GLINT_SUCCESS || (r < 0 && err.message[0]), "%s: shard flip %d: %d", label, trial, (int)r);
    }
    gu_free(&tj_alloc, sh);
}

static void test_real_model(void) {
    char jp[1024], bp[1024];
    snprintf(jp, sizeof(jp), "%s/models/tfjs/movenet-lightning.json", test_cache_dir());
    snprintf(bp, sizeof(bp), "%s/models/tfjs/movenet-lightning.bin", test_cache_dir());
    void *json = NULL, *bin = NULL;
    size_t jn = 0, bn = 0;
    glint_error err;
    if (gu_file_read(jp, &tj_alloc, (size_t)64 << 20, &json, &jn, &err) < 0 ||
        gu_file_read(bp, &tj_alloc, (size_t)64 << 20, &bin, &bn, &err) < 0) {
        if (getenv("GLINT_REQUIRE_MODELS"))
            CHECK_MSG(false, "movenet-lightning missing: %s", err.message);
        else
            printf("skip real-model damage tests: %s\n", err.message);
        gu_free_aligned(&tj_alloc, json);
        gu_free_aligned(&tj_alloc, bin);
        return;
    }
    test_damage("movenet-lightning", json, jn, bin, bn, 997, 150);
    gu_free_aligned(&tj_alloc, json);
    gu_free_aligned(&tj_alloc, bin);
}

/* ---- hand-made hostile graphs ---- */

typedef struct hostile {
    const char* what;
    const char* json; /* single quotes allowed */
    glint_result code;
    const char* needle;
} hostile;

static const char* M(const char* nodes_body, const char* manifest) {
    return tj_fmt("{'format':'graph-model','modelTopology':{'node':[%s]}%s%s}", nodes_body,
                  manifest ? ",'weightsManifest':" : "", manifest ? manifest : "");
}

#define PH \
    "{'name':'x','op':'Placeholder','attr':{'dtype':{'type':'DT_FLOAT'},'shape':{'shape':{'dim':[{'size':'1'},{'size':'4'},{'size':'4'},{'size':'2'}]}}}}"
#define CI(name, dims, vals)                                                                                               \
    "{'name':'" name                                                                                                       \
    "','op':'Const','attr':{'dtype':{'type':'DT_INT32'},'value':{'tensor':{'dtype':'DT_INT32','tensorShape':{'dim':[" dims \
    "]},'intVal':[" vals "]}}}}"
#define CF(name, dims, vals)                                                                                               \
    "{'name':'" name                                                                                                       \
    "','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'},'value':{'tensor':{'dtype':'DT_FLOAT','tensorShape':{'dim':[" dims \
    "]},'floatVal':[" vals "]}}}}"
#define D(n) "{'size':'" #n "'}"

static void test_hostile(void) {
    tj_reset();
    const hostile cases[] = {
        {"empty node list", M("", NULL), GLINT_ERROR_MODEL_FORMAT, "no nodes"},
        {"layers model", tj_fmt("{'format':'layers-model','modelTopology':{}}"), GLINT_ERROR_MODEL_UNSUPPORTED,
         "layers-model"},
        {"no topology", tj_fmt("{'format':'graph-model'}"), GLINT_ERROR_MODEL_FORMAT, "modelTopology"},
        {"top-level array", tj_fmt("[1,2]"), GLINT_ERROR_MODEL_FORMAT, "not an object"},
        {"node without name", M("{'op':'Relu','input':['x']}", NULL), GLINT_ERROR_MODEL_FORMAT, "name"},
        {"name with colon", M(PH ",{'name':'a:1','op':'Relu','input':['x']}", NULL), GLINT_ERROR_MODEL_FORMAT, "name"},
        {"duplicate node", M(PH ",{'name':'a','op':'Relu','input':['x']},{'name':'a','op':'Relu','input':['x']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "second node"},
        {"unknown op", M(PH ",{'name':'y','op':'FancyOp','input':['x']}", NULL), GLINT_ERROR_MODEL_UNSUPPORTED,
         "'FancyOp'"},
        {"missing input", M(PH ",{'name':'y','op':'Relu','input':['ghost']}", NULL), GLINT_ERROR_MODEL_FORMAT,
         "'ghost' is not a node"},
        {"missing control input", M(PH ",{'name':'y','op':'Relu','input':['x','^ghost']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "control input"},
        {"bad port", M(PH ",{'name':'y','op':'Relu','input':['x:3']}", NULL), GLINT_ERROR_MODEL_FORMAT, "output 3"},
        {"cycle",
         M(PH ",{'name':'a','op':'AddV2','input':['x','b']},{'name':'b','op':'Relu','input':['a']},"
              "{'name':'out','op':'Relu','input':['b']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "cycle"},
        {"self loop",
         M(PH ",{'name':'a','op':'AddV2','input':['x','a']},{'name':'out','op':'Relu','input':['a']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "cycle"},
        {"wrong input count", M(PH ",{'name':'a','op':'Relu','input':['x','x']}", NULL), GLINT_ERROR_MODEL_FORMAT,
         "inputs"},
        {"no outputs", M(CI("c", D(1), "1"), NULL), GLINT_ERROR_MODEL_FORMAT, "no outputs"},
        {"huge placeholder",
         M("{'name':'x','op':'Placeholder','attr':{'dtype':{'type':'DT_FLOAT'},'shape':{'shape':{"
           "'dim':[" D(1) "," D(100000) "," D(100000) "," D(3) "]}}}},{'name':'y','op':'Relu','input':['x']}",
           NULL),
         GLINT_ERROR_LIMIT_EXCEEDED, NULL},
        {"rank 7 placeholder",
         M("{'name':'x','op':'Placeholder','attr':{'dtype':{'type':'DT_FLOAT'},'shape':{'shape':{"
           "'dim':[" D(1) "," D(1) "," D(1) "," D(1) "," D(1) "," D(1) "," D(
               1) "]}}}},"
                  "{'name':'y','op':'Relu','input':['x']}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "rank"},
        {"string input",
         M("{'name':'x','op':'Placeholder','attr':{'dtype':{'type':'DT_STRING'}}},"
           "{'name':'y','op':'Relu','input':['x']}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "DT_STRING"},
        {"huge manifest shape",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'}}},"
              "{'name':'y','op':'AddV2','input':['x','w']}",
           "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[100000,100000,100000],'dtype':'float32'}]}]"),
         GLINT_ERROR_LIMIT_EXCEEDED, "too many elements"},
        {"negative manifest dim",
         M(PH, "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[-4],'dtype':'float32'}]}]"),
         GLINT_ERROR_MODEL_FORMAT, "bad dimension"},
        {"byte count mismatch",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'}}},"
              "{'name':'y','op':'AddV2','input':['x','w']}",
           "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[2],'dtype':'float32'}]}]"),
         GLINT_ERROR_MODEL_FORMAT, "shards hold"},
        {"duplicate weight",
         M(PH,
           "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[1],'dtype':'float32'},{'name':"
           "'w','shape':[1],'dtype':'float32'}]}]"),
         GLINT_ERROR_MODEL_FORMAT, NULL}, /* 8 bytes for 12-byte shard: either complaint is right */
        {"string weight", M(PH, "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[1],'dtype':'string'}]}]"),
         GLINT_ERROR_MODEL_UNSUPPORTED, "string"},
        {"bad quantization",
         M(PH,
           "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[3],'dtype':'float32',"
           "'quantization':{'dtype':'int4'}}]}]"),
         GLINT_ERROR_MODEL_UNSUPPORTED, "int4"},
        {"manifest not array", M(PH ",{'name':'y','op':'Relu','input':['x']}", "{}"), GLINT_ERROR_MODEL_FORMAT,
         "not an array"},
        {"const dtype mismatch",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_INT32'}}},"
              "{'name':'y','op':'AddV2','input':['x','w']}",
           "[{'paths':['a.bin'],'weights':[{'name':'w','shape':[3],'dtype':'float32'}]}]"),
         GLINT_ERROR_MODEL_FORMAT, "differs"},
        {"const without value",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'}}},"
              "{'name':'y','op':'AddV2','input':['x','w']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "no value"},
        {"too many inline values",
         M(PH "," CF("w", D(2), "1,2,3") ",{'name':'y','op':'AddV2','input':['x','w']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "3 values"},
        {"bad tensorContent",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'},'value':{'tensor':{"
              "'dtype':'DT_FLOAT','tensorShape':{'dim':[" D(2) "]},'tensorContent':'@@@@'}}}},"
                                                               "{'name':'y','op':'AddV2','input':['x','w']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "base64"},
        {"tensorContent size",
         M(PH ",{'name':'w','op':'Const','attr':{'dtype':{'type':'DT_FLOAT'},'value':{'tensor':{"
              "'dtype':'DT_FLOAT','tensorShape':{'dim':[" D(2) "]},'tensorContent':'AAAAAA=='}}}},"
                                                               "{'name':'y','op':'AddV2','input':['x','w']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "tensorContent"},
        {"huge fill",
         M(PH "," CI("d", D(2), "100000,100000") "," CF("v", "", "1") ",{'name':'f','op':'Fill','input':['d','v']},"
                                                                      "{'name':'y','op':'AddV2','input':['x','f']}",
           NULL),
         GLINT_ERROR_LIMIT_EXCEEDED, "too large"},
        {"huge range",
         M(PH "," CF("a", "", "0") "," CF("b", "", "1e30") "," CF(
               "c", "",
               "1") ",{'name':'r','op':'Range','input':['a','b','c']},{'name':'y','op':'AddV2','input':['x','r']}",
           NULL),
         GLINT_ERROR_LIMIT_EXCEEDED, "range"},
        {"zero delta range",
         M(PH "," CF("a", "", "0") "," CF("b", "", "4") "," CF(
               "c", "",
               "0") ",{'name':'r','op':'Range','input':['a','b','c']},{'name':'y','op':'AddV2','input':['x','r']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "range"},
        {"huge tile",
         M(PH "," CI("m", D(4), "1,1000000,1000000,1") ",{'name':'y','op':'Tile','input':['x','m']}", NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "multiple"},
        {"reshape mismatch", M(PH "," CI("s", D(2), "3,5") ",{'name':'y','op':'Reshape','input':['x','s']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "cannot reshape"},
        {"reshape two -1", M(PH "," CI("s", D(2), "-1,-1") ",{'name':'y','op':'Reshape','input':['x','s']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, NULL},
        {"dynamic reshape shape",
         M(PH ",{'name':'xi','op':'Cast','input':['x'],'attr':{'DstT':{'type':'DT_INT32'}}},"
              "{'name':'s','op':'Reshape','input':['x','xi']}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "not a constant"},
        {"dynamic filter",
         M(PH ",{'name':'y','op':'Conv2D','input':['x','x'],'attr':{'strides':{'list':{'i':['1','1',"
              "'1','1']}},'padding':{'s':'U0FNRQ=='}}}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "filter"},
        {"conv channel mismatch",
         M(PH "," CF("f", D(1) "," D(1) "," D(3) "," D(1),
                     "1,2,3") ",{'name':'y','op':'Conv2D','input':['x','f'],'attr':{'strides':{'list':{'i':['1',"
                              "'1','1','1']}},'padding':{'s':'U0FNRQ=='}}}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "channels"},
        {"kernel larger than input",
         M(PH "," CF("f", D(9) "," D(9) "," D(2) "," D(1),
                     "1") ",{'name':'y','op':'Conv2D','input':['x','f'],'attr':{'strides':{'list':{'i':"
                          "['1','1','1','1']}},'padding':{'s':'VkFMSUQ='}}}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "does not fit"},
        {"zero stride",
         M(PH "," CF("f", D(1) "," D(1) "," D(2) "," D(1),
                     "1") ",{'name':'y','op':'Conv2D','input':['x','f'],'attr':{'strides':{'list':{'i':['1','0','1',"
                          "'1']}},'padding':{'s':'U0FNRQ=='}}}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "strides"},
        {"NCHW",
         M(PH "," CF(
               "f", D(1) "," D(1) "," D(2) "," D(1),
               "1") ",{'name':'y','op':'Conv2D','input':['x','f'],'attr':{'strides':{'list':{'i':['1','1','1','1']}},"
                    "'padding':{'s':'U0FNRQ=='},'data_format':{'s':'TkNIVw=='}}}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "NCHW"},
        {"unknown fused op",
         M(PH "," CF(
               "f", D(1) "," D(1) "," D(2) "," D(1),
               "1") ",{'name':'y','op':'_FusedConv2D','input':['x','f'],'attr':{'strides':{'list':{'i':['1',"
                    "'1','1','1']}},'padding':{'s':'U0FNRQ=='},'fused_ops':{'list':{'s':['RnVzZWRCYXRjaE5vcm0=']}}}}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "FusedBatchNorm"},
        {"bad base64 attr",
         M(PH "," CF("f", D(1) "," D(1) "," D(2) "," D(1),
                     "1") ",{'name':'y','op':'Conv2D','input':['x','f'],'attr':{'strides':{'list':{'i':['1','1',"
                          "'1','1']}},'padding':{'s':'!!'}}}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "base64"},
        {"stride 0 slice",
         M(PH "," CI("b", D(1), "0") "," CI("e", D(1), "1") "," CI(
               "s", D(1), "0") ",{'name':'y','op':'StridedSlice','input':['x','b','e','s']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "stride is 0"},
        {"slice out of range",
         M(PH "," CI("b", D(1), "7") "," CI("e", D(1), "8") "," CI(
               "s", D(1), "1") ",{'name':'y','op':'StridedSlice','input':['x','b','e','s'],'attr':{'shrink_axis_mask':"
                               "{'i':'1'}}}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "out of bounds"},
        {"empty slice",
         M(PH "," CI("b", D(1), "1") "," CI("e", D(1), "1") "," CI(
               "s", D(1), "1") ",{'name':'y','op':'StridedSlice','input':['x','b','e','s']}",
           NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "empty"},
        {"concat mismatch",
         M(PH "," CF("c", D(1) "," D(3) "," D(4) "," D(2), "0") "," CI(
               "a", "", "3") ",{'name':'y','op':'ConcatV2','input':['x','c','a']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "differs"},
        {"unpack too many", M(PH ",{'name':'y','op':'Unpack','input':['x'],'attr':{'num':{'i':'1000'}}}", NULL),
         GLINT_ERROR_MODEL_UNSUPPORTED, "num"},
        {"unpack wrong num",
         M(PH ",{'name':'y','op':'Unpack','input':['x'],'attr':{'num':{'i':'3'},'axis':{'i':'1'}}}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "unpacks"},
        {"const division by zero",
         M(PH "," CI("a", "", "4") "," CI(
               "z", "", "0") ",{'name':'q','op':'FloorDiv','input':['a','z']},{'name':'s','op':'Reshape','input':"
                             "['x','q']}",
           NULL),
         GLINT_ERROR_MODEL_FORMAT, "division by zero"},
        {"bad axis", M(PH "," CI("a", "", "9") ",{'name':'y','op':'ExpandDims','input':['x','a']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "axis"},
        {"squeeze non-1",
         M(PH ",{'name':'y','op':'Squeeze','input':['x'],'attr':{'squeeze_dims':{'list':{'i':['1']}}}}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "squeeze"},
        {"dtype mix", M(PH "," CI("c", "", "1") ",{'name':'y','op':'AddV2','input':['x','c']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "dtypes differ"},
        {"no broadcast", M(PH "," CF("c", D(3), "1,2,3") ",{'name':'y','op':'AddV2','input':['x','c']}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "broadcast"},
        {"bad signature output",
         tj_fmt("{'modelTopology':{'node':[%s,{'name':'y','op':'Relu','input':['x']}]},"
                "'signature':{'outputs':{'o':{'name':'nothing:0'}}}}",
                tj_fmt(PH)),
         GLINT_ERROR_MODEL_FORMAT, "nothing"},
        {"signature input not a placeholder",
         tj_fmt("{'modelTopology':{'node':[%s,{'name':'y','op':'Relu','input':['x']}]},"
                "'signature':{'inputs':{'i':{'name':'y:0'}}}}",
                tj_fmt(PH)),
         GLINT_ERROR_MODEL_FORMAT, "Placeholder"},
        {"attr not object", M("{'name':'x','op':'Placeholder','attr':[1]}", NULL), GLINT_ERROR_MODEL_FORMAT, "attr"},
        {"int attr garbage", M(PH ",{'name':'y','op':'Unpack','input':['x'],'attr':{'num':{'i':'1e3'}}}", NULL),
         GLINT_ERROR_MODEL_FORMAT, "integer"},
    };
    const uint8_t shard[12] = {0};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char* j = cases[i].json;
        char* text = (char*)j;
        for (char* p = text; *p; p++)
            if (*p == '\'') *p = '"';
        bool has_manifest = strstr(j, "weightsManifest") != NULL;
        ge_graph g;
        ge_graph_init(&g, &tj_alloc);
        glint_error err = {0};
        const void* shards[1] = {shard};
        size_t sizes[1] = {sizeof(shard)};
        glint_result r = ge_import_tfjs_memory(&g, j, strlen(j), shards, sizes, has_manifest ? 1 : 0, NULL, &err);
        ge_graph_free(&g);
        expect_error(cases[i].what, r, &err, cases[i].code, cases[i].needle);
    }
    printf("%zu hostile graphs rejected\n", sizeof(cases) / sizeof(cases[0]));

    /* A 1000-deep JSON nesting is refused by the parser's depth limit. */
    static char deep[5000];
    size_t k = 0;
    k += (size_t)snprintf(deep, sizeof(deep), "{\"modelTopology\":");
    for (int i = 0; i < 1000; i++) deep[k++] = '[';
    for (int i = 0; i < 1000; i++) deep[k++] = ']';
    deep[k++] = '}';
    glint_error err;
    expect_error("deep nesting", import_mem(deep, k, NULL, 0, &err), &err, GLINT_ERROR_LIMIT_EXCEEDED, "too deep");

    /* Argument checks. */
    ge_graph g;
    ge_graph_init(&g, &tj_alloc);
    expect_error("NULL json", ge_import_tfjs_memory(&g, NULL, 0, NULL, NULL, 0, NULL, &err), &err,
                 GLINT_ERROR_INVALID_ARGUMENT, NULL);
    expect_error("negative shard count", ge_import_tfjs_memory(&g, "{}", 2, NULL, NULL, -1, NULL, &err), &err,
                 GLINT_ERROR_INVALID_ARGUMENT, NULL);
    expect_error("NULL graph", ge_import_tfjs_memory(NULL, "{}", 2, NULL, NULL, 0, NULL, &err), &err,
                 GLINT_ERROR_INVALID_ARGUMENT, NULL);
    expect_error("NULL path", ge_import_tfjs(&g, NULL, NULL, &err), &err, GLINT_ERROR_INVALID_ARGUMENT, NULL);
    ge_graph_free(&g);
}

/* ---- the file variant: shard paths, missing files ---- */

static bool write_file(const char* path, const void* data, size_t size) {
    FILE* f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

static void test_files(void) {
    build_mini();
    glint_error err;
    CHECK(write_file("tfjs_test_mini.bin", mini_shard, sizeof(mini_shard)));
    /* The mini model names its shard mini.bin: rewrite the path per case. */
    const char* paths[] = {"tfjs_test_mini.bin",
                           "../tfjs_test_mini.bin",
                           "/etc/passwd",
                           "sub/tfjs_test_mini.bin",
                           "..",
                           ".",
                           "a\\b.bin",
                           "c:evil.bin",
                           "",
                           "missing_shard.bin"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        const char* pos = strstr(mini_json, "\"mini.bin\"");
        size_t head = (size_t)(pos - mini_json);
        char* json = gu_malloc(&tj_alloc, strlen(mini_json) + 128);
        memcpy(json, mini_json, head);
        size_t k = head + (size_t)sprintf(json + head, "\"");
        for (const char* p = paths[i]; *p; p++) {
            if (*p == '\\') json[k++] = '\\';
            json[k++] = *p;
        }
        json[k++] = '"';
        strcpy(json + k, pos + strlen("\"mini.bin\""));
        CHECK(write_file("tfjs_test_model.json", json, strlen(json)));
        gu_free(&tj_alloc, json);
        ge_graph g;
        ge_graph_init(&g, &tj_alloc);
        memset(&err, 0, sizeof(err));
        glint_result r = ge_import_tfjs(&g, "tfjs_test_model.json", NULL, &err);
        ge_graph_free(&g);
        if (i == 0) {
            CHECK_MSG(r == GLINT_SUCCESS, "file import: %s", err.message);
        } else if (i + 1 == sizeof(paths) / sizeof(paths[0])) {
            expect_error("missing shard file", r, &err, GLINT_ERROR_IO, "missing_shard.bin");
        } else {
            char what[64];
            snprintf(what, sizeof(what), "shard path '%s'", paths[i]);
            expect_error(what, r, &err, GLINT_ERROR_MODEL_FORMAT, "plain file name");
        }
    }
    ge_graph g;
    ge_graph_init(&g, &tj_alloc);
    expect_error("missing model.json", ge_import_tfjs(&g, "no_such_dir/model.json", NULL, &err), &err, GLINT_ERROR_IO,
                 NULL);
    ge_graph_free(&g);
    remove("tfjs_test_mini.bin");
    remove("tfjs_test_model.json");
}

int main(void) {
    gu_allocator_init(&tj_alloc, NULL);
    build_mini();
    test_damage("mini", mini_json, strlen(mini_json), mini_shard, sizeof(mini_shard), 7, 400);
    test_real_model();
    test_hostile();
    test_files();
    CHECK(tj_alloc.live_allocations == 0);
    return test_finish();
}

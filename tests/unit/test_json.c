/*
 * gu_json: hand-written valid and invalid documents (RFC 8259 edge cases), escapes and UTF-8,
 * numbers (exact int64, huge, tiny), limits (depth, size, values), lookup helpers, error
 * positions, and every truncation of a realistic document.
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "util/gu_alloc.h"
#include "util/gu_json.h"

static gu_allocator g_alloc;

/* Parses text (NUL-terminated, or with explicit size when size != (size_t)-1). */
static glint_result parse_n(gu_arena* arena, const char* text, size_t size, const gu_json_limits* limits,
                            const gu_json** out, glint_error* err) {
    gu_arena_init(arena, &g_alloc, 0);
    return gu_json_parse(arena, text, size == (size_t)-1 ? strlen(text) : size, limits, out, err);
}

static bool parses(const char* text) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    glint_result r = parse_n(&arena, text, (size_t)-1, NULL, &root, &err);
    gu_arena_free(&arena);
    return r == GLINT_SUCCESS && root != NULL;
}

/* Expects a failure with the given code whose message contains `needle` (may be NULL). */
static void expect_fail(const char* text, size_t size, glint_result code, const char* needle) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    glint_result r = parse_n(&arena, text, size, NULL, &root, &err);
    CHECK_MSG(r == code, "input <%.60s>: result %d, expected %d (%s)", text, (int)r, (int)code, err.message);
    CHECK(root == NULL);
    CHECK(err.code == r);
    if (needle) CHECK_MSG(strstr(err.message, needle) != NULL, "message '%s' lacks '%s'", err.message, needle);
    gu_arena_free(&arena);
}

static void test_valid_corpus(void) {
    static const char* valid[] = {
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "-0.5e-3",
        "1E10",
        "1e+2",
        "123456789",
        "\"\"",
        "\"a\"",
        "[]",
        "{}",
        "[[]]",
        " \t\r\n[ 1 , 2 ]\n",
        "{\"a\":1,\"b\":[true,false,null]}",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"",
        "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
        "[1e-400]", /* underflows to 0: allowed */
        "{\"\":0}",
        "{\"a\":{\"a\":{\"a\":{}}}}",
        "\xEF\xBB\xBF{}", /* leading BOM skipped */
        "[\"\\u0000\"]",
    };
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
        CHECK_MSG(parses(valid[i]), "should parse: <%s>", valid[i]);
}

static void test_invalid_corpus(void) {
    struct {
        const char* text;
        const char* needle;
    } invalid[] = {
        {"", "end of input"},
        {" ", "expected a value"},
        {"[", "end of input"},
        {"]", "expected a value"},
        {"[1,]", "expected a value"},
        {"[1 2]", "',' or ']'"},
        {"{\"a\":1,}", "string key"},
        {"{\"a\" 1}", "':'"},
        {"{a:1}", "string key"},
        {"{\"a\":1 \"b\":2}", "',' or '}'"},
        {"{\"a\":1,\"a\":2}", "duplicate object key \"a\""},
        {"01", "leading zero"},
        {"-01", "leading zero"},
        {"00", "leading zero"},
        {"1.", "digit after the decimal point"},
        {".5", "expected a value"},
        {"1e", "digit in the exponent"},
        {"1e+", "digit in the exponent"},
        {"-", "a digit"},
        {"+1", "expected a value"},
        {"0x10", "end of input after"},
        {"1e400", "out of range"},
        {"-1e400", "out of range"},
        {"NaN", "expected a value"},
        {"Infinity", "expected a value"},
        {"tru", "expected a value"},
        {"nul", "expected a value"},
        {"True", "expected a value"},
        {"\"abc", "unterminated string"},
        {"\"a\\", "unterminated string"},
        {"\"\\x\"", "invalid escape"},
        {"\"\\u12\"", "4 hex digits"},
        {"\"\\u12G4\"", "4 hex digits"},
        {"\"\\ud800\"", "high surrogate"},
        {"\"\\ud800\\u0041\"", "high surrogate"},
        {"\"\\udc00\"", "lone low surrogate"},
        {"\"a\tb\"", "control character"},
        {"\"a\nb\"", "control character"},
        {"\"\x01\"", "control character"},
        {"\"\xc3\"", "invalid UTF-8"},
        {"\"\xc0\xaf\"", "invalid UTF-8"},         /* overlong '/' */
        {"\"\xe0\x80\xaf\"", "invalid UTF-8"},     /* overlong */
        {"\"\xed\xa0\x80\"", "invalid UTF-8"},     /* encoded surrogate */
        {"\"\xf4\x90\x80\x80\"", "invalid UTF-8"}, /* above U+10FFFF */
        {"\"\xff\"", "invalid UTF-8"},
        {"\"\x80\"", "invalid UTF-8"},
        {"[1] [2]", "end of input after"},
        {"{} x", "end of input after"},
        {"// c\n{}", "expected a value"},
        {"[1,/*x*/2]", "expected a value"},
        {"'a'", "expected a value"},
        {"\xc3\xa9", "byte 0xc3"},
        {"[\"a\",\xff]", "byte 0xff"},
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
        expect_fail(invalid[i].text, (size_t)-1, GLINT_ERROR_MODEL_FORMAT, invalid[i].needle);
    /* An embedded NUL outside a string is an error, not an early end of the text. */
    expect_fail("[1]\0", 4, GLINT_ERROR_MODEL_FORMAT, "byte 0x00");
    expect_fail("\"a\0b\"", 5, GLINT_ERROR_MODEL_FORMAT, "control character");
}

static void test_positions(void) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    glint_result r = parse_n(&arena, "{\n  \"a\": [1,\n    2,,3]\n}", (size_t)-1, NULL, &root, &err);
    CHECK(r == GLINT_ERROR_MODEL_FORMAT);
    CHECK_MSG(strncmp(err.message, "3:7:", 4) == 0, "message: %s", err.message);
    gu_arena_free(&arena);

    r = parse_n(&arena, "{\"x\": 1,\r\n \"y\": [true,\n\t{\"z\": null}]}", (size_t)-1, NULL, &root, &err);
    CHECK(r == GLINT_SUCCESS);
    const gu_json* z = gu_json_get(gu_json_at(gu_json_get(root, "y"), 1), "z");
    CHECK(gu_json_is(z, GU_JSON_NULL));
    CHECK(z && z->line == 3 && z->column == 8);
    gu_arena_free(&arena);
}

static void test_strings(void) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    CHECK(parse_n(&arena, "[\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\", \"a\\u0000b\", \"\\/\\t\"]", (size_t)-1, NULL,
                  &root, &err) == GLINT_SUCCESS);
    size_t len = 0;
    const char* s = gu_json_string(gu_json_at(root, 0), &len);
    CHECK(s && len == 1 + 2 + 3 + 4);
    CHECK(s && memcmp(s, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", len) == 0 && s[len] == 0);
    s = gu_json_string(gu_json_at(root, 1), &len);
    CHECK(s && len == 3 && s[0] == 'a' && s[1] == 0 && s[2] == 'b');
    s = gu_json_string(gu_json_at(root, 2), &len);
    CHECK(s && len == 2 && strcmp(s, "/\t") == 0);
    CHECK(gu_json_string(gu_json_at(root, 3), NULL) == NULL);
    gu_arena_free(&arena);
}

static void test_numbers(void) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    const char* text =
        "[0, -0, 9007199254740993, 9223372036854775807, -9223372036854775808, 9223372036854775808,"
        " 1.5, 1e2, 2.5e0, 1e300, -1e-300, 123456789012345678901234567890, 1.0, 4e-400]";
    CHECK(parse_n(&arena, text, (size_t)-1, NULL, &root, &err) == GLINT_SUCCESS);
    int64_t i = 0;
    double d = 0;
    CHECK(gu_json_int64(gu_json_at(root, 0), &i) && i == 0);
    CHECK(gu_json_int64(gu_json_at(root, 1), &i) && i == 0);
    CHECK(gu_json_int64(gu_json_at(root, 2), &i) && i == INT64_C(9007199254740993)); /* exact, not via double */
    CHECK(gu_json_int64(gu_json_at(root, 3), &i) && i == INT64_MAX);
    CHECK(gu_json_int64(gu_json_at(root, 4), &i) && i == INT64_MIN);
    CHECK(!gu_json_int64(gu_json_at(root, 5), &i)); /* 2^63 does not fit */
    CHECK(gu_json_double(gu_json_at(root, 5), &d) && d == 9223372036854775808.0);
    CHECK(!gu_json_int64(gu_json_at(root, 6), &i));
    CHECK(gu_json_double(gu_json_at(root, 6), &d) && d == 1.5);
    CHECK(gu_json_int64(gu_json_at(root, 7), &i) && i == 100);
    CHECK(!gu_json_int64(gu_json_at(root, 8), &i));
    CHECK(gu_json_double(gu_json_at(root, 9), &d) && d == 1e300);
    CHECK(!gu_json_int64(gu_json_at(root, 9), &i));
    CHECK(gu_json_double(gu_json_at(root, 10), &d) && d == -1e-300);
    CHECK(!gu_json_int64(gu_json_at(root, 11), &i));
    CHECK(gu_json_double(gu_json_at(root, 11), &d) && d > 1.2345e29 && d < 1.2346e29);
    CHECK(gu_json_int64(gu_json_at(root, 12), &i) && i == 1);
    CHECK(gu_json_double(gu_json_at(root, 13), &d) && d == 0.0);
    CHECK(!gu_json_double(gu_json_at(root, 14), &d));
    gu_arena_free(&arena);

    /* A 1025-digit literal is refused; 1000 digits are fine. */
    char big[1100];
    memset(big, '7', sizeof(big));
    big[1025] = 0;
    expect_fail(big, (size_t)-1, GLINT_ERROR_LIMIT_EXCEEDED, "too long");
    big[0] = '0';
    big[1] = '.';
    big[1000] = 0;
    CHECK(parses(big));
}

static void test_lookup(void) {
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    CHECK(parse_n(&arena, "{\"name\":\"conv\",\"n\":3,\"f\":0.25,\"ok\":true,\"list\":[1,2],\"obj\":{}}", (size_t)-1,
                  NULL, &root, &err) == GLINT_SUCCESS);
    CHECK(gu_json_count(root) == 6);
    CHECK(strcmp(gu_json_key_at(root, 0), "name") == 0);
    CHECK(strcmp(gu_json_key_at(root, 5), "obj") == 0); /* key order kept */
    CHECK(gu_json_key_at(root, 6) == NULL);
    CHECK(gu_json_get(root, "missing") == NULL);
    CHECK(gu_json_get(gu_json_get(root, "list"), "x") == NULL); /* not an object */
    CHECK(gu_json_at(gu_json_get(root, "list"), 2) == NULL);
    CHECK(gu_json_get(NULL, "x") == NULL && gu_json_at(NULL, 0) == NULL && gu_json_count(NULL) == 0);

    const char* s = NULL;
    size_t len = 0;
    int64_t i = 0;
    double d = 0;
    bool b = false;
    const gu_json* v = NULL;
    CHECK(gu_json_member_string(root, "name", "m.json", &s, &len, &err) == GLINT_SUCCESS && len == 4);
    CHECK(gu_json_member_int64(root, "n", NULL, &i, &err) == GLINT_SUCCESS && i == 3);
    CHECK(gu_json_member_double(root, "f", NULL, &d, &err) == GLINT_SUCCESS && d == 0.25);
    CHECK(gu_json_member_bool(root, "ok", NULL, &b, &err) == GLINT_SUCCESS && b);
    CHECK(gu_json_member(root, "list", GU_JSON_ARRAY, NULL, &v, &err) == GLINT_SUCCESS && gu_json_count(v) == 2);

    CHECK(gu_json_member_int64(root, "f", "m.json", &i, &err) == GLINT_ERROR_MODEL_FORMAT);
    CHECK_MSG(strstr(err.message, "m.json:1:") && strstr(err.message, "\"f\" must be an integer"), "%s", err.message);
    CHECK(gu_json_member_string(root, "n", NULL, &s, &len, &err) == GLINT_ERROR_MODEL_FORMAT);
    CHECK_MSG(strstr(err.message, "\"n\" must be a string, found number"), "%s", err.message);
    CHECK(gu_json_member(root, "nope", GU_JSON_OBJECT, NULL, &v, &err) == GLINT_ERROR_MODEL_FORMAT && v == NULL);
    CHECK_MSG(strstr(err.message, "\"nope\" is missing"), "%s", err.message);
    CHECK(gu_json_member(gu_json_get(root, "list"), "x", GU_JSON_OBJECT, NULL, &v, &err) == GLINT_ERROR_MODEL_FORMAT);
    gu_arena_free(&arena);
}

static void test_limits(void) {
    /* Depth: 64 levels parse by default, 65 do not; a deep bomb fails fast without recursion trouble. */
    char deep[300000];
    for (int n = 63; n <= 65; n++) {
        size_t k = 0;
        for (int i = 0; i < n; i++) deep[k++] = '[';
        for (int i = 0; i < n; i++) deep[k++] = ']';
        deep[k] = 0;
        if (n <= 64)
            CHECK_MSG(parses(deep), "depth %d", n);
        else
            expect_fail(deep, (size_t)-1, GLINT_ERROR_LIMIT_EXCEEDED, "too deep");
    }
    memset(deep, '[', sizeof(deep) - 1);
    deep[sizeof(deep) - 1] = 0;
    expect_fail(deep, (size_t)-1, GLINT_ERROR_LIMIT_EXCEEDED, "too deep");
    memset(deep, '{', 1);
    for (size_t i = 0; i + 6 < sizeof(deep); i += 5) memcpy(deep + i, "{\"a\":", 5);
    expect_fail(deep, (size_t)-1, GLINT_ERROR_LIMIT_EXCEEDED, "too deep");

    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    gu_json_limits lim = {.max_depth = 3};
    CHECK(parse_n(&arena, "[[[]]]", (size_t)-1, &lim, &root, &err) == GLINT_SUCCESS);
    gu_arena_free(&arena);
    CHECK(parse_n(&arena, "[[[[]]]]", (size_t)-1, &lim, &root, &err) == GLINT_ERROR_LIMIT_EXCEEDED);
    gu_arena_free(&arena);
    lim = (gu_json_limits){.max_bytes = 5};
    CHECK(parse_n(&arena, "[1,2,3]", (size_t)-1, &lim, &root, &err) == GLINT_ERROR_LIMIT_EXCEEDED);
    gu_arena_free(&arena);
    lim = (gu_json_limits){.max_values = 4};
    CHECK(parse_n(&arena, "[1,2,3]", (size_t)-1, &lim, &root, &err) == GLINT_SUCCESS);
    gu_arena_free(&arena);
    CHECK(parse_n(&arena, "[1,2,3,4]", (size_t)-1, &lim, &root, &err) == GLINT_ERROR_LIMIT_EXCEEDED);
    CHECK_MSG(strstr(err.message, "too many values"), "%s", err.message);
    gu_arena_free(&arena);
    lim.max_values = 5; /* the object, two keys, two values */
    CHECK(parse_n(&arena, "{\"a\":1,\"b\":2}", (size_t)-1, &lim, &root, &err) == GLINT_SUCCESS);
    gu_arena_free(&arena);
    CHECK(parse_n(&arena, "{\"a\":1,\"b\":2,\"c\":3}", (size_t)-1, &lim, &root, &err) == GLINT_ERROR_LIMIT_EXCEEDED);
    gu_arena_free(&arena);

    /* Bad arguments. */
    CHECK(gu_json_parse(NULL, "1", 1, NULL, &root, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    gu_arena_init(&arena, &g_alloc, 0);
    CHECK(gu_json_parse(&arena, NULL, 3, NULL, &root, &err) == GLINT_ERROR_INVALID_ARGUMENT);
    CHECK(gu_json_parse(&arena, "1", 1, NULL, &root, NULL) == GLINT_SUCCESS); /* err may be NULL */
    CHECK(gu_json_parse(&arena, "[", 1, NULL, &root, NULL) == GLINT_ERROR_MODEL_FORMAT);
    gu_arena_free(&arena);
}

static void test_large_documents(void) {
    /* A wide array and a wide object (duplicate check goes through the sorted path). */
    enum { N = 20000 };
    size_t cap = (size_t)N * 24 + 16;
    char* text = gu_malloc(&g_alloc, cap);
    size_t k = 0;
    text[k++] = '{';
    for (int i = 0; i < N; i++) k += (size_t)snprintf(text + k, cap - k, "%s\"key%d\":%d", i ? "," : "", i, i);
    text[k++] = '}';
    gu_arena arena;
    const gu_json* root = NULL;
    glint_error err = {0};
    CHECK(parse_n(&arena, text, k, NULL, &root, &err) == GLINT_SUCCESS);
    CHECK(gu_json_count(root) == N);
    int64_t v = 0;
    CHECK(gu_json_int64(gu_json_get(root, "key12345"), &v) && v == 12345);
    gu_arena_free(&arena);
    /* Rename the last key to an early one (same length, padded with spaces before ':'). */
    char* last = strstr(text, "\"key19999\"");
    CHECK(last != NULL);
    if (last) memcpy(last, "\"key17\"   ", 10);
    CHECK(parse_n(&arena, text, k, NULL, &root, &err) == GLINT_ERROR_MODEL_FORMAT);
    CHECK_MSG(strstr(err.message, "duplicate object key \"key17\""), "%s", err.message);
    gu_arena_free(&arena);
    gu_free(&g_alloc, text);
}

static void test_truncations(void) {
    /* Every proper prefix of a document must fail cleanly; the full text must parse. */
    const char* doc =
        "{\"format\": \"graph-model\", \"modelTopology\": {\"node\": [{\"name\": \"x\", \"op\": \"Const\","
        " \"attr\": {\"value\": {\"tensor\": {\"dtype\": \"DT_FLOAT\", \"tensorShape\": {\"dim\": [{\"size\": \"2\"}]}}}}}]},"
        " \"weightsManifest\": [{\"paths\": [\"a.bin\"], \"weights\": [{\"name\": \"x\", \"shape\": [2], \"dtype\": \"float32\","
        " \"q\": -1.25e-3, \"t\": true, \"f\": false, \"n\": null, \"u\": \"\\u00e9\\ud83d\\ude00\"}]}]}";
    size_t n = strlen(doc);
    for (size_t len = 0; len < n; len++) {
        gu_arena arena;
        const gu_json* root = NULL;
        glint_error err = {0};
        glint_result r = parse_n(&arena, doc, len, NULL, &root, &err);
        CHECK_MSG(r == GLINT_ERROR_MODEL_FORMAT, "prefix %zu parsed (%d)", len, (int)r);
        gu_arena_free(&arena);
    }
    CHECK(parses(doc));
}

int main(void) {
    gu_allocator_init(&g_alloc, NULL);
    test_valid_corpus();
    test_invalid_corpus();
    test_positions();
    test_strings();
    test_numbers();
    test_lookup();
    test_limits();
    test_large_documents();
    test_truncations();
    CHECK(g_alloc.live_allocations == 0);
    return test_finish();
}

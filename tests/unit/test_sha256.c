/*
 * gu_sha256 on every path this build and CPU have (portable C, SHA-NI, ARMv8 SHA2): the FIPS 180-4
 * / NIST example vectors, the paths against each other on random messages fed in odd pieces,
 * switching paths in the middle of a message, the pinned digests of the real model files, and
 * the hex helpers. Prints each path's speed on the largest model file (informational only).
 */
#include "engine/ge_known_models.h"
#include "test_util.h"
#include "util/gu_sha256.h"
#include "util/gu_time.h"

static gu_sha256_path g_paths[GU_SHA256_NUM_PATHS];
static int g_num_paths;

static void hex_of(const void* data, size_t size, char out_hex[GU_SHA256_HEX_CHARS + 1]) {
    uint8_t d[GU_SHA256_BYTES];
    gu_sha256_bytes(data, size, d);
    gu_sha256_to_hex(d, out_hex);
}

static int digest_is(const void* data, size_t size, const char* hex) {
    char got[GU_SHA256_HEX_CHARS + 1];
    hex_of(data, size, got);
    if (strcmp(got, hex) != 0) {
        fprintf(stderr, "sha256 (%s) of %zu bytes: got %s want %s\n", gu_sha256_path_name(gu_sha256_active_path()),
                size, got, hex);
        return 0;
    }
    return 1;
}

/* The default is the best available path, or portable when GLINT_ISA=scalar (GLINT_SHA256 picks one). */
static void test_default_path(void) {
    const char* isa = getenv("GLINT_ISA");
    const char* forced = getenv("GLINT_SHA256");
    gu_sha256_path want = GU_SHA256_PORTABLE;
    if (forced && forced[0]) {
        for (int i = 0; i < GU_SHA256_NUM_PATHS; i++)
            if (!strcmp(forced, gu_sha256_path_name((gu_sha256_path)i)) && gu_sha256_path_available((gu_sha256_path)i))
                want = (gu_sha256_path)i;
    } else if (!(isa && !strcmp(isa, "scalar"))) {
        for (int i = 0; i < GU_SHA256_NUM_PATHS; i++)
            if (gu_sha256_path_available((gu_sha256_path)i)) want = (gu_sha256_path)i;
    }
    CHECK_MSG(gu_sha256_active_path() == want, "active %s, expected %s", gu_sha256_path_name(gu_sha256_active_path()),
              gu_sha256_path_name(want));
    printf("sha256 paths:");
    for (int i = 0; i < GU_SHA256_NUM_PATHS; i++)
        printf(" %s%s", gu_sha256_path_name((gu_sha256_path)i),
               gu_sha256_path_available((gu_sha256_path)i) ? "" : " (not available)");
    printf("; default %s\n", gu_sha256_path_name(gu_sha256_active_path()));

    CHECK(gu_sha256_path_available(GU_SHA256_PORTABLE));
    CHECK(!gu_sha256_path_available(GU_SHA256_NUM_PATHS));
    CHECK(!gu_sha256_use_path(GU_SHA256_NUM_PATHS));
    CHECK(gu_sha256_active_path() == want); /* a refused switch changes nothing */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    /* What this build must have compiled; whether the CPU has it is the dispatcher's call. */
    CHECK(!gu_sha256_path_available(GU_SHA256_ARMV8));
#elif defined(__aarch64__)
    CHECK(!gu_sha256_path_available(GU_SHA256_SHANI));
#endif
}

static void test_vectors(void) {
    CHECK(digest_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    CHECK(digest_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const char* m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(digest_is(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    const char* m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu";
    CHECK(digest_is(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));

    /* One million 'a': once in one piece (multi-block calls), once in uneven pieces. */
    static uint8_t a[1000000];
    memset(a, 'a', sizeof(a));
    const char* million = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    CHECK(digest_is(a, sizeof(a), million));
    gu_sha256 ctx;
    gu_sha256_init(&ctx);
    size_t left = sizeof(a), step = 1, at = 0;
    while (left) {
        size_t n = step < left ? step : left;
        gu_sha256_update(&ctx, a + at, n);
        at += n;
        left -= n;
        step = step * 3 + 1;
        if (step > 9973) step = 7;
    }
    uint8_t d[GU_SHA256_BYTES];
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_final(&ctx, d);
    gu_sha256_to_hex(d, hex);
    CHECK_MSG(strcmp(hex, million) == 0, "%s: %s", gu_sha256_path_name(gu_sha256_active_path()), hex);
}

/* Every split of a message into two updates (including the padding edge cases at 55, 56 and 64
 * bytes) gives the one-shot digest. */
static void test_streaming(void) {
    uint8_t msg[200];
    for (int i = 0; i < 200; i++) msg[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof(msg); len++) {
        uint8_t want[GU_SHA256_BYTES];
        gu_sha256_bytes(msg, len, want);
        for (size_t cut = 0; cut <= len; cut += (len > 70 ? 7 : 1)) {
            gu_sha256 ctx;
            uint8_t got[GU_SHA256_BYTES];
            gu_sha256_init(&ctx);
            gu_sha256_update(&ctx, msg, cut);
            gu_sha256_update(&ctx, msg + cut, len - cut);
            gu_sha256_final(&ctx, got);
            CHECK_MSG(memcmp(got, want, sizeof(got)) == 0, "len %zu cut %zu", len, cut);
        }
    }
}

/* Hashes msg[0..len) through the streaming API in random pieces of 0..150 bytes, at an odd
 * offset so the hardware paths see unaligned blocks. */
static void hash_in_pieces(const uint8_t* msg, size_t len, test_rng* rng, uint8_t out[GU_SHA256_BYTES]) {
    gu_sha256 ctx;
    gu_sha256_init(&ctx);
    size_t at = 0;
    while (at < len) {
        size_t n = (size_t)test_rng_int(rng, 0, 150);
        if (n > len - at) n = len - at;
        gu_sha256_update(&ctx, msg + at, n);
        at += n;
    }
    gu_sha256_final(&ctx, out);
}

/* The hardware paths against the portable one on random messages of 0..300 bytes (one-shot
 * and in random pieces), and a message whose path changes after every piece. */
static void test_paths_agree(void) {
    test_rng rng = {0x5a256ull};
    static uint8_t buf[301 + 3];
    for (int iter = 0; iter < 600; iter++) {
        const size_t len = (size_t)test_rng_int(&rng, 0, 300);
        uint8_t* msg = buf + 1 + (iter % 3);
        for (size_t i = 0; i < len; i++) msg[i] = (uint8_t)test_rng_next(&rng);

        CHECK(gu_sha256_use_path(GU_SHA256_PORTABLE));
        uint8_t want[GU_SHA256_BYTES];
        gu_sha256_bytes(msg, len, want);
        const uint64_t seed = test_rng_next(&rng);
        for (int p = 0; p < g_num_paths; p++) {
            CHECK(gu_sha256_use_path(g_paths[p]));
            uint8_t got[GU_SHA256_BYTES];
            gu_sha256_bytes(msg, len, got);
            CHECK_MSG(memcmp(got, want, sizeof(got)) == 0, "%s one-shot, %zu bytes", gu_sha256_path_name(g_paths[p]), len);
            test_rng pieces = {seed | 1};
            hash_in_pieces(msg, len, &pieces, got);
            CHECK_MSG(memcmp(got, want, sizeof(got)) == 0, "%s in pieces, %zu bytes", gu_sha256_path_name(g_paths[p]),
                      len);
        }

        /* Every path in turn: they share the state layout. */
        gu_sha256 ctx;
        gu_sha256_init(&ctx);
        size_t at = 0;
        for (int k = 0; at < len; k++) {
            size_t n = (size_t)test_rng_int(&rng, 1, 130);
            if (n > len - at) n = len - at;
            CHECK(gu_sha256_use_path(g_paths[k % g_num_paths]));
            gu_sha256_update(&ctx, msg + at, n);
            at += n;
        }
        uint8_t mixed[GU_SHA256_BYTES];
        gu_sha256_final(&ctx, mixed);
        CHECK_MSG(memcmp(mixed, want, sizeof(mixed)) == 0, "paths mixed, %zu bytes", len);
    }
}

static uint8_t* read_whole(const char* path, size_t* out_size) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t* data = NULL;
    size_t size = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL) {
            size = fread(data, 1, (size_t)n, f);
            if (size != (size_t)n) {
                free(data);
                data = NULL;
            }
        }
    }
    fclose(f);
    *out_size = size;
    return data;
}

/* Every pinned model file in the cache against its pinned digest on every path; then the speed
 * of each path on the largest one. */
static void test_model_files(void) {
    if (getenv("GLINT_TEST_SKIP_MODELS")) {
        printf("skipped the model files (GLINT_TEST_SKIP_MODELS)\n");
        return;
    }
    uint8_t* largest = NULL;
    size_t largest_size = 0;
    const char* largest_name = NULL;
    int files = 0;
    for (int32_t i = 0; i < ge_known_model_count(); i++) {
        const ge_known_model* m = ge_known_model_at(i);
        char path[1024];
        snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), m->file);
        size_t size;
        uint8_t* data = read_whole(path, &size);
        if (!data) continue;
        files++;
        for (int p = 0; p < g_num_paths; p++) {
            char hex[GU_SHA256_HEX_CHARS + 1];
            CHECK(gu_sha256_use_path(g_paths[p]));
            hex_of(data, size, hex);
            CHECK_MSG(strcmp(hex, m->sha256) == 0, "%s on %s: %s, pinned %s", gu_sha256_path_name(g_paths[p]), m->file,
                      hex, m->sha256);
        }
        if (size > largest_size) {
            free(largest);
            largest = data, largest_size = size, largest_name = m->file;
        } else {
            free(data);
        }
    }
    printf("%d pinned model files checked\n", files);
    if (!largest) return;
    for (int p = 0; p < g_num_paths; p++) {
        uint8_t d[GU_SHA256_BYTES];
        CHECK(gu_sha256_use_path(g_paths[p]));
        int64_t best = INT64_MAX;
        for (int rep = 0; rep < 3; rep++) {
            int64_t t0 = gu_time_ns();
            gu_sha256_bytes(largest, largest_size, d);
            int64_t dt = gu_time_ns() - t0;
            if (dt < best) best = dt;
        }
        printf("  %-10s %8.1f MB/s  (%s, %.1f MB, best of 3: %.2f ms)\n", gu_sha256_path_name(g_paths[p]),
               best > 0 ? (double)largest_size / 1e6 / ((double)best * 1e-9) : 0.0, largest_name,
               (double)largest_size / 1e6, (double)best * 1e-6);
    }
    free(largest);
}

static void test_hex(void) {
    uint8_t d[GU_SHA256_BYTES], back[GU_SHA256_BYTES];
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_bytes("glint", 5, d);
    gu_sha256_to_hex(d, hex);
    CHECK(strlen(hex) == 64);
    CHECK(gu_sha256_from_hex(hex, back) && memcmp(d, back, sizeof(d)) == 0);
    const char* upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    CHECK(gu_sha256_from_hex(upper, back));
    gu_sha256_bytes("abc", 3, d);
    CHECK(memcmp(d, back, sizeof(d)) == 0);
    CHECK(!gu_sha256_from_hex("", back));
    CHECK(!gu_sha256_from_hex(NULL, back));
    CHECK(!gu_sha256_from_hex("ba7816bf", back));                                  /* too short */
    char longer[80];
    snprintf(longer, sizeof(longer), "%s0", upper);
    CHECK(!gu_sha256_from_hex(longer, back));                                      /* too long */
    char bad[GU_SHA256_HEX_CHARS + 1];
    memcpy(bad, upper, sizeof(bad));
    bad[10] = 'g';
    CHECK(!gu_sha256_from_hex(bad, back));                                         /* not hex */
}

int main(void) {
    test_default_path();
    for (int i = 0; i < GU_SHA256_NUM_PATHS; i++)
        if (gu_sha256_path_available((gu_sha256_path)i)) g_paths[g_num_paths++] = (gu_sha256_path)i;
    for (int p = 0; p < g_num_paths; p++) {
        CHECK(gu_sha256_use_path(g_paths[p]));
        CHECK(gu_sha256_active_path() == g_paths[p]);
        test_vectors();
        test_streaming();
    }
    test_paths_agree();
    test_model_files();
    test_hex();
    return test_finish();
}

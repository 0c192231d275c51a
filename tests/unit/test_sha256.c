/* gu_sha256 against the FIPS 180-4 / NIST example vectors, streaming split points, hex helpers. */
#include "test_util.h"
#include "util/gu_sha256.h"

static int digest_is(const void* data, size_t size, const char* hex) {
    uint8_t d[GU_SHA256_BYTES];
    char got[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_bytes(data, size, d);
    gu_sha256_to_hex(d, got);
    if (strcmp(got, hex) != 0) {
        fprintf(stderr, "sha256 of %zu bytes: got %s want %s\n", size, got, hex);
        return 0;
    }
    return 1;
}

static void test_vectors(void) {
    CHECK(digest_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    CHECK(digest_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const char* m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(digest_is(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    const char* m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu";
    CHECK(digest_is(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));

    /* One million 'a', fed in uneven pieces through the streaming API. */
    static uint8_t a[1000];
    memset(a, 'a', sizeof(a));
    gu_sha256 ctx;
    gu_sha256_init(&ctx);
    size_t left = 1000000, step = 1;
    while (left) {
        size_t n = step < left ? step : left;
        if (n > sizeof(a)) n = sizeof(a);
        gu_sha256_update(&ctx, a, n);
        left -= n;
        step = step * 3 + 1;
        if (step > 997) step = 7;
    }
    uint8_t d[GU_SHA256_BYTES];
    char hex[GU_SHA256_HEX_CHARS + 1];
    gu_sha256_final(&ctx, d);
    gu_sha256_to_hex(d, hex);
    CHECK_MSG(strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0, "%s", hex);
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
    test_vectors();
    test_streaming();
    test_hex();
    return test_finish();
}

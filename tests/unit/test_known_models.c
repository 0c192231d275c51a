/* ge_known_models: the table is well-formed, lookups work, and (when set-up has fetched the
 * models into the cache) every pinned file on disk is recognised with the right facts. */
#include "engine/ge_known_models.h"
#include "test_util.h"
#include "util/gu_sha256.h"

static void test_table(void) {
    int32_t n = ge_known_model_count();
    CHECK(n == 13);
    CHECK(ge_known_model_at(-1) == NULL && ge_known_model_at(n) == NULL);
    for (int32_t i = 0; i < n; i++) {
        const ge_known_model* m = ge_known_model_at(i);
        uint8_t d[GU_SHA256_BYTES];
        CHECK_MSG(m && strlen(m->sha256) == 64 && gu_sha256_from_hex(m->sha256, d), "entry %d", (int)i);
        CHECK(ge_known_model_find(d) == m);
        CHECK(ge_known_model_by_hex(m->sha256) == m);
        CHECK(m->kind != GE_MODEL_KIND_UNKNOWN && strcmp(ge_model_kind_name(m->kind), "unknown") != 0);
        CHECK(m->range_max > m->range_min && m->file_bytes > 0 && m->input_height > 0 && m->input_width > 0);
        CHECK((m->weights_file != NULL) == (m->weights_sha256 != NULL));
        for (int32_t j = 0; j < i; j++) CHECK(strcmp(ge_known_model_at(j)->sha256, m->sha256) != 0);
    }
    CHECK(ge_known_model_identify("abc", 3) == NULL);
    CHECK(ge_known_model_by_hex("not a digest") == NULL);
    CHECK(ge_known_model_find(NULL) == NULL);
    /* Facts the pipelines depend on (models.md 3.x and 4.x). */
    const ge_known_model* pd = ge_known_model_by_hex("A63C614BEF30D35947F13BE361820B1E4E3BEC9CFEEBF4D11216A18373108E85");
    CHECK(pd && strcmp(pd->name, "pose_detection") == 0 && pd->range_min == -1.0f && pd->range_max == 1.0f &&
          pd->prep == GE_INPUT_PREP_LETTERBOX && pd->input_height == 224);
    const ge_known_model* ml = ge_known_model_by_hex("df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9");
    CHECK(ml && ml->kind == GE_MODEL_KIND_MOVENET_SINGLEPOSE && ml->input_dtype == GLINT_DTYPE_I32 &&
          ml->range_max == 255.0f && ml->input_width == 192);
    const ge_known_model* hl = ge_known_model_by_hex("d7fde8ac11f8ce03f8663775bfc323f4fc9f2a38062b4f4efa142874ef5b2a48");
    CHECK(hl && hl->kind == GE_MODEL_KIND_HAND_LANDMARK && hl->prep == GE_INPUT_PREP_ROI_CROP && hl->range_max == 1.0f);
}

/* sha256 and size of a file; false when it cannot be read. */
static int hash_file(const char* path, uint8_t digest[GU_SHA256_BYTES], uint64_t* out_size) {
    FILE* f = fopen(path, "rb");
    if (!f) return 0;
    gu_sha256 ctx;
    gu_sha256_init(&ctx);
    static uint8_t buf[1 << 16];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        gu_sha256_update(&ctx, buf, n);
        total += n;
    }
    fclose(f);
    gu_sha256_final(&ctx, digest);
    *out_size = total;
    return 1;
}

static void test_cached_files(void) {
    int found = 0;
    for (int32_t i = 0; i < ge_known_model_count(); i++) {
        const ge_known_model* m = ge_known_model_at(i);
        char path[1024];
        snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), m->file);
        uint8_t d[GU_SHA256_BYTES];
        uint64_t size;
        if (!hash_file(path, d, &size)) continue;
        found++;
        CHECK_MSG(ge_known_model_find(d) == m, "%s not recognised", path);
        CHECK_MSG(size == m->file_bytes, "%s: %llu bytes", path, (unsigned long long)size);
        if (m->weights_file) {
            snprintf(path, sizeof(path), "%s/models/%s", test_cache_dir(), m->weights_file);
            uint8_t w[GU_SHA256_BYTES], want[GU_SHA256_BYTES];
            if (!hash_file(path, w, &size)) continue;
            CHECK(gu_sha256_from_hex(m->weights_sha256, want));
            CHECK_MSG(memcmp(w, want, sizeof(w)) == 0, "%s: weights hash differs", path);
            CHECK(ge_known_model_find(w) == NULL); /* weights are not models */
        }
    }
    if (!found) printf("skip: no models under %s/models (run set-up)\n", test_cache_dir());
    else printf("checked %d cached model files\n", found);
}

int main(void) {
    test_table();
    test_cached_files();
    return test_finish();
}

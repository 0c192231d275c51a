/*
 * The Vulkan runtime core: device choice (pure logic, no GPU needed), the fault switches,
 * the feature probe, and the pipeline cache file (written, reused, discarded when stale or
 * corrupt, rewritten), on whatever device there is, validation on.
 */
#include "test_vk_util.h" /* first: it sets _POSIX_C_SOURCE */

#include <sys/stat.h>
#include <unistd.h>

#include "engine/vulkan/gv_device_pick.h"
#include "engine/vulkan/gv_fault.h"
#if GLINT_HAVE_VULKAN
#include "engine/vulkan/gv_pcache.h"
#endif

#define V11 ((1u << 22) | (1u << 12))
#define V10 (1u << 22)

static void device_pick(void) {
    char why[160];
    const gv_device_candidate four[] = {
        {"llvmpipe (LLVM 15)", GV_DEVICE_CPU, V11, true},
        {"Intel(R) UHD Graphics 620", GV_DEVICE_INTEGRATED, V11, true},
        {"NVIDIA GeForce RTX 3060", GV_DEVICE_DISCRETE, V11, true},
        {"Virtio GPU", GV_DEVICE_VIRTUAL, V11, true},
    };
    CHECK(gv_device_pick(four, 4, NULL, why, sizeof(why)) == 2);             /* discrete first */
    CHECK(gv_device_pick(four, 2, NULL, why, sizeof(why)) == 1);             /* integrated over CPU */
    CHECK(gv_device_pick(four, 1, NULL, why, sizeof(why)) == 0);             /* CPU if that is all */
    CHECK(gv_device_pick(four + 2, 2, "", why, sizeof(why)) == 0);           /* empty override = automatic */
    const gv_device_candidate virt_cpu[] = {four[0], four[3]};
    CHECK(gv_device_pick(virt_cpu, 2, NULL, why, sizeof(why)) == 1);         /* virtual over CPU */
    /* overrides: index, or a case-insensitive part of the name */
    CHECK(gv_device_pick(four, 4, "0", why, sizeof(why)) == 0);
    CHECK(gv_device_pick(four, 4, "3", why, sizeof(why)) == 3);
    CHECK(gv_device_pick(four, 4, "intel", why, sizeof(why)) == 1);
    CHECK(gv_device_pick(four, 4, "LLVMPIPE", why, sizeof(why)) == 0);
    CHECK(gv_device_pick(four, 4, "4", why, sizeof(why)) == -1 && strstr(why, "past the last"));
    CHECK(gv_device_pick(four, 4, "99999999999999999999", why, sizeof(why)) == -1);
    CHECK(gv_device_pick(four, 4, "radeon", why, sizeof(why)) == -1 && strstr(why, "radeon"));
    /* unusable: no compute queue, or Vulkan 1.0 */
    const gv_device_candidate bad[] = {
        {"old discrete", GV_DEVICE_DISCRETE, V10, true},
        {"graphics only", GV_DEVICE_INTEGRATED, V11, false},
        {"llvmpipe", GV_DEVICE_CPU, V11, true},
    };
    CHECK(gv_device_pick(bad, 3, NULL, why, sizeof(why)) == 2);
    CHECK(gv_device_pick(bad, 2, NULL, why, sizeof(why)) == -1 && strstr(why, "compute"));
    CHECK(gv_device_pick(bad, 3, "0", why, sizeof(why)) == -1);
    CHECK(gv_device_pick(bad, 3, "old", why, sizeof(why)) == -1);
    CHECK(gv_device_pick(NULL, 0, NULL, why, sizeof(why)) == -1 && strstr(why, "no Vulkan physical device"));
    CHECK(gv_device_kind_rank(GV_DEVICE_DISCRETE) > gv_device_kind_rank(GV_DEVICE_INTEGRATED));
}

static void faults(void) {
    gv_faults f;
    CHECK(gv_fault_parse("no_loader,device_lost:7,unsupported:DEPTHWISE_CONV2D,storage_range:4096", &f));
    CHECK(f.bits == (GV_FAULT_NO_LOADER | GV_FAULT_DEVICE_LOST | GV_FAULT_UNSUPPORTED_OP | GV_FAULT_STORAGE_RANGE));
    CHECK(f.device_lost_at == 7 && f.unsupported_op == GE_OP_DEPTHWISE_CONV2D && f.storage_range == 4096);
    CHECK(gv_fault_parse("", &f) && f.bits == 0);
    CHECK(gv_fault_parse(NULL, &f) && f.bits == 0);
    CHECK(!gv_fault_parse("no_such_fault", &f) && f.bits == 0);
    CHECK(!gv_fault_parse("device_lost:0", &f));
    CHECK(!gv_fault_parse("device_lost:x", &f));
    CHECK(!gv_fault_parse("unsupported:NOT_AN_OP", &f));
    gv_faults set = {GV_FAULT_OOM, 0, GE_OP_NONE, 0};
    gv_fault_set(&set);
    CHECK(gv_fault_get().bits == GV_FAULT_OOM);
    gv_fault_set(NULL);
    setenv("GLINT_VK_FAULT", "no_device", 1);
    CHECK(gv_fault_get().bits == GV_FAULT_NO_DEVICE);
    unsetenv("GLINT_VK_FAULT");
    CHECK(gv_fault_get().bits == 0);
}

#if GLINT_HAVE_VULKAN
static gv_context* open_ctx(void) {
    gu_allocator* a = malloc(sizeof(gu_allocator));
    gu_allocator_init(a, NULL);
    gv_context* ctx = NULL;
    glint_error err;
    gv_context_options opt = {0};
    CHECK_MSG(gv_context_create(&opt, a, &ctx, &err) == GLINT_SUCCESS, "%s", err.message);
    return ctx;
}

static void close_ctx(gv_context* ctx) {
    if (!ctx) return;
    gu_allocator* a = ctx->allocator;
    gv_context_destroy(ctx);
    free(a);
}

static void features(void) {
    gv_context* ctx = open_ctx();
    if (!ctx) return;
    const gv_features* f = &ctx->feat;
    printf("device %s: type %d, Vulkan %u.%u, vendor %04x device %04x driver %08x\n", f->name, (int)f->type,
           VK_API_VERSION_MAJOR(f->api_version), VK_API_VERSION_MINOR(f->api_version), f->vendor_id, f->device_id,
           f->driver_version);
    printf("  16-bit storage %d, 8-bit storage %d, float16 %d, int8 %d, int16 %d, integer dot %d (4x8 accelerated %d)\n",
           f->storage_16bit, f->storage_8bit, f->float16, f->int8, f->int16, f->int_dot, f->int_dot_4x8_accelerated);
    printf("  subgroup size %u (arithmetic %d), storage range %u, shared %u bytes, offset alignment %u\n",
           f->subgroup_size, f->subgroup_arithmetic, f->max_storage_range, f->max_shared_bytes,
           f->min_storage_offset_align);
    printf("  device-local heap %llu MiB, host-visible %llu MiB, unified memory %d, timestamps %.2f ns (%u bits)\n",
           (unsigned long long)(f->device_local_bytes >> 20), (unsigned long long)(f->host_visible_bytes >> 20),
           f->unified_memory, (double)f->timestamp_period_ns, f->timestamp_valid_bits);
    CHECK(f->api_version >= VK_API_VERSION_1_1);
    CHECK(f->max_storage_range >= (1u << 27) || f->max_storage_range >= 65536);
    CHECK(f->max_workgroup_invocations >= 128 && f->max_push_constants >= 128);
    CHECK(f->subgroup_size >= 1);
    CHECK(f->device_local_bytes > 0);
    bool lavapipe = strstr(f->name, "llvmpipe") != NULL;
    if (lavapipe) { /* toolchain.md: what lavapipe has */
        CHECK(f->type == VK_PHYSICAL_DEVICE_TYPE_CPU && f->unified_memory);
        CHECK(f->storage_16bit && f->storage_8bit && f->float16 && f->int8 && f->int_dot);
        CHECK(f->subgroup_size == 8);
    }
    close_ctx(ctx);
    /* an injected lack of features */
    gv_faults fl;
    gv_fault_parse("no_fp16,no_int8,no_int_dot", &fl);
    gv_fault_set(&fl);
    ctx = open_ctx();
    gv_fault_set(NULL);
    if (ctx) {
        CHECK(!ctx->feat.storage_16bit && !ctx->feat.float16 && !ctx->feat.storage_8bit && !ctx->feat.int8 &&
              !ctx->feat.int_dot);
        close_ctx(ctx);
    }
    /* the device override picks by name or index */
    setenv("GLINT_VK_DEVICE", "0", 1);
    ctx = open_ctx();
    close_ctx(ctx);
    setenv("GLINT_VK_DEVICE", "no-such-device", 1);
    {
        gu_allocator a;
        gu_allocator_init(&a, NULL);
        gv_context* c = NULL;
        glint_error err;
        CHECK(gv_context_create(NULL, &a, &c, &err) == GLINT_ERROR_BACKEND_UNAVAILABLE && !c);
        CHECK(strstr(err.message, "no-such-device") != NULL);
        CHECK(a.live_allocations == 0);
    }
    unsetenv("GLINT_VK_DEVICE");
}

static long file_size(const char* path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Flips one byte of the file at offset (from the end when negative). */
static void poke(const char* path, long offset, uint8_t xor_mask) {
    FILE* fp = fopen(path, "r+b");
    CHECK(fp != NULL);
    if (!fp) return;
    fseek(fp, offset, offset < 0 ? SEEK_END : SEEK_SET);
    long at = ftell(fp);
    int c = fgetc(fp);
    fseek(fp, at, SEEK_SET);
    fputc(c ^ xor_mask, fp);
    fclose(fp);
}

static gv_pcache_status reopen(void) {
    gv_context* ctx = open_ctx();
    gv_pcache_status s = ctx ? gv_pcache_last_status(ctx) : GV_PCACHE_OFF;
    close_ctx(ctx);
    return s;
}

static void pipeline_cache(void) {
    char dir[] = "/tmp/glint_vk_cache_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char* saved = getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
    setenv("XDG_CACHE_HOME", dir, 1);
    gv_context* ctx = open_ctx();
    if (!ctx) return;
    char path[1024];
    CHECK(gv_pcache_path(&ctx->feat, path, sizeof(path)));
    CHECK(strncmp(path, dir, strlen(dir)) == 0);
    CHECK(gv_pcache_last_status(ctx) == GV_PCACHE_MISSING);
    close_ctx(ctx); /* writes it (the folder glint/ is created) */
    const long size = file_size(path);
    CHECK_MSG(size > 120, "cache file %s: %ld bytes", path, size);
    printf("pipeline cache %s: %ld bytes\n", path, size);

    CHECK(reopen() == GV_PCACHE_LOADED);
    CHECK(file_size(path) == size); /* nothing new: not rewritten */

    poke(path, -1, 0x5a); /* the driver's data changed: hash mismatch */
    CHECK(reopen() == GV_PCACHE_CORRUPT);
    CHECK(reopen() == GV_PCACHE_LOADED); /* rewritten at close */

    poke(path, 20, 0x01); /* driverVersion in glint's header: another driver */
    CHECK(reopen() == GV_PCACHE_STALE);
    CHECK(reopen() == GV_PCACHE_LOADED);

    poke(path, 24 + 16 + 3, 0x80); /* the shaders' digest: another build */
    CHECK(reopen() == GV_PCACHE_STALE);
    CHECK(reopen() == GV_PCACHE_LOADED);

    CHECK(truncate(path, 50) == 0); /* cut short */
    CHECK(reopen() == GV_PCACHE_CORRUPT);
    CHECK(reopen() == GV_PCACHE_LOADED);

    FILE* fp = fopen(path, "wb"); /* not a glint cache at all */
    if (fp) fputs("garbage", fp), fclose(fp);
    CHECK(reopen() == GV_PCACHE_CORRUPT);
    CHECK(reopen() == GV_PCACHE_LOADED);

    setenv("GLINT_VK_NO_DISK_CACHE", "1", 1);
    CHECK(reopen() == GV_PCACHE_OFF);
    unsetenv("GLINT_VK_NO_DISK_CACHE");

    /* A model load uses and refreshes the same file. */
    remove(path);
    char model[1024];
    snprintf(model, sizeof(model), "%s/models/mediapipe/hand_landmark_lite.tflite", test_cache_dir());
    glint_model_desc d;
    memset(&d, 0, sizeof(d));
    d.path = model;
    d.backend = GLINT_BACKEND_VULKAN;
    glint_model* m = NULL;
    glint_error err;
    if (glint_model_load(&d, &m, &err) == GLINT_SUCCESS) {
        glint_model_destroy(m);
        CHECK(file_size(path) > 0);
        CHECK(reopen() == GV_PCACHE_LOADED);
    }
    remove(path);
    char sub[1100];
    snprintf(sub, sizeof(sub), "%s/glint", dir);
    rmdir(sub);
    rmdir(dir);
    if (saved) setenv("XDG_CACHE_HOME", saved, 1);
    else unsetenv("XDG_CACHE_HOME");
    free(saved);
}
#endif

int main(void) {
    device_pick();
    faults();
    if (!vk_test_available()) return test_finish();
#if GLINT_HAVE_VULKAN
    features();
    pipeline_cache();
#endif
    vk_test_check_validation("end");
    return test_finish();
}

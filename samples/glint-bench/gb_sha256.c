/*
 * glint-bench --sha256 FILE... [--repeat N]: how fast each SHA-256 path this build and CPU have
 * (util/gu_sha256.h) hashes each file, best of N runs (default 5) on the file already in memory,
 * and the digest, which must be the same on every path. Model loading hashes every file once,
 * so this is the part of "loaded in" that the hash path decides.
 */
#include "gb_sha256.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/gu_file.h"
#include "util/gu_sha256.h"
#include "util/gu_time.h"

static int bench_file(const char* path, int repeat) {
    gu_allocator alloc;
    gu_allocator_init(&alloc, NULL);
    glint_error err = {0};
    void* data = NULL;
    size_t size = 0;
    if (gu_file_read(path, &alloc, SIZE_MAX, &data, &size, &err) < 0) {
        fprintf(stderr, "glint-bench: %s\n", err.message);
        return 1;
    }
    const gu_sha256_path before = gu_sha256_active_path();
    printf("%s: %.1f MB\n", path, (double)size / 1e6);
    char first_hex[GU_SHA256_HEX_CHARS + 1] = "";
    int status = 0;
    for (int p = 0; p < GU_SHA256_NUM_PATHS; p++) {
        const gu_sha256_path path_id = (gu_sha256_path)p;
        if (!gu_sha256_use_path(path_id)) {
            printf("  %-11s not available\n", gu_sha256_path_name(path_id));
            continue;
        }
        uint8_t digest[GU_SHA256_BYTES];
        int64_t best = INT64_MAX;
        for (int r = 0; r < repeat; r++) {
            const int64_t t0 = gu_time_ns();
            gu_sha256_bytes(data, size, digest);
            const int64_t dt = gu_time_ns() - t0;
            if (dt < best) best = dt;
        }
        char hex[GU_SHA256_HEX_CHARS + 1];
        gu_sha256_to_hex(digest, hex);
        if (!first_hex[0]) memcpy(first_hex, hex, sizeof(hex));
        const bool same = strcmp(hex, first_hex) == 0;
        if (!same) status = 1;
        const double s = (double)(best > 0 ? best : 1) * 1e-9;
        printf("  %-11s %8.1f MB/s  %8.2f ms  %s%s%s\n", gu_sha256_path_name(path_id), (double)size / 1e6 / s,
               s * 1e3, hex, path_id == before ? "  (default)" : "", same ? "" : "  DIGEST DIFFERS");
    }
    gu_sha256_use_path(before);
    gu_free_aligned(&alloc, data);
    return status;
}

int gb_sha256_main(int argc, char** argv) {
    int repeat = 5, files = 0, status = 0;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
            if (repeat < 1) repeat = 1;
        }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0) {
            i++;
            continue;
        }
        if (strcmp(argv[i], "--sha256") == 0) continue;
        files++;
        if (bench_file(argv[i], repeat) != 0) status = 1;
    }
    if (!files) {
        fprintf(stderr, "usage: glint-bench --sha256 FILE... [--repeat N]\n");
        return 2;
    }
    return status;
}

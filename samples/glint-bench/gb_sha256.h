/* glint-bench --sha256 FILE...: the speed of each SHA-256 path on files (gb_sha256.c). */
#ifndef GB_SHA256_H
#define GB_SHA256_H

#include <stdbool.h>
#include <string.h>

/* True when the command line asks for this mode (it has --sha256). */
static inline bool gb_sha256_wanted(int argc, char** argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--sha256") == 0) return true;
    return false;
}

/* Runs the mode; returns the process exit status. */
int gb_sha256_main(int argc, char** argv);

#endif /* GB_SHA256_H */

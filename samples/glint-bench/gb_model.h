/* glint-bench --model: the per-model benchmark mode (gb_model.c). */
#ifndef GB_MODEL_H
#define GB_MODEL_H

#include <stdbool.h>
#include <string.h>

/* True when the command line asks for the per-model mode (it has --model). */
static inline bool gb_model_wanted(int argc, char** argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--model") == 0) return true;
    return false;
}

/* Runs the mode; returns the process exit status. */
int gb_model_main(int argc, char** argv);

#endif /* GB_MODEL_H */

/* glint-model: command-line tool to inspect and run one network. One file per subcommand. */
#ifndef GM_H
#define GM_H

#include "glint/glint_model.h"

int gm_cmd_info(int argc, char** argv);
int gm_cmd_run(int argc, char** argv);
int gm_cmd_prep(int argc, char** argv);

/* Loads MODEL (with an optional "HxW" / "1xHxWx3" input override); prints the error and returns NULL on failure. */
glint_model* gm_load_model(const char* path, const char* input_shape);
/* The same on a backend (glint_backend) and Vulkan device (NULL: automatic). */
glint_model* gm_load_model_on(const char* path, const char* input_shape, int backend, const char* device);
const char* gm_dtype_name(glint_dtype dtype);
/* "1x224x224x3" */
void gm_format_shape(const glint_tensor_info* info, char* buf, size_t size);

#include <stdio.h>
/* Writes s as a JSON string literal (quotes and escapes included). */
void gm_json_string(FILE* f, const char* s);

#endif /* GM_H */

/* gm_input: turn a --input NAME=FILE argument into a model input (raw tensor or image). */
#ifndef GM_INPUT_H
#define GM_INPUT_H

#include "glint/glint_model.h"

/* Returns 0 on success; prints the reason and returns non-zero otherwise. */
int gm_set_input_from_arg(glint_model* model, const char* arg);

#endif /* GM_INPUT_H */

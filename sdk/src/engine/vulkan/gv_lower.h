/*
 * gv_lower: what the op lowerings share (internal to the Vulkan backend). gv_ops.c picks the
 * lowering of an op; gv_lower_f32.c (f32 and 4-byte data movement) and gv_lower_qs8.c (int8)
 * turn it into a dispatch with these helpers, so that binding, specialization and workgroup
 * rules are written once.
 *
 * The specialization constant ids a lowering writes must match the `constant_id`s of the shader
 * it names (shaders/<name>.comp and the .glsl it includes); 0..2 are the workgroup size.
 */
#ifndef GV_LOWER_H
#define GV_LOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/ge_graph.h"
#include "engine/ge_shape.h"
#include "engine/vulkan/gv_ops.h"
#include "util/gu_alloc.h"

typedef struct gv_lower {
    const ge_graph* g;
    const ge_op* op;
    const gv_device_limits* lim;
    gu_arena* arena; /* receives auxiliary constants; NULL: ops that need some are refused */
    gv_dispatch* d;
    char* why;       /* the reason a lowering refuses the op */
    size_t why_size;
} gv_lower;

/* Refuses the op: writes the reason (fmt with one %s) and returns false. */
bool gv_no(gv_lower* L, const char* fmt, const char* arg);

/* The op's input i (NULL when absent) and output i. */
const ge_tensor* gv_in(const gv_lower* L, int32_t i);
const ge_tensor* gv_out(const gv_lower* L, int32_t i);
int64_t gv_elems(const ge_tensor* t);
uint64_t gv_tbytes(const ge_tensor* t);
bool gv_is_f32(const ge_tensor* t);
bool gv_is_x32(const ge_tensor* t); /* any 4-byte dtype */
bool gv_is_i8(const ge_tensor* t);  /* quantized int8 */
uint32_t gv_ceil_div(int64_t a, int64_t b);
int64_t gv_outer_of(const ge_shape* s, int32_t axis); /* product of the dims before axis */

/* Specialization constants. gv_specs sets n consecutive ids from `id` and returns the next id:
 * GV_SPECS(d, 3, H, W, C) sets 3, 4, 5. */
void gv_spec(gv_dispatch* d, int32_t id, uint32_t v);
void gv_spec_i(gv_dispatch* d, int32_t id, int32_t v);
void gv_spec_f(gv_dispatch* d, int32_t id, float v);
int32_t gv_specs(gv_dispatch* d, int32_t id, int32_t n, const int32_t* v);
#define GV_SPECS(d, id, ...) \
    gv_specs(d, id, (int32_t)(sizeof((int32_t[]){__VA_ARGS__}) / sizeof(int32_t)), (int32_t[]){__VA_ARGS__})
/* A convolution window: KH, KW, stride h/w, dilation h/w, pad top/left (8 ids). */
int32_t gv_spec_window(gv_dispatch* d, int32_t id, int32_t kh, int32_t kw, const ge_conv_geom* gm);

/* A new zeroed auxiliary constant of `bytes` and its binding; NULL when there is no room. */
void* gv_aux_new(gv_lower* L, uint32_t bytes, int32_t* out_binding);

/* Binds graph tensor t (-1: a dummy, GV_AUX(k): auxiliary constant k) at binding b; false
 * (with the reason) when it is larger than the device's storage buffer range. */
bool gv_bind(gv_lower* L, int32_t b, int32_t t, bool write);
bool gv_bind_in(gv_lower* L, int32_t b, int32_t i); /* input i (a dummy when absent) */
bool gv_bind_out(gv_lower* L, int32_t b, int32_t i);

/* Workgroup size (lx, ly, lz) and enough groups to cover nx x ny x nz invocations. */
bool gv_grid(gv_lower* L, uint32_t lx, uint32_t ly, uint32_t lz, int64_t nx, int64_t ny, int64_t nz);
/* n invocations, 64 per workgroup; more than maxComputeWorkGroupCount[0] groups wrap into y. */
bool gv_grid_1d(gv_lower* L, int64_t n);

/* Broadcast of a and b to y merged into at most 4 dims, innermost first, element strides. */
bool gv_bcast4(gv_lower* L, const ge_shape* a, const ge_shape* b, const ge_shape* y, uint32_t* dim, uint32_t* st_a,
               uint32_t* st_b);
/* Its specialization constants: dim[0..2] (dim[3] is implied), then 4 strides of a, 4 of b
 * (11 ids); returns the next id. */
int32_t gv_spec_bcast4(gv_dispatch* d, int32_t id, const uint32_t* dim, const uint32_t* st_a, const uint32_t* st_b);
/* MEAN's reduced axes (contiguous) split x into [outer, r, inner]. */
bool gv_reduce_span(gv_lower* L, const ge_tensor* x, int64_t* out_outer, int64_t* out_r, int64_t* out_inner);
/* PAD's dims right-aligned to 4 (missing leading dims 1): output, input, padding before. */
bool gv_pad_dims(gv_lower* L, const ge_tensor* x, const ge_tensor* y, uint32_t* od, uint32_t* id, int32_t* before);

bool gv_lower_f32(gv_lower* L); /* f32 ops and 4-byte data movement */
bool gv_lower_qs8(gv_lower* L); /* int8 ops; RESHAPE is left to gv_lower_f32 (byte-agnostic) */

#endif /* GV_LOWER_H */

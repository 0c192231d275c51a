/*
 * Validation of DENSIFY's CSR description (TFLite SparsityParameters without blocks).
 *
 * The walk mirrors the kernel: levels follow traversal_order; a dense level of size d turns
 * each parent position p into children p*d .. p*d+d-1; a CSR level turns parent p into the
 * index-array positions segments[p] .. segments[p+1]-1, whose values are coordinates in that
 * dimension. Because segments start at 0 and never decrease, every position of a level is
 * visited exactly once, so the visited leaves are counted without walking them.
 */
#include "engine/ge_shape.h"

/* Positions above this cannot be a valid tensor (limit 2^28 elements); also keeps products in range. */
#define DENSIFY_MAX_POSITIONS (INT64_C(1) << 40)

bool ge_densify_validate(const ge_densify_params* p, const ge_shape* dense, int64_t num_values, const char** why) {
    static const char* unused_why;
    if (!why) why = &unused_why;
    const int32_t rank = dense->rank;
    if (rank < 1 || rank > GE_MAX_RANK) {
        *why = "the dense tensor needs rank 1 to 6";
        return false;
    }
    if (p->num_dims > rank && p->num_dims <= GE_MAX_RANK) {
        *why = "block sparsity is not supported";
        return false;
    }
    if (p->num_dims != rank) {
        *why = "num_dims does not match the dense rank";
        return false;
    }
    uint32_t seen = 0;
    for (int32_t l = 0; l < rank; l++) {
        int32_t d = p->traversal_order[l];
        if (d < 0 || d >= rank || (seen & (1u << d))) {
            *why = "traversal_order is not a permutation of the dense dimensions";
            return false;
        }
        seen |= 1u << d;
    }
    int64_t positions = 1; /* positions at the previous level; the root has one */
    for (int32_t l = 0; l < rank; l++) {
        const int64_t dim = dense->dim[p->traversal_order[l]];
        if (dim < 1) {
            *why = "the dense shape has an empty or unknown dimension";
            return false;
        }
        if (p->dim_format[l] == 0) {
            if (p->dense_size[l] != dim) {
                *why = "a dense level's size does not match the dense shape";
                return false;
            }
            if (positions > DENSIFY_MAX_POSITIONS / dim) {
                *why = "the CSR structure is too large";
                return false;
            }
            positions *= dim;
        } else if (p->dim_format[l] == 1) {
            const int32_t* seg = p->segments[l];
            const int32_t* idx = p->indices[l];
            const int64_t num_seg = p->num_segments[l];
            const int64_t num_idx = p->num_indices[l];
            if (!seg || num_seg < positions + 1) {
                *why = "a CSR level has fewer segments than parent positions + 1";
                return false;
            }
            if (seg[0] != 0) {
                *why = "a CSR level's first segment does not start at 0";
                return false;
            }
            for (int64_t k = 0; k < positions; k++)
                if (seg[k + 1] < seg[k]) {
                    *why = "a CSR level's segments decrease";
                    return false;
                }
            const int64_t children = seg[positions];
            if (children > num_idx || (children > 0 && !idx)) {
                *why = "a CSR level's segments point past its index array";
                return false;
            }
            for (int64_t i = 0; i < children; i++)
                if (idx[i] < 0 || idx[i] >= dim) {
                    *why = "a CSR index is outside its dimension";
                    return false;
                }
            positions = children;
        } else {
            *why = "unknown dim_format (0 dense, 1 CSR)";
            return false;
        }
        if (positions > DENSIFY_MAX_POSITIONS) {
            *why = "the CSR structure is too large";
            return false;
        }
    }
    if (positions != num_values) {
        *why = "the number of stored values does not match the CSR structure";
        return false;
    }
    return true;
}

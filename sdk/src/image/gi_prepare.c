#include "gi_prepare.h"

#include <math.h>
#include <string.h>

#include "gi_warp.h"
#include "util/gu_error.h"

gi_prep_desc gi_prep_desc_letterbox(int32_t width, int32_t height, gi_range range, glint_dtype dtype) {
    gi_prep_desc d;
    memset(&d, 0, sizeof(d));
    d.width = width;
    d.height = height;
    d.crop = GI_CROP_LETTERBOX;
    d.range = range;
    d.dtype = dtype;
    return d;
}

static glint_result check_desc(const gi_prep_desc* d, glint_error* err) {
    if (!d) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: NULL description");
    if (d->width < 1 || d->height < 1 || d->width > GI_WARP_MAX_DST_DIM || d->height > GI_WARP_MAX_DST_DIM)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: tensor size %dx%d outside 1..%d", (int)d->width,
                         (int)d->height, GI_WARP_MAX_DST_DIM);
    if (!gi_normalize_supported(d->range, d->dtype))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: dtype %s with range %s is not supported",
                         gi_dtype_name(d->dtype), gi_range_name(d->range));
    if (d->crop < GI_CROP_LETTERBOX || d->crop > GI_CROP_AFFINE)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: unknown crop mode %d", (int)d->crop);
    if (d->border != GI_BORDER_ZERO && d->border != GI_BORDER_REPLICATE)
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: unknown border mode %d", (int)d->border);
    if (d->crop == GI_CROP_ROI && !(d->roi.side > 0.0 && isfinite(d->roi.side)))
        return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: ROI side %g is not positive", d->roi.side);
    return GLINT_SUCCESS;
}

size_t gi_prep_tensor_bytes(const gi_prep_desc* d) {
    if (check_desc(d, NULL) != GLINT_SUCCESS) return 0;
    /* Both sizes are <= 32768, so this fits in 64 bits; size_t on 32-bit hosts is checked. */
    uint64_t n = (uint64_t)d->width * (uint64_t)d->height * 3u * gi_normalize_elem_bytes(d->dtype);
    if (n > (uint64_t)SIZE_MAX) return 0;
    return (size_t)n;
}

glint_result gi_prep_to_image(const gi_prep_desc* d, int32_t image_w, int32_t image_h, gi_affine* out,
                              glint_error* err) {
    glint_result r = check_desc(d, err);
    if (r != GLINT_SUCCESS) return r;
    if (!out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: NULL output map");
    switch (d->crop) {
    case GI_CROP_LETTERBOX: *out = gi_affine_letterbox(image_w, image_h, d->width, d->height); break;
    case GI_CROP_ROI: *out = gi_affine_roi(&d->roi, d->width, d->height); break;
    case GI_CROP_ROTATE: {
        gi_roi roi = gi_roi_rotated_image(image_w, image_h, d->rotation);
        *out = gi_affine_roi(&roi, d->width, d->height);
        break;
    }
    case GI_CROP_AFFINE: *out = d->to_image; break;
    }
    return GLINT_SUCCESS;
}

glint_result gi_prepare_tensor(const gi_image* image, const gi_prep_desc* desc, void* out, size_t out_bytes,
                               gi_affine* out_to_image, glint_error* err) {
    glint_result r = gi_image_validate(image, err);
    if (r != GLINT_SUCCESS) return r;
    r = check_desc(desc, err);
    if (r != GLINT_SUCCESS) return r;
    if (!out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep: NULL output tensor");
    size_t need = gi_prep_tensor_bytes(desc);
    if (out_bytes != need)
        return gu_errorf(err, GLINT_ERROR_SHAPE_MISMATCH, "prep: output is %zu bytes, a 1x%dx%dx3 %s tensor is %zu",
                         out_bytes, (int)desc->height, (int)desc->width, gi_dtype_name(desc->dtype), need);
    gi_affine to_image;
    r = gi_prep_to_image(desc, image->width, image->height, &to_image, err);
    if (r != GLINT_SUCCESS) return r;
    gi_warp_fixed map;
    r = gi_warp_fixed_from_affine(&to_image, &map, err);
    if (r != GLINT_SUCCESS) return r;
    map.border = desc->border;
    gi_normalizer norm;
    gi_normalizer_init(&norm, desc->range, desc->dtype); /* supported: checked above */

    enum { CHUNK = 128 };
    uint8_t rgb[CHUNK * 3];
    size_t elem = gi_normalize_elem_bytes(desc->dtype);
    uint8_t* o = out;
    for (int32_t y = 0; y < desc->height; y++) {
        for (int32_t x = 0; x < desc->width; x += CHUNK) {
            int32_t n = desc->width - x < CHUNK ? desc->width - x : CHUNK;
            gi_warp_row(image, &map, y, x, n, rgb);
            gi_normalizer_run(&norm, rgb, 3 * (size_t)n, o);
            o += 3 * (size_t)n * elem;
        }
    }
    if (out_to_image) *out_to_image = to_image;
    return GLINT_SUCCESS;
}

/* ---- text form ---------------------------------------------------------------------- */

glint_dtype gi_dtype_from_name(const char* name) {
    if (!name) return GLINT_DTYPE_UNKNOWN;
    if (strcmp(name, "f32") == 0) return GLINT_DTYPE_F32;
    if (strcmp(name, "i32") == 0) return GLINT_DTYPE_I32;
    if (strcmp(name, "u8") == 0) return GLINT_DTYPE_U8;
    return GLINT_DTYPE_UNKNOWN;
}

const char* gi_dtype_name(glint_dtype dtype) {
    switch (dtype) {
    case GLINT_DTYPE_F32: return "f32";
    case GLINT_DTYPE_I32: return "i32";
    case GLINT_DTYPE_U8: return "u8";
    default: return "?";
    }
}

/* A decimal number at *p (sign, digits, optional fraction and exponent), advancing *p.
 * Own parser because strtod follows the process locale (a ',' decimal point would clash
 * with the ',' separators). Up to 15 significant digits and a power of ten up to 22 are
 * exact doubles, so m / 10^k or m * 10^k is one correctly rounded operation, the same on
 * every platform; longer inputs are rounded approximately (never needed by the tools). */
static bool parse_number(const char** p, double* out) {
    const char* s = *p;
    bool neg = false;
    if (*s == '+' || *s == '-') neg = (*s++ == '-');
    double mant = 0;
    int digits = 0, scale = 0;
    bool any = false;
    for (; *s >= '0' && *s <= '9'; s++, any = true) {
        if (digits < 17) mant = mant * 10 + (*s - '0'), digits += mant > 0;
        else scale++;
    }
    if (*s == '.') {
        s++;
        for (; *s >= '0' && *s <= '9'; s++, any = true) {
            if (digits < 17) mant = mant * 10 + (*s - '0'), digits += mant > 0, scale--;
        }
    }
    if (!any) return false;
    if (*s == 'e' || *s == 'E') {
        const char* e = s + 1;
        bool eneg = false;
        if (*e == '+' || *e == '-') eneg = (*e++ == '-');
        if (!(*e >= '0' && *e <= '9')) return false;
        int ev = 0;
        for (; *e >= '0' && *e <= '9'; e++)
            if (ev < 10000) ev = ev * 10 + (*e - '0');
        scale += eneg ? -ev : ev;
        s = e;
    }
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double v = mant;
    while (scale > 22) v *= 1e22, scale -= 22;
    while (scale < -22) v /= 1e22, scale += 22;
    v = scale >= 0 ? v * p10[scale] : v / p10[-scale];
    if (!isfinite(v)) return false;
    *out = neg ? -v : v;
    *p = s;
    return true;
}

/* count comma-separated numbers ending exactly at end. */
static bool parse_list(const char* s, const char* end, double* vals, int count) {
    for (int i = 0; i < count; i++) {
        if (!parse_number(&s, &vals[i])) return false;
        if (i + 1 < count && *s++ != ',') return false;
    }
    return s == end;
}

static bool starts_with(const char* s, const char* end, const char* prefix) {
    size_t n = strlen(prefix);
    return (size_t)(end - s) >= n && memcmp(s, prefix, n) == 0;
}

static bool parse_int(const char** p, int32_t* out) {
    const char* s = *p;
    int64_t v = 0;
    if (!(*s >= '0' && *s <= '9')) return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > INT32_MAX) return false;
    }
    *out = (int32_t)v;
    *p = s;
    return true;
}

static glint_result parse_item(const char* s, const char* end, gi_prep_desc* d, bool* have_size, glint_error* err) {
    int len = (int)(end - s);
    if (starts_with(s, end, "size=")) {
        const char* p = s + 5;
        if (!parse_int(&p, &d->width)) goto bad;
        d->height = d->width;
        if (p < end && *p == 'x') {
            p++;
            if (!parse_int(&p, &d->height)) goto bad;
        }
        if (p != end) goto bad;
        *have_size = true;
    } else if (starts_with(s, end, "range=")) {
        const char* p = s + 6;
        if ((size_t)(end - p) == 3 && memcmp(p, "0,1", 3) == 0) d->range = GI_RANGE_0_1;
        else if ((size_t)(end - p) == 4 && memcmp(p, "-1,1", 4) == 0) d->range = GI_RANGE_M1_1;
        else if ((size_t)(end - p) == 5 && memcmp(p, "0,255", 5) == 0) d->range = GI_RANGE_0_255;
        else goto bad;
    } else if (starts_with(s, end, "dtype=")) {
        char name[8] = {0};
        if (end - s - 6 >= (long)sizeof(name)) goto bad;
        memcpy(name, s + 6, (size_t)(end - s - 6));
        d->dtype = gi_dtype_from_name(name);
        if (d->dtype == GLINT_DTYPE_UNKNOWN) goto bad;
    } else if (starts_with(s, end, "crop=letterbox") && end - s == 14) {
        d->crop = GI_CROP_LETTERBOX;
    } else if (starts_with(s, end, "crop=rotate:")) {
        double deg;
        if (!parse_list(s + 12, end, &deg, 1)) goto bad;
        d->crop = GI_CROP_ROTATE;
        d->rotation = deg * (GI_PI / 180.0);
    } else if (starts_with(s, end, "crop=roi:")) {
        double v[4];
        if (!parse_list(s + 9, end, v, 4)) goto bad;
        d->crop = GI_CROP_ROI;
        d->roi.cx = v[0];
        d->roi.cy = v[1];
        d->roi.side = v[2];
        d->roi.rotation = v[3] * (GI_PI / 180.0);
    } else if (starts_with(s, end, "crop=affine:")) {
        if (!parse_list(s + 12, end, d->to_image.m, 6)) goto bad;
        d->crop = GI_CROP_AFFINE;
    } else {
        goto bad;
    }
    return GLINT_SUCCESS;
bad:
    return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep spec: cannot parse '%.*s'", len, s);
}

glint_result gi_prep_spec_parse(const char* spec, gi_prep_desc* out, glint_error* err) {
    if (!spec || !out) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep spec: NULL argument");
    gi_prep_desc d = gi_prep_desc_letterbox(0, 0, GI_RANGE_0_1, GLINT_DTYPE_F32);
    bool have_size = false;
    const char* s = spec;
    while (*s) {
        const char* end = strchr(s, ';');
        if (!end) end = s + strlen(s);
        if (end > s) {
            glint_result r = parse_item(s, end, &d, &have_size, err);
            if (r != GLINT_SUCCESS) return r;
        }
        s = *end ? end + 1 : end;
    }
    if (!have_size) return gu_errorf(err, GLINT_ERROR_INVALID_ARGUMENT, "prep spec: no size= in '%s'", spec);
    glint_result r = check_desc(&d, err);
    if (r != GLINT_SUCCESS) return r;
    *out = d;
    return GLINT_SUCCESS;
}

/*
 * ge_quant_math: the int8 arithmetic specification.
 *  - multipliers from doubles: normalisation, ties, tiny and refused values;
 *  - requant: hand cases of the half-toward-+inf rule, then random accumulators against an
 *    exact rational reference and against the SIMD decompositions the header documents
 *    (AVX2 bias trick, NEON doubling-high-mul + rounding shift), emulated in scalar C;
 *  - quantize (ties away from zero, like the QUANTIZE kernel), dequantize, activation bounds, ADD and MUL against float.
 */
#include "engine/ge_quant_math.h"
#include "test_util.h"

/* floor((acc * M + 2^(s-1)) / 2^s) with 128-bit-safe splitting: exact reference in doubles
 * is not enough for 62-bit products, so use long division by parts. */
static int64_t exact_requant(int32_t acc, ge_q_mult m) {
    __int128 p = (__int128)acc * m.mult + ((__int128)1 << (m.shift - 1));
    __int128 d = (__int128)1 << m.shift;
    __int128 q = p / d;
    if ((p % d) != 0 && p < 0) q -= 1; /* floor */
    return (int64_t)q;
}

/* AVX2 formulation: logical shift of a biased value, low 32 bits, minus the shifted bias. */
static int32_t avx2_requant(int32_t acc, ge_q_mult m) {
    int64_t p = (int64_t)acc * m.mult;
    uint64_t t = (uint64_t)(p + (INT64_C(1) << (m.shift - 1))) + (UINT64_C(1) << 62);
    uint32_t low = (uint32_t)(t >> m.shift);
    uint32_t bias = (uint32_t)((UINT64_C(1) << 62) >> m.shift);
    return (int32_t)(low - bias);
}

/* NEON formulation for s >= 32: vqdmulh (floor(2*a*b / 2^32)) then vrshl by -(s - 31). */
static int32_t neon_requant(int32_t acc, ge_q_mult m) {
    int64_t p2 = 2 * (int64_t)acc * m.mult;
    int32_t q = (int32_t)(p2 >> 32); /* floor */
    int k = m.shift - 31;
    int64_t r = ((int64_t)q + (INT64_C(1) << (k - 1))) >> k;
    return (int32_t)r;
}

/*
 * AVX-512 high-half form (kernels/x86/ge_simdq_avx512vnni.h, vq_rq) for 33 <= s <= 55, zero
 * point folded into the rounding constant: (hi + 2^(s-33) + zp * 2^(s-32)) >> (s-32) in int32,
 * hi the high 32 bits of the 64-bit product. The sum is done mod 2^32, as the SIMD add is, so an
 * overflow would show as a mismatch.
 */
static int32_t avx512_hi_requant_zp(int32_t acc, ge_q_mult m, int32_t zp) {
    const int32_t hi = (int32_t)(((int64_t)acc * m.mult) >> 32);
    const int k = m.shift - 32;
    const int32_t rnd = (int32_t)((INT64_C(1) << (k - 1)) + (int64_t)zp * (INT64_C(1) << k));
    return (int32_t)((uint32_t)hi + (uint32_t)rnd) >> k;
}

static void test_requant_hi_form(void) {
    test_rng rng = {0x5eed5eedull};
    int mismatches = 0, runs = 0;
    static const int32_t zps[] = {-128, -1, 0, 1, 127};
    for (int s = 33; s <= 55; s++)
        for (int i = 0; i < 4000; i++) {
            const ge_q_mult m = {i % 3 == 0 ? (int32_t)(INT32_MAX - (i & 7)) : (i % 3 == 1 ? (1 << 30) + (i & 7) :
                                 (1 << 30) + (int32_t)(test_rng_next(&rng) >> 34)), s};
            int32_t acc;
            switch (i % 5) {
            case 0: acc = (1 << 30) - 1 - (i & 15); break; /* the contract's edges */
            case 1: acc = -(1 << 30) + 1 + (i & 15); break;
            case 2: acc = test_rng_int(&rng, -70000, 70000); break;
            case 3: { /* near a tie: acc * M close to an odd multiple of 2^(s-1) */
                /* |target| < 2^61, the contract's bound on acc * M */
                const int32_t k = s <= 50 ? 1000 : (int32_t)(((INT64_C(1) << (61 - s)) - 1) / 2);
                const int64_t target = ((int64_t)test_rng_int(&rng, -k, k) * 2 + 1) * (INT64_C(1) << (s - 1));
                acc = (int32_t)(target / m.mult) + test_rng_int(&rng, -1, 1);
                if (acc >= (1 << 30) || acc <= -(1 << 30)) acc = 12345;
                break;
            }
            default: acc = (int32_t)(test_rng_next(&rng) >> 34) - (1 << 29); break;
            }
            const int32_t zp = zps[i % 5 == 4 ? test_rng_int(&rng, 0, 4) : (i / 5) % 5];
            runs++;
            if (avx512_hi_requant_zp(acc, m, zp) != ge_q_requant(acc, m) + zp) mismatches++;
        }
    CHECK_MSG(mismatches == 0, "%d of %d mismatches", mismatches, runs);
}

static void test_mult(void) {
    ge_q_mult m;
    CHECK(ge_q_mult_from_double(0.5, &m) && m.mult == (1 << 30) && m.shift == 31);
    CHECK(ge_q_mult_from_double(1.0, &m) && m.mult == (1 << 30) && m.shift == 30);
    CHECK(ge_q_mult_from_double(0.75, &m) && m.mult == 3 << 29 && m.shift == 31);
    CHECK(ge_q_mult_from_double(0.0, &m) && m.mult == 0);
    CHECK(!ge_q_mult_from_double(-0.1, &m));
    CHECK(!ge_q_mult_from_double(NAN, &m));
    CHECK(!ge_q_mult_from_double(INFINITY, &m));
    CHECK(!ge_q_mult_from_double(ldexp(1.0, 30), &m));
    CHECK(ge_q_mult_from_double(ldexp(1.0, 30) * 0.99, &m) && m.shift == 1);
    /* f rounds up to 1.0: M = 2^30, exponent bumped */
    CHECK(ge_q_mult_from_double(1.0 - ldexp(1.0, -40), &m) && m.mult == (1 << 30) && m.shift == 30);
    /* tiny: shift capped at 62, M denormalised */
    CHECK(ge_q_mult_from_double(ldexp(1.0, -40), &m) && m.shift == 62 && m.mult == (1 << 22));
    CHECK(ge_q_mult_from_double(ldexp(1.0, -100), &m) && m.mult == 0);
    test_rng rng = {0x1234567ull};
    for (int i = 0; i < 2000; i++) {
        double v = ldexp(1.0 + test_rng_float(&rng, 0.0f, 1.0f), test_rng_int(&rng, -30, 20));
        CHECK(ge_q_mult_from_double(v, &m));
        CHECK(m.mult >= (1 << 30) && m.shift >= 1 && m.shift <= 62);
        CHECK(fabs(ge_q_mult_value(m) / v - 1.0) <= ldexp(1.0, -31));
    }
}

static void test_requant(void) {
    ge_q_mult half = {1 << 30, 31}; /* 0.5 */
    CHECK(ge_q_requant(5, half) == 3);   /* 2.5 -> 3 */
    CHECK(ge_q_requant(-5, half) == -2); /* -2.5 -> -2 (toward +inf) */
    CHECK(ge_q_requant(-7, half) == -3); /* -3.5 -> -3 */
    CHECK(ge_q_requant(4, half) == 2);
    ge_q_mult third;
    ge_q_mult_from_double(1.0 / 3.0, &third);
    CHECK(ge_q_requant(300, third) == 100);
    CHECK(ge_q_requant(-301, third) == -100);
    CHECK(ge_q_requant(-302, third) == -101);
    CHECK(ge_q_requant_out(1000, half, 10, -128, 127) == 127);
    CHECK(ge_q_requant_out(-1000, half, 10, -128, 127) == -128);
    CHECK(ge_q_requant_out(20, half, -5, -5, 100) == 5);
    CHECK(ge_q_requant_out(-20, half, -5, -5, 100) == -5);
    /* saturation outside the contract is still defined */
    ge_q_mult big;
    ge_q_mult_from_double(1000.0, &big);
    CHECK(ge_q_requant(INT32_MAX, big) == INT32_MAX);
    CHECK(ge_q_requant(INT32_MIN, big) == INT32_MIN);

    test_rng rng = {0xabcdefull};
    int mismatches = 0;
    for (int i = 0; i < 200000; i++) {
        ge_q_mult m;
        double v = ldexp(1.0 + test_rng_float(&rng, 0.0f, 1.0f), test_rng_int(&rng, -31, -1));
        ge_q_mult_from_double(v, &m);
        int32_t acc = (int32_t)(test_rng_next(&rng) >> 35) - (1 << 28); /* |acc| < 2^29 */
        if (i % 4 == 0) acc = test_rng_int(&rng, -70000, 70000);
        int32_t r = ge_q_requant(acc, m);
        if (r != exact_requant(acc, m)) mismatches++;
        if (r != avx2_requant(acc, m)) mismatches++;
        if (m.shift >= 32 && r != neon_requant(acc, m)) mismatches++;
    }
    CHECK_MSG(mismatches == 0, "%d mismatches", mismatches);
}

static void test_quantize(void) {
    CHECK(ge_q_quantize(2.5f, 1.0f, 0) == 3); /* ties away from zero, as TFLite */
    CHECK(ge_q_quantize(3.5f, 1.0f, 0) == 4);
    CHECK(ge_q_quantize(-2.5f, 1.0f, 0) == -3);
    CHECK(ge_q_quantize(-3.5f, 1.0f, 0) == -4);
    CHECK(ge_q_quantize(0.3f, 0.1f, 0) == 3);
    CHECK(ge_q_quantize(0.49999997f, 1.0f, 0) == 0);
    CHECK(ge_q_quantize(1e30f, 1.0f, 3) == 127);
    CHECK(ge_q_quantize(-1e30f, 1.0f, 3) == -128);
    CHECK(ge_q_quantize(NAN, 1.0f, 3) == 3);
    CHECK(ge_q_quantize(0.0f, 0.01f, -7) == -7);
    CHECK(ge_q_dequantize(-7, 0.5f, -7) == 0.0f);
    CHECK(ge_q_dequantize(10, 0.5f, 0) == 5.0f);
    /* round trip of every code */
    float s = 0.0137f;
    for (int q = -128; q <= 127; q++) CHECK(ge_q_quantize(ge_q_dequantize(q, s, 11), s, 11) == q);
    CHECK(ge_q_quantize_weight(1.0f, 1.0f / 127.0f) == 127);
    CHECK(ge_q_quantize_weight(-5.0f, 1.0f / 127.0f) == -127);
    CHECK(ge_q_quantize_bias(1.0f, 0.5f, 0.25f) == 8);
    CHECK(ge_q_quantize_bias(1e30f, 1e-3f, 1e-3f) == GE_Q_BIAS_LIMIT);

    float scale;
    int32_t zp;
    ge_q_choose_activation(-1.0f, 3.0f, &scale, &zp);
    CHECK_NEAR(scale, 4.0 / 255.0, 1e-9);
    CHECK(zp == -128 + 64);
    CHECK(ge_q_quantize(0.0f, scale, zp) == zp);
    ge_q_choose_activation(0.5f, 2.0f, &scale, &zp); /* widened to include 0 */
    CHECK(zp == -128);
    ge_q_choose_activation(-2.0f, -0.5f, &scale, &zp);
    CHECK(zp == 127);
    ge_q_choose_activation(0.0f, 0.0f, &scale, &zp);
    CHECK(scale > 0.0f);
}

static void test_act_bounds(void) {
    int32_t lo, hi;
    CHECK(ge_q_act_bounds(GE_ACT_NONE, 0.1f, 3, &lo, &hi) && lo == -128 && hi == 127);
    CHECK(ge_q_act_bounds(GE_ACT_RELU, 0.1f, 3, &lo, &hi) && lo == 3 && hi == 127);
    CHECK(ge_q_act_bounds(GE_ACT_RELU6, 0.1f, -128, &lo, &hi) && lo == -128 && hi == -68);
    CHECK(ge_q_act_bounds(GE_ACT_RELU6, 0.01f, -128, &lo, &hi) && hi == 127);
    CHECK(ge_q_act_bounds(GE_ACT_RELU_N1_TO_1, 0.01f, 0, &lo, &hi) && lo == -100 && hi == 100);
    CHECK(!ge_q_act_bounds(GE_ACT_TANH, 0.01f, 0, &lo, &hi));
}

static void test_add_mul(void) {
    test_rng rng = {42};
    int worst_add = 0, worst_mul = 0;
    for (int t = 0; t < 200; t++) {
        float sa = test_rng_float(&rng, 0.001f, 0.1f), sb = test_rng_float(&rng, 0.001f, 0.1f);
        float sy = test_rng_float(&rng, 0.002f, 0.2f);
        int32_t za = test_rng_int(&rng, -128, 127), zb = test_rng_int(&rng, -128, 127);
        int32_t zy = test_rng_int(&rng, -128, 127);
        ge_q_add_params ap;
        ge_q_mul_params mp;
        CHECK(ge_q_add_params_init(sa, za, sb, zb, sy, zy, GE_ACT_NONE, &ap));
        CHECK(ge_q_mul_params_init(sa, za, sb, zb, sy * 10.0f, zy, GE_ACT_NONE, &mp));
        for (int i = 0; i < 200; i++) {
            int32_t a = test_rng_int(&rng, -128, 127), b = test_rng_int(&rng, -128, 127);
            double real = (double)sa * (a - za) + (double)sb * (b - zb);
            double ideal = floor(real / sy + 0.5) + zy;
            ideal = ideal < -128 ? -128 : (ideal > 127 ? 127 : ideal);
            int d = abs(ge_q_add(a, b, &ap) - (int)ideal);
            if (d > worst_add) worst_add = d;
            real = (double)sa * (a - za) * (double)sb * (b - zb);
            ideal = floor(real / (sy * 10.0f) + 0.5) + zy;
            ideal = ideal < -128 ? -128 : (ideal > 127 ? 127 : ideal);
            d = abs(ge_q_mul(a, b, &mp) - (int)ideal);
            if (d > worst_mul) worst_mul = d;
        }
    }
    CHECK_MSG(worst_add <= 1, "add worst %d LSB", worst_add);
    CHECK_MSG(worst_mul <= 1, "mul worst %d LSB", worst_mul);
    /* exact hand case: 0.5 + 0.25 with all scales 1/4 */
    ge_q_add_params ap;
    CHECK(ge_q_add_params_init(0.25f, 0, 0.25f, 0, 0.25f, 0, GE_ACT_NONE, &ap));
    CHECK(ge_q_add(2, 1, &ap) == 3);
    CHECK(ge_q_add(100, 100, &ap) == 127);
    CHECK(ge_q_add_params_init(0.25f, 0, 0.25f, 0, 0.25f, 0, GE_ACT_RELU, &ap));
    CHECK(ge_q_add(-20, 1, &ap) == 0);
}

int main(void) {
    test_mult();
    test_requant();
    test_requant_hi_form();
    test_quantize();
    test_act_bounds();
    test_add_mul();
    return test_finish();
}

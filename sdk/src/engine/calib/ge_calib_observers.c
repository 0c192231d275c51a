/*
 * Range observers over one tensor's histogram (definitions in ge_calib.h).
 */
#include <math.h>
#include <string.h>

#include "engine/calib/ge_calib.h"

const char* ge_observer_name(ge_observer o) {
    switch (o) {
    case GE_OBSERVER_MINMAX: return "minmax";
    case GE_OBSERVER_PERCENTILE: return "percentile";
    case GE_OBSERVER_KL: return "kl";
    }
    return "?";
}

bool ge_observer_parse(const char* name, ge_observer* out) {
    for (int o = GE_OBSERVER_MINMAX; o <= GE_OBSERVER_KL; o++)
        if (strcmp(name, ge_observer_name((ge_observer)o)) == 0) {
            *out = (ge_observer)o;
            return true;
        }
    return false;
}

float ge_calib_hist_quantile(const double* hist, float lo, float hi, double fraction) {
    double total = 0.0;
    for (int32_t i = 0; i < GE_CALIB_BINS; i++) total += hist[i];
    if (!(total > 0.0) || !(hi > lo)) return fraction < 0.5 ? lo : hi;
    const double width = ((double)hi - (double)lo) / GE_CALIB_BINS;
    const double target = fraction * total;
    double cum = 0.0;
    for (int32_t i = 0; i < GE_CALIB_BINS; i++) {
        if (cum + hist[i] >= target && hist[i] > 0.0) {
            double within = (target - cum) / hist[i]; /* linear inside the bin */
            return (float)((double)lo + ((double)i + within) * width);
        }
        cum += hist[i];
    }
    return hi;
}

/* KL(P || Q) of two unnormalised distributions over n bins (Q may be 0 where P is not: penalised). */
static double kl_divergence(const double* p, const double* q, int32_t n) {
    double sp = 0.0, sq = 0.0;
    for (int32_t i = 0; i < n; i++) {
        sp += p[i];
        sq += q[i];
    }
    if (!(sp > 0.0) || !(sq > 0.0)) return INFINITY;
    double kl = 0.0;
    for (int32_t i = 0; i < n; i++) {
        if (p[i] <= 0.0) continue;
        const double pi = p[i] / sp;
        const double qi = q[i] > 0.0 ? q[i] / sq : 1e-12;
        kl += pi * log(pi / qi);
    }
    return kl;
}

float ge_calib_kl_threshold(const double* hist, float amax, int32_t levels) {
    if (!(amax > 0.0f) || levels < 2) return amax;
    double p[GE_CALIB_BINS], q[GE_CALIB_BINS], h[GE_CALIB_BINS];
    /* The first bin holds every exact zero (RELU outputs, padding): such a spike would make any
     * clipping look cheap, so it is flattened to its neighbour's height. */
    memcpy(h, hist, sizeof(h));
    h[0] = h[1];
    hist = h;
    double outliers_total = 0.0;
    for (int32_t i = 0; i < GE_CALIB_BINS; i++) outliers_total += hist[i];
    if (!(outliers_total > 0.0)) return amax;
    int32_t best = GE_CALIB_BINS;
    double best_kl = INFINITY;
    /* candidate thresholds: every 8th bin from `levels` up to all bins (the last is min/max) */
    double head = 0.0;
    int32_t done = 0;
    for (int32_t i = levels; i <= GE_CALIB_BINS; i += 8) {
        for (; done < i; done++) head += hist[done];
        const double outliers = outliers_total - head;
        memcpy(p, hist, (size_t)i * sizeof(double));
        p[i - 1] += outliers;
        /* Q: the i kept bins merged into `levels` groups, each group's mass spread evenly over
         * the bins of the group that are non-empty in the unclipped histogram. */
        for (int32_t j = 0; j < levels; j++) {
            const int32_t start = (int32_t)((int64_t)j * i / levels);
            const int32_t end = (int32_t)((int64_t)(j + 1) * i / levels);
            double sum = 0.0;
            int32_t nonzero = 0;
            for (int32_t k = start; k < end; k++) {
                sum += hist[k];
                nonzero += hist[k] > 0.0;
            }
            for (int32_t k = start; k < end; k++) q[k] = hist[k] > 0.0 && nonzero ? sum / nonzero : 0.0;
        }
        const double kl = kl_divergence(p, q, i);
        if (kl < best_kl) {
            best_kl = kl;
            best = i;
        }
    }
    if (best >= GE_CALIB_BINS) return amax;
    return (float)(((double)best + 0.5) * (double)amax / GE_CALIB_BINS);
}

package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;

/**
 * Participation-ratio dimension of population activity (THEORY.md section 4):
 * {@code PR = (sum_k lambda_k)^2 / sum_k lambda_k^2 = (tr C)^2 / tr(C^2)} for the neuron covariance C.
 * Computed from the S x S Gram matrix of the centred samples, so no eigendecomposition is needed
 * and the cost is O(S^2 N).
 */
public final class ParticipationRatio {
    private ParticipationRatio() {
    }

    /** @param samples activity, shape (S, N): S samples (times x trials) of N neurons */
    public static double of(NdArray samples) {
        int s = samples.dim(0);
        int n = samples.dim(1);
        if (s < 2) {
            throw new IllegalArgumentException("participation ratio needs >= 2 samples, got " + s);
        }
        double[] a = centred(samples);
        double trace = 0;
        double frob = 0;
        // tr C = sum_t |a_t|^2 / S; tr C^2 = sum_{t,u} (a_t . a_u)^2 / S^2 (the S cancels in the ratio)
        for (int t = 0; t < s; t++) {
            for (int u = t; u < s; u++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += a[t * n + i] * a[u * n + i];
                }
                if (u == t) {
                    trace += dot;
                    frob += dot * dot;
                } else {
                    frob += 2 * dot * dot;
                }
            }
        }
        return frob > 0 ? trace * trace / frob : 0;
    }

    private static double[] centred(NdArray samples) {
        int s = samples.dim(0);
        int n = samples.dim(1);
        double[] a = samples.data().clone();
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int t = 0; t < s; t++) {
                m += a[t * n + i];
            }
            m /= s;
            for (int t = 0; t < s; t++) {
                a[t * n + i] -= m;
            }
        }
        return a;
    }
}

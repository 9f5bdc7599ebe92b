package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;

/**
 * Participation-ratio dimension of population activity (THEORY.md section 4):
 * {@code PR = (sum_k lambda_k)^2 / sum_k lambda_k^2 = (tr C)^2 / tr(C^2)} for the neuron covariance C.
 * Computed from the smaller Gram matrix of the centred samples (N x N or S x S), so no eigendecomposition
 * is needed and the cost is O(S N min(S, N)).
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
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(s, n, true, centred(samples));
        // tr C and tr C^2 from whichever Gram matrix is smaller: A^T A (N x N) or A A^T (S x S) share their
        // nonzero spectrum (the 1/S cancels in the ratio)
        org.ejml.data.DMatrixRMaj gram = new org.ejml.data.DMatrixRMaj(Math.min(s, n), Math.min(s, n));
        if (n <= s) {
            org.ejml.dense.row.CommonOps_DDRM.multTransA(a, a, gram);
        } else {
            org.ejml.dense.row.CommonOps_DDRM.multTransB(a, a, gram);
        }
        double trace = org.ejml.dense.row.CommonOps_DDRM.trace(gram);
        double frob = 0;
        for (double v : gram.data) {
            frob += v * v;
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

package org.rnnfield.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rnnfield.array.NdArray;

/**
 * A factor F with F F^T = Sigma, to sample a Gaussian vector as F z. Cholesky first: it is exact for a
 * positive-definite covariance and ~10x cheaper than an eigen-decomposition; a sampled kernel is
 * positive definite when M > D, but rows of zeros (x(0) = 0 gives phi = 0 at t = 0) and round-off
 * make it singular, so a jitter eps * mean(diag) is always added, from 1e-10 (a fixed floor keeps the
 * factor a smooth function of the kernel, which the Anderson-accelerated iteration needs) up to 1e-6. If that
 * still fails (a kernel that is not PSD, e.g. after a stationary projection), the symmetric
 * eigen-decomposition with negative eigenvalues clipped to 0 is used.
 */
public final class CovarianceFactor {
    private CovarianceFactor() {
    }

    /** The factor, D x D row-major, and how it was obtained. */
    public record Factor(NdArray matrix, String method, double jitter) {
    }

    public static Factor of(NdArray sigma) {
        int d = sigma.dim(0);
        double meanDiag = 0;
        for (int i = 0; i < d; i++) {
            meanDiag += sigma.get(i, i);
        }
        meanDiag = Math.max(meanDiag / d, Double.MIN_NORMAL);
        for (double eps = 1e-10; eps <= 1e-6; eps *= 10) {
            DMatrixRMaj m = new DMatrixRMaj(d, d, true, sigma.data());
            for (int i = 0; i < d; i++) {
                m.add(i, i, eps * meanDiag);
            }
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
            if (chol.decompose(m)) {
                DMatrixRMaj l = chol.getT(null);
                if (finite(l.data)) {
                    return new Factor(new NdArray(new int[]{d, d}, l.data), "cholesky", eps);
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        DMatrixRMaj m = new DMatrixRMaj(d, d, true, sigma.data());
        if (!eig.decompose(m)) {
            throw new IllegalStateException("covariance factor: eigen-decomposition failed (D = " + d + ")");
        }
        NdArray f = NdArray.zeros(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.max(0, eig.getEigenvalue(k).real);
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += v.get(i) * v.get(i);
            }
            double scale = Math.sqrt(lambda / norm);
            for (int i = 0; i < d; i++) {
                f.set(v.get(i) * scale, i, k);
            }
        }
        return new Factor(f, "eigen (negative eigenvalues clipped)", 0);
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}

package org.rnnfield.dmft.equilibrium;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.cpu.BlasLibrary;

/** Small dense linear algebra on host arrays for the D x D saddle-point equations (EJML underneath). */
final class Dense {
    private Dense() {
    }

    static DMatrixRMaj m(NdArray a) {
        return new DMatrixRMaj(a.dim(0), a.dim(1), true, a.data());
    }

    static NdArray a(DMatrixRMaj m) {
        return new NdArray(new int[]{m.numRows, m.numCols}, m.data.clone());
    }

    /** op(a) op(b), by the process's BLAS (native OpenBLAS where present). */
    static NdArray mult(NdArray a, boolean transA, NdArray b, boolean transB) {
        int rows = transA ? a.dim(1) : a.dim(0);
        int inner = transA ? a.dim(0) : a.dim(1);
        int cols = transB ? b.dim(0) : b.dim(1);
        if ((transB ? b.dim(1) : b.dim(0)) != inner) {
            throw new IllegalArgumentException("mult: inner dimensions " + inner + " and " + (transB ? b.dim(1) : b.dim(0)));
        }
        double[] c = new double[rows * cols];
        BlasLibrary.get().dgemmRowMajor(transA, transB, rows, cols, inner, a.data(), b.data(), c);
        return new NdArray(new int[]{rows, cols}, c);
    }

    /** a^T b a: a congruence (symmetrized against round-off). */
    static NdArray congruence(NdArray a, NdArray b) {
        return symmetrized(mult(mult(a, true, b, false), false, a, false));
    }

    /** s a (new array). */
    static NdArray scaled(NdArray a, double s) {
        double[] out = a.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return new NdArray(a.shape(), out);
    }

    static NdArray symmetrized(NdArray s) {
        int d = s.dim(0);
        double[] in = s.data();
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0.5 * (in[i * d + j] + in[j * d + i]);
                out[i * d + j] = v;
                out[j * d + i] = v;
            }
        }
        return new NdArray(new int[]{d, d}, out);
    }

    /** x + s y (new array). */
    static NdArray plus(NdArray x, double s, NdArray y) {
        double[] out = x.data().clone();
        double[] yd = y.data();
        for (int i = 0; i < out.length; i++) {
            out[i] += s * yd[i];
        }
        return new NdArray(x.shape(), out);
    }

    static NdArray transpose(NdArray a) {
        int rows = a.dim(0);
        int cols = a.dim(1);
        double[] in = a.data();
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = in[i * cols + j];
            }
        }
        return new NdArray(new int[]{cols, rows}, out);
    }

    static NdArray identity(int d) {
        NdArray e = NdArray.zeros(d, d);
        for (int i = 0; i < d; i++) {
            e.set(1.0, i, i);
        }
        return e;
    }

    /** The leading k x k block. */
    static NdArray leading(NdArray a, int k) {
        NdArray out = NdArray.zeros(k, k);
        for (int i = 0; i < k; i++) {
            System.arraycopy(a.data(), i * a.dim(1), out.data(), i * k, k);
        }
        return out;
    }

    /** A D x D array holding b in its leading block. */
    static NdArray embedLeading(NdArray b, int d) {
        int k = b.dim(0);
        NdArray out = NdArray.zeros(d, d);
        for (int i = 0; i < k; i++) {
            System.arraycopy(b.data(), i * k, out.data(), i * d, k);
        }
        return out;
    }

    /** Rows and columns idx of a. */
    static NdArray select(NdArray a, int[] rows, int[] cols) {
        int width = a.dim(1);
        double[] in = a.data();
        double[] out = new double[rows.length * cols.length];
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * width;
            for (int j = 0; j < cols.length; j++) {
                out[i * cols.length + j] = in[base + cols[j]];
            }
        }
        return new NdArray(new int[]{rows.length, cols.length}, out);
    }

    /** The solution X of (s + ridge I) X = b for symmetric positive-definite s + ridge I (Cholesky). */
    static NdArray solveSpd(NdArray s, double ridge, NdArray b) {
        DMatrixRMaj ms = m(s).copy();
        for (int i = 0; i < ms.numRows; i++) {
            ms.add(i, i, ridge);
        }
        DMatrixRMaj x = new DMatrixRMaj(b.dim(0), b.dim(1));
        if (!CommonOps_DDRM.solveSPD(ms, m(b).copy(), x)) {
            throw new IllegalStateException("readout kernel + ridge " + ridge + " is not positive definite");
        }
        return a(x);
    }

    /** Lower Cholesky factor of a symmetric matrix, or null when it is not positive definite. */
    static NdArray choleskyOrNull(NdArray s) {
        DMatrixRMaj ms = m(s).copy();
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(ms.numRows, true);
        if (!chol.decompose(ms)) {
            return null;
        }
        NdArray l = a(chol.getT(null));
        for (double v : l.data()) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return l;
    }

    /** L^{-1} of a nonsingular lower-triangular factor, by forward substitution (lower triangular itself). */
    static NdArray lowerInverse(NdArray l) {
        int d = l.dim(0);
        double[] a = l.data();
        double[] inv = new double[d * d];
        for (int col = 0; col < d; col++) {
            for (int i = col; i < d; i++) {
                double v = i == col ? 1.0 : 0.0;
                for (int k = col; k < i; k++) {
                    v -= a[i * d + k] * inv[k * d + col];
                }
                double pivot = a[i * d + i];
                if (pivot == 0 || !Double.isFinite(pivot)) {
                    throw new IllegalStateException("singular Cholesky factor");
                }
                inv[i * d + col] = v / pivot;
            }
        }
        return new NdArray(new int[]{d, d}, inv);
    }

    /** The inverse of a symmetric positive-definite matrix given its lower Cholesky factor: L^-T L^-1. */
    static NdArray inverseFromCholesky(NdArray l) {
        NdArray linv = lowerInverse(l);
        return symmetrized(mult(linv, true, linv, false));
    }

    /**
     * The nearest positive semi-definite matrix (negative eigenvalues clipped to 0), or {@code s} itself when
     * it already admits a Cholesky factor: a continuous map, so iterations through it stay smooth.
     */
    static NdArray positivePart(NdArray s) {
        if (choleskyOrNull(s) != null) {
            return s;
        }
        int d = s.dim(0);
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(m(s).copy())) {
            throw new IllegalStateException("eigen-decomposition failed (D = " + d + ")");
        }
        NdArray out = NdArray.zeros(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = eig.getEigenvalue(k).real;
            if (lambda <= 0) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += v.get(i) * v.get(i);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.data()[i * d + j] += lambda * v.get(i) * v.get(j) / norm;
                }
            }
        }
        return symmetrized(out);
    }

    static double maxAbs(NdArray a) {
        double m = 0;
        for (double v : a.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}

package org.rnnfield.analysis;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rnnfield.array.NdArray;

/**
 * Eigenvalues of the effective connectivity {@code (g/sqrt N) J} (THEORY.md section 4). For random
 * J they fill the disc of radius g (circular law); learning adds outliers. In a linear network a
 * mode with eigenvalue w of (g/sqrt N) J evolves as exp((w - 1) t / tau), so an outlier near
 * 1 + 2 pi i f tau oscillates at frequency f with little decay.
 *
 * @param real real parts
 * @param imag imaginary parts
 */
public record ConnectivitySpectrum(double[] real, double[] imag) {

    public static ConnectivitySpectrum of(NdArray j, double scale) {
        int n = j.dim(0);
        if (j.ndim() != 2 || j.dim(1) != n) {
            throw new IllegalArgumentException("eigenvalues need a square matrix, got " + j.shapeString());
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) {
            m.data[i] = scale * j.data()[i];
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(m)) {
            throw new ArithmeticException("eigendecomposition of a " + n + " x " + n + " matrix did not converge");
        }
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            Complex_F64 c = eig.getEigenvalue(i);
            re[i] = c.real;
            im[i] = c.imaginary;
        }
        return new ConnectivitySpectrum(re, im);
    }

    /** Largest modulus. */
    public double radius() {
        double r = 0;
        for (int i = 0; i < real.length; i++) {
            r = Math.max(r, Math.hypot(real[i], imag[i]));
        }
        return r;
    }

    /** Eigenvalues with modulus above {@code threshold} (e.g. just outside the bulk of radius g), as {re, im} pairs. */
    public double[][] outliers(double threshold) {
        return java.util.stream.IntStream.range(0, real.length)
                .filter(i -> Math.hypot(real[i], imag[i]) > threshold)
                .mapToObj(i -> new double[]{real[i], imag[i]})
                .toArray(double[][]::new);
    }

    /** Oscillation frequency of the mode with eigenvalue (re, im) in a linear network: im / (2 pi tau). */
    public static double linearModeFrequency(double im, double tau) {
        return Math.abs(im) / (2 * Math.PI * tau);
    }
}

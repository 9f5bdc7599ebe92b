package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dynamics.Trajectory;

/**
 * Population kernels of a simulated network, {@code Phi_N(z, z') = (1/N) sum_i phi(x_i(z)) phi(x_i(z'))}
 * and {@code C_N(z, z') = (1/N) sum_i x_i(z) x_i(z')} over z = (t, trial), index t B + b (the DMFT
 * kernels' layout), each one GEMM on the backend.
 */
public record PopulationKernels(NdArray phi, NdArray c) {

    public static PopulationKernels of(Backend backend, Trajectory traj) {
        return new PopulationKernels(gram(backend, traj.activations()), gram(backend, traj.states()));
    }

    private static NdArray gram(Backend backend, Tensor t) {
        Tensor k = backend.zeros(t.cols(), t.cols());
        backend.gemm(true, false, 1.0 / t.rows(), t, t, 0.0, k);
        return backend.download(k);
    }

    /** Relative Frobenius distance |A - B| / |B|. */
    public static double relativeDistance(NdArray a, NdArray b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.data()[i] - b.data()[i];
            diff += d * d;
            norm += b.data()[i] * b.data()[i];
        }
        return Math.sqrt(diff / norm);
    }

    /** c(tau) = mean over t >= from (and t + tau <= T) of K(t, t + tau), one trial, lags 0..maxLag steps. */
    public static double[] windowLagAverages(NdArray k, int from, int maxLag) {
        int d = k.dim(0);
        double[] c = new double[maxLag + 1];
        for (int lag = 0; lag <= maxLag; lag++) {
            double s = 0;
            int n = 0;
            for (int t = from; t + lag < d; t++) {
                s += k.get(t, t + lag);
                n++;
            }
            c[lag] = n > 0 ? s / n : Double.NaN;
        }
        return c;
    }
}

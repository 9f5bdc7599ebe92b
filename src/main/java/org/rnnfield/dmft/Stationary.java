package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;

/**
 * Stationary (time-translation invariant) kernels on a periodic grid of T points: the stationary
 * mode of {@link MonteCarloDmft} samples eta as a stationary periodic Gaussian process and the
 * single-site path in its periodic steady state, so every time point is stationary (no burn-in)
 * and every lag is averaged over all T positions.
 */
public final class Stationary {
    private Stationary() {
    }

    /** c(tau) = (1/T) sum_t K(t, (t + tau) mod T), symmetrized, for tau = 0..T-1, from a T x T (or larger) kernel. */
    public static double[] periodicLagAverages(NdArray k, int period) {
        int d = k.dim(0);
        double[] c = new double[period];
        double[] data = k.data();
        for (int lag = 0; lag < period; lag++) {
            double s = 0;
            for (int t = 0; t < period; t++) {
                s += data[t * d + (t + lag) % period];
            }
            c[lag] = s / period;
        }
        double[] sym = new double[period];
        for (int lag = 0; lag < period; lag++) {
            sym[lag] = 0.5 * (c[lag] + c[(period - lag) % period]);
        }
        return sym;
    }

    /** The circulant kernel K(t, s) = c((s - t) mod T) on times 0..size-1. */
    public static NdArray circulant(double[] c, int size) {
        int period = c.length;
        NdArray m = NdArray.zeros(size, size);
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                m.data()[i * size + j] = c[Math.floorMod(j - i, period)];
            }
        }
        return m;
    }

    /** S_k = max(0, scale sum_tau c(tau) cos(2 pi k tau / T)), the spectrum the circulant factor realizes. */
    static double[] spectrum(double[] c, double scale) {
        int period = c.length;
        double[] spec = new double[period];
        for (int k = 0; k < period; k++) {
            double s = 0;
            for (int lag = 0; lag < period; lag++) {
                s += c[lag] * Math.cos(2 * Math.PI * ((long) k * lag % period) / period);
            }
            spec[k] = Math.max(0, scale * s);
        }
        return spec;
    }

    /**
     * The exact lag profile of x in the periodic steady state of x(t+1) = (1-alpha) x(t) + alpha eta(t)
     * driven by the periodic eta of spectrum S: S_x(k) = S_k |H_k|^2 with the Euler filter
     * H_k = alpha / (e^{i w_k} - (1 - alpha)), w_k = 2 pi k / T, and c_x(tau) = (1/T) sum_k S_x(k) cos(w_k tau).
     */
    static double[] responseLagProfile(double[] spectrum, double alpha) {
        int period = spectrum.length;
        double[] sx = new double[period];
        for (int k = 0; k < period; k++) {
            double w = 2 * Math.PI * k / period;
            double denom = 1 - 2 * (1 - alpha) * Math.cos(w) + (1 - alpha) * (1 - alpha);
            sx[k] = spectrum[k] * alpha * alpha / denom;
        }
        double[] c = new double[period];
        for (int lag = 0; lag < period; lag++) {
            double s = 0;
            for (int k = 0; k < period; k++) {
                s += sx[k] * Math.cos(2 * Math.PI * ((long) k * lag % period) / period);
            }
            c[lag] = s / period;
        }
        return c;
    }

    /**
     * A T x 2T factor F with F F^T = circulant(scale c): eta(t) = sum_k sqrt(S_k / T) (a_k cos(2 pi k t/T)
     * + b_k sin(2 pi k t/T)) with S_k = scale sum_tau c(tau) cos(2 pi k tau / T) clipped at 0 (the
     * spectrum of a valid covariance is non-negative; clipping removes sampling noise that is not).
     */
    public static NdArray circulantFactor(double[] c, double scale) {
        int period = c.length;
        NdArray f = NdArray.zeros(period, 2 * period);
        double[] spec = spectrum(c, scale);
        for (int k = 0; k < period; k++) {
            double amp = Math.sqrt(spec[k] / period);
            for (int t = 0; t < period; t++) {
                double angle = 2 * Math.PI * ((long) k * t % period) / period;
                f.data()[t * 2 * period + k] = amp * Math.cos(angle);
                f.data()[t * 2 * period + period + k] = amp * Math.sin(angle);
            }
        }
        return f;
    }
}

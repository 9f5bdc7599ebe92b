package org.rnnfield.analysis;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnfield.array.NdArray;

/**
 * Population power spectrum of activity with a Hann window (THEORY.md section 4):
 * {@code P(f) = (dt / sum_t w_t^2) (1/N) sum_i |sum_t w_t (a_i(t) - mean_i) e^{-2 pi i f t dt}|^2}
 * at f = m / (T dt), m = 0..T/2. With this normalization white noise of variance s^2 has
 * P(f) = s^2 dt at every frequency. The DFT is two GEMMs (cos and sin tables), O(T^2 N).
 *
 * @param freqs frequencies in cycles per unit time (tau units if dt is)
 * @param power P(f)
 */
public record PowerSpectrum(double[] freqs, double[] power) {

    /** @param activity shape (T, N) */
    public static PowerSpectrum of(NdArray activity, double dt) {
        int t = activity.dim(0);
        int n = activity.dim(1);
        int f = t / 2 + 1;
        double[] w = hann(t);
        double w2 = sumOfSquares(w);
        DMatrixRMaj a = new DMatrixRMaj(t, n);
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int k = 0; k < t; k++) {
                m += activity.get(k, i);
            }
            m /= t;
            for (int k = 0; k < t; k++) {
                a.set(k, i, w[k] * (activity.get(k, i) - m));
            }
        }
        DMatrixRMaj cos = new DMatrixRMaj(f, t);
        DMatrixRMaj sin = new DMatrixRMaj(f, t);
        for (int m = 0; m < f; m++) {
            for (int k = 0; k < t; k++) {
                double ph = 2 * Math.PI * (double) m * k / t;
                cos.set(m, k, Math.cos(ph));
                sin.set(m, k, Math.sin(ph));
            }
        }
        DMatrixRMaj re = new DMatrixRMaj(f, n);
        DMatrixRMaj im = new DMatrixRMaj(f, n);
        CommonOps_DDRM.mult(cos, a, re);
        CommonOps_DDRM.mult(sin, a, im);
        double[] freqs = new double[f];
        double[] power = new double[f];
        for (int m = 0; m < f; m++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += re.get(m, i) * re.get(m, i) + im.get(m, i) * im.get(m, i);
            }
            freqs[m] = m / (t * dt);
            power[m] = s / n * dt / w2;
        }
        return new PowerSpectrum(freqs, power);
    }

    /**
     * The expected population spectrum of a process with kernel {@code c(t, s) = <a_i(t) a_i(s)>} (T x T, e.g. a
     * DMFT's kernel over the same times): the same formula as {@link #of} with the average over neurons taken
     * inside, {@code P(f) = (dt / sum w^2) v^H (H c H) v}, v_t = w_t e^{-2 pi i f t dt}, H the centring over time.
     * For c = A A^T / N of an activity matrix A it equals {@code of(A, dt)} exactly.
     */
    public static PowerSpectrum ofKernel(NdArray c, double dt) {
        int t = c.dim(0);
        if (c.ndim() != 2 || c.dim(1) != t) {
            throw new IllegalArgumentException("kernel must be T x T, got " + c.shapeString());
        }
        int f = t / 2 + 1;
        double[] w = hann(t);
        double w2 = sumOfSquares(w);
        // H c H: subtract row and column means, add back the grand mean
        double[] rowMean = new double[t];
        double grand = 0;
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                rowMean[a] += c.get(a, b) / t;
            }
            grand += rowMean[a] / t;
        }
        double[][] centred = new double[t][t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                centred[a][b] = c.get(a, b) - rowMean[a] - rowMean[b] + grand;
            }
        }
        double[] freqs = new double[f];
        double[] power = new double[f];
        for (int m = 0; m < f; m++) {
            double s = 0;
            for (int a = 0; a < t; a++) {
                for (int b = 0; b < t; b++) {
                    s += w[a] * w[b] * centred[a][b] * Math.cos(2 * Math.PI * (double) m * (a - b) / t);
                }
            }
            freqs[m] = m / (t * dt);
            power[m] = s * dt / w2;
        }
        return new PowerSpectrum(freqs, power);
    }

    /** The Hann window of t samples (1 for a single sample). */
    private static double[] hann(int t) {
        double[] w = new double[t];
        for (int k = 0; k < t; k++) {
            w[k] = t > 1 ? 0.5 * (1 - Math.cos(2 * Math.PI * k / (t - 1))) : 1;
        }
        return w;
    }

    private static double sumOfSquares(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return s;
    }

    /** P at the bin nearest to f. */
    public double at(double f) {
        int best = 0;
        for (int m = 1; m < freqs.length; m++) {
            if (Math.abs(freqs[m] - f) < Math.abs(freqs[best] - f)) {
                best = m;
            }
        }
        return power[best];
    }

    /** The frequency of the largest peak above f = 0. */
    public double peakFrequency() {
        int best = Math.min(1, freqs.length - 1);
        for (int m = 1; m < freqs.length; m++) {
            if (power[m] > power[best]) {
                best = m;
            }
        }
        return freqs[best];
    }
}

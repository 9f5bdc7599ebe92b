package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;

/**
 * A simulated electrophysiology recording of a model population (THEORY.md section 5): a random
 * subset of units, each firing as a Poisson process at rate {@code maxRate (phi + 1) / 2} (tanh units
 * mapped to [0, maxRate] spikes/s), spike counts in bins of {@code binSeconds}, averaged over trials
 * into rate estimates (spikes/s), as a lab would trial-average a peri-stimulus time histogram.
 */
public final class SyntheticRecording {
    private SyntheticRecording() {
    }

    /** Rates in spikes/s of the model's tanh responses (C, T, N), same shape. */
    public static NdArray rates(NdArray responses, double maxRate) {
        double[] a = responses.data();
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = maxRate * (a[i] + 1) / 2;
        }
        return new NdArray(responses.shape(), out);
    }

    /**
     * @param responses tanh responses (C, T, N)
     * @return trial-averaged rate estimates of {@code units} randomly chosen units, (C, T, units)
     */
    public static NdArray record(NdArray responses, int units, int trials, double maxRate, double binSeconds, long seed) {
        int c = responses.dim(0);
        int t = responses.dim(1);
        int n = responses.dim(2);
        if (units < 1 || units > n) {
            throw new IllegalArgumentException("recorded units " + units + " not in 1.." + n);
        }
        Rng rng = Rng.stream(seed, "recording");
        int[] chosen = choose(n, units, rng);
        NdArray out = NdArray.zeros(c, t, units);
        for (int b = 0; b < c; b++) {
            for (int k = 0; k < t; k++) {
                for (int u = 0; u < units; u++) {
                    double mean = maxRate * (responses.get(b, k, chosen[u]) + 1) / 2 * binSeconds;
                    int total = 0;
                    for (int r = 0; r < trials; r++) {
                        total += poisson(mean, rng);
                    }
                    out.set(total / (double) trials / binSeconds, b, k, u);
                }
            }
        }
        return out;
    }

    /** Knuth's product-of-uniforms sampler; fine for the small means of short bins. */
    static int poisson(double mean, Rng rng) {
        double limit = Math.exp(-mean);
        double p = rng.uniform();
        int k = 0;
        while (p > limit) {
            p *= rng.uniform();
            k++;
        }
        return k;
    }

    /** The first {@code k} of a seeded Fisher-Yates shuffle of 0..n-1. */
    private static int[] choose(int n, int k, Rng rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + (int) (rng.uniform() * (n - i));
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return java.util.Arrays.copyOf(idx, k);
    }
}

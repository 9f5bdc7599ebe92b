package org.rnnfield.analysis;

import org.rnnfield.array.Rng;

import java.util.Arrays;

/**
 * Distribution of one quantity across neurons (e.g. x_i(t) at a fixed time and trial, THEORY.md
 * section 4): excess kurtosis with a bootstrap interval, and Kolmogorov-Smirnov distances to the
 * Gaussian of the same mean and variance and, when given, to single-site DMFT samples.
 *
 * @param kurtosis     excess kurtosis (0 for a Gaussian)
 * @param kurtosisLow  2.5% percentile of the bootstrap distribution (resampling neurons, or blocks of them)
 * @param kurtosisHigh 97.5% percentile
 * @param ksGaussian   KS distance to N(mean, var) with mean and var estimated from the data
 *                     (so its Kolmogorov p-value below is conservative: Lilliefors)
 * @param ksGaussianP  p-value of ksGaussian
 * @param ksSite       two-sample KS distance to the DMFT site samples (NaN without them)
 * @param ksSiteP      its p-value with effective size n m / (n + m)
 * @param bootstrapBlock values resampled together in the bootstrap: 1 for independent neurons; the quenched group
 *                     size K for equilibrium sites, which share x(0) and U within a group (docs/theory.md eq. 5.14)
 */
public record SingleNeuronStatistics(int count, double mean, double variance, double kurtosis, double kurtosisLow,
                                     double kurtosisHigh, double ksGaussian, double ksGaussianP, double ksSite,
                                     double ksSiteP, int bootstrapBlock) {
    public static final int BOOTSTRAP_RESAMPLES = 1000;

    /** Statistics of independent values (neurons of one network, i.i.d. sites). */
    public static SingleNeuronStatistics of(double[] values, double[] siteSamples, long seed) {
        return ofBlocks(values, 1, siteSamples, seed);
    }

    /**
     * Statistics of values that come in consecutive blocks of {@code block} correlated ones: the kurtosis interval
     * resamples whole blocks. Equilibrium sites share their quenched draw within a group, and a weighted resample
     * repeats sites next to each other; resampling them one by one treats them as independent (on single-neuron's
     * sites, g = 1.5, gamma = 0.5, the blocks widened the interval by less than 0.01: docs/theory.md section 7).
     */
    public static SingleNeuronStatistics ofBlocks(double[] values, int block, double[] siteSamples, long seed) {
        int n = values.length;
        if (n < 4) {
            throw new IllegalArgumentException("single-neuron statistics need >= 4 neurons, got " + n);
        }
        double mean = Statistics.mean(values);
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        var /= n;
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = values[i] - mean;
        }
        double ks = var > 0 ? Statistics.ksStatisticNormal(centred, var) : 1;
        double[] interval = bootstrapKurtosis(values, block, BOOTSTRAP_RESAMPLES, seed);
        double ksSite = Double.NaN;
        double ksSiteP = Double.NaN;
        if (siteSamples != null && siteSamples.length > 0) {
            ksSite = Statistics.ksStatistic(values, siteSamples);
            double m = siteSamples.length;
            ksSiteP = Statistics.ksPValue(ksSite, n * m / (n + m));
        }
        return new SingleNeuronStatistics(n, mean, var, Statistics.excessKurtosis(values), interval[0], interval[1], ks,
                Statistics.ksPValue(ks, n), ksSite, ksSiteP, block);
    }

    /** 95% percentile-bootstrap interval of the excess kurtosis, {low, high}, resampling single values. */
    public static double[] bootstrapKurtosis(double[] values, int resamples, long seed) {
        return bootstrapKurtosis(values, 1, resamples, seed);
    }

    /**
     * 95% percentile-bootstrap interval of the excess kurtosis, {low, high}, resampling consecutive blocks of
     * {@code block} values (the last block may be shorter) until the sample has the data's size.
     */
    public static double[] bootstrapKurtosis(double[] values, int block, int resamples, long seed) {
        int n = values.length;
        if (block < 1 || block > n) {
            throw new IllegalArgumentException("bootstrap block " + block + " not in 1.." + n);
        }
        Rng rng = Rng.stream(seed, "bootstrap");
        int blocks = (n + block - 1) / block;
        double[] stats = new double[resamples];
        double[] sample = new double[n];
        for (int r = 0; r < resamples; r++) {
            int filled = 0;
            while (filled < n) {
                int start = (int) (rng.uniform() * blocks) * block;
                int length = Math.min(Math.min(block, n - start), n - filled);
                System.arraycopy(values, start, sample, filled, length);
                filled += length;
            }
            stats[r] = Statistics.excessKurtosis(sample);
        }
        Arrays.sort(stats);
        return new double[]{stats[(int) Math.floor(0.025 * (resamples - 1))], stats[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    /** Whether two intervals overlap. */
    public boolean kurtosisOverlaps(SingleNeuronStatistics other) {
        return kurtosisLow <= other.kurtosisHigh && other.kurtosisLow <= kurtosisHigh;
    }
}

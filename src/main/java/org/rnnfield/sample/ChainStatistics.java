package org.rnnfield.sample;

/**
 * Sampling error of Markov-chain averages: integrated autocorrelation times (Sokal's automatic
 * window, c = 5), batch-means standard errors, and the Gelman-Rubin potential scale reduction R-hat
 * across chains (computed on batch means, which are nearly independent when a batch spans many
 * autocorrelation times).
 */
public final class ChainStatistics {
    /** Sokal's window constant: the window M is the smallest with M >= C tau(M). */
    static final double SOKAL_C = 5.0;

    private ChainStatistics() {
    }

    /** tau_int = 1 + 2 sum_{k=1}^{M} rho(k) of a series, in units of its sampling interval. */
    public static double integratedAutocorrelationTime(double[] x) {
        int n = x.length;
        if (n < 4) {
            return Double.NaN;
        }
        double mean = org.rnnfield.analysis.Statistics.mean(x);
        double c0 = 0;
        for (double v : x) {
            c0 += (v - mean) * (v - mean);
        }
        c0 /= n;
        if (c0 == 0) {
            return 1.0;
        }
        double tau = 1.0;
        for (int k = 1; k < n / 2; k++) {
            double ck = 0;
            for (int i = 0; i + k < n; i++) {
                ck += (x[i] - mean) * (x[i + k] - mean);
            }
            tau += 2 * ck / (n * c0);
            if (k >= SOKAL_C * tau) {
                break;
            }
        }
        return Math.max(tau, 1e-12);
    }

    /** Mean over chains and batches of column i, and its standard error from the spread of all batch means. */
    public static double[][] meanAndStdErr(double[][][] batchMeans) {
        int chains = batchMeans.length;
        int batches = batchMeans[0].length;
        int len = batchMeans[0][0].length;
        double[] mean = new double[len];
        double[] se = new double[len];
        int n = chains * batches;
        for (int i = 0; i < len; i++) {
            double s = 0;
            for (double[][] chain : batchMeans) {
                for (double[] b : chain) {
                    s += b[i];
                }
            }
            double m = s / n;
            double v = 0;
            for (double[][] chain : batchMeans) {
                for (double[] b : chain) {
                    v += (b[i] - m) * (b[i] - m);
                }
            }
            mean[i] = m;
            se[i] = Math.sqrt(v / (n - 1) / n);
        }
        return new double[][]{mean, se};
    }

    /** R-hat of column i over chains (NaN with one chain): sqrt(((n-1)/n W + B/n) / W) on batch means. */
    public static double[] rHat(double[][][] batchMeans) {
        int chains = batchMeans.length;
        int len = batchMeans[0][0].length;
        double[] r = new double[len];
        if (chains < 2) {
            java.util.Arrays.fill(r, Double.NaN);
            return r;
        }
        int n = batchMeans[0].length;
        for (int i = 0; i < len; i++) {
            double[] chainMean = new double[chains];
            double within = 0;
            for (int c = 0; c < chains; c++) {
                double s = 0;
                for (double[] b : batchMeans[c]) {
                    s += b[i];
                }
                chainMean[c] = s / n;
                double v = 0;
                for (double[] b : batchMeans[c]) {
                    v += (b[i] - chainMean[c]) * (b[i] - chainMean[c]);
                }
                within += v / (n - 1);
            }
            within /= chains;
            double grand = 0;
            for (double m : chainMean) {
                grand += m;
            }
            grand /= chains;
            double between = 0;
            for (double m : chainMean) {
                between += (m - grand) * (m - grand);
            }
            between = between * n / (chains - 1);
            double varPlus = (n - 1.0) / n * within + between / n;
            r[i] = within > 0 ? Math.sqrt(varPlus / within) : (between > 0 ? Double.POSITIVE_INFINITY : 1.0);
        }
        return r;
    }
}

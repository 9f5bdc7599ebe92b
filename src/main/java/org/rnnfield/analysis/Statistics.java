package org.rnnfield.analysis;

import java.util.Arrays;

/**
 * Small statistics used by the analyses: normal CDF, Kolmogorov-Smirnov, log-log slope fits, moments. The
 * special functions (erfc, the Kolmogorov distribution) come from commons-math3, not from approximations.
 */
public final class Statistics {
    private Statistics() {
    }

    /** Standard normal CDF, 0.5 erfc(-x / sqrt 2) (commons-math3's erfc, full double precision). */
    public static double normalCdf(double x) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    /** One-sample Kolmogorov-Smirnov statistic of the samples against N(0, variance). */
    public static double ksStatisticNormal(double[] samples, double variance) {
        double[] s = samples.clone();
        Arrays.sort(s);
        double sd = Math.sqrt(variance);
        double d = 0;
        int n = s.length;
        for (int i = 0; i < n; i++) {
            double f = normalCdf(s[i] / sd);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return d;
    }

    /** Two-sample Kolmogorov-Smirnov statistic. */
    public static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /**
     * Asymptotic p-value of a KS statistic d with effective sample size n: the Kolmogorov distribution's tail
     * (commons-math3) at Stephens' lambda = (sqrt n + 0.12 + 0.11 / sqrt n) d.
     */
    public static double ksPValue(double d, double n) {
        double lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
        if (lambda < 1e-3) {
            return 1;
        }
        double cdf = new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest().ksSum(lambda, 1e-14, 100_000);
        return Math.max(0, Math.min(1, 1 - cdf));
    }

    /** Least-squares slope of y against x with its standard error: {slope, stderr, intercept}. */
    public static double[] linearFit(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - intercept - slope * x[i];
            rss += r * r;
        }
        double se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Double.NaN;
        return new double[]{slope, se, intercept};
    }

    /** The median (the mean of the middle two for an even count). */
    public static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    public static double stdErr(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length > 1 ? Math.sqrt(s / (v.length - 1) / v.length) : Double.NaN;
    }

    /** Excess kurtosis E[(x - m)^4] / var^2 - 3. */
    public static double excessKurtosis(double[] v) {
        double m = mean(v);
        double s2 = 0;
        double s4 = 0;
        for (double x : v) {
            double d = (x - m) * (x - m);
            s2 += d;
            s4 += d * d;
        }
        s2 /= v.length;
        s4 /= v.length;
        return s4 / (s2 * s2) - 3;
    }

    /** Density histogram over [min, max] with equal bins: {bin centres, densities} (integrates to 1). */
    public static double[][] histogram(double[] v, int bins) {
        double lo = Arrays.stream(v).min().orElse(0);
        double hi = Arrays.stream(v).max().orElse(1);
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double w = (hi - lo) / bins;
        double[] centres = new double[bins];
        double[] density = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = lo + (b + 0.5) * w;
        }
        for (double x : v) {
            int b = Math.min(bins - 1, (int) ((x - lo) / w));
            density[b] += 1.0 / (v.length * w);
        }
        return new double[][]{centres, density};
    }
}

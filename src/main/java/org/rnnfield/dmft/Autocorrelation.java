package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;

/**
 * A stationary autocorrelation on lags 0, dt, 2 dt, ... (units of tau), read off a circulant
 * kernel, with its standard error.
 */
public record Autocorrelation(double dt, double[] values, double[] stdErr) {

    /** Lags 0..maxLag of the first row of a stationary kernel and of its standard-error array. */
    public static Autocorrelation fromKernel(NdArray kernel, NdArray stdErr, double dt, double maxLag) {
        int n = (int) Math.min(Math.round(maxLag / dt), kernel.dim(0) - 1) + 1;
        double[] v = new double[n];
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = kernel.get(0, k);
            e[k] = stdErr.get(0, k);
        }
        return new Autocorrelation(dt, v, e);
    }

    public double[] lags() {
        double[] l = new double[values.length];
        for (int k = 0; k < l.length; k++) {
            l[k] = k * dt;
        }
        return l;
    }

    /** Value at a lag (units of tau), which must fall on the grid. */
    public double at(double lag) {
        return values[index(lag)];
    }

    public double stdErrAt(double lag) {
        return stdErr[index(lag)];
    }

    private int index(double lag) {
        int k = (int) Math.round(lag / dt);
        if (Math.abs(k * dt - lag) > 1e-9 * Math.max(1, lag) || k >= values.length) {
            throw new IllegalArgumentException("lag " + lag + " is not on the grid of step " + dt + " up to " + (values.length - 1) * dt);
        }
        return k;
    }
}

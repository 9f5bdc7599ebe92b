package org.rnnfield.sample;

import org.rnnfield.array.NdArray;

/**
 * Running window averages of one chain: sums per batch (batch means) of a fixed-length vector, plus the
 * full scalar series for autocorrelation times. Host memory: BATCHES x length doubles.
 */
final class ChainAverages {
    private final int length;
    private final int batchLength;
    private final double[][] batchSums;
    private int count;

    ChainAverages(int length, int window) {
        this.length = length;
        this.batchLength = window / LangevinSpec.BATCHES;
        this.batchSums = new double[LangevinSpec.BATCHES][length];
    }

    /** Adds one sample (the window's k-th); samples past BATCHES full batches are ignored. */
    void add(double[] v) {
        int b = count / batchLength;
        count++;
        if (b >= LangevinSpec.BATCHES) {
            return;
        }
        double[] s = batchSums[b];
        for (int i = 0; i < length; i++) {
            s[i] += v[i];
        }
    }

    /** Batch means, BATCHES x length. */
    double[][] batchMeans() {
        double[][] m = new double[LangevinSpec.BATCHES][length];
        for (int b = 0; b < m.length; b++) {
            for (int i = 0; i < length; i++) {
                m[b][i] = batchSums[b][i] / batchLength;
            }
        }
        return m;
    }

    NdArray toArray() {
        NdArray a = NdArray.zeros(LangevinSpec.BATCHES + 1, length);
        for (int b = 0; b < LangevinSpec.BATCHES; b++) {
            System.arraycopy(batchSums[b], 0, a.data(), b * length, length);
        }
        a.data()[LangevinSpec.BATCHES * length] = count;
        return a;
    }

    static ChainAverages fromArray(NdArray a, int window) {
        int length = a.dim(1);
        ChainAverages c = new ChainAverages(length, window);
        for (int b = 0; b < LangevinSpec.BATCHES; b++) {
            System.arraycopy(a.data(), b * length, c.batchSums[b], 0, length);
        }
        c.count = (int) a.data()[LangevinSpec.BATCHES * length];
        return c;
    }
}

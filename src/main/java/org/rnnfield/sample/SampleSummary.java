package org.rnnfield.sample;

import org.rnnfield.array.NdArray;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.task.TaskData;

import java.util.List;

/**
 * Window averages over all chains with their sampling errors: the output y (P, T, D_out), the kernel
 * (D x D, layout t P + mu) and the loss, each with a batch-means standard error; R-hat across chains
 * (largest over output points); the integrated autocorrelation time of the loss per chain (in updates).
 */
public record SampleSummary(NdArray output, NdArray outputStdErr, NdArray kernel, NdArray kernelStdErr,
                            double loss, double lossStdErr, double lossRHat, double outputRHatMax,
                            double[] lossAutocorrelationTimes, int chains) {
    /** Output R-hat at or above this means the chains have not mixed: the run says so and exits non-zero. */
    public static final double MAX_R_HAT = 1.1;

    /** Whether the chains agree (a single chain has no R-hat and counts as mixed). */
    public boolean mixed() {
        return chains < 2 || outputRHatMax < MAX_R_HAT;
    }

    public static SampleSummary of(List<LangevinSampler.Chain> chains, TaskData task, int burnIn) {
        int c = chains.size();
        double[][][] out = new double[c][][];
        double[][][] ker = new double[c][][];
        double[][][] loss = new double[c][][];
        double[] tau = new double[c];
        for (int i = 0; i < c; i++) {
            LangevinSampler.Chain ch = chains.get(i);
            out[i] = ch.outputs();
            ker[i] = ch.kernels();
            loss[i] = ch.lossBatches();
            tau[i] = ChainStatistics.integratedAutocorrelationTime(
                    java.util.Arrays.copyOfRange(ch.losses(), burnIn, ch.losses().length));
        }
        double[][] y = ChainStatistics.meanAndStdErr(out);
        double[][] k = ChainStatistics.meanAndStdErr(ker);
        double[][] l = ChainStatistics.meanAndStdErr(loss);
        double rMax = Double.NaN;
        for (double r : ChainStatistics.rHat(out)) {
            rMax = Double.isNaN(rMax) ? r : Math.max(rMax, r);
        }
        int d = (int) Math.round(Math.sqrt(k[0].length));
        int dOut = task.outputDim();
        int cols = task.steps() * task.trials();
        return new SampleSummary(
                TaskBatch.batchMajor(new NdArray(new int[]{dOut, cols}, y[0]), task.trials(), task.steps()),
                TaskBatch.batchMajor(new NdArray(new int[]{dOut, cols}, y[1]), task.trials(), task.steps()),
                new NdArray(new int[]{d, d}, k[0]), new NdArray(new int[]{d, d}, k[1]),
                l[0][0], l[1][0], ChainStatistics.rHat(loss)[0], rMax, tau, c);
    }
}

package org.rnnfield.task;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;

/**
 * One batch of a task on the network's time grid. Step k = 0..T-1 takes x(k) to x(k+1):
 * {@code inputs[b, k, :]} is I(k) driving that step, and {@code targets[b, k, :]} with weight
 * {@code mask[b, k]} (0 or 1) is compared with the readout y of x(k+1).
 *
 * @param inputs  shape (B, T, D_in), D_in may be 0
 * @param targets shape (B, T, D_out)
 * @param mask    shape (B, T)
 */
public record TaskData(NdArray inputs, NdArray targets, NdArray mask) {

    public TaskData {
        if (targets.ndim() != 3) {
            throw new ConfigException("targets: shape " + targets.shapeString() + " is not allowed (allowed: (B, T, D_out))");
        }
        int b = targets.dim(0);
        int t = targets.dim(1);
        if (b < 1 || t < 1 || targets.dim(2) < 1) {
            throw new ConfigException("targets: shape " + targets.shapeString() + " is not allowed (allowed: B, T, D_out >= 1)");
        }
        if (inputs.ndim() != 3 || inputs.dim(0) != b || inputs.dim(1) != t) {
            throw new ConfigException("inputs: shape " + inputs.shapeString() + " does not match targets "
                    + targets.shapeString() + " (allowed: (" + b + ", " + t + ", D_in))");
        }
        if (mask.ndim() != 2 || mask.dim(0) != b || mask.dim(1) != t) {
            throw new ConfigException("mask: shape " + mask.shapeString() + " does not match targets "
                    + targets.shapeString() + " (allowed: (" + b + ", " + t + "))");
        }
        double total = 0;
        for (double m : mask.data()) {
            if (m != 0.0 && m != 1.0) {
                throw new ConfigException("mask: value " + m + " is not allowed (allowed: 0 or 1)");
            }
            total += m;
        }
        if (total == 0) {
            throw new ConfigException("mask: all zero is not allowed (allowed: at least one training time point)");
        }
        for (NdArray a : new NdArray[]{inputs, targets}) {
            for (double v : a.data()) {
                if (!Double.isFinite(v)) {
                    throw new ConfigException((a == inputs ? "inputs" : "targets") + ": value " + v + " is not allowed (allowed: finite numbers)");
                }
            }
        }
    }

    /** Inputs with no target (a zero target, every point in the window): for simulation only. */
    public static TaskData inputsOnly(NdArray inputs) {
        int b = inputs.dim(0);
        int t = inputs.dim(1);
        NdArray mask = NdArray.zeros(b, t);
        java.util.Arrays.fill(mask.data(), 1.0);
        return new TaskData(inputs, NdArray.zeros(b, t, 1), mask);
    }

    public int trials() {
        return targets.dim(0);
    }

    public int steps() {
        return targets.dim(1);
    }

    public int inputDim() {
        return inputs.dim(2);
    }

    public int outputDim() {
        return targets.dim(2);
    }

    /** W = number of (trial, time) points in the training window; the loss is 1/(2W) sum mask |y - y*|^2. */
    public double maskCount() {
        double s = 0;
        for (double m : mask.data()) {
            s += m;
        }
        return s;
    }

    /** Mean over the training window of |y*|^2, the denominator of the normalized loss. */
    public double meanSquaredTarget() {
        int dOut = outputDim();
        double s = 0;
        double[] y = targets.data();
        double[] m = mask.data();
        for (int p = 0; p < m.length; p++) {
            for (int a = 0; a < dOut; a++) {
                s += m[p] * y[p * dOut + a] * y[p * dOut + a];
            }
        }
        return s / maskCount();
    }
}
